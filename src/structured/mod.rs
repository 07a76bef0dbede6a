//! Structured events: JSON values and NDJSON streams scrubbed field by field.
//!
//! An [`EventScrubber`] is a [`Policy`] compiled for events: the policy's
//! [`FieldRule`](crate::FieldRule)s (by path or key name) decide what happens to each
//! field; every other string, number and object key is scanned as free text (after
//! JSON unescaping) by the policy's [`Scrubber`].
//!
//! * [`EventScrubber::scrub_json`]: a `serde_json::Value` the caller holds;
//! * [`EventScrubber::scrub_event`]: one JSON text, rewritten **byte-preserving**;
//! * [`EventScrubber::scrub_ndjson_line`] / [`EventScrubber::scrub_ndjson`]: NDJSON,
//!   where a line that is not a JSON event is scrubbed as text, never passed raw.
//!
//! Files: `selector` (path syntax), `field_rule` and `field_action` (the policy data),
//! `rules` (compiled rules), `typed` (IP / bucket / time actions), `text` (free-text
//! scanning with the key as context), `tokenizer` and `rewriter` (bytes), `value`
//! (`serde_json::Value`), `ndjson` (lines), `limits`.

mod field_action;
mod field_rule;
mod keyed;
mod keys;
mod limits;
mod ndjson;
mod rewriter;
pub(crate) mod rules;
mod selector;
mod text;
pub(crate) mod tokenizer;
mod typed;
#[cfg(feature = "json")]
mod value;

pub use field_action::{FieldAction, TimeUnit};
pub use field_rule::FieldRule;
pub use limits::Limits;
pub use ndjson::{LineOutcome, NdjsonStats};

use std::sync::Arc;

use crate::error::Error;
use crate::{Action, Findings, KeyProvider, KeyRef, Keyring, Policy, Scrubber};
use keyed::KeySlot;
use keys::{EventKeys, TenantPath};
use rules::FieldRules;
use tokenizer::JsonError;

/// A [`Policy`] compiled for structured events: immutable, `Send + Sync`.
///
/// ```
/// use piiscrub::{EventScrubber, FieldAction, FieldRule, Policy};
///
/// let mut policy = Policy::default();
/// policy.fields = vec![
///     FieldRule::path("client.ip", FieldAction::Truncate { v4_prefix: 16, v6_prefix: 48 }),
///     FieldRule::key_matches("password|secret|token", FieldAction::Drop),
/// ];
/// let events = EventScrubber::new(&policy)?;
/// let line = br#"{"client": {"ip": "203.0.113.77"}, "token": "abc", "msg": "hi bob@example.com"}"#;
/// let mut out = Vec::new();
/// events.scrub_event(line, &mut out, &mut Default::default())?;
/// assert_eq!(out, br#"{"client": {"ip": "203.0.0.0"}, "msg": "hi [EMAIL]"}"#);
/// # Ok::<(), piiscrub::Error>(())
/// ```
#[derive(Debug)]
pub struct EventScrubber {
    text: Scrubber,
    rules: FieldRules,
    limits: Limits,
    keys: EventKeys,
}

impl EventScrubber {
    /// Compiles a policy without keys: its detectors (as [`Scrubber::new`] does), its
    /// field rules, its allow-list and its limits. Fails when the policy cannot be
    /// honoured, including a policy that pseudonymizes or encrypts with the program's
    /// key (`key = "default"`): use [`with_keyring`](Self::with_keyring) for those.
    pub fn new(policy: &Policy) -> Result<EventScrubber, Error> {
        EventScrubber::with_keys(policy, None, None)
    }

    /// Compiles a policy whose `default` key is the active key of `keyring` (the key a
    /// program was given: `logscrub --key-file` / `PIISCRUB_KEY`). Field rules and text
    /// rules that pseudonymize or encrypt use it unless the policy names another key
    /// (`key = "env:NAME"`, `"file:PATH"`, or `"inline:…"` with `allow_inline_key`).
    ///
    /// ```
    /// use piiscrub::{EventScrubber, FieldAction, FieldRule, Key, Keyring, Policy};
    /// let mut policy = Policy::default();
    /// let user = || FieldAction::Pseudonymize { domain: "user".into(), key: None, lowercase: false };
    /// policy.fields = vec![FieldRule::path("user.id", user()), FieldRule::path("owner", user())];
    /// // Without a key it fails closed.
    /// assert!(EventScrubber::new(&policy).unwrap_err().to_string().contains("needs a key"));
    /// let ring = Keyring::new(Key::from_bytes(&[7u8; 32])?);
    /// let events = EventScrubber::with_keyring(&policy, ring)?;
    /// let out = events.scrub_event_str(r#"{"user": {"id": "u-1842"}, "owner": "u-1842"}"#)?;
    /// let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    /// // Same domain, same value: the same, joinable token.
    /// assert_eq!(v["user"]["id"], v["owner"]);
    /// assert!(v["owner"].as_str().unwrap().starts_with("user_"));
    /// # Ok::<(), piiscrub::Error>(())
    /// ```
    pub fn with_keyring(policy: &Policy, keyring: Keyring) -> Result<EventScrubber, Error> {
        EventScrubber::with_keys(policy, Some(keyring), None)
    }

    /// Compiles a policy with a keyring (the `default` key) and/or a per-tenant
    /// [`KeyProvider`]. With `tenant_field` set in the policy, each event's key is the
    /// provider's key for the value of that field: an event whose tenant is missing or
    /// has no key gets its keyed values redacted (`[REDACTED]` in fields, the kind's
    /// label in free text) and counted in [`Findings::missing_key`], never raw.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use piiscrub::{EventScrubber, FieldAction, FieldRule, Findings, Key, Policy, TenantKeys};
    /// let mut policy = Policy::default();
    /// policy.tenant_field = Some("tenant".into());
    /// policy.fields = vec![FieldRule::path(
    ///     "user",
    ///     FieldAction::Pseudonymize { domain: "user".into(), key: None, lowercase: false },
    /// )];
    /// let mut tenants = TenantKeys::default();
    /// tenants.insert("acme", Key::from_bytes(&[1u8; 32])?);
    /// let events = EventScrubber::with_keys(&policy, None, Some(Arc::new(tenants)))?;
    /// let mut counts = Findings::default();
    /// let mut out = Vec::new();
    /// events.scrub_event(br#"{"tenant":"acme","user":"ann"}"#, &mut out, &mut counts)?;
    /// assert!(String::from_utf8(out).unwrap().contains(r#""user":"user_"#));
    /// let mut out = Vec::new();
    /// events.scrub_event(br#"{"tenant":"gone","user":"ann"}"#, &mut out, &mut counts)?;
    /// assert_eq!(out, br#"{"tenant":"gone","user":"[REDACTED]"}"#);
    /// assert_eq!(counts.missing_key(), 1);
    /// # Ok::<(), piiscrub::Error>(())
    /// ```
    pub fn with_keys(
        policy: &Policy,
        keyring: Option<Keyring>,
        provider: Option<Arc<dyn KeyProvider>>,
    ) -> Result<EventScrubber, Error> {
        check_limits(&policy.limits).map_err(|(field, e)| e.at(field))?;
        if policy.allow_list && policy.fields.is_empty() {
            return Err(Error::policy(
                "allow_list: an allow-list with no field rules would drop every field",
            ));
        }
        let allow_inline = policy.allow_inline_key;
        let tenant = match &policy.tenant_field {
            None => None,
            Some(field) => {
                check_tenant_field(field, &policy.key).map_err(|e| e.at("tenant_field"))?;
                let path = TenantPath::parse(field).map_err(|e| e.at("tenant_field"))?;
                let p = provider.clone().ok_or_else(|| {
                    Error::policy("per-tenant keys need a key provider (EventScrubber::with_keys)")
                        .at("tenant_field")
                })?;
                Some((path, p))
            }
        };
        // The policy's key, resolved only when something uses it (an unset variable
        // named by a policy that never pseudonymizes is no error).
        let ring = if tenant.is_none() && policy_key_used(policy) {
            match keys::resolve(&policy.key, allow_inline).map_err(|e| e.at("key"))? {
                Some(k) => Some(Keyring::new(k)),
                None => keyring,
            }
        } else {
            None
        };
        let default = ring.as_ref().map(|r| Arc::clone(r.active()));
        let has_event_key = default.is_some() || tenant.is_some();
        let mut slot = |action: &str, r: Option<&KeyRef>| -> Result<KeySlot, Error> {
            match keys::resolve(r.unwrap_or(&KeyRef::Default), allow_inline)? {
                Some(k) => Ok(KeySlot::Fixed(Arc::new(k))),
                None if has_event_key => Ok(KeySlot::Event),
                None => Err(Error::policy(format!(
                    "`{action}` needs a key: build with EventScrubber::with_keyring \
                     (logscrub: --key-file or PIISCRUB_KEY), or name one with `key`"
                ))),
            }
        };
        let rules = FieldRules::new(&policy.fields, policy.allow_list, &mut slot)?;
        let text_provider = tenant.as_ref().map(|t| Arc::clone(&t.1));
        let text = Scrubber::with_keys(policy, ring, text_provider)?;
        Ok(EventScrubber {
            text,
            rules,
            limits: policy.limits,
            keys: EventKeys { default, tenant },
        })
    }

    /// The text scrubber used for free text (and for NDJSON lines that are not JSON).
    pub fn scrubber(&self) -> &Scrubber {
        &self.text
    }

    /// The limits in force.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Scrubs one JSON text (an event; whitespace around it allowed) into `out`,
    /// byte-preserving: only changed strings and numbers, and dropped fields with their
    /// commas, differ from the input. Adds free-text findings to `counts`.
    ///
    /// Fails (leaving `out` as it was) when `json` is not valid JSON or is over a
    /// [`Limits`] bound; the error gives the byte offset, never the content.
    pub fn scrub_event(
        &self,
        json: &[u8],
        out: &mut Vec<u8>,
        counts: &mut Findings,
    ) -> Result<(), Error> {
        if json.len() > self.limits.max_event_bytes {
            return Err(Error::json(format!(
                "event of {} bytes is over the limit of {} bytes",
                json.len(),
                self.limits.max_event_bytes
            )));
        }
        let start = out.len();
        let mut local = Findings::default();
        let key = self.keys.for_json(json, self.limits.max_depth);
        let r = rewriter::Rewriter::run(
            json,
            out,
            &self.rules,
            &self.text,
            key.as_deref(),
            &mut local,
            self.limits.max_depth,
        );
        match r {
            Ok(()) => {
                counts.merge(&local);
                Ok(())
            }
            Err(e) => {
                out.truncate(start);
                Err(json_error(e, self.limits.max_depth))
            }
        }
    }

    /// [`scrub_event`](Self::scrub_event) for text, returning the scrubbed event.
    ///
    /// ```
    /// use piiscrub::{EventScrubber, Policy};
    /// let events = EventScrubber::new(&Policy::default())?;
    /// // `\u0040` is an `@`: the address is found after unescaping.
    /// assert_eq!(
    ///     events.scrub_event_str(r#"{ "to" : "bob\u0040example.com", "n": 1.50 }"#)?,
    ///     r#"{ "to" : "[EMAIL]", "n": 1.50 }"#
    /// );
    /// # Ok::<(), piiscrub::Error>(())
    /// ```
    pub fn scrub_event_str(&self, json: &str) -> Result<String, Error> {
        let mut out = Vec::with_capacity(json.len());
        self.scrub_event(json.as_bytes(), &mut out, &mut Findings::default())?;
        // The input is UTF-8 and every replacement is UTF-8.
        Ok(String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
    }

    /// Scrubs a `serde_json::Value` in place with the same rules as
    /// [`scrub_event`](Self::scrub_event). A changed number becomes a string
    /// (`"[CARD]"`); dropped members and elements are removed.
    ///
    /// Fails when the value nests deeper than [`Limits::max_depth`]; the value is then
    /// replaced by `null`, so nothing unscrubbed remains. Values of any depth (a
    /// caller-built value can nest deeper than any parser allows) are taken apart
    /// without recursion: no stack overflow.
    ///
    /// ```
    /// use piiscrub::{EventScrubber, FieldAction, FieldRule, Policy};
    /// let mut policy = Policy::default();
    /// policy.fields = vec![FieldRule::path("age", FieldAction::Bucket { width: 10.0 })];
    /// let events = EventScrubber::new(&policy)?;
    /// let mut v = serde_json::json!({"age": 37, "card": 4111111111111111u64});
    /// events.scrub_json(&mut v)?;
    /// assert_eq!(v, serde_json::json!({"age": 30, "card": "[CARD]"}));
    /// # Ok::<(), piiscrub::Error>(())
    /// ```
    #[cfg(feature = "json")]
    #[cfg_attr(docsrs, doc(cfg(feature = "json")))]
    pub fn scrub_json(&self, value: &mut serde_json::Value) -> Result<(), Error> {
        self.scrub_json_counted(value, &mut Findings::default())
    }

    /// [`scrub_json`](Self::scrub_json), adding free-text findings to `counts`.
    #[cfg(feature = "json")]
    #[cfg_attr(docsrs, doc(cfg(feature = "json")))]
    pub fn scrub_json_counted(
        &self,
        value: &mut serde_json::Value,
        counts: &mut Findings,
    ) -> Result<(), Error> {
        let mut local = Findings::default();
        let key = self.keys.for_value(value);
        let mut w = value::Walker {
            rules: &self.rules,
            text: &self.text,
            key: key.as_deref(),
            counts: &mut local,
            max_depth: self.limits.max_depth,
            states: Vec::new(),
            ctx: Vec::new(),
            buf: Vec::new(),
        };
        match w.run(value) {
            Ok(()) => {
                counts.merge(&local);
                Ok(())
            }
            Err(value::TooDeep) => {
                value::drop_flat(std::mem::take(value));
                Err(too_deep(self.limits.max_depth, None))
            }
        }
    }
}

/// Whether anything uses the policy's own key: a text rule that pseudonymizes or
/// encrypts with a derived key, or a keyed field rule that names no other key.
fn policy_key_used(policy: &Policy) -> bool {
    let text = policy.effective_rules().iter().any(|r| {
        matches!(
            r.action,
            Action::Pseudonymize { .. } | Action::Encrypt { key: None, .. }
        )
    });
    let fields = policy.fields.iter().any(|f| {
        matches!(
            &f.action,
            FieldAction::Pseudonymize {
                key: None | Some(KeyRef::Default),
                ..
            } | FieldAction::Encrypt {
                key: None | Some(KeyRef::Default),
                ..
            }
        )
    });
    text || fields
}

/// Checks a policy's `tenant_field` (the path, and that no policy key contradicts it).
pub(crate) fn check_tenant_field(field: &str, key: &KeyRef) -> Result<(), Error> {
    TenantPath::parse(field)?;
    if *key != KeyRef::Default {
        return Err(Error::policy(
            "per-tenant keys stand in for the policy's key: remove `key`",
        ));
    }
    Ok(())
}

/// Checks limits; the error comes with the field it is about.
pub(crate) fn check_limits(l: &Limits) -> Result<(), (&'static str, Error)> {
    if l.max_depth == 0 || l.max_depth > Limits::MAX_DEPTH {
        return Err((
            "limits.max_depth",
            Error::policy(format!("must be 1 to {}", Limits::MAX_DEPTH)),
        ));
    }
    if l.max_event_bytes < 2 {
        return Err((
            "limits.max_event_bytes",
            Error::policy("must be at least 2"),
        ));
    }
    Ok(())
}

fn too_deep(max: usize, at: Option<usize>) -> Error {
    match at {
        Some(at) => Error::json(format!(
            "JSON nested deeper than {max} levels (at byte {at})"
        )),
        None => Error::json(format!("JSON nested deeper than {max} levels")),
    }
}

fn json_error(e: JsonError, max_depth: usize) -> Error {
    match e {
        JsonError::Syntax(at) => Error::json(format!("not valid JSON at byte {at}")),
        JsonError::Depth(at) => too_deep(max_depth, Some(at)),
    }
}
