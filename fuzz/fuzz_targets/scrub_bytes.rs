//! The one-shot API on any bytes (no panic, findings exact, bytes outside findings
//! unchanged, line breaks kept, the APIs agree) and, on delimited inputs, idempotence
//! and no leak. See `tests/support/checks.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use piiscrub_fuzz::{checks, ScrubInput};

fuzz_target!(|input: ScrubInput| {
    match input.0.bytes() {
        (bytes, true) => checks::check_scrub_delimited(&bytes),
        (bytes, false) => checks::check_scrub_bytes(&bytes),
    }
});
