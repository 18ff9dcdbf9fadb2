//! Names kept once each and numbered in the order first met: the author
//! tables of the statistics and of the reply forest. A hash map keyed by
//! `String` holds a 24-byte key in every slot, empty slots included; here a
//! slot is a 4-byte number into a dense list of the names, which for a chat
//! of 600,000 authors is tens of megabytes less.

use std::hash::BuildHasher;

use hashbrown::HashTable;

/// Distinct strings, each with the number of its place in the order first
/// met.
#[derive(Clone, Default)]
pub(crate) struct Interner {
    /// The strings, by number.
    strings: Vec<Box<str>>,
    /// Numbers, placed by the hash of their string.
    index: HashTable<u32>,
    /// The hash of strings (seeded per process).
    hasher: foldhash::fast::RandomState,
}

impl std::fmt::Debug for Interner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(&self.strings).finish()
    }
}

impl Interner {
    /// The number of `text`, if it was met.
    pub(crate) fn find(&self, text: &str) -> Option<u32> {
        let hash = self.hasher.hash_one(text);
        self.index
            .find(hash, |&i| &*self.strings[i as usize] == text)
            .copied()
    }

    /// The number of `text`, which is added if new.
    pub(crate) fn intern(&mut self, text: &str) -> u32 {
        if let Some(i) = self.find(text) {
            return i;
        }
        let i = u32::try_from(self.strings.len()).expect("fewer than 2^32 distinct names");
        self.strings.push(text.into());
        let (strings, hasher) = (&self.strings, &self.hasher);
        self.index.insert_unique(hasher.hash_one(text), i, |&j| {
            hasher.hash_one(&*strings[j as usize])
        });
        i
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
