//! Zero heap allocations for a line that does not change (the hot-path issue): once
//! the engine is warm, `scrub_str`, `scrub_bytes` and `scrub_into` (into a buffer with
//! room) allocate nothing on a line with nothing to hide, counted by a counting
//! allocator. The lines come from the generated sparse corpus (ASCII) and its non-ASCII
//! variant: timestamps, hashes, trace ids, versions, durations, near-misses of every
//! detector.

mod support;

use std::borrow::Cow;

use piiscrub::{Findings, Scrubber};
use support::heap::peak_heap;

#[global_allocator]
static ALLOC: support::heap::Counting = support::heap::Counting;

/// Lines of `text` the default policy leaves unchanged.
fn quiet_lines<'t>(s: &Scrubber, text: &'t str) -> Vec<&'t str> {
    text.lines()
        .filter(|l| matches!(s.scrub_str(l), Cow::Borrowed(_)))
        .collect()
}

fn check_allocates_nothing(text: &str) {
    let s = support::heap::own_scrubber();
    let quiet = quiet_lines(&s, text);
    assert!(quiet.len() > 1_000, "only {} quiet lines", quiet.len());
    // Warm-up: the lazy DFAs build the states these lines need (the filter above
    // already ran each line once; once more changes nothing, but says what is meant).
    for l in &quiet {
        let _ = s.scrub_bytes(l.as_bytes());
    }
    let mut out = Vec::with_capacity(1 << 16);
    let mut counts = Findings::default();
    let mut allocating = Vec::new();
    for l in &quiet {
        let ((), peak) = peak_heap(|| {
            let a = matches!(s.scrub_str(l), Cow::Borrowed(_));
            let b = matches!(s.scrub_bytes(l.as_bytes()), Cow::Borrowed(_));
            out.clear();
            s.scrub_into(l.as_bytes(), &mut out, &mut counts);
            assert!(a && b);
        });
        if peak != 0 {
            allocating.push((peak, *l));
        }
    }
    assert!(
        allocating.is_empty(),
        "{} of {} unchanged lines allocated, e.g. {:?}",
        allocating.len(),
        quiet.len(),
        &allocating[..allocating.len().min(3)]
    );
    assert!(counts.is_empty());
}

#[test]
fn an_unchanged_ascii_line_allocates_nothing() {
    check_allocates_nothing(&support::corpus::sparse(1 << 20));
}

#[test]
fn an_unchanged_non_ascii_line_allocates_nothing() {
    check_allocates_nothing(&support::corpus::non_ascii(1 << 20));
}
