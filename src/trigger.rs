//! Triggers: the one pass over every byte. Two small DFAs (key names and literals,
//! digit structures) find where the candidates of the ungated groups *can* be; each
//! group's regex then searches only the windows around those places.
//!
//! # Why it is exact
//!
//! Every pattern of a windowed group has a [`Trigger`]: a regex matching inside
//! *every* match of the pattern. A pattern match `[s, e)` holds a trigger match that
//! ends at some `t` in `s..=e`, and `e - s <= L` (the pattern's longest match), so
//! `[s, e)` lies in `[t - L, t + L]`. The DFAs report every end of every trigger match
//! (`MatchKind::All`); the windows are those intervals, merged. A search restricted to a
//! window finds what a whole-input search finds there: regex look-around (`\b`) still
//! sees the bytes outside the range, and no match starting in a window ends outside it
//! (it lies in *some* window, and merged windows are disjoint). The reference engine
//! ignores triggers, so the differential tests check all of this.
//!
//! # Why it is fast
//!
//! A DFA step is one dependent load (~1.7 ns a byte whatever the DFA). The input is
//! cut at line ends into four lanes stepped together, so four loads are in flight:
//! ~0.6 ns a byte per DFA. The DFAs are built ahead (dense, no warm-up during a scan)
//! and shared by every scrubber with the same triggers (building costs ~0.2 s).

use std::ops::Range;
use std::sync::{Arc, Mutex};

use regex_automata::dfa::{dense, Automaton, StartKind};
use regex_automata::util::{primitives::StateID, start, syntax};
use regex_automata::{Anchored, MatchKind};

use crate::detect::{Bank, Trigger};
use crate::scan::GROUPS;

type Dfa = dense::DFA<Vec<u32>>;

/// One trigger DFA and, for each of its patterns, the windows a hit opens.
struct BankDfa {
    dfa: Arc<Dfa>,
    start: StateID,
    /// Per DFA pattern: `(group, radius)` pairs.
    targets: Vec<Vec<(usize, usize)>>,
}

/// The trigger DFAs of a policy.
pub(crate) struct Triggers {
    banks: Vec<BankDfa>,
}

/// What a trigger is wanted for: the group it opens windows in, and their radius.
pub(crate) struct Want {
    pub(crate) trigger: Trigger,
    pub(crate) group: usize,
    pub(crate) radius: usize,
}

/// Windows per group, reused from scan to scan (no allocation once warm).
pub(crate) type Windows = Vec<Vec<Range<usize>>>;

/// Limits on a trigger DFA: past them the groups are searched whole, as before.
const DFA_SIZE_LIMIT: usize = 16 << 20;
const DETERMINIZE_LIMIT: usize = 64 << 20;
/// Inputs shorter than this run in one lane (splitting costs more than it gains).
const LANE_MIN: usize = 4096;
const LANES: usize = 4;

impl Triggers {
    /// Builds the DFAs; `None` when a trigger cannot be compiled within the limits
    /// (the caller then searches those groups whole: slower, never wrong).
    pub(crate) fn new(wants: &[Want]) -> Option<Triggers> {
        let mut banks = Vec::new();
        for bank in [Bank::Words, Bank::Shapes] {
            let mut regexes: Vec<String> = Vec::new();
            let mut targets: Vec<Vec<(usize, usize)>> = Vec::new();
            for w in wants.iter().filter(|w| w.trigger.bank == bank) {
                let i = match regexes.iter().position(|r| *r == w.trigger.regex) {
                    Some(i) => i,
                    None => {
                        regexes.push(w.trigger.regex.clone());
                        targets.push(Vec::new());
                        regexes.len() - 1
                    }
                };
                targets[i].push((w.group, w.radius));
            }
            if regexes.is_empty() {
                continue;
            }
            let dfa = cached(&regexes)?;
            let start = dfa
                .start_state(&start::Config::new().anchored(Anchored::No))
                .ok()?;
            banks.push(BankDfa {
                dfa,
                start,
                targets,
            });
        }
        Some(Triggers { banks })
    }

    /// Fills `out[g]` with the merged windows of group `g`, in order.
    pub(crate) fn windows(&self, hay: &[u8], out: &mut Windows) {
        for w in out.iter_mut() {
            w.clear();
        }
        let lanes = lanes(hay);
        for bank in &self.banks {
            bank.run(hay, &lanes, out);
        }
        for w in out.iter_mut() {
            merge(w);
        }
    }
}

impl BankDfa {
    /// Steps the DFA over every lane and records the windows of every hit.
    fn run(&self, hay: &[u8], lanes: &[Range<usize>; LANES], out: &mut Windows) {
        let d = &*self.dfa;
        let mut last = Last::default();
        let mut state = [self.start; LANES];
        let mut pos: [usize; LANES] = std::array::from_fn(|k| lanes[k].start);
        // Together while every lane has bytes left: four load chains in flight.
        let common = lanes.iter().map(|l| l.len()).min().unwrap_or(0);
        for _ in 0..common {
            for k in 0..LANES {
                state[k] = d.next_state(state[k], hay[pos[k]]);
            }
            if state.iter().any(|&s| d.is_special_state(s)) {
                for k in 0..LANES {
                    self.hit(hay, k, pos[k], state[k], out, &mut last);
                }
            }
            for p in pos.iter_mut() {
                *p += 1;
            }
        }
        // The rest of each lane alone, then its end.
        for k in 0..LANES {
            let mut s = state[k];
            for i in pos[k]..lanes[k].end {
                s = d.next_state(s, hay[i]);
                if d.is_special_state(s) {
                    self.hit(hay, k, i, s, out, &mut last);
                }
            }
            if !lanes[k].is_empty() {
                let s = d.next_eoi_state(s);
                self.hit(hay, k, lanes[k].end, s, out, &mut last);
            }
        }
    }

    /// After the byte before `at` in lane `lane`: a match state means trigger matches
    /// end at `at`.
    #[inline]
    fn hit(
        &self,
        hay: &[u8],
        lane: usize,
        at: usize,
        s: StateID,
        out: &mut Windows,
        last: &mut Last,
    ) {
        let d = &*self.dfa;
        if d.is_match_state(s) {
            for m in 0..d.match_len(s) {
                let pid = d.match_pattern(s, m).as_usize();
                for &(g, r) in &self.targets[pid] {
                    let w = at.saturating_sub(r)..(at + r).min(hay.len());
                    last.add(&mut out[g], g, lane, w);
                }
            }
        } else if d.is_quit_state(s) {
            // Cannot happen (no quit bytes are configured); if it did, search all.
            for targets in &self.targets {
                for &(g, _) in targets {
                    out[g].push(0..hay.len());
                }
            }
        }
    }
}

/// The last window each lane added to each group: a hit near it widens it instead of
/// adding one, so a run of hits (every byte of a long digit run) costs one window.
struct Last([[usize; LANES]; GROUPS]);

impl Default for Last {
    fn default() -> Last {
        Last([[usize::MAX; LANES]; GROUPS])
    }
}

impl Last {
    fn add(&mut self, list: &mut Vec<Range<usize>>, group: usize, lane: usize, w: Range<usize>) {
        let slot = self.0.get_mut(group).map(|l| &mut l[lane]);
        if let Some(slot) = slot {
            if let Some(prev) = list.get_mut(*slot) {
                if w.start <= prev.end && prev.start <= w.end {
                    prev.start = prev.start.min(w.start);
                    prev.end = prev.end.max(w.end);
                    return;
                }
            }
            *slot = list.len();
        }
        list.push(w);
    }
}

/// Up to four lanes cut after a `\n` (no trigger crosses a line end); empty lanes
/// are `len..len`.
fn lanes(hay: &[u8]) -> [Range<usize>; LANES] {
    let n = hay.len();
    let mut out: [Range<usize>; LANES] = std::array::from_fn(|_| n..n);
    if n < LANE_MIN {
        out[0] = 0..n;
        return out;
    }
    let mut start = 0;
    for (k, lane) in out.iter_mut().enumerate() {
        let end = if k + 1 == LANES {
            n
        } else {
            let aim = (n * (k + 1) / LANES).max(start);
            memchr::memchr(b'\n', &hay[aim..]).map_or(n, |i| aim + i + 1)
        };
        *lane = start..end;
        start = end;
    }
    out
}

/// Sorts windows by start and merges those that overlap or touch.
fn merge(w: &mut Vec<Range<usize>>) {
    if w.len() < 2 {
        return;
    }
    w.sort_unstable_by_key(|r| r.start);
    let mut last = 0;
    for i in 1..w.len() {
        if w[i].start <= w[last].end {
            w[last].end = w[last].end.max(w[i].end);
        } else {
            last += 1;
            w[last] = w[i].clone();
        }
    }
    w.truncate(last + 1);
}

/// Trigger DFAs already built, by their regexes: scrubbers with the same lists share
/// one (building takes ~0.2 s; tests and services build many scrubbers).
static CACHE: Mutex<Vec<(Vec<String>, Arc<Dfa>)>> = Mutex::new(Vec::new());
/// How many DFAs the cache keeps (the oldest goes first).
const CACHE_MAX: usize = 16;

fn cached(regexes: &[String]) -> Option<Arc<Dfa>> {
    if let Ok(cache) = CACHE.lock() {
        if let Some((_, dfa)) = cache.iter().find(|(k, _)| k.as_slice() == regexes) {
            return Some(Arc::clone(dfa));
        }
    }
    let dfa = Arc::new(build(regexes)?);
    if let Ok(mut cache) = CACHE.lock() {
        if cache.len() >= CACHE_MAX {
            cache.remove(0);
        }
        cache.push((regexes.to_vec(), Arc::clone(&dfa)));
    }
    Some(dfa)
}

fn build(regexes: &[String]) -> Option<Dfa> {
    dense::Builder::new()
        .syntax(syntax::Config::new().unicode(false).utf8(false))
        .configure(
            dense::Config::new()
                .match_kind(MatchKind::All)
                .start_kind(StartKind::Unanchored)
                .minimize(false)
                .accelerate(false)
                .dfa_size_limit(Some(DFA_SIZE_LIMIT))
                .determinize_size_limit(Some(DETERMINIZE_LIMIT)),
        )
        .build_many(regexes)
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{shapes, words};

    fn windows_of(wants: &[(Trigger, usize, usize)], hay: &[u8]) -> Windows {
        let wants: Vec<Want> = wants
            .iter()
            .map(|(t, g, r)| Want {
                trigger: t.clone(),
                group: *g,
                radius: *r,
            })
            .collect();
        let t = Triggers::new(&wants).expect("small triggers compile");
        let mut out = vec![Vec::new(); 2];
        t.windows(hay, &mut out);
        out
    }

    #[test]
    fn windows_surround_every_trigger_end_and_merge() {
        let w = vec![
            (words("(?i:phone)").unwrap(), 0, 3),
            (shapes("[0-9]{4}").unwrap(), 1, 2),
        ];
        let hay = b"x PHONE 12345 y 9999";
        let out = windows_of(&w, hay);
        // `PHONE` ends at 7: 4..10.
        assert_eq!(out[0], vec![4..10]);
        // `1234` ends at 12, `2345` at 13 (merged: 10..15); `9999` ends at 20: 18..20.
        assert_eq!(out[1], vec![10..15, 18..20]);
    }

    #[test]
    fn long_inputs_run_in_lanes_and_miss_nothing() {
        let mut hay = Vec::new();
        for i in 0..2000 {
            hay.extend_from_slice(format!("line {i} call 5551234 end\n").as_bytes());
        }
        let w = vec![(shapes("[0-9]{7}").unwrap(), 0, 0)];
        let out = windows_of(&w, &hay);
        let expect = hay
            .windows(7)
            .filter(|w| w.iter().all(u8::is_ascii_digit))
            .count();
        assert_eq!(out[0].len(), expect);
        assert!(lanes(&hay).iter().all(|l| !l.is_empty()));
    }

    #[test]
    fn merge_joins_overlapping_and_touching() {
        let mut w = vec![5..9, 0..3, 3..4, 8..12, 20..21];
        merge(&mut w);
        assert_eq!(w, vec![0..4, 5..12, 20..21]);
    }
}
