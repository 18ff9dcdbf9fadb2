//! The input loop shared by commands: expand paths, read, decode, parse,
//! report problems on standard error, and count failures.

use threadscope::input::{self, Source};
use threadscope::{Document, Parser, Severity};

use super::{InputArgs, EXIT_OK, EXIT_SOME_FAILED};

/// Diagnostics printed per input before a count of the rest.
const MAX_PRINTED_DIAGNOSTICS: usize = 5;

/// How the inputs went.
#[derive(Debug, Default)]
pub struct Tally {
    /// Inputs that could not be read.
    pub failed: usize,
    /// Inputs parsed.
    pub parsed: usize,
}

impl Tally {
    /// The exit code for this tally.
    pub fn exit_code(&self) -> u8 {
        if self.failed > 0 {
            EXIT_SOME_FAILED
        } else {
            EXIT_OK
        }
    }
}

/// Read every input in order and hand its decoded text to `each`; one bad
/// input is reported and the others still run.
pub fn for_each_source(
    args: &InputArgs,
    mut each: impl FnMut(&str, &str) -> anyhow::Result<()>,
) -> anyhow::Result<Tally> {
    let mut tally = Tally::default();
    for source in input::expand(&args.paths) {
        let read = source.and_then(|s| input::read(&s).map(|b| (s, b)));
        let (source, bytes) = match read {
            Ok(read) => read,
            Err(error) => {
                eprintln!("threadscope: {error}");
                tally.failed += 1;
                continue;
            }
        };
        let (text, _) = input::decode(&bytes);
        tally.parsed += 1;
        each(&source.name(), &text)?;
    }
    Ok(tally)
}

/// Parse every input in order and hand each document to `each`; one bad
/// input is reported and the others still run.
pub fn for_each_document(
    args: &InputArgs,
    parser: &Parser,
    mut each: impl FnMut(Document<'_>) -> anyhow::Result<()>,
) -> anyhow::Result<Tally> {
    let mut tally = Tally::default();
    for source in input::expand(&args.paths) {
        let source = match source {
            Ok(source) => source,
            Err(error) => {
                eprintln!("threadscope: {error}");
                tally.failed += 1;
                continue;
            }
        };
        let bytes = match input::read(&source) {
            Ok(bytes) => bytes,
            Err(error) => {
                eprintln!("threadscope: {error}");
                tally.failed += 1;
                continue;
            }
        };
        let name = source.name();
        let (text, mut decode_diagnostics) = input::decode(&bytes);
        let mut document = parser.parse(&name, &text);
        threadscope::link::link(&mut document, &text, args.reply_mode());
        decode_diagnostics.append(&mut document.diagnostics);
        document.diagnostics = decode_diagnostics;
        if !args.quiet {
            report(&source, &document);
        }
        tally.parsed += 1;
        each(document)?;
    }
    Ok(tally)
}

fn report(source: &Source, document: &Document<'_>) {
    let shown: Vec<_> = document
        .diagnostics
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .collect();
    for d in shown.iter().take(MAX_PRINTED_DIAGNOSTICS) {
        eprintln!(
            "threadscope: {}:{}:{}: {}: {}",
            source.name(),
            d.line,
            d.column,
            d.severity,
            d.message
        );
    }
    if shown.len() > MAX_PRINTED_DIAGNOSTICS {
        eprintln!(
            "threadscope: {}: {} more diagnostics (all are in the JSON output)",
            source.name(),
            shown.len() - MAX_PRINTED_DIAGNOSTICS
        );
    }
}
