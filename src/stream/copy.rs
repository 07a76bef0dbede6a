//! [`Scrubber::scrub_stream`]: reader → writer with a fixed buffer.

use std::io::{Read, Write};

use crate::{Error, Findings, Scrubber};

use super::pump::Pump;
use super::STREAM_BUFFER;

impl Scrubber {
    /// Scrubs everything `reader` yields into `writer` with a fixed buffer of
    /// [`STREAM_BUFFER`] bytes, whatever the line length, and returns what was found.
    /// The output is byte-identical to [`scrub_bytes`](Self::scrub_bytes) on the whole
    /// input; CRLF, a missing final newline and bytes that are not UTF-8 are kept.
    /// What was read is scrubbed and written as it arrives (a line once it is complete),
    /// so `tail -f`-like inputs flow. `writer` is flushed at the end.
    ///
    /// ```
    /// use piiscrub::{Kind, Scrubber};
    /// let input: &[u8] = b"ip 198.51.100.23\nmail bob@example.com";
    /// let mut out = Vec::new();
    /// let found = Scrubber::default().scrub_stream(input, &mut out)?;
    /// assert_eq!(out, b"ip 198.51.100.0\nmail [EMAIL]");
    /// assert_eq!(found.get(&Kind::Email), 1);
    /// # Ok::<(), piiscrub::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// An [`ErrorKind::Io`](crate::ErrorKind::Io) error when reading or writing fails;
    /// what was scrubbed before it has been written.
    pub fn scrub_stream<R: Read, W: Write>(&self, reader: R, writer: W) -> Result<Findings, Error> {
        self.scrub_stream_with_capacity(STREAM_BUFFER, reader, writer)
    }

    /// [`scrub_stream`](Self::scrub_stream) with a buffer of `capacity` bytes, raised to
    /// [`MIN_STREAM_BUFFER`](crate::MIN_STREAM_BUFFER) when smaller.
    pub fn scrub_stream_with_capacity<R: Read, W: Write>(
        &self,
        capacity: usize,
        mut reader: R,
        mut writer: W,
    ) -> Result<Findings, Error> {
        let mut pump = Pump::new(capacity);
        let mut out = Vec::new();
        let mut eof = false;
        while !eof {
            eof = pump
                .read_from(&mut reader)
                .map_err(|e| Error::io_during("reading the input", &e))?;
            pump.scrub(self, eof, &mut out);
            writer
                .write_all(&out)
                .map_err(|e| Error::io_during("writing the output", &e))?;
            out.clear();
        }
        writer
            .flush()
            .map_err(|e| Error::io_during("writing the output", &e))?;
        Ok(pump.counts)
    }
}
