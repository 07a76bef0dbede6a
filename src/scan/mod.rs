//! The engine: candidate patterns compiled into a few multi-pattern regexes ("groups"),
//! each searched left to right; local validators confirm candidates; a merge keeps the
//! leftmost finding across groups and resumes every group after it.
//!
//! # Why groups
//!
//! One lazy DFA over *every* pattern explodes in states (bounded repetitions of word
//! characters running in parallel): measured at ~1 MB/s on log text, against
//! 200–450 MB/s for a family alone. Families whose automata combine cheaply share a
//! group; the others get their own (see [`group_of`]). The number of groups is fixed by
//! the kinds and families, not by the number of rules, and a group only runs when its
//! patterns are in the policy. A group may have a *gate*, a condition every match
//! implies, checked per line at memchr speed: the e-mail group only searches lines
//! holding an `@` or a `%` (for `%40`). Gates rely on no pattern crossing a line end.
//! The other built-in groups are *windowed*: one pass of the trigger DFAs
//! ([`crate::trigger`]) gives the windows that can hold their candidates, and only
//! those are searched. (Should the trigger DFAs not build, the UUID group falls back
//! to a gate, lines holding `-hhhh-hhhh-hhhh-`, and the others to searching
//! everything.) Custom patterns have no trigger: their group is searched whole. A
//! group's regex drops its large counted bounds while searching and checks them on
//! what it finds ([`relax`]): the e-mail group's lazy DFA otherwise builds a new state
//! for almost every address.
//!
//! # Overlaps
//!
//! * The leftmost candidate wins: a finding never starts inside an earlier finding.
//! * At one start position, patterns are tried in priority order (see
//!   [`crate::detect::PRIORITY`]); the first one its validator accepts wins. A rejected
//!   candidate does not hide the others: lower-priority patterns are tried at the same
//!   position (anchored), then the scan moves on by one byte.
//! * A finding's span may cover more than its regex match (a secret value runs to its
//!   end): whatever lies inside it is part of it, except a PEM private-key BEGIN marker:
//!   a span ends before one, or runs on to the end of its block (`secrets::around_pem`).
//!   A span reaching back before the previous finding's end is clamped to it.
//!
//! Time is linear: every regex search is linear in what it reads, a rejected candidate
//! advances its group by at least one byte, candidates are bounded in length, and a
//! group is re-searched only from the end of a finding of another group.

mod relax;

use std::ops::Range;

use regex_automata::util::{pool::Pool, syntax};
use regex_automata::{meta, Anchored, Input, PatternID};

use relax::GroupRegex;

use crate::detect::{confirm, phone, secrets, Candidate, DetectOptions, Pattern, Validate};
use crate::error::Error;
use crate::trigger::{Triggers, Want, Windows};
use crate::Kind;

/// A confirmed finding: the index of its rule, its pattern's rule name and its byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hit {
    pub(crate) rule: usize,
    pub(crate) pattern: usize,
    pub(crate) span: Range<usize>,
}

struct Slot {
    rule: usize,
    /// Global index of the pattern: its priority (lower wins) and its name.
    pattern: usize,
    validate: Validate,
    /// The bytes a match of this pattern can start with: a rejected candidate only
    /// re-tries the patterns that can start at its first byte.
    first: FirstBytes,
}

/// Lines a group searches: all, only those holding one of two bytes, or only those
/// holding the dashes of a UUID.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Gate {
    None,
    Bytes(u8, u8),
    /// Every UUID pattern matches `8-4-4-4-12` hex digits: a line without the shape
    /// `-hhhh-hhhh-hhhh-` cannot hold one (request-id-free lines skip the group).
    UuidDashes,
    /// Only the windows around its triggers (every pattern of the group has one).
    Windows,
}

/// How many groups there can be (see [`group_of`]).
pub(crate) const GROUPS: usize = 9;

/// Which group a pattern goes to, by its kind and rule, and the group's gate.
///
/// Patterns that share a group share a lazy DFA, whose states are the mixes of their
/// partial matches: families whose partial matches overlap a lot (digit runs, words)
/// are kept apart. Measured on the first 10 MB of sparse logs (rounds, instructions
/// after start-up): 410 M with addresses and numbers in one group, 366 M as two,
/// 402 M with one group per kind (the steady state then +15%); splitting the secrets
/// and the phones into keyed and shaped patterns: 336 M (dense logs: 535 -> 446 M).
fn group_of(kind: &Kind, rule: &str) -> (u8, Gate) {
    match kind {
        Kind::Ipv4 | Kind::Ipv6 | Kind::Mac => (0, Gate::None),
        Kind::Card | Kind::Iban | Kind::Ssn | Kind::Imei => (1, Gate::None),
        Kind::Uuid => (2, Gate::UuidDashes),
        Kind::Phone if phone::KEYED_RULES.contains(&rule) => (3, Gate::None),
        Kind::Phone => (4, Gate::None),
        Kind::Secret if secrets::KEYED_RULES.contains(&rule) => (5, Gate::None),
        Kind::Secret => (6, Gate::None),
        Kind::Email => (7, Gate::Bytes(b'@', b'%')),
        _ => (8, Gate::None),
    }
}

struct Group {
    regex: GroupRegex,
    slots: Vec<Slot>,
    gate: Gate,
    /// The gate to use when the trigger DFAs cannot be built.
    fallback: Gate,
}

/// A group's next finding: where its candidate started (the merge order), the hit.
struct Pending {
    cand_start: usize,
    hit: Hit,
}

/// A pattern on its way into a group: global index, rule index, pattern.
type Member = (usize, usize, Pattern);

/// The compiled candidate patterns of a policy.
pub(crate) struct Engine {
    groups: Vec<Group>,
    /// The trigger DFAs of the windowed groups, if any.
    triggers: Option<Triggers>,
    /// Window lists, reused from scan to scan.
    windows: Pool<Windows, fn() -> Windows>,
    names: Vec<String>,
    opts: DetectOptions,
    max_len: usize,
    /// When set, every scan is the reference engine's (tests and fuzzing only).
    #[cfg(feature = "reference")]
    reference: Option<crate::reference::Reference>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("groups", &self.groups.len())
            .field("patterns", &self.names.len())
            .field("max_len", &self.max_len)
            .finish_non_exhaustive()
    }
}

/// Upper bound of a compiled regex's size: keeps a huge dictionary from eating memory.
const SIZE_LIMIT: usize = 256 << 20;

impl Engine {
    /// Compiles `(rule index, pattern)` pairs given in priority order.
    pub(crate) fn new(
        patterns: Vec<(usize, Pattern)>,
        opts: DetectOptions,
    ) -> Result<Engine, Error> {
        let max_len = patterns.iter().map(|(_, p)| p.max_len).max().unwrap_or(0);
        let names = patterns.iter().map(|(_, p)| p.rule.clone()).collect();
        // Split by group, keeping priority order inside each.
        let mut by_group: Vec<(u8, Gate, Vec<Member>)> = Vec::new();
        for (index, (rule, p)) in patterns.into_iter().enumerate() {
            let (id, gate) = group_of(&p.kind, &p.rule);
            match by_group.iter_mut().find(|(g, _, _)| *g == id) {
                Some((_, _, v)) => v.push((index, rule, p)),
                None => by_group.push((id, gate, vec![(index, rule, p)])),
            }
        }
        let mut groups = Vec::with_capacity(by_group.len());
        let mut wants = Vec::new();
        let syntax = syntax::Config::new().unicode(false).utf8(false);
        let config = meta::Config::new()
            .utf8_empty(false)
            .nfa_size_limit(Some(SIZE_LIMIT))
            .hybrid_cache_capacity(2 << 20);
        for (_, mut gate, members) in by_group {
            // A group whose patterns all have triggers is windowed; its own gate (if
            // any) stays as the fallback should the trigger DFAs not build.
            let fallback = gate;
            let g = groups.len();
            let found: Option<Vec<Want>> = members
                .iter()
                .map(|(_, _, p)| {
                    Some(Want {
                        trigger: p.trigger.clone()?,
                        pattern: p.regex.clone(),
                        group: g,
                        longest: longest(&p.regex)?.max(p.max_len),
                    })
                })
                .collect();
            if let Some(found) = found {
                wants.extend(found);
                gate = Gate::Windows;
            }
            let sources: Vec<&str> = members.iter().map(|(_, _, p)| p.regex.as_str()).collect();
            let regex = GroupRegex::new(&sources, &syntax, config.clone()).map_err(|e| {
                let which = e
                    .pattern
                    .and_then(|i| members.get(i))
                    .map_or_else(String::new, |(_, _, p)| format!(" in rule `{}`", p.rule));
                Error::policy(format!(
                    "cannot compile the detectors{which}: {}",
                    e.message
                ))
            })?;
            let slots = members
                .into_iter()
                .map(|(pattern, rule, p)| Slot {
                    rule,
                    pattern,
                    validate: p.validate,
                    first: FirstBytes::of(&p.regex),
                })
                .collect();
            groups.push(Group {
                regex,
                slots,
                gate,
                fallback,
            });
        }
        let triggers = if wants.is_empty() {
            None
        } else {
            Triggers::new(&wants)
        };
        if triggers.is_none() {
            // No trigger DFA within its limits: search those groups whole.
            for g in &mut groups {
                g.gate = g.fallback;
            }
        }
        Ok(Engine {
            groups,
            triggers,
            windows: Pool::new(new_windows),
            names,
            opts,
            max_len,
            #[cfg(feature = "reference")]
            reference: None,
        })
    }

    /// The same patterns, scanned by the reference engine (see [`crate::reference`]).
    #[cfg(feature = "reference")]
    pub(crate) fn new_reference(
        patterns: Vec<(usize, Pattern)>,
        opts: DetectOptions,
    ) -> Result<Engine, Error> {
        let reference = crate::reference::Reference::new(&patterns, opts.clone())?;
        let mut engine = Engine::new(patterns, opts)?;
        engine.reference = Some(reference);
        Ok(engine)
    }

    /// The longest candidate any pattern can match, in bytes.
    pub(crate) fn max_len(&self) -> usize {
        self.max_len
    }

    /// The rule name of a pattern (`email`, `secret.jwt` …).
    pub(crate) fn pattern_name(&self, pattern: usize) -> &str {
        &self.names[pattern]
    }

    /// Calls `on_hit` for every finding in `hay`, left to right, never overlapping.
    pub(crate) fn scan(&self, hay: &[u8], mut on_hit: impl FnMut(Hit)) {
        #[cfg(feature = "reference")]
        if let Some(reference) = &self.reference {
            return reference.scan(hay, on_hit);
        }
        // The windows of the windowed groups: the one pass every byte sees.
        let mut pooled = None;
        if let Some(triggers) = &self.triggers {
            let mut w = self.windows.get();
            triggers.windows(hay, &mut w);
            pooled = Some(w);
        }
        let windows: &[Vec<Range<usize>>] = pooled.as_deref().map_or(&[], |w| w.as_slice());
        let mut cursor = [0usize; GROUPS];
        // Fast path: one group needs no merge.
        if let [group] = self.groups.as_slice() {
            let mut at = 0;
            let ws = windows.first().map_or(&[][..], Vec::as_slice);
            while let Some(mut p) = self.next_in_group(group, hay, at, ws, &mut cursor[0]) {
                p.hit.span.start = p.hit.span.start.max(at);
                at = p.hit.span.end.max(p.cand_start + 1);
                if !p.hit.span.is_empty() {
                    on_hit(p.hit);
                }
            }
            return;
        }
        // Fixed arrays: a call that finds nothing allocates nothing.
        let mut pending: [Option<Pending>; GROUPS] = Default::default();
        let mut done = [false; GROUPS];
        let mut at = 0;
        loop {
            let mut best: Option<usize> = None;
            for (g, group) in self.groups.iter().enumerate() {
                if done[g] {
                    continue;
                }
                // A pending finding overtaken by another group's finding is searched anew.
                if pending[g].as_ref().is_none_or(|p| p.cand_start < at) {
                    let ws = windows.get(g).map_or(&[][..], Vec::as_slice);
                    pending[g] = self.next_in_group(group, hay, at, ws, &mut cursor[g]);
                    if pending[g].is_none() {
                        done[g] = true;
                        continue;
                    }
                }
                if let Some(p) = &pending[g] {
                    let better = best.is_none_or(|b| {
                        let q = pending[b].as_ref().expect("best is pending");
                        (p.cand_start, p.hit.pattern) < (q.cand_start, q.hit.pattern)
                    });
                    if better {
                        best = Some(g);
                    }
                }
            }
            let Some(b) = best else { return };
            let mut p = pending[b].take().expect("best is pending");
            p.hit.span.start = p.hit.span.start.max(at);
            at = p.hit.span.end.max(p.cand_start + 1);
            if !p.hit.span.is_empty() {
                on_hit(p.hit);
            }
        }
    }

    /// The group's first finding whose candidate starts at or after `at`; `windows`
    /// and `cursor` (the first window not yet passed) serve a windowed group.
    fn next_in_group(
        &self,
        group: &Group,
        hay: &[u8],
        mut at: usize,
        windows: &[Range<usize>],
        cursor: &mut usize,
    ) -> Option<Pending> {
        let find: fn(&[u8], Gate) -> Option<usize> = |rest, gate| match gate {
            Gate::Bytes(a, b) => memchr::memchr2(a, b, rest),
            _ => uuid_dashes(rest),
        };
        match group.gate {
            Gate::None => self.search_range(group, hay, at, hay.len()),
            Gate::Windows => {
                while let Some(w) = windows.get(*cursor) {
                    if w.end > at {
                        let found = self.search_range(group, hay, w.start.max(at), w.end);
                        if found.is_some() {
                            return found;
                        }
                    }
                    *cursor += 1;
                }
                None
            }
            gate => loop {
                let i = at + find(hay.get(at..)?, gate)?;
                let line_start = memchr::memrchr(b'\n', &hay[..i])
                    .map_or(0, |n| n + 1)
                    .max(at);
                let line_end = memchr::memchr(b'\n', &hay[i..]).map_or(hay.len(), |n| i + n);
                if let Some(p) = self.search_range(group, hay, line_start, line_end) {
                    return Some(p);
                }
                at = line_end + 1;
                if at >= hay.len() {
                    return None;
                }
            },
        }
    }

    /// The group's first finding with a candidate in `at..end`.
    fn search_range(
        &self,
        group: &Group,
        hay: &[u8],
        mut at: usize,
        end: usize,
    ) -> Option<Pending> {
        let re = &group.regex;
        while at < end {
            let m = re.search(&Input::new(hay).range(at..end))?;
            let start = m.start();
            let (mut sid, mut mend) = (m.pattern().as_usize(), m.end());
            loop {
                let slot = &group.slots[sid];
                let cand = Candidate {
                    hay,
                    start,
                    end: mend,
                    opts: &self.opts,
                };
                if let Some(span) = confirm(slot.validate, &cand) {
                    if span.start < span.end && span.end <= hay.len() {
                        return Some(Pending {
                            cand_start: start,
                            hit: Hit {
                                rule: slot.rule,
                                pattern: slot.pattern,
                                span,
                            },
                        });
                    }
                }
                // Rejected: the next pattern in priority order that matches here.
                let first = hay[start];
                let fallback = (sid + 1..group.slots.len()).find_map(|q| {
                    if !group.slots[q].first.contains(first) {
                        return None;
                    }
                    let input = Input::new(hay)
                        .range(start..end)
                        .anchored(Anchored::Pattern(PatternID::new_unchecked(q)));
                    re.search(&input)
                });
                match fallback {
                    Some(m2) => (sid, mend) = (m2.pattern().as_usize(), m2.end()),
                    None => break,
                }
            }
            at = start + 1;
        }
        None
    }
}

/// An empty window list per group (the pool's constructor).
fn new_windows() -> Windows {
    vec![Vec::new(); GROUPS]
}

/// The longest match of `regex` as the engine parses it, if bounded.
fn longest(regex: &str) -> Option<usize> {
    crate::detect::parse(regex)?.properties().maximum_len()
}

/// The first position of `-hhhh-hhhh-hhhh-` (the inner groups of a UUID) in `hay`.
fn uuid_dashes(hay: &[u8]) -> Option<usize> {
    let hex4 = |g: &[u8]| g.iter().all(u8::is_ascii_hexdigit);
    memchr::memchr_iter(b'-', hay).find(|&i| {
        hay.get(i..i + 16).is_some_and(|w| {
            w[5] == b'-'
                && w[10] == b'-'
                && w[15] == b'-'
                && hex4(&w[1..5])
                && hex4(&w[6..10])
                && hex4(&w[11..15])
        })
    })
}

/// A set of bytes: those a pattern's matches can start with.
#[derive(Clone)]
struct FirstBytes([u64; 4]);

impl FirstBytes {
    const ALL: FirstBytes = FirstBytes([u64::MAX; 4]);

    fn contains(&self, b: u8) -> bool {
        self.0[usize::from(b >> 6)] & (1 << (b & 63)) != 0
    }

    fn insert_range(&mut self, lo: u8, hi: u8) {
        for b in lo..=hi {
            self.0[usize::from(b >> 6)] |= 1 << (b & 63);
        }
    }

    fn union(&mut self, other: &FirstBytes) {
        for (a, b) in self.0.iter_mut().zip(other.0.iter()) {
            *a |= b;
        }
    }

    /// The first bytes of `pattern`, parsed as the engine parses it; every byte when
    /// the pattern cannot be analysed (that only costs speed, never correctness).
    fn of(pattern: &str) -> FirstBytes {
        match crate::detect::parse(pattern).map(|hir| first_of(&hir)) {
            Some((set, false)) => set,
            _ => FirstBytes::ALL,
        }
    }
}

/// First bytes of `hir`, and whether it can match the empty string.
fn first_of(hir: &regex_syntax::hir::Hir) -> (FirstBytes, bool) {
    use regex_syntax::hir::{Class, HirKind};
    let mut set = FirstBytes([0; 4]);
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => (set, true),
        HirKind::Literal(lit) => match lit.0.first() {
            Some(&b) => {
                set.insert_range(b, b);
                (set, false)
            }
            None => (set, true),
        },
        HirKind::Class(Class::Bytes(c)) => {
            for r in c.ranges() {
                set.insert_range(r.start(), r.end());
            }
            (set, false)
        }
        HirKind::Class(Class::Unicode(c)) => {
            for r in c.ranges() {
                let (lo, hi) = (u32::from(r.start()), u32::from(r.end()));
                if lo < 0x80 {
                    set.insert_range(lo as u8, hi.min(0x7F) as u8);
                }
                if hi >= 0x80 {
                    // Any UTF-8 lead byte: conservative is enough.
                    set.insert_range(0xC0, 0xFF);
                }
            }
            (set, false)
        }
        HirKind::Repetition(r) => {
            let (s, nullable) = first_of(&r.sub);
            (s, nullable || r.min == 0)
        }
        HirKind::Capture(c) => first_of(&c.sub),
        HirKind::Concat(hs) => {
            for h in hs {
                let (s, nullable) = first_of(h);
                set.union(&s);
                if !nullable {
                    return (set, false);
                }
            }
            (set, true)
        }
        HirKind::Alternation(hs) => {
            let mut any_nullable = false;
            for h in hs {
                let (s, nullable) = first_of(h);
                set.union(&s);
                any_nullable |= nullable;
            }
            (set, any_nullable)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Kind;

    fn reject(_: &Candidate<'_>) -> Option<Range<usize>> {
        None
    }
    fn accept(c: &Candidate<'_>) -> Option<Range<usize>> {
        Some(c.start..c.end)
    }
    fn pat(regex: &str, validate: Validate) -> Pattern {
        Pattern {
            kind: Kind::Custom("t".into()),
            rule: "t".into(),
            regex: regex.into(),
            max_len: 16,
            validate,
            trigger: None,
        }
    }
    fn hits(engine: &Engine, hay: &str) -> Vec<(usize, Range<usize>)> {
        let mut v = Vec::new();
        engine.scan(hay.as_bytes(), |h| v.push((h.rule, h.span)));
        v
    }

    #[test]
    fn rejected_candidate_falls_back_to_lower_priority_at_same_start() {
        let e = Engine::new(
            vec![(0, pat("[0-9]{4,8}", reject)), (1, pat("[0-9]{2}", accept))],
            DetectOptions::default(),
        )
        .unwrap();
        // At each start the first pattern is rejected, the second accepted.
        assert_eq!(
            hits(&e, "x 123456 y"),
            vec![(1, 2..4), (1, 4..6), (1, 6..8)]
        );
    }

    #[test]
    fn fallback_skips_patterns_that_cannot_start_here() {
        let e = Engine::new(
            vec![
                (0, pat("a[0-9]{2}", reject)),
                (1, pat("b[0-9]", accept)),
                (2, pat("a[0-9]", accept)),
            ],
            DetectOptions::default(),
        )
        .unwrap();
        assert_eq!(hits(&e, "a12 b3"), vec![(2, 0..2), (1, 4..6)]);
        assert!(!FirstBytes::of("b[0-9]").contains(b'a'));
        assert!(FirstBytes::of("(?i)b").contains(b'B'));
        assert!(FirstBytes::of("x?y").contains(b'y'));
    }

    #[test]
    fn keyed_rules_name_real_patterns() {
        let opts = DetectOptions::default();
        let rules = |v: Vec<Pattern>| v.into_iter().map(|p| p.rule).collect::<Vec<_>>();
        let phones = rules(phone::patterns(&opts));
        let secrets = rules(secrets::patterns(&opts));
        // Each list names rules that exist, and leaves some rules to the shaped group.
        for (keyed, all) in [
            (&phone::KEYED_RULES[..], &phones),
            (&secrets::KEYED_RULES[..], &secrets),
        ] {
            assert!(
                keyed.iter().all(|r| all.iter().any(|a| a == r)),
                "{keyed:?}"
            );
            assert!(all.iter().any(|a| !keyed.contains(&a.as_str())));
        }
    }

    #[test]
    fn uuid_dashes_finds_the_inner_groups_only() {
        let u = b"id 123e4567-e89b-12d3-a456-426614174000 end";
        assert_eq!(uuid_dashes(u), Some(11));
        assert_eq!(uuid_dashes(b"2024-03-05 10:15:45 a-b-c-d"), None);
        assert_eq!(uuid_dashes(b"x-abcd-ef01-234g-"), None);
        assert_eq!(uuid_dashes(b"x-abcd-ef01-2345"), None);
        assert_eq!(uuid_dashes(b"--abcd-ef01-2345-"), Some(1));
    }

    #[test]
    fn no_patterns_no_hits() {
        let e = Engine::new(Vec::new(), DetectOptions::default()).unwrap();
        assert!(hits(&e, "anything").is_empty());
    }
}
