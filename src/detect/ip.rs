//! IPv4 and IPv6 addresses (placeholder).
use super::{DetectOptions, Pattern};
pub(crate) fn patterns_v4(_opts: &DetectOptions) -> Vec<Pattern> {
    Vec::new()
}
pub(crate) fn patterns_v6(_opts: &DetectOptions) -> Vec<Pattern> {
    Vec::new()
}
