//! NDJSON: one event per line. A line that is a JSON text is rewritten
//! byte-preserving; any other line (not JSON, over a limit) is scrubbed as text, so
//! nothing is ever passed through raw.

use std::io::{self, BufRead, Write};

use super::EventScrubber;
use crate::error::Error;
use crate::Findings;

/// What happened to one NDJSON line.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LineOutcome {
    /// The line was a JSON event and was scrubbed field by field.
    Event,
    /// The line was empty or only whitespace; it was copied.
    Blank,
    /// The line was not a usable event (`reason` says why, without its content) and
    /// was scrubbed as free text.
    Text {
        /// Why the line was not scrubbed as an event.
        reason: Error,
    },
}

/// Totals of one NDJSON stream.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct NdjsonStats {
    /// Free-text findings, per kind.
    pub findings: Findings,
    /// Lines scrubbed as JSON events.
    pub events: u64,
    /// Lines scrubbed as text (not JSON, or over a limit).
    pub text_lines: u64,
}

impl EventScrubber {
    /// Scrubs one NDJSON line (with or without its `\n` / `\r\n`, which are kept) and
    /// appends it to `out`.
    ///
    /// ```
    /// use piiscrub::{EventScrubber, LineOutcome, Policy};
    /// let events = EventScrubber::new(&Policy::default())?;
    /// let mut out = Vec::new();
    /// let r = events.scrub_ndjson_line(b"{\"ip\": \"10.1.2.3\"}\n", &mut out, &mut Default::default());
    /// assert_eq!((r, &out[..]), (LineOutcome::Event, &b"{\"ip\": \"10.1.2.0\"}\n"[..]));
    /// out.clear();
    /// let r = events.scrub_ndjson_line(b"{oops alice@example.com\n", &mut out, &mut Default::default());
    /// assert!(matches!(r, LineOutcome::Text { .. }));
    /// assert_eq!(out, b"{oops [EMAIL]\n");
    /// # Ok::<(), piiscrub::Error>(())
    /// ```
    pub fn scrub_ndjson_line(
        &self,
        line: &[u8],
        out: &mut Vec<u8>,
        counts: &mut Findings,
    ) -> LineOutcome {
        let mut body = line;
        let mut end: &[u8] = b"";
        if let Some(b) = body.strip_suffix(b"\n") {
            body = b;
            end = b"\n";
            if let Some(b) = body.strip_suffix(b"\r") {
                body = b;
                end = b"\r\n";
            }
        }
        let outcome = if body.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r')) {
            out.extend_from_slice(body);
            LineOutcome::Blank
        } else {
            match self.scrub_event(body, out, counts) {
                Ok(()) => LineOutcome::Event,
                Err(reason) => {
                    self.scrubber().scrub_into(body, out, counts);
                    LineOutcome::Text { reason }
                }
            }
        };
        out.extend_from_slice(end);
        outcome
    }

    /// Scrubs an NDJSON stream line by line from `input` to `output` and returns its
    /// totals. Lines are read whole (an event over `max_event_bytes` is scrubbed as
    /// text); the output has exactly the input's lines and line endings.
    ///
    /// ```
    /// use piiscrub::{EventScrubber, Policy};
    /// let events = EventScrubber::new(&Policy::default())?;
    /// let input = "{\"user\":\"a@example.com\"}\nnot json 10.9.8.7\n";
    /// let mut output = Vec::new();
    /// let stats = events.scrub_ndjson(input.as_bytes(), &mut output).unwrap();
    /// assert_eq!(output, b"{\"user\":\"[EMAIL]\"}\nnot json 10.9.8.0\n");
    /// assert_eq!((stats.events, stats.text_lines), (1, 1));
    /// # Ok::<(), piiscrub::Error>(())
    /// ```
    pub fn scrub_ndjson<R: BufRead, W: Write>(
        &self,
        mut input: R,
        mut output: W,
    ) -> io::Result<NdjsonStats> {
        let mut stats = NdjsonStats::default();
        let (mut line, mut out) = (Vec::new(), Vec::new());
        loop {
            line.clear();
            if input.read_until(b'\n', &mut line)? == 0 {
                break;
            }
            out.clear();
            match self.scrub_ndjson_line(&line, &mut out, &mut stats.findings) {
                LineOutcome::Event => stats.events += 1,
                LineOutcome::Text { .. } => stats.text_lines += 1,
                LineOutcome::Blank => {}
            }
            output.write_all(&out)?;
        }
        output.flush()?;
        Ok(stats)
    }
}
