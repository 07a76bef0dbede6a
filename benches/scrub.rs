//! Throughput of the hot path: `Scrubber::scrub_bytes` with the default policy on three
//! generated 4 MiB log corpora (`tests/support/corpus.rs`):
//!
//! * `sparse`: ≈5% of lines carry personal data (a typical service log),
//! * `dense`: ≈38% of lines do (auth, payment and access logs),
//! * `non_ascii`: 10% of lines carry non-ASCII text (UTF-8 umlauts, CJK, emoji).
//!
//! Each corpus is one criterion group holding, so that ratios come from one run:
//!
//! * `memcpy`: copying the corpus into a `Vec`, the floor no scrubber can beat;
//! * `scrub_bytes`: piiscrub, one call over the whole buffer;
//! * `scrub_into_lines`: piiscrub line by line into a reused buffer, as `logscrub` does;
//! * `naive_regex`: the baseline a service would write by hand, one
//!   `regex::bytes::Regex::replace_all` per kind (e-mail, IPv4, IPv6, card, phone, SSN,
//!   UUID, IBAN) in default (Unicode-aware) syntax, without validation; Unicode `\b`
//!   and `\d` make the regex crate leave its fast DFA on non-ASCII text, which is what
//!   such hand-written code pays in practice;
//! * `naive_regex_ascii`: the same regexes with `(?-u)`, the best case of that approach.
//!
//! ```text
//! cargo bench --bench scrub                 # ≈1–2 minutes after the build; see "thrpt"
//! cargo bench --bench scrub -- dense        # one corpus
//! ```

use std::borrow::Cow;
use std::time::Duration;

use criterion::{black_box, criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use piiscrub::{Findings, Scrubber};
use regex::bytes::{NoExpand, Regex};

#[path = "../tests/support/corpus.rs"]
#[allow(dead_code)]
mod corpus;

/// Size of each corpus.
const SIZE: usize = 4 << 20;

/// One `replace_all` per kind, applied one after the other.
struct Naive(Vec<(Regex, &'static str)>);

impl Naive {
    /// `ascii`: compile with `(?-u)` (ASCII `\b` and `\d`), the tuned variant.
    fn new(ascii: bool) -> Naive {
        let rules = [
            (r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", "[EMAIL]"),
            (
                r"\b(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}\b|\b(?:[0-9A-Fa-f]{1,4}:){1,6}:(?:[0-9A-Fa-f]{1,4}:){0,5}[0-9A-Fa-f]{1,4}\b",
                "[IPV6]",
            ),
            (r"\b(?:\d{1,3}\.){3}\d{1,3}\b", "[IPV4]"),
            (
                r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b",
                "[UUID]",
            ),
            (
                r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b",
                "[IBAN]",
            ),
            (r"\b(?:\d[ -]?){12,18}\d\b", "[CARD]"),
            (r"\b\d{3}-\d{2}-\d{4}\b", "[SSN]"),
            (
                r"(?:\+\d{1,3}[ .-]?)?\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}\b",
                "[PHONE]",
            ),
        ];
        Naive(
            rules
                .iter()
                .map(|(re, label)| {
                    let re = if ascii {
                        format!("(?-u){re}")
                    } else {
                        (*re).to_owned()
                    };
                    (Regex::new(&re).expect("baseline regex"), *label)
                })
                .collect(),
        )
    }

    fn scrub(&self, input: &[u8]) -> Vec<u8> {
        let mut cur: Cow<'_, [u8]> = Cow::Borrowed(input);
        for (re, label) in &self.0 {
            let next = match re.replace_all(&cur, NoExpand(label.as_bytes())) {
                Cow::Owned(o) => Some(o),
                Cow::Borrowed(_) => None,
            };
            if let Some(o) = next {
                cur = Cow::Owned(o);
            }
        }
        cur.into_owned()
    }
}

fn bench_scrub(c: &mut Criterion) {
    let scrubber = Scrubber::default();
    let naive = Naive::new(false);
    let naive_ascii = Naive::new(true);
    let corpora = [
        ("sparse", corpus::sparse(SIZE)),
        ("dense", corpus::dense(SIZE)),
        ("non_ascii", corpus::non_ascii(SIZE)),
    ];
    for (name, text) in &corpora {
        let input = text.as_bytes();
        let mut group = c.benchmark_group(format!("scrub/{name}"));
        group
            .throughput(Throughput::Bytes(input.len() as u64))
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2));
        group.bench_function("memcpy", |b| b.iter(|| black_box(input).to_vec()));
        group.bench_function("scrub_bytes", |b| {
            b.iter(|| scrubber.scrub_bytes(black_box(input)).len())
        });
        group.bench_function("scrub_into_lines", |b| {
            let mut out = Vec::with_capacity(input.len() + 4096);
            let mut counts = Findings::default();
            b.iter(|| {
                out.clear();
                for line in black_box(input).split_inclusive(|&b| b == b'\n') {
                    scrubber.scrub_into(line, &mut out, &mut counts);
                }
                out.len()
            })
        });
        group.bench_function("naive_regex", |b| {
            b.iter(|| naive.scrub(black_box(input)).len())
        });
        group.bench_function("naive_regex_ascii", |b| {
            b.iter(|| naive_ascii.scrub(black_box(input)).len())
        });
        group.finish();
    }
}

criterion_group!(benches, bench_scrub);
criterion_main!(benches);
