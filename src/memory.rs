//! When freed memory goes back to the system (mimalloc's purge delay), by the size of the run.
//!
//! Returning freed pages at once keeps a province-sized run's peak down: its phases free
//! large buffers just before allocating others, and with mimalloc 3's default delay (about a
//! second) both counted in the peak. At a district's size the peak is tens of MiB whatever
//! the delay, and returning pages at once only means faulting them in and zeroing them again:
//! a re-run of 2,000 returns spent a tenth of its time in that. So the pages go back at once
//! from [`LARGE_RUN`] files on, and after the allocator's own delay below it.

/// Files from which a run returns freed memory at once.
pub const LARGE_RUN: usize = 10_000;

/// `mi_option_purge_delay` in mimalloc.h: the 16th option in versions 2 and 3 alike.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Sets the purge delay for a run of `files` files (its cache's or its inputs' count).
pub fn for_run_of(files: usize) {
    if files >= LARGE_RUN {
        set_purge_delay(0);
    }
}

/// Freed memory is kept for reuse (a worker process: its heap is reused file after file and
/// ends with it; its memory limit bounds the address space, kept or not).
pub fn keep_freed_memory() {
    set_purge_delay(-1);
}

/// Sets mimalloc's purge delay (milliseconds; -1: never), for the versions whose option
/// numbering is known. Without mimalloc as the allocator (the tests) it changes nothing
/// that is used.
fn set_purge_delay(ms: std::ffi::c_long) {
    // SAFETY: plain calls into the allocator's version and option table, valid at any time.
    unsafe {
        // 2.1.7 reads 217; 3.3.2 reads 30302.
        let v = libmimalloc_sys::mi_version();
        let major = if v >= 10_000 { v / 10_000 } else { v / 100 };
        if (2..=3).contains(&major) {
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, ms);
        }
    }
}
