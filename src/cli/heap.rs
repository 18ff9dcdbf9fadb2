//! How the command asks the C heap to keep memory it frees.
//!
//! A large input is parsed a part at a time: each part's comments are
//! built, written and freed, and the next part's take their place. glibc's
//! heap gives freed memory back to the system as soon as more than a
//! little of it is free at the top, so every part would fault in fresh
//! pages again (68,000 page faults in a one-thread parse of 100 MB). Asked
//! to keep a margin of 64 MiB, it reuses the same pages: 5,200 faults and
//! a tenth less time for that parse, whose peak is lower (29 → 26 MB: the
//! margin is address space; only pages written count). A one-thread
//! `summary`, which holds more between parts, peaks higher (109 → 124 MB
//! for 100 MB). A program that embeds the library can do the same, or set
//! `MALLOC_TOP_PAD_` in the environment. See BENCHMARKS.md, *The heap's
//! margin*.

/// The margin of freed memory the heap keeps for reuse.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const KEPT_MARGIN: libc::c_int = 64 << 20;

/// Ask the heap to keep [`KEPT_MARGIN`] of freed memory (glibc only; other
/// C libraries and platforms keep their own policy).
pub fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only sets a number in the allocator's settings; it
    // is called before any thread of ours starts.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, KEPT_MARGIN);
    }
}
