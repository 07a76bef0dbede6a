//! Streaming overhead: the same input through the one-shot API and through every
//! streaming surface (default 64 KiB buffer), with the default policy.
//!
//! * `sparse_lines`: a 4 MiB generated log (`tests/support/corpus.rs`), short lines;
//! * `long_line`: 4 MiB on one line (values and filler, no line break), the case the
//!   window rule cuts into pieces.
//!
//! In each group: `scrub_bytes` (one call on the whole buffer), `scrub_stream`
//! (reader → writer), `ScrubReader` (`read_to_end`) and `ScrubWriter` (written in 8 KiB
//! pieces, as a logger would).
//!
//! ```text
//! cargo bench --bench stream                # see "thrpt"
//! ```

use std::io::{Read, Write};
use std::time::Duration;

use criterion::{black_box, criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use piiscrub::{ScrubReader, ScrubWriter, Scrubber};

#[path = "../tests/support/corpus.rs"]
#[allow(dead_code)]
mod corpus;

const SIZE: usize = 4 << 20;

fn long_line() -> Vec<u8> {
    let mut rng = corpus::Rng::new(7);
    let mut out = Vec::with_capacity(SIZE + 1024);
    while out.len() < SIZE {
        let kind = *rng.pick(&corpus::PII_KINDS);
        out.extend_from_slice(corpus::sample_value(rng.next_u64(), kind).as_bytes());
        out.extend_from_slice(b" filler text with no personal data at all, ");
    }
    out
}

fn bench_stream(c: &mut Criterion) {
    let scrubber = Scrubber::default();
    let inputs = [
        ("sparse_lines", corpus::sparse(SIZE).into_bytes()),
        ("long_line", long_line()),
    ];
    for (name, input) in &inputs {
        let input = input.as_slice();
        let mut group = c.benchmark_group(*name);
        group
            .throughput(Throughput::Bytes(input.len() as u64))
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2));
        group.bench_function("scrub_bytes", |b| {
            b.iter(|| scrubber.scrub_bytes(black_box(input)).len())
        });
        group.bench_function("scrub_stream", |b| {
            b.iter(|| {
                let mut out = Vec::with_capacity(input.len());
                scrubber.scrub_stream(black_box(input), &mut out).unwrap();
                out.len()
            })
        });
        group.bench_function("ScrubReader", |b| {
            b.iter(|| {
                let mut out = Vec::with_capacity(input.len());
                ScrubReader::new(&scrubber, black_box(input))
                    .read_to_end(&mut out)
                    .unwrap();
                out.len()
            })
        });
        group.bench_function("ScrubWriter", |b| {
            b.iter(|| {
                let mut w = ScrubWriter::new(&scrubber, Vec::with_capacity(input.len()));
                for piece in black_box(input).chunks(8 << 10) {
                    w.write_all(piece).unwrap();
                }
                w.into_inner().unwrap().len()
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench_stream);
criterion_main!(benches);
