//! The structured API (`scrub_event`, `scrub_ndjson_line`, `scrub_json`) on any bytes
//! and on generated events: no panic, valid JSON out when valid JSON in, and no
//! default-detector finding left in any string of a generated event. See
//! `tests/support/checks.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use piiscrub_fuzz::{checks, JsonInput};

fuzz_target!(|input: JsonInput| {
    let (bytes, no_leak) = input.bytes();
    checks::check_json(bytes, no_leak);
});
