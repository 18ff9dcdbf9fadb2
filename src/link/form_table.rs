//! Name forms found by hashing, whether a page names a dozen people or a
//! chat has hundreds of thousands of members: a table of every form, and
//! of every prefix of a form that ends where the form goes on with a
//! character that cannot be in a word (`Ann` of `Ann Lee`, `Jean` of
//! `Jean-Luc`). At a place in a text, the text up to each such character (and
//! up to the text's end) is looked up in turn, stopping at the first that no
//! form goes on from; the last form found there whose end the caller accepts
//! is the longest. Memory is a few words per form and prefix, building it one
//! pass over the forms, and the time at a place a few lookups whatever the
//! number of forms (each hashes the text from the place on: at most the
//! longest form's length squared, for a name of many short words).
//!
//! The table holds 64-bit hashes, not the forms: a form found is compared
//! with the text, and forms whose hashes collide are kept together, so a
//! collision costs time, never a wrong name.

use std::hash::BuildHasher;

use crate::hash::Map;

use super::names::is_word_char;

/// The slot's bit saying a longer form goes on from this text.
const GOES_ON: u32 = 1 << 31;
/// Slot value (less [`GOES_ON`]): no form is this text.
const NO_FORM: u32 = GOES_ON - 1;
/// Slot value (less [`GOES_ON`]): several forms share this hash; see
/// [`FormTable::collided`].
const COLLIDED: u32 = GOES_ON - 2;

/// Every form and every prefix a longer form goes on from, by hash.
pub(crate) struct FormTable<S = foldhash::fast::RandomState> {
    hasher: S,
    /// By hash: [`GOES_ON`] if a form goes on from a text of this hash, and
    /// the index of the form with this hash, [`NO_FORM`] or [`COLLIDED`].
    slots: Map<u64, u32>,
    /// The forms that share a hash, for slots marked [`COLLIDED`].
    collided: Map<u64, Vec<u32>>,
    /// Bytes in the longest form.
    longest: usize,
}

impl FormTable {
    /// The table of `forms` (distinct, at most 2³¹ − 2 of them), hashed
    /// with a per-process random seed.
    #[cfg(test)]
    pub(crate) fn new(forms: &[String]) -> Self {
        FormTable::with_hasher(forms, foldhash::fast::RandomState::default())
    }

    /// An empty table with room for about `slots` forms and prefixes, to
    /// be filled by [`FormTable::find_or_add`].
    pub(crate) fn with_capacity(slots: usize) -> Self {
        FormTable::empty(foldhash::fast::RandomState::default(), slots)
    }
}

impl<S: BuildHasher> FormTable<S> {
    /// The table of `forms` (distinct), hashed with `hasher`, built as
    /// the name index builds its own.
    #[cfg(test)]
    pub(crate) fn with_hasher(forms: &[String], hasher: S) -> Self {
        let mut table = FormTable::empty(hasher, forms.len());
        let mut held = Vec::new();
        for (index, form) in forms.iter().enumerate() {
            assert_eq!(table.find_or_add(&mut held, form), (index, true));
        }
        table
    }

    /// An empty table hashed with `hasher`, with room for `slots`.
    fn empty(hasher: S, slots: usize) -> Self {
        FormTable {
            hasher,
            slots: Map::with_capacity_and_hasher(slots, Default::default()),
            collided: Map::default(),
            longest: 0,
        }
    }

    /// The index in `forms` (the forms this table holds, in order) of
    /// `form`; a new form is added to both. Gives whether it was new: one
    /// pass over the names builds the list of distinct forms and the table.
    pub(crate) fn find_or_add(&mut self, forms: &mut Vec<String>, form: &str) -> (usize, bool) {
        if let (Some(index), _) = self.look_up(forms, form) {
            return (index, false);
        }
        let index = forms.len();
        self.add(index, form);
        forms.push(form.to_owned());
        (index, true)
    }

    /// Hold `form`, whose index in the forms is `index` (no form held is
    /// the same text).
    fn add(&mut self, index: usize, form: &str) {
        let index = u32::try_from(index)
            .ok()
            .filter(|&i| i < COLLIDED)
            .expect("at most 2^31 - 2 name forms");
        self.longest = self.longest.max(form.len());
        for (at, c) in form.char_indices().skip(1) {
            if !is_word_char(c) {
                let hash = self.hash(&form[..at]);
                *self.slots.entry(hash).or_insert(NO_FORM) |= GOES_ON;
            }
        }
        let hash = self.hash(form);
        let slot = self.slots.entry(hash).or_insert(NO_FORM);
        match *slot & !GOES_ON {
            NO_FORM => *slot = (*slot & GOES_ON) | index,
            COLLIDED => self.collided.entry(hash).or_default().push(index),
            other => {
                *slot = (*slot & GOES_ON) | COLLIDED;
                self.collided.insert(hash, vec![other, index]);
            }
        }
    }

    fn hash(&self, text: &str) -> u64 {
        self.hasher.hash_one(text.as_bytes())
    }

    /// The form (index into `forms`, those the table was built from) that
    /// is `written`, if any, and whether a longer form goes on from it.
    fn look_up(&self, forms: &[String], written: &str) -> (Option<usize>, bool) {
        let hash = self.hash(written);
        let Some(&slot) = self.slots.get(&hash) else {
            return (None, false);
        };
        let is_written = |&index: &u32| forms[index as usize] == written;
        let form = match slot & !GOES_ON {
            NO_FORM => None,
            COLLIDED => self.collided[&hash].iter().copied().find(is_written),
            index => Some(index).filter(is_written),
        };
        (form.map(|i| i as usize), slot & GOES_ON != 0)
    }

    /// The longest form written at `start` of `text` whose end `accept`
    /// takes (it gives what to keep of the match), with that. Only ends at a
    /// character that cannot be in a word, or at the text's end, are tried.
    pub(crate) fn longest_at<T>(
        &self,
        forms: &[String],
        text: &str,
        start: usize,
        accept: impl Fn(usize) -> Option<T>,
    ) -> Option<(usize, T)> {
        let rest = &text[start..];
        let mut best = None;
        let ends = rest
            .char_indices()
            .skip(1)
            .take_while(|&(at, _)| at <= self.longest)
            .filter(|&(_, c)| !is_word_char(c))
            .map(|(at, _)| start + at)
            .chain((!rest.is_empty() && rest.len() <= self.longest).then_some(text.len()));
        for end in ends {
            let (form, goes_on) = self.look_up(forms, &text[start..end]);
            if let Some(form) = form {
                if let Some(kept) = accept(end) {
                    best = Some((form, kept));
                }
            }
            if !goes_on {
                break;
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every text hashes alike: every form collides with every other and
    /// with every prefix.
    struct Colliding;

    impl BuildHasher for Colliding {
        type Hasher = Constant;
        fn build_hasher(&self) -> Constant {
            Constant
        }
    }

    struct Constant;

    impl std::hash::Hasher for Constant {
        fn finish(&self) -> u64 {
            7
        }
        fn write(&mut self, _: &[u8]) {}
    }

    /// Texts of the same length hash alike: a slot's one form is often not
    /// the text looked up, and prefixes collide with texts no form goes on
    /// from.
    struct ByLength;

    impl BuildHasher for ByLength {
        type Hasher = Length;
        fn build_hasher(&self) -> Length {
            Length(0)
        }
    }

    struct Length(u64);

    impl std::hash::Hasher for Length {
        fn finish(&self) -> u64 {
            self.0
        }
        fn write(&mut self, bytes: &[u8]) {
            self.0 += bytes.len() as u64;
        }
    }

    /// Where a name may end, as the name index accepts it (perhaps `'s`).
    fn accept(text: &str, end: usize) -> Option<(usize, bool)> {
        super::super::names::NameIndex::ends_at_boundary(text, end)
    }

    /// The longest form at `start` by comparing every form.
    fn by_comparing(forms: &[String], text: &str, start: usize) -> Option<(usize, (usize, bool))> {
        forms
            .iter()
            .enumerate()
            .filter(|(_, f)| text[start..].starts_with(f.as_str()))
            .filter_map(|(i, f)| Some((i, accept(text, start + f.len())?)))
            .max_by_key(|(_, (end, _))| *end)
    }

    #[test]
    fn the_longest_form_is_found_even_when_hashes_collide() {
        let forms: Vec<String> = [
            "Ann",
            "Ann Lee",
            "Ann Lee Jr",
            "Anna",
            "Jean-Luc",
            "Jean",
            "(Bo)",
            "Bo",
            "Åsa Ö",
            "A. B. Cole",
            "A. B",
            "Lee",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let text = "Ann Lee Jr. Ann Lee, Anna Lee; Ann Leek Jean-Luc Jean-Lu (Bo) Bo Åsa Ö \
                    A. B. Cole A. B. Cola Ann Lee's Ann Lee’s Ann Lee'sy Ann Lee's. Ann";
        let fair = FormTable::new(&forms);
        let colliding = FormTable::with_hasher(&forms, Colliding);
        let by_length = FormTable::with_hasher(&forms, ByLength);
        let mut found = 0;
        for (start, _) in text.char_indices() {
            let want = by_comparing(&forms, text, start);
            found += usize::from(want.is_some());
            let accept = |end| accept(text, end);
            assert_eq!(
                fair.longest_at(&forms, text, start, accept),
                want,
                "at {start}"
            );
            assert_eq!(
                colliding.longest_at(&forms, text, start, accept),
                want,
                "at {start}"
            );
            assert_eq!(
                by_length.longest_at(&forms, text, start, accept),
                want,
                "at {start}"
            );
        }
        // Every form is somewhere in the text, some twice, some only as
        // part of a longer one (`Ann Lee'sy` gives `Ann`): 23 places.
        assert_eq!(found, 23);
    }

    /// Forms met again get the number they got first, whatever the hasher,
    /// and only new forms are added.
    fn numbers_forms_in_the_order_first_met<S: BuildHasher>(hasher: S) {
        let met = [
            "Ann Lee", "Ann", "Lee", "Ann", "Bo Lee", "Ann Lee", "Bo", "Lee", "Ann L",
        ];
        let mut table = FormTable::empty(hasher, 2);
        let mut forms = Vec::new();
        let numbers: Vec<(usize, bool)> = met
            .iter()
            .map(|form| table.find_or_add(&mut forms, form))
            .collect();
        let (t, f) = (true, false);
        assert_eq!(
            numbers,
            [
                (0, t),
                (1, t),
                (2, t),
                (1, f),
                (3, t),
                (0, f),
                (4, t),
                (2, f),
                (5, t)
            ]
        );
        assert_eq!(forms, ["Ann Lee", "Ann", "Lee", "Bo Lee", "Bo", "Ann L"]);
        let text = "Bo Lee met Ann L and Ann Lee";
        let at = |start| {
            table
                .longest_at(&forms, text, start, Some)
                .map(|(form, _)| form)
        };
        assert_eq!(
            [at(0), at(11), at(21), at(3)],
            [Some(3), Some(5), Some(0), Some(2)]
        );
    }

    /// With a fair hasher, one under which every text collides, and one
    /// under which texts of a length collide.
    #[test]
    fn forms_met_again_keep_their_first_number() {
        numbers_forms_in_the_order_first_met(foldhash::fast::RandomState::default());
        numbers_forms_in_the_order_first_met(Colliding);
        numbers_forms_in_the_order_first_met(ByLength);
    }
}
