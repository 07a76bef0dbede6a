//! One named test per input the fuzz targets (fuzz/) found failing, as printed by
//! `cargo fuzz fmt` (each target's input `Debug` is the call to paste here). The checks
//! are the fuzz targets' own (tests/support/checks.rs).

mod support;

#[allow(unused_imports)]
use support::checks::{
    check_json, check_policy, check_scrub_bytes, check_scrub_delimited, check_stream,
};

/// Found by `scrub_bytes` (issue 14): on a line longer than the stream window, the piece
/// after a cut was scanned without the bytes before it, so a context-keyed value right
/// after the cut (`imei1=` | `352906112345675`) was left raw by `scrub_bytes` while `find`
/// reported it. Fixed by scanning each piece with up to 512 bytes of look-behind
/// (src/stream/window.rs `BEHIND`).
#[test]
fn long_line_cut_between_context_key_and_value() {
    let input = b"imei1=352906112345675 imei2=990001122334451".repeat(4096);
    check_scrub_bytes(&input);
    check_stream(&input, 40_000, &[1000, 7], &[333, 0, 4096]);
}

/// Found by tests/leaks.rs (issue 14): an e-mail address right before a byte that is not
/// UTF-8 (`alice@example.com\xff`, a truncated multi-byte character) was left raw: the
/// byte was taken into the top-level label, which then failed. Fixed in
/// src/detect/email.rs `domain_len`: such a domain may end right before that byte.
#[test]
fn email_followed_by_invalid_utf8() {
    let s = support::checks::default_scrubber();
    for (input, want) in [
        (&b"alice@example.com\xff"[..], &b"[EMAIL]\xff"[..]),
        (b"mail alice@example.com\xc3 x", b"mail [EMAIL]\xc3 x"),
        (
            b"{\"a\": \"alice@example.com\xff\"}",
            b"{\"a\": \"[EMAIL]\xff\"}",
        ),
        (b"alice@exa\xffmple.com", b"[EMAIL]"),
    ] {
        assert_eq!(&s.scrub_bytes(input)[..], want);
        check_scrub_delimited(input);
    }
}
