//! GEXF 1.3: an author graph for Gephi, with each author's and each edge's
//! lifetime so Gephi's timeline can replay the discussion.
//!
//! ```text
//! <gexf xmlns="http://gexf.net/1.3" … version="1.3">
//!   <meta><creator>threadscope</creator><description>reply graph</description></meta>
//!   <graph defaultedgetype="directed" mode="dynamic" timeformat="dateTime">
//!     <attributes class="node" mode="static">comments, words</attributes>
//!     <attributes class="edge" mode="static">kind, confidence</attributes>
//!     <nodes><node id="n0" label="Ana Lima" start="2024-05-17T20:41:00" end="…">…</node></nodes>
//!     <edges><edge id="e0" source="n1" target="n0" weight="2" start="…" end="…">…</edge></edges>
//!   </graph>
//! </gexf>
//! ```
//!
//! `timeformat` is spelled `dateTime` as in the GEXF schema (its values are
//! `integer`, `double`, `date` and `dateTime`); Gephi reads it without
//! regard to case. Times are ISO 8601 (`xs:dateTime`), with the offset when
//! the input gave one. `start`/`end` are the first and last times of an
//! author's comments or of an edge's replies or mentions, left out when not
//! known (the element then lives for the whole timeline). Node ids are
//! `n0`, `n1`, … in name order, edge ids `e0`, … in (source, target) name
//! order; the name is the `label`. No wall-clock date is written, so the
//! output is deterministic. Text is escaped for XML 1.0; control characters
//! XML cannot hold become U+FFFD (see [`super::is_unwritable`]).

use std::collections::HashMap;
use std::io::{self, Write};

use crate::graph::AuthorGraph;
use crate::model::Moment;

use super::{double, xml_escape};

/// The GEXF 1.3 namespace.
pub const NAMESPACE: &str = "http://gexf.net/1.3";

/// Declared node attributes: (id and title, type).
pub const NODE_ATTRIBUTES: [(&str, &str); 2] = [("comments", "integer"), ("words", "integer")];

/// Declared edge attributes: (id and title, type).
pub const EDGE_ATTRIBUTES: [(&str, &str); 2] = [("kind", "string"), ("confidence", "double")];

/// Write `graph` as a GEXF 1.3 document that Gephi opens as a dynamic,
/// directed graph.
///
/// Nodes are labelled with the author's name and carry the `comments` and
/// `words` attributes; edges carry `weight` (the count) and the `kind`
/// (`reply` or `mention`) and `confidence` attributes. Nodes and edges get
/// `start`/`end` from their first and last times when known. Nodes are
/// sorted by name, edges by (source, target) name; output is deterministic.
/// `out` is flushed.
///
/// ```
/// use threadscope::graph::{AuthorGraph, EdgeKind};
/// let mut graph = AuthorGraph::new(EdgeKind::Reply);
/// graph.add_edge("Bo & Co", "Ana", None, 0.95);
/// let mut out = Vec::new();
/// threadscope::export::write_gexf(&graph, &mut out).unwrap();
/// let xml = String::from_utf8(out).unwrap();
/// assert!(xml.contains(r#"<node id="n1" label="Bo &amp; Co">"#));
/// assert!(xml.contains(r#"<edge id="e0" source="n1" target="n0" weight="1">"#));
/// ```
pub fn write_gexf<W: Write>(graph: &AuthorGraph, mut out: W) -> io::Result<()> {
    let nodes = graph.nodes_by_name();
    let edges = graph.edges_by_name();
    let ids: HashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.name.as_str(), i))
        .collect();
    let kind = graph.kind.as_str();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<gexf xmlns="{NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="{NAMESPACE} {NAMESPACE}/gexf.xsd" version="1.3">"#
    )?;
    writeln!(
        out,
        "  <meta>\n    <creator>threadscope</creator>\n    <description>{kind} graph</description>\n  </meta>"
    )?;
    writeln!(
        out,
        r#"  <graph defaultedgetype="directed" mode="dynamic" timeformat="dateTime">"#
    )?;
    for (class, attributes) in [("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES)] {
        writeln!(out, r#"    <attributes class="{class}" mode="static">"#)?;
        for (id, kind) in attributes {
            writeln!(
                out,
                r#"      <attribute id="{id}" title="{id}" type="{kind}"/>"#
            )?;
        }
        writeln!(out, "    </attributes>")?;
    }
    writeln!(out, "    <nodes>")?;
    for (i, node) in nodes.iter().enumerate() {
        write!(
            out,
            r#"      <node id="n{i}" label="{}""#,
            xml_escape(&node.name)
        )?;
        lifetime(&mut out, node.first, node.last)?;
        writeln!(out, ">")?;
        attvalues(
            &mut out,
            &[
                ("comments", &node.comments.to_string()),
                ("words", &node.words.to_string()),
            ],
        )?;
        writeln!(out, "      </node>")?;
    }
    writeln!(out, "    </nodes>")?;
    writeln!(out, "    <edges>")?;
    for (i, (source, target, edge)) in edges.iter().enumerate() {
        write!(
            out,
            r#"      <edge id="e{i}" source="n{}" target="n{}" weight="{}""#,
            ids[source], ids[target], edge.weight
        )?;
        lifetime(&mut out, edge.first, edge.last)?;
        writeln!(out, ">")?;
        attvalues(
            &mut out,
            &[("kind", kind), ("confidence", &double(edge.confidence))],
        )?;
        writeln!(out, "      </edge>")?;
    }
    writeln!(out, "    </edges>")?;
    writeln!(out, "  </graph>")?;
    writeln!(out, "</gexf>")?;
    out.flush()
}

fn lifetime(out: &mut impl Write, start: Option<Moment>, end: Option<Moment>) -> io::Result<()> {
    if let Some(start) = start {
        write!(out, r#" start="{}""#, xml_escape(&start.to_string()))?;
    }
    if let Some(end) = end {
        write!(out, r#" end="{}""#, xml_escape(&end.to_string()))?;
    }
    Ok(())
}

fn attvalues(out: &mut impl Write, values: &[(&str, &str)]) -> io::Result<()> {
    writeln!(out, "        <attvalues>")?;
    for (id, value) in values {
        writeln!(
            out,
            r#"          <attvalue for="{id}" value="{}"/>"#,
            xml_escape(value)
        )?;
    }
    writeln!(out, "        </attvalues>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::EdgeKind;

    #[test]
    fn header_and_escaped_labels() {
        let mut g = AuthorGraph::new(EdgeKind::Mention);
        g.add_edge("<b>\"Eve\" & Co</b>", "Zoë\r\n\u{0}", None, 1.0);
        let mut out = Vec::new();
        write_gexf(&g, &mut out).unwrap();
        let xml = String::from_utf8(out).unwrap();
        assert!(xml.contains(r#"xmlns="http://gexf.net/1.3""#));
        assert!(xml.contains(r#"version="1.3""#));
        assert!(xml.contains(
            r#"<graph defaultedgetype="directed" mode="dynamic" timeformat="dateTime">"#
        ));
        assert!(!xml.contains("<b>"));
        assert!(xml.contains(r#"label="&lt;b&gt;&quot;Eve&quot; &amp; Co&lt;/b&gt;""#));
        assert!(xml.contains("label=\"Zoë&#13;&#10;\u{FFFD}\""));
        assert!(xml.contains(r#"<attvalue for="kind" value="mention"/>"#));
        // No times known: no start or end.
        assert!(!xml.contains("start="));
    }
}
