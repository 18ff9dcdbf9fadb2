//! Reply and mention graphs (petgraph) and the comment reply forest.
//!
//! Author graphs have one node per author (keyed by name, so many documents
//! merge into one graph) and one weighted edge per ordered pair: for the
//! reply graph, how many times the source answered the target; for the
//! mention graph, how many times the source named the target. Self-loops are
//! not edges (they are counted apart), and external mentions (people who never
//! commented) are kept as a list, never as nodes.
//!
//! ```
//! let page = "Title\nText.\nAna Lima\nMay 1, 2024 AT 10:00First.\nBo Chen\nMay 1, 2024 AT 10:05Ana, I disagree.\n";
//! let text = page;
//! let mut doc = threadscope::parse("p.txt", text);
//! threadscope::link::link(&mut doc, text, threadscope::link::ReplyMode::All);
//! let mut builder = threadscope::graph::GraphBuilder::default();
//! builder.add(&doc);
//! let graphs = builder.finish();
//! assert_eq!(graphs.reply.edge_count(), 1);
//! let metrics = graphs.reply.metrics();
//! assert_eq!(metrics.authors[0].name, "Ana Lima"); // highest PageRank
//! assert_eq!(graphs.forest.metrics().longest_chain, 2);
//! ```

pub mod forest;
pub mod metrics;
mod node_names;

use std::collections::BTreeMap;

use crate::hash::Map;

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::{Deserialize, Serialize};

pub use forest::{ForestMetrics, ReplyForest};
pub use metrics::GraphMetrics;

use crate::model::{Document, MentionKind, Moment};

/// What an author graph's edges mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// The source answered the target.
    Reply,
    /// The source named the target.
    Mention,
}

impl EdgeKind {
    /// `reply` or `mention`.
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Reply => "reply",
            EdgeKind::Mention => "mention",
        }
    }
}

/// An author.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthorNode {
    /// The name as written.
    pub name: String,
    /// Comments written.
    pub comments: usize,
    /// Words written.
    pub words: usize,
    /// Earliest comment.
    pub first: Option<Moment>,
    /// Latest comment.
    pub last: Option<Moment>,
}

/// All the times one author answered or named another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthorEdge {
    /// How many times.
    pub weight: u32,
    /// Mean confidence of the reply evidence (1 for mentions).
    pub confidence: f64,
    /// Earliest time.
    pub first: Option<Moment>,
    /// Latest time.
    pub last: Option<Moment>,
}

/// A directed, weighted graph of authors.
#[derive(Debug, Clone)]
pub struct AuthorGraph {
    /// What the edges mean.
    pub kind: EdgeKind,
    /// The graph itself. Add nodes and edges through [`AuthorGraph::node`]
    /// and [`AuthorGraph::add_edge`], which keep the lookups in step; read
    /// and change weights freely, but never remove or rename a node nor add
    /// an edge directly (the lookups by name and by pair would go stale).
    pub graph: DiGraph<AuthorNode, AuthorEdge>,
    /// Self-loops seen and left out (answering or naming oneself).
    pub self_loops: u64,
    index: node_names::NodeNames,
    /// The edge of each (source, target) pair: one lookup instead of a
    /// walk along the source's edges (a hub author has thousands).
    edges: Map<(NodeIndex, NodeIndex), EdgeIndex>,
}

impl AuthorGraph {
    /// An empty graph.
    pub fn new(kind: EdgeKind) -> Self {
        AuthorGraph {
            kind,
            graph: DiGraph::new(),
            self_loops: 0,
            index: node_names::NodeNames::default(),
            edges: Map::default(),
        }
    }

    /// Number of authors.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of distinct directed author pairs.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// The node of `name`, created if new.
    pub fn node(&mut self, name: &str) -> NodeIndex {
        match self.find(name) {
            Some(n) => n,
            None => self.new_node(name),
        }
    }

    /// A node for `name`, which no node of the graph has.
    fn new_node(&mut self, name: &str) -> NodeIndex {
        debug_assert!(self.find(name).is_none(), "{name:?} has a node");
        let n = self.graph.add_node(AuthorNode {
            name: name.to_owned(),
            comments: 0,
            words: 0,
            first: None,
            last: None,
        });
        self.index.insert(&self.graph, n);
        n
    }

    /// The node of `name`, if the author is in the graph.
    pub fn find(&self, name: &str) -> Option<NodeIndex> {
        self.index.find(&self.graph, name)
    }

    /// Whether there is an edge from `from` to `to`.
    pub fn has_edge(&self, from: NodeIndex, to: NodeIndex) -> bool {
        self.edges.contains_key(&(from, to))
    }

    /// Count one more edge from `from` to `to` at `time` with `confidence`.
    pub fn add_edge(&mut self, from: &str, to: &str, time: Option<Moment>, confidence: f64) {
        if from == to {
            self.self_loops += 1;
            return;
        }
        let (a, b) = (self.node(from), self.node(to));
        self.add_edge_between(a, b, time, confidence);
    }

    /// [`AuthorGraph::add_edge`] between two nodes of this graph.
    fn add_edge_between(
        &mut self,
        a: NodeIndex,
        b: NodeIndex,
        time: Option<Moment>,
        confidence: f64,
    ) {
        if a == b {
            self.self_loops += 1;
            return;
        }
        match self.edges.get(&(a, b)) {
            Some(&e) => {
                let edge = &mut self.graph[e];
                let w = f64::from(edge.weight);
                edge.confidence = (edge.confidence * w + confidence) / (w + 1.0);
                edge.weight += 1;
                if let Some(t) = time {
                    edge.first = Some(edge.first.map_or(t, |f| earlier(f, t)));
                    edge.last = Some(edge.last.map_or(t, |l| later(l, t)));
                }
            }
            None => {
                let e = self.graph.add_edge(
                    a,
                    b,
                    AuthorEdge {
                        weight: 1,
                        confidence,
                        first: time,
                        last: time,
                    },
                );
                self.edges.insert((a, b), e);
            }
        }
    }

    /// Edges as (source name, target name, edge), sorted by source then target.
    pub fn edges_by_name(&self) -> Vec<(&str, &str, &AuthorEdge)> {
        let mut edges: Vec<_> = self
            .graph
            .edge_references()
            .map(|e| {
                (
                    self.graph[e.source()].name.as_str(),
                    self.graph[e.target()].name.as_str(),
                    e.weight(),
                )
            })
            .collect();
        edges.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        edges
    }

    /// Nodes sorted by name.
    pub fn nodes_by_name(&self) -> Vec<&AuthorNode> {
        let mut nodes: Vec<&AuthorNode> = self.graph.node_weights().collect();
        nodes.sort_unstable_by(|a, b| a.name.cmp(&b.name));
        nodes
    }

    /// Measure the graph.
    pub fn metrics(&self) -> GraphMetrics {
        metrics::measure(self)
    }
}

fn earlier(a: Moment, b: Moment) -> Moment {
    if b.epoch_seconds() < a.epoch_seconds() {
        b
    } else {
        a
    }
}

fn later(a: Moment, b: Moment) -> Moment {
    if b.epoch_seconds() > a.epoch_seconds() {
        b
    } else {
        a
    }
}

/// A name mentioned that is not a participant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalMention {
    /// The fullest known form (`Vladimir Putin`, `@handle`).
    pub name: String,
    /// How many times.
    pub count: usize,
}

/// The graphs of one or many documents.
#[derive(Debug, Clone)]
pub struct Graphs {
    /// Who answers whom.
    pub reply: AuthorGraph,
    /// Who names whom.
    pub mention: AuthorGraph,
    /// Comment-level reply forest.
    pub forest: ReplyForest,
    /// People named who never commented, most named first.
    pub external: Vec<ExternalMention>,
    /// Names too ambiguous to resolve, with counts.
    pub ambiguous: Vec<ExternalMention>,
}

impl Graphs {
    /// The author graph of `kind`.
    pub fn author_graph(&self, kind: EdgeKind) -> &AuthorGraph {
        match kind {
            EdgeKind::Reply => &self.reply,
            EdgeKind::Mention => &self.mention,
        }
    }
}

/// Builds [`Graphs`] one document at a time (documents merge by author name).
#[derive(Debug, Clone)]
pub struct GraphBuilder {
    reply: AuthorGraph,
    mention: AuthorGraph,
    forest: ReplyForest,
    /// Each author's node in the reply and in the mention graph, by the
    /// author's index in the forest: a name is looked up once per comment
    /// (in the forest), not once per graph and per edge.
    nodes: Vec<AuthorNodes>,
    external: BTreeMap<String, usize>,
    ambiguous: BTreeMap<String, usize>,
    open: OpenDocument,
}

/// The document whose parts are being added, and how to find its comments
/// in the forest by id.
#[derive(Debug, Clone, Default)]
struct OpenDocument {
    /// Its path, and its index in the forest.
    path: Option<(String, u32)>,
    /// The forest index of its first comment.
    start: usize,
    /// Its comments' ids so far.
    ids: crate::ids::IdTable,
}

/// An author's node in each author graph, once made.
#[derive(Debug, Clone, Copy, Default)]
struct AuthorNodes {
    /// The node in the reply graph.
    reply: Option<NodeIndex>,
    /// The node in the mention graph.
    mention: Option<NodeIndex>,
}

impl AuthorNodes {
    /// The slot of the graph of `kind`.
    fn of(&mut self, kind: EdgeKind) -> &mut Option<NodeIndex> {
        match kind {
            EdgeKind::Reply => &mut self.reply,
            EdgeKind::Mention => &mut self.mention,
        }
    }
}

impl OpenDocument {
    /// The forest index of the comment of this document with `id`.
    fn find(&self, id: &str) -> Option<usize> {
        self.ids.find(id).map(|ordinal| self.start + ordinal)
    }
}

impl Default for GraphBuilder {
    fn default() -> Self {
        GraphBuilder {
            reply: AuthorGraph::new(EdgeKind::Reply),
            mention: AuthorGraph::new(EdgeKind::Mention),
            forest: ReplyForest::default(),
            nodes: Vec::new(),
            external: BTreeMap::new(),
            ambiguous: BTreeMap::new(),
            open: OpenDocument::default(),
        }
    }
}

impl GraphBuilder {
    /// Take in one linked document (see [`crate::link::link`]).
    pub fn add(&mut self, document: &Document<'_>) {
        self.add_part(document);
        self.end_document();
    }

    /// Take in the next part of a linked document given in parts (see
    /// [`crate::stream`]); [`GraphBuilder::end_document`] closes the
    /// document. A parent is found by id among the document's comments so
    /// far and the whole of this part (not in a later part: the parts of a
    /// parse only ever point back).
    pub fn add_part(&mut self, part: &Document<'_>) {
        let base = self.forest.len();
        let document = match &self.open.path {
            Some((path, index)) if *path == part.path => *index,
            open => {
                if open.is_some() {
                    // Another document without `end_document` in between.
                    self.open = OpenDocument::default();
                }
                let index = self.forest.add_document(&part.path);
                self.open.path = Some((part.path.clone(), index));
                self.open.start = base;
                index
            }
        };
        let first_ordinal = self.open.ids.len();
        for c in &part.comments {
            self.open.ids.push(&c.id);
        }
        for (ordinal, c) in (first_ordinal..).zip(&part.comments) {
            let author = c.author.as_deref().map(|a| self.forest.author_index(a));
            if let Some(author) = author {
                let words = c.word_count();
                for kind in [EdgeKind::Reply, EdgeKind::Mention] {
                    let n = self.node_of(kind, author);
                    let node = &mut self.graph_mut(kind).graph[n];
                    node.comments += 1;
                    node.words += words;
                    if let Some(t) = c.timestamp {
                        node.first = Some(node.first.map_or(t, |f| earlier(f, t)));
                        node.last = Some(node.last.map_or(t, |l| later(l, t)));
                    }
                }
            }
            let parent = c.parent.as_deref().and_then(|p| self.open.find(p));
            let comment = forest::ForestComment {
                document,
                ordinal: u32::try_from(ordinal).unwrap_or(u32::MAX),
                author,
                timestamp: c.timestamp,
                parent,
                evidence: c.parent_evidence.as_ref().map(|e| e.kind),
            };
            self.forest.push(comment, &c.id);
            if let (Some(from), Some(p)) = (author, parent) {
                // The parent is in the forest already, or further down in
                // this part.
                let to = match self.forest.comments().get(p) {
                    Some(parent) => parent.author,
                    None => part.comments[p - base]
                        .author
                        .as_deref()
                        .map(|a| self.forest.author_index(a)),
                };
                if let Some(to) = to {
                    let confidence = c.parent_evidence.as_ref().map_or(1.0, |e| e.confidence);
                    self.add_edge(EdgeKind::Reply, from, to, c.timestamp, confidence);
                }
            }
            for m in &c.mentions {
                match (m.kind, author, m.target.as_deref()) {
                    (MentionKind::Participant, Some(from), Some(to)) => {
                        let to = self.forest.author_index(to);
                        self.add_edge(EdgeKind::Mention, from, to, c.timestamp, 1.0)
                    }
                    (MentionKind::External, _, Some(name)) => {
                        *self.external.entry(name.to_owned()).or_default() += 1
                    }
                    (MentionKind::Ambiguous, _, _) => {
                        *self.ambiguous.entry(m.text.clone()).or_default() += 1
                    }
                    _ => {}
                }
            }
        }
    }

    /// The graph of `kind`.
    fn graph_mut(&mut self, kind: EdgeKind) -> &mut AuthorGraph {
        match kind {
            EdgeKind::Reply => &mut self.reply,
            EdgeKind::Mention => &mut self.mention,
        }
    }

    /// The node in the graph of `kind` of the forest's author `author`,
    /// made if new.
    fn node_of(&mut self, kind: EdgeKind, author: u32) -> NodeIndex {
        let at = author as usize;
        if self.nodes.len() <= at {
            self.nodes.resize(at + 1, AuthorNodes::default());
        }
        let slot = self.nodes[at].of(kind);
        if let Some(n) = *slot {
            return n;
        }
        // The forest has one index per name, and the graphs get nodes only
        // here: the author has no node in this graph yet.
        let name = self
            .forest
            .author_name(author)
            .expect("an author index the forest gave");
        let n = match kind {
            EdgeKind::Reply => self.reply.new_node(name),
            EdgeKind::Mention => self.mention.new_node(name),
        };
        *self.nodes[at].of(kind) = Some(n);
        n
    }

    /// Count one more edge of `kind` between two forest authors.
    fn add_edge(
        &mut self,
        kind: EdgeKind,
        from: u32,
        to: u32,
        time: Option<Moment>,
        confidence: f64,
    ) {
        let (a, b) = (self.node_of(kind, from), self.node_of(kind, to));
        self.graph_mut(kind)
            .add_edge_between(a, b, time, confidence);
    }

    /// Close the document whose parts were added: its ids are forgotten,
    /// and the next part opens a new document.
    pub fn end_document(&mut self) {
        self.open = OpenDocument::default();
    }

    /// The graphs of everything added.
    pub fn finish(self) -> Graphs {
        let sorted = |map: BTreeMap<String, usize>| {
            let mut list: Vec<ExternalMention> = map
                .into_iter()
                .map(|(name, count)| ExternalMention { name, count })
                .collect();
            list.sort_unstable_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
            list
        };
        Graphs {
            reply: self.reply,
            mention: self.mention,
            forest: self.forest,
            external: sorted(self.external),
            ambiguous: sorted(self.ambiguous),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, Comment, EvidenceKind, Mention, ReplyEvidence, Span};

    fn comment(
        id: &str,
        author: &str,
        parent: Option<&str>,
        mentions: &[&str],
    ) -> Comment<'static> {
        Comment {
            id: id.to_owned(),
            author: Some(author.to_owned().into()),
            line: 1,
            parent: parent.map(str::to_owned),
            parent_evidence: parent.map(|_| ReplyEvidence {
                kind: EvidenceKind::Explicit,
                confidence: 1.0,
                cue: String::new(),
            }),
            mentions: mentions
                .iter()
                .map(|name| Mention {
                    text: (*name).to_owned(),
                    kind: MentionKind::Participant,
                    target: Some((*name).to_owned()),
                    candidates: Vec::new(),
                    span: Span::new(0, 0),
                })
                .collect(),
            ..Comment::default()
        }
    }

    fn document_of(path: &str, comments: Vec<Comment<'static>>) -> Document<'static> {
        Document {
            path: path.into(),
            bytes: 0,
            grammar: None,
            confidence: 1.0,
            article: Article::default(),
            segments: Vec::new(),
            comments,
            diagnostics: Vec::new(),
        }
    }

    fn names(graph: &AuthorGraph) -> Vec<&str> {
        graph
            .graph
            .node_weights()
            .map(|n| n.name.as_str())
            .collect()
    }

    /// The graphs by the builder's author slots equal those made through
    /// the public by-name calls, comment by comment, over documents given
    /// in parts with parents behind, in the same part further down, and
    /// unknown, and with mentions of authors met and not yet met.
    #[test]
    fn author_slots_give_the_graphs_of_lookups_by_name() {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move |below: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % below as u64) as usize
        };
        let mut builder = GraphBuilder::default();
        let mut reply = AuthorGraph::new(EdgeKind::Reply);
        let mut mention = AuthorGraph::new(EdgeKind::Mention);
        for document in 0..3 {
            let total = 60;
            let authors: Vec<String> = (0..total).map(|_| format!("A{}", next(25))).collect();
            let comments: Vec<Comment<'static>> = (0..total)
                .map(|i| {
                    let parent = match next(4) {
                        0 => None,
                        1 => Some(format!("c{}", next(total) + 1)),
                        2 => Some("c999".to_owned()),
                        _ => Some(format!("c{}", next(i + 1) + 1)),
                    };
                    let named: Vec<String> =
                        (0..next(3)).map(|_| format!("A{}", next(30))).collect();
                    let named: Vec<&str> = named.iter().map(String::as_str).collect();
                    let mut c = comment(
                        &format!("c{}", i + 1),
                        &authors[i],
                        parent.as_deref(),
                        &named,
                    );
                    if next(10) == 0 {
                        c.author = None;
                    }
                    c.timestamp = Some(Moment::naive(
                        chrono::NaiveDate::from_ymd_opt(2024, 5, 1 + next(20) as u32)
                            .unwrap()
                            .and_hms_opt(10, 0, 0)
                            .unwrap(),
                    ));
                    c
                })
                .collect();
            let mut ends = Vec::new();
            while ends.last().is_none_or(|&end| end < total) {
                let at = ends.last().copied().unwrap_or(0);
                ends.push((at + 1 + next(25)).min(total));
            }
            // The reference: every node and edge by name, in the order the
            // builder met them before it kept slots. A parent is found up
            // to the end of the comment's part.
            for (i, c) in comments.iter().enumerate() {
                let seen = ends.iter().copied().find(|&end| end > i).unwrap_or(total);
                if let Some(author) = c.author.as_deref() {
                    for graph in [&mut reply, &mut mention] {
                        let n = graph.node(author);
                        let node = &mut graph.graph[n];
                        node.comments += 1;
                        node.words += c.word_count();
                        let t = c.timestamp.unwrap();
                        node.first = Some(node.first.map_or(t, |f| earlier(f, t)));
                        node.last = Some(node.last.map_or(t, |l| later(l, t)));
                    }
                    let parent = c
                        .parent
                        .as_deref()
                        .and_then(|p| comments[..seen].iter().find(|o| o.id == p));
                    if let Some(to) = parent.and_then(|p| p.author.as_deref()) {
                        reply.add_edge(author, to, c.timestamp, 1.0);
                    }
                    for m in &c.mentions {
                        mention.add_edge(author, m.target.as_deref().unwrap(), c.timestamp, 1.0);
                    }
                }
            }
            let mut at = 0;
            for end in ends {
                builder.add_part(&document_of(
                    &format!("d{document}"),
                    comments[at..end].to_vec(),
                ));
                at = end;
            }
            builder.end_document();
        }
        let graphs = builder.finish();
        for (built, expected) in [(&graphs.reply, &reply), (&graphs.mention, &mention)] {
            let nodes: Vec<&AuthorNode> = built.graph.node_weights().collect();
            let expected_nodes: Vec<&AuthorNode> = expected.graph.node_weights().collect();
            assert_eq!(nodes, expected_nodes, "{:?}", built.kind);
            let edges = |g: &AuthorGraph| -> Vec<(usize, usize, AuthorEdge)> {
                g.graph
                    .edge_references()
                    .map(|e| (e.source().index(), e.target().index(), e.weight().clone()))
                    .collect()
            };
            assert_eq!(edges(built), edges(expected), "{:?}", built.kind);
            assert!(built.edge_count() > 20, "{:?}", built.kind);
            assert_eq!(built.self_loops, expected.self_loops, "{:?}", built.kind);
            // Every name is found at the node a plain scan finds it at.
            for (place, node) in expected.graph.node_weights().enumerate() {
                let scanned = built.graph.node_weights().position(|n| n.name == node.name);
                assert_eq!(scanned, Some(place));
                assert_eq!(built.find(&node.name), Some(NodeIndex::new(place)));
            }
        }
    }

    /// Nodes come in the order authors are first met — as commenters, as
    /// the author of a parent further down, as someone mentioned — and
    /// answering or naming oneself is a self-loop, not an edge.
    #[test]
    fn nodes_come_in_the_order_authors_are_first_met() {
        let comments = vec![
            comment("c1", "Ana", Some("c3"), &[]),
            comment("c2", "Bo", Some("c1"), &[]),
            comment("c3", "Cy", None, &["Dee", "Ana", "Cy"]),
            comment("c4", "Dee", Some("c4"), &[]),
            comment("c5", "Ana", Some("c1"), &["Bo"]),
        ];
        let document = document_of("t", comments);
        let mut builder = GraphBuilder::default();
        builder.add(&document);
        builder.add(&document);
        let graphs = builder.finish();
        assert_eq!(names(&graphs.reply), ["Ana", "Cy", "Bo", "Dee"]);
        assert_eq!(names(&graphs.mention), ["Ana", "Bo", "Cy", "Dee"]);
        let edges = |graph: &AuthorGraph| -> Vec<(String, String, u32)> {
            graph
                .edges_by_name()
                .into_iter()
                .map(|(a, b, e)| (a.to_owned(), b.to_owned(), e.weight))
                .collect()
        };
        let edge = |a: &str, b: &str, w: u32| (a.to_owned(), b.to_owned(), w);
        assert_eq!(
            edges(&graphs.reply),
            [edge("Ana", "Cy", 2), edge("Bo", "Ana", 2)]
        );
        assert_eq!(graphs.reply.self_loops, 4);
        assert_eq!(
            edges(&graphs.mention),
            [
                edge("Ana", "Bo", 2),
                edge("Cy", "Ana", 2),
                edge("Cy", "Dee", 2)
            ]
        );
        assert_eq!(graphs.mention.self_loops, 2);
        let comments = |graph: &AuthorGraph| -> Vec<usize> {
            graph.graph.node_weights().map(|n| n.comments).collect()
        };
        assert_eq!(comments(&graphs.reply), [4, 2, 2, 2]);
    }
}
