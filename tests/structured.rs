//! Structured events: byte preservation, path and key rules, typed actions, allow-list,
//! unescaping, invalid NDJSON lines, deep nesting, limits, and `Value` ≡ bytes.

// One field set at a time reads better in tests than a struct literal each.
#![allow(clippy::field_reassign_with_default)]

use piiscrub::{
    ErrorKind, EventScrubber, FieldAction, FieldRule, Findings, Kind, LineOutcome, Policy, TimeUnit,
};
use serde_json::{json, Value};

fn events(fields: Vec<FieldRule>) -> EventScrubber {
    let mut p = Policy::default();
    p.fields = fields;
    EventScrubber::new(&p).unwrap()
}

fn run(ev: &EventScrubber, input: &str) -> String {
    ev.scrub_event_str(input).unwrap()
}

/// The byte rewriter and the `Value` walker agree, and the output is valid JSON.
fn agree(ev: &EventScrubber, input: &str) -> String {
    let out = run(ev, input);
    let parsed: Value = serde_json::from_str(&out).expect("output is valid JSON");
    let mut v: Value = serde_json::from_str(input).unwrap();
    ev.scrub_json(&mut v).unwrap();
    assert_eq!(parsed, v, "bytes and Value disagree on {input}");
    out
}

#[test]
fn unchanged_events_are_byte_identical() {
    let ev = events(vec![]);
    let inputs = [
        r#"{"b":1,"a":2}"#,
        "{ \"n\" : 1.50e+02 ,\t\"s\":\"caf\\u00e9 \\n \\/\" , \"l\":[ true,false,null ] }",
        r#"[1, -0, 0.0, 12345678901234567890123456789012345678901234567890]"#,
        r#""just a string""#,
        "  {}  ",
    ];
    for input in inputs {
        assert_eq!(run(&ev, input), input);
    }
}

#[test]
fn only_changed_strings_are_rewritten() {
    let ev = events(vec![]);
    let input =
        "{ \"z\":1.0,  \"mail\" : \"bob@example.com\",\"esc\":\"\\u00e9\", \"ip\":\"10.1.2.3\" }";
    assert_eq!(
        agree(&ev, input),
        "{ \"z\":1.0,  \"mail\" : \"[EMAIL]\",\"esc\":\"\\u00e9\", \"ip\":\"10.1.2.0\" }"
    );
}

#[test]
fn strings_are_scanned_after_unescaping() {
    let ev = events(vec![]);
    assert_eq!(
        agree(&ev, r#"{"to":"bob\u0040example.com"}"#),
        r#"{"to":"[EMAIL]"}"#
    );
    // A changed string is re-escaped minimally and stays valid JSON.
    assert_eq!(
        agree(&ev, r#"{"m":"\"bob@example.com\"\n\u00e9"}"#),
        r#"{"m":"\"[EMAIL]\"\né"}"#
    );
}

#[test]
fn keys_are_scanned_and_give_context() {
    let ev = events(vec![]);
    assert_eq!(agree(&ev, r#"{"alice@example.com":1}"#), r#"{"[EMAIL]":1}"#);
    // A bare value under a telling key is found as it is in `key: value` text.
    let out = agree(&ev, r#"{"password":"hunter2 is my secret","n":"x"}"#);
    assert_eq!(out, r#"{"password":"[SECRET]","n":"x"}"#);
    let out = agree(
        &ev,
        r#"{"device_id":"6f1c2a4e-8d3b-4c9a-9e2f-1a2b3c4d5e6f"}"#,
    );
    assert_eq!(out, r#"{"device_id":"[UUID]"}"#);
}

#[test]
fn numbers_that_look_like_personal_data_are_caught() {
    let ev = events(vec![]);
    assert_eq!(
        agree(&ev, r#"{"pan":4111111111111111,"count":42}"#),
        r#"{"pan":"[CARD]","count":42}"#
    );
    assert_eq!(
        agree(&ev, r#"{"phone":15551234567}"#),
        r#"{"phone":"[PHONE]"}"#
    );
}

#[test]
fn path_rules() {
    let ev = events(vec![
        FieldRule::path("user.email", FieldAction::Redact { label: None }),
        FieldRule::path(
            "client.ip",
            FieldAction::Truncate {
                v4_prefix: 16,
                v6_prefix: 32,
            },
        ),
        FieldRule::path("items[*].owner", FieldAction::Drop),
        FieldRule::path("*.note", FieldAction::Keep),
        FieldRule::path("**.password", FieldAction::Drop),
    ]);
    let input = r#"{"user":{"email":"x","name":"Al"},"client":{"ip":"203.0.113.77"},"items":[{"owner":"a","id":1},{"id":2,"owner":"b"}],"meta":{"note":"bob@example.com"},"a":{"b":[{"password":"p"}]},"password":"q"}"#;
    assert_eq!(
        agree(&ev, input),
        r#"{"user":{"email":"[REDACTED]","name":"Al"},"client":{"ip":"203.0.0.0"},"items":[{"id":1},{"id":2}],"meta":{"note":"bob@example.com"},"a":{"b":[{}]}}"#
    );
}

#[test]
fn first_matching_rule_wins() {
    let ev = events(vec![
        FieldRule::path("auth.token_count", FieldAction::Keep),
        FieldRule::key_matches("token", FieldAction::Drop),
    ]);
    assert_eq!(
        agree(
            &ev,
            r#"{"auth":{"token_count":3,"token":"t","x_token":"u"}}"#
        ),
        r#"{"auth":{"token_count":3}}"#
    );
}

#[test]
fn key_rules_match_case_insensitively_anywhere() {
    let ev = events(vec![
        FieldRule::key_matches(
            "password|secret|token|authorization|cookie",
            FieldAction::Redact { label: None },
        ),
        FieldRule::key_matches("^debug$", FieldAction::Drop),
    ]);
    let input = r#"{"headers":{"Authorization":"Basic abc","Set-Cookie":"s=1","Accept":"*/*"},"debug":{"x":1},"debug_level":2,"list":[{"SECRET":{"deep":1}}]}"#;
    assert_eq!(
        agree(&ev, input),
        r#"{"headers":{"Authorization":"[REDACTED]","Set-Cookie":"[REDACTED]","Accept":"*/*"},"debug_level":2,"list":[{"SECRET":"[REDACTED]"}]}"#
    );
}

#[test]
fn dropped_members_leave_with_their_commas() {
    let ev = events(vec![FieldRule::key_matches("^x", FieldAction::Drop)]);
    let cases = [
        (r#"{"x1":1, "a":2, "x2":3}"#, r#"{ "a":2}"#),
        (r#"{"a":1 , "x":2 , "b":3}"#, r#"{"a":1 , "b":3}"#),
        (r#"{ "x":1 }"#, r#"{ }"#),
        ("{\n  \"a\": 1,\n  \"x\": 2\n}", "{\n  \"a\": 1\n}"),
    ];
    for (input, want) in cases {
        assert_eq!(agree(&ev, input), want, "{input}");
    }
    let ev = events(vec![FieldRule::path("[1]", FieldAction::Drop)]);
    assert_eq!(agree(&ev, "[0, 1, 2]"), "[0, 2]");
    let ev = events(vec![FieldRule::path("[0]", FieldAction::Drop)]);
    assert_eq!(agree(&ev, "[0, 1, 2]"), "[ 1, 2]");
}

#[test]
fn typed_actions() {
    let ev = events(vec![
        FieldRule::path("age", FieldAction::Bucket { width: 10.0 }),
        FieldRule::path("price", FieldAction::Bucket { width: 5.0 }),
        FieldRule::path("ts", FieldAction::TruncateTime { to: TimeUnit::Hour }),
        FieldRule::path("day", FieldAction::TruncateTime { to: TimeUnit::Day }),
        FieldRule::path("epoch_ms", FieldAction::TruncateTime { to: TimeUnit::Day }),
        FieldRule::path(
            "ips",
            FieldAction::Truncate {
                v4_prefix: 24,
                v6_prefix: 48,
            },
        ),
        FieldRule::path("bad_age", FieldAction::Bucket { width: 10.0 }),
    ]);
    let input = r#"{"age":37,"price":"19.99","ts":"2024-05-06T13:45:12.123Z","day":"2024-05-06T13:45:12+02:00","epoch_ms":1715003112345,"ips":["10.1.2.3","2001:db8:1:2::1","host a@example.com"],"bad_age":"old"}"#;
    assert_eq!(
        agree(&ev, input),
        r#"{"age":30,"price":"15","ts":"2024-05-06T13:00:00Z","day":"2024-05-06T00:00:00+02:00","epoch_ms":1714953600000,"ips":["10.1.2.0","2001:db8:1::","host [EMAIL]"],"bad_age":null}"#
    );
}

#[test]
fn allow_list_mode() {
    let mut p = Policy::default();
    p.allow_list = true;
    p.fields = vec![
        FieldRule::path("event", FieldAction::Scan),
        FieldRule::path("user.id", FieldAction::Redact { label: None }),
        FieldRule::path("ctx.**", FieldAction::Scan),
        FieldRule::path("items[*].sku", FieldAction::Keep),
        FieldRule::key_matches("^ts$", FieldAction::TruncateTime { to: TimeUnit::Day }),
    ];
    let ev = EventScrubber::new(&p).unwrap();
    let input = r#"{"event":"click by a@example.com","user":{"id":"u1","email":"e"},"ctx":{"os":"linux","ip":"1.2.3.4"},"items":[{"sku":"S1","name":"n"}],"secret":"s","ts":"2024-01-02T03:04:05Z","n":5}"#;
    assert_eq!(
        agree(&ev, input),
        r#"{"event":"click by [EMAIL]","user":{"id":"[REDACTED]"},"ctx":{"os":"linux","ip":"1.2.3.0"},"items":[{"sku":"S1"}],"ts":"2024-01-02T00:00:00Z"}"#
    );
    // A scalar root that no rule lists cannot stay.
    assert_eq!(run(&ev, "42"), "null");
}

#[test]
fn pseudonymize_and_encrypt_need_a_key() {
    for action in [
        FieldAction::Pseudonymize {
            domain: "user".into(),
            key: None,
            lowercase: false,
        },
        FieldAction::Encrypt {
            mode: piiscrub::EncryptMode::Deterministic,
            key: None,
        },
    ] {
        let mut p = Policy::default();
        p.fields = vec![FieldRule::path("user.id", action)];
        let err = EventScrubber::new(&p).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Policy);
        assert!(err.to_string().contains("needs a key"), "{err}");
        assert!(err.to_string().starts_with("fields[0]"), "{err}");
    }
}

#[test]
fn invalid_ndjson_lines_are_scrubbed_as_text() {
    let ev = events(vec![FieldRule::key_matches("password", FieldAction::Drop)]);
    let input = "{\"a\":\"x@example.com\",\"password\":\"p\"}\r\n\
                 {\"a\": broken x@example.com\n\
                 \n\
                 plain text 10.9.8.7\n\
                 {\"trailing\":1} extra\n\
                 {\"bad\":\"\\x\"} y@example.com\n\
                 {\"last\":\"no newline z@example.com\"}";
    let mut out = Vec::new();
    let stats = ev.scrub_ndjson(input.as_bytes(), &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert_eq!(
        out,
        "{\"a\":\"[EMAIL]\"}\r\n\
         {\"a\": broken [EMAIL]\n\
         \n\
         plain text 10.9.8.0\n\
         {\"trailing\":1} extra\n\
         {\"bad\":\"\\x\"} [EMAIL]\n\
         {\"last\":\"no newline [EMAIL]\"}"
    );
    assert_eq!((stats.events, stats.text_lines), (2, 4));
    assert_eq!(stats.findings.get(&Kind::Email), 4);
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let ev = events(vec![]);
    for open in ["[", "{\"a\":"] {
        let deep = open.repeat(100_000);
        let err = ev
            .scrub_event(deep.as_bytes(), &mut Vec::new(), &mut Findings::default())
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Json);
        assert!(err.to_string().contains("nested deeper than 128"), "{err}");
        // In NDJSON mode the line is scrubbed as text instead.
        let mut out = Vec::new();
        let r = ev.scrub_ndjson_line(deep.as_bytes(), &mut out, &mut Findings::default());
        assert!(matches!(r, LineOutcome::Text { .. }));
        assert_eq!(out.len(), deep.len());
    }
    // Dropped subtrees are skipped iteratively, under the same limit.
    let ev = events(vec![FieldRule::path("x", FieldAction::Drop)]);
    let deep = format!("{{\"x\":{}}}", "[".repeat(100_000));
    assert!(ev.scrub_event_str(&deep).is_err());
    // Just under the limit is fine.
    let ok = format!("{}{}", "[".repeat(128), "]".repeat(128));
    assert_eq!(run(&events(vec![]), &ok), ok);
    let too_deep = format!("{}{}", "[".repeat(129), "]".repeat(129));
    assert!(events(vec![]).scrub_event_str(&too_deep).is_err());
}

#[test]
fn value_nesting_limit_fails_closed() {
    let mut p = Policy::default();
    p.limits.max_depth = 3;
    let ev = EventScrubber::new(&p).unwrap();
    let mut v = json!({"a": {"b": {"c": {"d": "bob@example.com"}}}});
    let err = ev.scrub_json(&mut v).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Json);
    assert_eq!(v, Value::Null);
}

#[test]
fn a_caller_built_value_of_any_depth_is_an_error_not_a_stack_overflow() {
    // Built by hand (the parser would refuse it): 100,000 levels, arrays and objects.
    let mut v = json!("bob@example.com");
    for level in 0..100_000 {
        v = if level % 2 == 0 {
            Value::Array(vec![v])
        } else {
            // Not `json!`: it would serialize `v` again, recursively.
            Value::Object([("a".to_owned(), v)].into_iter().collect())
        };
    }
    let err = events(vec![]).scrub_json(&mut v).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Json);
    // The too-deep value was taken apart without recursion and nothing raw is left.
    assert_eq!(v, Value::Null);

    // A dropped field holding such a value is thrown away the same way.
    let mut deep = json!(1);
    for _ in 0..100_000 {
        deep = Value::Array(vec![deep]);
    }
    let mut v = Value::Object([("x".to_owned(), deep)].into_iter().collect());
    events(vec![FieldRule::path("x", FieldAction::Drop)])
        .scrub_json(&mut v)
        .unwrap();
    assert_eq!(v, json!({}));
}

#[test]
fn size_limit() {
    let mut p = Policy::default();
    p.limits.max_event_bytes = 16;
    let ev = EventScrubber::new(&p).unwrap();
    let err = ev
        .scrub_event_str(r#"{"a":"0123456789abcdef"}"#)
        .unwrap_err();
    assert!(
        err.to_string().contains("over the limit of 16 bytes"),
        "{err}"
    );
    assert!(!err.to_string().contains("0123"));
    let mut out = Vec::new();
    let line = b"{\"m\":\"bob@example.com\"}\n";
    let r = ev.scrub_ndjson_line(line, &mut out, &mut Findings::default());
    assert!(matches!(r, LineOutcome::Text { .. }));
    assert_eq!(out, b"{\"m\":\"[EMAIL]\"}\n");
}

#[test]
fn duplicate_keys_are_each_scrubbed() {
    let ev = events(vec![FieldRule::path(
        "ip",
        FieldAction::Redact { label: None },
    )]);
    assert_eq!(
        run(
            &ev,
            r#"{"ip":"1.2.3.4","ip":"5.6.7.8","m":"a@example.com","m":"b@example.com"}"#
        ),
        r#"{"ip":"[REDACTED]","ip":"[REDACTED]","m":"[EMAIL]","m":"[EMAIL]"}"#
    );
}

#[test]
fn huge_numbers_are_kept_as_written() {
    let ev = events(vec![FieldRule::path(
        "n",
        FieldAction::Bucket { width: 10.0 },
    )]);
    let big = "1".repeat(400);
    assert_eq!(
        run(&ev, &format!("{{\"m\":{big}e999}}")),
        format!("{{\"m\":{big}e999}}")
    );
    // Bucketing a number that does not fit a float fails closed.
    assert_eq!(run(&ev, &format!("{{\"n\":{big}e999}}")), "{\"n\":null}");
}

#[test]
fn invalid_json_is_rejected_with_an_offset() {
    let ev = events(vec![]);
    for bad in [
        "",
        "{",
        "{\"a\"}",
        "[1,]",
        "{\"a\":1,}",
        "tru",
        "\"\u{1}\"",
        "01",
        "[1 2]",
        "{} {}",
        "{\"a\":\"\\ud800\\x\"}",
    ] {
        let err = ev.scrub_event_str(bad).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Json, "{bad:?}");
        assert!(err.to_string().contains("byte"), "{err}");
    }
    let mut out = b"keep".to_vec();
    assert!(ev
        .scrub_event(
            b"{\"a\":\"bob@example.com\",",
            &mut out,
            &mut Findings::default()
        )
        .is_err());
    assert_eq!(out, b"keep", "nothing of a failed event is written");
}

#[test]
fn scrubbed_events_scrub_to_themselves() {
    let ev = events(vec![
        FieldRule::path(
            "client.ip",
            FieldAction::Truncate {
                v4_prefix: 24,
                v6_prefix: 48,
            },
        ),
        FieldRule::path("age", FieldAction::Bucket { width: 10.0 }),
        FieldRule::path("ts", FieldAction::TruncateTime { to: TimeUnit::Hour }),
        FieldRule::key_matches("token", FieldAction::Redact { label: None }),
    ]);
    let input = r#"{"client":{"ip":"10.2.3.4"},"age":41,"ts":"2024-05-06T13:45:12Z","token":"x","m":"call +44 20 7946 0958 or bob@example.com","pan":4111111111111111}"#;
    let once = agree(&ev, input);
    assert_eq!(run(&ev, &once), once);
}

#[test]
fn counts_free_text_findings() {
    let ev = events(vec![]);
    let mut counts = Findings::default();
    let mut v = json!({"a": "x@example.com", "b": ["y@example.com", 4111111111111111u64]});
    ev.scrub_json_counted(&mut v, &mut counts).unwrap();
    assert_eq!(counts.get(&Kind::Email), 2);
    assert_eq!(counts.get(&Kind::Card), 1);
}
