//! Month and weekday names in English, German, French, Spanish, Portuguese
//! and Italian, and the am/pm markers.

/// Month names and abbreviations with their month number, longest first
/// within each language so that a full name wins over its abbreviation.
const MONTHS: &[(&str, u32)] = &[
    // English
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("sept", 9),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    // German
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    ("mär", 3),
    ("mrz", 3),
    ("okt", 10),
    ("dez", 12),
    // French
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("janv", 1),
    ("févr", 2),
    ("fevr", 2),
    ("avr", 4),
    ("juil", 7),
    ("déc", 12),
    // Spanish
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("ene", 1),
    ("abr", 4),
    ("ago", 8),
    ("dic", 12),
    // Portuguese
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("marco", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("dezembro", 12),
    ("fev", 2),
    ("set", 9),
    ("out", 10),
    // Italian
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    ("gen", 1),
    ("mag", 5),
    ("giu", 6),
    ("lug", 7),
    ("ott", 10),
];

/// Weekday names and abbreviations (Monday = 1).
const WEEKDAYS: &[(&str, u32)] = &[
    // English
    ("monday", 1),
    ("tuesday", 2),
    ("wednesday", 3),
    ("thursday", 4),
    ("friday", 5),
    ("saturday", 6),
    ("sunday", 7),
    ("tues", 2),
    ("thurs", 4),
    ("thur", 4),
    ("mon", 1),
    ("tue", 2),
    ("wed", 3),
    ("thu", 4),
    ("fri", 5),
    ("sat", 6),
    ("sun", 7),
    // German
    ("montag", 1),
    ("dienstag", 2),
    ("mittwoch", 3),
    ("donnerstag", 4),
    ("freitag", 5),
    ("samstag", 6),
    ("sonnabend", 6),
    ("sonntag", 7),
    ("mo", 1),
    ("di", 2),
    ("mi", 3),
    ("do", 4),
    ("fr", 5),
    ("sa", 6),
    ("so", 7),
    // French
    ("lundi", 1),
    ("mardi", 2),
    ("mercredi", 3),
    ("jeudi", 4),
    ("vendredi", 5),
    ("samedi", 6),
    ("dimanche", 7),
    ("lun", 1),
    ("mer", 3),
    ("jeu", 4),
    ("ven", 5),
    ("sam", 6),
    ("dim", 7),
    // Spanish
    ("lunes", 1),
    ("martes", 2),
    ("miércoles", 3),
    ("miercoles", 3),
    ("jueves", 4),
    ("viernes", 5),
    ("sábado", 6),
    ("sabado", 6),
    ("domingo", 7),
    ("mié", 3),
    ("mie", 3),
    ("jue", 4),
    ("vie", 5),
    ("sáb", 6),
    ("sab", 6),
    ("dom", 7),
    // Portuguese
    ("segunda-feira", 1),
    ("terça-feira", 2),
    ("terca-feira", 2),
    ("quarta-feira", 3),
    ("quinta-feira", 4),
    ("sexta-feira", 5),
    ("segunda", 1),
    ("terça", 2),
    ("quarta", 3),
    ("quinta", 4),
    ("sexta", 5),
    ("seg", 1),
    ("ter", 2),
    ("qua", 3),
    ("qui", 4),
    ("sex", 5),
    // Italian
    ("lunedì", 1),
    ("martedì", 2),
    ("mercoledì", 3),
    ("giovedì", 4),
    ("venerdì", 5),
    ("sabato", 6),
    ("domenica", 7),
    ("lunedi", 1),
    ("martedi", 2),
    ("mercoledi", 3),
    ("giovedi", 4),
    ("venerdi", 5),
    ("gio", 4),
    ("mar", 2),
];

/// A name table split by first letter, so a lookup compares only the
/// names that can match (none for most words).
struct Buckets {
    /// Names whose first character is the ASCII letter `a` + index.
    ascii: [Vec<(&'static str, u32)>; 26],
    /// Names that start with any other character.
    other: Vec<(&'static str, u32)>,
}

impl Buckets {
    fn new(table: &[(&'static str, u32)]) -> Self {
        let mut ascii: [Vec<(&'static str, u32)>; 26] = Default::default();
        let mut other = Vec::new();
        for &(name, number) in table {
            match name.as_bytes()[0] {
                b @ b'a'..=b'z' => ascii[(b - b'a') as usize].push((name, number)),
                _ => other.push((name, number)),
            }
        }
        Buckets { ascii, other }
    }

    fn candidates(&self, text: &str) -> &[(&'static str, u32)] {
        match text.as_bytes().first() {
            Some(b) if b.is_ascii_alphabetic() => {
                &self.ascii[(b.to_ascii_lowercase() - b'a') as usize]
            }
            Some(b) if b.is_ascii() => &[],
            Some(_) => &self.other,
            None => &[],
        }
    }
}

/// The length in bytes of the longest name of `table` that `text` starts
/// with (ignoring case), followed by an optional `.` and then a non-letter,
/// and that name's number.
fn longest_name(table: &Buckets, text: &str) -> Option<(usize, u32)> {
    let mut best: Option<(usize, u32)> = None;
    let second = text.as_bytes().get(1).map(u8::to_ascii_lowercase);
    for &(name, number) in table.candidates(text) {
        // Most candidates differ from the text in their second byte: an
        // ASCII byte of the text against another ASCII byte of the name.
        let differs_early = match (second, name.as_bytes().get(1)) {
            (Some(t), Some(&n)) => t.is_ascii() && n.is_ascii() && t != n,
            _ => false,
        };
        if differs_early {
            continue;
        }
        if let Some(len) = prefix_len_ignoring_case(text, name) {
            if best.is_none_or(|(b, _)| len > b) {
                let rest = &text[len..];
                let next = rest.chars().next();
                let boundary = next.is_none_or(|c| !c.is_alphabetic());
                if boundary {
                    let dot = usize::from(next == Some('.'));
                    best = Some((len + dot, number));
                }
            }
        }
    }
    best
}

/// If `text` starts with `name` (lowercase) ignoring case, the byte length
/// of that prefix in `text`.
fn prefix_len_ignoring_case(text: &str, name: &str) -> Option<usize> {
    let mut consumed = 0;
    let mut text_chars = text.chars();
    for expected in name.chars() {
        let actual = text_chars.next()?;
        let same = actual == expected
            || if actual.is_ascii() {
                actual.to_ascii_lowercase() == expected
            } else {
                actual.to_lowercase().next() == Some(expected)
            };
        if !same {
            return None;
        }
        consumed += actual.len_utf8();
    }
    Some(consumed)
}

/// Every month name and abbreviation known (lowercase).
pub fn month_names() -> impl Iterator<Item = &'static str> {
    MONTHS.iter().map(|(n, _)| *n)
}

/// Every weekday name and abbreviation known (lowercase).
pub fn weekday_names() -> impl Iterator<Item = &'static str> {
    WEEKDAYS.iter().map(|(n, _)| *n)
}

/// A month name at the start of `text`: (bytes consumed, month 1–12).
pub fn month_name(text: &str) -> Option<(usize, u32)> {
    static TABLE: std::sync::OnceLock<Buckets> = std::sync::OnceLock::new();
    longest_name(TABLE.get_or_init(|| Buckets::new(MONTHS)), text)
}

/// A weekday name at the start of `text`: (bytes consumed, 1 = Monday).
pub fn weekday_name(text: &str) -> Option<(usize, u32)> {
    static TABLE: std::sync::OnceLock<Buckets> = std::sync::OnceLock::new();
    longest_name(TABLE.get_or_init(|| Buckets::new(WEEKDAYS)), text)
}

/// An am/pm marker at the start of `text`: (bytes consumed, is pm).
///
/// Accepts `am`, `pm`, `a.m.`, `p.m.`, `a. m.`, `p. m.` in any case, with
/// any blank (including no-break spaces) inside.
pub fn am_pm(text: &str) -> Option<(usize, bool)> {
    let bytes = text.as_bytes();
    let pm = match bytes.first()?.to_ascii_lowercase() {
        b'a' => false,
        b'p' => true,
        _ => return None,
    };
    let mut i = 1;
    let dotted = bytes.get(i) == Some(&b'.');
    if dotted {
        i += 1;
        i += blank_len(&text[i..]);
    }
    if bytes.get(i).map(u8::to_ascii_lowercase) != Some(b'm') {
        return None;
    }
    i += 1;
    if bytes.get(i) == Some(&b'.') {
        i += 1;
    }
    // A marker glued to a body (`1:02 PMFair point`) is followed by a
    // capital; `amazing` or `pmx` is a word, not a marker.
    let ends_with_dot = bytes[i - 1] == b'.';
    let next = text[i..].chars().next();
    if !ends_with_dot && next.is_some_and(|c| c.is_numeric() || c.is_lowercase()) {
        return None;
    }
    Some((i, pm))
}

/// Whether `c` is a blank: space, tab, or a no-break or narrow space.
pub fn is_blank(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{a0}' | '\u{2007}' | '\u{2009}' | '\u{202f}' | '\u{3000}'
    )
}

/// Whether `c` is an invisible mark that exports scatter through lines
/// (direction marks, byte-order mark, zero-width characters).
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}'
    )
}

/// Bytes of blanks at the start of `text`.
pub fn blank_len(text: &str) -> usize {
    text.char_indices()
        .find(|&(_, c)| !is_blank(c))
        .map_or(text.len(), |(i, _)| i)
}

/// Bytes of invisible marks at the start of `text`.
#[inline]
pub fn invisible_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    // Fast path: every mark starts with 0xE2 or 0xEF.
    if !matches!(bytes.first(), Some(0xE2 | 0xEF)) {
        return 0;
    }
    text.char_indices()
        .find(|&(_, c)| !is_invisible(c))
        .map_or(text.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_in_six_languages() {
        assert_eq!(month_name("May 17"), Some((3, 5)));
        assert_eq!(month_name("september 3"), Some((9, 9)));
        assert_eq!(month_name("Sept. 3"), Some((5, 9)));
        assert_eq!(month_name("März 2024"), Some(("März".len(), 3)));
        assert_eq!(month_name("décembre"), Some(("décembre".len(), 12)));
        assert_eq!(month_name("DICIEMBRE"), Some((9, 12)));
        assert_eq!(month_name("outubro"), Some((7, 10)));
        assert_eq!(month_name("maggio,"), Some((6, 5)));
        assert_eq!(month_name("Mayday"), None);
        assert_eq!(month_name("Madison"), None);
    }

    #[test]
    fn weekdays() {
        assert_eq!(weekday_name("Fri May"), Some((3, 5)));
        assert_eq!(weekday_name("Mittwoch,"), Some((8, 3)));
        assert_eq!(weekday_name("miércoles"), Some(("miércoles".len(), 3)));
        assert_eq!(weekday_name("Friendly"), None);
    }

    #[test]
    fn am_pm_markers() {
        assert_eq!(am_pm("pm"), Some((2, true)));
        assert_eq!(am_pm("AM "), Some((2, false)));
        assert_eq!(am_pm("a.m."), Some((4, false)));
        assert_eq!(am_pm("p.\u{a0}m. -"), Some((6, true)));
        assert_eq!(am_pm("p. m."), Some((5, true)));
        assert_eq!(am_pm("pmx"), None);
        assert_eq!(am_pm("amazing"), None);
        assert_eq!(am_pm("PMFair point"), Some((2, true)));
        assert_eq!(am_pm("p.m.Thanks"), Some((4, true)));
    }

    #[test]
    fn blanks_and_marks() {
        assert_eq!(blank_len(" \u{202f}x"), 1 + 3);
        assert_eq!(invisible_len("\u{200e}\u{200e}x"), 6);
        assert_eq!(invisible_len("x"), 0);
    }
}
