//! `threadscope detect`: every grammar's score on each input, and why.

use std::io::Write as _;

use clap::{Args, ValueEnum};
use serde::Serialize;
use threadscope::parse::Candidate;

use super::inputs::for_each_source;
use super::InputArgs;

/// Output formats of `detect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DetectFormat {
    /// A table per input.
    Text,
    /// The scores as data.
    Json,
}

/// Options of `detect`.
#[derive(Debug, Args)]
pub struct DetectArgs {
    #[command(flatten)]
    inputs: InputArgs,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = DetectFormat::Text)]
    format: DetectFormat,
}

#[derive(Serialize)]
struct Detection<'c> {
    path: String,
    chosen: Option<&'c str>,
    candidates: &'c [Candidate],
}

/// Run `detect`.
pub fn run(args: DetectArgs) -> anyhow::Result<u8> {
    let parser = args.inputs.parser()?;
    let mut out = super::open_output(None)?;
    let tally = for_each_source(&args.inputs, |name, text| {
        let candidates = parser.detect(text);
        let chosen = candidates
            .first()
            .filter(|c| c.score >= threadscope::parse::detect::MIN_SCORE)
            .map(|c| c.grammar.as_str());
        match args.format {
            DetectFormat::Json => {
                serde_json::to_writer(
                    &mut out,
                    &Detection {
                        path: name.to_owned(),
                        chosen,
                        candidates: &candidates,
                    },
                )?;
                writeln!(out)?;
            }
            DetectFormat::Text => {
                writeln!(
                    out,
                    "{name}: {}",
                    match chosen {
                        Some(id) => format!("{id} (confidence {:.2})", candidates[0].score),
                        None => "no thread found: zero comments (no grammar scored 0.20 or more)"
                            .to_owned(),
                    }
                )?;
                for c in &candidates {
                    writeln!(out, "  {:<18} {:.3}  {}", c.grammar, c.score, c.explain())?;
                }
            }
        }
        Ok(())
    })?;
    out.flush()?;
    Ok(tally.exit_code())
}
