//! A run: what is done to one chunk (scrub, check or explain), and the loop that does
//! it on one thread. `parallel.rs` does the same work on several.

use std::path::PathBuf;

use piiscrub::{EventScrubber, Findings};

use crate::args::{Args, Format, When};
use crate::chunk::{self, ChunkInfo, ChunkKind};
use crate::explain::Style;
use crate::failure::{display_name, Failure};
use crate::input::{self, Inputs};
use crate::output::Sink;
use crate::progress::Progress;
use crate::{check, events, explain, parallel, policy_source, stats};

/// What a run produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The scrubbed text.
    Scrub,
    /// The `--check` report.
    Check,
    /// The `--explain` rendering.
    Explain(Style),
}

/// The work done to each chunk; shared by reference by every thread.
pub struct Work {
    /// The compiled policy (its text scrubber for text lines and free text).
    pub events: EventScrubber,
    /// How lines are read (`--format`).
    pub format: Format,
    /// What to produce.
    pub mode: Mode,
    /// Input names as reports show them, by input index.
    pub names: Vec<String>,
}

/// The outcome of a successful run.
#[derive(Debug, Default)]
pub struct Summary {
    /// Per-kind counts.
    pub counts: Findings,
    /// Findings in all (what `--check` gates on).
    pub found: u64,
    /// Input bytes read.
    pub bytes: u64,
}

impl Work {
    /// Whether chunks must carry line numbers.
    pub fn counts_lines(&self) -> bool {
        self.mode != Mode::Scrub
    }

    /// What scrubs lines longer than a chunk while they are read: only when scrubbing
    /// (`--check` and `--explain` read such a line whole, for its columns). Whatever
    /// the format, such a line is text (an event is at most 1 MiB).
    pub fn streamer(&self) -> Option<&piiscrub::Scrubber> {
        (self.mode == Mode::Scrub).then(|| self.events.scrubber())
    }

    /// Appends to `out` what this run produces for one chunk of input `index`, and adds
    /// what was found to `counts`.
    pub fn process(
        &self,
        index: usize,
        info: ChunkInfo,
        input: &[u8],
        out: &mut Vec<u8>,
        counts: &mut Findings,
    ) {
        let name = &self.names[index];
        match (info.kind, self.mode) {
            (ChunkKind::Scrubbed, _) => out.extend_from_slice(input),
            (ChunkKind::KeyBlock, Mode::Scrub) => hide_lines(input, out),
            // Reported with the BEGIN line the chunk before.
            (ChunkKind::KeyBlock, Mode::Check) => {}
            (ChunkKind::KeyBlock, Mode::Explain(style)) => {
                explain::key_block(name, info.first_line, input, style, out)
            }
            (ChunkKind::Text, Mode::Scrub) => match self.format {
                Format::Text => {
                    self.events.scrubber().scrub_into(input, out, counts);
                }
                format => events::scrub_lines(&self.events, format, input, out, counts),
            },
            // Whatever the format, the report is what the detectors see in the raw lines.
            (ChunkKind::Text, Mode::Check | Mode::Explain(_)) => {
                let found = self.events.scrubber().find(input);
                for f in &found {
                    counts.add(&f.kind, 1);
                }
                match self.mode {
                    Mode::Explain(style) => {
                        explain::render(name, info.first_line, input, &found, style, out)
                    }
                    _ => check::report(name, info.first_line, input, &found, out),
                }
            }
        }
    }
}

/// Every line of an over-long private-key block becomes the secret label, line
/// endings kept.
fn hide_lines(input: &[u8], out: &mut Vec<u8>) {
    // The default policy's label; a policy file that does something else with secrets
    // must be honoured here too (see policy_source.rs).
    let label = piiscrub::Kind::Secret.label();
    for line in input.split_inclusive(|&b| b == b'\n') {
        out.extend_from_slice(label.as_bytes());
        if line.ends_with(b"\r\n") {
            out.extend_from_slice(b"\r\n");
        } else if line.ends_with(b"\n") {
            out.push(b'\n');
        }
    }
}

/// Runs the whole command: policy, inputs, output, threads, stats.
pub fn run(args: &Args) -> Result<Summary, Failure> {
    // Usage and policy errors come first, before any output file exists.
    let setup = policy_source::setup(args)?;
    let inputs = args.inputs();
    let sink = Sink::open(args.output.as_deref())?;
    let mode = if args.explain {
        let terminal = match args.color {
            When::Always => true,
            When::Never => false,
            When::Auto => sink.is_terminal(),
        };
        Mode::Explain(if terminal {
            Style::Terminal
        } else {
            Style::Plain
        })
    } else if args.check {
        Mode::Check
    } else {
        Mode::Scrub
    };
    let work = Work {
        events: setup.events,
        format: setup.format,
        mode,
        names: inputs.iter().map(|p| display_name(p)).collect(),
    };
    // Output scrolling on the same terminal would tear the bar: draw it only when the
    // output goes elsewhere.
    let bar_wanted = !args.no_progress && !sink.is_terminal();
    let progress = Progress::new(bar_wanted, input::total_size(&inputs));
    let summary = drive(&work, &inputs, args.thread_count(), sink, &progress)?;
    progress.finish();
    if let Some(format) = args.stats {
        stats::print(&summary.counts, summary.bytes, format);
    }
    Ok(summary)
}

/// Reads, processes and writes everything, then commits the output.
fn drive(
    work: &Work,
    inputs: &[PathBuf],
    threads: usize,
    mut sink: Sink,
    progress: &Progress,
) -> Result<Summary, Failure> {
    let mut summary = if threads <= 1 {
        sequential(work, inputs, &mut sink, progress)?
    } else {
        parallel::run(work, inputs, threads, &mut sink, progress)?
    };
    sink.finish()?;
    summary.found = summary.counts.total();
    Ok(summary)
}

/// The whole run on the calling thread, chunk after chunk.
fn sequential(
    work: &Work,
    inputs: &[PathBuf],
    sink: &mut Sink,
    progress: &Progress,
) -> Result<Summary, Failure> {
    let mut summary = Summary::default();
    let mut reader = Inputs::new(inputs, work.counts_lines(), work.streamer());
    let (mut buf, mut out) = (Vec::new(), Vec::new());
    while let Some((index, info)) = reader.next_chunk(&mut buf)? {
        out.clear();
        work.process(index, info, &buf, &mut out, &mut summary.counts);
        sink.write(&out)?;
        if info.flush {
            sink.flush()?;
        }
        summary.bytes += info.input_bytes;
        progress.add(info.input_bytes as usize);
        chunk::recycle(&mut buf);
        chunk::recycle(&mut out);
    }
    summary.counts.merge(&reader.found);
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_block_lines_are_hidden_with_their_line_endings() {
        let mut out = Vec::new();
        hide_lines(b"MIIE\r\nAAAA\n-----END PRIVATE KEY----- tail", &mut out);
        assert_eq!(out, b"[SECRET]\r\n[SECRET]\n[SECRET]");
    }
}
