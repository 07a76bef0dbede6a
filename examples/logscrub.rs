//! logscrub: scrubs personal data from log files or standard input.
//!
//! ```text
//! cargo run --release --example logscrub -- [FILE...]
//! ```
//!
//! Reads each FILE in turn (standard input when none is given, or for `-`), writes the
//! scrubbed text to standard output with the default policy: one output line per input
//! line. Exits with 0 on success, 2 on a usage error and 3 on an I/O error, naming the file.

use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::process::ExitCode;

use piiscrub::{Findings, Scrubber};

const USAGE: &str = "usage: logscrub [FILE...]   (no FILE, or -, reads standard input)";

/// How many bytes of whole lines are scrubbed per call: amortizes the per-call cost
/// while keeping memory bounded (a longer line is read whole: the streaming work lifts that).
const CHUNK: usize = 1 << 16;

/// A PEM private-key block is scrubbed whole when it fits in this many bytes; a longer
/// one is hidden line by line until its END marker.
const PEM_LIMIT: usize = 16 << 20;

/// True when the last PEM private-key BEGIN marker in `chunk` has no END marker after it.
fn open_private_key_block(chunk: &[u8]) -> bool {
    let Some(begin) = memchr::memmem::rfind(chunk, b"-----BEGIN ") else {
        return false;
    };
    let rest = &chunk[begin..];
    let line_end = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
    memchr::memmem::find(&rest[..line_end], b"PRIVATE KEY").is_some()
        && memchr::memmem::find(rest, b"-----END").is_none()
}

/// Scrubs `input` to `out` in chunks of whole lines. `Err((true, e))` is a read error,
/// `Err((false, e))` a write error.
fn scrub_stream(
    scrubber: &Scrubber,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    counts: &mut Findings,
) -> Result<(), (bool, io::Error)> {
    let mut chunk = Vec::with_capacity(CHUNK + 4096);
    let mut scrubbed = Vec::with_capacity(CHUNK + 4096);
    // Inside a private-key block too long to scrub whole: hide every line to its END.
    let mut in_key_block = false;
    loop {
        chunk.clear();
        while chunk.len() < CHUNK || (open_private_key_block(&chunk) && chunk.len() < PEM_LIMIT) {
            if input.read_until(b'\n', &mut chunk).map_err(|e| (true, e))? == 0 {
                break;
            }
            if in_key_block {
                let ends = memchr::memmem::find(&chunk, b"-----END").is_some();
                let newline = if chunk.ends_with(b"\r\n") {
                    "\r\n"
                } else if chunk.ends_with(b"\n") {
                    "\n"
                } else {
                    ""
                };
                chunk.clear();
                write!(out, "[SECRET]{newline}").map_err(|e| (false, e))?;
                in_key_block = !ends;
            }
        }
        if chunk.is_empty() {
            return Ok(());
        }
        in_key_block = open_private_key_block(&chunk);
        scrubbed.clear();
        scrubber.scrub_into(&chunk, &mut scrubbed, counts);
        out.write_all(&scrubbed).map_err(|e| (false, e))?;
    }
}

fn main() -> ExitCode {
    let mut files: Vec<String> = Vec::new();
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            a if a.starts_with('-') && a != "-" => {
                eprintln!("logscrub: unknown option `{a}`\n{USAGE}");
                return ExitCode::from(2);
            }
            a => files.push(a.to_owned()),
        }
    }
    if files.is_empty() {
        files.push("-".to_owned());
    }
    let scrubber = Scrubber::default();
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut counts = Findings::default();
    for name in &files {
        let mut reader: Box<dyn BufRead> = if name == "-" {
            Box::new(BufReader::with_capacity(1 << 16, io::stdin().lock()))
        } else {
            match std::fs::File::open(name) {
                Ok(f) => Box::new(BufReader::with_capacity(1 << 16, f)),
                Err(e) => {
                    eprintln!("logscrub: cannot open `{name}`: {e}");
                    return ExitCode::from(3);
                }
            }
        };
        if let Err((from_input, e)) = scrub_stream(&scrubber, &mut reader, &mut out, &mut counts) {
            if !from_input && e.kind() == io::ErrorKind::BrokenPipe {
                return ExitCode::SUCCESS;
            }
            let what = if from_input {
                format!("reading `{name}`")
            } else {
                "writing the output".to_owned()
            };
            eprintln!("logscrub: error {what}: {e}");
            return ExitCode::from(3);
        }
    }
    if let Err(e) = out.flush() {
        if e.kind() == io::ErrorKind::BrokenPipe {
            return ExitCode::SUCCESS;
        }
        eprintln!("logscrub: error writing the output: {e}");
        return ExitCode::from(3);
    }
    ExitCode::SUCCESS
}
