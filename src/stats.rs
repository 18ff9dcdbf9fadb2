//! Activity, timing and length statistics over parsed documents.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Timelike};
use serde::{Deserialize, Serialize};

use crate::model::{Document, Moment};

/// Name used for comments whose author the page does not give.
pub const ANONYMOUS: &str = "(no name)";

/// Figures for one author.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthorStats {
    /// The author as written, or [`ANONYMOUS`].
    pub author: String,
    /// Comments written.
    pub comments: usize,
    /// Share of all comments, 0 to 1.
    pub share: f64,
    /// Words written in all.
    pub words: usize,
    /// Mean words per comment.
    pub mean_words: f64,
    /// Earliest timestamp.
    pub first: Option<Moment>,
    /// Latest timestamp.
    pub last: Option<Moment>,
}

/// The longest comment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LongestComment {
    /// The document it is in.
    pub path: String,
    /// Its id.
    pub id: String,
    /// Its author.
    pub author: Option<String>,
    /// Its length in words.
    pub words: usize,
    /// Its length in characters.
    pub chars: usize,
}

/// An hour of the day and how many comments fell in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HourCount {
    /// Hour of day, 0–23, in the timestamps' own clock.
    pub hour: u32,
    /// Comments in that hour.
    pub comments: usize,
}

/// A calendar day and how many comments fell on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCount {
    /// The day.
    pub date: NaiveDate,
    /// Comments on that day.
    pub comments: usize,
}

/// Per-document figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentSummary {
    /// The document's path.
    pub path: String,
    /// The grammar used, if any.
    pub grammar: Option<String>,
    /// Detection confidence.
    pub confidence: f64,
    /// The article's title, if recovered.
    pub title: Option<String>,
    /// Comments recovered.
    pub comments: usize,
    /// Diagnostics raised.
    pub diagnostics: usize,
}

/// The activity of a discussion: one or many documents taken together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Documents summarised.
    pub documents: usize,
    /// Comments in all.
    pub comments: usize,
    /// Distinct named authors.
    pub participants: usize,
    /// Comments without an author.
    pub anonymous_comments: usize,
    /// Comments with a parsed timestamp.
    pub timestamped_comments: usize,
    /// Earliest timestamp.
    pub first: Option<Moment>,
    /// Latest timestamp.
    pub last: Option<Moment>,
    /// Seconds from first to last.
    pub span_seconds: Option<i64>,
    /// The hour of day with most comments (earliest hour on a tie).
    pub busiest_hour: Option<HourCount>,
    /// The day with most comments (earliest day on a tie).
    pub busiest_day: Option<DayCount>,
    /// Comments per hour of day, 0–23.
    pub by_hour: Vec<usize>,
    /// Median seconds between consecutive comments of a document, in time order.
    pub median_gap_seconds: Option<i64>,
    /// Words in all comments.
    pub words: usize,
    /// Median words per comment.
    pub median_words: Option<f64>,
    /// The longest comment by words.
    pub longest_comment: Option<LongestComment>,
    /// Authors, most comments first (then by name).
    pub authors: Vec<AuthorStats>,
    /// Per-document figures, in input order.
    pub per_document: Vec<DocumentSummary>,
}

#[derive(Default)]
struct AuthorAcc {
    comments: usize,
    words: usize,
    first: Option<Moment>,
    last: Option<Moment>,
}

/// Summarise the documents.
pub fn summarize(documents: &[Document<'_>]) -> Summary {
    let mut builder = SummaryBuilder::default();
    for document in documents {
        builder.add(document);
    }
    builder.finish()
}

/// Builds a [`Summary`] one document at a time, so a corpus need not be held
/// in memory: it keeps per-author figures, not comments.
#[derive(Default)]
pub struct SummaryBuilder {
    /// Author names, numbered (a chat can have hundreds of thousands)...
    authors: crate::interner::Interner,
    /// ... and each one's figures, by number.
    by_author: Vec<AuthorAcc>,
    by_hour: [usize; 24],
    by_day: BTreeMap<NaiveDate, usize>,
    gaps: Vec<i64>,
    word_counts: Vec<usize>,
    longest: Option<LongestComment>,
    first: Option<Moment>,
    last: Option<Moment>,
    comments: usize,
    anonymous: usize,
    timestamped: usize,
    per_document: Vec<DocumentSummary>,
    /// Timestamps (epoch seconds) of the document being added in parts.
    open_times: Vec<i64>,
    /// Comments of the document being added in parts.
    open_comments: usize,
}

impl SummaryBuilder {
    /// Take in one document.
    pub fn add(&mut self, doc: &Document<'_>) {
        self.add_part(doc);
        self.end_document(doc);
    }

    /// Take in the comments of the next part of a document given in parts
    /// (see [`crate::stream`]); [`SummaryBuilder::end_document`] closes the
    /// document.
    pub fn add_part(&mut self, doc: &Document<'_>) {
        self.open_comments += doc.comments.len();
        for c in &doc.comments {
            self.comments += 1;
            let words = c.word_count();
            self.word_counts.push(words);
            let name = c.author.as_deref().unwrap_or(ANONYMOUS);
            if c.author.is_none() {
                self.anonymous += 1;
            }
            let number = self.authors.intern(name) as usize;
            if number == self.by_author.len() {
                self.by_author.push(AuthorAcc::default());
            }
            let acc = &mut self.by_author[number];
            acc.comments += 1;
            acc.words += words;
            if let Some(t) = c.timestamp {
                self.timestamped += 1;
                self.open_times.push(t.epoch_seconds());
                self.by_hour[t.local.hour() as usize] += 1;
                *self.by_day.entry(t.local.date()).or_default() += 1;
                acc.first = Some(earliest(acc.first, t));
                acc.last = Some(latest(acc.last, t));
                self.first = Some(earliest(self.first, t));
                self.last = Some(latest(self.last, t));
            }
            if self.longest.as_ref().is_none_or(|l| words > l.words) {
                self.longest = Some(LongestComment {
                    path: doc.path.clone(),
                    id: c.id.clone(),
                    author: c.author.as_deref().map(str::to_owned),
                    words,
                    chars: c.body.chars().count(),
                });
            }
        }
    }

    /// Close the document whose parts were added; `head` gives its path,
    /// format, title and diagnostics (its comments came in the parts).
    pub fn end_document(&mut self, head: &Document<'_>) {
        let mut times = std::mem::take(&mut self.open_times);
        times.sort_unstable();
        self.gaps.extend(times.windows(2).map(|w| w[1] - w[0]));
        self.per_document.push(DocumentSummary {
            path: head.path.clone(),
            grammar: head.grammar.clone(),
            confidence: head.confidence,
            title: head.article.title.as_deref().map(str::to_owned),
            comments: std::mem::take(&mut self.open_comments),
            diagnostics: head.diagnostics.len(),
        });
    }

    /// The summary of everything added.
    pub fn finish(mut self) -> Summary {
        let total = self.comments.max(1) as f64;
        let anonymous = self.anonymous;
        let mut authors: Vec<AuthorStats> = self
            .authors
            .into_strings()
            .into_iter()
            .zip(self.by_author)
            .map(|(name, a)| AuthorStats {
                author: name.into(),
                comments: a.comments,
                share: round3(a.comments as f64 / total),
                words: a.words,
                mean_words: round3(a.words as f64 / a.comments as f64),
                first: a.first,
                last: a.last,
            })
            .collect();
        // The last key (a name, a pair of names) is unique: no ties to keep in order.
        authors.sort_unstable_by(|a, b| {
            b.comments
                .cmp(&a.comments)
                .then_with(|| a.author.cmp(&b.author))
        });
        let busiest_hour = (self.timestamped > 0).then(|| {
            let (hour, &count) = self
                .by_hour
                .iter()
                .enumerate()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))
                .expect("24 hours");
            HourCount {
                hour: hour as u32,
                comments: count,
            }
        });
        let busiest_day = self
            .by_day
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(&date, &count)| DayCount {
                date,
                comments: count,
            });
        self.gaps.sort_unstable();
        self.word_counts.sort_unstable();
        Summary {
            documents: self.per_document.len(),
            comments: self.comments,
            participants: authors.len() - usize::from(anonymous > 0),
            anonymous_comments: anonymous,
            timestamped_comments: self.timestamped,
            first: self.first,
            last: self.last,
            span_seconds: self
                .first
                .zip(self.last)
                .map(|(f, l)| l.epoch_seconds() - f.epoch_seconds()),
            busiest_hour,
            busiest_day,
            by_hour: self.by_hour.to_vec(),
            median_gap_seconds: median_i64(&self.gaps),
            words: self.word_counts.iter().sum(),
            median_words: median_usize(&self.word_counts),
            longest_comment: self.longest,
            authors,
            per_document: self.per_document,
        }
    }
}

fn earliest(a: Option<Moment>, b: Moment) -> Moment {
    match a {
        Some(a) if a.epoch_seconds() <= b.epoch_seconds() => a,
        _ => b,
    }
}

fn latest(a: Option<Moment>, b: Moment) -> Moment {
    match a {
        Some(a) if a.epoch_seconds() >= b.epoch_seconds() => a,
        _ => b,
    }
}

fn median_i64(sorted: &[i64]) -> Option<i64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2),
    }
}

fn median_usize(sorted: &[usize]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2] as f64),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0),
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// A duration in seconds as a short human text: `1h 42m`, `3d 4h`, `45s`.
pub fn human_duration(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.unsigned_abs();
    let (d, h, m, sec) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60, s % 60);
    let text = if d > 0 {
        format!("{d}d {h}h")
    } else if h > 0 {
        format!("{h}h {m}m")
    } else if m > 0 {
        format!("{m}m {sec}s")
    } else {
        format!("{sec}s")
    };
    format!("{sign}{text}")
}

/// The weekday of a moment, 0 = Monday.
pub fn weekday_index(m: &Moment) -> usize {
    m.local.weekday().num_days_from_monday() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_well() {
        assert_eq!(human_duration(45), "45s");
        assert_eq!(human_duration(3 * 3600 + 42 * 60), "3h 42m");
        assert_eq!(human_duration(2 * 86_400 + 3600), "2d 1h");
        assert_eq!(human_duration(-60), "-1m 0s");
    }

    #[test]
    fn medians() {
        assert_eq!(median_i64(&[]), None);
        assert_eq!(median_i64(&[1, 5, 9]), Some(5));
        assert_eq!(median_i64(&[1, 3]), Some(2));
        assert_eq!(median_usize(&[2, 3]), Some(2.5));
    }
}
