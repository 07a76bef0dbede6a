//! Feature-gated adaptors, each on top of the [`Scrubber`](crate::Scrubber) or the
//! [`EventScrubber`](crate::EventScrubber): Arrow kernels, DataFusion UDFs, OpenTelemetry
//! processors. The tokio adaptors live in [`crate::stream`], beside the blocking ones,
//! because they drive the same window state machine.

#[cfg(feature = "arrow")]
pub mod arrow;
#[cfg(feature = "datafusion")]
pub mod datafusion;
#[cfg(feature = "opentelemetry")]
pub mod otel;
