//! Reach: how far before and after a trigger hit the pattern match holding it can lie.
//!
//! The loose bound needs nothing but lengths: a match of at most `L` bytes holding a
//! trigger match of at least `m` bytes that ends at `t` lies in `[t - L, t - m + L]`.
//! When the trigger is written *into* the pattern (its parts are a run of the
//! pattern's top-level concatenation: `A · T · B`), the bound is tighter: the trigger
//! part of every match ends at `t`, so the match starts at most `|A| + |T|` bytes
//! before `t` and ends at most `|B|` bytes after it. A key before a value (`A` empty)
//! or a shape at the end of a pattern (`B` empty) then opens a window on one side only.
//! This is read off the parsed patterns, never claimed by hand.

use regex_syntax::hir::{Hir, HirKind};

/// `(back, ahead)`: every match `[s, e)` of `pattern` holds a match of `trigger` that
/// ends at some `t` with `s >= t - back` and `e <= t + ahead`. `longest` is the most
/// bytes a match of `pattern` spans. `None` when a regex does not parse.
pub(crate) fn reach(pattern: &str, trigger: &str, longest: usize) -> Option<(usize, usize)> {
    let t = crate::detect::parse(trigger)?;
    let shortest = t.properties().minimum_len()?;
    let loose = (longest, longest - shortest.min(longest));
    let p = crate::detect::parse(pattern)?;
    Some(placed(&p, &t).map_or(loose, |(b, a)| (b.min(loose.0), a.min(loose.1))))
}

/// The top-level parts of a regex: a concatenation's elements, or the regex itself.
fn parts(h: &Hir) -> &[Hir] {
    match h.kind() {
        HirKind::Concat(v) => v,
        _ => std::slice::from_ref(h),
    }
}

/// The tightest `(back, ahead)` over the places where `t`'s parts are a run of `p`'s.
fn placed(p: &Hir, t: &Hir) -> Option<(usize, usize)> {
    let (ps, ts) = (parts(p), parts(t));
    let (last, head) = ts.split_last()?;
    let t_max = t.properties().maximum_len()?;
    let mut best: Option<(usize, usize)> = None;
    for i in 0..=ps.len().checked_sub(ts.len())? {
        let at = i + head.len();
        if ps[i..at] != *head {
            continue;
        }
        // What of the pattern part `ps[at]` can follow the trigger's last part.
        let Some(rest) = rest_after(&ps[at], last) else {
            continue;
        };
        let (Some(before), Some(after)) = (max_len(&ps[..i]), max_len(&ps[at + 1..])) else {
            continue;
        };
        let (back, ahead) = (before + t_max, rest + after);
        if best.is_none_or(|(b, a)| back + ahead < b + a) {
            best = Some((back, ahead));
        }
    }
    best
}

/// The most bytes of a match of pattern part `part` after a match of trigger part
/// `last` at its start: none when they are the same; for a repetition `x{n}` inside
/// `x{k,..}` with `k >= n`, what the remaining repetitions can add.
fn rest_after(part: &Hir, last: &Hir) -> Option<usize> {
    if part == last {
        return Some(0);
    }
    let (HirKind::Repetition(pr), HirKind::Repetition(tr)) = (part.kind(), last.kind()) else {
        return None;
    };
    if pr.sub != tr.sub || tr.max != Some(tr.min) || pr.min < tr.min {
        return None;
    }
    let part_max = part.properties().maximum_len()?;
    Some(part_max - last.properties().minimum_len()?.min(part_max))
}

/// The longest match of a run of parts; `None` when unbounded.
fn max_len(parts: &[Hir]) -> Option<usize> {
    parts.iter().try_fold(0usize, |sum, h| {
        sum.checked_add(h.properties().maximum_len()?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn longest(p: &str) -> usize {
        crate::detect::parse(p)
            .and_then(|h| h.properties().maximum_len())
            .expect("bounded")
    }

    fn of(p: &str, t: &str) -> (usize, usize) {
        reach(p, t, longest(p)).expect("parses")
    }

    #[test]
    fn a_trigger_apart_from_its_pattern_gets_the_loose_bound() {
        // `bcbc` lies inside every match, but not as a run of its parts.
        assert_eq!(of("a(?:bc){4}", "bcbc"), (9, 5));
    }

    #[test]
    fn a_leading_key_opens_its_window_ahead_only() {
        // `<?` then the key: the match starts at most `<` plus the trigger's longest
        // before the trigger's end; after the whole key-and-separator trigger, nothing.
        let p = "<?(?i:pass|pw)[ ]{0,8}[:=]";
        assert_eq!(of(p, "(?i:pass|pw)[ ]{0,8}[:=]"), (1 + 4 + 8 + 1, 0));
        assert_eq!(of(p, "(?i:pass|pw)"), (1 + 4, 9));
    }

    #[test]
    fn a_trailing_shape_opens_its_window_behind_only() {
        let p = r"(?i:id)[=:][0-9a-f]{8}-[0-9a-f]{4}\b";
        assert_eq!(of(p, r"-[0-9a-f]{4}\b"), (longest(p), 0));
    }

    #[test]
    fn a_repetition_prefix_counts_what_may_follow_it() {
        // `[0-9]{2}` is the start of `[0-9]{2,5}`: up to 3 more digits and the `x`.
        assert_eq!(of("abc[0-9]{2,5}x", "[0-9]{2}"), (3 + 2, 3 + 1));
        // Fewer repetitions in the pattern than in the trigger: no proof, loose bound.
        assert_eq!(of("abc[0-9]{1,5}x", "[0-9]{2}"), (9, 7));
    }

    #[test]
    fn the_tighter_of_two_places_wins_and_never_exceeds_the_loose_bound() {
        let p = "ab[0-9]{40}ab";
        assert_eq!(of(p, "ab"), (2, 42));
        assert_eq!(reach("ab", "ab", 1), Some((1, 0)));
    }
}
