//! [`KeyRef`]: where a key comes from. Policies hold references, not keys.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Where the key of a pseudonymizing or encrypting rule comes from.
///
/// Written as a string in policy files:
///
/// | text | meaning |
/// |---|---|
/// | `"default"` | the key the program was given (`logscrub --key-file`, `PIISCRUB_KEY`) |
/// | `"env:NAME"` | the environment variable `NAME` |
/// | `"file:PATH"` | the file at `PATH` |
/// | `"inline:…"` | key material in the policy itself; refused unless the policy sets `allow_inline_key = true` |
///
/// `Debug` and errors never show inline key material.
///
/// ```
/// use piiscrub::KeyRef;
/// let k: KeyRef = "env:PIISCRUB_USER_KEY".parse().unwrap();
/// assert_eq!(k, KeyRef::Env("PIISCRUB_USER_KEY".into()));
/// let inline: KeyRef = "inline:00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff".parse().unwrap();
/// assert!(!format!("{inline:?}").contains("0011"));
/// ```
#[derive(Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum KeyRef {
    /// The key the program was given.
    #[default]
    Default,
    /// An environment variable's name.
    Env(String),
    /// A file's path.
    File(String),
    /// Key material written in the policy (only with `allow_inline_key = true`).
    Inline(String),
}

impl fmt::Debug for KeyRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyRef::Default => f.write_str("Default"),
            KeyRef::Env(n) => f.debug_tuple("Env").field(n).finish(),
            KeyRef::File(p) => f.debug_tuple("File").field(p).finish(),
            KeyRef::Inline(_) => f.write_str("Inline(<hidden>)"),
        }
    }
}

impl std::str::FromStr for KeyRef {
    type Err = String;

    /// Parses the reference syntax; the error never repeats the text (it may be a key).
    fn from_str(s: &str) -> Result<KeyRef, String> {
        let bad = || {
            "a key reference is \"default\", \"env:NAME\", \"file:PATH\" or \"inline:…\"".to_owned()
        };
        if s == "default" {
            return Ok(KeyRef::Default);
        }
        let (scheme, rest) = s.split_once(':').ok_or_else(bad)?;
        if rest.is_empty() {
            return Err(bad());
        }
        match scheme {
            "env" if rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') => {
                Ok(KeyRef::Env(rest.to_owned()))
            }
            "env" => Err("env:NAME: the name may hold only letters, digits and `_`".to_owned()),
            "file" => Ok(KeyRef::File(rest.to_owned())),
            "inline" => Ok(KeyRef::Inline(rest.to_owned())),
            _ => Err(bad()),
        }
    }
}

impl fmt::Display for KeyRef {
    /// The reference syntax; inline material is shown as `inline:<hidden>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyRef::Default => f.write_str("default"),
            KeyRef::Env(n) => write!(f, "env:{n}"),
            KeyRef::File(p) => write!(f, "file:{p}"),
            KeyRef::Inline(_) => f.write_str("inline:<hidden>"),
        }
    }
}

impl Serialize for KeyRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            // Serializing writes the policy back; inline material is part of it.
            KeyRef::Inline(k) => s.serialize_str(&format!("inline:{k}")),
            other => s.serialize_str(&other.to_string()),
        }
    }
}

impl<'de> Deserialize<'de> for KeyRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}
