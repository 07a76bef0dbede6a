//! logscrub: scrubs personal data from log files or standard input.
//!
//! ```text
//! cargo run --release --example logscrub -- [OPTIONS] [FILE...]
//! ```
//!
//! Reads each FILE in turn (standard input when none is given, or for `-`) and writes the
//! scrubbed text with the default policy, one output line per input line. `--help` lists
//! the options, examples and exit codes (see `args.rs`).
//!
//! Layout, one concept per file:
//!
//! | file | concept |
//! |---|---|
//! | `args.rs` | the command line (clap) and its help text |
//! | `failure.rs` | why a run failed, and its exit code |
//! | `policy_source.rs` | where the policy, the key and the format come from (`--config`, `--key-file`/`PIISCRUB_KEY`, `--format`) |
//! | `events.rs` | `--format ndjson` / `auto`: lines scrubbed as JSON events or as text |
//! | `input.rs` | opening the inputs, knowing their size |
//! | `chunk.rs` | cutting an input into chunks of whole lines (PEM blocks kept whole) |
//! | `long_line.rs` | a line longer than a chunk, scrubbed as a stream with bounded memory |
//! | `pipeline.rs` | what is done to one chunk (scrub, check or explain) and the single-thread loop |
//! | `parallel.rs` | the same work on N threads, written in the original order |
//! | `check.rs`, `explain.rs` | the `--check` report and the `--explain` rendering |
//! | `output.rs` | standard output or an atomically written file |
//! | `stats.rs`, `progress.rs` | per-kind counts and the progress bar on standard error |

mod args;
mod check;
mod chunk;
mod events;
mod explain;
mod failure;
mod input;
mod long_line;
mod output;
mod parallel;
mod pipeline;
mod policy_source;
mod progress;
mod stats;

use std::process::ExitCode;

use clap::Parser;

use crate::failure::Failure;

fn main() -> ExitCode {
    let args = args::Args::parse();
    // Everything owned by `run` (an unfinished output file above all) is dropped before
    // the process exits: returning an ExitCode, never calling `process::exit`, ensures it.
    match pipeline::run(&args) {
        Ok(summary) if args.check && summary.found > 0 => ExitCode::from(failure::EXIT_FOUND),
        // Under --check only findings are written, so a reader that went away
        // (`logscrub --check big.log | head -1`) has seen one: the gate must still fail.
        Err(Failure::PipeClosed) if args.check => ExitCode::from(failure::EXIT_FOUND),
        Ok(_) | Err(Failure::PipeClosed) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("logscrub: {f}");
            ExitCode::from(f.exit_code())
        }
    }
}
