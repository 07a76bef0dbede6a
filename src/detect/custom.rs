//! Custom detectors: user regexes and literal dictionaries, checked at build time.

use regex_syntax::hir::{Class, Hir, HirKind};

use super::{accept_all, Pattern};
use crate::error::Error;
use crate::Kind;

/// Longest match a custom detector may have, in bytes.
pub(crate) const MAX_CUSTOM_LEN: usize = 4096;

/// Checks a custom detector name: 1–32 characters of `[a-z0-9-]`, not a built-in name.
pub(crate) fn check_name(name: &str) -> Result<(), Error> {
    let ok = !name.is_empty()
        && name.len() <= 32
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !ok {
        return Err(Error::policy(format!(
            "custom detector name `{}`: use 1 to 32 characters of [a-z0-9-]",
            name.escape_debug()
        )));
    }
    if Kind::from_builtin_name(name).is_some() {
        return Err(Error::policy(format!(
            "custom detector name `{name}` is the name of a built-in kind"
        )));
    }
    Ok(())
}

fn matches_newline(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Literal(lit) => lit.0.contains(&b'\n'),
        HirKind::Class(Class::Bytes(c)) => c
            .ranges()
            .iter()
            .any(|r| r.start() <= b'\n' && b'\n' <= r.end()),
        HirKind::Class(Class::Unicode(c)) => c
            .ranges()
            .iter()
            .any(|r| r.start() <= '\n' && '\n' <= r.end()),
        HirKind::Repetition(r) => matches_newline(&r.sub),
        HirKind::Capture(c) => matches_newline(&c.sub),
        HirKind::Concat(hs) | HirKind::Alternation(hs) => hs.iter().any(matches_newline),
        HirKind::Empty | HirKind::Look(_) => false,
    }
}

/// Checks a user regex and turns it into a candidate pattern.
pub(crate) fn regex_pattern(name: &str, pattern: &str) -> Result<Pattern, Error> {
    check_name(name)?;
    let hir = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .nest_limit(100)
        .build()
        .parse(pattern)
        .map_err(|e| Error::policy(format!("custom detector `{name}`: bad regex: {e}")))?;
    let props = hir.properties();
    let max = props.maximum_len().ok_or_else(|| {
        Error::policy(format!(
            "custom detector `{name}`: the regex has no bounded match length \
             (replace `*`, `+` and `{{n,}}` with `{{n,m}}`)"
        ))
    })?;
    if max > MAX_CUSTOM_LEN {
        return Err(Error::policy(format!(
            "custom detector `{name}`: matches may be up to {max} bytes long; the limit is {MAX_CUSTOM_LEN}"
        )));
    }
    if props.minimum_len().unwrap_or(0) == 0 {
        return Err(Error::policy(format!(
            "custom detector `{name}`: the regex can match the empty string"
        )));
    }
    if matches_newline(&hir) {
        return Err(Error::policy(format!(
            "custom detector `{name}`: the regex can match a line break"
        )));
    }
    Ok(Pattern {
        kind: Kind::Custom(name.to_owned()),
        rule: name.to_owned(),
        regex: format!("(?:{pattern})"),
        max_len: max,
        validate: accept_all,
        trigger: None,
    })
}

/// Checks a word list and turns it into one candidate pattern (an alternation of literals).
pub(crate) fn dictionary_pattern(
    name: &str,
    words: &[String],
    case_insensitive: bool,
) -> Result<Pattern, Error> {
    check_name(name)?;
    if words.is_empty() {
        return Err(Error::policy(format!("dictionary `{name}` has no words")));
    }
    let mut alts = Vec::with_capacity(words.len());
    let mut max_len = 0;
    for (i, w) in words.iter().enumerate() {
        if w.is_empty() || w.len() > 256 || w.contains(['\n', '\r']) {
            return Err(Error::policy(format!(
                "dictionary `{name}`, word {}: words must be 1 to 256 bytes without line breaks",
                i + 1
            )));
        }
        max_len = max_len.max(w.len());
        let b = w.as_bytes();
        let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
        let lead = if word(b[0]) { "\\b" } else { "" };
        let tail = if word(b[b.len() - 1]) { "\\b" } else { "" };
        alts.push(format!("{lead}{}{tail}", regex_syntax::escape(w)));
    }
    let flags = if case_insensitive { "(?i)" } else { "" };
    Ok(Pattern {
        kind: Kind::Custom(name.to_owned()),
        rule: name.to_owned(),
        regex: format!("{flags}(?:{})", alts.join("|")),
        max_len,
        validate: accept_all,
        trigger: None,
    })
}
