//! Actions compiled for the hot path: each turns a found span into its replacement.
//!
//! A replacement that equals the original (an IP that is already its own truncation)
//! is [`Replacement::Same`]: nothing changes and nothing is counted, so scrubbed output
//! scrubs to itself.

mod encrypt;
mod mask;
pub(crate) mod pseudonymize;
mod truncate;

use crate::error::Error;
use crate::generalize::Generalized;
use crate::{Action, Generalization, Key, Kind};

pub(crate) use encrypt::IpEncrypter;
pub(crate) use pseudonymize::base32_lower;
use pseudonymize::Pseudonymizer;
pub(crate) use truncate::{parse_v4_lenient, truncate_ip};

/// An action ready to apply.
#[derive(Debug, Clone)]
pub(crate) enum CompiledAction {
    Redact(Box<[u8]>),
    Mask {
        keep_first: usize,
        keep_last: usize,
        mask_char: char,
    },
    Truncate {
        v4_prefix: u8,
        v6_prefix: u8,
    },
    /// With the kind's label: what a span becomes when there is no key (fail closed).
    Pseudonymize(Box<Pseudonymizer>, Box<[u8]>),
    /// With the kind's label, as above.
    Encrypt(Box<IpEncrypter>, Box<[u8]>),
    /// With the kind's label: what a span without a value of its kind becomes.
    Generalize(Generalization, Box<[u8]>),
    Remove,
    Keep,
}

/// What a span becomes.
pub(crate) enum Replacement<'a> {
    /// Unchanged (and not counted).
    Same,
    /// These bytes.
    Bytes(&'a [u8]),
    /// Bytes built on the stack (IP text).
    Inline(truncate::IpText),
    /// Bytes built on the heap (masks).
    Owned(Vec<u8>),
}

impl Replacement<'_> {
    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            Replacement::Same => &[],
            Replacement::Bytes(b) => b,
            Replacement::Inline(t) => t.as_bytes(),
            Replacement::Owned(v) => v,
        }
    }
}

impl CompiledAction {
    /// Checks that `action` fits `kind` and prepares it.
    pub(crate) fn compile(action: &Action, kind: &Kind, rule: &str) -> Result<Self, Error> {
        Ok(match action {
            Action::Redact { label } => {
                let label = label.clone().unwrap_or_else(|| kind.label());
                if label.contains(['\n', '\r']) {
                    return Err(Error::policy(format!(
                        "rule `{rule}`: a redaction label may not contain a line break"
                    )));
                }
                CompiledAction::Redact(label.into_bytes().into_boxed_slice())
            }
            Action::Mask {
                keep_first,
                keep_last,
                mask_char,
            } => {
                if mask_char.is_alphanumeric() || *mask_char == '\n' || *mask_char == '\r' {
                    return Err(Error::policy(format!(
                        "rule `{rule}`: the mask character must not be a letter, digit or line break"
                    )));
                }
                CompiledAction::Mask {
                    keep_first: *keep_first,
                    keep_last: *keep_last,
                    mask_char: *mask_char,
                }
            }
            Action::Truncate {
                v4_prefix,
                v6_prefix,
            } => {
                if !matches!(kind, Kind::Ipv4 | Kind::Ipv6) {
                    return Err(Error::policy(format!(
                        "rule `{rule}`: `truncate` applies to IP addresses only, not to `{kind}`"
                    )));
                }
                if *v4_prefix > 32 || *v6_prefix > 128 {
                    return Err(Error::policy(format!(
                        "rule `{rule}`: truncate prefixes must be at most 32 (IPv4) and 128 (IPv6)"
                    )));
                }
                CompiledAction::Truncate {
                    v4_prefix: *v4_prefix,
                    v6_prefix: *v6_prefix,
                }
            }
            Action::Pseudonymize {
                domain,
                rendering,
                tag_kid,
                lowercase,
                default_country,
            } => CompiledAction::Pseudonymize(
                Box::new(Pseudonymizer::compile(
                    kind,
                    rule,
                    domain.as_deref(),
                    *rendering,
                    *tag_kid,
                    *lowercase,
                    default_country.as_deref(),
                )?),
                kind.label().into_bytes().into_boxed_slice(),
            ),
            Action::Encrypt { mode, key } => CompiledAction::Encrypt(
                Box::new(IpEncrypter::compile(kind, rule, *mode, key.as_ref())?),
                kind.label().into_bytes().into_boxed_slice(),
            ),
            Action::Generalize { to } => {
                CompiledAction::Generalize(*to, kind.label().into_bytes().into_boxed_slice())
            }
            Action::Remove => CompiledAction::Remove,
            Action::Keep => CompiledAction::Keep,
        })
    }

    /// True when the action needs the scrubber's key (pseudonyms, derived IP keys).
    pub(crate) fn needs_key(&self) -> bool {
        match self {
            CompiledAction::Pseudonymize(..) => true,
            CompiledAction::Encrypt(e, _) => e.needs_key(),
            _ => false,
        }
    }

    /// A label this action may write (a redaction, or the fail-closed label of a keyed
    /// action): it must not itself be found.
    pub(crate) fn label(&self) -> Option<&[u8]> {
        match self {
            CompiledAction::Redact(l)
            | CompiledAction::Pseudonymize(_, l)
            | CompiledAction::Encrypt(_, l)
            | CompiledAction::Generalize(_, l) => Some(l),
            _ => None,
        }
    }

    /// The replacement of `span` (the found bytes). `key` is the scrubber's (or the
    /// tenant's) key; without one, keyed actions redact with the kind's label.
    pub(crate) fn apply<'a>(&'a self, span: &[u8], key: Option<&Key>) -> Replacement<'a> {
        match self {
            CompiledAction::Redact(label) => Replacement::Bytes(label),
            CompiledAction::Mask {
                keep_first,
                keep_last,
                mask_char,
            } => Replacement::Owned(mask::mask(span, *keep_first, *keep_last, *mask_char)),
            CompiledAction::Truncate {
                v4_prefix,
                v6_prefix,
            } => match truncate_ip(span, *v4_prefix, *v6_prefix) {
                Some(t) if t.as_bytes() == span => Replacement::Same,
                Some(t) => Replacement::Inline(t),
                // A validated IP always parses; if not, fail closed.
                None => Replacement::Bytes(b"[IP]"),
            },
            CompiledAction::Pseudonymize(p, label) => match key {
                None => Replacement::Bytes(label),
                Some(k) => match p.apply(span, k) {
                    Some(out) => Replacement::Owned(out),
                    None => Replacement::Same,
                },
            },
            CompiledAction::Encrypt(e, label) => match e.apply(span, key) {
                Some(out) if out.as_bytes() == span => Replacement::Same,
                Some(out) => Replacement::Owned(out.into_bytes()),
                None => Replacement::Bytes(label),
            },
            CompiledAction::Generalize(to, label) => match to.in_span(span) {
                Some(Generalized::Same) => Replacement::Same,
                Some(Generalized::New(out)) => Replacement::Owned(out),
                None => Replacement::Bytes(label),
            },
            CompiledAction::Remove => Replacement::Bytes(b""),
            CompiledAction::Keep => Replacement::Same,
        }
    }

    /// True for `Keep`: the finding is reported even though nothing changes.
    pub(crate) fn is_keep(&self) -> bool {
        matches!(self, CompiledAction::Keep)
    }
}
