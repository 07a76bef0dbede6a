//! Keyed IP encryption: the IETF ipcrypt draft's `ipcrypt-deterministic` and
//! `ipcrypt-pfx` modes, through the `ipcrypt-rs` crate.
//!
//! The mode key is given as hex or derived from the scrubber's key:
//! deterministic = the first 16 bytes of `HMAC-SHA256(key, "piiscrub:v1:ipcrypt-deterministic")`,
//! pfx = the 32 bytes of `HMAC-SHA256(key, "piiscrub:v1:ipcrypt-pfx")` (see [`Key`]).
//! Not idempotent: the output is again an address.

use std::fmt;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::Arc;

use ipcrypt_rs::{Ipcrypt, IpcryptPfx};

use super::parse_v4_lenient;
use crate::error::Error;
use crate::key::pfx_cipher;
use crate::{EncryptMode, Key, Kind, SecretHex};

/// A mode key given in the policy.
#[derive(Clone)]
enum Explicit {
    Deterministic(Arc<Ipcrypt>),
    Pfx(Arc<IpcryptPfx>),
}

/// An `Encrypt` action, compiled.
#[derive(Clone)]
pub(crate) struct IpEncrypter {
    mode: EncryptMode,
    explicit: Option<Explicit>,
}

impl fmt::Debug for IpEncrypter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IpEncrypter")
            .field("mode", &self.mode)
            .field("explicit_key", &self.explicit.is_some())
            .finish()
    }
}

impl IpEncrypter {
    pub(crate) fn compile(
        kind: &Kind,
        rule: &str,
        mode: EncryptMode,
        key: Option<&SecretHex>,
    ) -> Result<IpEncrypter, Error> {
        if !matches!(kind, Kind::Ipv4 | Kind::Ipv6) {
            return Err(Error::policy(format!(
                "rule `{rule}`: `encrypt` applies to IP addresses only, not to `{kind}`"
            )));
        }
        let what = format!("rule `{rule}`");
        let explicit = match (mode, key) {
            (_, None) => None,
            (EncryptMode::Deterministic, Some(h)) => Some(Explicit::Deterministic(Arc::new(
                Ipcrypt::new(*h.decode::<16>(&what)?),
            ))),
            (EncryptMode::Pfx, Some(h)) => {
                let c = pfx_cipher(*h.decode::<32>(&what)?).ok_or_else(|| {
                    Error::policy(format!(
                        "{what}: an ipcrypt-pfx key's two halves must differ"
                    ))
                })?;
                Some(Explicit::Pfx(Arc::new(c)))
            }
        };
        Ok(IpEncrypter { mode, explicit })
    }

    /// True when the mode key comes from the scrubber's key.
    pub(crate) fn needs_key(&self) -> bool {
        self.explicit.is_none()
    }

    /// The encrypted address text; `None` when there is no key or `span` is no address
    /// (the caller fails closed).
    pub(crate) fn apply(&self, span: &[u8], key: Option<&Key>) -> Option<String> {
        let ip = parse_ip(span)?;
        let out = match (&self.explicit, self.mode) {
            (Some(Explicit::Deterministic(c)), _) => c.encrypt_ipaddr(ip),
            (Some(Explicit::Pfx(c)), _) => c.encrypt_ipaddr(ip),
            (None, EncryptMode::Deterministic) => key?.ipcrypt_deterministic().encrypt_ipaddr(ip),
            (None, EncryptMode::Pfx) => key?.ipcrypt_pfx()?.encrypt_ipaddr(ip),
        };
        Some(out.to_string())
    }
}

/// An IPv4 (leading zeros allowed) or IPv6 address (zone dropped); an IPv4-mapped IPv6
/// address is IPv4, as everywhere else in the crate.
fn parse_ip(span: &[u8]) -> Option<IpAddr> {
    if let Some(v4) = parse_v4_lenient(span) {
        return Some(IpAddr::V4(v4));
    }
    let addr = match span.iter().position(|&b| b == b'%') {
        Some(i) => &span[..i],
        None => span,
    };
    let v6: Ipv6Addr = std::str::from_utf8(addr).ok()?.parse().ok()?;
    Some(match v6.to_ipv4_mapped() {
        Some(v4) => IpAddr::V4(v4),
        None => IpAddr::V6(v6),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(mode: EncryptMode, key: &str, ip: &str) -> String {
        IpEncrypter::compile(&Kind::Ipv4, "ip", mode, Some(&SecretHex::new(key)))
            .unwrap()
            .apply(ip.as_bytes(), None)
            .unwrap()
    }

    /// Test vectors of the IETF ipcrypt draft (draft-denis-ipcrypt, "Test Vectors":
    /// ipcrypt-deterministic and ipcrypt-pfx).
    #[test]
    fn draft_test_vectors() {
        let det = EncryptMode::Deterministic;
        assert_eq!(
            enc(det, "0123456789abcdeffedcba9876543210", "0.0.0.0"),
            "bde9:6789:d353:824c:d7c6:f58a:6bd2:26eb"
        );
        assert_eq!(
            enc(det, "1032547698badcfeefcdab8967452301", "255.255.255.255"),
            "aed2:92f6:ea23:58c3:48fd:8b8:74e8:45d8"
        );
        assert_eq!(
            enc(det, "2b7e151628aed2a6abf7158809cf4f3c", "192.0.2.1"),
            "1dbd:c1b9:fff1:7586:7d0b:67b4:e76e:4777"
        );
        let pfx = EncryptMode::Pfx;
        let k = "0123456789abcdeffedcba98765432101032547698badcfeefcdab8967452301";
        assert_eq!(enc(pfx, k, "0.0.0.0"), "151.82.155.134");
        assert_eq!(enc(pfx, k, "255.255.255.255"), "94.185.169.89");
        assert_eq!(enc(pfx, k, "192.0.2.1"), "100.115.72.131");
        assert_eq!(
            enc(pfx, k, "2001:db8::1"),
            "c180:5dd4:2587:3524:30ab:fa65:6ab6:f88"
        );
        let k24 = "2b7e151628aed2a6abf7158809cf4f3ca9f5ba40db214c3798f2e1c23456789a";
        assert_eq!(enc(pfx, k24, "10.0.0.47"), "19.214.210.244");
        assert_eq!(enc(pfx, k24, "10.0.0.129"), "19.214.210.80");
        assert_eq!(enc(pfx, k24, "10.0.0.234"), "19.214.210.30");
    }

    #[test]
    fn bad_keys_are_policy_errors_without_key_text() {
        let c = |mode, key: &str| {
            IpEncrypter::compile(&Kind::Ipv4, "ip", mode, Some(&SecretHex::new(key)))
                .unwrap_err()
                .to_string()
        };
        let e = c(EncryptMode::Deterministic, "abcd");
        assert!(e.contains("32 hex digits") && !e.contains("abcd"));
        let e = c(EncryptMode::Pfx, &"ab".repeat(32));
        assert!(e.contains("halves") && !e.contains("abab"));
        assert!(IpEncrypter::compile(&Kind::Email, "e", EncryptMode::Pfx, None).is_err());
    }

    #[test]
    fn derived_keys_need_a_key() {
        let e = IpEncrypter::compile(&Kind::Ipv6, "ip", EncryptMode::Pfx, None).unwrap();
        assert!(e.needs_key());
        assert!(e.apply(b"2001:db8::1", None).is_none());
        let key = Key::from_bytes(&(0u8..32).collect::<Vec<_>>()).unwrap();
        let a = e.apply(b"2001:db8::1%eth0", Some(&key)).unwrap();
        let b = e.apply(b"2001:db8::2", Some(&key)).unwrap();
        assert_ne!(a, b);
        assert!(a.parse::<IpAddr>().is_ok());
    }
}
