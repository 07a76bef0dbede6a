//! What both processors share: a compiled policy and the rules for one attribute.

use std::sync::Arc;

use serde_json::{Map, Value};

use crate::{Error, EventScrubber, Keyring, Policy};

/// The outcome for one value.
#[derive(Debug)]
pub(super) enum Change<T> {
    /// Unchanged: keep the original (and its type).
    Same,
    /// Replaced.
    New(T),
    /// Removed (dropped by a rule, or `null` after a fail-closed action).
    Gone,
}

/// A policy compiled for events, shared by reference.
#[derive(Debug, Clone)]
pub(super) struct Core {
    events: Arc<EventScrubber>,
}

impl Core {
    pub(super) fn new(policy: &Policy, keyring: Option<Keyring>) -> Result<Core, Error> {
        let events = match keyring {
            Some(ring) => EventScrubber::with_keyring(policy, ring)?,
            None => EventScrubber::new(policy)?,
        };
        Ok(Core::shared(Arc::new(events)))
    }

    pub(super) fn shared(events: Arc<EventScrubber>) -> Core {
        Core { events }
    }

    /// Free text (span names, status descriptions).
    pub(super) fn text(&self, s: &str) -> Change<String> {
        match self.events.scrubber().scrub_str(s) {
            std::borrow::Cow::Borrowed(_) => Change::Same,
            std::borrow::Cow::Owned(o) => Change::New(o),
        }
    }

    /// One attribute, as the only member of an event: field rules see its key. The
    /// key may change too (it is scanned as text, like every object key).
    pub(super) fn attribute(&self, key: &str, value: Value) -> Change<(String, Value)> {
        let original = value.clone();
        let mut event = Value::Object(Map::from_iter([(key.to_owned(), value)]));
        if self.events.scrub_json(&mut event).is_err() {
            return Change::Gone;
        }
        let Value::Object(map) = event else {
            return Change::Gone;
        };
        match map.into_iter().next() {
            None => Change::Gone,
            Some((_, Value::Null)) if !original.is_null() => Change::Gone,
            Some((k, v)) if k == key && v == original => Change::Same,
            Some((k, v)) => Change::New((k, v)),
        }
    }

    /// A body: a map is an event, anything else free text.
    pub(super) fn body(&self, value: Value) -> Change<Value> {
        let original = value.clone();
        let mut v = value;
        if self.events.scrub_json(&mut v).is_err() {
            return Change::Gone;
        }
        match v {
            Value::Null if !original.is_null() => Change::Gone,
            v if v == original => Change::Same,
            v => Change::New(v),
        }
    }
}
