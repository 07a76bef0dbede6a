//! [`Policy`], [`Rule`], [`Detector`] and [`Action`]: what to find and what to do with it,
//! as plain data.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::detect::ContextLists;
use crate::{FieldRule, Generalization, KeyRef, Kind, Limits, SecretHex};

/// What happens to a found span.
///
/// ```
/// use piiscrub::{Action, Kind, Scrubber};
/// let s = Scrubber::builder()
///     .kind(Kind::Card, Action::mask_last(4))
///     .build()
///     .unwrap();
/// assert_eq!(s.scrub_str("card 4111 1111 1111 1111"), "card **** **** **** 1111");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Action {
    /// Replace the span with a label: `label`, or the kind's default (`[EMAIL]`).
    Redact {
        /// The replacement text; `None` means the kind's label.
        #[serde(default)]
        label: Option<String>,
    },
    /// Replace every letter and digit with `mask_char`, keeping the first `keep_first`
    /// and the last `keep_last` of them; separators (spaces, dashes, dots) stay.
    Mask {
        /// Letters/digits kept at the start.
        #[serde(default)]
        keep_first: usize,
        /// Letters/digits kept at the end.
        #[serde(default)]
        keep_last: usize,
        /// The masking character (default `*`).
        #[serde(default = "default_mask_char")]
        mask_char: char,
    },
    /// Truncate an IP address to a network prefix (IPv4 default /24, IPv6 default /48):
    /// the output is the network address in canonical form; an IPv4-mapped IPv6 address
    /// is truncated as IPv4; a zone id is dropped; ports and brackets stay.
    /// Only valid for the `ipv4` and `ipv6` kinds.
    Truncate {
        /// Prefix length kept for IPv4 (0–32, default 24).
        #[serde(default = "default_v4_prefix")]
        v4_prefix: u8,
        /// Prefix length kept for IPv6 (0–128, default 48).
        #[serde(default = "default_v6_prefix")]
        v6_prefix: u8,
    },
    /// Replace the span with a keyed pseudonym (spec v1, see `docs/pseudonymization.md`):
    /// the same value under the same key and domain always gives the same token, and
    /// nobody without the key can reverse or recompute it. Needs a key: building a
    /// scrubber with this action and no keyring (or key provider) is an error, and so is
    /// pseudonymizing secrets (they are only ever redacted or removed).
    ///
    /// ```
    /// use piiscrub::{Action, Key, Keyring, Kind, ScrubberBuilder};
    /// let key = Key::from_bytes(&(0u8..32).collect::<Vec<_>>())?;
    /// let s = ScrubberBuilder::empty()
    ///     .kind(Kind::Email, Action::pseudonymize())
    ///     .keyring(Keyring::new(key))
    ///     .build()?;
    /// assert_eq!(s.scrub_str("by Alice@Example.com"), "by email_dgp22mgtmkmx5h32pyz2dvaznq");
    /// # Ok::<(), piiscrub::Error>(())
    /// ```
    Pseudonymize {
        /// The pseudonym domain, 1–32 characters of `[a-z0-9-]`; `None` means the kind's
        /// name. Rules sharing a domain give joinable tokens.
        #[serde(default)]
        domain: Option<String>,
        /// How the token is written (default `plain`: `{domain}_{token}`).
        #[serde(default)]
        rendering: Rendering,
        /// Write the key id into plain renderings: `{domain}_{kid}_{token}`.
        #[serde(default)]
        tag_kid: bool,
        /// Lower-case the value before hashing (custom kinds, whose canonical form is
        /// otherwise the exact bytes; built-in kinds have fixed canonical forms).
        #[serde(default)]
        lowercase: bool,
        /// Phones only: the country calling code (1–3 digits, e.g. `"44"`) of numbers
        /// written nationally, so `020 7946 0958` and `+44 20 7946 0958` give one token.
        #[serde(default)]
        default_country: Option<String>,
    },
    /// Encrypt an IP address with the IETF ipcrypt draft (deterministic or
    /// prefix-preserving): the output is another valid address, reversible with the key.
    /// **Not idempotent**: an encrypted address is still an address, so scrubbing
    /// twice encrypts twice. Only for the `ipv4` and `ipv6` kinds.
    Encrypt {
        /// The ipcrypt mode.
        mode: EncryptMode,
        /// The mode key as hex (32 digits for `deterministic`, 64 for `pfx`); `None`
        /// derives it from the scrubber's key (see `docs/pseudonymization.md`).
        #[serde(default)]
        key: Option<SecretHex>,
    },
    /// Generalize the value inside the span instead of removing it (HIPAA Safe
    /// Harbor): a ZIP code to its first three digits, a date to its year, an age over
    /// 89 to `90+`, a URL to its origin. The text around the value stays, so a custom
    /// rule that matches a telling key with its value (`zip=94107`) keeps the key
    /// (`zip=941`). A span holding no such value is redacted with the rule's label
    /// (fail closed). See `docs/policy.md`, "Generalizations".
    ///
    /// ```
    /// use piiscrub::{Action, Detector, Generalization, ScrubberBuilder};
    /// let s = ScrubberBuilder::empty()
    ///     .rule(
    ///         Detector::regex("zip", r"(?i)\bzip[=: ]{1,3}[0-9]{5}\b"),
    ///         Action::generalize(Generalization::Zip3),
    ///     )
    ///     .build()?;
    /// assert_eq!(s.scrub_str("zip=94107 zip=03601"), "zip=941 zip=000");
    /// # Ok::<(), piiscrub::Error>(())
    /// ```
    Generalize {
        /// The generalization.
        to: Generalization,
    },
    /// Delete the span.
    Remove,
    /// Leave the span as it is (it is still reported as a finding).
    Keep,
}

/// How a pseudonym is written (spec v1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Rendering {
    /// `{domain}_{token}` (or `{domain}_{kid}_{token}` with `tag_kid`).
    #[default]
    Plain,
    /// E-mails only: `{token}@{original domain, lower-cased}`.
    KeepDomain,
    /// E-mails only: `{token}@pseudonym.invalid`.
    EmailShaped,
}

/// The ipcrypt mode of [`Action::Encrypt`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum EncryptMode {
    /// `ipcrypt-deterministic`: AES-128 over the 16-byte address; 16-byte key.
    #[serde(rename = "deterministic", alias = "ipcrypt-deterministic")]
    Deterministic,
    /// `ipcrypt-pfx`: prefix-preserving (addresses sharing a prefix share the encrypted
    /// prefix); 32-byte key.
    #[serde(rename = "pfx", alias = "ipcrypt-pfx")]
    Pfx,
}

fn default_mask_char() -> char {
    '*'
}
fn default_v4_prefix() -> u8 {
    24
}
fn default_v6_prefix() -> u8 {
    48
}

impl Action {
    /// `Redact` with the kind's default label.
    pub fn redact() -> Action {
        Action::Redact { label: None }
    }
    /// `Redact` with a label of your own.
    pub fn redact_with(label: impl Into<String>) -> Action {
        Action::Redact {
            label: Some(label.into()),
        }
    }
    /// `Mask` keeping the last `n` letters/digits (a card keeping its last 4).
    pub fn mask_last(n: usize) -> Action {
        Action::Mask {
            keep_first: 0,
            keep_last: n,
            mask_char: '*',
        }
    }
    /// `Truncate` to the default prefixes (/24 and /48).
    pub fn truncate() -> Action {
        Action::Truncate {
            v4_prefix: 24,
            v6_prefix: 48,
        }
    }
    /// `Pseudonymize` with the kind's domain and the plain rendering.
    pub fn pseudonymize() -> Action {
        Action::Pseudonymize {
            domain: None,
            rendering: Rendering::Plain,
            tag_kid: false,
            lowercase: false,
            default_country: None,
        }
    }
    /// `Encrypt` in `mode` with a key derived from the scrubber's key.
    pub fn encrypt(mode: EncryptMode) -> Action {
        Action::Encrypt { mode, key: None }
    }
    /// `Generalize` with `to`.
    pub fn generalize(to: Generalization) -> Action {
        Action::Generalize { to }
    }
    /// The action the default policy takes for a kind: IPs truncated, all else redacted.
    pub fn default_for(kind: &Kind) -> Action {
        match kind {
            Kind::Ipv4 | Kind::Ipv6 => Action::truncate(),
            _ => Action::redact(),
        }
    }
}

/// What finds spans: a built-in detector for a kind, or a custom one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "detector", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Detector {
    /// The built-in detector of a kind (not `Custom`).
    Builtin {
        /// The kind whose detector this is.
        kind: Kind,
    },
    /// A user regex, matched on bytes with the linear-time engine. It must have a
    /// bounded match length (no `*`, `+` or `{n,}`), match at least one byte, and
    /// never match a line break.
    Regex {
        /// The rule (and kind) name: 1–32 characters of `[a-z0-9-]`.
        name: String,
        /// The regex.
        pattern: String,
    },
    /// A list of literal words, matched at ASCII word boundaries.
    Dictionary {
        /// The rule (and kind) name: 1–32 characters of `[a-z0-9-]`.
        name: String,
        /// The words (each at most 256 bytes, no line breaks).
        words: Vec<String>,
        /// Match ignoring ASCII case.
        #[serde(default)]
        case_insensitive: bool,
    },
}

impl Detector {
    /// The built-in detector of `kind`.
    pub fn builtin(kind: Kind) -> Detector {
        Detector::Builtin { kind }
    }
    /// A custom regex detector.
    pub fn regex(name: impl Into<String>, pattern: impl Into<String>) -> Detector {
        Detector::Regex {
            name: name.into(),
            pattern: pattern.into(),
        }
    }
    /// A custom dictionary detector.
    pub fn dictionary<I, S>(name: impl Into<String>, words: I) -> Detector
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Detector::Dictionary {
            name: name.into(),
            words: words.into_iter().map(Into::into).collect(),
            case_insensitive: false,
        }
    }
    /// The kind of what this detector finds.
    pub fn kind(&self) -> Kind {
        match self {
            Detector::Builtin { kind } => kind.clone(),
            Detector::Regex { name, .. } | Detector::Dictionary { name, .. } => {
                Kind::Custom(name.clone())
            }
        }
    }
}

/// A detector paired with an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// What finds the spans.
    pub detector: Detector,
    /// What happens to them.
    pub action: Action,
}

/// How a program reading lines treats them (a policy file may set it; `logscrub
/// --format` overrides it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Format {
    /// Every line is free text (the default).
    #[default]
    Text,
    /// Every line is a JSON event; a line that is not is scrubbed as text.
    Ndjson,
    /// Per line: a JSON object is an event, anything else is text.
    Auto,
}

/// The whole set of rules: plain data, (de)serializable, compiled by
/// [`Scrubber::new`](crate::Scrubber::new) (text) and
/// [`EventScrubber::new`](crate::EventScrubber::new) (structured events), loadable
/// from a versioned policy file ([`Policy::from_path`]; format in `docs/policy.md`).
///
/// [`Policy::default()`] is what users get with no configuration: every built-in
/// detector on (UUIDs only in identifier contexts), IPs truncated to /24 and /48,
/// everything else redacted with its label, no field rules.
///
/// The rules a scrubber runs are [`Policy::effective_rules`]: `rules` and `extra_rules`, without the
/// kinds in `disable`, with the actions of `kinds` set.
///
/// ```
/// use piiscrub::{Kind, Policy};
/// let p = Policy::default();
/// assert_eq!(p.rules.len(), Kind::BUILTIN.len());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// The policy format version; policy files must say `version = 1`. (A value
    /// deserialized without it holds 0, which [`Policy::validate`] rejects.)
    #[serde(default = "missing_version")]
    pub version: u32,
    /// How lines are read by programs that take a format (default `text`).
    pub format: Format,
    /// The rules, in any order; the engine applies them all in one pass. Setting it
    /// replaces the default list (every built-in detector); to add custom detectors to
    /// the defaults, use `extra_rules`.
    pub rules: Vec<Rule>,
    /// Rules added to `rules` (custom regexes and dictionaries next to the defaults).
    pub extra_rules: Vec<Rule>,
    /// The action for a built-in kind, on top of `rules` (its rule is added when
    /// absent): `card = { action = "mask", keep_last = 4 }`.
    pub kinds: BTreeMap<Kind, Action>,
    /// Built-in kinds switched off (removed from `rules`).
    pub disable: Vec<Kind>,
    /// Context word lists (telling keys and phrases).
    pub context: ContextLists,
    /// Find every UUID, not only those in an identifier context.
    pub uuid_everywhere: bool,
    /// Field rules for structured events, tried in order; the first match decides.
    pub fields: Vec<FieldRule>,
    /// Allow-list mode for structured events: fields no rule matches are dropped.
    pub allow_list: bool,
    /// The key pseudonymizing and encrypting rules use unless they name their own.
    pub key: KeyRef,
    /// Per-tenant keys for structured events: the dotted path of the field holding
    /// the tenant id (`tenant.id`). Each event is then keyed with its tenant's key from
    /// the [`KeyProvider`](crate::KeyProvider) given to
    /// [`EventScrubber::with_keys`](crate::EventScrubber::with_keys); a tenant without
    /// a key gets its keyed values redacted and counted (crypto-shredding).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant_field: Option<String>,
    /// Accept `inline:` key material in this policy (default `false`: keys are
    /// referenced, not written into policies).
    pub allow_inline_key: bool,
    /// Limits on structured events.
    pub limits: Limits,
}

fn missing_version() -> u32 {
    0
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            version: 1,
            format: Format::Text,
            rules: Kind::BUILTIN
                .iter()
                .map(|k| Rule {
                    detector: Detector::builtin(k.clone()),
                    action: Action::default_for(k),
                })
                .collect(),
            extra_rules: Vec::new(),
            kinds: BTreeMap::new(),
            disable: Vec::new(),
            context: ContextLists::default(),
            uuid_everywhere: false,
            fields: Vec::new(),
            allow_list: false,
            key: KeyRef::Default,
            tenant_field: None,
            allow_inline_key: false,
            limits: Limits::default(),
        }
    }
}

impl Policy {
    /// The key-aware default: e-mails, phones, UUIDs, MACs and IMEIs become pseudonyms
    /// (plain rendering, kind domains); IPs are truncated; cards, IBANs, SSNs and
    /// secrets are redacted. The policy is plain data: give the key to the builder.
    ///
    /// ```
    /// use piiscrub::{Key, Keyring, Policy, ScrubberBuilder};
    /// let key = Key::from_bytes(&[42u8; 32])?;
    /// let s = ScrubberBuilder::from_policy(Policy::pseudonymizing())
    ///     .keyring(Keyring::new(key))
    ///     .build()?;
    /// let out = s.scrub_str("bob@example.com from 10.1.2.3 card 4111 1111 1111 1111");
    /// assert!(out.starts_with("email_"));
    /// assert!(out.ends_with(" from 10.1.2.0 card [CARD]"));
    /// // Without a key it is an error, never raw output.
    /// assert!(ScrubberBuilder::from_policy(Policy::pseudonymizing()).build().is_err());
    /// # Ok::<(), piiscrub::Error>(())
    /// ```
    pub fn pseudonymizing() -> Policy {
        let mut p = Policy::default();
        for r in &mut p.rules {
            if matches!(
                r.detector.kind(),
                Kind::Email | Kind::Phone | Kind::Uuid | Kind::Mac | Kind::Imei
            ) {
                r.action = Action::pseudonymize();
            }
        }
        p
    }

    /// A policy with no rules (it changes nothing) and the default context lists.
    pub fn empty() -> Policy {
        Policy {
            rules: Vec::new(),
            ..Policy::default()
        }
    }

    /// The rules a scrubber compiles: `rules` and `extra_rules` without the kinds in `disable`, with the
    /// action of each `kinds` entry set (its built-in rule added when absent).
    ///
    /// ```
    /// use piiscrub::{Action, Kind, Policy};
    /// let mut p = Policy::default();
    /// p.disable.push(Kind::Phone);
    /// p.kinds.insert(Kind::Card, Action::mask_last(4));
    /// let rules = p.effective_rules();
    /// assert!(!rules.iter().any(|r| r.detector.kind() == Kind::Phone));
    /// assert!(rules.iter().any(|r| r.detector.kind() == Kind::Card && r.action == Action::mask_last(4)));
    /// ```
    pub fn effective_rules(&self) -> Vec<Rule> {
        let mut rules: Vec<Rule> = self
            .rules
            .iter()
            .chain(&self.extra_rules)
            .filter(|r| !self.disable.contains(&r.detector.kind()))
            .cloned()
            .collect();
        for (kind, action) in &self.kinds {
            match rules.iter_mut().find(|r| &r.detector.kind() == kind) {
                Some(r) => r.action = action.clone(),
                None => rules.push(Rule {
                    detector: Detector::builtin(kind.clone()),
                    action: action.clone(),
                }),
            }
        }
        rules
    }
}
