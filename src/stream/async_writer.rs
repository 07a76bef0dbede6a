//! [`AsyncScrubWriter`]: tokio's [`AsyncWrite`] twin of [`ScrubWriter`](super::ScrubWriter)
//! (feature `tokio`).

use std::borrow::Borrow;
use std::fmt;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::AsyncWrite;

use crate::{Findings, Scrubber};

use super::pump::Pump;
use super::STREAM_BUFFER;

/// Scrubs everything written through it, then writes it to an inner [`AsyncWrite`], with
/// bounded memory and the same output as [`ScrubWriter`](super::ScrubWriter):
/// byte-identical to [`Scrubber::scrub_bytes`] on everything written, however the
/// writes cut it.
///
/// * A line is scrubbed once it is complete; a line longer than the buffer piece by
///   piece (the [window rule](crate::stream)).
/// * `flush` scrubs and writes every complete line; a partial line stays buffered.
/// * **`shutdown`** (`AsyncWriteExt::shutdown`) ends the stream: the partial last line is
///   scrubbed and written, then the inner writer is shut down. Call it: a writer dropped
///   before it **drops** what it buffers (an async writer cannot write in `drop`), it
///   never writes it unscrubbed.
/// * At most one buffer of scrubbed output waits for a slow inner writer: `poll_write`
///   takes no new bytes before the previous output has gone out.
///
/// ```
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// use tokio::io::AsyncWriteExt;
/// use piiscrub::{AsyncScrubWriter, Kind, Scrubber};
///
/// let scrubber = Scrubber::default();
/// let mut w = AsyncScrubWriter::new(&scrubber, Vec::new());
/// w.write_all(b"login alice@exa").await?;  // half a line: held
/// w.write_all(b"mple.com ok\nbye").await?; // the line is complete
/// w.shutdown().await?;                     // the partial last line goes out too
/// assert_eq!(w.get_ref(), b"login [EMAIL] ok\nbye");
/// assert_eq!(w.findings().get(&Kind::Email), 1);
/// # Ok::<(), std::io::Error>(())
/// # }).unwrap();
/// ```
pub struct AsyncScrubWriter<S, W> {
    scrubber: S,
    inner: W,
    pump: Pump,
    /// Scrubbed bytes not yet accepted by the inner writer, from `done`.
    out: Vec<u8>,
    done: usize,
}

impl<S: Borrow<Scrubber>, W> AsyncScrubWriter<S, W> {
    /// A writer with the default buffer ([`STREAM_BUFFER`], 64 KiB). `scrubber` may be a
    /// `&Scrubber`, an `Arc<Scrubber>` (for spawned tasks) or an owned `Scrubber`.
    pub fn new(scrubber: S, inner: W) -> Self {
        Self::with_capacity(STREAM_BUFFER, scrubber, inner)
    }

    /// A writer with a buffer of `capacity` bytes, raised to
    /// [`MIN_STREAM_BUFFER`](crate::MIN_STREAM_BUFFER) when smaller.
    pub fn with_capacity(capacity: usize, scrubber: S, inner: W) -> Self {
        AsyncScrubWriter {
            scrubber,
            inner,
            pump: Pump::new(capacity),
            out: Vec::new(),
            done: 0,
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

    /// The inner writer (what was written to it so far).
    pub fn get_ref(&self) -> &W {
        &self.inner
    }

    /// The inner writer, mutably. Writing to it directly bypasses the scrubber.
    pub fn get_mut(&mut self) -> &mut W {
        &mut self.inner
    }

    /// The inner writer. Shut the stream down first: bytes still buffered are dropped.
    pub fn into_inner(self) -> W {
        self.inner
    }
}

impl<S: Borrow<Scrubber> + Unpin, W: AsyncWrite + Unpin> AsyncScrubWriter<S, W> {
    /// Writes the scrubbed bytes waiting in `out` to the inner writer.
    fn poll_write_out(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.done < self.out.len() {
            match Pin::new(&mut self.inner).poll_write(cx, &self.out[self.done..]) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Ok(0)) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                Poll::Ready(Ok(n)) => self.done += n,
                Poll::Ready(Err(e)) if e.kind() == io::ErrorKind::Interrupted => {}
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
            }
        }
        self.out.clear();
        self.done = 0;
        Poll::Ready(Ok(()))
    }
}

impl<S: Borrow<Scrubber> + Unpin, W: AsyncWrite + Unpin> AsyncWrite for AsyncScrubWriter<S, W> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        // Output waiting from before goes first: this bounds what is held.
        match this.poll_write_out(cx) {
            Poll::Ready(Ok(())) => {}
            other => return other.map(|r| r.map(|()| 0)),
        }
        let n = this.pump.push(data);
        let newline = memchr::memchr(b'\n', &data[..n]).is_some();
        // Scrub when something can be decided: a line was completed, the buffer is
        // full, or a span runs on (its bytes are decided as they come).
        if newline || this.pump.is_full() || this.pump.is_open() {
            this.pump
                .scrub(this.scrubber.borrow(), false, &mut this.out);
            // These bytes are taken whatever happens: output the inner writer does not
            // take now (pending, or an error) goes out, or fails, on the next call.
            let _ = this.poll_write_out(cx);
        }
        Poll::Ready(Ok(n))
    }

    /// Scrubs and writes every complete line, then flushes the inner writer; a partial
    /// line stays buffered.
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.pump.pending() > 0 {
            // Feeding again what the window left undecided decides nothing more, so a
            // flush polled again after `Pending` writes nothing twice.
            this.pump
                .scrub(this.scrubber.borrow(), false, &mut this.out);
        }
        match this.poll_write_out(cx) {
            Poll::Ready(Ok(())) => Pin::new(&mut this.inner).poll_flush(cx),
            other => other,
        }
    }

    /// Ends the stream: scrubs what is buffered (the partial last line too), writes it
    /// and shuts the inner writer down. Writing after it starts a new stream.
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        // With `eof` the window decides everything: polled again, there is nothing left.
        this.pump.scrub(this.scrubber.borrow(), true, &mut this.out);
        match this.poll_write_out(cx) {
            Poll::Ready(Ok(())) => Pin::new(&mut this.inner).poll_shutdown(cx),
            other => other,
        }
    }
}

impl<S, W> fmt::Debug for AsyncScrubWriter<S, W> {
    /// Shows sizes only: buffered bytes may hold personal data.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncScrubWriter")
            .field("capacity", &self.pump.capacity())
            .field("buffered", &self.pump.pending())
            .field("unwritten", &(self.out.len() - self.done))
            .field("findings", &self.pump.counts)
            .finish_non_exhaustive()
    }
}
