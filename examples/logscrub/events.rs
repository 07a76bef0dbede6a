//! `--format ndjson|auto`: the lines of a chunk scrubbed as JSON events or as text.
//!
//! A line is tried as an event (ndjson: every line that is not blank; auto: a line
//! whose first non-blank byte is `{`). Lines that are not events, and lines that fail
//! as events (not JSON, over a limit), are gathered in runs of consecutive lines and
//! scrubbed as text together, exactly as in text mode: detectors that span lines (a PEM
//! private-key block) see the whole run, and nothing is ever passed through raw.

use piiscrub::{EventScrubber, Findings};

use crate::args::Format;

/// Appends the scrubbed `input` (whole lines) to `out`.
pub fn scrub_lines(
    events: &EventScrubber,
    format: Format,
    input: &[u8],
    out: &mut Vec<u8>,
    counts: &mut Findings,
) {
    // Start of the pending run of text lines; the event being tried.
    let (mut run, mut at) = (0, 0);
    let mut event = Vec::new();
    for line in input.split_inclusive(|&b| b == b'\n') {
        let start = at;
        at += line.len();
        let (body, end) = split_ending(line);
        let first = body.iter().find(|b| !matches!(b, b' ' | b'\t' | b'\r'));
        let try_event = match format {
            Format::Ndjson => first.is_some(),
            Format::Auto => first == Some(&b'{'),
            Format::Text => false,
        };
        event.clear();
        let mut found = Findings::default();
        if !try_event || events.scrub_event(body, &mut event, &mut found).is_err() {
            // Text: it stays in the run.
            continue;
        }
        // The run before this event goes first, so the output keeps the input's order.
        events
            .scrubber()
            .scrub_into(&input[run..start], out, counts);
        out.extend_from_slice(&event);
        out.extend_from_slice(end);
        counts.merge(&found);
        run = at;
    }
    events.scrubber().scrub_into(&input[run..], out, counts);
}

/// A line without its `\n` / `\r\n`, and that ending.
fn split_ending(line: &[u8]) -> (&[u8], &[u8]) {
    if let Some(b) = line.strip_suffix(b"\r\n") {
        (b, &line[b.len()..])
    } else if let Some(b) = line.strip_suffix(b"\n") {
        (b, &line[b.len()..])
    } else {
        (line, &[])
    }
}
