//! The command line: every option, its default, and the help text with examples and exit codes.

use std::path::PathBuf;

use clap::{Parser, ValueEnum};

const AFTER_HELP: &str = "\
Policy: with no options, every built-in detector on; IPv4 truncated to /24 and IPv6 to /48,
everything else redacted with its label ([EMAIL], [CARD], [SECRET] ...). With a key
(--key-file or PIISCRUB_KEY, hex, at least 32 bytes; the flag wins) and no --config,
e-mails, phones, UUIDs, MACs and IMEIs become keyed pseudonyms (email_<token> ...); IPs
are still truncated; cards, IBANs, SSNs and secrets still redacted. --config FILE reads a
policy file (TOML or JSON, docs/policy.md); its `key = \"default\"` is the key given here.

Examples:
  logscrub app.log > app.clean.log           scrub a file to standard output
  journalctl -o cat | logscrub               scrub standard input
  logscrub -o clean.log a.log b.log          write both, atomically, to clean.log
  logscrub --check samples/*.log             CI gate: exit 1 and list kind, line, column
  logscrub --explain app.log                 show what would change (dry run)
  logscrub --stats=json app.log > /dev/null  per-kind counts as JSON on standard error
  logscrub --threads 1 big.log | head        one thread; a closed pipe ends quietly
  logscrub --key-file k.hex app.log          pseudonymize instead of redacting
  logscrub --config policy.toml events.ndjson   a policy file (it may set --format)
  logscrub --format auto mixed.log           JSON lines as events, other lines as text

Exit codes:
  0  success (also when the reader of standard output goes away, as with `| head`)
  1  personal data found (only with --check, even if the reader went away)
  2  usage or policy error (bad option, bad policy file, bad or missing key)
  3  I/O or other runtime failure (an unreadable input is named)

Work is cut into chunks of whole lines of about 1 MiB, scrubbed on --threads threads and
written in the original order: the output is byte-identical whatever the thread count, and
memory stays within threads + 2 chunks. A line longer than a chunk is scrubbed as a stream
with a fixed buffer (bounded memory whatever its length). A PEM private-key block is never
cut by a chunk boundary (up to 16 MiB; a longer one is hidden line by line to its END marker).

Formats: text scans every line as free text. ndjson scrubs each line as a JSON event by the
policy's field rules (byte-preserving); a line that is not JSON is scrubbed as text. auto
treats lines starting with `{` as events, others as text. --check and --explain scan every
line as text whatever the format: they report what the detectors see in the raw lines.";

/// Scrub personal data (e-mails, IPs, cards, phones, IBANs, SSNs, MACs, device ids, IMEIs,
/// secrets) from logs, one output line per input line.
#[derive(Debug, Parser)]
#[command(name = "logscrub", version, after_help = AFTER_HELP)]
pub struct Args {
    /// Log files to scrub, in order; `-` or none reads standard input.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Write to FILE instead of standard output: a temporary file in FILE's directory,
    /// renamed over FILE only when the whole run succeeded (created with mode 0600).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Do not write scrubbed text: list each finding (file:line:column: kind (rule)),
    /// never its value, and exit 1 when there is any (with --explain: show the
    /// explanation instead of the list, same exit code).
    #[arg(long)]
    pub check: bool,

    /// Dry run: show each line that would change, every change marked with its kind and
    /// rule. On a terminal (or with --color=always) the original values are highlighted;
    /// otherwise they are replaced by plain markers such as [[email:email]].
    #[arg(long)]
    pub explain: bool,

    /// Print per-kind counts (never values) to standard error at the end.
    #[arg(long, value_enum, value_name = "FORMAT", num_args = 0..=1, require_equals = true,
          default_missing_value = "text")]
    pub stats: Option<StatsFormat>,

    /// Worker threads [default: all cores].
    #[arg(short = 'j', long, value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub threads: Option<u16>,

    /// Input format [default: the policy file's `format`, else text].
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Policy file (TOML `.toml` or JSON `.json`, see docs/policy.md).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Pseudonymization key file: hex text, at least 64 digits (the PIISCRUB_KEY
    /// environment variable is the other way to give a key; this flag wins).
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,

    /// Colors and highlighted values in --explain output.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = When::Auto)]
    pub color: When,

    /// Never draw the progress bar (drawn only when standard error is a terminal,
    /// standard output is not, and the input size is known).
    #[arg(long)]
    pub no_progress: bool,
}

/// How `--stats` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    /// One `kind count` line each.
    Text,
    /// One JSON object.
    Json,
}

/// The input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Per line: a line starting with `{` is a JSON event, any other line is text.
    Auto,
    /// Log lines scanned as text.
    Text,
    /// One JSON event per line, scrubbed field by field.
    Ndjson,
}

/// When to use terminal rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum When {
    /// When standard output is a terminal.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl Args {
    /// The inputs in order; standard input when none was named.
    pub fn inputs(&self) -> Vec<PathBuf> {
        if self.files.is_empty() {
            vec![PathBuf::from("-")]
        } else {
            self.files.clone()
        }
    }

    /// The number of worker threads.
    pub fn thread_count(&self) -> usize {
        match self.threads {
            Some(n) => usize::from(n),
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }
}
