//! Arrow kernels (feature `arrow`): the scrubber over whole string columns.
//!
//! Every kernel takes a `Utf8` ([`StringArray`](arrow_array::StringArray)), `LargeUtf8`
//! ([`LargeStringArray`](arrow_array::LargeStringArray)) or `Utf8View`
//! ([`StringViewArray`](arrow_array::StringViewArray)) array and returns an array of the
//! same type and length:
//!
//! * nulls stay null;
//! * a value that does not change is appended as the borrowed `&str` (no allocation for
//!   it), and a column in which nothing changes is returned as it is, without a copy;
//! * the values are exactly what the rest of the crate writes: [`scrub`] equals
//!   [`Scrubber::scrub_str`](crate::Scrubber::scrub_str) row by row, [`pseudonymize`]
//!   writes spec-v1 tokens (`{domain}_{token}`) over the kind's
//!   [`canonical_form`](crate::canonical_form), as a `Pseudonymize` rule of that kind does.
//!
//! ```
//! use std::sync::Arc;
//! use arrow_array::{Array, ArrayRef, StringArray};
//! use piiscrub::{arrow, Scrubber};
//!
//! let scrubber = Scrubber::default();
//! let messages: ArrayRef = Arc::new(StringArray::from(vec![
//!     Some("login by alice@example.com"),
//!     None,
//!     Some("all quiet"),
//! ]));
//! let out = arrow::scrub(&scrubber, &messages)?;
//! let out = out.as_any().downcast_ref::<StringArray>().unwrap();
//! assert_eq!(out.value(0), "login by [EMAIL]");
//! assert!(out.is_null(1));
//! assert_eq!(out.value(2), "all quiet");
//!
//! let ips: ArrayRef = Arc::new(StringArray::from(vec!["198.51.100.23", "2001:db8:85a3::7", "-"]));
//! let out = arrow::ip_truncate(&ips, 24, 48)?;
//! let out = out.as_any().downcast_ref::<StringArray>().unwrap();
//! assert_eq!(out.value(0), "198.51.100.0");
//! assert_eq!(out.value(1), "2001:db8:85a3::");
//! assert!(out.is_null(2)); // not an address: never passed through
//! # Ok::<(), piiscrub::Error>(())
//! ```

mod column;
mod kernels;

pub use kernels::{ip_encrypt, ip_truncate, pseudonymize, scrub, scrub_counted};
