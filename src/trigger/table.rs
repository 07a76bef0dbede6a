//! A trigger DFA as one flat table: the dense DFA of regex-automata, renumbered so that
//! one bit of a state id says whether it is a match state, with its byte classes and
//! its match lists beside it. The lane loop then needs nothing but this table (no
//! calls, no reloads): one class lookup, one add, one mask and one load a byte, and one AND per
//! lane to learn whether any lane matched.
//!
//! Rows are as long as the classes need (28 and 86 of them in the default policy),
//! not 256 entries: a 256-wide table saved the class lookup but ran slower (300
//! against 326 MB/s on the sparse corpus), its hot rows spread over more cache lines.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use regex_automata::dfa::{dense, Automaton, StartKind};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::{primitives::StateID, start, syntax};
use regex_automata::{Anchored, MatchKind};

/// Limits on building a trigger DFA: past them, as with very long custom key lists, the
/// groups are searched whole, as before, and building gives up early instead of taking
/// seconds.
const DFA_SIZE_LIMIT: usize = 6 << 20;
const DETERMINIZE_LIMIT: usize = 24 << 20;
/// NFA states a trigger set may have (the default policy's largest has 1,723).
const NFA_STATES_LIMIT: usize = 4_000;

/// Entries a table may have (the default policy's DFAs use 2^19 and 2^17, match and
/// other states each filling half the rows, see [`Table::match_bit`]).
const LEN: usize = 1 << 20;

/// A DFA over byte classes, state ids premultiplied by the stride (the row length).
pub(crate) struct Table {
    /// `trans[state + class]` is the next state. Always [`LEN`] entries (the rows past
    /// the used ones are zero pages, never touched): indexing with `& (LEN - 1)` then
    /// needs no bounds check, one instruction a byte less than a checked `get`.
    trans: Box<[u32; LEN]>,
    /// The class of each byte.
    classes: [u8; 256],
    /// The state after the end of input, by row.
    eoi: Vec<u32>,
    /// The start state.
    pub(crate) start: u32,
    /// Set in the ids of the states that are not match states (match states use the
    /// rows below it): `s0 & s1 & s2 & s3 & match_bit == 0` tests four lanes at once.
    /// A trigger match ends just before the byte that led to a match state (the DFA
    /// reports matches one byte late).
    pub(crate) match_bit: u32,
    /// For match state `id / stride`: the trigger patterns that end there.
    matches: Vec<Vec<u32>>,
    stride_log2: u32,
}

impl Table {
    /// The next state after a byte.
    #[inline(always)]
    pub(crate) fn step(&self, s: u32, byte: u8) -> u32 {
        let class = u32::from(self.classes[usize::from(byte)]);
        // Every id is a row start, so the mask never changes the index.
        self.trans[(s + class) as usize & (LEN - 1)]
    }

    /// The state after the end of input.
    pub(crate) fn end(&self, s: u32) -> u32 {
        self.eoi
            .get((s >> self.stride_log2) as usize)
            .copied()
            .unwrap_or(s)
    }

    /// Whether `s` is a match state.
    #[inline(always)]
    pub(crate) fn is_match(&self, s: u32) -> bool {
        s & self.match_bit == 0
    }

    /// The trigger patterns matching in match state `s`.
    pub(crate) fn patterns(&self, s: u32) -> &[u32] {
        self.matches
            .get((s >> self.stride_log2) as usize)
            .map_or(&[], Vec::as_slice)
    }

    /// Builds the table of `regexes`; `None` past the size limits.
    fn build(regexes: &[String]) -> Option<Table> {
        let nfa = thompson::Compiler::new()
            .syntax(syntax::Config::new().unicode(false).utf8(false))
            .configure(thompson::Config::new().which_captures(WhichCaptures::None))
            .build_many(regexes)
            .ok()?;
        // Building costs about (NFA states) x (DFA states): a huge key list would take
        // seconds to reach the size limit. Give up at once instead.
        if nfa.states().len() > NFA_STATES_LIMIT {
            return None;
        }
        let dfa = dense::Builder::new()
            .configure(
                dense::Config::new()
                    .match_kind(MatchKind::All)
                    .start_kind(StartKind::Unanchored)
                    .minimize(false)
                    .accelerate(false)
                    .dfa_size_limit(Some(DFA_SIZE_LIMIT))
                    .determinize_size_limit(Some(DETERMINIZE_LIMIT)),
            )
            .build_from_nfa(&nfa)
            .ok()?;
        let start = dfa
            .start_state(&start::Config::new().anchored(Anchored::No))
            .ok()?;
        // One representative byte per class.
        let bc = dfa.byte_classes();
        let mut reps: Vec<u8> = Vec::new();
        let mut classes = [0u8; 256];
        for b in 0..=255u8 {
            let c = bc.get(b);
            classes[usize::from(b)] = c;
            if usize::from(c) == reps.len() {
                reps.push(b);
            }
        }
        let stride = reps.len().next_power_of_two();
        // Every state reachable from the start.
        let mut seen: HashSet<StateID> = HashSet::from([start]);
        let mut order = vec![start];
        let mut i = 0;
        while let Some(&s) = order.get(i) {
            i += 1;
            if dfa.is_quit_state(s) {
                return None;
            }
            let nexts = reps
                .iter()
                .map(|&b| dfa.next_state(s, b))
                .chain(std::iter::once(dfa.next_eoi_state(s)));
            for n in nexts {
                if seen.insert(n) {
                    order.push(n);
                }
            }
        }
        // Match states in the rows below `half`, the others from `half` up.
        let (hits, rest): (Vec<StateID>, Vec<StateID>) =
            order.iter().partition(|&&s| dfa.is_match_state(s));
        let half = hits.len().max(rest.len()).next_power_of_two();
        if 2 * half * stride > LEN {
            return None;
        }
        let row_of: HashMap<StateID, usize> = hits
            .iter()
            .enumerate()
            .chain(rest.iter().enumerate().map(|(k, s)| (half + k, s)))
            .map(|(k, &s)| (s, k))
            .collect();
        let id = |s: StateID| row_of.get(&s).and_then(|&r| u32::try_from(r * stride).ok());
        let mut trans: Box<[u32; LEN]> = vec![0u32; LEN].into_boxed_slice().try_into().ok()?;
        let mut eoi = vec![0u32; 2 * half];
        let mut matches = vec![Vec::new(); hits.len()];
        for &s in &order {
            let r = *row_of.get(&s)?;
            let row = &mut trans[r * stride..(r + 1) * stride];
            for (&b, next) in reps.iter().zip(row.iter_mut()) {
                *next = id(dfa.next_state(s, b))?;
            }
            eoi[r] = id(dfa.next_eoi_state(s))?;
            if let Some(m) = matches.get_mut(r).filter(|_| dfa.is_match_state(s)) {
                *m = (0..dfa.match_len(s))
                    .map(|k| dfa.match_pattern(s, k).as_u32())
                    .collect();
            }
        }
        Some(Table {
            trans,
            eoi,
            start: id(start)?,
            classes,
            match_bit: u32::try_from(half * stride).ok()?,
            matches,
            stride_log2: stride.trailing_zeros(),
        })
    }
}

/// Trigger tables already built, by their regexes: scrubbers with the same lists share
/// one (building takes ~0.2 s; tests and services build many scrubbers).
static CACHE: Mutex<Vec<(Vec<String>, Arc<Table>)>> = Mutex::new(Vec::new());
/// How many tables the cache keeps (the oldest goes first).
const CACHE_MAX: usize = 16;

/// The table of `regexes`, built or from the cache.
pub(crate) fn cached(regexes: &[String]) -> Option<Arc<Table>> {
    if let Ok(cache) = CACHE.lock() {
        if let Some((_, t)) = cache.iter().find(|(k, _)| k.as_slice() == regexes) {
            return Some(Arc::clone(t));
        }
    }
    let table = Arc::new(Table::build(regexes)?);
    if let Ok(mut cache) = CACHE.lock() {
        if cache.len() >= CACHE_MAX {
            cache.remove(0);
        }
        cache.push((regexes.to_vec(), Arc::clone(&table)));
    }
    Some(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_states_carry_no_match_bit_and_report_their_patterns() {
        let t = Table::build(&["ab".to_owned(), "b".to_owned()]).expect("tiny");
        let run = |hay: &[u8]| {
            let mut s = t.start;
            let mut hits = Vec::new();
            for (i, &b) in hay.iter().enumerate() {
                s = t.step(s, b);
                if t.is_match(s) {
                    hits.push((i, t.patterns(s).to_vec()));
                }
            }
            s = t.end(s);
            if t.is_match(s) {
                hits.push((hay.len(), t.patterns(s).to_vec()));
            }
            hits
        };
        // Matches show one byte late: `ab` and `b` both end at 2, seen at the EOI.
        assert_eq!(run(b"ab"), vec![(2, vec![0, 1])]);
        assert_eq!(run(b"xbx"), vec![(2, vec![1])]);
    }

    #[test]
    fn an_exploding_trigger_set_gives_up_within_the_limits() {
        // The classic DFA blow-up: the 24th byte from the end is a `1`.
        assert!(Table::build(&["1[01]{24}".to_owned()]).is_none());
    }
}
