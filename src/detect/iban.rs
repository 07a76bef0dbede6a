//! iban (placeholder: filled in by the detector work).
use super::{DetectOptions, Pattern};
pub(crate) fn patterns(_opts: &DetectOptions) -> Vec<Pattern> {
    Vec::new()
}
