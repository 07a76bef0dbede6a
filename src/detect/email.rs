//! E-mail addresses (`email`).
//!
//! * **Matches** the practical RFC 5321 §4.1.2 shapes `local@domain`:
//!   - local part: ASCII letters, digits and `._+-%'` (`'` not first), and UTF-8
//!     (RFC 6531; raw bytes `[\x80-\xFF]`): `alice+news@example.com`,
//!     `First.Last@Sub.Example.CO.UK`, `o'brien@example.ie`, `jörg@bücher.de`;
//!   - domain: dot-separated labels of letters, digits, `-`, `_` (seen in real
//!     subdomains, `my_store.typepad.com`) and UTF-8 (IDN), with a
//!     top-level label of ≥ 2 letters (ASCII or Unicode, `.рф`) or an A-label
//!     (`xn--p1ai`);
//!   - quoted local parts (`"john doe"@example.com`, quotes included in the finding);
//!   - address literals (RFC 5321 §4.1.3): `user@[192.0.2.1]`, `user@[IPv6:2001:db8::1]`;
//!   - the URL-encoded form in query strings, `alice%40example.com` and
//!     `alice%2Bnews%40example.com`: the finding covers the whole encoded address; in a
//!     URL's userinfo (`https://alice%40example.com@host/`) the encoded address is the
//!     finding, not the host after the `@`.
//! * **Finding** = the address only: not `mailto:`, not `<`/`>`, quotes, or a
//!   URL-encoded separator before it (`to%3Dalice%40example.com` gives
//!   `alice%40example.com`: a `%XX` in the local part that decodes to anything but a
//!   letter, digit, `._+-` or a non-ASCII byte starts the address after it), nor a
//!   non-alphanumeric Unicode character glued to it (`“alice@example.com”`).
//! * **Does not match**: a domain without a dot or with a numeric/one-letter top-level
//!   label (`Object@6d06d69c`, `FastLeaderElection@774`, `a@b.c`), a local part over 64
//!   bytes (decoded), an address over 254 bytes, `..` in a domain (cut there), labels
//!   over 63 bytes or starting/ending with `-`; JSON-escaped forms (`alice\u0040…`) are
//!   left to the structured scanner.
//! * **Boundary rule**: not preceded by a local-part character (letter, digit, `_+-%`,
//!   a non-ASCII byte, optionally followed by dots) — i.e. no over-long local part
//!   matched by its tail; never ends on a dot or hyphen; not followed by a letter or digit.
//! * **Maximum match length**: 447 bytes (128 + 3 + 316; the validator enforces the
//!   64/254 byte limits on the decoded address).
//! * **Validation**: local-part trimming and length, domain label syntax, top-level label,
//!   and the address literal with the IPv4/IPv6 parsers.
//!
//! * **The crate's own output**: an `email_shaped` pseudonym, `<26 base32 chars>@pseudonym.invalid`
//!   (RFC 2606 reserves `.invalid`, so it is nobody's address), is not a finding, whatever
//!   the policy: scrubbing pseudonymized output again changes nothing. (A `keep_domain`
//!   pseudonym, `<26 base32 chars>@<domain>`, is found, and its action leaves it as it is.)
//!   A `%` right before a token (`%<token>@…`, from a stray `%` before the address the
//!   token replaced) stays outside the finding: it is not read as an escape with the
//!   token's first two characters.
//!   Nor is a plain pseudonym glued to what looks like the rest of an address: a local
//!   part that is a rendering (`email_<token>@example.org`) or a domain whose last label
//!   continues as one (`…@host.mac_<token>`). A real address of exactly that shape would
//!   be missed; `<token>` is 26 characters of `a-z2-7`, so that is very unlikely.

use std::net::Ipv6Addr;
use std::ops::Range;

use super::{Candidate, DetectOptions, Pattern};
use crate::action::pseudonymize::{is_token, TOKEN_LEN};
use crate::Kind;

/// Local part: up to 128 bytes (64 decoded, plus room for `%XX` escapes and trimming).
const LOCAL: &str = r"[A-Za-z0-9_+%\x80-\xFF\-][A-Za-z0-9._+%'\x80-\xFF\-]{0,127}";
const LOCAL_MAX: usize = 128;
/// Domain: labels, a dot, a top-level label (an A-label first, so `xn--p1ai` is whole).
const DOMAIN: &str = r"[A-Za-z0-9\x80-\xFF][A-Za-z0-9._\x80-\xFF\-]{0,251}\.(?:(?i:xn--)[A-Za-z0-9\-]{1,59}|[A-Za-z\x80-\xFF]{2,63})";
const DOMAIN_MAX: usize = 252 + 1 + 63;
/// Quoted local part (RFC 5321 `Quoted-string`), quotes included: at most 64 bytes.
const QUOTED: &str = r#""(?:[^"\\\r\n]|\\[\x20-\x7E]){1,62}""#;
const QUOTED_MAX: usize = 64;
/// Address literal: `[` IPv4 `]` or `[IPv6:` address `]`.
const LITERAL: &str = r"\[(?:[0-9]{1,3}(?:\.[0-9]{1,3}){3}|(?i:ipv6):[0-9A-Fa-f:.]{2,45})\]";
const LITERAL_MAX: usize = 1 + 5 + 45 + 1;

pub(crate) fn patterns(_opts: &DetectOptions) -> Vec<Pattern> {
    vec![
        Pattern {
            kind: Kind::Email,
            rule: "email".to_owned(),
            regex: format!("{LOCAL}(?:@|%40){DOMAIN}"),
            max_len: LOCAL_MAX + 3 + DOMAIN_MAX,
            validate: validate_name,
            trigger: None,
        },
        Pattern {
            kind: Kind::Email,
            rule: "email".to_owned(),
            regex: format!("{QUOTED}@{DOMAIN}"),
            max_len: QUOTED_MAX + 1 + DOMAIN_MAX,
            validate: validate_quoted,
            trigger: None,
        },
        Pattern {
            kind: Kind::Email,
            rule: "email".to_owned(),
            regex: format!("{LOCAL}@{LITERAL}"),
            max_len: LOCAL_MAX + 1 + LITERAL_MAX,
            validate: validate_literal,
            trigger: None,
        },
    ]
}

/// The first character of `s` and its length, if `s` starts with valid UTF-8.
fn char_at(s: &[u8]) -> Option<(char, usize)> {
    let n = match *s.first()? {
        b if b < 0x80 => 1,
        b if b >= 0xF0 => 4,
        b if b >= 0xE0 => 3,
        b if b >= 0xC0 => 2,
        _ => return None,
    };
    let ch = std::str::from_utf8(s.get(..n)?).ok()?.chars().next()?;
    Some((ch, n))
}

/// A non-ASCII character that may be part of an address: letters, digits, combining
/// marks, joiners (RFC 6531 allows more; punctuation and symbols are separators here).
fn name_char(ch: char) -> bool {
    ch.is_alphanumeric()
        || matches!(ch, '\u{300}'..='\u{36F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}')
        || matches!(ch, '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}' | '\u{200C}' | '\u{200D}')
}

fn hex_val(b: Option<&u8>) -> Option<u8> {
    let b = *b?;
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Where the local part really starts (an offset into `local`), and its decoded length.
/// A `%XX` that decodes to a separator, a stray `%`, or a non-ASCII non-name character
/// ends what came before; leading dots and apostrophes are skipped.
fn trim_local(local: &[u8]) -> (usize, usize) {
    let (mut cut, mut i) = (0, 0);
    // Decoded length since `cut`.
    let mut len = 0;
    while i < local.len() {
        let b = local[i];
        if b == b'%' {
            match (hex_val(local.get(i + 1)), hex_val(local.get(i + 2))) {
                (Some(h), Some(l)) => {
                    let d = h * 16 + l;
                    i += 3;
                    if d >= 0x80
                        || d.is_ascii_alphanumeric()
                        || matches!(d, b'.' | b'_' | b'+' | b'-')
                    {
                        len += 1;
                    } else {
                        (cut, len) = (i, 0);
                    }
                }
                _ => {
                    i += 1;
                    (cut, len) = (i, 0);
                }
            }
        } else if b < 0x80 {
            i += 1;
            len += 1;
        } else {
            match char_at(&local[i..]) {
                Some((ch, n)) if !name_char(ch) => {
                    i += n;
                    (cut, len) = (i, 0);
                }
                Some((_, n)) => {
                    i += n;
                    len += n;
                }
                // A byte that is not UTF-8: keep it (over-scrubbing beats leaking).
                None => {
                    i += 1;
                    len += 1;
                }
            }
        }
    }
    while cut < local.len() && matches!(local[cut], b'.' | b'\'') {
        cut += 1;
        len = len.saturating_sub(1);
    }
    (cut, len)
}

/// The length of the valid domain at the start of `d`, if there is one: cut at the
/// first character that cannot be part of a name or at `..`, trailing `.`/`-` dropped.
fn domain_len(d: &[u8]) -> Option<usize> {
    let mut i = 0;
    // The first byte that is not UTF-8: a domain that is not valid with it may be one
    // that ends right before it (`alice@example.com\xff`).
    let mut first_bad = None;
    while i < d.len() {
        let b = d[i];
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            i += 1;
        } else if b == b'.' {
            if d.get(i + 1) == Some(&b'.') {
                break;
            }
            i += 1;
        } else if b >= 0x80 {
            match char_at(&d[i..]) {
                Some((ch, _)) if !name_char(ch) => break,
                Some((_, n)) => i += n,
                None => {
                    first_bad.get_or_insert(i);
                    i += 1
                }
            }
        } else {
            break;
        }
    }
    let trim = |mut i: usize| {
        while i > 0 && matches!(d[i - 1], b'.' | b'-') {
            i -= 1;
        }
        i
    };
    let i = trim(i);
    if domain_ok(&d[..i]) {
        return Some(i);
    }
    let cut = trim(first_bad?);
    domain_ok(&d[..cut]).then_some(cut)
}

/// At least two labels, none empty, over 63 bytes or with a `-` at either end, and a
/// valid top-level label.
fn domain_ok(dom: &[u8]) -> bool {
    let mut labels = 0;
    let mut last: &[u8] = &[];
    for label in dom.split(|&b| b == b'.') {
        if label.is_empty()
            || label.len() > 63
            || label[0] == b'-'
            || label[label.len() - 1] == b'-'
        {
            return false;
        }
        labels += 1;
        last = label;
    }
    labels >= 2 && tld_ok(last)
}

/// A top-level label: an A-label (`xn--…`) or ≥ 2 letters (ASCII or Unicode).
fn tld_ok(t: &[u8]) -> bool {
    if t.len() > 4 && t[..4].eq_ignore_ascii_case(b"xn--") {
        return t[4..]
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-');
    }
    match std::str::from_utf8(t) {
        Ok(s) => s.chars().count() >= 2 && s.chars().all(char::is_alphabetic),
        Err(_) => false,
    }
}

/// A byte a local part can hold: what the regex would have taken before `start`.
fn local_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'+' | b'-' | b'%') || b >= 0x80
}

/// Checks the local part `hay[start..sep]` and the left boundary; returns where the
/// address starts and the local part's decoded length.
fn local_part(c: &Candidate<'_>, sep: usize) -> Option<(usize, usize)> {
    let hay = c.hay;
    let mut i = c.start;
    while i > 0 && hay[i - 1] == b'.' {
        i -= 1;
    }
    if i > 0 && local_byte(hay[i - 1]) && hay[i - 1] != b'\n' {
        return None;
    }
    let local = hay.get(c.start..sep)?;
    let (mut cut, mut len) = trim_local(local);
    // `%` and then exactly a pseudonym token: the `%` was a stray one before the address
    // the token replaced (`%heidi@…` gives `%<token>@…`), not an escape that the token's
    // first two characters happen to complete (`%c6…`). Read as an escape, the output
    // would be a new address on a second pass. Only the `%` stays outside.
    if local.get(cut) == Some(&b'%') && is_token(&local[cut + 1..]) {
        cut += 1;
        len = TOKEN_LEN;
    }
    let kept = &local[cut..];
    if len == 0 || len > 64 || !kept.iter().any(|&b| b.is_ascii_alphanumeric() || b >= 0x80) {
        return None;
    }
    Some((c.start + cut, len))
}

fn validate_name(c: &Candidate<'_>) -> Option<Range<usize>> {
    let m = c.bytes();
    let (sep, sep_len) = match memchr::memchr(b'@', m) {
        Some(i) => (i, 1),
        None => (memchr::memmem::rfind(m, b"%40")?, 3),
    };
    if sep_len == 1 {
        if let Some(span) = encoded_userinfo(c, sep) {
            return Some(span);
        }
    }
    let (start, local_len) = local_part(c, c.start + sep)?;
    let dom_start = sep + sep_len;
    let dom_len = domain_len(m.get(dom_start..)?)?;
    if local_len + 1 + dom_len > 254 {
        return None;
    }
    let end = c.start + dom_start + dom_len;
    if end == c.end && c.after().is_some_and(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    if is_shaped_pseudonym(&c.hay[start..end])
        || crate::action::pseudonymize::starts_with_rendering_tail(&c.hay[end..])
        || crate::action::pseudonymize::is_plain_rendering(&c.hay[start..c.start + sep])
        || c.hay[..c.start + sep].ends_with(b"@pseudonym.invalid")
    {
        return None;
    }
    Some(start..end)
}

/// `<token>@pseudonym.invalid`: the pseudonymizer's own e-mail-shaped output.
fn is_shaped_pseudonym(addr: &[u8]) -> bool {
    use crate::action::pseudonymize::SHAPED_DOMAIN;
    addr.len() == 27 + SHAPED_DOMAIN.len()
        && addr[26] == b'@'
        && is_token(&addr[..26])
        && &addr[27..] == SHAPED_DOMAIN.as_bytes()
}

/// `"john doe"@example.com`: the quoted local part, quotes included, is part of the address.
fn validate_quoted(c: &Candidate<'_>) -> Option<Range<usize>> {
    if c.before().is_some_and(|b| local_byte(b) || b == b'"') {
        return None;
    }
    let m = c.bytes();
    // The domain holds no `"`: the last `"@` ends the local part.
    let sep = memchr::memmem::rfind(m, b"\"@")? + 1;
    let dom_len = domain_len(m.get(sep + 1..)?)?;
    if sep + 1 + dom_len > 254 {
        return None;
    }
    let end = c.start + sep + 1 + dom_len;
    if end == c.end && c.after().is_some_and(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    Some(c.start..end)
}

/// `https://alice%40example.com@host/`: an encoded address before the `@` of a URL's
/// userinfo is the address (the host after `@` is not personal data).
fn encoded_userinfo(c: &Candidate<'_>, sep: usize) -> Option<Range<usize>> {
    let m = c.bytes();
    let at = memchr::memmem::rfind(m.get(..sep)?, b"%40")?;
    let (start, local_len) = local_part(c, c.start + at)?;
    let dom = m.get(at + 3..sep)?;
    (domain_len(dom)? == dom.len() && local_len + 1 + dom.len() <= 254)
        .then_some(start..c.start + sep)
}

fn validate_literal(c: &Candidate<'_>) -> Option<Range<usize>> {
    let m = c.bytes();
    let sep = memchr::memchr(b'@', m)?;
    let (start, _) = local_part(c, c.start + sep)?;
    // `[` … `]` after the `@`.
    let inner = m.get(sep + 2..m.len().checked_sub(1)?)?;
    let ok = if inner.len() > 5 && inner[..5].eq_ignore_ascii_case(b"ipv6:") {
        std::str::from_utf8(&inner[5..])
            .ok()?
            .parse::<Ipv6Addr>()
            .is_ok()
    } else {
        inner.split(|&b| b == b'.').all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.iter().all(u8::is_ascii_digit)
                && p.iter().fold(0u32, |a, &d| a * 10 + u32::from(d - b'0')) <= 255
        })
    };
    ok.then_some(start..c.end)
}

#[cfg(test)]
mod tests {
    use crate::{Kind, Scrubber};

    fn only() -> Scrubber {
        crate::detect::only(Kind::Email)
    }

    fn spans(s: &Scrubber, input: &[u8]) -> Vec<Vec<u8>> {
        s.find(input)
            .iter()
            .map(|f| input[f.range.clone()].to_vec())
            .collect()
    }

    #[test]
    fn positive() {
        let s = only();
        for (input, want) in [
            ("to: alice+news@example.com ok", "alice+news@example.com"),
            (
                "First.Last@Sub.Example.CO.UK",
                "First.Last@Sub.Example.CO.UK",
            ),
            ("mailto:bob@example.org", "bob@example.org"),
            ("<carol@mail.example.net>", "carol@mail.example.net"),
            ("write to dave@example.com.", "dave@example.com"),
            ("o'brien@example.ie", "o'brien@example.ie"),
            ("'eve@example.com'", "eve@example.com"),
            (r#"{"email":"frank@example.com"}"#, "frank@example.com"),
            ("jörg@bücher.de", "jörg@bücher.de"),
            ("用户@例子.广告", "用户@例子.广告"),
            ("ivan@пример.рф", "ivan@пример.рф"),
            ("ivan@xn--e1afmkfd.xn--p1ai", "ivan@xn--e1afmkfd.xn--p1ai"),
            ("“grace@example.com”", "grace@example.com"),
            (
                "/login?email=alice%40example.com&x=1",
                "alice%40example.com",
            ),
            (
                "?u=alice%2Bnews%40example.com",
                "alice%2Bnews%40example.com",
            ),
            ("next=mailto%3Aalice%40example.com", "alice%40example.com"),
            ("q=%22heidi@example.com%22", "heidi@example.com"),
            ("user@[192.0.2.1]", "user@[192.0.2.1]"),
            ("user@[IPv6:2001:db8::1]", "user@[IPv6:2001:db8::1]"),
            ("git@github.com:org/repo.git", "git@github.com"),
            ("a.b-c_d@x-y.example", "a.b-c_d@x-y.example"),
            ("email=judy@example.com;", "judy@example.com"),
            (
                r#"to "john doe"@example.com ok"#,
                r#""john doe"@example.com"#,
            ),
            (r#"x "foo\@bar"@example.com"#, r#""foo\@bar"@example.com"#),
            ("foobar@my_store.typepad.com", "foobar@my_store.typepad.com"),
            (
                "https://13957525385%40163.com@p28-contacts.example.com/x",
                "13957525385%40163.com",
            ),
            (
                "https://mallory%40example.com@[2001:db8::1]/",
                "mallory%40example.com",
            ),
        ] {
            assert_eq!(spans(&s, input.as_bytes()), [want.as_bytes()], "{input}");
        }
        // Raw non-UTF-8 bytes in the local part are kept in the address.
        assert_eq!(
            spans(&s, b"m\xfcller@example.de x"),
            [&b"m\xfcller@example.de"[..]]
        );
        assert_eq!(s.scrub_str("a alice@example.com b"), "a [EMAIL] b");
    }

    #[test]
    fn negative() {
        let s = only();
        let long_local = format!("{}@example.com", "a".repeat(65));
        let long_domain = format!("a@{}.com", vec!["b".repeat(60); 5].join("."));
        for input in [
            "FastLeaderElection@774",
            "Object@6d06d69c",
            "a@b.c",
            "alice@localhost",
            "alice@example",
            "alice@example.c0m",
            "alice@-example.com",
            "alice@example-.com",
            "@example.com",
            "alice@.example.com",
            r#""a"b"@example.com"#,
            r#"{"k":"v"}@example"#,
            "alice@@example.com",
            "00000001@2016/9/27:20:30:31.455",
            "alice@10.0.0.1",
            "user@[300.1.1.1]",
            "user@[IPv6:2001:db8::g]",
            "--@example.com",
            "dgp22mgtmkmx5h32pyz2dvaznq@pseudonym.invalid",
            "0.721@x.mac_f6toz63r5m4mgaqn5nlpjusjbi",
            "a@b.mac_tjmli3ga_f6toz63r5m4mgaqn5nlpjusjbi",
            "email_cvb67npqik46vykttihmqa3tby@example.org",
            "cvb67npqik46vykttihmqa3tby@pseudonym.invalid@example.org",
            long_local.as_str(),
            long_domain.as_str(),
        ] {
            assert!(s.find(input).is_empty(), "{input}");
        }
        // Only the pseudonymizer's exact shape is its own output.
        for own_lookalike in [
            "john@pseudonym.invalid",
            "dgp22mgtmkmx5h32pyz2dvazn@pseudonym.invalid",
            "dgp22mgtmkmx5h32pyz2dvaznq@pseudonym.invalid.com",
            "x.dgp22mgtmkmx5h32pyz2dvaznq@pseudonym.invalid",
            "alice@example.com_f6toz63r5m4mgaqn5nlpjusjbix",
        ] {
            assert_eq!(s.find(own_lookalike).len(), 1, "{own_lookalike}");
        }
    }

    #[test]
    fn a_percent_before_a_token_is_no_escape() {
        let s = only();
        // `%c6` would decode to a non-ASCII byte: read so, the local part would be
        // `%c6…`, no token, and a second pseudonymization pass would change it.
        let own = b"%c6ssldykco3sxa34tt5lv2spva@dept.corp.example.co.uk";
        assert_eq!(spans(&s, own), [&own[1..]]);
        // Anything more before the `%`, or a token of another length: an escape.
        for escaped in [
            &b"x%c6ssldykco3sxa34tt5lv2spva@example.com"[..],
            b"%c6ssldykco3sxa34tt5lv2spv@example.com",
            b"%c3%a9lise@example.com",
        ] {
            assert_eq!(spans(&s, escaped), [escaped], "{escaped:?}");
        }
    }

    #[test]
    fn edges() {
        let s = only();
        // 64-byte local part is fine; `..` cuts the domain.
        let ok = format!("{}@example.com", "a".repeat(64));
        assert_eq!(s.find(&ok).len(), 1);
        assert_eq!(spans(&s, b"x@example.com..org"), [&b"x@example.com"[..]]);
        assert_eq!(
            spans(&s, b"a@b.example.com-2024"),
            [&b"a@b.example.com"[..]]
        );
        for input in [
            &b"\xff@example.com"[..],
            b"%@example.com",
            b"%4@example.com",
            b"a%40",
            b"a%40b.",
            b"a@[",
            b"a@[]",
            b"a@\xe2\x80.com",
            b"\xe2\x80\x9c@x.com",
        ] {
            let _ = s.scrub_bytes(input);
        }
        let d = Scrubber::default();
        assert_eq!(
            d.scrub_str("from alice@example.com at 10.1.2.3"),
            "from [EMAIL] at 10.1.2.0"
        );
    }

    #[test]
    fn random_bytes_no_panic_and_idempotent() {
        // A cheap deterministic fuzz over the bytes these detectors care about.
        const ALPHABET: &[u8] = b"aAfF09:.%@-_[]\"'/ \t~+xn4\xc3\xbc\xe2\x80\x9c\xff";
        let s = Scrubber::default();
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            let mut input = Vec::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = (seed >> 58) as usize + 1;
            for _ in 0..len {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                input.push(ALPHABET[(seed >> 33) as usize % ALPHABET.len()]);
            }
            let once = s.scrub_bytes(&input).into_owned();
            let twice = s.scrub_bytes(&once).into_owned();
            assert_eq!(once, twice, "{:?}", String::from_utf8_lossy(&input));
        }
    }
}
