//! [`Window`]: the window rule (see the [module docs](super)) as one state machine, fed
//! with whatever bytes are at hand. The one-shot API and every streaming surface run it,
//! which is what makes their outputs identical.

use crate::detect::secrets::pem_begin_at;
use crate::scan::Hit;
use crate::scrubber::write_replacement;
use crate::{Findings, Key, Scrubber};

use super::span::{Continue, OpenSpan, Pem, Pieces};
use super::MIN_STREAM_BUFFER;

/// The longest rest of a line (its `\n` included) scanned as one piece.
const SEGMENT: usize = MIN_STREAM_BUFFER - 1;

/// A long-line piece keeps the findings that start in its first `KEEP` bytes: the last
/// `GUARD` bytes give every kept candidate its whole match (custom regexes are at most
/// 4 KiB long) and its validator room to look ahead.
const GUARD: usize = 8 * 1024;
const KEEP: usize = SEGMENT - GUARD;

/// How many bytes of whole lines one scan takes at most: bounds the work of finding where
/// a run of lines ends; it does not change the output.
const BATCH_MAX: usize = 256 * 1024;

/// How many bytes of the line before a fresh point inside a long line the next piece is
/// scanned with, as context only: context keys (`imei=`, `phone: `), word boundaries
/// and grouped numbers then read as in one scan of the line. More than any context key
/// with its separator.
const BEHIND: usize = 512;

/// The scan state carried from one call to the next: only an open span.
#[derive(Debug, Default)]
pub(crate) struct Window {
    open: Option<OpenSpan>,
    /// Whether anything written differs from the input.
    changed: bool,
    /// The bytes of the current line before the fresh point, when that point is inside
    /// a long line (at most [`BEHIND`]); scanned as context, never rewritten.
    behind: Vec<u8>,
    /// The look-behind followed by the piece: only used when `behind` is not empty.
    joined: Vec<u8>,
    /// Where the bytes of the next `feed` start in the whole input.
    offset: usize,
    /// The reported findings with their ranges in the whole input, when recording
    /// (for [`Scrubber::find`]); the last one may still be open.
    record: Option<Vec<Hit>>,
    /// Whether the open span is the last recorded finding (its end is not known yet).
    record_open: bool,
}

impl Window {
    /// A window that records the findings it reports, with their ranges in the whole
    /// input (for [`Scrubber::find`] and [`Scrubber::find_stream`]).
    pub(crate) fn recording() -> Window {
        Window {
            record: Some(Vec::new()),
            ..Window::default()
        }
    }

    /// Moves the recorded findings whose end is known (all but a span still open) into
    /// `into`.
    pub(crate) fn take_found(&mut self, into: &mut Vec<Hit>) {
        if let Some(record) = self.record.as_mut() {
            let closed = record.len() - usize::from(self.record_open);
            into.extend(record.drain(..closed));
        }
    }

    /// True while a span is continued: its next bytes are decided as they come.
    pub(crate) fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// Scrubs the start of `data` as far as the window rule can decide, appending the
    /// output to `out` and the findings to `counts`; returns how many bytes it consumed.
    /// With `eof` (nothing follows `data`) that is all of them; otherwise fewer than
    /// [`MIN_STREAM_BUFFER`] are left, to be fed again in front of the next bytes.
    pub(crate) fn feed(
        &mut self,
        s: &Scrubber,
        key: Option<&Key>,
        data: &[u8],
        eof: bool,
        out: &mut Vec<u8>,
        counts: &mut Findings,
    ) -> usize {
        let used = self.feed_from(s, key, data, eof, out, counts);
        self.offset += used;
        used
    }

    fn feed_from(
        &mut self,
        s: &Scrubber,
        key: Option<&Key>,
        data: &[u8],
        eof: bool,
        out: &mut Vec<u8>,
        counts: &mut Findings,
    ) -> usize {
        let mut pos = 0;
        loop {
            let rest = &data[pos..];
            if let Some(open) = &mut self.open {
                let (used, done) = open.extend(rest, eof, out);
                pos += used;
                if !done {
                    return pos;
                }
                // The open finding ends where its span stopped.
                if std::mem::take(&mut self.record_open) {
                    if let Some(hit) = self.record.as_mut().and_then(|r| r.last_mut()) {
                        hit.span.end = self.offset + pos;
                    }
                }
                self.open = None;
                self.behind.clear();
                continue;
            }
            if rest.is_empty() {
                return pos;
            }
            let (end, last) = lines_end(rest, eof);
            if end > 0 {
                let (hay, from) = self.with_behind(&rest[..end]);
                let at = self.offset + pos;
                self.lines(s, key, (&hay, from, at), last, out, counts);
                self.reuse(hay);
                self.behind.clear();
                pos += end;
            } else if rest.len() > SEGMENT {
                let (hay, from) = self.with_behind(&rest[..SEGMENT]);
                let at = self.offset + pos;
                let used = self.segment(s, key, (&hay, from, at), out, counts);
                self.reuse(hay);
                self.remember(&rest[..used]);
                pos += used;
            } else {
                return pos;
            }
        }
    }

    /// `piece`, with the look-behind in front when there is one, and where the piece
    /// starts in it. Without a look-behind (the common case) nothing is copied.
    fn with_behind<'a>(&mut self, piece: &'a [u8]) -> (std::borrow::Cow<'a, [u8]>, usize) {
        if self.behind.is_empty() {
            return (std::borrow::Cow::Borrowed(piece), 0);
        }
        let mut joined = std::mem::take(&mut self.joined);
        joined.clear();
        joined.extend_from_slice(&self.behind);
        joined.extend_from_slice(piece);
        (std::borrow::Cow::Owned(joined), self.behind.len())
    }

    /// Keeps the joined buffer's allocation for the next piece.
    fn reuse(&mut self, hay: std::borrow::Cow<'_, [u8]>) {
        if let std::borrow::Cow::Owned(v) = hay {
            self.joined = v;
        }
    }

    /// Keeps the last [`BEHIND`] bytes of the line up to the new fresh point, after
    /// `consumed` bytes of a long line (a segment holds no line break).
    fn remember(&mut self, consumed: &[u8]) {
        if self.open.is_some() {
            self.behind.clear();
            return;
        }
        let keep = consumed.len().min(BEHIND);
        let old = (BEHIND - keep).min(self.behind.len());
        self.behind.drain(..self.behind.len() - old);
        self.behind
            .extend_from_slice(&consumed[consumed.len() - keep..]);
    }

    /// Records a reported hit of a piece starting at `from` in its hay and at `at` in
    /// the whole input (when recording).
    fn note(&mut self, hit: &Hit, from: usize, at: usize) {
        if let Some(record) = &mut self.record {
            let span = at + (hit.span.start - from)..at + (hit.span.end - from);
            record.push(Hit { span, ..*hit });
        }
    }

    /// Rule 1: scans whole lines (`last`: they end the input), from `from` in `hay`
    /// (the bytes before are look-behind; `from` is at `at` in the whole input).
    fn lines(
        &mut self,
        s: &Scrubber,
        key: Option<&Key>,
        (hay, from, at): (&[u8], usize, usize),
        last: bool,
        out: &mut Vec<u8>,
        counts: &mut Findings,
    ) {
        let mut pos = from;
        s.scan_hits(hay, |hit| {
            if self.open.is_some() || hit.span.end <= from {
                return;
            }
            let hit = clip(hit, from);
            let span = hit.span.clone();
            out.extend_from_slice(&hay[pos..span.start]);
            let (report, rep) = s.judge(hay, &hit, key, counts);
            if report {
                self.note(&hit, from, at);
            }
            let open = span.end == hay.len() && !last;
            if open || memchr::memchr(b'\n', &hay[span.clone()]).is_some() {
                // Only a PEM block crosses lines; the run of lines was cut after its BEGIN
                // line, so it is open here unless the input ends.
                let rep = rep.and_then(|_| s.piece_replacement(hit.rule));
                self.changed |= rep.is_some();
                let mut pieces = Pieces::new(rep);
                pieces.feed(&hay[span.clone()], out);
                if let Some(how) = open.then(|| pem_open(hay, span.start)).flatten() {
                    self.open = Some(OpenSpan { how, pieces });
                    self.record_open = report;
                }
            } else if let Some(rep) = rep {
                write_replacement(out, &hay[span.clone()], rep.as_bytes());
                self.changed = true;
            } else {
                out.extend_from_slice(&hay[span.clone()]);
            }
            pos = span.end;
        });
        out.extend_from_slice(&hay[pos..]);
    }

    /// Rule 2: scans the first [`SEGMENT`] bytes of a long line, from `from` in `hay`
    /// (the bytes before are look-behind; `from` is at `at` in the whole input);
    /// returns how many it consumed.
    fn segment(
        &mut self,
        s: &Scrubber,
        key: Option<&Key>,
        (hay, from, at): (&[u8], usize, usize),
        out: &mut Vec<u8>,
        counts: &mut Findings,
    ) -> usize {
        let mut pos = from;
        let mut stop = false;
        s.scan_hits(hay, |hit| {
            if stop || hit.span.end <= from {
                return;
            }
            let hit = clip(hit, from);
            if hit.span.start >= from + KEEP {
                stop = true;
                return;
            }
            let span = hit.span.clone();
            out.extend_from_slice(&hay[pos..span.start]);
            let (report, rep) = s.judge(hay, &hit, key, counts);
            if report {
                self.note(&hit, from, at);
            }
            if span.end == hay.len() {
                // Rule 3: the value runs on past this piece.
                let rep = rep.and_then(|_| s.piece_replacement(hit.rule));
                self.changed |= rep.is_some();
                let mut pieces = Pieces::new(rep);
                pieces.feed(&hay[span.clone()], out);
                let how = pem_open(hay, span.start)
                    .unwrap_or_else(|| Continue::value_tail(&hay[span.clone()]));
                self.open = Some(OpenSpan { how, pieces });
                self.record_open = report;
                stop = true;
            } else if let Some(rep) = rep {
                write_replacement(out, &hay[span.clone()], rep.as_bytes());
                self.changed = true;
            } else {
                out.extend_from_slice(&hay[span.clone()]);
            }
            pos = span.end;
        });
        if self.open.is_some() {
            return hay.len() - from;
        }
        let end = pos.max(from + KEEP);
        out.extend_from_slice(&hay[pos..end]);
        end - from
    }
}

/// A hit that starts in the look-behind (before `from`) but runs past it: only its part
/// after `from` is this piece's (the part before was written already); it is not left
/// raw, and it does not hide the hits it overlaps.
fn clip(hit: Hit, from: usize) -> Hit {
    Hit {
        span: hit.span.start.max(from)..hit.span.end,
        ..hit
    }
}

/// The PEM continuation of a span starting at `start` that reached the end of `hay`:
/// `None` when no PEM BEGIN marker starts there (or its block already ended).
fn pem_open(hay: &[u8], start: usize) -> Option<Continue> {
    let marker_end = pem_begin_at(hay, start)?;
    let mut pem = Pem::End(0);
    match pem.run(&hay[marker_end..]) {
        None => Some(Continue::Pem(pem)),
        Some(_) => None,
    }
}

/// Where the run of whole lines at the start of `data` ends (rule 1), and whether it ends
/// the input. `0` when the first line is longer than [`SEGMENT`] or not complete yet.
fn lines_end(data: &[u8], eof: bool) -> (usize, bool) {
    let head = &data[..data.len().min(SEGMENT)];
    let Some(first) = memchr::memchr(b'\n', head) else {
        // No line break: the last line of the input, when it is short enough.
        return if eof && data.len() <= SEGMENT {
            (data.len(), true)
        } else {
            (0, false)
        };
    };
    let region = &data[..data.len().min(BATCH_MAX)];
    let begin = memchr::memmem::find(region, b"-----BEGIN");
    let cut = |end: usize| begin.is_some_and(|q| q < end);
    let mut end = first + 1;
    let mut whole = !cut(end);
    if whole {
        let base = end;
        for nl in memchr::memchr_iter(b'\n', &region[base..]) {
            let line_end = base + nl + 1;
            if line_end - end > SEGMENT {
                whole = false;
                break;
            }
            end = line_end;
            if cut(end) {
                whole = false;
                break;
            }
        }
    }
    // The unterminated last line of the input.
    if whole && eof && region.len() == data.len() && data.len() - end <= SEGMENT {
        end = data.len();
    }
    (end, eof && end == data.len())
}

/// True when `input` has a line longer than the one-shot API scans whole: the window rule
/// then cuts it (rule 2).
pub(crate) fn needs_window(input: &[u8]) -> bool {
    // Jump a segment at a time to the last line end inside it (one call per 32 KiB,
    // not one per line): the line starting at `start` is too long exactly when the
    // next `SEGMENT` bytes hold no `\n`.
    let mut start = 0;
    while input.len() - start > SEGMENT {
        match memchr::memrchr(b'\n', &input[start..start + SEGMENT]) {
            Some(i) => start += i + 1,
            None => return true,
        }
    }
    false
}

/// The findings of the window rule over a whole input, with their ranges in it: what
/// [`scrub_windowed`] reports, so [`Scrubber::find`] agrees with the output.
pub(crate) fn find_windowed(s: &Scrubber, key: Option<&Key>, input: &[u8]) -> Vec<Hit> {
    let mut window = Window::recording();
    let (mut out, mut counts) = (Vec::new(), Findings::default());
    window.feed(s, key, input, true, &mut out, &mut counts);
    window.record.unwrap_or_default()
}

/// Scrubs a whole input with the window rule; returns whether anything changed.
pub(crate) fn scrub_windowed(
    s: &Scrubber,
    key: Option<&Key>,
    input: &[u8],
    out: &mut Vec<u8>,
    counts: &mut Findings,
) -> bool {
    let mut window = Window::default();
    let used = window.feed(s, key, input, true, out, counts);
    debug_assert_eq!(used, input.len());
    window.changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_end_cuts_after_begin_and_before_long_lines() {
        assert_eq!(lines_end(b"a\nb\nc", false), (4, false));
        assert_eq!(lines_end(b"a\nb\nc", true), (5, true));
        assert_eq!(lines_end(b"a\n-----BEGIN x\nc\n", false), (15, false));
        let long = [b'x'; SEGMENT + 1];
        let mut data = b"a\n".to_vec();
        data.extend_from_slice(&long);
        data.push(b'\n');
        assert_eq!(lines_end(&data, true), (2, false));
        assert_eq!(lines_end(&long, true), (0, false));
        assert_eq!(lines_end(&long[..SEGMENT], true), (SEGMENT, true));
        assert_eq!(lines_end(&long[..SEGMENT], false), (0, false));
    }

    #[test]
    fn needs_window_only_for_long_lines() {
        assert!(!needs_window(b"short\nlines\n"));
        let mut v = vec![b'a'; SEGMENT - 1];
        v.push(b'\n');
        v.extend_from_slice(&v.clone());
        assert!(!needs_window(&v));
        v.extend_from_slice(&[b'b'; SEGMENT + 1]);
        assert!(needs_window(&v));
    }

    #[test]
    fn needs_window_agrees_with_a_line_by_line_check() {
        // Lines of lengths around the segment, from a fixed linear congruential sequence.
        // Terminated lines count their `\n`; the unterminated last one does not.
        let naive = |input: &[u8]| {
            let mut pieces = input.split(|&b| b == b'\n').peekable();
            let mut long = false;
            while let Some(l) = pieces.next() {
                let len = l.len() + usize::from(pieces.peek().is_some());
                long |= len > SEGMENT;
            }
            long
        };
        let mut x: u64 = 7;
        for _ in 0..200 {
            let mut v = Vec::new();
            for _ in 0..(x % 5) {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let len = match x >> 62 {
                    0 => (x >> 20) as usize % 64,
                    1 => SEGMENT - 2 + (x >> 20) as usize % 4,
                    2 => SEGMENT,
                    _ => (x >> 20) as usize % SEGMENT,
                };
                v.extend(std::iter::repeat_n(b'a', len));
                if x & 1 == 0 {
                    v.push(b'\n');
                }
            }
            assert_eq!(needs_window(&v), naive(&v), "{} bytes", v.len());
            x = x.wrapping_add(v.len() as u64);
        }
    }
}
