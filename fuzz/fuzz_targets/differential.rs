//! The engine against the reference engine (each pattern alone, anchored at every
//! byte): the same findings and the same output under the default policy, every UUID,
//! IPs redacted and user rules. See `check_engines_agree` in `tests/support/checks.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use piiscrub_fuzz::{checks, DiffInput};

fuzz_target!(|input: DiffInput| {
    checks::check_engines_agree(&input.bytes(), false);
});
