//! A group's regex, searched *relaxed*: counted repetitions with a large upper bound
//! (`[a-z.]{0,251}`) are searched without it (`[a-z.]{0,}`), and the bound is checked
//! on what is found.
//!
//! # Why
//!
//! The lazy DFA of `x{0,251}` keeps one state per count it has seen, and an unanchored
//! search runs a count for every start at once: almost every e-mail address or long
//! value makes new states. Building them is most of what a first pass over a log costs
//! (the e-mail group alone: 12 instructions a byte of input, 9 of them building states;
//! relaxed: 2.3). `x{0,}` is one state.
//!
//! # Why it is exact
//!
//! Let `R'` be `R` with some upper bounds dropped. Every match of `R` is one of `R'`
//! (the same path), and among the paths of `R` the priority order of `R'` is `R`'s (a
//! greedy repetition prefers one more iteration in both). So when the leftmost-first
//! match of `R'` (pattern `p`, starting at `s`) took a path within `R`'s bounds, no
//! pattern of `R` matches before `s`, none of higher priority matches at `s`, and `p`'s
//! best path at `s` is that one: it is `R`'s match too. A relaxed repetition whose body
//! matches at least `k` bytes iterates at most `len / k` times in a match of `len`
//! bytes, so a match no longer than `max × k` (for each relaxed repetition of its
//! pattern) is within bounds. A longer one is searched again with `R` itself.

use regex_automata::util::syntax;
use regex_automata::{meta, Input, Match};
use regex_syntax::hir::{Capture, Hir, HirKind, Repetition};

/// Upper bounds from this size on are dropped. Smaller ones cost few states, and
/// relaxing them sends more matches to the exact search: dropping the 16 to 32 bounds
/// too (key tails, phone runs, card and IBAN digits) made the first pass over 10 MB of
/// sparse logs dearer (348 M instructions against 336 M); the e-mail bounds (45 to
/// 251) pay.
const RELAX_FROM: u32 = 40;

/// A group's patterns, compiled exact and (when that differs) relaxed.
pub(crate) struct GroupRegex {
    exact: meta::Regex,
    /// The relaxed regex and, per pattern, the longest match it may return as-is.
    relaxed: Option<(meta::Regex, Vec<usize>)>,
}

/// Why a group's regex did not compile: which pattern (when known) and the message.
pub(crate) struct CompileError {
    pub(crate) pattern: Option<usize>,
    pub(crate) message: String,
}

impl GroupRegex {
    /// Parses and compiles `sources` (in priority order) with `config`.
    pub(crate) fn new(
        sources: &[&str],
        syntax: &syntax::Config,
        config: meta::Config,
    ) -> Result<GroupRegex, CompileError> {
        let hirs = sources
            .iter()
            .enumerate()
            .map(|(i, s)| {
                syntax::parse_with(s, syntax).map_err(|e| CompileError {
                    pattern: Some(i),
                    message: e.to_string(),
                })
            })
            .collect::<Result<Vec<Hir>, _>>()?;
        let build = |hirs: &[Hir]| {
            meta::Regex::builder()
                .configure(config.clone())
                .build_many_from_hir(hirs)
                .map_err(|e| CompileError {
                    pattern: e.pattern().map(|p| p.as_usize()),
                    message: e.to_string(),
                })
        };
        let exact = build(&hirs)?;
        let (loose, limits): (Vec<Hir>, Vec<usize>) = hirs.iter().map(relax).unzip();
        let relaxed = if limits.iter().all(|&l| l == usize::MAX) {
            None
        } else {
            Some((build(&loose)?, limits))
        };
        Ok(GroupRegex { exact, relaxed })
    }

    /// The leftmost-first match of the exact patterns in `input`.
    pub(crate) fn search(&self, input: &Input<'_>) -> Option<Match> {
        let Some((relaxed, limits)) = &self.relaxed else {
            return self.exact.search(input);
        };
        let m = relaxed.search(input)?;
        let limit = limits.get(m.pattern().as_usize()).copied().unwrap_or(0);
        if m.len() <= limit {
            Some(m)
        } else {
            // Possibly outside a bound: the exact regex decides (rare, see the module).
            self.exact.search(input)
        }
    }
}

/// `hir` with the large upper bounds dropped, and the longest match of the result that
/// is certainly within them (`usize::MAX` when nothing was dropped).
fn relax(hir: &Hir) -> (Hir, usize) {
    let mut limit = usize::MAX;
    let out = walk(hir, &mut limit);
    (out, limit)
}

fn walk(hir: &Hir, limit: &mut usize) -> Hir {
    match hir.kind() {
        HirKind::Repetition(r) => {
            let sub = walk(&r.sub, limit);
            let shortest = r.sub.properties().minimum_len().unwrap_or(0);
            let max = match r.max {
                // A body that can match empty gives no bound on the count, and an exact
                // count (`x{64}`) has no range of counts to drop: both kept as they are.
                Some(max) if max >= RELAX_FROM && r.min < max && shortest > 0 => {
                    *limit = (*limit).min((max as usize).saturating_mul(shortest));
                    None
                }
                max => max,
            };
            Hir::repetition(Repetition {
                min: r.min,
                max,
                greedy: r.greedy,
                sub: Box::new(sub),
            })
        }
        HirKind::Concat(parts) => Hir::concat(parts.iter().map(|h| walk(h, limit)).collect()),
        HirKind::Alternation(parts) => {
            Hir::alternation(parts.iter().map(|h| walk(h, limit)).collect())
        }
        HirKind::Capture(c) => Hir::capture(Capture {
            index: c.index,
            name: c.name.clone(),
            sub: Box::new(walk(&c.sub, limit)),
        }),
        _ => hir.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::{Anchored, PatternID};

    fn compile(sources: &[&str]) -> GroupRegex {
        let syntax = syntax::Config::new().unicode(false).utf8(false);
        GroupRegex::new(sources, &syntax, meta::Config::new().utf8_empty(false))
            .unwrap_or_else(|e| panic!("compiles: {}", e.message))
    }

    fn find(g: &GroupRegex, hay: &str) -> Option<(usize, usize, usize)> {
        g.search(&Input::new(hay))
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
    }

    fn limit_of(regex: &str) -> usize {
        let syntax = syntax::Config::new().unicode(false).utf8(false);
        relax(&syntax::parse_with(regex, &syntax).expect("parses")).1
    }

    #[test]
    fn only_large_bounds_of_non_empty_bodies_are_dropped() {
        assert_eq!(limit_of("a{0,8}b"), usize::MAX);
        assert_eq!(limit_of("a{0,39}b{64}"), usize::MAX);
        assert_eq!(limit_of("[a-z]{0,127}@"), 127);
        // A body of two bytes iterates at most 45 times in 90 bytes.
        assert_eq!(limit_of("(?:ab){1,45}x[0-9]{16,100}"), 90);
        // `(?:a?){0,40}` can iterate without consuming: its count is unbounded by length.
        assert_eq!(limit_of("(?:a?){0,40}"), usize::MAX);
        assert_eq!(limit_of(r"(?:\b[a-z]){0,40}"), 40);
    }

    #[test]
    fn a_match_past_a_bound_is_the_exact_regexs() {
        let g = compile(&["[a-z]{0,40}@x", "[0-9]+"]);
        assert!(g.relaxed.is_some());
        let long = format!("{}@x", "a".repeat(50));
        // Exact: the last 40 letters; relaxed would take all 50.
        assert_eq!(find(&g, &long), Some((0, 10, 52)));
        assert_eq!(find(&g, "  abc@x"), Some((0, 2, 7)));
        assert_eq!(find(&g, "12 ab@x"), Some((1, 0, 2)));
        assert_eq!(find(&g, "none"), None);
    }

    #[test]
    fn relaxed_and_exact_agree_on_every_short_haystack() {
        // Bounds small enough to reach, on haystacks of every shape over a tiny alphabet.
        let sources = [r"\b[ab]{2,40}c", "[a.]{0,41}b{1,3}", "c[ab.]{40,42}"];
        let g = compile(&sources);
        let syntax = syntax::Config::new().unicode(false).utf8(false);
        let exact = meta::Regex::builder()
            .syntax(syntax)
            .configure(meta::Config::new().utf8_empty(false))
            .build_many(&sources)
            .expect("compiles");
        // xorshift64: deterministic haystacks of runs of `a`/`b` (0 to 59 long, so the
        // bounds are reached and passed) between single `.`, `c` or ` `.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let (relaxed, limits) = g.relaxed.as_ref().expect("bounds of 40 and more");
        let mut past_a_bound = 0;
        for _ in 0..3000 {
            let mut hay = Vec::new();
            for _ in 0..next(4) + 1 {
                for _ in 0..next(60) {
                    hay.push(b"ab"[next(2) as usize]);
                }
                hay.push(b".c "[next(3) as usize]);
            }
            for at in [0, hay.len() / 3] {
                let input = Input::new(&hay).range(at..);
                assert_eq!(g.search(&input), exact.search(&input), "{hay:?} at {at}");
                if let Some(m) = relaxed.search(&input) {
                    past_a_bound += usize::from(m.len() > limits[m.pattern().as_usize()]);
                }
                // The engine's fallback searches: one pattern, anchored where it is.
                for q in 0..sources.len() {
                    let one = Anchored::Pattern(PatternID::new_unchecked(q));
                    let input = input.clone().anchored(one);
                    assert_eq!(
                        g.search(&input),
                        exact.search(&input),
                        "{hay:?} at {at}, {q}"
                    );
                }
            }
        }
        // The exact search was needed often enough to be tested.
        assert!(past_a_bound > 100, "{past_a_bound}");
    }
}
