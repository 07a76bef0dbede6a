//! The streaming surfaces with arbitrary buffers, read sizes and write splits give the
//! one-shot output, byte for byte, and the same counts. See `tests/support/checks.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use piiscrub_fuzz::{checks, StreamInput};

fuzz_target!(|input: StreamInput| {
    let (bytes, _) = input.text.bytes();
    checks::check_stream(&bytes, input.cap, &input.reads, &input.writes);
});
