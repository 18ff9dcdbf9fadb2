//! Graphviz DOT: an author graph as a `digraph`, ready for `dot -Tsvg`.
//!
//! ```text
//! digraph "reply" {
//!   node [shape=ellipse];
//!   "Ana Lima" [label="Ana Lima", comments=2, words=14, first="2024-05-17T20:41:00", last="2024-05-17T21:02:00"];
//!   "Bo Chen" -> "Ana Lima" [weight=2, label="2", penwidth=5.00, confidence="0.8", first="…", last="…"];
//! }
//! ```
//!
//! Every id is a quoted string, so names that are DOT keywords (`node`,
//! `graph`) or hold punctuation stay names. Inside quotes `\` becomes `\\`,
//! `"` becomes `\"`, a line feed `\n` and a carriage return `\r` (two
//! characters each; Graphviz breaks the label's line there), and other
//! control characters U+FFFD (see [`super::is_unwritable`]). Labels also
//! write `&` as `&amp;`, because Graphviz decodes HTML entities in labels:
//! a name written `AT&amp;T` shows as such, not as `AT&T`.

use std::io::{self, Write};

use crate::graph::AuthorGraph;

use super::{double, is_unwritable, REPLACEMENT};

/// Thinnest edge line, for weight 0 (edges have weight 1 at least).
const PEN_MIN: f64 = 1.0;
/// Extra width of the heaviest edge over [`PEN_MIN`].
const PEN_RANGE: f64 = 4.0;

/// Write `graph` as a Graphviz digraph named after its kind (`reply` or
/// `mention`).
///
/// Nodes come sorted by name, each labelled with its name and carrying
/// `comments` and `words` (and `first`/`last`, ISO 8601, when known); edges
/// come sorted by (source, target) name with `weight` (the count),
/// `label` (the count again, shown on the edge), `penwidth` (1 to 5, in
/// proportion to the heaviest edge), `confidence`, and `first`/`last` when
/// known. Output is deterministic; `out` is flushed.
///
/// ```
/// use threadscope::graph::{AuthorGraph, EdgeKind};
/// let mut graph = AuthorGraph::new(EdgeKind::Reply);
/// graph.add_edge("Bo \"B\" Chen", "Ana", None, 0.8);
/// let mut out = Vec::new();
/// threadscope::export::write_dot(&graph, &mut out).unwrap();
/// let dot = String::from_utf8(out).unwrap();
/// assert!(dot.contains(r#""Bo \"B\" Chen" -> "Ana" [weight=1, label="1""#));
/// ```
pub fn write_dot<W: Write>(graph: &AuthorGraph, mut out: W) -> io::Result<()> {
    let nodes = graph.nodes_by_name();
    let edges = graph.edges_by_name();
    let heaviest = edges.iter().map(|e| e.2.weight).max().unwrap_or(1).max(1);
    writeln!(
        out,
        "// threadscope {} graph: {} authors, {} edges",
        graph.kind.as_str(),
        nodes.len(),
        edges.len()
    )?;
    writeln!(out, "digraph {} {{", quoted(graph.kind.as_str()))?;
    writeln!(out, "  node [shape=ellipse];")?;
    for node in nodes {
        write!(
            out,
            "  {} [label={}, comments={}, words={}",
            quoted(&node.name),
            label(&node.name),
            node.comments,
            node.words
        )?;
        if let Some(first) = node.first {
            write!(out, ", first={}", quoted(&first.to_string()))?;
        }
        if let Some(last) = node.last {
            write!(out, ", last={}", quoted(&last.to_string()))?;
        }
        writeln!(out, "];")?;
    }
    for (source, target, edge) in edges {
        let pen = PEN_MIN + PEN_RANGE * f64::from(edge.weight) / f64::from(heaviest);
        write!(
            out,
            "  {} -> {} [weight={}, label=\"{}\", penwidth={:.2}, confidence={}",
            quoted(source),
            quoted(target),
            edge.weight,
            edge.weight,
            pen,
            quoted(&double(edge.confidence))
        )?;
        if let Some(first) = edge.first {
            write!(out, ", first={}", quoted(&first.to_string()))?;
        }
        if let Some(last) = edge.last {
            write!(out, ", last={}", quoted(&last.to_string()))?;
        }
        writeln!(out, "];")?;
    }
    writeln!(out, "}}")?;
    out.flush()
}

/// `text` as a DOT quoted string (an id or a plain attribute value).
fn quoted(text: &str) -> String {
    escape(text, false)
}

/// `text` as a DOT quoted label: also `&` as `&amp;` (Graphviz decodes
/// entities in labels).
fn label(text: &str) -> String {
    escape(text, true)
}

fn escape(text: &str, label: bool) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '&' if label => out.push_str("&amp;"),
            c if is_unwritable(c) => out.push(REPLACEMENT),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::EdgeKind;

    #[test]
    fn ids_escape_backslashes_quotes_and_breaks() {
        assert_eq!(quoted("Ana Lima"), r#""Ana Lima""#);
        assert_eq!(quoted(r#"say "hi""#), r#""say \"hi\"""#);
        // A trailing backslash cannot swallow the closing quote.
        assert_eq!(quoted(r"back\"), r#""back\\""#);
        assert_eq!(quoted("two\nlines\r"), r#""two\nlines\r""#);
        assert_eq!(quoted("bell\u{7}\0"), "\"bell\u{FFFD}\u{FFFD}\"");
        assert_eq!(quoted("tab\there"), "\"tab\there\"");
        assert_eq!(quoted("node"), r#""node""#);
        assert_eq!(quoted("Zoë 李"), "\"Zoë 李\"");
    }

    #[test]
    fn labels_also_escape_entities() {
        assert_eq!(
            label(r#"<b>"Eve" & Co</b>"#),
            r#""<b>\"Eve\" &amp; Co</b>""#
        );
        assert_eq!(label("AT&amp;T"), r#""AT&amp;amp;T""#);
        assert_eq!(quoted("A & B"), r#""A & B""#);
    }

    #[test]
    fn writes_nodes_and_edges_sorted() {
        let mut g = AuthorGraph::new(EdgeKind::Mention);
        g.add_edge("Bo", "Ana", None, 1.0);
        g.add_edge("Bo", "Ana", None, 1.0);
        g.add_edge("Ana", "Cy\"", None, 1.0);
        let mut out = Vec::new();
        write_dot(&g, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let expected = "\
// threadscope mention graph: 3 authors, 2 edges
digraph \"mention\" {
  node [shape=ellipse];
  \"Ana\" [label=\"Ana\", comments=0, words=0];
  \"Bo\" [label=\"Bo\", comments=0, words=0];
  \"Cy\\\"\" [label=\"Cy\\\"\", comments=0, words=0];
  \"Ana\" -> \"Cy\\\"\" [weight=1, label=\"1\", penwidth=3.00, confidence=\"1\"];
  \"Bo\" -> \"Ana\" [weight=2, label=\"2\", penwidth=5.00, confidence=\"1\"];
}
";
        assert_eq!(text, expected);
    }

    #[test]
    fn empty_graph_is_valid() {
        let mut out = Vec::new();
        write_dot(&AuthorGraph::new(EdgeKind::Reply), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.ends_with("digraph \"reply\" {\n  node [shape=ellipse];\n}\n"));
    }
}
