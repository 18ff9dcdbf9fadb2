//! A large chat export parsed a part at a time, so that memory holds the
//! text and one part's comments, not every comment at once.
//!
//! Two passes over the text. The first runs the line engine over every
//! piece (the pieces of [`super::split`], cut at message headers) and keeps
//! only what each part needs of the whole: how ambiguous dates read, the
//! authors in order of first comment, the people the bodies name with a
//! title, and the findings. The second runs the engine again, a few pieces
//! at a time, and builds their comments. Parts joined in order give the
//! segments and comments of [`Parser::parse`], byte for byte.

use crate::diagnostic::Diagnostic;
use crate::grammar::Grammar;
use crate::hash::Set;
use crate::model::{Comment, Document, Segment};

use super::split::{self, LineCounter};
use super::timestamp::OrderTally;
use super::{article, engine, round3, CommentBuilder, Parser};

/// One part of a document parsed in parts: the segments and comments of a
/// stretch of the text, with offsets, lines and ids in the whole text.
#[derive(Debug)]
pub struct Part<'a> {
    /// The segments of the stretch, in order.
    pub segments: Vec<Segment>,
    /// The comments of the stretch, in order.
    pub comments: Vec<Comment<'a>>,
}

/// A text being parsed a part at a time: what the first pass learnt, and
/// the parts still to build. Made by [`Parser::parse_in_parts`].
pub struct PartedParse<'p, 'a> {
    grammar: &'p Grammar,
    text: &'a str,
    /// Start and end of each piece.
    bounds: Vec<(usize, usize)>,
    /// Pieces built so far.
    built: usize,
    /// Pieces the engine runs over together (on the rayon pool).
    pieces_at_once: usize,
    lines: LineCounter,
    builder: CommentBuilder,
    participants: Vec<String>,
    titled_people: Vec<String>,
    /// The document without segments or comments (those come in parts).
    head: Document<'a>,
}

impl Parser {
    /// Parse `text` (read from `path`) a part of about `part_bytes` at a
    /// time, when it is worth it and possible: when it is at least twice
    /// `part_bytes`, detection (or [`Parser::force`]) picks a chat format
    /// whose messages each open with a one-line header, a message header
    /// follows the first part, and the format finds comments in the text.
    /// Otherwise `None`: parse it whole.
    pub fn parse_in_parts<'p, 'a>(
        &'p self,
        path: &str,
        text: &'a str,
        part_bytes: usize,
    ) -> Option<PartedParse<'p, 'a>> {
        let part_bytes = part_bytes.max(1);
        if text.len() < part_bytes.saturating_mul(2) {
            return None;
        }
        let (index, confidence) = match self.forced {
            Some(index) => (index, 1.0),
            None => self.choose(text).0?,
        };
        let grammar = &self.grammars[index];
        if !split::splittable(grammar) {
            return None;
        }
        let cuts = split::cuts(grammar, text, text.len() / part_bytes);
        if cuts.is_empty() {
            // No place to cut (one long line, say): one part is the whole.
            return None;
        }
        let bounds: Vec<(usize, usize)> = std::iter::once(0)
            .chain(cuts.iter().copied())
            .zip(cuts.iter().copied().chain(std::iter::once(text.len())))
            .collect();
        let pieces_at_once = rayon::current_num_threads().max(1);
        let article = article::read_article(text, None);
        let article_text = article
            .span
            .and_then(|span| text.get(span.start..span.end))
            .unwrap_or("");
        let mut first = FirstPass {
            titled_people: crate::link::people::titled_people_in([article_text]),
            ..FirstPass::new(grammar)
        };
        let mut lines = LineCounter::default();
        for batch in bounds.chunks(pieces_at_once) {
            let outcomes = run_pieces(grammar, text, batch);
            for (&(start, _), (mut outcome, titled)) in batch.iter().zip(outcomes) {
                split::shift(&mut outcome, start, lines.before(text, start));
                first.add(outcome, titled);
            }
        }
        if first.comments == 0 {
            return None;
        }
        let orders = first.finish();
        let context = self.context(&article);
        first.diagnostics.sort_by_key(|d| d.offset);
        Some(PartedParse {
            grammar,
            text,
            bounds,
            built: 0,
            pieces_at_once,
            lines: LineCounter::default(),
            builder: CommentBuilder::new(orders, context, self.options.tz),
            participants: first.participants,
            titled_people: first.titled_people,
            head: Document {
                path: path.to_owned(),
                bytes: text.len(),
                grammar: Some(grammar.id.clone()),
                confidence: round3(confidence),
                article,
                segments: Vec::new(),
                comments: Vec::new(),
                diagnostics: first.diagnostics,
            },
        })
    }
}

impl<'a> PartedParse<'_, 'a> {
    /// The distinct authors of the whole text, in order of first comment.
    pub fn participants(&self) -> &[String] {
        &self.participants
    }

    /// The people the whole text names with a title (`President Vladimir
    /// Putin`), in order of first mention.
    pub fn titled_people(&self) -> &[String] {
        &self.titled_people
    }

    /// `part` as a document of its own: this text's path, format and
    /// confidence, the part's segments and comments, no article and no
    /// diagnostics.
    pub fn part_document(&self, part: Part<'a>) -> Document<'a> {
        Document {
            path: self.head.path.clone(),
            bytes: self.head.bytes,
            grammar: self.head.grammar.clone(),
            confidence: self.head.confidence,
            article: crate::model::Article::default(),
            segments: part.segments,
            comments: part.comments,
            diagnostics: Vec::new(),
        }
    }

    /// The next parts, several parsed at once, in order; `None` when every
    /// part has been given.
    pub fn next_parts(&mut self) -> Option<Vec<Part<'a>>> {
        let batch_end = (self.built + self.pieces_at_once).min(self.bounds.len());
        let batch = &self.bounds[self.built..batch_end];
        if batch.is_empty() {
            return None;
        }
        let outcomes = run_pieces(self.grammar, self.text, batch);
        let mut parts = Vec::with_capacity(batch.len());
        for (&(start, _), (mut outcome, _)) in batch.iter().zip(outcomes) {
            split::shift(&mut outcome, start, self.lines.before(self.text, start));
            let comments = self.builder.build(self.text, outcome.drafts);
            parts.push(Part {
                segments: outcome.segments,
                comments,
            });
        }
        self.built = batch_end;
        Some(parts)
    }

    /// The document without its segments and comments (given in parts):
    /// path, format, article and every diagnostic, in input order.
    pub fn finish(mut self) -> Document<'a> {
        let mut diagnostics = std::mem::take(&mut self.head.diagnostics);
        diagnostics.append(&mut self.builder.diagnostics);
        diagnostics.sort_by_key(|d| d.offset);
        self.head.diagnostics = diagnostics;
        self.head
    }
}

/// The engine's outcome for each piece `bounds` of `text` (offsets still in
/// the piece), with the people its bodies name with a title; on the rayon
/// pool.
fn run_pieces<'a>(
    grammar: &Grammar,
    text: &'a str,
    bounds: &[(usize, usize)],
) -> Vec<(engine::Outcome<'a>, Vec<String>)> {
    use rayon::prelude::*;
    bounds
        .par_iter()
        .map(|&(start, end)| {
            let outcome = engine::run(grammar, &text[start..end]);
            let bodies = outcome.drafts.iter().map(|d| d.body.as_ref());
            let titled = crate::link::people::titled_people_in(bodies);
            (outcome, titled)
        })
        .collect()
}

/// What the first pass keeps of each piece's outcome.
struct FirstPass<'a> {
    tally: OrderTally,
    /// Dates of notices: counted after every comment's, as a whole parse
    /// counts them.
    order_hints: Vec<super::timestamp::StampFields>,
    seen: Set<&'a str>,
    participants: Vec<String>,
    titled_people: Vec<String>,
    diagnostics: Vec<Diagnostic>,
    comments: usize,
}

impl<'a> FirstPass<'a> {
    fn new(grammar: &Grammar) -> Self {
        FirstPass {
            tally: OrderTally::new(grammar.date_order),
            order_hints: Vec::new(),
            seen: Set::default(),
            participants: Vec::new(),
            titled_people: Vec::new(),
            diagnostics: Vec::new(),
            comments: 0,
        }
    }

    /// Take in the next piece's outcome (moved to whole-text offsets) and
    /// the people its bodies name with a title.
    fn add(&mut self, mut outcome: engine::Outcome<'a>, titled: Vec<String>) {
        for draft in &outcome.drafts {
            self.tally.add(&draft.stamp);
            if let Some(author) = draft.author {
                if self.seen.insert(author) {
                    self.participants.push(author.to_owned());
                }
            }
        }
        self.comments += outcome.drafts.len();
        for person in titled {
            if !self.titled_people.contains(&person) {
                self.titled_people.push(person);
            }
        }
        self.order_hints.append(&mut outcome.order_hints);
        self.diagnostics.append(&mut outcome.diagnostics);
    }

    /// The date orders of the whole text.
    fn finish(&mut self) -> Vec<(u32, super::timestamp::ResolvedOrder)> {
        for hint in &self.order_hints {
            self.tally.add(hint);
        }
        self.tally.decide()
    }
}
