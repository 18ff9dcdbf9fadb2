//! `threadscope parse`: print the recovered comments.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use threadscope::export::csv::{self, CsvWriter};
use threadscope::export::json;
use threadscope::export::{DocumentSink, JsonWriter, JsonlWriter};

use super::inputs::{for_each_prepared, Given};
use super::{open_output, InputArgs, Parts, PartsArgs};

/// Output formats of `parse`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ParseFormat {
    /// `{"version", "documents": [...]}`: everything, one document after another.
    Json,
    /// One comment per line, with its document's path.
    Jsonl,
    /// One comment per row.
    Csv,
}

/// Options of `parse`.
#[derive(Debug, Args)]
pub struct ParseArgs {
    #[command(flatten)]
    inputs: InputArgs,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = ParseFormat::Json)]
    format: ParseFormat,
    /// Indent the JSON.
    #[arg(long)]
    pretty: bool,
    /// Write here instead of standard output (`-` is standard output).
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    parts: PartsArgs,
}

/// Run `parse`.
pub fn run(args: ParseArgs) -> anyhow::Result<u8> {
    let parser = args.inputs.parser()?;
    let out = open_output(args.output.as_ref())?;
    let inputs = &args.inputs;
    let parts = args.parts.plan();
    let tally = match args.format {
        ParseFormat::Json => {
            let pretty = args.pretty;
            let mut writer = JsonWriter::new(out, pretty)?;
            let tally = write_documents(inputs, &parser, &mut writer, None, |d| {
                json::render_document(d, pretty)
            })?;
            writer.finish()?;
            tally
        }
        ParseFormat::Jsonl => {
            let mut writer = JsonlWriter::new(out);
            let tally = write_documents(inputs, &parser, &mut writer, parts, json::render_lines)?;
            writer.finish()?;
            tally
        }
        ParseFormat::Csv => {
            let mut writer = CsvWriter::new(out)?;
            let tally = write_documents(inputs, &parser, &mut writer, parts, csv::render_rows)?;
            writer.finish()?;
            tally
        }
    };
    Ok(tally.exit_code())
}

/// Parse every input and write its document to `sink` in input order. The
/// documents of a batch are rendered by `render` on the worker threads; a
/// large file alone in its batch is streamed straight to the sink, and
/// that `parts` says to (for formats written comment by comment) parsed
/// a part at a time.
fn write_documents(
    inputs: &super::InputArgs,
    parser: &threadscope::Parser,
    sink: &mut impl DocumentSink,
    parts: Option<Parts>,
    render: impl Fn(&threadscope::Document<'_>) -> std::io::Result<Vec<u8>> + Sync,
) -> anyhow::Result<super::inputs::Tally> {
    for_each_prepared(inputs, parser, parts, render, |given| match given {
        Given::Whole(_, Some(bytes)) => Ok(sink.rendered(&bytes?)?),
        Given::Whole(d, None) | Given::Part(d) => Ok(sink.document(&d)?),
        Given::End(_) => Ok(()),
    })
}
