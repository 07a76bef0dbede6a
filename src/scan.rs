//! The one-pass engine: every candidate pattern of every rule is compiled into one
//! multi-pattern regex; one forward search finds the leftmost candidate, its validator
//! confirms it, and the scan resumes after it.
//!
//! # Overlaps
//!
//! * The leftmost candidate wins: a finding never starts inside an earlier finding.
//! * At one start position, patterns are tried in priority order (see
//!   [`crate::detect::PRIORITY`]); the first one its validator accepts wins. A rejected
//!   candidate does not hide the others: lower-priority patterns are tried at the same
//!   position (anchored), then the scan moves on by one byte.
//! * A finding's span may cover more than its regex match (a secret value runs to its
//!   end): whatever lies inside it is part of it.
//!
//! Time is linear: every regex search is linear in what it reads, and a rejected
//! candidate advances the scan by at least one byte while candidates are bounded in
//! length.

use std::ops::Range;

use regex_automata::{meta, util::syntax, Anchored, Input, PatternID};

use crate::detect::{Candidate, DetectOptions, Pattern, Validate};
use crate::error::Error;

/// A confirmed finding: the index of its rule and its byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hit {
    pub(crate) rule: usize,
    pub(crate) span: Range<usize>,
}

struct Slot {
    rule: usize,
    validate: Validate,
    /// The bytes a match of this pattern can start with: a rejected candidate only
    /// re-tries the patterns that can start at its first byte.
    first: FirstBytes,
}

/// The compiled candidate patterns of a policy.
pub(crate) struct Engine {
    regex: Option<meta::Regex>,
    slots: Vec<Slot>,
    opts: DetectOptions,
    max_len: usize,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("patterns", &self.slots.len())
            .field("max_len", &self.max_len)
            .finish_non_exhaustive()
    }
}

/// Upper bound of the compiled regex size: keeps a huge dictionary from eating memory.
const SIZE_LIMIT: usize = 256 << 20;

impl Engine {
    /// Compiles `(rule index, pattern)` pairs given in priority order.
    pub(crate) fn new(
        patterns: Vec<(usize, Pattern)>,
        opts: DetectOptions,
    ) -> Result<Engine, Error> {
        let max_len = patterns.iter().map(|(_, p)| p.max_len).max().unwrap_or(0);
        let regex = if patterns.is_empty() {
            None
        } else {
            let sources: Vec<&str> = patterns.iter().map(|(_, p)| p.regex.as_str()).collect();
            let re = meta::Regex::builder()
                .syntax(syntax::Config::new().unicode(false).utf8(false))
                .configure(
                    meta::Config::new()
                        .utf8_empty(false)
                        .nfa_size_limit(Some(SIZE_LIMIT))
                        .hybrid_cache_capacity(8 << 20),
                )
                .build_many(&sources)
                .map_err(|e| {
                    let which = e
                        .pattern()
                        .and_then(|pid| patterns.get(pid.as_usize()))
                        .map_or_else(String::new, |(_, p)| format!(" in rule `{}`", p.rule));
                    Error::policy(format!("cannot compile the detectors{which}: {e}"))
                })?;
            Some(re)
        };
        let slots = patterns
            .into_iter()
            .map(|(rule, p)| Slot {
                rule,
                validate: p.validate,
                first: FirstBytes::of(&p.regex),
            })
            .collect();
        Ok(Engine {
            regex,
            slots,
            opts,
            max_len,
        })
    }

    /// The longest candidate any pattern can match, in bytes.
    pub(crate) fn max_len(&self) -> usize {
        self.max_len
    }

    /// Calls `on_hit` for every finding in `hay`, left to right, never overlapping.
    pub(crate) fn scan(&self, hay: &[u8], mut on_hit: impl FnMut(Hit)) {
        let Some(re) = &self.regex else { return };
        let mut at = 0;
        while at < hay.len() {
            let Some(m) = re.search(&Input::new(hay).range(at..)) else {
                return;
            };
            let start = m.start();
            let mut next = start + 1;
            let (mut pid, mut end) = (m.pattern().as_usize(), m.end());
            loop {
                let slot = &self.slots[pid];
                let cand = Candidate {
                    hay,
                    start,
                    end,
                    opts: &self.opts,
                };
                if let Some(span) = (slot.validate)(&cand) {
                    if span.start >= at && span.start < span.end && span.end <= hay.len() {
                        next = span.end.max(start + 1);
                        on_hit(Hit {
                            rule: slot.rule,
                            span,
                        });
                        break;
                    }
                }
                // Rejected: the next pattern in priority order that matches here.
                let first = hay[start];
                let fallback = (pid + 1..self.slots.len()).find_map(|q| {
                    if !self.slots[q].first.contains(first) {
                        return None;
                    }
                    let input = Input::new(hay)
                        .range(start..)
                        .anchored(Anchored::Pattern(PatternID::new_unchecked(q)));
                    re.search(&input)
                });
                match fallback {
                    Some(m2) => (pid, end) = (m2.pattern().as_usize(), m2.end()),
                    None => break,
                }
            }
            at = next;
        }
    }
}

/// A set of bytes: those a pattern's matches can start with.
#[derive(Clone)]
struct FirstBytes([u64; 4]);

impl FirstBytes {
    const ALL: FirstBytes = FirstBytes([u64::MAX; 4]);

    fn contains(&self, b: u8) -> bool {
        self.0[usize::from(b >> 6)] & (1 << (b & 63)) != 0
    }

    fn insert_range(&mut self, lo: u8, hi: u8) {
        for b in lo..=hi {
            self.0[usize::from(b >> 6)] |= 1 << (b & 63);
        }
    }

    fn union(&mut self, other: &FirstBytes) {
        for (a, b) in self.0.iter_mut().zip(other.0.iter()) {
            *a |= b;
        }
    }

    /// The first bytes of `pattern`, parsed as the engine parses it; every byte when
    /// the pattern cannot be analysed (that only costs speed, never correctness).
    fn of(pattern: &str) -> FirstBytes {
        let parsed = regex_syntax::ParserBuilder::new()
            .unicode(false)
            .utf8(false)
            .build()
            .parse(pattern);
        match parsed {
            Ok(hir) => match first_of(&hir) {
                (set, false) => set,
                (_, true) => FirstBytes::ALL,
            },
            Err(_) => FirstBytes::ALL,
        }
    }
}

/// First bytes of `hir`, and whether it can match the empty string.
fn first_of(hir: &regex_syntax::hir::Hir) -> (FirstBytes, bool) {
    use regex_syntax::hir::{Class, HirKind};
    let mut set = FirstBytes([0; 4]);
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => (set, true),
        HirKind::Literal(lit) => match lit.0.first() {
            Some(&b) => {
                set.insert_range(b, b);
                (set, false)
            }
            None => (set, true),
        },
        HirKind::Class(Class::Bytes(c)) => {
            for r in c.ranges() {
                set.insert_range(r.start(), r.end());
            }
            (set, false)
        }
        HirKind::Class(Class::Unicode(c)) => {
            for r in c.ranges() {
                let (lo, hi) = (u32::from(r.start()), u32::from(r.end()));
                if lo < 0x80 {
                    set.insert_range(lo as u8, hi.min(0x7F) as u8);
                }
                if hi >= 0x80 {
                    // Any UTF-8 lead byte: conservative is enough.
                    set.insert_range(0xC0, 0xFF);
                }
            }
            (set, false)
        }
        HirKind::Repetition(r) => {
            let (s, nullable) = first_of(&r.sub);
            (s, nullable || r.min == 0)
        }
        HirKind::Capture(c) => first_of(&c.sub),
        HirKind::Concat(hs) => {
            for h in hs {
                let (s, nullable) = first_of(h);
                set.union(&s);
                if !nullable {
                    return (set, false);
                }
            }
            (set, true)
        }
        HirKind::Alternation(hs) => {
            let mut any_nullable = false;
            for h in hs {
                let (s, nullable) = first_of(h);
                set.union(&s);
                any_nullable |= nullable;
            }
            (set, any_nullable)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Kind;

    fn reject(_: &Candidate<'_>) -> Option<Range<usize>> {
        None
    }
    fn accept(c: &Candidate<'_>) -> Option<Range<usize>> {
        Some(c.start..c.end)
    }
    fn pat(regex: &str, validate: Validate) -> Pattern {
        Pattern {
            kind: Kind::Custom("t".into()),
            rule: "t".into(),
            regex: regex.into(),
            max_len: 16,
            validate,
        }
    }
    fn hits(engine: &Engine, hay: &str) -> Vec<(usize, Range<usize>)> {
        let mut v = Vec::new();
        engine.scan(hay.as_bytes(), |h| v.push((h.rule, h.span)));
        v
    }

    #[test]
    fn rejected_candidate_falls_back_to_lower_priority_at_same_start() {
        let e = Engine::new(
            vec![(0, pat("[0-9]{4,8}", reject)), (1, pat("[0-9]{2}", accept))],
            DetectOptions::default(),
        )
        .unwrap();
        // At each start the first pattern is rejected, the second accepted.
        assert_eq!(
            hits(&e, "x 123456 y"),
            vec![(1, 2..4), (1, 4..6), (1, 6..8)]
        );
    }

    #[test]
    fn fallback_skips_patterns_that_cannot_start_here() {
        let e = Engine::new(
            vec![
                (0, pat("a[0-9]{2}", reject)),
                (1, pat("b[0-9]", accept)),
                (2, pat("a[0-9]", accept)),
            ],
            DetectOptions::default(),
        )
        .unwrap();
        assert_eq!(hits(&e, "a12 b3"), vec![(2, 0..2), (1, 4..6)]);
        assert!(!FirstBytes::of("b[0-9]").contains(b'a'));
        assert!(FirstBytes::of("(?i)b").contains(b'B'));
        assert!(FirstBytes::of("x?y").contains(b'y'));
    }

    #[test]
    fn no_patterns_no_hits() {
        let e = Engine::new(Vec::new(), DetectOptions::default()).unwrap();
        assert!(hits(&e, "anything").is_empty());
    }
}
