use piiscrub::{Action, Detector, ScrubberBuilder};

#[test]
fn custom_regex_and_fallback_at_same_start() {
    // Two custom patterns starting at the same byte: the first (by policy order) wins.
    let s = ScrubberBuilder::empty()
        .rule(Detector::regex("aaa", "ab[0-9]{1,3}"), Action::redact())
        .rule(Detector::dictionary("bbb", ["abc"]), Action::redact())
        .build()
        .unwrap();
    assert_eq!(s.scrub_str("x ab12 abc y"), "x [AAA] [BBB] y");
    assert!(ScrubberBuilder::empty()
        .rule(Detector::regex("bad", "a+"), Action::redact())
        .build()
        .is_err());
}
