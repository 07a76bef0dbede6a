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
    /// A structured event is not valid JSON or is over a limit (depth, size).
    Json,
    /// A key is missing, too short or malformed (the message names the source —
    /// a file, a variable — and never holds key material).
    Key,
}

impl Error {
    pub(crate) fn policy(message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Policy,
            message: message.into(),
        }
    }

    pub(crate) fn parse(message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Parse,
            message: message.into(),
        }
    }

    pub(crate) fn json(message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Json,
            message: message.into(),
        }
    }

    pub(crate) fn key(message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Key,
            message: message.into(),
        }
    }

    pub(crate) fn io(message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Io,
            message: message.into(),
        }
    }

    /// The same error with `place` (a file, a line, a field) in front of its message.
    pub(crate) fn at(self, place: &str) -> Error {
        Error {
            kind: self.kind,
            message: format!("{place}: {}", self.message),
        }
    }

    /// A failed read or write: says what was being done and the I/O error (never data).
    pub(crate) fn io_during(doing: &str, err: &std::io::Error) -> Error {
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
