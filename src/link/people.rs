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
/// One Aho-Corasick pass over the text, whatever the number of titles.
pub fn titled_people(text: &str) -> Vec<String> {
    titled_people_in([text])
}

/// [`titled_people`] over several texts (an article and comment bodies)
/// without joining them.
pub fn titled_people_in<'t>(texts: impl IntoIterator<Item = &'t str>) -> Vec<String> {
    static FINDER: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    let finder = FINDER.get_or_init(|| {
        aho_corasick::AhoCorasickBuilder::new()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(TITLES)
            .expect("titles build an automaton")
    });
    let mut people: Vec<String> = Vec::new();
    for text in texts {
        for m in finder.find_iter(text) {
            let (at, end) = (m.start(), m.end());
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
