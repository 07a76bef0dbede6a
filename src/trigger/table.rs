//! A trigger DFA as one flat table: the dense DFA of regex-automata, renumbered so that
//! one bit of a state id says whether it is a match state, with its byte classes and
//! its match lists beside it. The lane loop then needs nothing but this table (no
//! calls, no reloads): one class lookup, one add and one load a byte, and one AND per
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
/// Entries a table holds: [`LEN`] and one row of 256 past it, so that any [`State`]
/// plus any class is an index inside it (see [`Table::step`]). The rows no DFA uses
/// are zero pages that are never touched.
const HELD: usize = LEN + 256;

/// A state of a trigger DFA: its row's first index in [`Table::trans`], always below
/// [`LEN`]: [`Table::build`] makes states (and checks that), [`Table::step`] only
/// returns what `build` wrote into the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct State(u32);

impl State {
    /// Whether none of four states is a match state: one AND for four lanes.
    #[inline(always)]
    pub(crate) fn none_match(states: [State; 4], match_bit: u32) -> bool {
        states[0].0 & states[1].0 & states[2].0 & states[3].0 & match_bit != 0
    }
}

/// A DFA over byte classes, state ids premultiplied by the stride (the row length).
pub(crate) struct Table {
    /// `trans[state + class]` is the next state; [`HELD`] entries whatever the DFA.
    trans: Box<[u32; HELD]>,
    /// The class of each byte.
    classes: [u8; 256],
    /// The state after the end of input, by row.
    eoi: Vec<State>,
    /// The start state.
    pub(crate) start: State,
    /// Set in the ids of the states that are not match states (match states use the
    /// rows below it): [`State::none_match`] tests four lanes at once.
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
    pub(crate) fn step(&self, s: State, byte: u8) -> State {
        let class = self.classes[usize::from(byte)];
        let at = (s.0 + u32::from(class)) as usize;
        debug_assert!(at < HELD);
        // The hottest load of the crate, unchecked: a checked one costs a compare and
        // a branch per byte and lane (35.4 against 31.4 instructions a byte for a whole
        // `logscrub` run), and masking the index lengthens the load chain (3% slower).
        // SAFETY: `s.0 < LEN` (a `State` comes only from `build`, which checks it) and
        // `class <= 255`, so the sum does not overflow and `at < LEN + 256 = HELD`, the
        // length of `trans`. (The add in `u32` needs no separate zero extension.)
        #[allow(unsafe_code)]
        State(unsafe { *self.trans.get_unchecked(at) })
    }

    /// The state after the end of input.
    pub(crate) fn end(&self, s: State) -> State {
        self.eoi
            .get((s.0 >> self.stride_log2) as usize)
            .copied()
            .unwrap_or(s)
    }

    /// Whether `s` is a match state.
    #[inline(always)]
    pub(crate) fn is_match(&self, s: State) -> bool {
        s.0 & self.match_bit == 0
    }

    /// The trigger patterns matching in match state `s`.
    pub(crate) fn patterns(&self, s: State) -> &[u32] {
        self.matches
            .get((s.0 >> self.stride_log2) as usize)
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
        // Every state made here is below `LEN` (`2 * half * stride <= LEN`, checked
        // above, and checked again here since `step` relies on it).
        let id = |s: StateID| {
            let at = row_of.get(&s)? * stride;
            let id = u32::try_from(at).ok().filter(|_| at < LEN)?;
            Some(State(id))
        };
        // Zeroed memory: the pages of rows no state uses are never touched.
        let mut trans: Box<[u32; HELD]> = vec![0; HELD].into_boxed_slice().try_into().ok()?;
        let mut eoi = vec![State(0); 2 * half];
        let mut matches = vec![Vec::new(); hits.len()];
        for &s in &order {
            let r = *row_of.get(&s)?;
            let row = &mut trans[r * stride..(r + 1) * stride];
            for (&b, next) in reps.iter().zip(row.iter_mut()) {
                *next = id(dfa.next_state(s, b))?.0;
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
    fn every_state_and_byte_steps_inside_the_table() {
        // `step` reads unchecked: walk every reachable state with every byte (the
        // debug assertion in `step` checks the index) and check what comes back.
        let t = Table::build(&[r"\b[0-9]{3}-[0-9]{4}".to_owned(), "(?i:phone)".to_owned()])
            .expect("small");
        let mut seen = vec![t.start];
        let mut i = 0;
        while let Some(&s) = seen.get(i) {
            i += 1;
            for b in 0..=255u8 {
                let n = t.step(s, b);
                assert!((n.0 as usize) < LEN);
                if !seen.contains(&n) {
                    seen.push(n);
                }
            }
            let e = t.end(s);
            assert!((e.0 as usize) < LEN);
        }
        assert!(seen.len() > 10, "{} states", seen.len());
    }

    #[test]
    fn an_exploding_trigger_set_gives_up_within_the_limits() {
        // The classic DFA blow-up: the 24th byte from the end is a `1`.
        assert!(Table::build(&["1[01]{24}".to_owned()]).is_none());
    }
}
