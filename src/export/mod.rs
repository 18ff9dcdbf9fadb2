//! Exporters: turn parsed values into bytes; the caller decides where they go.
//!
//! Documents: [`json`] (the versioned contract and JSON Lines) and [`csv`].
//! Author graphs ([`crate::graph::AuthorGraph`]): [`dot`] (Graphviz),
//! [`graphml`], [`gexf`] (Gephi) and [`graph_table`] (JSON and CSV edge
//! lists).
//!
//! Graph output is deterministic: nodes sorted by name, edges by (source,
//! target) name, no wall-clock time. Author names come from the input and
//! may be hostile (`<script>`, quotes, `&`, line breaks, control
//! characters): every exporter escapes them for its format. JSON and CSV
//! keep names exactly; DOT and the XML formats cannot hold every control
//! character, so there a control character other than tab, line feed and
//! carriage return (and the non-characters U+FFFE and U+FFFF) is written as
//! U+FFFD REPLACEMENT CHARACTER, visibly and never silently dropped.

pub mod csv;
pub mod dot;
pub mod gexf;
pub mod graph_table;
pub mod graphml;
pub mod json;
mod json_line;

pub use dot::write_dot;
pub use gexf::write_gexf;
pub use graph_table::{write_edges_csv, write_edges_json};
pub use graphml::write_graphml;
pub use json::{JsonWriter, JsonlWriter};

use std::borrow::Cow;

/// A writer of documents one after another, that can also take a
/// document's bytes rendered beforehand (on another thread) by the
/// writer's `render_*` function.
pub trait DocumentSink {
    /// Write one document.
    fn document(&mut self, document: &crate::model::Document<'_>) -> std::io::Result<()>;
    /// Write one document rendered beforehand.
    fn rendered(&mut self, rendered: &[u8]) -> std::io::Result<()>;
}

/// Comments rendered together by one thread when a document's rows are
/// written in parallel.
const ROWS_PER_CHUNK: usize = 4096;
/// Chunks rendered at once per thread: the output held in memory at a time.
const CHUNKS_PER_THREAD: usize = 4;

/// Write one record per item of `items`, in order, the records of a window
/// of chunks rendered at a time on the rayon threads: a large document's
/// output is made on every core while memory holds only one window of it.
pub(crate) fn write_rows_in_parallel<T: Sync>(
    out: &mut impl std::io::Write,
    items: &[T],
    render: impl Fn(&mut Vec<u8>, &T) -> std::io::Result<()> + Sync,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    let window = ROWS_PER_CHUNK * CHUNKS_PER_THREAD * rayon::current_num_threads();
    for items in items.chunks(window) {
        let rendered: Vec<std::io::Result<Vec<u8>>> = items
            .par_chunks(ROWS_PER_CHUNK)
            .map(|chunk| {
                let mut bytes = Vec::with_capacity(chunk.len() * 256);
                for item in chunk {
                    render(&mut bytes, item)?;
                }
                Ok(bytes)
            })
            .collect();
        for bytes in rendered {
            out.write_all(&bytes?)?;
        }
    }
    Ok(())
}

/// What graph exporters write in place of a character their format cannot hold.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Whether `c` is replaced by [`REPLACEMENT`] in DOT, GraphML and GEXF: a
/// control character other than tab, line feed and carriage return, or one
/// of the non-characters U+FFFE and U+FFFF (XML 1.0 cannot hold either).
pub fn is_unwritable(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// `text` escaped for XML 1.0 character data and attribute values alike:
/// the five markup characters as entities, tab and line breaks as character
/// references (so attribute-value normalization cannot turn them into
/// spaces), and unwritable characters (see [`is_unwritable`]) as U+FFFD.
pub(crate) fn xml_escape(text: &str) -> Cow<'_, str> {
    let plain = |c: char| {
        !matches!(c, '&' | '<' | '>' | '"' | '\'' | '\t' | '\n' | '\r') && !is_unwritable(c)
    };
    if text.chars().all(plain) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if is_unwritable(c) => out.push(REPLACEMENT),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A number as XML Schema `xs:double` (and DOT, CSV) read it: the shortest
/// decimal that reads back as the same `f64`, `NaN`, `INF` or `-INF`.
pub(crate) fn double(x: f64) -> String {
    if x.is_nan() {
        "NaN".to_owned()
    } else if x.is_infinite() {
        if x > 0.0 { "INF" } else { "-INF" }.to_owned()
    } else {
        x.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escape_markup_breaks_and_controls() {
        assert_eq!(xml_escape("Ana Lima"), Cow::Borrowed("Ana Lima"));
        assert_eq!(
            xml_escape("<b>\"Eve\" & 'Co'</b>"),
            "&lt;b&gt;&quot;Eve&quot; &amp; &apos;Co&apos;&lt;/b&gt;"
        );
        assert_eq!(xml_escape("a\tb\nc\r"), "a&#9;b&#10;c&#13;");
        assert_eq!(
            xml_escape("nul\0bell\u{7}del\u{7f}c1\u{85}"),
            "nul\u{FFFD}bell\u{FFFD}del\u{FFFD}c1\u{FFFD}"
        );
        assert_eq!(xml_escape("\u{FFFE}\u{FFFF}"), "\u{FFFD}\u{FFFD}");
        assert_eq!(xml_escape("Zoë 李 🙂"), Cow::Borrowed("Zoë 李 🙂"));
    }

    #[test]
    fn doubles_read_back() {
        assert_eq!(double(1.0), "1");
        assert_eq!(double(0.85), "0.85");
        assert_eq!(double(f64::NAN), "NaN");
        assert_eq!(double(f64::NEG_INFINITY), "-INF");
        let x = 0.1 + 0.2;
        assert_eq!(double(x).parse::<f64>().unwrap(), x);
    }
}
