//! [`ReportData`]: everything the charts draw, binned and aggregated, built
//! one document at a time by [`ReportBuilder`].
//!
//! It holds no comment: timelines are buckets, lengths are counts per length,
//! response times are log-binned histograms, per-author figures are kept for
//! the most active authors only, and the length-against-time scatter is a
//! capped sample. So a million comments make a small `summary.json` and
//! charts that draw in milliseconds. Every list is sorted and every choice
//! (bucket size, sample, layout) depends on the input alone, so the same
//! input gives the same data, byte for byte once serialised.

use std::collections::{BTreeMap, BinaryHeap, HashMap};

use chrono::{NaiveDate, Timelike};
use serde::{Deserialize, Serialize};

use crate::graph::Graphs;
use crate::model::{Document, Moment};
use crate::stats::{weekday_index, ANONYMOUS};

use super::axis::{DAY, FIXED_STEPS, HOUR, MINUTE};
use super::network::{self, Network};

/// Version of the [`ReportData`] layout in `summary.json`.
pub const REPORT_VERSION: u32 = 1;
/// Authors drawn in the per-author activity chart.
pub const ACTIVITY_AUTHORS: usize = 10;
/// Authors drawn in the per-author length chart.
pub const BOX_AUTHORS: usize = 12;
/// Points kept for the length-against-time scatter.
pub const SAMPLE_CAP: usize = 2000;
/// Threads listed in the report.
pub const TOP_THREADS: usize = 10;
/// Word counts up to this are kept exactly; all are in the log histogram.
pub const EXACT_LENGTH_MAX: u32 = 1000;
/// Buckets a timeline aims at, at most.
pub const TIMELINE_BUCKETS: usize = 120;
/// Buckets of the per-author activity chart, at most.
pub const ACTIVITY_BUCKETS: usize = 60;
/// Bins per decade of the log histograms.
pub const BINS_PER_DECADE: u32 = 4;

/// 1970-01-01 was a Thursday: week buckets start on the Monday before.
const WEEK_ALIGN: i64 = -3 * DAY;

/// A histogram of non-negative whole numbers in bins of equal width on a
/// log scale, with zero counted apart.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct LogHistogram {
    /// Bins per power of ten: bin `k` holds values in `[10^(k/b), 10^((k+1)/b))`.
    pub bins_per_decade: u32,
    /// Values equal to 0.
    pub zero: u64,
    /// Count per bin, by bin index.
    pub bins: BTreeMap<i32, u64>,
    /// Values in all.
    pub count: u64,
    /// Smallest value.
    pub min: Option<u64>,
    /// Largest value.
    pub max: Option<u64>,
}

impl LogHistogram {
    /// An empty histogram with [`BINS_PER_DECADE`].
    pub fn new() -> Self {
        LogHistogram {
            bins_per_decade: BINS_PER_DECADE,
            ..Default::default()
        }
    }

    /// Count `value` `times` times.
    pub fn add_n(&mut self, value: u64, times: u64) {
        if times == 0 {
            return;
        }
        self.count += times;
        self.min = Some(self.min.map_or(value, |m| m.min(value)));
        self.max = Some(self.max.map_or(value, |m| m.max(value)));
        if value == 0 {
            self.zero += times;
        } else {
            *self.bins.entry(self.bin_of(value)).or_default() += times;
        }
    }

    /// Count `value` once.
    pub fn add(&mut self, value: u64) {
        self.add_n(value, 1);
    }

    /// The bin of a positive `value`.
    pub fn bin_of(&self, value: u64) -> i32 {
        let b = f64::from(self.bins_per_decade.max(1));
        let v = value as f64;
        let mut k = (v.log10() * b).floor() as i32;
        // Correct the rounding of log10 at the bins' edges.
        while k > 0 && 10f64.powf(f64::from(k) / b) > v {
            k -= 1;
        }
        while 10f64.powf(f64::from(k + 1) / b) <= v {
            k += 1;
        }
        k
    }

    /// The edges of bin `k` in log10 units.
    pub fn edges(&self, k: i32) -> (f64, f64) {
        let b = f64::from(self.bins_per_decade.max(1));
        (f64::from(k) / b, f64::from(k + 1) / b)
    }
}

/// Where the response-time chart's times come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DelaySource {
    /// Reply edges: from the comment answered to its reply.
    ReplyEdges,
    /// No reply edge has times on both ends: gaps between consecutive
    /// comments of a document, in time order.
    ConsecutiveGaps,
    /// Nothing to measure.
    None,
}

/// A set of delays, binned, with exact median and 90th percentile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delays {
    /// What the delays are.
    pub source: DelaySource,
    /// Delays in seconds.
    pub histogram: LogHistogram,
    /// Median delay in seconds.
    pub median_seconds: Option<i64>,
    /// 90th percentile (nearest rank) in seconds.
    pub p90_seconds: Option<i64>,
    /// Reply edges in all (timed or not).
    pub reply_edges: u64,
    /// Delays left out because they run backwards (clock skew, bad dates).
    pub negative: u64,
}

/// Delays from an article's publication date to its comments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Publication {
    /// Documents whose article gives a publication date.
    pub documents_with_date: u64,
    /// Timestamped comments in those documents.
    pub comments: u64,
    /// Seconds from 00:00 of the publication date to each comment.
    pub delays: Delays,
}

/// Comments over time, in buckets of equal width.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// Width of a bucket in seconds.
    pub bucket_seconds: i64,
    /// The width as words: `5 minutes`, `1 day`.
    pub bucket: String,
    /// Start of the first bucket, in seconds since the epoch.
    pub start: i64,
    /// Comments per bucket.
    pub counts: Vec<u64>,
    /// Words per bucket.
    pub words: Vec<u64>,
    /// The earliest comment, in seconds since the epoch.
    pub first: i64,
    /// The latest comment.
    pub last: i64,
}

/// One author's comments per bucket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthorRow {
    /// The author.
    pub author: String,
    /// Timestamped comments.
    pub comments: u64,
    /// `(bucket index, comments)` for the buckets with any, in order.
    pub counts: Vec<(u32, u64)>,
}

/// The activity of the most active authors over time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthorActivity {
    /// Width of a bucket in seconds.
    pub bucket_seconds: i64,
    /// The width as words.
    pub bucket: String,
    /// Start of the first bucket.
    pub start: i64,
    /// Number of buckets.
    pub buckets: u32,
    /// The authors, most timestamped comments first (then by name).
    pub authors: Vec<AuthorRow>,
    /// Authors with a timestamped comment, in all.
    pub authors_total: u64,
}

/// Comment lengths in words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lengths {
    /// Comments per length, for lengths up to [`EXACT_LENGTH_MAX`] words.
    pub exact: BTreeMap<u32, u64>,
    /// Comments longer than that.
    pub longer: u64,
    /// All lengths, log-binned.
    pub histogram: LogHistogram,
    /// Median length.
    pub median: Option<f64>,
    /// 90th percentile (nearest rank).
    pub p90: Option<u32>,
    /// The longest.
    pub max: Option<u32>,
    /// Words in all.
    pub words: u64,
}

impl Lengths {
    /// Whether lengths have a long tail, so charts use a log scale: the
    /// longest is over 1000 words, or over 200 and 8 times the median.
    pub fn long_tail(&self) -> bool {
        let max = self.max.unwrap_or(0);
        let median = self.median.unwrap_or(0.0).max(1.0);
        max > EXACT_LENGTH_MAX || (max > 200 && f64::from(max) > 8.0 * median)
    }
}

/// Five-number summary of one author's comment lengths.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoxStats {
    /// The author.
    pub author: String,
    /// Comments.
    pub comments: u64,
    /// Shortest, in words.
    pub min: u32,
    /// First quartile.
    pub q1: f64,
    /// Median.
    pub median: f64,
    /// Third quartile.
    pub q3: f64,
    /// Longest.
    pub max: u32,
    /// Mean, to a tenth of a word.
    pub mean: f64,
}

/// Per-author lengths of the most active authors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthorLengths {
    /// Most comments first (then by name).
    pub authors: Vec<BoxStats>,
    /// Authors in all.
    pub authors_total: u64,
}

/// One comment of the length-against-time sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SamplePoint {
    /// Seconds since the epoch.
    pub t: i64,
    /// Length in words.
    pub words: u32,
}

/// A sample of timestamped comments: those whose (document, id) hash lowest,
/// so the sample depends on the comments, not on their order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LengthSample {
    /// The sample, by time.
    pub points: Vec<SamplePoint>,
    /// Timestamped comments it was drawn from.
    pub of: u64,
}

/// A thread: a root comment and every reply below it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThreadSummary {
    /// The document.
    pub document: String,
    /// The root comment's id.
    pub root: String,
    /// The root comment's author.
    pub author: Option<String>,
    /// Comments in the thread.
    pub comments: u64,
    /// Comments in its longest chain of replies.
    pub longest_chain: u64,
    /// Distinct authors (the nameless count as one).
    pub participants: u64,
    /// Earliest comment.
    pub first: Option<Moment>,
    /// Latest comment.
    pub last: Option<Moment>,
}

/// Everything the charts draw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportData {
    /// [`REPORT_VERSION`].
    pub version: u32,
    /// Documents added.
    pub documents: u64,
    /// Comments in all.
    pub comments: u64,
    /// Comments with a timestamp.
    pub timestamped: u64,
    /// Timestamps that carry a UTC offset.
    pub with_offset: u64,
    /// Comments over time; `None` without timestamps.
    pub timeline: Option<Timeline>,
    /// Comments per weekday (rows, Monday first) and hour of day (columns),
    /// by the timestamps' own clock.
    pub heatmap: Vec<Vec<u64>>,
    /// Response times on reply edges, or gaps between comments.
    pub response: Delays,
    /// Delays from publication to comment.
    pub publication: Publication,
    /// The most active authors over time; `None` without timestamps.
    pub activity: Option<AuthorActivity>,
    /// Comment lengths.
    pub lengths: Lengths,
    /// Lengths of the most active authors.
    pub author_lengths: AuthorLengths,
    /// Length against time.
    pub length_sample: LengthSample,
    /// The reply and mention network of the most connected authors.
    pub network: Network,
    /// The threads with the longest chains of replies.
    pub threads: Vec<ThreadSummary>,
}

/// Counts of one bucket.
#[derive(Debug, Clone, Copy, Default)]
struct Cell {
    count: u64,
    words: u64,
}

/// Counts per minute, hour or day, coarsened when there are too many keys.
#[derive(Debug, Clone)]
struct TimeBins {
    unit: i64,
    max_keys: usize,
    bins: BTreeMap<i64, Cell>,
}

impl TimeBins {
    fn new(max_keys: usize) -> Self {
        TimeBins {
            unit: MINUTE,
            max_keys,
            bins: BTreeMap::new(),
        }
    }

    fn add(&mut self, t: i64, words: u64) {
        let cell = self.bins.entry(t.div_euclid(self.unit)).or_default();
        cell.count += 1;
        cell.words += words;
        if self.bins.len() > self.max_keys {
            self.coarsen();
        }
    }

    fn coarsen(&mut self) {
        while self.bins.len() > self.max_keys && self.unit < DAY {
            let next = if self.unit == MINUTE { HOUR } else { DAY };
            let factor = next / self.unit;
            let mut coarse: BTreeMap<i64, Cell> = BTreeMap::new();
            for (k, c) in std::mem::take(&mut self.bins) {
                let cell = coarse.entry(k.div_euclid(factor)).or_default();
                cell.count += c.count;
                cell.words += c.words;
            }
            self.bins = coarse;
            self.unit = next;
        }
    }

    /// Cells per bucket of `bucket` seconds from the bucket of `first`.
    fn rebucket(&self, bucket: i64, first: i64, last: i64) -> (i64, Vec<Cell>) {
        let align = bucket_align(bucket);
        let index = |t: i64| (t - align).div_euclid(bucket);
        let start_index = index(first);
        let n = (index(last) - start_index + 1) as usize;
        let mut cells = vec![Cell::default(); n];
        for (&k, c) in &self.bins {
            let i = (index(k * self.unit) - start_index).clamp(0, n as i64 - 1) as usize;
            cells[i].count += c.count;
            cells[i].words += c.words;
        }
        (start_index * bucket + align, cells)
    }
}

fn bucket_align(bucket: i64) -> i64 {
    if bucket % (7 * DAY) == 0 {
        WEEK_ALIGN
    } else {
        0
    }
}

/// Bucket widths past the axis steps (four weeks to a year): with
/// [`FIXED_STEPS`] the bucket widths, narrowest first.
const LONG_BUCKETS: [i64; 4] = [28 * DAY, 91 * DAY, 182 * DAY, 364 * DAY];

/// The narrowest bucket, at least `unit` wide, that covers `span` seconds
/// in at most `target` buckets (whole multiples of years beyond the list).
pub fn choose_bucket(span: i64, unit: i64, target: usize) -> i64 {
    let target = target.max(1) as i64;
    let fits = |b: i64| b >= unit && span / b < target;
    if let Some(&b) = FIXED_STEPS.iter().chain(&LONG_BUCKETS).find(|&&b| fits(b)) {
        return b;
    }
    let year = 364 * DAY;
    let mut years = 2;
    while !fits(years * year) {
        years *= 2;
    }
    years * year
}

/// A bucket width in words: `5 minutes`, `1 hour`, `2 weeks`.
pub fn bucket_name(seconds: i64) -> String {
    let (n, unit) = if seconds % (364 * DAY) == 0 && seconds >= 364 * DAY {
        (seconds / (364 * DAY), "year")
    } else if seconds % (7 * DAY) == 0 && seconds < 91 * DAY {
        (seconds / (7 * DAY), "week")
    } else if seconds % DAY == 0 {
        (seconds / DAY, "day")
    } else if seconds % HOUR == 0 {
        (seconds / HOUR, "hour")
    } else if seconds % MINUTE == 0 {
        (seconds / MINUTE, "minute")
    } else {
        (seconds, "second")
    };
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

#[derive(Debug)]
struct AuthorAcc {
    comments: u64,
    timed: u64,
    lengths: BTreeMap<u32, u64>,
    bins: TimeBins,
    first: i64,
    last: i64,
}

impl AuthorAcc {
    fn new() -> Self {
        AuthorAcc {
            comments: 0,
            timed: 0,
            lengths: BTreeMap::new(),
            bins: TimeBins::new(4096),
            first: i64::MAX,
            last: i64::MIN,
        }
    }
}

/// Builds [`ReportData`] one document at a time (see
/// [`crate::stats::SummaryBuilder`]); [`ReportBuilder::finish`] adds the
/// graphs' network and threads.
#[derive(Debug)]
pub struct ReportBuilder {
    documents: u64,
    comments: u64,
    timestamped: u64,
    with_offset: u64,
    timeline: TimeBins,
    first: i64,
    last: i64,
    heatmap: [[u64; 24]; 7],
    replies: Vec<i64>,
    reply_edges: u64,
    reply_negative: u64,
    gaps: Vec<i64>,
    publication_docs: u64,
    publication_comments: u64,
    publication: Vec<i64>,
    publication_negative: u64,
    lengths: BTreeMap<u32, u64>,
    authors: HashMap<String, AuthorAcc>,
    sample: BinaryHeap<(u64, SamplePoint)>,
    /// The document being added in parts: its comments' ids, the time of
    /// each (by place), and its times in the order taken in.
    open_ids: crate::ids::IdTable,
    open_stamps: Vec<Option<i64>>,
    open_times: Vec<i64>,
}

impl Default for ReportBuilder {
    fn default() -> Self {
        ReportBuilder {
            documents: 0,
            comments: 0,
            timestamped: 0,
            with_offset: 0,
            timeline: TimeBins::new(50_000),
            first: i64::MAX,
            last: i64::MIN,
            heatmap: [[0; 24]; 7],
            replies: Vec::new(),
            reply_edges: 0,
            reply_negative: 0,
            gaps: Vec::new(),
            publication_docs: 0,
            publication_comments: 0,
            publication: Vec::new(),
            publication_negative: 0,
            lengths: BTreeMap::new(),
            authors: HashMap::new(),
            open_ids: crate::ids::IdTable::default(),
            open_stamps: Vec::new(),
            open_times: Vec::new(),
            sample: BinaryHeap::new(),
        }
    }
}

/// FNV-1a over the parts, then a SplitMix64 finaliser: a stable hash.
fn stable_hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in part.as_bytes().iter().chain(std::iter::once(&0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

impl ReportBuilder {
    /// Take in one document; link it first (see [`crate::link::link`]) for
    /// its reply edges to be measured.
    pub fn add(&mut self, doc: &Document<'_>) {
        let by_id: HashMap<&str, Option<i64>> = doc
            .comments
            .iter()
            .map(|c| (c.id.as_str(), c.timestamp.map(|t| t.epoch_seconds())))
            .collect();
        let mut times = Vec::new();
        for c in &doc.comments {
            let parent = c.parent.as_deref().and_then(|p| by_id.get(p)).copied();
            self.add_comment(doc, c, parent, &mut times);
        }
        self.close_document(doc.article.published.is_some(), times);
    }

    /// Take in the next part of a linked document given in parts (see
    /// [`crate::stream`]); [`ReportBuilder::end_document`] closes the
    /// document, and must come before the parts of another. A parent is
    /// found among the document's comments so far and the whole of this
    /// part (not in a later part). Comments are timed against the page's
    /// date of the part's article, if it has one.
    pub fn add_part(&mut self, part: &Document<'_>) {
        for c in &part.comments {
            self.open_ids.push(&c.id);
            self.open_stamps
                .push(c.timestamp.map(|t| t.epoch_seconds()));
        }
        let mut times = std::mem::take(&mut self.open_times);
        for c in &part.comments {
            let parent = c
                .parent
                .as_deref()
                .and_then(|p| self.open_ids.find(p))
                .map(|ordinal| self.open_stamps[ordinal]);
            self.add_comment(part, c, parent, &mut times);
        }
        self.open_times = times;
    }

    /// Close the document whose parts were added; `head` gives its article
    /// (its comments came in the parts).
    pub fn end_document(&mut self, head: &Document<'_>) {
        self.open_ids = crate::ids::IdTable::default();
        self.open_stamps = Vec::new();
        let times = std::mem::take(&mut self.open_times);
        self.close_document(head.article.published.is_some(), times);
    }

    /// Count a document whose comments were taken in at `times`.
    fn close_document(&mut self, published: bool, mut times: Vec<i64>) {
        self.documents += 1;
        if published {
            self.publication_docs += 1;
        }
        times.sort_unstable();
        self.gaps.extend(times.windows(2).map(|w| w[1] - w[0]));
    }

    /// Take in comment `c` of `doc`, whose parent (if found) has the time
    /// `parent`; its time goes to `times`.
    fn add_comment(
        &mut self,
        doc: &Document<'_>,
        c: &crate::model::Comment<'_>,
        parent: Option<Option<i64>>,
        times: &mut Vec<i64>,
    ) {
        let published = doc.article.published;
        self.comments += 1;
        let words = u32::try_from(c.word_count()).unwrap_or(u32::MAX);
        *self.lengths.entry(words).or_default() += 1;
        let name = c.author.as_deref().unwrap_or(ANONYMOUS);
        let acc = match self.authors.get_mut(name) {
            Some(acc) => acc,
            None => self
                .authors
                .entry(name.to_owned())
                .or_insert_with(AuthorAcc::new),
        };
        acc.comments += 1;
        *acc.lengths.entry(words).or_default() += 1;
        if let Some(parent) = parent {
            self.reply_edges += 1;
            if let (Some(pt), Some(t)) = (parent, c.timestamp) {
                let delay = t.epoch_seconds() - pt;
                if delay < 0 {
                    self.reply_negative += 1;
                } else {
                    self.replies.push(delay);
                }
            }
        }
        let Some(moment) = c.timestamp else {
            return;
        };
        let t = moment.epoch_seconds();
        self.timestamped += 1;
        if moment.offset.is_some() {
            self.with_offset += 1;
        }
        times.push(t);
        self.first = self.first.min(t);
        self.last = self.last.max(t);
        self.timeline.add(t, u64::from(words));
        self.heatmap[weekday_index(&moment)][moment.local.hour() as usize] += 1;
        acc.timed += 1;
        acc.bins.add(t, u64::from(words));
        acc.first = acc.first.min(t);
        acc.last = acc.last.max(t);
        if let Some(date) = published {
            self.publication_comments += 1;
            let delay = publication_delay(date, &moment);
            if delay < 0 {
                self.publication_negative += 1;
            } else {
                self.publication.push(delay);
            }
        }
        let key = stable_hash(&[&doc.path, &c.id]);
        let point = SamplePoint { t, words };
        if self.sample.len() < SAMPLE_CAP {
            self.sample.push((key, point));
        } else if self.sample.peek().is_some_and(|top| (key, point) < *top) {
            self.sample.pop();
            self.sample.push((key, point));
        }
    }

    /// The report data of everything added, with the network and threads of
    /// `graphs` (built from the same documents).
    pub fn finish(self, graphs: &Graphs) -> ReportData {
        let timed = self.timestamped > 0;
        let timeline = timed.then(|| {
            // Few comments read better in few, wide buckets.
            let target = (self.timestamped as usize).clamp(12, TIMELINE_BUCKETS);
            let bucket = choose_bucket(self.last - self.first, self.timeline.unit, target);
            let (start, cells) = self.timeline.rebucket(bucket, self.first, self.last);
            Timeline {
                bucket_seconds: bucket,
                bucket: bucket_name(bucket),
                start,
                counts: cells.iter().map(|c| c.count).collect(),
                words: cells.iter().map(|c| c.words).collect(),
                first: self.first,
                last: self.last,
            }
        });
        let response = if !self.replies.is_empty() {
            delays(DelaySource::ReplyEdges, self.replies, self.reply_negative)
        } else if !self.gaps.is_empty() {
            delays(DelaySource::ConsecutiveGaps, self.gaps, 0)
        } else {
            delays(DelaySource::None, Vec::new(), self.reply_negative)
        };
        let response = Delays {
            reply_edges: self.reply_edges,
            ..response
        };
        let publication = Publication {
            documents_with_date: self.publication_docs,
            comments: self.publication_comments,
            delays: delays(
                DelaySource::None,
                self.publication,
                self.publication_negative,
            ),
        };
        let mut ranked: Vec<(&String, &AuthorAcc)> = self.authors.iter().collect();
        ranked.sort_by(|a, b| b.1.comments.cmp(&a.1.comments).then_with(|| a.0.cmp(b.0)));
        let author_lengths = AuthorLengths {
            authors: ranked
                .iter()
                .take(BOX_AUTHORS)
                .map(|(name, acc)| box_stats(name, &acc.lengths))
                .collect(),
            authors_total: ranked.len() as u64,
        };
        let activity = timed.then(|| activity(&self.authors));
        let mut sample: Vec<SamplePoint> = self.sample.into_iter().map(|(_, p)| p).collect();
        sample.sort_unstable();
        ReportData {
            version: REPORT_VERSION,
            documents: self.documents,
            comments: self.comments,
            timestamped: self.timestamped,
            with_offset: self.with_offset,
            timeline,
            heatmap: self.heatmap.iter().map(|row| row.to_vec()).collect(),
            response,
            publication,
            activity,
            lengths: lengths(&self.lengths),
            author_lengths,
            length_sample: LengthSample {
                points: sample,
                of: self.timestamped,
            },
            network: network::build(graphs, network::NETWORK_CAP),
            threads: threads(graphs, TOP_THREADS),
        }
    }
}

/// Seconds from 00:00 of `date` to `moment`, both by the page's clock.
fn publication_delay(date: NaiveDate, moment: &Moment) -> i64 {
    let midnight = date.and_hms_opt(0, 0, 0).expect("midnight exists");
    (moment.local - midnight).num_seconds()
}

fn delays(source: DelaySource, mut values: Vec<i64>, negative: u64) -> Delays {
    values.sort_unstable();
    let mut histogram = LogHistogram::new();
    let mut i = 0;
    while i < values.len() {
        let v = values[i];
        let run = values[i..].iter().take_while(|&&x| x == v).count();
        histogram.add_n(v as u64, run as u64);
        i += run;
    }
    let n = values.len();
    let median = (n > 0).then(|| {
        if n % 2 == 1 {
            values[n / 2]
        } else {
            (values[n / 2 - 1] + values[n / 2]) / 2
        }
    });
    let p90 = (n > 0).then(|| values[((0.9 * n as f64).ceil() as usize).clamp(1, n) - 1]);
    Delays {
        source: if n == 0 && source != DelaySource::None {
            DelaySource::None
        } else {
            source
        },
        histogram,
        median_seconds: median,
        p90_seconds: p90,
        reply_edges: 0,
        negative,
    }
}

/// The value at sorted position `i` of the multiset `counts`.
fn nth(counts: &BTreeMap<u32, u64>, i: u64) -> u32 {
    let mut seen = 0;
    for (&v, &c) in counts {
        seen += c;
        if i < seen {
            return v;
        }
    }
    counts.keys().next_back().copied().unwrap_or(0)
}

/// Quantile `q` by linear interpolation between the closest ranks.
fn quantile(counts: &BTreeMap<u32, u64>, n: u64, q: f64) -> f64 {
    let pos = q * (n - 1) as f64;
    let lo = pos.floor() as u64;
    let frac = pos - lo as f64;
    let a = f64::from(nth(counts, lo));
    if frac == 0.0 {
        return a;
    }
    let b = f64::from(nth(counts, lo + 1));
    a + (b - a) * frac
}

fn box_stats(author: &str, counts: &BTreeMap<u32, u64>) -> BoxStats {
    let n: u64 = counts.values().sum();
    let total: u64 = counts.iter().map(|(&v, &c)| u64::from(v) * c).sum();
    BoxStats {
        author: author.to_owned(),
        comments: n,
        min: counts.keys().next().copied().unwrap_or(0),
        q1: round2(quantile(counts, n, 0.25)),
        median: round2(quantile(counts, n, 0.5)),
        q3: round2(quantile(counts, n, 0.75)),
        max: counts.keys().next_back().copied().unwrap_or(0),
        mean: (total as f64 / n.max(1) as f64 * 10.0).round() / 10.0,
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn lengths(counts: &BTreeMap<u32, u64>) -> Lengths {
    let n: u64 = counts.values().sum();
    let mut histogram = LogHistogram::new();
    for (&v, &c) in counts {
        histogram.add_n(u64::from(v), c);
    }
    Lengths {
        exact: counts
            .range(..=EXACT_LENGTH_MAX)
            .map(|(&v, &c)| (v, c))
            .collect(),
        longer: counts.range(EXACT_LENGTH_MAX + 1..).map(|(_, &c)| c).sum(),
        histogram,
        median: (n > 0).then(|| {
            if n % 2 == 1 {
                f64::from(nth(counts, n / 2))
            } else {
                (f64::from(nth(counts, n / 2 - 1)) + f64::from(nth(counts, n / 2))) / 2.0
            }
        }),
        p90: (n > 0).then(|| nth(counts, ((0.9 * n as f64).ceil() as u64).clamp(1, n) - 1)),
        max: counts.keys().next_back().copied(),
        words: counts.iter().map(|(&v, &c)| u64::from(v) * c).sum(),
    }
}

fn activity(authors: &HashMap<String, AuthorAcc>) -> AuthorActivity {
    let mut timed: Vec<(&String, &AuthorAcc)> =
        authors.iter().filter(|(_, a)| a.timed > 0).collect();
    timed.sort_by(|a, b| b.1.timed.cmp(&a.1.timed).then_with(|| a.0.cmp(b.0)));
    let authors_total = timed.len() as u64;
    timed.truncate(ACTIVITY_AUTHORS);
    let first = timed.iter().map(|(_, a)| a.first).min().unwrap_or(0);
    let last = timed.iter().map(|(_, a)| a.last).max().unwrap_or(0);
    let unit = timed
        .iter()
        .map(|(_, a)| a.bins.unit)
        .max()
        .unwrap_or(MINUTE);
    let comments: u64 = timed.iter().map(|(_, a)| a.timed).sum();
    let target = (comments as usize).clamp(12, ACTIVITY_BUCKETS);
    let bucket = choose_bucket(last - first, unit, target);
    let mut start = 0;
    let mut buckets = 0;
    let rows = timed
        .iter()
        .map(|(name, acc)| {
            let (s, cells) = acc.bins.rebucket(bucket, first, last);
            start = s;
            buckets = cells.len() as u32;
            AuthorRow {
                author: (*name).clone(),
                comments: acc.timed,
                counts: cells
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.count > 0)
                    .map(|(i, c)| (i as u32, c.count))
                    .collect(),
            }
        })
        .collect();
    AuthorActivity {
        bucket_seconds: bucket,
        bucket: bucket_name(bucket),
        start,
        buckets,
        authors: rows,
        authors_total,
    }
}

/// The `top` threads with the longest chains (then the most comments).
fn threads(graphs: &Graphs, top: usize) -> Vec<ThreadSummary> {
    let comments = graphs.forest.comments();
    let depths = graphs.forest.depths();
    let n = comments.len();
    // Roots by increasing depth: a parent's depth is one less than its child's.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| depths[i]);
    let mut root = vec![0usize; n];
    for &i in &order {
        root[i] = match comments[i].parent {
            Some(p) if depths[i] > 0 => root[p],
            _ => i,
        };
    }
    #[derive(Default, Clone, Copy)]
    struct Acc {
        comments: u64,
        deepest: usize,
    }
    let mut acc: BTreeMap<usize, Acc> = BTreeMap::new();
    for i in 0..n {
        let a = acc.entry(root[i]).or_default();
        a.comments += 1;
        a.deepest = a.deepest.max(depths[i]);
    }
    let mut ranked: Vec<(usize, Acc)> = acc.into_iter().collect();
    ranked.sort_by(|a, b| {
        b.1.deepest
            .cmp(&a.1.deepest)
            .then(b.1.comments.cmp(&a.1.comments))
            .then(a.0.cmp(&b.0))
    });
    ranked.truncate(top);
    let chosen: BTreeMap<usize, usize> = ranked
        .iter()
        .enumerate()
        .map(|(k, (r, _))| (*r, k))
        .collect();
    let mut people: Vec<std::collections::BTreeSet<Option<&str>>> =
        vec![Default::default(); ranked.len()];
    let mut spans: Vec<(Option<Moment>, Option<Moment>)> = vec![(None, None); ranked.len()];
    for i in 0..n {
        if let Some(&k) = chosen.get(&root[i]) {
            people[k].insert(graphs.forest.author_of(&comments[i]));
            if let Some(t) = comments[i].timestamp {
                let (first, last) = &mut spans[k];
                if first.is_none_or(|f| t.epoch_seconds() < f.epoch_seconds()) {
                    *first = Some(t);
                }
                if last.is_none_or(|l| t.epoch_seconds() > l.epoch_seconds()) {
                    *last = Some(t);
                }
            }
        }
    }
    ranked
        .iter()
        .enumerate()
        .map(|(k, (r, a))| ThreadSummary {
            document: graphs.forest.document_of(&comments[*r]).to_owned(),
            root: graphs.forest.id_of(*r).unwrap_or_default().into_owned(),
            author: graphs.forest.author_of(&comments[*r]).map(str::to_owned),
            comments: a.comments,
            longest_chain: a.deepest as u64 + 1,
            participants: people[k].len() as u64,
            first: spans[k].0,
            last: spans[k].1,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_bins_have_exact_edges() {
        let h = LogHistogram::new();
        assert_eq!(h.bin_of(1), 0);
        assert_eq!(h.bin_of(9), 3);
        assert_eq!(h.bin_of(10), 4);
        assert_eq!(h.bin_of(99), 7);
        assert_eq!(h.bin_of(100), 8);
        assert_eq!(h.bin_of(1000), 12);
        assert_eq!(h.bin_of(3600), 14); // 10^3.5 = 3162 <= 3600 < 5623
    }

    #[test]
    fn buckets_follow_the_span() {
        assert_eq!(choose_bucket(0, MINUTE, 120), MINUTE);
        assert_eq!(choose_bucket(222 * MINUTE, MINUTE, 120), 2 * MINUTE);
        assert_eq!(choose_bucket(3 * DAY, MINUTE, 120), HOUR);
        assert_eq!(choose_bucket(400 * DAY, MINUTE, 120), 7 * DAY);
        assert_eq!(
            choose_bucket(3 * DAY, DAY, 120),
            DAY,
            "never finer than the bins"
        );
        assert!(choose_bucket(5000 * 364 * DAY, MINUTE, 120) >= 32 * 364 * DAY);
        assert_eq!(bucket_name(5 * MINUTE), "5 minutes");
        assert_eq!(bucket_name(HOUR), "1 hour");
        assert_eq!(bucket_name(14 * DAY), "2 weeks");
        assert_eq!(bucket_name(91 * DAY), "91 days");
        assert_eq!(bucket_name(364 * DAY), "1 year");
    }

    #[test]
    fn bins_coarsen_and_rebucket_without_losing_counts() {
        let mut bins = TimeBins::new(100);
        for i in 0..10_000i64 {
            bins.add(i * 7 * MINUTE, 3);
        }
        assert!(bins.unit >= HOUR && bins.bins.len() <= 100);
        let last = 9_999 * 7 * MINUTE;
        let bucket = choose_bucket(last, bins.unit, 120);
        let (start, cells) = bins.rebucket(bucket, 0, last);
        assert!(start <= 0);
        assert_eq!(cells.iter().map(|c| c.count).sum::<u64>(), 10_000);
        assert_eq!(cells.iter().map(|c| c.words).sum::<u64>(), 30_000);
        assert!(cells.len() <= 120);
    }

    #[test]
    fn quantiles_interpolate() {
        let counts: BTreeMap<u32, u64> = [(1, 1), (2, 1), (3, 1), (4, 1)].into_iter().collect();
        let b = box_stats("a", &counts);
        assert_eq!(
            (b.min, b.q1, b.median, b.q3, b.max),
            (1, 1.75, 2.5, 3.25, 4)
        );
        assert_eq!(b.mean, 2.5);
        let l = lengths(&counts);
        assert_eq!(
            (l.median, l.p90, l.max, l.words),
            (Some(2.5), Some(4), Some(4), 10)
        );
    }

    #[test]
    fn delays_have_exact_percentiles() {
        let d = delays(
            DelaySource::ReplyEdges,
            vec![50, 10, 30, 20, 40, 60, 70, 80, 90, 100, 0],
            2,
        );
        assert_eq!(d.median_seconds, Some(50));
        assert_eq!(d.p90_seconds, Some(90));
        assert_eq!(d.histogram.zero, 1);
        assert_eq!(d.histogram.count, 11);
        assert_eq!(d.negative, 2);
        assert_eq!(
            delays(DelaySource::ReplyEdges, vec![], 0).source,
            DelaySource::None
        );
    }

    #[test]
    fn hashes_are_stable() {
        assert_eq!(stable_hash(&["a", "b"]), stable_hash(&["a", "b"]));
        assert_ne!(stable_hash(&["ab", ""]), stable_hash(&["a", "b"]));
    }
}
