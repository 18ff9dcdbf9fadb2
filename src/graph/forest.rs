//! The comment-level reply forest: each comment and the comment it answers.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::hash::Map;
use crate::model::{EvidenceKind, Moment};

/// One comment in the forest: a small record; the strings it names (its
/// document's path, its author's name, an id a format gave) are held once
/// by the [`ReplyForest`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ForestComment {
    /// The document it is in: see [`ReplyForest::document_of`].
    pub document: u32,
    /// Its place in that document (0 for the first comment; `u32::MAX`
    /// from there on, in a document of over 4 billion comments).
    pub ordinal: u32,
    /// Its author: see [`ReplyForest::author_of`] (the number is that of
    /// [`ReplyForest::author_index`]).
    pub author: Option<u32>,
    /// Its time.
    pub timestamp: Option<Moment>,
    /// The index of its parent in the forest.
    pub parent: Option<usize>,
    /// What the parent rests on.
    pub evidence: Option<EvidenceKind>,
}

/// Every comment of the documents added, with its parent.
#[derive(Debug, Clone, Default)]
pub struct ReplyForest {
    comments: Vec<ForestComment>,
    /// Each document's path.
    documents: Vec<Arc<str>>,
    /// Each author's name, numbered.
    authors: crate::interner::Interner,
    /// Ids other than `c1`, `c2`, … (`c` and the ordinal plus one), by
    /// forest index, in increasing order of index.
    given_ids: Vec<(usize, Box<str>)>,
}

/// Response times on reply edges, in seconds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResponseTimes {
    /// Reply edges whose two ends have timestamps and run forward.
    pub count: usize,
    /// Median seconds from parent to reply.
    pub median_seconds: Option<i64>,
    /// 90th percentile seconds (nearest rank).
    pub p90_seconds: Option<i64>,
}

/// Response times of one replying author.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthorResponse {
    /// The author who replied.
    pub author: String,
    /// Their response times.
    #[serde(flatten)]
    pub times: ResponseTimes,
}

/// What the forest's shape says about the discussion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForestMetrics {
    /// Comments in all.
    pub comments: usize,
    /// Comments with a parent.
    pub replies: usize,
    /// Comments without one.
    pub roots: usize,
    /// Comments in the longest chain of replies (a lone comment is a chain of 1).
    pub longest_chain: usize,
    /// Ids (`document#id`) of that chain, from its root down.
    pub longest_chain_ids: Vec<String>,
    /// Comments per depth: index 0 is roots, 1 direct replies, …
    pub depth_histogram: Vec<usize>,
    /// Reply edges per kind of evidence.
    pub evidence: BTreeMap<String, usize>,
    /// Response times over all reply edges.
    pub response: ResponseTimes,
    /// Reply edges whose reply is timed before its parent (clock skew), left out of the times.
    pub negative_response_times: usize,
    /// Response times per replying author, most replies first.
    pub response_by_author: Vec<AuthorResponse>,
}

impl ReplyForest {
    /// The index of a new document at `path`, for [`ForestComment::document`]
    /// (a path added again is another document, with another index).
    pub fn add_document(&mut self, path: &str) -> u32 {
        self.documents.push(path.into());
        index_u32(self.documents.len() - 1)
    }

    /// The index of the author `name`, for [`ForestComment::author`]; a
    /// name seen for the first time is added. Indices go to names in the
    /// order they are first asked for: [`GraphBuilder`](super::GraphBuilder)
    /// asks for a comment's author, the author of a parent further down the
    /// part and the people a comment names, in that order, so the list can
    /// hold people who are named but never comment.
    pub fn author_index(&mut self, name: &str) -> u32 {
        self.authors.intern(name)
    }

    /// The name of the author at `index` (see [`ReplyForest::author_index`]).
    pub(crate) fn author_name(&self, index: u32) -> Option<&str> {
        self.authors.get(index)
    }

    /// Add a comment whose id is `id`; its `document` and `author` must be
    /// indices this forest gave, its parent an index already or about to be
    /// added. The id is kept only when it is not the one its `ordinal`
    /// gives (`c` and the ordinal plus one).
    pub fn push(&mut self, comment: ForestComment, id: &str) {
        if !is_numbered(id, comment.ordinal) {
            self.given_ids.push((self.comments.len(), id.into()));
        }
        self.comments.push(comment);
    }

    /// The path of the document `comment` is in (empty for an index this
    /// forest did not give).
    pub fn document_of(&self, comment: &ForestComment) -> &str {
        self.documents
            .get(comment.document as usize)
            .map_or("", |d| d)
    }

    /// The name of `comment`'s author, if it has one (and the index is one
    /// this forest gave).
    pub fn author_of(&self, comment: &ForestComment) -> Option<&str> {
        self.author_name(comment.author?)
    }

    /// The id of the comment at forest index `index` in its document, as
    /// it was pushed; `None` past the last comment.
    pub fn id_of(&self, index: usize) -> Option<std::borrow::Cow<'_, str>> {
        let comment = self.comments.get(index)?;
        Some(
            match self.given_ids.binary_search_by_key(&index, |(i, _)| *i) {
                Ok(at) => std::borrow::Cow::Borrowed(&*self.given_ids[at].1),
                Err(_) => std::borrow::Cow::Owned(format!("c{}", u64::from(comment.ordinal) + 1)),
            },
        )
    }

    /// Number of comments.
    pub fn len(&self) -> usize {
        self.comments.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.comments.is_empty()
    }

    /// The comments, in order added.
    pub fn comments(&self) -> &[ForestComment] {
        &self.comments
    }

    /// The depth of every comment (roots are 0). Iterative, so a chain a
    /// hundred thousand deep needs no deep recursion; a cycle (a broken
    /// export) is cut where it closes and its comment counts as a root.
    pub fn depths(&self) -> Vec<usize> {
        const UNKNOWN: usize = usize::MAX;
        const VISITING: usize = usize::MAX - 1;
        let n = self.comments.len();
        let mut depth = vec![UNKNOWN; n];
        let mut stack = Vec::new();
        for start in 0..n {
            if depth[start] != UNKNOWN {
                continue;
            }
            let mut at = start;
            loop {
                match self.comments[at].parent.filter(|&p| p < n) {
                    Some(p) if depth[p] == UNKNOWN => {
                        depth[at] = VISITING;
                        stack.push(at);
                        at = p;
                    }
                    Some(p) if depth[p] == VISITING => {
                        depth[at] = 0; // a cycle: cut it here
                        break;
                    }
                    Some(p) => {
                        depth[at] = depth[p] + 1;
                        break;
                    }
                    None => {
                        depth[at] = 0;
                        break;
                    }
                }
            }
            while let Some(child) = stack.pop() {
                let p = self.comments[child]
                    .parent
                    .expect("stacked comments have parents");
                depth[child] = depth[p] + 1;
            }
        }
        depth
    }

    /// Measure the forest.
    pub fn metrics(&self) -> ForestMetrics {
        let depths = self.depths();
        let mut histogram = Vec::new();
        for &d in &depths {
            if histogram.len() <= d {
                histogram.resize(d + 1, 0);
            }
            histogram[d] += 1;
        }
        let deepest = depths
            .iter()
            .enumerate()
            .max_by_key(|&(i, d)| (*d, std::cmp::Reverse(i)));
        let mut chain = Vec::new();
        if let Some((mut at, _)) = deepest {
            loop {
                let c = &self.comments[at];
                let id = self.id_of(at).unwrap_or_default();
                chain.push(format!("{}#{}", self.document_of(c), id));
                match c.parent {
                    Some(p) if depths[at] > 0 => at = p,
                    _ => break,
                }
            }
            chain.reverse();
        }
        let mut all = Vec::new();
        // By author index; the names are looked at only to sort the list.
        let mut by_author: Map<u32, Vec<i64>> = Map::default();
        let mut negative = 0;
        let mut evidence: BTreeMap<String, usize> = BTreeMap::new();
        let mut replies = 0;
        for (i, c) in self.comments.iter().enumerate() {
            let Some(p) = c.parent.filter(|_| depths[i] > 0) else {
                continue;
            };
            replies += 1;
            if let Some(kind) = c.evidence {
                let name = serde_json::to_value(kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                *evidence.entry(name).or_default() += 1;
            }
            if let (Some(t), Some(pt)) = (c.timestamp, self.comments[p].timestamp) {
                let seconds = t.epoch_seconds() - pt.epoch_seconds();
                if seconds < 0 {
                    negative += 1;
                    continue;
                }
                all.push(seconds);
                if let Some(a) = c.author.filter(|&a| self.author_name(a).is_some()) {
                    by_author.entry(a).or_default().push(seconds);
                }
            }
        }
        let mut response_by_author: Vec<AuthorResponse> = by_author
            .into_iter()
            .map(|(author, mut times)| AuthorResponse {
                author: self.author_name(author).unwrap_or_default().to_owned(),
                times: response_times(&mut times),
            })
            .collect();
        // The last key (a name) is unique: no ties to keep in order.
        response_by_author.sort_unstable_by(|a, b| {
            b.times
                .count
                .cmp(&a.times.count)
                .then_with(|| a.author.cmp(&b.author))
        });
        ForestMetrics {
            comments: self.comments.len(),
            replies,
            roots: self.comments.len() - replies,
            longest_chain: chain.len(),
            longest_chain_ids: chain,
            depth_histogram: histogram,
            evidence,
            response: response_times(&mut all),
            negative_response_times: negative,
            response_by_author,
        }
    }
}

/// Whether `id` is the one a parse gives the comment at `ordinal`: `c`
/// and the ordinal plus one, without a sign or a leading zero.
fn is_numbered(id: &str, ordinal: u32) -> bool {
    crate::ids::number_of(id).is_some_and(|n| n as u64 == u64::from(ordinal) + 1)
}

/// `index` as a `u32`. A forest holds fewer than 2³² documents in practice
/// (2³² would take hundreds of GiB); past that the index stays at
/// `u32::MAX` and paths read back are those of the last one. (Authors are
/// numbered by [`crate::interner::Interner`], which stops there.)
fn index_u32(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

/// Median and 90th percentile (nearest rank) of `times`.
pub fn response_times(times: &mut [i64]) -> ResponseTimes {
    times.sort_unstable();
    let n = times.len();
    let rank = |q: f64| -> Option<i64> {
        if n == 0 {
            return None;
        }
        let r = ((q * n as f64).ceil() as usize).clamp(1, n);
        Some(times[r - 1])
    };
    ResponseTimes {
        count: n,
        median_seconds: (n > 0).then(|| {
            if n % 2 == 1 {
                times[n / 2]
            } else {
                (times[n / 2 - 1] + times[n / 2]) / 2
            }
        }),
        p90_seconds: rank(0.9),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Push comment `id` (named `c<id>`) of document `d` with `parent`.
    fn push(forest: &mut ReplyForest, id: usize, parent: Option<usize>) {
        let document = match forest.documents.len() {
            0 => forest.add_document("d"),
            _ => 0,
        };
        let author = Some(forest.author_index(&format!("a{}", id % 3)));
        let comment = ForestComment {
            document,
            ordinal: index_u32(id),
            author,
            timestamp: None,
            parent,
            evidence: parent.map(|_| EvidenceKind::Addressed),
        };
        forest.push(comment, &format!("c{id}"));
    }

    #[test]
    fn a_deep_chain_needs_no_recursion() {
        let mut forest = ReplyForest::default();
        for i in 0..100_000 {
            push(&mut forest, i, i.checked_sub(1));
        }
        let m = forest.metrics();
        assert_eq!(m.longest_chain, 100_000);
        assert_eq!(m.roots, 1);
        assert_eq!(m.depth_histogram.len(), 100_000);
    }

    #[test]
    fn a_reply_further_up_and_a_cycle() {
        let mut forest = ReplyForest::default();
        push(&mut forest, 0, None);
        push(&mut forest, 1, Some(0));
        push(&mut forest, 2, Some(1));
        push(&mut forest, 3, Some(0)); // a reply to a comment further up
        assert_eq!(forest.depths(), vec![0, 1, 2, 1]);
        let m = forest.metrics();
        assert_eq!(m.longest_chain_ids, vec!["d#c0", "d#c1", "d#c2"]);
        assert_eq!(m.depth_histogram, vec![1, 2, 1]);
        let mut cyclic = ReplyForest::default();
        push(&mut cyclic, 0, Some(1));
        push(&mut cyclic, 1, Some(0));
        let depths = cyclic.depths();
        assert!(depths.contains(&0), "{depths:?}");
    }

    /// Ids a parse gives (`c1`, `c2`, …) are not stored; any other id is,
    /// and both come back as they were given, with the document and author.
    #[test]
    fn ids_names_and_paths_come_back_as_given() {
        let mut forest = ReplyForest::default();
        let (first, second) = (forest.add_document("a.txt"), forest.add_document("b.txt"));
        let ana = forest.author_index("Ana");
        assert_eq!(forest.author_index("Ana"), ana);
        let given = [
            (first, 0, "c1"),
            (first, 1, "c2"),
            (second, 0, "post-9"),
            (second, 1, "c3"),
        ];
        for (document, ordinal, id) in given {
            let comment = ForestComment {
                document,
                ordinal,
                author: (ordinal == 0).then_some(ana),
                timestamp: None,
                parent: None,
                evidence: None,
            };
            forest.push(comment, id);
        }
        assert_eq!(forest.given_ids.len(), 2, "{:?}", forest.given_ids);
        for (i, (_, _, id)) in given.iter().enumerate() {
            assert_eq!(forest.id_of(i).as_deref(), Some(*id));
        }
        assert_eq!(forest.id_of(given.len()), None);
        let c = forest.comments()[2];
        assert_eq!(
            (forest.document_of(&c), forest.author_of(&c)),
            ("b.txt", Some("Ana"))
        );
        assert_eq!(forest.author_of(&forest.comments()[1]), None);
    }

    #[test]
    fn only_the_ids_a_parse_gives_are_taken_as_numbered() {
        assert!(is_numbered("c1", 0) && is_numbered("c4294967296", u32::MAX));
        for (id, ordinal) in [
            ("c01", 0),
            ("c+1", 0),
            ("c0", 0),
            ("c2", 0),
            ("1", 0),
            ("c", 0),
        ] {
            assert!(!is_numbered(id, ordinal), "{id}");
        }
        let mut forest = ReplyForest::default();
        let document = forest.add_document("d");
        for (ordinal, id) in [(0, "c01"), (1, "c2"), (2, "c2"), (u32::MAX, "c4294967297")] {
            let comment = ForestComment {
                document,
                ordinal,
                author: None,
                timestamp: None,
                parent: None,
                evidence: None,
            };
            forest.push(comment, id);
        }
        let ids: Vec<String> = (0..4)
            .map(|i| forest.id_of(i).unwrap().into_owned())
            .collect();
        assert_eq!(ids, ["c01", "c2", "c2", "c4294967297"]);
        assert_eq!(forest.given_ids.len(), 3);
    }

    #[test]
    fn percentiles() {
        let r = response_times(&mut [50, 10, 30, 20, 40, 60, 70, 80, 90, 100]);
        assert_eq!(r.median_seconds, Some(55));
        assert_eq!(r.p90_seconds, Some(90));
        assert_eq!(response_times(&mut []).median_seconds, None);
    }
}
