//! The JSON and JSON Lines forms of parsed documents (the versioned contract).

use std::io::{self, Write};

use crate::model::Document;
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

/// Each line is one JSON object: the document's `path` and `grammar`, then
/// the comment's own fields. The two document fields are rendered once per
/// document; each comment's fields follow, written by hand as serde_json
/// would write them ([`super::json_line`]; serde's `flatten` would give the
/// same bytes, several times slower).
fn write_lines(out: &mut impl Write, document: &Document<'_>) -> io::Result<()> {
    let mut head = b"{\"path\":".to_vec();
    serde_json::to_writer(&mut head, &document.path)?;
    head.extend_from_slice(b",\"grammar\":");
    serde_json::to_writer(&mut head, &document.grammar)?;
    head.push(b',');
    super::write_rows_in_parallel(out, &document.comments, |out, comment| {
        out.extend_from_slice(&head);
        super::json_line::write_comment_fields(out, comment)?;
        out.push(b'\n');
        Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Comment;

    /// A line as serde's `flatten` writes it: the reference the joined
    /// objects must equal, byte for byte.
    #[derive(serde::Serialize)]
    struct FlattenedLine<'d, 'a> {
        path: &'d str,
        grammar: Option<&'d str>,
        #[serde(flatten)]
        comment: &'d Comment<'a>,
    }

    #[test]
    fn joined_lines_equal_serdes_flattened_lines() {
        let text = "A \"quoted\" \\ page\nAda Obi\nMay 17, 2024 AT 20:41Tabs\tand \u{1}controls, \u{2028} and émigré \"quotes\" \\o/\nBo Lund\nMay 17, 2024 AT 20:45@Ada Obi \"agreed\"\n";
        for path in ["plain.txt", "we\"ird\\path\n.txt"] {
            let mut document = crate::parse(path, text);
            assert_eq!(document.comments.len(), 2, "{document:?}");
            crate::link::link(&mut document, text, crate::link::ReplyMode::All);
            for grammar in [document.grammar.clone(), None] {
                document.grammar = grammar;
                let mut want = Vec::new();
                for comment in &document.comments {
                    let line = FlattenedLine {
                        path: &document.path,
                        grammar: document.grammar.as_deref(),
                        comment,
                    };
                    serde_json::to_writer(&mut want, &line).unwrap();
                    want.push(b'\n');
                }
                let got = render_lines(&document).unwrap();
                assert_eq!(
                    String::from_utf8(got).unwrap(),
                    String::from_utf8(want).unwrap()
                );
            }
        }
    }
}
