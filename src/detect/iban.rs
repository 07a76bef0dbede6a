//! International Bank Account Numbers (ISO 13616).
//!
//! # What matches
//!
//! An upper-case country code of the SWIFT IBAN registry ([`LENGTHS`]), two check digits
//! and the BBAN, written compact (`DE89370400440532013000`) or grouped in any grouping by
//! single spaces, dashes or dots (`DE89 3704 0044 0532 0130 00`,
//! `GB82-WEST-1234-5698-7654-32`, `FR14 2004 1010 0505 0001 3M02 606`, the Norwegian
//! `NO93.8601.11.17947`), also with a separator between the country code and the check
//! digits (`NO 93 8601 1117 947`, as python-stdnum's test data writes them). Separator
//! kinds may mix (`ES72 2013-0692-81-0201150993`); two separators in a row never match.
//!
//! BBAN letters must be upper case, like the country code (decision: printed and
//! electronic IBANs are upper case, and requiring it keeps ordinary lower-case words that
//! follow an IBAN-like prefix from completing a candidate). Lower-case or mixed-case IBANs
//! are not found. The per-country BBAN structure (where letters may stand) is not checked:
//! a BBAN with a letter in a digit position that passes MOD 97 is still redacted (safe side).
//!
//! # Validation
//!
//! * The country's IBAN length from the registry holds exactly: the IBAN ends after that
//!   many letters and digits, so loose grouping cannot swallow what follows.
//! * The check digits are `02`–`98` and the ISO 7064 MOD 97-10 check holds (the number
//!   formed by BBAN + country + check digits, letters as 10–35, is 1 mod 97).
//!
//! # Boundary rule
//!
//! A word boundary before the country code (`\b`: no ASCII letter, digit or `_` before),
//! and the byte after the last character of the IBAN is not an ASCII letter, digit or `_`
//! (`DE89 3704 0044 0532 0130 0012` is rejected: its last group runs on).
//!
//! # Maximum match length
//!
//! 5 + 2 × 30 = 65 bytes (country code, optional separator, check digits, then up to 30
//! characters each with a separator before it).
//!
//! Source of the country table: SWIFT, *IBAN Registry* (ISO 13616), release 2024–2025
//! (<https://www.swift.com/standards/data-standards/iban-international-bank-account-number>),
//! including the territories the registry lists under FI, FR and GB.

use std::ops::Range;

use super::{Candidate, DetectOptions, Pattern};
use crate::Kind;

/// Country code → IBAN length (characters, without separators), SWIFT IBAN registry.
pub(crate) const LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BI", 27),
    ("BR", 29),
    ("BY", 28),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DJ", 27),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FK", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HN", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IQ", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LC", 32),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("LY", 25),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MN", 20),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NI", 28),
    ("NL", 18),
    ("NO", 15),
    ("OM", 23),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("RU", 33),
    ("SA", 24),
    ("SC", 31),
    ("SD", 18),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("SO", 23),
    ("ST", 25),
    ("SV", 28),
    ("TL", 23),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
    ("YE", 30),
    // Territories the registry includes under Finland, France and the United Kingdom.
    ("AX", 18),
    ("BL", 27),
    ("GF", 27),
    ("GP", 27),
    ("MF", 27),
    ("MQ", 27),
    ("NC", 27),
    ("PF", 27),
    ("PM", 27),
    ("RE", 27),
    ("TF", 27),
    ("WF", 27),
    ("YT", 27),
    ("GG", 22),
    ("IM", 22),
    ("JE", 22),
    // Not in the SWIFT registry: countries whose banks publish IBAN-format account numbers
    // (ISO 13616 structure and MOD 97-10), with their national lengths.
    ("AO", 25),
    ("BF", 28),
    ("BJ", 28),
    ("CF", 27),
    ("CG", 27),
    ("CI", 28),
    ("CM", 27),
    ("CV", 25),
    ("DZ", 26),
    ("GA", 27),
    ("GQ", 27),
    ("GW", 25),
    ("IR", 26),
    ("KM", 27),
    ("MA", 28),
    ("MG", 27),
    ("ML", 28),
    ("MZ", 25),
    ("NE", 28),
    ("SN", 28),
    ("TD", 27),
    ("TG", 28),
];

const MAX_LEN: usize = 5 + 2 * 30;

pub(crate) fn patterns(_opts: &DetectOptions) -> Vec<Pattern> {
    let codes: Vec<&str> = LENGTHS.iter().map(|(cc, _)| *cc).collect();
    vec![Pattern {
        kind: Kind::Iban,
        rule: "iban".to_owned(),
        regex: format!(
            r"\b(?:{})[ .\-]?[0-9]{{2}}(?:[ .\-]?[0-9A-Z]){{11,30}}",
            codes.join("|")
        ),
        max_len: MAX_LEN,
        validate,
        // Two capitals opening a word and the check digits (not `INFO 4711`).
        trigger: super::shapes(r"\b[A-Z]{2}[ .\-]?[0-9]{2}"),
    }]
}

/// The registry length of an IBAN with this country code.
fn length_of(cc: &[u8]) -> Option<usize> {
    LENGTHS
        .iter()
        .find(|(c, _)| c.as_bytes() == cc)
        .map(|&(_, n)| n)
}

/// ISO 7064 MOD 97-10 over an IBAN's characters (upper-case letters and digits).
pub(crate) fn mod97_ok(iban: &[u8]) -> bool {
    if iban.len() < 5 {
        return false;
    }
    let (head, bban) = iban.split_at(4);
    let mut rem = 0u32;
    for &b in bban.iter().chain(head) {
        rem = match b {
            b'0'..=b'9' => (rem * 10 + u32::from(b - b'0')) % 97,
            b'A'..=b'Z' => (rem * 100 + u32::from(b - b'A') + 10) % 97,
            _ => return false,
        };
    }
    rem == 1
}

fn is_sep(b: u8) -> bool {
    matches!(b, b' ' | b'-' | b'.')
}

fn validate(c: &Candidate<'_>) -> Option<Range<usize>> {
    let bytes = c.bytes();
    let want = length_of(bytes.get(..2)?)?;
    // An optional separator between the country code and the check digits (`NO 93 …`).
    let mut i = if bytes.get(2).is_some_and(|&b| is_sep(b)) {
        3
    } else {
        2
    };
    let check = bytes.get(i..i + 2)?;
    let cd = u32::from(check[0].wrapping_sub(b'0')) * 10 + u32::from(check[1].wrapping_sub(b'0'));
    if !(2..=98).contains(&cd) {
        return None;
    }
    // On the stack: a candidate that is no IBAN (most are not) allocates nothing.
    let mut chars = [0u8; 34];
    if want > chars.len() || want < 4 {
        return None;
    }
    chars[..2].copy_from_slice(bytes.get(..2)?);
    chars[2..4].copy_from_slice(check);
    let mut len = 4;
    i += 2;
    // Collect `want` characters; single separators only, never two in a row.
    let mut after_sep = false;
    while len < want {
        let b = *bytes.get(i)?;
        match b {
            b'0'..=b'9' | b'A'..=b'Z' => {
                chars[len] = b;
                len += 1;
                after_sep = false;
            }
            _ if is_sep(b) && !after_sep => after_sep = true,
            _ => return None,
        }
        i += 1;
    }
    let end = c.start + i;
    if c.hay
        .get(end)
        .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return None;
    }
    mod97_ok(&chars[..len]).then_some(c.start..end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scrubber;

    fn ibans() -> Scrubber {
        crate::detect::only(Kind::Iban)
    }

    #[test]
    fn table_is_sane() {
        for (cc, n) in LENGTHS {
            assert!(
                cc.len() == 2 && cc.bytes().all(|b| b.is_ascii_uppercase()),
                "{cc}"
            );
            assert!((15..=34).contains(n), "{cc}");
        }
        let mut codes: Vec<&str> = LENGTHS.iter().map(|(c, _)| *c).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), LENGTHS.len());
    }

    #[test]
    fn positives() {
        let s = ibans();
        for (input, want) in [
            ("iban DE89370400440532013000 ok", "iban [IBAN] ok"),
            (
                "IBAN: DE89 3704 0044 0532 0130 00 is mine",
                "IBAN: [IBAN] is mine",
            ),
            ("to GB82-WEST-1234-5698-7654-32.", "to [IBAN]."),
            ("FR14 2004 1010 0505 0001 3M02 606", "[IBAN]"),
            ("NO9386011117947", "[IBAN]"),
            ("BE68 539 007 547 034", "[IBAN]"),
            ("\"iban\":\"NL91ABNA0417164300\"", "\"iban\":\"[IBAN]\""),
            ("DE89 3704 0044 0532 0130 00 EUR", "[IBAN] EUR"),
            ("NO 93 8601 1117 947", "[IBAN]"),
            ("kto NO93.8601.11.17947.", "kto [IBAN]."),
            ("DE89 3704-0044-0532-0130-00", "[IBAN]"),
        ] {
            assert_eq!(s.scrub_str(input), want, "{input}");
        }
    }

    #[test]
    fn negatives() {
        let s = ibans();
        for input in [
            "DE89370400440532013001",
            "DE89 3704 0044 0532 0130 0012",
            "XDE89370400440532013000",
            "de89370400440532013000",
            "DE89 3704  0044 0532 0130 00",
            "DE 89370400440532013001",
            "DE89.3704..0044.0532.0130.00",
            "NO93 8601 1117 9470",
            "GB82west12345698765432",
            "ZZ89370400440532013000",
            "DE00370400440532013000",
        ] {
            assert_eq!(s.scrub_str(input), input, "{input}");
        }
        assert!(!mod97_ok(b"DE8"));
        assert!(!mod97_ok(b"DE89 3704"));
    }

    #[test]
    fn default_policy() {
        assert_eq!(
            Scrubber::default().scrub_str("iban=GB29NWBK60161331926819&x"),
            "iban=[IBAN]&x"
        );
        let _ = ibans().scrub_bytes(b"DE89\xff3704 0044 0532 0130 00 DE12-");
    }
}
