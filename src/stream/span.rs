//! Open spans: a finding that runs past the end of the piece it was found in, continued
//! over the following bytes without holding them (rule 3 of the window rule).

use crate::detect::secrets::PEM_STOP;

/// How an open span goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Continue {
    /// A PEM private-key block, in the state of its end search.
    Pem(Pem),
    /// Any other span: to the end of its line; a `\r` right before the `\n` stays outside.
    LineEnd,
}

/// Where the search for the end of a PEM block is, mirroring the detector's `pem_span`:
/// the first `-----END` after the BEGIN marker, then on its line the first `-----`, then
/// the run of bytes glued to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pem {
    /// Looking for `-----END`; how many of its bytes end what was seen.
    End(u8),
    /// After `-----END`, looking for `-----` before the line ends; dashes seen.
    Dashes(u8),
    /// After the closing dashes: the glued run.
    Glued,
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
                        b'-' if k == 4 => Pem::Glued,
                        b'-' => Pem::Dashes(k + 1),
                        _ => Pem::Dashes(0),
                    }
                }
                Pem::Glued => {
                    let b = bytes[i];
                    if b.is_ascii_whitespace() || PEM_STOP.contains(&b) {
                        return Some(i);
                    }
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
            Continue::LineEnd => match memchr::memchr(b'\n', data) {
                Some(nl) if nl > 0 && data[nl - 1] == b'\r' => (nl - 1, true),
                Some(nl) => (nl, true),
                None if eof => (data.len(), true),
                // A final `\r` may be the one before `\n`: decide when the next byte is known.
                None if data.last() == Some(&b'\r') => (data.len() - 1, false),
                None => (data.len(), false),
            },
        };
        self.pieces.feed(&data[..used], out);
        (used, done)
    }
}
