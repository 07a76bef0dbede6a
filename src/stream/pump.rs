//! [`Pump`]: the fixed buffer every streaming surface reads into, in front of a
//! [`Window`].

use std::io::{self, Read};

use crate::scan::Hit;
use crate::{Findings, Scrubber};

use super::window::Window;
use super::MIN_STREAM_BUFFER;

/// A fixed buffer of input bytes not yet scrubbed, the window state and the stream's
/// findings. It never grows: the window leaves fewer than [`MIN_STREAM_BUFFER`] bytes
/// undecided, so a buffer of at least that size always has room for more.
#[derive(Debug)]
pub(crate) struct Pump {
    buf: Box<[u8]>,
    len: usize,
    window: Window,
    pub(crate) counts: Findings,
}

impl Pump {
    /// A pump with a buffer of `capacity` bytes, raised to [`MIN_STREAM_BUFFER`].
    pub(crate) fn new(capacity: usize) -> Pump {
        Pump {
            buf: vec![0; capacity.max(MIN_STREAM_BUFFER)].into_boxed_slice(),
            len: 0,
            window: Window::default(),
            counts: Findings::default(),
        }
    }

    /// A pump whose window records the findings it reports (see
    /// [`take_found`](Self::take_found)).
    pub(crate) fn recording(capacity: usize) -> Pump {
        Pump {
            window: Window::recording(),
            ..Pump::new(capacity)
        }
    }

    /// Moves the recorded findings whose end is known into `into`, ranges counted from
    /// the start of the stream.
    pub(crate) fn take_found(&mut self, into: &mut Vec<Hit>) {
        self.window.take_found(into);
    }

    /// The buffer's size.
    pub(crate) fn capacity(&self) -> usize {
        self.buf.len()
    }

    /// The free space, to read into; follow with [`filled`](Self::filled).
    pub(crate) fn spare(&mut self) -> &mut [u8] {
        &mut self.buf[self.len..]
    }

    /// One read from `reader` into the free space (retried when interrupted); returns
    /// whether the input has ended. The window leaves less than a buffer undecided, so
    /// there is always room after [`scrub`](Self::scrub).
    pub(crate) fn read_from(&mut self, reader: &mut impl Read) -> io::Result<bool> {
        loop {
            match reader.read(self.spare()) {
                Ok(0) => return Ok(true),
                Ok(n) => {
                    self.filled(n);
                    return Ok(false);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Marks `n` bytes of [`spare`](Self::spare) as read.
    pub(crate) fn filled(&mut self, n: usize) {
        self.len = (self.len + n).min(self.buf.len());
    }

    /// Copies as much of `bytes` as fits; returns how many.
    pub(crate) fn push(&mut self, bytes: &[u8]) -> usize {
        let n = bytes.len().min(self.buf.len() - self.len);
        self.buf[self.len..self.len + n].copy_from_slice(&bytes[..n]);
        self.len += n;
        n
    }

    /// Bytes waiting to be scrubbed.
    pub(crate) fn pending(&self) -> usize {
        self.len
    }

    pub(crate) fn is_full(&self) -> bool {
        self.len == self.buf.len()
    }

    /// True while a span is being continued.
    pub(crate) fn is_open(&self) -> bool {
        self.window.is_open()
    }

    /// Scrubs what the window rule can decide into `out` (with `eof`: everything) and
    /// moves the rest to the front.
    pub(crate) fn scrub(&mut self, s: &Scrubber, eof: bool, out: &mut Vec<u8>) {
        let used = self.window.feed(
            s,
            s.default_key(),
            &self.buf[..self.len],
            eof,
            out,
            &mut self.counts,
        );
        self.buf.copy_within(used..self.len, 0);
        self.len -= used;
    }
}
