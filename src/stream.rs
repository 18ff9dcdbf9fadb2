//! Parse and link a document a part at a time: for chat exports and pages
//! too large to hold every comment in memory at once.
//!
//! [`parse_and_link_in_parts`] hands each part (a stretch of the text, with
//! its segments and linked comments) to the caller, who writes it out and
//! lets it go; memory holds the text, the authors and a few parts.
//! [`parse_and_link_file_in_parts`] reads the text from its file a piece at
//! a time, so that memory holds only the authors and a few parts. The
//! parts, joined in order, are exactly what [`crate::Parser::parse`] and
//! [`crate::link::link`] give for the whole text: the same segments, ids,
//! timestamps, parents and mentions. The price is a second run of the line
//! engine (the first learns what every part needs of the whole: how dates
//! read, who the authors are).
//!
//! ```
//! use threadscope::{link::ReplyMode, stream, Parser};
//!
//! let mut text = String::new();
//! for minute in 0..50 {
//!     text.push_str(&format!("17/05/2024, 20:{minute:02} - Ana Obi: message {minute}\n"));
//! }
//! let parser = Parser::new();
//! let mut comments = 0;
//! let head = stream::parse_and_link_in_parts(&parser, "chat.txt", &text, ReplyMode::All, 512, |part| {
//!     comments += part.comments.len();
//!     Ok::<(), std::io::Error>(())
//! })
//! .unwrap();
//! assert_eq!(comments, 50);
//! assert_eq!(head.grammar.as_deref(), Some("whatsapp"));
//! assert!(head.comments.is_empty());
//! ```

use std::path::Path;

use crate::input::InputError;
use crate::link::{self, Linker, ReplyMode};
use crate::model::Document;
use crate::parse::{comment_id, Parser};

/// The size of a part the command line reads large files in unless told
/// otherwise (`--part-size`): small enough
/// that a few parts are a small share of the text, large enough that each
/// keeps both cores busy.
pub const PART_BYTES: usize = 1 << 20;

/// Parse `text` (read from `path`) and link its comments under `mode`,
/// handing the document to `each` a part of about `part_bytes` at a time,
/// in order. Each part is a [`Document`] with the path, format, confidence
/// and article (its comments' delays from the page's date need it), and a
/// stretch's segments and comments; the returned document holds the rest
/// (article and every diagnostic) and no segments or comments. A text that
/// cannot be cut comes as one part: one in a format whose comments are not
/// each opened by a header alone (bylines, date lines, thread markers,
/// headers of several shapes or matched before their last line, a page's
/// text between comments read as article), one too small to be worth it,
/// with no comment header after the first part, or with no comments. Stops at the first error of
/// `each`.
pub fn parse_and_link_in_parts<'a, E>(
    parser: &Parser,
    path: &str,
    text: &'a str,
    mode: ReplyMode,
    part_bytes: usize,
    mut each: impl FnMut(Document<'a>) -> Result<(), E>,
) -> Result<Document<'a>, E> {
    let Some(mut parted) = parser.parse_in_parts(path, text, part_bytes) else {
        let mut document = parser.parse(path, text);
        link::link(&mut document, text, mode);
        let head = Document {
            path: document.path.clone(),
            bytes: document.bytes,
            grammar: document.grammar.clone(),
            confidence: document.confidence,
            article: document.article.clone(),
            segments: Vec::new(),
            comments: Vec::new(),
            diagnostics: std::mem::take(&mut document.diagnostics),
        };
        each(document)?;
        return Ok(head);
    };
    let (participants, titled) = parted.take_people();
    let mut linker = Linker::new(&participants, &titled, mode);
    while let Some(parts) = parted.next_parts() {
        for part in parts {
            let mut document = parted.part_document(part);
            linker.link_part(&mut document.comments, &comment_id);
            each(document)?;
        }
    }
    Ok(parted.finish())
}

/// [`parse_and_link_in_parts`] for the file at `path` (named `name` in the
/// output), read a piece at a time: memory holds a few parts' text and
/// comments, not the whole file (unless no comment header opens for a
/// long stretch: a piece runs to the next one). `Ok(None)` when the file
/// cannot be read this way (too small to cut, not plain UTF-8, not a format
/// whose comments each open with a header that alone opens them, no
/// comments): nothing was given
/// to `each`; read the file and parse it whole instead. Stops at the first
/// error of `each`, or of reading the file (which can come after parts
/// were given: the file could not be read again, or changed).
pub fn parse_and_link_file_in_parts<E: From<InputError>>(
    parser: &Parser,
    path: &Path,
    name: &str,
    mode: ReplyMode,
    part_bytes: usize,
    mut each: impl FnMut(Document<'_>) -> Result<(), E>,
) -> Result<Option<Document<'static>>, E> {
    let failed = |source| InputError::Io {
        path: name.to_owned(),
        source,
    };
    let Some(mut parted) = parser
        .parse_file_in_parts(path, name, part_bytes)
        .map_err(failed)?
    else {
        return Ok(None);
    };
    let (participants, titled) = parted.take_people();
    let mut linker = Linker::new(&participants, &titled, mode);
    while let Some(documents) = parted.next_documents().map_err(failed)? {
        for mut document in documents {
            linker.link_part(&mut document.comments, &comment_id);
            each(document)?;
        }
    }
    Ok(Some(parted.finish()))
}
