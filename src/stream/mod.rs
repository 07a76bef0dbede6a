//! Streaming with bounded memory: [`Scrubber::scrub_stream`](crate::Scrubber::scrub_stream),
//! [`ScrubReader`] and [`ScrubWriter`]; and the findings of a stream,
//! [`Scrubber::find_stream`](crate::Scrubber::find_stream).
//!
//! Every streaming surface and the one-shot API ([`Scrubber::scrub_bytes`] and friends)
//! run the **same window rule**, so their output is byte-identical for every buffer of at
//! least [`MIN_STREAM_BUFFER`] bytes, however the input is cut into reads or writes.
//!
//! # The window rule
//!
//! The input is scanned from a *fresh point* (the start, or where the previous piece
//! ended) in pieces:
//!
//! 1. **Whole lines.** When the rest of the current line, its `\n` included, has at most
//!    `SEGMENT` = [`MIN_STREAM_BUFFER`] − 1 bytes (or ends the input), it is scanned whole,
//!    together with as many following lines of at most `SEGMENT` bytes as are at hand.
//!    Detectors never look across a line break (see `src/detect/mod.rs`), so where a run of
//!    lines is cut does not matter. A run is cut after a line holding `-----BEGIN`, so
//!    that a PEM block crossing lines is always the run's last finding (rule 3).
//! 2. **Long lines.** Otherwise the next `SEGMENT` bytes are scanned as one piece. Findings
//!    that start in its first `SEGMENT` − `GUARD` bytes are kept (`GUARD` = 8 KiB, more
//!    than any match, [`MAX_CUSTOM_LEN`](crate::Scrubber::max_match_len) included); the
//!    next piece starts fresh after the last kept finding, or at `SEGMENT` − `GUARD`,
//!    whichever is later; it is scanned with up to 512 bytes of the line before it as
//!    context only (context keys, word boundaries), never rewritten again. Near such a cut a finding may thus be resolved differently than
//!    in one scan of the whole line; it is resolved the same way by every API.
//! 3. **Open spans.** A finding whose span reaches the end of a piece that does not end the
//!    input (a secret value longer than the piece, a PEM block whose END marker is further
//!    on) is *continued* without buffering it: a PEM block to the closing dashes of the
//!    next `-----END …-----` marker, across lines, exactly as the detector does in one
//!    scan (or to the end of the input); any other span to the end of its line (a `\r`
//!    before the `\n` is kept), unless a `-----BEGIN` shows on the way: the span then goes
//!    on as a PEM block from there (fail closed). The next piece starts fresh where the
//!    span ends.
//!
//! A span that crosses a line break or is continued is replaced line by line: each line
//! piece becomes the rule's label (`Redact`), nothing (`Remove`), stays (`Keep`), or, for
//! value-dependent actions (`Mask`), the kind's label: the whole value is never held.
//! Line breaks, CRLF, a missing final newline and bytes that are not UTF-8 pass through.
//!
//! Memory is bounded by the buffer, whatever the line length: the buffer holds at most one
//! piece and the bytes not yet decided (less than [`MIN_STREAM_BUFFER`]).
//!
//! [`Scrubber::scrub_bytes`]: crate::Scrubber::scrub_bytes

#[cfg(feature = "tokio")]
mod async_reader;
#[cfg(feature = "tokio")]
mod async_writer;
mod copy;
mod find;
mod pump;
mod reader;
mod span;
mod window;
mod writer;

pub use reader::ScrubReader;
pub use writer::ScrubWriter;

#[cfg(feature = "tokio")]
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
pub use async_reader::AsyncScrubReader;
#[cfg(feature = "tokio")]
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
pub use async_writer::AsyncScrubWriter;

pub(crate) use window::{find_windowed, needs_window, scrub_windowed};

/// The default buffer of the streaming surfaces: 64 KiB.
pub const STREAM_BUFFER: usize = 64 * 1024;

/// The smallest buffer the streaming surfaces use (32 KiB); a smaller request is raised
/// to it. With at least this many bytes the window rule can always decide (see the
/// [module docs](self)).
pub const MIN_STREAM_BUFFER: usize = 32 * 1024;
