//! Open spans: a finding that runs past the end of the piece it was found in, continued
//! over the following bytes without holding them (rule 3 of the window rule).

use crate::detect::secrets::PEM_STOP;

/// How an open span goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Continue {
    /// A PEM private-key block, in the state of its end search.
    Pem(Pem),
    /// Any other span: to the end of its line; a `\r` right before the `\n` stays outside.
    /// The count is how many bytes of a `-----BEGIN` end what was seen: a value that runs
    /// into a PEM marker is continued as a PEM block from there (fail closed: the block's
    /// body lines must not show).
    LineEnd(u8),
}

impl Continue {
    /// How a span that is not a PEM block goes on, from the bytes it has so far: a
    /// `-----BEGIN` cut by the piece's end is recognized when the rest comes.
    pub(crate) fn value_tail(span: &[u8]) -> Continue {
        let mut seen = 0;
        let tail = &span[span.len().saturating_sub(10)..];
        match begin_marker(&mut seen, tail) {
            Some(_) => Continue::Pem(Pem::End(0)),
            None => Continue::LineEnd(seen),
        }
    }
}

/// Where the search for the end of a PEM block is, mirroring the detector's `pem_span`:
/// the first `-----END` after the BEGIN marker, then on its line the first `-----`, then
/// the run of bytes glued to it (which, when it holds `-----BEGIN`, starts the search over).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pem {
    /// Looking for `-----END`; how many of its bytes end what was seen.
    End(u8),
    /// After `-----END`, looking for `-----` before the line ends; dashes seen.
    Dashes(u8),
    /// After the closing dashes: the glued run; how many bytes of a `-----BEGIN` end
    /// what was seen (a glued BEGIN goes on to the next END marker).
    Glued(u8),
}

impl Pem {
    /// Runs over `bytes`; the offset where the block ends, if it ends in them.
    pub(crate) fn run(&mut self, bytes: &[u8]) -> Option<usize> {
        let mut i = 0;
        while i < bytes.len() {
            match *self {
                // Nothing matched yet: jump to the next dash.
                Pem::End(0) => {
                    i += memchr::memchr(b'-', &bytes[i..])?;
                    *self = Pem::End(1);
                }
                Pem::End(k) => *self = Pem::after_end_prefix(k, bytes[i]),
                Pem::Dashes(k) => {
                    *self = match bytes[i] {
                        b'\n' => return Some(i),
                        b'-' if k == 4 => Pem::Glued(0),
                        b'-' => Pem::Dashes(k + 1),
                        _ => Pem::Dashes(0),
                    }
                }
                Pem::Glued(mut seen) => {
                    let b = bytes[i];
                    if b.is_ascii_whitespace() || PEM_STOP.contains(&b) {
                        return Some(i);
                    }
                    *self = match begin_marker(&mut seen, &bytes[i..=i]) {
                        Some(_) => Pem::End(0),
                        None => Pem::Glued(seen),
                    };
                }
            }
            i += 1;
        }
        None
    }

    /// The state after byte `b` when `k` (1..=7) bytes of `-----END` are matched.
    fn after_end_prefix(k: u8, b: u8) -> Pem {
        match (k, b) {
            (0..=4, b'-') => Pem::End(k + 1),
            (5, b'-') => Pem::End(5),
            (5, b'E') => Pem::End(6),
            (6, b'N') => Pem::End(7),
            (7, b'D') => Pem::Dashes(0),
            (6 | 7, b'-') => Pem::End(1),
            _ => Pem::End(0),
        }
    }
}

/// Looks for `-----BEGIN` in `bytes`, `seen` of its bytes matched before them; the
/// offset just past it, or `None` with `seen` updated.
fn begin_marker(seen: &mut u8, bytes: &[u8]) -> Option<usize> {
    const MARKER: &[u8] = b"-----BEGIN";
    for (i, &b) in bytes.iter().enumerate() {
        let k = usize::from(*seen);
        *seen = match b {
            _ if b == MARKER[k] => *seen + 1,
            // `------`: the last five dashes are still a prefix.
            b'-' if k == 5 => 5,
            b'-' => 1,
            _ => 0,
        };
        if usize::from(*seen) == MARKER.len() {
            return Some(i + 1);
        }
    }
    None
}

/// Writes the replacement of a span piece by piece, as `write_replacement` writes a
/// whole one: one replacement per line piece, line breaks (and a `\r` before them) kept.
#[derive(Debug, Clone)]
pub(crate) struct Pieces {
    /// The replacement of each line piece; `None` keeps the bytes.
    rep: Option<Box<[u8]>>,
    /// The current line piece already has its replacement.
    written: bool,
    /// The last byte fed was a `\r`.
    cr: bool,
}

impl Pieces {
    pub(crate) fn new(rep: Option<Box<[u8]>>) -> Pieces {
        Pieces {
            rep,
            written: false,
            cr: false,
        }
    }

    /// Writes the replacement of the next bytes of the span.
    pub(crate) fn feed(&mut self, bytes: &[u8], out: &mut Vec<u8>) {
        let Some(rep) = &self.rep else {
            out.extend_from_slice(bytes);
            return;
        };
        let mut rest = bytes;
        while let Some(nl) = memchr::memchr(b'\n', rest) {
            if !self.written {
                out.extend_from_slice(rep);
            }
            let cr = if nl > 0 {
                rest[nl - 1] == b'\r'
            } else {
                self.cr
            };
            if cr {
                out.push(b'\r');
            }
            out.push(b'\n');
            self.written = false;
            self.cr = false;
            rest = &rest[nl + 1..];
        }
        if let Some(&last) = rest.last() {
            if !self.written {
                out.extend_from_slice(rep);
                self.written = true;
            }
            self.cr = last == b'\r';
        }
    }
}

/// A span continued past the piece it was found in.
#[derive(Debug, Clone)]
pub(crate) struct OpenSpan {
    pub(crate) how: Continue,
    pub(crate) pieces: Pieces,
}

impl OpenSpan {
    /// Continues over `data`; returns how many bytes belong to the span and whether it
    /// ended. With `eof` (nothing follows `data`) it always ends.
    pub(crate) fn extend(&mut self, data: &[u8], eof: bool, out: &mut Vec<u8>) -> (usize, bool) {
        let (used, done) = match &mut self.how {
            Continue::Pem(pem) => match pem.run(data) {
                Some(end) => (end, true),
                None => (data.len(), eof),
            },
            Continue::LineEnd(seen) => {
                let line = memchr::memchr(b'\n', data);
                match begin_marker(seen, &data[..line.unwrap_or(data.len())]) {
                    Some(after) => {
                        let mut pem = Pem::End(0);
                        let end = pem.run(&data[after..]);
                        self.how = Continue::Pem(pem);
                        match end {
                            Some(end) => (after + end, true),
                            None => (data.len(), eof),
                        }
                    }
                    None => match line {
                        Some(nl) if nl > 0 && data[nl - 1] == b'\r' => (nl - 1, true),
                        Some(nl) => (nl, true),
                        None if eof => (data.len(), true),
                        // A final `\r` may be the one before `\n`: decide when the next
                        // byte is known.
                        None if data.last() == Some(&b'\r') => (data.len() - 1, false),
                        None => (data.len(), false),
                    },
                }
            }
        };
        self.pieces.feed(&data[..used], out);
        (used, done)
    }
}
