//! An author graph as plain tables: a JSON object of nodes and edges, or a
//! CSV edge list, for spreadsheets, pandas, R or D3.
//!
//! Authors are named by their names, never by internal indices, and names
//! are kept exactly (JSON and CSV can hold any character; JSON escapes
//! control characters as `\u00XX`, CSV quotes per RFC 4180). A time that is
//! not known is `null` in JSON and an empty field in CSV; times are ISO
//! 8601. Nodes are sorted by name and edges by (source, target) name, so the
//! output is deterministic.
//!
//! CSV fields are not defused against spreadsheet formula injection (a
//! name starting with `=`, `+`, `-` or `@`): that would change the data.
//! Open untrusted CSV as text.

use std::io::{self, Write};

use serde::Serialize;

use crate::graph::{AuthorGraph, EdgeKind};
use crate::model::Moment;

use super::csv::write_row;
use super::double;

/// The header row of [`write_edges_csv`].
pub const EDGE_COLUMNS: [&str; 7] = [
    "source",
    "target",
    "kind",
    "weight",
    "confidence",
    "first",
    "last",
];

#[derive(Serialize)]
struct Table<'g> {
    kind: EdgeKind,
    nodes: Vec<NodeRow<'g>>,
    edges: Vec<EdgeRow<'g>>,
}

#[derive(Serialize)]
struct NodeRow<'g> {
    name: &'g str,
    comments: usize,
    words: usize,
}

#[derive(Serialize)]
struct EdgeRow<'g> {
    source: &'g str,
    target: &'g str,
    weight: u32,
    confidence: f64,
    first: Option<Moment>,
    last: Option<Moment>,
}

/// Write `graph` as one JSON object and a line feed:
///
/// ```text
/// {"kind":"reply",
///  "nodes":[{"name":"Ana Lima","comments":2,"words":14}, …],
///  "edges":[{"source":"Bo Chen","target":"Ana Lima","weight":2,"confidence":0.8,
///            "first":"2024-05-17T20:45:00","last":"2024-05-17T21:02:00"}, …]}
/// ```
///
/// `kind` is `reply` or `mention`; `weight` is the count; `first`/`last` are
/// `null` when not known. `out` is flushed.
///
/// ```
/// use threadscope::graph::{AuthorGraph, EdgeKind};
/// let mut graph = AuthorGraph::new(EdgeKind::Reply);
/// graph.add_edge("Bo", "Ana", None, 0.8);
/// let mut out = Vec::new();
/// threadscope::export::write_edges_json(&graph, &mut out).unwrap();
/// let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
/// assert_eq!(value["edges"][0]["source"], "Bo");
/// assert_eq!(value["edges"][0]["target"], "Ana");
/// ```
pub fn write_edges_json<W: Write>(graph: &AuthorGraph, mut out: W) -> io::Result<()> {
    let table = Table {
        kind: graph.kind,
        nodes: graph
            .nodes_by_name()
            .into_iter()
            .map(|n| NodeRow {
                name: &n.name,
                comments: n.comments,
                words: n.words,
            })
            .collect(),
        edges: graph
            .edges_by_name()
            .into_iter()
            .map(|(source, target, e)| EdgeRow {
                source,
                target,
                weight: e.weight,
                confidence: e.confidence,
                first: e.first,
                last: e.last,
            })
            .collect(),
    };
    serde_json::to_writer(&mut out, &table)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// Write the edges of `graph` as CSV under the header
/// `source,target,kind,weight,confidence,first,last` (see
/// [`EDGE_COLUMNS`]), one row per directed author pair, records ended by
/// CRLF, fields quoted when they hold a comma, quote or line break (RFC
/// 4180). Authors with no edge do not appear. `out` is flushed.
///
/// ```
/// use threadscope::graph::{AuthorGraph, EdgeKind};
/// let mut graph = AuthorGraph::new(EdgeKind::Mention);
/// graph.add_edge("Lima, Ana", "Bo", None, 1.0);
/// let mut out = Vec::new();
/// threadscope::export::write_edges_csv(&graph, &mut out).unwrap();
/// assert_eq!(
///     String::from_utf8(out).unwrap(),
///     "source,target,kind,weight,confidence,first,last\r\n\"Lima, Ana\",Bo,mention,1,1,,\r\n"
/// );
/// ```
pub fn write_edges_csv<W: Write>(graph: &AuthorGraph, mut out: W) -> io::Result<()> {
    write_row(&mut out, EDGE_COLUMNS.into_iter())?;
    let kind = graph.kind.as_str();
    for (source, target, e) in graph.edges_by_name() {
        let weight = e.weight.to_string();
        let confidence = double(e.confidence);
        let first = e.first.map(|t| t.to_string()).unwrap_or_default();
        let last = e.last.map(|t| t.to_string()).unwrap_or_default();
        let row = [
            source,
            target,
            kind,
            weight.as_str(),
            confidence.as_str(),
            first.as_str(),
            last.as_str(),
        ];
        write_row(&mut out, row.into_iter())?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keeps_names_exactly() {
        let mut g = AuthorGraph::new(EdgeKind::Reply);
        g.add_edge("<b>\"Eve\"\n\u{1}</b>", "Ana", None, 0.7);
        let mut out = Vec::new();
        write_edges_json(&g, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.ends_with("}\n"));
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["kind"], "reply");
        assert_eq!(value["nodes"][0]["name"], "<b>\"Eve\"\n\u{1}</b>");
        assert_eq!(value["edges"][0]["source"], "<b>\"Eve\"\n\u{1}</b>");
        assert_eq!(value["edges"][0]["confidence"], 0.7);
        assert!(value["edges"][0]["first"].is_null());
    }

    #[test]
    fn csv_quotes_hostile_names() {
        let mut g = AuthorGraph::new(EdgeKind::Reply);
        g.add_edge("Eve \"E\", Co\r\n", "Ana", None, 0.5);
        let mut out = Vec::new();
        write_edges_csv(&g, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "source,target,kind,weight,confidence,first,last\r\n\
             \"Eve \"\"E\"\", Co\r\n\",Ana,reply,1,0.5,,\r\n"
        );
    }
}
