//! A small JSON tokenizer over bytes (RFC 8259): whitespace, strings (with their
//! escapes), numbers, literals, and an iterative skipper for whole values. It reports
//! positions so the rewriter can copy unchanged bytes exactly; every function reads
//! each byte a bounded number of times (linear time) and never recurses.

/// What is wrong with a JSON text, and where (a byte offset; never the content).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JsonError {
    /// Not JSON at this byte offset.
    Syntax(usize),
    /// Nesting deeper than the limit at this byte offset.
    Depth(usize),
}

pub(crate) type Res<T> = Result<T, JsonError>;

/// The index of the first non-whitespace byte at or after `i`.
pub(crate) fn skip_ws(src: &[u8], mut i: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = src.get(i) {
        i += 1;
    }
    i
}

/// A string token: `src[start..end]` including both quotes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StrToken {
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Whether the string holds a `\` escape (it must be unescaped to be read).
    pub(crate) escaped: bool,
}

impl StrToken {
    /// The bytes between the quotes, as written.
    pub(crate) fn raw<'s>(&self, src: &'s [u8]) -> &'s [u8] {
        &src[self.start + 1..self.end - 1]
    }
}

/// Reads a string starting at the `"` at `i`: valid escapes, no control characters,
/// valid UTF-8.
pub(crate) fn string(src: &[u8], i: usize) -> Res<StrToken> {
    if src.get(i) != Some(&b'"') {
        return Err(JsonError::Syntax(i));
    }
    let mut j = i + 1;
    let mut escaped = false;
    loop {
        // Jump to the next quote or backslash; check what lies between in bulk.
        let rest = src.get(j..).ok_or(JsonError::Syntax(j))?;
        let k = memchr::memchr2(b'"', b'\\', rest).ok_or(JsonError::Syntax(src.len()))?;
        if let Some(p) = rest[..k].iter().position(|&b| b < 0x20) {
            return Err(JsonError::Syntax(j + p));
        }
        j += k;
        if src[j] == b'"' {
            break;
        }
        escaped = true;
        match src.get(j + 1) {
            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => j += 2,
            Some(b'u') => {
                let hex = src.get(j + 2..j + 6).ok_or(JsonError::Syntax(j))?;
                if !hex.iter().all(u8::is_ascii_hexdigit) {
                    return Err(JsonError::Syntax(j));
                }
                j += 6;
            }
            _ => return Err(JsonError::Syntax(j)),
        }
    }
    // Escapes are ASCII: the raw bytes are UTF-8 exactly when the text is.
    if std::str::from_utf8(&src[i + 1..j]).is_err() {
        return Err(JsonError::Syntax(i));
    }
    Ok(StrToken {
        start: i,
        end: j + 1,
        escaped,
    })
}

/// Appends the unescaped text of a string's raw bytes (already validated by
/// [`string`]) to `out`. A lone surrogate becomes U+FFFD.
pub(crate) fn unescape(raw: &[u8], out: &mut Vec<u8>) {
    let mut i = 0;
    while i < raw.len() {
        let Some(k) = memchr::memchr(b'\\', &raw[i..]) else {
            out.extend_from_slice(&raw[i..]);
            return;
        };
        out.extend_from_slice(&raw[i..i + k]);
        i += k;
        let c = raw.get(i + 1).copied().unwrap_or(b'\\');
        i += 2;
        let simple = match c {
            b'b' => 0x08,
            b'f' => 0x0c,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'u' => 0,
            other => other,
        };
        if c != b'u' {
            out.push(simple);
            continue;
        }
        let hi = hex4(raw, i);
        i += 4;
        let ch = if (0xD800..0xDC00).contains(&hi)
            && raw.get(i) == Some(&b'\\')
            && raw.get(i + 1) == Some(&b'u')
            && (0xDC00..0xE000).contains(&hex4(raw, i + 2))
        {
            let lo = hex4(raw, i + 2);
            i += 6;
            char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
        } else {
            char::from_u32(hi)
        };
        let ch = ch.unwrap_or(char::REPLACEMENT_CHARACTER);
        out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
    }
}

/// The value of 4 hex digits at `i` (0 when absent: validated input always has them).
fn hex4(raw: &[u8], i: usize) -> u32 {
    raw.get(i..i + 4).map_or(0, |h| {
        h.iter()
            .fold(0, |a, &d| a * 16 + (d as char).to_digit(16).unwrap_or(0))
    })
}

/// Appends `text` as a JSON string (with quotes): `"` and `\` and control characters
/// escaped, everything else as it is.
pub(crate) fn write_string(text: &[u8], out: &mut Vec<u8>) {
    out.push(b'"');
    let mut last = 0;
    for (i, &b) in text.iter().enumerate() {
        let esc: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&text[last..i]);
        if esc.is_empty() {
            out.extend_from_slice(format!("\\u{b:04x}").as_bytes());
        } else {
            out.extend_from_slice(esc);
        }
        last = i + 1;
    }
    out.extend_from_slice(&text[last..]);
    out.push(b'"');
}

/// Reads a number at `i`: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
/// Returns its end. Any length is fine: numbers are kept as bytes.
pub(crate) fn number(src: &[u8], i: usize) -> Res<usize> {
    let digits = |mut j: usize| {
        let s = j;
        while src.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        (j > s).then_some(j).ok_or(JsonError::Syntax(j))
    };
    let mut j = i;
    if src.get(j) == Some(&b'-') {
        j += 1;
    }
    j = match src.get(j) {
        Some(b'0') => j + 1,
        Some(b'1'..=b'9') => digits(j)?,
        _ => return Err(JsonError::Syntax(j)),
    };
    if src.get(j) == Some(&b'.') {
        j = digits(j + 1)?;
    }
    if let Some(b'e' | b'E') = src.get(j) {
        j += 1;
        if let Some(b'+' | b'-') = src.get(j) {
            j += 1;
        }
        j = digits(j)?;
    }
    Ok(j)
}

/// Reads `true`, `false` or `null` at `i`; returns its end.
pub(crate) fn literal(src: &[u8], i: usize) -> Res<usize> {
    for lit in [&b"true"[..], b"false", b"null"] {
        if src.get(i..i + lit.len()) == Some(lit) {
            return Ok(i + lit.len());
        }
    }
    Err(JsonError::Syntax(i))
}

/// Reads a scalar (string, number, literal) at `i`; returns its end.
pub(crate) fn scalar(src: &[u8], i: usize) -> Res<usize> {
    match src.get(i) {
        Some(b'"') => Ok(string(src, i)?.end),
        Some(b'-' | b'0'..=b'9') => number(src, i),
        _ => literal(src, i),
    }
}

/// Skips one whole value at `i` (after whitespace) and returns its end, validating it.
/// Iterative: `depth_left` is how many more levels of nesting are allowed.
pub(crate) fn skip_value(src: &[u8], i: usize, depth_left: usize) -> Res<usize> {
    let mut stack: Vec<u8> = Vec::new(); // the closing bracket of each open container
    let mut j = skip_ws(src, i);
    loop {
        // A value starts at `j`.
        match src.get(j) {
            Some(&open @ (b'{' | b'[')) => {
                let close = if open == b'{' { b'}' } else { b']' };
                j = skip_ws(src, j + 1);
                if src.get(j) == Some(&close) {
                    j += 1;
                } else {
                    if stack.len() >= depth_left {
                        return Err(JsonError::Depth(j));
                    }
                    stack.push(close);
                    if close == b'}' {
                        j = member_key(src, j)?;
                    }
                    continue;
                }
            }
            _ => j = scalar(src, j)?,
        }
        // After a value: close containers or move to the next member / element.
        loop {
            let Some(&close) = stack.last() else {
                return Ok(j);
            };
            j = skip_ws(src, j);
            match src.get(j) {
                Some(b',') => {
                    j = skip_ws(src, j + 1);
                    if close == b'}' {
                        j = member_key(src, j)?;
                    }
                    break;
                }
                Some(&c) if c == close => {
                    stack.pop();
                    j += 1;
                }
                _ => return Err(JsonError::Syntax(j)),
            }
        }
    }
}

/// Reads `"key" :` at `i` and returns where the value's whitespace starts.
fn member_key(src: &[u8], i: usize) -> Res<usize> {
    let k = string(src, i)?;
    let j = skip_ws(src, k.end);
    if src.get(j) != Some(&b':') {
        return Err(JsonError::Syntax(j));
    }
    Ok(skip_ws(src, j + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unesc(s: &str) -> String {
        let tok = string(s.as_bytes(), 0).unwrap();
        let mut out = Vec::new();
        unescape(tok.raw(s.as_bytes()), &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn strings_and_escapes() {
        assert_eq!(unesc(r#""a\u0040b.com""#), "a@b.com");
        assert_eq!(unesc(r#""\ud83d\ude00 \n\"\\\/""#), "\u{1F600} \n\"\\/");
        assert_eq!(unesc(r#""\ud800x""#), "\u{FFFD}x");
        assert!(string(b"\"a\x01\"", 0).is_err());
        assert!(string(b"\"\\x\"", 0).is_err());
        assert!(string(b"\"\\u12\"", 0).is_err());
        assert!(string(b"\"\xff\"", 0).is_err());
        assert!(string(b"\"open", 0).is_err());
        let mut out = Vec::new();
        write_string(b"a\"b\\c\n\x01", &mut out);
        assert_eq!(out, b"\"a\\\"b\\\\c\\n\\u0001\"");
    }

    #[test]
    fn numbers() {
        for ok in [
            "0",
            "-0",
            "12",
            "1.5",
            "1e9",
            "-2.5E-3",
            "123456789012345678901234567890",
        ] {
            assert_eq!(number(ok.as_bytes(), 0), Ok(ok.len()), "{ok}");
        }
        for bad in ["-", "01x", ".5", "1.", "1e", "+1"] {
            let r = number(bad.as_bytes(), 0);
            assert!(r.is_err() || r.unwrap() < bad.len(), "{bad}");
        }
    }

    #[test]
    fn skipping() {
        let s = br#" {"a": [1, {"b": null}, "x"], "c": {}} tail"#;
        assert_eq!(skip_value(s, 0, 10), Ok(s.len() - 5));
        assert!(skip_value(br#"{"a" 1}"#, 0, 10).is_err());
        assert!(skip_value(br#"[1,]"#, 0, 10).is_err());
        assert!(skip_value(br#"[1}"#, 0, 10).is_err());
        let deep = "[".repeat(100_000);
        assert!(matches!(
            skip_value(deep.as_bytes(), 0, 128),
            Err(JsonError::Depth(_))
        ));
    }
}
