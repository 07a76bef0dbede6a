//! OpenTelemetry processors (cargo feature `opentelemetry`): log records and spans are
//! scrubbed by a [`Policy`](crate::Policy) before any exporter sees them.
//!
//! * [`ScrubLogProcessor`] wraps the log processor that exports (`SimpleLogProcessor`,
//!   `BatchLogProcessor` …): bodies and attribute values are scrubbed, attributes are
//!   dropped, redacted, generalized or pseudonymized by key rule, then the record goes on.
//! * [`ScrubSpanProcessor`] wraps the span processor that exports: span names, status
//!   descriptions, and the attributes of spans, events and links likewise.
//!
//! Wrapping (rather than registering a processor beside the exporting one) means the
//! exporter cannot see a record the scrubber has not seen, whatever the registration
//! order.
//!
//! **How the policy applies.** The attributes of a record are the members of one flat
//! event: a field rule's `key_matches` is matched against the attribute key
//! (`enduser\.id`, `password|token`), a path rule names it quoted (`["enduser.id"]`),
//! and every other value is scanned as free text with its key as context, as in
//! structured events (`docs/policy.md`). A map body is an event of its own; any other
//! body is free text. Values keep their type when nothing changes; a value that changes
//! becomes a string (`"[PHONE]"`). Bytes values are scanned as (lossy) UTF-8 text. A
//! value the policy turns into `null` (fail closed) or drops is removed. The resource
//! and the instrumentation scope are not scrubbed (they describe the service, not the
//! user).
//!
//! ```
//! use opentelemetry::logs::{AnyValue, LogRecord as _, Logger as _, LoggerProvider as _};
//! use opentelemetry_sdk::logs::{InMemoryLogExporter, SdkLoggerProvider, SimpleLogProcessor};
//! use piiscrub::otel::ScrubLogProcessor;
//! use piiscrub::{FieldAction, FieldRule, Policy};
//!
//! let mut policy = Policy::default();
//! policy.fields = vec![FieldRule::key_matches("token", FieldAction::Drop)];
//! let exporter = InMemoryLogExporter::default();
//! let scrub = ScrubLogProcessor::new(SimpleLogProcessor::new(exporter.clone()), &policy)?;
//! let provider = SdkLoggerProvider::builder().with_log_processor(scrub).build();
//!
//! let logger = provider.logger("app");
//! let mut record = logger.create_log_record();
//! record.set_body("login by ann@example.com".into());
//! record.add_attribute("client.ip", "203.0.113.77");
//! record.add_attribute("auth.token", "t0k3n");
//! logger.emit(record);
//!
//! let logs = exporter.get_emitted_logs().unwrap();
//! let got = &logs[0].record;
//! assert_eq!(got.body(), Some(&AnyValue::from("login by [EMAIL]")));
//! let attrs: Vec<_> = got.attributes_iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
//! assert_eq!(attrs, [("client.ip", AnyValue::from("203.0.113.0"))]);
//! # Ok::<(), piiscrub::Error>(())
//! ```

mod core;
mod logs;
mod spans;
mod value;

pub use logs::ScrubLogProcessor;
pub use spans::ScrubSpanProcessor;
