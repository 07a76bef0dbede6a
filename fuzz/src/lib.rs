//! Inputs of the fuzz targets: structured with `arbitrary`, each with a `Debug` that
//! prints a reproducer to paste into `tests/regressions.rs` (inside a `#[test]` fn).
//!
//! The checks themselves live in `tests/support/checks.rs`, included here by path, so
//! that a regression test runs exactly what the fuzz target ran.
//!
//! Every input starts with one tag byte: even means "raw" (the rest of the input is
//! used as it is, which is what the seed corpus files are), odd means "structured"
//! (the rest is decoded with `arbitrary`).

use std::fmt;
use std::sync::OnceLock;

use arbitrary::{Arbitrary, Result, Unstructured};

#[path = "../../tests/support/checks.rs"]
pub mod checks;

#[allow(dead_code)]
#[path = "../../tests/support/corpus.rs"]
mod corpus;

pub use checks::lit;

/// Largest materialized input: long enough to cross the stream window (32 KiB) a few
/// times, short enough to keep executions fast.
const MAX_BYTES: usize = 256 * 1024;

/// What findings are joined with in delimited inputs (as in tests/properties.rs).
const JOIN: &[u8] = b" | ";

const SEPARATORS: &[&str] = &[
    " ", "  ", "\t", "\n", "\r\n", "=", ": ", ",", ", ", ";", "\"", "'", "<", ">", "(", ")", "[",
    "]", "/", "@", ".", "-", "_", "+", "%40", "?", "&", ":", "#", "",
];

const CONTEXTS: &[&str] = &[
    "phone=",
    "tel:",
    "msisdn=",
    "ssn=",
    "SSN: ",
    "imei=",
    "device_id=",
    "\"userId\":\"",
    "X-Device-Id: ",
    "password=",
    "\"password\":\"",
    "Authorization: Bearer ",
    "Authorization: Basic ",
    "Cookie: sessionid=",
    "?code=",
    "&token=",
    "mailto:",
    "https://",
    "https://user:pass@",
    "iban ",
    "card ",
    "mac=",
    "from ",
    " port ",
    "[",
    "]:443",
    "::ffff:",
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.",
    "AKIA",
    "ghp_",
    "-----BEGIN PRIVATE KEY-----",
    "-----END PRIVATE KEY-----",
];

/// What scrubbed text is made of: labels and truncated addresses.
const SCRUBBED: &[&str] = &[
    "[EMAIL]",
    "[CARD]",
    "[PHONE]",
    "[IBAN]",
    "[SSN]",
    "[MAC]",
    "[UUID]",
    "[IMEI]",
    "[SECRET]",
    "[IPV4]",
    "10.1.2.0",
    "192.168.0.0",
    "2001:db8:1::",
    "::ffff:10.1.2.0",
];

/// The inputs of the test vectors (tests/vectors/*.toml), positive and negative.
fn vectors() -> &'static [String] {
    static V: OnceLock<Vec<String>> = OnceLock::new();
    V.get_or_init(|| {
        let files = [
            include_str!("../../tests/vectors/card.toml"),
            include_str!("../../tests/vectors/email.toml"),
            include_str!("../../tests/vectors/iban.toml"),
            include_str!("../../tests/vectors/imei.toml"),
            include_str!("../../tests/vectors/ipv4.toml"),
            include_str!("../../tests/vectors/ipv6.toml"),
            include_str!("../../tests/vectors/mac.toml"),
            include_str!("../../tests/vectors/phone.toml"),
            include_str!("../../tests/vectors/secrets.toml"),
            include_str!("../../tests/vectors/ssn.toml"),
            include_str!("../../tests/vectors/uuid.toml"),
        ];
        let mut out = Vec::new();
        for f in files {
            let v: toml::Value = toml::from_str(f).expect("the vectors parse");
            for case in v.get("case").and_then(|c| c.as_array()).into_iter().flatten() {
                if let Some(s) = case.get("input").and_then(|i| i.as_str()) {
                    out.push(s.to_owned());
                }
            }
        }
        out
    })
}

fn pick<'a>(table: &[&'a str], i: u8) -> &'a str {
    table[usize::from(i) % table.len()]
}

/// One piece of text: personal data (bare, in a log line, from a test vector), a
/// look-alike, a context key, scrubbed text, a separator, or free bytes.
#[derive(Arbitrary, Debug, Clone)]
pub enum Fragment {
    /// A generated value of a kind (valid check digits), from the test corpus generator.
    Value(u8, u64),
    /// A generated log line carrying a kind (or a clean line).
    Line(u8, u64),
    /// A generated look-alike (timestamps, hashes, versions …).
    LookAlike(u64),
    /// A test vector's input.
    Vector(u16),
    /// A context key.
    Context(u8),
    /// Scrubbed text.
    Scrubbed(u8),
    /// A separator.
    Sep(u8),
    /// Free bytes: printable ASCII of at most 12 bytes in delimited inputs (as in
    /// tests/properties.rs), anything in raw ones.
    Word(Vec<u8>),
}

impl Fragment {
    fn write(&self, delimited: bool, out: &mut Vec<u8>) {
        let kinds = &corpus::PII_KINDS;
        match self {
            Fragment::Value(k, seed) => out.extend_from_slice(
                corpus::sample_value(*seed, kinds[usize::from(*k) % kinds.len()]).as_bytes(),
            ),
            Fragment::Line(k, seed) => {
                let k = usize::from(*k) % (kinds.len() + 1);
                let kind = kinds.get(k).copied().unwrap_or("clean");
                out.extend_from_slice(corpus::sample_line(*seed, kind).as_bytes())
            }
            Fragment::LookAlike(seed) => {
                out.extend_from_slice(corpus::sample_value(*seed, "look-alike").as_bytes())
            }
            Fragment::Vector(i) => {
                let v = vectors();
                out.extend_from_slice(v[usize::from(*i) % v.len()].as_bytes())
            }
            Fragment::Context(i) => out.extend_from_slice(pick(CONTEXTS, *i).as_bytes()),
            Fragment::Scrubbed(i) => out.extend_from_slice(pick(SCRUBBED, *i).as_bytes()),
            Fragment::Sep(i) => out.extend_from_slice(pick(SEPARATORS, *i).as_bytes()),
            Fragment::Word(w) if delimited => out.extend(
                w.iter()
                    .filter(|b| (b' '..=b'~').contains(*b))
                    .take(12)
                    .copied(),
            ),
            Fragment::Word(w) => out.extend_from_slice(w),
        }
    }

    fn bytes(&self, delimited: bool) -> Vec<u8> {
        let mut v = Vec::new();
        self.write(delimited, &mut v);
        v
    }
}

/// A fragment, or one fragment many times over (long lines for the stream window).
#[derive(Arbitrary, Debug, Clone)]
pub enum Piece {
    /// Once.
    One(Fragment),
    /// Up to 4096 times (glued in raw inputs, joined in delimited ones).
    Repeat(Fragment, u16),
}

/// Built text: runs of `(bytes, times)`, so reproducers stay short.
#[derive(Clone, Default)]
pub struct Runs(pub Vec<(Vec<u8>, usize)>);

impl Runs {
    fn push(&mut self, bytes: Vec<u8>, times: usize, total: &mut usize) {
        let times = times.min((MAX_BYTES - *total) / bytes.len().max(1));
        if times > 0 && !bytes.is_empty() {
            *total += bytes.len() * times;
            self.0.push((bytes, times));
        }
    }

    /// Builds text from pieces: joined by ` | ` when `delimited`, else glued.
    pub fn build(pieces: &[Piece], delimited: bool) -> Runs {
        let mut runs = Runs::default();
        let mut total = 0;
        for (i, p) in pieces.iter().enumerate() {
            if delimited && i > 0 {
                runs.push(JOIN.to_vec(), 1, &mut total);
            }
            match p {
                Piece::One(f) => runs.push(f.bytes(delimited), 1, &mut total),
                Piece::Repeat(f, n) => {
                    let n = usize::from(*n % 4096) + 1;
                    let mut unit = f.bytes(delimited);
                    if delimited {
                        unit.extend_from_slice(JOIN);
                        runs.push(unit, n - 1, &mut total);
                        runs.push(f.bytes(true), 1, &mut total);
                    } else {
                        runs.push(unit, n, &mut total);
                    }
                }
            }
        }
        runs
    }

    /// The text.
    pub fn bytes(&self) -> Vec<u8> {
        let mut v = Vec::new();
        for (b, n) in &self.0 {
            for _ in 0..*n {
                v.extend_from_slice(b);
            }
        }
        v
    }
}

impl fmt::Debug for Runs {
    /// A Rust expression of type `Vec<u8>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[")?;
        for (i, (b, n)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            if *n == 1 {
                write!(f, "{}.to_vec()", lit(b))?;
            } else {
                write!(f, "{}.repeat({n})", lit(b))?;
            }
        }
        f.write_str("].concat()")
    }
}

/// The text of the `scrub_bytes` and `stream_chunks` targets.
#[derive(Clone)]
pub enum Text {
    /// Raw bytes (what seed files are): only the invariants that hold on any bytes.
    Raw(Vec<u8>),
    /// Fragments glued together: only the invariants that hold on any bytes.
    Glued(Runs),
    /// Fragments joined by ` | `: idempotence and no leak are checked too.
    Delimited(Runs),
}

impl Text {
    /// The bytes and whether they are delimited.
    pub fn bytes(&self) -> (Vec<u8>, bool) {
        match self {
            Text::Raw(b) => (b.clone(), false),
            Text::Glued(r) => (r.bytes(), false),
            Text::Delimited(r) => (r.bytes(), true),
        }
    }

    fn expr(&self) -> String {
        match self {
            Text::Raw(b) => format!("{}.to_vec()", lit(b)),
            Text::Glued(r) | Text::Delimited(r) => format!("{r:?}"),
        }
    }
}

impl<'a> Arbitrary<'a> for Text {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(match u8::arbitrary(u)? % 4 {
            0 | 2 => Text::Raw(Vec::arbitrary(u)?),
            1 => Text::Delimited(Runs::build(&Vec::<Piece>::arbitrary(u)?, true)),
            _ => Text::Glued(Runs::build(&Vec::<Piece>::arbitrary(u)?, false)),
        })
    }

    fn arbitrary_take_rest(mut u: Unstructured<'a>) -> Result<Self> {
        Ok(match u8::arbitrary(&mut u)? % 4 {
            0 | 2 => Text::Raw(u.take_rest().to_vec()),
            1 => Text::Delimited(Runs::build(&Vec::<Piece>::arbitrary_take_rest(u)?, true)),
            _ => Text::Glued(Runs::build(&Vec::<Piece>::arbitrary_take_rest(u)?, false)),
        })
    }
}

/// The `scrub_bytes` target's input.
#[derive(Clone)]
pub struct ScrubInput(pub Text);

impl<'a> Arbitrary<'a> for ScrubInput {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Text::arbitrary(u).map(ScrubInput)
    }
    fn arbitrary_take_rest(u: Unstructured<'a>) -> Result<Self> {
        Text::arbitrary_take_rest(u).map(ScrubInput)
    }
}

impl fmt::Debug for ScrubInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let check = match self.0 {
            Text::Delimited(_) => "check_scrub_delimited",
            _ => "check_scrub_bytes",
        };
        write!(f, "{check}(&{});", self.0.expr())
    }
}

/// The `differential` target's input: text, at most [`DIFF_MAX`] bytes of it (the
/// reference engine tries every pattern at every byte).
#[derive(Clone)]
pub struct DiffInput(pub Text);

/// Longest text the `differential` target compares.
pub const DIFF_MAX: usize = 8 * 1024;

impl DiffInput {
    /// The bytes to compare the engines on.
    pub fn bytes(&self) -> Vec<u8> {
        let mut b = self.0.bytes().0;
        b.truncate(DIFF_MAX);
        b
    }
}

impl<'a> Arbitrary<'a> for DiffInput {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Text::arbitrary(u).map(DiffInput)
    }
    fn arbitrary_take_rest(u: Unstructured<'a>) -> Result<Self> {
        Text::arbitrary_take_rest(u).map(DiffInput)
    }
}

impl fmt::Debug for DiffInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut expr = self.0.expr();
        if self.0.bytes().0.len() > DIFF_MAX {
            expr = format!("{expr}[..{DIFF_MAX}]");
        }
        write!(f, "check_engines_agree(&{expr}, false);")
    }
}

/// The `stream_chunks` target's input: text, a buffer size, read and write sizes.
#[derive(Clone)]
pub struct StreamInput {
    /// The text.
    pub text: Text,
    /// The buffer (at least the smallest stream buffer).
    pub cap: usize,
    /// Sizes of the inner reads (cycled).
    pub reads: Vec<usize>,
    /// Sizes of the caller's reads and writes (cycled; a 0-byte write is a flush).
    pub writes: Vec<usize>,
}

/// Bytes of parameters in front of a stream input's text (so that seed files are the
/// parameters followed by plain text).
pub const STREAM_HEADER: usize = 36;

impl StreamInput {
    fn with_text(header: &[u8], text: Text) -> StreamInput {
        let word = |i: usize| usize::from(u16::from_le_bytes([header[2 * i], header[2 * i + 1]]));
        // Mostly small pieces, sometimes large ones.
        let size = |s: usize| if s % 4 == 0 { s } else { s % 64 };
        let cap = piiscrub::MIN_STREAM_BUFFER + word(0) % (96 * 1024);
        let (nr, nw) = (usize::from(header[2] % 8) + 1, usize::from(header[3] % 8) + 1);
        let reads = (0..nr).map(|i| size(word(2 + i)).max(1)).collect();
        let writes = (0..nw).map(|i| size(word(10 + i))).collect();
        StreamInput {
            text,
            cap,
            reads,
            writes,
        }
    }
}

impl<'a> Arbitrary<'a> for StreamInput {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let header = <[u8; STREAM_HEADER]>::arbitrary(u)?;
        Ok(StreamInput::with_text(&header, Text::arbitrary(u)?))
    }

    fn arbitrary_take_rest(mut u: Unstructured<'a>) -> Result<Self> {
        let header = <[u8; STREAM_HEADER]>::arbitrary(&mut u)?;
        Ok(StreamInput::with_text(
            &header,
            Text::arbitrary_take_rest(u)?,
        ))
    }
}

impl fmt::Debug for StreamInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "check_stream(&{}, {}, &{:?}, &{:?});",
            self.text.expr(),
            self.cap,
            self.reads,
            self.writes
        )
    }
}

/// Object keys of generated events: telling keys, rule paths, or a fragment.
#[derive(Arbitrary, Debug, Clone)]
pub enum JsonKey {
    /// A key from a small table.
    Known(u8),
    /// Text.
    Frag(Fragment),
}

const KEYS: &[&str] = &[
    "user", "email", "ip", "client", "password", "phone", "ssn", "age", "msg", "token", "id",
    "card", "iban", "imei", "mac", "device_id", "secret", "items", "tags", "",
];

/// A generated JSON value whose strings are delimited fragments.
#[derive(Arbitrary, Debug, Clone)]
pub enum Json {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// An integer (cards and phones hide in numbers too).
    Int(i64),
    /// A big unsigned integer.
    UInt(u64),
    /// A float (written with Rust's shortest round-trip form; NaN/inf become 0).
    Float(f64),
    /// A string of fragments joined by ` | `.
    Str(Vec<Fragment>),
    /// An array.
    Array(Vec<Json>),
    /// An object.
    Object(Vec<(JsonKey, Json)>),
}

/// How a generated event is written.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct Style {
    /// Spaces around tokens.
    pub spaced: bool,
    /// `\u00XX` escapes for some ASCII characters (`@`, `.`, digits).
    pub escape: bool,
}

impl Json {
    fn write(&self, style: Style, depth: usize, out: &mut Vec<u8>) {
        let sp = |out: &mut Vec<u8>| {
            if style.spaced {
                out.push(b' ')
            }
        };
        match self {
            _ if depth > 200 || out.len() > MAX_BYTES => out.extend_from_slice(b"null"),
            Json::Null => out.extend_from_slice(b"null"),
            Json::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
            Json::Int(i) => out.extend_from_slice(i.to_string().as_bytes()),
            Json::UInt(i) => out.extend_from_slice(i.to_string().as_bytes()),
            Json::Float(x) if x.is_finite() => out.extend_from_slice(format!("{x:?}").as_bytes()),
            Json::Float(_) => out.push(b'0'),
            Json::Str(frags) => {
                let mut s = Vec::new();
                for (i, f) in frags.iter().enumerate() {
                    if i > 0 {
                        s.extend_from_slice(JOIN);
                    }
                    f.write(true, &mut s);
                }
                write_str(&s, style, out);
            }
            Json::Array(items) => {
                out.push(b'[');
                for (i, x) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                        sp(out);
                    }
                    x.write(style, depth + 1, out);
                }
                out.push(b']');
            }
            Json::Object(members) => {
                out.push(b'{');
                for (i, (k, x)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                        sp(out);
                    }
                    let key = match k {
                        JsonKey::Known(i) => pick(KEYS, *i).as_bytes().to_vec(),
                        JsonKey::Frag(f) => f.bytes(true),
                    };
                    write_str(&key, style, out);
                    sp(out);
                    out.push(b':');
                    sp(out);
                    x.write(style, depth + 1, out);
                }
                out.push(b'}');
            }
        }
    }
}

/// A JSON string literal of `s` (invalid UTF-8 replaced, so the event is valid JSON).
fn write_str(s: &[u8], style: Style, out: &mut Vec<u8>) {
    out.push(b'"');
    for c in String::from_utf8_lossy(s).chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            c if (c as u32) < 0x20 => out.extend_from_slice(format!("\\u{:04x}", c as u32).as_bytes()),
            '@' | '.' | '1' | ':' if style.escape => {
                out.extend_from_slice(format!("\\u{:04X}", c as u32).as_bytes())
            }
            c => {
                let mut b = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
            }
        }
    }
    out.push(b'"');
}

/// The `json_events` target's input: raw bytes (seed files), or a generated event.
#[derive(Clone)]
pub enum JsonInput {
    /// Any bytes: no panic, valid JSON out when valid JSON in.
    Raw(Vec<u8>),
    /// A generated event with delimited strings: no finding left in any string, too.
    Event(Vec<u8>),
}

impl JsonInput {
    /// The bytes and whether the no-leak check applies.
    pub fn bytes(&self) -> (&[u8], bool) {
        match self {
            JsonInput::Raw(b) => (b, false),
            JsonInput::Event(b) => (b, true),
        }
    }
}

impl<'a> Arbitrary<'a> for JsonInput {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        if u8::arbitrary(u)? % 2 == 0 {
            Ok(JsonInput::Raw(Vec::arbitrary(u)?))
        } else {
            let (v, style) = <(Json, Style)>::arbitrary(u)?;
            let mut out = Vec::new();
            v.write(style, 0, &mut out);
            Ok(JsonInput::Event(out))
        }
    }

    fn arbitrary_take_rest(mut u: Unstructured<'a>) -> Result<Self> {
        if u8::arbitrary(&mut u)? % 2 == 0 {
            Ok(JsonInput::Raw(u.take_rest().to_vec()))
        } else {
            let (v, style) = <(Json, Style)>::arbitrary_take_rest(u)?;
            let mut out = Vec::new();
            v.write(style, 0, &mut out);
            Ok(JsonInput::Event(out))
        }
    }
}

impl fmt::Debug for JsonInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (b, no_leak) = self.bytes();
        write!(f, "check_json({}, {no_leak});", lit(b))
    }
}

/// The `policy` target's input: policy text, TOML or JSON.
#[derive(Clone)]
pub struct PolicyInput {
    /// JSON rather than TOML.
    pub json: bool,
    /// The text (invalid UTF-8 replaced).
    pub text: String,
}

impl<'a> Arbitrary<'a> for PolicyInput {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let json = u8::arbitrary(u)? % 2 == 1;
        let text = String::from_utf8_lossy(&Vec::<u8>::arbitrary(u)?).into_owned();
        Ok(PolicyInput { json, text })
    }

    fn arbitrary_take_rest(mut u: Unstructured<'a>) -> Result<Self> {
        let json = u8::arbitrary(&mut u)? % 2 == 1;
        let text = String::from_utf8_lossy(u.take_rest()).into_owned();
        Ok(PolicyInput { json, text })
    }
}

impl fmt::Debug for PolicyInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "check_policy({:?}, {});", self.text, self.json)
    }
}
