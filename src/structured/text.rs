//! Free-text scanning of one JSON scalar (already unescaped), with its key as context.

use crate::{Findings, Key, Scrubber};

/// Keys longer than this are not given as context (telling keys are short).
const MAX_CONTEXT_KEY: usize = 128;

/// Scans `value` as free text and appends the scrubbed text to `out` (always the whole
/// value); returns whether anything changed. With a key, the scanner sees `key: value`,
/// so a bare value under a telling key (`"phone": "5551234567"`, `"password": "…"`)
/// is found; only the value part is ever rewritten. `secret` is the event's key for
/// keyed actions (`None`: keyed spans are redacted and counted).
pub(crate) fn scan_value(
    scrubber: &Scrubber,
    secret: Option<&Key>,
    key: Option<&[u8]>,
    value: &[u8],
    ctx: &mut Vec<u8>,
    out: &mut Vec<u8>,
    counts: &mut Findings,
) -> bool {
    match key {
        Some(k) if k.len() <= MAX_CONTEXT_KEY && !k.contains(&b'\n') && !k.is_empty() => {
            ctx.clear();
            ctx.extend_from_slice(k);
            ctx.extend_from_slice(b": ");
            let plen = ctx.len();
            ctx.extend_from_slice(value);
            scrubber.scrub_value_in_context(ctx, plen, secret, out, counts)
        }
        _ => scrubber.scrub_into_with_key(value, secret, out, counts),
    }
}
