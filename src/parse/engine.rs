//! One pass over the lines of a page with one grammar: headers, bodies,
//! bylines, furniture and notices become segments that tile the input, and
//! comment drafts whose timestamps are resolved afterwards.

use std::borrow::Cow;
use std::collections::VecDeque;

use super::lines::{Line, Lines};
use super::matcher::{match_line, trim_name, Captures};
use super::timestamp::StampFields;
use super::timestamp::{decide_order, resolve, Context};
use crate::diagnostic::{Diagnostic, Severity};
use crate::grammar::{Between, BodyExtent, Field, Grammar, GrammarKind, LinePattern};
use crate::model::{Segment, SegmentKind, Span};

/// A comment whose timestamp has not been resolved yet.
#[derive(Debug, Clone)]
pub struct Draft<'a> {
    /// Author, if the layout captured a non-empty one.
    pub author: Option<&'a str>,
    /// Timestamp fields gathered from header and byline.
    pub stamp: StampFields,
    /// The timestamp as written.
    pub stamp_text: Option<Cow<'a, str>>,
    /// Byte offset of the timestamp text.
    pub stamp_offset: usize,
    /// Body text as written, trailing blank lines dropped.
    pub body: Cow<'a, str>,
    /// The body in the input.
    pub body_span: Span,
    /// The whole comment in the input.
    pub span: Span,
    /// 1-based line of the comment's first line.
    pub line: usize,
}

/// What one pass found.
#[derive(Debug, Default)]
pub struct Outcome<'a> {
    /// Comments in input order.
    pub drafts: Vec<Draft<'a>>,
    /// The tiling of the input.
    pub segments: Vec<Segment>,
    /// Unparsed stretches and other findings.
    pub diagnostics: Vec<Diagnostic>,
    /// Bytes in headers, bodies and bylines.
    pub comment_bytes: usize,
    /// Lines a rule of the grammar recognised (headers, bylines, noise,
    /// notices, thread and date lines), as against plain text lines.
    pub structured_lines: usize,
    /// Dates in notices: they are not comments, but they tell which way
    /// round the document writes its dates.
    pub order_hints: Vec<StampFields>,
}

/// What the text from the cursor onwards is, until the next event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Region {
    /// Before the thread (pages).
    Article,
    /// Before the first message of a chat.
    Preamble,
    /// Inside an open comment's body.
    Body,
    /// After a finished comment or furniture, before the next comment.
    Between,
    /// Continuation of a chat notice.
    Notice,
    /// A signature after a body-end line, up to the next comment.
    Signature,
    /// After the end of the thread.
    Footer,
}

struct Open<'a> {
    start: usize,
    line: usize,
    author: Option<&'a str>,
    stamp: StampFields,
    stamp_parts: Vec<(usize, usize)>,
    body_start: usize,
    body_parts: Vec<Span>,
    end: usize,
    /// Index of the layout, when it has a byline to wait for.
    layout: usize,
}

/// Run `grammar` over `text`.
pub fn run<'a>(grammar: &Grammar, text: &'a str) -> Outcome<'a> {
    let mut pass = Pass {
        grammar,
        text,
        out: Outcome::default(),
        cursor: 0,
        consumed: 0,
        region: match grammar.kind {
            GrammarKind::Page => Region::Article,
            GrammarKind::Chat => Region::Preamble,
        },
        open: None,
        paragraph_start: 0,
        line_number: 0,
        recent: VecDeque::new(),
        skip_until: 0,
        context_date: None,
        last_text_line: 0,
        line_cache: (0, 1),
        anchor_cache: std::cell::RefCell::new(Vec::new()),
        anchors_shared: anchors_shared(grammar),
        spare: Spare::default(),
    };
    let lookback = grammar
        .layouts
        .iter()
        .map(|l| l.header.len().max(l.byline.len()))
        .max()
        .unwrap_or(1);
    for line in Lines::new(text) {
        pass.line_number += 1;
        if line.start >= pass.skip_until {
            pass.anchor_cache.get_mut().clear();
            pass.line(line);
        }
        pass.recent.push_back((line, pass.line_number));
        if pass.recent.len() > lookback {
            pass.recent.pop_front();
        }
    }
    pass.close_region(text.len());
    pass.finish_open();
    pass.out
}

struct Pass<'g, 'a> {
    grammar: &'g Grammar,
    text: &'a str,
    out: Outcome<'a>,
    /// Everything before this byte is in a segment.
    cursor: usize,
    /// Lines before this byte belong to an event and cannot start a header.
    consumed: usize,
    region: Region,
    open: Option<Open<'a>>,
    /// Start of the current paragraph (after the last blank line).
    paragraph_start: usize,
    line_number: usize,
    /// The last few lines with their numbers, for multi-line headers.
    recent: VecDeque<(Line, usize)>,
    /// Lines before this byte were taken by a header or byline already.
    skip_until: usize,
    /// The date set by the last date line.
    context_date: Option<chrono::NaiveDate>,
    /// Start of the last line with text that no rule took.
    last_text_line: usize,
    /// The last (offset, line number) computed by `line_at`.
    line_cache: (usize, usize),
    /// Anchor patterns already tried on the current line, with their result.
    anchor_cache: std::cell::RefCell<Vec<(&'g str, Option<Captures>)>>,
    /// Whether two layouts anchor on the same pattern (else the cache is
    /// not used: no pattern would be tried twice on a line).
    anchors_shared: bool,
    /// Lists of the last comment and match, kept for the next ones.
    spare: Spare,
}

/// Emptied lists whose memory the next comment or match reuses: a pass
/// then allocates a handful of times, not three times per comment.
#[derive(Default)]
struct Spare {
    stamp_parts: Vec<(usize, usize)>,
    body_parts: Vec<Span>,
    captures: std::cell::RefCell<Vec<(Line, Captures)>>,
}

impl Spare {
    /// A fresh comment's empty lists.
    fn open_lists(&mut self) -> (Vec<(usize, usize)>, Vec<Span>) {
        (
            std::mem::take(&mut self.stamp_parts),
            std::mem::take(&mut self.body_parts),
        )
    }

    /// Keep a finished comment's lists, emptied.
    fn keep_lists(&mut self, mut stamp_parts: Vec<(usize, usize)>, mut body_parts: Vec<Span>) {
        stamp_parts.clear();
        body_parts.clear();
        self.stamp_parts = stamp_parts;
        self.body_parts = body_parts;
    }

    /// An empty list for a match's lines.
    fn captures(&self) -> Vec<(Line, Captures)> {
        let mut captures = self.captures.take();
        captures.clear();
        captures
    }

    /// Keep a used match's list.
    fn keep_captures(&mut self, captures: Vec<(Line, Captures)>) {
        *self.captures.get_mut() = captures;
    }
}

/// Whether two of the grammar's header and byline anchors are one pattern.
fn anchors_shared(grammar: &Grammar) -> bool {
    let mut anchors: Vec<&str> = grammar
        .layouts
        .iter()
        .flat_map(|l| {
            let header = l.header.get(l.header_anchor);
            let byline = l.byline.get(l.byline_anchor);
            header.into_iter().chain(byline).map(|p| p.text.as_str())
        })
        .collect();
    let all = anchors.len();
    anchors.sort_unstable();
    anchors.dedup();
    anchors.len() < all
}

/// A matched run of header or byline lines.
struct LinesMatch {
    first: Line,
    first_number: usize,
    /// Every matched line with its captures, in order.
    captures: Vec<(Line, Captures)>,
}

impl LinesMatch {
    fn last(&self) -> Line {
        self.captures.last().expect("a match has lines").0
    }
}

impl<'g, 'a> Pass<'g, 'a> {
    fn in_thread(&self) -> bool {
        !matches!(self.region, Region::Article | Region::Preamble)
    }

    fn line(&mut self, line: Line) {
        let content = line.text(self.text);
        let grammar = self.grammar;
        if !grammar.line_filter.may_match(content) {
            // Plain text: no pattern of the grammar can match it.
            if line.is_blank(self.text) {
                self.paragraph_start = line.next;
            } else {
                self.last_text_line = line.start;
            }
            return;
        }
        let matches_any = |patterns: &[LinePattern]| {
            patterns
                .iter()
                .any(|p| match_line(p, content, &grammar.author).is_some())
        };
        // `split::opens_a_message` relies on this order: only the line
        // filter and the system notices come before the headers, and no
        // state is read until a header has been tried but the recent lines
        // and `consumed` (a header of several lines matches only lines no
        // event took).
        if self.hint_notice(&grammar.system, content) {
            self.notice(line);
            return;
        }
        for (index, layout) in grammar.layouts.iter().enumerate() {
            if let Some(m) = self.match_lines(&layout.header, layout.header_anchor, line) {
                self.header(index, m);
                return;
            }
        }
        for (index, layout) in grammar.layouts.iter().enumerate() {
            if let Some(m) = self.match_lines(&layout.byline, layout.byline_anchor, line) {
                if self.byline(index, m) {
                    return;
                }
            }
        }
        if let Some(date) = self.date_line(content) {
            self.context_date = Some(date);
            self.notice(line);
            return;
        }
        if self.hint_notice(&grammar.notice, content) {
            self.notice(line);
            return;
        }
        if self.open.is_some() && matches_any(&grammar.body_end) {
            self.out.structured_lines += 1;
            self.close_region(line.start);
            self.finish_open();
            self.region = Region::Signature;
            self.consumed = line.next;
            return;
        }
        if self.in_thread() && matches_any(&grammar.noise) {
            self.out.structured_lines += 1;
            self.close_region(line.start);
            self.emit(SegmentKind::Noise, line.start, line.next);
            if let Some(open) = &mut self.open {
                open.end = line.next;
            }
            self.region = if self.open.is_some() {
                Region::Body
            } else if self.region == Region::Signature {
                Region::Signature
            } else {
                Region::Between
            };
            self.consumed = line.next;
            self.paragraph_start = line.next;
            return;
        }
        if self.in_thread() && self.region != Region::Footer && matches_any(&grammar.thread_end) {
            self.out.structured_lines += 1;
            self.close_region(line.start);
            self.finish_open();
            self.region = Region::Footer;
            self.consumed = line.next;
            return;
        }
        if !self.in_thread() && matches_any(&grammar.thread_start) {
            self.out.structured_lines += 1;
            self.close_region(line.start);
            self.emit(SegmentKind::Noise, line.start, line.next);
            self.region = Region::Between;
            self.consumed = line.next;
            self.paragraph_start = line.next;
            return;
        }
        if line.is_blank(self.text) {
            self.paragraph_start = line.next;
        } else {
            self.last_text_line = line.start;
        }
    }

    /// The 1-based line of `offset`, counted on from the last answer
    /// (offsets asked for only grow, so the whole pass stays linear).
    fn line_at(&mut self, offset: usize) -> usize {
        let (from, line) = self.line_cache;
        let (from, line) = if offset >= from { (from, line) } else { (0, 1) };
        let counted =
            line + memchr::memchr_iter(b'\n', &self.text.as_bytes()[from..offset]).count();
        self.line_cache = (offset, counted);
        counted
    }

    /// Whether a notice pattern matches; a date written in it still tells
    /// which way round the document writes dates, so it is kept as a hint.
    fn hint_notice(&mut self, patterns: &[LinePattern], content: &str) -> bool {
        let grammar = self.grammar;
        let Some(caps) = patterns
            .iter()
            .find_map(|p| match_line(p, content, &grammar.author))
        else {
            return false;
        };
        if caps.get(Field::DayOrMonth).is_some() {
            let mut stamp = StampFields::default();
            stamp.read(&caps, content);
            stamp.order_group = shape_key(content, &caps);
            self.out.order_hints.push(stamp);
        }
        true
    }

    /// A system line: it ends the open comment; lines after it continue it.
    fn notice(&mut self, line: Line) {
        self.out.structured_lines += 1;
        self.close_region(line.start);
        self.finish_open();
        self.emit(SegmentKind::Notice, line.start, line.next);
        self.region = Region::Notice;
        self.consumed = line.next;
    }

    /// The date a date line sets (`--- Day changed Fri May 17 2024`).
    fn date_line(&self, content: &str) -> Option<chrono::NaiveDate> {
        let grammar = self.grammar;
        grammar.date_context.iter().find_map(|p| {
            let caps = match_line(p, content, &grammar.author)?;
            let mut stamp = StampFields::default();
            stamp.read(&caps, content);
            let order = decide_order(std::iter::once(&stamp), grammar.date_order);
            let context = Context {
                year: self.context_date.map(|d| chrono::Datelike::year(&d)),
                ..Context::default()
            };
            resolve(&stamp, order, &context)
                .ok()
                .map(|(m, _)| m.local.date())
        })
    }

    /// Match `patterns` on consecutive lines, `patterns[anchor]` on `line`:
    /// the lines before it from the recent lines, those after it from the text.
    fn match_lines(
        &self,
        patterns: &'g [LinePattern],
        anchor: usize,
        line: Line,
    ) -> Option<LinesMatch> {
        let pattern = patterns.get(anchor)?;
        let rules = &self.grammar.author;
        if !self.anchors_shared {
            let caps = match_line(pattern, line.text(self.text), rules)?;
            return self.match_around(patterns, anchor, line, caps);
        }
        // Layouts often share their anchor line (vBulletin's date line): match it once per line.
        let cached = self
            .anchor_cache
            .borrow()
            .iter()
            .find(|(text, _)| std::ptr::eq(*text, pattern.text.as_str()) || **text == pattern.text)
            .map(|(_, caps)| *caps);
        let anchor_caps = match cached {
            Some(caps) => caps,
            None => {
                let caps = match_line(pattern, line.text(self.text), rules);
                self.anchor_cache
                    .borrow_mut()
                    .push((pattern.text.as_str(), caps));
                caps
            }
        }?;
        self.match_around(patterns, anchor, line, anchor_caps)
    }

    /// The lines before and after `line` (whose anchor pattern matched
    /// with `anchor_caps`) matched by the rest of `patterns`.
    fn match_around(
        &self,
        patterns: &'g [LinePattern],
        anchor: usize,
        line: Line,
        anchor_caps: Captures,
    ) -> Option<LinesMatch> {
        let rules = &self.grammar.author;
        let before = &patterns[..anchor];
        if before.len() > self.recent.len() {
            return None;
        }
        let mut captures = self.spare.captures();
        let from = self.recent.len() - before.len();
        for (pattern, &(previous, _)) in before.iter().zip(self.recent.range(from..)) {
            if previous.start < self.consumed {
                return None;
            }
            let caps = match_line(pattern, previous.text(self.text), rules)?;
            captures.push((previous, caps));
        }
        captures.push((line, anchor_caps));
        let mut following = Lines::starting_at(self.text, line.next);
        for pattern in &patterns[anchor + 1..] {
            let next = following.next()?;
            let caps = match_line(pattern, next.text(self.text), rules)?;
            captures.push((next, caps));
        }
        let (first, first_number) = if before.is_empty() {
            (line, self.line_number)
        } else {
            self.recent[from]
        };
        if first.start < self.consumed {
            return None;
        }
        Some(LinesMatch {
            first,
            first_number,
            captures,
        })
    }

    fn header(&mut self, layout: usize, m: LinesMatch) {
        let start = m.first.start;
        self.close_region(start);
        self.finish_open();
        let (last_line, last_caps) = *m.captures.last().expect("a header has lines");
        self.skip_until = last_line.next;
        // A body capture with nothing in it means the body starts on the next line.
        let body_start = match last_caps.get(Field::Body) {
            Some((s, e)) if e > s => last_line.start + s,
            _ => last_line.next,
        };
        self.emit(SegmentKind::Header, start, body_start);
        self.out.structured_lines += m.captures.len();
        let (stamp_parts, body_parts) = self.spare.open_lists();
        let mut open = Open {
            start,
            line: m.first_number,
            author: None,
            stamp: StampFields::default(),
            stamp_parts,
            body_start,
            body_parts,
            end: body_start,
            layout,
        };
        self.read_fields(&mut open, &m, layout);
        self.spare.keep_captures(m.captures);
        self.open = Some(open);
        self.region = Region::Body;
        self.cursor = body_start;
        self.consumed = last_line.next;
        self.paragraph_start = last_line.next;
    }

    /// A byline: it closes the open comment of its layout, or, for a
    /// layout without header, makes a comment of the text before it.
    fn byline(&mut self, layout: usize, m: LinesMatch) -> bool {
        let has_header = !self.grammar.layouts[layout].header.is_empty();
        let extent = self.grammar.layouts[layout].body;
        let start = m.first.start;
        let end = m.last().next;
        match (&self.open, has_header) {
            (Some(open), true) if open.layout == layout => {
                self.close_region(start);
            }
            (_, false) => {
                let body_start = match (extent, self.region) {
                    (BodyExtent::Line, _) => self.last_text_line.max(self.cursor),
                    (BodyExtent::Paragraph, _) | (_, Region::Article | Region::Body) => {
                        self.paragraph_start.max(self.cursor)
                    }
                    _ => self.cursor,
                }
                .min(start);
                // A byline with no text before it is not a comment (a list item, a credit).
                if self.text[body_start..start].trim().is_empty() {
                    return false;
                }
                self.close_region(body_start);
                self.finish_open();
                let (stamp_parts, body_parts) = self.spare.open_lists();
                self.open = Some(Open {
                    start: body_start,
                    line: self.line_at(body_start),
                    author: None,
                    stamp: StampFields::default(),
                    stamp_parts,
                    body_start,
                    body_parts,
                    end: body_start,
                    layout,
                });
                self.region = Region::Body;
                self.close_region(start);
            }
            _ => return false,
        }
        self.emit(SegmentKind::Byline, start, end);
        self.out.structured_lines += m.captures.len();
        self.skip_until = end;
        let mut open = self.open.take().expect("a comment is open");
        open.end = end;
        self.read_fields(&mut open, &m, layout);
        self.spare.keep_captures(m.captures);
        self.open = Some(open);
        self.finish_open();
        self.region = Region::Between;
        self.consumed = end;
        self.paragraph_start = end;
        true
    }

    fn read_fields(&self, open: &mut Open<'a>, m: &LinesMatch, _layout: usize) {
        open.stamp.context_date = self.context_date;
        for (line, caps) in &m.captures {
            let content = line.text(self.text);
            for field in [Field::Author, Field::AuthorOptional] {
                if let Some((s, e)) = caps.get(field) {
                    let raw = &content[s..e];
                    let name = trim_name(raw);
                    if !name.is_empty() {
                        // The name is `raw` less what was trimmed at either end.
                        let lead = name.as_ptr() as usize - raw.as_ptr() as usize;
                        let offset = line.start + s + lead;
                        open.author = Some(&self.text[offset..offset + name.len()]);
                    }
                }
            }
            open.stamp.read(caps, content);
            if caps.get(Field::DayOrMonth).is_some() {
                open.stamp.order_group = shape_key(content, caps);
            }
            if let Some((s, e)) = caps.time_range() {
                open.stamp_parts.push((line.start + s, line.start + e));
            }
        }
    }

    /// Put `[cursor, upto)` into a segment of the current region's kind.
    fn close_region(&mut self, upto: usize) {
        if upto <= self.cursor {
            return;
        }
        let (start, text) = (self.cursor, &self.text[self.cursor..upto]);
        let blank = text.trim().is_empty();
        match self.region {
            Region::Body => {
                if let Some(open) = &mut self.open {
                    open.body_parts.push(Span::new(start, upto));
                    open.end = upto;
                }
                self.emit(SegmentKind::Body, start, upto);
            }
            Region::Article => self.emit(SegmentKind::Article, start, upto),
            Region::Footer => self.emit(SegmentKind::Footer, start, upto),
            Region::Notice => self.emit(SegmentKind::Notice, start, upto),
            Region::Signature => self.emit(SegmentKind::Noise, start, upto),
            Region::Between if self.grammar.between == Between::Article => {
                self.emit(SegmentKind::Article, start, upto)
            }
            Region::Preamble | Region::Between if blank => match self.out.segments.last_mut() {
                Some(previous) if previous.span.end == start => previous.span.end = upto,
                _ => self.emit(SegmentKind::Unparsed, start, upto),
            },
            Region::Preamble | Region::Between => {
                self.emit(SegmentKind::Unparsed, start, upto);
                let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
                let first = text.len() - text.trim_start().len();
                self.out.diagnostics.push(Diagnostic::at(
                    self.text,
                    start + first,
                    Severity::Warning,
                    "unparsed",
                    format!(
                        "{lines} line(s) that grammar `{}` does not explain: {:?}",
                        self.grammar.id,
                        preview(text.trim())
                    ),
                ));
            }
        }
        self.cursor = upto;
    }

    fn emit(&mut self, kind: SegmentKind, start: usize, end: usize) {
        if end > start {
            self.out.segments.push(Segment {
                kind,
                span: Span::new(start, end),
            });
            self.cursor = self.cursor.max(end);
        }
    }

    /// Turn the open comment into a draft.
    fn finish_open(&mut self) {
        let Some(open) = self.open.take() else {
            return;
        };
        let text = self.text;
        // Drop trailing blank parts and trailing blank lines of the body.
        let mut parts = open.body_parts;
        while parts
            .last()
            .is_some_and(|p| p.slice(text).trim().is_empty())
        {
            parts.pop();
        }
        // Blank lines before the text (Blogger's `Name said...` then a blank line) are not text.
        while parts
            .first()
            .is_some_and(|p| p.slice(text).trim().is_empty())
        {
            parts.remove(0);
        }
        if let Some(first) = parts.first_mut() {
            let slice = first.slice(text);
            let blank_lines = slice.len() - slice.trim_start_matches(['\n', '\r', ' ', '\t']).len();
            // Only whole blank lines go: back up to the start of the first text line.
            let cut = slice[..blank_lines].rfind('\n').map_or(0, |i| i + 1);
            first.start += cut;
        }
        let body_start = parts.first().map_or(open.body_start, |p| p.start);
        let (body, body_end) = match parts.as_slice() {
            [] => (Cow::Borrowed(""), body_start),
            [only] => {
                let trimmed = only.slice(text).trim_end();
                (Cow::Borrowed(trimmed), only.start + trimmed.len())
            }
            many => {
                let joined: String = many.iter().map(|p| p.slice(text)).collect();
                let trimmed_len = joined.trim_end().len();
                let last = many.last().expect("many parts");
                let end = last.start + last.slice(text).trim_end().len();
                let mut joined = joined;
                joined.truncate(trimmed_len);
                (Cow::Owned(joined), end)
            }
        };
        let stamp_text = match open.stamp_parts.as_slice() {
            [] => None,
            [(s, e)] => Some(Cow::Borrowed(&text[*s..*e])),
            many => Some(Cow::Owned(
                many.iter()
                    .map(|(s, e)| &text[*s..*e])
                    .collect::<Vec<_>>()
                    .join(" "),
            )),
        };
        let span = Span::new(open.start, open.end.max(body_end));
        self.out.comment_bytes += span.len();
        let stamp_offset = open.stamp_parts.first().map_or(open.start, |p| p.0);
        self.spare.keep_lists(open.stamp_parts, parts);
        self.out.drafts.push(Draft {
            author: open.author,
            stamp: open.stamp,
            stamp_text,
            stamp_offset,
            body,
            body_span: Span::new(body_start, body_end.max(body_start)),
            span,
            line: open.line,
        });
    }
}

/// A key for "dates written the same way": the timestamp's text with digit
/// runs as `9` and letters as `a`, and the character before it (`[`).
fn shape_key(content: &str, caps: &Captures) -> u32 {
    let Some((start, end)) = caps.time_range() else {
        return 0;
    };
    let stamp = &content[start..end];
    if stamp.is_ascii() {
        // Byte by byte: each byte is a character, with no decoding.
        shape_hash(
            content,
            start,
            stamp.bytes().map(|b| char_class(char::from(b))),
        )
    } else {
        shape_hash(content, start, stamp.chars().map(char_class))
    }
}

/// A timestamp character's class: `9` for a digit, `a` for a letter, else
/// the character's low byte.
fn char_class(c: char) -> u8 {
    if c.is_ascii_digit() {
        b'9'
    } else if c.is_alphabetic() {
        b'a'
    } else {
        c as u8
    }
}

/// FNV-1a of the character before `start` and of the `classes` of the
/// timestamp from `start`, a run of `9` or of `a` counted once; never 0
/// (0 is "no group").
fn shape_hash(content: &str, start: usize, classes: impl Iterator<Item = u8>) -> u32 {
    let mut hash: u32 = 0x811C_9DC5;
    let mut feed = |b: u8| {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    };
    if let Some(c) = content[..start].chars().next_back() {
        let mut buf = [0u8; 4];
        c.encode_utf8(&mut buf).bytes().for_each(&mut feed);
    }
    let mut previous = 0u8;
    for class in classes {
        if !(class == previous && (class == b'9' || class == b'a')) {
            feed(class);
        }
        previous = class;
    }
    hash.max(1)
}

/// The first 60 characters of `text`, for messages.
pub(crate) fn preview(text: &str) -> String {
    let mut out: String = text.chars().take(60).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Timestamps of ASCII (read byte by byte) and of any script get the
        /// key of the character-by-character reading.
        #[test]
        fn shape_keys_are_those_of_reading_characters(
            before in "[\\[ (]?",
            stamp in "[0-9]{1,4}([/.:, -]|[a-zA-Z]{1,3}|é|\u{202f}|p\\. m\\.)[0-9]{1,4}"
        ) {
            let content = format!("{before}{stamp}] Ana: hi");
            let range = (before.len(), before.len() + stamp.len());
            // A time field's range is what the key reads.
            let mut caps = Captures::default();
            caps.set(Field::Hour, range.0, range.1);
            let by_chars = shape_hash(&content, range.0, stamp.chars().map(char_class));
            proptest::prop_assert_eq!(shape_key(&content, &caps), by_chars);
        }
    }
}
