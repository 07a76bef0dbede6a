//! # piiscrub
//!
//! Removes or transforms personal data in logs, telemetry and metadata *before* it
//! reaches analytics: e-mails, IP addresses, payment cards, phones, IBANs, SSNs, MACs,
//! device ids, IMEIs and secrets, in one pass over the bytes.
//!
//! ## Quickstart
//!
//! ```
//! use piiscrub::Scrubber;
//!
//! let scrubber = Scrubber::default(); // every detector; IPs truncated, the rest redacted
//! let line = "user=alice@example.com ip=198.51.100.23 card=4111-1111-1111-1111";
//! assert_eq!(
//!     scrubber.scrub_str(line),
//!     "user=[EMAIL] ip=198.51.100.0 card=[CARD]"
//! );
//! ```
//!
//! ## Which API do I use?
//!
//! | you have | call |
//! |---|---|
//! | a `&str` | [`Scrubber::scrub_str`] (borrows when nothing changed) |
//! | bytes, maybe not UTF-8 | [`Scrubber::scrub_bytes`] |
//! | a hot loop with a reusable buffer | [`Scrubber::scrub_into`] |
//! | audit counts | [`Scrubber::scrub_str_counted`] with [`Findings`] |
//! | "where is the personal data?" (CI gates, explain) | [`Scrubber::find`] → [`Finding`]; [`Scrubber::find_stream`] over a reader, bounded memory |
//! | a `Read` → `Write` stream, any line length, bounded memory | [`Scrubber::scrub_stream`] |
//! | a reader to scrub as you read | [`ScrubReader`] (`Read` + `BufRead`) |
//! | a log sink (`tracing-subscriber`, `log`) | [`ScrubWriter`] (`Write`) |
//! | your own mix of rules | [`Scrubber::builder`] / [`ScrubberBuilder`], or a [`Policy`] value |
//! | JSON events, NDJSON streams, field rules | [`EventScrubber`] (`scrub_json`, `scrub_event`, `scrub_ndjson`) |
//! | a policy file (TOML / JSON, `version = 1`) | [`Policy::from_path`], [`Policy::from_toml_str`], [`Policy::from_json_str`] |
//! | HIPAA / GDPR starting points | [`Policy::hipaa_safe_harbor`], [`Policy::gdpr_pseudonymizing`] |
//! | tokio streams (feature `tokio`) | `AsyncScrubReader` / `AsyncScrubWriter` in [`stream`] |
//! | Arrow string columns (feature `arrow`) | `piiscrub::arrow::{scrub, pseudonymize, ip_truncate, ip_encrypt}` |
//! | SQL over a data lake (feature `datafusion`) | `piiscrub::datafusion::register` (`pii_scrub` … UDFs) |
//! | OpenTelemetry logs and spans (feature `opentelemetry`) | `piiscrub::otel::{ScrubLogProcessor, ScrubSpanProcessor}` |
//!
//! ## Composing a policy
//!
//! ```
//! use piiscrub::{Action, Detector, Kind, Scrubber};
//!
//! let scrubber = Scrubber::builder()                  // starts from the default policy
//!     .kind(Kind::Card, Action::mask_last(4))         // cards keep their last 4 digits
//!     .kind(Kind::Ipv4, Action::redact())             // IPv4 addresses vanish entirely
//!     .rule(Detector::dictionary("codename", ["Bluebird"]), Action::redact())
//!     .build()?;
//! assert_eq!(
//!     scrubber.scrub_str("Bluebird paid with 4111 1111 1111 1111 from 10.0.0.7"),
//!     "[CODENAME] paid with **** **** **** 1111 from [IPV4]"
//! );
//! # Ok::<(), piiscrub::Error>(())
//! ```
//!
//! Rules compose at build time; the compiled [`Scrubber`] runs them all as one scan.
//! Overlaps resolve predictably: the leftmost finding wins; at one start position the
//! more covering kind wins (a `key=value` secret over anything in its value, an e-mail
//! over digits in it, an IPv6 over its embedded IPv4). See the README for what every
//! detector matches and does not match.
#![deny(missing_docs)]
#![deny(unsafe_code)]
#![warn(missing_debug_implementations, unreachable_pub)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod action;
mod detect;
mod engines;
mod error;
mod findings;
mod generalize;
mod key;
mod key_ref;
mod kind;
mod policy;
mod policy_file;
mod presets;
#[cfg(feature = "reference")]
mod reference;
mod scan;
mod scrubber;
pub mod stream;
mod structured;
mod trigger;

pub use action::pseudonymize::{canonical_form, pseudonym_token, pseudonymize_value};
pub use detect::ContextLists;
#[cfg(feature = "arrow")]
#[cfg_attr(docsrs, doc(cfg(feature = "arrow")))]
pub use engines::arrow;
#[cfg(feature = "datafusion")]
#[cfg_attr(docsrs, doc(cfg(feature = "datafusion")))]
pub use engines::datafusion;
#[cfg(feature = "opentelemetry")]
#[cfg_attr(docsrs, doc(cfg(feature = "opentelemetry")))]
pub use engines::otel;
pub use error::{Error, ErrorKind};
pub use findings::{Finding, Findings};
pub use generalize::Generalization;
pub use key::{Key, KeyProvider, Keyring, SecretHex, TenantKeys};
pub use key_ref::KeyRef;
pub use kind::Kind;
pub use policy::{Action, Detector, EncryptMode, Format, Policy, Rendering, Rule};
pub use scrubber::{Scrubber, ScrubberBuilder};
#[cfg(feature = "tokio")]
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
pub use stream::{AsyncScrubReader, AsyncScrubWriter};
pub use stream::{ScrubReader, ScrubWriter, MIN_STREAM_BUFFER, STREAM_BUFFER};
pub use structured::{
    EventScrubber, FieldAction, FieldRule, Limits, LineOutcome, NdjsonStats, TimeUnit,
};

// The README's examples are compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

// So are the policy reference's.
#[cfg(doctest)]
#[doc = include_str!("../docs/policy.md")]
struct PolicyDoctests;

// And the compliance guides'.
#[cfg(doctest)]
#[doc = include_str!("../docs/hipaa.md")]
struct HipaaDoctests;

#[cfg(doctest)]
#[doc = include_str!("../docs/gdpr.md")]
struct GdprDoctests;
