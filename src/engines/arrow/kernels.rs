//! The kernels: [`scrub`], [`pseudonymize`], [`ip_truncate`], [`ip_encrypt`].

use arrow_array::{Array, ArrayRef};

use super::column::{map_strings, Row};
use crate::action::pseudonymize::Pseudonymizer;
use crate::action::{truncate_ip, IpEncrypter};
use crate::{EncryptMode, Error, Findings, Key, Kind, Rendering, Scrubber};

/// The longest text an IP address is written with (an IPv6 address with a zone): a
/// longer value is not parsed at all.
const MAX_IP_TEXT: usize = 64;

/// Scrubs every value of a string array with `scrubber`: row by row what
/// [`Scrubber::scrub_str`] returns. Nulls stay null; an array without findings is
/// returned without a copy.
///
/// # Errors
///
/// An [`ErrorKind::Policy`](crate::ErrorKind::Policy) error when `array` is not a
/// `Utf8`, `LargeUtf8` or `Utf8View` array.
pub fn scrub(scrubber: &Scrubber, array: &dyn Array) -> Result<ArrayRef, Error> {
    scrub_counted(scrubber, array, &mut Findings::default())
}

/// [`scrub`], adding what was found to `counts` (per-kind counts for audit and metrics).
///
/// ```
/// use arrow_array::{Array, StringArray};
/// use piiscrub::{arrow, Findings, Kind, Scrubber};
/// let col = StringArray::from(vec!["ssn 123-45-6789", "mail a@example.com, b@example.org"]);
/// let mut counts = Findings::default();
/// arrow::scrub_counted(&Scrubber::default(), &col, &mut counts)?;
/// assert_eq!(counts.get(&Kind::Email), 2);
/// assert_eq!(counts.get(&Kind::Ssn), 1);
/// # Ok::<(), piiscrub::Error>(())
/// ```
pub fn scrub_counted(
    scrubber: &Scrubber,
    array: &dyn Array,
    counts: &mut Findings,
) -> Result<ArrayRef, Error> {
    map_strings(array, |value, out| {
        if scrubber.scrub_into(value.as_bytes(), out, counts) {
            Row::New
        } else {
            Row::Same
        }
    })
}

/// Replaces every value by its keyed pseudonym `{domain}_{token}` (spec v1, see
/// `docs/pseudonymization.md`): the token of the value's canonical form for `kind`
/// ([`canonical_form`](crate::canonical_form): e-mails lower-cased, phones as digits,
/// IPs in their canonical text …), so it equals the token a
/// [`Pseudonymize`](crate::Action::Pseudonymize) rule of that kind writes with the same
/// key and domain. `domain` defaults to the kind's name (`email`, `ipv4`; a custom kind's
/// name). The value is taken whole, without surrounding whitespace.
///
/// Nulls and empty values stay as they are; a value that already is a pseudonym of this
/// domain is kept (scrubbing twice changes nothing).
///
/// ```
/// use arrow_array::{Array, StringArray};
/// use piiscrub::{arrow, Action, Key, Kind, Scrubber};
/// let key = Key::from_bytes(&[7u8; 32])?;
/// let col = StringArray::from(vec![Some("Alice@Example.com"), None]);
/// let out = arrow::pseudonymize(&col, &Kind::Email, Some("user"), &key)?;
/// let out = out.as_any().downcast_ref::<StringArray>().unwrap();
/// assert!(out.value(0).starts_with("user_") && out.value(0).len() == 5 + 26);
/// assert!(out.is_null(1));
///
/// // The same token as the scrubber's own rule for e-mails in domain `user`.
/// let in_user = Action::Pseudonymize {
///     domain: Some("user".into()),
///     rendering: piiscrub::Rendering::Plain,
///     tag_kid: false,
///     lowercase: false,
///     default_country: None,
/// };
/// let s = Scrubber::builder()
///     .kind(Kind::Email, in_user)
///     .keyring(piiscrub::Keyring::new(key))
///     .build()?;
/// assert_eq!(s.scrub_str("alice@example.com"), out.value(0));
/// # Ok::<(), piiscrub::Error>(())
/// ```
///
/// # Errors
///
/// An [`ErrorKind::Policy`](crate::ErrorKind::Policy) error for a bad domain (1–32
/// characters of `a-z`, `0-9`, `-`), for [`Kind::Secret`] (secrets are never
/// pseudonymized), or an array that is not a string array.
pub fn pseudonymize(
    array: &dyn Array,
    kind: &Kind,
    domain: Option<&str>,
    key: &Key,
) -> Result<ArrayRef, Error> {
    let p = Pseudonymizer::compile(
        kind,
        "pseudonymize",
        domain,
        Rendering::Plain,
        false,
        false,
        None,
    )?;
    map_strings(array, |value, out| {
        let v = value.trim_ascii();
        if v.is_empty() {
            return Row::Same;
        }
        match p.apply(v.as_bytes(), key) {
            Some(token) => {
                out.extend_from_slice(&token);
                Row::New
            }
            // Already this domain's pseudonym; untrimmed, it still is the value.
            None => Row::Same,
        }
    })
}

/// Truncates every IP address to its network prefix, written as
/// [`Action::Truncate`](crate::Action::Truncate) writes it (`198.51.100.23` →
/// `198.51.100.0` with 24 bits; IPv4-mapped IPv6 keeps its `::ffff:` form and is
/// truncated as IPv4). Surrounding whitespace is ignored.
///
/// Nulls and empty values stay as they are. A value that is not an IP address becomes
/// **null**: a column of addresses holding something else is never passed through.
///
/// # Errors
///
/// An [`ErrorKind::Policy`](crate::ErrorKind::Policy) error when `v4_prefix` > 32,
/// `v6_prefix` > 128, or `array` is not a string array.
pub fn ip_truncate(array: &dyn Array, v4_prefix: u8, v6_prefix: u8) -> Result<ArrayRef, Error> {
    if v4_prefix > 32 || v6_prefix > 128 {
        return Err(Error::policy(
            "ip_truncate: prefixes must be at most 32 (IPv4) and 128 (IPv6)",
        ));
    }
    map_strings(array, |value, out| {
        let v = value.trim_ascii();
        if v.is_empty() {
            return Row::Same;
        }
        if v.len() > MAX_IP_TEXT {
            return Row::Null;
        }
        match truncate_ip(v.as_bytes(), v4_prefix, v6_prefix) {
            Some(t) if t.as_bytes() == value.as_bytes() => Row::Same,
            Some(t) => {
                out.extend_from_slice(t.as_bytes());
                Row::New
            }
            None => Row::Null,
        }
    })
}

/// Encrypts every IP address with ipcrypt under `mode`, the mode key derived from `key`
/// as for [`Action::Encrypt`](crate::Action::Encrypt) without an explicit key: the
/// result is again an address, reversible with the key, and **not idempotent**.
/// Surrounding whitespace is ignored.
///
/// Nulls and empty values stay as they are; a value that is not an IP address becomes
/// **null** (never passed through).
///
/// ```
/// use arrow_array::{Array, StringArray};
/// use piiscrub::{arrow, EncryptMode, Key};
/// let key = Key::from_bytes(&[7u8; 32])?;
/// let col = StringArray::from(vec!["192.0.2.1", "not an ip"]);
/// let out = arrow::ip_encrypt(&col, &key, EncryptMode::Pfx)?;
/// let out = out.as_any().downcast_ref::<StringArray>().unwrap();
/// assert!(out.value(0).parse::<std::net::Ipv4Addr>().is_ok());
/// assert!(out.is_null(1));
/// # Ok::<(), piiscrub::Error>(())
/// ```
///
/// # Errors
///
/// An [`ErrorKind::Key`](crate::ErrorKind::Key) error when `key` gives no `pfx` mode key
/// (its two derived halves are equal), a policy error for an array that is not a string
/// array.
pub fn ip_encrypt(array: &dyn Array, key: &Key, mode: EncryptMode) -> Result<ArrayRef, Error> {
    let cipher = IpEncrypter::compile(&Kind::Ipv4, "ip_encrypt", mode, None)?;
    if mode == EncryptMode::Pfx && key.ipcrypt_pfx().is_none() {
        return Err(Error::key(
            "ip_encrypt: this key gives no ipcrypt-pfx key (its halves are equal)",
        ));
    }
    map_strings(array, |value, out| {
        let v = value.trim_ascii();
        if v.is_empty() {
            return Row::Same;
        }
        if v.len() > MAX_IP_TEXT {
            return Row::Null;
        }
        match cipher.apply(v.as_bytes(), Some(key)) {
            Some(ip) => {
                out.extend_from_slice(ip.as_bytes());
                Row::New
            }
            None => Row::Null,
        }
    })
}
