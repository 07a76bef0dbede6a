//! US social security numbers.
//!
//! # What matches
//!
//! * **Grouped** (`ssn`): `AAA-GG-SSSS`, and the same 3-2-4 groups separated by single
//!   dots or single spaces, one separator kind per number (`078-05-1123`, `078.05.1123`,
//!   `078 05 1123`; not `693-09.4444`).
//! * **Keyed** (`ssn.keyed`): after a key or word of `opts.lists.ssn_keys` (a word part,
//!   see [`super::ids`]: `ssn`, `social security`, `tin`, `taxpayer` …), optional quotes
//!   and spaces, an optional `number`/`no.`/`nr`/`is`/`#` and an optional `=`, `:`, `#`,
//!   `=>`, `:=` or `>`: 9 digits, bare or with at most two single separators (`-`, `.`,
//!   space) between the 3-2-4 groups: `ssn=123456789`, `SSN: 123456789`,
//!   `social security number 123456789`, `ssn: 078-051121`. When both separators are
//!   present they must be the same. The finding is the number only.
//!
//! Bare 9-digit runs without such a key are never SSNs (zip+4, routing numbers, ids).
//!
//! # Validation
//!
//! The SSA's never-issued ranges are excluded: area `000`, `666` and `900`–`999`, group
//! `00`, serial `0000` (SSA, *Social Security Number Randomization*, 2011; POMS
//! RM 10201.060), as are the three numbers that were published as samples and voided
//! (`078-05-1120`, `219-09-9999`, `457-55-5462`). ITINs (area 9xx) are therefore not found.
//!
//! # Boundary rule
//!
//! A word boundary (`\b`) on both sides; not preceded by `-` or `.` that follows a letter,
//! digit or `_`, nor followed by `-` or `.` and a letter or digit (`1-555-12-3456`,
//! `123-45-6789-0`, `v1.123.45.6789`); the space form is not preceded by a digit and a
//! space, nor followed by a space and a digit (`12 078 05 1123`, a table of numbers).
//! Longer runs (`123-45-67890`) and dates (`2024-01-05`) never match.
//!
//! # Maximum match length
//!
//! 11 bytes grouped; keyed: the longest key entry + 32 + 19 + 11.

use std::ops::Range;

use super::ids::{key_ok, key_regex, KEY_TAIL, LOOSE_SEP, LOOSE_SEP_MAX};
use super::{digits_of, Candidate, DetectOptions, Pattern};
use crate::Kind;

pub(crate) fn patterns(opts: &DetectOptions) -> Vec<Pattern> {
    let (key, key_max) = key_regex(&opts.lists.ssn_keys);
    vec![
        Pattern {
            kind: Kind::Ssn,
            rule: "ssn.keyed".to_owned(),
            regex: format!(
                r"{key}{KEY_TAIL}{LOOSE_SEP}\b[0-9]{{3}}[ .\-]?[0-9]{{2}}[ .\-]?[0-9]{{4}}\b"
            ),
            max_len: key_max + 32 + LOOSE_SEP_MAX + 11,
            validate: validate_keyed,
            trigger: super::words(key.clone()),
        },
        Pattern {
            kind: Kind::Ssn,
            rule: "ssn".to_owned(),
            regex: r"\b[0-9]{3}(?:-[0-9]{2}-|\.[0-9]{2}\.| [0-9]{2} )[0-9]{4}\b".to_owned(),
            max_len: 11,
            validate: validate_grouped,
            trigger: super::shapes(r"\b[0-9]{3}(?:-[0-9]{2}-|\.[0-9]{2}\.| [0-9]{2} )[0-9]{4}"),
        },
    ]
}

/// Whether 9 ASCII digits are a possible SSN.
pub(crate) fn ssn_digits_ok(d: &[u8]) -> bool {
    if d.len() != 9 || !d.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let area = &d[..3];
    let group = &d[3..5];
    let serial = &d[5..];
    !(area == b"000"
        || area == b"666"
        || area[0] == b'9'
        || group == b"00"
        || serial == b"0000"
        || d == b"078051120"
        || d == b"219099999"
        || d == b"457555462")
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// `-`/`.` joined to a word byte before `start`, or `-`/`.` and a letter or digit after `end`.
fn joined(hay: &[u8], start: usize, end: usize) -> bool {
    let before = start.checked_sub(2).is_some_and(|i| {
        matches!(hay.get(i + 1), Some(b'-' | b'.')) && hay.get(i).is_some_and(|&b| is_word(b))
    });
    let after = matches!(hay.get(end), Some(b'-' | b'.'))
        && hay.get(end + 1).is_some_and(u8::is_ascii_alphanumeric);
    before || after
}

fn validate_grouped(c: &Candidate<'_>) -> Option<Range<usize>> {
    let m = c.bytes();
    if m.len() != 11 || joined(c.hay, c.start, c.end) {
        return None;
    }
    if m[3] == b' ' {
        let digit_space_before = c.before() == Some(b' ')
            && c.start
                .checked_sub(2)
                .and_then(|i| c.hay.get(i))
                .is_some_and(u8::is_ascii_digit);
        let space_digit_after =
            c.after() == Some(b' ') && c.hay.get(c.end + 1).is_some_and(u8::is_ascii_digit);
        if digit_space_before || space_digit_after {
            return None;
        }
    }
    let (digits, n) = digits_of::<9>(m)?;
    ssn_digits_ok(&digits[..n]).then_some(c.start..c.end)
}

fn validate_keyed(c: &Candidate<'_>) -> Option<Range<usize>> {
    if !key_ok(c.hay, c.start, &c.opts.lists.ssn_keys) {
        return None;
    }
    // The value ends the match: walk back over 9 digits and their separators.
    let m = c.bytes();
    // On the stack: a rejected candidate allocates nothing.
    let (mut digits, mut nd) = ([0u8; 9], 0);
    let (mut seps, mut ns) = ([0u8; 2], 0);
    let mut i = m.len();
    while nd < 9 {
        i = i.checked_sub(1)?;
        let b = m[i];
        if b.is_ascii_digit() {
            digits[nd] = b;
            nd += 1;
        } else {
            *seps.get_mut(ns)? = b;
            ns += 1;
        }
    }
    if ns == 2 && seps[0] != seps[1] {
        return None;
    }
    digits.reverse();
    let start = c.start + i;
    if joined(c.hay, start, c.end) || !ssn_digits_ok(&digits) {
        return None;
    }
    Some(start..c.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scrubber;

    fn ssns() -> Scrubber {
        crate::detect::only(Kind::Ssn)
    }

    #[test]
    fn positives() {
        let s = ssns();
        for (input, want) in [
            ("ssn 078-05-1123 ok", "ssn [SSN] ok"),
            ("id 078.05.1123.", "id [SSN]."),
            ("abc 078 05 1123 abc", "abc [SSN] abc"),
            ("ssn=123456789", "ssn=[SSN]"),
            ("SSN: 123456789", "SSN: [SSN]"),
            (
                "social security number 123456789",
                "social security number [SSN]",
            ),
            ("{\"userSsn\":\"123456789\"}", "{\"userSsn\":\"[SSN]\"}"),
            ("SSN #: 536-90-4399", "SSN #: [SSN]"),
            ("ssn: 078-051121", "ssn: [SSN]"),
            ("taxpayer id 536904399", "taxpayer id [SSN]"),
            ("call 555-12-3456", "call [SSN]"),
        ] {
            assert_eq!(s.scrub_str(input), want, "{input}");
        }
    }

    #[test]
    fn negatives() {
        let s = ssns();
        for input in [
            "123456789",
            "2024-01-05",
            "123-45-67890",
            "000-12-3456",
            "666-12-3456",
            "900-12-3456",
            "123-00-4567",
            "123-45-0000",
            "078-05-1120",
            "693-09.4444",
            "1-555-12-3456",
            "123-45-6789-0",
            "12 078 05 1123",
            "078 05 1123 4",
            "routing_number=123456789",
            "settings=123456789",
            "ssn: 12345678",
            "ssn: 1234567890",
            "ssn: 123-45.6789",
        ] {
            assert_eq!(s.scrub_str(input), input, "{input}");
        }
    }

    #[test]
    fn default_policy_and_junk() {
        let s = Scrubber::default();
        assert_eq!(s.scrub_str("ssn 078-05-1123 ok"), "ssn [SSN] ok");
        let _ = s.scrub_bytes(b"ssn\xff 078-05-1123 \xffssn=");
    }
}
