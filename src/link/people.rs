//! People a page names who are not participants: a name introduced with a
//! title (`President Vladimir Putin`, `Dr. Ada Quill`, `Senator Reyes`).
//! A comment that names them (`Putin's back`) mentions someone outside the
//! thread: an external mention, never a graph node.

/// Words that introduce a person's name.
const TITLES: &[&str] = &[
    "President",
    "Prime Minister",
    "Chancellor",
    "Minister",
    "Secretary",
    "Senator",
    "Congressman",
    "Congresswoman",
    "Representative",
    "Governor",
    "Mayor",
    "Councillor",
    "Councilor",
    "Judge",
    "Justice",
    "General",
    "Admiral",
    "Colonel",
    "Captain",
    "King",
    "Queen",
    "Prince",
    "Princess",
    "Pope",
    "Sheikh",
    "Emir",
    "Ambassador",
    "Premier",
    "Chairman",
    "Chairwoman",
    "Professor",
    "Prof.",
    "Dr.",
    "Dr",
    "Mr.",
    "Mr",
    "Mrs.",
    "Mrs",
    "Ms.",
    "Ms",
    "Sir",
    "Dame",
    "Lord",
    "Lady",
    "CEO",
    "Director",
    "Spokesman",
    "Spokeswoman",
    "Commissioner",
    "Leader",
];

/// Names introduced by a title anywhere in `text`, fullest form first
/// (`Vladimir Putin`), in order of first appearance, without duplicates.
/// One pass over the text: titles are looked for only at capital letters
/// some title starts with, the longest first, as a leftmost-longest search
/// would find them.
pub fn titled_people(text: &str) -> Vec<String> {
    titled_people_in([text])
}

/// [`titled_people`] over several texts (an article and comment bodies)
/// without joining them.
pub fn titled_people_in<'t>(texts: impl IntoIterator<Item = &'t str>) -> Vec<String> {
    titled_people_with(texts, titles_in)
}

/// [`titled_people_in`] with the titles of a text (start, end), left to
/// right, found by `titles`.
fn titled_people_with<'t, I: Iterator<Item = (usize, usize)>>(
    texts: impl IntoIterator<Item = &'t str>,
    titles: impl Fn(&'t str) -> I,
) -> Vec<String> {
    let mut people: Vec<String> = Vec::new();
    for text in texts {
        for (at, end) in titles(text) {
            let before_ok = text[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let rest = &text[end..];
            if !before_ok || !rest.starts_with(' ') {
                continue;
            }
            let name = capitalised_run(&rest[1..]);
            if !name.is_empty() && !people.contains(&name) {
                people.push(name);
            }
        }
    }
    people
}

/// The titles written in `text` as (start, end), left to right, none
/// overlapping: at the leftmost place where one starts, the longest.
fn titles_in(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let by_first = titles_by_first_letter();
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(offset) = bytes[from..]
            .iter()
            .position(|&b| b.is_ascii_uppercase() && !by_first[usize::from(b - b'A')].is_empty())
        {
            let at = from + offset;
            let longest = by_first[usize::from(bytes[at] - b'A')]
                .iter()
                .find(|title| bytes[at..].starts_with(title.as_bytes()));
            match longest {
                Some(title) => {
                    from = at + title.len();
                    return Some((at, from));
                }
                None => from = at + 1,
            }
        }
        from = bytes.len();
        None
    })
}

/// [`TITLES`] by their first letter (all are capital ASCII letters), the
/// longest first.
fn titles_by_first_letter() -> &'static [Vec<&'static str>; 26] {
    static BY_FIRST: std::sync::OnceLock<[Vec<&'static str>; 26]> = std::sync::OnceLock::new();
    BY_FIRST.get_or_init(|| {
        let mut by_first: [Vec<&'static str>; 26] = Default::default();
        for title in TITLES {
            let first = title.as_bytes()[0];
            assert!(first.is_ascii_uppercase(), "a title starts with a capital");
            by_first[usize::from(first - b'A')].push(title);
        }
        for titles in &mut by_first {
            titles.sort_by_key(|t| std::cmp::Reverse(t.len()));
        }
        by_first
    })
}

/// Up to three capitalised words at the start of `text` (`Vladimir Putin`,
/// `Xi Jinping`), stopping before a word that is not capitalised.
fn capitalised_run(text: &str) -> String {
    let mut words = Vec::new();
    for word in text.split(' ').take(3) {
        let clean = word.trim_end_matches(|c: char| !c.is_alphanumeric());
        let clean = clean
            .strip_suffix("'s")
            .or_else(|| clean.strip_suffix("’s"))
            .unwrap_or(clean);
        let capitalised = clean.chars().next().is_some_and(char::is_uppercase)
            && clean
                .chars()
                .skip(1)
                .all(|c| c.is_alphabetic() || c == '-' || c == '.')
            && clean.chars().count() >= 2;
        if !capitalised || TITLES.contains(&clean) {
            break;
        }
        words.push(clean.to_owned());
        if clean.len() != word.len() {
            break; // punctuation or a possessive ends the name
        }
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The titles found are those a leftmost-longest Aho-Corasick search
    /// finds, and so are the people, on texts that crowd titles together.
    #[test]
    fn titles_are_those_of_a_leftmost_longest_search() {
        let finder = aho_corasick::AhoCorasickBuilder::new()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(TITLES)
            .unwrap();
        let by_automaton = |text: &str| -> Vec<(usize, usize)> {
            finder
                .find_iter(text)
                .map(|m| (m.start(), m.end()))
                .collect()
        };
        let pieces = [
            "Prime Minister",
            "Minister",
            "Prime",
            "Dr.",
            "Dr",
            "Mrs.",
            "Mr",
            "Ms.",
            "President",
            "Presidential",
            "XPresident",
            "Ada",
            "Quill's",
            "é",
            "Über",
            "CEO",
            "Leaderboard",
            " ",
            " ",
            ", ",
            ".",
            "-",
            "\n",
            "Sir Ada Quill",
            "Lady",
            "King",
            "Queen",
            "Princess",
            "Prince",
            "Prof.",
            "Mrs",
        ];
        let mut seed = 7u64;
        let mut texts = vec![String::new(), "Dr.Dr. Dr Ada".to_owned()];
        for _ in 0..400 {
            let mut text = String::new();
            for _ in 0..12 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            texts.push(text);
        }
        let mut found = 0;
        for text in &texts {
            let titles: Vec<(usize, usize)> = titles_in(text).collect();
            assert_eq!(titles, by_automaton(text), "{text:?}");
            found += titles.len();
        }
        assert!(found > 1000, "{found}");
        let texts = texts.iter().map(String::as_str);
        assert_eq!(
            titled_people_in(texts.clone()),
            titled_people_with(texts, |text| by_automaton(text).into_iter())
        );
    }

    #[test]
    fn names_after_titles() {
        let text = "Russian President Vladimir Putin met Chinese President Xi Jinping. Dr. Ada Quill's view: Mayor said nothing.";
        assert_eq!(
            titled_people(text),
            vec!["Vladimir Putin", "Xi Jinping", "Ada Quill"]
        );
    }

    #[test]
    fn no_title_no_person() {
        assert!(titled_people("Moscow's sphere and Russia's exposure").is_empty());
    }
}
