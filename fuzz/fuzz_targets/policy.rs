//! Policy text (TOML or JSON): an error or a scrubber, never a panic; a scrubber that
//! builds scrubs a fixed sample without panicking. See `tests/support/checks.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use piiscrub_fuzz::{checks, PolicyInput};

fuzz_target!(|input: PolicyInput| {
    checks::check_policy(&input.text, input.json);
});
