//! MAC addresses: EUI-48 and EUI-64 (`mac`).
//!
//! * **Matches** six groups of two hex digits with one separator used throughout,
//!   `aa:bb:cc:dd:ee:ff` or `AA-BB-CC-DD-EE-FF` (IEEE 802 / Windows), and the Cisco form of
//!   three dot-separated groups of four hex digits, `aabb.ccdd.eeff`; any case. The EUI-64
//!   forms too: eight groups of two (`01-02-03-04-05-06-07-ab`, `ab:ab:ab:ab:ab:ab:ab:ab`)
//!   or four Cisco groups (`0102.0304.0506.07ab`). Eight colon groups holding a decimal
//!   digit are also an IPv6 address: the IPv6 detector, tried first, takes them
//!   (`00:11:22:33:44:55:66:77` is truncated as an address).
//! * **Does not match** mixed separators (`aa:bb-cc:dd:ee:ff`), groups of another width,
//!   a part of a longer run (7 or 9 groups, `00:11:22:33:44:55:66`), hex pairs separated
//!   by spaces (hex dumps), or bare 12/16-hex runs (hashes, ids).
//! * **Boundary rule**: not glued to a word character; not preceded or followed by the
//!   same separator and a standalone hex group (`11:aa:bb:cc:dd:ee:ff`), while a key
//!   such as `mac:aa:bb:cc:dd:ee:ff` or `hw-00-11-22-33-44-55` is fine.
//! * **Maximum match length**: 23 bytes (eight groups).
//! * **Validation**: the shape is the regex; the validator checks the run boundaries.

use std::ops::Range;

use super::{Candidate, DetectOptions, Pattern};
use crate::Kind;

pub(crate) fn patterns(_opts: &DetectOptions) -> Vec<Pattern> {
    let x = "[0-9A-Fa-f]";
    vec![Pattern {
        kind: Kind::Mac,
        rule: "mac".to_owned(),
        regex: format!(
            r"\b(?:{x}{{2}}(?::{x}{{2}}){{5}}(?:(?::{x}{{2}}){{2}})?|{x}{{2}}(?:-{x}{{2}}){{5}}(?:(?:-{x}{{2}}){{2}})?|{x}{{4}}(?:\.{x}{{4}}){{2}}(?:\.{x}{{4}})?)\b"
        ),
        max_len: 23,
        validate,
        // The first three groups of each form.
        trigger: super::shapes(format!(
            r"(?:{x}{{2}}:){{3}}|(?:{x}{{2}}-){{3}}|{x}{{4}}\.{x}{{4}}\."
        )),
    }]
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// True when `group` is a run of 1–4 hex digits (a standalone group of a longer run).
fn hex_group(group: &[u8]) -> bool {
    (1..=4).contains(&group.len()) && group.iter().all(u8::is_ascii_hexdigit)
}

fn validate(c: &Candidate<'_>) -> Option<Range<usize>> {
    let hay = c.hay;
    let m = c.bytes();
    let sep = *m.get(2).filter(|b| !b.is_ascii_hexdigit()).or(m.get(4))?;
    // Before: `<sep><group>` where the group is a whole word → a longer run.
    if c.before() == Some(sep) {
        let end = c.start - 1;
        let mut i = end;
        while i > 0 && is_word(hay[i - 1]) && end - i < 5 {
            i -= 1;
        }
        let glued = i > 0 && is_word(hay[i - 1]);
        if !glued && hex_group(&hay[i..end]) {
            return None;
        }
    }
    // After: `<sep><group>` the same way.
    if c.after() == Some(sep) {
        let start = c.end + 1;
        let mut i = start;
        while i < hay.len() && is_word(hay[i]) && i - start < 5 {
            i += 1;
        }
        let glued = hay.get(i).is_some_and(|&b| is_word(b));
        if !glued && hex_group(&hay[start..i]) {
            return None;
        }
    }
    Some(c.start..c.end)
}

#[cfg(test)]
mod tests {
    use crate::{Kind, Scrubber};

    fn only() -> Scrubber {
        crate::detect::only(Kind::Mac)
    }

    #[test]
    fn positive() {
        let s = only();
        for (input, out) in [
            ("HWaddr 00:11:43:e3:ba:c3 up", "HWaddr [MAC] up"),
            ("mac=AA-BB-CC-DD-EE-FF;", "mac=[MAC];"),
            ("port aabb.ccdd.eeff learned", "port [MAC] learned"),
            ("mac:5c:50:15:4c:18:13", "mac:[MAC]"),
            ("hw-00-11-22-33-44-55", "hw-[MAC]"),
            (r#"{"mac":"F8:4F:57:3B:EA:B2"}"#, r#"{"mac":"[MAC]"}"#),
            ("(ff:ff:ff:ff:ff:ff)", "([MAC])"),
            (
                "a 00:11:22:33:44:55, b 66:77:88:99:aa:bb.",
                "a [MAC], b [MAC].",
            ),
            ("AABB.CCDD.EEFF", "[MAC]"),
            ("bssid=88:75:56:a0:95:ed:", "bssid=[MAC]:"),
            // EUI-64 (validator.js's valid MAC vectors).
            ("eui 01-02-03-04-05-06-07-ab end", "eui [MAC] end"),
            ("eui ab:ab:ab:ab:ab:ab:ab:ab end", "eui [MAC] end"),
            ("eui FF:FF:FF:FF:FF:FF:FF:FF", "eui [MAC]"),
            ("eui 0102.0304.0506.07ab end", "eui [MAC] end"),
            ("00:11:22:33:44:55:66:77", "[MAC]"),
        ] {
            assert_eq!(s.scrub_str(input), out, "{input}");
        }
    }

    #[test]
    fn negative() {
        let s = only();
        for input in [
            "00:11:22:33:44:55:66",
            "11:00:11:22:33:44:55",
            "00:11:22:33:44:55:66:77:88",
            "00-11-22-33-44-55-66",
            "00-11-22-33-44-55-66-77-88",
            "0102.0304.0506.07ab.cdef",
            "A9 C5 D4 9F EB D3",
            "0102030405ab",
            "aa:bb-cc:dd:ee:ff",
            "aa:bb:cc:dd:ee",
            "aaa:bb:cc:dd:ee:ff",
            "xaa:bb:cc:dd:ee:ff",
            "aa:bb:cc:dd:ee:ffx",
            "aa:bb:cc:dd:ee:fg",
            "aabb.ccdd.eeff.0011.2233",
            "0011.aabb.ccdd.eeff.4455",
            "aabb.ccdd",
            "12:34:56",
            "2024-01-05-10-15-43",
        ] {
            assert!(s.find(input).is_empty(), "{input}");
        }
    }

    #[test]
    fn default_and_ipv6_first() {
        let s = Scrubber::default();
        assert_eq!(s.scrub_str("mac aa:bb:cc:dd:ee:ff"), "mac [MAC]");
        assert_eq!(s.scrub_str("fe80:0:0:0:0:0:0:1"), "fe80::");
        // Eight colon groups with a digit: an IPv6 address first.
        assert_eq!(s.scrub_str("00:11:22:33:44:55:66:77"), "0:11:22::");
        assert_eq!(s.scrub_str("ab:ab:ab:ab:ab:ab:ab:ab"), "[MAC]");
        for input in [
            &b"\xffaa:bb:cc:dd:ee:ff:"[..],
            b":",
            b"aa:bb:cc:dd:ee:ff-",
            b"-aa-bb-cc-dd-ee-ff",
        ] {
            let _ = s.scrub_bytes(input);
        }
    }
}
