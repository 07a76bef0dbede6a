//! OpenTelemetry logs and spans scrubbed before the exporter sees them; the stdout
//! exporter prints what would leave the service.
//!
//! ```text
//! cargo run --example otel_stdout --features opentelemetry
//! ```

use opentelemetry::logs::{LogRecord as _, Logger as _, LoggerProvider as _, Severity};
use opentelemetry::trace::{Span as _, Tracer as _, TracerProvider as _};
use opentelemetry::KeyValue;
use opentelemetry_sdk::logs::{SdkLoggerProvider, SimpleLogProcessor};
use opentelemetry_sdk::trace::{SdkTracerProvider, SimpleSpanProcessor};
use piiscrub::otel::{ScrubLogProcessor, ScrubSpanProcessor};
use piiscrub::Policy;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // One policy for both signals: here the HIPAA Safe Harbor preset.
    let policy = Policy::hipaa_safe_harbor();

    let logs = SdkLoggerProvider::builder()
        .with_log_processor(ScrubLogProcessor::new(
            SimpleLogProcessor::new(opentelemetry_stdout::LogExporter::default()),
            &policy,
        )?)
        .build();
    let logger = logs.logger("clinic-portal");
    let mut record = logger.create_log_record();
    record.set_severity_number(Severity::Info);
    record.set_body(
        "patient Jane Roe (dob=1957-03-14, zip=03601) signed in from 203.0.113.77".into(),
    );
    record.add_attribute("enduser.id", "u-1842");
    record.add_attribute("patient.age", 93);
    record.add_attribute(
        "http.url",
        "https://portal.example.org/patients/4711?visit=9",
    );
    logger.emit(record);

    let traces = SdkTracerProvider::builder()
        .with_span_processor(ScrubSpanProcessor::new(
            SimpleSpanProcessor::new(opentelemetry_stdout::SpanExporter::default()),
            &policy,
        )?)
        .build();
    let mut span = traces.tracer("clinic-portal").start("GET /patients/4711");
    span.set_attribute(KeyValue::new("user.email", "jane.roe@example.com"));
    span.set_attribute(KeyValue::new("client.address", "203.0.113.77"));
    span.add_event("sms sent", vec![KeyValue::new("phone", "415-555-0132")]);
    span.end();

    logs.shutdown()?;
    traces.shutdown()?;
    Ok(())
}
