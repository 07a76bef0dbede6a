//! [`AsyncScrubReader`]: tokio's [`AsyncRead`] + [`AsyncBufRead`] twin of
//! [`ScrubReader`](super::ScrubReader) (feature `tokio`).

use std::borrow::Borrow;
use std::fmt;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncBufRead, AsyncRead, ReadBuf};

use crate::{Findings, Scrubber};

use super::pump::Pump;
use super::STREAM_BUFFER;

/// Reads from an inner [`AsyncRead`] and yields the scrubbed bytes, with bounded memory:
/// a fixed buffer (default [`STREAM_BUFFER`]) whatever the line length. It runs the same
/// window rule as every other surface (see the [module docs](crate::stream)), so what it
/// yields is byte-identical to [`Scrubber::scrub_bytes`] on the whole input, however
/// the inner reader cuts it.
///
/// It is also [`AsyncBufRead`] (`lines()`, `read_until` on scrubbed text). Scrubbing runs
/// inline in `poll_read`: a few microseconds per KiB, like any parser in a read path.
///
/// ```
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// use tokio::io::AsyncReadExt;
/// use piiscrub::{AsyncScrubReader, Scrubber};
///
/// let scrubber = Scrubber::default();
/// let input: &[u8] = b"from 203.0.113.77\nmail bob@example.com";
/// let mut r = AsyncScrubReader::new(&scrubber, input);
/// let mut out = String::new();
/// r.read_to_string(&mut out).await?;
/// assert_eq!(out, "from 203.0.113.0\nmail [EMAIL]");
/// # Ok::<(), std::io::Error>(())
/// # }).unwrap();
/// ```
pub struct AsyncScrubReader<S, R> {
    scrubber: S,
    inner: R,
    pump: Pump,
    /// Scrubbed bytes not yet handed out, from `pos`.
    out: Vec<u8>,
    pos: usize,
    eof: bool,
}

impl<S: Borrow<Scrubber>, R> AsyncScrubReader<S, R> {
    /// A reader with the default buffer ([`STREAM_BUFFER`], 64 KiB). `scrubber` may be a
    /// `&Scrubber`, an `Arc<Scrubber>` (for spawned tasks) or an owned `Scrubber`.
    pub fn new(scrubber: S, inner: R) -> Self {
        Self::with_capacity(STREAM_BUFFER, scrubber, inner)
    }

    /// A reader with a buffer of `capacity` bytes, raised to
    /// [`MIN_STREAM_BUFFER`](crate::MIN_STREAM_BUFFER) when smaller.
    pub fn with_capacity(capacity: usize, scrubber: S, inner: R) -> Self {
        AsyncScrubReader {
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

impl<S: Borrow<Scrubber> + Unpin, R: AsyncRead + Unpin> AsyncBufRead for AsyncScrubReader<S, R> {
    fn poll_fill_buf(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<&[u8]>> {
        let this = self.get_mut();
        while this.pos == this.out.len() {
            if this.eof && this.pump.pending() == 0 && !this.pump.is_open() {
                break;
            }
            if !this.eof {
                // The window leaves less than a buffer undecided: there is always room.
                let mut spare = ReadBuf::new(this.pump.spare());
                match Pin::new(&mut this.inner).poll_read(cx, &mut spare) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(Err(e)) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                    Poll::Ready(Ok(())) => match spare.filled().len() {
                        0 => this.eof = true,
                        n => this.pump.filled(n),
                    },
                }
            }
            this.out.clear();
            this.pos = 0;
            this.pump
                .scrub(this.scrubber.borrow(), this.eof, &mut this.out);
        }
        Poll::Ready(Ok(&this.out[this.pos..]))
    }

    fn consume(self: Pin<&mut Self>, amt: usize) {
        let this = self.get_mut();
        this.pos = (this.pos + amt).min(this.out.len());
    }
}

impl<S: Borrow<Scrubber> + Unpin, R: AsyncRead + Unpin> AsyncRead for AsyncScrubReader<S, R> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let avail = match self.as_mut().poll_fill_buf(cx) {
            Poll::Ready(Ok(avail)) => avail,
            Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
            Poll::Pending => return Poll::Pending,
        };
        let n = avail.len().min(buf.remaining());
        buf.put_slice(&avail[..n]);
        self.consume(n);
        Poll::Ready(Ok(()))
    }
}

impl<S, R> fmt::Debug for AsyncScrubReader<S, R> {
    /// Shows sizes only: buffered bytes may hold personal data.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncScrubReader")
            .field("capacity", &self.pump.capacity())
            .field("buffered", &self.pump.pending())
            .field("unread", &(self.out.len() - self.pos))
            .field("eof", &self.eof)
            .field("findings", &self.pump.counts)
            .finish_non_exhaustive()
    }
}
