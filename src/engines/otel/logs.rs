//! [`ScrubLogProcessor`]: scrubs log records, then hands them to the processor it wraps.

use std::sync::Arc;
use std::time::Duration;

use opentelemetry::logs::{AnyValue, LogRecord as _, Logger as _, LoggerProvider as _};
use opentelemetry::{InstrumentationScope, Key};
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::logs::{LogProcessor, SdkLogRecord, SdkLogger, SdkLoggerProvider};
use opentelemetry_sdk::Resource;

use super::core::{Change, Core};
use super::value::{from_any, to_any};
use crate::{Error, EventScrubber, Keyring, Policy};

/// A scrubbed attribute: its (maybe scrubbed) key and value.
type Attribute = (String, serde_json::Value);

/// A [`LogProcessor`] that scrubs each record's body and attributes by a [`Policy`]
/// and passes it on to `inner` (the processor that exports). See the
/// [module docs](super) for how the policy applies and an example.
pub struct ScrubLogProcessor<P> {
    inner: P,
    core: Core,
    /// Makes empty records: the SDK can add attributes to a record but not remove
    /// them, so a changed record is rebuilt.
    blank: SdkLogger,
}

impl<P> std::fmt::Debug for ScrubLogProcessor<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScrubLogProcessor").finish_non_exhaustive()
    }
}

impl<P: LogProcessor> ScrubLogProcessor<P> {
    /// Compiles `policy` (without keys: a policy that pseudonymizes fails closed).
    pub fn new(inner: P, policy: &Policy) -> Result<Self, Error> {
        Ok(Self::build(inner, Core::new(policy, None)?))
    }

    /// Compiles `policy` with `keyring` for pseudonymizing rules.
    pub fn with_keyring(inner: P, policy: &Policy, keyring: Keyring) -> Result<Self, Error> {
        Ok(Self::build(inner, Core::new(policy, Some(keyring))?))
    }

    /// Uses an event scrubber already compiled (one can serve logs and spans).
    pub fn with_scrubber(inner: P, events: Arc<EventScrubber>) -> Self {
        Self::build(inner, Core::shared(events))
    }

    fn build(inner: P, core: Core) -> Self {
        let blank = SdkLoggerProvider::builder().build().logger("piiscrub");
        ScrubLogProcessor { inner, core, blank }
    }

    /// The scrubbed record, or `None` when nothing changes.
    fn rewrite(&self, r: &SdkLogRecord) -> Option<SdkLogRecord> {
        let body = match r.body() {
            None => Change::Same,
            Some(b) => self.core.body(from_any(b)),
        };
        let attrs: Vec<(&Key, &AnyValue, Change<Attribute>)> = r
            .attributes_iter()
            .map(|(k, v)| (k, v, self.core.attribute(k.as_str(), from_any(v))))
            .collect();
        if matches!(body, Change::Same) && attrs.iter().all(|(_, _, c)| matches!(c, Change::Same)) {
            return None;
        }
        let mut n = self.blank.create_log_record();
        if let Some(name) = r.event_name() {
            n.set_event_name(name);
        }
        if let Some(t) = r.target() {
            n.set_target(t.clone());
        }
        if let Some(t) = r.timestamp() {
            n.set_timestamp(t);
        }
        if let Some(t) = r.observed_timestamp() {
            n.set_observed_timestamp(t);
        }
        if let Some(t) = r.severity_text() {
            n.set_severity_text(t);
        }
        if let Some(s) = r.severity_number() {
            n.set_severity_number(s);
        }
        if let Some(c) = r.trace_context() {
            n.set_trace_context(c.trace_id, c.span_id, c.trace_flags);
        }
        match body {
            Change::Same => {
                if let Some(b) = r.body() {
                    n.set_body(b.clone());
                }
            }
            Change::New(b) => n.set_body(to_any(b)),
            Change::Gone => {}
        }
        for (k, v, c) in attrs {
            match c {
                Change::Same => n.add_attribute(k.clone(), v.clone()),
                Change::New((k, v)) => n.add_attribute(Key::from(k), to_any(v)),
                Change::Gone => {}
            }
        }
        Some(n)
    }
}

impl<P: LogProcessor> LogProcessor for ScrubLogProcessor<P> {
    fn emit(&self, record: &mut SdkLogRecord, scope: &InstrumentationScope) {
        if let Some(scrubbed) = self.rewrite(record) {
            *record = scrubbed;
        }
        self.inner.emit(record, scope);
    }

    fn force_flush(&self) -> OTelSdkResult {
        self.inner.force_flush()
    }

    fn shutdown_with_timeout(&self, timeout: Duration) -> OTelSdkResult {
        self.inner.shutdown_with_timeout(timeout)
    }

    fn set_resource(&mut self, resource: &Resource) {
        self.inner.set_resource(resource);
    }
}
