//! Measures of an author graph, as plain structs.

use petgraph::graph::NodeIndex;
use petgraph::unionfind::UnionFind;
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use serde::{Deserialize, Serialize};

use super::AuthorGraph;

/// PageRank damping factor.
pub const DAMPING: f64 = 0.85;
/// PageRank stops when the ranks move less than this in all (L1).
pub const TOLERANCE: f64 = 1e-9;
/// PageRank stops after this many rounds at the most.
pub const MAX_ROUNDS: usize = 100;
/// Pairs listed in [`GraphMetrics::top_pairs`].
pub const TOP_PAIRS: usize = 10;

/// One author's place in the graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthorMetrics {
    /// The author.
    pub name: String,
    /// Comments written.
    pub comments: usize,
    /// Weighted in-degree: times answered (or named) by others.
    pub in_degree: u64,
    /// Weighted out-degree: times answering (or naming) others.
    pub out_degree: u64,
    /// Weighted PageRank (sums to 1 over the graph).
    pub pagerank: f64,
}

/// Two authors and how often each answered (or named) the other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pair {
    /// One author (the first by name).
    pub a: String,
    /// The other.
    pub b: String,
    /// Times `a` → `b`.
    pub a_to_b: u32,
    /// Times `b` → `a`.
    pub b_to_a: u32,
}

/// Measures of an author graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphMetrics {
    /// `reply` or `mention`.
    pub kind: String,
    /// Authors.
    pub nodes: usize,
    /// Distinct directed pairs.
    pub edges: usize,
    /// Sum of edge weights.
    pub total_weight: u64,
    /// Edges over the n·(n−1) possible directed pairs.
    pub density: f64,
    /// Share of edges whose reverse edge exists too.
    pub reciprocity: f64,
    /// Weakly connected components (an author with no edge is one).
    pub components: usize,
    /// Authors in the largest component.
    pub largest_component: usize,
    /// Self-loops left out.
    pub self_loops: u64,
    /// Authors by PageRank, highest first (then by name).
    pub authors: Vec<AuthorMetrics>,
    /// The most active pairs, by weight both ways.
    pub top_pairs: Vec<Pair>,
}

/// Measure `g`.
pub fn measure(g: &AuthorGraph) -> GraphMetrics {
    let graph = &g.graph;
    let n = graph.node_count();
    let e = graph.edge_count();
    let total_weight: u64 = graph.edge_weights().map(|w| u64::from(w.weight)).sum();
    let reciprocal = graph
        .edge_references()
        .filter(|edge| g.has_edge(edge.target(), edge.source()))
        .count();
    let mut components = UnionFind::<usize>::new(n);
    for edge in graph.edge_references() {
        components.union(edge.source().index(), edge.target().index());
    }
    let mut sizes = vec![0usize; n];
    for i in 0..n {
        sizes[components.find_mut(i)] += 1;
    }
    let ranks = pagerank(g);
    let mut authors: Vec<AuthorMetrics> = graph
        .node_indices()
        .map(|node| AuthorMetrics {
            name: graph[node].name.clone(),
            comments: graph[node].comments,
            in_degree: graph
                .edges_directed(node, Direction::Incoming)
                .map(|e| u64::from(e.weight().weight))
                .sum(),
            out_degree: graph
                .edges_directed(node, Direction::Outgoing)
                .map(|e| u64::from(e.weight().weight))
                .sum(),
            pagerank: round6(ranks[node.index()]),
        })
        .collect();
    // The last key (a name, a pair of names) is unique: no ties to keep in order.
    authors.sort_unstable_by(|a, b| {
        b.pagerank
            .total_cmp(&a.pagerank)
            .then_with(|| a.name.cmp(&b.name))
    });
    GraphMetrics {
        kind: g.kind.as_str().to_owned(),
        nodes: n,
        edges: e,
        total_weight,
        density: if n > 1 {
            round6(e as f64 / (n as f64 * (n as f64 - 1.0)))
        } else {
            0.0
        },
        reciprocity: if e > 0 {
            round6(reciprocal as f64 / e as f64)
        } else {
            0.0
        },
        components: sizes.iter().filter(|&&s| s > 0).count(),
        largest_component: sizes.iter().copied().max().unwrap_or(0),
        self_loops: g.self_loops,
        authors,
        top_pairs: top_pairs(g),
    }
}

/// Weighted PageRank by power iteration; dangling authors spread their rank evenly.
pub fn pagerank(g: &AuthorGraph) -> Vec<f64> {
    let graph = &g.graph;
    let n = graph.node_count();
    if n == 0 {
        return Vec::new();
    }
    let out_weight: Vec<f64> = graph
        .node_indices()
        .map(|v| {
            graph
                .edges_directed(v, Direction::Outgoing)
                .map(|e| f64::from(e.weight().weight))
                .sum()
        })
        .collect();
    let edges: Vec<(usize, usize, f64)> = graph
        .edge_references()
        .map(|e| {
            (
                e.source().index(),
                e.target().index(),
                f64::from(e.weight().weight),
            )
        })
        .collect();
    let uniform = 1.0 / n as f64;
    let mut rank = vec![uniform; n];
    let mut next = vec![0.0; n];
    for _ in 0..MAX_ROUNDS {
        let dangling: f64 = (0..n)
            .filter(|&v| out_weight[v] == 0.0)
            .map(|v| rank[v])
            .sum();
        let base = (1.0 - DAMPING) * uniform + DAMPING * dangling * uniform;
        next.iter_mut().for_each(|x| *x = base);
        for &(s, t, w) in &edges {
            next[t] += DAMPING * rank[s] * w / out_weight[s];
        }
        let moved: f64 = rank.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut rank, &mut next);
        if moved < TOLERANCE {
            break;
        }
    }
    rank
}

fn top_pairs(g: &AuthorGraph) -> Vec<Pair> {
    let graph = &g.graph;
    let name = |n: NodeIndex| graph[n].name.as_str();
    let weight =
        |from: NodeIndex, to: NodeIndex| g.edges.get(&(from, to)).map_or(0, |&e| graph[e].weight);
    // Each pair of authors once: an edge and the one back, if any, taken
    // at the edge from the node of lower index. (total, one end, the other).
    let mut pairs: Vec<(u64, NodeIndex, NodeIndex)> = graph
        .edge_references()
        .filter_map(|e| {
            let (s, t) = (e.source(), e.target());
            let back = weight(t, s);
            (back == 0 || s < t).then(|| (u64::from(e.weight().weight) + u64::from(back), s, t))
        })
        .collect();
    // The most active first, then by the names, the first by name first.
    let ends = |&(_, s, t): &(u64, NodeIndex, NodeIndex)| {
        let (s, t) = (name(s), name(t));
        if s <= t {
            (s, t)
        } else {
            (t, s)
        }
    };
    let order = |x: &(u64, NodeIndex, NodeIndex), y: &(u64, NodeIndex, NodeIndex)| {
        y.0.cmp(&x.0).then_with(|| ends(x).cmp(&ends(y)))
    };
    if pairs.len() > TOP_PAIRS {
        pairs.select_nth_unstable_by(TOP_PAIRS - 1, order);
        pairs.truncate(TOP_PAIRS);
    }
    // The last key (a pair of names) is unique: no ties to keep in order.
    pairs.sort_unstable_by(order);
    pairs
        .into_iter()
        .map(|(_, s, t)| {
            let (a, b) = if name(s) <= name(t) { (s, t) } else { (t, s) };
            Pair {
                a: name(a).to_owned(),
                b: name(b).to_owned(),
                a_to_b: weight(a, b),
                b_to_a: weight(b, a),
            }
        })
        .collect()
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

#[cfg(test)]
mod tests {
    use super::super::{AuthorGraph, EdgeKind};

    fn graph(edges: &[(&str, &str, u32)]) -> AuthorGraph {
        let mut g = AuthorGraph::new(EdgeKind::Reply);
        for &(a, b, w) in edges {
            for _ in 0..w {
                g.add_edge(a, b, None, 1.0);
            }
        }
        g
    }

    #[test]
    fn degrees_reciprocity_components() {
        let mut g = graph(&[("ann", "bo", 2), ("bo", "ann", 1), ("cy", "bo", 1)]);
        g.node("dee");
        let m = g.metrics();
        assert_eq!((m.nodes, m.edges, m.total_weight), (4, 3, 4));
        assert!((m.reciprocity - 2.0 / 3.0).abs() < 1e-6);
        assert_eq!(m.components, 2);
        assert_eq!(m.largest_component, 3);
        let bo = m.authors.iter().find(|a| a.name == "bo").unwrap();
        assert_eq!((bo.in_degree, bo.out_degree), (3, 1));
        assert_eq!(m.authors[0].name, "bo", "most answered ranks first");
        assert_eq!(m.top_pairs[0].a, "ann");
        assert_eq!((m.top_pairs[0].a_to_b, m.top_pairs[0].b_to_a), (2, 1));
        assert!((m.density - 3.0 / 12.0).abs() < 1e-6);
    }

    /// The top pairs are those of adding up both directions of every pair
    /// by name and sorting them all, in a graph whose nodes come in no
    /// order of names and whose pairs tie on weight many times over.
    #[test]
    fn top_pairs_are_those_of_sorting_every_pair() {
        let mut seed = 7u64;
        let mut next = move |below: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % below
        };
        for round in 0..50 {
            let names = [
                "zed", "amy", "Bo", "cy", "al", "bea", "Al", "dee", "eve", "ann",
            ];
            let edges: Vec<(&str, &str, u32)> = (0..5 + round)
                .map(|_| {
                    let a = names[next(10) as usize];
                    let b = names[next(10) as usize];
                    (a, b, 1 + next(2) as u32)
                })
                .collect();
            let g = graph(&edges);
            let mut both: std::collections::BTreeMap<(&str, &str), (u32, u32)> = Default::default();
            for &(a, b, w) in &edges {
                match a.cmp(b) {
                    std::cmp::Ordering::Less => both.entry((a, b)).or_default().0 += w,
                    std::cmp::Ordering::Greater => both.entry((b, a)).or_default().1 += w,
                    std::cmp::Ordering::Equal => {}
                }
            }
            let mut expected: Vec<(String, String, u32, u32)> = both
                .into_iter()
                .map(|((a, b), (ab, ba))| (a.to_owned(), b.to_owned(), ab, ba))
                .collect();
            expected.sort_by(|x, y| {
                (y.2 + y.3)
                    .cmp(&(x.2 + x.3))
                    .then_with(|| (&x.0, &x.1).cmp(&(&y.0, &y.1)))
            });
            expected.truncate(super::TOP_PAIRS);
            let got: Vec<(String, String, u32, u32)> = g
                .metrics()
                .top_pairs
                .into_iter()
                .map(|p| (p.a, p.b, p.a_to_b, p.b_to_a))
                .collect();
            assert_eq!(got, expected, "round {round}");
        }
    }

    #[test]
    fn pagerank_sums_to_one_and_is_symmetric_on_a_cycle() {
        let g = graph(&[("a", "b", 1), ("b", "c", 1), ("c", "a", 1)]);
        let r = super::pagerank(&g);
        assert!((r.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(r.iter().all(|x| (x - 1.0 / 3.0).abs() < 1e-6));
    }

    #[test]
    fn self_loops_are_counted_not_drawn() {
        let g = graph(&[("a", "a", 2)]);
        assert_eq!(g.edge_count(), 0);
        assert_eq!(g.self_loops, 2);
    }
}
