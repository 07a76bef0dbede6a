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
    pub(crate) fn new(patterns: Vec<(usize, Pattern)>, opts: DetectOptions) -> Result<Engine, Error> {
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
                let fallback = (pid + 1..self.slots.len()).find_map(|q| {
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
