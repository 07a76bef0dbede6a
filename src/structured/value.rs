//! The walker over `serde_json::Value` events: the same decisions as the byte
//! rewriter, applied to a tree the caller holds.

use serde_json::{Map, Number, Value};

use super::rules::{FieldRules, Treat};
use super::selector::{State, Step};
use super::text::scan_value;
use super::typed::{self, Typed};
use crate::{Findings, Key, Scrubber};

/// One walk over one value. Fails only when the value nests deeper than `max_depth`
/// (the value is then left partly scrubbed: callers must not use it).
pub(crate) struct Walker<'a> {
    pub(crate) rules: &'a FieldRules,
    pub(crate) text: &'a Scrubber,
    /// The event's key for keyed actions (`None`: keyed values are redacted).
    pub(crate) key: Option<&'a Key>,
    pub(crate) counts: &'a mut Findings,
    pub(crate) max_depth: usize,
    pub(crate) states: Vec<State>,
    pub(crate) ctx: Vec<u8>,
    pub(crate) buf: Vec<u8>,
}

/// The value nests deeper than the limit.
pub(crate) struct TooDeep;

impl<'a> Walker<'a> {
    /// Scrubs `v` as a whole event.
    pub(crate) fn run(&mut self, v: &mut Value) -> Result<(), TooDeep> {
        self.states = vec![0; self.rules.width()];
        let treat = match self.rules.root(&mut self.states) {
            Treat::Rules { allowed: false } if !(v.is_object() || v.is_array()) => Treat::Drop,
            t => t,
        };
        self.walk(v, 0, treat, 0, None)
    }

    fn walk(
        &mut self,
        v: &mut Value,
        depth: usize,
        treat: Treat<'a>,
        st: usize,
        key: Option<&str>,
    ) -> Result<(), TooDeep> {
        // Whatever is thrown away goes through `drop_flat`: a caller-built value may nest
        // deeper than the limit, and serde_json's own drop recurses once per level.
        match treat {
            Treat::Drop => drop_flat(std::mem::take(v)),
            Treat::Keep => {}
            Treat::Redact(label) => {
                let label = Value::String(String::from_utf8_lossy(label).into_owned());
                drop_flat(std::mem::replace(v, label));
            }
            _ => match v {
                Value::Object(map) => {
                    if depth >= self.max_depth {
                        return Err(TooDeep);
                    }
                    let mut rest = std::mem::take(map).into_iter();
                    let mut new = Map::new();
                    while let Some((k, mut child)) = rest.next() {
                        let mark = self.states.len();
                        let (t, cst) = self.child(treat, st, Step::Key(k.as_bytes()));
                        if !keep_child(t, &child) {
                            drop_flat(child);
                        } else if let Err(e) = self.walk(&mut child, depth + 1, t, cst, Some(&k)) {
                            drop_flat(child);
                            rest.for_each(|(_, v)| drop_flat(v));
                            return Err(e);
                        } else {
                            new.insert(self.key(k), child);
                        }
                        self.states.truncate(mark);
                    }
                    *map = new;
                }
                Value::Array(items) => {
                    if depth >= self.max_depth {
                        return Err(TooDeep);
                    }
                    let mut rest = std::mem::take(items).into_iter().enumerate();
                    while let Some((i, mut child)) = rest.next() {
                        let mark = self.states.len();
                        let (t, cst) = self.child(treat, st, Step::Index(i));
                        if !keep_child(t, &child) {
                            drop_flat(child);
                        } else if let Err(e) = self.walk(&mut child, depth + 1, t, cst, key) {
                            drop_flat(child);
                            rest.for_each(|(_, v)| drop_flat(v));
                            return Err(e);
                        } else {
                            items.push(child);
                        }
                        self.states.truncate(mark);
                    }
                }
                Value::String(s) => {
                    if let Some(new) = self.scalar(s.as_bytes(), false, treat, key) {
                        *v = new;
                    }
                }
                Value::Number(n) => {
                    let text = n.to_string();
                    if let Some(new) = self.scalar(text.as_bytes(), true, treat, key) {
                        *v = new;
                    }
                }
                Value::Bool(_) | Value::Null => {}
            },
        }
        Ok(())
    }

    fn child(&mut self, treat: Treat<'a>, st: usize, step: Step<'_>) -> (Treat<'a>, usize) {
        match treat {
            Treat::Rules { allowed } => {
                let w = self.rules.width();
                let at = self.states.len();
                self.states.resize(at + w, 0);
                let (parent, child) = self.states.split_at_mut(at);
                (
                    self.rules.decide(&parent[st..st + w], child, step, allowed),
                    at,
                )
            }
            other => (other, st),
        }
    }

    /// An object key, scanned as free text.
    fn key(&mut self, k: String) -> String {
        self.buf.clear();
        if self
            .text
            .scrub_into_with_key(k.as_bytes(), self.key, &mut self.buf, self.counts)
        {
            String::from_utf8_lossy(&self.buf).into_owned()
        } else {
            k
        }
    }

    /// What a string or number becomes; `None` when unchanged.
    fn scalar(
        &mut self,
        text: &[u8],
        is_number: bool,
        treat: Treat<'a>,
        key: Option<&str>,
    ) -> Option<Value> {
        let result = match treat {
            Treat::Truncate { v4, v6 } => typed::truncate(text, v4, v6),
            Treat::Bucket(w) => typed::bucket(text, is_number, w),
            Treat::Time(u) => typed::truncate_time(text, is_number, u),
            Treat::Generalize(g) => typed::generalize(text, is_number, g),
            Treat::Pseudonymize(p) => p.apply(text, self.key, self.counts),
            Treat::Encrypt(e) => e.apply(text, self.key, self.counts),
            _ => Typed::Scan,
        };
        let string = |b: &[u8]| Value::String(String::from_utf8_lossy(b).into_owned());
        match result {
            Typed::Same => None,
            Typed::Str(s) => Some(string(&s)),
            Typed::Num(s) => Some(
                std::str::from_utf8(&s)
                    .ok()
                    .and_then(|t| t.parse::<Number>().ok())
                    .map_or_else(|| string(&s), Value::Number),
            ),
            Typed::Null => Some(Value::Null),
            Typed::Scan => {
                self.buf.clear();
                let key = key.map(str::as_bytes);
                scan_value(
                    self.text,
                    self.key,
                    key,
                    text,
                    &mut self.ctx,
                    &mut self.buf,
                    self.counts,
                )
                .then(|| string(&self.buf))
            }
        }
    }
}

/// Whether a child survives its treatment (dropped fields and, in allow-list mode,
/// scalars no rule lists, do not).
fn keep_child(t: Treat<'_>, child: &Value) -> bool {
    match t {
        Treat::Drop => false,
        Treat::Rules { allowed: false } => child.is_object() || child.is_array(),
        _ => true,
    }
}

/// Drops a value of any depth without recursion (serde_json's own drop recurses once
/// per level: a caller-built value 100,000 levels deep would overflow the stack).
pub(crate) fn drop_flat(value: Value) {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items),
            Value::Object(members) => stack.extend(members.into_iter().map(|(_, v)| v)),
            _ => {}
        }
    }
}
