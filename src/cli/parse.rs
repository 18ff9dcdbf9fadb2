//! `threadscope parse`: print the recovered comments.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use threadscope::export::csv::{self, CsvWriter};
use threadscope::export::json;
use threadscope::export::{JsonWriter, JsonlWriter};

use super::inputs::for_each_prepared;
use super::{open_output, InputArgs};

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
}

/// Run `parse`.
pub fn run(args: ParseArgs) -> anyhow::Result<u8> {
    let parser = args.inputs.parser()?;
    let out = open_output(args.output.as_ref())?;
    let inputs = &args.inputs;
    // Documents of a batch are rendered on the worker threads; a large
    // file alone in its batch is streamed straight to the output.
    let tally =
        match args.format {
            ParseFormat::Json => {
                let pretty = args.pretty;
                let mut writer = JsonWriter::new(out, pretty)?;
                let tally = for_each_prepared(
                    inputs,
                    &parser,
                    |d| json::render_document(d, pretty),
                    |d, rendered| match rendered {
                        Some(bytes) => Ok(writer.rendered(&bytes?)?),
                        None => Ok(writer.document(&d)?),
                    },
                )?;
                writer.finish()?;
                tally
            }
            ParseFormat::Jsonl => {
                let mut writer = JsonlWriter::new(out);
                let tally =
                    for_each_prepared(inputs, &parser, json::render_lines, |d, rendered| {
                        match rendered {
                            Some(bytes) => Ok(writer.rendered(&bytes?)?),
                            None => Ok(writer.document(&d)?),
                        }
                    })?;
                writer.finish()?;
                tally
            }
            ParseFormat::Csv => {
                let mut writer = CsvWriter::new(out)?;
                let tally = for_each_prepared(inputs, &parser, csv::render_rows, |d, rendered| {
                    match rendered {
                        Some(bytes) => Ok(writer.rendered(&bytes?)?),
                        None => Ok(writer.document(&d)?),
                    }
                })?;
                writer.finish()?;
                tally
            }
        };
    Ok(tally.exit_code())
}
