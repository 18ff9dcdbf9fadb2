//! The block test of the key-pair scan ([`super::keybyte`]): where in a
//! block of [`BLOCK`] bytes a key can end, found with vector comparisons
//! (SSE2, which every x86-64 processor has) instead of a lookup per byte.
//!
//! Each key is looked for by one rare byte when it has one (the `:` of
//! `s:`, a byte of `»`), else by both of its bytes (`..`, `po`).

/// Bytes looked at together.
pub const BLOCK: usize = 32;

/// How common a byte must be at most (by [`super::keybyte::commonness`])
/// to stand for its key alone.
const RARE: u8 = 3;

/// The bytes and byte pairs at least one of which is in any block that
/// holds a key.
#[derive(Debug, Clone, Default)]
pub struct Triggers {
    /// Single trigger bytes, compared exactly.
    single: Vec<u8>,
    /// Trigger pairs: each byte as (value, fold), compared as
    /// `byte | fold == value` so that a letter matches in either case.
    pairs: Vec<[(u8, u8); 2]>,
    /// The vectors compared, once every trigger is added.
    #[cfg(target_arch = "x86_64")]
    wide: wide::WideTriggers,
}

/// A byte compared in either ASCII case: (lowercase value, fold).
fn caseless(b: u8) -> (u8, u8) {
    if b.is_ascii_alphabetic() {
        (b.to_ascii_lowercase(), 0x20)
    } else {
        (b, 0)
    }
}

impl Triggers {
    /// Look for a key of one or two bytes, compared in either ASCII case,
    /// by its rare byte, else by both bytes.
    pub fn add(&mut self, key: &[u8], commonness: impl Fn(u8) -> u8) {
        let rare = |b: u8| commonness(b) <= RARE;
        match *key {
            [_, b] if rare(b) => self.add_single(b),
            [a, _] if rare(a) => self.add_single(a),
            [a, b] => {
                let pair = [caseless(a), caseless(b)];
                if !self.pairs.contains(&pair) {
                    self.pairs.push(pair);
                }
            }
            [b] => self.add_single(b),
            _ => {}
        }
        #[cfg(target_arch = "x86_64")]
        {
            self.wide = wide::WideTriggers::new(&self.single, &self.pairs);
        }
    }

    fn add_single(&mut self, b: u8) {
        for case in [b.to_ascii_lowercase(), b.to_ascii_uppercase()] {
            if !self.single.contains(&case) {
                self.single.push(case);
            }
        }
    }

    /// Bit `i` is set when a key may end at byte `i` or `i + 1` of `block`
    /// (`i` below [`BLOCK`]): at the trigger byte, or just after it when
    /// it is a key's first byte or a trigger pair starts there.
    #[cfg(target_arch = "x86_64")]
    #[inline]
    pub fn hits(&self, block: &[u8; BLOCK + 1]) -> u32 {
        self.wide.hits(block)
    }

    /// Bit `i` is set when a key may end at byte `i` or `i + 1` of `block`.
    #[cfg(not(target_arch = "x86_64"))]
    pub fn hits(&self, block: &[u8; BLOCK + 1]) -> u32 {
        let equal = |b: u8, (value, fold): (u8, u8)| (b | fold) == value;
        (0..BLOCK)
            .filter(|&i| {
                self.single.contains(&block[i])
                    || self
                        .pairs
                        .iter()
                        .any(|&[a, b]| equal(block[i], a) && equal(block[i + 1], b))
            })
            .fold(0, |mask, i| mask | 1 << i)
    }
}

#[cfg(target_arch = "x86_64")]
mod wide {
    use super::BLOCK;
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8, _mm_setzero_si128,
    };

    /// Every trigger byte repeated across the sixteen lanes of a vector.
    #[derive(Debug, Clone, Default)]
    pub struct WideTriggers {
        /// ASCII single bytes.
        ascii: Vec<__m128i>,
        /// Other single bytes (parts of non-ASCII characters), only
        /// compared in a block that has a non-ASCII byte.
        other: Vec<__m128i>,
        /// Pairs: (value, fold) of each byte.
        pairs: Vec<[(__m128i, __m128i); 2]>,
    }

    /// `b` in every lane.
    fn splat(b: u8) -> __m128i {
        // SAFETY: SSE2 is part of every x86-64 processor.
        unsafe { _mm_set1_epi8(b as i8) }
    }

    impl WideTriggers {
        pub fn new(single: &[u8], pairs: &[[(u8, u8); 2]]) -> Self {
            let wide = |&(value, fold): &(u8, u8)| (splat(value), splat(fold));
            WideTriggers {
                ascii: single
                    .iter()
                    .filter(|b| b.is_ascii())
                    .map(|&b| splat(b))
                    .collect(),
                other: single
                    .iter()
                    .filter(|b| !b.is_ascii())
                    .map(|&b| splat(b))
                    .collect(),
                pairs: pairs.iter().map(|[a, b]| [wide(a), wide(b)]).collect(),
            }
        }

        #[inline]
        pub fn hits(&self, block: &[u8; BLOCK + 1]) -> u32 {
            // SAFETY: SSE2 is part of every x86-64 processor, and each
            // load reads sixteen bytes from offset 0, 1, 16 or 17 of the
            // 33 bytes of `block` (an unaligned load may read any address).
            unsafe {
                let load =
                    |at: usize| -> __m128i { _mm_loadu_si128(block.as_ptr().add(at).cast()) };
                let halves = [(load(0), load(1)), (load(16), load(17))];
                let mut mask = 0u32;
                for (half, &(bytes, next)) in halves.iter().enumerate() {
                    let mut hits = _mm_setzero_si128();
                    for &value in &self.ascii {
                        hits = _mm_or_si128(hits, _mm_cmpeq_epi8(bytes, value));
                    }
                    if _mm_movemask_epi8(bytes) != 0 {
                        for &value in &self.other {
                            hits = _mm_or_si128(hits, _mm_cmpeq_epi8(bytes, value));
                        }
                    }
                    for &[(first, first_fold), (second, second_fold)] in &self.pairs {
                        let at_first = _mm_cmpeq_epi8(_mm_or_si128(bytes, first_fold), first);
                        let at_second = _mm_cmpeq_epi8(_mm_or_si128(next, second_fold), second);
                        hits = _mm_or_si128(hits, _mm_and_si128(at_first, at_second));
                    }
                    mask |= (_mm_movemask_epi8(hits) as u32 & 0xFFFF) << (16 * half);
                }
                mask
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(text: &[u8]) -> [u8; BLOCK + 1] {
        let mut block = [b'x'; BLOCK + 1];
        block[..text.len()].copy_from_slice(text);
        block
    }

    #[test]
    fn a_hit_marks_the_trigger_byte() {
        let mut t = Triggers::default();
        let commonness = |b: u8| if b == b':' || !b.is_ascii() { 0 } else { 40 };
        t.add(b"s:", commonness);
        t.add(b"po", commonness);
        t.add("»".as_bytes()[..2].as_ref(), commonness);
        assert_eq!(t.hits(&block(b"says")), 0);
        assert_eq!(t.hits(&block(b"says:")), 1 << 4);
        assert_eq!(t.hits(&block(b"12 POINTS")), 1 << 3, "a pair, either case");
        assert_eq!(
            t.hits(&block("a » b".as_bytes())),
            1 << 3,
            "the last byte of »"
        );
        let mut tail = block(b"");
        tail[BLOCK - 1] = b'p';
        tail[BLOCK] = b'o';
        assert_eq!(
            t.hits(&tail),
            1 << (BLOCK - 1),
            "a pair across the block's end"
        );
    }
}
