//! The OpenTelemetry processors (feature `opentelemetry`): records exported through the
//! SDK's in-memory exporters come out scrubbed by the policy.

use std::collections::HashMap;

use opentelemetry::logs::{AnyValue, LogRecord as _, Logger as _, LoggerProvider as _, Severity};
use opentelemetry::trace::{Span as _, Status, Tracer as _, TracerProvider as _};
use opentelemetry::{Key, KeyValue};
use opentelemetry_sdk::logs::{
    InMemoryLogExporter, SdkLogRecord, SdkLoggerProvider, SimpleLogProcessor,
};
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider, SimpleSpanProcessor};
use piiscrub::otel::{ScrubLogProcessor, ScrubSpanProcessor};
use piiscrub::{FieldAction, FieldRule, Key as SecretKey, Keyring, Policy};

fn policy() -> Policy {
    Policy {
        fields: vec![
            FieldRule::key_matches("token|password", FieldAction::Drop),
            FieldRule::key_matches(
                r"^enduser\.id$",
                FieldAction::Pseudonymize {
                    domain: "user".into(),
                    key: None,
                    lowercase: false,
                },
            ),
        ],
        ..Policy::default()
    }
}

fn strings(items: &[&'static str]) -> opentelemetry::Value {
    let v: Vec<opentelemetry::StringValue> = items.iter().map(|s| (*s).into()).collect();
    opentelemetry::Value::Array(opentelemetry::Array::String(v))
}

fn ring() -> Keyring {
    Keyring::new(SecretKey::from_bytes(&[5u8; 32]).unwrap())
}

fn attrs(r: &SdkLogRecord) -> HashMap<String, AnyValue> {
    r.attributes_iter()
        .map(|(k, v)| (k.as_str().to_owned(), v.clone()))
        .collect()
}

fn log_once(build: impl FnOnce(&mut SdkLogRecord)) -> SdkLogRecord {
    let exporter = InMemoryLogExporter::default();
    let scrub = ScrubLogProcessor::with_keyring(
        SimpleLogProcessor::new(exporter.clone()),
        &policy(),
        ring(),
    )
    .unwrap();
    let provider = SdkLoggerProvider::builder()
        .with_log_processor(scrub)
        .build();
    let logger = provider.logger("test");
    let mut record = logger.create_log_record();
    build(&mut record);
    logger.emit(record);
    let mut logs = exporter.get_emitted_logs().unwrap();
    assert_eq!(logs.len(), 1);
    logs.remove(0).record
}

#[test]
fn log_bodies_and_attributes_are_scrubbed() {
    let got = log_once(|r| {
        r.set_severity_number(Severity::Warn);
        r.set_severity_text("WARN");
        r.set_body("reset for ann@example.com from 198.51.100.23".into());
        r.add_attribute("client.ip", "203.0.113.77");
        r.add_attribute("auth.token", "t0k3n");
        r.add_attribute("enduser.id", "u-1842");
        r.add_attribute("phone", 4155550132i64);
        r.add_attribute("retries", 3i64);
        r.add_attribute(
            "tags",
            AnyValue::ListAny(Box::new(vec!["ok".into(), "bob@example.org".into()])),
        );
    });
    assert_eq!(got.severity_number(), Some(Severity::Warn));
    assert_eq!(got.severity_text(), Some("WARN"));
    assert_eq!(
        got.body(),
        Some(&AnyValue::from("reset for [EMAIL] from 198.51.100.0"))
    );
    let a = attrs(&got);
    assert_eq!(a["client.ip"], AnyValue::from("203.0.113.0"));
    assert!(!a.contains_key("auth.token"));
    let AnyValue::String(user) = &a["enduser.id"] else {
        panic!("{:?}", a["enduser.id"])
    };
    assert!(user.as_str().starts_with("user_"), "{user}");
    assert_eq!(a["phone"], AnyValue::from("[PHONE]"));
    // Unchanged values keep their type.
    assert_eq!(a["retries"], AnyValue::Int(3));
    assert_eq!(
        a["tags"],
        AnyValue::ListAny(Box::new(vec!["ok".into(), "[EMAIL]".into()]))
    );
}

#[test]
fn map_bodies_are_events() {
    let got = log_once(|r| {
        let mut m = HashMap::new();
        m.insert(Key::from("password"), AnyValue::from("hunter2"));
        m.insert(Key::from("msg"), AnyValue::from("call +1 415 555 0132"));
        r.set_body(AnyValue::Map(Box::new(m)));
    });
    let Some(AnyValue::Map(m)) = got.body() else {
        panic!("{:?}", got.body())
    };
    assert!(!m.contains_key(&Key::from("password")));
    assert_eq!(m[&Key::from("msg")], AnyValue::from("call [PHONE]"));
}

#[test]
fn clean_records_pass_untouched() {
    let got = log_once(|r| {
        r.set_body("all quiet".into());
        r.add_attribute("retries", 3i64);
        r.add_attribute("blob", AnyValue::Bytes(Box::new(vec![0xff, 0x00])));
    });
    assert_eq!(got.body(), Some(&AnyValue::from("all quiet")));
    let a = attrs(&got);
    assert_eq!(a["blob"], AnyValue::Bytes(Box::new(vec![0xff, 0x00])));
    assert_eq!(a.len(), 2);
}

#[test]
fn keyed_policies_fail_closed_without_a_key() {
    let exporter = InMemoryLogExporter::default();
    assert!(ScrubLogProcessor::new(SimpleLogProcessor::new(exporter), &policy()).is_err());
    let spans = InMemorySpanExporter::default();
    assert!(ScrubSpanProcessor::new(SimpleSpanProcessor::new(spans), &policy()).is_err());
}

#[test]
fn spans_are_scrubbed() {
    let exporter = InMemorySpanExporter::default();
    let scrub = ScrubSpanProcessor::with_keyring(
        SimpleSpanProcessor::new(exporter.clone()),
        &policy(),
        ring(),
    )
    .unwrap();
    let provider = SdkTracerProvider::builder()
        .with_span_processor(scrub)
        .build();
    let mut span = provider.tracer("test").start("GET /users/ann@example.com");
    span.set_attribute(KeyValue::new("client.ip", "203.0.113.77"));
    span.set_attribute(KeyValue::new("password", "hunter2"));
    span.set_attribute(KeyValue::new("enduser.id", "u-1842"));
    span.set_attribute(KeyValue::new("http.status_code", 200i64));
    span.set_attribute(KeyValue::new("peers", strings(&["10.0.0.7", "db"])));
    span.add_event("mail sent", vec![KeyValue::new("to", "bob@example.org")]);
    span.set_status(Status::error("no user bob@example.org"));
    span.end();

    let spans = exporter.get_finished_spans().unwrap();
    let s = &spans[0];
    assert_eq!(s.name, "GET /users/[EMAIL]");
    let a: HashMap<&str, &opentelemetry::Value> = s
        .attributes
        .iter()
        .map(|kv| (kv.key.as_str(), &kv.value))
        .collect();
    assert_eq!(a["client.ip"], &opentelemetry::Value::from("203.0.113.0"));
    assert!(!a.contains_key("password"));
    assert!(a["enduser.id"].as_str().starts_with("user_"));
    assert_eq!(a["http.status_code"], &opentelemetry::Value::I64(200));
    assert_eq!(a["peers"], &strings(&["10.0.0.0", "db"]));
    assert_eq!(
        s.events.events[0].attributes,
        [KeyValue::new("to", "[EMAIL]")]
    );
    assert_eq!(s.status, Status::error("no user [EMAIL]"));

    // One compiled policy can serve both processors, and the same user joins.
    let user = a["enduser.id"].as_str().into_owned();
    let got = log_once(|r| r.add_attribute("enduser.id", "u-1842"));
    assert_eq!(attrs(&got)["enduser.id"], AnyValue::from(user));
}
