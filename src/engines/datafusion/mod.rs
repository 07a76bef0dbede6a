//! DataFusion scalar UDFs (feature `datafusion`): anonymize tables with SQL, on one
//! machine or on a distributed DataFusion deployment (Ballista).
//!
//! | SQL | does | kernel |
//! |---|---|---|
//! | `pii_scrub(text)` | every finding of the scrubber's policy, as [`Scrubber::scrub_str`] | [`arrow::scrub`](crate::arrow::scrub) |
//! | `pii_pseudonymize(kind, value [, domain])` | spec-v1 pseudonym `{domain}_{token}` of the whole value, canonical form by `kind` (`'email'`, `'ipv4'`, `'phone'` …; another name is a custom kind: exact bytes) | [`arrow::pseudonymize`](crate::arrow::pseudonymize) |
//! | `ip_truncate(ip [, v4_prefix, v6_prefix])` | network prefix (default /24 and /48); not an address → `NULL` | [`arrow::ip_truncate`](crate::arrow::ip_truncate) |
//! | `ip_encrypt(ip [, mode])` | ipcrypt, `'deterministic'` (default) or `'pfx'`; not an address → `NULL` | [`arrow::ip_encrypt`](crate::arrow::ip_encrypt) |
//!
//! Every function takes and returns `Utf8`, `LargeUtf8` or `Utf8View` (the argument's
//! type), keeps `NULL`s, and copies nothing that does not change. `kind`, `domain`,
//! the prefixes and `mode` are constants. The keyed functions use the active key of the
//! keyring given to [`register`]; without one they fail at planning time, never
//! returning raw values.
//!
//! ```
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! use std::sync::Arc;
//! use datafusion::arrow::array::{RecordBatch, StringArray};
//! use datafusion::prelude::SessionContext;
//! use piiscrub::{Key, Keyring, Scrubber};
//!
//! let ctx = SessionContext::new();
//! let keyring = Keyring::new(Key::from_bytes(&[7u8; 32])?);
//! piiscrub::datafusion::register(&ctx, Arc::new(Scrubber::default()), Some(keyring));
//!
//! let batch = RecordBatch::try_from_iter([
//!     ("message", Arc::new(StringArray::from(vec!["login by bob@example.com"])) as _),
//!     ("client_ip", Arc::new(StringArray::from(vec!["198.51.100.23"])) as _),
//! ]).unwrap();
//! ctx.register_batch("logs", batch).unwrap();
//! let out = ctx
//!     .sql("SELECT pii_scrub(message) AS m, ip_truncate(client_ip) AS ip, \
//!           pii_pseudonymize('email', 'Bob@Example.com', 'user') AS u FROM logs")
//!     .await.unwrap()
//!     .collect().await.unwrap();
//! let col = |i: usize| out[0].column(i).as_any().downcast_ref::<StringArray>().unwrap().value(0).to_owned();
//! assert_eq!(col(0), "login by [EMAIL]");
//! assert_eq!(col(1), "198.51.100.0");
//! assert!(col(2).starts_with("user_"));
//! # Ok::<(), piiscrub::Error>(())
//! # }).unwrap();
//! ```
//!
//! Distributed DataFusion (Ballista) runs the same UDFs unchanged: see `docs/datafusion.md`
//! for how to register them on the scheduler and the executors ([`udfs`]).

mod args;
mod ip;
mod pseudonymize;
mod scrub;

use std::sync::Arc;

use datafusion::logical_expr::ScalarUDF;
use datafusion::prelude::SessionContext;

use crate::{Keyring, Scrubber};

pub use ip::{IpEncryptUdf, IpTruncateUdf};
pub use pseudonymize::PseudonymizeUdf;
pub use scrub::ScrubUdf;

/// The four UDFs (`pii_scrub`, `pii_pseudonymize`, `ip_truncate`, `ip_encrypt`) over
/// `scrubber` and the active key of `keyring` (or, with `None`, of the scrubber's own
/// keyring), ready for a `SessionStateBuilder::with_scalar_functions` or a function
/// registry of a distributed deployment.
pub fn udfs(scrubber: Arc<Scrubber>, keyring: Option<Keyring>) -> Vec<Arc<ScalarUDF>> {
    let key = keyring
        .as_ref()
        .or(scrubber.keyring())
        .map(|k| Arc::clone(k.active()));
    vec![
        Arc::new(ScalarUDF::from(ScrubUdf::new(Arc::clone(&scrubber)))),
        Arc::new(ScalarUDF::from(PseudonymizeUdf::new(key.clone()))),
        Arc::new(ScalarUDF::from(IpTruncateUdf::new())),
        Arc::new(ScalarUDF::from(IpEncryptUdf::new(key))),
    ]
}

/// Registers the four UDFs of [`udfs`] on `ctx` in one call.
pub fn register(ctx: &SessionContext, scrubber: Arc<Scrubber>, keyring: Option<Keyring>) {
    for udf in udfs(scrubber, keyring) {
        ctx.register_udf(ScalarUDF::clone(&udf));
    }
}
