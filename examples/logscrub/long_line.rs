//! A line longer than a chunk, scrubbed as a stream with bounded memory.
//!
//! When a line does not end within [`CHUNK`](crate::chunk::CHUNK) more bytes, the
//! chunker stops cutting it: the line (what was read of it, then the rest up to and
//! including its `\n`) is fed to the library's [`ScrubReader`] with its fixed 64 KiB
//! buffer, and the *scrubbed* bytes come out as chunks of about a chunk's size. A line
//! starts at a fresh point of the window rule, so the output is byte-identical to
//! scrubbing the line whole, and identical whatever the thread count (the reader thread
//! does this, in input order).

use std::io::{self, BufRead, Read};

use piiscrub::{Findings, ScrubReader, Scrubber};

/// The rest of one line: the bytes already read, then the input up to and including
/// the next `\n` (or its end). Reading past the line returns 0 (end of file).
pub struct LineRest {
    head: Vec<u8>,
    head_pos: usize,
    inner: Box<dyn BufRead>,
    done: bool,
    /// Bytes of the line handed out so far.
    read: u64,
}

impl LineRest {
    /// The line that starts with `head` and goes on in `inner`.
    pub fn new(head: Vec<u8>, inner: Box<dyn BufRead>) -> LineRest {
        LineRest {
            head,
            head_pos: 0,
            inner,
            done: false,
            read: 0,
        }
    }

    /// The input, positioned after the line.
    pub fn into_inner(self) -> Box<dyn BufRead> {
        self.inner
    }
}

impl Read for LineRest {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.head_pos < self.head.len() {
            let n = buf.len().min(self.head.len() - self.head_pos);
            buf[..n].copy_from_slice(&self.head[self.head_pos..self.head_pos + n]);
            self.head_pos += n;
            if self.head_pos == self.head.len() {
                self.head = Vec::new(); // give the memory back now
                self.head_pos = 0;
            }
            self.read += n as u64;
            return Ok(n);
        }
        if self.done {
            return Ok(0);
        }
        let avail = self.inner.fill_buf()?;
        let (n, end) = match memchr::memchr(b'\n', avail) {
            Some(i) if i < buf.len() => (i + 1, true),
            _ => (avail.len().min(buf.len()), avail.is_empty()),
        };
        buf[..n].copy_from_slice(&avail[..n]);
        self.inner.consume(n);
        self.done = end;
        self.read += n as u64;
        Ok(n)
    }
}

/// A long line being scrubbed.
pub struct LongLine<'a> {
    reader: ScrubReader<&'a Scrubber, LineRest>,
}

impl<'a> LongLine<'a> {
    /// Starts scrubbing the line that begins with `head` and goes on in `inner`.
    pub fn new(scrubber: &'a Scrubber, head: Vec<u8>, inner: Box<dyn BufRead>) -> LongLine<'a> {
        LongLine {
            reader: ScrubReader::new(scrubber, LineRest::new(head, inner)),
        }
    }

    /// Appends about `target` scrubbed bytes to `buf`; returns `false` once the line is
    /// done (then [`finish`](Self::finish) gives the input back).
    pub fn next_piece(&mut self, buf: &mut Vec<u8>, target: usize) -> io::Result<bool> {
        while buf.len() < target {
            let avail = self.reader.fill_buf()?;
            if avail.is_empty() {
                return Ok(false);
            }
            let n = avail.len();
            buf.extend_from_slice(avail);
            self.reader.consume(n);
        }
        Ok(true)
    }

    /// How many bytes of the line were read so far (the stream reads ahead of what it
    /// has handed out).
    pub fn input_read(&self) -> u64 {
        self.reader.get_ref().read
    }

    /// What was found in the line, and the input positioned after it.
    pub fn finish(self) -> (Findings, Box<dyn BufRead>) {
        let found = self.reader.findings().clone();
        (found, self.reader.into_inner().into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_streams_like_one_shot_and_the_input_goes_on_after_it() {
        let s = Scrubber::default();
        let mut line = b"x".repeat(100_000);
        line.extend_from_slice(b" bob@example.com ");
        line.extend_from_slice(&b"y 10.1.2.3 ".repeat(5_000));
        line.push(b'\n');
        let mut input = line[1000..].to_vec();
        input.extend_from_slice(b"next 10.9.9.9\n");
        let mut long = LongLine::new(&s, line[..1000].to_vec(), Box::new(io::Cursor::new(input)));
        // Like the chunker: each piece starts empty (a full buffer asks for nothing more).
        let (mut out, mut piece, mut pieces) = (Vec::new(), Vec::new(), 0);
        loop {
            piece.clear();
            let more = long.next_piece(&mut piece, 4096).unwrap();
            out.extend_from_slice(&piece);
            pieces += 1;
            if !more {
                break;
            }
        }
        assert!(pieces > 2, "the line came out in pieces");
        assert_eq!(long.input_read(), line.len() as u64);
        assert_eq!(out, s.scrub_bytes(&line).as_ref());
        let (found, mut rest) = long.finish();
        assert_eq!(found.get(&piiscrub::Kind::Ipv4), 5_000);
        let mut tail = String::new();
        rest.read_to_string(&mut tail).unwrap();
        assert_eq!(tail, "next 10.9.9.9\n");
    }
}
