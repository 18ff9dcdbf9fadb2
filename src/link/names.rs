//! Finding names in text: every form of every participant's name (full,
//! first, last) and of people the page names, in one pass per body, linear
//! in the text whatever the number of participants. Names start where a
//! word can. At each such place the first two bytes are looked up in a bit
//! table, and only when they begin some form is the text there looked up in
//! a table of every form and of the prefixes forms go on from
//! ([`super::form_table`]): a few lookups, whether a page names a dozen
//! people or a chat has hundreds of thousands of members.

use std::borrow::Cow;

use super::form_table::FormTable;

/// Whom a name form can point to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Referent {
    /// Participants (indices into the participant list); more than one is ambiguous.
    Participants(Vec<usize>),
    /// A person named in the page who did not comment (their fullest name).
    External(String),
}

/// One name found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Byte range of the name itself (no `@`, no `'s`).
    pub start: usize,
    /// End of the name.
    pub end: usize,
    /// Whether it was written `@name`.
    pub at_sign: bool,
    /// Whether it is followed by `'s` or `’s`.
    pub possessive: bool,
    /// Index of the form in the index.
    pub form: usize,
}

/// Every form of every name, ready to search.
pub struct NameIndex {
    forms: Vec<String>,
    referents: Vec<Referent>,
    /// Whether the form is a single common word (`Will`, `Mark`), only
    /// trusted when it cannot be a sentence's first word.
    common: Vec<bool>,
    /// Whether some form starts with a pair of bytes (a 65,536-bit table).
    starts: Box<[u64; 1024]>,
    /// Whether some form starts with a byte.
    first_bytes: [bool; 256],
    /// Every form and the prefixes forms go on from.
    table: FormTable,
}

/// Single words that are names and everyday words too.
const COMMON_WORDS: &[&str] = &[
    "will", "may", "mark", "grace", "bill", "rose", "frank", "joy", "hope", "faith", "art", "pat",
    "sue", "rich", "dawn", "amber", "jack", "don", "ray", "gene", "guy", "summer", "june", "april",
    "august", "lily", "iris", "sunny", "chase", "hunter", "max", "page", "miles", "cash", "king",
    "young", "brown", "white", "black", "green", "long", "little", "wood", "stone", "hall", "rich",
    "love", "star", "sky", "river", "victor", "earnest",
];

/// Whether a one-word form is one of [`COMMON_WORDS`] in any case. The
/// words are ASCII: an ASCII form is compared in place; another is lowered
/// first (a Kelvin sign lowers to `k`).
fn is_common_word(form: &str) -> bool {
    if form.is_ascii() {
        COMMON_WORDS.iter().any(|w| w.eq_ignore_ascii_case(form))
    } else {
        COMMON_WORDS.contains(&form.to_lowercase().as_str())
    }
}

impl NameIndex {
    /// An index of the participants' names and of the external people's names.
    pub fn new(participants: &[String], external: &[String]) -> Self {
        // Forms are numbered in the order they are first met (participants,
        // then the external people): the same index for the same names on
        // every run, without sorting 600,000 forms. The table that finds
        // names in text also tells which forms were met before.
        let mut forms: Vec<String> = Vec::new();
        let mut table = FormTable::with_capacity(participants.len() + external.len());
        let mut referents: Vec<Referent> = Vec::new();
        for (i, name) in participants.iter().enumerate() {
            let (named, n) = forms_in(name);
            for form in &named[..n] {
                match table.find_or_add(&mut forms, form) {
                    (_, true) => referents.push(Referent::Participants(vec![i])),
                    // `forms_in` gives each form once per name, and each
                    // participant comes once: no duplicate to check for.
                    (number, false) => match &mut referents[number] {
                        Referent::Participants(list) => list.push(i),
                        Referent::External(_) => unreachable!("participants come first"),
                    },
                }
            }
        }
        for name in external {
            let (named, n) = forms_in(name);
            for form in &named[..n] {
                if let (_, true) = table.find_or_add(&mut forms, form) {
                    referents.push(Referent::External(name.clone()));
                }
            }
        }
        // Both grew by doubling; they are kept as long as the linker.
        forms.shrink_to_fit();
        referents.shrink_to_fit();
        let common = forms
            .iter()
            .map(|f| !f.contains(' ') && is_common_word(f))
            .collect();
        let mut starts = Box::new([0u64; 1024]);
        let mut first_bytes = [false; 256];
        for form in &forms {
            first_bytes[usize::from(form.as_bytes()[0])] = true;
            // Forms have two characters or more, so two bytes or more.
            let bit = pair_index([form.as_bytes()[0], form.as_bytes()[1]]);
            starts[bit / 64] |= 1 << (bit % 64);
        }
        NameIndex {
            table,
            forms,
            referents,
            common,
            starts,
            first_bytes,
        }
    }

    /// Where a form written in `text` ends on a word boundary (perhaps with
    /// `'s`): (end, possessive), or `None` when a word goes on.
    pub(crate) fn ends_at_boundary(text: &str, end: usize) -> Option<(usize, bool)> {
        let after = &text[end..];
        let possessive =
            after.starts_with("'s") || after.starts_with("’s") || after.starts_with("'S");
        let rest = if possessive {
            &after[if after.starts_with('\'') { 2 } else { 4 }..]
        } else {
            after
        };
        (!rest.chars().next().is_some_and(is_word_char)).then_some((end, possessive))
    }

    /// The longest form written at `start` and ending on a word boundary
    /// (perhaps with `'s`), as (form, end, possessive).
    fn longest_at(&self, text: &str, start: usize) -> Option<(usize, usize, bool)> {
        let bytes = text.as_bytes();
        let bit = pair_index([bytes[start], *bytes.get(start + 1)?]);
        if self.starts[bit / 64] & (1 << (bit % 64)) == 0 {
            return None;
        }
        let (form, (end, possessive)) = self.table.longest_at(&self.forms, text, start, |end| {
            Self::ends_at_boundary(text, end)
        })?;
        Some((form, end, possessive))
    }

    /// The form at `index`.
    pub fn form(&self, index: usize) -> &str {
        &self.forms[index]
    }

    /// Whom the form at `index` points to.
    pub fn referent(&self, index: usize) -> &Referent {
        &self.referents[index]
    }

    /// Names in `text`, left to right, on word boundaries, case as written.
    pub fn find(&self, text: &str) -> Vec<Found> {
        // Only bytes some form starts with are looked at: never one inside a
        // character (those are never a form's first byte).
        let starts = text
            .as_bytes()
            .iter()
            .enumerate()
            .filter(|&(_, &b)| self.first_bytes[usize::from(b)])
            .map(|(at, _)| at);
        self.find_with(text, starts, |start| self.longest_at(text, start))
    }

    /// [`NameIndex::find`] at the places `starts` (character boundaries, in
    /// order; it looks where a word can start), the longest form at a place
    /// given by `longest_at` (form, end, possessive).
    fn find_with(
        &self,
        text: &str,
        starts: impl Iterator<Item = usize>,
        longest_at: impl Fn(usize) -> Option<(usize, usize, bool)>,
    ) -> Vec<Found> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        // Names do not overlap: the text a name covers is not looked at again.
        let mut resume = 0;
        for start in starts {
            if start < resume {
                continue;
            }
            let word_start = text[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !is_word_char(c));
            if !word_start {
                continue;
            }
            let Some((form, end, possessive)) = longest_at(start) else {
                continue;
            };
            resume = end;
            let at_sign = start > 0 && bytes[start - 1] == b'@';
            if self.common[form] && !at_sign && !possessive && sentence_start(text, start) {
                let vocative = text[end..].starts_with(',');
                if !vocative {
                    continue;
                }
            }
            out.push(Found {
                start,
                end,
                at_sign,
                possessive,
                form,
            });
        }
        out
    }
}

/// The forms a name is written in: the whole name, and for names of two or
/// more words the first and the last word (`Nancy`, `Lezama`), and the
/// surname with its particles (`Perez de Lezama`).
pub fn forms_of(name: &str) -> Vec<String> {
    let (forms, n) = forms_in(name);
    forms[..n].iter().map(|f| f.to_string()).collect()
}

/// The forms [`forms_of`] gives, in the same order, without copying them
/// where they are slices of `name` (all but a surname whose words are
/// not apart by single spaces): the first `n` of the array.
fn forms_in(name: &str) -> ([Cow<'_, str>; 4], usize) {
    let name = name.trim();
    let mut forms: [Cow<'_, str>; 4] = Default::default();
    forms[0] = Cow::Borrowed(name);
    let mut n = 1;
    let mut words = name.split_whitespace();
    let first = words.next();
    let last = words.next_back();
    if let (Some(first), Some(last)) = (first, last) {
        for word in [first, last] {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric());
            if word.chars().count() >= 2 && word.chars().next().is_some_and(char::is_uppercase) {
                forms[n] = Cow::Borrowed(word);
                n += 1;
            }
        }
        let three_or_more = words.next().is_some();
        if three_or_more {
            // The words after the first, one space apart: a slice of the
            // name unless other blanks stand between them.
            let second = name[first.len()..].trim_start();
            let single_spaces =
                !second.contains(|c: char| c.is_whitespace() && c != ' ') && !second.contains("  ");
            forms[n] = if single_spaces {
                Cow::Borrowed(second)
            } else {
                Cow::Owned(second.split_whitespace().collect::<Vec<_>>().join(" "))
            };
            n += 1;
        }
    }
    let mut kept = 0;
    for i in 0..n {
        if forms[i].chars().count() >= 2 {
            forms.swap(kept, i);
            kept += 1;
        }
    }
    forms[..kept].sort();
    let mut distinct = 0;
    for i in 0..kept {
        if distinct == 0 || forms[i] != forms[distinct - 1] {
            forms.swap(distinct, i);
            distinct += 1;
        }
    }
    (forms, distinct)
}

fn pair_index(pair: [u8; 2]) -> usize {
    (usize::from(pair[0]) << 8) | usize::from(pair[1])
}

/// Whether `c` can be part of a word (a name ends where one cannot).
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `pos` starts a sentence: the text's start, or after `.`, `!`,
/// `?`, `:` or a line break, with only blanks, quotes and `(` between.
pub fn sentence_start(text: &str, pos: usize) -> bool {
    let before = text[..pos].trim_end_matches([' ', '\t', '"', '“', '(']);
    before.is_empty() || before.ends_with(['.', '!', '?', '\n', ':'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(participants: &[&str], text: &str) -> Vec<String> {
        let participants: Vec<String> = participants.iter().map(|s| s.to_string()).collect();
        let index = NameIndex::new(&participants, &[]);
        index
            .find(text)
            .into_iter()
            .map(|f| text[f.start..f.end].to_owned())
            .collect()
    }

    #[test]
    fn common_words_are_known_in_any_case() {
        for word in ["will", "WILL", "Rose", "kInG"] {
            assert!(is_common_word(word), "{word}");
        }
        // A Kelvin sign lowers to `k`.
        assert!(is_common_word("\u{212A}ing"));
        for word in ["Willa", "Ada", "Röse", ""] {
            assert!(!is_common_word(word), "{word}");
        }
    }

    /// The names found are those found by comparing every form at every
    /// character: full names, first and last names, possessives, `@`, names
    /// inside longer words, common words, particles, wide characters.
    #[test]
    fn names_found_are_those_of_comparing_every_form() {
        let participants: Vec<String> = [
            "Ann Lee",
            "Anna Lee",
            "Ann",
            "Lee Ann",
            "Bo Ray",
            "Bo",
            "Mark Stone",
            "Will Hay",
            "Åsa Öberg",
            "Jean-Luc Picard",
            "de Vries",
            "Perez de Lezama",
            "Ann Lee Jr",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let external = vec!["Vladimir Putin".to_owned()];
        let text = "Ann Lee said Anna Lee's point. Ann, Annabel and AnnLee no. @Bo Ray agrees; \
                    Bo's take. Mark my words, Will. Mark Stone and Will Hay. Åsa Öberg's and \
                    Öberg. Jean-Luc Picard, Picard. Perez de Lezama met de Vries and Putin. \
                    Lee Ann Lee Jr. Ann Lee Jr's. x Ann Lee";
        let index = NameIndex::new(&participants, &external);
        let by_comparing = |start: usize| {
            (0..index.forms.len())
                .filter(|&f| text[start..].starts_with(index.form(f)))
                .filter_map(|f| {
                    let (end, possessive) =
                        NameIndex::ends_at_boundary(text, start + index.form(f).len())?;
                    Some((f, end, possessive))
                })
                .max_by_key(|&(_, end, _)| end)
        };
        let found = index.find(text);
        assert!(found.len() >= 15, "found {}", found.len());
        // Every character looked at, every form compared.
        let every_char = text.char_indices().map(|(at, _)| at);
        assert_eq!(found, index.find_with(text, every_char, by_comparing));
    }

    /// The forms as they were made before `forms_in` stopped copying them.
    fn forms_by_copying(name: &str) -> Vec<String> {
        let name = name.trim();
        let mut forms = vec![name.to_owned()];
        let words: Vec<&str> = name.split_whitespace().collect();
        if words.len() >= 2 {
            for word in [words[0], words[words.len() - 1]] {
                let word = word.trim_matches(|c: char| !c.is_alphanumeric());
                if word.chars().count() >= 2 && word.chars().next().is_some_and(char::is_uppercase)
                {
                    forms.push(word.to_owned());
                }
            }
            if words.len() >= 3 {
                forms.push(words[1..].join(" "));
            }
        }
        forms.retain(|f| f.chars().count() >= 2);
        forms.sort();
        forms.dedup();
        forms
    }

    /// Forms are the same as copying them, for names with odd blanks,
    /// punctuation, repeated words, one-letter words and wide characters.
    #[test]
    fn forms_without_copies_are_the_forms() {
        let names = [
            "Nancy Perez de Lezama",
            "  Nancy   Perez\tde Lezama ",
            "Nancy Perez\u{a0}de Lezama",
            "Ann Ann",
            "Ann Ann Ann",
            "Ann",
            "A",
            "",
            "   ",
            "A B",
            "A B C",
            "Jo (Admin) Lee",
            "@jo_lee",
            "Émile Zola",
            "ÉMILE  ÖZIL\u{3000}Jr.",
            "dr. who is here",
            "Lee, Ann Marie",
            "Ann-Marie O'Neil",
            "Ø Å",
            "X Æ A-12 Musk",
        ];
        for name in names {
            assert_eq!(forms_of(name), forms_by_copying(name), "{name:?}");
        }
        // The surname stays a slice of the name when single spaces part
        // its words, and is joined anew when other blanks do.
        let (forms, n) = forms_in("Nancy Perez de Lezama");
        assert!(forms[..n].iter().all(|f| matches!(f, Cow::Borrowed(_))));
        let (forms, n) = forms_in("Nancy Perez  de Lezama");
        assert!(forms[..n].iter().any(|f| matches!(f, Cow::Owned(_))));
    }

    proptest::proptest! {
        /// Forms are the same as copying them for any name made of letters,
        /// punctuation and every kind of blank.
        #[test]
        fn forms_without_copies_are_the_forms_for_any_name(
            name in "[aAÉé'\\- \t\u{a0}\u{3000}\u{85}.Xx]{0,24}"
        ) {
            proptest::prop_assert_eq!(forms_of(&name), forms_by_copying(&name));
        }
    }

    /// Forms are numbered in the order they are first met, the same on
    /// every run: participants' in order, then the external people's.
    #[test]
    fn forms_are_numbered_in_the_order_first_met() {
        let participants = vec!["Ann Lee".to_owned(), "Bo Lee".to_owned()];
        let external = vec!["Cy Lee".to_owned(), "Ann Lee".to_owned()];
        let index = NameIndex::new(&participants, &external);
        let forms: Vec<&str> = (0..index.forms.len()).map(|i| index.form(i)).collect();
        assert_eq!(
            forms,
            ["Ann", "Ann Lee", "Lee", "Bo", "Bo Lee", "Cy", "Cy Lee"]
        );
        assert_eq!(index.referent(2), &Referent::Participants(vec![0, 1]));
        assert_eq!(index.referent(5), &Referent::External("Cy Lee".to_owned()));
    }

    #[test]
    fn forms_cover_first_last_and_particles() {
        let forms = forms_of("Nancy Perez de Lezama");
        assert!(forms.contains(&"Nancy".to_owned()));
        assert!(forms.contains(&"Lezama".to_owned()));
        assert!(forms.contains(&"Perez de Lezama".to_owned()));
        assert_eq!(forms_of("ana"), vec!["ana".to_owned()]);
    }

    #[test]
    fn word_boundaries_case_and_possessives() {
        assert_eq!(names(&["John Crulz"], "John's point is fair"), vec!["John"]);
        assert_eq!(
            names(&["Susan Mark"], "we mark the date"),
            Vec::<String>::new()
        );
        assert_eq!(names(&["Ann Lee"], "Annual figures"), Vec::<String>::new());
        assert_eq!(names(&["Ann Lee"], "as @Ann said"), vec!["Ann"]);
    }

    #[test]
    fn common_words_at_sentence_start_are_not_names() {
        assert_eq!(
            names(&["Will Ortega"], "Will this pass? I doubt it."),
            Vec::<String>::new()
        );
        assert_eq!(
            names(&["Will Ortega"], "Will, you are right."),
            vec!["Will"]
        );
        assert_eq!(
            names(&["Will Ortega"], "I agree with Will here."),
            vec!["Will"]
        );
    }
}
