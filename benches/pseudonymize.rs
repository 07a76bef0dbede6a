//! Cost per pseudonym token (spec v1) and per encrypted IP, and a log line scrubbed with
//! the pseudonymizing preset against the default policy.
//!
//! `cargo bench --bench pseudonymize`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use piiscrub::{
    pseudonymize_value, Action, EncryptMode, Key, Keyring, Kind, Policy, Scrubber, ScrubberBuilder,
};

fn key() -> Key {
    Key::from_bytes(&(0u8..32).collect::<Vec<_>>()).expect("32 bytes")
}

fn tokens(c: &mut Criterion) {
    let key = key();
    let mut g = c.benchmark_group("pseudonymize");
    g.throughput(Throughput::Elements(1));
    g.bench_function("token/value", |b| {
        b.iter(|| pseudonymize_value(&key, "user-id", black_box(b"U-123456789"), false))
    });
    let email = ScrubberBuilder::empty()
        .kind(Kind::Email, Action::pseudonymize())
        .keyring(Keyring::new(self::key()))
        .build()
        .expect("compiles");
    g.bench_function("token/email-in-line", |b| {
        b.iter(|| {
            email
                .scrub_str(black_box("user Alice@Example.com logged in"))
                .len()
        })
    });
    let redact = ScrubberBuilder::empty()
        .kind(Kind::Email, Action::redact())
        .build()
        .expect("compiles");
    g.bench_function("redact/email-in-line", |b| {
        b.iter(|| {
            redact
                .scrub_str(black_box("user Alice@Example.com logged in"))
                .len()
        })
    });
    for mode in [EncryptMode::Deterministic, EncryptMode::Pfx] {
        let s = ScrubberBuilder::empty()
            .kind(Kind::Ipv4, Action::encrypt(mode))
            .keyring(Keyring::new(self::key()))
            .build()
            .expect("compiles");
        g.bench_function(format!("encrypt/{mode:?}"), |b| {
            b.iter(|| s.scrub_str(black_box("from 198.51.100.23 ok")).len())
        });
    }
    g.finish();
}

fn lines(c: &mut Criterion) {
    let line = "2024-05-01T12:00:00Z INFO login user=alice@example.com ip=198.51.100.23 \
                device=3f2504e0-4f89-11d3-9a0c-0305e82c3301 phone=+44 20 7946 0958 took 12ms\n";
    let text = line.repeat(1000);
    let pseudo = ScrubberBuilder::from_policy(Policy::pseudonymizing())
        .keyring(Keyring::new(key()))
        .build()
        .expect("compiles");
    let default = Scrubber::default();
    let mut g = c.benchmark_group("lines");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("default-policy", |b| {
        b.iter(|| default.scrub_str(black_box(&text)).len())
    });
    g.bench_function("pseudonymizing-policy", |b| {
        b.iter(|| pseudo.scrub_str(black_box(&text)).len())
    });
    g.finish();
}

criterion_group!(benches, tokens, lines);
criterion_main!(benches);
