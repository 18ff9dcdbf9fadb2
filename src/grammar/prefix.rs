//! The first two bytes a line can start with, for patterns that begin with
//! a month or weekday name, a relative time or a literal: most lines of
//! prose are turned away by one bit lookup, before any matching.

use super::pattern::{Field, Node};

/// A set of two-byte line starts (ASCII letters lowercased).
#[derive(Clone, PartialEq, Eq)]
pub struct Prefixes {
    bits: Box<[u64; 1024]>,
}

impl std::fmt::Debug for Prefixes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let count: u32 = self.bits.iter().map(|w| w.count_ones()).sum();
        write!(f, "Prefixes({count} two-byte starts)")
    }
}

impl Prefixes {
    fn empty() -> Self {
        Prefixes {
            bits: Box::new([0; 1024]),
        }
    }

    fn key(a: u8, b: u8) -> usize {
        (usize::from(a.to_ascii_lowercase()) << 8) | usize::from(b.to_ascii_lowercase())
    }

    fn insert(&mut self, a: u8, b: u8) {
        let k = Self::key(a, b);
        self.bits[k / 64] |= 1 << (k % 64);
    }

    fn union(&mut self, other: &Prefixes) {
        for (a, b) in self.bits.iter_mut().zip(other.bits.iter()) {
            *a |= *b;
        }
    }

    /// Whether a line starting with `bytes` (blanks already skipped) may match.
    /// A line of fewer than two bytes always may.
    #[inline]
    pub fn allows(&self, bytes: &[u8]) -> bool {
        match bytes {
            [a, b, ..] => {
                let k = Self::key(*a, *b);
                self.bits[k / 64] & (1 << (k % 64)) != 0
            }
            _ => true,
        }
    }
}

/// The two-byte starts of the words in `words` (first two bytes of each).
fn of_words<'w>(words: impl IntoIterator<Item = &'w str>) -> Prefixes {
    let mut set = Prefixes::empty();
    for w in words {
        let b = w.as_bytes();
        if b.len() >= 2 {
            set.insert(b[0], b[1]);
        } else if let [a] = b {
            for second in 0..=255u8 {
                set.insert(*a, second);
            }
        }
    }
    set
}

/// A digit followed by anything.
fn digit_then_any() -> Prefixes {
    let mut set = Prefixes::empty();
    for a in b'0'..=b'9' {
        for b in 0..=255u8 {
            set.insert(a, b);
        }
    }
    set
}

/// The set of two-byte starts of lines matching `nodes`, or `None` when it
/// cannot be told cheaply (a blank, a name or free text first, a one-byte
/// literal).
pub fn prefixes(nodes: &[Node]) -> Option<Prefixes> {
    let (first, rest) = nodes.split_first()?;
    match first {
        Node::Literal(l) if l.len() >= 2 => {
            let b = l.as_bytes();
            let mut set = Prefixes::empty();
            set.insert(b[0], b[1]);
            Some(set)
        }
        Node::Literal(_) => None,
        Node::Space => {
            // Blanks are skipped before the test; a blank that is not ASCII
            // (a no-break space) leaves its lead byte first.
            let mut set = prefixes(rest)?;
            for lead in [0xC2, 0xE2, 0xE3, 0xEF] {
                for second in 0..=255u8 {
                    set.insert(lead, second);
                }
            }
            Some(set)
        }
        Node::Field(field) => match field {
            Field::MonthName => Some(of_words(crate::parse::lexicon::month_names())),
            Field::Weekday => Some(of_words(crate::parse::lexicon::weekday_names())),
            Field::Ago => {
                let mut set = of_words(crate::parse::relative::leading_words());
                set.union(&digit_then_any());
                Some(set)
            }
            f if f.starts_with_digit() => Some(digit_then_any()),
            _ => None,
        },
        Node::Optional(inner) => {
            let mut with: Vec<Node> = inner.clone();
            with.extend(rest.iter().cloned());
            let mut set = prefixes(&with)?;
            set.union(&prefixes(rest)?);
            Some(set)
        }
        Node::Choice(alternatives) => {
            let mut set = Prefixes::empty();
            for a in alternatives {
                let mut with: Vec<Node> = a.clone();
                with.extend(rest.iter().cloned());
                set.union(&prefixes(&with)?);
            }
            Some(set)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grammar::pattern::parse_pattern;

    fn set(pattern: &str) -> Option<Prefixes> {
        prefixes(&parse_pattern(pattern).unwrap())
    }

    #[test]
    fn month_first_patterns_turn_prose_away() {
        let p = set("({monthname} {day}, {year}|{iso}){body}").unwrap();
        assert!(p.allows(b"May 17"));
        assert!(p.allows(b"DECEMBER"));
        assert!(p.allows(b"2024-05-17T20:41"));
        assert!(!p.allows(b"The ferry"));
        assert!(!p.allows(b"It was"));
        assert!(p.allows(b"M"), "too short to tell");
    }

    #[test]
    fn optional_literals_and_unknowns() {
        let p = set("[Old ]{ago}").unwrap();
        assert!(p.allows(b"Old 3"));
        assert!(p.allows(b"3 hours ago"));
        assert!(p.allows(b"yesterday"));
        assert!(!p.allows(b"Wonderful"));
        assert!(set("{author} says:").is_none());
        assert!(set(" x").is_none());
        let p = set("[Post][ ](Posted|Verfasst am) :").unwrap();
        assert!(p.allows(b"Posted"));
        assert!(p.allows(b"Verfasst"));
        assert!(!p.allows(b"Really"));
    }
}
