//! A large chat export or page parsed in parts straight from its file: each pass
//! reads the file a piece at a time, so memory holds a few pieces and their
//! comments, never the whole text.
//!
//! The pieces are cut as the first pass reads: a piece ends at the first
//! comment header after `part_bytes` (a file with no header for a long
//! stretch makes a long piece, held whole). The second pass reads the same
//! byte ranges again, after checking that the file's length and
//! modification time are those of the first, and that each piece hashes as
//! it did. A file that is not plain UTF-8 (UTF-16, a bad byte, a NUL near
//! the start) is left to the whole-text path, which reports it.

use std::fs::File;
use std::hash::BuildHasher;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

use crate::model::Document;

use super::lines::Lines;
use super::parts::{FirstPass, Plan};
use super::{detect, split, Parser};

/// Bytes read at a time while looking for the end of a piece (less for
/// smaller parts: what is read past a cut is copied into the next piece).
const READ_BYTES: usize = 256 << 10;
/// The most read at a time while a piece finds no end (a long line).
const MAX_READ_BYTES: usize = 64 << 20;
/// Bytes at the start of a file looked at for a NUL (as
/// [`crate::input::check_text`] does).
const BINARY_PROBE: usize = 8192;

/// A file being parsed a part at a time. Made by
/// [`Parser::parse_file_in_parts`].
pub struct PartedFile<'p> {
    file: File,
    /// Length and modification time at the first pass: the second checks
    /// that the file is still the one it cut.
    identity: (u64, Option<std::time::SystemTime>),
    plan: Plan<'p>,
    /// A hash of each piece's bytes at the first pass: the second checks
    /// that it reads the same text, which a rewrite of the same length
    /// that kept the modification time would otherwise slip past.
    digests: PieceDigests,
    /// The text of the pieces being given, kept while their parts live.
    pieces: Vec<(usize, String)>,
}

/// The hashes of a file's pieces, in order, with the hasher that made them.
#[derive(Default)]
struct PieceDigests {
    /// The hash, seeded once per file (both passes use it).
    hasher: foldhash::fast::RandomState,
    /// Each piece's hash, in the order of the pieces.
    digests: Vec<u64>,
}

impl PieceDigests {
    /// The hash of `bytes`.
    fn of(&self, bytes: &[u8]) -> u64 {
        self.hasher.hash_one(bytes)
    }
}

impl Parser {
    /// Parse the file at `path` (named `name` in the output) a part of about
    /// `part_bytes` at a time, reading it piece by piece, when it is worth
    /// it and possible: the file holds at least twice `part_bytes` of UTF-8
    /// text (no NUL near the start), detection (or [`Parser::force`]) picks
    /// a format whose comments each open with a header that alone opens them
    /// (see [`Parser::parse_in_parts`]), and that format finds comments in it. `Ok(None)` otherwise: read it
    /// whole. The parts equal those of [`Parser::parse_in_parts`] joined.
    pub fn parse_file_in_parts<'p>(
        &'p self,
        path: &Path,
        name: &str,
        part_bytes: usize,
    ) -> io::Result<Option<PartedFile<'p>>> {
        let part_bytes = part_bytes.max(1);
        let mut file = File::open(path)?;
        let metadata = file.metadata()?;
        let identity = (metadata.len(), metadata.modified().ok());
        let len = usize::try_from(metadata.len()).map_err(io::Error::other)?;
        if len < part_bytes.saturating_mul(2) || len <= detect::SAMPLE_BYTES {
            return Ok(None);
        }
        let Some(sample) = sample(&mut file, len)? else {
            return Ok(None);
        };
        let chosen = match self.forced {
            Some(index) => Some((index, 1.0)),
            None => self.choose_in_sample(&sample),
        };
        let Some(chosen) = chosen else {
            return Ok(None);
        };
        let grammar = &self.grammars[chosen.0];
        if !split::splittable(grammar) {
            return Ok(None);
        }
        file.seek(SeekFrom::Start(0))?;
        let mut first = FirstPass::new(grammar);
        let mut digests = PieceDigests::default();
        let Some(bounds) = first_pass(&mut file, grammar, part_bytes, &mut first, &mut digests)?
        else {
            return Ok(None);
        };
        if bounds.len() < 2 || bounds.last().map(|b| b.1) != Some(len) {
            return Ok(None);
        }
        let Some(plan) = first.into_plan(self, name, len, chosen, bounds) else {
            return Ok(None);
        };
        Ok(Some(PartedFile {
            file,
            identity,
            plan,
            digests,
            pieces: Vec::new(),
        }))
    }
}

impl PartedFile<'_> {
    /// The people of the whole text, taken out (see
    /// [`super::PartedParse::take_people`]).
    pub fn take_people(&mut self) -> (Vec<String>, Vec<String>) {
        self.plan.take_people()
    }

    /// The next parts, each as a document of its own (path, format,
    /// confidence, article, the part's segments and comments), read and parsed
    /// several at once; `None` when every part has been given. An error if
    /// the file can no longer be read, or its length, modification time or
    /// text changed since the first pass (parts may have been given already).
    pub fn next_documents(&mut self) -> io::Result<Option<Vec<Document<'_>>>> {
        let bounds = self.plan.next_bounds().to_vec();
        if bounds.is_empty() {
            return Ok(None);
        }
        let metadata = self.file.metadata()?;
        if (metadata.len(), metadata.modified().ok()) != self.identity {
            return Err(changed());
        }
        self.pieces.clear();
        // These pieces are the last the plan handed out.
        let first_piece = self.plan.pieces_given() - bounds.len();
        for (k, (start, end)) in bounds.into_iter().enumerate() {
            let mut bytes = vec![0; end - start];
            self.file.seek(SeekFrom::Start(start as u64))?;
            self.file.read_exact(&mut bytes)?;
            let read_before = self.digests.digests.get(first_piece + k).copied();
            debug_assert!(read_before.is_some(), "a hash for every piece");
            if read_before != Some(self.digests.of(&bytes)) {
                return Err(changed());
            }
            let text = String::from_utf8(bytes).map_err(|_| changed())?;
            self.pieces.push((start, text));
        }
        let pieces: Vec<(usize, &str)> = self
            .pieces
            .iter()
            .map(|(start, text)| (*start, text.as_str()))
            .collect();
        let parts = self.plan.build(&pieces);
        Ok(Some(
            parts
                .into_iter()
                .map(|part| self.plan.part_document(part))
                .collect(),
        ))
    }

    /// The document without its segments and comments (given in parts):
    /// path, format, article and every diagnostic, in input order.
    pub fn finish(self) -> Document<'static> {
        self.plan.finish()
    }
}

fn changed() -> io::Error {
    io::Error::other("the file changed while it was read")
}

/// The detection sample of a file of `len` bytes, as [`detect::sample`]
/// cuts it from the whole text; `None` when the file does not start as
/// plain UTF-8 text.
fn sample(file: &mut File, len: usize) -> io::Result<Option<String>> {
    let half = detect::SAMPLE_BYTES / 2;
    let mut head = vec![0; half];
    file.read_exact(&mut head)?;
    let plain = !head.starts_with(&[0xFF, 0xFE])
        && !head.starts_with(&[0xFE, 0xFF])
        && memchr::memchr(0, &head[..BINARY_PROBE.min(half)]).is_none();
    if !plain {
        return Ok(None);
    }
    let head_end = memchr::memrchr(b'\n', &head).map_or(0, |i| i + 1);
    head.truncate(head_end);
    let mut tail = vec![0; half];
    file.seek(SeekFrom::Start((len - half) as u64))?;
    file.read_exact(&mut tail)?;
    let tail_start = memchr::memchr(b'\n', &tail).map_or(tail.len(), |i| i + 1);
    head.extend_from_slice(&tail[tail_start..]);
    Ok(String::from_utf8(head).ok())
}

/// Read the whole file from its start, cutting it into pieces of about
/// `part_bytes` that each end where a comment header opens, and hand them
/// to `first` (and their hashes to `digests`); the pieces' bounds, or
/// `None` if the file is not UTF-8.
fn first_pass(
    file: &mut File,
    grammar: &crate::grammar::Grammar,
    part_bytes: usize,
    first: &mut FirstPass<'_>,
    digests: &mut PieceDigests,
) -> io::Result<Option<Vec<(usize, usize)>>> {
    let at_once = rayon::current_num_threads().max(1);
    let mut bounds = Vec::new();
    let mut batch: Vec<(usize, String)> = Vec::new();
    let mut buffer: Vec<u8> = Vec::new();
    let mut start = 0;
    let mut eof = false;
    let read_bytes = part_bytes.clamp(4 << 10, READ_BYTES);
    loop {
        // Look for a header from `part_bytes` on, reading more as needed:
        // twice as much each time nothing is found, so that a long line is
        // not searched again for every small read.
        let mut searched = part_bytes;
        let mut ahead = read_bytes;
        let cut = loop {
            if !eof && buffer.len() < searched + read_bytes {
                eof = read_more(file, &mut buffer, read_bytes)? == 0;
                continue;
            }
            match find_cut(grammar, &buffer, &mut searched, eof) {
                Cut::At(cut) => break cut,
                Cut::NotUtf8 => return Ok(None),
                Cut::NeedMore if eof => break buffer.len(),
                Cut::NeedMore => {
                    eof = read_more(file, &mut buffer, ahead)? == 0;
                    ahead = (ahead * 2).min(MAX_READ_BYTES);
                }
            }
        };
        if cut == 0 {
            break;
        }
        let rest = buffer.split_off(cut);
        let piece = std::mem::replace(&mut buffer, rest);
        digests.digests.push(digests.of(&piece));
        let Ok(piece) = String::from_utf8(piece) else {
            return Ok(None);
        };
        bounds.push((start, start + cut));
        batch.push((start, piece));
        start += cut;
        if batch.len() == at_once {
            add_batch(first, &mut batch);
        }
        if eof && buffer.is_empty() {
            break;
        }
    }
    add_batch(first, &mut batch);
    Ok(Some(bounds))
}

/// Run the first pass over the pieces of `batch`, and empty it.
fn add_batch(first: &mut FirstPass<'_>, batch: &mut Vec<(usize, String)>) {
    let pieces: Vec<(usize, &str)> = batch.iter().map(|(s, t)| (*s, t.as_str())).collect();
    first.add_pieces(&pieces);
    batch.clear();
}

/// Append up to `bytes` of the file to `buffer`; how many were read.
fn read_more(file: &mut File, buffer: &mut Vec<u8>, bytes: usize) -> io::Result<usize> {
    let had = buffer.len();
    buffer.resize(had + bytes, 0);
    let read = loop {
        match file.read(&mut buffer[had..]) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => break other?,
        }
    };
    buffer.truncate(had + read);
    Ok(read)
}

/// Where a piece ends.
enum Cut {
    /// At this byte: a line that opens a comment starts there.
    At(usize),
    /// No such line in the complete lines read so far.
    NeedMore,
    /// A line is not UTF-8.
    NotUtf8,
}

/// The first line start at or after `*searched` (past a line break) that
/// opens a comment, among the complete lines of `buffer` (the last line too
/// at the end of the file). A line is judged only once every line of a
/// header starting there could be read; `*searched` moves to the line break
/// before the first line not judged.
fn find_cut(
    grammar: &crate::grammar::Grammar,
    buffer: &[u8],
    searched: &mut usize,
    eof: bool,
) -> Cut {
    if *searched >= buffer.len() {
        return Cut::NeedMore;
    }
    let complete = if eof {
        buffer.len()
    } else {
        match memchr::memrchr(b'\n', buffer) {
            Some(i) => i + 1,
            None => return Cut::NeedMore,
        }
    };
    if complete <= *searched {
        // A line longer than what was read runs across `searched`.
        return Cut::NeedMore;
    }
    // The first line start after `searched`.
    let Some(newline) = memchr::memchr(b'\n', &buffer[*searched..complete]) else {
        return Cut::NeedMore;
    };
    let from = *searched + newline + 1;
    let Ok(lines) = std::str::from_utf8(&buffer[from..complete]) else {
        return Cut::NotUtf8;
    };
    // A header of several lines is judged only when all of them were read.
    let header_lines = split::header_lines(grammar).max(1);
    let starts: Vec<usize> = Lines::new(lines).map(|line| line.start).collect();
    let judged = if eof {
        starts.len()
    } else {
        starts.len().saturating_sub(header_lines - 1)
    };
    for &start in &starts[..judged] {
        if split::opens_a_message(grammar, lines, start) {
            return Cut::At(from + start);
        }
    }
    // Go on from the line break before the first line not judged.
    *searched = match starts.get(judged) {
        Some(&start) => from + start - 1,
        None => complete.saturating_sub(1),
    }
    .max(*searched);
    Cut::NeedMore
}
