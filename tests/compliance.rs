//! The compliance presets (`docs/hipaa.md`, `docs/gdpr.md`): every identifier a preset
//! claims to cover, in and out, from `tests/vectors/compliance/*.toml`; nothing it
//! covers survives (the raw value, or its digits inside other text); the
//! generalizations give exactly the documented output; the HIPAA policy file is the
//! preset.

use std::path::{Path, PathBuf};

use piiscrub::{
    Action, Detector, EventScrubber, FieldAction, FieldRule, Generalization, Key, Keyring, Policy,
    ScrubberBuilder,
};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    id: String,
    what: String,
    #[serde(default)]
    text: bool,
    input: String,
    output: String,
    gone: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct File {
    case: Vec<Case>,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn cases(name: &str) -> Vec<Case> {
    let path = root().join(format!("tests/vectors/compliance/{name}.toml"));
    let text = std::fs::read_to_string(&path).unwrap();
    toml::from_str::<File>(&text).unwrap().case
}

/// The fixed test key: bytes 00, 01, … 1f (the spec's vector key).
fn test_ring() -> Keyring {
    Keyring::new(Key::from_bytes(&(0u8..32).collect::<Vec<_>>()).unwrap())
}

fn scrub(ev: &EventScrubber, c: &Case) -> String {
    if c.text {
        ev.scrubber().scrub_str(&c.input).into_owned()
    } else {
        ev.scrub_event_str(&c.input).unwrap()
    }
}

/// The digits of every run of digits and number punctuation, joined: where a raw
/// number would still show through formatting (`415-555-0132` → `4155550132`).
fn digit_runs(s: &str) -> Vec<String> {
    s.split(|c: char| !(c.is_ascii_digit() || " -./():+".contains(c)))
        .map(|run| run.chars().filter(char::is_ascii_digit).collect())
        .collect()
}

/// Replays the cases through each scrubber; returns the failures, with the output
/// written so it can be pasted into the vector file after review.
fn replay(name: &str, scrubbers: &[(&str, &EventScrubber)]) {
    let mut failures = Vec::new();
    for c in cases(name) {
        for (via, ev) in scrubbers {
            let got = scrub(ev, &c);
            let label = format!("{name} ({}) {} via {via}", c.id, c.what);
            if got != c.output {
                failures.push(format!("{label}:\noutput = '{got}'"));
                continue;
            }
            for g in &c.gone {
                if got.contains(g.as_str()) {
                    failures.push(format!("{label}: `{g}` survived"));
                }
                let digits: String = g.chars().filter(char::is_ascii_digit).collect();
                if digits.len() >= 4 && digit_runs(&got).iter().any(|r| r.contains(&digits)) {
                    failures.push(format!("{label}: the digits of `{g}` survived"));
                }
            }
            let again = if c.text {
                ev.scrubber().scrub_str(&got).into_owned()
            } else {
                ev.scrub_event_str(&got).unwrap()
            };
            if again != got {
                failures.push(format!("{label}: not idempotent: {again}"));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn hipaa_covers_all_18_identifiers() {
    let ids: std::collections::BTreeSet<String> =
        cases("hipaa").into_iter().map(|c| c.id).collect();
    let want: std::collections::BTreeSet<String> = ('A'..='R').map(|c| c.to_string()).collect();
    assert_eq!(ids, want);
}

#[test]
fn hipaa_vectors() {
    let preset = EventScrubber::new(&Policy::hipaa_safe_harbor()).unwrap();
    let file = Policy::from_path(root().join("examples/policies/hipaa-safe-harbor.toml")).unwrap();
    let file = EventScrubber::new(&file).unwrap();
    replay("hipaa", &[("preset", &preset), ("policy file", &file)]);
}

#[test]
fn hipaa_policy_file_is_the_preset() {
    let preset = Policy::hipaa_safe_harbor();
    let file = Policy::from_path(root().join("examples/policies/hipaa-safe-harbor.toml")).unwrap();
    assert_eq!(file.effective_rules(), preset.effective_rules());
    assert_eq!(file.fields, preset.fields);
    assert_eq!(file.uuid_everywhere, preset.uuid_everywhere);
    assert_eq!(file.allow_list, preset.allow_list);
    assert_eq!(file.context, preset.context);
}

#[test]
fn gdpr_vectors() {
    let ev = Policy::gdpr_pseudonymize(test_ring()).unwrap();
    replay("gdpr", &[("preset", &ev)]);
}

#[test]
fn gdpr_needs_a_key() {
    let err = EventScrubber::new(&Policy::gdpr_pseudonymizing()).unwrap_err();
    assert!(err.to_string().contains("needs a key"), "{err}");
    assert!(ScrubberBuilder::from_policy(Policy::gdpr_pseudonymizing())
        .build()
        .is_err());
}

/// The documented outputs of every generalization, as field actions and as text rules.
#[test]
fn generalizations_exactly() {
    let g = |to| FieldAction::Generalize { to };
    let mut p = Policy::empty();
    p.fields = vec![
        FieldRule::path("zip", g(Generalization::Zip3)),
        FieldRule::path("date", g(Generalization::Year)),
        FieldRule::path("age", g(Generalization::Age)),
        FieldRule::path("url", g(Generalization::UrlOrigin)),
    ];
    let ev = EventScrubber::new(&p).unwrap();
    for (field, input, output) in [
        ("zip", r#""94107""#, r#""941""#),
        ("zip", r#""03601""#, r#""000""#),
        ("zip", "3601", r#""000""#),
        ("zip", r#""94107-1234""#, r#""941""#),
        ("zip", r#""941""#, r#""941""#),
        ("zip", r#""unknown""#, "null"),
        ("date", r#""1957-03-14""#, r#""1957""#),
        ("date", r#""1957-03-14T08:30:00+01:00""#, r#""1957""#),
        ("date", r#""03/14/1957""#, r#""1957""#),
        ("date", r#""14.03.1957""#, r#""1957""#),
        ("date", r#""14/Mar/1957:08:30:00 +0000""#, r#""1957""#),
        ("date", r#""March 14, 1957""#, r#""1957""#),
        ("date", "-404265600", "1957"),
        ("date", r#""last spring""#, "null"),
        ("age", "93", r#""90+""#),
        ("age", r#""93""#, r#""90+""#),
        ("age", "89", "89"),
        ("age", r#""90+""#, r#""90+""#),
        (
            "url",
            r#""https://a.example/p/1?q=2""#,
            r#""https://a.example/""#,
        ),
    ] {
        let got = ev
            .scrub_event_str(&format!(r#"{{"{field}":{input}}}"#))
            .unwrap();
        assert_eq!(got, format!(r#"{{"{field}":{output}}}"#), "{field} {input}");
    }
    // The 17 restricted three-digit areas (HHS guidance, 2000 census) become 000.
    for area in [
        "036", "059", "063", "102", "203", "556", "692", "790", "821", "823", "830", "831", "878",
        "879", "884", "890", "893",
    ] {
        let got = ev
            .scrub_event_str(&format!(r#"{{"zip":"{area}12"}}"#))
            .unwrap();
        assert_eq!(got, r#"{"zip":"000"}"#, "{area}");
    }
    // As text rules: the key stays, the value is generalized.
    let text = ScrubberBuilder::empty()
        .rule(
            Detector::regex("zip", r"zip=[0-9]{5}"),
            Action::generalize(Generalization::Zip3),
        )
        .rule(
            Detector::regex("dob", r"dob=[0-9]{4}-[0-9]{2}-[0-9]{2}"),
            Action::generalize(Generalization::Year),
        )
        .rule(
            Detector::regex("age", r"age=[0-9]{1,3}\+?"),
            Action::generalize(Generalization::Age),
        )
        .build()
        .unwrap();
    assert_eq!(
        text.scrub_str("zip=94107 zip=03601 dob=1957-03-14 age=93 age=41"),
        "zip=941 zip=000 dob=1957 age=90+ age=41"
    );
    // A span without such a value is redacted with the rule's label (fail closed).
    let odd = ScrubberBuilder::empty()
        .rule(
            Detector::regex("zip", r"zip=[0-9a-z]{5}"),
            Action::generalize(Generalization::Zip3),
        )
        .build()
        .unwrap();
    assert_eq!(odd.scrub_str("zip=abcde"), "[ZIP]");
}
