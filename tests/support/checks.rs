//! The invariants of DESIGN.md as plain checks that panic with a message naming the
//! broken invariant. Shared by the fuzz targets (`fuzz/` includes this file by path) and
//! `tests/regressions.rs`, so a fuzz reproducer pasted into a regression test runs the
//! very checks that failed. Only the public API and `serde_json` are used.

use std::borrow::Cow;
use std::io::{self, BufRead, Read, Write};
use std::sync::OnceLock;

use piiscrub::{
    EventScrubber, FieldAction, FieldRule, Finding, Findings, Kind, Policy, ScrubReader,
    ScrubWriter, Scrubber,
};

/// The default policy, compiled once.
pub fn default_scrubber() -> &'static Scrubber {
    static S: OnceLock<Scrubber> = OnceLock::new();
    S.get_or_init(Scrubber::default)
}

/// Event scrubbers: the default policy, and one with field rules that drop, truncate,
/// bucket and redact (none keeps data, so the no-leak check holds for both).
pub fn event_scrubbers() -> &'static [EventScrubber] {
    static S: OnceLock<Vec<EventScrubber>> = OnceLock::new();
    S.get_or_init(|| {
        let p = Policy {
            fields: vec![
                FieldRule::key_matches("password|secret|token", FieldAction::Drop),
                FieldRule::path(
                    "client.ip",
                    FieldAction::Truncate {
                        v4_prefix: 16,
                        v6_prefix: 48,
                    },
                ),
                FieldRule::path("age", FieldAction::Bucket { width: 10.0 }),
                FieldRule::path("user.*", FieldAction::Redact { label: None }),
            ],
            ..Policy::default()
        };
        vec![
            EventScrubber::new(&Policy::default()).expect("the default policy compiles"),
            EventScrubber::new(&p).expect("the field-rule policy compiles"),
        ]
    })
}

/// Bytes as a Rust byte-string literal: what reproducers and messages print.
pub fn lit(bytes: &[u8]) -> String {
    let mut s = String::from("b\"");
    for &b in bytes {
        match b {
            b'"' => s.push_str("\\\""),
            b'\\' => s.push_str("\\\\"),
            b'\n' => s.push_str("\\n"),
            b'\r' => s.push_str("\\r"),
            b'\t' => s.push_str("\\t"),
            0x20..=0x7e => s.push(b as char),
            _ => s.push_str(&format!("\\x{b:02x}")),
        }
    }
    s.push('"');
    s
}

fn newlines(b: &[u8]) -> usize {
    b.iter().filter(|&&c| c == b'\n').count()
}

/// `label` once per line of `span`, keeping its line breaks (and CRs before them).
fn per_line(label: &[u8], span: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut lines = span.split(|&b| b == b'\n').peekable();
    while let Some(line) = lines.next() {
        let last = lines.peek().is_none();
        if !(last && line.is_empty()) {
            out.extend_from_slice(label);
        }
        if !last {
            if line.last() == Some(&b'\r') {
                out.push(b'\r');
            }
            out.push(b'\n');
        }
    }
    out
}

/// What the default policy writes for a finding over `span`: the truncated address for
/// IPs (truncation depends on the address only), the kind's label per line otherwise.
fn default_replacement(f: &Finding, span: &[u8]) -> Vec<u8> {
    let s = default_scrubber();
    if matches!(f.kind, Kind::Ipv4 | Kind::Ipv6) {
        let alone = s.find(span);
        assert!(
            alone.len() == 1 && alone[0].range == (0..span.len()),
            "the {} span {} is not found whole on its own: {alone:?}",
            f.kind,
            lit(span)
        );
        s.scrub_bytes(span).into_owned()
    } else {
        per_line(f.kind.label().as_bytes(), span)
    }
}

/// Every invariant of the one-shot API that holds on **any** bytes, for the default
/// policy: no panic; `find` ranges ordered, disjoint, non-empty, in bounds; the output is
/// the input with exactly those ranges replaced (so every byte outside a finding is
/// unchanged); the same number of line breaks; `scrub_bytes`, `scrub_bytes_counted`,
/// `scrub_into` and `scrub_str` agree, and the counts match `find`. On lines longer
/// than the stream window too: `find` follows the same window rule as the output.
pub fn check_scrub_bytes(input: &[u8]) {
    let s = default_scrubber();
    let found = s.find(input);
    let mut end = 0;
    for f in &found {
        assert!(
            f.range.start >= end && f.range.start < f.range.end && f.range.end <= input.len(),
            "findings overlap, are empty, out of order or out of bounds: {found:?}\n  input: {}",
            lit(input)
        );
        end = f.range.end;
    }
    let mut expected = Vec::with_capacity(input.len());
    let mut last = 0;
    for f in &found {
        expected.extend_from_slice(&input[last..f.range.start]);
        expected.extend(default_replacement(f, &input[f.range.clone()]));
        last = f.range.end;
    }
    expected.extend_from_slice(&input[last..]);

    let mut counts = Findings::default();
    let out = s.scrub_bytes_counted(input, &mut counts);
    if out[..] != expected[..] {
        let at = out
            .iter()
            .zip(&expected)
            .take_while(|(a, b)| a == b)
            .count();
        let part = |v: &[u8]| lit(&v[at.saturating_sub(80)..(at + 80).min(v.len())]);
        let near: Vec<_> = found
            .iter()
            .filter(|f| f.range.end + 200 > at && f.range.start < at + 200)
            .collect();
        panic!(
            "the output is not the input with its findings replaced: first difference at output byte {at} (input {} bytes)\n  output:   {}\n  expected: {}\n  findings near: {near:?}",
            input.len(),
            part(&out),
            part(&expected)
        );
    }
    assert_eq!(
        newlines(&out),
        newlines(input),
        "line breaks changed: {}",
        lit(input)
    );
    assert_eq!(
        counts.total(),
        found.len() as u64,
        "counts disagree with find"
    );
    for kind in Kind::BUILTIN {
        let n = found.iter().filter(|f| f.kind == kind).count() as u64;
        assert_eq!(counts.get(&kind), n, "count of {kind}");
    }
    assert_eq!(
        matches!(out, Cow::Borrowed(_)),
        found.is_empty(),
        "borrowed output exactly when nothing was found"
    );

    check_apis_agree(input);
}

/// `scrub_bytes`, `scrub_bytes_counted`, `scrub_into` and `scrub_str` give the same
/// bytes and counts, borrow exactly when `scrub_into` says nothing changed, and keep the
/// line breaks.
fn check_apis_agree(input: &[u8]) {
    let s = default_scrubber();
    let mut counts = Findings::default();
    let out = s.scrub_bytes_counted(input, &mut counts);
    assert_eq!(newlines(&out), newlines(input), "line breaks changed");
    let plain = s.scrub_bytes(input);
    assert!(
        plain[..] == out[..],
        "scrub_bytes differs from scrub_bytes_counted"
    );
    let mut into = b"prefix".to_vec();
    let mut into_counts = Findings::default();
    let changed = s.scrub_into(input, &mut into, &mut into_counts);
    assert!(into[6..] == out[..], "scrub_into differs from scrub_bytes");
    assert_eq!(into_counts, counts, "scrub_into counts differ");
    assert_eq!(
        changed,
        matches!(out, Cow::Owned(_)),
        "scrub_into's changed flag vs borrowed output"
    );
    if let Ok(text) = std::str::from_utf8(input) {
        let st = s.scrub_str(text);
        assert!(
            st.as_bytes() == &out[..],
            "scrub_str differs from scrub_bytes"
        );
    }
}

/// For inputs whose findings are delimited from their neighbours (fragments joined by a
/// separator), on top of [`check_scrub_bytes`]: idempotent (`scrub(scrub(x)) ==
/// scrub(x)`) and no leak (the output holds no finding). Glued tokens are a known gap
/// (`glued_tokens_idempotent` in tests/properties.rs) and are not checked here.
pub fn check_scrub_delimited(input: &[u8]) {
    check_scrub_bytes(input);
    let s = default_scrubber();
    let once = s.scrub_bytes(input);
    let left = s.find(&once);
    assert!(
        left.is_empty(),
        "the output still holds findings {left:?}\n  input:  {}\n  output: {}",
        lit(input),
        lit(&once)
    );
    let twice = s.scrub_bytes(&once);
    assert!(
        once[..] == twice[..],
        "not idempotent\n  input: {}\n  once:  {}\n  twice: {}",
        lit(input),
        lit(&once),
        lit(&twice)
    );
}

/// A reader that hands out its bytes in pieces of the given sizes (cycled).
struct Pieces<'a> {
    data: &'a [u8],
    sizes: &'a [usize],
    next: usize,
}

impl Read for Pieces<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let want = self
            .sizes
            .get(self.next % self.sizes.len().max(1))
            .copied()
            .unwrap_or(usize::MAX)
            .max(1);
        self.next += 1;
        let n = want.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// The streaming surfaces (`scrub_stream_with_capacity`, `ScrubReader`, `ScrubWriter`)
/// with buffer `cap`, the input cut into reads of `reads` bytes and writes of `writes`
/// bytes (both cycled; a write of 0 bytes is a `flush`), give the output and counts of
/// the one-shot `scrub_bytes`.
pub fn check_stream(input: &[u8], cap: usize, reads: &[usize], writes: &[usize]) {
    let s = default_scrubber();
    let mut want_counts = Findings::default();
    let want = s.scrub_bytes_counted(input, &mut want_counts).into_owned();
    let show = |name: &str, got: &[u8]| {
        let at = got.iter().zip(&want).take_while(|(a, b)| a == b).count();
        let part = |v: &[u8]| lit(&v[at.saturating_sub(60)..(at + 60).min(v.len())]);
        format!(
            "{name} (buffer {cap}) differs from scrub_bytes at byte {at} of {} (input {} bytes)\n  got:  {}\n  want: {}",
            want.len(),
            input.len(),
            part(got),
            part(&want)
        )
    };

    let mut out = Vec::new();
    let reader = Pieces {
        data: input,
        sizes: reads,
        next: 0,
    };
    let counts = s
        .scrub_stream_with_capacity(cap, reader, &mut out)
        .expect("in-memory streams do not fail");
    assert!(out == want, "{}", show("scrub_stream", &out));
    assert_eq!(counts, want_counts, "scrub_stream: counts differ");

    // The caller's reads take turns between BufRead and Read, with the write sizes.
    let reader = Pieces {
        data: input,
        sizes: reads,
        next: 0,
    };
    let mut r = ScrubReader::with_capacity(cap, s, reader);
    let mut out = Vec::new();
    let mut small = vec![0u8; 4096];
    for i in 0.. {
        let size = writes.get(i % writes.len().max(1)).copied().unwrap_or(4096);
        let size = size.clamp(1, small.len());
        if i % 2 == 0 {
            let buf = r.fill_buf().expect("in memory");
            if buf.is_empty() {
                break;
            }
            let n = buf.len().min(size);
            out.extend_from_slice(&buf[..n]);
            r.consume(n);
        } else {
            let n = r.read(&mut small[..size]).expect("in memory");
            out.extend_from_slice(&small[..n]);
        }
    }
    assert!(out == want, "{}", show("ScrubReader", &out));
    assert_eq!(r.findings(), &want_counts, "ScrubReader: counts differ");

    let mut w = ScrubWriter::with_capacity(cap, s, Vec::new());
    let (mut rest, mut i) = (input, 0);
    while !rest.is_empty() {
        let size = writes.get(i % writes.len().max(1)).copied().unwrap_or(4096);
        i += 1;
        if size == 0 {
            w.flush().expect("in memory");
            if i > 4 * writes.len() + 4 {
                // Only flushes: write the rest whole.
                w.write_all(rest).expect("in memory");
                rest = &[];
            }
            continue;
        }
        let n = size.min(rest.len());
        w.write_all(&rest[..n]).expect("in memory");
        rest = &rest[n..];
    }
    w.finish().expect("in memory");
    let counts = w.findings().clone();
    let out = w.into_inner().expect("in memory");
    assert!(out == want, "{}", show("ScrubWriter", &out));
    assert_eq!(counts, want_counts, "ScrubWriter: counts differ");

    // The streaming findings are those of `find` on the whole input.
    let reader = Pieces {
        data: input,
        sizes: reads,
        next: 0,
    };
    let mut found = Vec::new();
    let counts = s
        .find_stream_with_capacity(cap, reader, |f| found.push(f))
        .expect("in-memory streams do not fail");
    assert!(found == s.find(input), "find_stream differs from find");
    assert_eq!(counts, want_counts, "find_stream: counts differ");
}

/// Every string and object key of `v`, with a path for messages.
fn strings<'a>(v: &'a serde_json::Value, path: &mut String, out: &mut Vec<(String, &'a str)>) {
    use serde_json::Value;
    // An explicit stack: the value may nest deeply.
    let mut stack: Vec<(String, &Value)> = vec![(path.clone(), v)];
    while let Some((p, v)) = stack.pop() {
        match v {
            Value::String(s) => out.push((p, s)),
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    stack.push((format!("{p}[{i}]"), x));
                }
            }
            Value::Object(m) => {
                for (k, x) in m {
                    out.push((format!("{p} (key)"), k));
                    stack.push((format!("{p}.{k}"), x));
                }
            }
            _ => {}
        }
    }
    path.clear();
}

/// No string or key of `v` holds a finding of the default policy.
fn assert_no_finding_in_strings(v: &serde_json::Value, input: &[u8], what: &str) {
    let mut all = Vec::new();
    strings(v, &mut String::from("$"), &mut all);
    for (path, s) in all {
        let left = default_scrubber().find(s);
        assert!(
            left.is_empty(),
            "{what}: {path} still holds findings {left:?}: {s:?}\n  input: {}",
            lit(input)
        );
    }
}

/// The structured API on any bytes: no panic; `scrub_event` either fails (leaving its
/// output buffer as it was) or writes valid JSON when the input was valid JSON; a
/// valid input within the limits is never refused; `scrub_ndjson_line` keeps the line
/// breaks; `scrub_json` on the parsed value succeeds. With `no_leak` (inputs whose
/// strings are made of delimited fragments), no string or key of either output holds a
/// finding of the default policy.
pub fn check_json(input: &[u8], no_leak: bool) {
    let parsed: Option<serde_json::Value> = serde_json::from_slice(input).ok();
    for (i, events) in event_scrubbers().iter().enumerate() {
        let what = format!("event scrubber {i}");
        let mut out = b"prefix".to_vec();
        let mut counts = Findings::default();
        match events.scrub_event(input, &mut out, &mut counts) {
            Ok(()) => {
                let body = &out[6..];
                if parsed.is_some() {
                    let v: serde_json::Value = serde_json::from_slice(body).unwrap_or_else(|e| {
                        panic!(
                            "{what}: valid JSON in, invalid JSON out ({e})\n  input:  {}\n  output: {}",
                            lit(input),
                            lit(body)
                        )
                    });
                    if no_leak {
                        assert_no_finding_in_strings(&v, input, &what);
                    }
                }
            }
            Err(e) => {
                assert_eq!(&out[..], b"prefix", "{what}: a failed event wrote output");
                assert!(counts.is_empty(), "{what}: a failed event counted findings");
                if parsed.is_some() {
                    let msg = e.to_string();
                    assert!(
                        msg.contains("nested deeper") || msg.contains("over the limit"),
                        "{what}: valid JSON refused ({msg})\n  input: {}",
                        lit(input)
                    );
                }
            }
        }

        let mut line = input.to_vec();
        line.push(b'\n');
        let mut out = Vec::new();
        events.scrub_ndjson_line(&line, &mut out, &mut Findings::default());
        assert_eq!(
            newlines(&out),
            newlines(&line),
            "{what}: scrub_ndjson_line changed the line breaks\n  input: {}",
            lit(input)
        );

        if let Some(v) = &parsed {
            let mut v = v.clone();
            events
                .scrub_json(&mut v)
                .unwrap_or_else(|e| panic!("{what}: scrub_json refused a parsed value: {e}"));
            serde_json::to_vec(&v).expect("a scrubbed value serializes");
            if no_leak {
                assert_no_finding_in_strings(&v, input, &format!("{what} (scrub_json)"));
            }
        }
    }
}

/// A fixed sample with every kind of personal data, as text and as an event.
const SAMPLE: &[u8] =
    b"user=alice@example.com ip=203.0.113.77 v6=2001:db8::1 card=4111 1111 1111 1111 \
iban=DE89370400440532013000 phone=+1 202 555 0143 ssn=123-45-6789 mac=00:1a:2b:3c:4d:5e \
id=3f2504e0-4f89-11d3-9a0c-0305e82c3301 imei=490154203237518 password=hunter2 \
Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl\n\xff\xfe caf\xc3\xa9\n";
const SAMPLE_EVENT: &[u8] = br#"{"user": {"email": "alice@example.com", "id": 7}, "client": {"ip": "203.0.113.77"}, "age": 37, "password": "hunter2", "msg": "card 4111 1111 1111 1111", "tags": ["a", 1.5, null, true]}"#;

/// Policy text (TOML or JSON): an error or a policy, never a panic; a policy that
/// builds scrubs a fixed sample (text, stream and event) without panicking, keeping
/// its line breaks.
pub fn check_policy(text: &str, json: bool) {
    let policy = if json {
        Policy::from_json_str(text)
    } else {
        Policy::from_toml_str(text)
    };
    let Ok(policy) = policy else { return };
    let _ = policy.validate();
    if let Ok(s) = Scrubber::new(&policy) {
        let out = s.scrub_bytes(SAMPLE);
        assert_eq!(
            newlines(&out),
            newlines(SAMPLE),
            "a policy changed the line breaks"
        );
        let _ = s.find(SAMPLE);
        let mut streamed = Vec::new();
        s.scrub_stream(SAMPLE, &mut streamed)
            .expect("in-memory streams do not fail");
        assert_eq!(streamed, out[..], "a policy streams differently");
    }
    if let Ok(events) = EventScrubber::new(&policy) {
        let mut out = Vec::new();
        if events
            .scrub_event(SAMPLE_EVENT, &mut out, &mut Findings::default())
            .is_ok()
        {
            serde_json::from_slice::<serde_json::Value>(&out).unwrap_or_else(|e| {
                panic!(
                    "a policy made the sample event invalid JSON ({e}): {}",
                    lit(&out)
                )
            });
        }
        let mut v: serde_json::Value = serde_json::from_slice(SAMPLE_EVENT).unwrap();
        let _ = events.scrub_json(&mut v);
        let mut line = Vec::new();
        events.scrub_ndjson_line(SAMPLE, &mut line, &mut Findings::default());
    }
}

/// Policies the engine and the reference engine are compared under: the default, every
/// UUID, IPs redacted, user rules; with `each_kind`, every built-in kind alone too.
#[cfg(feature = "reference")]
pub fn engine_pairs(each_kind: bool) -> &'static [(String, Scrubber, Scrubber)] {
    use piiscrub::{Action, Detector, ScrubberBuilder};
    static ALL: OnceLock<Vec<(String, Scrubber, Scrubber)>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        let mut builders: Vec<(String, ScrubberBuilder)> = vec![
            ("default".into(), ScrubberBuilder::new()),
            (
                "custom rules".into(),
                ScrubberBuilder::new()
                    .rule(
                        Detector::regex("ticket", r"\b[A-Z]{2,4}-[0-9]{2,6}\b"),
                        Action::redact(),
                    )
                    .rule(
                        Detector::dictionary("codename", ["Bluebird", "tel", "4111"]),
                        Action::redact(),
                    ),
            ),
            (
                "uuid everywhere".into(),
                ScrubberBuilder::new().uuid_everywhere(true),
            ),
            (
                "redact ips".into(),
                ScrubberBuilder::new()
                    .kind(Kind::Ipv4, Action::redact())
                    .kind(Kind::Ipv6, Action::redact()),
            ),
        ];
        for kind in Kind::BUILTIN {
            builders.push((
                format!("{} alone", kind.name()),
                ScrubberBuilder::empty().kind(kind.clone(), Action::redact()),
            ));
        }
        builders
            .into_iter()
            .map(|(name, b)| {
                let engine = b.clone().build().expect("policy compiles");
                let reference = b.build_reference().expect("policy compiles");
                (name, engine, reference)
            })
            .collect()
    });
    if each_kind {
        all
    } else {
        &all[..4]
    }
}

/// The engine and the reference engine (feature `reference`) agree on `input`: the same
/// findings (kind, rule, range) and the same output, under [`engine_pairs`].
#[cfg(feature = "reference")]
pub fn check_engines_agree(input: &[u8], each_kind: bool) {
    for (name, engine, reference) in engine_pairs(each_kind) {
        let (a, b) = (engine.find(input), reference.find(input));
        if a != b {
            let only_engine: Vec<_> = a.iter().filter(|f| !b.contains(f)).collect();
            let only_reference: Vec<_> = b.iter().filter(|f| !a.contains(f)).collect();
            panic!(
                "the engines disagree under `{name}`: only the engine {only_engine:?}, only the reference {only_reference:?}\n  input: {}",
                lit(input)
            );
        }
        assert!(
            engine.scrub_bytes(input) == reference.scrub_bytes(input),
            "the engines' outputs differ under `{name}`: {}",
            lit(input)
        );
    }
}
