//! The JSON and JSON Lines forms of parsed documents (the versioned contract).

use std::io::{self, Write};

use serde::Serialize;

use crate::model::{Comment, Document};
use crate::JSON_VERSION;

/// Streams `{"version": 1, "documents": [...]}` one document at a time, so
/// memory holds one document, not the corpus.
pub struct JsonWriter<W: Write> {
    out: W,
    written: usize,
    pretty: bool,
}

impl<W: Write> JsonWriter<W> {
    /// Start the document list on `out`.
    pub fn new(mut out: W, pretty: bool) -> io::Result<Self> {
        write!(out, "{{\"version\":{JSON_VERSION},\"documents\":[")?;
        Ok(JsonWriter {
            out,
            written: 0,
            pretty,
        })
    }

    /// Append one document.
    pub fn document(&mut self, document: &Document<'_>) -> io::Result<()> {
        self.separate()?;
        write_document(&mut self.out, document, self.pretty)
    }

    /// Append one document rendered by [`render_document`] (on any thread),
    /// with the same `pretty` setting.
    pub fn rendered(&mut self, rendered: &[u8]) -> io::Result<()> {
        self.separate()?;
        self.out.write_all(rendered)
    }

    fn separate(&mut self) -> io::Result<()> {
        if self.written > 0 {
            self.out.write_all(b",")?;
        }
        self.written += 1;
        Ok(())
    }

    /// Close the list and flush; returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.write_all(b"]}\n")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

fn write_document(out: &mut impl Write, document: &Document<'_>, pretty: bool) -> io::Result<()> {
    if pretty {
        out.write_all(b"\n")?;
        serde_json::to_writer_pretty(out, document)?;
    } else {
        serde_json::to_writer(out, document)?;
    }
    Ok(())
}

/// One document as [`JsonWriter::document`] writes it, for
/// [`JsonWriter::rendered`].
pub fn render_document(document: &Document<'_>, pretty: bool) -> io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(document.bytes * 2);
    write_document(&mut out, document, pretty)?;
    Ok(out)
}

/// One line of JSON Lines output: a comment with its document's path.
#[derive(Serialize)]
struct CommentLine<'d, 'a> {
    path: &'d str,
    grammar: Option<&'d str>,
    #[serde(flatten)]
    comment: &'d Comment<'a>,
}

/// Writes one comment per line, each with its document's path and grammar.
pub struct JsonlWriter<W: Write> {
    out: W,
}

impl<W: Write> JsonlWriter<W> {
    /// Write to `out`.
    pub fn new(out: W) -> Self {
        JsonlWriter { out }
    }

    /// Append every comment of a document.
    pub fn document(&mut self, document: &Document<'_>) -> io::Result<()> {
        write_lines(&mut self.out, document)
    }

    /// Append the lines of a document rendered by [`render_lines`] (on any
    /// thread).
    pub fn rendered(&mut self, rendered: &[u8]) -> io::Result<()> {
        self.out.write_all(rendered)
    }

    /// Flush; returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

fn write_lines(out: &mut impl Write, document: &Document<'_>) -> io::Result<()> {
    super::write_rows_in_parallel(out, &document.comments, |out, comment| {
        let line = CommentLine {
            path: &document.path,
            grammar: document.grammar.as_deref(),
            comment,
        };
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")
    })
}

/// The JSON Lines of one document as [`JsonlWriter::document`] writes them,
/// for [`JsonlWriter::rendered`].
pub fn render_lines(document: &Document<'_>) -> io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(document.bytes * 3);
    write_lines(&mut out, document)?;
    Ok(out)
}

/// The whole JSON contract for `documents` as a value (for tests and embedding).
pub fn to_value(documents: &[Document<'_>]) -> serde_json::Value {
    serde_json::json!({ "version": JSON_VERSION, "documents": documents })
}

impl<W: Write> super::DocumentSink for JsonWriter<W> {
    fn document(&mut self, document: &Document<'_>) -> io::Result<()> {
        JsonWriter::document(self, document)
    }

    fn rendered(&mut self, rendered: &[u8]) -> io::Result<()> {
        JsonWriter::rendered(self, rendered)
    }
}

impl<W: Write> super::DocumentSink for JsonlWriter<W> {
    fn document(&mut self, document: &Document<'_>) -> io::Result<()> {
        JsonlWriter::document(self, document)
    }

    fn rendered(&mut self, rendered: &[u8]) -> io::Result<()> {
        JsonlWriter::rendered(self, rendered)
    }
}
