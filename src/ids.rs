//! The comments of one document, taken in a part at a time, found again by
//! id: the ids a parse gives (`c1`, `c2`, … in order) by their number, any
//! other ids in a table.

use crate::hash::Map;

/// The ids of a document's comments so far, each with its place (ordinal,
/// 0 for the first comment). Holds nothing per comment while the ids are
/// those of a parse.
#[derive(Debug, Clone, Default)]
pub(crate) struct IdTable {
    count: usize,
    /// Built at the first id a parse would not give, from then on.
    by_id: Option<Map<Box<str>, usize>>,
}

impl IdTable {
    /// Take in the id of the next comment.
    pub(crate) fn push(&mut self, id: &str) {
        let ordinal = self.count;
        self.count += 1;
        if self.by_id.is_none() && number_of(id) == Some(ordinal + 1) {
            return;
        }
        let by_id = self.by_id.get_or_insert_with(|| {
            (0..ordinal)
                .map(|earlier| (format!("c{}", earlier + 1).into_boxed_str(), earlier))
                .collect()
        });
        // As a table built in one go: a repeated id names its last comment.
        by_id.insert(id.into(), ordinal);
    }

    /// The place of the comment with `id`, if one was taken in.
    pub(crate) fn find(&self, id: &str) -> Option<usize> {
        match &self.by_id {
            Some(by_id) => by_id.get(id).copied(),
            None => number_of(id)
                .and_then(|n| n.checked_sub(1))
                .filter(|&ordinal| ordinal < self.count),
        }
    }

    /// How many ids were taken in.
    pub(crate) fn len(&self) -> usize {
        self.count
    }
}

/// `n` for an id `c<n>` written as a parse writes it (`c1`, `c2`, … with no
/// leading zero or sign).
pub(crate) fn number_of(id: &str) -> Option<usize> {
    let digits = id.strip_prefix('c')?;
    let canonical = digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0');
    if canonical {
        digits.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_of_a_parse_and_others_are_found_alike() {
        let mut table = IdTable::default();
        for id in ["c1", "c2", "c3"] {
            table.push(id);
        }
        assert!(table.by_id.is_none());
        assert_eq!(table.find("c2"), Some(1));
        for id in ["c4", "c01", "c+1", "c0", "c9", "x"] {
            assert_eq!(table.find(id), None, "{id}");
        }
        table.push("post-7");
        table.push("c5");
        table.push("post-7");
        assert_eq!(table.len(), 6);
        let found: Vec<Option<usize>> = ["c1", "c3", "post-7", "c5", "c4"]
            .iter()
            .map(|id| table.find(id))
            .collect();
        assert_eq!(found, [Some(0), Some(2), Some(5), Some(4), None]);
    }
}
