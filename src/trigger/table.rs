//! A trigger DFA as one flat table: the dense DFA of regex-automata, renumbered so that
//! match states come first, with its byte classes and its match lists beside it. The
//! lane loop then needs nothing but this table (no calls, no reloads): one class
//! lookup, one add and one load a byte.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use regex_automata::dfa::{dense, Automaton, StartKind};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::{primitives::StateID, start, syntax};
use regex_automata::{Anchored, MatchKind};

/// Limits on a trigger DFA (the default policy's are 1.2 and 2 MB): past them, as with
/// very long custom key lists, the groups are searched whole, as before, and building
/// gives up early instead of taking seconds.
const DFA_SIZE_LIMIT: usize = 6 << 20;
const DETERMINIZE_LIMIT: usize = 24 << 20;
/// NFA states a trigger set may have (the default policy's largest has 1,723).
const NFA_STATES_LIMIT: usize = 4_000;

/// A DFA over byte classes, state ids premultiplied by the stride.
pub(crate) struct Table {
    /// `trans[state + class]` is the next state.
    pub(crate) trans: Vec<u32>,
    /// The class of each byte.
    pub(crate) classes: [u8; 256],
    /// The column of the end of input.
    pub(crate) eoi: u32,
    /// The start state.
    pub(crate) start: u32,
    /// States below this id are match states: trigger matches end just before the
    /// byte that led there (the DFA reports matches one byte late).
    pub(crate) match_below: u32,
    /// For match state `id / stride`: the trigger patterns that end there.
    matches: Vec<Vec<u32>>,
    stride_log2: u32,
}

impl Table {
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
        let bc = dfa.byte_classes();
        // One representative byte per class; the last column is the end of input.
        let mut reps: Vec<u8> = Vec::new();
        let mut classes = [0u8; 256];
        for b in 0..=255u8 {
            let c = bc.get(b);
            classes[usize::from(b)] = c;
            if usize::from(c) == reps.len() {
                reps.push(b);
            }
        }
        let eoi = reps.len();
        let stride = (eoi + 1).next_power_of_two();
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
        // Match states first.
        order.sort_by_key(|&s| !dfa.is_match_state(s));
        let id_of: HashMap<StateID, u32> = order
            .iter()
            .enumerate()
            .map(|(k, &s)| Some((s, u32::try_from(k * stride).ok()?)))
            .collect::<Option<_>>()?;
        let id = |s: StateID| id_of.get(&s).copied();
        let mut trans = vec![0u32; order.len() * stride];
        let mut matches = Vec::new();
        for (k, &s) in order.iter().enumerate() {
            let row = &mut trans[k * stride..(k + 1) * stride];
            for (c, &b) in reps.iter().enumerate() {
                row[c] = id(dfa.next_state(s, b))?;
            }
            row[eoi] = id(dfa.next_eoi_state(s))?;
            if dfa.is_match_state(s) {
                let pids = (0..dfa.match_len(s))
                    .map(|m| dfa.match_pattern(s, m).as_u32())
                    .collect();
                matches.push(pids);
            }
        }
        let match_below = u32::try_from(matches.len() * stride).ok()?;
        Some(Table {
            trans,
            classes,
            eoi: u32::try_from(eoi).ok()?,
            start: id(start)?,
            match_below,
            matches,
            stride_log2: stride.trailing_zeros(),
        })
    }

    /// The next state after a class (also the end of input, `class == eoi`).
    #[inline(always)]
    pub(crate) fn next(&self, s: u32, class: u32) -> u32 {
        // Every id in the table is a row start, so the index is always in range.
        self.trans.get((s + class) as usize).copied().unwrap_or(s)
    }

    /// The next state after a byte.
    #[inline(always)]
    pub(crate) fn step(&self, s: u32, byte: u8) -> u32 {
        self.next(s, u32::from(self.classes[usize::from(byte)]))
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
    fn match_states_come_first_and_report_their_patterns() {
        let t = Table::build(&["ab".to_owned(), "b".to_owned()]).expect("tiny");
        let run = |hay: &[u8]| {
            let mut s = t.start;
            let mut hits = Vec::new();
            for (i, &b) in hay.iter().enumerate() {
                s = t.next(s, u32::from(t.classes[usize::from(b)]));
                if s < t.match_below {
                    hits.push((i, t.patterns(s).to_vec()));
                }
            }
            s = t.next(s, t.eoi);
            if s < t.match_below {
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
