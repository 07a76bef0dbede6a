//! The keyed field actions on one scalar: pseudonymize (spec v1, whole value) and
//! encrypt (ipcrypt, IP values). Without a key the value is redacted and counted,
//! never passed through.

use std::sync::Arc;

use super::typed::Typed;
use crate::action::pseudonymize::is_plain_rendering;
use crate::action::{truncate_ip, IpEncrypter};
use crate::{pseudonymize_value, EncryptMode, Findings, Key, Kind};

/// What a keyed value becomes when its event has no key (a tenant without one).
pub(crate) const NO_KEY: &[u8] = b"[REDACTED]";

/// Which key a keyed field rule uses.
#[derive(Debug, Clone)]
pub(crate) enum KeySlot {
    /// The event's key (the policy's key, or the tenant's).
    Event,
    /// A key the rule names itself (`env:`, `file:`, `inline:`).
    Fixed(Arc<Key>),
}

impl PartialEq for KeySlot {
    fn eq(&self, other: &KeySlot) -> bool {
        match (self, other) {
            (KeySlot::Event, KeySlot::Event) => true,
            (KeySlot::Fixed(a), KeySlot::Fixed(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl KeySlot {
    fn pick<'k>(&'k self, event: Option<&'k Key>) -> Option<&'k Key> {
        match self {
            KeySlot::Event => event,
            KeySlot::Fixed(k) => Some(k),
        }
    }
}

/// A compiled `pseudonymize` field action.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FieldPseudo {
    pub(crate) domain: String,
    pub(crate) lowercase: bool,
    pub(crate) key: KeySlot,
}

impl FieldPseudo {
    /// The pseudonym of the whole value `text` (a string's text or a number's
    /// spelling). A value that already is a plain rendering in this domain is left as
    /// it is, so scrubbed events scrub to themselves.
    pub(crate) fn apply(&self, text: &[u8], event: Option<&Key>, counts: &mut Findings) -> Typed {
        let own = text
            .strip_prefix(self.domain.as_bytes())
            .is_some_and(|rest| rest.first() == Some(&b'_'));
        if own && is_plain_rendering(text) {
            return Typed::Same;
        }
        let Some(key) = self.key.pick(event) else {
            counts.add_missing_key();
            return Typed::Str(NO_KEY.to_vec());
        };
        match pseudonymize_value(key, &self.domain, text, self.lowercase) {
            Ok(p) => Typed::Str(p.into_bytes()),
            // The domain was validated when the rule was compiled; fail closed anyway.
            Err(_) => Typed::Str(NO_KEY.to_vec()),
        }
    }
}

/// A compiled `encrypt` field action.
#[derive(Debug, Clone)]
pub(crate) struct FieldEncrypt {
    pub(crate) cipher: IpEncrypter,
    pub(crate) mode: EncryptMode,
    pub(crate) key: KeySlot,
}

impl PartialEq for FieldEncrypt {
    fn eq(&self, other: &FieldEncrypt) -> bool {
        self.mode == other.mode && self.key == other.key
    }
}

impl FieldEncrypt {
    pub(crate) fn new(mode: EncryptMode, key: KeySlot) -> Option<FieldEncrypt> {
        // The kind only tells the compiler that this is an IP action.
        let cipher = IpEncrypter::compile(&Kind::Ipv4, "field", mode, None).ok()?;
        Some(FieldEncrypt { cipher, mode, key })
    }

    /// The encrypted address when the whole (trimmed) value is an IP address; a value
    /// that is not one is scanned as free text.
    pub(crate) fn apply(&self, text: &[u8], event: Option<&Key>, counts: &mut Findings) -> Typed {
        let t = text.trim_ascii();
        if t.is_empty() || t.len() > 64 || truncate_ip(t, 32, 128).is_none() {
            return Typed::Scan;
        }
        let Some(key) = self.key.pick(event) else {
            counts.add_missing_key();
            return Typed::Str(NO_KEY.to_vec());
        };
        match self.cipher.apply(t, Some(key)) {
            Some(ip) => Typed::Str(ip.into_bytes()),
            None => Typed::Str(NO_KEY.to_vec()),
        }
    }
}
