//! GraphML: an author graph for yEd, Cytoscape, Gephi, networkx or igraph.
//!
//! ```text
//! <graphml xmlns="http://graphml.graphdrawing.org/xmlns" …>
//!   <key id="n_name" for="node" attr.name="name" attr.type="string"/>
//!   … (see KEYS)
//!   <graph id="reply" edgedefault="directed">
//!     <node id="n0"><data key="n_name">Ana Lima</data><data key="n_comments">2</data>…</node>
//!     <edge id="e0" source="n1" target="n0"><data key="e_kind">reply</data><data key="e_weight">2</data>…</edge>
//!   </graph>
//! </graphml>
//! ```
//!
//! Node ids are `n0`, `n1`, … in name order and edge ids `e0`, `e1`, … in
//! (source, target) name order: stable for a given graph, and never the
//! author's name, which lives in the `name` data. A time that is not known
//! has no `<data>` element. Text is escaped for XML 1.0; control characters
//! XML cannot hold become U+FFFD (see [`super::is_unwritable`]).

use std::collections::HashMap;
use std::io::{self, Write};

use crate::graph::AuthorGraph;
use crate::model::Moment;

use super::{double, xml_escape};

/// The GraphML namespace.
pub const NAMESPACE: &str = "http://graphml.graphdrawing.org/xmlns";

/// The declared keys: (id, for, attr.name, attr.type).
pub const KEYS: [(&str, &str, &str, &str); 10] = [
    ("n_name", "node", "name", "string"),
    ("n_comments", "node", "comments", "int"),
    ("n_words", "node", "words", "int"),
    ("n_first", "node", "first", "string"),
    ("n_last", "node", "last", "string"),
    ("e_kind", "edge", "kind", "string"),
    ("e_weight", "edge", "weight", "int"),
    ("e_confidence", "edge", "confidence", "double"),
    ("e_first", "edge", "first", "string"),
    ("e_last", "edge", "last", "string"),
];

/// Write `graph` as a GraphML document with declared `<key>`s and
/// `edgedefault="directed"`.
///
/// Nodes carry `name`, `comments`, `words` and, when known, `first` and
/// `last` (ISO 8601); edges carry `kind` (`reply` or `mention`), `weight`
/// (the count), `confidence` and, when known, `first` and `last`. Nodes are
/// sorted by name, edges by (source, target) name; output is deterministic.
/// `out` is flushed.
///
/// ```
/// use threadscope::graph::{AuthorGraph, EdgeKind};
/// let mut graph = AuthorGraph::new(EdgeKind::Mention);
/// graph.add_edge("<b>Eve</b>", "Ana", None, 1.0);
/// let mut out = Vec::new();
/// threadscope::export::write_graphml(&graph, &mut out).unwrap();
/// let xml = String::from_utf8(out).unwrap();
/// assert!(xml.contains(r#"<data key="n_name">&lt;b&gt;Eve&lt;/b&gt;</data>"#));
/// assert!(xml.contains(r#"<edge id="e0" source="n0" target="n1">"#)); // "<" sorts before "A"
/// ```
pub fn write_graphml<W: Write>(graph: &AuthorGraph, mut out: W) -> io::Result<()> {
    let nodes = graph.nodes_by_name();
    let edges = graph.edges_by_name();
    let ids: HashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.name.as_str(), i))
        .collect();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="{NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="{NAMESPACE} {NAMESPACE}/1.0/graphml.xsd">"#
    )?;
    for (id, what, name, kind) in KEYS {
        writeln!(
            out,
            r#"  <key id="{id}" for="{what}" attr.name="{name}" attr.type="{kind}"/>"#
        )?;
    }
    writeln!(
        out,
        r#"  <graph id="{}" edgedefault="directed">"#,
        graph.kind.as_str()
    )?;
    for (i, node) in nodes.iter().enumerate() {
        write!(out, r#"    <node id="n{i}">"#)?;
        data(&mut out, "n_name", &node.name)?;
        data(&mut out, "n_comments", &node.comments.to_string())?;
        data(&mut out, "n_words", &node.words.to_string())?;
        time(&mut out, "n_first", node.first)?;
        time(&mut out, "n_last", node.last)?;
        writeln!(out, "</node>")?;
    }
    for (i, (source, target, edge)) in edges.iter().enumerate() {
        write!(
            out,
            r#"    <edge id="e{i}" source="n{}" target="n{}">"#,
            ids[source], ids[target]
        )?;
        data(&mut out, "e_kind", graph.kind.as_str())?;
        data(&mut out, "e_weight", &edge.weight.to_string())?;
        data(&mut out, "e_confidence", &double(edge.confidence))?;
        time(&mut out, "e_first", edge.first)?;
        time(&mut out, "e_last", edge.last)?;
        writeln!(out, "</edge>")?;
    }
    writeln!(out, "  </graph>")?;
    writeln!(out, "</graphml>")?;
    out.flush()
}

fn data(out: &mut impl Write, key: &str, value: &str) -> io::Result<()> {
    write!(out, r#"<data key="{key}">{}</data>"#, xml_escape(value))
}

fn time(out: &mut impl Write, key: &str, value: Option<Moment>) -> io::Result<()> {
    match value {
        Some(t) => data(out, key, &t.to_string()),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::EdgeKind;

    fn written(graph: &AuthorGraph) -> String {
        let mut out = Vec::new();
        write_graphml(graph, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn hostile_names_are_escaped() {
        let mut g = AuthorGraph::new(EdgeKind::Reply);
        g.add_edge("<script>alert('x')</script>", "A&B \"C\"\n\u{1}", None, 0.4);
        let xml = written(&g);
        assert!(!xml.contains("<script>"));
        assert!(xml.contains("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;"));
        assert!(xml.contains("A&amp;B &quot;C&quot;&#10;\u{FFFD}"));
        assert!(xml.contains(r#"<data key="e_confidence">0.4</data>"#));
    }

    #[test]
    fn keys_are_declared_once_and_unique() {
        let xml = written(&AuthorGraph::new(EdgeKind::Mention));
        for (id, ..) in KEYS {
            assert_eq!(xml.matches(&format!(r#"<key id="{id}""#)).count(), 1);
        }
        assert!(xml.contains(r#"<graph id="mention" edgedefault="directed">"#));
    }
}
