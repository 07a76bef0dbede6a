//! The inputs: files or standard input (`-`), and their total size when it is known.

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

use piiscrub::{Findings, Scrubber};

use crate::chunk::{ChunkInfo, Chunker};
use crate::failure::Failure;

/// Read buffer per input: large enough that system calls do not show in profiles.
const READ_BUFFER: usize = 1 << 16;

/// Opens one input for reading (`-` is standard input), and tells whether it is live:
/// not a regular file, so data arrives when it arrives. Called by the thread that reads.
pub fn open(name: &Path) -> Result<(Box<dyn BufRead>, bool), Failure> {
    if name.as_os_str() == "-" {
        let stdin = BufReader::with_capacity(READ_BUFFER, io::stdin().lock());
        return Ok((Box::new(stdin), true));
    }
    let file = File::open(name).map_err(|e| Failure::reading(name, &e))?;
    let live = !file.metadata().is_ok_and(|m| m.is_file());
    Ok((Box::new(BufReader::with_capacity(READ_BUFFER, file)), live))
}

/// The total size in bytes of the inputs when every one is a regular file.
pub fn total_size(names: &[PathBuf]) -> Option<u64> {
    names.iter().try_fold(0u64, |sum, name| {
        if name.as_os_str() == "-" {
            return None;
        }
        let meta = std::fs::metadata(name).ok()?;
        meta.is_file().then(|| sum.saturating_add(meta.len()))
    })
}

/// Every input in turn, chunk by chunk; each file is opened when its turn comes.
pub struct Inputs<'a> {
    names: &'a [PathBuf],
    next: usize,
    current: Option<(usize, Chunker<'a>)>,
    count_lines: bool,
    streamer: Option<&'a Scrubber>,
    /// What was found in lines longer than a chunk (scrubbed while reading).
    pub found: Findings,
}

impl<'a> Inputs<'a> {
    /// Reads `names` in order; `count_lines` numbers the lines of every chunk; with a
    /// `streamer`, lines longer than a chunk are scrubbed while reading.
    pub fn new(
        names: &'a [PathBuf],
        count_lines: bool,
        streamer: Option<&'a Scrubber>,
    ) -> Inputs<'a> {
        Inputs {
            names,
            next: 0,
            current: None,
            count_lines,
            streamer,
            found: Findings::default(),
        }
    }

    /// Fills `buf` with the next chunk: which input it is from and where it sits;
    /// `None` after the last input.
    pub fn next_chunk(&mut self, buf: &mut Vec<u8>) -> Result<Option<(usize, ChunkInfo)>, Failure> {
        loop {
            let (index, chunker) = match &mut self.current {
                Some(c) => c,
                None => {
                    let Some(name) = self.names.get(self.next) else {
                        return Ok(None);
                    };
                    let (reader, live) = open(name)?;
                    let chunker = Chunker::new(reader, live, self.count_lines, self.streamer);
                    self.next += 1;
                    self.current.insert((self.next - 1, chunker))
                }
            };
            let index = *index;
            match chunker.next_chunk(buf) {
                Ok(Some(info)) => return Ok(Some((index, info))),
                Ok(None) => {
                    self.found.merge(&chunker.found);
                    self.current = None;
                }
                Err(e) => return Err(Failure::reading(&self.names[index], &e)),
            }
        }
    }
}
