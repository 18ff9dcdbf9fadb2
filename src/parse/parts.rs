//! A large chat export or page parsed a part at a time, so that memory holds one
//! part's comments (and, from a file, one part's text), not every comment.
//!
//! Two passes over the text. The first runs the line engine over every
//! piece (cut at comment headers, like the pieces of [`super::split`]) and
//! keeps only what each part needs of the whole: how ambiguous dates read,
//! the authors in order of first comment, the people the article and the
//! bodies name with a title, a page's article (all in the first piece), and
//! the findings. The second runs the engine again, a few pieces
//! at a time, and builds their comments. Parts joined in order give the
//! segments and comments of [`Parser::parse`], byte for byte.
//!
//! The text is either in memory ([`Parser::parse_in_parts`]) or read from a
//! file piece by piece ([`super::part_file`]).

use crate::diagnostic::Diagnostic;
use crate::grammar::{Grammar, GrammarKind};
use crate::hash::Set;
use crate::model::{Article, Comment, Document, Segment, SegmentKind, Span};

use super::split;
use super::timestamp::{OrderTally, ResolvedOrder, StampFields};
use super::{article, covering, engine, round3, CommentBuilder, Parser};

/// One part of a document parsed in parts: the segments and comments of a
/// stretch of the text, with offsets, lines and ids in the whole text.
#[derive(Debug)]
pub struct Part<'a> {
    /// The segments of the stretch, in order.
    pub segments: Vec<Segment>,
    /// The comments of the stretch, in order.
    pub comments: Vec<Comment<'a>>,
}

/// A text in memory being parsed a part at a time: what the first pass
/// learnt, and the parts still to build. Made by [`Parser::parse_in_parts`].
pub struct PartedParse<'p, 'a> {
    text: &'a str,
    plan: Plan<'p>,
}

/// What the first pass learnt of a text, and how far the second has come;
/// independent of where the text is held.
pub(crate) struct Plan<'p> {
    grammar: &'p Grammar,
    /// Start and end of each piece.
    pub(crate) bounds: Vec<(usize, usize)>,
    /// Pieces built so far.
    built: usize,
    /// Pieces the engine runs over together (on the rayon pool).
    pub(crate) pieces_at_once: usize,
    /// Lines before the next piece to build.
    lines: usize,
    builder: CommentBuilder,
    participants: Vec<String>,
    titled_people: Vec<String>,
    /// The document without segments or comments (those come in parts).
    head: Document<'static>,
}

impl Parser {
    /// Parse `text` (read from `path`) a part of about `part_bytes` at a
    /// time, when it is worth it and possible: when it is at least twice
    /// `part_bytes`, detection (or [`Parser::force`]) picks a format whose
    /// comments each open with a header that alone opens them (a chat
    /// message's header line, a page's name and date lines: see
    /// `split::splittable`), such a header follows the first part, and the format finds comments in the text.
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
        let (index, confidence) = self.grammar_for(text)?;
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
        let mut first = FirstPass::new(grammar);
        let pieces_at_once = rayon::current_num_threads().max(1);
        for batch in bounds.chunks(pieces_at_once) {
            let pieces: Vec<(usize, &str)> = batch
                .iter()
                .map(|&(start, end)| (start, &text[start..end]))
                .collect();
            first.add_pieces(&pieces);
        }
        let plan = first.into_plan(self, path, text.len(), (index, confidence), bounds)?;
        Some(PartedParse { text, plan })
    }

    /// The grammar (index, confidence) detection or [`Parser::force`] gives
    /// for `text`, if any.
    pub(crate) fn grammar_for(&self, text: &str) -> Option<(usize, f64)> {
        match self.forced {
            Some(index) => Some((index, 1.0)),
            None => self.choose(text).0,
        }
    }
}

impl<'a> PartedParse<'_, 'a> {
    /// The people of the whole text, taken out (a second call gives none):
    /// its distinct authors in order of first comment, and the people it
    /// names with a title (`President Vladimir Putin`) in order of first
    /// mention. A linker needs them before the first part.
    pub fn take_people(&mut self) -> (Vec<String>, Vec<String>) {
        self.plan.take_people()
    }

    /// `part` as a document of its own: this text's path, format and
    /// confidence, the text's article, the part's segments and comments, and
    /// no diagnostics.
    pub fn part_document(&self, part: Part<'a>) -> Document<'a> {
        self.plan.part_document(part)
    }

    /// The next parts, several parsed at once, in order; `None` when every
    /// part has been given.
    pub fn next_parts(&mut self) -> Option<Vec<Part<'a>>> {
        let text = self.text;
        let pieces: Vec<(usize, &'a str)> = self
            .plan
            .next_bounds()
            .iter()
            .map(|&(start, end)| (start, &text[start..end]))
            .collect();
        if pieces.is_empty() {
            return None;
        }
        Some(self.plan.build(&pieces))
    }

    /// The document without its segments and comments (given in parts):
    /// path, format, article and every diagnostic, in input order.
    pub fn finish(self) -> Document<'a> {
        self.plan.finish()
    }
}

impl<'p> Plan<'p> {
    /// The authors and the people named with a title, taken out.
    pub(crate) fn take_people(&mut self) -> (Vec<String>, Vec<String>) {
        (
            std::mem::take(&mut self.participants),
            std::mem::take(&mut self.titled_people),
        )
    }

    /// The bounds of the pieces to build next (empty when all are built),
    /// counted as built.
    pub(crate) fn next_bounds(&mut self) -> &[(usize, usize)] {
        let from = self.built;
        self.built = (from + self.pieces_at_once).min(self.bounds.len());
        &self.bounds[from..self.built]
    }

    /// How many pieces [`Plan::next_bounds`] has handed out.
    pub(crate) fn pieces_given(&self) -> usize {
        self.built
    }

    /// The parts of the next `pieces` (start, text), in order.
    pub(crate) fn build<'t>(&mut self, pieces: &[(usize, &'t str)]) -> Vec<Part<'t>> {
        let outcomes = run_pieces(self.grammar, pieces, false);
        let mut parts = Vec::with_capacity(pieces.len());
        for (&(start, piece), (outcome, _)) in pieces.iter().zip(outcomes) {
            let lines_before = self.lines;
            self.lines += memchr::memchr_iter(b'\n', piece.as_bytes()).count();
            let reported = self.builder.diagnostics.len();
            let mut comments = self.builder.build(piece, outcome.drafts);
            let moved = |span: Span| Span::new(span.start + start, span.end + start);
            for c in &mut comments {
                c.span = moved(c.span);
                c.body_span = moved(c.body_span);
                c.line += lines_before;
            }
            for d in &mut self.builder.diagnostics[reported..] {
                d.offset += start;
                d.line += lines_before;
            }
            let mut segments = outcome.segments;
            for s in &mut segments {
                s.span = moved(s.span);
            }
            parts.push(Part { segments, comments });
        }
        parts
    }

    /// `part` as a document of its own (see [`PartedParse::part_document`]).
    pub(crate) fn part_document<'t>(&self, part: Part<'t>) -> Document<'t> {
        Document {
            path: self.head.path.clone(),
            bytes: self.head.bytes,
            grammar: self.head.grammar.clone(),
            confidence: self.head.confidence,
            article: self.head.article.clone(),
            segments: part.segments,
            comments: part.comments,
            diagnostics: Vec::new(),
        }
    }

    /// The document without its segments and comments, with every
    /// diagnostic in input order.
    pub(crate) fn finish(mut self) -> Document<'static> {
        let mut diagnostics = std::mem::take(&mut self.head.diagnostics);
        diagnostics.append(&mut self.builder.diagnostics);
        diagnostics.sort_by_key(|d| d.offset);
        self.head.diagnostics = diagnostics;
        self.head
    }
}

/// The engine's outcome for each of `pieces` (start, text), offsets still
/// in the piece, with the people its bodies name with a title if asked
/// (the first pass asks); on the rayon pool.
fn run_pieces<'t>(
    grammar: &Grammar,
    pieces: &[(usize, &'t str)],
    with_titled_people: bool,
) -> Vec<(engine::Outcome<'t>, Vec<String>)> {
    use rayon::prelude::*;
    pieces
        .par_iter()
        .map(|&(_, piece)| {
            let outcome = engine::run(grammar, piece);
            let titled = if with_titled_people {
                let bodies = outcome.drafts.iter().map(|d| d.body.as_ref());
                crate::link::people::titled_people_in(bodies)
            } else {
                Vec::new()
            };
            (outcome, titled)
        })
        .collect()
}

/// What the first pass keeps of each piece's outcome.
pub(crate) struct FirstPass<'p> {
    grammar: &'p Grammar,
    tally: OrderTally,
    /// Dates of notices: counted after every comment's, as a whole parse
    /// counts them.
    order_hints: Vec<StampFields>,
    seen: Set<String>,
    participants: Vec<String>,
    titled_people: Vec<String>,
    diagnostics: Vec<Diagnostic>,
    /// A page's article, read from the first piece.
    article: Option<Article<'static>>,
    comments: usize,
    /// Lines before the next piece.
    lines: usize,
}

impl<'p> FirstPass<'p> {
    pub(crate) fn new(grammar: &'p Grammar) -> Self {
        FirstPass {
            grammar,
            tally: OrderTally::new(grammar.date_order),
            order_hints: Vec::new(),
            seen: Set::default(),
            participants: Vec::new(),
            titled_people: Vec::new(),
            diagnostics: Vec::new(),
            article: None,
            comments: 0,
            lines: 0,
        }
    }

    /// Run the engine over the next `pieces` (start, text) and take in
    /// what it found.
    pub(crate) fn add_pieces(&mut self, pieces: &[(usize, &str)]) {
        let outcomes = run_pieces(self.grammar, pieces, true);
        for (&(start, piece), (mut outcome, mut titled)) in pieces.iter().zip(outcomes) {
            split::shift(&mut outcome, start, self.lines);
            self.lines += memchr::memchr_iter(b'\n', piece.as_bytes()).count();
            for draft in &outcome.drafts {
                self.tally.add(&draft.stamp);
                if let Some(author) = draft.author {
                    if !self.seen.contains(author) {
                        self.seen.insert(author.to_owned());
                        self.participants.push(author.to_owned());
                    }
                }
            }
            self.comments += outcome.drafts.len();
            if start == 0 && self.grammar.kind == GrammarKind::Page {
                // A page's article is all in the first piece (cuts are at
                // comment headers); people it names with a title come first.
                let span = covering(&outcome.segments, SegmentKind::Article);
                let article = article::read_article(piece, span);
                let text = article.span.map_or("", |span| span.slice(piece));
                let mut named = crate::link::people::titled_people(text);
                named.extend(titled);
                titled = named;
                self.article = Some(article.into_owned());
            }
            for person in titled {
                if !self.titled_people.contains(&person) {
                    self.titled_people.push(person);
                }
            }
            self.order_hints.append(&mut outcome.order_hints);
            self.diagnostics.append(&mut outcome.diagnostics);
        }
    }

    /// The plan for building the parts of the text of `bytes` bytes at
    /// `path` cut at `bounds`, in the grammar (index, confidence) `chosen`;
    /// `None` when no comment was found (the text is then parsed whole).
    pub(crate) fn into_plan(
        mut self,
        parser: &'p Parser,
        path: &str,
        bytes: usize,
        chosen: (usize, f64),
        bounds: Vec<(usize, usize)>,
    ) -> Option<Plan<'p>> {
        if self.comments == 0 {
            return None;
        }
        for hint in &self.order_hints {
            self.tally.add(hint);
        }
        let orders: Vec<(u32, ResolvedOrder)> = self.tally.decide();
        let article = self.article.unwrap_or_default();
        let context = parser.context(&article);
        self.diagnostics.sort_by_key(|d| d.offset);
        Some(Plan {
            grammar: self.grammar,
            bounds,
            built: 0,
            pieces_at_once: rayon::current_num_threads().max(1),
            lines: 0,
            builder: CommentBuilder::new(orders, context, parser.options.tz),
            participants: self.participants,
            titled_people: self.titled_people,
            head: Document {
                path: path.to_owned(),
                bytes,
                grammar: Some(parser.grammars[chosen.0].id.clone()),
                confidence: round3(chosen.1),
                article,
                segments: Vec::new(),
                comments: Vec::new(),
                diagnostics: self.diagnostics,
            },
        })
    }
}
