//! Command-line glue: options, the shared input loop, and one file per subcommand.

mod detect;
mod grammars;
mod graph;
mod heap;
mod inputs;
mod parse;
mod report;
mod summary;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser as ClapParser, Subcommand};
use threadscope::{Grammar, ParseOptions, Parser};

/// Exit code: every input was read and parsed.
pub const EXIT_OK: u8 = 0;
/// Exit code: some inputs could not be read (missing, unreadable, empty, binary); the rest were processed.
pub const EXIT_SOME_FAILED: u8 = 1;
/// Exit code: bad usage or a bad grammar file; nothing was processed.
pub const EXIT_USAGE: u8 = 2;

/// Recover reader-comment threads from scraped pages and chat exports.
#[derive(Debug, ClapParser)]
#[command(name = "threadscope", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Threads to parse files on (default: one per core). Files are spread
    /// over them; one file is parsed by one thread.
    #[arg(long, global = true, value_name = "N")]
    threads: Option<usize>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Recover the comments of each input and print them.
    Parse(parse::ParseArgs),
    /// Print a summary of the discussion's activity.
    Summary(summary::SummaryArgs),
    /// Show how well each grammar explains each input, and which one wins.
    Detect(detect::DetectArgs),
    /// List, show or check grammars.
    #[command(subcommand)]
    Grammars(grammars::GrammarsCommand),
    /// Write the reply or mention graph of authors (DOT, GraphML, GEXF, JSON, CSV).
    Graph(graph::GraphArgs),
    /// Draw timing, length and network charts (PNG, SVG) and a one-file HTML report.
    Report(report::ReportArgs),
}

/// Options shared by every command that reads inputs.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files or directories to read (`-` for standard input); directories are walked.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Use this grammar instead of detecting one: a built-in id or a grammar file.
    #[arg(long, value_name = "ID|FILE")]
    pub grammar: Option<String>,
    /// Add a grammar file to those detection chooses from (repeatable).
    #[arg(long = "grammar-file", value_name = "FILE")]
    pub grammar_files: Vec<PathBuf>,
    /// Year for dates written without one, when the page gives none.
    #[arg(long)]
    pub year: Option<i32>,
    /// The moment relative times (`3 hours ago`) count back from: `2024-05-17T20:41:00` or `2024-05-17`.
    #[arg(long, value_parser = parse_now, value_name = "DATETIME")]
    pub now: Option<chrono::NaiveDateTime>,
    /// UTC offset of times written without one: `+02:00`, `-0500`, `UTC`.
    #[arg(long, value_parser = parse_tz, value_name = "OFFSET")]
    pub tz: Option<chrono::FixedOffset>,
    /// How much inference reply edges may rest on: `explicit` (format,
    /// `@Name` markers, quotes), `addressed` (also `John, …`, `John's point`),
    /// `all` (also cues such as `Adding to that`).
    #[arg(long, value_enum, default_value_t = RepliesArg::All)]
    pub replies: RepliesArg,
    /// Do not print diagnostics on standard error.
    #[arg(long, short)]
    pub quiet: bool,
}

/// `--parts` and `--part-size`: reading a large file a part at a time.
#[derive(Debug, Args)]
pub struct PartsArgs {
    /// When to read a large chat export, or a page whose comments open with
    /// a name line and a date line, a part at a time (`parse`: to JSON
    /// Lines or CSV; `parse --format json` reads whole). Memory then holds a
    /// few parts and a small record per comment instead of the file and
    /// every comment: on 100 MB, `parse` takes 28–37 MB instead of 500 MB
    /// and `summary` 118–136 MB instead of 570–580 MB. That costs a few %
    /// more time on two cores for `parse`, 10–30 % for `summary`, `graph`
    /// and `report`, 25–30 % on one core. The output is the same.
    #[arg(long, value_enum, default_value_t = PartsArg::Auto)]
    pub parts: PartsArg,
    /// The size of a part under `--parts` (ignored under `--parts never`):
    /// `1MiB`, `256KiB`, `4M` (K, M and G are powers of 1024, with or
    /// without `B` or `iB`), or a number of bytes; at least 4KiB. Smaller
    /// parts hold less in memory; larger ones give each thread more work at
    /// a time.
    #[arg(long, value_parser = parse_size, default_value = "1MiB", value_name = "SIZE")]
    pub part_size: usize,
}

/// How a file is read in parts: from what size, in parts of how many bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts {
    /// Files of this many bytes or more are read in parts.
    pub from: usize,
    /// The size of a part.
    pub bytes: usize,
}

impl PartsArgs {
    /// How files are read in parts, if they are.
    pub fn plan(&self) -> Option<Parts> {
        self.parts.threshold().map(|from| Parts {
            from,
            bytes: self.part_size,
        })
    }
}

/// `--parts` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PartsArg {
    /// Inputs of 64 MiB or more (a file, or standard input).
    Auto,
    /// Every file read alone (one of 32 MiB or more, or the only input)
    /// at least two parts long.
    Always,
    /// Never: every comment is held at once.
    Never,
}

/// Files from this size are parsed in parts under `--parts auto`: there,
/// holding the file and every comment at once would take a third of a
/// gigabyte or more, and parts cost only a few % more time on two cores.
const AUTO_PARTS_FROM_BYTES: usize = 64 << 20;

impl PartsArg {
    /// The size from which a file is parsed in parts, if any.
    pub fn threshold(self) -> Option<usize> {
        match self {
            PartsArg::Auto => Some(AUTO_PARTS_FROM_BYTES),
            PartsArg::Always => Some(0),
            PartsArg::Never => None,
        }
    }
}

/// The smallest `--part-size`: below it, the work per part (a read, a
/// batch on the thread pool) outweighs the part.
const MIN_PART_BYTES: usize = 4 << 10;

/// `--part-size`: a number of bytes (`B` or none), with an optional `K`,
/// `M` or `G` (powers of 1024, written `K`, `KB` or `KiB` in any case); at
/// least [`MIN_PART_BYTES`].
fn parse_size(text: &str) -> Result<usize, String> {
    let bad = || format!("{text:?} is not a size such as 1MiB, 256K or 65536");
    let t = text.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let number: usize = t[..digits].parse().map_err(|_| bad())?;
    let unit = t[digits..].trim().to_ascii_lowercase();
    let shift = match unit.as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(bad()),
    };
    let bytes = number.checked_mul(1 << shift).ok_or_else(bad)?;
    if bytes < MIN_PART_BYTES {
        return Err(format!("{text:?}: a part holds at least 4KiB"));
    }
    Ok(bytes)
}

/// `--replies` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RepliesArg {
    /// Only explicit parents, reply markers and quotes.
    Explicit,
    /// Also addressing by name.
    Addressed,
    /// Also discourse cues.
    All,
}

impl InputArgs {
    /// The reply mode these options ask for.
    pub fn reply_mode(&self) -> threadscope::link::ReplyMode {
        match self.replies {
            RepliesArg::Explicit => threadscope::link::ReplyMode::Explicit,
            RepliesArg::Addressed => threadscope::link::ReplyMode::Addressed,
            RepliesArg::All => threadscope::link::ReplyMode::All,
        }
    }

    /// The parser these options describe.
    pub fn parser(&self) -> Result<Parser> {
        let mut parser = Parser::new().options(ParseOptions {
            year: self.year,
            now: self.now,
            tz: self.tz,
        });
        for file in &self.grammar_files {
            parser.add_grammar(Grammar::from_path(file)?);
        }
        if let Some(choice) = &self.grammar {
            let path = PathBuf::from(choice);
            if path.is_file() {
                let grammar = Grammar::from_path(&path)?;
                let id = grammar.id.clone();
                parser.add_grammar(grammar);
                parser.force(&id);
            } else if !parser.force(choice) {
                let known: Vec<&str> = parser.grammars().iter().map(|g| g.id.as_str()).collect();
                anyhow::bail!(
                    "--grammar {choice:?}: no such file, and no grammar has that id (known: {})",
                    known.join(", ")
                );
            }
        }
        Ok(parser)
    }
}

/// `--now`: an ISO 8601 date-time or date.
fn parse_now(text: &str) -> Result<chrono::NaiveDateTime, String> {
    threadscope::parse::timestamp::parse_iso(text.trim())
        .map(|m| m.local)
        .ok_or_else(|| format!("{text:?} is not an ISO 8601 date-time such as 2024-05-17T20:41:00"))
}

/// `--tz`: a fixed UTC offset.
fn parse_tz(text: &str) -> Result<chrono::FixedOffset, String> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("utc") || t == "Z" {
        return Ok(chrono::FixedOffset::east_opt(0).expect("zero offset"));
    }
    let bad = || format!("{text:?} is not a UTC offset such as +02:00, -0500 or UTC");
    let (sign, rest) = match t.as_bytes().first() {
        Some(b'+') => (1, &t[1..]),
        Some(b'-') => (-1, &t[1..]),
        _ => return Err(bad()),
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let hours: i32 = digits[..2].parse().map_err(|_| bad())?;
    let minutes: i32 = digits[2..].parse().map_err(|_| bad())?;
    chrono::FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60)).ok_or_else(bad)
}

/// Where output goes: a file the user named, or standard output.
pub fn open_output(path: Option<&PathBuf>) -> Result<Box<dyn Write>> {
    match path {
        Some(p) if p.as_os_str() != "-" => {
            let file = std::fs::File::create(p)
                .with_context(|| format!("cannot create {}", p.display()))?;
            Ok(Box::new(io::BufWriter::new(file)))
        }
        _ => Ok(Box::new(io::BufWriter::with_capacity(
            1 << 16,
            io::stdout().lock(),
        ))),
    }
}

/// Run the command line; the exit code says how it went.
pub fn main() -> ExitCode {
    heap::keep_freed_memory();
    let cli = Cli::parse();
    if let Some(threads) = cli.threads {
        if let Err(error) = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build_global()
        {
            eprintln!("threadscope: error: --threads {threads}: {error}");
            return ExitCode::from(EXIT_USAGE);
        }
    }
    let result = match cli.command {
        Command::Parse(args) => parse::run(args),
        Command::Summary(args) => summary::run(args),
        Command::Detect(args) => detect::run(args),
        Command::Grammars(command) => grammars::run(command),
        Command::Graph(args) => graph::run(args),
        Command::Report(args) => report::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(error) if is_broken_pipe(&error) => ExitCode::from(EXIT_OK),
        Err(error) => {
            eprintln!("threadscope: error: {error:#}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// A closed pipe (`| head`) is a clean exit.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let kind = match cause.downcast_ref::<serde_json::Error>() {
            // A write error inside JSON output hides its `io::Error`.
            Some(json) => json.io_error_kind(),
            None => cause.downcast_ref::<io::Error>().map(io::Error::kind),
        };
        kind == Some(io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_sizes_read_as_powers_of_1024() {
        assert_eq!(parse_size("1MiB"), Ok(threadscope::stream::PART_BYTES));
        assert_eq!(parse_size("65536"), Ok(65_536));
        assert_eq!(parse_size("4KiB"), Ok(MIN_PART_BYTES));
        assert_eq!(parse_size("256k"), Ok(256 << 10));
        assert_eq!(parse_size(" 4 MB "), Ok(4 << 20));
        assert_eq!(parse_size("2GiB"), Ok(2 << 30));
        for bad in [
            "",
            "MiB",
            "1.5M",
            "-1",
            "3 parts",
            "0",
            "4095",
            "99999999999999999999G",
            "18446744073709551615K",
        ] {
            let error = parse_size(bad).expect_err(bad);
            assert!(error.contains(&format!("{bad:?}")), "{error}");
        }
    }
}
