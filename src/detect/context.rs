//! [`ContextLists`]: the key names and phrases that make a bare value personal data.
//!
//! They are data, not code: the defaults live in `src/detect/lists/*.txt` (one entry a
//! line, `#` comments) and every list can be replaced or extended in a policy.

use serde::{Deserialize, Serialize};

use super::trie::{self, Atoms};

/// Key names and phrases that give a bare value its meaning.
///
/// Matching is ASCII case-insensitive. A *key* list entry matches a key name that
/// contains it as a word part (`phone` matches `user_phone`, `phoneNumber`,
/// `X-Phone`); a *phrase* matches with single spaces between its words.
///
/// Cost: the lists become part of the engine's trigger DFA, built when the scrubber
/// is built (~0.5 s for the defaults, once per process; scrubbers with the same lists
/// share it). A few hundred extra entries make it too large: the scrubber then builds
/// at once and finds the same things, but searches the keyed kinds over every byte
/// (about half the speed).
///
/// ```
/// use piiscrub::ContextLists;
/// let lists = ContextLists::default();
/// assert!(lists.phone_keys.iter().any(|k| k == "msisdn"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ContextLists {
    /// Keys whose bare digit values are phone numbers (`phone`, `tel`, `msisdn` …).
    pub phone_keys: Vec<String>,
    /// Phrases after which a bare digit run is a phone number (`sms to`, `call from` …).
    pub phone_phrases: Vec<String>,
    /// Keys or words after which 9 bare digits are an SSN (`ssn`, `social security` …).
    pub ssn_keys: Vec<String>,
    /// Keys whose UUID values identify a device, user or account (`device_id`, `idfa` …).
    pub uuid_keys: Vec<String>,
    /// Keys or words after which 15 Luhn-valid digits are an IMEI.
    pub imei_keys: Vec<String>,
    /// Keys whose values are secrets in `key=value`, `key: value` and JSON-ish text.
    pub secret_keys: Vec<String>,
    /// URL query parameters whose values are secrets (`code`, `access_token` …).
    pub secret_url_params: Vec<String>,
}

fn list(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

impl Default for ContextLists {
    fn default() -> Self {
        ContextLists {
            phone_keys: list(include_str!("lists/phone_keys.txt")),
            phone_phrases: list(include_str!("lists/phone_phrases.txt")),
            ssn_keys: list(include_str!("lists/ssn_keys.txt")),
            uuid_keys: list(include_str!("lists/uuid_keys.txt")),
            imei_keys: list(include_str!("lists/imei_keys.txt")),
            secret_keys: list(include_str!("lists/secret_keys.txt")),
            secret_url_params: list(include_str!("lists/secret_url_params.txt")),
        }
    }
}

/// A word list as one alternation (written as a prefix tree, see `trie`), each word
/// escaped, a space matching one to three spaces or tabs.
pub(crate) fn alternation(words: &[String]) -> String {
    let mut sorted: Vec<&String> = words.iter().filter(|w| !w.is_empty()).collect();
    // Longer words first, so an alternation prefers `access_token` over `token`.
    sorted.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let parts: Vec<Atoms> = sorted
        .iter()
        .map(|w| trie::atoms(w, |c| (c == ' ').then_some("[ \\t]{1,3}")))
        .collect();
    // A list emptied by the policy: a pattern that can never match.
    trie::alternation(&parts).unwrap_or_else(|| "[^\\x00-\\xFF]".to_owned())
}
