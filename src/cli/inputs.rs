//! The input loop shared by commands: expand paths, read, decode, parse,
//! report problems on standard error, and count failures.

use rayon::prelude::*;
use threadscope::input::{self, Source};
use threadscope::{Document, Parser, Severity};

use super::{InputArgs, Parts, EXIT_OK, EXIT_SOME_FAILED};

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

/// [`for_each_prepared`] with nothing to prepare: each document, or each
/// part and the end of a file `parts` says to read in parts.
pub fn for_each_given(
    args: &InputArgs,
    parser: &Parser,
    parts: Option<Parts>,
    each: impl FnMut(Given<'_, ()>) -> anyhow::Result<()>,
) -> anyhow::Result<Tally> {
    for_each_prepared(args, parser, parts, |_| (), each)
}

/// A builder that takes documents whole or a part at a time.
pub trait TakesParts {
    /// Take in a whole document.
    fn whole(&mut self, document: &Document<'_>);
    /// Take in the next part of a document.
    fn part(&mut self, part: &Document<'_>);
    /// Close the document whose parts were taken in; `head` is the rest of it.
    fn end(&mut self, head: &Document<'_>);
}

/// `TakesParts` for builders whose `end_document` reads the head.
macro_rules! takes_parts_with_head {
    ($($builder:ty),*) => {$(
        impl TakesParts for $builder {
            fn whole(&mut self, document: &Document<'_>) {
                self.add(document);
            }
            fn part(&mut self, part: &Document<'_>) {
                self.add_part(part);
            }
            fn end(&mut self, head: &Document<'_>) {
                self.end_document(head);
            }
        }
    )*};
}

takes_parts_with_head!(
    threadscope::stats::SummaryBuilder,
    threadscope::render::ReportBuilder
);

impl TakesParts for threadscope::graph::GraphBuilder {
    fn whole(&mut self, document: &Document<'_>) {
        self.add(document);
    }
    fn part(&mut self, part: &Document<'_>) {
        self.add_part(part);
    }
    fn end(&mut self, _head: &Document<'_>) {
        self.end_document();
    }
}

/// Hand `given` to every one of `builders`; returns the document once it is
/// complete (whole, or the rest of one given in parts), `None` after a part.
pub fn hand_to<'a>(
    builders: &mut [&mut dyn TakesParts],
    given: Given<'a, ()>,
) -> Option<Document<'a>> {
    match given {
        Given::Whole(document, _) => {
            builders.iter_mut().for_each(|b| b.whole(&document));
            Some(document)
        }
        Given::Part(part) => {
            builders.iter_mut().for_each(|b| b.part(&part));
            None
        }
        Given::End(head) => {
            builders.iter_mut().for_each(|b| b.end(&head));
            Some(head)
        }
    }
}

/// What the input loop hands on, in input order.
pub enum Given<'a, R> {
    /// A whole document, with what `prepare` made of it (`None` for a file
    /// alone in its batch).
    Whole(Document<'a>, Option<R>),
    /// The next part of a document given in parts (its segments and
    /// comments).
    Part(Document<'a>),
    /// The end of a document given in parts: all of it but its segments
    /// and comments.
    End(Document<'a>),
}

/// Files read, parsed and linked together, spread over the threads; the
/// documents are then handed on in input order. Memory holds one batch.
/// Large enough that threads seldom wait for the slowest file of a batch.
const FILES_PER_THREAD: usize = 16;
/// A batch stops growing at this many bytes of input; a larger file makes
/// a batch of its own.
const BATCH_BYTES: u64 = 32 << 20;

/// Parse every input and hand each document to `each`, with a step
/// `prepare` run on each document on the worker threads (rendering its output, say) whose result comes to
/// `each` beside the document ([`Given::Whole`]). Inputs are read, decoded, parsed, linked and
/// prepared in parallel, a batch of files at a time; `each` sees them in
/// input order, one after the other. A file in a batch of its own (a large
/// one) is not prepared (`None`): `each` can stream its output instead of
/// holding it. When such a file holds at least `parts.from` bytes, it is
/// parsed and linked a part of `parts.bytes` at a time ([`threadscope::stream`]) if its
/// format allows: `each` sees each part ([`Given::Part`]), then the rest of
/// the document ([`Given::End`]). Memory then holds a few parts, not every
/// comment: a file is read a piece at a time (standard input, and a file
/// that is not plain UTF-8, are read whole first).
pub fn for_each_prepared<R: Send>(
    args: &InputArgs,
    parser: &Parser,
    parts: Option<Parts>,
    prepare: impl Fn(&Document<'_>) -> R + Sync,
    mut each: impl FnMut(Given<'_, R>) -> anyhow::Result<()>,
) -> anyhow::Result<Tally> {
    let mut tally = Tally::default();
    let per_batch = FILES_PER_THREAD * rayon::current_num_threads();
    let mut sources = input::expand(&args.paths).into_iter().peekable();
    while sources.peek().is_some() {
        let batch = next_batch(&mut sources, per_batch);
        let alone = batch.len() == 1;
        if let (Some(parts), [Ok(Source::File(path))]) = (parts, batch.as_slice()) {
            if std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() >= parts.from as u64) {
                let name = Source::File(path.clone()).name();
                let mut given = 0;
                let streamed = threadscope::stream::parse_and_link_file_in_parts(
                    parser,
                    path,
                    &name,
                    args.reply_mode(),
                    parts.bytes,
                    |part| {
                        given += 1;
                        each(Given::Part(part))
                    },
                );
                match streamed {
                    Ok(Some(head)) => {
                        if !args.quiet {
                            report(&name, &head.diagnostics);
                        }
                        tally.parsed += 1;
                        each(Given::End(head))?;
                        continue;
                    }
                    // Not a file to read in pieces: read it whole below.
                    Ok(None) => {}
                    Err(error) => match error.downcast::<input::InputError>() {
                        Ok(error) if given == 0 => {
                            eprintln!("threadscope: {error}");
                            tally.failed += 1;
                            continue;
                        }
                        // Part of the file is out already: stop rather
                        // than go on with a document cut short.
                        Ok(error) => {
                            return Err(anyhow::Error::new(error).context(format!(
                                "stopped after {given} parts of {name} were given"
                            )))
                        }
                        Err(error) => return Err(error),
                    },
                }
            }
        }
        let loaded: Vec<Result<Loaded, input::InputError>> =
            batch.into_par_iter().map(|source| load(source?)).collect();
        if let [Ok(large)] = loaded.as_slice() {
            if let Some(parts) = parts.filter(|parts| large.text.len() >= parts.from) {
                let head = threadscope::stream::parse_and_link_in_parts(
                    parser,
                    &large.name,
                    &large.text,
                    args.reply_mode(),
                    parts.bytes,
                    |part| each(Given::Part(part)),
                )?;
                let mut diagnostics = large.diagnostics.clone();
                diagnostics.extend(head.diagnostics);
                if !args.quiet {
                    report(&large.name, &diagnostics);
                }
                tally.parsed += 1;
                each(Given::End(Document {
                    diagnostics,
                    ..head
                }))?;
                continue;
            }
        }
        let worked: Vec<Worked<'_, R>> = loaded
            .par_iter()
            .map(|loaded| {
                let loaded = loaded.as_ref()?;
                let mut document = parser.parse(&loaded.name, &loaded.text);
                threadscope::link::link(&mut document, &loaded.text, args.reply_mode());
                let mut diagnostics = loaded.diagnostics.clone();
                diagnostics.append(&mut document.diagnostics);
                document.diagnostics = diagnostics;
                let prepared = (!alone).then(|| prepare(&document));
                Ok((loaded, document, prepared))
            })
            .collect();
        for result in worked {
            match result {
                Ok((loaded, document, prepared)) => {
                    if !args.quiet {
                        report(&loaded.name, &document.diagnostics);
                    }
                    tally.parsed += 1;
                    each(Given::Whole(document, prepared))?;
                }
                Err(error) => {
                    eprintln!("threadscope: {error}");
                    tally.failed += 1;
                }
            }
        }
    }
    Ok(tally)
}

/// An input parsed and linked (with what `prepare` made of it), or why it
/// could not be read.
type Worked<'l, R> = Result<(&'l Loaded, Document<'l>, Option<R>), &'l input::InputError>;

/// An input read and decoded.
struct Loaded {
    name: String,
    text: String,
    diagnostics: Vec<threadscope::Diagnostic>,
}

fn load(source: Source) -> Result<Loaded, input::InputError> {
    let bytes = input::read(&source)?;
    let (text, diagnostics) = input::decode_owned(bytes);
    Ok(Loaded {
        name: source.name(),
        text,
        diagnostics,
    })
}

/// The next sources to work on together: up to `count` of them and
/// [`BATCH_BYTES`] of input, or one large file (or standard input) alone.
fn next_batch(
    sources: &mut std::iter::Peekable<impl Iterator<Item = Result<Source, input::InputError>>>,
    count: usize,
) -> Vec<Result<Source, input::InputError>> {
    let size = |source: &Result<Source, input::InputError>| match source {
        Ok(Source::File(path)) => std::fs::metadata(path).map_or(0, |m| m.len()),
        Ok(Source::Stdin) => BATCH_BYTES,
        Err(_) => 0,
    };
    let mut batch = Vec::new();
    let mut bytes = 0;
    while let Some(source) = sources.peek() {
        let next = size(source);
        if !batch.is_empty() && (batch.len() >= count || bytes + next > BATCH_BYTES) {
            break;
        }
        bytes += next;
        batch.extend(sources.next());
    }
    batch
}

fn report(name: &str, diagnostics: &[threadscope::Diagnostic]) {
    let shown: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .collect();
    for d in shown.iter().take(MAX_PRINTED_DIAGNOSTICS) {
        eprintln!(
            "threadscope: {}:{}:{}: {}: {}",
            name, d.line, d.column, d.severity, d.message
        );
    }
    if shown.len() > MAX_PRINTED_DIAGNOSTICS {
        eprintln!(
            "threadscope: {}: {} more diagnostics (all are in the JSON output)",
            name,
            shown.len() - MAX_PRINTED_DIAGNOSTICS
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Parts, RepliesArg};

    /// How many parts, wholes and ends a file of 200 KB comes in, read in
    /// parts of `bytes` from its file or (`piped`) from memory.
    fn given(path: &std::path::Path, bytes: usize) -> (usize, usize, usize) {
        let args = InputArgs {
            paths: vec![path.to_owned()],
            grammar: None,
            grammar_files: Vec::new(),
            year: None,
            now: None,
            tz: None,
            replies: RepliesArg::All,
            quiet: true,
        };
        let parser = args.parser().expect("a parser");
        let (mut parts, mut wholes, mut ends) = (0, 0, 0);
        for_each_prepared(
            &args,
            &parser,
            Some(Parts { from: 0, bytes }),
            |_| (),
            |given| {
                match given {
                    Given::Part(_) => parts += 1,
                    Given::Whole(..) => wholes += 1,
                    Given::End(_) => ends += 1,
                }
                Ok(())
            },
        )
        .expect("the file is read");
        (parts, wholes, ends)
    }

    /// `--part-size` reaches the parts: a file of 200 KB comes in a dozen
    /// parts of 16 KiB, in one of 1 MiB; plain UTF-8 or not (then decoded
    /// whole and cut in memory). (Whether a plain file was read piece by
    /// piece or whole does not show here; `tests/stream.rs` reads files in
    /// pieces of several sizes.)
    #[test]
    fn a_file_comes_in_parts_of_the_size_asked() {
        let mut text = String::new();
        for i in 0..4000 {
            text.push_str(&format!(
                "01/03/2024, {:02}:{:02} - Ada Obi: message {i} on the ferry\n",
                i / 60 % 24,
                i % 60
            ));
        }
        let dir = tempfile::tempdir().expect("a temporary directory");
        let plain = dir.path().join("chat.txt");
        std::fs::write(&plain, &text).expect("write");
        // One byte that is not UTF-8: the file is decoded whole first.
        let latin = dir.path().join("latin.txt");
        let mut bytes = text.clone().into_bytes();
        let at = bytes.len() / 2;
        bytes[at] = 0xFF;
        std::fs::write(&latin, bytes).expect("write");
        for path in [&plain, &latin] {
            let (parts, wholes, ends) = given(path, 16 << 10);
            assert!(parts >= 10, "{parts} parts of {}", path.display());
            assert_eq!((wholes, ends), (0, 1));
            assert_eq!(given(path, 1 << 20), (1, 0, 1));
        }
    }
}
