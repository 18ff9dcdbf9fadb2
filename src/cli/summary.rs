//! `threadscope summary`: the discussion's activity, as text or JSON.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde::Serialize;
use threadscope::graph::forest::ForestMetrics;
use threadscope::graph::{ExternalMention, GraphBuilder, GraphMetrics, Graphs};
use threadscope::stats::{human_duration, Summary, SummaryBuilder};

use super::inputs::{for_each_given, hand_to};
use super::{open_output, InputArgs, PartsArgs};

/// Output formats of `summary`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SummaryFormat {
    /// A report for a person.
    Text,
    /// The same figures as data.
    Json,
}

/// Options of `summary`.
#[derive(Debug, Args)]
pub struct SummaryArgs {
    #[command(flatten)]
    inputs: InputArgs,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = SummaryFormat::Text)]
    format: SummaryFormat,
    /// Authors listed in the text table (all are in the JSON).
    #[arg(long, default_value_t = 20)]
    top: usize,
    /// Write here instead of standard output (`-` is standard output).
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    parts: PartsArgs,
}

/// The graph part of a summary.
#[derive(Debug, Serialize)]
pub struct GraphSection {
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

impl GraphSection {
    fn of(graphs: &Graphs) -> Self {
        GraphSection {
            reply: graphs.reply.metrics(),
            mention: graphs.mention.metrics(),
            threads: graphs.forest.metrics(),
            external_mentions: graphs.external.clone(),
            ambiguous_mentions: graphs.ambiguous.clone(),
        }
    }
}

/// What `summary --format json` prints: the activity figures and the graph section.
#[derive(Debug, Serialize)]
struct Report<'s> {
    #[serde(flatten)]
    summary: &'s Summary,
    graph: &'s GraphSection,
}

/// Run `summary`.
pub fn run(args: SummaryArgs) -> anyhow::Result<u8> {
    let parser = args.inputs.parser()?;
    let mut builder = SummaryBuilder::default();
    let mut graphs = GraphBuilder::default();
    let parts = args.parts.plan();
    let tally = for_each_given(&args.inputs, &parser, parts, |given| {
        hand_to(&mut [&mut builder, &mut graphs], given);
        Ok(())
    })?;
    let summary = builder.finish();
    let graphs = graphs.finish();
    let graph = GraphSection::of(&graphs);
    let mut out = open_output(args.output.as_ref())?;
    match args.format {
        SummaryFormat::Json => {
            let report = Report {
                summary: &summary,
                graph: &graph,
            };
            serde_json::to_writer_pretty(&mut out, &report)?;
            out.write_all(b"\n")?;
        }
        SummaryFormat::Text => {
            write_text(&mut out, &summary, args.top)?;
            write_graph_text(&mut out, &graph, args.top)?;
        }
    }
    out.flush()?;
    // Left to the process's exit: freeing hundreds of thousands of authors'
    // nodes and names one by one takes longer than it is worth.
    std::mem::forget(graphs);
    Ok(tally.exit_code())
}

fn write_graph_text(out: &mut dyn Write, g: &GraphSection, top: usize) -> std::io::Result<()> {
    let t = &g.threads;
    writeln!(out)?;
    writeln!(out, "replies and mentions")?;
    writeln!(
        out,
        "  reply edges       {} replies between {} pairs of authors; reciprocity {:.0}%",
        g.reply.total_weight,
        g.reply.edges,
        g.reply.reciprocity * 100.0
    )?;
    if !t.evidence.is_empty() {
        let kinds: Vec<String> = t.evidence.iter().map(|(k, n)| format!("{k} {n}")).collect();
        writeln!(out, "  evidence          {}", kinds.join(", "))?;
    }
    writeln!(
        out,
        "  threads           {} roots, longest chain {} comments, depths {:?}",
        t.roots, t.longest_chain, t.depth_histogram
    )?;
    if let (Some(median), Some(p90)) = (t.response.median_seconds, t.response.p90_seconds) {
        writeln!(
            out,
            "  response time     median {}, 90th percentile {} (over {} reply edges)",
            human_duration(median),
            human_duration(p90),
            t.response.count
        )?;
    }
    writeln!(
        out,
        "  mention edges     {} mentions between {} pairs; {} components in the reply graph",
        g.mention.total_weight, g.mention.edges, g.reply.components
    )?;
    let answered: Vec<String> = g
        .reply
        .authors
        .iter()
        .filter(|a| a.in_degree > 0)
        .take(5)
        .map(|a| format!("{} ({})", a.name, a.in_degree))
        .collect();
    if !answered.is_empty() {
        writeln!(out, "  most answered     {}", answered.join(", "))?;
    }
    let pairs: Vec<String> = g
        .reply
        .top_pairs
        .iter()
        .take(top.min(5))
        .map(|p| format!("{} ↔ {} ({}+{})", p.a, p.b, p.a_to_b, p.b_to_a))
        .collect();
    if !pairs.is_empty() {
        writeln!(out, "  most active pairs {}", pairs.join(", "))?;
    }
    if !g.external_mentions.is_empty() {
        let names: Vec<String> = g
            .external_mentions
            .iter()
            .take(8)
            .map(|m| format!("{} ({})", m.name, m.count))
            .collect();
        writeln!(out, "  named, not here   {}", names.join(", "))?;
    }
    if !g.ambiguous_mentions.is_empty() {
        let names: Vec<String> = g
            .ambiguous_mentions
            .iter()
            .take(8)
            .map(|m| format!("{} ({})", m.name, m.count))
            .collect();
        writeln!(out, "  ambiguous names   {}", names.join(", "))?;
    }
    Ok(())
}

fn fmt_time(m: &threadscope::Moment) -> String {
    m.local.format("%Y-%m-%d %H:%M").to_string()
}

/// Shorten `name` to `width` characters with an ellipsis, then pad it.
fn cell(name: &str, width: usize) -> String {
    let count = name.chars().count();
    if count > width {
        let cut: String = name.chars().take(width - 1).collect();
        format!("{cut}…")
    } else {
        format!("{name}{}", " ".repeat(width - count))
    }
}

fn write_text(out: &mut dyn Write, s: &Summary, top: usize) -> std::io::Result<()> {
    let docs = if s.documents == 1 {
        "document"
    } else {
        "documents"
    };
    writeln!(
        out,
        "threadscope summary: {} {docs}, {} comments",
        s.documents, s.comments
    )?;
    for d in s.per_document.iter().take(10) {
        writeln!(
            out,
            "  {}  [{}]  {} comments{}",
            d.path,
            d.grammar.as_deref().unwrap_or("no thread"),
            d.comments,
            d.title
                .as_deref()
                .map(|t| format!("  \"{t}\""))
                .unwrap_or_default()
        )?;
    }
    if s.per_document.len() > 10 {
        writeln!(out, "  … and {} more documents", s.per_document.len() - 10)?;
    }
    writeln!(out)?;
    writeln!(out, "  comments          {}", s.comments)?;
    writeln!(
        out,
        "  participants      {}{}",
        s.participants,
        if s.anonymous_comments > 0 {
            format!(" (+{} comments without a name)", s.anonymous_comments)
        } else {
            String::new()
        }
    )?;
    match (&s.first, &s.last, s.span_seconds) {
        (Some(f), Some(l), Some(span)) => writeln!(
            out,
            "  time span         {} → {} ({})",
            fmt_time(f),
            fmt_time(l),
            human_duration(span)
        )?,
        _ => writeln!(out, "  time span         no timestamps")?,
    }
    if let Some(h) = &s.busiest_hour {
        writeln!(
            out,
            "  busiest hour      {:02}:00–{:02}:59 ({} comments)",
            h.hour, h.hour, h.comments
        )?;
    }
    if let Some(d) = &s.busiest_day {
        writeln!(
            out,
            "  busiest day       {} ({} comments)",
            d.date, d.comments
        )?;
    }
    if let Some(gap) = s.median_gap_seconds {
        writeln!(out, "  median gap        {}", human_duration(gap))?;
    }
    if let Some(l) = &s.longest_comment {
        writeln!(
            out,
            "  longest comment   {} words, {} chars, by {} ({} in {})",
            l.words,
            l.chars,
            l.author.as_deref().unwrap_or("(no name)"),
            l.id,
            l.path
        )?;
    }
    if let Some(m) = s.median_words {
        writeln!(
            out,
            "  median length     {m} words ({} words in all)",
            s.words
        )?;
    }
    let most: Vec<String> = s
        .authors
        .iter()
        .take(5)
        .map(|a| format!("{} ({})", a.author, a.comments))
        .collect();
    if !most.is_empty() {
        writeln!(out, "  most active       {}", most.join(", "))?;
    }
    if s.authors.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    let width = s
        .authors
        .iter()
        .take(top)
        .map(|a| a.author.chars().count())
        .max()
        .unwrap_or(6)
        .clamp(6, 32);
    writeln!(
        out,
        "  {}  comments  share  words  mean words  first             last",
        cell("author", width)
    )?;
    for a in s.authors.iter().take(top) {
        writeln!(
            out,
            "  {}  {:>8}  {:>4.0}%  {:>5}  {:>10.1}  {:<16}  {}",
            cell(&a.author, width),
            a.comments,
            a.share * 100.0,
            a.words,
            a.mean_words,
            a.first.as_ref().map(fmt_time).unwrap_or_else(|| "-".into()),
            a.last.as_ref().map(fmt_time).unwrap_or_else(|| "-".into()),
        )?;
    }
    if s.authors.len() > top {
        writeln!(
            out,
            "  … and {} more authors (--top to list more)",
            s.authors.len() - top
        )?;
    }
    Ok(())
}
