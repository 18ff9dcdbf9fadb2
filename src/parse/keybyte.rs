//! Finding which of a set of literals a line holds, ASCII case ignored,
//! with a table lookup or two per byte: each literal is keyed by its rarest
//! pair of adjacent bytes in prose (a one-byte literal by its byte), and
//! only where a key occurs are the literals keyed by it compared. Faster
//! than an automaton when the literals are few and their keys rare
//! (`».`, `s:`, `..`, `[`), and exact whatever they are.

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
}

/// How common a byte is in prose, lower is rarer: symbols and the
/// continuation bytes of non-ASCII characters first, then digits, then
/// letters from the least to the most frequent in European languages;
/// blanks and everyday punctuation last.
fn commonness(b: u8) -> u8 {
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
        }
    }

    /// The union of the bits of every literal `line` holds, looking only
    /// for literals whose bits meet `wanted`.
    pub fn bits_in(&self, line: &[u8], wanted: u128) -> u128 {
        let mut found = 0u128;
        let mut previous = 0u8;
        for (at, &b) in line.iter().enumerate() {
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

    #[test]
    fn only_wanted_bits_are_looked_for() {
        let s = set(&[("says:", 1), ("»", 2)]);
        assert_eq!(s.bits_in("says: »".as_bytes(), 2), 2);
        assert_eq!(s.bits_in("says: »".as_bytes(), 0), 0);
    }
}
