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
//! ```

use piiscrub::{Action, Findings, Kind, Scrubber, ScrubberBuilder};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, path, rounds, policy] = args.as_slice() else {
        eprintln!("usage: rounds FILE N (default|KIND)");
        std::process::exit(2);
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
        let Some(kind) = Kind::BUILTIN.iter().find(|k| k.name() == policy) else {
            eprintln!("rounds: unknown kind `{policy}`");
            std::process::exit(2);
        };
        ScrubberBuilder::empty()
            .kind(kind.clone(), Action::default_for(kind))
            .build()
            .expect("a built-in kind compiles")
    };
    let mut out = Vec::with_capacity(data.len() + (1 << 20));
    let mut found = 0;
    for _ in 0..rounds {
        out.clear();
        let mut counts = Findings::default();
        // The chunk size logscrub uses: whole lines, 64 KiB at a time.
        for chunk in data.chunks(1 << 16) {
            scrubber.scrub_into(chunk, &mut out, &mut counts);
        }
        found += counts.total();
    }
    println!("{found} findings in {rounds} rounds");
}
