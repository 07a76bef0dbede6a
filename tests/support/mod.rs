//! Shared support for the integration tests: the labelled corpus generator
//! ([`corpus`]) and helpers that compare scrubbed text with its labels.
//!
//! Each test binary that says `mod support;` compiles this module; not every binary
//! uses every helper.
#![allow(dead_code)]

pub mod checks;
pub mod corpus;
pub mod heap;

/// Is `b` an ASCII letter or digit (what makes a token boundary fail)?
fn is_word(b: Option<&u8>) -> bool {
    b.is_some_and(u8::is_ascii_alphanumeric)
}

/// Byte offsets of the occurrences of `needle` in `hay` whose neighbours are not ASCII
/// letters or digits (so `10.0.0.1` is not found in `10.0.0.10`).
pub fn occurrences(hay: &str, needle: &str) -> Vec<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = hay.get(from..).and_then(|rest| rest.find(needle)) {
        let at = from + i;
        let before = at.checked_sub(1).and_then(|j| h.get(j));
        if !is_word(before) && !is_word(h.get(at + n.len())) {
            found.push(at);
        }
        from = at + hay[at..].chars().next().map_or(1, char::len_utf8);
    }
    found
}

/// How many times `needle` occurs in `hay` as a whole token.
pub fn count(hay: &str, needle: &str) -> usize {
    occurrences(hay, needle).len()
}
