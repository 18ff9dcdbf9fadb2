//! Page parsing: detect the format, split the page into segments, recover
//! the comments and resolve their timestamps.

mod article;
pub mod detect;
mod engine;
mod keybyte;
pub mod lexicon;
pub mod lines;
pub(crate) mod matcher;
mod part_file;
mod parts;
mod prescreen;
pub mod relative;
mod split;
pub mod timestamp;
mod trigger;

use chrono::{Datelike, FixedOffset, NaiveDateTime, NaiveTime, TimeDelta};

pub use detect::Candidate;
pub use part_file::PartedFile;
pub use parts::{Part, PartedParse};

use crate::diagnostic::{Diagnostic, Severity};
use crate::grammar::{Grammar, GrammarKind};
use crate::model::{Comment, Document, Segment, SegmentKind, Span};
use detect::order_of;
use timestamp::{decide_orders, is_time_only, resolve, Context, ResolvedOrder};

/// Drafts whose timestamps are resolved together (in parallel).
const BUILD_WINDOW: usize = 65_536;

/// Settings that change how pages are read.
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    /// Year for dates written without one, when the page gives none.
    pub year: Option<i32>,
    /// The moment relative times (`3 hours ago`) count back from; without
    /// it, the page's own date, else they stay unresolved.
    pub now: Option<NaiveDateTime>,
    /// The UTC offset of times written without one.
    pub tz: Option<FixedOffset>,
}

/// A set of grammars and the options to parse with.
#[derive(Debug, Clone)]
pub struct Parser {
    grammars: Vec<Grammar>,
    forced: Option<usize>,
    options: ParseOptions,
    prescreen: prescreen::Prescreen,
}

impl Default for Parser {
    fn default() -> Self {
        Parser::new()
    }
}

impl Parser {
    /// A parser with every built-in grammar and detection on.
    pub fn new() -> Self {
        Parser::with_grammars(Grammar::builtins())
    }

    /// A parser with exactly these grammars.
    pub fn with_grammars(grammars: Vec<Grammar>) -> Self {
        Parser {
            prescreen: prescreen::Prescreen::new(&grammars),
            grammars,
            forced: None,
            options: ParseOptions::default(),
        }
    }

    /// Add a grammar (a user's file); it takes part in detection.
    pub fn add_grammar(&mut self, grammar: Grammar) {
        self.grammars.retain(|g| g.id != grammar.id);
        self.grammars.push(grammar);
        self.prescreen = prescreen::Prescreen::new(&self.grammars);
        self.forced = None;
    }

    /// Always use the grammar with `id` instead of detecting. Returns false
    /// when no grammar has that id.
    pub fn force(&mut self, id: &str) -> bool {
        self.forced = self.grammars.iter().position(|g| g.id == id);
        self.forced.is_some()
    }

    /// Set the options.
    pub fn options(mut self, options: ParseOptions) -> Self {
        self.options = options;
        self
    }

    /// The grammars this parser knows.
    pub fn grammars(&self) -> &[Grammar] {
        &self.grammars
    }

    /// Score every grammar on `text`, best first.
    pub fn detect(&self, text: &str) -> Vec<Candidate> {
        detect::rank(&self.grammars, &self.prescreen, text)
    }

    /// Parse `text`, read from `path`. Never fails: what cannot be read is
    /// in `Unparsed` segments and diagnostics.
    pub fn parse<'a>(&self, path: &str, text: &'a str) -> Document<'a> {
        let (chosen, reused) = match self.forced {
            Some(index) => (Some((index, 1.0)), None),
            None => self.choose(text),
        };
        let Some((index, confidence)) = chosen else {
            return self.without_thread(path, text);
        };
        let grammar = &self.grammars[index];
        // When detection looked at the whole text, its run is the parse.
        let outcome =
            reused.unwrap_or_else(|| split::run(grammar, text, rayon::current_num_threads()));
        if outcome.drafts.is_empty() {
            let mut document = self.without_thread(path, text);
            document.diagnostics.extend(outcome.diagnostics);
            if self.forced.is_some() {
                document.grammar = Some(grammar.id.clone());
                document.segments = outcome.segments;
            }
            return document;
        }
        let article_span = match grammar.kind {
            GrammarKind::Page => covering(&outcome.segments, SegmentKind::Article),
            GrammarKind::Chat => None,
        };
        let article = article::read_article(text, article_span);
        let context = self.context(&article);
        let stamps = outcome
            .drafts
            .iter()
            .map(|d| &d.stamp)
            .chain(outcome.order_hints.iter());
        let orders = decide_orders(stamps, grammar.date_order);
        let mut builder = CommentBuilder::new(orders, context, self.options.tz);
        let comments = builder.build(text, outcome.drafts);
        let mut diagnostics = outcome.diagnostics;
        diagnostics.append(&mut builder.diagnostics);
        diagnostics.sort_by_key(|d| d.offset);
        Document {
            path: path.to_owned(),
            bytes: text.len(),
            grammar: Some(grammar.id.clone()),
            confidence: round3(confidence),
            article,
            segments: outcome.segments,
            comments,
            diagnostics,
        }
    }

    /// What the timestamps of a page with `article` are read against.
    fn context(&self, article: &crate::model::Article<'_>) -> Context {
        Context {
            year: article.published.map(|d| d.year()).or(self.options.year),
            now: self
                .options
                .now
                .or(article.published.map(|d| d.and_time(NaiveTime::MIN))),
            now_is_day: self.options.now.is_none(),
        }
    }

    /// The best grammar and its score, if any explains a thread.
    #[allow(clippy::type_complexity)]
    fn choose<'a>(&self, text: &'a str) -> (Option<(usize, f64)>, Option<engine::Outcome<'a>>) {
        let sampled = detect::sample(text);
        let chosen = |best: &Candidate| {
            let index = self.grammars.iter().position(|g| g.id == best.grammar)?;
            Some((index, best.score))
        };
        match sampled {
            Some(probe) => (self.choose_in_sample(&probe), None),
            None => {
                let ranked = detect::evaluate(&self.grammars, &self.prescreen, text, false);
                match ranked
                    .into_iter()
                    .next()
                    .filter(|(c, _)| c.score >= detect::MIN_SCORE)
                {
                    Some((c, outcome)) => (chosen(&c), outcome),
                    None => (None, None),
                }
            }
        }
    }

    /// The best grammar and its score for a text whose detection sample
    /// ([`detect::sample`]) is `probe`, if any explains a thread.
    fn choose_in_sample(&self, probe: &str) -> Option<(usize, f64)> {
        let ranked = detect::evaluate(&self.grammars, &self.prescreen, probe, true);
        let (best, _) = ranked
            .into_iter()
            .next()
            .filter(|(c, _)| c.score >= detect::MIN_SCORE)?;
        let index = self.grammars.iter().position(|g| g.id == best.grammar)?;
        Some((index, best.score))
    }

    /// A page in which no grammar finds a thread: all article.
    fn without_thread<'a>(&self, path: &str, text: &'a str) -> Document<'a> {
        let span = (!text.is_empty()).then(|| Span::new(0, text.len()));
        Document {
            path: path.to_owned(),
            bytes: text.len(),
            grammar: None,
            confidence: 0.0,
            article: article::read_article(text, span),
            segments: span
                .map(|span| Segment {
                    kind: SegmentKind::Article,
                    span,
                })
                .into_iter()
                .collect(),
            comments: Vec::new(),
            diagnostics: Vec::new(),
        }
    }
}

/// Time-only timestamps (IRC `[20:41]`) take their date from the last date
/// line; when the clock runs backwards under the same date line, midnight
/// has passed and the date moves on a day.
#[derive(Default)]
struct Rollover {
    context: Option<chrono::NaiveDate>,
    previous: Option<NaiveDateTime>,
    extra_days: i64,
}

impl Rollover {
    fn apply(&mut self, context: Option<chrono::NaiveDate>, local: NaiveDateTime) -> NaiveDateTime {
        if context != self.context {
            *self = Rollover {
                context,
                ..Rollover::default()
            };
        }
        let mut shifted = local + TimeDelta::days(self.extra_days);
        if self.previous.is_some_and(|p| shifted < p) {
            self.extra_days += 1;
            shifted += TimeDelta::days(1);
        }
        self.previous = Some(shifted);
        shifted
    }
}

/// The id of the comment at `index` (0-based) of a parsed document: `c1`,
/// `c2`, …
pub(crate) fn comment_id(index: usize) -> String {
    format!("c{}", index + 1)
}

/// Turns drafts into comments, in input order and possibly a batch at a
/// time: resolves their timestamps, carries the midnight rollover of
/// time-only stamps from one comment to the next, and numbers them.
pub(crate) struct CommentBuilder {
    orders: Vec<(u32, ResolvedOrder)>,
    context: Context,
    tz: Option<FixedOffset>,
    rollover: Rollover,
    built: usize,
    /// Timestamps that could not be read, in input order.
    pub diagnostics: Vec<Diagnostic>,
}

impl CommentBuilder {
    /// A builder reading ambiguous dates as `orders` say, against `context`,
    /// giving times without an offset the offset `tz`.
    pub(crate) fn new(
        orders: Vec<(u32, ResolvedOrder)>,
        context: Context,
        tz: Option<FixedOffset>,
    ) -> Self {
        CommentBuilder {
            orders,
            context,
            tz,
            rollover: Rollover::default(),
            built: 0,
            diagnostics: Vec::new(),
        }
    }

    /// The comments of `drafts` (the next ones of `text`, in order).
    /// Timestamps are resolved on every core, a window of drafts at a time;
    /// the rest (midnight rollover, ids) follows in order. Drafts are taken
    /// from the end of the reversed vector, which gives their memory back as
    /// the comments are built.
    pub(crate) fn build<'a>(
        &mut self,
        text: &str,
        mut drafts: Vec<engine::Draft<'a>>,
    ) -> Vec<Comment<'a>> {
        let (orders, context) = (&self.orders, &self.context);
        let resolve_one = |draft: &engine::Draft<'_>| {
            (!draft.stamp.is_empty()).then(|| {
                let order = order_of(orders, draft.stamp.order_group);
                resolve(&draft.stamp, order, context)
            })
        };
        drafts.reverse();
        let mut comments = Vec::with_capacity(drafts.len());
        while !drafts.is_empty() {
            let window_start = drafts.len().saturating_sub(BUILD_WINDOW);
            let resolved: Vec<_> = {
                use rayon::prelude::*;
                drafts[window_start..]
                    .par_iter()
                    .rev()
                    .with_min_len(1024)
                    .map(resolve_one)
                    .collect()
            };
            for (draft, resolved) in drafts.drain(window_start..).rev().zip(resolved) {
                let (timestamp, precision) = match resolved {
                    None => (None, None),
                    Some(Ok((mut moment, precision))) => {
                        if is_time_only(&draft.stamp) {
                            moment.local =
                                self.rollover.apply(draft.stamp.context_date, moment.local);
                        }
                        if moment.offset.is_none() {
                            moment.offset = self.tz;
                        }
                        (Some(moment), Some(precision))
                    }
                    Some(Err(why)) => {
                        self.diagnostics.push(Diagnostic::at(
                            text,
                            draft.stamp_offset,
                            Severity::Warning,
                            "bad-timestamp",
                            format!(
                                "timestamp {:?} kept as text: {}",
                                draft.stamp_text.as_deref().unwrap_or(""),
                                why.reason
                            ),
                        ));
                        (None, why.precision)
                    }
                };
                comments.push(Comment {
                    id: comment_id(self.built),
                    author: draft.author.map(Into::into),
                    timestamp,
                    timestamp_text: draft.stamp_text,
                    timestamp_precision: precision,
                    body: draft.body,
                    span: draft.span,
                    body_span: draft.body_span,
                    line: draft.line,
                    parent: None,
                    parent_evidence: None,
                    mentions: Vec::new(),
                });
                self.built += 1;
            }
            // An eighth at a time: a large vector shrinks in place.
            if drafts.capacity() > 4096 && drafts.len() < drafts.capacity() - drafts.capacity() / 8
            {
                drafts.shrink_to_fit();
            }
        }
        comments
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The span from the first to the last segment of `kind`, if any.
fn covering(segments: &[Segment], kind: SegmentKind) -> Option<Span> {
    let mut matching = segments.iter().filter(|s| s.kind == kind);
    let first = matching.next()?;
    let last = matching.next_back().unwrap_or(first);
    Some(Span::new(first.span.start, last.span.end))
}

/// Parse `text` with the built-in grammars and detection.
pub fn parse<'a>(path: &str, text: &'a str) -> Document<'a> {
    Parser::new().parse(path, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Timestamps are resolved a window of drafts at a time: an IRC log
    /// whose times-only lines pass midnight again and again, across the
    /// windows' edges, still moves on a day at each midnight.
    #[test]
    fn midnight_rollover_runs_on_across_the_resolving_windows() {
        const MINUTES_A_DAY: usize = 24 * 60;
        let messages = BUILD_WINDOW + MINUTES_A_DAY + 7;
        let mut text = String::from("--- Log opened Fri May 17 00:00:00 2024\n");
        for i in 0..messages {
            let minute = i % MINUTES_A_DAY;
            text.push_str(&format!(
                "{:02}:{:02} <ana> line {i}\n",
                minute / 60,
                minute % 60
            ));
        }
        let mut parser = Parser::new();
        assert!(parser.force("irc"));
        let document = parser.parse("log.txt", &text);
        assert_eq!(document.comments.len(), messages);
        let start = chrono::NaiveDate::from_ymd_opt(2024, 5, 17).unwrap();
        for (i, comment) in document.comments.iter().enumerate() {
            let day = start + TimeDelta::days((i / MINUTES_A_DAY) as i64);
            let local = comment.timestamp.expect("a timestamp").local;
            assert_eq!(local.date(), day, "message {i}");
        }
    }
}
