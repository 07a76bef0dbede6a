//! The reference engine (cargo feature `reference`): the oracle the engine of
//! [`scan`](crate::scan) is tested and fuzzed against.
//!
//! It applies the documented overlap rules in the most direct way there is: at every
//! byte, left to right, it tries each pattern *alone*, anchored there, in priority
//! order; the first candidate its validator accepts is the finding, and the search
//! goes on after it. No groups, no merge, no line gates, no first-byte filters, no
//! fallback bookkeeping: everything the real engine does to be fast is absent, so a
//! mistake in it shows up as a disagreement. It is slow (every pattern at every byte):
//! meant for tests and fuzzing, never for production.
//!
//! The validators (`src/detect/`) are shared: they decide what a candidate *is*; the
//! reference checks how candidates are *found and combined*.

use regex_automata::{meta, util::syntax, Anchored, Input};

use crate::detect::{confirm, Candidate, DetectOptions, Pattern, Validate};
use crate::error::Error;
use crate::scan::Hit;

/// One pattern, compiled on its own.
struct Single {
    regex: meta::Regex,
    rule: usize,
    validate: Validate,
}

/// The reference engine of a policy: its patterns in priority order.
pub(crate) struct Reference {
    patterns: Vec<Single>,
    opts: DetectOptions,
}

impl std::fmt::Debug for Reference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reference")
            .field("patterns", &self.patterns.len())
            .finish_non_exhaustive()
    }
}

impl Reference {
    /// Compiles `(rule index, pattern)` pairs given in priority order (the order the
    /// engine gets them in; the index in this list is the pattern's global index).
    pub(crate) fn new(
        patterns: &[(usize, Pattern)],
        opts: DetectOptions,
    ) -> Result<Reference, Error> {
        let patterns = patterns
            .iter()
            .map(|(rule, p)| {
                let regex = meta::Regex::builder()
                    .syntax(syntax::Config::new().unicode(false).utf8(false))
                    .configure(meta::Config::new().utf8_empty(false))
                    .build(&p.regex)
                    .map_err(|e| Error::policy(format!("rule `{}`: {e}", p.rule)))?;
                Ok(Single {
                    regex,
                    rule: *rule,
                    validate: p.validate,
                })
            })
            .collect::<Result<_, Error>>()?;
        Ok(Reference { patterns, opts })
    }

    /// Calls `on_hit` for every finding in `hay`, left to right, never overlapping.
    pub(crate) fn scan(&self, hay: &[u8], mut on_hit: impl FnMut(Hit)) {
        // `at`: where the previous finding ended; nothing may start before it.
        let mut at = 0;
        let mut pos = 0;
        while pos < hay.len() {
            match self.finding_at(hay, pos) {
                Some(mut hit) => {
                    let next = hit.span.end.max(pos + 1);
                    // A span reaching back before the previous finding is clamped.
                    hit.span.start = hit.span.start.max(at);
                    if !hit.span.is_empty() {
                        on_hit(hit);
                    }
                    at = next;
                    pos = next;
                }
                None => pos += 1,
            }
        }
    }

    /// The first pattern, in priority order, whose candidate starting at `pos` its
    /// validator accepts.
    fn finding_at(&self, hay: &[u8], pos: usize) -> Option<Hit> {
        self.patterns.iter().enumerate().find_map(|(index, p)| {
            let input = Input::new(hay).range(pos..).anchored(Anchored::Yes);
            let m = p.regex.search(&input)?;
            let cand = Candidate {
                hay,
                start: pos,
                end: m.end(),
                opts: &self.opts,
            };
            let span = confirm(p.validate, &cand)?;
            (span.start < span.end && span.end <= hay.len()).then_some(Hit {
                rule: p.rule,
                pattern: index,
                span,
            })
        })
    }
}
