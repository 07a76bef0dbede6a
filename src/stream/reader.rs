//! [`ScrubReader`]: a [`Read`] + [`BufRead`] adaptor that scrubs what is read through it.

use std::borrow::Borrow;
use std::fmt;
use std::io::{self, BufRead, Read};

use crate::{Findings, Scrubber};

use super::pump::Pump;
use super::STREAM_BUFFER;

/// Reads from an inner reader and yields the scrubbed bytes, with bounded memory: a fixed
/// buffer (default [`STREAM_BUFFER`]) whatever the line length. The bytes read are
/// byte-identical to [`Scrubber::scrub_bytes`] on the whole input.
///
/// It is also [`BufRead`], so `lines()`, `read_until` and friends work on scrubbed text.
///
/// ```
/// use std::io::{BufRead, Read};
/// use piiscrub::{Kind, ScrubReader, Scrubber};
///
/// let scrubber = Scrubber::default();
/// let input: &[u8] = b"from 203.0.113.77\r\ncard 4111 1111 1111 1111";
/// let mut r = ScrubReader::new(&scrubber, input);
/// let mut out = String::new();
/// r.read_to_string(&mut out)?;
/// assert_eq!(out, "from 203.0.113.0\r\ncard [CARD]");
/// assert_eq!(r.findings().get(&Kind::Card), 1);
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct ScrubReader<S: Borrow<Scrubber>, R: Read> {
    scrubber: S,
    inner: R,
    pump: Pump,
    /// Scrubbed bytes not yet handed out, from `pos`.
    out: Vec<u8>,
    pos: usize,
    eof: bool,
}

impl<S: Borrow<Scrubber>, R: Read> ScrubReader<S, R> {
    /// A reader with the default buffer ([`STREAM_BUFFER`], 64 KiB). `scrubber` may be a
    /// `&Scrubber`, an `Arc<Scrubber>` or an owned `Scrubber`.
    pub fn new(scrubber: S, inner: R) -> Self {
        Self::with_capacity(STREAM_BUFFER, scrubber, inner)
    }

    /// A reader with a buffer of `capacity` bytes, raised to
    /// [`MIN_STREAM_BUFFER`](crate::MIN_STREAM_BUFFER) when smaller.
    pub fn with_capacity(capacity: usize, scrubber: S, inner: R) -> Self {
        ScrubReader {
            scrubber,
            inner,
            pump: Pump::new(capacity),
            out: Vec::new(),
            pos: 0,
            eof: false,
        }
    }

    /// What was found in the bytes read so far, per kind.
    pub fn findings(&self) -> &Findings {
        &self.pump.counts
    }

    /// The buffer size in bytes.
    pub fn capacity(&self) -> usize {
        self.pump.capacity()
    }

    /// The inner reader.
    pub fn get_ref(&self) -> &R {
        &self.inner
    }

    /// The inner reader, mutably. Reading from it directly skips those bytes.
    pub fn get_mut(&mut self) -> &mut R {
        &mut self.inner
    }

    /// The inner reader; bytes buffered but not yet read are dropped.
    pub fn into_inner(self) -> R {
        self.inner
    }
}

impl<S: Borrow<Scrubber>, R: Read> BufRead for ScrubReader<S, R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.pos == self.out.len() {
            if self.eof && self.pump.pending() == 0 && !self.pump.is_open() {
                break;
            }
            self.out.clear();
            self.pos = 0;
            if !self.eof {
                self.eof = self.pump.read_from(&mut self.inner)?;
            }
            self.pump
                .scrub(self.scrubber.borrow(), self.eof, &mut self.out);
        }
        Ok(&self.out[self.pos..])
    }

    fn consume(&mut self, amt: usize) {
        self.pos = (self.pos + amt).min(self.out.len());
    }
}

impl<S: Borrow<Scrubber>, R: Read> Read for ScrubReader<S, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(buf.len());
        buf[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<S: Borrow<Scrubber>, R: Read> fmt::Debug for ScrubReader<S, R> {
    /// Shows sizes only: buffered bytes may hold personal data.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScrubReader")
            .field("capacity", &self.pump.capacity())
            .field("buffered", &self.pump.pending())
            .field("unread", &(self.out.len() - self.pos))
            .field("eof", &self.eof)
            .field("findings", &self.pump.counts)
            .finish_non_exhaustive()
    }
}
