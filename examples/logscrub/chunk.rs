//! Cuts one input into chunks of whole lines: the unit of work of every thread.
//!
//! Chunks are cut the same way whatever the thread count, which is what makes the output
//! byte-identical between `--threads 1` and `--threads N`.

use std::io::{self, BufRead};

use memchr::memmem;
use piiscrub::{Findings, Scrubber};

use crate::long_line::LongLine;

/// Target chunk size: big enough to amortize hand-offs between threads, small enough
/// that `threads + 2` of them in flight stay a few MiB.
pub const CHUNK: usize = 1 << 20;

/// A chunk grows past [`CHUNK`] up to this size to keep an open PEM private-key block
/// whole (the scrubber hides a block it sees whole); a longer block is hidden line by
/// line until its END marker ([`ChunkKind::KeyBlock`]).
pub const PEM_LIMIT: usize = 16 << 20;

/// What a chunk holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChunkKind {
    /// Whole lines, to scrub.
    Text,
    /// The rest of a private-key block too long to keep in one chunk, up to and
    /// including the line of its END marker: every line is hidden.
    KeyBlock,
    /// A piece of a line longer than a chunk, already scrubbed (see `long_line.rs`).
    Scrubbed,
}

/// Where a chunk sits in its input.
#[derive(Debug, Clone, Copy)]
pub struct ChunkInfo {
    /// What it holds.
    pub kind: ChunkKind,
    /// The 1-based number of its first line (only counted when a report needs it).
    pub first_line: u64,
    /// The input had nothing more ready: the output should be flushed after this
    /// chunk, so that a live stream (`tail -f app.log | logscrub`) is not held back.
    pub flush: bool,
    /// How many input bytes the chunk stands for: its length, except for a scrubbed
    /// piece of a long line (its input was read ahead by the stream; the pieces of a
    /// line add up to the line's length).
    pub input_bytes: u64,
}

/// Reads one input chunk by chunk.
pub struct Chunker<'a> {
    reader: Box<dyn BufRead>,
    /// Streams lines longer than a chunk (when scrubbing); without it they are read whole.
    streamer: Option<&'a Scrubber>,
    /// The long line being streamed.
    long: Option<LongLine<'a>>,
    /// What was found in streamed lines.
    pub found: Findings,
    /// A pipe or terminal: hand over what has arrived rather than wait for a full chunk.
    live: bool,
    /// The last chunk ended because the input had nothing more ready.
    drained: bool,
    /// Inside a private-key block that the previous chunk could not hold whole.
    in_key_block: bool,
    /// Count lines (for `--check` and `--explain`); 0 otherwise.
    count_lines: bool,
    next_line: u64,
}

impl<'a> Chunker<'a> {
    /// A chunker over `reader`; `live` when the input is not a regular file. With a
    /// `streamer`, a line longer than a chunk is scrubbed as a stream by it.
    pub fn new(
        reader: Box<dyn BufRead>,
        live: bool,
        count_lines: bool,
        streamer: Option<&'a Scrubber>,
    ) -> Chunker<'a> {
        Chunker {
            reader,
            streamer,
            long: None,
            found: Findings::default(),
            live,
            drained: false,
            in_key_block: false,
            count_lines,
            next_line: 1,
        }
    }

    /// Fills `buf` (cleared first) with the next chunk; `None` at the end of the input.
    pub fn next_chunk(&mut self, buf: &mut Vec<u8>) -> io::Result<Option<ChunkInfo>> {
        buf.clear();
        let (kind, input_bytes) = if self.long.is_some() {
            (ChunkKind::Scrubbed, self.long_piece(buf)?)
        } else if self.in_key_block {
            self.drained = false;
            self.key_block_lines(buf)?;
            (ChunkKind::KeyBlock, buf.len() as u64)
        } else {
            self.text_lines(buf)?;
            if buf.is_empty() && self.long.is_some() {
                // The chunk began with the long line: its first piece is this chunk.
                (ChunkKind::Scrubbed, self.long_piece(buf)?)
            } else {
                (ChunkKind::Text, buf.len() as u64)
            }
        };
        if buf.is_empty() {
            return Ok(None);
        }
        let first_line = self.next_line;
        if self.count_lines {
            self.next_line += memchr::memchr_iter(b'\n', buf).count() as u64;
        }
        Ok(Some(ChunkInfo {
            kind,
            first_line,
            flush: self.drained,
            input_bytes,
        }))
    }

    /// About [`CHUNK`] bytes of whole lines, more to keep a private-key block whole.
    fn text_lines(&mut self, buf: &mut Vec<u8>) -> io::Result<()> {
        self.drained = fill(&mut *self.reader, buf, CHUNK, self.live)?;
        if !buf.is_empty() && !buf.ends_with(b"\n") {
            match self.streamer {
                None => finish_line(&mut *self.reader, buf)?,
                Some(s) => {
                    let start = memchr::memrchr(b'\n', buf).map_or(0, |i| i + 1);
                    if !finish_line_within(&mut *self.reader, buf, start + CHUNK)? {
                        // Longer than a chunk: stream it from its start, after the
                        // whole lines before it (this chunk, possibly empty).
                        let head = buf.split_off(start);
                        let input = std::mem::replace(&mut self.reader, Box::new(io::empty()));
                        self.long = Some(LongLine::new(s, head, input));
                        self.drained = false;
                        return Ok(());
                    }
                }
            }
        }
        let mut open = open_private_key_block(buf);
        while open && buf.len() < PEM_LIMIT {
            let start = buf.len();
            if self.reader.read_until(b'\n', buf)? == 0 {
                break;
            }
            open = key_block_open_after(open, &buf[start..]);
        }
        // Still open at the limit: the scrubber hides it to the end of this chunk (it
        // fails closed), and the next chunks hide its remaining lines.
        self.in_key_block = open;
        Ok(())
    }

    /// The lines of an oversized private-key block, up to its END marker or [`CHUNK`].
    fn key_block_lines(&mut self, buf: &mut Vec<u8>) -> io::Result<()> {
        while buf.len() < CHUNK {
            let start = buf.len();
            if self.reader.read_until(b'\n', buf)? == 0 {
                break;
            }
            if memmem::find(&buf[start..], b"-----END").is_some() {
                // A next block glued to this one's END (`…----------BEGIN …`) keeps
                // the state open: its body must be hidden too.
                self.in_key_block = key_block_open_after(true, &buf[start..]);
                if !self.in_key_block {
                    break;
                }
            }
        }
        Ok(())
    }
}

/// Appends up to `target - buf.len()` bytes, stopping early at the end of input or,
/// when `live`, at a line boundary where all that has arrived is taken (reading on
/// could wait for the next log line indefinitely). Returns whether it stopped for that.
///
/// Where a live input is cut does not change the output: detectors never look across
/// a line break (a library property), and PEM blocks are kept whole afterwards.
fn fill(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    target: usize,
    live: bool,
) -> io::Result<bool> {
    while buf.len() < target {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        let n = available.len().min(target - buf.len());
        let took_all = n == available.len();
        buf.extend_from_slice(&available[..n]);
        reader.consume(n);
        if live && took_all && buf.ends_with(b"\n") {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Completes the last, cut line of a chunk, however long (`--check` and `--explain`
/// need the whole line for line and column numbers; scrubbing streams long lines).
fn finish_line(reader: &mut dyn BufRead, buf: &mut Vec<u8>) -> io::Result<()> {
    reader.read_until(b'\n', buf).map(|_| ())
}

/// Completes the last, cut line of a chunk if it ends (or the input does) before `buf`
/// holds `limit` bytes; returns whether it did.
fn finish_line_within(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> io::Result<bool> {
    while buf.len() < limit {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(true);
        }
        let room = (limit - buf.len()).min(available.len());
        if let Some(i) = memchr::memchr(b'\n', &available[..room]) {
            buf.extend_from_slice(&available[..=i]);
            reader.consume(i + 1);
            return Ok(true);
        }
        buf.extend_from_slice(&available[..room]);
        reader.consume(room);
    }
    Ok(false)
}

impl Chunker<'_> {
    /// The next scrubbed piece of the long line; at its end, the input is taken back.
    /// Returns how many input bytes were read for it.
    fn long_piece(&mut self, buf: &mut Vec<u8>) -> io::Result<u64> {
        let Some(long) = self.long.as_mut() else {
            return Ok(0);
        };
        let before = long.input_read();
        let more = long.next_piece(buf, CHUNK)?;
        let read = long.input_read() - before;
        if !more {
            if let Some(long) = self.long.take() {
                let (found, input) = long.finish();
                self.found.merge(&found);
                self.reader = input;
            }
        }
        Ok(read)
    }
}

/// True when the last PEM BEGIN marker in `text` starts a private key with no END
/// marker after it.
fn open_private_key_block(text: &[u8]) -> bool {
    // Forward search: the reverse one has no vector prefilter and costs ~1.6
    // instructions a byte of every chunk; a BEGIN marker is rare.
    let Some(begin) = memmem::find_iter(text, b"-----BEGIN ").last() else {
        return false;
    };
    let rest = &text[begin..];
    let line_end = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
    memmem::find(&rest[..line_end], b"PRIVATE KEY").is_some()
        && memmem::find(rest, b"-----END").is_none()
}

/// Whether a private-key block is open after one more `line`, given it was `open`
/// before: the same answer as [`open_private_key_block`] on all the text so far, in
/// time linear in the line.
fn key_block_open_after(open: bool, line: &[u8]) -> bool {
    if memmem::find(line, b"-----").is_none() {
        open
    } else if memmem::find(line, b"-----BEGIN ").is_some() {
        open_private_key_block(line)
    } else {
        open && memmem::find(line, b"-----END").is_none()
    }
}

/// Gives back the memory of a buffer that one long line or key block made large, so
/// that memory returns to the bound once the outlier has passed.
pub fn recycle(buf: &mut Vec<u8>) {
    if buf.capacity() > 4 * CHUNK {
        buf.clear();
        buf.shrink_to(2 * CHUNK);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(text: &[u8]) -> Vec<(ChunkKind, u64, usize)> {
        let mut c = Chunker::new(Box::new(io::Cursor::new(text.to_vec())), false, true, None);
        let mut buf = Vec::new();
        let mut out = Vec::new();
        while let Some(info) = c.next_chunk(&mut buf).unwrap() {
            out.push((info.kind, info.first_line, buf.len()));
        }
        out
    }

    #[test]
    fn chunks_end_on_line_boundaries_and_count_lines() {
        let line = b"0123456789abcdef0123456789abcdef0123456789abcdef012345678901234\n";
        let text = line.repeat(3 * CHUNK / line.len());
        let got = chunks(&text);
        assert_eq!(got.iter().map(|c| c.2).sum::<usize>(), text.len());
        assert!(got.iter().all(|c| c.2 % line.len() == 0));
        assert_eq!(got[1].1, 1 + (got[0].2 / line.len()) as u64);
    }

    #[test]
    fn a_private_key_block_is_never_cut() {
        // The 1 MiB mark falls among the key lines.
        let mut text = vec![b'x'; CHUNK - 40];
        text.extend_from_slice(b"\n-----BEGIN PRIVATE KEY-----\n");
        text.extend_from_slice(
            &b"MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n".repeat(10),
        );
        text.extend_from_slice(b"-----END PRIVATE KEY-----\n");
        let block_end = text.len();
        text.extend_from_slice(b"tail\n");
        let got = chunks(&text);
        assert_eq!(got[0].2, block_end);
        assert_eq!(got[1], (ChunkKind::Text, 14, 5));
    }

    #[test]
    fn an_oversized_key_block_goes_on_as_key_block_chunks_to_its_end() {
        let mut text = b"-----BEGIN PRIVATE KEY-----\n".to_vec();
        let key_line = b"MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7abcdefghijk\n";
        text.extend_from_slice(&key_line.repeat((PEM_LIMIT + 2 * CHUNK) / key_line.len()));
        text.extend_from_slice(b"-----END PRIVATE KEY-----\n");
        let block_end = text.len();
        text.extend_from_slice(b"tail\n");
        let got = chunks(&text);
        let kinds: Vec<_> = got.iter().map(|c| c.0).collect();
        assert_eq!(kinds[0], ChunkKind::Text);
        assert!(got[0].2 >= PEM_LIMIT && got[0].2 < PEM_LIMIT + key_line.len());
        assert_eq!(
            kinds[1..kinds.len() - 1],
            vec![ChunkKind::KeyBlock; kinds.len() - 2][..]
        );
        assert_eq!(
            got[..got.len() - 1].iter().map(|c| c.2).sum::<usize>(),
            block_end
        );
        assert_eq!(
            *got.last().unwrap(),
            (ChunkKind::Text, 3 + (block_end / key_line.len()) as u64, 5)
        );
    }

    #[test]
    fn an_oversized_key_block_glued_to_the_next_one_hides_both() {
        let key_line = b"MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7abcdefghijk\n";
        let body = key_line.repeat((PEM_LIMIT + 2 * CHUNK) / key_line.len());
        let mut text = b"-----BEGIN PRIVATE KEY-----\n".to_vec();
        text.extend_from_slice(&body);
        text.extend_from_slice(b"-----END PRIVATE KEY----------BEGIN PRIVATE KEY-----\n");
        text.extend_from_slice(&key_line.repeat(3));
        text.extend_from_slice(b"-----END PRIVATE KEY-----\n");
        let block_end = text.len();
        text.extend_from_slice(b"tail\n");
        let got = chunks(&text);
        let key_bytes: usize = got[1..]
            .iter()
            .filter(|c| c.0 == ChunkKind::KeyBlock)
            .map(|c| c.2)
            .sum();
        assert_eq!(
            got[0].2 + key_bytes,
            block_end,
            "both blocks are key-block lines"
        );
        assert_eq!(got.last().unwrap().2, 5);
    }

    #[test]
    fn line_state_matches_whole_text_state() {
        let lines: [&[u8]; 6] = [
            b"a -----BEGIN RSA PRIVATE KEY-----\n",
            b"MIIE\n",
            b"-----BEGIN CERTIFICATE-----\n",
            b"-----END CERTIFICATE-----\n",
            b"k=-----BEGIN PRIVATE KEY-----\\nAA\\n-----END PRIVATE KEY----- -----BEGIN EC PRIVATE KEY-----\n",
            b"-----END EC PRIVATE KEY-----\n",
        ];
        let mut open = false;
        let mut all = Vec::new();
        for line in lines {
            all.extend_from_slice(line);
            open = key_block_open_after(open, line);
            assert_eq!(open, open_private_key_block(&all));
        }
    }
}
