//! [`ScrubWriter`]: a [`Write`] adaptor that scrubs what is written through it.

use std::borrow::Borrow;
use std::fmt;
use std::io::{self, Write};

use crate::{Findings, Scrubber};

use super::pump::Pump;
use super::STREAM_BUFFER;

/// Scrubs everything written through it, then writes it to the inner writer: a drop-in
/// sink for loggers (`tracing-subscriber`'s fmt layer, `log` back ends, `BufWriter`s).
///
/// * **Lines split across `write` calls** are joined first: a line is scrubbed once it
///   is complete (its `\n` was written), so a finding cut by two writes is still found.
///   A line longer than the buffer is scrubbed piece by piece (see the
///   [window rule](crate::stream)); memory stays bounded.
/// * **[`flush`](Write::flush)** scrubs and writes every complete line, then flushes the
///   inner writer. A *partial line* (bytes after the last `\n`) stays buffered: scrubbing
///   it early could split a finding in two. It is not lost: it goes out when its line is
///   completed, at [`finish`](Self::finish), or on drop.
/// * **[`finish`](Self::finish)** ends the stream: the partial line is scrubbed as the last
///   line, everything is written and flushed. Writing after it starts a new stream.
/// * **Drop** finishes the stream too; errors are then ignored (call `finish` to see them).
/// * The output is byte-identical to [`Scrubber::scrub_bytes`] on everything written.
///
/// ```
/// use std::io::Write;
/// use piiscrub::{Kind, ScrubWriter, Scrubber};
///
/// let scrubber = Scrubber::default();
/// let mut w = ScrubWriter::new(&scrubber, Vec::new());
/// w.write_all(b"login alice@exa")?;   // half a line: held
/// w.write_all(b"mple.com ok\nbye")?;  // the line is complete: scrubbed and written
/// w.flush()?;
/// assert_eq!(w.get_ref(), b"login [EMAIL] ok\n");
/// w.finish()?;                        // the partial last line goes out too
/// assert_eq!(w.get_ref(), b"login [EMAIL] ok\nbye");
/// assert_eq!(w.findings().get(&Kind::Email), 1);
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct ScrubWriter<S: Borrow<Scrubber>, W: Write> {
    scrubber: S,
    inner: Option<W>,
    pump: Pump,
    /// Scrubbed bytes not yet accepted by the inner writer.
    out: Vec<u8>,
}

impl<S: Borrow<Scrubber>, W: Write> ScrubWriter<S, W> {
    /// A writer with the default buffer ([`STREAM_BUFFER`], 64 KiB). `scrubber` may be a
    /// `&Scrubber`, an `Arc<Scrubber>` or an owned `Scrubber`.
    pub fn new(scrubber: S, inner: W) -> Self {
        Self::with_capacity(STREAM_BUFFER, scrubber, inner)
    }

    /// A writer with a buffer of `capacity` bytes, raised to
    /// [`MIN_STREAM_BUFFER`](crate::MIN_STREAM_BUFFER) when smaller.
    pub fn with_capacity(capacity: usize, scrubber: S, inner: W) -> Self {
        ScrubWriter {
            scrubber,
            inner: Some(inner),
            pump: Pump::new(capacity),
            out: Vec::new(),
        }
    }

    /// What was found so far in this writer's streams, per kind.
    pub fn findings(&self) -> &Findings {
        &self.pump.counts
    }

    /// The buffer size in bytes.
    pub fn capacity(&self) -> usize {
        self.pump.capacity()
    }

    /// The inner writer. `None` never happens outside of `into_inner`.
    fn inner_mut(&mut self) -> io::Result<&mut W> {
        self.inner
            .as_mut()
            .ok_or_else(|| io::Error::other("the inner writer was taken"))
    }

    /// The inner writer (what was written to it so far).
    pub fn get_ref(&self) -> &W {
        // Only `into_inner` takes it, and that consumes `self`.
        match &self.inner {
            Some(w) => w,
            None => unreachable!("the inner writer is only taken by into_inner"),
        }
    }

    /// The inner writer, mutably. Writing to it directly bypasses the scrubber.
    pub fn get_mut(&mut self) -> &mut W {
        match &mut self.inner {
            Some(w) => w,
            None => unreachable!("the inner writer is only taken by into_inner"),
        }
    }

    /// Ends the stream: scrubs what is buffered (the partial last line too), writes it and
    /// flushes the inner writer.
    pub fn finish(&mut self) -> io::Result<()> {
        self.pump.scrub(self.scrubber.borrow(), true, &mut self.out);
        self.write_out()?;
        self.inner_mut()?.flush()
    }

    /// [`finish`](Self::finish)es the stream and returns the inner writer.
    pub fn into_inner(mut self) -> io::Result<W> {
        self.finish()?;
        self.inner
            .take()
            .ok_or_else(|| io::Error::other("the inner writer was taken"))
    }

    /// Writes the scrubbed bytes waiting in `out`; keeps what the inner writer refused.
    fn write_out(&mut self) -> io::Result<()> {
        let inner = match self.inner.as_mut() {
            Some(w) => w,
            None => return Err(io::Error::other("the inner writer was taken")),
        };
        let mut done = 0;
        let result = loop {
            if done == self.out.len() {
                break Ok(());
            }
            match inner.write(&self.out[done..]) {
                Ok(0) => break Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => done += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => break Err(e),
            }
        };
        self.out.drain(..done);
        result
    }
}

impl<S: Borrow<Scrubber>, W: Write> Write for ScrubWriter<S, W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        // Output refused earlier goes first; its error is this call's.
        self.write_out()?;
        let mut taken = 0;
        while taken < data.len() {
            let n = self.pump.push(&data[taken..]);
            let newline = memchr::memchr(b'\n', &data[taken..taken + n]).is_some();
            taken += n;
            // Scrub when something can be decided: a line was completed, the buffer is
            // full, or a span runs on (its bytes are decided as they come).
            if newline || self.pump.is_full() || self.pump.is_open() {
                self.pump
                    .scrub(self.scrubber.borrow(), false, &mut self.out);
                if let Err(e) = self.write_out() {
                    // These bytes are taken (their output waits in `out`); the error shows
                    // on the next call.
                    return if taken > 0 { Ok(taken) } else { Err(e) };
                }
            }
        }
        Ok(taken)
    }

    /// Scrubs and writes every complete line, then flushes the inner writer; a partial
    /// line stays buffered (see the type's docs).
    fn flush(&mut self) -> io::Result<()> {
        if self.pump.pending() > 0 {
            self.pump
                .scrub(self.scrubber.borrow(), false, &mut self.out);
        }
        self.write_out()?;
        self.inner_mut()?.flush()
    }
}

impl<S: Borrow<Scrubber>, W: Write> Drop for ScrubWriter<S, W> {
    /// Finishes the stream (errors ignored): nothing buffered is dropped silently.
    fn drop(&mut self) {
        if self.inner.is_some()
            && (self.pump.pending() > 0 || !self.out.is_empty() || self.pump.is_open())
            && !std::thread::panicking()
        {
            let _ = self.finish();
        }
    }
}

impl<S: Borrow<Scrubber>, W: Write> fmt::Debug for ScrubWriter<S, W> {
    /// Shows sizes only: buffered bytes may hold personal data.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScrubWriter")
            .field("capacity", &self.pump.capacity())
            .field("buffered", &self.pump.pending())
            .field("unwritten", &self.out.len())
            .field("findings", &self.pump.counts)
            .finish_non_exhaustive()
    }
}
