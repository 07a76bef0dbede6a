//! Building blocks of the presets: telling-key regexes for text rules and key-name
//! field rules.

use crate::{Action, Detector, FieldAction, FieldRule, Rule};

/// A key followed by its separator: `zip=`, `zip: `, `"zip": "`, `zip 94107`.
const SEP: &str = r#"["']?(?:[ \t]{1,3}|[ \t]{0,3}[=:#][ \t]{0,3})["']?"#;

/// A text rule named `name` that finds `value` after one of `keys` (a regex
/// alternation; matched ASCII case-insensitively at a word start). The span holds
/// the key and the value: redactions replace both, generalizations keep the key.
pub(super) fn after_key(name: &str, keys: &str, value: &str, action: Action) -> Rule {
    Rule {
        detector: Detector::regex(name, format!(r"(?i)\b(?:{keys}){SEP}(?:{value})")),
        action,
    }
}

/// A field rule for every key the regex finds a match in.
pub(super) fn field(keys: &str, action: FieldAction) -> FieldRule {
    FieldRule::key_matches(keys, action)
}

/// `[LABEL]` redaction of a whole field value.
pub(super) fn redact(label: &str) -> FieldAction {
    FieldAction::Redact {
        label: Some(format!("[{label}]")),
    }
}

/// A key regex that matches whole keys, or dotted/underscored key ends
/// (`phone`, `patient.phone`, `home_phone`).
pub(super) fn key_end(words: &str) -> String {
    format!(r"(?:^|[._-])(?:{words})$")
}
