//! [`Policy`], [`Rule`], [`Detector`] and [`Action`]: what to find and what to do with it,
//! as plain data.

use serde::{Deserialize, Serialize};

use crate::detect::ContextLists;
use crate::Kind;

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
    /// Delete the span.
    Remove,
    /// Leave the span as it is (it is still reported as a finding).
    Keep,
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

/// The whole set of rules: plain data, (de)serializable, compiled by
/// [`Scrubber::new`](crate::Scrubber::new).
///
/// [`Policy::default()`] is what users get with no configuration: every built-in
/// detector on (UUIDs only in identifier contexts), IPs truncated to /24 and /48,
/// everything else redacted with its label.
///
/// ```
/// use piiscrub::{Kind, Policy};
/// let p = Policy::default();
/// assert_eq!(p.rules.len(), Kind::BUILTIN.len());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// The rules, in any order; the engine applies them all in one pass.
    pub rules: Vec<Rule>,
    /// Context word lists (telling keys and phrases).
    pub context: ContextLists,
    /// Find every UUID, not only those in an identifier context.
    pub uuid_everywhere: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            rules: Kind::BUILTIN
                .iter()
                .map(|k| Rule {
                    detector: Detector::builtin(k.clone()),
                    action: Action::default_for(k),
                })
                .collect(),
            context: ContextLists::default(),
            uuid_everywhere: false,
        }
    }
}

impl Policy {
    /// A policy with no rules (it changes nothing) and the default context lists.
    pub fn empty() -> Policy {
        Policy {
            rules: Vec::new(),
            ..Policy::default()
        }
    }
}
