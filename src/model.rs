//! Plain data: what a parsed page or export is made of.
//!
//! Every type here is serde-serialisable; its JSON form is the versioned
//! contract documented in the README (see [`crate::JSON_VERSION`]). Text that
//! comes straight from the input is held as [`Cow`] so that a parse borrows
//! slices of the input instead of copying them.

use std::borrow::Cow;
use std::fmt;

use chrono::{FixedOffset, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::diagnostic::Diagnostic;

/// A half-open byte range `[start, end)` into the input; serialised as `[start, end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (end exclusive).
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }

    /// Number of bytes covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The covered text of `input`.
    pub fn slice<'a>(&self, input: &'a str) -> &'a str {
        &input[self.start..self.end]
    }
}

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (self.start, self.end).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (start, end) = <(usize, usize)>::deserialize(deserializer)?;
        if start > end {
            return Err(serde::de::Error::custom(format!(
                "span [{start}, {end}] ends before it starts"
            )));
        }
        Ok(Span { start, end })
    }
}

/// What a stretch of the input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentKind {
    /// The article or page text before (or around) the thread.
    Article,
    /// The lines that introduce a comment: author, timestamp.
    Header,
    /// The text of a comment.
    Body,
    /// A line after a comment's body that names its author or time.
    Byline,
    /// Page furniture inside the thread: `Reply`, vote counts, `Share`.
    Noise,
    /// A system line of a chat export ("Messages are end-to-end encrypted").
    Notice,
    /// Text after the end of the thread (page footer).
    Footer,
    /// Text that no rule of the grammar explains; a diagnostic says where.
    Unparsed,
}

/// One stretch of the input. The segments of a document tile it exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// What the stretch is.
    pub kind: SegmentKind,
    /// Where it is.
    pub span: Span,
}

/// How precise a recovered timestamp is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// Only the year is known.
    Year,
    /// Year and month.
    Month,
    /// A calendar day, no time of day.
    Day,
    /// Hour of a day.
    Hour,
    /// Minute (the most common).
    Minute,
    /// Second.
    Second,
    /// Sub-second.
    Subsecond,
}

/// A point in time as recovered from the input: a wall-clock time, and its
/// UTC offset when the input (or `--tz`) says what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Moment {
    /// The wall-clock date and time as written.
    pub local: NaiveDateTime,
    /// The offset from UTC, if known.
    pub offset: Option<FixedOffset>,
}

impl Moment {
    /// A moment with no known offset.
    pub fn naive(local: NaiveDateTime) -> Self {
        Moment {
            local,
            offset: None,
        }
    }

    /// Seconds since the Unix epoch, reading a naive time as UTC.
    pub fn epoch_seconds(&self) -> i64 {
        let utc = self.local.and_utc().timestamp();
        utc - i64::from(self.offset.map_or(0, |o| o.local_minus_utc()))
    }
}

impl fmt::Display for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use chrono::{Datelike, Timelike};
        let (d, t) = (self.local.date(), self.local.time());
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            d.year(),
            d.month(),
            d.day(),
            t.hour(),
            t.minute(),
            t.second()
        )?;
        let millis = t.nanosecond() / 1_000_000;
        if millis != 0 {
            write!(f, ".{millis:03}")?;
        }
        if let Some(offset) = self.offset {
            if offset.local_minus_utc() == 0 {
                f.write_str("Z")?;
            } else {
                write!(f, "{offset}")?;
            }
        }
        Ok(())
    }
}

impl Serialize for Moment {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Moment {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if let Ok(with_offset) = chrono::DateTime::parse_from_rfc3339(&text) {
            return Ok(Moment {
                local: with_offset.naive_local(),
                offset: Some(*with_offset.offset()),
            });
        }
        NaiveDateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M:%S%.f")
            .map(Moment::naive)
            .map_err(|e| serde::de::Error::custom(format!("timestamp {text:?}: {e}")))
    }
}

/// One recovered comment or chat message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comment<'a> {
    /// Stable id within its document: `c1`, `c2`, … in input order, or the
    /// export's own id where the format carries one.
    pub id: String,
    /// The author as written, or `None` when the page does not name one.
    pub author: Option<Cow<'a, str>>,
    /// The recovered time, or `None` when there is none or it does not parse.
    pub timestamp: Option<Moment>,
    /// The timestamp exactly as written in the input.
    pub timestamp_text: Option<Cow<'a, str>>,
    /// How precise `timestamp` is.
    pub timestamp_precision: Option<Precision>,
    /// The comment text, as written (line breaks kept, trailing blank lines dropped).
    pub body: Cow<'a, str>,
    /// The whole comment in the input: header, body and byline.
    pub span: Span,
    /// The body alone in the input.
    pub body_span: Span,
    /// 1-based line of the comment's first line.
    pub line: usize,
    /// The id of the comment this one answers, when known.
    pub parent: Option<String>,
    /// Why `parent` was chosen, and how sure that is.
    #[serde(default)]
    pub parent_evidence: Option<ReplyEvidence>,
    /// People the body names: participants, people outside the thread, and
    /// names too ambiguous to resolve.
    #[serde(default)]
    pub mentions: Vec<Mention>,
}

/// What a reply edge rests on, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// The format itself says which comment this answers (exports, nested replies).
    Explicit,
    /// A reply marker: `@Name` or `in reply to Name` at the start.
    Marker,
    /// A quote of an earlier comment's text, or `Name wrote:`.
    Quote,
    /// The author is addressed by name: `John, …`, `John's point`, `as John said`.
    Addressed,
    /// A discourse cue that continues the comment before: `Adding to that`, `Agreed`.
    Cue,
}

/// The evidence behind a comment's parent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplyEvidence {
    /// What kind of evidence.
    pub kind: EvidenceKind,
    /// How sure, from 0 to 1.
    pub confidence: f64,
    /// The words in the body that gave it away, as written.
    pub cue: String,
}

/// What a mentioned name turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// A participant of the thread.
    Participant,
    /// Someone who did not comment (a person named in the page, an unknown `@handle`).
    External,
    /// A short name several participants share: not guessed.
    Ambiguous,
}

/// A name in a comment's body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// The name as written (without `@` or `'s`).
    pub text: String,
    /// What it is.
    pub kind: MentionKind,
    /// The participant it names, or for an external mention the fullest
    /// form of the name known from the page.
    pub target: Option<String>,
    /// For an ambiguous name, the participants it could be (the first
    /// [`crate::link::MAX_CANDIDATES`] of them, in order of first comment).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<String>,
    /// Where the name is in the input.
    pub span: Span,
}

impl Comment<'_> {
    /// A copy that owns all its text.
    pub fn into_owned(self) -> Comment<'static> {
        Comment {
            id: self.id,
            author: self.author.map(|a| Cow::Owned(a.into_owned())),
            timestamp: self.timestamp,
            timestamp_text: self.timestamp_text.map(|t| Cow::Owned(t.into_owned())),
            timestamp_precision: self.timestamp_precision,
            body: Cow::Owned(self.body.into_owned()),
            span: self.span,
            body_span: self.body_span,
            line: self.line,
            parent: self.parent,
            parent_evidence: self.parent_evidence,
            mentions: self.mentions,
        }
    }

    /// Number of words in the body (runs of non-whitespace).
    pub fn word_count(&self) -> usize {
        count_words(&self.body)
    }
}

/// Where the article's title was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TitleSource {
    /// The last element of a breadcrumb line such as `BLOG > Title`.
    Breadcrumb,
    /// A short heading line at the top of the page.
    Heading,
    /// No heading: the first sentence of the lead paragraph, shortened.
    LeadSentence,
}

/// The article part of a page.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Article<'a> {
    /// The title, when one could be recovered.
    pub title: Option<Cow<'a, str>>,
    /// Where the title came from.
    pub title_source: Option<TitleSource>,
    /// The publication date from a leading `date YYYY-MM-DD` line.
    pub published: Option<NaiveDate>,
    /// The elements of a breadcrumb line (`BLOG > Title`), when there is one.
    pub breadcrumb: Vec<Cow<'a, str>>,
    /// The article text in the input, when there is any.
    pub span: Option<Span>,
}

impl Article<'_> {
    /// A copy that owns all its text.
    pub fn into_owned(self) -> Article<'static> {
        Article {
            title: self.title.map(|t| Cow::Owned(t.into_owned())),
            title_source: self.title_source,
            published: self.published,
            breadcrumb: self
                .breadcrumb
                .into_iter()
                .map(|b| Cow::Owned(b.into_owned()))
                .collect(),
            span: self.span,
        }
    }
}

/// One parsed input: its article, comments, segments and diagnostics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document<'a> {
    /// The input's path as given (`-` for standard input).
    pub path: String,
    /// Size of the input in bytes.
    pub bytes: usize,
    /// The id of the grammar that explained the thread, or `None` when no
    /// grammar found one.
    pub grammar: Option<String>,
    /// How sure detection is of `grammar`, from 0 to 1.
    pub confidence: f64,
    /// The article part.
    pub article: Article<'a>,
    /// The tiling of the input.
    pub segments: Vec<Segment>,
    /// The recovered comments, in input order.
    pub comments: Vec<Comment<'a>>,
    /// What could not be read cleanly, with where.
    pub diagnostics: Vec<Diagnostic>,
}

impl Document<'_> {
    /// A copy that owns all its text, free of the input's lifetime.
    pub fn into_owned(self) -> Document<'static> {
        Document {
            path: self.path,
            bytes: self.bytes,
            grammar: self.grammar,
            confidence: self.confidence,
            article: self.article.into_owned(),
            segments: self.segments,
            comments: self.comments.into_iter().map(Comment::into_owned).collect(),
            diagnostics: self.diagnostics,
        }
    }
}

/// Number of words in `text` (runs of non-whitespace, as
/// `split_whitespace` counts them), with a byte loop for ASCII text.
pub fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    if !bytes.is_ascii() {
        return text.split_whitespace().count();
    }
    // The blanks `split_whitespace` knows in ASCII, vertical tab included.
    let blank = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r');
    let mut count = 0;
    let mut in_word = false;
    for &b in bytes {
        let word = !blank(b);
        count += usize::from(word && !in_word);
        in_word = word;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::count_words;

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        let pieces = [
            "a", "bc", " ", "\t", "\n", "\r\n", "\x0B", "\x0C", "\u{a0}", "é", "–", "x.y", "",
        ];
        let mut checked = 0;
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let text = format!("{a}{b}{c}{a}");
                    assert_eq!(
                        count_words(&text),
                        text.split_whitespace().count(),
                        "{text:?}"
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, pieces.len().pow(3));
        assert_eq!(count_words("two words\n"), 2);
    }
}
