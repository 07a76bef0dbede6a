//! Vehicle identification numbers (`vin`), validated by their check digit. Not part of
//! the default policy: the HIPAA Safe Harbor preset turns it on (identifier (L)).
//!
//! * **Matches** 17 characters of the VIN alphabet (digits and upper-case letters
//!   without `I`, `O`, `Q`; ISO 3779) whose 9th character is the check digit of
//!   49 CFR 565.15: the characters transliterated to values (`A`=1 … `Z`=9), weighted
//!   8 7 6 5 4 3 2 10 0 9 8 7 6 5 4 3 2, summed modulo 11, `X` for 10.
//! * **Does not match** lower case, 17-digit numbers (ids and timestamps; a VIN has
//!   letters), VINs without a valid check digit (European VINs need not carry one:
//!   they are found after a telling key by the preset's text rules), or a part of a
//!   longer word.
//! * **Boundary rule**: ASCII word boundaries on both sides.
//! * **Maximum match length**: 17 bytes.

use std::ops::Range;

use super::{Candidate, DetectOptions, Pattern};
use crate::Kind;

pub(crate) fn patterns(_opts: &DetectOptions) -> Vec<Pattern> {
    vec![Pattern {
        kind: Kind::Vin,
        rule: "vin".to_owned(),
        regex: r"\b[A-HJ-NPR-Z0-9]{17}\b".to_owned(),
        max_len: 17,
        validate,
        trigger: None,
    }]
}

/// The value of a VIN character in the check-digit sum; `None` outside the alphabet.
fn value(b: u8) -> Option<u32> {
    Some(match b {
        b'0'..=b'9' => u32::from(b - b'0'),
        b'A'..=b'H' => u32::from(b - b'A') + 1,
        b'J'..=b'N' => u32::from(b - b'J') + 1,
        b'P' => 7,
        b'R' => 9,
        b'S'..=b'Z' => u32::from(b - b'S') + 2,
        _ => return None,
    })
}

const WEIGHTS: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/// Whether a 17-character VIN carries a valid check digit in position 9.
pub(crate) fn check_digit_ok(vin: &[u8]) -> bool {
    if vin.len() != 17 {
        return false;
    }
    let mut sum = 0;
    for (&b, w) in vin.iter().zip(WEIGHTS) {
        match value(b) {
            Some(v) => sum += v * w,
            None => return false,
        }
    }
    let want = match sum % 11 {
        10 => b'X',
        d => b'0' + d as u8,
    };
    vin[8] == want
}

fn validate(c: &Candidate<'_>) -> Option<Range<usize>> {
    let v = c.bytes();
    let letters = v.iter().any(u8::is_ascii_uppercase);
    (letters && check_digit_ok(v)).then_some(c.start..c.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliteration_follows_the_table() {
        // 49 CFR 565.15 table: A-H 1-8, J-N 1-5, P 7, R 9, S-Z 2-9.
        let want = [
            (b'A', 1),
            (b'H', 8),
            (b'J', 1),
            (b'N', 5),
            (b'P', 7),
            (b'R', 9),
            (b'S', 2),
            (b'T', 3),
            (b'Z', 9),
        ];
        for (b, v) in want {
            assert_eq!(value(b), Some(v), "{}", b as char);
        }
        for b in [b'I', b'O', b'Q', b'a', b'-'] {
            assert_eq!(value(b), None);
        }
    }

    #[test]
    fn check_digits() {
        // Published examples with a valid check digit (the first has `X`).
        for vin in [
            "1M8GDM9AXKP042788",
            "1HGCM82633A004352",
            "JH4KA7561PC008269",
        ] {
            assert!(check_digit_ok(vin.as_bytes()), "{vin}");
        }
        // One character changed, or the check digit wrong.
        for vin in ["1M8GDM9AYKP042788", "1HGCM82633A004353", "JH4KA7561PC00826"] {
            assert!(!check_digit_ok(vin.as_bytes()), "{vin}");
        }
    }
}
