//! Relative times: `3 hours ago`, `3 yr. ago`, `an hour ago`, `yesterday`,
//! `vor 3 Stunden`, `il y a 3 heures`, `hace 3 horas`, `há 3 horas`, `3 ore fa`.

use super::lexicon::blank_len;

/// The unit of a relative time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Seconds.
    Second,
    /// Minutes.
    Minute,
    /// Hours.
    Hour,
    /// Days.
    Day,
    /// Weeks.
    Week,
    /// Months.
    Month,
    /// Years.
    Year,
}

/// A time some amount of units before the reference point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Relative {
    /// How many units back.
    pub amount: u32,
    /// The unit.
    pub unit: Unit,
}

/// Unit words, lowercase, longest first within a language (a word is
/// matched whole, with an optional trailing `.`).
const UNITS: &[(&str, Unit)] = &[
    // English (and the short forms of Reddit, HN and Disqus)
    ("seconds", Unit::Second),
    ("second", Unit::Second),
    ("secs", Unit::Second),
    ("sec", Unit::Second),
    ("s", Unit::Second),
    ("minutes", Unit::Minute),
    ("minute", Unit::Minute),
    ("mins", Unit::Minute),
    ("min", Unit::Minute),
    ("m", Unit::Minute),
    ("hours", Unit::Hour),
    ("hour", Unit::Hour),
    ("hrs", Unit::Hour),
    ("hr", Unit::Hour),
    ("h", Unit::Hour),
    ("days", Unit::Day),
    ("day", Unit::Day),
    ("d", Unit::Day),
    ("weeks", Unit::Week),
    ("week", Unit::Week),
    ("wks", Unit::Week),
    ("wk", Unit::Week),
    ("w", Unit::Week),
    ("months", Unit::Month),
    ("month", Unit::Month),
    ("mos", Unit::Month),
    ("mo", Unit::Month),
    ("years", Unit::Year),
    ("year", Unit::Year),
    ("yrs", Unit::Year),
    ("yr", Unit::Year),
    ("y", Unit::Year),
    // German
    ("sekunden", Unit::Second),
    ("sekunde", Unit::Second),
    ("minuten", Unit::Minute),
    ("stunden", Unit::Hour),
    ("stunde", Unit::Hour),
    ("tagen", Unit::Day),
    ("tag", Unit::Day),
    ("wochen", Unit::Week),
    ("woche", Unit::Week),
    ("monaten", Unit::Month),
    ("monat", Unit::Month),
    ("jahren", Unit::Year),
    ("jahr", Unit::Year),
    // French
    ("secondes", Unit::Second),
    ("seconde", Unit::Second),
    ("heures", Unit::Hour),
    ("heure", Unit::Hour),
    ("jours", Unit::Day),
    ("jour", Unit::Day),
    ("semaines", Unit::Week),
    ("semaine", Unit::Week),
    ("mois", Unit::Month),
    ("années", Unit::Year),
    ("année", Unit::Year),
    ("ans", Unit::Year),
    ("an", Unit::Year),
    // Spanish and Portuguese
    ("segundos", Unit::Second),
    ("segundo", Unit::Second),
    ("minutos", Unit::Minute),
    ("minuto", Unit::Minute),
    ("horas", Unit::Hour),
    ("hora", Unit::Hour),
    ("días", Unit::Day),
    ("día", Unit::Day),
    ("dias", Unit::Day),
    ("dia", Unit::Day),
    ("semanas", Unit::Week),
    ("semana", Unit::Week),
    ("meses", Unit::Month),
    ("mes", Unit::Month),
    ("mês", Unit::Month),
    ("años", Unit::Year),
    ("año", Unit::Year),
    ("anos", Unit::Year),
    ("ano", Unit::Year),
    // Italian
    ("secondi", Unit::Second),
    ("minuti", Unit::Minute),
    ("ore", Unit::Hour),
    ("ora", Unit::Hour),
    ("giorni", Unit::Day),
    ("giorno", Unit::Day),
    ("settimane", Unit::Week),
    ("settimana", Unit::Week),
    ("mesi", Unit::Month),
    ("mese", Unit::Month),
    ("anni", Unit::Year),
    ("anno", Unit::Year),
];

/// Words for "one" that stand for the number 1.
const ONE: &[&str] = &[
    "an", "a", "one", "un", "une", "einer", "einem", "einen", "uno", "una", "um", "uma",
];

/// Single words: today, yesterday and just now.
const DAY_WORDS: &[(&str, Relative)] = &[
    (
        "yesterday",
        Relative {
            amount: 1,
            unit: Unit::Day,
        },
    ),
    (
        "today",
        Relative {
            amount: 0,
            unit: Unit::Day,
        },
    ),
    (
        "just now",
        Relative {
            amount: 0,
            unit: Unit::Second,
        },
    ),
    (
        "moments ago",
        Relative {
            amount: 0,
            unit: Unit::Second,
        },
    ),
    (
        "gestern",
        Relative {
            amount: 1,
            unit: Unit::Day,
        },
    ),
    (
        "heute",
        Relative {
            amount: 0,
            unit: Unit::Day,
        },
    ),
    (
        "hier",
        Relative {
            amount: 1,
            unit: Unit::Day,
        },
    ),
    (
        "aujourd'hui",
        Relative {
            amount: 0,
            unit: Unit::Day,
        },
    ),
    (
        "ayer",
        Relative {
            amount: 1,
            unit: Unit::Day,
        },
    ),
    (
        "hoy",
        Relative {
            amount: 0,
            unit: Unit::Day,
        },
    ),
    (
        "ontem",
        Relative {
            amount: 1,
            unit: Unit::Day,
        },
    ),
    (
        "hoje",
        Relative {
            amount: 0,
            unit: Unit::Day,
        },
    ),
    (
        "ieri",
        Relative {
            amount: 1,
            unit: Unit::Day,
        },
    ),
    (
        "oggi",
        Relative {
            amount: 0,
            unit: Unit::Day,
        },
    ),
];

/// Prefixes before the amount (`vor 3 Stunden`) and suffixes after the unit (`3 hours ago`).
const PREFIXES: &[&str] = &["vor", "il y a", "hace", "há", "ha"];
const SUFFIXES: &[&str] = &["ago", "fa"];

/// The words a relative time can start with (besides a number).
pub fn leading_words() -> impl Iterator<Item = &'static str> {
    DAY_WORDS
        .iter()
        .map(|(w, _)| *w)
        .chain(PREFIXES.iter().copied())
        .chain(ONE.iter().copied())
}

/// A relative time at the start of `text`: (bytes consumed, value).
pub fn relative(text: &str) -> Option<(usize, Relative)> {
    // Every word here starts with an ASCII letter: compare first bytes
    // before anything else, so most text is turned away at once.
    let first = text.as_bytes().first()?.to_ascii_lowercase();
    let could_start = |word: &str| word.as_bytes()[0] == first;
    if !first.is_ascii_digit() && !first.is_ascii_alphabetic() {
        return None;
    }
    for (word, value) in DAY_WORDS.iter().filter(|(w, _)| could_start(w)) {
        if let Some(n) = word_at(text, word) {
            return Some((n, *value));
        }
    }
    // Optional prefix.
    let mut pos = 0;
    let mut prefixed = false;
    for prefix in PREFIXES.iter().filter(|p| could_start(p)) {
        if let Some(n) = word_at(text, prefix) {
            let blanks = blank_len(&text[n..]);
            if blanks > 0 {
                pos = n + blanks;
                prefixed = true;
                break;
            }
        }
    }
    let (amount, n) = amount(&text[pos..])?;
    pos += n;
    let blanks = blank_len(&text[pos..]);
    pos += blanks;
    let (unit, n) = unit(&text[pos..])?;
    let glued_short = blanks == 0
        && n <= 3
        && text.as_bytes()[..pos]
            .last()
            .is_some_and(u8::is_ascii_digit);
    pos += n;
    if prefixed {
        return Some((pos, Relative { amount, unit }));
    }
    // Compact ages with no `ago`: `3y`, `5mo`, `20h`, `2d` (mirrors, apps).
    let after_blanks = blank_len(&text[pos..]);
    let ago_follows = SUFFIXES
        .iter()
        .any(|s| word_at(&text[pos + after_blanks..], s).is_some());
    if glued_short && !ago_follows {
        return Some((pos, Relative { amount, unit }));
    }
    let blanks = blank_len(&text[pos..]);
    for suffix in SUFFIXES {
        if let Some(n) = word_at(&text[pos + blanks..], suffix) {
            return Some((pos + blanks + n, Relative { amount, unit }));
        }
    }
    None
}

fn amount(text: &str) -> Option<(u32, usize)> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        return text[..digits].parse().ok().map(|n| (n, digits));
    }
    let first = text.as_bytes().first()?.to_ascii_lowercase();
    ONE.iter()
        .filter(|w| w.as_bytes()[0] == first)
        .find_map(|w| word_at(text, w).map(|n| (1, n)))
}

fn unit(text: &str) -> Option<(Unit, usize)> {
    let mut best: Option<(Unit, usize)> = None;
    for (word, unit) in UNITS {
        if let Some(n) = word_at(text, word) {
            if best.is_none_or(|(_, b)| n > b) {
                best = Some((*unit, n));
            }
        }
    }
    let (unit, n) = best?;
    // An abbreviation may end with a dot: `3 yr. ago`.
    let dot = usize::from(text[n..].starts_with('.'));
    Some((unit, n + dot))
}

/// If `text` starts with the whole word `word` (ignoring ASCII case), its length.
fn word_at(text: &str, word: &str) -> Option<usize> {
    let mut consumed = 0;
    let mut chars = text.chars();
    for expected in word.chars() {
        let actual = chars.next()?;
        let same = actual == expected
            || (actual.is_ascii() && actual.to_ascii_lowercase() == expected)
            || (!actual.is_ascii() && actual.to_lowercase().eq(std::iter::once(expected)));
        if !same {
            return None;
        }
        consumed += actual.len_utf8();
    }
    let next = text[consumed..].chars().next();
    next.is_none_or(|c| !c.is_alphanumeric())
        .then_some(consumed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(text: &str) -> Option<(usize, u32, Unit)> {
        relative(text).map(|(n, r)| (n, r.amount, r.unit))
    }

    #[test]
    fn english_forms() {
        assert_eq!(rel("3 hours ago | parent"), Some((11, 3, Unit::Hour)));
        assert_eq!(rel("3 yr. ago"), Some((9, 3, Unit::Year)));
        assert_eq!(rel("an hour ago"), Some((11, 1, Unit::Hour)));
        assert_eq!(rel("5mo ago"), Some((7, 5, Unit::Month)));
        assert_eq!(rel("yesterday at 8:41"), Some((9, 1, Unit::Day)));
        assert_eq!(rel("just now"), Some((8, 0, Unit::Second)));
        assert_eq!(rel("3 hours"), None);
        assert_eq!(rel("3y"), Some((2, 3, Unit::Year)));
        assert_eq!(rel("5mo · reply"), Some((3, 5, Unit::Month)));
        assert_eq!(rel("20h"), Some((3, 20, Unit::Hour)));
        assert_eq!(rel("3D"), Some((2, 3, Unit::Day)));
        assert_eq!(rel("2024"), None);
        assert_eq!(rel("3 houses ago"), None);
    }

    #[test]
    fn other_languages() {
        assert_eq!(rel("vor 3 Stunden"), Some((13, 3, Unit::Hour)));
        assert_eq!(rel("il y a 2 jours"), Some((14, 2, Unit::Day)));
        assert_eq!(rel("hace 1 año"), Some(("hace 1 año".len(), 1, Unit::Year)));
        assert_eq!(
            rel("há 4 semanas"),
            Some(("há 4 semanas".len(), 4, Unit::Week))
        );
        assert_eq!(rel("3 ore fa"), Some((8, 3, Unit::Hour)));
    }
}
