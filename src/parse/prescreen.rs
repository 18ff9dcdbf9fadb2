//! Detection's first look: which grammars find at least one line their
//! layouts are recognised by, in one pass over the page for all grammars.
//!
//! A grammar is only run in full when some line matches one of its anchor
//! patterns (the most selective line of a header, or of a byline for a
//! layout without header). Each anchor has necessary conditions — a rare
//! literal it contains, the bytes it can start with — and these are merged
//! across grammars, one bit per anchor: a table maps a line's first byte to
//! the anchors that can start there, and a key-byte scan of the line finds
//! the rare literals of those anchors. A line is matched only against the
//! anchors that pass both tests, and a grammar drops out of the scan as
//! soon as one of its anchors has matched.

use super::keybyte::KeyByteSet;
use super::lines::Lines;
use super::matcher::match_line;
use crate::grammar::{Grammar, LinePattern};

/// Anchor patterns as bits of a mask: at most this many are screened; a
/// grammar with an anchor beyond them is always run in full.
const MAX_SCREENED: usize = 128;

/// The merged conditions of every grammar's anchor patterns.
#[derive(Debug, Clone)]
pub struct Prescreen {
    /// Anchors that need no literal.
    no_literal: u128,
    /// For each first byte (after blanks), the anchors that can start with it.
    first: Box<[u128; 256]>,
    /// Every rare required literal, and the anchors each one stands for.
    literals: KeyByteSet,
    /// For each screened anchor: its grammar's index and the pattern.
    owners: Vec<(usize, LinePattern)>,
    /// For each grammar, the bits of all its anchors.
    grammar_bits: Vec<u128>,
    /// Grammars with more anchors than fit: always run.
    unscreened: Vec<bool>,
}

/// The distinct anchor patterns of a grammar (layouts often share one:
/// vBulletin's twelve layouts have one date line).
fn anchors(grammar: &Grammar) -> Vec<&LinePattern> {
    let mut distinct: Vec<&LinePattern> = Vec::new();
    // A layout with a header opens its comments only at a header (a byline
    // then closes them), so its header anchor is the condition; a layout
    // without header is recognised by its byline alone.
    // Every line of a header matches when the header does, so the most
    // selective of them is the test.
    let all = grammar.layouts.iter().filter_map(|l| {
        let lines = if l.header.is_empty() {
            &l.byline
        } else {
            &l.header
        };
        lines.iter().max_by_key(|p| selectivity(p))
    });
    for p in all {
        if !distinct.iter().any(|d| d.text == p.text) {
            distinct.push(p);
        }
    }
    distinct
}

/// Whether a literal is rare enough in prose to screen lines by: a short
/// word (`Re`, `by`) is everywhere, case-insensitively; punctuation,
/// non-ASCII symbols (`»`, `•`) and longer words are not.
fn rare(literal: &[u8]) -> bool {
    literal.len() >= 4 || literal.iter().any(|b| !b.is_ascii_alphanumeric())
}

/// How few lines of prose a pattern's necessary condition lets through,
/// as a rank: a required literal (longer and with punctuation is rarer)
/// beats a first-byte set (fewer bytes is better), which beats nothing.
fn selectivity(pattern: &LinePattern) -> usize {
    let rarity = |literal: &[u8]| {
        literal.len() + 3 * literal.iter().filter(|b| b.is_ascii_punctuation()).count()
    };
    match (pattern.required.as_slice(), &pattern.first_bytes) {
        ([_, ..], _) => {
            1_000
                + pattern
                    .required
                    .iter()
                    .map(|l| rarity(l))
                    .min()
                    .unwrap_or(0)
        }
        ([], Some(bytes)) => 256 - bytes.iter().filter(|&&b| b).count(),
        ([], None) => 0,
    }
}

impl Prescreen {
    /// The prescreen for `grammars` (in order).
    pub fn new(grammars: &[Grammar]) -> Self {
        let mut no_literal = 0u128;
        let mut first = Box::new([0u128; 256]);
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut literal_anchors: Vec<u128> = Vec::new();
        let mut owners = Vec::new();
        let mut grammar_bits = vec![0u128; grammars.len()];
        let mut unscreened = vec![false; grammars.len()];
        for (g, grammar) in grammars.iter().enumerate() {
            let patterns = anchors(grammar);
            if owners.len() + patterns.len() > MAX_SCREENED {
                unscreened[g] = true;
                continue;
            }
            for p in patterns {
                let bit = 1u128 << owners.len();
                owners.push((g, p.clone()));
                grammar_bits[g] |= bit;
                for (slot, allowed) in first.iter_mut().enumerate() {
                    if p.first_bytes.as_ref().is_none_or(|bytes| bytes[slot]) {
                        *allowed |= bit;
                    }
                }
                // Screen by literal only when every one of them is rare, and
                // when a word, only if the first byte cannot screen instead.
                let worth = |l: &[u8]| {
                    rare(l) && (p.first_bytes.is_none() || !l.iter().all(u8::is_ascii_alphabetic))
                };
                if p.required.is_empty() || !p.required.iter().all(|l| worth(l)) {
                    no_literal |= bit;
                    continue;
                }
                for literal in &p.required {
                    let lower = literal.to_ascii_lowercase();
                    match literals.iter().position(|l| *l == lower) {
                        Some(i) => literal_anchors[i] |= bit,
                        None => {
                            literals.push(lower);
                            literal_anchors.push(bit);
                        }
                    }
                }
            }
        }
        let literals = KeyByteSet::new(
            literals
                .into_iter()
                .map(Vec::into_boxed_slice)
                .zip(literal_anchors)
                .collect(),
        );
        Prescreen {
            no_literal,
            first,
            literals,
            owners,
            grammar_bits,
            unscreened,
        }
    }

    /// For each grammar, whether some line of `text` matches one of its anchors.
    pub fn anchored(&self, grammars: &[Grammar], text: &str) -> Vec<bool> {
        let mut found = self.unscreened.clone();
        let mut pending: u128 = self.grammar_bits.iter().fold(0, |all, bits| all | bits);
        for line in Lines::new(text) {
            if pending == 0 {
                break;
            }
            let bytes = line.text(text).as_bytes();
            let mut mask = pending;
            let blanks = bytes
                .iter()
                .position(|&b| b != b' ' && b != b'\t')
                .unwrap_or(bytes.len());
            let head = &bytes[blanks..];
            if let Some(&b) = head.first() {
                mask &= self.first[b as usize];
            }
            // An invisible mark first (they start with these bytes) hides
            // the two bytes the prefix test looks at.
            let marked = matches!(head.first(), Some(0xE2 | 0xEF));
            let need_literal = mask & !self.no_literal;
            if need_literal != 0 {
                mask = (mask & self.no_literal)
                    | (need_literal & self.literals.bits_in(bytes, need_literal));
            }
            let content = line.text(text);
            while mask != 0 {
                let bit = mask.trailing_zeros() as usize;
                mask &= mask - 1;
                let (g, pattern) = &self.owners[bit];
                let g = *g;
                // The two-byte test first, without the call (most lines fail it).
                if !marked && pattern.prefixes.as_ref().is_some_and(|p| !p.allows(head)) {
                    continue;
                }
                if pattern.leading.as_ref().is_some_and(|l| !l.allows(head)) {
                    continue;
                }
                if match_line(pattern, content, &grammars[g].author).is_some() {
                    found[g] = true;
                    pending &= !self.grammar_bits[g];
                    mask &= pending;
                }
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::engine;

    /// The prescreen is a necessary condition: on every fixture page, a
    /// grammar that finds a comment when run in full is never screened out.
    #[test]
    fn never_screens_out_a_grammar_that_finds_comments() {
        let grammars = Grammar::builtins();
        let prescreen = Prescreen::new(&grammars);
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut pages = 0;
        let mut runs_with_comments = 0;
        for dir in std::fs::read_dir(&root).expect("fixtures folder") {
            for file in std::fs::read_dir(dir.expect("entry").path()).expect("grammar folder") {
                let path = file.expect("entry").path();
                if path.extension().is_none_or(|e| e != "txt") {
                    continue;
                }
                let bytes = std::fs::read(&path).expect("readable fixture");
                let (text, _) = crate::input::decode(&bytes);
                let anchored = prescreen.anchored(&grammars, &text);
                pages += 1;
                for (grammar, screened_in) in grammars.iter().zip(anchored) {
                    if !engine::run(grammar, &text).drafts.is_empty() {
                        runs_with_comments += 1;
                        assert!(
                            screened_in,
                            "{} screened out on {}",
                            grammar.id,
                            path.display()
                        );
                    }
                }
            }
        }
        assert!(pages >= 45, "walked {pages} fixture pages");
        assert!(
            runs_with_comments >= 60,
            "only {runs_with_comments} runs found comments"
        );
    }

    #[test]
    fn a_page_of_prose_runs_no_grammar() {
        let grammars = Grammar::builtins();
        let prescreen = Prescreen::new(&grammars);
        let prose = "The council met on Tuesday.\nIt said the ferry would run late...\nRe-routing starts in May.\n";
        let anchored = prescreen.anchored(&grammars, prose);
        let run: Vec<_> = grammars
            .iter()
            .zip(anchored)
            .filter(|(_, a)| *a)
            .map(|(g, _)| g.id.as_str())
            .collect();
        assert!(run.is_empty(), "ran {run:?}");
    }
}
