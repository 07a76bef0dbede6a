//! Secrets: credentials and the values of sensitive keys, one [`Kind::Secret`] with a
//! rule name per shape (`secret.jwt`, `secret.kv` …). Labels: `[SECRET]`.
//!
//! # What matches (rule: candidate → span hidden)
//!
//! | rule | candidate (regex) | span hidden / validation |
//! |---|---|---|
//! | `secret.pem` | `-----BEGIN …PRIVATE KEY-----` (also `RSA`, `EC`, `DSA`, `OPENSSH`, `ENCRYPTED`, `PGP … BLOCK`) | from `-----BEGIN` through the closing dashes of the next `-----END …-----` and what is glued to them, across line breaks (one `[SECRET]` per line); a block glued to the next one (`…-----END …----------BEGIN …`) runs on to that one's END; **to the end of the input** when no END marker follows (fail closed) |
//! | `secret.bearer` | `Authorization:`/`Proxy-Authorization:` (any case, `=` too, quoted JSON keys, curl `-H '…'`) then `Bearer ` | the credential only: up to whitespace, a quote, `\`, `,`, `;`, `<`, `>`, `)`, `]`, `}`; any non-empty value |
//! | `secret.bearer` | bare `Bearer ` + token68 | the token68 run (`[A-Za-z0-9-._~+/]+=*`); accepted when ≥ 8 chars with a digit and a letter, or ≥ 24 chars with upper and lower case letters |
//! | `secret.basic` | `Authorization: Basic ` | as for bearer |
//! | `secret.basic` | bare `Basic ` + base64 | the base64 run, only when it decodes to printable `user:password` |
//! | `secret.jwt` | `eyJ`/`eyA` + 12 base64url chars | header base64url-decodes to a JSON object with an `"alg"` member, then `.payload.signature` (payload and signature may be empty: detached / unsecured JWS; up to 5 parts: JWE); two parts without a second dot are not a JWT |
//! | `secret.aws` | `AKIA`/`ASIA`/`ABIA`/`ACCA` + 16 `[A-Z0-9]` | exactly 20 chars: a word boundary before, no letter or digit after |
//! | `secret.github` | `gh[pousr]_` + 36 alnum; `github_pat_` + 82 `[A-Za-z0-9_]` | the whole run |
//! | `secret.slack` | `xox[abposre]-` / `xapp-` + ≥ 10 `[A-Za-z0-9-]` with a digit; `hooks.slack.com/services/…` | the token; the webhook path after `services/` |
//! | `secret.stripe` | `sk_live_`, `rk_live_`, `sk_test_`, `rk_test_` + ≥ 10 alnum; `whsec_` + ≥ 24 alnum | the whole run. Test keys are hidden too: they open a real Stripe account (its test data often copies real customers). Publishable `pk_` keys are public and kept |
//! | `secret.google` | `AIza` + 35 `[A-Za-z0-9_-]`; `ya29.` + ≥ 20; `GOCSPX-` + ≥ 24 | the whole run |
//! | `secret.url` | `://` + an authority byte (the authority is read by the validator) | `user:password` (both: the user name is often an e-mail or a person); the password must be non-empty; the span runs to the *last* `@` of the authority (unescaped `@` in passwords); the authority ends at whitespace, `/`, `?`, `#`, a quote, `<`, `>`, `[`, `]` |
//! | `secret.push` | a `secret_keys` entry naming a push token (`fcm`, `apns`, `gcm`, `push…`, `device_token`, `registration_id/token`) + separator, as `secret.kv`; a bare FCM/GCM registration token (`:APA91b` + 32, or `APA91b` + 32 after a word boundary) | the value, as `secret.kv`; the token run, reaching back over the instance id before the colon (11–64 chars) |
//! | `secret.kv` | a `secret_keys` entry + separator (`=`, `:`, `=>`, JSON `"key":`, `\"key\":`, XML `<key>`) | the value (see below) |
//! | `secret.oauth` | `?`, `&`, `#`, `;` or `\u0026` + a `secret_url_params` entry + `=` | the value up to `&`, `#`, whitespace, a quote, `<`, `>`, `\`; empty values stay |
//! | `secret.word` | `token`, `secret`, `password`, `passwd`, `apikey` + ONE space + a value | the value only, when it is ≥ 16 chars of `[A-Za-z0-9_\-./+=]`, starts alphanumeric and holds a digit and a letter |
//!
//! # Sensitive keys (`secret.kv`, `secret.push`): the KEY RULE
//!
//! A key is sensitive when it **ends with** an entry of `opts.lists.secret_keys`
//! (ASCII case-insensitive; `_`, `-` and `.` inside an entry match any of them or
//! nothing, so `api_key` matches `X-Api-Key`, `apiKey`, `api.key`), optionally followed
//! by up to two digits (`password2`), and is directly followed by its separator
//! (optionally after a closing quote and spaces). So `db_password=`, `userPassword:`,
//! `client_secret=`, `dbpassword=`, `csrftoken=` are sensitive, while
//! `password_reset_count=3`, `token_count=5`, `max_tokens=10`, `password for` are not.
//! Entries of ≥ 5 letters match any key ending (`dbpassword`); shorter entries (`pwd`,
//! `pass`, `fcm`) only as a word part: after a non-letter or at a camel-case hump
//! (`bypass=` is not a key, `X-Pass=` and `userPwd=` are). A key right after `/` or `\`
//! is a path (`/etc/passwd: …`), not a key. `::` and `==` are not separators.
//!
//! # Values: the VALUE RULE (where a value ends)
//!
//! * Spaces and tabs after the separator are skipped; nothing left on the line → no
//!   finding (empty values stay, `password=` is kept).
//! * Quoted (`"`, `'`, `` ` ``): up to the closing quote, `\`-escapes respected; `\"…\"`
//!   inside an escaped JSON string: up to the next `\"`. No closing quote on the line:
//!   to the end of the line. The quotes stay, the inside is hidden.
//! * `{…}` / `[…]`: the balanced structure (quotes respected), or to the end of the line.
//! * A PEM private key: as `secret.pem`.
//! * Header-like keys (ending with `cookie` or `authorization`): the whole header value to
//!   the end of the line, or to the quote that opened before the key (`-H 'Cookie: a=1'`).
//!   Set-Cookie attributes (`Path`, `HttpOnly` …) are hidden with it: simpler and safe.
//!   Authorization keeps its scheme word (`Authorization: Digest [SECRET]`).
//! * Otherwise (unquoted): up to whitespace, `&`, `,`, `;`, a quote, `)`, `]`, `}`, `<`,
//!   `>`. A password holding one of those is cut there: quote such values.
//! * XML `<password>…</password>`: up to the next `<`.
//! * Never a finding: an empty value; a redaction label (`[SECRET]`, `[EMAIL]` …: scrubbed
//!   output scrubs to itself); a value that is exactly a plain pseudonym of another kind
//!   (`Bearer mac_<26 base32>`: a MAC the first pass pseudonymized; a real token of that
//!   exact shape would be missed, as for e-mails); a bare bearer value that begins
//!   with such a pseudonym (`Bearer email_<token>-rest`) or is 26 base32 characters
//!   glued to an `@` (`Bearer <token>@example.com`: an e-mail the first pass
//!   pseudonymized with its domain kept); unquoted `null`, `true`, `false`, `nil`, `None`,
//!   `undefined`; a value made only of `*`; an object rendering (`token=Token{a64f992 …`,
//!   `Token: Token { kind … }`, `token: android.os.BinderProxy@2bd79ce`); the value of a
//!   *session* key (`session`, `sessionid`, `session_id`) that is a plain number
//!   (`Session: 30546173_4261722401`, ZooKeeper `sessionid: 0x14ede63a5a70001`): a
//!   counter, not an opaque session credential (those hold letters: PHP, Java, Django).
//! * The shell's working directory: the upper-case `PWD` / `OLDPWD` variables with a
//!   path value (`PWD=/home/deploy` in sudo lines); a lower-case `pwd` key stays a password.
//! * A value is hidden whole however long (an 8 KiB cookie): `max_len` bounds the
//!   regex match of the key part only.
//!
//! # BOUNDARY RULE
//!
//! Token shapes (AWS, GitHub, Slack, Stripe, Google, JWT, push) must not be preceded by a
//! character of their own alphabet (`\b` or a validator check), and their span runs
//! to the end of the run of their alphabet (a longer token is hidden whole; AWS ids are
//! exactly 20). A token's acceptance never depends on the byte *after* a run that a
//! later finding could change (idempotence). Bearer,
//! basic and word values start after the scheme/word and one or more spaces.
//!
//! # Maximum match length
//!
//! Every regex is bounded (`max_len` is checked against the parsed regex in the tests):
//! with the default lists the longest candidate is `github_pat_…` (93 bytes); a key
//! pattern is at most the longest list entry + 14 bytes, an OAuth one + 7. Spans may run
//! further: values, token runs and PEM blocks are hidden whole.
//!
//! # Validation
//!
//! JWT headers are base64url-decoded and checked for a JSON object with `"alg"`; bare
//! `Basic` values are base64-decoded and must hold `user:password`; all others check
//! boundaries, minimum shapes (digits/letters) and the value rules above. Validators
//! read only the same line, except the PEM one (which looks for the END marker).
mod kv;
mod tokens;

#[cfg(test)]
mod tests;

use std::ops::Range;

use super::{DetectOptions, Pattern};
use crate::Kind;

/// The rules whose patterns start from a key name or a telling word (the others from a
/// token's own shape): the engine searches the two sets as separate groups.
pub(crate) const KEYED_RULES: [&str; 4] =
    ["secret.kv", "secret.push", "secret.oauth", "secret.word"];

/// The candidate patterns of secrets, in their priority order at one start position.
pub(crate) fn patterns(opts: &DetectOptions) -> Vec<Pattern> {
    let mut v = Vec::new();
    tokens::patterns(&mut v);
    kv::patterns(opts, &mut v);
    v
}

/// A secret pattern; `trigger` (a [`super::Bank::Words`] trigger) is what every match of
/// `regex` holds: its literal prefix or its key alternation.
fn pattern(
    rule: &str,
    regex: String,
    max_len: usize,
    validate: super::Validate,
    trigger: &str,
) -> Pattern {
    Pattern {
        kind: Kind::Secret,
        rule: rule.to_owned(),
        regex,
        max_len,
        validate,
        trigger: super::words(trigger),
    }
}

/// End of the line holding `at` (the index of its `\n`, or the input length).
fn line_end(hay: &[u8], at: usize) -> usize {
    let from = at.min(hay.len());
    memchr::memchr(b'\n', &hay[from..]).map_or(hay.len(), |i| from + i)
}

/// End of the run of bytes satisfying `keep` that starts at `at` (never past a line).
fn run_end(hay: &[u8], at: usize, keep: impl Fn(u8) -> bool) -> usize {
    let mut i = at;
    while let Some(&b) = hay.get(i) {
        if b == b'\n' || !keep(b) {
            break;
        }
        i += 1;
    }
    i
}

fn is_b64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// `Range` when non-empty and not already a redaction label (nor starting with one: a
/// value cut short by a stop byte inside the label, `[SECRET` of `[SECRET]`) or a plain
/// pseudonym: scrubbed output scrubs to itself.
fn value(hay: &[u8], span: Range<usize>) -> Option<Range<usize>> {
    let v = hay.get(span.clone())?;
    let rest = &hay[span.start..];
    let head = memchr::memchr(b']', &rest[..rest.len().min(66)]).map(|i| &rest[..=i]);
    let own_output = is_label(v)
        || head.is_some_and(is_label)
        || crate::action::pseudonymize::is_plain_rendering(v);
    (!v.is_empty() && !own_output).then_some(span)
}

/// `[SECRET]`, `[EMAIL]`, `[EMPLOYEE-ID]`: a redaction label, the output of a scrubber.
fn is_label(v: &[u8]) -> bool {
    v.len() >= 3
        && v[0] == b'['
        && v[v.len() - 1] == b']'
        && v[1..v.len() - 1].iter().all(|&b| {
            b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_' || b == b'-' || b == b'.'
        })
}

/// Decodes base64 (standard or URL alphabet, padding optional). `None` on other bytes.
fn b64_decode(s: &[u8]) -> Option<Vec<u8>> {
    let s = match s.iter().position(|&b| b == b'=') {
        Some(p) if s[p..].iter().all(|&b| b == b'=') && s.len() - p <= 2 => &s[..p],
        Some(_) => return None,
        None => s,
    };
    if s.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &b in s {
        let d = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(d);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// The span of a PEM private-key block starting at `begin` (its `-----BEGIN`): through
/// the closing dashes of the next `-----END` marker and the run glued to them, else to
/// the end of the input. A glued run holding `-----BEGIN` (blocks glued END to BEGIN)
/// does not end the block: it goes on to the next END marker, so no body shows.
fn pem_span(hay: &[u8], begin: usize, marker_end: usize) -> Range<usize> {
    let mut from = marker_end;
    let end = loop {
        let rest = hay.get(from..).unwrap_or_default();
        let Some(i) = memchr::memmem::find(rest, b"-----END") else {
            break hay.len();
        };
        let after = from + i + 8;
        let stop = line_end(hay, after);
        let Some(j) = memchr::memmem::find(&hay[after..stop], b"-----") else {
            break stop;
        };
        // Whatever is glued to the END marker goes with it: once the block is a label,
        // a glued token would read differently (idempotence).
        let glued = after + j + 5;
        let glued_end = run_end(hay, glued, |b| {
            !(b.is_ascii_whitespace() || PEM_STOP.contains(&b))
        });
        match memchr::memmem::find(&hay[glued..glued_end], b"-----BEGIN") {
            Some(k) => from = glued + k + 10,
            None => break glued_end,
        }
    };
    begin..end
}

/// A finding never swallows a PEM private-key BEGIN marker (the scan applies this to
/// every finding): it ends before one, or, when it starts with one, it runs on at least
/// to the end of that block. Otherwise the marker would be hidden inside a value, a
/// token or a custom match, and the block's body lines would show.
pub(crate) fn around_pem(hay: &[u8], span: Range<usize>) -> Range<usize> {
    // A marker that starts inside the span counts, even when the span ends within it
    // (a fixed-length token whose last bytes are its first dashes).
    let reach = (span.end + 9).min(hay.len());
    let Some(v) = hay.get(span.start..reach) else {
        return span;
    };
    // Built once: this runs on every finding, and most hold no dash at all.
    static BEGIN: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"-----BEGIN"));
    let starts = BEGIN.find_iter(v).take_while(|&at| at < span.len());
    for at in starts {
        if let Some(marker_end) = pem_begin_at(hay, span.start + at) {
            return match at {
                0 => span.start..pem_span(hay, span.start, marker_end).end.max(span.end),
                _ => span.start..span.start + at,
            };
        }
    }
    span
}

/// Bytes that end the run glued to a PEM END marker (whitespace ends it too). The
/// streaming window continues PEM blocks with the same rule (`src/stream/span.rs`).
pub(crate) const PEM_STOP: &[u8] = b"\"'`,;<>)]}\\";

/// The regex of a PEM private-key BEGIN marker (bounded: at most 70 bytes).
const PEM_BEGIN: &str = r"-----BEGIN [A-Z0-9 ]{0,24}PRIVATE KEY(?: BLOCK)?-----";
const PEM_BEGIN_MAX: usize = 11 + 24 + 11 + 6 + 5;

/// Whether a PEM private-key BEGIN marker starts at `at`; returns the marker's end.
pub(crate) fn pem_begin_at(hay: &[u8], at: usize) -> Option<usize> {
    let rest = hay.get(at..)?;
    let rest = &rest[..rest.len().min(PEM_BEGIN_MAX)];
    let body = rest.strip_prefix(b"-----BEGIN ")?;
    let close = memchr::memmem::find(body, b"-----")?;
    let label = &body[..close];
    let ok = (label.ends_with(b"PRIVATE KEY") || label.ends_with(b"PRIVATE KEY BLOCK"))
        && label
            .iter()
            .all(|&b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b' ');
    ok.then_some(at + 11 + close + 5)
}
