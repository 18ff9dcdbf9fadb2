//! A cheap test, run on every line before any pattern, that a line may be
//! an event of a grammar (a header or byline line matched first, a notice,
//! furniture, a thread or date line). Lines that fail it are plain text.
//!
//! Each pattern contributes its necessary conditions: the bytes it can
//! start with, and its required literals (found with one Aho-Corasick scan
//! over the line, ASCII case ignored). A line passes when, for some
//! pattern, it starts with one of that pattern's first bytes and (if the
//! pattern has literals) holds one of the literals of any pattern. A
//! pattern with neither condition makes every line a candidate.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::LinePattern;

/// The union of the patterns' necessary conditions.
#[derive(Debug, Clone)]
pub struct LineFilter {
    /// Every line may match (some pattern has no usable condition).
    always: bool,
    /// First bytes (after blanks) that let a line through alone: those of
    /// patterns without literals.
    first: Box<[bool; 256]>,
    /// First bytes (after blanks) that let a line through when it also
    /// holds a literal: those of patterns with literals.
    first_then_literal: Box<[bool; 256]>,
    /// Literals any of which lets a line through, when that line's first
    /// byte is in `first_then_literal`.
    literals: Option<AhoCorasick>,
}

impl LineFilter {
    /// The filter for these patterns.
    pub fn new<'p>(patterns: impl IntoIterator<Item = &'p LinePattern>) -> Self {
        let mut always = false;
        let mut first = Box::new([false; 256]);
        let mut first_then_literal = Box::new([false; 256]);
        let mut literals: Vec<Vec<u8>> = Vec::new();
        for p in patterns {
            let slots = match (p.required.as_slice(), &p.first_bytes) {
                ([_, ..], bytes) => {
                    literals.extend(p.required.iter().map(|l| l.to_vec()));
                    match bytes {
                        Some(bytes) => Some((&mut first_then_literal, bytes)),
                        None => {
                            // Any first byte, and then a literal.
                            first_then_literal.fill(true);
                            None
                        }
                    }
                }
                ([], Some(bytes)) => Some((&mut first, bytes)),
                ([], None) => {
                    always = true;
                    None
                }
            };
            if let Some((slots, bytes)) = slots {
                for (slot, allowed) in slots.iter_mut().zip(bytes.iter()) {
                    *slot |= *allowed;
                }
            }
        }
        literals.sort();
        literals.dedup();
        let literals = (!literals.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostFirst)
                .build(&literals)
                .expect("literals build an automaton")
        });
        LineFilter {
            always,
            first,
            first_then_literal,
            literals,
        }
    }

    /// Whether some pattern may match `line`.
    #[inline]
    pub fn may_match(&self, line: &str) -> bool {
        if self.always {
            return true;
        }
        let bytes = line.as_bytes();
        let Some(start) = bytes.iter().position(|&b| b != b' ' && b != b'\t') else {
            return false;
        };
        let lead = bytes[start] as usize;
        if self.first[lead] {
            return true;
        }
        self.first_then_literal[lead] && self.literals.as_ref().is_some_and(|ac| ac.is_match(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lets_through_only_what_a_pattern_needs() {
        let patterns = [
            LinePattern::compile("{author} says:").unwrap(),
            LinePattern::compile("{day}/{month}/{year} {text}").unwrap(),
        ];
        let filter = LineFilter::new(&patterns);
        assert!(filter.may_match("Ana Lima SAYS:"));
        assert!(filter.may_match("  17/05/2024 x"));
        assert!(!filter.may_match("An ordinary sentence of the article."));
        assert!(!filter.may_match(""));
        let open = [LinePattern::compile("{author} {ago}").unwrap()];
        assert!(LineFilter::new(&open).may_match("anything at all"));
    }

    /// A pattern with both conditions lets a line through only when both
    /// hold: a body line that holds ` klo ` but starts with a letter is
    /// plain text for a Finnish chat header.
    #[test]
    fn literals_count_only_after_a_first_byte_of_their_pattern() {
        let patterns =
            [LinePattern::compile("{day}.{month}.{year} klo {hour}.{minute} - {body}").unwrap()];
        assert_eq!(patterns[0].required, vec![Box::from(&b"klo"[..])]);
        let filter = LineFilter::new(&patterns);
        assert!(filter.may_match("13.6.2018 KLO 21.25 - Aino: moi"));
        assert!(!filter.may_match("kello on klo 21.25 nyt"));
        assert!(!filter.may_match("13.6.2018 ilman kelloa"));
        // A pattern without first bytes still needs only its literal.
        let any_start = [LinePattern::compile("{text} wrote:").unwrap()];
        let filter = LineFilter::new(&any_start);
        assert!(filter.may_match("Somebody WROTE:"));
        assert!(!filter.may_match("Somebody said"));
    }

    proptest::proptest! {
        /// The filter never turns away a line that one of the patterns matches.
        #[test]
        fn never_rejects_a_matching_line(
            line in proptest::prop_oneof![
                r"[ \t]{0,2}[\[(0-9a-zA-Z@»\-:/.,]{0,3}[ 0-9a-zA-Z:/.,\-\]]{0,30}",
                r"[ \t]{0,2}\[?[0-9]{1,2}/[0-9]{1,2}/[0-9]{4},? [0-9]{1,2}:[0-9]{2}\]? -? ?[A-Z][a-z]{1,5}: [a-z ]{0,9}",
                r"[ \t]{0,2}(@|» |)[A-Z][a-z]{1,5}( wrote:| [a-z ]{1,9})",
            ]
        ) {
            let patterns = [
                LinePattern::compile(r"[\[]{day}/{month}/{year}[,] {hour}:{minute}[\]] [- ]{author}: {body}").unwrap(),
                LinePattern::compile("{author} wrote:").unwrap(),
                LinePattern::compile("@{author} {body}").unwrap(),
                LinePattern::compile("» {text}").unwrap(),
            ];
            let rules = crate::grammar::AuthorRules::default();
            // All four, and without `{author} wrote:` (a pattern with a
            // literal but no first bytes lets every lead byte through, which
            // would hide a mistake in the others' first bytes).
            for set in [&patterns[..], &patterns[..1], &patterns[2..]] {
                let filter = LineFilter::new(set);
                for pattern in set {
                    if crate::parse::matcher::match_line(pattern, &line, &rules).is_some() {
                        proptest::prop_assert!(
                            filter.may_match(&line),
                            "{:?} matches {:?}",
                            pattern.text,
                            line
                        );
                    }
                }
            }
        }
    }
}
