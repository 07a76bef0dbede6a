//! [`ScrubSpanProcessor`]: scrubs finished spans, then hands them to the processor it
//! wraps.

use std::borrow::Cow;
use std::sync::Arc;
use std::time::Duration;

use opentelemetry::trace::Status;
use opentelemetry::{Context, Key, KeyValue};
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{Span, SpanData, SpanProcessor};
use opentelemetry_sdk::Resource;

use super::core::{Change, Core};
use super::value::{from_otel, to_otel};
use crate::{Error, EventScrubber, Keyring, Policy};

/// A [`SpanProcessor`] that scrubs each finished span (name, status description, and
/// the attributes of the span, its events and its links) by a [`Policy`] and passes it
/// on to `inner` (the processor that exports). See the [module docs](super).
///
/// ```
/// use opentelemetry::trace::{Span as _, Tracer as _, TracerProvider as _};
/// use opentelemetry::KeyValue;
/// use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider, SimpleSpanProcessor};
/// use piiscrub::otel::ScrubSpanProcessor;
/// use piiscrub::Policy;
///
/// let exporter = InMemorySpanExporter::default();
/// let scrub = ScrubSpanProcessor::new(SimpleSpanProcessor::new(exporter.clone()), &Policy::default())?;
/// let provider = SdkTracerProvider::builder().with_span_processor(scrub).build();
/// let mut span = provider.tracer("app").start("GET /users/bob@example.com");
/// span.set_attribute(KeyValue::new("client.ip", "203.0.113.77"));
/// span.end();
///
/// let spans = exporter.get_finished_spans().unwrap();
/// assert_eq!(spans[0].name, "GET /users/[EMAIL]");
/// assert_eq!(spans[0].attributes, [KeyValue::new("client.ip", "203.0.113.0")]);
/// # Ok::<(), piiscrub::Error>(())
/// ```
pub struct ScrubSpanProcessor<P> {
    inner: P,
    core: Core,
}

impl<P> std::fmt::Debug for ScrubSpanProcessor<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScrubSpanProcessor").finish_non_exhaustive()
    }
}

impl<P: SpanProcessor> ScrubSpanProcessor<P> {
    /// Compiles `policy` (without keys: a policy that pseudonymizes fails closed).
    pub fn new(inner: P, policy: &Policy) -> Result<Self, Error> {
        Ok(ScrubSpanProcessor {
            inner,
            core: Core::new(policy, None)?,
        })
    }

    /// Compiles `policy` with `keyring` for pseudonymizing rules.
    pub fn with_keyring(inner: P, policy: &Policy, keyring: Keyring) -> Result<Self, Error> {
        Ok(ScrubSpanProcessor {
            inner,
            core: Core::new(policy, Some(keyring))?,
        })
    }

    /// Uses an event scrubber already compiled (one can serve logs and spans).
    pub fn with_scrubber(inner: P, events: Arc<EventScrubber>) -> Self {
        ScrubSpanProcessor {
            inner,
            core: Core::shared(events),
        }
    }

    fn text(&self, s: &mut Cow<'static, str>) {
        if let Change::New(t) = self.core.text(s) {
            *s = Cow::Owned(t);
        }
    }

    fn attributes(&self, attrs: &mut Vec<KeyValue>) {
        let old = std::mem::take(attrs);
        for kv in old {
            match self.core.attribute(kv.key.as_str(), from_otel(&kv.value)) {
                Change::Same => attrs.push(kv),
                Change::New((k, v)) => attrs.push(KeyValue::new(Key::from(k), to_otel(v))),
                Change::Gone => {}
            }
        }
    }

    fn scrub(&self, span: &mut SpanData) {
        self.text(&mut span.name);
        self.attributes(&mut span.attributes);
        for e in &mut span.events.events {
            self.text(&mut e.name);
            self.attributes(&mut e.attributes);
        }
        for l in &mut span.links.links {
            self.attributes(&mut l.attributes);
        }
        if let Status::Error { description } = &mut span.status {
            self.text(description);
        }
    }
}

impl<P: SpanProcessor> SpanProcessor for ScrubSpanProcessor<P> {
    fn on_start(&self, span: &mut Span, cx: &Context) {
        self.inner.on_start(span, cx);
    }

    fn on_end(&self, mut span: SpanData) {
        self.scrub(&mut span);
        self.inner.on_end(span);
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
