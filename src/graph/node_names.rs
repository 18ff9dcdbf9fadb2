//! An index of an author graph's nodes by name that holds no copy of the
//! names: each slot is a node index, and a name is compared with the name
//! in the node. A chat of hundreds of thousands of authors would otherwise
//! hold every name twice per graph (in the node and as a hash map key).

use petgraph::graph::{DiGraph, NodeIndex};

use super::{AuthorEdge, AuthorNode};
use crate::interner::TextIndex;

/// Node indices of a graph, found by the name of their node.
#[derive(Debug, Clone, Default)]
pub(super) struct NodeNames(TextIndex);

/// The graph whose nodes are indexed.
type Graph = DiGraph<AuthorNode, AuthorEdge>;

/// The name of node number `n` of `graph`.
fn name_of(graph: &Graph, n: u32) -> &str {
    &graph[NodeIndex::new(n as usize)].name
}

impl NodeNames {
    /// The node of `graph` named `name`, if indexed.
    pub(super) fn find(&self, graph: &Graph, name: &str) -> Option<NodeIndex> {
        self.0
            .find(name, |n| name_of(graph, n))
            .map(|n| NodeIndex::new(n as usize))
    }

    /// Index `node` of `graph` by its name, which no indexed node has.
    pub(super) fn insert(&mut self, graph: &Graph, node: NodeIndex) {
        // Node indices of a `DiGraph` are `u32`s.
        self.0.insert(node.index() as u32, |n| name_of(graph, n));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(name: &str) -> AuthorNode {
        AuthorNode {
            name: name.to_owned(),
            comments: 0,
            words: 0,
            first: None,
            last: None,
        }
    }

    /// Every name added is found at its node after the table has grown
    /// many times, and names never added (prefixes, other cases) are not.
    #[test]
    fn finds_each_node_by_its_name_and_nothing_else() {
        let mut graph = Graph::new();
        let mut names = NodeNames::default();
        for i in 0..5000 {
            let n = graph.add_node(node(&format!("Author {i}")));
            names.insert(&graph, n);
        }
        for i in 0..5000 {
            let n = names.find(&graph, &format!("Author {i}"));
            assert_eq!(n, Some(NodeIndex::new(i)));
        }
        for absent in ["Author", "author 1", "Author 5000", "", "Author 12 "] {
            assert_eq!(names.find(&graph, absent), None, "{absent:?}");
        }
    }
}
