//! throughput: MB/s of the default policy, of each built-in kind alone, and of a memcpy
//! floor, over one file, measured in the same run (median of 5).
//!
//! ```text
//! cargo run --release --example gencorpus -- --lines 200000 --kind sparse > /tmp/sparse.log
//! cargo run --release --example throughput -- /tmp/sparse.log
//! ```

use std::time::Instant;

use piiscrub::{Action, Findings, Kind, Scrubber, ScrubberBuilder};

/// Median MB/s of `run` over `data`, 5 rounds.
fn measure(data: &[u8], mut run: impl FnMut() -> u64) -> (f64, u64) {
    let mut rates = Vec::new();
    let mut found = 0;
    for _ in 0..5 {
        let t = Instant::now();
        found = run();
        rates.push(data.len() as f64 / 1e6 / t.elapsed().as_secs_f64());
    }
    rates.sort_by(f64::total_cmp);
    (rates[2], found)
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: throughput FILE");
        std::process::exit(2);
    };
    let data = match std::fs::read(&path) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("throughput: cannot read `{path}`: {e}");
            std::process::exit(3);
        }
    };
    let mut out = Vec::with_capacity(data.len() + (1 << 20));
    let (floor, _) = measure(&data, || {
        out.clear();
        out.extend_from_slice(&data);
        out.len() as u64
    });
    let mut scrub = |s: &Scrubber| {
        measure(&data, || {
            out.clear();
            let mut counts = Findings::default();
            for chunk in data.chunks(1 << 16) {
                s.scrub_into(chunk, &mut out, &mut counts);
            }
            counts.total()
        })
    };
    println!(
        "{:<10} {:>10} {:>9} {:>10}",
        "policy", "MB/s", "findings", "of memcpy"
    );
    println!("{:<10} {:>10.0} {:>9} {:>10}", "memcpy", floor, "-", "1");
    for kind in Kind::BUILTIN.iter() {
        let s = ScrubberBuilder::empty()
            .kind(kind.clone(), Action::default_for(kind))
            .build()
            .expect("a built-in kind compiles");
        let (rate, found) = scrub(&s);
        println!(
            "{:<10} {rate:>10.1} {found:>9} {:>10.4}",
            kind.name(),
            rate / floor
        );
    }
    let (rate, found) = scrub(&Scrubber::default());
    println!(
        "{:<10} {rate:>10.1} {found:>9} {:>10.4}",
        "default",
        rate / floor
    );
}
