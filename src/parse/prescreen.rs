//! Detection's first look: which grammars find at least one line their
//! layouts are recognised by, in one pass over the page for all grammars.
//!
//! A grammar is only run in full when some line matches one of its anchor
//! patterns (the most selective line of a header or byline). Each anchor
//! pattern has a necessary condition — a required literal, or the bytes it
//! can start with — and these are merged across grammars: one Aho-Corasick
//! scan over the text finds every required literal of every grammar, and a
//! table maps a line's first byte to the grammars that can start there. A
//! line is tried only against the grammars it could belong to.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::lines::Lines;
use super::matcher::match_line;
use crate::grammar::{Grammar, LinePattern};

/// Grammars as bits of a mask: at most this many grammars are screened;
/// the rest are always run in full.
const MAX_SCREENED: usize = 128;

/// The merged conditions of every grammar's anchor patterns.
#[derive(Debug, Clone)]
pub struct Prescreen {
    /// Grammars that let every line through.
    always: u128,
    /// For each first byte (after blanks), the grammars that can start with it.
    first: Box<[u128; 256]>,
    /// Every required literal, and the grammars each one stands for.
    literals: Option<AhoCorasick>,
    literal_grammars: Vec<u128>,
    /// How many grammars were screened.
    screened: usize,
}

/// The distinct anchor patterns of a grammar (layouts often share one:
/// vBulletin's twelve layouts have one date line).
fn anchors(grammar: &Grammar) -> Vec<&LinePattern> {
    let mut distinct: Vec<&LinePattern> = Vec::new();
    let all = grammar.layouts.iter().flat_map(|l| {
        l.header
            .get(l.header_anchor)
            .into_iter()
            .chain(l.byline.get(l.byline_anchor))
    });
    for p in all {
        if !distinct.iter().any(|d| d.text == p.text) {
            distinct.push(p);
        }
    }
    distinct
}

impl Prescreen {
    /// The prescreen for `grammars` (in order).
    pub fn new(grammars: &[Grammar]) -> Self {
        let mut always = 0u128;
        let mut first = Box::new([0u128; 256]);
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut literal_grammars: Vec<u128> = Vec::new();
        let screened = grammars.len().min(MAX_SCREENED);
        for (g, grammar) in grammars.iter().take(screened).enumerate() {
            let bit = 1u128 << g;
            for p in anchors(grammar) {
                match (p.required.as_slice(), &p.first_bytes) {
                    ([_, ..], _) => {
                        for literal in &p.required {
                            let lower = literal.to_ascii_lowercase();
                            match literals.iter().position(|l| *l == lower) {
                                Some(i) => literal_grammars[i] |= bit,
                                None => {
                                    literals.push(lower);
                                    literal_grammars.push(bit);
                                }
                            }
                        }
                    }
                    ([], Some(bytes)) => {
                        for (slot, allowed) in first.iter_mut().zip(bytes.iter()) {
                            if *allowed {
                                *slot |= bit;
                            }
                        }
                    }
                    ([], None) => always |= bit,
                }
            }
        }
        let literals = (!literals.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(&literals)
                .expect("literals build an automaton")
        });
        Prescreen {
            always,
            first,
            literals,
            literal_grammars,
            screened,
        }
    }

    /// For each grammar, whether some line of `text` matches one of its anchors.
    pub fn anchored(&self, grammars: &[Grammar], text: &str) -> Vec<bool> {
        let mut found: Vec<bool> = (0..grammars.len()).map(|g| g >= self.screened).collect();
        let all: u128 = if self.screened == 128 {
            u128::MAX
        } else {
            (1u128 << self.screened) - 1
        };
        let mut pending = all;
        let anchor_lists: Vec<Vec<&LinePattern>> =
            grammars.iter().take(self.screened).map(anchors).collect();
        // Literal hits, in text order, as (offset, grammars).
        let mut hits = self
            .literals
            .as_ref()
            .map(|ac| ac.find_overlapping_iter(text))
            .into_iter()
            .flatten()
            .map(|m| (m.start(), self.literal_grammars[m.pattern().as_usize()]))
            .peekable();
        for line in Lines::new(text) {
            if pending == 0 {
                break;
            }
            let content = line.text(text);
            let mut mask = self.always;
            let bytes = content.as_bytes();
            if let Some(&b) = bytes.iter().find(|&&b| b != b' ' && b != b'\t') {
                mask |= self.first[b as usize];
            }
            while let Some(&(offset, grammars_hit)) = hits.peek() {
                if offset >= line.next {
                    break;
                }
                if offset < line.end {
                    mask |= grammars_hit;
                }
                hits.next();
            }
            mask &= pending;
            while mask != 0 {
                let g = mask.trailing_zeros() as usize;
                mask &= mask - 1;
                let grammar = &grammars[g];
                if anchor_lists[g]
                    .iter()
                    .any(|p| match_line(p, content, &grammar.author).is_some())
                {
                    found[g] = true;
                    pending &= !(1u128 << g);
                }
            }
        }
        found
    }
}
