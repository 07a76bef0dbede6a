//! Named policies a team can cite in a review: plain [`Policy`](crate::Policy) values
//! (no code on the hot path), built from the same rules a policy file can hold.
//!
//! * [`Policy::hipaa_safe_harbor`](crate::Policy::hipaa_safe_harbor): the 18 identifiers
//!   of 45 CFR 164.514(b)(2), see `docs/hipaa.md`;
//! * [`Policy::gdpr_pseudonymizing`](crate::Policy::gdpr_pseudonymizing) and
//!   [`Policy::gdpr_pseudonymize`](crate::Policy::gdpr_pseudonymize): keyed pseudonyms
//!   for direct identifiers, see `docs/gdpr.md`.

mod gdpr;
mod hipaa;
mod keys;
