//! IPv4 and IPv6 addresses.
//!
//! # IPv4 (`ipv4`)
//!
//! * **Matches** a dotted quad of decimal octets 0–255, leading zeros allowed as logs
//!   write them (`010.001.002.003`), wherever it stands: alone, before `:port`
//!   (`10.1.2.3:51234`), inside `[...]`, in comma lists (`X-Forwarded-For:
//!   1.2.3.4, 5.6.7.8`), after `for=` (RFC 7239), in JSON (`"ip":"1.2.3.4"`), after
//!   `//` in URLs and after a non-word `/` (`[/10.10.34.11:3888]`).
//! * **Finding** = the address only: port, brackets, quotes stay outside the span.
//! * **Does not match**: more than four dotted parts (`1.2.3.4.5`, OIDs), a part of more
//!   than 3 digits or above 255, and *versions*: a quad after `product/` where the
//!   product is letters only (not `localhost`) and one of the last three octets is `0`
//!   (`Chrome/124.0.0.0`, `OPR/109.0.0.0`; Java's `host-41/10.1.2.3` and
//!   `localhost/127.0.0.1` are addresses), glued to a letter (`v1.2.3.4`, `V1.2.3.4`), or after a
//!   version word: `version`, `ver`, `v`, `build`, `rev`, `revision`, `release`,
//!   `firmware`, `fw`, or any key ending in `version` (`appVersion`, `os_version`),
//!   separated from the quad by up to 4 of ` \t:="'.` (`version 1.2.3.4`,
//!   `"app_version":"1.2.3.4"`, `wcp.dll version 0.0.0.6`). Host names that spell an
//!   address with dashes (`ip-10-1-2-3`) are not an IPv4 text form and are left alone.
//! * **Boundary rule**: not preceded by a word character, `.`, `~` (Windows package
//!   names `…~amd64~~6.1.1.1`), or `product/` as above; not followed
//!   by a word character or by `.` + digit.
//! * **Maximum match length**: 15 bytes.
//! * **Validation**: every octet ≤ 255 (`octets_ok`), boundary and version
//!   checks above. (The same lenient parsing as the truncation action's.)
//!
//! # IPv6 (`ipv6`)
//!
//! * **Matches** every RFC 4291 §2.2 text form: full (`2001:db8:0:0:0:0:0:1`),
//!   compressed (`2001:db8::1`, `fe80::`, `::1`), upper or mixed case, embedded IPv4
//!   (`::ffff:1.2.3.4`, `64:ff9b::1.2.3.4`, `0:0:0:0:0:ffff:1.2.3.4`), with a zone id
//!   (`fe80::1%eth0`, `fe80::1%25eth0` in URLs; the zone is part of the span, truncation
//!   drops it), inside `[addr]:port` and URLs (`http://[2001:db8::1]:8080/`).
//!   A Java socket address `/0:0:0:0:0:0:0:1:54321` (a `/`, eight full groups, then
//!   `:port` of 1–5 digits) gives the eight groups.
//! * **Requires** either `::` or exactly 8 groups (6 groups + IPv4), and at least one
//!   decimal digit. So timestamps (`12:34:56`, `12:34:56.789`,
//!   `2024-01-01T12:34:56`), MACs (`aa:bb:cc:dd:ee:ff`, 6 groups) and 7-group runs are
//!   not IPv6, and neither are C++/Rust paths made of hex letters (`Face::add`,
//!   `CCFile::captureLog`: no digit, or glued to a word). The price: an address of hex
//!   letters only (`dead:beef::cafe`) is not matched.
//! * `::` alone (the unspecified address, a common path separator) is **not** matched;
//!   `::1` **is** (loopback; the default /48 truncation turns it into `::`, which is
//!   then stable). The unspecified address in any spelling (`0:0:0:0:0:0:0:0`,
//!   `0::0`) is not matched either: it is nobody's, and truncation would only respell it.
//! * **Boundary rule**: not preceded by a word character or `:`; not followed by a word
//!   character, by `.` + digit, or by `:` + hex digit or `:` (a longer colon run),
//!   except the Java `/addr:port` form above.
//! * **Maximum match length**: 109 bytes (76 for the address, 33 for `%zone`); a valid
//!   address is at most 45 bytes plus its zone.
//! * **Validation**: [`std::net::Ipv6Addr`]'s parser on the address without its zone.

use std::net::Ipv6Addr;
use std::ops::Range;

use super::{Candidate, DetectOptions, Pattern};
use crate::Kind;

/// A dotted quad (any 1–3 digit parts; octet values are checked by the validator).
const V4: &str = r"[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}";
/// One IPv6 group.
const H: &str = "[0-9A-Fa-f]{1,4}";
/// Longest regex match of the IPv4 pattern.
const V4_MAX: usize = 15;
/// Longest regex match of the IPv6 pattern: 34 (7 groups) + 2 (`::`) + 40 (5 groups and
/// an IPv4) + 33 (`%` and a 32-byte zone).
const V6_MAX: usize = 34 + 2 + 40 + 33;

/// Words (lower case) after which a dotted quad is a version, not an address.
const VERSION_WORDS: [&str; 9] = [
    "v", "ver", "build", "rev", "revision", "release", "firmware", "fw", "version",
];

pub(crate) fn patterns_v4(_opts: &DetectOptions) -> Vec<Pattern> {
    vec![Pattern {
        kind: Kind::Ipv4,
        rule: "ipv4".to_owned(),
        regex: format!(r"\b{V4}\b"),
        max_len: V4_MAX,
        validate: validate_v4,
        trigger: super::shapes(r"\b[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]"),
    }]
}

pub(crate) fn patterns_v6(_opts: &DetectOptions) -> Vec<Pattern> {
    // After `::`: groups ending in an IPv4, or plain groups (the IPv4 form first, so that
    // `::ffff:1.2.3.4` is not cut at `1`).
    let tail = format!("(?:(?:{H}:){{0,5}}{V4}|{H}(?::{H}){{0,6}})");
    let regex = format!(
        r"(?:\b(?:(?:{H}:){{6}}{V4}|(?:{H}:){{7}}{H}|{H}(?::{H}){{0,6}}::{tail}?)|\B::{tail}?)(?:%[0-9A-Za-z_.\-]{{1,32}})?"
    );
    vec![Pattern {
        kind: Kind::Ipv6,
        rule: "ipv6".to_owned(),
        regex,
        max_len: V6_MAX,
        validate: validate_v6,
        // Every form holds `::`, or six groups each followed by `:`.
        trigger: super::shapes(format!("::|(?:{H}:){{6}}")),
    }]
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// True when `hay[i]` exists and is an ASCII digit.
fn digit_at(hay: &[u8], i: usize) -> bool {
    hay.get(i).is_some_and(u8::is_ascii_digit)
}

/// True when the word before `start` (skipping up to 4 bytes of ` \t:="'.`) is a
/// version word or a key ending in `version`.
fn after_version_word(hay: &[u8], start: usize) -> bool {
    let mut i = start;
    let mut skipped = 0;
    while i > 0
        && skipped < 4
        && matches!(hay[i - 1], b' ' | b'\t' | b':' | b'=' | b'"' | b'\'' | b'.')
    {
        i -= 1;
        skipped += 1;
    }
    if skipped == 0 {
        // Glued to a word: `\b` already rules that out; `/` is handled by the caller.
        return false;
    }
    let end = i;
    while i > 0 && is_word(hay[i - 1]) && end - i < 32 {
        i -= 1;
    }
    let word = &hay[i..end];
    if word.is_empty() {
        return false;
    }
    let ends_version = word.len() >= 7 && word[word.len() - 7..].eq_ignore_ascii_case(b"version");
    ends_version
        || VERSION_WORDS
            .iter()
            .any(|w| word.eq_ignore_ascii_case(w.as_bytes()))
}

/// True when the four dot-separated parts of `s` are 1–3 digit numbers ≤ 255
/// (leading zeros allowed, as logs write them): the parser IP truncation uses.
fn octets_ok(s: &[u8]) -> bool {
    crate::action::parse_v4_lenient(s).is_some()
}

/// True for `Chrome/124.0.0.0`: a quad right after `product/`, where the product is
/// letters only (not `localhost`) and an octet after the first is `0`. Java's
/// `host/10.1.2.3`, `msra-sa-41/10.190.173.170`, `localhost/127.0.0.1`, URLs
/// (`//1.2.3.4`) and paths (` /1.2.3.4`) are addresses.
fn product_version(hay: &[u8], start: usize) -> bool {
    let slash = start - 1;
    let mut i = slash;
    while i > 0 && (hay[i - 1].is_ascii_alphanumeric() || matches!(hay[i - 1], b'-' | b'.' | b'_'))
    {
        i -= 1;
    }
    let token = &hay[i..slash];
    let letters = !token.is_empty() && token.iter().all(u8::is_ascii_alphabetic);
    let zero = hay[start..].split(|&b| b == b'.').skip(1).take(3).any(|p| {
        p.iter()
            .take_while(|b| b.is_ascii_digit())
            .all(|&b| b == b'0')
    });
    letters && !token.eq_ignore_ascii_case(b"localhost") && zero
}

fn validate_v4(c: &Candidate<'_>) -> Option<Range<usize>> {
    if !octets_ok(c.bytes()) {
        return None;
    }
    let hay = c.hay;
    match c.before() {
        // Fifth part of a dotted number, or inside a word (the regex's `\b` covers most).
        // `~` separates the parts of Windows package names: `…~amd64~~6.1.1.1`.
        Some(b) if b == b'.' || b == b'~' || is_word(b) => return None,
        Some(b'/') if product_version(hay, c.start) => return None,
        _ => {}
    }
    match c.after() {
        Some(b) if is_word(b) => return None,
        Some(b'.') if digit_at(hay, c.end + 1) => return None,
        _ => {}
    }
    if after_version_word(hay, c.start) {
        return None;
    }
    Some(c.start..c.end)
}

/// True when `hay[i]` exists and is a hex digit or `:`.
fn hex_or_colon_at(hay: &[u8], i: usize) -> bool {
    hay.get(i)
        .is_some_and(|b| b.is_ascii_hexdigit() || *b == b':')
}

fn validate_v6(c: &Candidate<'_>) -> Option<Range<usize>> {
    let hay = c.hay;
    let m = c.bytes();
    // Split off the zone; trailing `.`/`-` belong to the sentence, not the zone.
    let (addr_len, end) = match m.iter().position(|&b| b == b'%') {
        Some(p) => {
            let mut e = m.len();
            while e > p + 1 && matches!(m[e - 1], b'.' | b'-') {
                e -= 1;
            }
            // A `%` with nothing left after it is not a zone.
            (p, c.start + if e > p + 1 { e } else { p })
        }
        None => (m.len(), c.end),
    };
    let addr = &m[..addr_len];
    if !addr.iter().any(u8::is_ascii_digit) {
        return None;
    }
    let ip: Ipv6Addr = std::str::from_utf8(addr).ok()?.parse().ok()?;
    if ip.is_unspecified() {
        // `0:0:0:0:0:0:0:0` (Java's "any"): not personal, and rewriting it as `::` only
        // changes its spelling.
        return None;
    }
    if matches!(c.before(), Some(b) if b == b':' || is_word(b)) {
        return None;
    }
    let compressed = addr.windows(2).any(|w| w == b"::");
    // The byte after the span (after the trimmed zone, if any).
    let next = hay.get(end).copied().filter(|&b| b != b'\n');
    match next {
        Some(b) if is_word(b) => return None,
        Some(b'.') if digit_at(hay, end + 1) => return None,
        Some(b':') if hex_or_colon_at(hay, end + 1) => {
            // A longer colon run, unless this is Java's `/addr:port` (eight full groups).
            let java = !compressed && c.before() == Some(b'/') && end == c.start + addr_len && {
                let digits = hay[end + 1..]
                    .iter()
                    .take(6)
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                (1..=5).contains(&digits)
                    && !hay.get(end + 1 + digits).is_some_and(|&b| is_word(b))
                    && !(hay.get(end + 1 + digits) == Some(&b'.')
                        && digit_at(hay, end + 2 + digits))
            };
            if !java {
                return None;
            }
        }
        _ => {}
    }
    Some(c.start..end)
}

#[cfg(test)]
mod tests {
    use crate::{Kind, Scrubber};

    fn only(kind: Kind) -> Scrubber {
        crate::detect::only(kind)
    }

    fn spans(s: &Scrubber, input: &str) -> Vec<String> {
        s.find(input)
            .iter()
            .map(|f| input[f.range.clone()].to_owned())
            .collect()
    }

    #[test]
    fn v4_positive() {
        let s = only(Kind::Ipv4);
        for (input, want) in [
            ("login from 192.168.1.77 ok", "192.168.1.77"),
            ("client 10.1.2.3:51234 closed", "10.1.2.3"),
            ("[203.0.113.9]", "203.0.113.9"),
            ("peer=010.001.002.003", "010.001.002.003"),
            (r#"{"ip":"1.2.3.4"}"#, "1.2.3.4"),
            ("for=192.0.2.60;proto=http", "192.0.2.60"),
            ("http://198.51.100.7/index.html", "198.51.100.7"),
            ("[/10.10.34.11:3888]", "10.10.34.11"),
            ("Old: msra-sa-41/10.190.173.170:9000", "10.190.173.170"),
            ("localhost/127.0.0.1:2181", "127.0.0.1"),
            ("UA Foo/10.1.2.3", "10.1.2.3"),
            ("rhost=218.188.2.4 ", "218.188.2.4"),
            ("reached 255.255.255.255.", "255.255.255.255"),
            ("4.3.2.1.in-addr.arpa", "4.3.2.1"),
            ("alice@203.0.113.5", "203.0.113.5"),
        ] {
            assert_eq!(spans(&s, input), [want], "{input}");
        }
        assert_eq!(spans(&s, "XFF: 1.2.3.4,5.6.7.8"), ["1.2.3.4", "5.6.7.8"]);
        assert_eq!(spans(&s, "XFF: 1.2.3.4, 5.6.7.8"), ["1.2.3.4", "5.6.7.8"]);
        assert_eq!(s.scrub_str("a 1.2.3.4 b"), "a [IPV4] b");
    }

    #[test]
    fn v4_negative() {
        let s = only(Kind::Ipv4);
        for input in [
            "1.2.3.4.5",
            "oid 1.3.6.1.2.1",
            "256.1.1.1",
            "1.2.3.999",
            "1.2.3.1234",
            "x1.2.3.4",
            "Chrome/124.0.0.0 Safari",
            "OPR/109.0.0.0",
            "YaBrowser/24.1.0.0",
            "v1.2.3.4",
            "V1.2.3.4",
            "version 1.2.3.4",
            "wcp.dll version 0.0.0.6",
            r#""appVersion":"10.2.0.1""#,
            "build=2.0.0.13",
            "Package_for_KB2656356~31bf3856ad364e35~amd64~~6.1.1.1,",
            "blk_-123.456",
            "2005-06-03-15.42.50.675872",
            "Stack v6.1.7601.23505",
            "1.2.3.4x",
            "_1.2.3.4",
            "1.2.3",
        ] {
            assert!(s.find(input).is_empty(), "{input}");
        }
    }

    #[test]
    fn v4_default_truncates() {
        let s = Scrubber::default();
        assert_eq!(s.scrub_str("from 192.168.1.77:443"), "from 192.168.1.0:443");
        assert_eq!(s.scrub_str("net 10.0.0.0"), "net 10.0.0.0");
        assert_eq!(s.scrub_str("010.001.002.003"), "10.1.2.0");
    }

    #[test]
    fn v6_positive() {
        let s = only(Kind::Ipv6);
        for (input, want) in [
            ("src 2001:db8::1 ok", "2001:db8::1"),
            (
                "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
                "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
            ),
            (
                "A 2001:DB8:85A3::8A2E:370:7334 B",
                "2001:DB8:85A3::8A2E:370:7334",
            ),
            ("fe80::1%eth0 up", "fe80::1%eth0"),
            ("http://[fe80::1%25eth0]/", "fe80::1%25eth0"),
            ("via fe80::1%eth0.", "fe80::1%eth0"),
            ("::ffff:1.2.3.4", "::ffff:1.2.3.4"),
            ("nat64 64:ff9b::1.2.3.4", "64:ff9b::1.2.3.4"),
            ("0:0:0:0:0:ffff:1.2.3.4", "0:0:0:0:0:ffff:1.2.3.4"),
            ("http://[2001:db8::1]:8080/", "2001:db8::1"),
            ("loopback ::1", "::1"),
            ("net fe80::", "fe80::"),
            ("fe80:0:0:0:0:0:0:1", "fe80:0:0:0:0:0:0:1"),
            (r#"for="[2001:db8:cafe::17]:4711""#, "2001:db8:cafe::17"),
            (
                "[QuorumPeer[myid=1]/0:0:0:0:0:0:0:2:2181:Fast",
                "0:0:0:0:0:0:0:2",
            ),
            ("/0:0:0:0:0:0:0:1:54321 closed", "0:0:0:0:0:0:0:1"),
            ("addr 2001:db8::2: refused", "2001:db8::2"),
            ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7::"),
        ] {
            assert_eq!(spans(&s, input), [want], "{input}");
        }
    }

    #[test]
    fn v6_negative() {
        let s = only(Kind::Ipv6);
        for input in [
            "12:34:56",
            "12:34:56.789",
            "2024-01-01T12:34:56",
            "aa:bb:cc:dd:ee:ff",
            "1:2:3:4:5:6:7",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7:8:9a",
            "std::vector",
            "CCFile::captureLog",
            "Face::add(x)",
            " dead::beef ",
            "::",
            "a :: b",
            "[QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:Fast",
            "0::0",
            "2001:db8::12345",
            "2001:db8::g",
            "::1.2.3.4.5",
            "host:::1",
            "1::2::3",
        ] {
            assert!(s.find(input).is_empty(), "{input}");
        }
    }

    #[test]
    fn v6_default_truncates() {
        let s = Scrubber::default();
        assert_eq!(
            s.scrub_str("2001:db8:85a3:8d3:1319:8a2e:370:7348"),
            "2001:db8:85a3::"
        );
        assert_eq!(s.scrub_str("[fe80::1%eth0]:22"), "[fe80::]:22");
        assert_eq!(s.scrub_str("::ffff:192.168.1.77"), "::ffff:192.168.1.0");
        assert_eq!(s.scrub_str("net 2001:db8:85a3::"), "net 2001:db8:85a3::");
        assert_eq!(s.scrub_str("lo ::1"), "lo ::");
        let once = s.scrub_str("/0:0:0:0:0:0:0:1:2181:x").into_owned();
        assert_eq!(once, "/:::2181:x");
        assert_eq!(s.scrub_str(&once), once);
    }

    #[test]
    fn no_panic_on_odd_bytes() {
        let s = Scrubber::default();
        for input in [
            &b"\xff::1%\xff"[..],
            b"::ffff:1.2.3.4%",
            b"%eth0",
            b"/1:2:3:4:5:6:7:8:",
            b"/1:2:3:4:5:6:7:8:12345678",
            b"1.2.3.4.",
            b":",
            b"/",
        ] {
            let _ = s.scrub_bytes(input);
        }
    }
}
