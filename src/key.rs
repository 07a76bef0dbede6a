//! [`Key`], [`Keyring`], [`KeyProvider`] and [`TenantKeys`]: the secrets behind
//! pseudonyms and IP encryption.
//!
//! A key is at least 32 secret bytes. Nothing in this module ever prints, logs or
//! returns key material: `Debug` shows the key id (`kid`), errors name the source
//! (a file, a variable) and the problem, never the text.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use hmac::{Hmac, KeyInit, Mac};
use ipcrypt_rs::{Ipcrypt, IpcryptPfx};
use sha2::Sha256;
use zeroize::{Zeroize, Zeroizing};

use crate::action::base32_lower;
use crate::Error;

type HmacSha256 = Hmac<Sha256>;

/// The shortest key accepted, in bytes.
pub(crate) const MIN_KEY_BYTES: usize = 32;

/// A secret key for pseudonymization (spec v1) and derived IP-encryption keys.
///
/// * [`Key::from_bytes`]: at least 32 raw bytes (longer keys are used whole).
/// * [`Key::from_hex`]: hex text, as in key files and `PIISCRUB_KEY`.
/// * [`Key::from_file`], [`Key::from_env`], [`Key::from_env_or_file`].
///
/// Only derived state is kept (the keyed HMAC state and the ipcrypt ciphers); it is
/// zeroized on drop, and so is every temporary copy of the key. `Debug` shows the
/// key id only.
///
/// ```
/// use piiscrub::Key;
/// let key = Key::from_bytes(&(0u8..32).collect::<Vec<_>>()).unwrap();
/// assert_eq!(key.kid(), "tjmli3ga");
/// assert_eq!(format!("{key:?}"), r#"Key { kid: "tjmli3ga" }"#);
/// ```
pub struct Key {
    mac: HmacSha256,
    kid: String,
    ipcrypt_deterministic: Ipcrypt,
    /// `None` only if the derived key's halves are equal (probability 2^-128):
    /// encryption then fails closed instead of panicking.
    ipcrypt_pfx: Option<IpcryptPfx>,
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Key").field("kid", &self.kid).finish()
    }
}

/// HMAC-SHA256 of `msg` under a keyed state.
pub(crate) fn hmac_with(mac: &HmacSha256, parts: &[&[u8]]) -> Zeroizing<[u8; 32]> {
    let mut m = mac.clone();
    for p in parts {
        m.update(p);
    }
    let mut out = Zeroizing::new([0u8; 32]);
    out.copy_from_slice(&m.finalize().into_bytes());
    out
}

impl Key {
    /// The environment variable [`Key::from_env_or_file`] reads: `PIISCRUB_KEY`.
    pub const ENV_VAR: &'static str = "PIISCRUB_KEY";

    /// A key from raw bytes; fewer than 32 bytes is an error.
    pub fn from_bytes(bytes: &[u8]) -> Result<Key, Error> {
        if bytes.len() < MIN_KEY_BYTES {
            return Err(Error::key(format!(
                "a key needs at least {MIN_KEY_BYTES} bytes, got {}",
                bytes.len()
            )));
        }
        // HMAC accepts any key length; this cannot fail.
        let mac = HmacSha256::new_from_slice(bytes)
            .map_err(|_| Error::key("the key could not be used with HMAC-SHA256"))?;
        let kid_mac = hmac_with(&mac, &[b"piiscrub:v1:kid"]);
        let mut kid = base32_lower(&kid_mac[..]);
        kid.truncate(8);

        let det = hmac_with(&mac, &[b"piiscrub:v1:ipcrypt-deterministic"]);
        let mut det16 = Zeroizing::new([0u8; 16]);
        det16.copy_from_slice(&det[..16]);
        let pfx = hmac_with(&mac, &[b"piiscrub:v1:ipcrypt-pfx"]);
        Ok(Key {
            mac,
            kid,
            ipcrypt_deterministic: Ipcrypt::new(*det16),
            ipcrypt_pfx: pfx_cipher(*pfx),
        })
    }

    /// A key from hex text (key files, `PIISCRUB_KEY`): hex digits only, at least 64
    /// and an even number of them, either case; surrounding whitespace (so one trailing
    /// newline) is ignored; a `0x` prefix, inner spaces or an odd length are errors.
    ///
    /// ```
    /// use piiscrub::{ErrorKind, Key};
    /// let hex = "00".repeat(32) + "\n";
    /// assert!(Key::from_hex(&hex).is_ok());
    /// let err = Key::from_hex(&format!("0x{}", "ab".repeat(32))).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::Key);
    /// assert!(!err.to_string().contains("abab")); // never the key text
    /// ```
    pub fn from_hex(text: &str) -> Result<Key, Error> {
        let bytes = decode_hex(text, "key text")?;
        Key::from_bytes(&bytes)
    }

    /// A key from a file holding hex text (see [`Key::from_hex`]). Errors name the path.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Key, Error> {
        let path = path.as_ref();
        let text = Zeroizing::new(std::fs::read(path).map_err(|e| {
            Error::io(format!(
                "cannot read key file {}: {}",
                path.display(),
                e.kind()
            ))
        })?);
        let text = std::str::from_utf8(&text).map_err(|_| {
            Error::key(format!(
                "key file {}: not hex text (it is not even UTF-8)",
                path.display()
            ))
        })?;
        let bytes = decode_hex(text, &format!("key file {}", path.display()))?;
        Key::from_bytes(&bytes)
    }

    /// A key from the hex text in environment variable `var`; unset is an error.
    pub fn from_env(var: &str) -> Result<Key, Error> {
        match std::env::var_os(var) {
            None => Err(Error::key(format!("environment variable {var} is not set"))),
            Some(v) => {
                let v = Zeroizing::new(v.into_encoded_bytes());
                let text = std::str::from_utf8(&v)
                    .map_err(|_| Error::key(format!("environment variable {var}: not hex text")))?;
                let bytes = decode_hex(text, &format!("environment variable {var}"))?;
                Key::from_bytes(&bytes)
            }
        }
    }

    /// The key a command line asks for: the key file when one is given (the flag wins),
    /// else `PIISCRUB_KEY` when it is set, else `None` (no key configured).
    ///
    /// ```
    /// use piiscrub::Key;
    /// # std::env::remove_var(Key::ENV_VAR);
    /// assert!(Key::from_env_or_file(None).unwrap().is_none());
    /// assert!(Key::from_env_or_file(Some("/no/such/key".as_ref())).is_err());
    /// ```
    pub fn from_env_or_file(file: Option<&Path>) -> Result<Option<Key>, Error> {
        match file {
            Some(p) => Key::from_file(p).map(Some),
            None if std::env::var_os(Key::ENV_VAR).is_some() => {
                Key::from_env(Key::ENV_VAR).map(Some)
            }
            None => Ok(None),
        }
    }

    /// The key id: the first 8 characters of `base32(HMAC-SHA256(key, "piiscrub:v1:kid"))`.
    /// Not secret; safe to log.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// HMAC-SHA256 of the concatenated parts.
    pub(crate) fn hmac(&self, parts: &[&[u8]]) -> Zeroizing<[u8; 32]> {
        hmac_with(&self.mac, parts)
    }

    pub(crate) fn ipcrypt_deterministic(&self) -> &Ipcrypt {
        &self.ipcrypt_deterministic
    }

    pub(crate) fn ipcrypt_pfx(&self) -> Option<&IpcryptPfx> {
        self.ipcrypt_pfx.as_ref()
    }
}

/// An ipcrypt-pfx cipher, or `None` when the key's halves are equal (the crate would panic).
pub(crate) fn pfx_cipher(mut key: [u8; 32]) -> Option<IpcryptPfx> {
    let ok = key[..16] != key[16..];
    let c = ok.then(|| IpcryptPfx::new(key));
    key.zeroize();
    c
}

/// Decodes key hex text; `what` names the source in errors (never the text).
pub(crate) fn decode_hex(text: &str, what: &str) -> Result<Zeroizing<Vec<u8>>, Error> {
    let t = text.trim();
    if t.starts_with("0x") || t.starts_with("0X") {
        return Err(Error::key(format!(
            "{what}: remove the `0x` prefix (hex digits only)"
        )));
    }
    if let Some(pos) = t.bytes().position(|b| !b.is_ascii_hexdigit()) {
        return Err(Error::key(format!(
            "{what}: character {} is not a hex digit (hex digits only, no inner spaces)",
            pos + 1
        )));
    }
    if !t.len().is_multiple_of(2) {
        return Err(Error::key(format!(
            "{what}: odd number of hex digits ({})",
            t.len()
        )));
    }
    if t.len() < 2 * MIN_KEY_BYTES {
        return Err(Error::key(format!(
            "{what}: a key needs at least {} hex digits ({MIN_KEY_BYTES} bytes), got {}",
            2 * MIN_KEY_BYTES,
            t.len()
        )));
    }
    Ok(Zeroizing::new(hex_bytes(t.as_bytes())))
}

/// Hex digits (checked, even count) to bytes.
pub(crate) fn hex_bytes(t: &[u8]) -> Vec<u8> {
    let v = |b: u8| match b {
        b'0'..=b'9' => b - b'0',
        b'a'..=b'f' => b - b'a' + 10,
        _ => b.wrapping_sub(b'A').wrapping_add(10) & 0x0f,
    };
    t.chunks_exact(2).map(|p| v(p[0]) << 4 | v(p[1])).collect()
}

/// Several keys by key id, one of them active: the active key makes new pseudonyms,
/// the others stay available (for [`Keyring::get`]) until retired.
///
/// **Rotation**: [`add`](Keyring::add) the new key, [`set_active`](Keyring::set_active)
/// it (or [`rotate`](Keyring::rotate) to do both), keep the old one while consumers
/// still need to compute its tokens (for bridging tables), then
/// [`retire`](Keyring::retire) it: its pseudonyms become unlinkable. Tag renderings with
/// the key id (`tag_kid`) so consumers can tell tokens of different keys apart.
///
/// ```
/// use piiscrub::{Key, Keyring};
/// let old = Key::from_bytes(&[1u8; 32]).unwrap();
/// let new = Key::from_bytes(&[2u8; 32]).unwrap();
/// let (old_kid, new_kid) = (old.kid().to_owned(), new.kid().to_owned());
/// let mut ring = Keyring::new(old);
/// ring.rotate(new).unwrap();
/// assert_eq!(ring.active().kid(), new_kid);
/// ring.retire(&old_kid).unwrap();
/// assert!(ring.get(&old_kid).is_none());
/// ```
#[derive(Clone)]
pub struct Keyring {
    keys: Vec<Arc<Key>>,
    active: usize,
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keyring")
            .field("active", &self.active().kid())
            .field("kids", &self.kids().collect::<Vec<_>>())
            .finish()
    }
}

impl Keyring {
    /// A keyring with one key, active.
    pub fn new(active: Key) -> Keyring {
        Keyring {
            keys: vec![Arc::new(active)],
            active: 0,
        }
    }

    /// Adds a key (not active). A key whose id is already present is an error.
    pub fn add(&mut self, key: Key) -> Result<(), Error> {
        if self.get(key.kid()).is_some() {
            return Err(Error::key(format!(
                "the keyring already holds key `{}`",
                key.kid()
            )));
        }
        self.keys.push(Arc::new(key));
        Ok(())
    }

    /// Adds `key` and makes it the active one.
    pub fn rotate(&mut self, key: Key) -> Result<(), Error> {
        let kid = key.kid().to_owned();
        self.add(key)?;
        self.set_active(&kid)
    }

    /// Makes the key with id `kid` the active one.
    pub fn set_active(&mut self, kid: &str) -> Result<(), Error> {
        self.active = self.position(kid)?;
        Ok(())
    }

    /// Removes (and, once no scrubber uses it any more, zeroizes) a key that is not
    /// active: the pseudonyms it made can no longer be recomputed or linked.
    pub fn retire(&mut self, kid: &str) -> Result<(), Error> {
        let i = self.position(kid)?;
        if i == self.active {
            return Err(Error::key(format!(
                "key `{kid}` is active: activate another key before retiring it"
            )));
        }
        self.keys.remove(i);
        if i < self.active {
            self.active -= 1;
        }
        Ok(())
    }

    /// The active key.
    pub fn active(&self) -> &Arc<Key> {
        &self.keys[self.active]
    }

    /// The key with id `kid`, if present.
    pub fn get(&self, kid: &str) -> Option<&Arc<Key>> {
        self.keys.iter().find(|k| k.kid() == kid)
    }

    /// The ids of all keys, in the order they were added.
    pub fn kids(&self) -> impl Iterator<Item = &str> + '_ {
        self.keys.iter().map(|k| k.kid())
    }

    fn position(&self, kid: &str) -> Result<usize, Error> {
        self.keys
            .iter()
            .position(|k| k.kid() == kid)
            .ok_or_else(|| Error::key(format!("no key `{kid}` in the keyring")))
    }
}

/// Finds the key of a tenant (per-tenant keys for crypto-shredding: delete a tenant's
/// key and all its pseudonyms become unlinkable). Structured mode calls it with the
/// value of the event's tenant field.
///
/// A tenant without a key gets **no** pseudonyms: the values are redacted and counted
/// ([`Findings::missing_key`](crate::Findings::missing_key)), never passed through raw.
pub trait KeyProvider: Send + Sync {
    /// The key for `tenant`, or `None` when it has none (or it was deleted).
    fn key_for(&self, tenant: &str) -> Option<Arc<Key>>;
}

impl KeyProvider for Keyring {
    /// The active key, whatever the tenant.
    fn key_for(&self, _tenant: &str) -> Option<Arc<Key>> {
        Some(Arc::clone(self.active()))
    }
}

/// A simple in-memory [`KeyProvider`]: one key per tenant id.
///
/// ```
/// use piiscrub::{Key, KeyProvider, TenantKeys};
/// let mut keys = TenantKeys::default();
/// keys.insert("acme", Key::from_bytes(&[7u8; 32]).unwrap());
/// assert!(keys.key_for("acme").is_some());
/// assert!(keys.remove("acme")); // crypto-shredding: acme's pseudonyms are now unlinkable
/// assert!(keys.key_for("acme").is_none());
/// ```
#[derive(Default, Clone)]
pub struct TenantKeys {
    keys: HashMap<String, Arc<Key>>,
}

impl fmt::Debug for TenantKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TenantKeys")
            .field("tenants", &self.keys.len())
            .finish()
    }
}

impl TenantKeys {
    /// Sets the key of `tenant` (replacing any previous one).
    pub fn insert(&mut self, tenant: impl Into<String>, key: Key) {
        self.keys.insert(tenant.into(), Arc::new(key));
    }

    /// Deletes the key of `tenant`; true when there was one.
    pub fn remove(&mut self, tenant: &str) -> bool {
        self.keys.remove(tenant).is_some()
    }

    /// The number of tenants with a key.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when no tenant has a key.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

impl KeyProvider for TenantKeys {
    fn key_for(&self, tenant: &str) -> Option<Arc<Key>> {
        self.keys.get(tenant).cloned()
    }
}

/// Hex key text inside a policy (an [`Action::Encrypt`](crate::Action::Encrypt) key):
/// serialized as the hex string, but `Debug` never shows it and it is zeroized on drop.
///
/// ```
/// use piiscrub::SecretHex;
/// let k = SecretHex::new("00112233445566778899aabbccddeeff");
/// assert_eq!(format!("{k:?}"), "SecretHex(<redacted>)");
/// ```
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct SecretHex(String);

impl SecretHex {
    /// Wraps hex key text.
    pub fn new(hex: impl Into<String>) -> SecretHex {
        SecretHex(hex.into())
    }

    /// Decodes to exactly `N` bytes (surrounding whitespace ignored, hex digits only).
    pub(crate) fn decode<const N: usize>(&self, what: &str) -> Result<Zeroizing<[u8; N]>, Error> {
        let t = self.0.trim();
        if t.len() != 2 * N || !t.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::policy(format!(
                "{what}: the key must be exactly {} hex digits ({N} bytes)",
                2 * N
            )));
        }
        let v = Zeroizing::new(hex_bytes(t.as_bytes()));
        let mut out = Zeroizing::new([0u8; N]);
        out.copy_from_slice(&v);
        Ok(out)
    }
}

impl fmt::Debug for SecretHex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretHex(<redacted>)")
    }
}

impl Drop for SecretHex {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn key32() -> Vec<u8> {
        (0u8..32).collect()
    }

    #[test]
    fn kid_of_the_spec_vector() {
        assert_eq!(Key::from_bytes(&key32()).unwrap().kid(), "tjmli3ga");
    }

    #[test]
    fn hex_text_rules() {
        let hex: String = key32().iter().map(|b| format!("{b:02x}")).collect();
        let kid = |t: &str| Key::from_hex(t).map(|k| k.kid().to_owned());
        assert_eq!(kid(&hex).unwrap(), "tjmli3ga");
        assert_eq!(kid(&hex.to_uppercase()).unwrap(), "tjmli3ga");
        assert_eq!(kid(&format!("  {hex}\n")).unwrap(), "tjmli3ga");
        assert_eq!(kid(&format!("{hex}\r\n")).unwrap(), "tjmli3ga");
        for bad in [
            format!("0x{hex}"),
            format!("{} {}", &hex[..32], &hex[32..]),
            format!("{hex}a"),
            hex[..62].to_owned(),
            format!("{}g", &hex[..63]),
            String::new(),
        ] {
            let err = Key::from_hex(&bad).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Key, "{bad:?}");
            assert!(!err.to_string().contains(&hex[..16]), "{err}");
        }
        // Longer keys are used whole.
        let long = format!("{hex}{hex}");
        assert_ne!(kid(&long).unwrap(), "tjmli3ga");
    }

    #[test]
    fn short_keys_are_errors() {
        assert_eq!(
            Key::from_bytes(&[0u8; 31]).unwrap_err().kind(),
            ErrorKind::Key
        );
    }

    #[test]
    fn files_and_env() {
        let dir = std::env::temp_dir().join(format!("piiscrub-key-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("key.hex");
        std::fs::write(&path, "ab".repeat(32) + "\n").unwrap();
        let k = Key::from_file(&path).unwrap();
        assert_eq!(format!("{k:?}"), format!("Key {{ kid: {:?} }}", k.kid()));
        std::fs::write(&path, "ab".repeat(31)).unwrap();
        let err = Key::from_file(&path).unwrap_err();
        assert!(err.to_string().contains("key.hex") && !err.to_string().contains("abab"));
        let missing = Key::from_file(dir.join("nope")).unwrap_err();
        assert_eq!(missing.kind(), ErrorKind::Io);
        std::fs::remove_dir_all(&dir).unwrap();

        let var = "PIISCRUB_TEST_KEY_UNIT";
        assert_eq!(Key::from_env(var).unwrap_err().kind(), ErrorKind::Key);
        std::env::set_var(var, "cd".repeat(40));
        assert!(Key::from_env(var).is_ok());
        std::env::remove_var(var);
    }

    #[test]
    fn keyring_rotation() {
        let a = Key::from_bytes(&[1u8; 32]).unwrap();
        let b = Key::from_bytes(&[2u8; 32]).unwrap();
        let (ka, kb) = (a.kid().to_owned(), b.kid().to_owned());
        let mut ring = Keyring::new(a);
        assert!(ring.add(Key::from_bytes(&[1u8; 32]).unwrap()).is_err());
        ring.add(b).unwrap();
        assert_eq!(ring.active().kid(), ka);
        assert!(ring.retire(&ka).is_err());
        ring.set_active(&kb).unwrap();
        ring.retire(&ka).unwrap();
        assert_eq!(ring.kids().collect::<Vec<_>>(), [kb.as_str()]);
        assert_eq!(ring.active().kid(), kb);
        assert!(ring.set_active(&ka).is_err());
        let dbg = format!("{ring:?}");
        assert!(dbg.contains(&kb));
    }

    #[test]
    fn pfx_with_equal_halves_fails_closed() {
        assert!(pfx_cipher([9u8; 32]).is_none());
    }
}
