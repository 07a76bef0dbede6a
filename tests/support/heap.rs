//! A counting global allocator: the peak heap growth of one thread (tests run in
//! parallel, so other threads' allocations are not counted). A test binary that uses
//! [`peak_heap`] installs it with
//! `#[global_allocator] static ALLOC: support::heap::Counting = support::heap::Counting;`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// The allocator: `System`, counting this thread's bytes while tracking is on.
pub struct Counting;

thread_local! {
    static TRACK: Cell<bool> = const { Cell::new(false) };
    static NOW: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn count(delta: isize) {
    let _ = TRACK.try_with(|t| {
        if t.get() {
            let now = NOW.get() + delta;
            NOW.set(now);
            PEAK.set(PEAK.get().max(now));
        }
    });
}

// SAFETY: every call is passed to `System` unchanged; counting touches only
// thread-local cells and never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            count(layout.size() as isize);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        count(-(layout.size() as isize));
    }
}

/// The peak heap growth of this thread while `f` runs.
pub fn peak_heap<T>(f: impl FnOnce() -> T) -> (T, isize) {
    NOW.set(0);
    PEAK.set(0);
    TRACK.set(true);
    let out = f();
    TRACK.set(false);
    (out, PEAK.get())
}

/// A scrubber for one heap measurement, owned by the measuring test. A scrubber shared
/// by the test binary (a `static`) is used by other tests' threads too, and the regex
/// pool may then hand this thread one of their lazy caches, cold: its growth would
/// count against the bound being measured.
pub fn own_scrubber() -> piiscrub::Scrubber {
    piiscrub::Scrubber::default()
}
