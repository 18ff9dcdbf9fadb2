//! Detection: score every grammar on a page and explain the scores.

use serde::Serialize;

use super::engine::{self, Outcome};
use super::prescreen::Prescreen;
use super::timestamp::{decide_orders, resolve, Context, ResolvedOrder};
use crate::grammar::Grammar;

/// Pages longer than this are scored on their head and tail only.
pub const SAMPLE_BYTES: usize = 64 * 1024;

/// Fewer points than this and a grammar is not taken.
pub const MIN_SCORE: f64 = 0.2;

/// How well one grammar explains a page, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// The grammar's id.
    pub grammar: String,
    /// The overall score, 0 to 1; the confidence reported with a parse.
    pub score: f64,
    /// Comment headers (or bylines) matched.
    pub headers: usize,
    /// Timestamps that parsed, of those written.
    pub timestamps_parsed: usize,
    /// Timestamps written.
    pub timestamps_total: usize,
    /// Share of the thread's bytes (from the first comment on) in comments.
    pub coverage: f64,
    /// Share of consecutive timestamps that run forward.
    pub forward: f64,
    /// Share of the thread's text lines that a rule recognised (headers,
    /// bylines, furniture, notices), as against plain body text.
    pub structure: f64,
    /// Bytes the grammar could not explain.
    pub unparsed_bytes: usize,
    /// Whether the scores were taken on a sample of the page.
    pub sampled: bool,
}

impl Candidate {
    /// A sentence saying why the grammar scored as it did.
    pub fn explain(&self) -> String {
        if self.headers == 0 {
            return "no comment header matched".to_owned();
        }
        format!(
            "{} header(s) matched; {}/{} timestamps parsed; comments cover {:.0}% of the thread; times run forward {:.0}% of the time; rules explain {:.0}% of the thread's lines; {} byte(s) unexplained{}",
            self.headers,
            self.timestamps_parsed,
            self.timestamps_total,
            self.coverage * 100.0,
            self.forward * 100.0,
            self.structure * 100.0,
            self.unparsed_bytes,
            if self.sampled { " (scored on a sample)" } else { "" }
        )
    }
}

/// Score a grammar's outcome on `text`.
pub fn score(grammar: &Grammar, text: &str, outcome: &Outcome<'_>, sampled: bool) -> Candidate {
    let drafts = &outcome.drafts;
    let headers = drafts.len();
    let orders = decide_orders(drafts.iter().map(|d| &d.stamp), grammar.date_order);
    // Score with any year and any reference point: a missing year or an
    // unanchored relative time is not the grammar's fault.
    let context = Context {
        year: Some(2000),
        now: chrono::NaiveDate::from_ymd_opt(2000, 1, 1)
            .map(|d| d.and_time(chrono::NaiveTime::MIN)),
        now_is_day: false,
    };
    let written = drafts.iter().filter(|d| !d.stamp.is_empty()).count();
    let mut parsed = 0;
    let (mut forward, mut steps) = (0usize, 0usize);
    let mut previous = None;
    for d in drafts.iter().filter(|d| !d.stamp.is_empty()) {
        let order = order_of(&orders, d.stamp.order_group);
        if let Ok((moment, _)) = resolve(&d.stamp, order, &context) {
            parsed += 1;
            if let Some(p) = previous {
                steps += 1;
                forward += usize::from(moment.local >= p);
            }
            previous = Some(moment.local);
        }
    }
    let thread_start = drafts.first().map_or(text.len(), |d| d.span.start);
    let thread_bytes = text.len() - thread_start;
    let coverage = if thread_bytes == 0 {
        0.0
    } else {
        (outcome.comment_bytes as f64 / thread_bytes as f64).min(1.0)
    };
    let unparsed_bytes = outcome
        .segments
        .iter()
        .filter(|s| s.kind == crate::model::SegmentKind::Unparsed)
        .map(|s| s.span.len())
        .sum();
    let forward_share = if steps == 0 {
        1.0
    } else {
        forward as f64 / steps as f64
    };
    let stamp_share = if written == 0 {
        0.5
    } else {
        parsed as f64 / written as f64
    };
    let text_lines = super::lines::Lines::new(&text[thread_start..])
        .filter(|l| !is_blank_line(&text.as_bytes()[thread_start + l.start..thread_start + l.end]))
        .count()
        .max(1);
    let structure = (outcome.structured_lines as f64 / text_lines as f64).min(1.0);
    let score = if headers == 0 {
        0.0
    } else {
        let amount = 1.0 - 1.0 / (1.0 + headers as f64);
        amount * (0.35 * stamp_share + 0.25 * coverage + 0.25 * forward_share + 0.15 * structure)
    };
    Candidate {
        grammar: grammar.id.clone(),
        score,
        headers,
        timestamps_parsed: parsed,
        timestamps_total: written,
        coverage,
        forward: forward_share,
        structure,
        unparsed_bytes,
        sampled,
    }
}

/// Whether a line holds only whitespace (as `str::trim` counts it), looking
/// at the bytes and decoding only a line with non-ASCII bytes.
fn is_blank_line(line: &[u8]) -> bool {
    // `trim` also takes the vertical tab, which `is_ascii_whitespace` does not.
    match line
        .iter()
        .position(|&b| !b.is_ascii_whitespace() && b != 0x0B)
    {
        None => true,
        Some(i) if line[i].is_ascii() => false,
        Some(i) => std::str::from_utf8(&line[i..]).is_ok_and(|rest| rest.trim().is_empty()),
    }
}

/// The order decided for `group`.
pub fn order_of(orders: &[(u32, ResolvedOrder)], group: u32) -> ResolvedOrder {
    orders
        .iter()
        .find(|(g, _)| *g == group)
        .map_or(ResolvedOrder::DayFirst, |(_, o)| *o)
}

/// The part of `text` detection looks at: all of it when short, else its
/// first and last [`SAMPLE_BYTES`]/2 bytes cut at line breaks.
pub fn sample(text: &str) -> Option<String> {
    if text.len() <= SAMPLE_BYTES {
        return None;
    }
    let half = SAMPLE_BYTES / 2;
    let head_end = memchr::memrchr(b'\n', &text.as_bytes()[..half]).map_or(0, |i| i + 1);
    let tail_from = text.len() - half;
    let tail_start = memchr::memchr(b'\n', &text.as_bytes()[tail_from..])
        .map_or(text.len(), |i| tail_from + i + 1);
    let mut out = String::with_capacity(head_end + text.len() - tail_start);
    out.push_str(&text[..head_end]);
    out.push_str(&text[tail_start..]);
    Some(out)
}

/// Score every grammar on `text`, best first; ties go to the earlier grammar.
pub fn rank(grammars: &[Grammar], prescreen: &Prescreen, text: &str) -> Vec<Candidate> {
    let sampled = sample(text);
    let probe = sampled.as_deref().unwrap_or(text);
    evaluate(grammars, prescreen, probe, sampled.is_some())
        .into_iter()
        .map(|(c, _)| c)
        .collect()
}

/// Score every grammar on `probe`, best first, each with the outcome of its
/// run. A grammar none of whose layouts' anchor lines matches any line is
/// not run at all: it scores 0.
pub fn evaluate<'t>(
    grammars: &[Grammar],
    prescreen: &Prescreen,
    probe: &'t str,
    sampled: bool,
) -> Vec<(Candidate, Option<Outcome<'t>>)> {
    let anchored = prescreen.anchored(grammars, probe);
    let mut ranked: Vec<(Candidate, Option<Outcome<'t>>)> = grammars
        .iter()
        .zip(anchored)
        .map(|(g, anchored)| {
            if anchored {
                let outcome = engine::run(g, probe);
                (score(g, probe, &outcome, sampled), Some(outcome))
            } else {
                (score(g, probe, &Outcome::default(), sampled), None)
            }
        })
        .collect();
    ranked.sort_by(|a, b| b.0.score.total_cmp(&a.0.score));
    ranked
}
