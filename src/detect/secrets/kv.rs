//! Sensitive keys (`secret.kv`, `secret.push`), OAuth URL parameters (`secret.oauth`)
//! and token-shaped values after a telling word (`secret.word`). The KEY RULE and the
//! VALUE RULE are documented in the parent module.

use std::ops::Range;

use super::{is_label, line_end, pattern, pem_begin_at, pem_span, run_end, value};
use crate::detect::trie::{self, Atoms};
use crate::detect::{Candidate, DetectOptions, Pattern};

pub(super) fn patterns(opts: &DetectOptions, v: &mut Vec<Pattern>) {
    let (push, kv): (Vec<&String>, Vec<&String>) =
        opts.lists.secret_keys.iter().partition(|w| is_push_key(w));
    for (rule, words) in [("secret.push", push), ("secret.kv", kv)] {
        if let Some((alt, max)) = key_alternation(&words) {
            let key = format!(r#"{alt}[0-9]{{0,2}}(?:\\?["'])?[ \t]{{0,8}}[:=>]"#);
            v.push(pattern(
                rule,
                format!("<?{key}"),
                1 + max + 2 + 2 + 8 + 1,
                key_value,
                &key,
            ));
        }
    }
    let params: Vec<&String> = opts.lists.secret_url_params.iter().collect();
    if let Some((alt, max)) = key_alternation(&params) {
        let param = format!(r"(?:[?&#;]|\\u0026){alt}=");
        v.push(pattern(
            "secret.oauth",
            param.clone(),
            6 + max + 1,
            url_param,
            &param,
        ));
    }
    v.push(pattern(
        "secret.word",
        r"\b(?i:token|secret|password|passwd|apikey)[ ][A-Za-z0-9]".to_owned(),
        8 + 1 + 1,
        word_value,
        "(?i:token|secret|password|passwd|apikey) ",
    ));
}

/// A `secret_keys` entry that names a push-notification token.
fn is_push_key(w: &str) -> bool {
    let n: String = w
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    [
        "fcm",
        "apns",
        "gcm",
        "push",
        "devicetoken",
        "registrationid",
        "registrationtoken",
    ]
    .iter()
    .any(|p| n.contains(p))
}

/// A case-insensitive alternation of list entries in which `_`, `-`, `.` and a space
/// match any of `-_.` or nothing; with the longest entry's length. `None` when empty.
fn key_alternation(words: &[&String]) -> Option<(String, usize)> {
    let mut words: Vec<&str> = words
        .iter()
        .map(|w| w.trim())
        .filter(|w| !w.is_empty())
        .collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words.dedup();
    let max = words.iter().map(|w| w.len()).max()?;
    // Case does not matter inside `(?i:…)`: lower case lets `apiKey` share `api_key`'s
    // branch.
    let parts: Vec<Atoms> = words
        .iter()
        .map(|w| {
            trie::atoms(&w.to_ascii_lowercase(), |c| {
                matches!(c, '_' | '-' | '.' | ' ').then_some("[-_.]?")
            })
        })
        .collect();
    Some((format!("(?i:{})", trie::alternation(&parts)?), max))
}

/// Bytes that end an unquoted value.
fn ends_value(b: u8) -> bool {
    b.is_ascii_whitespace() || b"&,;\"'`)]}<>".contains(&b)
}

/// Unquoted words that are not secrets.
const NOT_VALUES: [&[u8]; 6] = [b"null", b"true", b"false", b"nil", b"None", b"undefined"];

fn key_value(c: &Candidate<'_>) -> Option<Range<usize>> {
    let hay = c.hay;
    let m = c.bytes();
    let sep = *m.last()?;
    match (m.first() == Some(&b'<'), sep == b'>') {
        (true, true) => {
            // XML element: `<password>value</password>`.
            let end = run_end(hay, c.end, |b| b != b'<');
            return value(hay, c.end..end);
        }
        (false, true) => return None,
        (true, false) => {
            // `<password=…`: a key after a `<`; try again without it.
            return None;
        }
        (false, false) => {}
    }
    // Walk back from the separator over spaces, a closing quote and digits to the key.
    let mut k = m.len() - 1;
    while k > 0 && (m[k - 1] == b' ' || m[k - 1] == b'\t') {
        k -= 1;
    }
    let mut key_quote = None;
    if k > 0 && (m[k - 1] == b'"' || m[k - 1] == b'\'') {
        key_quote = Some(m[k - 1]);
        k -= 1;
        if k > 0 && m[k - 1] == b'\\' {
            k -= 1;
        }
    }
    while k > 0 && m[k - 1].is_ascii_digit() {
        k -= 1;
    }
    let key = &m[..k];
    let before = c.before();
    // A path (`/etc/passwd:`), not a key.
    if matches!(before, Some(b'/' | b'\\')) {
        return None;
    }
    // Short entries (`pwd`, `pass`, `fcm`) only as a word part.
    if key.iter().filter(|b| b.is_ascii_alphanumeric()).count() < 5 {
        if let Some(b) = before.filter(u8::is_ascii_alphanumeric) {
            let hump = (b.is_ascii_lowercase() || b.is_ascii_digit())
                && key.first().is_some_and(u8::is_ascii_uppercase);
            if !hump {
                return None;
            }
        }
    }
    let next = hay.get(c.end).copied();
    let mut vs = c.end;
    match (sep, next) {
        (b':', Some(b':')) | (b'=', Some(b'=')) => return None,
        (b'=', Some(b'>')) => vs += 1,
        _ => {}
    }
    let ends_with = |tail: &[u8]| {
        key.len() >= tail.len() && key[key.len() - tail.len()..].eq_ignore_ascii_case(tail)
    };
    let is_auth = ends_with(b"authorization");
    let header_like = is_auth || ends_with(b"cookie");
    let spaced = run_end(hay, vs, |b| b == b' ' || b == b'\t');
    let le = line_end(hay, vs);
    if spaced >= le || hay[spaced] == b'\r' {
        return None;
    }
    if sep == b'=' && !header_like && spaced > vs && next_is_key(&hay[spaced..le]) {
        // `password= user=bob`: an empty value, then the next key.
        return None;
    }
    let vs = spaced;
    // The shell's working directory (`PWD=/home/deploy` in sudo lines and environment
    // dumps), not a password: the upper-case variable names only, with a path value.
    if key.ends_with(b"PWD") && matches!(hay[vs], b'/' | b'~') {
        return None;
    }
    let outer_quote = before.filter(|&q| (q == b'"' || q == b'\'') && key_quote != Some(q));

    // A PEM private key, bare or just inside a quote.
    for skip in [0, 1, 2] {
        if let Some(marker_end) = pem_begin_at(hay, vs + skip) {
            let opener = &hay[vs..vs + skip];
            let span = pem_span(hay, vs + skip, marker_end);
            // A quoted key on one line (JSON `\n` escapes) ends at its closing quote.
            if opener.is_empty() || (matches!(opener, b"\"" | b"'" | b"\\\"") && span.end > le) {
                return Some(span);
            }
        }
    }
    let (s, e, quoted) = match hay[vs] {
        b'\\' if hay.get(vs + 1) == Some(&b'"') => {
            let inner = vs + 2;
            let e = memchr::memmem::find(&hay[inner..le], b"\\\"").map_or(le, |i| inner + i);
            (inner, e, true)
        }
        q @ (b'"' | b'\'' | b'`') => {
            let inner = vs + 1;
            let mut i = inner;
            while i < le && hay[i] != q {
                i += if hay[i] == b'\\' { 2 } else { 1 };
            }
            (inner, i.min(le), true)
        }
        b'{' | b'[' if !is_label(&hay[vs..run_end(hay, vs, |b| !ends_value(b))]) => {
            (vs, balanced_end(hay, vs, le), true)
        }
        _ if header_like => {
            let stop = outer_quote
                .and_then(|q| memchr::memchr(q, &hay[vs..le]))
                .map_or(le, |i| vs + i);
            let mut e = stop;
            while e > vs && hay[e - 1].is_ascii_whitespace() {
                e -= 1;
            }
            (vs, e, false)
        }
        _ => (vs, run_end(hay, vs, |b| !ends_value(b)), false),
    };
    let v = &hay[s..e];
    if !quoted && !header_like {
        if NOT_VALUES.contains(&v) || v.iter().all(|&b| b == b'*') {
            return None;
        }
        // An object rendering: `Token{a64f992 …`, `Token { kind … }`.
        let ident = |x: &[u8]| {
            !x.is_empty()
                && x.iter()
                    .all(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'$')
        };
        if let Some(brace) = memchr::memchr(b'{', v) {
            if ident(&v[..brace]) {
                return None;
            }
        }
        if ident(v) && hay[e..].starts_with(b" {") {
            return None;
        }
        // A session *number* (`Session: 30546173_4261722401`, ZooKeeper `sessionid:
        // 0x14ede63a5a70001`): a counter-like id, not an opaque session credential.
        if is_session_key(key) && is_number(v) {
            return None;
        }
        // Java's default rendering `android.os.BinderProxy@2bd79ce`.
        if let Some(at) = memchr::memchr(b'@', v) {
            let (class, hash) = (&v[..at], &v[at + 1..]);
            if ident(class)
                && class.contains(&b'.')
                && !hash.is_empty()
                && hash.iter().all(u8::is_ascii_hexdigit)
            {
                return None;
            }
        }
    }
    let mut s = s;
    if is_auth {
        s = run_end(hay, s, |b| b == b' ' || b == b'\t').min(e);
        if AUTH_SCHEMES
            .iter()
            .any(|w| hay[s..e].trim_ascii_end().eq_ignore_ascii_case(w))
        {
            // `Authorization: Bearer` without a credential.
            return None;
        }
        // Keep the scheme word of an Authorization value: `Digest [SECRET]`.
        let w = run_end(hay, s, |b| b.is_ascii_alphanumeric() || b == b'-');
        let after = run_end(hay, w, |b| b == b' ');
        if w > s && after > w && after < e {
            s = after;
        }
    }
    value(hay, s..e)
}

/// A key naming a session (`session`, `sessionid`, `session_id`), not its token or key.
fn is_session_key(key: &[u8]) -> bool {
    // The key's letters and digits, from the end, lower case (without allocating).
    let ends = |tail: &[u8]| {
        let mut k = key
            .iter()
            .rev()
            .filter(|b| b.is_ascii_alphanumeric())
            .map(u8::to_ascii_lowercase);
        tail.iter().rev().all(|&t| k.next() == Some(t))
    };
    ends(b"session") || ends(b"sessionid")
}

/// Decimal digits with `_`, `-`, `.` separators, or `0x` and at most 16 hex digits.
fn is_number(v: &[u8]) -> bool {
    if let Some(hex) = v.strip_prefix(b"0x") {
        return !hex.is_empty() && hex.len() <= 16 && hex.iter().all(u8::is_ascii_hexdigit);
    }
    v.first().is_some_and(u8::is_ascii_digit)
        && v.iter().all(|&b| b.is_ascii_digit() || b"_-.".contains(&b))
}

/// Authorization scheme words: alone they are no credential.
const AUTH_SCHEMES: [&[u8]; 8] = [
    b"bearer",
    b"basic",
    b"digest",
    b"negotiate",
    b"ntlm",
    b"token",
    b"hoba",
    b"mutual",
];

/// `user=…`: text that starts with another key and its `=`.
fn next_is_key(rest: &[u8]) -> bool {
    let n = rest
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
        .count();
    n > 0 && rest[0].is_ascii_alphabetic() && rest.get(n) == Some(&b'=')
}

/// The end (exclusive) of the `{…}` or `[…]` structure opening at `at`, quotes
/// respected; the end of the line when it does not close there.
fn balanced_end(hay: &[u8], at: usize, le: usize) -> usize {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut i = at;
    while i < le {
        let b = hay[i];
        match quote {
            Some(_) if b == b'\\' => i += 1,
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None => match b {
                b'"' | b'\'' => quote = Some(b),
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return i + 1;
                    }
                }
                _ => {}
            },
        }
        i += 1;
    }
    le
}

/// The value of an OAuth/secret URL parameter.
fn url_param(c: &Candidate<'_>) -> Option<Range<usize>> {
    let end = run_end(c.hay, c.end, |b| {
        !(b.is_ascii_whitespace() || b"&#\"'`<>\\".contains(&b))
    });
    value(c.hay, c.end..end)
}

/// `token 8f14e45fceea167a5a36dedd4bea2543`: a token-shaped value after the word.
fn word_value(c: &Candidate<'_>) -> Option<Range<usize>> {
    let vs = c.end - 1;
    let end = run_end(c.hay, vs, |b| {
        b.is_ascii_alphanumeric() || b"_-./+=".contains(&b)
    });
    let v = &c.hay[vs..end];
    let ok =
        v.len() >= 16 && v.iter().any(u8::is_ascii_digit) && v.iter().any(u8::is_ascii_alphabetic);
    ok.then_some(vs..end)
}
