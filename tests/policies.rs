//! Every policy in `examples/policies/` loads, builds and turns its sample input into
//! the reviewed output next to it (`<name>.expected`). Run with `PIISCRUB_BLESS=1` to
//! rewrite the expected files after a deliberate change, and review the diff.
//!
//! `web-analytics` and `product-usage-events` pseudonymize ids: they are built with a
//! fixed test key (bytes 00..1f, kid `tjmli3ga`), and building them without a key must
//! fail closed with "needs a key".

use std::path::{Path, PathBuf};

use piiscrub::{ErrorKind, EventScrubber, Findings, Format, Key, Keyring, LineOutcome, Policy};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/policies")
}

/// The fixed test key: bytes 00, 01, … 1f (the spec's vector key).
fn test_key() -> Key {
    Key::from_bytes(&(0u8..32).collect::<Vec<_>>()).unwrap()
}

/// Loads a policy; `keyed` says whether it pseudonymizes (and so needs the key).
fn load(name: &str, keyed: bool) -> EventScrubber {
    let policy = Policy::from_path(dir().join(format!("{name}.toml"))).unwrap();
    if keyed {
        let err = EventScrubber::new(&policy).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Policy);
        assert!(err.to_string().contains("needs a key"), "{err}");
    }
    EventScrubber::with_keyring(&policy, Keyring::new(test_key())).unwrap()
}

/// Scrubs a sample as its policy's format says: NDJSON, text, or per line (`auto`).
fn scrub(ev: &EventScrubber, format: Format, input: &str) -> String {
    let mut out = Vec::new();
    let mut counts = Findings::default();
    for line in input.split_inclusive('\n') {
        let json = line.trim_start().starts_with('{');
        match format {
            Format::Ndjson => {
                let r = ev.scrub_ndjson_line(line.as_bytes(), &mut out, &mut counts);
                assert!(
                    matches!(r, LineOutcome::Event | LineOutcome::Blank) || !json,
                    "{r:?}"
                );
            }
            Format::Auto if json => {
                let r = ev.scrub_ndjson_line(line.as_bytes(), &mut out, &mut counts);
                assert_eq!(r, LineOutcome::Event);
            }
            _ => {
                ev.scrubber()
                    .scrub_into(line.as_bytes(), &mut out, &mut counts);
            }
        }
    }
    String::from_utf8(out).unwrap()
}

fn check(name: &str, sample_ext: &str, keyed: bool, must_not_contain: &[&str]) {
    let ev = load(name, keyed);
    let format = Policy::from_path(dir().join(format!("{name}.toml")))
        .unwrap()
        .format;
    let input = std::fs::read_to_string(dir().join(format!("{name}.{sample_ext}"))).unwrap();
    let got = scrub(&ev, format, &input);
    let expected_path = dir().join(format!("{name}.expected"));
    if std::env::var_os("PIISCRUB_BLESS").is_some() {
        std::fs::write(&expected_path, &got).unwrap();
    }
    let want = std::fs::read_to_string(&expected_path).unwrap();
    assert_eq!(
        got,
        want,
        "{name}: output differs from {}",
        expected_path.display()
    );
    assert_eq!(
        got.lines().count(),
        input.lines().count(),
        "{name}: lines lost"
    );
    for secret in must_not_contain {
        assert!(!got.contains(secret), "{name}: `{secret}` leaked");
    }
    // Scrubbed output scrubs to itself.
    assert_eq!(scrub(&ev, format, &got), got, "{name}: not idempotent");
}

#[test]
fn web_analytics() {
    check(
        "web-analytics",
        "ndjson",
        true,
        &[
            "203.0.113.77",
            "u-1842",
            "sid=9f8e7d",
            "ann@example.com",
            "13:45",
        ],
    );
}

#[test]
fn api_access_logs() {
    check(
        "api-access-logs",
        "log",
        false,
        &[
            "203.0.113.77",
            "ya29.",
            "eyJhbGci",
            "YWxhZGRpbjpvcGVuc2VzYW1l",
            "198.51.100.23",
        ],
    );
}

#[test]
fn product_usage_events() {
    check(
        "product-usage-events",
        "ndjson",
        true,
        &[
            "u-1842",
            "6f1c2a4e",
            "ann@example.com",
            "7946",
            "bob@example.com",
            "198.51.100",
        ],
    );
}

#[test]
fn dataset_metadata() {
    check(
        "dataset-metadata",
        "ndjson",
        false,
        &[
            "Ann Lee",
            "ann@example.com",
            "bob@example.com",
            "10.1.2.3",
            "09:12",
            "\"ann\"",
        ],
    );
}

#[test]
fn support_messages() {
    check(
        "support-messages",
        "log",
        false,
        &[
            "ann.lee@",
            "555-0137",
            "ORD-2024",
            "4111",
            "203.0.113",
            "Bob Stone",
            "DE89",
        ],
    );
}

#[test]
fn payments() {
    check(
        "payments",
        "ndjson",
        false,
        &[
            "4111 1111 1111 1111",
            "4111111111111111",
            "5500005555555559",
            "\"123\"",
            "DE89",
            "ann@example.com",
        ],
    );
}

#[test]
fn hipaa_safe_harbor() {
    check(
        "hipaa-safe-harbor",
        "ndjson",
        false,
        &[
            "Jane",
            "Roe",
            "1957-03-14",
            "03/14/1957",
            "03601",
            "94107",
            "Claremont",
            "555-0147",
            "jane.roe",
            "0012345",
            "4711",
            "C02XK0ABJG5J",
            "203.0.113",
            "198.51.100",
            "998877665",
            "000123456789",
            "1HGCM82633A004352",
            "078-05-1123",
        ],
    );
}
