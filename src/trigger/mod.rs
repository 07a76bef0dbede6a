//! Triggers: the one pass over every byte. Two small DFAs (key names and literals;
//! digit and hex structures) find where the candidates of the ungated groups *can* be; each
//! group's regex then searches only the windows around those places.
//!
//! # Why it is exact
//!
//! Every pattern of a windowed group has a [`Trigger`]: a regex matching inside
//! *every* match of the pattern. A pattern match `[s, e)` holds a trigger match
//! `[u, t)`; `e - s <= L` (the pattern's longest match) and `t - u >= m` (the trigger's
//! shortest), so `s >= t - L` and `e <= u + L <= t - m + L`: the match lies in the
//! window `[t - L, t - m + L]`; tighter when the trigger is written into the pattern
//! (see [`reach`]). The DFAs report every end `t` of every trigger match
//! (`MatchKind::All`); the windows are those intervals, merged. A search restricted to
//! a window finds what a whole-input search finds there: regex look-around (`\b`)
//! still sees the bytes outside the range, and no match starting in a window ends
//! outside it (it lies in *some* window, and merged windows are disjoint). The
//! reference engine ignores triggers, so the differential tests check all of this.
//!
//! # Why it is fast
//!
//! A DFA step is one dependent load (~1.7 ns a byte whatever the DFA). The input is
//! cut at line ends into four lanes stepped together, so four loads are in flight
//! (`step4`, 6.6 instructions a byte per DFA). The DFAs are built ahead (dense, then
//! flattened into a [`table::Table`]: no warm-up during a scan), side by side on two
//! threads, and shared by every scrubber with the same triggers (the default policy's
//! two take ~0.25 s of CPU time to build; side by side, start-up is ~0.2 s).

mod reach;
mod table;

use std::ops::Range;
use std::sync::Arc;

use table::{State, Table};

use crate::detect::{Bank, Trigger};
use crate::scan::GROUPS;

/// One trigger DFA and, for each of its patterns, the windows a hit opens.
struct BankDfa {
    table: Arc<Table>,
    /// Per DFA pattern: `(group, back, ahead)`: a hit ending at `t` opens the window
    /// `t - back .. t + ahead`.
    targets: Vec<Vec<(usize, usize, usize)>>,
}

/// The trigger DFAs of a policy.
pub(crate) struct Triggers {
    banks: Vec<BankDfa>,
}

/// What a trigger is wanted for: the pattern it stands for, the group it opens windows
/// in, and the longest match of that pattern.
pub(crate) struct Want {
    pub(crate) trigger: Trigger,
    pub(crate) pattern: String,
    pub(crate) group: usize,
    pub(crate) longest: usize,
}

/// Windows per group, reused from scan to scan (no allocation once warm).
pub(crate) type Windows = Vec<Vec<Range<usize>>>;

/// Inputs shorter than this run in one lane (splitting costs more than it gains).
const LANE_MIN: usize = 4096;
const LANES: usize = 4;
/// Windows a group's list keeps room for between calls (64 KiB of them).
const KEEP_WINDOWS: usize = 4096;

impl Triggers {
    /// Builds the DFAs; `None` when a trigger cannot be compiled within the limits
    /// (the caller then searches those groups whole: slower, never wrong).
    pub(crate) fn new(wants: &[Want]) -> Option<Triggers> {
        let mut sets = Vec::new();
        for bank in [Bank::Words, Bank::Shapes] {
            let mut regexes: Vec<String> = Vec::new();
            let mut targets: Vec<Vec<(usize, usize, usize)>> = Vec::new();
            for w in wants.iter().filter(|w| w.trigger.bank == bank) {
                let i = match regexes.iter().position(|r| *r == w.trigger.regex) {
                    Some(i) => i,
                    None => {
                        regexes.push(w.trigger.regex.clone());
                        targets.push(Vec::new());
                        regexes.len() - 1
                    }
                };
                let (back, ahead) = reach::reach(&w.pattern, &w.trigger.regex, w.longest)?;
                targets[i].push((w.group, back, ahead));
            }
            if !regexes.is_empty() {
                sets.push((regexes, targets));
            }
        }
        let tables = build_tables(sets.iter().map(|(r, _)| r.as_slice()).collect());
        let banks = sets
            .into_iter()
            .zip(tables)
            .map(|((_, targets), table)| {
                Some(BankDfa {
                    table: table?,
                    targets,
                })
            })
            .collect::<Option<_>>()?;
        Some(Triggers { banks })
    }

    /// Fills `out[g]` with the merged windows of group `g`, in order.
    pub(crate) fn windows(&self, hay: &[u8], out: &mut Windows) {
        for w in out.iter_mut() {
            w.clear();
            // A huge input's windows are not kept for the next call.
            w.shrink_to(KEEP_WINDOWS);
        }
        match self.banks.as_slice() {
            // A short input (a line) is one lane: stepping both DFAs together keeps two
            // load chains in flight instead of one.
            [a, b] if hay.len() < LANE_MIN => run_pair(a, b, hay, out),
            banks => {
                let lanes = lanes(hay);
                for bank in banks {
                    bank.run(hay, &lanes, out);
                }
            }
        }
        for w in out.iter_mut() {
            merge(w);
        }
    }
}

impl BankDfa {
    /// Steps the DFA over every lane and records the windows of every hit.
    fn run(&self, hay: &[u8], lanes: &[Range<usize>; LANES], out: &mut Windows) {
        let t = &*self.table;
        let mut last = Last::default();
        // Together while every lane has bytes left: four load chains in flight. Slices
        // cut to the common length let the compiler drop the bounds checks.
        let common = lanes.iter().map(|l| l.len()).min().unwrap_or(0);
        let cut: [&[u8]; LANES] =
            std::array::from_fn(|k| &hay[lanes[k].start..lanes[k].start + common]);
        let mut s = [t.start; LANES];
        let mut from = 0;
        loop {
            let i = step4(t, cut, from, &mut s);
            if i >= common {
                break;
            }
            for (k, &sk) in s.iter().enumerate() {
                if t.is_match(sk) {
                    self.hit(hay, k, lanes[k].start + i, sk, out, &mut last);
                }
            }
            from = i + 1;
        }
        // The rest of each lane alone, then its end.
        for (k, mut s) in s.into_iter().enumerate() {
            for i in lanes[k].start + common..lanes[k].end {
                s = t.step(s, hay[i]);
                if t.is_match(s) {
                    self.hit(hay, k, i, s, out, &mut last);
                }
            }
            if !lanes[k].is_empty() {
                self.hit(hay, k, lanes[k].end, t.end(s), out, &mut last);
            }
        }
    }

    /// A state `s` reached in lane `lane` after the byte before `at` (or after the
    /// lane's end, `Table::end`): the trigger matches ending at `at`, none when `s` is no
    /// match state.
    #[cold]
    fn hit(
        &self,
        hay: &[u8],
        lane: usize,
        at: usize,
        s: State,
        out: &mut Windows,
        last: &mut Last,
    ) {
        for &pid in self.table.patterns(s) {
            for &(g, back, ahead) in self
                .targets
                .get(pid as usize)
                .map_or(&[][..], Vec::as_slice)
            {
                let w = at.saturating_sub(back)..(at + ahead).min(hay.len());
                last.add(&mut out[g], g, lane, w);
            }
        }
    }
}

/// The tables of the trigger sets, built side by side: building (most of a scrubber's
/// start-up) is single-threaded inside regex-automata, and the sets are independent.
/// Where no thread can be started, one after the other.
fn build_tables(sets: Vec<&[String]>) -> Vec<Option<Arc<Table>>> {
    let Some((first, rest)) = sets.split_first() else {
        return Vec::new();
    };
    std::thread::scope(|scope| {
        let others: Vec<_> = rest
            .iter()
            .map(|set| {
                std::thread::Builder::new()
                    .name("piiscrub-trigger-build".into())
                    .spawn_scoped(scope, move || table::cached(set))
                    .map_err(|_| set)
            })
            .collect();
        let mut out = vec![table::cached(first)];
        for other in others {
            // A thread that could not start, or that panicked (it never should): build
            // here instead.
            out.push(match other {
                Ok(handle) => handle.join().unwrap_or(None),
                Err(set) => table::cached(set),
            });
        }
        out
    })
}

/// Steps two DFAs over all of `hay` (one lane) together and records their hits.
fn run_pair(a: &BankDfa, b: &BankDfa, hay: &[u8], out: &mut Windows) {
    let (ta, tb) = (&*a.table, &*b.table);
    let (mut last_a, mut last_b) = (Last::default(), Last::default());
    let (mut sa, mut sb) = (ta.start, tb.start);
    for (i, &byte) in hay.iter().enumerate() {
        sa = ta.step(sa, byte);
        sb = tb.step(sb, byte);
        if ta.is_match(sa) | tb.is_match(sb) {
            if ta.is_match(sa) {
                a.hit(hay, 0, i, sa, out, &mut last_a);
            }
            if tb.is_match(sb) {
                b.hit(hay, 0, i, sb, out, &mut last_b);
            }
        }
    }
    if !hay.is_empty() {
        a.hit(hay, 0, hay.len(), ta.end(sa), out, &mut last_a);
        b.hit(hay, 0, hay.len(), tb.end(sb), out, &mut last_b);
    }
}

/// Steps four lanes from `from` until one of them reaches a match state; returns that
/// index (the states are those after its byte), or the lanes' length. Kept apart and
/// call-free so that its fourteen live values stay in registers.
#[inline(never)]
fn step4(t: &Table, lanes: [&[u8]; LANES], from: usize, s: &mut [State; LANES]) -> usize {
    let bit = t.match_bit;
    let [l0, l1, l2, l3] = lanes;
    let n = l0.len().min(l1.len()).min(l2.len()).min(l3.len());
    let [mut s0, mut s1, mut s2, mut s3] = *s;
    let mut i = from;
    while i < n {
        s0 = t.step(s0, l0[i]);
        s1 = t.step(s1, l1[i]);
        s2 = t.step(s2, l2[i]);
        s3 = t.step(s3, l3[i]);
        // Only match states lack the match bit: one test for four lanes.
        if !State::none_match([s0, s1, s2, s3], bit) {
            break;
        }
        i += 1;
    }
    *s = [s0, s1, s2, s3];
    i
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{shapes, words};

    fn windows_of(wants: &[(Trigger, usize, usize)], hay: &[u8]) -> Windows {
        let wants: Vec<Want> = wants
            .iter()
            .map(|(t, g, r)| Want {
                trigger: t.clone(),
                // No pattern to place the trigger in: the loose bound.
                pattern: String::new(),
                group: *g,
                longest: *r,
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
        // `PHONE` ends at 7; a candidate holding it starts at 7 - 5 or before, so
        // ends by 7 - 5 + 3: the window is 4..7.
        assert_eq!(out[0], vec![4..7]);
        // `1234` ends at 12 (10..12), `2345` at 13 (11..13), merged; `9999` at 20.
        assert_eq!(out[1], vec![10..13, 18..20]);
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
    fn both_dfas_in_one_lane_find_what_the_lanes_find() {
        let wants: Vec<Want> = [
            (words("(?i:phone|tel)").unwrap(), 0, 12),
            (shapes(r"\b[0-9]{3}-[0-9]{4}").unwrap(), 1, 9),
        ]
        .into_iter()
        .map(|(trigger, group, longest)| Want {
            trigger,
            pattern: String::new(),
            group,
            longest,
        })
        .collect();
        let t = Triggers::new(&wants).expect("small triggers compile");
        let mut hay = Vec::new();
        for i in 0..300 {
            hay.extend_from_slice(format!("{i} Tel: 555-{:04} x{i}PHONE\n", i * 7).as_bytes());
        }
        assert!(hay.len() >= LANE_MIN);
        let mut lanes = vec![Vec::new(); 2];
        t.windows(&hay, &mut lanes);
        let mut pair = vec![Vec::new(); 2];
        let [a, b] = t.banks.as_slice() else {
            panic!("two banks")
        };
        run_pair(a, b, &hay, &mut pair);
        pair.iter_mut().for_each(merge);
        assert_eq!(lanes, pair);
        assert!(lanes.iter().all(|w| !w.is_empty()));
    }

    #[test]
    fn merge_joins_overlapping_and_touching() {
        let mut w = vec![5..9, 0..3, 3..4, 8..12, 20..21];
        merge(&mut w);
        assert_eq!(w, vec![0..4, 5..12, 20..21]);
    }
}
