//! Field rules compiled for the walkers: at every step into an object member or array
//! element, [`FieldRules::decide`] says how the child value is treated.

use regex_automata::{meta, util::syntax};

use super::keyed::{FieldEncrypt, FieldPseudo, KeySlot};
use super::selector::{Selector, State, Step};
use crate::action::pseudonymize::valid_domain;
use crate::error::Error;
use crate::{FieldAction, FieldRule, Generalization, KeyRef, TimeUnit};

/// Says which key a keyed rule (named by its action) uses (`None`: the policy's key);
/// fails when the key cannot be had.
pub(crate) type KeyResolver<'a> = dyn FnMut(&str, Option<&KeyRef>) -> Result<KeySlot, Error> + 'a;

/// How a value is treated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Treat<'r> {
    /// Strings and numbers scanned as free text; the children of containers decided
    /// by the rules. `allowed = false` in allow-list mode below a field no rule listed
    /// yet (only containers on the way to a listed path survive there).
    Rules { allowed: bool },
    /// Copied as it is.
    Keep,
    /// Removed.
    Drop,
    /// Replaced by this string.
    Redact(&'r [u8]),
    /// Every IP inside truncated.
    Truncate { v4: u8, v6: u8 },
    /// Every number inside bucketed.
    Bucket(f64),
    /// Every timestamp inside truncated.
    Time(TimeUnit),
    /// Every string and number inside generalized.
    Generalize(Generalization),
    /// Every string and number inside pseudonymized.
    Pseudonymize(&'r FieldPseudo),
    /// Every IP inside encrypted.
    Encrypt(&'r FieldEncrypt),
}

#[derive(Debug)]
enum Matcher {
    Path(Selector),
    Key(meta::Regex),
}

#[derive(Debug)]
struct Compiled {
    matcher: Matcher,
    action: CompiledAction,
}

#[derive(Debug)]
enum CompiledAction {
    Scan,
    Keep,
    Drop,
    Redact(Box<[u8]>),
    Truncate { v4: u8, v6: u8 },
    Bucket(f64),
    Time(TimeUnit),
    Generalize(Generalization),
    Pseudonymize(FieldPseudo),
    Encrypt(FieldEncrypt),
}

/// The field rules of a policy, compiled.
#[derive(Debug)]
pub(crate) struct FieldRules {
    rules: Vec<Compiled>,
    /// How many rules are path rules (one [`State`] each).
    paths: usize,
    allow_list: bool,
}

/// Checks and compiles one rule's matcher. The error names no place: callers add it.
fn matcher(rule: &FieldRule) -> Result<Matcher, Error> {
    match (&rule.path, &rule.key_matches) {
        (Some(p), None) => Ok(Matcher::Path(Selector::parse(p)?)),
        (None, Some(k)) => Ok(Matcher::Key(key_regex(k)?)),
        _ => Err(Error::policy(
            "give exactly one of `path` and `key_matches`",
        )),
    }
}

/// Compiles a `key_matches` regex: searched in keys, ASCII case-insensitive.
pub(crate) fn key_regex(pattern: &str) -> Result<meta::Regex, Error> {
    meta::Regex::builder()
        .syntax(
            syntax::Config::new()
                .case_insensitive(true)
                .unicode(false)
                .utf8(false)
                .nest_limit(100),
        )
        .configure(meta::Config::new().utf8_empty(false))
        .build(pattern)
        .map_err(|e| Error::policy(format!("bad regex in `key_matches`: {e}")))
}

/// Checks a field action's parameters; `keys` gives keyed actions their key.
fn action(a: &FieldAction, keys: &mut KeyResolver<'_>) -> Result<CompiledAction, Error> {
    Ok(match a {
        FieldAction::Scan => CompiledAction::Scan,
        FieldAction::Keep => CompiledAction::Keep,
        FieldAction::Drop => CompiledAction::Drop,
        FieldAction::Redact { label } => {
            let l = label.as_deref().unwrap_or("[REDACTED]");
            CompiledAction::Redact(l.as_bytes().into())
        }
        FieldAction::Truncate {
            v4_prefix,
            v6_prefix,
        } => {
            if *v4_prefix > 32 || *v6_prefix > 128 {
                return Err(Error::policy(
                    "truncate prefixes must be at most 32 (IPv4) and 128 (IPv6)",
                ));
            }
            CompiledAction::Truncate {
                v4: *v4_prefix,
                v6: *v6_prefix,
            }
        }
        FieldAction::Bucket { width } => {
            if !(width.is_finite() && *width > 0.0) {
                return Err(Error::policy(
                    "a bucket width must be a finite number above 0",
                ));
            }
            CompiledAction::Bucket(*width)
        }
        FieldAction::TruncateTime { to } => CompiledAction::Time(*to),
        FieldAction::Generalize { to } => CompiledAction::Generalize(*to),
        FieldAction::Pseudonymize {
            domain,
            key,
            lowercase,
        } => {
            if !valid_domain(domain) {
                return Err(Error::policy(format!(
                    "pseudonym domain `{domain}`: use 1 to 32 characters of a-z, 0-9 and `-`"
                )));
            }
            CompiledAction::Pseudonymize(FieldPseudo {
                domain: domain.clone(),
                lowercase: *lowercase,
                key: keys(a.name(), key.as_ref())?,
            })
        }
        FieldAction::Encrypt { mode, key } => CompiledAction::Encrypt(
            FieldEncrypt::new(*mode, keys(a.name(), key.as_ref())?)
                .ok_or_else(|| Error::policy("`encrypt` could not be set up"))?,
        ),
    })
}

/// Checks the parts of one field rule that do not depend on keys.
pub(crate) fn check_shape(rule: &FieldRule) -> Result<(), Error> {
    matcher(rule)?;
    action(&rule.action, &mut |_, _| Ok(KeySlot::Event)).map(drop)
}

impl FieldRules {
    /// Compiles the rules; an error names the rule (`fields[i]`).
    pub(crate) fn new(
        rules: &[FieldRule],
        allow_list: bool,
        keys: &mut KeyResolver<'_>,
    ) -> Result<FieldRules, Error> {
        let mut compiled = Vec::with_capacity(rules.len());
        // Path rules first in the state vector; the policy order is kept for precedence.
        for (i, r) in rules.iter().enumerate() {
            let place = |e: Error| e.at(&format!("fields[{i}]"));
            compiled.push(Compiled {
                matcher: matcher(r).map_err(place)?,
                action: action(&r.action, keys).map_err(place)?,
            });
        }
        let paths = compiled
            .iter()
            .filter(|c| matches!(c.matcher, Matcher::Path(_)))
            .count();
        Ok(FieldRules {
            rules: compiled,
            paths,
            allow_list,
        })
    }

    /// Number of [`State`]s a level needs.
    pub(crate) fn width(&self) -> usize {
        self.paths
    }

    fn treat(&self, rule: Option<usize>, allowed: bool, alive: bool) -> Treat<'_> {
        match rule.map(|i| &self.rules[i].action) {
            Some(CompiledAction::Scan) => Treat::Rules { allowed: true },
            Some(CompiledAction::Keep) => Treat::Keep,
            Some(CompiledAction::Drop) => Treat::Drop,
            Some(CompiledAction::Redact(l)) => Treat::Redact(l),
            Some(CompiledAction::Truncate { v4, v6 }) => Treat::Truncate { v4: *v4, v6: *v6 },
            Some(CompiledAction::Bucket(w)) => Treat::Bucket(*w),
            Some(CompiledAction::Time(u)) => Treat::Time(*u),
            Some(CompiledAction::Generalize(g)) => Treat::Generalize(*g),
            Some(CompiledAction::Pseudonymize(p)) => Treat::Pseudonymize(p),
            Some(CompiledAction::Encrypt(e)) => Treat::Encrypt(e),
            None if allowed => Treat::Rules { allowed: true },
            None if alive => Treat::Rules { allowed: false },
            None => Treat::Drop,
        }
    }

    /// The states at the root and how the root value is treated.
    pub(crate) fn root(&self, states: &mut [State]) -> Treat<'_> {
        let (mut first, mut alive, mut slot) = (None, false, 0);
        for (i, r) in self.rules.iter().enumerate() {
            if let Matcher::Path(sel) = &r.matcher {
                let s = sel.start();
                states[slot] = s;
                slot += 1;
                if first.is_none() && sel.matched(s) {
                    first = Some(i);
                }
                alive |= sel.alive(s);
            }
        }
        self.treat(first, !self.allow_list, alive)
    }

    /// How the child reached by `step` is treated, given its parent's states and
    /// whether the parent was allowed; writes the child's states.
    pub(crate) fn decide(
        &self,
        parent: &[State],
        child: &mut [State],
        step: Step<'_>,
        allowed: bool,
    ) -> Treat<'_> {
        let (mut first, mut alive, mut slot) = (None, false, 0);
        for (i, r) in self.rules.iter().enumerate() {
            match &r.matcher {
                Matcher::Path(sel) => {
                    let s = sel.step(parent[slot], step);
                    child[slot] = s;
                    slot += 1;
                    if first.is_none() && sel.matched(s) {
                        first = Some(i);
                    }
                    alive |= sel.alive(s);
                }
                Matcher::Key(re) => {
                    if let (None, Step::Key(k)) = (first, step) {
                        if re.is_match(k) {
                            first = Some(i);
                        }
                    }
                }
            }
        }
        self.treat(first, allowed, alive)
    }
}
