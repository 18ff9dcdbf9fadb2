//! Finding which of a set of literals a line holds, ASCII case ignored,
//! with a table lookup or two per byte: each literal is keyed by its rarest
//! pair of adjacent bytes in prose (a one-byte literal by its byte), and
//! only where a key occurs are the literals keyed by it compared. Faster
//! than an automaton when the literals are few and their keys rare
//! (`».`, `s:`, `..`, `[`), and exact whatever they are.
//!
//! A line is first looked at in blocks of [`BLOCK`] bytes by the vector
//! test of [`super::trigger`], and the lookups are made only where it
//! says a key may end.

use super::trigger::{Triggers, BLOCK};

/// A set of literals, each standing for a set of bits.
#[derive(Debug, Clone)]
pub struct KeyByteSet {
    /// Whether a byte is a one-byte literal (both ASCII cases).
    single: Box<[bool; 256]>,
    /// Whether a pair of bytes is some literal's key (every ASCII case), or
    /// ends in a one-byte literal.
    pairs: Box<[u64; 1024]>,
    /// (key, literal index, offset of the key in the literal), sorted by
    /// key; one-byte literals have their byte as key.
    keyed: Vec<(u16, usize, usize)>,
    literals: Vec<Box<[u8]>>,
    bits: Vec<u128>,
    /// What the block test looks for.
    triggers: Triggers,
}

/// How common a byte is in prose, lower is rarer: symbols and the
/// continuation bytes of non-ASCII characters first, then digits, then
/// letters from the least to the most frequent in European languages;
/// blanks and everyday punctuation last.
pub fn commonness(b: u8) -> u8 {
    const LETTERS_BY_FREQUENCY: &[u8] = b"qjzxkvwyfbgpmhculdrsniotae";
    match b {
        b'[' | b']' | b'<' | b'>' | b'*' | b'#' | b'@' | b'|' | b'{' | b'}' | b'~' | b'^'
        | b'\\' | b'`' | b'=' | b'+' | b'%' | b'&' | b'$' | b'_' => 0,
        0x80..=0xBF => 1,
        b'/' | b';' | b'(' | b')' | b'"' => 2,
        b':' | b'!' | b'?' => 3,
        b'0'..=b'9' => 4,
        0xC0..=0xFF => 5,
        b'a'..=b'z' | b'A'..=b'Z' => {
            let lower = b.to_ascii_lowercase();
            let rank = LETTERS_BY_FREQUENCY
                .iter()
                .position(|&l| l == lower)
                .unwrap_or(0);
            6 + rank as u8
        }
        b'-' | b'\'' => 40,
        b'.' | b',' => 41,
        _ => 50,
    }
}

/// The table key of two adjacent bytes, ASCII letters lowered.
fn pair_key(a: u8, b: u8) -> u16 {
    (u16::from(a.to_ascii_lowercase()) << 8) | u16::from(b.to_ascii_lowercase())
}

impl KeyByteSet {
    /// The set of `literals` (none empty), each with its bits.
    pub fn new(literals: Vec<(Box<[u8]>, u128)>) -> Self {
        let mut single = Box::new([false; 256]);
        let mut triggers = Triggers::default();
        let mut pairs = Box::new([0u64; 1024]);
        let mut keyed = Vec::with_capacity(literals.len());
        let mut texts = Vec::with_capacity(literals.len());
        let mut bits = Vec::with_capacity(literals.len());
        for (index, (literal, bit)) in literals.into_iter().enumerate() {
            match *literal {
                // Never found: required literals are not empty.
                [] => {}
                [b] => {
                    for case in [b.to_ascii_lowercase(), b.to_ascii_uppercase()] {
                        single[case as usize] = true;
                        for previous in 0..=255usize {
                            let k = (previous << 8) | usize::from(case);
                            pairs[k / 64] |= 1 << (k % 64);
                        }
                    }
                    keyed.push((u16::from(b.to_ascii_lowercase()), index, 0));
                    triggers.add(&[b.to_ascii_lowercase()], commonness);
                }
                _ => {
                    // The rarest pair: a rare byte next to a rare byte.
                    let offset = (0..literal.len() - 1)
                        .rev()
                        .min_by_key(|&i| {
                            u16::from(commonness(literal[i]))
                                + u16::from(commonness(literal[i + 1]))
                        })
                        .expect("two bytes or more");
                    let (a, b) = (literal[offset], literal[offset + 1]);
                    for x in [a.to_ascii_lowercase(), a.to_ascii_uppercase()] {
                        for y in [b.to_ascii_lowercase(), b.to_ascii_uppercase()] {
                            let k = (usize::from(x) << 8) | usize::from(y);
                            pairs[k / 64] |= 1 << (k % 64);
                        }
                    }
                    keyed.push((pair_key(a, b), index, offset));
                    triggers.add(
                        &[a.to_ascii_lowercase(), b.to_ascii_lowercase()],
                        commonness,
                    );
                }
            }
            texts.push(literal);
            bits.push(bit);
        }
        keyed.sort_unstable();
        KeyByteSet {
            single,
            pairs,
            keyed,
            literals: texts,
            bits,
            triggers,
        }
    }

    /// The union of the bits of every literal `line` holds, looking only
    /// for literals whose bits meet `wanted`.
    pub fn bits_in(&self, line: &[u8], wanted: u128) -> u128 {
        let mut found = 0u128;
        let mut start = 0;
        // Blocks overlap by a byte: a key may end just past a block. The
        // last, short block is padded, and hits in the padding dropped.
        while start < line.len() {
            let valid = match line.len() - start {
                n if n >= BLOCK => u32::MAX,
                n => (1u32 << n) - 1,
            };
            let mut padded = [0u8; BLOCK + 1];
            let block: &[u8; BLOCK + 1] = match line.get(start..start + BLOCK + 1) {
                Some(whole) => whole.try_into().expect("a block's length"),
                None => {
                    padded[..line.len() - start].copy_from_slice(&line[start..]);
                    &padded
                }
            };
            let mut hits = self.triggers.hits(block) & valid;
            while hits != 0 {
                if wanted & !found == 0 {
                    return found;
                }
                let at = start + hits.trailing_zeros() as usize;
                hits &= hits - 1;
                found |= self.scan(line, at, (at + 2).min(line.len()), wanted & !found);
            }
            start += BLOCK;
        }
        found
    }

    /// The bits of the wanted literals whose key ends at a position in
    /// `from..to`, byte by byte.
    fn scan(&self, line: &[u8], from: usize, to: usize, wanted: u128) -> u128 {
        let mut found = 0u128;
        let mut previous = if from == 0 { 0 } else { line[from - 1] };
        for (i, &b) in line[from..to].iter().enumerate() {
            let at = from + i;
            // One lookup per byte: the pair table also holds every pair
            // ending in a one-byte literal.
            let k = (usize::from(previous) << 8) | usize::from(b);
            if self.pairs[k / 64] & (1 << (k % 64)) != 0 {
                if at > 0 {
                    found |= self.check(line, pair_key(previous, b), at - 1, wanted & !found, 2);
                }
                if self.single[b as usize] {
                    let key = u16::from(b.to_ascii_lowercase());
                    found |= self.check(line, key, at, wanted & !found, 1);
                }
            }
            previous = b;
        }
        found
    }

    /// The bits of the literals keyed by `key` (of `key_len` bytes) that
    /// occur in `line` with their key at `at`.
    fn check(&self, line: &[u8], key: u16, at: usize, wanted: u128, key_len: usize) -> u128 {
        if wanted == 0 {
            return 0;
        }
        let from = self.keyed.partition_point(|&(k, _, _)| k < key);
        let mut found = 0;
        for &(_, index, offset) in self.keyed[from..].iter().take_while(|&&(k, _, _)| k == key) {
            let literal = &self.literals[index];
            if (literal.len() == 1) != (key_len == 1)
                || self.bits[index] & wanted == 0
                || at < offset
            {
                continue;
            }
            let start = at - offset;
            if line
                .get(start..start + literal.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(literal))
            {
                found |= self.bits[index];
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(literals: &[(&str, u128)]) -> KeyByteSet {
        KeyByteSet::new(
            literals
                .iter()
                .map(|(l, b)| (Box::from(l.as_bytes()), *b))
                .collect(),
        )
    }

    #[test]
    fn finds_every_literal_a_line_holds_in_any_ascii_case() {
        let s = set(&[
            ("says:", 1),
            ("»", 2),
            ("posted", 4),
            ("[deleted]", 8),
            ("[", 16),
        ]);
        assert_eq!(s.bits_in(b"Ada SAYS: hi", u128::MAX), 1);
        assert_eq!(s.bits_in(b"by Ada \xC2\xBB Fri", u128::MAX), 2);
        assert_eq!(s.bits_in(b"Posted by", u128::MAX), 4);
        assert_eq!(s.bits_in(b"x [Deleted] y", u128::MAX), 8 | 16);
        assert_eq!(s.bits_in(b"nothing here", u128::MAX), 0);
    }

    #[test]
    fn literals_at_the_line_edges_and_overlapping_are_found() {
        let s = set(&[("ab:", 1), ("b:c", 2)]);
        assert_eq!(s.bits_in(b"ab:c", u128::MAX), 3);
        assert_eq!(s.bits_in(b"ab", u128::MAX), 0);
        assert_eq!(s.bits_in(b"b:", u128::MAX), 0);
    }

    /// Every literal is found at every offset across the block edges,
    /// whether the block test knows it by one byte or by two.
    #[test]
    fn literals_are_found_at_every_offset_of_a_long_line() {
        let literals = [
            ("says:", 1),
            ("»", 2),
            ("point", 4),
            ("...", 8),
            ("[", 16),
            ("--", 32),
        ];
        let s = set(&literals);
        for (literal, bit) in literals {
            for cased in [literal.to_owned(), literal.to_ascii_uppercase()] {
                for before in 0..3 * BLOCK {
                    let line = format!("{}{cased}{}", "x".repeat(before), " y".repeat(40));
                    assert_eq!(
                        s.bits_in(line.as_bytes(), u128::MAX),
                        bit,
                        "{cased:?} after {before} bytes"
                    );
                }
            }
        }
        let prose = "the ferry ran late because the council voted: no. ".repeat(8);
        assert_eq!(s.bits_in(prose.as_bytes(), u128::MAX), 0);
    }

    #[test]
    fn only_wanted_bits_are_looked_for() {
        let s = set(&[("says:", 1), ("»", 2)]);
        assert_eq!(s.bits_in("says: »".as_bytes(), 2), 2);
        assert_eq!(s.bits_in("says: »".as_bytes(), 0), 0);
    }
}
