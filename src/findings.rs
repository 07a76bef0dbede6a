//! [`Finding`] (what was found and where, never the data) and [`Findings`] (per-kind counts).

use std::ops::Range;

use crate::Kind;

/// One piece of personal data found in an input: its kind, the rule that found it and
/// its byte range in the input. It never holds the data itself.
///
/// ```
/// use piiscrub::{Kind, Scrubber};
/// let found = Scrubber::default().find("mail bob@example.com now");
/// assert_eq!(found[0].kind, Kind::Email);
/// assert_eq!(found[0].range, 5..20);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Finding {
    /// What the data is.
    pub kind: Kind,
    /// The name of the rule that found it (`email`, `secret.jwt`, a custom name …).
    pub rule: String,
    /// Byte range in the input.
    pub range: Range<usize>,
}

/// Per-kind counts of findings: what audit logs and metrics may keep.
///
/// ```
/// use piiscrub::{Findings, Kind, Scrubber};
/// let mut counts = Findings::default();
/// Scrubber::default().scrub_str_counted("a@example.com b@example.com", &mut counts);
/// assert_eq!(counts.get(&Kind::Email), 2);
/// assert_eq!(counts.total(), 2);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Findings {
    builtin: [u64; Kind::BUILTIN.len()],
    custom: Vec<(String, u64)>,
    missing_key: u64,
}

impl Findings {
    /// Adds `n` findings of `kind`.
    pub fn add(&mut self, kind: &Kind, n: u64) {
        match kind.builtin_index() {
            Some(i) => self.builtin[i] += n,
            None => match self.custom.iter_mut().find(|(k, _)| k == kind.name()) {
                Some((_, c)) => *c += n,
                None => self.custom.push((kind.name().to_owned(), n)),
            },
        }
    }

    pub(crate) fn add_builtin_index(&mut self, i: usize) {
        self.builtin[i] += 1;
    }

    pub(crate) fn add_missing_key(&mut self) {
        self.missing_key += 1;
    }

    /// How many of the findings a keyed action (pseudonymize, encrypt) had to redact
    /// because there was no key (a tenant without one). They are counted under their
    /// kind too.
    pub fn missing_key(&self) -> u64 {
        self.missing_key
    }

    /// The count for one kind.
    pub fn get(&self, kind: &Kind) -> u64 {
        match kind.builtin_index() {
            Some(i) => self.builtin[i],
            None => self
                .custom
                .iter()
                .find(|(k, _)| k == kind.name())
                .map_or(0, |(_, c)| *c),
        }
    }

    /// The sum over all kinds.
    pub fn total(&self) -> u64 {
        self.builtin.iter().sum::<u64>() + self.custom.iter().map(|(_, c)| c).sum::<u64>()
    }

    /// True when nothing was counted.
    pub fn is_empty(&self) -> bool {
        self.total() == 0
    }

    /// Adds every count of `other` to these.
    pub fn merge(&mut self, other: &Findings) {
        for (a, b) in self.builtin.iter_mut().zip(other.builtin.iter()) {
            *a += b;
        }
        self.missing_key += other.missing_key;
        for (name, n) in &other.custom {
            self.add(&Kind::Custom(name.clone()), *n);
        }
    }

    /// The non-zero counts, built-in kinds first in [`Kind::BUILTIN`] order.
    pub fn iter(&self) -> impl Iterator<Item = (Kind, u64)> + '_ {
        Kind::BUILTIN
            .iter()
            .cloned()
            .zip(self.builtin.iter().copied())
            .chain(
                self.custom
                    .iter()
                    .map(|(k, c)| (Kind::Custom(k.clone()), *c)),
            )
            .filter(|(_, c)| *c > 0)
    }
}
