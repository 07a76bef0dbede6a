//! Replays every detector vector in `tests/vectors/*.toml` through every API surface
//! with the default policy: `scrub_str`, `scrub_bytes`, `scrub_into`, `find`,
//! CRLF line endings, and input embedded among other lines. Each case must also be
//! idempotent and leave nothing that the scrubber would find again.

use std::path::Path;

use piiscrub::{Findings, Scrubber};
use serde::Deserialize;

#[derive(Deserialize)]
struct File {
    #[serde(rename = "case", default)]
    cases: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    input: String,
    output: Option<String>,
    #[serde(default)]
    kinds: Vec<String>,
    #[allow(dead_code)]
    source: Option<String>,
}

fn load() -> Vec<(String, Case)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/vectors exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    let mut all = Vec::new();
    for p in paths {
        let text = std::fs::read_to_string(&p).unwrap();
        let file: File = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
        for c in file.cases {
            all.push((format!("{stem}: {}", c.name), c));
        }
    }
    all
}

#[test]
fn vectors_through_every_surface() {
    let s = Scrubber::default();
    let cases = load();
    assert!(!cases.is_empty(), "no vectors found");
    let mut failures = Vec::new();
    for (id, c) in &cases {
        let expected = c.output.clone().unwrap_or_else(|| c.input.clone());
        let mut check = |what: &str, got: &str| {
            if got != expected {
                failures.push(format!(
                    "{id} [{what}]\n   input: {:?}\n    want: {expected:?}\n     got: {got:?}",
                    c.input
                ));
            }
        };
        check("scrub_str", &s.scrub_str(&c.input));
        check(
            "scrub_bytes",
            &String::from_utf8_lossy(&s.scrub_bytes(c.input.as_bytes())),
        );
        let mut out = b"prefix untouched ".to_vec();
        let mut counts = Findings::default();
        s.scrub_into(c.input.as_bytes(), &mut out, &mut counts);
        check(
            "scrub_into",
            &String::from_utf8_lossy(&out["prefix untouched ".len()..]),
        );
        // Among other lines, with CRLF endings: the same line comes out. (A PEM block
        // without END marker hides the lines after it too: fail closed.)
        let unterminated_pem = c.input.contains("-----BEGIN") && !c.input.contains("-----END");
        let framed = format!("first line\r\n{}\r\nlast line", c.input);
        let want_framed = format!("first line\r\n{expected}\r\nlast line");
        let got_framed = s.scrub_str(&framed);
        if got_framed != want_framed && !unterminated_pem {
            failures.push(format!("{id} [framed with CRLF]\n     got: {got_framed:?}"));
        }
        let kinds: Vec<String> = s
            .find(&c.input)
            .iter()
            .map(|f| f.kind.to_string())
            .collect();
        if kinds != c.kinds {
            failures.push(format!(
                "{id} [find kinds]\n    want: {:?}\n     got: {kinds:?}",
                c.kinds
            ));
        }
        if counts.total() as usize != c.kinds.len() {
            failures.push(format!(
                "{id} [counts] {} != {}",
                counts.total(),
                c.kinds.len()
            ));
        }
        let again = s.scrub_str(&expected);
        if again != expected {
            failures.push(format!("{id} [idempotence]\n  second: {again:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} vector checks failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn vector_names_are_unique() {
    let mut seen = std::collections::HashSet::new();
    for (id, _) in load() {
        assert!(seen.insert(id.clone()), "duplicate vector name {id}");
    }
}
