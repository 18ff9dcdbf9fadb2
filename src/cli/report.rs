//! `threadscope report`: charts as PNG and SVG, `summary.json` and a
//! one-file `index.html`, written into one directory.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use rayon::prelude::*;
use threadscope::graph::GraphBuilder;
use threadscope::render::{self, html, Chart, Figure, ReportBuilder, ReportFile};
use threadscope::stats::SummaryBuilder;

use super::inputs::{for_each_given, hand_to};
use super::{InputArgs, PartsArgs, EXIT_OK};

/// Image formats of `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImageFormat {
    /// PNG images only.
    Png,
    /// SVG images only.
    Svg,
    /// Both.
    Both,
}

/// Options of `report`.
#[derive(Debug, Args)]
#[command(mut_arg("paths", |a| a.required(false)))]
pub struct ReportArgs {
    #[command(flatten)]
    inputs: InputArgs,
    /// Directory to write into (created if missing) [default: output/<name>,
    /// the name being the input's file stem, or `corpus` for several inputs].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Image formats to write (the HTML report always has the charts inline).
    #[arg(long, value_enum, default_value_t = ImageFormat::Both)]
    format: ImageFormat,
    /// Draw again from a `summary.json` a report wrote, without parsing.
    #[arg(long, value_name = "FILE", conflicts_with = "paths")]
    from: Option<PathBuf>,
    #[command(flatten)]
    parts: PartsArgs,
}

/// A file or directory name made of the input's name: no separators, no
/// leading dot, nothing a shell or file system would read specially.
fn safe_name(raw: &str) -> String {
    let cleaned: String = raw
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let cleaned = cleaned.trim_start_matches('.').to_owned();
    if cleaned.is_empty() {
        "report".to_owned()
    } else {
        cleaned
    }
}

/// The report's name: the single input's file stem, or `corpus`.
fn report_name(paths: &[PathBuf]) -> String {
    match paths {
        [one] if one.as_os_str() == "-" => "stdin".to_owned(),
        [one] => one
            .file_stem()
            .map(|s| safe_name(&s.to_string_lossy()))
            .unwrap_or_else(|| "report".to_owned()),
        _ => "corpus".to_owned(),
    }
}

/// Run `report`.
pub fn run(args: ReportArgs) -> Result<u8> {
    let (file, code, from) = match &args.from {
        Some(path) => {
            let text = fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let file: ReportFile = serde_json::from_str(&text).with_context(|| {
                format!(
                    "{} is not a summary.json written by `threadscope report`",
                    path.display()
                )
            })?;
            (file, EXIT_OK, Some(path.clone()))
        }
        None => {
            if args.inputs.paths.is_empty() {
                bail!("give the inputs to report on (PATH...), or --from summary.json");
            }
            let parser = args.inputs.parser()?;
            let mut summary = SummaryBuilder::default();
            let mut graphs = GraphBuilder::default();
            let mut report = ReportBuilder::default();
            let parts = args.parts.plan();
            let tally = for_each_given(&args.inputs, &parser, parts, |given| {
                hand_to(&mut [&mut summary, &mut graphs, &mut report], given);
                Ok(())
            })?;
            let graphs = graphs.finish();
            let data = report.finish(&graphs);
            let name = report_name(&args.inputs.paths);
            let file = ReportFile::new(&name, summary.finish(), &graphs, data);
            // Draw from the file's own text, so a later `--from` draws the
            // very same bytes.
            let text = serde_json::to_string(&file)?;
            (serde_json::from_str(&text)?, tally.exit_code(), None)
        }
    };
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("output").join(safe_name(&file.name)));
    fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let summary_path = out.join("summary.json");
    let same_file = from.as_ref().is_some_and(
        |f| matches!((f.canonicalize(), summary_path.canonicalize()), (Ok(a), Ok(b)) if a == b),
    );
    if !same_file {
        let mut json = serde_json::to_string_pretty(&file)?;
        json.push('\n');
        fs::write(&summary_path, json)
            .with_context(|| format!("cannot write {}", summary_path.display()))?;
    }
    let data = &file.report;
    let format = args.format;
    let charts: Vec<(Figure, String)> = Chart::ALL
        .par_iter()
        .map(|&chart| -> Result<(Figure, String)> {
            let (svg, figure) = render::render_svg(chart, data)?;
            if format != ImageFormat::Png {
                let path = out.join(format!("{}.svg", chart.name()));
                fs::write(&path, &svg)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            if format != ImageFormat::Svg {
                let path = out.join(format!("{}.png", chart.name()));
                render::save_png(chart, data, &path)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            Ok((figure, svg))
        })
        .collect::<Result<_>>()?;
    let index = out.join("index.html");
    fs::write(&index, html::html(&file, &charts))
        .with_context(|| format!("cannot write {}", index.display()))?;
    println!("{}", index.display());
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_directory_names() {
        assert_eq!(report_name(&[PathBuf::from("a/b/001_x.txt")]), "001_x");
        assert_eq!(report_name(&[PathBuf::from("-")]), "stdin");
        assert_eq!(
            report_name(&[PathBuf::from("a"), PathBuf::from("b")]),
            "corpus"
        );
        assert_eq!(safe_name("../..x y"), "_..x_y");
        assert_eq!(safe_name("..."), "report");
    }
}
