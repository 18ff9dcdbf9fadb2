//! Names kept once each and numbered in the order first met: the author
//! tables of the statistics and of the reply forest. A hash map keyed by
//! `String` holds a 24-byte key in every slot, empty slots included; here a
//! slot is a 4-byte number into a dense list of the names, which for a chat
//! of 600,000 authors is tens of megabytes less. [`TextIndex`], the table
//! of numbers alone, also finds graph nodes and participants by name where
//! the names live in the graph or in a list.

use std::hash::BuildHasher;

use hashbrown::HashTable;

/// Numbers found by the text they stand for, which lives elsewhere (in a
/// list, a graph's nodes): every call is given `text_of`, the text of a
/// number, and the table holds no copy of any text.
#[derive(Clone, Default)]
pub(crate) struct TextIndex {
    /// Numbers, placed by the hash of their text.
    table: HashTable<u32>,
    /// The hash of texts (seeded per process).
    hasher: foldhash::fast::RandomState,
}

impl std::fmt::Debug for TextIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextIndex")
            .field("len", &self.table.len())
            .finish()
    }
}

impl TextIndex {
    /// The number whose text is `text`, if one was added.
    pub(crate) fn find<'t>(&self, text: &str, text_of: impl Fn(u32) -> &'t str) -> Option<u32> {
        let hash = self.hasher.hash_one(text);
        self.table.find(hash, |&n| text_of(n) == text).copied()
    }

    /// Add `number`, whose text no number added has.
    pub(crate) fn insert<'t>(&mut self, number: u32, text_of: impl Fn(u32) -> &'t str) {
        let hasher = &self.hasher;
        let hash = hasher.hash_one(text_of(number));
        self.table
            .insert_unique(hash, number, |&n| hasher.hash_one(text_of(n)));
    }
}

/// Distinct strings, each with the number of its place in the order first
/// met.
#[derive(Clone, Default)]
pub(crate) struct Interner {
    /// The strings, by number.
    strings: Vec<Box<str>>,
    /// Their numbers, by string.
    index: TextIndex,
}

impl std::fmt::Debug for Interner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(&self.strings).finish()
    }
}

impl Interner {
    /// The number of `text`, if it was met.
    pub(crate) fn find(&self, text: &str) -> Option<u32> {
        let strings = &self.strings;
        self.index.find(text, |n| &strings[n as usize])
    }

    /// The number of `text`, which is added if new.
    pub(crate) fn intern(&mut self, text: &str) -> u32 {
        if let Some(n) = self.find(text) {
            return n;
        }
        let n = u32::try_from(self.strings.len()).expect("fewer than 2^32 distinct names");
        self.strings.push(text.into());
        let strings = &self.strings;
        self.index.insert(n, |n| &strings[n as usize]);
        n
    }

    /// The string numbered `i`.
    pub(crate) fn get(&self, i: u32) -> Option<&str> {
        self.strings.get(i as usize).map(|s| &**s)
    }

    /// The strings, in the order of their numbers.
    pub(crate) fn into_strings(self) -> Vec<Box<str>> {
        self.strings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Numbers go to strings in the order first met, each string is kept
    /// once, and every one is found again after the table has grown many
    /// times; strings never added are not found.
    #[test]
    fn numbers_strings_in_the_order_first_met() {
        let mut names = Interner::default();
        for round in 0..2 {
            for i in 0..3000u32 {
                assert_eq!(names.intern(&format!("Name {i}")), i, "round {round}");
            }
        }
        assert_eq!(names.intern(""), 3000);
        for i in 0..3000u32 {
            assert_eq!(names.find(&format!("Name {i}")), Some(i));
            assert_eq!(names.get(i), Some(format!("Name {i}").as_str()));
        }
        for absent in ["Name", "name 1", "Name 3000", "Name 12 "] {
            assert_eq!(names.find(absent), None, "{absent:?}");
        }
        assert_eq!(names.get(3001), None);
        let all = names.into_strings();
        assert_eq!(all.len(), 3001);
        assert_eq!(
            (&*all[0], &*all[2999], &*all[3000]),
            ("Name 0", "Name 2999", "")
        );
    }
}
