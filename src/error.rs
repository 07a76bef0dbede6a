//! [`Error`]: the one error type of the crate.

use std::fmt;

/// Everything that can go wrong building a [`Scrubber`](crate::Scrubber) or reading a policy.
///
/// Messages name the place (the rule, the field) and never contain the data being
/// scrubbed nor key material.
///
/// ```
/// use piiscrub::{Action, Detector, Scrubber};
/// let err = Scrubber::builder()
///     .rule(Detector::regex("order", "ORD-[0-9]+"), Action::redact())
///     .build()
///     .unwrap_err();
/// assert!(err.to_string().contains("order"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

/// What kind of error an [`Error`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The policy is invalid: a bad or unbounded regex, a contradictory rule,
    /// an action that does not fit its detector, a bad name or label.
    Policy,
    /// A policy file could not be parsed.
    Parse,
    /// Reading or writing failed.
    Io,
}

impl Error {
    pub(crate) fn policy(message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Policy,
            message: message.into(),
        }
    }

    /// A failed read or write: says what was being done and the I/O error (never data).
    pub(crate) fn io(doing: &str, err: &std::io::Error) -> Error {
        Error {
            kind: ErrorKind::Io,
            message: format!("{doing}: {err}"),
        }
    }

    /// What kind of error this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}
