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

impl Moment {
    /// The ISO 8601 text of the moment (as [`fmt::Display`] writes it) into
    /// a fixed buffer, without the formatting machinery: the JSON output
    /// writes one per comment.
    fn to_iso(self) -> IsoText {
        use chrono::{Datelike, Timelike};
        let mut out = IsoText {
            bytes: [0; 32],
            len: 0,
        };
        let (d, t) = (self.local.date(), self.local.time());
        let year = d.year();
        if !(0..=9999).contains(&year) {
            out.push_str(&format!("{year:04}"));
        } else {
            out.push_digits(year as u32, 4);
        }
        out.push(b'-');
        out.push_digits(d.month(), 2);
        out.push(b'-');
        out.push_digits(d.day(), 2);
        out.push(b'T');
        out.push_digits(t.hour(), 2);
        out.push(b':');
        out.push_digits(t.minute(), 2);
        out.push(b':');
        out.push_digits(t.second(), 2);
        let millis = t.nanosecond() / 1_000_000;
        if millis != 0 {
            out.push(b'.');
            // A leap second (chrono's 60th second) counts past 999.
            out.push_digits(millis, if millis >= 1000 { 4 } else { 3 });
        }
        if let Some(offset) = self.offset {
            if offset.local_minus_utc() == 0 {
                out.push(b'Z');
            } else {
                out.push_str(&offset.to_string());
            }
        }
        out
    }
}

/// A short ASCII text built in place.
struct IsoText {
    bytes: [u8; 32],
    len: usize,
}

impl IsoText {
    fn push(&mut self, b: u8) {
        if self.len < self.bytes.len() {
            self.bytes[self.len] = b;
            self.len += 1;
        }
    }

    fn push_str(&mut self, s: &str) {
        s.bytes().for_each(|b| self.push(b));
    }

    /// `value` in exactly `width` digits (leading zeros).
    fn push_digits(&mut self, value: u32, width: u32) {
        for place in (0..width).rev() {
            self.push(b'0' + (value / 10u32.pow(place) % 10) as u8);
        }
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }
}

impl fmt::Display for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.to_iso().as_str())
    }
}

impl Serialize for Moment {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.to_iso().as_str())
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

/// One recovered comment or chat message. `Default` is an empty comment with
/// no author, time, parent or mentions (for building one field by field).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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
    // Words start where a non-blank byte follows a blank one (or the start).
    // Blanks as bits, 64 bytes at a time: a word start is a 0 bit whose
    // predecessor is a 1 bit.
    let mut count = 0;
    let mut previous_blank = 1u64;
    for chunk in bytes.chunks(64) {
        let mut blank = 0u64;
        for (i, &b) in chunk.iter().enumerate() {
            blank |= u64::from(ASCII_BLANK[usize::from(b)]) << i;
        }
        let valid = if chunk.len() == 64 {
            u64::MAX
        } else {
            (1u64 << chunk.len()) - 1
        };
        let starts = !blank & ((blank << 1) | previous_blank) & valid;
        count += starts.count_ones() as usize;
        previous_blank = (blank >> (chunk.len() - 1)) & 1;
    }
    count
}

/// The bytes `split_whitespace` takes for blanks in ASCII text (vertical
/// tab included).
const ASCII_BLANK: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = matches!(i as u8, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r');
        i += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::{count_words, Moment};
    use chrono::{Datelike, FixedOffset, NaiveDate, Timelike};

    /// The text the formatting machinery gives, for comparison.
    fn reference(m: &Moment) -> String {
        let (d, t) = (m.local.date(), m.local.time());
        let mut s = format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            d.year(),
            d.month(),
            d.day(),
            t.hour(),
            t.minute(),
            t.second()
        );
        let millis = t.nanosecond() / 1_000_000;
        if millis != 0 {
            s.push_str(&format!(".{millis:03}"));
        }
        match m.offset {
            Some(o) if o.local_minus_utc() == 0 => s.push('Z'),
            Some(o) => s.push_str(&o.to_string()),
            None => {}
        }
        s
    }

    #[test]
    fn moments_are_written_in_iso_8601() {
        let offsets = [
            None,
            FixedOffset::east_opt(0),
            FixedOffset::east_opt(2 * 3600),
            FixedOffset::west_opt(5 * 3600 + 30 * 60),
        ];
        let mut checked = 0;
        for (y, mo, d, h, mi, s, ms) in [
            (2024, 5, 17, 20, 41, 0, 0),
            (1999, 12, 31, 23, 59, 59, 7),
            (7, 1, 1, 0, 0, 0, 999),
            (-44, 3, 15, 12, 0, 0, 0),
            (12345, 6, 1, 1, 2, 3, 450),
        ] {
            let local = NaiveDate::from_ymd_opt(y, mo, d)
                .and_then(|date| date.and_hms_milli_opt(h, mi, s, ms))
                .expect("valid date");
            for offset in offsets {
                let m = Moment { local, offset };
                assert_eq!(m.to_string(), reference(&m));
                assert_eq!(
                    serde_json::to_string(&m).expect("serializes"),
                    format!("{:?}", reference(&m))
                );
                checked += 1;
            }
        }
        assert_eq!(checked, 20);
        // A leap second, as chrono holds it (milliseconds past 999).
        let leap = NaiveDate::from_ymd_opt(2016, 12, 31)
            .and_then(|d| d.and_hms_milli_opt(23, 59, 59, 1_000))
            .expect("leap second");
        let m = Moment {
            local: leap,
            offset: FixedOffset::east_opt(0),
        };
        assert_eq!(m.to_string(), reference(&m));
        let m = Moment::naive(
            NaiveDate::from_ymd_opt(2024, 5, 17)
                .and_then(|d| d.and_hms_opt(20, 41, 0))
                .expect("valid"),
        );
        assert_eq!(m.to_string(), "2024-05-17T20:41:00");
    }

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
        // Across the 64-byte steps of the ASCII count.
        for n in [63, 64, 65, 127, 128, 129, 300] {
            let text: String = (0..n).map(|i| if i % 7 == 3 { ' ' } else { 'w' }).collect();
            assert_eq!(count_words(&text), text.split_whitespace().count(), "{n}");
            let spaced = format!(" {text} ");
            assert_eq!(
                count_words(&spaced),
                spaced.split_whitespace().count(),
                "{n}"
            );
        }
    }
}
