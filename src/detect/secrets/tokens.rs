//! Token shapes: PEM blocks, `Authorization` credentials, bare bearer/basic values, JWTs,
//! vendor API keys, URL credentials and bare push registration tokens.

use std::ops::Range;

use super::{b64_decode, is_b64url, pattern, pem_span, run_end, value, PEM_BEGIN, PEM_BEGIN_MAX};
use crate::detect::{Candidate, Pattern};

/// `Authorization:` (or `Proxy-Authorization`, `=`, quoted JSON keys) before a scheme.
const AUTH_HEADER: &str =
    r#"(?i:(?:proxy-)?authorization)(?:\\?["'])?[ \t]{0,8}[:=][ \t]{0,8}(?:\\?["'])?[ \t]{0,8}"#;
const AUTH_HEADER_MAX: usize = 19 + 2 + 8 + 1 + 8 + 2 + 8;

pub(super) fn patterns(v: &mut Vec<Pattern>) {
    v.push(pattern(
        "secret.pem",
        PEM_BEGIN.to_owned(),
        PEM_BEGIN_MAX,
        pem,
        "-----BEGIN",
    ));
    v.push(pattern(
        "secret.bearer",
        format!("{AUTH_HEADER}(?i:bearer)[ \\t]{{1,8}}"),
        AUTH_HEADER_MAX + 6 + 8,
        header_credential,
        "(?i:authorization)",
    ));
    v.push(pattern(
        "secret.basic",
        format!("{AUTH_HEADER}(?i:basic)[ \\t]{{1,8}}"),
        AUTH_HEADER_MAX + 5 + 8,
        header_credential,
        "(?i:authorization)",
    ));
    v.push(pattern(
        "secret.bearer",
        r"\b(?i:bearer)[ \t]{1,4}[A-Za-z0-9\-._~+/]".to_owned(),
        6 + 4 + 1,
        bare_bearer,
        r"(?i:bearer)[ \t]",
    ));
    v.push(pattern(
        "secret.basic",
        r"\b(?i:basic)[ \t]{1,4}[A-Za-z0-9+/]{4}".to_owned(),
        5 + 4 + 4,
        bare_basic,
        r"(?i:basic)[ \t]",
    ));
    v.push(pattern(
        "secret.jwt",
        r"ey[JA][A-Za-z0-9_\-]{12}".to_owned(),
        15,
        jwt,
        "ey[JA]",
    ));
    v.push(pattern(
        "secret.aws",
        r"\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}".to_owned(),
        20,
        aws,
        "AKIA|ASIA|ABIA|ACCA",
    ));
    v.push(pattern(
        "secret.github",
        r"\bgh[pousr]_[A-Za-z0-9]{36}".to_owned(),
        40,
        alnum_run,
        "gh[pousr]_",
    ));
    v.push(pattern(
        "secret.github",
        r"\bgithub_pat_[A-Za-z0-9_]{82}".to_owned(),
        93,
        word_run,
        "github_pat_",
    ));
    v.push(pattern(
        "secret.slack",
        r"\b(?:xox[abposre]|xapp)-[A-Za-z0-9\-]{10}".to_owned(),
        15,
        slack,
        "(?:xox[abposre]|xapp)-",
    ));
    v.push(pattern(
        "secret.slack",
        r"hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9]".to_owned(),
        36,
        slack_webhook,
        r"hooks\.slack\.com/",
    ));
    v.push(pattern(
        "secret.stripe",
        r"\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10}".to_owned(),
        18,
        alnum_run,
        "(?:sk|rk)_(?:live|test)_",
    ));
    v.push(pattern(
        "secret.stripe",
        r"\bwhsec_[A-Za-z0-9]{24}".to_owned(),
        30,
        alnum_run,
        "whsec_",
    ));
    v.push(pattern(
        "secret.google",
        r"\bAIza[A-Za-z0-9_\-]{35}".to_owned(),
        39,
        b64url_run,
        "AIza",
    ));
    v.push(pattern(
        "secret.google",
        r"\bya29\.[A-Za-z0-9_\-]{20}".to_owned(),
        25,
        google_oauth,
        r"ya29\.",
    ));
    v.push(pattern(
        "secret.google",
        r"\bGOCSPX-[A-Za-z0-9_\-]{24}".to_owned(),
        31,
        b64url_run,
        "GOCSPX-",
    ));
    v.push(pattern(
        "secret.url",
        r#"://[^ \t\r\n/?#"'<>]"#.to_owned(),
        4,
        url_credentials,
        "://",
    ));
    v.push(pattern(
        "secret.push",
        r"(?::APA91b|\bAPA91b)[A-Za-z0-9_\-]{32}".to_owned(),
        7 + 32,
        fcm_token,
        "APA91b",
    ));
}

fn pem(c: &Candidate<'_>) -> Option<Range<usize>> {
    Some(pem_span(c.hay, c.start, c.end))
}

/// The credential after `Authorization: Bearer ` / `Basic `: any non-empty value.
fn header_credential(c: &Candidate<'_>) -> Option<Range<usize>> {
    let end = run_end(c.hay, c.end, |b| {
        !(b.is_ascii_whitespace() || b"\"'`\\,;<>)]}".contains(&b))
    });
    value(c.hay, c.end..end)
}

fn is_token68(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~+/".contains(&b)
}

/// A bare `Bearer <token68>` outside a header: the token must look like one.
fn bare_bearer(c: &Candidate<'_>) -> Option<Range<usize>> {
    let vs = c.end - 1;
    let run = run_end(c.hay, vs, is_token68);
    let end = run_end(c.hay, run, |b| b == b'=');
    let v = &c.hay[vs..run];
    let has = |f: fn(&u8) -> bool| v.iter().any(f);
    let shaped = (v.len() >= 8 && has(u8::is_ascii_digit) && has(u8::is_ascii_alphabetic))
        || (v.len() >= 24 && has(u8::is_ascii_uppercase) && has(u8::is_ascii_lowercase));
    // A value that begins with the output of another kind is no token: a plain
    // pseudonym (`Bearer mac_<token>`, `Bearer email_<token>-rest` once the `@…` of an
    // address glued to more text became the rendering), or a token glued to an `@`
    // (`Bearer <token>@example.com`: an e-mail pseudonymized with its domain kept).
    // Scrubbing such output again must change nothing.
    use crate::action::pseudonymize::{is_token, starts_with_plain_rendering};
    let own_output =
        starts_with_plain_rendering(&c.hay[vs..]) || (c.hay.get(run) == Some(&b'@') && is_token(v));
    (shaped && !own_output).then_some(vs..end)
}

/// A bare `Basic <base64>` outside a header: it must decode to printable `user:password`.
fn bare_basic(c: &Candidate<'_>) -> Option<Range<usize>> {
    let vs = c.end - 4;
    let run = run_end(c.hay, vs, |b| {
        b.is_ascii_alphanumeric() || b == b'+' || b == b'/'
    });
    let end = run_end(c.hay, run, |b| b == b'=');
    // No look at what follows: a following finding turned into a label must not change
    // the decision (idempotence).
    if end - run > 2 {
        return None;
    }
    let dec = b64_decode(&c.hay[vs..end])?;
    let printable = dec.iter().all(|&b| (0x20..0x7F).contains(&b) || b >= 0x80);
    (printable && dec.len() >= 3 && dec.contains(&b':')).then_some(vs..end)
}

/// A JWS/JWE compact serialization whose header is a JSON object with `"alg"`.
fn jwt(c: &Candidate<'_>) -> Option<Range<usize>> {
    let hay = c.hay;
    if c.before().is_some_and(is_b64url) {
        return None;
    }
    let hdr_end = run_end(hay, c.start, is_b64url);
    if hdr_end - c.start > 8192 || hay.get(hdr_end) != Some(&b'.') {
        return None;
    }
    if !header_has_alg(&hay[c.start..hdr_end]) {
        return None;
    }
    // header . payload . signature, then up to two more parts (JWE has five).
    let payload_end = run_end(hay, hdr_end + 1, is_b64url);
    if hay.get(payload_end) != Some(&b'.') {
        return None;
    }
    let mut end = run_end(hay, payload_end + 1, is_b64url);
    let mut parts = 3;
    while parts < 5
        && hay.get(end) == Some(&b'.')
        && hay.get(end + 1).is_some_and(|&b| is_b64url(b))
    {
        end = run_end(hay, end + 1, is_b64url);
        parts += 1;
    }
    Some(c.start..end)
}

fn header_has_alg(b64: &[u8]) -> bool {
    let Some(dec) = b64_decode(b64) else {
        return false;
    };
    let Ok(text) = std::str::from_utf8(&dec) else {
        return false;
    };
    let t = text.trim();
    if !(t.starts_with('{') && t.ends_with('}')) {
        return false;
    }
    t.match_indices("\"alg\"")
        .any(|(i, m)| t[i + m.len()..].trim_start().starts_with(':'))
}

fn aws(c: &Candidate<'_>) -> Option<Range<usize>> {
    (!c.after().is_some_and(|b| b.is_ascii_alphanumeric())).then_some(c.start..c.end)
}

fn alnum_run(c: &Candidate<'_>) -> Option<Range<usize>> {
    Some(c.start..run_end(c.hay, c.end, |b| b.is_ascii_alphanumeric()))
}

fn word_run(c: &Candidate<'_>) -> Option<Range<usize>> {
    Some(c.start..run_end(c.hay, c.end, |b| b.is_ascii_alphanumeric() || b == b'_'))
}

fn b64url_run(c: &Candidate<'_>) -> Option<Range<usize>> {
    Some(c.start..run_end(c.hay, c.end, is_b64url))
}

/// An FCM registration token `<instance id>:APA91b…` (or a legacy GCM `APA91b…`). The
/// candidate starts at the colon (a leading counted run is slow in the one DFA); the span
/// reaches back over the instance id (at most 64 bytes). Should the engine refuse that
/// span (it starts before where the scan resumed), `\bAPA91b` still matches one byte on.
fn fcm_token(c: &Candidate<'_>) -> Option<Range<usize>> {
    let end = run_end(c.hay, c.end, is_b64url);
    if c.hay.get(c.start) != Some(&b':') {
        return Some(c.start..end);
    }
    let mut s = c.start;
    while s > 0 && c.start - s < 64 && is_b64url(c.hay[s - 1]) {
        s -= 1;
    }
    Some(if c.start - s >= 11 {
        s..end
    } else {
        c.start + 1..end
    })
}

fn google_oauth(c: &Candidate<'_>) -> Option<Range<usize>> {
    Some(c.start..run_end(c.hay, c.end, |b| is_b64url(b) || b == b'.'))
}

fn slack(c: &Candidate<'_>) -> Option<Range<usize>> {
    let end = run_end(c.hay, c.end, |b| b.is_ascii_alphanumeric() || b == b'-');
    let body = &c.hay[c.start..end];
    let dash = body.iter().position(|&b| b == b'-')?;
    body[dash..]
        .iter()
        .any(u8::is_ascii_digit)
        .then_some(c.start..end)
}

fn slack_webhook(c: &Candidate<'_>) -> Option<Range<usize>> {
    let vs = c.end - 1;
    Some(vs..run_end(c.hay, vs, |b| is_b64url(b) || b == b'/'))
}

/// `scheme://user:password@`: hides `user:password`, up to the last `@` of the authority.
fn url_credentials(c: &Candidate<'_>) -> Option<Range<usize>> {
    let us = c.start + 3;
    // The authority up to the host; an IPv6 host (`[::1]`) and labels stop it too.
    let authority_end = run_end(c.hay, us, |b| {
        !(b.is_ascii_whitespace() || b"/?#\"'<>[]".contains(&b))
    });
    let authority = &c.hay[us..authority_end];
    let at = memchr::memrchr(b'@', authority)?;
    // A password (non-empty, after the first `:`) makes it a credential.
    let colon = memchr::memchr(b':', &authority[..at])?;
    if colon + 1 == at {
        return None;
    }
    value(c.hay, us..us + at)
}
