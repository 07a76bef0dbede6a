//! The byte-preserving rewriter: walks one JSON text with the tokenizer and copies it
//! to the output, rewriting only what the rules and the scanner change. Key order,
//! whitespace, number spelling and escapes of everything unchanged stay as they were;
//! a dropped member or element leaves with its comma.

use std::borrow::Cow;

use super::rules::{FieldRules, Treat};
use super::selector::{State, Step};
use super::text::scan_value;
use super::tokenizer::{self as tok, JsonError, Res};
use super::typed::{self, Typed};
use crate::{Findings, Key, Scrubber};

/// One rewrite of one JSON text.
pub(crate) struct Rewriter<'a> {
    src: &'a [u8],
    out: &'a mut Vec<u8>,
    rules: &'a FieldRules,
    text: &'a Scrubber,
    /// The event's key for keyed actions (`None`: keyed values are redacted).
    key: Option<&'a Key>,
    counts: &'a mut Findings,
    max_depth: usize,
    /// Selector states, one block of `rules.width()` per open level that uses rules.
    states: Vec<State>,
    unesc: Vec<u8>,
    ctx: Vec<u8>,
    scrubbed: Vec<u8>,
}

impl<'a> Rewriter<'a> {
    /// Rewrites the whole of `src` (one JSON value with optional surrounding
    /// whitespace) into `out`. On error, what was appended to `out` is unspecified:
    /// callers truncate it.
    pub(crate) fn run(
        src: &'a [u8],
        out: &'a mut Vec<u8>,
        rules: &'a FieldRules,
        text: &'a Scrubber,
        key: Option<&'a Key>,
        counts: &'a mut Findings,
        max_depth: usize,
    ) -> Res<()> {
        let mut w = Rewriter {
            src,
            out,
            rules,
            text,
            key,
            counts,
            max_depth,
            states: vec![0; rules.width()],
            unesc: Vec::new(),
            ctx: Vec::new(),
            scrubbed: Vec::new(),
        };
        let i = tok::skip_ws(src, 0);
        w.out.extend_from_slice(&src[..i]);
        let mut root = vec![0; rules.width()];
        let treat = match rules.root(&mut root) {
            // A scalar root no allow-list entry reaches: nothing of it may stay.
            Treat::Rules { allowed: false } if !matches!(src.get(i), Some(b'{' | b'[')) => {
                Treat::Drop
            }
            t => t,
        };
        w.states.copy_from_slice(&root);
        let end = w.value(i, 0, treat, 0, None)?;
        let j = tok::skip_ws(src, end);
        if j != src.len() {
            return Err(JsonError::Syntax(j));
        }
        w.out.extend_from_slice(&src[end..]);
        Ok(())
    }

    /// Rewrites the value at `i` (inside `depth` open containers); returns its end.
    fn value(
        &mut self,
        i: usize,
        depth: usize,
        treat: Treat<'a>,
        st: usize,
        key: Option<&[u8]>,
    ) -> Res<usize> {
        let left = self.max_depth.saturating_sub(depth);
        match treat {
            Treat::Drop => {
                let e = tok::skip_value(self.src, i, left)?;
                self.out.extend_from_slice(b"null");
                Ok(e)
            }
            Treat::Keep => {
                let e = tok::skip_value(self.src, i, left)?;
                self.out.extend_from_slice(&self.src[i..e]);
                Ok(e)
            }
            Treat::Redact(label) => {
                let e = tok::skip_value(self.src, i, left)?;
                tok::write_string(label, self.out);
                Ok(e)
            }
            _ => match self.src.get(i) {
                Some(b'{' | b'[') => self.container(i, depth, treat, st, key),
                _ => self.scalar(i, treat, key),
            },
        }
    }

    /// The treatment and the states of a child.
    fn child(&mut self, treat: Treat<'a>, st: usize, step: Step<'_>) -> (Treat<'a>, usize) {
        match treat {
            Treat::Rules { allowed } => {
                let w = self.rules.width();
                let at = self.states.len();
                self.states.resize(at + w, 0);
                let (parent, child) = self.states.split_at_mut(at);
                let t = self.rules.decide(&parent[st..st + w], child, step, allowed);
                (t, at)
            }
            // Typed actions cover their whole subtree.
            other => (other, st),
        }
    }

    /// An object or an array at `i`.
    fn container(
        &mut self,
        i: usize,
        depth: usize,
        treat: Treat<'a>,
        st: usize,
        key: Option<&[u8]>,
    ) -> Res<usize> {
        if depth >= self.max_depth {
            return Err(JsonError::Depth(i));
        }
        let src = self.src;
        let is_object = src[i] == b'{';
        let close = if is_object { b'}' } else { b']' };
        self.out.push(src[i]);
        let mut j = i + 1;
        let (mut first, mut emitted, mut index) = (true, false, 0usize);
        loop {
            let sep_start = j;
            j = tok::skip_ws(src, j);
            if src.get(j) == Some(&close) {
                self.out.extend_from_slice(&src[sep_start..=j]);
                return Ok(j + 1);
            }
            if !first {
                if src.get(j) != Some(&b',') {
                    return Err(JsonError::Syntax(j));
                }
                j = tok::skip_ws(src, j + 1);
            }
            first = false;
            // The member's key (objects) and where its value starts.
            let (k, key_text, vstart) = if is_object {
                let k = tok::string(src, j)?;
                let key_text: Cow<'a, [u8]> = if k.escaped {
                    let mut v = Vec::with_capacity(k.end - k.start);
                    tok::unescape(k.raw(src), &mut v);
                    Cow::Owned(v)
                } else {
                    Cow::Borrowed(k.raw(src))
                };
                let c = tok::skip_ws(src, k.end);
                if src.get(c) != Some(&b':') {
                    return Err(JsonError::Syntax(c));
                }
                (Some(k), Some(key_text), tok::skip_ws(src, c + 1))
            } else {
                (None, None, j)
            };
            let step = match &key_text {
                Some(t) => Step::Key(t),
                None => Step::Index(index),
            };
            index += 1;
            let mark = self.states.len();
            let (t, cst) = self.child(treat, st, step);
            let scalar = !matches!(src.get(vstart), Some(b'{' | b'['));
            if t == Treat::Drop || (t == (Treat::Rules { allowed: false }) && scalar) {
                j = tok::skip_value(src, vstart, self.max_depth - depth - 1)?;
                self.states.truncate(mark);
                continue;
            }
            // The separator before this member, without its comma when it is the
            // first one written.
            let sep_end = k.map_or(vstart, |k| k.start);
            let sep = &src[sep_start..sep_end];
            match (emitted, sep.iter().position(|&b| b == b',')) {
                (false, Some(p)) => {
                    self.out.extend_from_slice(&sep[..p]);
                    self.out.extend_from_slice(&sep[p + 1..]);
                }
                _ => self.out.extend_from_slice(sep),
            }
            if let (Some(k), Some(key_text)) = (k, &key_text) {
                self.key(k, key_text);
                self.out.extend_from_slice(&src[k.end..vstart]);
            }
            let ctx = key_text.as_deref().or(key);
            j = self.value(vstart, depth + 1, t, cst, ctx)?;
            self.states.truncate(mark);
            emitted = true;
        }
    }

    /// Writes an object key: scanned as free text, rewritten only when it changes.
    fn key(&mut self, k: tok::StrToken, text: &[u8]) {
        self.scrubbed.clear();
        if self
            .text
            .scrub_into_with_key(text, self.key, &mut self.scrubbed, self.counts)
        {
            tok::write_string(&self.scrubbed, self.out);
        } else {
            self.out.extend_from_slice(&self.src[k.start..k.end]);
        }
    }

    /// A string, number or literal at `i`.
    fn scalar(&mut self, i: usize, treat: Treat<'a>, key: Option<&[u8]>) -> Res<usize> {
        let src = self.src;
        let (end, is_number, escaped) = match src.get(i) {
            Some(b'"') => {
                let s = tok::string(src, i)?;
                if s.escaped {
                    self.unesc.clear();
                    tok::unescape(s.raw(src), &mut self.unesc);
                }
                (s.end, false, s.escaped)
            }
            Some(b'-' | b'0'..=b'9') => (tok::number(src, i)?, true, false),
            _ => {
                // Literals carry no personal data and no typed action applies to them.
                let e = tok::literal(src, i)?;
                self.out.extend_from_slice(&src[i..e]);
                return Ok(e);
            }
        };
        // An escaped string's text lives in `unesc`; take it out for the borrow checker.
        let unesc = std::mem::take(&mut self.unesc);
        let text: &[u8] = match (escaped, is_number) {
            (true, _) => &unesc,
            (false, true) => &src[i..end],
            (false, false) => &src[i + 1..end - 1],
        };
        let result = match treat {
            Treat::Truncate { v4, v6 } => typed::truncate(text, v4, v6),
            Treat::Bucket(w) => typed::bucket(text, is_number, w),
            Treat::Time(u) => typed::truncate_time(text, is_number, u),
            Treat::Generalize(g) => typed::generalize(text, is_number, g),
            Treat::Pseudonymize(p) => p.apply(text, self.key, self.counts),
            Treat::Encrypt(e) => e.apply(text, self.key, self.counts),
            _ => Typed::Scan,
        };
        match result {
            Typed::Same => self.out.extend_from_slice(&src[i..end]),
            Typed::Str(s) => tok::write_string(&s, self.out),
            Typed::Num(s) => self.out.extend_from_slice(&s),
            Typed::Null => self.out.extend_from_slice(b"null"),
            Typed::Scan => {
                self.scrubbed.clear();
                let changed = scan_value(
                    self.text,
                    self.key,
                    key,
                    text,
                    &mut self.ctx,
                    &mut self.scrubbed,
                    self.counts,
                );
                if changed {
                    tok::write_string(&self.scrubbed, self.out);
                } else {
                    self.out.extend_from_slice(&src[i..end]);
                }
            }
        }
        self.unesc = unesc;
        Ok(end)
    }
}
