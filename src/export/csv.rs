//! CSV: one row per comment, RFC 4180 quoting.

use std::io::{self, Write};

use crate::model::Document;

/// The header row.
pub const COLUMNS: [&str; 10] = [
    "path",
    "id",
    "author",
    "timestamp",
    "timestamp_text",
    "parent",
    "line",
    "span_start",
    "span_end",
    "body",
];

/// Writes comments as CSV rows under a header row.
pub struct CsvWriter<W: Write> {
    out: W,
}

impl<W: Write> CsvWriter<W> {
    /// Write the header row to `out`.
    pub fn new(mut out: W) -> io::Result<Self> {
        write_row(&mut out, COLUMNS.iter().copied())?;
        Ok(CsvWriter { out })
    }

    /// Append every comment of a document.
    pub fn document(&mut self, document: &Document<'_>) -> io::Result<()> {
        write_rows(&mut self.out, document)
    }

    /// Append the rows of a document rendered by [`render_rows`] (on any
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

fn write_rows(out: &mut impl Write, document: &Document<'_>) -> io::Result<()> {
    super::write_rows_in_parallel(out, &document.comments, |out, c| {
        let timestamp = c.timestamp.map(|t| t.to_string()).unwrap_or_default();
        let (line, start, end) = (
            c.line.to_string(),
            c.span.start.to_string(),
            c.span.end.to_string(),
        );
        let row = [
            document.path.as_str(),
            c.id.as_str(),
            c.author.as_deref().unwrap_or(""),
            timestamp.as_str(),
            c.timestamp_text.as_deref().unwrap_or(""),
            c.parent.as_deref().unwrap_or(""),
            line.as_str(),
            start.as_str(),
            end.as_str(),
            &c.body,
        ];
        write_row(out, row.into_iter())
    })
}

/// The rows of one document as [`CsvWriter::document`] writes them, for
/// [`CsvWriter::rendered`].
pub fn render_rows(document: &Document<'_>) -> io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(document.bytes * 2);
    write_rows(&mut out, document)?;
    Ok(out)
}

/// Write one record: fields separated by commas, quoted when needed, then CRLF.
pub(crate) fn write_row<'f>(
    out: &mut impl Write,
    fields: impl Iterator<Item = &'f str>,
) -> io::Result<()> {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        write_field(out, field)?;
    }
    out.write_all(b"\r\n")
}

/// Quote a field when it holds a comma, quote or line break.
fn write_field(out: &mut impl Write, field: &str) -> io::Result<()> {
    if field.contains([',', '"', '\n', '\r']) {
        out.write_all(b"\"")?;
        out.write_all(field.replace('"', "\"\"").as_bytes())?;
        out.write_all(b"\"")
    } else {
        out.write_all(field.as_bytes())
    }
}

impl<W: Write> super::DocumentSink for CsvWriter<W> {
    fn document(&mut self, document: &Document<'_>) -> io::Result<()> {
        CsvWriter::document(self, document)
    }

    fn rendered(&mut self, rendered: &[u8]) -> io::Result<()> {
        CsvWriter::rendered(self, rendered)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_when_needed() {
        let mut out = Vec::new();
        write_row(
            &mut out,
            ["a", "b,c", "say \"hi\"", "two\nlines"].into_iter(),
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
        );
    }
}
