//! Policy files: the versioned TOML / JSON format of [`Policy`], its validation, and
//! errors that name the place (file, line, field).

// Without one of the `toml` / `json` features, that format's helpers are unused.
#![cfg_attr(
    not(all(feature = "toml", feature = "json")),
    allow(dead_code, unused_variables)
)]

use crate::action::CompiledAction;
use crate::detect::custom;
use crate::error::Error;
use crate::structured::rules;
use crate::structured::tokenizer as tok;
use crate::{Detector, FieldAction, Key, KeyRef, Keyring, Kind, Policy, Scrubber};

/// A validation problem: the field it is in (`fields[2].path`) and what is wrong.
type Problem = (String, Error);

fn at(field: impl Into<String>) -> impl FnOnce(Error) -> Problem {
    let field = field.into();
    move |e| (field, e)
}

impl Policy {
    /// Checks everything a policy file can get wrong, without keys: the version, every
    /// rule (bad or unbounded regexes, actions that do not fit their kind, two rules for
    /// one kind), `kinds` against `disable`, field rules (paths, `key_matches` regexes,
    /// action parameters, duplicates), allow-list, key references and limits; then
    /// compiles the detectors. Errors name the field, e.g. `fields[2].key_matches: …`.
    ///
    /// ```
    /// use piiscrub::{FieldAction, FieldRule, Policy};
    /// let mut p = Policy::default();
    /// p.fields.push(FieldRule::key_matches("pass(word", FieldAction::Drop));
    /// let err = p.validate().unwrap_err();
    /// assert!(err.to_string().starts_with("fields[0].key_matches: bad regex"));
    /// ```
    pub fn validate(&self) -> Result<(), Error> {
        self.problem().map_err(|(field, e)| e.at(&field))
    }

    fn problem(&self) -> Result<(), Problem> {
        match self.version {
            1 => {}
            0 => return Err(at("version")(Error::policy("missing `version = 1`"))),
            v => {
                return Err(at("version")(Error::policy(format!(
                    "version {v} is not supported; this piiscrub reads version 1"
                ))))
            }
        }
        let mut seen: Vec<(Kind, String)> = Vec::new();
        let all = self
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| (format!("rules[{i}]"), r));
        let extra = self.extra_rules.iter().enumerate();
        let all = all.chain(extra.map(|(i, r)| (format!("extra_rules[{i}]"), r)));
        for (i, r) in all {
            let kind = r.detector.kind();
            match &r.detector {
                Detector::Builtin {
                    kind: Kind::Custom(_),
                } => {
                    return Err(at(format!("{i}.detector"))(Error::policy(
                        "a built-in detector needs a built-in kind",
                    )))
                }
                Detector::Regex { name, pattern } => {
                    custom::regex_pattern(name, pattern)
                        .map_err(at(format!("{i}.detector.pattern")))?;
                }
                Detector::Dictionary {
                    name,
                    words,
                    case_insensitive,
                } => {
                    custom::dictionary_pattern(name, words, *case_insensitive)
                        .map_err(at(format!("{i}.detector.words")))?;
                }
                Detector::Builtin { .. } => {}
            }
            CompiledAction::compile(&r.action, &kind, kind.name())
                .map_err(at(format!("{i}.action")))?;
            if let Some((_, j)) = seen.iter().find(|(k, _)| *k == kind) {
                return Err(at(i)(Error::policy(format!(
                    "a second rule for `{kind}` contradicts {j}"
                ))));
            }
            seen.push((kind, i));
        }
        for (kind, action) in &self.kinds {
            let field = format!("kinds.{kind}");
            if *kind == Kind::Vin {
                return Err(at(field)(Error::policy(
                    "`vin` is off by default: turn it on with an `[[extra_rules]]` entry, \
                     detector = { detector = \"builtin\", kind = \"vin\" }",
                )));
            }
            if kind.builtin_index().is_none() {
                return Err(at(field)(Error::policy(
                    "not a built-in kind; custom detectors go in `rules`",
                )));
            }
            if self.disable.contains(kind) {
                return Err(at(field)(Error::policy(format!(
                    "`{kind}` is also in `disable`"
                ))));
            }
            CompiledAction::compile(action, kind, kind.name()).map_err(at(field))?;
        }
        for (i, f) in self.fields.iter().enumerate() {
            self.field_problem(i, f)?;
        }
        if self.allow_list && self.fields.is_empty() {
            return Err(at("allow_list")(Error::policy(
                "an allow-list with no field rules would drop every field",
            )));
        }
        self.key_problem(&self.key).map_err(at("key"))?;
        if let Some(t) = &self.tenant_field {
            crate::structured::check_tenant_field(t, &self.key).map_err(at("tenant_field"))?;
        }
        crate::structured::check_limits(&self.limits).map_err(|(f, e)| (f.to_owned(), e))?;
        // Keys are given when a scrubber is built; here a throwaway key lets keyed
        // rules compile, so every other problem is still found.
        let probe = Key::from_bytes(&[0x5a; 32]).map_err(at("key"))?;
        Scrubber::with_keys(self, Some(Keyring::new(probe)), None).map_err(at("rules"))?;
        Ok(())
    }

    fn field_problem(&self, i: usize, f: &crate::FieldRule) -> Result<(), Problem> {
        let sub = match (&f.path, &f.key_matches) {
            (Some(_), None) => "path",
            (None, Some(_)) => "key_matches",
            _ => "",
        };
        let field = |s: &str| match s {
            "" => format!("fields[{i}]"),
            s => format!("fields[{i}].{s}"),
        };
        rules::check_shape(f).map_err(|e| {
            let s = if e.to_string().contains("path") || e.to_string().contains("regex") {
                sub
            } else if sub.is_empty() {
                ""
            } else {
                "action"
            };
            (field(s), e)
        })?;
        if let FieldAction::Pseudonymize { key: Some(k), .. }
        | FieldAction::Encrypt { key: Some(k), .. } = &f.action
        {
            self.key_problem(k).map_err(at(field("action.key")))?;
        }
        for (j, g) in self.fields[..i].iter().enumerate() {
            let same = (f.path.is_some() && f.path == g.path)
                || (f.key_matches.is_some() && f.key_matches == g.key_matches);
            if same {
                let what = if f.action == g.action {
                    "repeats"
                } else {
                    "contradicts"
                };
                return Err((field(sub), Error::policy(format!("{what} fields[{j}]"))));
            }
        }
        Ok(())
    }

    fn key_problem(&self, k: &KeyRef) -> Result<(), Error> {
        match k {
            KeyRef::Inline(_) if !self.allow_inline_key => Err(Error::policy(
                "inline key material needs `allow_inline_key = true`; prefer `env:NAME` or `file:PATH`",
            )),
            _ => Ok(()),
        }
    }

    /// Reads a TOML policy file's text and validates it.
    ///
    /// ```
    /// use piiscrub::{Format, Policy};
    /// let p = Policy::from_toml_str(r#"
    /// version = 1
    /// format = "ndjson"
    /// disable = ["phone"]
    ///
    /// [kinds]
    /// card = { action = "mask", keep_last = 4 }
    ///
    /// [[fields]]
    /// key_matches = "password|secret|token"
    /// action = "drop"
    /// "#)?;
    /// assert_eq!(p.format, Format::Ndjson);
    /// let err = Policy::from_toml_str("version = 1\nfields = 3\n").unwrap_err();
    /// assert!(err.to_string().starts_with("line 2"));
    /// # Ok::<(), piiscrub::Error>(())
    /// ```
    #[cfg(feature = "toml")]
    #[cfg_attr(docsrs, doc(cfg(feature = "toml")))]
    pub fn from_toml_str(text: &str) -> Result<Policy, Error> {
        Policy::from_toml_named(text, None)
    }

    #[cfg(feature = "toml")]
    fn from_toml_named(text: &str, file: Option<&str>) -> Result<Policy, Error> {
        let p: Policy = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start));
            Error::parse(without_long_values(e.message().trim_end())).at(&place(file, line, None))
        })?;
        p.problem()
            .map_err(|(field, e)| e.at(&place(file, locate_toml(text, &field), Some(&field))))?;
        Ok(p)
    }

    /// Reads a JSON policy file's text and validates it.
    ///
    /// ```
    /// use piiscrub::Policy;
    /// let p = Policy::from_json_str(r#"{"version": 1, "fields": [{"path": "user.email", "action": "redact"}]}"#)?;
    /// assert_eq!(p.fields.len(), 1);
    /// let err = Policy::from_json_str("{\"version\": 1,\n \"fields\": [{\"path\": \"a..b\", \"action\": \"drop\"}]}").unwrap_err();
    /// assert!(err.to_string().starts_with("line 2: fields[0].path: bad path"));
    /// # Ok::<(), piiscrub::Error>(())
    /// ```
    #[cfg(feature = "json")]
    #[cfg_attr(docsrs, doc(cfg(feature = "json")))]
    pub fn from_json_str(text: &str) -> Result<Policy, Error> {
        Policy::from_json_named(text, None)
    }

    #[cfg(feature = "json")]
    fn from_json_named(text: &str, file: Option<&str>) -> Result<Policy, Error> {
        let p: Policy = serde_json::from_str(text).map_err(|e| {
            let msg = e.to_string();
            let msg = msg.rsplit_once(" at line ").map_or(&msg[..], |(m, _)| m);
            Error::parse(without_long_values(msg)).at(&place(
                file,
                Some(e.line()).filter(|&l| l > 0),
                None,
            ))
        })?;
        p.problem()
            .map_err(|(field, e)| e.at(&place(file, locate_json(text, &field), Some(&field))))?;
        Ok(p)
    }

    /// Reads and validates a policy file: TOML for `.toml`, JSON for `.json`. Errors
    /// start with the file name, the line when known, and the field.
    pub fn from_path(path: impl AsRef<std::path::Path>) -> Result<Policy, Error> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::io(format!("{name}: cannot read the policy file: {e}")))?;
        match path.extension().and_then(|e| e.to_str()) {
            #[cfg(feature = "toml")]
            Some("toml") => Policy::from_toml_named(&text, Some(&name)),
            #[cfg(feature = "json")]
            Some("json") => Policy::from_json_named(&text, Some(&name)),
            _ => Err(Error::parse(format!(
                "{name}: a policy file ends in .toml or .json (with the crate features `toml` / `json`)"
            ))),
        }
    }
}

/// Values quoted by a parser's message (`string "…"`, `` `…` ``) longer than this are
/// not shown: a key (at least 43 characters in any text form) pasted into the wrong
/// field must not come back in the error, while a mistyped name still does.
#[cfg(any(feature = "toml", feature = "json"))]
const SHOWN_VALUE_MAX: usize = 24;

/// A serde message with every long quoted value replaced by a note.
#[cfg(any(feature = "toml", feature = "json"))]
fn without_long_values(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut rest = msg;
    loop {
        // The next quoted value: `string "…"` (Rust string escapes) or `` `…` ``.
        let quote = rest.find("string \"").map(|i| (i + 7, '"'));
        let tick = rest.find('`').map(|i| (i, '`'));
        let next = match (quote, tick) {
            (Some(q), Some(t)) => Some(if q.0 < t.0 { q } else { t }),
            (q, t) => q.or(t),
        };
        let Some((open, mark)) = next else {
            out.push_str(rest);
            return out;
        };
        let body = &rest[open + 1..];
        let mut escaped = false;
        let close = body.char_indices().find_map(|(i, c)| {
            let end = c == mark && !escaped;
            escaped = mark == '"' && c == '\\' && !escaped;
            end.then_some(i)
        });
        // An unclosed quote hides everything after it.
        let len = close.unwrap_or(body.len());
        out.push_str(&rest[..=open]);
        if body[..len].chars().count() > SHOWN_VALUE_MAX {
            out.push_str("(a long value, not shown)");
        } else {
            out.push_str(&body[..len]);
        }
        match close {
            Some(i) => {
                out.push(mark);
                rest = &body[i + 1..];
            }
            None => return out,
        }
    }
}

/// `file:line: field` with whatever parts are known.
fn place(file: Option<&str>, line: Option<usize>, field: Option<&str>) -> String {
    let mut parts = Vec::new();
    let mut head = String::new();
    if let Some(f) = file {
        head.push_str(f);
    }
    if let Some(l) = line {
        if head.is_empty() {
            head = format!("line {l}");
        } else {
            head = format!("{head}:{l}");
        }
    }
    if !head.is_empty() {
        parts.push(head);
    }
    if let Some(f) = field {
        parts.push(f.to_owned());
    }
    if parts.is_empty() {
        parts.push("policy".to_owned());
    }
    parts.join(": ")
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// `fields[2].path` → `[("fields", Some(2)), ("path", None)]`.
fn segments(field: &str) -> Vec<(&str, Option<usize>)> {
    field
        .split('.')
        .map(|s| match s.split_once('[') {
            Some((name, rest)) => (name, rest.trim_end_matches(']').parse().ok()),
            None => (s, None),
        })
        .collect()
}

/// The line of a field in TOML text, found from the text's layout (`[[fields]]`
/// headers, `[table]` headers, `key =` lines); `None` when it cannot be told.
fn locate_toml(text: &str, field: &str) -> Option<usize> {
    let segs = segments(field);
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let key_line = |from: usize, key: &str| {
        let to = lines[from..]
            .iter()
            .position(|l| l.starts_with('['))
            .map_or(lines.len(), |p| from + p);
        lines[from..to]
            .iter()
            .position(|l| {
                l.strip_prefix(key)
                    .is_some_and(|r| r.trim_start().starts_with('='))
            })
            .map(|p| from + p)
    };
    let (first, idx) = *segs.first()?;
    let found = match idx {
        Some(n) => {
            let header = format!("[[{first}]]");
            let h = lines
                .iter()
                .enumerate()
                .filter(|(_, l)| l.starts_with(&header))
                .nth(n)
                .map(|(i, _)| i);
            match (h, segs.get(1)) {
                (Some(h), Some((sub, _))) => Some(key_line(h + 1, sub).unwrap_or(h)),
                (Some(h), None) => Some(h),
                (None, _) => key_line(0, first),
            }
        }
        None => {
            let header = format!("[{first}]");
            let h = lines.iter().position(|l| *l == header);
            match (h, segs.get(1)) {
                (Some(h), Some((sub, _))) => Some(key_line(h + 1, sub).unwrap_or(h)),
                (Some(h), None) => Some(h),
                (None, _) => key_line(0, first),
            }
        }
    };
    found.map(|i| i + 1)
}

/// The line of a field's value in JSON text, found by walking it with the tokenizer.
fn locate_json(text: &str, field: &str) -> Option<usize> {
    let src = text.as_bytes();
    let mut i = tok::skip_ws(src, 0);
    for (name, idx) in segments(field) {
        i = member(src, i, name.as_bytes())?;
        if let Some(n) = idx {
            i = element(src, i, n)?;
        }
    }
    Some(line_of(text, i))
}

/// The start of the value of member `name` of the object at `i`.
fn member(src: &[u8], i: usize, name: &[u8]) -> Option<usize> {
    if src.get(i) != Some(&b'{') {
        return None;
    }
    let mut j = tok::skip_ws(src, i + 1);
    loop {
        let k = tok::string(src, j).ok()?;
        let c = tok::skip_ws(src, k.end);
        let v = tok::skip_ws(src, c + 1);
        if k.raw(src) == name {
            return Some(v);
        }
        j = tok::skip_ws(src, tok::skip_value(src, v, 64).ok()?);
        if src.get(j) != Some(&b',') {
            return None;
        }
        j = tok::skip_ws(src, j + 1);
    }
}

/// The start of element `n` of the array at `i`.
fn element(src: &[u8], i: usize, n: usize) -> Option<usize> {
    if src.get(i) != Some(&b'[') {
        return None;
    }
    let mut j = tok::skip_ws(src, i + 1);
    for _ in 0..n {
        j = tok::skip_ws(src, tok::skip_value(src, j, 64).ok()?);
        if src.get(j) != Some(&b',') {
            return None;
        }
        j = tok::skip_ws(src, j + 1);
    }
    Some(j)
}

#[cfg(all(test, feature = "toml", feature = "json"))]
mod tests {
    use super::*;

    const KEY: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn long_values_in_parser_messages_are_not_shown() {
        let msg = format!("invalid type: string \"{KEY}\", expected a boolean");
        assert_eq!(
            without_long_values(&msg),
            "invalid type: string \"(a long value, not shown)\", expected a boolean"
        );
        let msg = format!("unknown variant `{KEY}`, expected one of `redact`, `mask`");
        assert_eq!(
            without_long_values(&msg),
            "unknown variant `(a long value, not shown)`, expected one of `redact`, `mask`"
        );
        let short = "unknown variant `redcat`, expected `redact`";
        assert_eq!(without_long_values(short), short);
        let escaped = r#"string "a\"b", expected x"#;
        assert_eq!(without_long_values(escaped), escaped);
        assert_eq!(without_long_values("unclosed `abc"), "unclosed `abc");
        let unclosed = format!("unclosed string \"{KEY}");
        assert_eq!(
            without_long_values(&unclosed),
            "unclosed string \"(a long value, not shown)"
        );
    }

    #[test]
    fn a_key_in_the_wrong_field_is_not_echoed() {
        for text in [
            format!("version = 1\nuuid_everywhere = \"{KEY}\"\n"),
            format!("version = \"{KEY}\"\n"),
            format!("version = 1\n[[rules]]\naction = \"{KEY}\"\n"),
            format!("version = 1\n{KEY} = 1\n"),
        ] {
            let err = Policy::from_toml_str(&text).unwrap_err().to_string();
            assert!(!err.contains(&KEY[..24]), "{err}");
        }
        let json = format!("{{\"version\": 1, \"uuid_everywhere\": \"{KEY}\"}}");
        let err = Policy::from_json_str(&json).unwrap_err().to_string();
        assert!(!err.contains(&KEY[..24]), "{err}");
    }
}
