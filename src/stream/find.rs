//! [`Scrubber::find_stream`]: the findings of a stream, with a fixed buffer.

use std::io::Read;

use crate::{Error, Finding, Findings, Scrubber};

use super::pump::Pump;
use super::STREAM_BUFFER;

impl Scrubber {
    /// What [`find`](Self::find) reports on everything `reader` yields, with a fixed
    /// buffer of [`STREAM_BUFFER`] bytes whatever the line length: `on_finding` gets
    /// every finding, left to right, its range counted in bytes from the start of the
    /// stream. A finding that runs on past the buffer (a long secret value, a PEM block)
    /// is handed over once its end has been read. Returns the per-kind counts.
    ///
    /// For reports (`file:line: kind`) over inputs of any size, such as a CI gate that
    /// must never hold a whole multi-gigabyte line. The ranges are those the scrubbed
    /// output of [`scrub_stream`](Self::scrub_stream) shows.
    ///
    /// ```
    /// use piiscrub::{Kind, Scrubber};
    /// let input: &[u8] = b"ip 198.51.100.23\nmail bob@example.com";
    /// let mut found = Vec::new();
    /// let counts = Scrubber::default().find_stream(input, |f| found.push(f))?;
    /// assert_eq!(found[1].kind, Kind::Email);
    /// assert_eq!(found[1].range, 22..37);
    /// assert_eq!(counts.get(&Kind::Ipv4), 1);
    /// # Ok::<(), piiscrub::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// An [`ErrorKind::Io`](crate::ErrorKind::Io) error when reading fails; the
    /// findings before it have been handed over.
    pub fn find_stream<R: Read>(
        &self,
        reader: R,
        on_finding: impl FnMut(Finding),
    ) -> Result<Findings, Error> {
        self.find_stream_with_capacity(STREAM_BUFFER, reader, on_finding)
    }

    /// [`find_stream`](Self::find_stream) with a buffer of `capacity` bytes, raised to
    /// [`MIN_STREAM_BUFFER`](crate::MIN_STREAM_BUFFER) when smaller.
    pub fn find_stream_with_capacity<R: Read>(
        &self,
        capacity: usize,
        mut reader: R,
        mut on_finding: impl FnMut(Finding),
    ) -> Result<Findings, Error> {
        let mut pump = Pump::recording(capacity);
        // The window writes the scrubbed bytes too; they are dropped after each round.
        let (mut out, mut hits) = (Vec::new(), Vec::new());
        let mut eof = false;
        while !eof {
            eof = pump
                .read_from(&mut reader)
                .map_err(|e| Error::io_during("reading the input", &e))?;
            pump.scrub(self, eof, &mut out);
            out.clear();
            pump.take_found(&mut hits);
            for hit in hits.drain(..) {
                on_finding(self.finding(hit));
            }
        }
        Ok(pump.counts)
    }
}
