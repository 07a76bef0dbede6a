//! gencorpus: writes a deterministic, labelled synthetic log corpus to standard output.
//!
//! ```text
//! cargo run --release --example gencorpus -- --lines 100000 --seed 7 --kind dense > logs.txt
//! cargo run --release --example gencorpus -- --lines 20000 --labels labels.jsonl > logs.txt
//! cargo run --release --example gencorpus -- --lines 100000 | target/release/examples/logscrub
//! ```
//!
//! Options:
//!
//! * `--lines N` — number of lines (default 10000);
//! * `--seed S` — generator seed (default 1); the same seed gives the same corpus;
//! * `--kind K` — `sparse` (≈5% of lines carry personal data), `dense` (≈38%),
//!   `non-ascii` (10% of lines carry non-ASCII text), or `labelled` (default: the
//!   share given by `--pii-share`, default 0.25);
//! * `--pii-share F` — share of lines with personal data for `labelled`;
//! * `--labels FILE` — also write the labels as JSON lines to FILE:
//!   `{"kind":"email","line":12,"pii":true,"text":"alice@example.com"}` for planted
//!   personal data (`kind` is a piiscrub `Kind` name) and `"pii":false` for look-alikes
//!   that must stay unchanged. Lines are 1-based.
//!
//! The generator is `tests/support/corpus.rs` (synthetic data only: random names,
//! numbers with valid check digits, IP addresses from private and public ranges).

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

#[path = "../tests/support/corpus.rs"]
#[allow(dead_code)]
mod corpus;

const USAGE: &str = "usage: gencorpus [--lines N] [--seed S] [--kind sparse|dense|non-ascii|labelled] [--pii-share F] [--labels FILE]";

struct Args {
    lines: usize,
    seed: u64,
    mix: corpus::Mix,
    labels: Option<String>,
}

fn parse() -> Result<Option<Args>, String> {
    let mut args = Args {
        lines: 10_000,
        seed: 1,
        mix: corpus::Mix {
            pii_line_share: 0.25,
            non_ascii_share: 0.03,
        },
        labels: None,
    };
    let mut kind = "labelled".to_owned();
    let mut share: Option<f64> = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        if a == "-h" || a == "--help" {
            return Ok(None);
        }
        let mut value = |name: &str| it.next().ok_or_else(|| format!("`{name}` needs a value"));
        match a.as_str() {
            "--lines" => {
                let v = value("--lines")?;
                args.lines = v
                    .parse()
                    .map_err(|_| format!("--lines: `{v}` is not a count"))?;
            }
            "--seed" => {
                let v = value("--seed")?;
                args.seed = v
                    .parse()
                    .map_err(|_| format!("--seed: `{v}` is not a number"))?;
            }
            "--kind" => kind = value("--kind")?,
            "--pii-share" => {
                let v = value("--pii-share")?;
                let f: f64 = v
                    .parse()
                    .map_err(|_| format!("--pii-share: `{v}` is not a number"))?;
                if !(0.0..=1.0).contains(&f) {
                    return Err(format!("--pii-share: `{v}` is not between 0 and 1"));
                }
                share = Some(f);
            }
            "--labels" => args.labels = Some(value("--labels")?),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    args.mix = match kind.as_str() {
        "sparse" => corpus::SPARSE,
        "dense" => corpus::DENSE,
        "non-ascii" => corpus::NON_ASCII,
        "labelled" => corpus::Mix {
            pii_line_share: share.unwrap_or(0.25),
            ..args.mix
        },
        other => return Err(format!("--kind: unknown kind `{other}`")),
    };
    if share.is_some() && kind != "labelled" {
        return Err("--pii-share only goes with --kind labelled".to_owned());
    }
    Ok(Some(args))
}

fn write_labels(path: &str, c: &corpus::Corpus) -> io::Result<()> {
    let mut w = BufWriter::new(std::fs::File::create(path)?);
    let all = c
        .planted
        .iter()
        .map(|p| (p, true))
        .chain(c.lookalikes.iter().map(|p| (p, false)));
    for (p, pii) in all {
        let v = serde_json::json!({"line": p.line, "kind": p.kind, "text": p.text, "pii": pii});
        writeln!(w, "{v}")?;
    }
    w.flush()
}

fn main() -> ExitCode {
    let args = match parse() {
        Ok(Some(a)) => a,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("gencorpus: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let c = corpus::generate_mix(args.seed, args.lines, args.mix);
    if let Some(path) = &args.labels {
        if let Err(e) = write_labels(path, &c) {
            eprintln!("gencorpus: cannot write labels to `{path}`: {e}");
            return ExitCode::from(3);
        }
    }
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match out.write_all(c.text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gencorpus: error writing the output: {e}");
            ExitCode::from(3)
        }
    }
}
