//! rounds: scrubs one file N times with one policy, for instruction counts.
//!
//! Under `valgrind --tool=callgrind`, the difference between `N = 2` and `N = 1` is the
//! cost of one pass once the lazy DFAs are warm (steady state); `N = 1` minus the
//! process start-up is the first pass, warm-up included.
//!
//! ```text
//! cargo build --release --example rounds
//! valgrind --tool=callgrind target/release/examples/rounds FILE 1 default
//! valgrind --tool=callgrind target/release/examples/rounds FILE 2 ipv4
//! valgrind --tool=callgrind target/release/examples/rounds FILE 2 email,card lines
//! ```
//!
//! The policy is `default`, one kind, or kinds joined by commas; `lines` scrubs one
//! line per call (the per-line API) instead of 64 KiB chunks.

use piiscrub::{Action, Findings, Kind, Scrubber, ScrubberBuilder};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (path, rounds, policy, per_line) = match args.as_slice() {
        [_, path, rounds, policy] => (path, rounds, policy, false),
        [_, path, rounds, policy, mode] if mode == "lines" => (path, rounds, policy, true),
        _ => {
            eprintln!("usage: rounds FILE N (default|KIND[,KIND...]) [lines]");
            std::process::exit(2);
        }
    };
    let data = std::fs::read(path).unwrap_or_else(|e| {
        eprintln!("rounds: cannot read `{path}`: {e}");
        std::process::exit(3);
    });
    let Ok(rounds) = rounds.parse::<usize>() else {
        eprintln!("rounds: N must be a number");
        std::process::exit(2);
    };
    let scrubber = if policy == "default" {
        Scrubber::default()
    } else {
        // One kind, or several joined by commas (`ipv4,card`).
        let mut builder = ScrubberBuilder::empty();
        for name in policy.split(',') {
            let Some(kind) = Kind::BUILTIN.iter().find(|k| k.name() == name) else {
                eprintln!("rounds: unknown kind `{name}`");
                std::process::exit(2);
            };
            builder = builder.kind(kind.clone(), Action::default_for(kind));
        }
        builder.build().expect("built-in kinds compile")
    };
    let mut out = Vec::with_capacity(data.len() + (1 << 20));
    let mut found = 0;
    for _ in 0..rounds {
        out.clear();
        let mut counts = Findings::default();
        if per_line {
            // The per-line API, as a service scrubbing each log line it writes.
            for line in data.split_inclusive(|&b| b == b'\n') {
                scrubber.scrub_into(line, &mut out, &mut counts);
            }
        } else {
            // The chunk size logscrub uses: 64 KiB at a time.
            for chunk in data.chunks(1 << 16) {
                scrubber.scrub_into(chunk, &mut out, &mut counts);
            }
        }
        found += counts.total();
    }
    println!("{found} findings in {rounds} rounds");
}
