//! Feature-gated adaptors, each on top of the [`EventScrubber`](crate::EventScrubber).

#[cfg(feature = "opentelemetry")]
pub mod otel;
