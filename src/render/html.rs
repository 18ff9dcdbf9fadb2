//! The report file (`summary.json`) and the one-file HTML report.
//!
//! [`ReportFile`] is everything a report is made from: the activity
//! [`Summary`] (its fields at the top level, as in `summary --format json`),
//! the graph section and the [`ReportData`] the charts draw. Rendering again
//! from it needs no input. Long lists (authors, documents, per-author
//! response times, mentions) are cut to their first [`LIST_CAP`] entries so
//! the file stays small for any corpus; the counts stay whole.
//!
//! [`html`] writes one self-contained page: inline CSS, the charts as
//! inline SVG, no script, nothing fetched. Every text taken from the input is
//! escaped.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::graph::forest::ForestMetrics;
use crate::graph::{ExternalMention, GraphMetrics, Graphs};
use crate::model::Moment;
use crate::stats::{human_duration, Summary};

use super::axis::group;
use super::data::ReportData;
use super::{plural, Chart, Figure};

/// Version of the [`ReportFile`] layout.
pub const REPORT_FILE_VERSION: u32 = 1;
/// Entries kept in the file's long lists.
pub const LIST_CAP: usize = 200;
/// Authors in the HTML table.
pub const HTML_AUTHORS: usize = 30;
/// Documents in the HTML table.
pub const HTML_DOCUMENTS: usize = 30;

/// The graph part of a report: the same shape as `summary --format json`'s `graph`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphSummary {
    /// Who answers whom.
    pub reply: GraphMetrics,
    /// Who names whom.
    pub mention: GraphMetrics,
    /// The shape of the reply forest and response times on reply edges.
    pub threads: ForestMetrics,
    /// People named who never commented.
    pub external_mentions: Vec<ExternalMention>,
    /// Names too ambiguous to resolve.
    pub ambiguous_mentions: Vec<ExternalMention>,
}

impl GraphSummary {
    /// Measure `graphs`, keeping at most [`LIST_CAP`] entries per list.
    pub fn of(graphs: &Graphs) -> Self {
        let mut reply = graphs.reply.metrics();
        let mut mention = graphs.mention.metrics();
        let mut threads = graphs.forest.metrics();
        reply.authors.truncate(LIST_CAP);
        mention.authors.truncate(LIST_CAP);
        threads.response_by_author.truncate(LIST_CAP);
        let mut external_mentions = graphs.external.clone();
        let mut ambiguous_mentions = graphs.ambiguous.clone();
        external_mentions.truncate(LIST_CAP);
        ambiguous_mentions.truncate(LIST_CAP);
        GraphSummary {
            reply,
            mention,
            threads,
            external_mentions,
            ambiguous_mentions,
        }
    }
}

/// Everything a report is drawn from; written as `summary.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportFile {
    /// [`REPORT_FILE_VERSION`].
    pub report_version: u32,
    /// The report's name: the input's file stem, or `corpus`.
    pub name: String,
    /// The activity figures (authors and documents cut to [`LIST_CAP`]).
    #[serde(flatten)]
    pub summary: Summary,
    /// Reply and mention graphs, threads.
    pub graph: GraphSummary,
    /// What the charts draw.
    pub report: ReportData,
}

impl ReportFile {
    /// A report file named `name`.
    pub fn new(name: &str, mut summary: Summary, graphs: &Graphs, report: ReportData) -> Self {
        summary.authors.truncate(LIST_CAP);
        summary.per_document.truncate(LIST_CAP);
        ReportFile {
            report_version: REPORT_FILE_VERSION,
            name: name.to_owned(),
            summary,
            graph: GraphSummary::of(graphs),
            report,
        }
    }
}

/// `text` with `& < > " '` escaped, for HTML text and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "
:root { color-scheme: light; }
body { font-family: 'DejaVu Sans', 'Segoe UI', Helvetica, Arial, sans-serif; color: #212529; background: #f6f7f9; margin: 0; line-height: 1.45; }
main { max-width: 1060px; margin: 0 auto; padding: 24px 20px 60px; }
h1 { font-size: 1.7em; margin: 0.2em 0; }
h2 { font-size: 1.3em; margin-top: 2em; border-bottom: 2px solid #dee2e6; padding-bottom: 4px; }
h3 { font-size: 1.08em; margin: 0 0 6px; }
.lede { color: #495057; font-size: 1.05em; }
nav a { margin-right: 14px; color: #1f77b4; }
table { border-collapse: collapse; background: #fff; margin: 10px 0; font-size: 0.93em; }
th, td { border: 1px solid #dee2e6; padding: 4px 9px; text-align: left; vertical-align: top; }
th { background: #eef1f4; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { background: #fff; border: 1px solid #dee2e6; margin: 18px 0; padding: 12px; }
figure svg { display: block; width: 100%; height: auto; }
figcaption { color: #495057; font-size: 0.92em; margin-top: 6px; }
.note { background: #fff8e6; border-left: 4px solid #e6a100; padding: 8px 12px; }
.muted { color: #6c757d; }
footer { color: #6c757d; font-size: 0.85em; margin-top: 40px; }
";

fn time(m: &Option<Moment>) -> String {
    m.map(|m| m.local.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| "–".to_owned())
}

fn row(out: &mut String, cells: &[(&str, bool)]) {
    out.push_str("<tr>");
    for (text, numeric) in cells {
        if *numeric {
            let _ = write!(out, "<td class=\"n\">{}</td>", escape(text));
        } else {
            let _ = write!(out, "<td>{}</td>", escape(text));
        }
    }
    out.push_str("</tr>\n");
}

fn header(out: &mut String, names: &[&str]) {
    out.push_str("<table>\n<tr>");
    for n in names {
        let _ = write!(out, "<th>{}</th>", escape(n));
    }
    out.push_str("</tr>\n");
}

/// The SVG of a chart with an accessible name, ready to inline.
fn inline_svg(svg: &str, title: &str) -> String {
    let svg = svg.trim();
    match svg.strip_prefix("<svg ") {
        Some(rest) => format!("<svg role=\"img\" aria-label=\"{}\" {rest}", escape(title)),
        None => svg.to_owned(),
    }
}

/// The report page: the summary tables, every chart (its SVG inline, or the
/// note that replaces it), the most active threads and authors.
pub fn html(file: &ReportFile, charts: &[(Figure, String)]) -> String {
    let s = &file.summary;
    let g = &file.graph;
    let r = &file.report;
    let mut out =
        String::with_capacity(64 * 1024 + charts.iter().map(|c| c.1.len()).sum::<usize>());
    let heading = if s.documents == 1 {
        s.per_document
            .first()
            .and_then(|d| d.title.clone())
            .unwrap_or_else(|| file.name.clone())
    } else {
        format!("{} ({} documents)", file.name, s.documents)
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>threadscope report: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        escape(&heading)
    );
    let _ = writeln!(
        out,
        "<header>\n<p class=\"muted\">threadscope report · {}</p>\n<h1>{}</h1>",
        escape(&file.name),
        escape(&heading)
    );
    let span = match (&s.first, &s.last) {
        (Some(f), Some(l)) => format!(
            ", from {} to {}",
            f.local.format("%Y-%m-%d %H:%M"),
            l.local.format("%Y-%m-%d %H:%M")
        ),
        _ => ", none of them with a readable timestamp".to_owned(),
    };
    let _ = writeln!(
        out,
        "<p class=\"lede\">{} comments by {} participants in {} {}{}.</p>\n</header>",
        group(s.comments as i64),
        group(s.participants as i64),
        group(s.documents as i64),
        if s.documents == 1 {
            "document"
        } else {
            "documents"
        },
        escape(&span)
    );
    out.push_str("<nav><a href=\"#summary\">Summary</a><a href=\"#timing\">Timing</a><a href=\"#length\">Length</a><a href=\"#network\">Replies and mentions</a><a href=\"#threads\">Threads</a><a href=\"#authors\">Authors</a></nav>\n");

    // Summary.
    out.push_str("<h2 id=\"summary\">Summary</h2>\n");
    header(&mut out, &["figure", "value"]);
    let mut figures: Vec<(String, String)> = vec![
        ("comments".into(), group(s.comments as i64)),
        ("participants".into(), group(s.participants as i64)),
        (
            "comments without a name".into(),
            group(s.anonymous_comments as i64),
        ),
        (
            "comments with a timestamp".into(),
            group(s.timestamped_comments as i64),
        ),
    ];
    if let (Some(f), Some(l), Some(span)) = (&s.first, &s.last, s.span_seconds) {
        figures.push((
            "time span".into(),
            format!(
                "{} → {} ({})",
                time(&Some(*f)),
                time(&Some(*l)),
                human_duration(span)
            ),
        ));
    }
    if let Some(h) = &s.busiest_hour {
        figures.push((
            "busiest hour".into(),
            format!(
                "{:02}:00–{:02}:59 ({} comments)",
                h.hour, h.hour, h.comments
            ),
        ));
    }
    if let Some(d) = &s.busiest_day {
        figures.push((
            "busiest day".into(),
            format!("{} ({} comments)", d.date, d.comments),
        ));
    }
    if let Some(gap) = s.median_gap_seconds {
        figures.push(("median gap between comments".into(), human_duration(gap)));
    }
    if let (Some(m), Some(p)) = (
        g.threads.response.median_seconds,
        g.threads.response.p90_seconds,
    ) {
        figures.push((
            "response time on reply edges".into(),
            format!(
                "median {}, 90th percentile {} (over {} replies)",
                human_duration(m),
                human_duration(p),
                group(g.threads.response.count as i64)
            ),
        ));
    }
    if let Some(m) = s.median_words {
        figures.push((
            "median length".into(),
            format!("{m} words ({} words in all)", group(s.words as i64)),
        ));
    }
    if let Some(l) = &s.longest_comment {
        figures.push((
            "longest comment".into(),
            format!(
                "{} words by {} ({} in {})",
                group(l.words as i64),
                l.author.as_deref().unwrap_or("(no name)"),
                l.id,
                l.path
            ),
        ));
    }
    figures.push((
        "replies".into(),
        format!(
            "{} between {} of authors; reciprocity {:.0}%",
            plural(g.reply.total_weight, "reply edge"),
            plural(g.reply.edges as u64, "pair"),
            g.reply.reciprocity * 100.0
        ),
    ));
    figures.push((
        "threads".into(),
        format!(
            "{}; the longest chain has {}",
            plural(g.threads.roots as u64, "root"),
            plural(g.threads.longest_chain as u64, "comment")
        ),
    ));
    figures.push((
        "mentions".into(),
        format!(
            "{} between {} of authors",
            plural(g.mention.total_weight, "mention"),
            plural(g.mention.edges as u64, "pair")
        ),
    ));
    for (k, v) in &figures {
        row(&mut out, &[(k, false), (v, false)]);
    }
    out.push_str("</table>\n");

    // Documents.
    out.push_str("<h3>Documents</h3>\n");
    header(
        &mut out,
        &[
            "document",
            "format",
            "confidence",
            "title",
            "comments",
            "diagnostics",
        ],
    );
    for d in s.per_document.iter().take(HTML_DOCUMENTS) {
        row(
            &mut out,
            &[
                (&d.path, false),
                (d.grammar.as_deref().unwrap_or("no thread found"), false),
                (&format!("{:.2}", d.confidence), true),
                (d.title.as_deref().unwrap_or("–"), false),
                (&group(d.comments as i64), true),
                (&group(d.diagnostics as i64), true),
            ],
        );
    }
    out.push_str("</table>\n");
    if s.documents > HTML_DOCUMENTS {
        let _ = writeln!(
            out,
            "<p class=\"muted\">… and {} more (summary.json lists the first {LIST_CAP}).</p>",
            plural((s.documents - HTML_DOCUMENTS) as u64, "document")
        );
    }

    // Charts, by family.
    let sections: [(&str, &str, &[Chart]); 3] = [
        (
            "timing",
            "Timing",
            &[
                Chart::Timeline,
                Chart::Heatmap,
                Chart::ResponseTimes,
                Chart::PublicationDelay,
                Chart::AuthorActivity,
            ],
        ),
        (
            "length",
            "Length",
            &[
                Chart::LengthHistogram,
                Chart::AuthorLengths,
                Chart::LengthOverTime,
            ],
        ),
        ("network", "Replies and mentions", &[Chart::Network]),
    ];
    for (id, name, members) in sections {
        let _ = writeln!(out, "<h2 id=\"{id}\">{name}</h2>");
        for chart in members {
            let Some((figure, svg)) = charts.iter().find(|(f, _)| f.chart == *chart) else {
                continue;
            };
            let _ = writeln!(out, "<figure id=\"chart-{}\">", chart.name());
            let _ = writeln!(out, "<h3>{}</h3>", escape(&figure.title));
            if figure.drawn {
                out.push_str(&inline_svg(svg, &figure.title));
                out.push('\n');
                let _ = writeln!(out, "<figcaption>{}</figcaption>", escape(&figure.caption));
            } else {
                let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(&figure.caption));
            }
            out.push_str("</figure>\n");
        }
        if id == "network" {
            network_tables(&mut out, file);
        }
    }

    // Threads.
    out.push_str("<h2 id=\"threads\">Most active threads</h2>\n");
    if r.threads.is_empty() {
        out.push_str("<p class=\"note\">No comments, so no threads.</p>\n");
    } else {
        out.push_str("<p class=\"muted\">Threads (a first comment and every reply under it) with the longest chains of replies, then the most comments.</p>\n");
        header(
            &mut out,
            &[
                "document",
                "first comment",
                "started by",
                "comments",
                "longest chain",
                "participants",
                "first",
                "last",
            ],
        );
        for t in &r.threads {
            row(
                &mut out,
                &[
                    (&t.document, false),
                    (&t.root, false),
                    (t.author.as_deref().unwrap_or("(no name)"), false),
                    (&group(t.comments as i64), true),
                    (&group(t.longest_chain as i64), true),
                    (&group(t.participants as i64), true),
                    (&time(&t.first), false),
                    (&time(&t.last), false),
                ],
            );
        }
        out.push_str("</table>\n");
        if g.threads.longest_chain > 1 {
            let chain = &g.threads.longest_chain_ids;
            let shown: Vec<&str> = chain.iter().take(12).map(String::as_str).collect();
            let more = if chain.len() > 12 {
                format!(" … ({} in all)", chain.len())
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "<p>The longest chain of replies: {}{}.</p>",
                escape(&shown.join(" → ")),
                escape(&more)
            );
        }
    }

    // Authors.
    out.push_str("<h2 id=\"authors\">Most active authors</h2>\n");
    if s.authors.is_empty() {
        out.push_str("<p class=\"note\">No comments, so no authors.</p>\n");
    } else {
        header(
            &mut out,
            &[
                "author",
                "comments",
                "share",
                "words",
                "mean words",
                "replies given",
                "replies received",
                "first",
                "last",
            ],
        );
        for a in s.authors.iter().take(HTML_AUTHORS) {
            let graph = g.reply.authors.iter().find(|m| m.name == a.author);
            let given = graph
                .map(|m| group(m.out_degree as i64))
                .unwrap_or_else(|| "–".into());
            let received = graph
                .map(|m| group(m.in_degree as i64))
                .unwrap_or_else(|| "–".into());
            row(
                &mut out,
                &[
                    (&a.author, false),
                    (&group(a.comments as i64), true),
                    (&format!("{:.1}%", a.share * 100.0), true),
                    (&group(a.words as i64), true),
                    (&format!("{:.1}", a.mean_words), true),
                    (&given, true),
                    (&received, true),
                    (&time(&a.first), false),
                    (&time(&a.last), false),
                ],
            );
        }
        out.push_str("</table>\n");
        let total = s.participants + usize::from(s.anonymous_comments > 0);
        if total > HTML_AUTHORS.min(s.authors.len()) {
            let _ = writeln!(
                out,
                "<p class=\"muted\">The {} most active of {} authors.</p>",
                HTML_AUTHORS.min(s.authors.len()),
                group(total as i64)
            );
        }
    }
    let _ = writeln!(
        out,
        "<footer>Made by threadscope {} from {}. One self-contained file: no script, nothing fetched from the network. The figures behind it are in summary.json.</footer>\n</main>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION"),
        if s.documents == 1 { "1 document".to_owned() } else { format!("{} documents", group(s.documents as i64)) }
    );
    out
}

fn network_tables(out: &mut String, file: &ReportFile) {
    let g = &file.graph;
    if !g.reply.top_pairs.is_empty() {
        out.push_str("<h3>Pairs who answer each other most</h3>\n");
        header(out, &["author", "author", "replies →", "replies ←"]);
        for p in &g.reply.top_pairs {
            row(
                out,
                &[
                    (&p.a, false),
                    (&p.b, false),
                    (&p.a_to_b.to_string(), true),
                    (&p.b_to_a.to_string(), true),
                ],
            );
        }
        out.push_str("</table>\n");
    }
    let answered: Vec<_> = g
        .reply
        .authors
        .iter()
        .filter(|a| a.in_degree > 0)
        .take(10)
        .collect();
    if !answered.is_empty() {
        out.push_str("<h3>Most answered authors</h3>\n");
        header(
            out,
            &["author", "replies received", "replies given", "PageRank"],
        );
        for a in answered {
            row(
                out,
                &[
                    (&a.name, false),
                    (&group(a.in_degree as i64), true),
                    (&group(a.out_degree as i64), true),
                    (&format!("{:.3}", a.pagerank), true),
                ],
            );
        }
        out.push_str("</table>\n");
    }
    for (title, list) in [
        ("Named, but not in the discussion", &g.external_mentions),
        ("Names too ambiguous to resolve", &g.ambiguous_mentions),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "<h3>{title}</h3>");
        header(out, &["name", "times"]);
        for m in list.iter().take(20) {
            row(out, &[(&m.name, false), (&group(m.count as i64), true)]);
        }
        out.push_str("</table>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
        assert_eq!(escape("a\u{0}b"), "a\u{FFFD}b");
    }

    #[test]
    fn svg_gets_an_accessible_name() {
        let svg = inline_svg("<svg width=\"1\">x</svg>\n", "A <b>");
        assert_eq!(
            svg,
            "<svg role=\"img\" aria-label=\"A &lt;b&gt;\" width=\"1\">x</svg>"
        );
    }
}
