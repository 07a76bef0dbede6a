//! Actions compiled for the hot path: each turns a found span into its replacement.
//!
//! A replacement that equals the original (an IP that is already its own truncation)
//! is [`Replacement::Same`]: nothing changes and nothing is counted, so scrubbed output
//! scrubs to itself.

mod mask;
mod truncate;

use crate::error::Error;
use crate::{Action, Kind};

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
            Action::Remove => CompiledAction::Remove,
            Action::Keep => CompiledAction::Keep,
        })
    }

    /// The replacement of `span` (the found bytes).
    pub(crate) fn apply<'a>(&'a self, span: &[u8]) -> Replacement<'a> {
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
            CompiledAction::Remove => Replacement::Bytes(b""),
            CompiledAction::Keep => Replacement::Same,
        }
    }

    /// True for `Keep`: the finding is reported even though nothing changes.
    pub(crate) fn is_keep(&self) -> bool {
        matches!(self, CompiledAction::Keep)
    }
}
