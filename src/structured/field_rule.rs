//! [`FieldRule`]: a field selector (a path or a key-name pattern) paired with a
//! [`FieldAction`].

use serde::{Deserialize, Serialize};

use crate::FieldAction;

/// A rule for the fields of structured events: which fields (by `path` or by
/// `key_matches`, exactly one of them) and what happens to their values.
///
/// Rules are tried in policy order at every field; the first that matches decides.
///
/// ```
/// use piiscrub::{FieldAction, FieldRule};
/// let by_path = FieldRule::path("client.ip", FieldAction::Truncate { v4_prefix: 24, v6_prefix: 48 });
/// let by_key = FieldRule::key_matches("password|secret|token", FieldAction::Drop);
/// assert_eq!(by_key.key_matches.as_deref(), Some("password|secret|token"));
/// # let _ = by_path;
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct FieldRule {
    /// A path selector: `user.email`, `items[*].owner`, `*.ip`, `**.password`,
    /// `["key.with.dots"]` (see `docs/policy.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// A regex searched in every object key (JSON-unescaped), ASCII case-insensitive:
    /// `password|secret|token` matches `user_password` and `X-Auth-Token`. Anchor it
    /// (`^token$`) to match whole keys only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_matches: Option<String>,
    /// What happens to the matched field's value.
    pub action: FieldAction,
}

impl FieldRule {
    /// A rule for the fields a path selector matches.
    pub fn path(path: impl Into<String>, action: FieldAction) -> FieldRule {
        FieldRule {
            path: Some(path.into()),
            key_matches: None,
            action,
        }
    }

    /// A rule for every field whose key the regex finds a match in.
    pub fn key_matches(pattern: impl Into<String>, action: FieldAction) -> FieldRule {
        FieldRule {
            path: None,
            key_matches: Some(pattern.into()),
            action,
        }
    }
}
