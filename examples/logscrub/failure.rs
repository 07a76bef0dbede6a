//! Why a run failed, and the exit code each reason maps to (documented in `--help`).

use std::fmt;
use std::io;
use std::path::Path;

/// Personal data was found under `--check`.
pub const EXIT_FOUND: u8 = 1;
/// A usage or policy error (clap uses 2 for its own usage errors too).
pub const EXIT_USAGE: u8 = 2;
/// An I/O or other runtime failure.
pub const EXIT_RUNTIME: u8 = 3;

/// A failed run. Messages name files and options, never the data being scrubbed.
#[derive(Debug)]
pub enum Failure {
    /// A usage or policy error: exit 2.
    Usage(String),
    /// An I/O or runtime failure: exit 3.
    Runtime(String),
    /// Whoever reads standard output went away (`logscrub big.log | head`): a quiet 0.
    PipeClosed,
}

impl Failure {
    /// The process exit code for this failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Usage(_) => EXIT_USAGE,
            Failure::Runtime(_) => EXIT_RUNTIME,
            Failure::PipeClosed => 0,
        }
    }

    /// A failure to open or read `name` (`-` is standard input).
    pub fn reading(name: &Path, e: &io::Error) -> Failure {
        Failure::Runtime(format!("error reading `{}`: {e}", display_name(name)))
    }

    /// A failure to write the output: a closed pipe on standard output is no error.
    pub fn writing(to: Option<&Path>, e: &io::Error) -> Failure {
        match to {
            None if e.kind() == io::ErrorKind::BrokenPipe => Failure::PipeClosed,
            None => Failure::Runtime(format!("error writing standard output: {e}")),
            Some(path) => Failure::Runtime(format!("error writing `{}`: {e}", path.display())),
        }
    }
}

/// How an input is named in messages and reports.
pub fn display_name(name: &Path) -> String {
    if name.as_os_str() == "-" {
        "<stdin>".to_owned()
    } else {
        name.display().to_string()
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Usage(m) | Failure::Runtime(m) => f.write_str(m),
            Failure::PipeClosed => f.write_str("output closed"),
        }
    }
}
