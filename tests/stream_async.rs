//! Async streaming (feature `tokio`): `AsyncScrubReader` and `AsyncScrubWriter` give
//! byte-identical output to the one-shot `scrub_bytes` however the input is cut into
//! reads and writes, also when the inner reader or writer returns `Pending`, with
//! bounded memory on a line of any length.
#![cfg(feature = "tokio")]

mod support;

use std::io;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};

use piiscrub::{
    Action, AsyncScrubReader, AsyncScrubWriter, Findings, Kind, Scrubber, MIN_STREAM_BUFFER,
};
use proptest::prelude::*;
use support::corpus::{self, Rng};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};

#[global_allocator]
static ALLOC: support::heap::Counting = support::heap::Counting;
use support::heap::peak_heap;

fn default_scrubber() -> &'static Scrubber {
    static S: OnceLock<Scrubber> = OnceLock::new();
    S.get_or_init(Scrubber::default)
}

fn mixed_scrubber() -> &'static Scrubber {
    static S: OnceLock<Scrubber> = OnceLock::new();
    S.get_or_init(|| {
        Scrubber::builder()
            .kind(Kind::Secret, Action::mask_last(4))
            .kind(Kind::Card, Action::mask_last(4))
            .kind(Kind::Email, Action::Keep)
            .kind(Kind::Phone, Action::Remove)
            .build()
            .expect("the mixed policy compiles")
    })
}

/// One runtime per test, on the test's thread (the heap counter is per thread).
fn block_on<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime")
        .block_on(f)
}

fn one_shot(s: &Scrubber, input: &[u8]) -> (Vec<u8>, Findings) {
    let mut counts = Findings::default();
    let out = s.scrub_bytes_counted(input, &mut counts).into_owned();
    (out, counts)
}

/// Hands out its bytes in pieces of the given sizes (cycled); every third call is
/// `Pending` first (waking itself at once).
struct Pieces<'a> {
    data: &'a [u8],
    sizes: Vec<usize>,
    next: usize,
}

impl Pieces<'_> {
    fn stall(&mut self, cx: &mut Context<'_>) -> bool {
        self.next += 1;
        if self.next.is_multiple_of(3) {
            cx.waker().wake_by_ref();
            return true;
        }
        false
    }
    fn size(&self) -> usize {
        self.sizes[self.next % self.sizes.len()].max(1)
    }
}

impl AsyncRead for Pieces<'_> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.stall(cx) {
            return Poll::Pending;
        }
        let n = self.size().min(buf.remaining()).min(self.data.len());
        buf.put_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Poll::Ready(Ok(()))
    }
}

/// Takes at most the given sizes per write (cycled), `Pending` every third call.
struct Sink {
    got: Vec<u8>,
    sizes: Vec<usize>,
    next: usize,
    shut: bool,
}

impl AsyncWrite for Sink {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.next += 1;
        if self.next.is_multiple_of(3) {
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        let n = self.sizes[self.next % self.sizes.len()]
            .max(1)
            .min(data.len());
        self.got.extend_from_slice(&data[..n]);
        Poll::Ready(Ok(n))
    }
    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.shut = true;
        Poll::Ready(Ok(()))
    }
}

async fn via_reader(
    s: &Scrubber,
    input: &[u8],
    cap: usize,
    sizes: &[usize],
) -> (Vec<u8>, Findings) {
    let inner = Pieces {
        data: input,
        sizes: sizes.to_vec(),
        next: 0,
    };
    let mut r = AsyncScrubReader::with_capacity(cap, s, inner);
    let mut out = Vec::new();
    // Alternate AsyncBufRead and AsyncRead calls.
    loop {
        let buf = r.fill_buf().await.expect("in memory");
        if buf.is_empty() {
            break;
        }
        let n = buf.len().min(777);
        out.extend_from_slice(&buf[..n]);
        r.consume(n);
        let mut small = [0u8; 333];
        let m = r.read(&mut small).await.expect("in memory");
        out.extend_from_slice(&small[..m]);
    }
    (out, r.findings().clone())
}

async fn via_writer(
    s: &Scrubber,
    input: &[u8],
    cap: usize,
    sizes: &[usize],
) -> (Vec<u8>, Findings) {
    let sink = Sink {
        got: Vec::new(),
        sizes: sizes.iter().rev().copied().collect(),
        next: 0,
        shut: false,
    };
    let mut w = AsyncScrubWriter::with_capacity(cap, s, sink);
    let (mut rest, mut i) = (input, 0);
    while !rest.is_empty() {
        let n = sizes[i % sizes.len()].clamp(1, rest.len());
        i += 1;
        w.write_all(&rest[..n]).await.expect("in memory");
        if i % 7 == 0 {
            w.flush().await.expect("in memory");
        }
        rest = &rest[n..];
    }
    w.shutdown().await.expect("in memory");
    let found = w.findings().clone();
    let sink = w.into_inner();
    assert!(sink.shut, "shutdown reaches the inner writer");
    (sink.got, found)
}

fn assert_all_agree(s: &Scrubber, input: &[u8], cap: usize, sizes: &[usize]) {
    let (want, want_counts) = one_shot(s, input);
    let (r, w) = block_on(async {
        (
            via_reader(s, input, cap, sizes).await,
            via_writer(s, input, cap, sizes).await,
        )
    });
    for (name, (got, counts)) in [("AsyncScrubReader", r), ("AsyncScrubWriter", w)] {
        if got != want {
            let at = got.iter().zip(&want).take_while(|(a, b)| a == b).count();
            panic!(
                "{name} (buffer {cap}) differs from scrub_bytes at byte {at} (input {} bytes, got {}, want {})",
                input.len(),
                got.len(),
                want.len()
            );
        }
        assert_eq!(counts, want_counts, "{name}: findings differ");
    }
}

const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// PII-bearing lines, lines longer than a window, PEM blocks, long secret values, CRLF
/// and bytes that are not UTF-8.
fn generate(seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    let eol: &[u8] = if rng.chance(0.3) { b"\r\n" } else { b"\n" };
    for _ in 0..rng.below(50) + 1 {
        match rng.below(10) {
            0 => {
                // A long line of values.
                let len = rng.below(100_000) + 30_000;
                let start = out.len();
                while out.len() - start < len {
                    let kind = *rng.pick(&corpus::PII_KINDS);
                    out.extend_from_slice(corpus::sample_value(rng.next_u64(), kind).as_bytes());
                    const SEPS: [&[u8]; 4] = [b" ", b", ", b"&token=", b"\t"];
                    let sep: &[u8] = SEPS[rng.below(SEPS.len())];
                    out.extend_from_slice(sep);
                }
            }
            1 => {
                out.extend_from_slice(b"-----BEGIN RSA PRIVATE KEY-----");
                for _ in 0..rng.below(30) + 1 {
                    out.extend_from_slice(eol);
                    let w = if rng.chance(0.1) {
                        rng.below(40_000) + 1
                    } else {
                        64
                    };
                    out.extend_from_slice(rng.chars(w, B64).as_bytes());
                }
                if rng.chance(0.8) {
                    out.extend_from_slice(eol);
                    out.extend_from_slice(b"-----END RSA PRIVATE KEY-----");
                }
            }
            2 => {
                out.extend_from_slice(b"token=");
                let n = rng.below(60_000) + 1;
                out.extend_from_slice(rng.chars(n, B64).as_bytes());
            }
            3 => out.extend_from_slice(b"\xff\xfe\x80 not utf-8 \xc3"),
            _ => {
                let kind = *rng.pick(&corpus::PII_KINDS);
                out.extend_from_slice(corpus::sample_line(rng.next_u64(), kind).as_bytes());
            }
        }
        out.extend_from_slice(eol);
    }
    if rng.chance(0.3) {
        out.truncate(out.len() - eol.len());
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24),
        ..ProptestConfig::default()
    })]

    /// Both async adaptors equal `scrub_bytes`, for random inputs, buffers, reads and
    /// writes, with `Pending` on either side.
    #[test]
    fn async_stream_equals_one_shot(
        seed in any::<u64>(),
        cap in MIN_STREAM_BUFFER..3 * MIN_STREAM_BUFFER,
        sizes in prop::collection::vec(prop_oneof![1..16usize, 1..5000usize, 1..200_000usize], 1..8),
        mixed in any::<bool>(),
    ) {
        let s = if mixed { mixed_scrubber() } else { default_scrubber() };
        assert_all_agree(s, &generate(seed), cap, &sizes);
    }
}

#[test]
fn lines_of_scrubbed_text_and_an_arc_scrubber_in_a_spawned_task() {
    let s = Arc::new(Scrubber::default());
    let input = b"a 198.51.100.23\r\nb alice@example.com\nc".to_vec();
    let lines = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .build()
        .unwrap()
        .block_on(async move {
            tokio::spawn(async move {
                let r = AsyncScrubReader::new(s, &input[..]);
                let mut lines = r.lines();
                let mut all = Vec::new();
                while let Some(l) = lines.next_line().await.unwrap() {
                    all.push(l);
                }
                all
            })
            .await
            .unwrap()
        });
    assert_eq!(lines, ["a 198.51.100.0", "b [EMAIL]", "c"]);
}

#[test]
fn flush_keeps_the_partial_line_and_shutdown_writes_it() {
    let s = default_scrubber();
    block_on(async {
        let mut w = AsyncScrubWriter::new(s, Vec::new());
        w.write_all(b"one 4111 1111 1111 1111\ntwo alice@exa")
            .await
            .unwrap();
        w.flush().await.unwrap();
        assert_eq!(w.get_ref(), b"one [CARD]\n");
        w.write_all(b"mple.com").await.unwrap();
        w.shutdown().await.unwrap();
        assert_eq!(w.get_ref(), b"one [CARD]\ntwo [EMAIL]");
        assert!(format!("{w:?}").contains("AsyncScrubWriter"));
        assert!(!format!("{w:?}").contains("alice"));
    });
}

/// An endless line of PII, handed out in 64 KiB reads.
struct Endless {
    left: usize,
    unit: &'static [u8],
    at: usize,
}

impl AsyncRead for Endless {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let n = buf.remaining().min(self.left).min(64 * 1024);
        for _ in 0..n {
            let b = self.unit[self.at];
            buf.put_slice(&[b]);
            self.at = (self.at + 1) % self.unit.len();
        }
        self.left -= n;
        Poll::Ready(Ok(()))
    }
}

/// Counts bytes and checks that no e-mail got through.
struct Checker {
    bytes: usize,
    tail: Vec<u8>,
}

impl AsyncWrite for Checker {
    fn poll_write(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.bytes += data.len();
        let mut window = std::mem::take(&mut self.tail);
        window.extend_from_slice(data);
        assert!(
            memchr::memmem::find(&window, b"alice@example.com").is_none(),
            "an e-mail got through"
        );
        let keep = window.len().min(32);
        self.tail = window[window.len() - keep..].to_vec();
        Poll::Ready(Ok(data.len()))
    }
    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

#[test]
fn a_32_mib_line_streams_through_both_adaptors_in_bounded_memory() {
    const UNIT: &[u8] = b"user=alice@example.com ip 203.0.113.77 card 4111 1111 1111 1111 ok; ";
    let owned = support::heap::own_scrubber();
    let s = &owned;
    let total = 32 << 20;
    let endless = |left| Endless {
        left,
        unit: UNIT,
        at: 0,
    };
    // Warm up: the engine's lazy caches belong to the scrubber, not to the stream.
    block_on(async {
        let mut r = AsyncScrubReader::new(s, endless(1 << 20));
        tokio::io::copy(&mut r, &mut tokio::io::sink())
            .await
            .unwrap();
    });
    let ((found, bytes), peak) = peak_heap(|| {
        block_on(async {
            // Reader → writer: both adaptors on one stream, scrubbing twice.
            let mut r = AsyncScrubReader::new(s, endless(total));
            let mut w = AsyncScrubWriter::new(
                s,
                Checker {
                    bytes: 0,
                    tail: Vec::new(),
                },
            );
            tokio::io::copy(&mut r, &mut w).await.unwrap();
            w.shutdown().await.unwrap();
            (r.findings().clone(), w.get_ref().bytes)
        })
    });
    eprintln!("peak heap growth while streaming 32 MiB: {peak} bytes");
    assert!(peak < 2 << 20, "peak heap growth {peak} bytes");
    let units = total / UNIT.len();
    assert!(found.get(&Kind::Email) as usize >= units - units / 50);
    assert!(bytes > total / 2);
}
