//! The `--check` report: one `file:line:column: kind (rule)` line per finding, never
//! the value. Lines and columns are 1-based; a column counts characters (UTF-8).

use std::io::Write;

use piiscrub::Finding;

/// Appends the report for the findings of one chunk whose first line is `first_line`.
pub fn report(name: &str, first_line: u64, input: &[u8], found: &[Finding], out: &mut Vec<u8>) {
    let mut at = Position::new(input, first_line);
    for f in found {
        let (line, column) = at.seek(f.range.start);
        // Writing to a Vec cannot fail.
        let _ = writeln!(out, "{name}:{line}:{column}: {} ({})", f.kind, f.rule);
    }
}

/// Line and column of increasing byte offsets, in time linear in the input however
/// many findings share a line.
pub struct Position<'a> {
    input: &'a [u8],
    pos: usize,
    line: u64,
    /// Characters between the start of the current line and `pos`.
    column: u64,
}

impl<'a> Position<'a> {
    /// Starts at the first byte of `input`, which is on line `first_line`.
    pub fn new(input: &'a [u8], first_line: u64) -> Position<'a> {
        Position {
            input,
            pos: 0,
            line: first_line,
            column: 0,
        }
    }

    /// 1-based line and column of `offset`; offsets must not decrease.
    pub fn seek(&mut self, offset: usize) -> (u64, u64) {
        let offset = offset.clamp(self.pos, self.input.len());
        let seg = &self.input[self.pos..offset];
        match memchr::memrchr(b'\n', seg) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', seg).count() as u64;
                self.column = chars(&seg[last + 1..]);
            }
            None => self.column += chars(seg),
        }
        self.pos = offset;
        (self.line, self.column + 1)
    }
}

/// Characters in UTF-8 text (a byte that is not UTF-8 counts as one).
fn chars(text: &[u8]) -> u64 {
    text.iter().filter(|&&b| b & 0xC0 != 0x80).count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_character_columns() {
        let text = "ab\nçé x\n\nz".as_bytes();
        let mut p = Position::new(text, 10);
        assert_eq!(p.seek(0), (10, 1));
        assert_eq!(p.seek(1), (10, 2));
        assert_eq!(p.seek(3), (11, 1));
        assert_eq!(p.seek(8), (11, 4)); // after two 2-byte characters and a space
        assert_eq!(p.seek(text.len() - 1), (13, 1));
    }
}
