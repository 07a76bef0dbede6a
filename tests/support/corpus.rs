//! A deterministic, labelled corpus of realistic log lines.
//!
//! What it is for: measuring what piiscrub finds (recall, `tests/recall.rs`), what it
//! must leave alone (look-alikes), feeding the property tests with realistic fragments
//! (`tests/properties.rs`), and giving the benches (`benches/scrub.rs`) and people
//! (`examples/gencorpus.rs`) corpora that look like production logs.
//!
//! What it generates: syslog (sshd, kernel, cron, postfix, dhcpd, systemd), nginx/apache
//! access logs (with `X-Forwarded-For` lists and real-looking user agents), JSON
//! application logs, logfmt, HTTP request dumps (`Authorization`, `Cookie`,
//! `X-Device-Id` …), Java log and stack-trace lines and Kubernetes lines (klog,
//! containerd, events).
//!
//! * Personal data is **planted** in realistic places and every planted item is
//!   labelled with its kind (a built-in `Kind` name: `email`, `ipv4`, … `secret`), the
//!   exact text that must disappear, and its 1-based line number.
//! * **Look-alikes** (timestamps, hashes, trace ids, request UUIDs, durations, byte
//!   counts, Luhn-invalid 16-digit ids, versions, hostnames, 5-part dotted numbers,
//!   epoch millis, order ids, ports, pids, pod names, PCI addresses …) are labelled too:
//!   they must come out unchanged.
//! * Every planted item and look-alike sits between bytes that are not ASCII letters or
//!   digits, so "still present" can be checked at token boundaries.
//! * Lines that carry no planted item carry no personal data at all: a clean line that
//!   changes is a false positive.
//! * Check digits are computed here (Luhn for cards and IMEIs, ISO 7064 mod-97 for
//!   IBANs), and the data is synthetic: names and numbers are random, IPs are drawn
//!   from private and public ranges, the last octet never 0 (an IPv4 that equals its
//!   own /24 truncation would prove nothing).
//!
//! Everything is a pure function of the seed (a splitmix64 generator, no `rand`, no
//! files, no downloads): the same seed gives the same corpus on every platform.

use std::fmt::Write as _;

/// The built-in kinds planted by this generator (the `Kind` names).
pub const PII_KINDS: [&str; 11] = [
    "email", "ipv4", "ipv6", "mac", "card", "iban", "phone", "ssn", "uuid", "imei", "secret",
];

/// One labelled item: what it is, its exact text, and its line (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planted {
    /// A `Kind` name for personal data; a look-alike class (`timestamp`, `sha256` …)
    /// for look-alikes.
    pub kind: &'static str,
    /// The exact text as it appears in the line.
    pub text: String,
    /// The 1-based line number.
    pub line: usize,
}

/// A generated corpus: `\n`-terminated lines and their labels.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// The lines, each ending with `\n`.
    pub text: String,
    /// Personal data planted in the text.
    pub planted: Vec<Planted>,
    /// Tokens that look like personal data but are not.
    pub lookalikes: Vec<Planted>,
}

/// The mix of a corpus: which share of lines carries personal data or non-ASCII text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mix {
    /// Share of lines that carry at least one planted item.
    pub pii_line_share: f64,
    /// Share of lines that carry non-ASCII text (umlauts, CJK, Cyrillic, emoji).
    pub non_ascii_share: f64,
}

/// ≈5% of lines carry personal data: a typical service log.
pub const SPARSE: Mix = Mix {
    pii_line_share: 0.05,
    non_ascii_share: 0.02,
};
/// ≈38% of lines carry personal data: auth, payment and access logs.
pub const DENSE: Mix = Mix {
    pii_line_share: 0.38,
    non_ascii_share: 0.02,
};
/// 10% of lines carry non-ASCII text, ≈5% personal data.
pub const NON_ASCII: Mix = Mix {
    pii_line_share: 0.05,
    non_ascii_share: 0.10,
};

/// A labelled corpus of `lines` lines; `pii_line_share` of them carry personal data
/// (3% carry non-ASCII text).
pub fn generate(seed: u64, lines: usize, pii_line_share: f64) -> Corpus {
    generate_mix(
        seed,
        lines,
        Mix {
            pii_line_share,
            non_ascii_share: 0.03,
        },
    )
}

/// A labelled corpus of `lines` lines with the given mix.
pub fn generate_mix(seed: u64, lines: usize, mix: Mix) -> Corpus {
    let mut g = Gen::new(seed, mix);
    let mut c = Corpus::default();
    for _ in 0..lines {
        g.next_line(&mut c);
    }
    c
}

/// Generates whole lines until the corpus holds at least `bytes` bytes.
pub fn generate_bytes(seed: u64, bytes: usize, mix: Mix) -> Corpus {
    let mut g = Gen::new(seed, mix);
    let mut c = Corpus::default();
    while c.text.len() < bytes {
        g.next_line(&mut c);
    }
    c
}

/// About `bytes` bytes of log text where ≈5% of lines carry personal data.
pub fn sparse(bytes: usize) -> String {
    generate_bytes(0x5EED_0001, bytes, SPARSE).text
}

/// About `bytes` bytes of log text where ≈38% of lines carry personal data.
pub fn dense(bytes: usize) -> String {
    generate_bytes(0x5EED_0002, bytes, DENSE).text
}

/// About `bytes` bytes of log text where 10% of lines carry non-ASCII text.
pub fn non_ascii(bytes: usize) -> String {
    generate_bytes(0x5EED_0003, bytes, NON_ASCII).text
}

/// One line (without `\n`) carrying personal data of `kind` (one of [`PII_KINDS`]),
/// or a clean line for any other `kind`.
pub fn sample_line(seed: u64, kind: &str) -> String {
    let mut g = Gen::new(seed, SPARSE);
    g.non_ascii = g.rng.chance(0.2);
    match PII_KINDS.iter().position(|k| *k == kind) {
        Some(i) => g.pii_line(i),
        None => g.clean_line(),
    }
    std::mem::take(&mut g.line)
}

/// A bare value of `kind` (one of [`PII_KINDS`]) as it could appear in text; any
/// other `kind` gives a look-alike token.
pub fn sample_value(seed: u64, kind: &str) -> String {
    let mut g = Gen::new(seed, SPARSE);
    match kind {
        "email" => g.email(),
        "ipv4" => g.ipv4(),
        "ipv6" => g.ipv6(),
        "mac" => g.mac(),
        "card" => g.card(),
        "iban" => g.iban(),
        "phone" => g.phone_free(),
        "ssn" => g.ssn(),
        "uuid" => g.uuid(),
        "imei" => g.imei(),
        "secret" => match g.rng.below(3) {
            0 => g.jwt(),
            1 => g.aws_key(),
            _ => g.github_token(),
        },
        _ => g.lookalike().2,
    }
}

// ---------------------------------------------------------------------------------
// The pseudo-random generator and check digits.
// ---------------------------------------------------------------------------------

/// splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and the same on every platform.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x6A09_E667_F3BC_C909)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    /// One element of `xs` (non-empty).
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    /// `n` random characters of `alphabet`.
    pub fn chars(&mut self, n: usize, alphabet: &[u8]) -> String {
        (0..n)
            .map(|_| char::from(alphabet[self.below(alphabet.len())]))
            .collect()
    }

    /// `n` decimal digits (leading zeros allowed).
    pub fn digits(&mut self, n: usize) -> String {
        self.chars(n, b"0123456789")
    }

    /// `n` lower-case hex digits.
    pub fn hex(&mut self, n: usize) -> String {
        self.chars(n, b"0123456789abcdef")
    }
}

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const B64URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// True when the digits of `s` (other characters ignored) pass the Luhn check.
pub fn luhn_valid(s: &str) -> bool {
    let mut sum = 0u32;
    let mut n = 0;
    for b in s.bytes().rev().filter(u8::is_ascii_digit) {
        let mut d = u32::from(b - b'0');
        if n % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
        n += 1;
    }
    n > 0 && sum.is_multiple_of(10)
}

/// `payload` followed by its Luhn check digit.
pub fn luhn_complete(payload: &str) -> String {
    (0..10)
        .map(|d| format!("{payload}{d}"))
        .find(|s| luhn_valid(s))
        .expect("one of ten check digits is right")
}

/// ISO 7064 mod 97-10 of a string of digits and upper-case letters (A = 10 … Z = 35).
fn mod97(s: &str) -> u32 {
    s.bytes().fold(0u32, |r, b| match b {
        b'0'..=b'9' => (r * 10 + u32::from(b - b'0')) % 97,
        b'A'..=b'Z' => (r * 100 + u32::from(b - b'A') + 10) % 97,
        _ => r,
    })
}

/// The compact IBAN of `country` and `bban`, with its two check digits.
pub fn iban_from_bban(country: &str, bban: &str) -> String {
    let check = 98 - mod97(&format!("{bban}{country}00"));
    format!("{country}{check:02}{bban}")
}

/// True when `s` (spaces ignored) passes the IBAN mod-97 check.
pub fn iban_valid(s: &str) -> bool {
    let c: String = s.chars().filter(|c| *c != ' ').collect();
    c.len() > 4 && c.is_ascii() && mod97(&format!("{}{}", &c[4..], &c[..4])) == 1
}

/// Base64url without padding (RFC 4648 §5), as JWTs use it.
pub fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.len();
        let v = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..=n {
            out.push(char::from(B64URL[((v >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

// ---------------------------------------------------------------------------------
// Word lists (all invented or generic).
// ---------------------------------------------------------------------------------

const FIRST: &[&str] = &[
    "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory",
    "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yasmin",
];
const LAST: &[&str] = &[
    "smith", "jones", "garcia", "mueller", "rossi", "dubois", "nguyen", "kowalski", "tanaka",
    "okafor", "silva", "jensen",
];
const DOMAINS: &[&str] = &[
    "example.com",
    "example.org",
    "example.net",
    "mail.example.com",
    "corp.example.co.uk",
    "eu.mail.example.io",
    "gmail.com",
    "outlook.com",
    "yahoo.fr",
    "web.de",
    "proton.me",
    "students.uni-example.edu",
];
const UTF8_EMAILS: &[&str] = &[
    "jürgen@müller.de",
    "françois.dupont@société.fr",
    "ana.núñez@correo.es",
    "zoë@exämple.org",
    "søren@eksempel.dk",
    "łukasz@przykład.pl",
];
const NON_ASCII_TEXT: &[&str] = &[
    "Grüße aus München",
    "Bestellung für Jürgen bestätigt",
    "注文が完了しました",
    "日本語のログメッセージ",
    "订单已创建 ✅",
    "Привет, мир",
    "Платёж принят",
    "café ☕ crème brûlée",
    "🚀 deploy finished 🎉",
    "ÄÖÜ äöü ß — naïve façade",
    "Ελληνικά δεδομένα",
    "상품이 배송되었습니다",
];
const SERVICES: &[&str] = &[
    "checkout", "payments", "auth", "catalog", "search", "notifier", "billing", "gateway",
];
const HOSTS: &[&str] = &[
    "web-03",
    "web-11",
    "db-primary",
    "worker-7",
    "edge-fra-2",
    "api-7.prod.example.net",
    "cache-2.eu-west-1.example.internal",
];
const LEVELS: &[&str] = &["info", "info", "info", "debug", "warn", "error"];
const PATHS: &[&str] = &[
    "/api/v1/orders",
    "/api/v2/cart/items",
    "/static/js/app.7f3c2a.js",
    "/healthz",
    "/api/v1/search",
    "/checkout/confirm",
    "/images/banner-1200x628.webp",
];
const MESSAGES: &[&str] = &[
    "request completed",
    "cache miss",
    "order placed",
    "retrying upstream call",
    "payment authorized",
    "slow query",
    "rate limit reached",
    "feature flag evaluated",
];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];

/// 2024-03-05T10:15:43.123Z in milliseconds since the Unix epoch.
const START_MS: u64 = 1_709_633_743_123;

/// Civil date of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The parts of a timestamp.
#[derive(Clone, Copy)]
struct Ts {
    y: i64,
    mo: u32,
    d: u32,
    h: u64,
    mi: u64,
    s: u64,
    ms: u64,
    dow: usize,
    epoch_ms: u64,
}

impl Ts {
    fn of(epoch_ms: u64) -> Ts {
        let secs = epoch_ms / 1000;
        let days = (secs / 86_400) as i64;
        let (y, mo, d) = civil(days);
        let sod = secs % 86_400;
        Ts {
            y,
            mo,
            d,
            h: sod / 3600,
            mi: sod / 60 % 60,
            s: sod % 60,
            ms: epoch_ms % 1000,
            dow: (days % 7) as usize,
            epoch_ms,
        }
    }
    fn hms(&self) -> String {
        format!("{:02}:{:02}:{:02}", self.h, self.mi, self.s)
    }
    fn iso(&self) -> String {
        format!(
            "{}-{:02}-{:02}T{}.{:03}Z",
            self.y,
            self.mo,
            self.d,
            self.hms(),
            self.ms
        )
    }
    fn month(&self) -> &'static str {
        MONTHS[(self.mo - 1) as usize]
    }
}

// ---------------------------------------------------------------------------------
// The line generator.
// ---------------------------------------------------------------------------------

/// One piece of a line: literal text, planted personal data, or a look-alike.
enum Part {
    S(String),
    P(&'static str, String),
    L(&'static str, String),
}

fn s(t: impl Into<String>) -> Part {
    Part::S(t.into())
}
fn p(kind: &'static str, t: impl Into<String>) -> Part {
    Part::P(kind, t.into())
}
fn l(kind: &'static str, t: impl Into<String>) -> Part {
    Part::L(kind, t.into())
}

/// Relative weights of the planted kinds, in [`PII_KINDS`] order: IPs and e-mails are
/// what logs hold most.
const KIND_WEIGHTS: [u32; 11] = [3, 4, 2, 1, 1, 1, 1, 1, 1, 1, 2];

struct Gen {
    rng: Rng,
    mix: Mix,
    now_ms: u64,
    /// Lines generated so far.
    line_no: usize,
    /// Look-alike keys used in this line (no key twice).
    keys: Vec<&'static str>,
    line: String,
    pii: Vec<(&'static str, String)>,
    look: Vec<(&'static str, String)>,
    /// This line should carry non-ASCII text (consumed by [`Gen::msg`]).
    non_ascii: bool,
}

impl Gen {
    fn new(seed: u64, mix: Mix) -> Gen {
        Gen {
            rng: Rng::new(seed),
            mix,
            now_ms: START_MS,
            line_no: 0,
            keys: Vec::new(),
            line: String::new(),
            pii: Vec::new(),
            look: Vec::new(),
            non_ascii: false,
        }
    }

    fn next_line(&mut self, c: &mut Corpus) {
        self.now_ms += self.rng.range(0, 1500);
        self.line_no += 1;
        // A look-alike that is also a token of planted data (port `22` in `10.0.0.22`)
        // could not be told apart from it: draw such a line again.
        loop {
            self.line.clear();
            self.pii.clear();
            self.look.clear();
            self.keys.clear();
            self.build_line();
            let clash = self.look.iter().any(|(_, l)| {
                self.pii
                    .iter()
                    .any(|(_, p)| has_token(p, l) || has_token(l, p))
            });
            if !clash {
                break;
            }
        }
        c.text.push_str(&self.line);
        c.text.push('\n');
        let line = self.line_no;
        for (kind, text) in self.pii.drain(..) {
            c.planted.push(Planted { kind, text, line });
        }
        for (kind, text) in self.look.drain(..) {
            c.lookalikes.push(Planted { kind, text, line });
        }
    }

    fn build_line(&mut self) {
        self.non_ascii = self.rng.chance(self.mix.non_ascii_share);
        if self.rng.chance(self.mix.pii_line_share) {
            let total: u32 = KIND_WEIGHTS.iter().sum();
            let mut r = self.rng.below(total as usize) as u32;
            let mut kind = 0;
            while r >= KIND_WEIGHTS[kind] {
                r -= KIND_WEIGHTS[kind];
                kind += 1;
            }
            self.pii_line(kind);
        } else {
            self.clean_line();
        }
        if self.non_ascii {
            // The format had no free-text slot: non-ASCII text in a trailing field.
            let t = self.rng.pick(NON_ASCII_TEXT).to_string();
            self.emit(vec![s(" note=\""), s(t), s("\"")]);
            self.non_ascii = false;
        }
    }

    fn emit(&mut self, parts: Vec<Part>) {
        for part in parts {
            match part {
                Part::S(t) => self.line.push_str(&t),
                Part::P(k, t) => {
                    self.line.push_str(&t);
                    self.pii.push((k, t));
                }
                Part::L(k, t) => {
                    self.line.push_str(&t);
                    self.look.push((k, t));
                }
            }
        }
    }

    /// A free-text message: non-ASCII text if this line wants some, else one of `choices`.
    fn msg(&mut self, choices: &[&str]) -> String {
        if self.non_ascii {
            self.non_ascii = false;
            self.rng.pick(NON_ASCII_TEXT).to_string()
        } else {
            self.rng.pick(choices).to_string()
        }
    }

    fn ts(&self) -> Ts {
        Ts::of(self.now_ms)
    }

    // ----- values: personal data -------------------------------------------------

    fn email(&mut self) -> String {
        let first = *self.rng.pick(FIRST);
        let last = *self.rng.pick(LAST);
        let dom = *self.rng.pick(DOMAINS);
        match self.rng.below(10) {
            0..=2 => format!("{first}.{last}@{dom}"),
            3 => {
                let tag = self
                    .rng
                    .pick(&["alerts", "news", "shop", "2024", "billing"]);
                format!("{first}+{tag}@{dom}")
            }
            4 => {
                let sub = self.rng.pick(&["eu", "us-east", "mx1", "dept", "staff.hr"]);
                format!("{first}.{last}@{sub}.{dom}")
            }
            5 => {
                let cap = |w: &str| format!("{}{}", w[..1].to_ascii_uppercase(), &w[1..]);
                let (name, tld) = dom.rsplit_once('.').unwrap_or((dom, "com"));
                format!(
                    "{}.{}@{}.{}",
                    cap(first),
                    cap(last),
                    cap(name),
                    tld.to_ascii_uppercase()
                )
            }
            6 => format!("{}_{last}{}@{dom}", &first[..1], self.rng.digits(2)),
            7 => self.rng.pick(UTF8_EMAILS).to_string(),
            8 => format!("{first}.{last}-{}@{dom}", self.rng.range(1, 99)),
            _ => format!("{first}{}@{dom}", self.rng.range(1970, 2005)),
        }
    }

    /// A plain ASCII address without `+` (safe to percent-encode as `%40` only).
    fn email_ascii(&mut self) -> String {
        let first = *self.rng.pick(FIRST);
        let last = *self.rng.pick(LAST);
        let dom = *self.rng.pick(DOMAINS);
        format!("{first}.{last}@{dom}")
    }

    fn ipv4(&mut self) -> String {
        let last = self.rng.range(1, 254);
        let (b, c) = (self.rng.below(256), self.rng.below(256));
        match self.rng.below(4) {
            0 => format!("10.{b}.{c}.{last}"),
            1 => format!("192.168.{c}.{last}"),
            2 => format!("172.{}.{c}.{last}", 16 + self.rng.below(16)),
            _ => {
                let a = self.rng.pick(&[
                    23, 31, 37, 45, 52, 62, 77, 81, 85, 91, 93, 104, 109, 141, 151, 176, 178, 185,
                    188, 193, 198, 203, 212, 217,
                ]);
                format!("{a}.{b}.{c}.{last}")
            }
        }
    }

    /// Two different IPv4 addresses.
    fn ipv4_pair(&mut self) -> (String, String) {
        let a = self.ipv4();
        let mut b = self.ipv4();
        while b == a {
            b = self.ipv4();
        }
        (a, b)
    }

    fn ipv6(&mut self) -> String {
        match self.rng.below(6) {
            0 => {
                let zone = self.rng.pick(&["eth0", "en0", "wlan0", "ens3", "2"]);
                let mut g = [0xfe80, 0, 0, 0, 0, 0, 0, 0];
                for x in &mut g[4..] {
                    *x = self.rng.range(0, 0xffff) as u16;
                }
                g[7] |= 1;
                format!("{}%{zone}", fmt_v6(&g, true, false))
            }
            1 => format!("::ffff:{}", self.ipv4()),
            _ => self.ipv6_global(),
        }
    }

    /// A global IPv6 address (no zone, no embedded IPv4): compressed, full or short.
    fn ipv6_global(&mut self) -> String {
        let prefixes: [[u16; 2]; 6] = [
            [0x2001, 0x0db8],
            [0x2a01, 0x04f8],
            [0x2600, 0x1f18],
            [0x2a02, 0x8108],
            [0x2406, 0xda00],
            [0x2001, 0x41d0],
        ];
        let pre = *self.rng.pick(&prefixes);
        let mut g = [pre[0], pre[1], 0, 0, 0, 0, 0, 0];
        for x in &mut g[2..] {
            *x = self.rng.range(0, 0xffff) as u16;
        }
        g[7] |= 1;
        let upper = self.rng.chance(0.1);
        match self.rng.below(3) {
            0 => fmt_v6(&g, false, upper),
            1 => {
                let run = self.rng.range(1, 3) as usize;
                let at = 3 + self.rng.below(4 - run.min(3) + 1);
                for x in g.iter_mut().skip(at).take(run) {
                    *x = 0;
                }
                g[7] |= 1;
                fmt_v6(&g, true, upper)
            }
            _ => {
                for x in &mut g[3..7] {
                    *x = 0;
                }
                g[7] = self.rng.range(1, 0xfff) as u16;
                fmt_v6(&g, true, upper)
            }
        }
    }

    fn mac(&mut self) -> String {
        let mut b = [0u8; 6];
        for x in &mut b {
            *x = self.rng.below(256) as u8;
        }
        b[0] = (b[0] & 0xfc) | 0x04; // unicast, never all-zero
        let hex: Vec<String> = b.iter().map(|x| format!("{x:02x}")).collect();
        match self.rng.below(4) {
            0 => hex.join(":"),
            1 => hex.join(":").to_ascii_uppercase(),
            2 => hex.join("-").to_ascii_uppercase(),
            _ => format!(
                "{}{}.{}{}.{}{}",
                hex[0], hex[1], hex[2], hex[3], hex[4], hex[5]
            ),
        }
    }

    fn card(&mut self) -> String {
        let (prefix, len) = match self.rng.below(7) {
            0 | 1 => ("4".to_owned(), 16),
            2 => (format!("5{}", self.rng.range(1, 5)), 16),
            3 => (format!("{}", self.rng.range(2221, 2720)), 16),
            4 => (self.rng.pick(&["34", "37"]).to_string(), 15),
            5 => (self.rng.pick(&["6011", "65"]).to_string(), 16),
            _ => (format!("35{}", self.rng.range(28, 89)), 16),
        };
        let body = self.rng.digits(len - 1 - prefix.len());
        let number = luhn_complete(&format!("{prefix}{body}"));
        let sep = *self.rng.pick(&["", "", " ", "-"]);
        if sep.is_empty() {
            return number;
        }
        let groups: &[usize] = if len == 15 { &[4, 6, 5] } else { &[4, 4, 4, 4] };
        let mut out = String::new();
        let mut at = 0;
        for (i, g) in groups.iter().enumerate() {
            if i > 0 {
                out.push_str(sep);
            }
            out.push_str(&number[at..at + g]);
            at += g;
        }
        out
    }

    fn iban(&mut self) -> String {
        let (country, bban) = match self.rng.below(7) {
            0 => ("DE", self.rng.digits(18)),
            1 => {
                let bank = self.rng.pick(&["NWBK", "BARC", "HBUK", "MIDL", "LOYD"]);
                ("GB", format!("{bank}{}", self.rng.digits(14)))
            }
            2 => ("FR", self.rng.digits(23)),
            3 => {
                let bank = self.rng.pick(&["ABNA", "INGB", "RABO", "TRIO"]);
                ("NL", format!("{bank}{}", self.rng.digits(10)))
            }
            4 => ("ES", self.rng.digits(20)),
            5 => {
                let cin = self.rng.chars(1, b"ABCDEFGHIJKLMNOPQRSTUVWXYZ");
                ("IT", format!("{cin}{}", self.rng.digits(22)))
            }
            _ => ("BE", self.rng.digits(12)),
        };
        let iban = iban_from_bban(country, &bban);
        if self.rng.chance(0.5) {
            iban
        } else {
            let chars: Vec<char> = iban.chars().collect();
            chars
                .chunks(4)
                .map(|c| c.iter().collect::<String>())
                .collect::<Vec<_>>()
                .join(" ")
        }
    }

    /// A North American area code or exchange: `[2-9]` then two digits, not `N11`.
    fn nanp3(&mut self) -> String {
        loop {
            let v = format!("{}{}", self.rng.range(2, 9), self.rng.digits(2));
            if !v.ends_with("11") {
                return v;
            }
        }
    }

    /// A phone number that is a phone number anywhere: international with `+` or
    /// `00`, or the US `(415) 555-0132` shape.
    fn phone_free(&mut self) -> String {
        match self.rng.below(7) {
            0 => {
                let (a, e, n) = (self.nanp3(), self.nanp3(), self.rng.digits(4));
                match self.rng.below(4) {
                    0 => format!("+1 {a}-{e}-{n}"),
                    1 => format!("+1 ({a}) {e}-{n}"),
                    2 => format!("+1.{a}.{e}.{n}"),
                    _ => format!("+1 {a} {e} {n}"),
                }
            }
            1 => match self.rng.below(2) {
                0 => format!(
                    "+44 20 {}{} {}",
                    self.rng.range(3, 8),
                    self.rng.digits(3),
                    self.rng.digits(4)
                ),
                _ => format!("+44 7{} {}", self.rng.digits(3), self.rng.digits(6)),
            },
            2 => match self.rng.below(3) {
                0 => format!("+49 30 {}", self.rng.digits(8)),
                1 => format!("+49 15{} {}", self.rng.range(1, 9), self.rng.digits(8)),
                _ => format!("+49 (0)89 {}", self.rng.digits(7)),
            },
            3 => format!(
                "+33 {} {} {} {} {}",
                self.rng.range(1, 7),
                self.rng.digits(2),
                self.rng.digits(2),
                self.rng.digits(2),
                self.rng.digits(2)
            ),
            4 => match self.rng.below(3) {
                0 => format!("0049 30 {}", self.rng.digits(7)),
                1 => format!("0044 20 7{} {}", self.rng.digits(3), self.rng.digits(4)),
                _ => format!(
                    "0033 6 {} {} {} {}",
                    self.rng.digits(2),
                    self.rng.digits(2),
                    self.rng.digits(2),
                    self.rng.digits(2)
                ),
            },
            5 => {
                let (a, e, n) = (self.nanp3(), self.nanp3(), self.rng.digits(4));
                format!("({a}) {e}-{n}")
            }
            _ => format!("+31 6 {} {}", self.rng.digits(4), self.rng.digits(4)),
        }
    }

    /// A national-format number (US, UK, DE, FR) with separators: a phone number only
    /// in a phone context.
    fn phone_national(&mut self) -> String {
        match self.rng.below(4) {
            0 => {
                let (a, e, n) = (self.nanp3(), self.nanp3(), self.rng.digits(4));
                match self.rng.below(3) {
                    0 => format!("{a}-{e}-{n}"),
                    1 => format!("({a}) {e}-{n}"),
                    _ => format!("{a}.{e}.{n}"),
                }
            }
            1 => match self.rng.below(3) {
                0 => format!("020 7{} {}", self.rng.digits(3), self.rng.digits(4)),
                1 => format!("07{} {}", self.rng.digits(3), self.rng.digits(6)),
                _ => format!("0161 {} {}", self.rng.digits(3), self.rng.digits(4)),
            },
            2 => match self.rng.below(4) {
                0 => format!("030 {}", self.rng.digits(8)),
                1 => format!("015{} {}", self.rng.range(1, 9), self.rng.digits(8)),
                2 => format!("089/{}", self.rng.digits(7)),
                _ => format!("0221 {}", self.rng.digits(6)),
            },
            _ => {
                let sep = *self.rng.pick(&[" ", "."]);
                let d: Vec<String> = (0..4).map(|_| self.rng.digits(2)).collect();
                format!("0{}{sep}{}", self.rng.range(1, 7), d.join(sep))
            }
        }
    }

    /// A number without separators, as stored in a `phone=` field.
    fn phone_bare(&mut self) -> String {
        match self.rng.below(3) {
            0 => format!("{}{}{}", self.nanp3(), self.nanp3(), self.rng.digits(4)),
            1 => format!("+4915{}{}", self.rng.range(1, 9), self.rng.digits(8)),
            _ => format!("447{}", self.rng.digits(9)),
        }
    }

    /// Any phone form that a phone key makes unambiguous.
    fn phone_keyed(&mut self) -> String {
        match self.rng.below(10) {
            0..=3 => self.phone_bare(),
            4..=6 => self.phone_national(),
            _ => self.phone_free(),
        }
    }

    fn ssn_parts(&mut self) -> (u64, u64, u64) {
        let mut area = self.rng.range(1, 899);
        while area == 666 {
            area = self.rng.range(1, 899);
        }
        (area, self.rng.range(1, 99), self.rng.range(1, 9999))
    }

    fn ssn(&mut self) -> String {
        let (a, g, n) = self.ssn_parts();
        format!("{a:03}-{g:02}-{n:04}")
    }

    fn ssn_bare(&mut self) -> String {
        let (a, g, n) = self.ssn_parts();
        format!("{a:03}{g:02}{n:04}")
    }

    fn uuid(&mut self) -> String {
        let v = format!(
            "{}-{}-4{}-{}{}-{}",
            self.rng.hex(8),
            self.rng.hex(4),
            self.rng.hex(3),
            self.rng.pick(&['8', '9', 'a', 'b']),
            self.rng.hex(3),
            self.rng.hex(12)
        );
        if self.rng.chance(0.15) {
            v.to_ascii_uppercase()
        } else {
            v
        }
    }

    fn imei(&mut self) -> String {
        let tac = self.rng.pick(&["35", "86", "01", "99", "49"]);
        luhn_complete(&format!("{tac}{}", self.rng.digits(12)))
    }

    fn jwt(&mut self) -> String {
        let header = base64url(br#"{"alg":"HS256","typ":"JWT"}"#);
        let iat = self.now_ms / 1000;
        let payload = format!(
            r#"{{"sub":"{}","name":"{} {}","iat":{iat},"exp":{}}}"#,
            self.rng.digits(7),
            self.rng.pick(FIRST),
            self.rng.pick(LAST),
            iat + 3600
        );
        let sig: Vec<u8> = (0..32).map(|_| self.rng.below(256) as u8).collect();
        format!(
            "{header}.{}.{}",
            base64url(payload.as_bytes()),
            base64url(&sig)
        )
    }

    fn aws_key(&mut self) -> String {
        format!(
            "AKIA{}",
            self.rng.chars(16, b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        )
    }

    fn github_token(&mut self) -> String {
        format!("ghp_{}", self.rng.chars(36, ALNUM))
    }

    fn opaque_token(&mut self) -> String {
        let n = self.rng.range(32, 64) as usize;
        self.rng.chars(n, B64URL)
    }

    fn password(&mut self) -> String {
        match self.rng.below(3) {
            0 => format!(
                "{}{}!",
                self.rng
                    .pick(&["Winter", "Summer", "Sunshine", "Dragon", "Monkey"]),
                self.rng.range(1990, 2025)
            ),
            1 => self.rng.chars(
                14,
                b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#%*_-",
            ),
            _ => format!("s3cr3t-{}", self.rng.chars(6, ALNUM)),
        }
    }

    // ----- values: look-alikes ---------------------------------------------------

    fn port(&mut self) -> String {
        match self.rng.below(3) {
            0 => self
                .rng
                .pick(&[
                    "22", "25", "80", "443", "5432", "6379", "8080", "8443", "9092",
                ])
                .to_string(),
            _ => self.rng.range(1024, 65535).to_string(),
        }
    }

    fn pid(&mut self) -> String {
        self.rng.range(300, 4_194_303).to_string()
    }

    fn duration(&mut self) -> String {
        match self.rng.below(3) {
            0 => format!("{}ms", self.rng.range(1, 4999)),
            1 => format!("{}.{}s", self.rng.range(0, 59), self.rng.digits(3)),
            _ => format!("{}ns", self.rng.range(100, 999_999)),
        }
    }

    fn pod(&mut self) -> String {
        const K8S: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
        format!(
            "{}-{}-{}",
            self.rng.pick(SERVICES),
            self.rng.chars(10, K8S),
            self.rng.chars(5, K8S)
        )
    }

    fn luhn_invalid(&mut self) -> String {
        let payload = format!(
            "{}{}",
            self.rng.pick(&["4", "5", "3", "6"]),
            self.rng.digits(14)
        );
        let valid = luhn_complete(&payload);
        let check = u64::from(valid.as_bytes()[15] - b'0');
        format!("{payload}{}", (check + self.rng.range(1, 9)) % 10)
    }

    fn version4(&mut self) -> String {
        format!(
            "v{}.{}.{}.{}",
            self.rng.range(1, 4),
            self.rng.range(0, 20),
            self.rng.range(0, 9),
            self.rng.range(1, 99)
        )
    }

    fn chrome(&mut self) -> String {
        format!(
            "Chrome/{}.0.{}.{}",
            self.rng.range(118, 126),
            self.rng.range(6000, 6999),
            self.rng.range(10, 250)
        )
    }

    fn order_id(&mut self) -> String {
        format!("ORD-2024-{}", self.rng.digits(6))
    }

    /// A random look-alike as `(class, key, value)`, with a key that is no context key.
    fn lookalike(&mut self) -> (&'static str, &'static str, String) {
        match self.rng.below(17) {
            0 => ("request_uuid", "request_id", self.uuid()),
            1 => ("trace_id", "trace_id", self.rng.hex(32)),
            2 => ("span_id", "span_id", self.rng.hex(16)),
            3 => ("duration", "latency", self.duration()),
            4 => ("bytes", "bytes", self.rng.range(0, 99_999_999).to_string()),
            5 => ("epoch_ms", "ts_ms", self.now_ms.to_string()),
            6 => ("luhn_invalid", "ref", self.luhn_invalid()),
            7 => (
                "snowflake",
                "message_id",
                format!("1{}", self.rng.digits(18)),
            ),
            8 => ("version", "version", self.version4()),
            9 => ("sha1", "commit", self.rng.hex(40)),
            10 => ("sha256", "digest", format!("sha256:{}", self.rng.hex(64))),
            11 => (
                "hostname",
                "upstream_host",
                self.rng.pick(HOSTS).to_string(),
            ),
            12 => {
                let d: Vec<String> = (0..5).map(|_| self.rng.range(0, 255).to_string()).collect();
                ("dotted", "schema", d.join("."))
            }
            13 => ("order_id", "order_id", self.order_id()),
            14 => ("port", "port", self.port()),
            15 => ("timestamp", "started_at", self.ts().iso()),
            _ => ("pod", "pod", self.pod()),
        }
    }

    // ----- line heads ------------------------------------------------------------

    /// `Mar  5 10:15:43 web-03 sshd[12345]: ` (no pid for `kernel`).
    fn syslog(&mut self, prog: &str) -> Vec<Part> {
        let t = self.ts();
        let host = self.rng.pick(&HOSTS[..5]).to_string();
        let mut v = vec![
            s(format!("{} {:>2} ", t.month(), t.d)),
            l("time", t.hms()),
            s(" "),
            l("hostname", host),
            s(format!(" {prog}")),
        ];
        if prog == "kernel" {
            let up = format!("{}.{}", self.rng.range(1, 99999), self.rng.digits(6));
            v.push(s(format!(
                ": [{}",
                " ".repeat(12usize.saturating_sub(up.len()))
            )));
            v.push(l("uptime", up));
            v.push(s("] "));
        } else {
            let pid = if prog == "systemd" {
                "1".to_owned()
            } else {
                self.pid()
            };
            v.push(s("["));
            v.push(l("pid", pid));
            v.push(s("]: "));
        }
        v
    }

    /// `{"ts":"…","level":"…","service":"…"` (no closing brace) then look-alike fields.
    fn json_open(&mut self) -> Vec<Part> {
        let ts = self.ts().iso();
        let level = *self.rng.pick(LEVELS);
        let svc = *self.rng.pick(SERVICES);
        let mut v = vec![
            s("{\"ts\":\""),
            l("timestamp", ts),
            s(format!("\",\"level\":\"{level}\",\"service\":\"{svc}\"")),
        ];
        v.extend(self.extras(true, 1));
        v
    }

    /// `time=… level=… `.
    fn logfmt_open(&mut self) -> Vec<Part> {
        let ts = self.ts().iso();
        let level = *self.rng.pick(LEVELS);
        let mut v = vec![s("time="), l("timestamp", ts), s(format!(" level={level}"))];
        v.extend(self.extras(false, 1));
        v
    }

    /// One `key`/value field, JSON (`,"k":"v"`) or logfmt (` k=v`).
    fn field(&self, json: bool, key: &str, value: Part) -> Vec<Part> {
        let number = matches!(&value, Part::L(_, t) if t.bytes().all(|b| b.is_ascii_digit()));
        if json && number {
            vec![s(format!(",\"{key}\":")), value]
        } else if json {
            vec![s(format!(",\"{key}\":\"")), value, s("\"")]
        } else {
            vec![s(format!(" {key}=")), value]
        }
    }

    /// The free-text message field.
    fn msg_field(&mut self, json: bool, choices: &[&str]) -> Vec<Part> {
        let m = self.msg(choices);
        if json {
            vec![s(format!(",\"msg\":\"{m}\""))]
        } else {
            vec![s(format!(" msg=\"{m}\""))]
        }
    }

    /// Up to `max` random look-alike fields.
    fn extras(&mut self, json: bool, max: usize) -> Vec<Part> {
        let n = self.rng.below(max + 1);
        let mut v = Vec::new();
        for _ in 0..n {
            let (kind, key, value) = self.lookalike();
            if !self.keys.contains(&key) {
                self.keys.push(key);
                v.extend(self.field(json, key, l(kind, value)));
            }
        }
        v
    }

    /// A JSON or logfmt line: head, message, the given fields, look-alikes.
    fn structured(&mut self, json: bool, fields: Vec<Vec<Part>>) -> Vec<Part> {
        let mut v = if json {
            self.json_open()
        } else {
            self.logfmt_open()
        };
        v.extend(self.msg_field(json, MESSAGES));
        for f in fields {
            v.extend(f);
        }
        v.extend(self.extras(json, 2));
        if json {
            v.push(s("}"));
        }
        v
    }

    /// `2024-03-05 10:15:43.123 ERROR 4242 --- [nio-8080-exec-7] c.e.s.PaymentController : `
    fn java_open(&mut self, level: &str) -> Vec<Part> {
        let t = self.ts();
        let ts = format!("{}-{:02}-{:02} {}.{:03}", t.y, t.mo, t.d, t.hms(), t.ms);
        let class = self.rng.pick(&[
            "c.e.s.PaymentController",
            "c.e.s.OrderService",
            "c.e.a.LoginHandler",
            "o.h.engine.jdbc.spi.SqlExceptionHelper",
        ]);
        let pid = self.pid();
        vec![
            l("timestamp", ts),
            s(format!(" {level:>5} ")),
            l("pid", pid),
            s(format!(
                " --- [nio-8080-exec-{}] {class:<40} : ",
                self.rng.range(1, 10)
            )),
        ]
    }

    /// `I0305 10:15:43.123456       1 controller.go:116] `
    fn klog_open(&mut self) -> Vec<Part> {
        let t = self.ts();
        let sev = self.rng.pick(&["I", "I", "W", "E"]);
        let file = self
            .rng
            .pick(&["controller.go", "reflector.go", "server.go", "handler.go"]);
        vec![
            s(format!("{sev}{:02}{:02} ", t.mo, t.d)),
            l(
                "time",
                format!("{}.{:03}{}", t.hms(), t.ms, self.rng.digits(3)),
            ),
            s(format!("       1 {file}:{}] ", self.rng.range(20, 900))),
        ]
    }

    /// `2024-03-05T10:15:43.123456789Z stdout F `
    fn containerd_open(&mut self) -> Vec<Part> {
        let t = self.ts();
        let ts = format!(
            "{}-{:02}-{:02}T{}.{:03}{}Z",
            t.y,
            t.mo,
            t.d,
            t.hms(),
            t.ms,
            self.rng.digits(6)
        );
        vec![l("timestamp", ts), s(" stdout F ")]
    }

    fn user_agent(&mut self) -> Vec<Part> {
        match self.rng.below(6) {
            0 | 1 => {
                let c = self.chrome();
                vec![
                    s("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "),
                    l("version", c),
                    s(" Safari/537.36"),
                ]
            }
            2 => vec![
                s("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "),
                l("version", format!("Chrome/{}.0.0.0", self.rng.range(118, 126))),
                s(" Mobile Safari/537.36"),
            ],
            3 => vec![s(
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15",
            )],
            4 => vec![s("Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0")],
            _ => vec![s(*self.rng.pick(&["curl/8.5.0", "okhttp/4.12.0", "python-requests/2.31.0"]))],
        }
    }

    /// An nginx "combined" line with `$request_time` and `$http_x_forwarded_for`.
    fn access_line(&mut self, client: Part, target: Vec<Part>, xff: Vec<Part>) -> Vec<Part> {
        let t = self.ts();
        let when = format!("{:02}/{}/{}:{} +0000", t.d, t.month(), t.y, t.hms());
        let method = *self
            .rng
            .pick(&["GET", "GET", "GET", "POST", "PUT", "DELETE"]);
        let status = *self
            .rng
            .pick(&["200", "200", "200", "204", "301", "304", "404", "500"]);
        let bytes = self.rng.range(0, 250_000).to_string();
        let mut v = vec![
            client,
            s(" - - ["),
            l("timestamp", when),
            s(format!("] \"{method} ")),
        ];
        v.extend(target);
        v.push(s(format!(" HTTP/1.1\" {status} ")));
        v.push(l("bytes", bytes));
        let referer = if self.non_ascii {
            format!("https://shop.example.com/suche?q={}", self.msg(&[""]))
        } else {
            self.rng
                .pick(&[
                    "-",
                    "https://shop.example.com/",
                    "https://www.example.org/blog/",
                ])
                .to_string()
        };
        v.push(s(format!(" \"{referer}\" \"")));
        v.extend(self.user_agent());
        v.push(s("\""));
        if !xff.is_empty() {
            v.push(s(" \""));
            v.extend(xff);
            v.push(s("\""));
        }
        v.push(s(format!(" rt=0.{}", self.rng.digits(3))));
        v
    }

    /// A request target without personal data: path and a harmless query.
    fn path(&mut self) -> Vec<Part> {
        let p = self.rng.pick(PATHS).to_string();
        match self.rng.below(3) {
            0 => vec![s(p)],
            1 => vec![s(format!("{p}?page={}", self.rng.range(1, 40)))],
            _ => vec![s(format!("{p}?order=")), l("order_id", self.order_id())],
        }
    }

    // ----- clean lines (look-alikes only) ----------------------------------------

    fn clean_line(&mut self) {
        let v = match self.rng.below(14) {
            0 => {
                let mut v = self.syslog("sshd");
                match self.rng.below(3) {
                    0 => v.push(s("pam_unix(sshd:session): session closed for user deploy")),
                    1 => {
                        let port = self.port();
                        v.extend([
                            s("Server listening on 0.0.0.0 port "),
                            l("port", port),
                            s("."),
                        ]);
                    }
                    _ => v.push(s("Received SIGHUP; restarting.")),
                }
                v
            }
            1 => {
                let mut v = self.syslog("kernel");
                match self.rng.below(4) {
                    0 => {
                        let pci = format!(
                            "0000:{:02x}:{:02x}.{}",
                            self.rng.below(256),
                            self.rng.below(32),
                            self.rng.below(8)
                        );
                        v.extend([
                            s("e1000e "),
                            l("pci", pci),
                            s(" eno1: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx"),
                        ]);
                    }
                    1 => {
                        let u = self.uuid().to_ascii_lowercase();
                        v.extend([
                            s("EXT4-fs (nvme0n1p2): mounted filesystem "),
                            l("fs_uuid", u),
                            s(" r/w with ordered data mode. Quota mode: none."),
                        ]);
                    }
                    2 => {
                        let (pid, vm, rss) = (
                            self.pid(),
                            self.rng.range(100_000, 9_000_000),
                            self.rng.range(10_000, 900_000),
                        );
                        v.extend([
                            s("Out of memory: Killed process "),
                            l("pid", pid),
                            s(" (java) total-vm:"),
                            l("bytes", format!("{vm}kB")),
                            s(", anon-rss:"),
                            l("bytes", format!("{rss}kB")),
                        ]);
                    }
                    _ => v.push(s(format!(
                        "usb 1-1.{}: new high-speed USB device number {} using xhci_hcd",
                        self.rng.range(1, 4),
                        self.rng.range(2, 9)
                    ))),
                }
                v
            }
            2 => {
                let mut v = self.syslog("CRON");
                v.push(s(*self.rng.pick(&[
                    "(root) CMD (test -x /usr/sbin/anacron || ( cd / && run-parts --report /etc/cron.daily ))",
                    "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)",
                    "(deploy) CMD (/usr/local/bin/backup.sh --target s3://backups/db >/dev/null 2>&1)",
                ])));
                v
            }
            3 => {
                let mut v = self.syslog("systemd");
                if self.rng.chance(0.5) {
                    let d = self.duration();
                    v.extend([
                        s("logrotate.service: Consumed "),
                        l("duration", d),
                        s(" CPU time."),
                    ]);
                } else {
                    let m = self.msg(&[
                        "Started Daily apt download activities.",
                        "Reached target Timers.",
                    ]);
                    v.push(s(m));
                }
                v
            }
            4 | 5 => self.structured(true, Vec::new()),
            6 | 7 => self.structured(false, Vec::new()),
            8 => self.clean_http_header(),
            9 => self.clean_java(),
            10 | 11 => self.clean_k8s(),
            12 => {
                let mut v = self.syslog("postfix/qmgr");
                let q = self.rng.chars(10, b"0123456789ABCDEF");
                v.extend([l("queue_id", q), s(": removed")]);
                v
            }
            _ => {
                let mut v = self.syslog("app");
                let m = self.msg(MESSAGES);
                v.push(s(m));
                v.extend(self.extras(false, 3));
                v
            }
        };
        self.emit(v);
    }

    fn clean_http_header(&mut self) -> Vec<Part> {
        match self.rng.below(10) {
            0 => vec![
                s("Host: "),
                l(
                    "hostname",
                    self.rng
                        .pick(&["api.example.com", "shop.example.com:8443"])
                        .to_string(),
                ),
            ],
            1 => {
                let mut v = vec![s("User-Agent: ")];
                v.extend(self.user_agent());
                v
            }
            2 => vec![s("X-Request-Id: "), l("request_uuid", self.uuid())],
            3 => vec![
                s("Content-Length: "),
                l("bytes", self.rng.range(0, 99_999).to_string()),
            ],
            4 => vec![
                s("traceparent: 00-"),
                l("trace_id", self.rng.hex(32)),
                s("-"),
                l("span_id", self.rng.hex(16)),
                s("-01"),
            ],
            5 => vec![s("If-None-Match: \""), l("sha1", self.rng.hex(40)), s("\"")],
            6 => {
                let mut v = vec![s("GET ")];
                v.extend(self.path());
                v.push(s(" HTTP/1.1"));
                v
            }
            7 => {
                let t = self.ts();
                vec![
                    s(format!(
                        "Date: {}, {:02} {} {} ",
                        WEEKDAYS[t.dow],
                        t.d,
                        t.month(),
                        t.y
                    )),
                    l("time", t.hms()),
                    s(" GMT"),
                ]
            }
            8 => vec![s("Accept-Language: de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7")],
            _ => vec![s(*self.rng.pick(&[
                "HTTP/1.1 200 OK",
                "HTTP/1.1 304 Not Modified",
                "Accept: application/json",
            ]))],
        }
    }

    fn clean_java(&mut self) -> Vec<Part> {
        match self.rng.below(6) {
            0 => {
                let mut v = self.java_open("INFO");
                let ms = self.rng.range(50, 9000);
                v.extend([
                    s("Completed initialization in "),
                    l("duration", format!("{ms} ms")),
                ]);
                v
            }
            1 => {
                let class = self.rng.pick(&[
                    "CardService",
                    "OrderRepository",
                    "TokenFilter",
                    "RetryTemplate",
                ]);
                vec![
                    s(format!(
                        "\tat com.example.shop.{}.{class}.handle({class}.java:",
                        self.rng.pick(SERVICES)
                    )),
                    l("line_no", self.rng.range(12, 900).to_string()),
                    s(")"),
                ]
            }
            2 => vec![s(format!("\t... {} more", self.rng.range(3, 120)))],
            3 => {
                let mut v = self.java_open("WARN");
                let ms = self.rng.range(1000, 60000);
                v.extend([
                    s("HikariPool-1 - Connection is not available, request timed out after "),
                    l("duration", format!("{ms}ms")),
                    s("."),
                ]);
                v
            }
            4 => vec![s("java.net.SocketTimeoutException: Read timed out")],
            _ => {
                let mut v = self.java_open("INFO");
                let m = self.msg(MESSAGES);
                v.push(s(m));
                v
            }
        }
    }

    fn clean_k8s(&mut self) -> Vec<Part> {
        match self.rng.below(4) {
            0 => {
                let mut v = self.klog_open();
                let pod = self.pod();
                v.extend([s("Successfully synced pod default/"), l("pod", pod)]);
                v
            }
            1 => {
                let mut v = self.containerd_open();
                let m = self.msg(MESSAGES);
                let d = self.duration();
                v.extend([
                    s(format!(
                        "{{\"level\":\"info\",\"msg\":\"{m}\",\"latency\":\""
                    )),
                    l("duration", d),
                    s("\"}"),
                ]);
                v
            }
            2 => {
                let svc = *self.rng.pick(SERVICES);
                let d = format!("{}.{}s", self.rng.range(0, 30), self.rng.digits(3));
                vec![
                    s(format!("  Normal   Pulled     12s   kubelet  Successfully pulled image \"registry.example.com/shop/{svc}@sha256:")),
                    l("sha256", self.rng.hex(64)),
                    s("\" in "),
                    l("duration", d),
                ]
            }
            _ => {
                let mut v = self.klog_open();
                let pod = self.pod();
                let d = format!("{}.{}", self.rng.range(0, 30), self.rng.digits(6));
                v.extend([
                    s("\"Observed pod startup duration\" pod=\"default/"),
                    l("pod", pod),
                    s("\" podStartSLOduration="),
                    l("duration", d),
                ]);
                v
            }
        }
    }

    // ----- lines with personal data ------------------------------------------------

    fn pii_line(&mut self, kind: usize) {
        let v = match PII_KINDS[kind] {
            "email" => self.line_email(),
            "ipv4" => self.line_ipv4(),
            "ipv6" => self.line_ipv6(),
            "mac" => self.line_mac(),
            "card" => self.line_card(),
            "iban" => self.line_iban(),
            "phone" => self.line_phone(),
            "ssn" => self.line_ssn(),
            "uuid" => self.line_uuid(),
            "imei" => self.line_imei(),
            _ => self.line_secret(),
        };
        self.emit(v);
    }

    fn line_email(&mut self) -> Vec<Part> {
        let e = self.email();
        match self.rng.below(8) {
            0 => {
                let f = self.field(true, "email", p("email", e));
                self.structured(true, vec![f])
            }
            1 => {
                let f = self.field(false, "user", p("email", e));
                self.structured(false, vec![f])
            }
            2 => {
                let mut v = self.syslog("postfix/smtp");
                let q = self.rng.chars(10, b"0123456789ABCDEF");
                let ip = self.ipv4();
                v.extend([
                    l("queue_id", q),
                    s(": to=<"),
                    p("email", e),
                    s(">, relay=mx.example.net["),
                    p("ipv4", ip),
                    s("]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 OK)"),
                ]);
                v
            }
            3 => {
                if self.rng.chance(0.5) {
                    vec![
                        s("Caused by: com.example.auth.UserNotFoundException: no account for "),
                        p("email", e),
                    ]
                } else {
                    let mut v = self.java_open("ERROR");
                    v.extend([s("Login failed for "), p("email", e), s(": account locked")]);
                    v
                }
            }
            4 => {
                let enc = self.email_ascii().replace('@', "%40");
                let ip = self.ipv4();
                self.access_line(
                    p("ipv4", ip),
                    vec![
                        s("/api/v1/newsletter/subscribe?email="),
                        p("email", enc),
                        s("&source=footer"),
                    ],
                    Vec::new(),
                )
            }
            5 => {
                let name = format!("{} {}", self.rng.pick(FIRST), self.rng.pick(LAST));
                let f = vec![s(format!(",\"to\":\"{name} <")), p("email", e), s(">\"")];
                self.structured(true, vec![f])
            }
            6 => {
                let f = vec![s(" href=\"mailto:"), p("email", e), s("\"")];
                self.structured(false, vec![f])
            }
            _ => {
                let mut v = self.klog_open();
                let o = self.order_id();
                v.extend([
                    s("sent invoice "),
                    l("order_id", o),
                    s(" to "),
                    p("email", e),
                ]);
                v
            }
        }
    }

    fn line_ipv4(&mut self) -> Vec<Part> {
        let ip = self.ipv4();
        let port = self.port();
        match self.rng.below(8) {
            0 => {
                let mut v = self.syslog("sshd");
                let (pre, post) = *self.rng.pick(&[
                    ("Accepted publickey for deploy from ", " ssh2"),
                    ("Failed password for invalid user admin from ", " ssh2"),
                    (
                        "Connection closed by authenticating user root ",
                        " [preauth]",
                    ),
                ]);
                v.extend([s(pre), p("ipv4", ip), s(" port "), l("port", port), s(post)]);
                v
            }
            1 => {
                let (client, other) = self.ipv4_pair();
                let xff = if self.rng.chance(0.5) {
                    vec![p("ipv4", other), s(", "), p("ipv4", ip)]
                } else {
                    vec![s("-")]
                };
                let target = self.path();
                self.access_line(p("ipv4", client), target, xff)
            }
            2 => {
                let (a, b) = self.ipv4_pair();
                vec![
                    s("X-Forwarded-For: "),
                    p("ipv4", a),
                    s(", "),
                    p("ipv4", b),
                    s(", "),
                    p("ipv4", ip),
                ]
                .into_iter()
                .take(if self.rng.chance(0.5) { 4 } else { 6 })
                .collect()
            }
            3 => {
                let f = vec![s(" remote_addr="), p("ipv4", ip), s(":"), l("port", port)];
                self.structured(false, vec![f])
            }
            4 => {
                let f = self.field(true, "client_ip", p("ipv4", ip));
                self.structured(true, vec![f])
            }
            5 => {
                let mut v = self.syslog("kernel");
                let dst = self.ipv4();
                let spt = self.rng.range(1024, 65535).to_string();
                if dst == ip {
                    v.extend([s("[UFW BLOCK] IN=eth0 OUT= SRC="), p("ipv4", ip)]);
                } else {
                    v.extend([
                        s("[UFW BLOCK] IN=eth0 OUT= SRC="),
                        p("ipv4", ip),
                        s(" DST="),
                        p("ipv4", dst),
                    ]);
                }
                v.extend([
                    s(" LEN=60 TOS=0x00 PREC=0x00 TTL=52 PROTO=TCP SPT="),
                    l("port", spt),
                    s(" DPT="),
                    l("port", port),
                    s(" WINDOW=64240 RES=0x00 SYN URGP=0"),
                ]);
                v
            }
            6 => {
                let mut v = self.java_open("ERROR");
                v.extend([
                    s("java.net.ConnectException: Connection refused: /"),
                    p("ipv4", ip),
                    s(":"),
                    l("port", port),
                ]);
                v
            }
            _ => {
                if self.rng.chance(0.5) {
                    let mut v = self.syslog("postfix/smtpd");
                    v.extend([s("connect from unknown["), p("ipv4", ip), s("]")]);
                    v
                } else {
                    let mut v = self.klog_open();
                    v.extend([
                        s("dial tcp "),
                        p("ipv4", ip),
                        s(":"),
                        l("port", port),
                        s(": i/o timeout"),
                    ]);
                    v
                }
            }
        }
    }

    fn line_ipv6(&mut self) -> Vec<Part> {
        let ip = self.ipv6();
        let port = self.port();
        match self.rng.below(6) {
            0 => {
                let mut v = self.syslog("sshd");
                v.extend([
                    s("Accepted password for alice from "),
                    p("ipv6", ip),
                    s(" port "),
                    l("port", port),
                    s(" ssh2"),
                ]);
                v
            }
            1 => {
                let g = self.ipv6_global();
                let target = self.path();
                self.access_line(p("ipv6", g), target, vec![s("-")])
            }
            2 => {
                let g = self.ipv6_global();
                let f = vec![s(" peer=["), p("ipv6", g), s("]:"), l("port", port)];
                self.structured(false, vec![f])
            }
            3 => {
                let f = self.field(true, "client_ip", p("ipv6", ip));
                self.structured(true, vec![f])
            }
            4 => {
                let g = self.ipv6_global();
                let v4 = self.ipv4();
                vec![s("X-Forwarded-For: "), p("ipv6", g), s(", "), p("ipv4", v4)]
            }
            _ => {
                let mut v = self.klog_open();
                let g = self.ipv6_global();
                v.extend([
                    s("GET https://["),
                    p("ipv6", g),
                    s("]:"),
                    l("port", port),
                    s("/healthz: connection refused"),
                ]);
                v
            }
        }
    }

    fn line_mac(&mut self) -> Vec<Part> {
        let mac = self.mac();
        match self.rng.below(5) {
            0 => {
                let mut v = self.syslog("kernel");
                v.extend([s("wlp2s0: authenticate with "), p("mac", mac)]);
                v
            }
            1 => {
                let mut v = self.syslog("dhcpd");
                let ip = self.ipv4();
                let host = format!("laptop-{}", self.rng.digits(3));
                v.extend([
                    s("DHCPACK on "),
                    p("ipv4", ip),
                    s(" to "),
                    p("mac", mac),
                    s(" ("),
                    l("hostname", host),
                    s(") via eth0"),
                ]);
                v
            }
            2 => {
                let f = self.field(false, "mac", p("mac", mac));
                self.structured(false, vec![f])
            }
            3 => {
                let f = self.field(true, "bssid", p("mac", mac));
                self.structured(true, vec![f])
            }
            _ => {
                let mut v = self.syslog("hostapd");
                v.extend([
                    s("wlan0: STA "),
                    p("mac", mac),
                    s(" IEEE 802.11: associated (aid 3)"),
                ]);
                v
            }
        }
    }

    fn line_card(&mut self) -> Vec<Part> {
        let card = self.card();
        match self.rng.below(5) {
            0 => {
                let mut v = self.java_open("ERROR");
                v.extend([
                    s("Payment failed for card "),
                    p("card", card),
                    s(": insufficient funds"),
                ]);
                v
            }
            1 => {
                let f = self.field(true, "card_number", p("card", card));
                self.structured(true, vec![f])
            }
            2 => {
                let f = if card.contains(' ') {
                    vec![s(" pan=\""), p("card", card), s("\"")]
                } else {
                    self.field(false, "pan", p("card", card))
                };
                self.structured(false, vec![f])
            }
            3 => vec![
                s("POST body: {\"number\":\""),
                p("card", card),
                s(format!(
                    "\",\"exp_month\":{},\"exp_year\":{}}}",
                    self.rng.range(1, 12),
                    self.rng.range(2025, 2031)
                )),
            ],
            _ => vec![
                s("java.lang.IllegalArgumentException: invalid expiry for card "),
                p("card", card),
            ],
        }
    }

    fn line_iban(&mut self) -> Vec<Part> {
        let iban = self.iban();
        match self.rng.below(4) {
            0 => {
                let f = vec![s(" iban=\""), p("iban", iban), s("\"")];
                self.structured(false, vec![f])
            }
            1 => {
                let f = self.field(true, "iban", p("iban", iban));
                self.structured(true, vec![f])
            }
            2 => {
                let mut v = self.java_open("INFO");
                let amount = format!("{}.{}", self.rng.range(1, 9999), self.rng.digits(2));
                v.extend([
                    s("SEPA transfer to "),
                    p("iban", iban),
                    s(format!(" initiated, amount={amount} EUR")),
                ]);
                v
            }
            _ => {
                let mut v = self.klog_open();
                v.extend([s("payout scheduled for account "), p("iban", iban)]);
                v
            }
        }
    }

    fn line_phone(&mut self) -> Vec<Part> {
        match self.rng.below(7) {
            0 => {
                let ph = self.phone_keyed();
                let f = if ph.contains(' ') {
                    vec![s(" phone=\""), p("phone", ph), s("\"")]
                } else {
                    self.field(false, "phone", p("phone", ph))
                };
                self.structured(false, vec![f])
            }
            1 => {
                let ph = self.phone_keyed();
                let key = *self
                    .rng
                    .pick(&["mobile", "phoneNumber", "tel", "contact_number"]);
                let f = self.field(true, key, p("phone", ph));
                self.structured(true, vec![f])
            }
            2 => {
                let ph = if self.rng.chance(0.5) {
                    self.phone_national()
                } else {
                    self.phone_free()
                };
                let mut v = self.klog_open();
                v.extend([s("SMS to "), p("phone", ph), s(" queued")]);
                v
            }
            3 => {
                let ph = if self.rng.chance(0.5) {
                    self.phone_national()
                } else {
                    self.phone_free()
                };
                let mut v = self.syslog("asterisk");
                v.extend([
                    s("NOTICE: call from "),
                    p("phone", ph),
                    s(" to extension 204"),
                ]);
                v
            }
            4 => {
                let ph = self.phone_free();
                let mut v = self.java_open("INFO");
                v.extend([s("customer requested callback at "), p("phone", ph)]);
                v
            }
            5 => {
                let ph = format!("+1{}{}{}", self.nanp3(), self.nanp3(), self.rng.digits(4));
                let f = vec![s(" href=\"tel:"), p("phone", ph), s("\"")];
                self.structured(false, vec![f])
            }
            _ => {
                let ph = format!("447{}", self.rng.digits(9));
                let f = self.field(false, "msisdn", p("phone", ph));
                self.structured(false, vec![f])
            }
        }
    }

    fn line_ssn(&mut self) -> Vec<Part> {
        match self.rng.below(6) {
            0 => {
                let v = if self.rng.chance(0.5) {
                    self.ssn()
                } else {
                    self.ssn_bare()
                };
                let f = self.field(false, "ssn", p("ssn", v));
                self.structured(false, vec![f])
            }
            1 => {
                let v = if self.rng.chance(0.5) {
                    self.ssn()
                } else {
                    self.ssn_bare()
                };
                let f = self.field(true, "ssn", p("ssn", v));
                self.structured(true, vec![f])
            }
            2 => {
                let v = self.ssn();
                let mut j = self.java_open("WARN");
                j.extend([s("Applicant verification failed, SSN: "), p("ssn", v)]);
                j
            }
            3 => {
                let v = self.ssn();
                let mut k = self.klog_open();
                k.extend([
                    s("updated social security number "),
                    p("ssn", v),
                    s(" for applicant"),
                ]);
                k
            }
            4 => {
                let v = self.ssn();
                let f = self.field(false, "tax_id", p("ssn", v));
                self.structured(false, vec![f])
            }
            _ => {
                let v = self.ssn();
                let mut j = self.java_open("INFO");
                j.extend([s("W-2 generated for employee "), p("ssn", v)]);
                j
            }
        }
    }

    fn line_uuid(&mut self) -> Vec<Part> {
        let u = self.uuid();
        let req = self.uuid();
        self.keys.push("request_id");
        match self.rng.below(7) {
            0 => {
                let f = self.field(false, "device_id", p("uuid", u));
                let r = self.field(false, "request_id", l("request_uuid", req));
                self.structured(false, vec![f, r])
            }
            1 => {
                let f = self.field(true, "userId", p("uuid", u));
                let r = self.field(true, "requestId", l("request_uuid", req));
                self.structured(true, vec![r, f])
            }
            2 => vec![s("X-Device-Id: "), p("uuid", u)],
            3 => {
                let f = self.field(false, "idfa", p("uuid", u.to_ascii_uppercase()));
                self.structured(false, vec![f])
            }
            4 => {
                let f = self.field(true, "advertising_id", p("uuid", u));
                self.structured(true, vec![f])
            }
            5 => {
                let f = self.field(false, "customer_id", p("uuid", u));
                let r = self.field(false, "request_id", l("request_uuid", req));
                self.structured(false, vec![r, f])
            }
            _ => {
                let f = self.field(true, "installation_id", p("uuid", u));
                self.structured(true, vec![f])
            }
        }
    }

    fn line_imei(&mut self) -> Vec<Part> {
        let imei = self.imei();
        match self.rng.below(5) {
            0 => {
                let f = self.field(false, "imei", p("imei", imei));
                self.structured(false, vec![f])
            }
            1 => {
                let f = self.field(true, "imei", p("imei", imei));
                self.structured(true, vec![f])
            }
            2 => {
                let mut k = self.klog_open();
                k.extend([s("registered device IMEI "), p("imei", imei)]);
                k
            }
            3 => {
                let mut j = self.java_open("INFO");
                j.extend([s("Device check passed, IMEI: "), p("imei", imei)]);
                j
            }
            _ => {
                let mut other = self.imei();
                while other == imei {
                    other = self.imei();
                }
                let f = vec![
                    s(" imei1="),
                    p("imei", imei),
                    s(" imei2="),
                    p("imei", other),
                ];
                self.structured(false, vec![f])
            }
        }
    }

    fn line_secret(&mut self) -> Vec<Part> {
        match self.rng.below(10) {
            0 => {
                let t = if self.rng.chance(0.5) {
                    self.jwt()
                } else {
                    self.opaque_token()
                };
                vec![s("Authorization: Bearer "), p("secret", t)]
            }
            1 => {
                let v = self.rng.chars(32, ALNUM);
                vec![
                    s("Cookie: theme=dark; lang=de-DE; sessionid="),
                    p("secret", v),
                ]
            }
            2 => {
                let pw = self.password();
                let f = self.field(false, "password", p("secret", pw));
                self.structured(false, vec![f])
            }
            3 => {
                let pw = self.password();
                let f = self.field(true, "password", p("secret", pw));
                self.structured(true, vec![f])
            }
            4 => vec![s("AWS_ACCESS_KEY_ID="), p("secret", self.aws_key())],
            5 => {
                let t = self.github_token();
                let mut k = self.klog_open();
                k.extend([
                    s("git fetch failed using "),
                    p("secret", t),
                    s(": repository not found"),
                ]);
                k
            }
            6 => {
                let user = *self.rng.pick(&["deploy", "ci", "app", "backup"]);
                let cred = format!("{user}:{}", self.rng.chars(14, ALNUM));
                if self.rng.chance(0.5) {
                    vec![
                        s("git clone https://"),
                        p("secret", cred),
                        s("@git.example.com/shop/api.git"),
                    ]
                } else {
                    let port = self.port();
                    vec![
                        s("DATABASE_URL=postgres://"),
                        p("secret", cred),
                        s("@db-primary.internal:"),
                        l("port", port),
                        s("/shop"),
                    ]
                }
            }
            7 => {
                let code = self.opaque_token();
                let state = self.rng.chars(16, ALNUM);
                let ip = self.ipv4();
                self.access_line(
                    p("ipv4", ip),
                    vec![
                        s("/oauth/callback?code="),
                        p("secret", code),
                        s("&state="),
                        l("state", state),
                    ],
                    Vec::new(),
                )
            }
            8 => {
                let t = self.jwt();
                let f = self.field(true, "id_token", p("secret", t));
                self.structured(true, vec![f])
            }
            _ => {
                let t = self.rng.chars(32, ALNUM);
                vec![s("X-Api-Key: "), p("secret", t)]
            }
        }
    }
}

/// Does `needle` occur in `hay` between bytes that are not ASCII letters or digits?
fn has_token(hay: &str, needle: &str) -> bool {
    let h = hay.as_bytes();
    let word = |i: Option<usize>| {
        i.and_then(|i| h.get(i))
            .is_some_and(u8::is_ascii_alphanumeric)
    };
    hay.match_indices(needle)
        .any(|(at, _)| !word(at.checked_sub(1)) && !word(Some(at + needle.len())))
}

/// Formats eight IPv6 groups: compressed (RFC 5952: the longest run of two or more
/// zero groups becomes `::`) or full (every group four digits).
fn fmt_v6(g: &[u16; 8], compress: bool, upper: bool) -> String {
    let mut out = String::new();
    if !compress {
        for (i, x) in g.iter().enumerate() {
            if i > 0 {
                out.push(':');
            }
            let _ = write!(out, "{x:04x}");
        }
    } else {
        let (mut best, mut best_len, mut i) = (8, 1, 0);
        while i < 8 {
            if g[i] == 0 {
                let start = i;
                while i < 8 && g[i] == 0 {
                    i += 1;
                }
                if i - start > best_len {
                    (best, best_len) = (start, i - start);
                }
            } else {
                i += 1;
            }
        }
        let mut i = 0;
        while i < 8 {
            if i == best {
                out.push_str("::");
                i += best_len;
                continue;
            }
            if i > 0 && !out.ends_with(':') {
                out.push(':');
            }
            let _ = write!(out, "{:x}", g[i]);
            i += 1;
        }
    }
    if upper {
        out.to_ascii_uppercase()
    } else {
        out
    }
}
