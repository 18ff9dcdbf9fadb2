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
        if self.written > 0 {
            self.out.write_all(b",")?;
        }
        if self.pretty {
            self.out.write_all(b"\n")?;
            serde_json::to_writer_pretty(&mut self.out, document)?;
        } else {
            serde_json::to_writer(&mut self.out, document)?;
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
        for comment in &document.comments {
            let line = CommentLine {
                path: &document.path,
                grammar: document.grammar.as_deref(),
                comment,
            };
            serde_json::to_writer(&mut self.out, &line)?;
            self.out.write_all(b"\n")?;
        }
        Ok(())
    }

    /// Flush; returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

/// The whole JSON contract for `documents` as a value (for tests and embedding).
pub fn to_value(documents: &[Document<'_>]) -> serde_json::Value {
    serde_json::json!({ "version": JSON_VERSION, "documents": documents })
}
