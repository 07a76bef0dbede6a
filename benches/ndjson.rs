//! Throughput of structured events: NDJSON usage/access events (≈10% carry personal
//! data in free text, every one an IP and a user id in fields), generated here with a
//! fixed seed, ≈2 MiB.
//!
//! * `text_scrub_bytes`: the same lines scrubbed as plain text (the floor of the
//!   free-text work, without JSON awareness);
//! * `event_default`: `EventScrubber::scrub_event` per line, default policy (every
//!   string and number scanned after unescaping);
//! * `event_rules`: the same with field rules (IP truncation, key-name drop, bucket,
//!   time truncation);
//! * `event_allow_list`: allow-list mode with a handful of listed fields;
//! * `value_default`: `EventScrubber::scrub_json` on pre-parsed `serde_json::Value`s.
//!
//! ```text
//! cargo bench --bench ndjson
//! ```

use std::time::Duration;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use piiscrub::{EventScrubber, FieldAction, FieldRule, Findings, Policy, TimeUnit};

/// A small deterministic generator (xorshift), so the corpus is the same every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn corpus() -> Vec<String> {
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    let events = [
        "page_view",
        "click",
        "export",
        "search",
        "login",
        "api_call",
    ];
    let notes = [
        "user opened the settings page",
        "retry after timeout",
        "contact me at jane.doe@example.com",
        "card 4111 1111 1111 1111 declined",
        "call +44 20 7946 0958",
        "nothing to see here",
    ];
    let mut lines = Vec::new();
    let mut size = 0;
    while size < 2 << 20 {
        let note = if r.below(10) == 0 {
            notes[2 + r.below(3) as usize]
        } else {
            notes[[0, 1, 5][r.below(3) as usize]]
        };
        let line = format!(
            "{{\"ts\":\"2024-05-06T{:02}:{:02}:{:02}.{:03}Z\",\"event\":\"{}\",\"client\":{{\"ip\":\"{}.{}.{}.{}\",\"ua\":\"Mozilla/5.0 (X11; Linux x86_64)\"}},\"user\":{{\"id\":\"u-{}\",\"plan\":\"pro\"}},\"latency_ms\":{},\"token\":\"t{:016x}\",\"props\":{{\"page\":\"/items/{}\",\"note\":\"{}\",\"tags\":[\"a\",\"b\"]}}}}",
            r.below(24), r.below(60), r.below(60), r.below(1000),
            events[r.below(6) as usize],
            r.below(223) + 1, r.below(256), r.below(256), r.below(256),
            r.below(100_000), r.below(5000), r.next(), r.below(10_000), note
        );
        size += line.len() + 1;
        lines.push(line);
    }
    lines
}

fn scrubbers() -> Vec<(&'static str, EventScrubber)> {
    let default = EventScrubber::new(&Policy::default()).unwrap();
    let mut p = Policy {
        fields: vec![
            FieldRule::path(
                "client.ip",
                FieldAction::Truncate {
                    v4_prefix: 24,
                    v6_prefix: 48,
                },
            ),
            FieldRule::key_matches(
                "password|secret|token|authorization|cookie",
                FieldAction::Drop,
            ),
            FieldRule::path("latency_ms", FieldAction::Bucket { width: 100.0 }),
            FieldRule::path("ts", FieldAction::TruncateTime { to: TimeUnit::Hour }),
            FieldRule::path("user.id", FieldAction::Redact { label: None }),
        ],
        ..Policy::default()
    };
    let rules = EventScrubber::new(&p).unwrap();
    p.allow_list = true;
    p.fields.push(FieldRule::path("event", FieldAction::Scan));
    p.fields
        .push(FieldRule::path("props.note", FieldAction::Scan));
    let allow = EventScrubber::new(&p).unwrap();
    vec![
        ("event_default", default),
        ("event_rules", rules),
        ("event_allow_list", allow),
    ]
}

fn bench(c: &mut Criterion) {
    let lines = corpus();
    let bytes: usize = lines.iter().map(|l| l.len() + 1).sum();
    let mut g = c.benchmark_group("ndjson");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(5));
    let all = scrubbers();
    let text = all[0].1.scrubber();
    g.bench_function("text_scrub_bytes", |b| {
        let mut out = Vec::with_capacity(bytes * 2);
        b.iter(|| {
            out.clear();
            let mut counts = Findings::default();
            for l in &lines {
                text.scrub_into(l.as_bytes(), &mut out, &mut counts);
            }
            black_box(out.len())
        })
    });
    for (name, ev) in &all {
        g.bench_function(*name, |b| {
            let mut out = Vec::with_capacity(bytes * 2);
            b.iter(|| {
                out.clear();
                let mut counts = Findings::default();
                for l in &lines {
                    ev.scrub_event(l.as_bytes(), &mut out, &mut counts).unwrap();
                }
                black_box(out.len())
            })
        });
    }
    let values: Vec<serde_json::Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    g.bench_function("value_default", |b| {
        b.iter(|| {
            let mut vs = values.clone();
            for v in &mut vs {
                all[0].1.scrub_json(v).unwrap();
            }
            black_box(vs.len())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
