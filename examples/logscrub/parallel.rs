//! The run on N worker threads, written in the original order.
//!
//! One thread reads and cuts chunks (`chunk.rs`, the same cuts as one thread makes), N
//! workers process them, and the calling thread writes them back in sequence order.
//! Memory is bounded by a fixed set of `threads + 2` buffer pairs that circulate:
//! the reader must take a free pair before it reads a chunk, and the writer frees a
//! pair only once its chunk is written. So at most `threads + 2` chunks (input and
//! output) exist at once, whatever the input size or the speed of each stage.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};
use std::sync::Mutex;
use std::thread;

use piiscrub::Findings;

use crate::chunk::{self, ChunkInfo};
use crate::failure::Failure;
use crate::input::Inputs;
use crate::output::Sink;
use crate::pipeline::{Summary, Work};
use crate::progress::Progress;

/// One circulating pair of buffers.
#[derive(Default)]
struct Buffers {
    input: Vec<u8>,
    output: Vec<u8>,
}

/// A chunk to process.
struct Job {
    seq: u64,
    index: usize,
    info: ChunkInfo,
    bufs: Buffers,
}

/// A processed chunk.
struct Done {
    seq: u64,
    bufs: Buffers,
    /// Flush the output after this chunk (see `ChunkInfo::flush`).
    flush: bool,
    /// The input bytes it stands for (see `ChunkInfo::input_bytes`).
    input_bytes: u64,
    /// The worker panicked on this chunk: its output must not be written.
    failed: bool,
}

/// Runs `work` over `inputs` on `threads` workers, writing to `sink` in input order.
pub fn run(
    work: &Work,
    inputs: &[PathBuf],
    threads: usize,
    sink: &mut Sink,
    progress: &Progress,
) -> Result<Summary, Failure> {
    let in_flight = threads + 2;
    let (free_tx, free_rx) = mpsc::sync_channel::<Buffers>(in_flight);
    for _ in 0..in_flight {
        // Cannot fail: the channel has room for every pair and its receiver is alive.
        let _ = free_tx.send(Buffers::default());
    }
    let (job_tx, job_rx) = mpsc::sync_channel::<Job>(in_flight);
    let job_rx = Mutex::new(job_rx);
    let (done_tx, done_rx) = mpsc::channel::<Done>();

    thread::scope(|scope| {
        let reader = scope.spawn(move || -> Result<Findings, Failure> {
            let mut chunks = Inputs::new(inputs, work.counts_lines(), work.streamer());
            for seq in 0.. {
                // No free pair and none coming back: the writer stopped.
                let Ok(mut bufs) = free_rx.recv() else {
                    break;
                };
                let Some((index, info)) = chunks.next_chunk(&mut bufs.input)? else {
                    break;
                };
                let job = Job {
                    seq,
                    index,
                    info,
                    bufs,
                };
                if job_tx.send(job).is_err() {
                    break;
                }
            }
            Ok(chunks.found)
        });
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let (done_tx, job_rx) = (done_tx.clone(), &job_rx);
                scope.spawn(move || worker(work, job_rx, done_tx))
            })
            .collect();
        drop(done_tx);

        let mut summary = Summary::default();
        let written = write_in_order(&done_rx, &free_tx, sink, progress, &mut summary);
        // Whatever happened, unblock the reader and the workers so they end.
        drop(free_tx);
        drop(done_rx);
        let read = reader.join().unwrap_or_else(|_| Err(internal()));
        let read = read.map(|found| summary.counts.merge(&found));
        for w in workers {
            summary.counts.merge(&w.join().unwrap_or_default());
        }
        // A read error shows first: the writer stopped short because of it.
        read.and(written).map(|()| summary)
    })
}

/// Processes jobs until there are no more; returns what it counted.
fn worker(work: &Work, jobs: &Mutex<Receiver<Job>>, done: mpsc::Sender<Done>) -> Findings {
    let mut counts = Findings::default();
    loop {
        // The lock is held only while waiting for a job, not while processing it.
        let job = jobs.lock().unwrap_or_else(|p| p.into_inner()).recv();
        let Ok(Job {
            seq,
            index,
            info,
            mut bufs,
        }) = job
        else {
            break;
        };
        bufs.output.clear();
        let failed = catch_unwind(AssertUnwindSafe(|| {
            work.process(index, info, &bufs.input, &mut bufs.output, &mut counts)
        }))
        .is_err();
        let flush = info.flush;
        if done
            .send(Done {
                seq,
                bufs,
                flush,
                input_bytes: info.input_bytes,
                failed,
            })
            .is_err()
        {
            break;
        }
    }
    counts
}

/// Writes processed chunks in sequence order, returning each buffer pair to the reader
/// once written. Stops at the first failure.
fn write_in_order(
    done: &Receiver<Done>,
    free: &mpsc::SyncSender<Buffers>,
    sink: &mut Sink,
    progress: &Progress,
    summary: &mut Summary,
) -> Result<(), Failure> {
    let mut pending = BTreeMap::new();
    let mut next = 0;
    for d in done {
        pending.insert(d.seq, d);
        while let Some(mut d) = pending.remove(&next) {
            if d.failed {
                return Err(internal());
            }
            sink.write(&d.bufs.output)?;
            if d.flush {
                sink.flush()?;
            }
            summary.bytes += d.input_bytes;
            progress.add(d.input_bytes as usize);
            next += 1;
            chunk::recycle(&mut d.bufs.input);
            chunk::recycle(&mut d.bufs.output);
            let _ = free.send(d.bufs);
        }
    }
    Ok(())
}

fn internal() -> Failure {
    Failure::Runtime("internal error: a worker thread failed (please report it)".to_owned())
}
