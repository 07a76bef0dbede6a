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

#[test]
fn key_lists_too_big_for_the_trigger_dfa_still_find_everything() {
    // Thousands of secret keys make a trigger DFA past its size limit: the engine then
    // searches the secret group whole (slower, same findings).
    let mut lists = piiscrub::ContextLists::default();
    lists
        .secret_keys
        .extend((0..3000).map(|i| format!("k{}z{}q{}", i * 7919 % 10007, i, i % 13)));
    let s = ScrubberBuilder::new().context(lists).build().unwrap();
    let out = s.scrub_str("user=bob password=hunter2hunter2 k7919z1q1=opensesame ip 10.1.2.3");
    assert!(!out.contains("hunter2"), "{out}");
    assert!(!out.contains("opensesame"), "{out}");
    assert!(out.contains("10.1.2.0"), "{out}");
}
