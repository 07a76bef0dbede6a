//! UUIDs and IMEIs (placeholder).
use super::{DetectOptions, Pattern};
pub(crate) fn patterns_uuid(_opts: &DetectOptions) -> Vec<Pattern> {
    Vec::new()
}
pub(crate) fn patterns_imei(_opts: &DetectOptions) -> Vec<Pattern> {
    Vec::new()
}
