//! [`Limits`]: how deep and how large a structured event may be.

use serde::{Deserialize, Serialize};

/// Limits on structured events. An event over a limit is an error in
/// [`EventScrubber::scrub_event`](crate::EventScrubber::scrub_event) and
/// [`EventScrubber::scrub_json`](crate::EventScrubber::scrub_json); an NDJSON line over
/// a limit is scrubbed as text.
///
/// ```
/// use piiscrub::Limits;
/// let l = Limits::default();
/// assert_eq!((l.max_depth, l.max_event_bytes), (128, 1 << 20));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Limits {
    /// Deepest nesting of objects and arrays (1 to [`Limits::MAX_DEPTH`], default 128).
    pub max_depth: usize,
    /// Largest event in bytes (default 1 MiB).
    pub max_event_bytes: usize,
}

impl Limits {
    /// The highest `max_depth` a policy may set (the walkers recurse once per level).
    pub const MAX_DEPTH: usize = 512;
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 128,
            max_event_bytes: 1 << 20,
        }
    }
}
