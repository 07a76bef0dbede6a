//! [`FieldAction`]: what a field rule does to the whole value of a field.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{EncryptMode, Generalization, KeyRef};

/// What a [`FieldRule`](crate::FieldRule) does to the value of a matched field.
///
/// In a policy file an action is a name (`action = "drop"`) or, with parameters, a
/// table tagged by `action` (`action = { action = "bucket", width = 10 }`).
///
/// A rule that matches an object or array decides for the whole subtree: `drop`,
/// `keep` and `redact` take it whole; `truncate`, `bucket` and `truncate_time` apply
/// to every string and number inside; under `scan`, deeper rules still apply.
///
/// ```
/// use piiscrub::FieldAction;
/// let a: FieldAction = serde_json::from_str(r#""drop""#).unwrap();
/// assert_eq!(a, FieldAction::Drop);
/// let b: FieldAction = serde_json::from_str(r#"{"action": "bucket", "width": 10}"#).unwrap();
/// assert_eq!(b, FieldAction::Bucket { width: 10.0 });
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    tag = "action",
    rename_all = "snake_case",
    deny_unknown_fields
)]
#[non_exhaustive]
pub enum FieldAction {
    /// Scan the value as free text (what happens to fields no rule matches). In
    /// allow-list mode this lists a field without any other action.
    Scan,
    /// Keep the value exactly as it is, unscanned.
    Keep,
    /// Remove the field (an array element disappears with its comma).
    Drop,
    /// Replace the whole value with a string: `label`, or `[REDACTED]`.
    Redact {
        /// The replacement string; `None` means `[REDACTED]`.
        #[serde(default)]
        label: Option<String>,
    },
    /// Truncate the IP address that is the value to a network prefix (the network
    /// address, as [`Action::Truncate`](crate::Action::Truncate) writes it). A value
    /// that is not an IP address is scanned as free text instead.
    Truncate {
        /// Prefix length kept for IPv4 (0–32, default 24).
        #[serde(default = "default_v4_prefix")]
        v4_prefix: u8,
        /// Prefix length kept for IPv6 (0–128, default 48).
        #[serde(default = "default_v6_prefix")]
        v6_prefix: u8,
    },
    /// Round a number down to a multiple of `width` (`37` → `30` with width 10). A
    /// string holding a number stays a string; any other value becomes `null`.
    Bucket {
        /// The bucket width: finite and greater than zero.
        width: f64,
    },
    /// Truncate a timestamp to the start of its hour or day: RFC 3339 / ISO 8601 text
    /// keeps its shape and offset (`2024-05-06T13:45:12.5+02:00` →
    /// `2024-05-06T13:00:00+02:00`); a number is read as Unix seconds, milliseconds,
    /// microseconds or nanoseconds by its size. Any other value becomes `null`.
    TruncateTime {
        /// The unit to truncate to.
        to: TimeUnit,
    },
    /// Generalize the value (HIPAA Safe Harbor): a ZIP code to its first three digits
    /// (`000` for the restricted areas), a date to its year, an age over 89 to `90+`, a
    /// URL to its origin (see [`Generalization`]). The result is a string, except a
    /// year from a Unix-time number (a number) and an age up to 89 (unchanged). A value
    /// that is not of the kind (`"N/A"` under `zip3`) becomes `null`: fail closed.
    ///
    /// ```
    /// use piiscrub::{EventScrubber, FieldAction, FieldRule, Generalization, Policy};
    /// let mut p = Policy::default();
    /// p.fields = vec![FieldRule::path("zip", FieldAction::Generalize { to: Generalization::Zip3 })];
    /// let ev = EventScrubber::new(&p)?;
    /// assert_eq!(ev.scrub_event_str(r#"{"zip":94107}"#)?, r#"{"zip":"941"}"#);
    /// assert_eq!(ev.scrub_event_str(r#"{"zip":"N/A"}"#)?, r#"{"zip":null}"#);
    /// # Ok::<(), piiscrub::Error>(())
    /// ```
    Generalize {
        /// The generalization.
        to: Generalization,
    },
    /// Replace the value with a keyed pseudonym `{domain}_{token}` (spec v1: the
    /// value's exact text is the canonical form, see `docs/pseudonymization.md`). Equal
    /// values in one domain give equal pseudonyms, so fields sharing a domain (`user.id`
    /// and `account.owner_id` in `user`) join. Numbers become strings. A value that
    /// already is a pseudonym of this domain is kept (scrubbing twice changes nothing).
    ///
    /// Needs a key: [`EventScrubber::new`](crate::EventScrubber::new) fails for a policy
    /// using it; give one with [`EventScrubber::with_keyring`](crate::EventScrubber::with_keyring).
    /// An event without a key (its tenant has none) gets `[REDACTED]`, counted in
    /// [`Findings::missing_key`](crate::Findings::missing_key).
    Pseudonymize {
        /// The pseudonym domain, 1–32 characters of `[a-z0-9-]`, e.g. `user`.
        domain: String,
        /// Which key; `None` means the policy's `key`.
        #[serde(default)]
        key: Option<KeyRef>,
        /// Lower-case the value before hashing (`Ann@X.org` and `ann@x.org` join).
        #[serde(default)]
        lowercase: bool,
    },
    /// Encrypt the IP address that is the value with ipcrypt (another valid address,
    /// reversible with the key; **not idempotent**). A value that is not an IP address
    /// is scanned as free text. Needs a key, as [`FieldAction::Pseudonymize`] does.
    Encrypt {
        /// The ipcrypt mode (default `deterministic`).
        #[serde(default = "default_encrypt_mode")]
        mode: EncryptMode,
        /// Which key; `None` means the policy's `key`. The mode key is derived from it
        /// as for [`Action::Encrypt`](crate::Action::Encrypt).
        #[serde(default)]
        key: Option<KeyRef>,
    },
}

/// The unit [`FieldAction::TruncateTime`] truncates to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TimeUnit {
    /// The start of the hour.
    Hour,
    /// The start of the day (midnight, in the timestamp's own offset).
    Day,
}

fn default_encrypt_mode() -> EncryptMode {
    EncryptMode::Deterministic
}
fn default_v4_prefix() -> u8 {
    24
}
fn default_v6_prefix() -> u8 {
    48
}

impl FieldAction {
    /// The action's name as written in policy files (`drop`, `truncate_time` …).
    pub fn name(&self) -> &'static str {
        match self {
            FieldAction::Scan => "scan",
            FieldAction::Keep => "keep",
            FieldAction::Drop => "drop",
            FieldAction::Redact { .. } => "redact",
            FieldAction::Truncate { .. } => "truncate",
            FieldAction::Bucket { .. } => "bucket",
            FieldAction::TruncateTime { .. } => "truncate_time",
            FieldAction::Generalize { .. } => "generalize",
            FieldAction::Pseudonymize { .. } => "pseudonymize",
            FieldAction::Encrypt { .. } => "encrypt",
        }
    }
}

impl Serialize for FieldAction {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        FieldAction::serialize(self, s)
    }
}

/// Accepts a bare name (`"drop"`) or a tagged table (`{ action = "bucket", width = 10 }`).
impl<'de> Deserialize<'de> for FieldAction {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct NameOrTable;
        impl<'de> serde::de::Visitor<'de> for NameOrTable {
            type Value = FieldAction;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an action name or a table with an `action` field")
            }
            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<FieldAction, E> {
                let one = std::iter::once(("action", name));
                FieldAction::deserialize(serde::de::value::MapDeserializer::<_, E>::new(one))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<FieldAction, A::Error> {
                FieldAction::deserialize(serde::de::value::MapAccessDeserializer::new(map))
            }
        }
        d.deserialize_any(NameOrTable)
    }
}
