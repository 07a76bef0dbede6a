//! The `--explain` rendering: every line that would change, each change labelled with
//! its kind and rule.
//!
//! Whether the original values are shown is decided here, once: only in terminal style
//! (standard output is a terminal, or `--color=always`), where the operator running the
//! tool sees them and nothing is stored. In plain style, which may end up in a file or a
//! ticket, a value is replaced by a marker such as `[[email:email]]`, so plain output
//! holds no more personal data than the scrubbed output.

use std::io::Write;
use std::ops::Range;

use piiscrub::Finding;

/// How changes are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// ANSI colors; original values highlighted; control characters escaped.
    Terminal,
    /// No escapes; values replaced by `[[kind:rule]]` markers.
    Plain,
}

const VALUE: &str = "\x1b[1;7;31m";
const LABEL: &str = "\x1b[36m";
const PREFIX: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// Appends the rendering of every line of `input` (first line `first_line`) touched by
/// `found` (sorted, non-overlapping, as the scrubber reports them).
pub fn render(
    name: &str,
    first_line: u64,
    input: &[u8],
    found: &[Finding],
    style: Style,
    out: &mut Vec<u8>,
) {
    let mut line_no = first_line;
    let mut line_start = 0;
    let mut next = 0; // next finding not yet shown
    let mut spill: Option<&Finding> = None; // a finding running on from the line before
    let mut pieces: Vec<(Range<usize>, &Finding)> = Vec::new();
    while spill.is_some() || next < found.len() {
        if spill.is_none() {
            // Skip to the line of the next finding.
            let (base, to) = (line_start, found[next].range.start.min(input.len()));
            for nl in memchr::memchr_iter(b'\n', &input[base..to]) {
                line_no += 1;
                line_start = base + nl + 1;
            }
        }
        let line_end =
            memchr::memchr(b'\n', &input[line_start..]).map_or(input.len(), |i| line_start + i);
        pieces.clear();
        if let Some(f) = spill.take() {
            pieces.push((line_start..f.range.end.min(line_end), f));
            if f.range.end > line_end + 1 {
                spill = Some(f);
            }
        }
        while spill.is_none() && next < found.len() && found[next].range.start <= line_end {
            let f = &found[next];
            pieces.push((f.range.start..f.range.end.min(line_end), f));
            next += 1;
            if f.range.end > line_end + 1 {
                spill = Some(f);
            }
        }
        let line = &input[line_start..line_end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        write_line(name, line_no, line, line_start, &pieces, style, out);
        if line_end >= input.len() {
            break;
        }
        line_start = line_end + 1;
        line_no += 1;
    }
}

/// The rest of an over-long private-key block: every line is hidden whole.
pub fn key_block(name: &str, first_line: u64, input: &[u8], style: Style, out: &mut Vec<u8>) {
    let lines = input.strip_suffix(b"\n").unwrap_or(input);
    for (i, _) in lines.split(|&b| b == b'\n').enumerate() {
        let label = "[[secret:secret.pem]]";
        let _ = match style {
            Style::Terminal => writeln!(
                out,
                "{PREFIX}{name}:{}:{RESET} {LABEL}{label}{RESET}",
                first_line + i as u64
            ),
            Style::Plain => writeln!(out, "{name}:{}: {label}", first_line + i as u64),
        };
    }
}

/// One line: `name:line: text` with each piece (byte ranges in the chunk; `offset` is
/// where the line starts) marked.
fn write_line(
    name: &str,
    line_no: u64,
    line: &[u8],
    offset: usize,
    pieces: &[(Range<usize>, &Finding)],
    style: Style,
    out: &mut Vec<u8>,
) {
    // Writing to a Vec cannot fail.
    let _ = match style {
        Style::Terminal => write!(out, "{PREFIX}{name}:{line_no}:{RESET} "),
        Style::Plain => write!(out, "{name}:{line_no}: "),
    };
    let mut at = 0;
    for (range, f) in pieces {
        let start = range.start.saturating_sub(offset).clamp(at, line.len());
        let end = range.end.saturating_sub(offset).clamp(start, line.len());
        text(&line[at..start], style, out);
        let _ = match style {
            Style::Terminal => {
                out.extend_from_slice(VALUE.as_bytes());
                text(&line[start..end], style, out);
                write!(out, "{RESET}{LABEL}[{}:{}]{RESET}", f.kind, f.rule)
            }
            Style::Plain => write!(out, "[[{}:{}]]", f.kind, f.rule),
        };
        at = end;
    }
    text(&line[at..], style, out);
    out.push(b'\n');
}

/// Unchanged text. On a terminal, control characters (an escape sequence planted in a
/// log line) are shown escaped rather than sent to the terminal.
fn text(bytes: &[u8], style: Style, out: &mut Vec<u8>) {
    match style {
        Style::Plain => out.extend_from_slice(bytes),
        Style::Terminal => {
            for c in String::from_utf8_lossy(bytes).chars() {
                if c.is_control() && c != '\t' {
                    let _ = write!(out, "{}", c.escape_default());
                } else {
                    let mut b = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use piiscrub::Scrubber;

    fn plain(text: &str) -> String {
        let s = Scrubber::default();
        let found = s.find(text);
        let mut out = Vec::new();
        render("f", 1, text.as_bytes(), &found, Style::Plain, &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn only_changed_lines_with_markers() {
        assert_eq!(
            plain("quiet\nmail bob@example.com and 203.0.113.9\nquiet\nssn 123-45-6789"),
            "f:2: mail [[email:email]] and [[ipv4:ipv4]]\nf:4: ssn [[ssn:ssn.keyed]]\n"
        );
    }

    #[test]
    fn a_block_over_several_lines_marks_each() {
        let text = "a\nk -----BEGIN PRIVATE KEY-----\r\nMIIE\r\n-----END PRIVATE KEY----- t\nb\n";
        assert_eq!(
            plain(text),
            "f:2: k [[secret:secret.pem]]\nf:3: [[secret:secret.pem]]\nf:4: [[secret:secret.pem]] t\n"
        );
    }
}
