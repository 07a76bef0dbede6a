//! Payment card numbers (PANs).
//!
//! # What matches
//!
//! * **Plain**: a run of 12–19 ASCII digits (`4111111111111111`).
//! * **Grouped**: a first group of exactly 4 digits, then 2–4 more groups of 3–6 digits,
//!   every group separated by the *same* single byte, a space or a dash. This covers the
//!   printed forms 4-4-4-4, 4-4-4-4-3, 4-4-4-3, 4-4-4 (12-digit Maestro), 4-6-5 (Amex),
//!   4-6-4 (Diners) and 4-4-5 … Groups of 1–2 digits are not accepted (that keeps dates such
//!   as `2024-01-05` from ever being candidates), nor are double separators.
//!
//! Either form must hold 12–19 digits in all.
//!
//! # Validation
//!
//! 1. The Luhn checksum (ISO/IEC 7812-1 annex B) holds.
//! 2. The number starts with a known issuer prefix (IIN) and has a length that issuer uses
//!    (see [`iin_ok`]): UATP `1` (15 digits), Mir `2200–2204` (16–19), Mastercard
//!    `2221–2720` and `51–55` (16), Amex `34`/`37` (15), Diners/Discover `30`, `36`, `38`,
//!    `39` (14–19), JCB `35` (16–19), Visa `4` (13, 16, 19), Maestro `50`, `56–59` and
//!    every `6` (12–19: Discover, UnionPay, RuPay, Maestro), UnionPay/RuPay `81`/`82`
//!    (16–19), Troy `9792` (16). Numbers starting with `0`, `7`, other `8`/`9` prefixes are
//!    not cards.
//!
//!    This is the decision about timestamps: an epoch in milliseconds (13 digits, starts
//!    with `1`), microseconds (16, `1…`) or nanoseconds (19, `1…`) can be Luhn-valid by
//!    chance, but only 15-digit numbers may start with `1` (UATP), so no epoch value is a
//!    card. Compact date-times (`20240105101543…`) start with `20`, which is no IIN.
//! 3. Numbers of 16 digits that fail Luhn (order ids, trace ids) are left alone.
//!
//! # Boundary rule
//!
//! The regex requires a word boundary on both sides (`\b`: the bytes before and after are
//! not ASCII letters, digits or `_`), and the validator rejects a number that continues
//! another token: preceded by `-` or `.` that follows a letter, digit or `_` (`blk_-…`,
//! `v1.…`, `12-…`), or preceded by `+` (an international phone number), or followed by
//! `-` or `.` and a letter or digit (`…-5`, `….25`); a grouped number must not be
//! followed by its own separator and a digit (`4111 1111 1111 1111 22`: a table of
//! numbers), and a space-grouped number must not be preceded by a space-separated run of
//! digits (`1234 4111 1111 1111 1111`).
//!
//! Known overlap: a bare international phone number written without `+` whose country
//! code looks like an issuer prefix (`573003321235`: 12 digits, Maestro range `5`) and
//! that is Luhn-valid by chance is found as a card (over-redaction, not a leak).
//!
//! # Maximum match length
//!
//! 19 bytes plain; 4 + 4 × 7 = 32 bytes grouped.

use std::ops::Range;

use super::{Candidate, DetectOptions, Pattern};
use crate::Kind;

/// Longest grouped candidate: 4 digits, then up to 4 groups of one separator and 6 digits.
const GROUPED_MAX: usize = 4 + 4 * 7;

pub(crate) fn patterns(_opts: &DetectOptions) -> Vec<Pattern> {
    vec![
        Pattern {
            kind: Kind::Card,
            rule: "card".to_owned(),
            regex: r"\b[0-9]{12,19}\b".to_owned(),
            max_len: 19,
            validate: validate_plain,
            trigger: super::shapes(r"\b[0-9]{12}"),
        },
        Pattern {
            kind: Kind::Card,
            rule: "card".to_owned(),
            regex: r"\b[0-9]{4}(?:[ \-][0-9]{3,6}){2,4}\b".to_owned(),
            max_len: GROUPED_MAX,
            validate: validate_grouped,
            trigger: super::shapes(r"\b[0-9]{4}[ \-][0-9]{3}"),
        },
    ]
}

/// The Luhn checksum over ASCII digits (ISO/IEC 7812-1): true when it holds.
pub(crate) fn luhn(digits: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, &d) in digits.iter().rev().enumerate() {
        if !d.is_ascii_digit() {
            return false;
        }
        let mut v = u32::from(d - b'0');
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    !digits.is_empty() && sum.is_multiple_of(10)
}

/// The value of the first `n` digits (`n` ≤ 4), or `None` when there are fewer.
fn prefix(digits: &[u8], n: usize) -> Option<u32> {
    let head = digits.get(..n)?;
    Some(
        head.iter()
            .fold(0u32, |acc, &d| acc * 10 + u32::from(d.wrapping_sub(b'0'))),
    )
}

/// Whether `digits` start with a known issuer prefix and have a length that issuer uses.
pub(crate) fn iin_ok(digits: &[u8]) -> bool {
    let len = digits.len();
    if !(12..=19).contains(&len) {
        return false;
    }
    let (Some(p1), Some(p2), Some(p4)) = (prefix(digits, 1), prefix(digits, 2), prefix(digits, 4))
    else {
        return false;
    };
    match p1 {
        // UATP (airline cards): 15 digits only, which keeps epoch values out.
        1 => len == 15,
        // Mir 2200–2204; Mastercard 2-series 2221–2720.
        2 => {
            ((2200..=2204).contains(&p4) && len >= 16) || ((2221..=2720).contains(&p4) && len == 16)
        }
        3 => match p2 {
            34 | 37 => len == 15,
            30 | 36 | 38 | 39 => len >= 14,
            35 => len >= 16,
            _ => false,
        },
        4 => matches!(len, 13 | 16 | 19),
        5 => match p2 {
            51..=55 => len == 16,
            50 | 56..=59 => true,
            _ => false,
        },
        6 => true,
        8 => matches!(p2, 81 | 82) && len >= 16,
        9 => p4 == 9792 && len == 16,
        _ => false,
    }
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// `-` or `.` joined to a word character just before `start`: the number continues a
/// token; or a `+` just before: an international phone number (`+573003321235`).
fn joined_before(hay: &[u8], start: usize) -> bool {
    if start.checked_sub(1).and_then(|i| hay.get(i)) == Some(&b'+') {
        return true;
    }
    let Some(i) = start.checked_sub(2) else {
        return false;
    };
    matches!(hay.get(i + 1), Some(b'-' | b'.')) && hay.get(i).is_some_and(|&b| is_word(b))
}

/// `-` or `.` followed by a letter or digit just after `end`: the number continues.
fn joined_after(hay: &[u8], end: usize) -> bool {
    matches!(hay.get(end), Some(b'-' | b'.'))
        && hay.get(end + 1).is_some_and(|&b| b.is_ascii_alphanumeric())
}

/// Whether the span `start..end` (digits, maybe grouped) is a card by the rules above.
fn card_digits_ok(digits: &[u8]) -> bool {
    iin_ok(digits) && luhn(digits)
}

fn validate_plain(c: &Candidate<'_>) -> Option<Range<usize>> {
    let digits = c.bytes();
    if joined_before(c.hay, c.start) || joined_after(c.hay, c.end) {
        return None;
    }
    card_digits_ok(digits).then_some(c.start..c.end)
}

fn validate_grouped(c: &Candidate<'_>) -> Option<Range<usize>> {
    let bytes = c.bytes();
    let sep = *bytes.get(4)?;
    // The groups that use the first separator; a different separator ends the number.
    // On the stack: a rejected candidate (most are) allocates nothing.
    let mut buf = [0u8; 64];
    let mut len = 0usize;
    let mut end = c.start;
    let mut groups = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        let run = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if run == 0 {
            break;
        }
        buf.get_mut(len..len + run)?
            .copy_from_slice(&bytes[i..i + run]);
        len += run;
        groups += 1;
        end = c.start + i + run;
        i += run;
        match bytes.get(i) {
            Some(&b) if b == sep => i += 1,
            _ => break,
        }
    }
    if groups < 3 {
        return None;
    }
    let hay = c.hay;
    // Boundaries: the byte after the number is not a word byte (true at the regex end, but
    // the number may have been cut at a different separator).
    if hay.get(end).is_some_and(|&b| is_word(b)) {
        return None;
    }
    if joined_before(hay, c.start) || joined_after(hay, end) {
        return None;
    }
    // The number's own separator followed by a digit: a longer run of groups.
    if hay.get(end) == Some(&sep) && hay.get(end + 1).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    if sep == b' ' && space_run_before(hay, c.start) {
        return None;
    }
    card_digits_ok(&buf[..len]).then_some(c.start..end)
}

/// A space-separated digit group right before `start` (`1234 ` or line-start `12 `).
fn space_run_before(hay: &[u8], start: usize) -> bool {
    let Some(mut i) = start.checked_sub(1) else {
        return false;
    };
    if hay.get(i) != Some(&b' ') {
        return false;
    }
    let mut run = 0;
    while i > 0 && hay.get(i - 1).is_some_and(u8::is_ascii_digit) && run < 8 {
        i -= 1;
        run += 1;
    }
    if run == 0 {
        return false;
    }
    match i.checked_sub(1).and_then(|j| hay.get(j)) {
        None | Some(b'\n' | b' ' | b'\t') => true,
        Some(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scrubber;

    fn cards() -> Scrubber {
        crate::detect::only(Kind::Card)
    }

    #[test]
    fn luhn_and_iin() {
        assert!(luhn(b"4111111111111111"));
        assert!(!luhn(b"4111111111111112"));
        assert!(!luhn(b""));
        assert!(!luhn(b"41x1"));
        assert!(iin_ok(b"378282246310005"));
        assert!(iin_ok(b"122000000000003"));
        assert!(!iin_ok(b"1700000000000"));
        assert!(!iin_ok(b"1700000000000003"));
        assert!(!iin_ok(b"7111111111111111"));
        assert!(!iin_ok(b"0111111111111111"));
        assert!(!iin_ok(b"411"));
    }

    #[test]
    fn positives() {
        let s = cards();
        for (input, want) in [
            ("card 4111111111111111 ok", "card [CARD] ok"),
            ("cc=4111-1111-1111-1111;", "cc=[CARD];"),
            ("pan: 4111 1111 1111 1111.", "pan: [CARD]."),
            ("amex 3782 822463 10005", "amex [CARD]"),
            ("diners 3056 930902 5904", "diners [CARD]"),
            ("uatp 122000000000003", "uatp [CARD]"),
            ("visa19 4716989580001715211", "visa19 [CARD]"),
            ("\"pan\":\"5555555555554444\"", "\"pan\":\"[CARD]\""),
            (
                "4012888888881881 4012-8888-8888-1881 4012 8888 8888 1881",
                "[CARD] [CARD] [CARD]",
            ),
            ("mixed 4111-1111-1111-1111 123", "mixed [CARD] 123"),
        ] {
            assert_eq!(s.scrub_str(input), want, "{input}");
        }
    }

    #[test]
    fn negatives() {
        let s = cards();
        for input in [
            "4111111111111112",
            "epoch 1700000000000 ms",
            "epoch_us 1700000000000009",
            "blk_-4111111111111111 x",
            "blk_4111111111111111",
            "id=x4111111111111111",
            "41111111111111110000",
            "4111111111111111-5",
            "0.4111111111111111",
            "4111111111111111.25",
            "2024-01-05 10:15:43",
            "4111 1111 1111 1111 22",
            "1234 4111 1111 1111 1111",
            "4111--1111--1111--1111",
            "order 7111111111111111",
            "tel +573003321235",
        ] {
            assert_eq!(s.scrub_str(input), input, "{input}");
        }
    }

    #[test]
    fn default_policy_and_odd_bytes() {
        let s = Scrubber::default();
        assert_eq!(
            s.scrub_str("paid with 4111 1111 1111 1111"),
            "paid with [CARD]"
        );
        let junk: Vec<u8> = (0u8..=255)
            .chain(b"4111111111111111\xff4111-1111-1111-1111-".iter().copied())
            .collect();
        let _ = s.scrub_bytes(&junk);
        let _ = cards().scrub_bytes(b"- 4111 1111 1111");
    }
}
