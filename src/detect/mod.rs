//! Detectors: each family contributes *candidate patterns* and *validators* to the
//! one-pass engine in [`crate::scan`].
//!
//! # The contract every detector keeps
//!
//! * A [`Pattern`] is a byte regex (compiled with Unicode off, so `\b`, `\d`, `\w`, `\s`
//!   are ASCII-only and `[\x80-\xFF]` matches raw bytes) that finds *candidates*. It
//!   never matches a `\n` and its match length is bounded by [`Pattern::max_len`].
//! * Its [`Validate`] function confirms a candidate (Luhn, mod-97, a real IP parser,
//!   a telling key …) and returns the span that holds the personal data: the whole
//!   match, or a part of it (the value after `phone=`), or, for secrets only, a span
//!   that runs past the match to the end of the value.
//! * A validator looks at the bytes of the same line only (for boundary checks
//!   before the start and after the end), so the streaming API sees what the one-shot
//!   API sees: where a run of whole lines is cut never changes a finding.
//! * A span never holds a `\n`, except a PEM private-key block's (`secrets::pem_span`).
//!   The streaming window rule (`src/stream/`) continues such a block past its buffer
//!   with the same end rule (`stream/span.rs` mirrors `pem_span`; change both together).
//! * No span swallows a PEM private-key BEGIN marker: [`confirm`] cuts every validated
//!   span before one (or runs it to the block's end when it starts with one), for every
//!   detector, custom ones included. A hidden marker would leave the block's body lines
//!   unfound.
//! * A line longer than the window is scanned in pieces; candidates are bounded by
//!   `max_len` (custom ones by 4 KiB), well inside the window's 8 KiB guard.
//! * A built-in pattern carries a [`Trigger`]: a small regex that matches inside every
//!   match of the pattern (its key alternation, literal prefix or digit structure). The
//!   engine searches the pattern's group only around trigger hits, so a trigger that
//!   misses a match loses findings; the reference engine ignores triggers and the
//!   differential tests compare the two.
//! * Patterns are tried in the global priority order of [`PRIORITY`]; at one start
//!   position the first pattern whose validator accepts wins, and scanning resumes at
//!   the end of its span.

pub(crate) mod card;
pub(crate) mod context;
pub(crate) mod custom;
pub(crate) mod email;
pub(crate) mod iban;
pub(crate) mod ids;
pub(crate) mod ip;
pub(crate) mod mac;
pub(crate) mod phone;
pub(crate) mod secrets;
pub(crate) mod ssn;
mod trie;
pub(crate) mod vin;

use std::ops::Range;

pub use context::ContextLists;

use crate::Kind;

/// A candidate as the engine hands it to a validator.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate<'h> {
    /// The whole input being scanned.
    pub(crate) hay: &'h [u8],
    /// Start of the regex match.
    pub(crate) start: usize,
    /// End of the regex match (exclusive).
    pub(crate) end: usize,
    /// The policy's context lists and detector switches.
    pub(crate) opts: &'h DetectOptions,
}

impl<'h> Candidate<'h> {
    /// The matched bytes.
    pub(crate) fn bytes(&self) -> &'h [u8] {
        &self.hay[self.start..self.end]
    }
    /// The byte just before the match, if any (and not across a line break).
    pub(crate) fn before(&self) -> Option<u8> {
        self.start
            .checked_sub(1)
            .map(|i| self.hay[i])
            .filter(|&b| b != b'\n')
    }
    /// The byte just after the match, if any (and not across a line break).
    pub(crate) fn after(&self) -> Option<u8> {
        self.hay.get(self.end).copied().filter(|&b| b != b'\n')
    }
}

/// Confirms a candidate; returns the span of personal data, or `None` to reject it.
pub(crate) type Validate = fn(&Candidate<'_>) -> Option<Range<usize>>;

/// Runs `validate` on a candidate, then the one rule every finding keeps: its span never
/// swallows a PEM private-key BEGIN marker ([`secrets::around_pem`]). Both engines
/// confirm candidates here.
pub(crate) fn confirm(validate: Validate, cand: &Candidate<'_>) -> Option<Range<usize>> {
    let span = validate(cand)?;
    Some(secrets::around_pem(cand.hay, span))
}

/// One candidate pattern of a detector.
#[derive(Clone)]
pub(crate) struct Pattern {
    /// The kind reported for findings of this pattern.
    pub(crate) kind: Kind,
    /// The rule name reported in findings, e.g. `"email"`, `"secret.jwt"`.
    pub(crate) rule: String,
    /// The candidate regex (bytes, Unicode off, no `\n`, bounded).
    pub(crate) regex: String,
    /// Upper bound of the regex's match length in bytes.
    pub(crate) max_len: usize,
    /// Confirms a candidate and gives the span.
    pub(crate) validate: Validate,
    /// What every match of `regex` holds: lets the engine search only around it.
    pub(crate) trigger: Option<Trigger>,
}

/// A small regex that matches inside *every* match of its pattern's regex (a key
/// alternation, a literal prefix, a digit structure). The engine finds all triggers
/// in one pass of two small DFAs ([`crate::trigger`]) and searches the pattern's group
/// only in windows of `max_len` bytes around them. A trigger that misses a match would
/// lose findings: the differential tests compare against the reference engine, which
/// ignores triggers.
#[derive(Clone, Debug)]
pub(crate) struct Trigger {
    /// The trigger regex (same syntax as [`Pattern::regex`]; of look-around, only `\b`).
    pub(crate) regex: String,
    /// Which trigger DFA it joins.
    pub(crate) bank: Bank,
}

/// The two trigger DFAs: names and literals in one, digit structures in the other.
/// Apart they stay small (≈ 1 MB and 2 MB); together their states multiply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Bank {
    /// Key names, phrases, literal token prefixes, IBAN openings.
    Words,
    /// Digit and hex structures: IPs, MACs, cards, SSNs, phone formats.
    Shapes,
}

/// A candidate or trigger regex parsed as the engines parse it (bytes, Unicode off):
/// for its match lengths and first bytes.
pub(crate) fn parse(regex: &str) -> Option<regex_syntax::hir::Hir> {
    regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(regex)
        .ok()
}

/// A trigger of the [`Bank::Words`] DFA.
pub(crate) fn words(regex: impl Into<String>) -> Option<Trigger> {
    Some(Trigger {
        regex: regex.into(),
        bank: Bank::Words,
    })
}

/// A trigger of the [`Bank::Shapes`] DFA.
pub(crate) fn shapes(regex: impl Into<String>) -> Option<Trigger> {
    Some(Trigger {
        regex: regex.into(),
        bank: Bank::Shapes,
    })
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pattern")
            .field("kind", &self.kind)
            .field("rule", &self.rule)
            .field("max_len", &self.max_len)
            .finish_non_exhaustive()
    }
}

/// Settings the detectors read: context word lists and switches.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct DetectOptions {
    /// Key names and phrases that make bare values personal data.
    pub(crate) lists: ContextLists,
    /// Redact every UUID, not only those in an identifier context.
    pub(crate) uuid_everywhere: bool,
}

/// A scrubber with only `kind`'s detector, redacting: what detector unit tests use.
#[cfg(test)]
pub(crate) fn only(kind: Kind) -> crate::Scrubber {
    crate::ScrubberBuilder::empty()
        .kind(kind, crate::Action::redact())
        .build()
        .expect("a built-in kind compiles")
}

/// The ASCII digits of `bytes`, gathered on the stack (validators run on every
/// candidate, and most candidates are rejected: they allocate nothing); `None` when
/// there are more than `N`.
pub(crate) fn digits_of<const N: usize>(bytes: &[u8]) -> Option<([u8; N], usize)> {
    let mut digits = [0u8; N];
    let mut n = 0;
    for &b in bytes.iter().filter(|b| b.is_ascii_digit()) {
        *digits.get_mut(n)? = b;
        n += 1;
    }
    Some((digits, n))
}

/// A validator that accepts the whole match.
pub(crate) fn accept_all(c: &Candidate<'_>) -> Option<Range<usize>> {
    Some(c.start..c.end)
}

/// The candidate patterns of one built-in kind, in their priority order.
pub(crate) fn builtin_patterns(kind: &Kind, opts: &DetectOptions) -> Vec<Pattern> {
    match kind {
        Kind::Email => email::patterns(opts),
        Kind::Ipv4 => ip::patterns_v4(opts),
        Kind::Ipv6 => ip::patterns_v6(opts),
        Kind::Mac => mac::patterns(opts),
        Kind::Card => card::patterns(opts),
        Kind::Iban => iban::patterns(opts),
        Kind::Phone => phone::patterns(opts),
        Kind::Ssn => ssn::patterns(opts),
        Kind::Uuid => ids::patterns_uuid(opts),
        Kind::Imei => ids::patterns_imei(opts),
        Kind::Secret => secrets::patterns(opts),
        Kind::Vin => vin::patterns(opts),
        Kind::Custom(_) => Vec::new(),
    }
}

/// Global priority of built-in kinds at one start position: what covers more comes first
/// (a `key=value` secret covers its value; an e-mail covers digits in its local part;
/// context-keyed ids cover their value; an IPv6 covers an embedded IPv4).
pub(crate) const PRIORITY: [Kind; 11] = [
    Kind::Secret,
    Kind::Email,
    Kind::Uuid,
    Kind::Imei,
    Kind::Iban,
    Kind::Ipv6,
    Kind::Mac,
    Kind::Ipv4,
    Kind::Card,
    Kind::Ssn,
    Kind::Phone,
];
