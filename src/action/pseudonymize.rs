//! Keyed pseudonymization, spec v1 (normative text: `docs/pseudonymization.md`).
//!
//! `token = base32(first 16 bytes of HMAC-SHA256(key, "piiscrub:v1" 0x00 domain 0x00
//! canonical))`, RFC 4648 alphabet in lower case, no padding: 26 characters.

use std::net::Ipv6Addr;

use super::parse_v4_lenient;
use crate::error::Error;
use crate::{Key, Kind, Rendering};

/// Length of a token in characters (16 bytes in base32, no padding).
pub(crate) const TOKEN_LEN: usize = 26;
/// The domain of the `email_shaped` rendering (RFC 2606 reserves `.invalid`).
pub(crate) const SHAPED_DOMAIN: &str = "pseudonym.invalid";

/// RFC 4648 base32, lower-case alphabet, no padding.
pub(crate) fn base32_lower(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((acc >> bits) & 31) as usize]));
        }
        acc &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((acc << (5 - bits)) & 31) as usize]));
    }
    out
}

/// True for a base32 (lower-case, RFC 4648) character.
fn is_b32(b: u8) -> bool {
    matches!(b, b'a'..=b'z' | b'2'..=b'7')
}

/// True when `s` is exactly a token: 26 lower-case base32 characters.
pub(crate) fn is_token(s: &[u8]) -> bool {
    s.len() == TOKEN_LEN && s.iter().all(|&b| is_b32(b))
}

/// True when `rest` starts with the tail of a plain rendering, `_{token}` or
/// `_{kid}_{token}`, not followed by a word character: what stands before it is the
/// rendering's domain (`…@host.mac_<token>` is no address ending in `.mac`).
pub(crate) fn starts_with_rendering_tail(rest: &[u8]) -> bool {
    let word = |b: Option<&u8>| b.is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_');
    let Some(r) = rest.strip_prefix(b"_") else {
        return false;
    };
    let token_at =
        |i: usize| r.get(i..i + TOKEN_LEN).is_some_and(is_token) && !word(r.get(i + TOKEN_LEN));
    token_at(0) || (r.len() > 9 && r[..8].iter().all(|&b| is_b32(b)) && r[8] == b'_' && token_at(9))
}

/// True when `s` is a plain rendering: `{domain}_{token}` or `{domain}_{kid}_{token}`.
pub(crate) fn is_plain_rendering(s: &[u8]) -> bool {
    plain_rendering_tail(s)
        .is_some_and(|u| s.len() - u == 1 + TOKEN_LEN || s.len() - u == 10 + TOKEN_LEN)
}

/// True when `s` starts with a plain rendering not followed by a word character
/// (`email_<token>-rest`): the output of another kind glued to more text.
pub(crate) fn starts_with_plain_rendering(s: &[u8]) -> bool {
    plain_rendering_tail(s).is_some()
}

/// Where the `_{token}` tail of a plain rendering at the start of `s` begins.
fn plain_rendering_tail(s: &[u8]) -> Option<usize> {
    // A domain is at most 32 bytes: look no further for its `_`.
    let u = s.iter().take(33).position(|&b| b == b'_')?;
    (std::str::from_utf8(&s[..u]).is_ok_and(valid_domain) && starts_with_rendering_tail(&s[u..]))
        .then_some(u)
}

/// A domain is 1–32 characters of `[a-z0-9-]` (no `_`: renderings split unambiguously).
pub(crate) fn valid_domain(d: &str) -> bool {
    (1..=32).contains(&d.len())
        && d.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn check_domain(d: &str) -> Result<(), Error> {
    if valid_domain(d) {
        Ok(())
    } else {
        Err(Error::policy(format!(
            "pseudonym domain `{d}`: use 1 to 32 characters of a-z, 0-9 and `-`"
        )))
    }
}

/// The 26-character token of `canonical` under `domain` (spec v1), unchecked domain.
fn token_unchecked(key: &Key, domain: &str, canonical: &[u8]) -> String {
    let mac = key.hmac(&[b"piiscrub:v1\x00", domain.as_bytes(), b"\x00", canonical]);
    base32_lower(&mac[..16])
}

/// The 26-character spec-v1 token of an already canonical value under `domain`.
///
/// ```
/// use piiscrub::{pseudonym_token, Key};
/// let key = Key::from_bytes(&(0u8..32).collect::<Vec<_>>())?;
/// assert_eq!(
///     pseudonym_token(&key, "email", b"alice@example.com")?,
///     "dgp22mgtmkmx5h32pyz2dvaznq"
/// );
/// # Ok::<(), piiscrub::Error>(())
/// ```
pub fn pseudonym_token(key: &Key, domain: &str, canonical: &[u8]) -> Result<String, Error> {
    check_domain(domain)?;
    Ok(token_unchecked(key, domain, canonical))
}

/// Pseudonymizes a whole field value (structured events): the exact bytes (lower-cased
/// first when `lowercase`) are the canonical form; the result is `{domain}_{token}`.
///
/// ```
/// use piiscrub::{pseudonymize_value, Key};
/// let key = Key::from_bytes(&(0u8..32).collect::<Vec<_>>())?;
/// let a = pseudonymize_value(&key, "user-id", b"U-1234", true)?;
/// assert_eq!(a, pseudonymize_value(&key, "user-id", b"u-1234", false)?);
/// assert!(a.starts_with("user-id_") && a.len() == "user-id_".len() + 26);
/// # Ok::<(), piiscrub::Error>(())
/// ```
pub fn pseudonymize_value(
    key: &Key,
    domain: &str,
    value: &[u8],
    lowercase: bool,
) -> Result<String, Error> {
    check_domain(domain)?;
    let canon = exact(value, lowercase);
    Ok(format!("{domain}_{}", token_unchecked(key, domain, &canon)))
}

/// The spec-v1 canonical form of a value of a built-in kind as a detector finds it
/// (custom and secret kinds: the exact bytes). An IPv4-mapped IPv6 address gives its
/// IPv4 text (and belongs to the `ipv4` domain).
///
/// ```
/// use piiscrub::{canonical_form, Kind};
/// assert_eq!(canonical_form(&Kind::Email, b"Alice%40Example.com"), b"alice@example.com");
/// assert_eq!(canonical_form(&Kind::Ipv6, b"::FFFF:1.2.3.4"), b"1.2.3.4");
/// assert_eq!(canonical_form(&Kind::Phone, b"+44 (0)20 7946 0958 ext. 12"), b"+442079460958");
/// assert_eq!(canonical_form(&Kind::Mac, b"AA-BB-CC-00-11-22"), b"aa:bb:cc:00:11:22");
/// ```
pub fn canonical_form(kind: &Kind, value: &[u8]) -> Vec<u8> {
    canonical(kind, value, false, None).0
}

/// Exact bytes, or lower-cased: Unicode lower-casing for UTF-8, ASCII otherwise.
fn exact(value: &[u8], lowercase: bool) -> Vec<u8> {
    match (lowercase, std::str::from_utf8(value)) {
        (false, _) => value.to_vec(),
        (true, Ok(s)) => s.to_lowercase().into_bytes(),
        (true, Err(_)) => value.to_ascii_lowercase(),
    }
}

fn digits(value: &[u8]) -> Vec<u8> {
    value.iter().copied().filter(u8::is_ascii_digit).collect()
}

fn hex_groups(value: &[u8], sizes: &[usize], sep: u8) -> Option<Vec<u8>> {
    let hex: Vec<u8> = value
        .iter()
        .filter(|b| b.is_ascii_hexdigit())
        .map(u8::to_ascii_lowercase)
        .collect();
    if hex.len() != sizes.iter().sum::<usize>() {
        return None;
    }
    let mut out = Vec::with_capacity(hex.len() + sizes.len());
    let mut rest = &hex[..];
    for (i, &n) in sizes.iter().enumerate() {
        if i > 0 {
            out.push(sep);
        }
        out.extend_from_slice(&rest[..n]);
        rest = &rest[n..];
    }
    Some(out)
}

/// The canonical form, and whether the value is an IPv4 address written as IPv6.
fn canonical(
    kind: &Kind,
    value: &[u8],
    lowercase: bool,
    default_country: Option<&str>,
) -> (Vec<u8>, bool) {
    let c = match kind {
        Kind::Email => email(value),
        Kind::Ipv4 => match parse_v4_lenient(value) {
            Some(a) => a.to_string().into_bytes(),
            None => value.to_vec(),
        },
        Kind::Ipv6 => return ipv6(value),
        Kind::Phone => phone(value, default_country),
        Kind::Card | Kind::Ssn | Kind::Imei => digits(value),
        Kind::Iban => value
            .iter()
            .filter(|b| !matches!(b, b' ' | b'-' | b'\t'))
            .map(u8::to_ascii_uppercase)
            .collect(),
        Kind::Uuid => {
            hex_groups(value, &[8, 4, 4, 4, 12], b'-').unwrap_or_else(|| value.to_ascii_lowercase())
        }
        Kind::Mac => hex_groups(value, &[2; 6], b':').unwrap_or_else(|| value.to_ascii_lowercase()),
        _ => exact(value, lowercase),
    };
    (c, false)
}

/// E-mail: `%XX` decoded when the address was found percent-encoded (its `@` is `%40`),
/// then Unicode lower-casing of the whole address.
fn email(value: &[u8]) -> Vec<u8> {
    let decoded;
    let raw = if value.contains(&b'@') {
        value
    } else {
        decoded = percent_decode(value);
        &decoded
    };
    String::from_utf8_lossy(raw).to_lowercase().into_bytes()
}

fn percent_decode(s: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'%' && i + 2 < s.len() {
            if let (Some(h), Some(l)) = (hex(s[i + 1]), hex(s[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(s[i]);
        i += 1;
    }
    out
}

/// IPv6: zone dropped, RFC 5952 text; an IPv4-mapped address is its IPv4 text.
fn ipv6(value: &[u8]) -> (Vec<u8>, bool) {
    let addr = match value.iter().position(|&b| b == b'%') {
        Some(i) => &value[..i],
        None => value,
    };
    match std::str::from_utf8(addr)
        .ok()
        .and_then(|s| s.parse::<Ipv6Addr>().ok())
    {
        Some(a) => match a.to_ipv4_mapped() {
            Some(v4) => (v4.to_string().into_bytes(), true),
            None => (a.to_string().into_bytes(), false),
        },
        None => (value.to_ascii_lowercase(), false),
    }
}

/// Phone: `+` and all digits when written with `+` or `00` (a trunk `(0)` removed);
/// otherwise the national digits, made international when a default country is set.
/// An extension is dropped.
fn phone(value: &[u8], default_country: Option<&str>) -> Vec<u8> {
    // The extension starts at the first letter or `;` (`x123`, ` ext. 123`, `;ext=123`).
    let end = value
        .iter()
        .position(|&b| b.is_ascii_alphabetic() || b == b';')
        .unwrap_or(value.len());
    let v = &value[..end];
    let first = v.iter().position(|&b| b == b'+' || b.is_ascii_digit());
    let intl_plus = first.is_some_and(|i| v[i] == b'+');
    let mut d = Vec::with_capacity(v.len());
    let mut i = 0;
    while i < v.len() {
        if v[i..].starts_with(b"(0)") {
            i += 3;
            continue;
        }
        if v[i].is_ascii_digit() {
            d.push(v[i]);
        }
        i += 1;
    }
    if intl_plus {
        return [b"+".as_slice(), &d].concat();
    }
    if d.starts_with(b"00") {
        return [b"+".as_slice(), &d[2..]].concat();
    }
    match default_country {
        None => d,
        Some(cc) => {
            // NANP: an 11-digit number's leading 1 is the country code; elsewhere one
            // trunk 0 goes (Italy keeps it).
            let nanp_one = cc == "1" && d.len() == 11 && d[0] == b'1';
            let trunk_zero = cc != "39" && d.first() == Some(&b'0');
            let national = if nanp_one || trunk_zero {
                &d[1..]
            } else {
                &d[..]
            };
            [b"+", cc.as_bytes(), national].concat()
        }
    }
}

/// A `Pseudonymize` action, compiled.
#[derive(Debug, Clone)]
pub(crate) struct Pseudonymizer {
    kind: Kind,
    domain: String,
    /// The rule did not set a domain: IPv4-mapped IPv6 addresses go to `ipv4`.
    default_domain: bool,
    rendering: Rendering,
    tag_kid: bool,
    lowercase: bool,
    default_country: Option<String>,
}

impl Pseudonymizer {
    pub(crate) fn compile(
        kind: &Kind,
        rule: &str,
        domain: Option<&str>,
        rendering: Rendering,
        tag_kid: bool,
        lowercase: bool,
        default_country: Option<&str>,
    ) -> Result<Pseudonymizer, Error> {
        if *kind == Kind::Secret {
            // A credential is never kept in any form, and secrets may span lines (PEM).
            return Err(Error::policy(format!(
                "rule `{rule}`: secrets are redacted or removed, never pseudonymized"
            )));
        }
        let d = domain.unwrap_or(kind.name());
        check_domain(d).map_err(|e| Error::policy(format!("rule `{rule}`: {e}")))?;
        if rendering != Rendering::Plain && *kind != Kind::Email {
            return Err(Error::policy(format!(
                "rule `{rule}`: the `keep_domain` and `email_shaped` renderings are for e-mails only"
            )));
        }
        if rendering != Rendering::Plain && tag_kid {
            return Err(Error::policy(format!(
                "rule `{rule}`: e-mail-shaped renderings never carry the key id; use `plain` with `tag_kid`"
            )));
        }
        if let Some(cc) = default_country {
            let ok = (1..=3).contains(&cc.len())
                && cc.bytes().all(|b| b.is_ascii_digit())
                && !cc.starts_with('0');
            if *kind != Kind::Phone || !ok {
                return Err(Error::policy(format!(
                    "rule `{rule}`: `default_country` is for phones: 1 to 3 digits, not starting with 0"
                )));
            }
        }
        Ok(Pseudonymizer {
            kind: kind.clone(),
            domain: d.to_owned(),
            default_domain: domain.is_none(),
            rendering,
            tag_kid,
            lowercase,
            default_country: default_country.map(str::to_owned),
        })
    }

    /// The pseudonym of `span`, or `None` when `span` already is this rule's output.
    pub(crate) fn apply(&self, span: &[u8], key: &Key) -> Option<Vec<u8>> {
        if self.is_own_output(span) {
            return None;
        }
        let (canon, v4_mapped) = canonical(
            &self.kind,
            span,
            self.lowercase,
            self.default_country.as_deref(),
        );
        let domain = if v4_mapped && self.default_domain {
            "ipv4"
        } else {
            &self.domain
        };
        let token = token_unchecked(key, domain, &canon);
        let mut out = Vec::with_capacity(domain.len() + 10 + TOKEN_LEN + 64);
        match self.rendering {
            Rendering::Plain => {
                out.extend_from_slice(domain.as_bytes());
                out.push(b'_');
                if self.tag_kid {
                    out.extend_from_slice(key.kid().as_bytes());
                    out.push(b'_');
                }
                out.extend_from_slice(token.as_bytes());
            }
            Rendering::KeepDomain => {
                out.extend_from_slice(token.as_bytes());
                out.push(b'@');
                let at = canon.iter().rposition(|&b| b == b'@').map_or(0, |i| i + 1);
                out.extend_from_slice(&canon[at..]);
            }
            Rendering::EmailShaped => {
                out.extend_from_slice(token.as_bytes());
                out.push(b'@');
                out.extend_from_slice(SHAPED_DOMAIN.as_bytes());
            }
        }
        (out != span).then_some(out)
    }

    /// `<token>@pseudonym.invalid`, or under `keep_domain` `<token>@<lower-case domain>`:
    /// the scrubber's own output is left as it is (idempotence).
    ///
    /// A plain rendering, `{domain}_{token}` or `{domain}_{kid}_{token}` (any key id, so
    /// output of a rotated key stays too), is left as it is as well: the built-in
    /// detectors never find one, but a detector of values after a key (secrets) or a
    /// custom regex may.
    fn is_own_output(&self, span: &[u8]) -> bool {
        if self.rendering == Rendering::Plain {
            let Some(rest) = span
                .strip_prefix(self.domain.as_bytes())
                .and_then(|r| r.strip_prefix(b"_"))
            else {
                return false;
            };
            return is_token(rest)
                || (rest.len() == 9 + TOKEN_LEN
                    && rest[8] == b'_'
                    && rest[..8].iter().all(|&b| is_b32(b))
                    && is_token(&rest[9..]));
        }
        let Some(at) = span.iter().position(|&b| b == b'@') else {
            return false;
        };
        let (local, domain) = (&span[..at], &span[at + 1..]);
        if !is_token(local) {
            return false;
        }
        match self.rendering {
            Rendering::EmailShaped => domain == SHAPED_DOMAIN.as_bytes(),
            _ => std::str::from_utf8(domain).is_ok_and(|d| d.to_lowercase() == d),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> Key {
        Key::from_bytes(&(0u8..32).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn base32_matches_rfc4648_vectors() {
        // RFC 4648 §10, lower-cased and without padding.
        for (i, o) in [
            ("", ""),
            ("f", "my"),
            ("fo", "mzxq"),
            ("foo", "mzxw6"),
            ("foob", "mzxw6yq"),
            ("fooba", "mzxw6ytb"),
            ("foobar", "mzxw6ytboi"),
        ] {
            assert_eq!(base32_lower(i.as_bytes()), o);
        }
    }

    #[test]
    fn spec_vector() {
        let k = key();
        let p = Pseudonymizer::compile(
            &Kind::Email,
            "email",
            None,
            Rendering::Plain,
            false,
            false,
            None,
        )
        .unwrap();
        assert_eq!(
            p.apply(b"Alice@Example.com", &k).unwrap(),
            b"email_dgp22mgtmkmx5h32pyz2dvaznq"
        );
        let tagged = Pseudonymizer::compile(
            &Kind::Email,
            "email",
            None,
            Rendering::Plain,
            true,
            false,
            None,
        )
        .unwrap();
        assert_eq!(
            tagged.apply(b"alice%40example.com", &k).unwrap(),
            b"email_tjmli3ga_dgp22mgtmkmx5h32pyz2dvaznq"
        );
    }

    #[test]
    fn own_output_is_left_alone() {
        let k = key();
        for tag in [false, true] {
            let p = Pseudonymizer::compile(
                &Kind::Custom("s".into()),
                "s",
                None,
                Rendering::Plain,
                tag,
                false,
                None,
            )
            .unwrap();
            let once = p.apply(b"hunter2", &k).unwrap();
            assert!(
                p.apply(&once, &k).is_none(),
                "{}",
                String::from_utf8_lossy(&once)
            );
        }
        for r in [Rendering::KeepDomain, Rendering::EmailShaped] {
            let p =
                Pseudonymizer::compile(&Kind::Email, "email", None, r, false, false, None).unwrap();
            let once = p.apply(b"Bob@Example.COM", &k).unwrap();
            assert!(
                p.apply(&once, &k).is_none(),
                "{}",
                String::from_utf8_lossy(&once)
            );
        }
    }

    #[test]
    fn canonical_forms() {
        let c = |k: Kind, v: &str| String::from_utf8(canonical_form(&k, v.as_bytes())).unwrap();
        assert_eq!(c(Kind::Ipv4, "010.001.002.003"), "10.1.2.3");
        assert_eq!(c(Kind::Ipv6, "2001:DB8:0:0:0:0:0:1%eth0"), "2001:db8::1");
        assert_eq!(c(Kind::Phone, "0044 20 7946 0958"), "+442079460958");
        assert_eq!(c(Kind::Phone, "(415) 555-2671 x123"), "4155552671");
        assert_eq!(c(Kind::Phone, "+1 415-555-2671;ext=9"), "+14155552671");
        assert_eq!(c(Kind::Card, "4111-1111 1111 1111"), "4111111111111111");
        assert_eq!(
            c(Kind::Iban, "de89 3704-0044 0532 0130 00"),
            "DE89370400440532013000"
        );
        assert_eq!(
            c(Kind::Uuid, "123E4567-E89B-12D3-A456-426614174000"),
            "123e4567-e89b-12d3-a456-426614174000"
        );
        assert_eq!(c(Kind::Mac, "aabb.cc00.1122"), "aa:bb:cc:00:11:22");
        assert_eq!(
            c(Kind::Email, "J%C3%B6rg%40B%C3%BCcher.DE"),
            "jörg@bücher.de"
        );
        assert_eq!(c(Kind::Email, "bad%4"), "bad%4");
        let cc = |v: &str, cc: &str| String::from_utf8(phone(v.as_bytes(), Some(cc))).unwrap();
        assert_eq!(cc("020 7946 0958", "44"), "+442079460958");
        assert_eq!(cc("1-800-555-0199", "1"), "+18005550199");
        assert_eq!(cc("06 1234 5678", "39"), "+390612345678");
    }

    #[test]
    fn bad_settings_are_policy_errors() {
        let c = |k: Kind, d: Option<&str>, r, tag, cc: Option<&str>| {
            Pseudonymizer::compile(&k, "r", d, r, tag, false, cc).is_err()
        };
        assert!(c(Kind::Email, Some("Email"), Rendering::Plain, false, None));
        assert!(c(Kind::Secret, None, Rendering::Plain, false, None));
        assert!(c(Kind::Email, Some("a_b"), Rendering::Plain, false, None));
        assert!(c(
            Kind::Email,
            Some(&"a".repeat(33)),
            Rendering::Plain,
            false,
            None
        ));
        assert!(c(Kind::Phone, None, Rendering::KeepDomain, false, None));
        assert!(c(Kind::Email, None, Rendering::EmailShaped, true, None));
        assert!(c(Kind::Email, None, Rendering::Plain, false, Some("44")));
        assert!(c(Kind::Phone, None, Rendering::Plain, false, Some("044")));
        assert!(!c(
            Kind::Phone,
            Some("tel"),
            Rendering::Plain,
            true,
            Some("44")
        ));
    }
}
