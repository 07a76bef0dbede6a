//! Streaming: `scrub_stream`, `ScrubReader` and `ScrubWriter` give byte-identical output
//! to the one-shot `scrub_bytes` for every buffer of at least `MIN_STREAM_BUFFER` bytes
//! and every way the input is cut into reads and writes, with bounded memory.
//!
//! `PROPTEST_CASES=500 cargo test --release --test stream` searches deeper.

mod support;

use std::io::{self, BufRead, Read, Write};
use std::sync::OnceLock;

use piiscrub::{
    Action, Findings, Kind, ScrubReader, ScrubWriter, Scrubber, MIN_STREAM_BUFFER, STREAM_BUFFER,
};
use proptest::prelude::*;
use support::corpus::{self, Rng};

#[global_allocator]
static ALLOC: support::heap::Counting = support::heap::Counting;
use support::heap::peak_heap;

// ---------------------------------------------------------------------------------------
// Scrubbers and helpers.

fn default_scrubber() -> &'static Scrubber {
    static S: OnceLock<Scrubber> = OnceLock::new();
    S.get_or_init(Scrubber::default)
}

/// Value-dependent and keeping actions: spans continued across windows use the kind's
/// label (masks) or stay (keep); the one-shot API must agree.
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

fn one_shot(s: &Scrubber, input: &[u8]) -> (Vec<u8>, Findings) {
    let mut counts = Findings::default();
    let out = s.scrub_bytes_counted(input, &mut counts).into_owned();
    (out, counts)
}

/// A reader that hands out its bytes in pieces of the given sizes (cycled).
struct Pieces<'a> {
    data: &'a [u8],
    sizes: Vec<usize>,
    next: usize,
}

impl Read for Pieces<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let want = self.sizes[self.next % self.sizes.len()].max(1);
        self.next += 1;
        let n = want.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

fn via_scrub_stream(
    s: &Scrubber,
    input: &[u8],
    cap: usize,
    sizes: &[usize],
) -> (Vec<u8>, Findings) {
    let reader = Pieces {
        data: input,
        sizes: sizes.to_vec(),
        next: 0,
    };
    let mut out = Vec::new();
    let found = s
        .scrub_stream_with_capacity(cap, reader, &mut out)
        .expect("in-memory streams do not fail");
    (out, found)
}

fn via_reader(s: &Scrubber, input: &[u8], cap: usize, sizes: &[usize]) -> (Vec<u8>, Findings) {
    let reader = Pieces {
        data: input,
        sizes: sizes.to_vec(),
        next: 0,
    };
    let mut r = ScrubReader::with_capacity(cap, s, reader);
    let mut out = Vec::new();
    // Alternate BufRead and Read calls.
    loop {
        let buf = r.fill_buf().expect("in memory");
        if buf.is_empty() {
            break;
        }
        let n = buf.len().min(777);
        out.extend_from_slice(&buf[..n]);
        r.consume(n);
        let mut small = [0u8; 333];
        let m = r.read(&mut small).expect("in memory");
        out.extend_from_slice(&small[..m]);
    }
    (out, r.findings().clone())
}

fn via_writer(s: &Scrubber, input: &[u8], cap: usize, sizes: &[usize]) -> (Vec<u8>, Findings) {
    let mut w = ScrubWriter::with_capacity(cap, s, Vec::new());
    let (mut rest, mut i) = (input, 0);
    while !rest.is_empty() {
        let n = sizes[i % sizes.len()].clamp(1, rest.len());
        i += 1;
        w.write_all(&rest[..n]).expect("in memory");
        if i % 7 == 0 {
            w.flush().expect("in memory");
        }
        rest = &rest[n..];
    }
    w.finish().expect("in memory");
    let found = w.findings().clone();
    (w.into_inner().expect("in memory"), found)
}

fn assert_all_agree(s: &Scrubber, input: &[u8], cap: usize, sizes: &[usize]) {
    let (want, want_counts) = one_shot(s, input);
    for (name, (got, counts)) in [
        ("scrub_stream", via_scrub_stream(s, input, cap, sizes)),
        ("ScrubReader", via_reader(s, input, cap, sizes)),
        ("ScrubWriter", via_writer(s, input, cap, sizes)),
    ] {
        if got != want {
            if let Ok(dir) = std::env::var("STREAM_FAIL_DIR") {
                let _ = std::fs::write(format!("{dir}/input.bin"), input);
                let _ = std::fs::write(
                    format!("{dir}/meta.txt"),
                    format!(
                        "{name} {cap} {mixed} {sizes:?}",
                        mixed = std::ptr::eq(s, mixed_scrubber())
                    ),
                );
            }
            let at = got.iter().zip(&want).take_while(|(a, b)| a == b).count();
            let show = |v: &[u8]| {
                String::from_utf8_lossy(&v[at.saturating_sub(80)..(at + 80).min(v.len())])
                    .into_owned()
            };
            panic!(
                "{name} (buffer {cap}) differs from scrub_bytes at byte {at} (input {} bytes)\n got: {:?}\nwant: {:?}",
                input.len(),
                show(&got),
                show(&want)
            );
        }
        assert_eq!(counts, want_counts, "{name}: findings differ");
    }
    // The streaming findings are those of `find` on the whole input.
    let mut found = Vec::new();
    let reader = Pieces {
        data: input,
        sizes: sizes.to_vec(),
        next: 0,
    };
    let counts = s
        .find_stream_with_capacity(cap, reader, |f| found.push(f))
        .expect("in-memory streams do not fail");
    assert_eq!(found, s.find(input), "find_stream differs from find");
    assert_eq!(counts, want_counts, "find_stream: counts differ");
}

// ---------------------------------------------------------------------------------------
// The input generator: PII-bearing lines, long lines, PEM blocks, CRLF, non-UTF-8.

const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn pem_block(rng: &mut Rng, out: &mut Vec<u8>, eol: &[u8]) {
    out.extend_from_slice(b"-----BEGIN RSA PRIVATE KEY-----");
    let one_line = rng.chance(0.2);
    let lines = rng.below(40) + 1;
    for _ in 0..lines {
        if !one_line {
            out.extend_from_slice(eol);
        }
        let width = if rng.chance(0.1) {
            rng.below(40_000) + 1
        } else {
            64
        };
        out.extend_from_slice(rng.chars(width, B64).as_bytes());
    }
    if rng.chance(0.85) {
        if !one_line {
            out.extend_from_slice(eol);
        }
        out.extend_from_slice(b"-----END RSA PRIVATE KEY-----");
        // What is glued to the END marker: a token, a dashed token, the next block.
        match rng.below(10) {
            0 | 1 => out.extend_from_slice(b"glued"),
            2 => out.extend_from_slice(b"ab-cd"),
            3 => pem_block(rng, out, eol),
            _ => {}
        }
    }
}

/// A long run of values with separators, no line break.
fn long_line(rng: &mut Rng, out: &mut Vec<u8>, len: usize) {
    let start = out.len();
    while out.len() - start < len {
        match rng.below(9) {
            0 => out.extend_from_slice(
                {
                    let n = rng.below(3000) + 1;
                    rng.chars(n, B64)
                }
                .as_bytes(),
            ),
            1 => out.extend_from_slice(b"password="),
            2 => out.extend_from_slice(b"Cookie: "),
            3 => out.extend_from_slice(b" \xff\xfe caf\xc3\xa9 "),
            4 => out.push(b'\r'),
            _ => {
                let kind = *rng.pick(&corpus::PII_KINDS);
                out.extend_from_slice(corpus::sample_value(rng.next_u64(), kind).as_bytes());
            }
        }
        const SEPS: [&[u8]; 6] = [b" ", b", ", b"", b"\t", b"&token=", b"\""];
        let sep = SEPS[rng.below(SEPS.len())];
        out.extend_from_slice(sep);
    }
}

fn generate(seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    let eol: &[u8] = if rng.chance(0.3) { b"\r\n" } else { b"\n" };
    if rng.chance(0.15) {
        // No newline at all.
        let n = rng.below(150_000) + 1;
        long_line(&mut rng, &mut out, n);
        return out;
    }
    let items = rng.below(60) + 1;
    for _ in 0..items {
        match rng.below(12) {
            0 => {
                let n = rng.below(120_000) + 30_000;
                long_line(&mut rng, &mut out, n)
            }
            1 => pem_block(&mut rng, &mut out, eol),
            2 => {
                out.extend_from_slice(b"Cookie: ");
                out.extend_from_slice(
                    {
                        let n = rng.below(60_000) + 1;
                        rng.chars(n, b"abc=123; ")
                    }
                    .as_bytes(),
                );
            }
            3 => {
                out.extend_from_slice(b"token=");
                out.extend_from_slice(
                    {
                        let n = rng.below(60_000) + 1;
                        rng.chars(n, B64)
                    }
                    .as_bytes(),
                );
            }
            4 => out.extend_from_slice(b"\xff\xfe\x80 not utf-8 \xc3"),
            5 => {}
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
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(40),
        ..ProptestConfig::default()
    })]

    /// Every streaming surface equals `scrub_bytes`, for random inputs, buffers, reads
    /// and writes.
    #[test]
    fn stream_equals_one_shot(
        seed in any::<u64>(),
        cap in MIN_STREAM_BUFFER..3 * MIN_STREAM_BUFFER,
        sizes in prop::collection::vec(prop_oneof![1..16usize, 1..5000usize, 1..200_000usize], 1..8),
        mixed in any::<bool>(),
    ) {
        let s = if mixed { mixed_scrubber() } else { default_scrubber() };
        assert_all_agree(s, &generate(seed), cap, &sizes);
    }

    /// Short inputs around the line-length limit, with the smallest buffer.
    #[test]
    fn near_the_limit(extra in 0..3usize, filler in prop::sample::select(vec![b'a', b' ', b'1', b'-']),
                      tail in prop::sample::select(vec!["", "\n", "\r\n", " alice@example.com\n"])) {
        let mut input = vec![filler; MIN_STREAM_BUFFER - 2 + extra];
        input.splice(100..100, b"alice@example.com ".iter().copied());
        input.extend_from_slice(tail.as_bytes());
        assert_all_agree(default_scrubber(), &input, MIN_STREAM_BUFFER, &[MIN_STREAM_BUFFER]);
    }
}

// ---------------------------------------------------------------------------------------
// Values longer than a window.

#[test]
fn cookie_of_8_kib_split_across_writes() {
    let s = default_scrubber();
    let mut input = b"GET / HTTP/1.1\r\nCookie: ".to_vec();
    let mut rng = Rng::new(8);
    input.extend_from_slice(rng.chars(8 * 1024, b"abcdefXYZ0123456789=; ").as_bytes());
    input.extend_from_slice(b"\r\nHost: example.com\r\n");
    for cap in [MIN_STREAM_BUFFER, STREAM_BUFFER] {
        assert_all_agree(s, &input, cap, &[100, 1, 4096]);
    }
    assert_eq!(
        one_shot(s, &input).0,
        b"GET / HTTP/1.1\r\nCookie: [SECRET]\r\nHost: example.com\r\n"
    );
}

#[test]
fn cookie_longer_than_the_buffer_is_hidden_whole() {
    let s = default_scrubber();
    let mut input = b"Cookie: ".to_vec();
    let mut rng = Rng::new(9);
    input.extend_from_slice(rng.chars(300 * 1024, b"abcdefXYZ0123456789=; ").as_bytes());
    input.extend_from_slice(b"\r\nnext alice@example.com\n");
    let want = b"Cookie: [SECRET]\r\nnext [EMAIL]\n";
    assert_eq!(one_shot(s, &input).0, want);
    assert_all_agree(s, &input, MIN_STREAM_BUFFER, &[1000, 7, 65536]);
    // `find` reports the value whole, across every cut, as the output shows it.
    let found = s.find(&input);
    let ranges: Vec<_> = found
        .iter()
        .map(|f| (f.kind.clone(), f.range.clone()))
        .collect();
    let value_end = 8 + 300 * 1024;
    assert_eq!(
        ranges,
        [
            (Kind::Secret, 8..value_end),
            (Kind::Email, value_end + 7..input.len() - 1)
        ]
    );
}

#[test]
fn pem_block_longer_than_the_buffer_is_hidden_line_by_line() {
    let s = default_scrubber();
    let mut rng = Rng::new(10);
    let mut input = b"key:\r\n-----BEGIN PRIVATE KEY-----\r\n".to_vec();
    for _ in 0..5000 {
        input.extend_from_slice(rng.chars(64, B64).as_bytes());
        input.extend_from_slice(b"\r\n");
    }
    input.extend_from_slice(b"-----END PRIVATE KEY----- after alice@example.com\r\n");
    let (out, counts) = one_shot(s, &input);
    let mut want = b"key:\r\n".to_vec();
    for _ in 0..5002 {
        want.extend_from_slice(b"[SECRET]\r\n");
    }
    // The END line: the block, then the rest of the line scanned on its own.
    want.truncate(want.len() - 2);
    want.extend_from_slice(b" after [EMAIL]\r\n");
    assert_eq!(
        String::from_utf8_lossy(&out),
        String::from_utf8_lossy(&want)
    );
    assert_eq!(counts.get(&Kind::Secret), 1);
    assert_all_agree(s, &input, MIN_STREAM_BUFFER, &[4096, 1, 100_000]);
}

#[test]
fn pem_blocks_glued_end_to_begin_are_both_hidden() {
    let s = default_scrubber();
    let mut rng = Rng::new(12);
    let mut input = Vec::new();
    for _ in 0..3 {
        input.extend_from_slice(b"-----BEGIN PRIVATE KEY-----\n");
        for _ in 0..200 {
            input.extend_from_slice(rng.chars(64, B64).as_bytes());
            input.push(b'\n');
        }
        input.extend_from_slice(b"-----END PRIVATE KEY-----");
    }
    input.push(b'\n');
    let out = one_shot(s, &input).0;
    assert!(
        out.split(|&b| b == b'\n')
            .all(|l| l.is_empty() || l == b"[SECRET]" || l == b"[SECRET][SECRET]"),
        "a body line shows"
    );
    assert_all_agree(s, &input, MIN_STREAM_BUFFER, &[1, 4096, 20_000]);
}

#[test]
fn a_long_value_running_into_a_pem_marker_hides_the_block() {
    // The value is longer than one piece, so it is continued to its line's end; a BEGIN
    // marker on the way (even one cut by the piece's end) turns it into a PEM block.
    let s = default_scrubber();
    let mut rng = Rng::new(13);
    let body: Vec<String> = (0..3).map(|_| rng.chars(64, B64)).collect();
    for filler in (MIN_STREAM_BUFFER - 40..MIN_STREAM_BUFFER + 4).step_by(3) {
        let mut input = b"password=".to_vec();
        input.extend_from_slice(rng.chars(filler, b"abcdef0123456789").as_bytes());
        input.extend_from_slice(b"-----BEGIN PRIVATE KEY-----\n");
        for line in &body {
            input.extend_from_slice(line.as_bytes());
            input.push(b'\n');
        }
        input.extend_from_slice(b"-----END PRIVATE KEY----- ok\n");
        let out = String::from_utf8(one_shot(s, &input).0).unwrap();
        for line in &body {
            assert!(
                !out.contains(line.as_str()),
                "a body line shows (filler {filler})"
            );
        }
        assert!(out.ends_with(" ok\n"), "filler {filler}");
        assert_all_agree(s, &input, MIN_STREAM_BUFFER, &[4093]);
    }
}

#[test]
fn pem_on_one_long_line_and_unterminated_pem() {
    let s = default_scrubber();
    let mut rng = Rng::new(11);
    let mut one = b"k -----BEGIN EC PRIVATE KEY-----".to_vec();
    one.extend_from_slice(rng.chars(200 * 1024, B64).as_bytes());
    one.extend_from_slice(b"-----END EC PRIVATE KEY----- ok\n");
    assert_eq!(one_shot(s, &one).0, b"k [SECRET] ok\n");
    assert_all_agree(s, &one, MIN_STREAM_BUFFER, &[3000]);

    // No END marker: hidden to the end of the input (fail closed).
    let mut open = b"-----BEGIN PRIVATE KEY-----\n".to_vec();
    for _ in 0..2000 {
        open.extend_from_slice(rng.chars(64, B64).as_bytes());
        open.push(b'\n');
    }
    let out = one_shot(s, &open).0;
    assert!(out
        .split(|&b| b == b'\n')
        .all(|l| l.is_empty() || l == b"[SECRET]"));
    assert_all_agree(s, &open, MIN_STREAM_BUFFER, &[5000]);
}

// ---------------------------------------------------------------------------------------
// Bytes that must pass through.

#[test]
fn crlf_missing_final_newline_and_invalid_utf8_are_preserved() {
    let s = default_scrubber();
    let cases: [&[u8]; 5] = [
        b"a alice@example.com\r\nb 10.1.2.3\r\n",
        b"no final newline 4111 1111 1111 1111",
        b"\xff\xfe bob@example.com \x80\xc3\n\xc3\xa9t\xc3\xa9\r\n",
        b"",
        b"\r\n\r\n\n\r",
    ];
    for input in cases {
        let (want, _) = one_shot(s, input);
        assert_eq!(
            want.iter().filter(|&&b| b == b'\n').count(),
            input.iter().filter(|&&b| b == b'\n').count()
        );
        assert_all_agree(s, input, MIN_STREAM_BUFFER, &[1, 2, 3]);
    }
    assert_eq!(
        one_shot(s, cases[2]).0,
        b"\xff\xfe [EMAIL] \x80\xc3\n\xc3\xa9t\xc3\xa9\r\n"
    );
}

// ---------------------------------------------------------------------------------------
// ScrubWriter: split writes, flush and drop.

#[test]
fn writer_joins_a_line_written_byte_by_byte() {
    let s = default_scrubber();
    let mut w = ScrubWriter::new(s, Vec::new());
    for b in b"mail alice@example.com card 4111 1111 1111 1111\n" {
        w.write_all(&[*b]).unwrap();
    }
    assert_eq!(w.get_ref(), b"mail [EMAIL] card [CARD]\n");
    assert_eq!(w.findings().total(), 2);
}

#[test]
fn flush_writes_complete_lines_and_keeps_the_partial_one() {
    let s = default_scrubber();
    let mut w = ScrubWriter::new(s, Vec::new());
    w.write_all(b"one bob@example.com\ntwo alice@exa").unwrap();
    w.flush().unwrap();
    assert_eq!(w.get_ref(), b"one [EMAIL]\n");
    w.write_all(b"mple.com\nthree").unwrap();
    w.flush().unwrap();
    assert_eq!(w.get_ref(), b"one [EMAIL]\ntwo [EMAIL]\n");
    w.finish().unwrap();
    assert_eq!(w.get_ref(), b"one [EMAIL]\ntwo [EMAIL]\nthree");
    // After finish, a new stream starts.
    w.write_all(b"4111 1111 1111 1111").unwrap();
    let inner = w.into_inner().unwrap();
    assert_eq!(inner, b"one [EMAIL]\ntwo [EMAIL]\nthree[CARD]");
}

#[test]
fn drop_writes_what_is_buffered() {
    let s = default_scrubber();
    let mut sink = Vec::new();
    {
        let mut w = ScrubWriter::new(s, &mut sink);
        w.write_all(b"partial line with alice@example.com").unwrap();
    }
    assert_eq!(sink, b"partial line with [EMAIL]");
}

/// A writer that fails once, then works.
struct Flaky {
    out: Vec<u8>,
    fail: bool,
}

impl Write for Flaky {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if std::mem::take(&mut self.fail) {
            return Err(io::Error::other("disk full"));
        }
        self.out.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_failed_inner_write_loses_nothing() {
    let s = default_scrubber();
    let mut w = ScrubWriter::new(
        s,
        Flaky {
            out: Vec::new(),
            fail: true,
        },
    );
    // The line is taken; its output waits; the next call reports the error.
    assert_eq!(w.write(b"a bob@example.com\n").unwrap(), 18);
    w.get_mut().fail = true;
    assert!(w.write(b"b\n").is_err());
    w.write_all(b"b\n").unwrap();
    w.finish().unwrap();
    assert_eq!(w.get_ref().out, b"a [EMAIL]\nb\n");
}

// ---------------------------------------------------------------------------------------
// Bounded memory: a 100 MiB line through a fixed buffer.

/// Yields `total` bytes of one endless line full of personal data.
struct Endless {
    left: usize,
    unit: &'static [u8],
    at: usize,
}

impl Read for Endless {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = buf.len().min(self.left);
        for b in &mut buf[..n] {
            *b = self.unit[self.at];
            self.at = (self.at + 1) % self.unit.len();
        }
        self.left -= n;
        Ok(n)
    }
}

/// Counts output bytes and fails on a raw e-mail, even one cut between two writes.
struct Checker {
    bytes: usize,
    tail: Vec<u8>,
}

impl Write for Checker {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes += buf.len();
        let mut window = std::mem::take(&mut self.tail);
        window.extend_from_slice(&buf[..buf.len().min(64)]);
        let leaked = |h: &[u8]| h.windows(17).any(|w| w == b"alice@example.com");
        assert!(!leaked(&window) && !leaked(buf), "a raw e-mail was written");
        self.tail = buf[buf.len().saturating_sub(64)..].to_vec();
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_100_mib_line_streams_in_bounded_memory() {
    const UNIT: &[u8] = b"user=alice@example.com ip 203.0.113.77 card 4111 1111 1111 1111 phone +1 202 555 0143 ok; ";
    let owned = support::heap::own_scrubber();
    let s = &owned;
    let total = 100 << 20;
    // Warm up: the engine's lazy caches are part of the scrubber, not of the stream.
    let mut warm = Vec::new();
    s.scrub_stream(
        Endless {
            left: 4 * STREAM_BUFFER,
            unit: UNIT,
            at: 0,
        },
        &mut warm,
    )
    .unwrap();
    drop(warm);
    let mut sink = Checker {
        bytes: 0,
        tail: Vec::new(),
    };
    let (found, peak) = peak_heap(|| {
        s.scrub_stream(
            Endless {
                left: total,
                unit: UNIT,
                at: 0,
            },
            &mut sink,
        )
        .unwrap()
    });
    eprintln!("peak heap growth while streaming 100 MiB: {peak} bytes");
    assert!(peak < 1 << 20, "peak heap growth {peak} bytes");
    let units = total / UNIT.len();
    assert!(found.get(&Kind::Email) as usize >= units - units / 50);
    assert!(sink.bytes > total / 2);
}

#[test]
fn findings_of_a_20_mib_line_in_bounded_memory() {
    const UNIT: &[u8] =
        b"user=alice@example.com ip 203.0.113.77 token=8f14e45fceea167a5a36dedd4bea2543; ";
    let owned = support::heap::own_scrubber();
    let s = &owned;
    let total = 20 << 20;
    let endless = |left| Endless {
        left,
        unit: UNIT,
        at: 0,
    };
    // Warm up the engine's lazy caches, which belong to the scrubber.
    s.find_stream(endless(4 * STREAM_BUFFER), |_| {}).unwrap();
    let (mut emails, mut last_end) = (0usize, 0usize);
    let (counts, peak) = peak_heap(|| {
        s.find_stream(endless(total), |f| {
            assert!(
                f.range.start >= last_end,
                "findings in order, not overlapping"
            );
            last_end = f.range.end;
            emails += usize::from(f.kind == Kind::Email);
        })
        .unwrap()
    });
    eprintln!("peak heap growth while finding in 20 MiB: {peak} bytes");
    assert!(peak < 1 << 20, "peak heap growth {peak} bytes");
    assert_eq!(counts.get(&Kind::Email) as usize, emails);
    assert!(emails >= total / UNIT.len() - total / UNIT.len() / 50);
}
