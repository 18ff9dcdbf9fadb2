//! A cheap test, run on every line before any pattern, that a line may be
//! an event of a grammar (a header or byline line matched first, a notice,
//! furniture, a thread or date line). Lines that fail it are plain text.
//!
//! Each pattern contributes one necessary condition: its required literals
//! (found with one Aho-Corasick scan over the line, ASCII case ignored), or
//! else the bytes it can start with. A pattern with neither
//! makes every line a candidate.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::LinePattern;

/// The union of the patterns' necessary conditions.
#[derive(Debug, Clone)]
pub struct LineFilter {
    /// Every line may match (some pattern has no usable condition).
    always: bool,
    /// First bytes (after blanks) that let a line through.
    first: Box<[bool; 256]>,
    /// Literals any of which lets a line through.
    literals: Option<AhoCorasick>,
}

impl LineFilter {
    /// The filter for these patterns.
    pub fn new<'p>(patterns: impl IntoIterator<Item = &'p LinePattern>) -> Self {
        let mut always = false;
        let mut first = Box::new([false; 256]);
        let mut literals: Vec<Vec<u8>> = Vec::new();
        for p in patterns {
            match (p.required.as_slice(), &p.first_bytes) {
                ([_, ..], _) => literals.extend(p.required.iter().map(|l| l.to_vec())),
                ([], Some(bytes)) => {
                    for (slot, allowed) in first.iter_mut().zip(bytes.iter()) {
                        *slot |= *allowed;
                    }
                }
                ([], None) => always = true,
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
        let start = bytes.iter().position(|&b| b != b' ' && b != b'\t');
        match start {
            Some(i) if self.first[bytes[i] as usize] => return true,
            None => return false,
            Some(_) => {}
        }
        self.literals.as_ref().is_some_and(|ac| ac.is_match(bytes))
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
}
