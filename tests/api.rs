//! The Scrubber API contract: borrowing, counting, builder composition, fail-closed
//! policy errors, thread safety.

use std::borrow::Cow;

use piiscrub::{Action, Detector, ErrorKind, Findings, Kind, Policy, Scrubber, ScrubberBuilder};

#[test]
fn scrubber_is_send_sync_and_borrows_unchanged_input() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Scrubber>();
    let s = Scrubber::default();
    assert!(matches!(
        s.scrub_str("nothing here, 12:34:56"),
        Cow::Borrowed(_)
    ));
    assert!(matches!(
        s.scrub_bytes(b"\xff\xfe not utf-8"),
        Cow::Borrowed(_)
    ));
}

#[test]
fn default_policy_compiles_and_covers_every_builtin_kind() {
    let p = Policy::default();
    for k in Kind::BUILTIN.iter() {
        assert!(
            p.rules.iter().any(|r| &r.detector.kind() == k),
            "{k} missing"
        );
    }
    Scrubber::new(&p).unwrap();
}

#[test]
fn policy_errors_fail_closed_and_name_the_rule() {
    let cases: Vec<(ScrubberBuilder, &str)> = vec![
        (
            Scrubber::builder().kind(Kind::Email, Action::truncate()),
            "email",
        ),
        (
            Scrubber::builder().rule(Detector::regex("order", "ORD-[0-9]+"), Action::redact()),
            "order",
        ),
        (
            Scrubber::builder().rule(Detector::regex("empty-ok", "x?"), Action::redact()),
            "empty",
        ),
        (
            Scrubber::builder().rule(Detector::regex("nl", "a[^b]"), Action::redact()),
            "line break",
        ),
        (
            Scrubber::builder().rule(Detector::regex("Bad_Name", "abc"), Action::redact()),
            "Bad_Name",
        ),
        (
            Scrubber::builder().rule(Detector::regex("email", "abc"), Action::redact()),
            "built-in",
        ),
        (
            Scrubber::builder().rule(Detector::builtin(Kind::Email), Action::Keep),
            "two rules",
        ),
        (
            Scrubber::builder().rule(Detector::regex("bad-regex", "(abc"), Action::redact()),
            "bad-regex",
        ),
        (
            Scrubber::builder().kind(
                Kind::Ipv4,
                Action::Truncate {
                    v4_prefix: 33,
                    v6_prefix: 48,
                },
            ),
            "32",
        ),
        (
            Scrubber::builder().rule(
                Detector::dictionary("words", Vec::<String>::new()),
                Action::redact(),
            ),
            "no words",
        ),
    ];
    for (builder, needle) in cases {
        let err = builder.build().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Policy);
        assert!(err.to_string().contains(needle), "{err} lacks {needle}");
    }
}

#[test]
fn a_label_that_would_be_found_again_is_rejected() {
    let err = ScrubberBuilder::empty()
        .rule(
            Detector::dictionary("name", ["Bob"]),
            Action::redact_with("Bob"),
        )
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("label"), "{err}");
}

#[test]
fn dictionary_and_regex_rules_compose_in_one_scrubber() {
    let s = ScrubberBuilder::empty()
        .rule(
            Detector::Dictionary {
                name: "project".into(),
                words: vec!["Bluebird".into(), "Nightjar".into()],
                case_insensitive: true,
            },
            Action::redact(),
        )
        .rule(
            Detector::regex("ticket", r"\bTCK-[0-9]{4}\b"),
            Action::Remove,
        )
        .build()
        .unwrap();
    assert_eq!(
        s.scrub_str("BLUEBIRD and nightjar TCK-1234."),
        "[PROJECT] and [PROJECT] ."
    );
    // Word boundaries: no match inside a longer word.
    assert_eq!(s.scrub_str("Bluebirds"), "Bluebirds");
    let mut counts = Findings::default();
    s.scrub_str_counted("bluebird TCK-0001", &mut counts);
    assert_eq!(counts.get(&Kind::Custom("project".into())), 1);
    assert_eq!(counts.get(&Kind::Custom("ticket".into())), 1);
    assert_eq!(counts.total(), 2);
}

#[test]
fn a_custom_match_never_hides_a_pem_begin_marker() {
    // The custom match ends inside the marker's dashes: the block is still found whole
    // (the default secrets are in the policy too), so no body line shows.
    let s = Scrubber::builder()
        .rule(Detector::regex("build", r"BLD[0-9]{4}--"), Action::redact())
        .build()
        .unwrap();
    let input =
        "v BLD1234-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq\n-----END PRIVATE KEY----- ok";
    let out = s.scrub_str(input);
    assert!(!out.contains("MIIEvQIBADANBgkq"), "{out}");
    assert_eq!(out, "v [BUILD][SECRET]\n[SECRET]\n[SECRET] ok");
}

#[test]
fn keep_reports_without_changing() {
    let s = ScrubberBuilder::empty()
        .rule(Detector::regex("ticket", r"TCK-[0-9]{4}"), Action::Keep)
        .build()
        .unwrap();
    assert!(matches!(s.scrub_str("TCK-1234"), Cow::Borrowed(_)));
    assert_eq!(s.find("a TCK-1234")[0].range, 2..10);
}

#[test]
fn findings_merge_and_iterate() {
    let mut a = Findings::default();
    a.add(&Kind::Email, 2);
    let mut b = Findings::default();
    b.add(&Kind::Custom("x".into()), 1);
    b.add(&Kind::Email, 1);
    a.merge(&b);
    let v: Vec<_> = a.iter().collect();
    assert_eq!(v, vec![(Kind::Email, 3), (Kind::Custom("x".into()), 1)]);
}

#[test]
fn policy_round_trips_through_serde() {
    let p = Policy::default();
    let json = serde_json::to_string(&p).unwrap();
    let back: Policy = serde_json::from_str(&json).unwrap();
    assert_eq!(p, back);
    let toml_text = toml::to_string(&p).unwrap();
    let back: Policy = toml::from_str(&toml_text).unwrap();
    assert_eq!(p, back);
}
