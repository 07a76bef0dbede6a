//! Where the output goes: standard output, or a file written atomically.
//!
//! `-o FILE` writes a temporary file in FILE's directory (so the rename stays on one
//! file system) and renames it over FILE only when the whole run succeeded. A failed or
//! interrupted run drops the temporary file, so FILE is either untouched or complete.

use std::io::{self, BufWriter, StdoutLock, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::failure::Failure;

const WRITE_BUFFER: usize = 1 << 16;

/// The destination of a run.
pub enum Sink {
    /// Standard output.
    Stdout(BufWriter<StdoutLock<'static>>),
    /// A temporary file to be renamed to `path`.
    File {
        /// The temporary file, buffered.
        tmp: BufWriter<NamedTempFile>,
        /// Where it goes on success.
        path: PathBuf,
    },
}

impl Sink {
    /// Opens the destination: `path`, or standard output when there is none.
    pub fn open(path: Option<&Path>) -> Result<Sink, Failure> {
        let Some(path) = path else {
            return Ok(Sink::Stdout(BufWriter::with_capacity(
                WRITE_BUFFER,
                io::stdout().lock(),
            )));
        };
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let tmp = tempfile::Builder::new()
            .prefix(".logscrub-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| Failure::writing(Some(path), &e))?;
        Ok(Sink::File {
            tmp: BufWriter::with_capacity(WRITE_BUFFER, tmp),
            path: path.to_owned(),
        })
    }

    /// Whether this is standard output and standard output is a terminal.
    pub fn is_terminal(&self) -> bool {
        use std::io::IsTerminal;
        matches!(self, Sink::Stdout(_)) && io::stdout().is_terminal()
    }

    /// Writes `bytes`.
    pub fn write(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        let result = match self {
            Sink::Stdout(w) => w.write_all(bytes),
            Sink::File { tmp, .. } => tmp.write_all(bytes),
        };
        result.map_err(|e| Failure::writing(self.path(), &e))
    }

    /// Hands what was written so far to the destination (a live stream's reader).
    pub fn flush(&mut self) -> Result<(), Failure> {
        let result = match self {
            Sink::Stdout(w) => w.flush(),
            Sink::File { tmp, .. } => tmp.flush(),
        };
        result.map_err(|e| Failure::writing(self.path(), &e))
    }

    /// Flushes everything and, for a file, renames it into place.
    pub fn finish(self) -> Result<(), Failure> {
        match self {
            Sink::Stdout(mut w) => w.flush().map_err(|e| Failure::writing(None, &e)),
            Sink::File { tmp, path } => {
                let tmp = tmp
                    .into_inner()
                    .map_err(|e| Failure::writing(Some(&path), e.error()))?;
                tmp.as_file()
                    .sync_all()
                    .map_err(|e| Failure::writing(Some(&path), &e))?;
                tmp.persist(&path)
                    .map_err(|e| Failure::writing(Some(&path), &e.error))?;
                Ok(())
            }
        }
    }

    fn path(&self) -> Option<&Path> {
        match self {
            Sink::Stdout(_) => None,
            Sink::File { path, .. } => Some(path),
        }
    }
}
