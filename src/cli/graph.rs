//! `threadscope graph`: the reply or mention graph of the inputs, for
//! Graphviz, Gephi, yEd, spreadsheets and scripts.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};
use threadscope::export::{
    write_dot, write_edges_csv, write_edges_json, write_gexf, write_graphml,
};
use threadscope::graph::{AuthorGraph, EdgeKind, GraphBuilder};

use super::inputs::{for_each_given, hand_to};
use super::{open_output, InputArgs, PartsArgs};

/// Which author graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// Who answers whom.
    Reply,
    /// Who names whom.
    Mention,
}

/// Output formats of `graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Graphviz DOT.
    Dot,
    /// GraphML with declared keys.
    Graphml,
    /// GEXF 1.3 for Gephi, with time data.
    Gexf,
    /// JSON: nodes and an edge list with author names.
    Json,
    /// CSV edge list with author names.
    Csv,
}

impl GraphFormat {
    fn extension(self) -> &'static str {
        match self {
            GraphFormat::Dot => "dot",
            GraphFormat::Graphml => "graphml",
            GraphFormat::Gexf => "gexf",
            GraphFormat::Json => "json",
            GraphFormat::Csv => "csv",
        }
    }
}

/// Options of `graph`.
#[derive(Debug, Args)]
pub struct GraphArgs {
    #[command(flatten)]
    inputs: InputArgs,
    /// Which graph.
    #[arg(long, value_enum, default_value_t = KindArg::Reply)]
    kind: KindArg,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = GraphFormat::Dot)]
    format: GraphFormat,
    /// One graph per document instead of one merged graph (keyed by author
    /// name); each is written to `--out-dir` as `<document stem>.<format>`.
    #[arg(long, requires = "out_dir")]
    per_document: bool,
    /// Folder for `--per-document` output (created if missing).
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// Write here instead of standard output (`-` is standard output).
    #[arg(long, short, value_name = "FILE", conflicts_with = "per_document")]
    output: Option<PathBuf>,
    #[command(flatten)]
    parts: PartsArgs,
}

fn write(graph: &AuthorGraph, format: GraphFormat, out: &mut dyn Write) -> std::io::Result<()> {
    match format {
        GraphFormat::Dot => write_dot(graph, out),
        GraphFormat::Graphml => write_graphml(graph, out),
        GraphFormat::Gexf => write_gexf(graph, out),
        GraphFormat::Json => write_edges_json(graph, out),
        GraphFormat::Csv => write_edges_csv(graph, out),
    }
}

/// A file name for a document's graph that no earlier document took.
fn unique_name(
    dir: &Path,
    document: &str,
    extension: &str,
    taken: &mut std::collections::BTreeSet<String>,
) -> PathBuf {
    let stem = Path::new(document)
        .file_stem()
        .map_or_else(|| "stdin".to_owned(), |s| s.to_string_lossy().into_owned());
    let mut name = format!("{stem}.{extension}");
    let mut n = 2;
    while !taken.insert(name.clone()) {
        name = format!("{stem}-{n}.{extension}");
        n += 1;
    }
    dir.join(name)
}

/// Run `graph`.
pub fn run(args: GraphArgs) -> anyhow::Result<u8> {
    let parser = args.inputs.parser()?;
    let kind = match args.kind {
        KindArg::Reply => EdgeKind::Reply,
        KindArg::Mention => EdgeKind::Mention,
    };
    let parts = args.parts.plan();
    if args.per_document {
        let dir = args.out_dir.clone().expect("clap requires --out-dir");
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        let mut taken = std::collections::BTreeSet::new();
        let mut builder = GraphBuilder::default();
        let tally = for_each_given(&args.inputs, &parser, parts, |given| {
            let Some(d) = hand_to(&mut [&mut builder], given) else {
                return Ok(());
            };
            let graphs = std::mem::take(&mut builder).finish();
            let path = unique_name(&dir, &d.path, args.format.extension(), &mut taken);
            let mut out = std::io::BufWriter::new(
                std::fs::File::create(&path)
                    .with_context(|| format!("cannot create {}", path.display()))?,
            );
            write(graphs.author_graph(kind), args.format, &mut out)?;
            out.flush()?;
            Ok(())
        })?;
        return Ok(tally.exit_code());
    }
    let mut builder = GraphBuilder::default();
    let tally = for_each_given(&args.inputs, &parser, parts, |given| {
        hand_to(&mut [&mut builder], given);
        Ok(())
    })?;
    let graphs = builder.finish();
    let mut out = open_output(args.output.as_ref())?;
    write(graphs.author_graph(kind), args.format, &mut out)?;
    out.flush()?;
    // Left to the process's exit, as in `summary`.
    std::mem::forget(graphs);
    Ok(tally.exit_code())
}
