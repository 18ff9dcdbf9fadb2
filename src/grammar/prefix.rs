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

/// Bytes of a leading literal compared by [`Leading`].
const STEM_BYTES: usize = 4;

/// More leading literals than this and the test is not worth it.
const MAX_STEMS: usize = 32;

/// The literals a matching line must start with (after blanks), when the
/// pattern begins with one — through choices and optional parts: `(Join
/// Date|Registriert seit)` gives `join` and `regi`. Up to
/// [`STEM_BYTES`] bytes of each, ASCII letters lowercased. Sharper than
/// the two-byte [`Prefixes`]: `Council` and `Data` share their first two
/// bytes with `Convidado` and `Date`, not their first four.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leading {
    stems: Vec<Box<[u8]>>,
}

impl Leading {
    /// Whether a line starting with `head` (blanks already skipped) may
    /// match. A non-ASCII first byte may be a blank or an invisible mark
    /// (both skipped while matching): such a line always may.
    #[inline]
    pub fn allows(&self, head: &[u8]) -> bool {
        match head.first() {
            None => true,
            Some(&b) if !b.is_ascii() => true,
            Some(_) => self.stems.iter().any(|stem| {
                head.get(..stem.len())
                    .is_some_and(|start| start.eq_ignore_ascii_case(stem))
            }),
        }
    }
}

/// The leading literals of lines matching `nodes`, or `None` when a line
/// can start with something else (a field, or too many literals).
pub fn leading(nodes: &[Node]) -> Option<Leading> {
    let mut stems = Vec::new();
    add_stems(nodes, &mut stems)?;
    stems.sort_unstable();
    stems.dedup();
    Some(Leading { stems })
}

/// Add the leading literals of `nodes` to `stems`; `None` when some way of
/// matching starts with no literal.
fn add_stems(nodes: &[Node], stems: &mut Vec<Box<[u8]>>) -> Option<()> {
    let (first, rest) = nodes.split_first()?;
    match first {
        Node::Literal(literal) => {
            let bytes = literal.as_bytes();
            // Blanks are skipped before the test; a literal led by one
            // would never be seen at the start.
            if matches!(bytes.first(), None | Some(b' ' | b'\t')) {
                return None;
            }
            stems.push(
                bytes[..bytes.len().min(STEM_BYTES)]
                    .to_ascii_lowercase()
                    .into(),
            );
        }
        Node::Space => add_stems(rest, stems)?,
        Node::Optional(inner) => {
            add_stems(&[inner.as_slice(), rest].concat(), stems)?;
            add_stems(rest, stems)?;
        }
        Node::Choice(alternatives) => {
            for alternative in alternatives {
                add_stems(&[alternative.as_slice(), rest].concat(), stems)?;
            }
        }
        Node::Field(_) => return None,
    }
    (stems.len() <= MAX_STEMS).then_some(())
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
    fn leading_literals_tell_words_with_the_same_two_bytes_apart() {
        let lead = |p: &str| leading(&parse_pattern(p).unwrap());
        let join = lead("(Join Date|Registriert seit)[ ]: {text}").unwrap();
        assert!(join.allows(b"Join Date: Mar 2008"));
        assert!(join.allows(b"REGISTRIERT seit"));
        assert!(!join.allows(b"Jolly good"));
        assert!(!join.allows(b"Regular readers"));
        assert!(!join.allows(b"Jo"), "shorter than the literal");
        assert!(
            join.allows("\u{a0}Join".as_bytes()),
            "a no-break space first"
        );
        let posted = lead("[(Post|Beitrag)][ ](Posted|Verfasst am)[ ]:").unwrap();
        for line in [
            "Post Posted :",
            "Posted:",
            "Beitrag Verfasst am:",
            "Verfasst am:",
        ] {
            assert!(posted.allows(line.as_bytes()), "{line}");
        }
        assert!(!posted.allows(b"Potatoes"));
        assert!(lead("{author} says:").is_none());
        assert!(lead("[Old ]{ago}").is_none(), "may start with a field");
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
