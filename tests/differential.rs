//! The engine (kind groups, merge, line gates, first-byte filters, fallbacks) against
//! the reference engine (each pattern alone, anchored at every byte, in priority
//! order; feature `reference`): the same findings and the same output on generated
//! corpora, on every test vector, and on random strings glued from personal-data
//! fragments and near-misses, for several policies (built-in kinds alone and together,
//! user regexes and dictionaries).
//!
//! A shortcut of the engine that changes a result shows up here as a finding only one
//! side has. `PROPTEST_CASES=5000 cargo test --release --all-features --test
//! differential` searches deeper; the fuzz target `differential` does the same with
//! coverage guidance.
#![cfg(feature = "reference")]

mod support;

use proptest::prelude::*;
use proptest::sample::select;
use support::corpus;

/// Both engines agree on `input` under every policy; the first disagreement, as a
/// message (policy, findings only one side has, the input).
fn disagreement(input: &[u8]) -> Option<String> {
    std::panic::catch_unwind(|| support::checks::check_engines_agree(input, true))
        .err()
        .map(|e| {
            e.downcast_ref::<String>()
                .cloned()
                .unwrap_or_else(|| "the engines disagree".to_owned())
        })
}

#[test]
fn generated_corpora_agree() {
    for (label, text) in [
        // Small: the reference tries every pattern at every byte.
        ("sparse", corpus::sparse(12_000)),
        ("dense", corpus::dense(12_000)),
        ("non-ascii", corpus::non_ascii(12_000)),
    ] {
        // Line by line, so a disagreement names its line.
        for (n, line) in text.lines().enumerate() {
            if let Some(d) = disagreement(line.as_bytes()) {
                panic!("{label} corpus, line {n}: {d}\n{line}");
            }
        }
        // And whole, as one buffer.
        assert_eq!(disagreement(text.as_bytes()), None, "{label} corpus, whole");
    }
}

/// Every string in every vector file (inputs, expected outputs, negatives).
#[test]
fn test_vectors_agree() {
    fn strings(v: &toml::Value, out: &mut Vec<String>) {
        match v {
            toml::Value::String(s) => out.push(s.clone()),
            toml::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
            toml::Value::Table(t) => t.values().for_each(|x| strings(x, out)),
            _ => {}
        }
    }
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).expect("vector dir") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("vector file");
        let value: toml::Value = toml::from_str(&text).expect("vector toml");
        let mut all = Vec::new();
        strings(&value, &mut all);
        for s in all {
            for framed in [format!("value {s} end"), format!("x={s}\n{s}")] {
                if let Some(d) = disagreement(framed.as_bytes()) {
                    panic!("{}: {d}\ninput: {framed:?}", path.display());
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "only {checked} vector strings");
}

/// Pieces that start, end or break candidates, to build near-misses from.
const BITS: &[&str] = &[
    " ",
    "\t",
    "\n",
    ":",
    "::",
    ".",
    "-",
    "=",
    "=>",
    ">",
    "@",
    "%40",
    "+",
    "(",
    ")",
    "/",
    "\"",
    "'",
    "#",
    "_",
    "0",
    "00",
    "1",
    "12",
    "123",
    "1234",
    "12345",
    "4111",
    "ab",
    "AB",
    "DE",
    "GB",
    "ff",
    "FFFF",
    "fe80",
    "ey",
    "eyJ",
    "AKIA",
    "ghp_",
    "xoxb-",
    "ya29.",
    "-----",
    "BEGIN",
    "phone",
    "tel",
    "sms to",
    "call me at",
    "dial",
    "ssn",
    "imei",
    "device_id",
    "user_id",
    "token",
    "password",
    "secret",
    "Bearer",
    "basic",
    "authorization",
    "api_key",
    "code",
    "session",
    "cookie",
    "push_token",
    "hooks.slack.com/",
    "https://",
    "é",
    "日本",
];

fn fragment() -> BoxedStrategy<String> {
    let kinds = select(corpus::PII_KINDS.to_vec());
    prop_oneof![
        3 => (any::<u64>(), kinds.clone()).prop_map(|(seed, k)| corpus::sample_value(seed, k)),
        2 => (any::<u64>(), kinds).prop_map(|(seed, k)| corpus::sample_line(seed, k)),
        1 => any::<u64>().prop_map(|seed| corpus::sample_line(seed, "clean")),
        2 => any::<u64>().prop_map(|seed| corpus::sample_value(seed, "look-alike")),
        6 => select(BITS).prop_map(String::from),
        1 => "[0-9a-fA-F:.\\- ]{0,24}",
        1 => "[ -~]{0,16}",
    ]
    .boxed()
}

fn cases(n: u32) -> ProptestConfig {
    let n = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(n);
    ProptestConfig::with_cases(n)
}

proptest! {
    #![proptest_config(cases(128))]

    #[test]
    fn glued_fragments_agree(parts in proptest::collection::vec(fragment(), 0..24)) {
        let input = parts.concat();
        prop_assert_eq!(disagreement(input.as_bytes()), None, "input: {:?}", input);
    }

    #[test]
    fn arbitrary_bytes_agree(input in proptest::collection::vec(
        prop_oneof![2 => any::<u8>(), 3 => select(b"0123456789.:-@ \n=abcdefABCDEF%+()_/\"'#".to_vec())],
        0..300,
    )) {
        prop_assert_eq!(disagreement(&input), None, "input: {:?}", String::from_utf8_lossy(&input));
    }
}
