//! Running a compiled line pattern on one line.
//!
//! Fixed-shape fields (digits, names, ISO dates) are recognised by small nom
//! parsers; the pattern tree is walked by a backtracking interpreter that
//! tries optional groups and choices in order and lets `{author}` and
//! `{text}` take the shortest text that lets the rest of the line match.

use nom::bytes::complete::take_while_m_n;
use nom::character::complete::{char as nom_char, digit1, one_of};
use nom::combinator::{opt, recognize};
use nom::sequence::preceded;
use nom::{IResult, Parser};

use super::lexicon::{am_pm, blank_len, invisible_len, month_name, weekday_name};
use crate::grammar::literal_search::{find_ignoring_ascii_case, find_ignoring_ascii_case_at};
use crate::grammar::{AuthorRules, Field, LinePattern, Node};

/// Where each field was captured in a line: byte ranges relative to the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Captures {
    spans: [(u32, u32); Field::COUNT],
}

const UNSET: (u32, u32) = (u32::MAX, u32::MAX);

impl Default for Captures {
    fn default() -> Self {
        Captures {
            spans: [UNSET; Field::COUNT],
        }
    }
}

impl Captures {
    /// The byte range of `field` in the line, if it was captured.
    pub fn get(&self, field: Field) -> Option<(usize, usize)> {
        let (start, end) = self.spans[field.index()];
        (start != u32::MAX).then_some((start as usize, end as usize))
    }

    /// Record that `field` was captured at `start..end` of the line.
    pub(crate) fn set(&mut self, field: Field, start: usize, end: usize) {
        self.spans[field.index()] = (start as u32, end as u32);
    }

    fn raw(&self, field: Field) -> (u32, u32) {
        self.spans[field.index()]
    }

    fn restore(&mut self, field: Field, raw: (u32, u32)) {
        self.spans[field.index()] = raw;
    }

    /// The captured text of `field` in `line`.
    pub fn text<'l>(&self, field: Field, line: &'l str) -> Option<&'l str> {
        self.get(field).map(|(s, e)| &line[s..e])
    }

    /// The smallest range covering every timestamp field, if any.
    pub fn time_range(&self) -> Option<(usize, usize)> {
        let mut range: Option<(usize, usize)> = None;
        for (i, &(s, e)) in self.spans.iter().enumerate() {
            if s == u32::MAX || !FIELD_IS_TIME[i] {
                continue;
            }
            let (s, e) = (s as usize, e as usize);
            range = Some(range.map_or((s, e), |(a, b)| (a.min(s), b.max(e))));
        }
        range
    }
}

const FIELD_IS_TIME: [bool; Field::COUNT] = {
    let mut table = [false; Field::COUNT];
    let mut i = 0;
    while i < Field::COUNT {
        table[i] = Field::ALL[i].is_time();
        i += 1;
    }
    table
};

/// `{text}` spans at most this many bytes, so that a pathological line
/// (one 100 MB line) costs linear time, not quadratic.
const MAX_LAZY_TEXT: usize = 4096;

/// Match `pattern` against the whole of `line` (no line terminator).
pub fn match_line(pattern: &LinePattern, line: &str, rules: &AuthorRules) -> Option<Captures> {
    let start = line.len() - line.trim_start_matches([' ', '\t']).len();
    if let Some(first) = &pattern.first_bytes {
        let byte = *line.as_bytes().get(start)?;
        if !first[byte as usize] {
            return None;
        }
    }
    if let Some(prefixes) = &pattern.prefixes {
        // Invisible marks are skipped while matching: let such lines through.
        let head = &line.as_bytes()[start..];
        if super::lexicon::invisible_len(&line[start..]) == 0 && !prefixes.allows(head) {
            return None;
        }
    }
    if pattern
        .leading
        .as_ref()
        .is_some_and(|leading| !leading.allows(&line.as_bytes()[start..]))
    {
        return None;
    }
    if !pattern.required.is_empty()
        && !pattern
            .required
            .iter()
            .zip(&pattern.required_anchors)
            .any(|(literal, &anchor)| {
                find_ignoring_ascii_case_at(line.as_bytes(), literal, anchor).is_some()
            })
    {
        return None;
    }
    let mut caps = Captures::default();
    let matcher = Matcher { line, rules };
    // Indentation before a line's first element is not part of the pattern.
    matcher
        .run(&pattern.nodes, None, skip_marks(line, start), &mut caps)
        .then_some(caps)
}

/// What remains to match after the current node list: a linked list of
/// node slices, innermost first.
struct Rest<'p> {
    nodes: &'p [Node],
    next: Option<&'p Rest<'p>>,
}

struct Matcher<'l, 'r> {
    line: &'l str,
    rules: &'r AuthorRules,
}

/// Skip invisible marks at `pos`.
#[inline]
fn skip_marks(line: &str, pos: usize) -> usize {
    // Every mark starts with 0xE2 or 0xEF: most positions need no call.
    match line.as_bytes().get(pos) {
        Some(0xE2 | 0xEF) => pos + invisible_len(&line[pos..]),
        _ => pos,
    }
}

impl Matcher<'_, '_> {
    fn run(
        &self,
        nodes: &[Node],
        rest: Option<&Rest<'_>>,
        pos: usize,
        caps: &mut Captures,
    ) -> bool {
        let pos = skip_marks(self.line, pos);
        let Some((node, tail)) = nodes.split_first() else {
            return match rest {
                Some(r) => self.run(r.nodes, r.next, pos, caps),
                None => self.at_end(pos),
            };
        };
        let text = &self.line[pos..];
        match node {
            Node::Literal(literal) => {
                let n = literal.len();
                if text.len() >= n && text.as_bytes()[..n].eq_ignore_ascii_case(literal.as_bytes())
                {
                    self.run(tail, rest, pos + n, caps)
                } else {
                    false
                }
            }
            Node::Space => {
                let n = blank_len(text);
                n > 0 && self.run(tail, rest, pos + n, caps)
            }
            // A run that fails leaves the captures as it found them (each
            // field undoes its own capture), so groups need no snapshot.
            // An optional literal (`[,]`) is tried in place, with no frame
            // for the rest: with it, then without.
            Node::Optional(inner) if matches!(inner.as_slice(), [Node::Literal(_)]) => {
                let [Node::Literal(literal)] = inner.as_slice() else {
                    unreachable!("checked by the guard")
                };
                let n = literal.len();
                let present = text.len() >= n
                    && text.as_bytes()[..n].eq_ignore_ascii_case(literal.as_bytes());
                (present && self.run(tail, rest, pos + n, caps)) || self.run(tail, rest, pos, caps)
            }
            Node::Optional(inner) => {
                let after = Rest {
                    nodes: tail,
                    next: rest,
                };
                self.run(inner, Some(&after), pos, caps) || self.run(tail, rest, pos, caps)
            }
            Node::Choice(alternatives) => {
                // A choice of single characters (`(/|.|-)`) takes the one
                // the line has, if any: no alternative is tried in vain.
                if let Some(found) = one_byte_choice(alternatives, text.as_bytes().first()) {
                    return found && self.run(tail, rest, pos + 1, caps);
                }
                let after = Rest {
                    nodes: tail,
                    next: rest,
                };
                alternatives
                    .iter()
                    .any(|alternative| self.run(alternative, Some(&after), pos, caps))
            }
            Node::Field(field) => self.field(*field, tail, rest, pos, caps),
        }
    }

    /// The whole line must be used up, but for trailing blanks and marks.
    fn at_end(&self, pos: usize) -> bool {
        self.line[pos..]
            .chars()
            .all(|c| super::lexicon::is_blank(c) || super::lexicon::is_invisible(c))
    }

    fn field(
        &self,
        field: Field,
        tail: &[Node],
        rest: Option<&Rest<'_>>,
        pos: usize,
        caps: &mut Captures,
    ) -> bool {
        let text = &self.line[pos..];
        let len = match field {
            Field::Body => {
                let ends =
                    tail.is_empty() && rest.is_none_or(|r| r.nodes.is_empty() && r.next.is_none());
                if ends {
                    caps.set(field, pos, self.line.len());
                }
                return ends;
            }
            Field::Author | Field::AuthorOptional | Field::Text => {
                return self.lazy(field, tail, rest, pos, caps)
            }
            Field::Year => fixed_digits(text, 4),
            Field::Yy | Field::Minute | Field::Second => fixed_digits(text, 2),
            Field::Month | Field::Hour | Field::DayOrMonth | Field::MonthOrDay => {
                digits_between(text, 1, 2)
            }
            Field::Day => day(text),
            Field::Int => digits_between(text, 1, 12),
            Field::Fraction => digits_between(text, 1, 9),
            Field::MonthName => month_name(text).map(|(n, _)| n),
            Field::Weekday => weekday_name(text).map(|(n, _)| n),
            Field::AmPm => am_pm(text).map(|(n, _)| n),
            Field::Iso => iso(text),
            Field::Ago => super::relative::relative(text).map(|(n, _)| n),
        };
        match len {
            Some(n) => {
                let saved = caps.raw(field);
                caps.set(field, pos, pos + n);
                if self.run(tail, rest, pos + n, caps) {
                    true
                } else {
                    caps.restore(field, saved);
                    false
                }
            }
            None => false,
        }
    }

    /// `{author}`, `{author?}` or `{text}`: the shortest capture that lets
    /// the rest match (and, for authors, that the rules accept).
    fn lazy(
        &self,
        field: Field,
        tail: &[Node],
        rest: Option<&Rest<'_>>,
        pos: usize,
        caps: &mut Captures,
    ) -> bool {
        let line = self.line;
        let nothing_follows = tail.is_empty() && rest.is_none();
        let is_author = matches!(field, Field::Author | Field::AuthorOptional);
        let mut limit = if is_author {
            // max_chars characters take at most 4 bytes each, plus blanks around.
            (pos + self.rules.max_chars * 4 + 8).min(line.len())
        } else {
            (pos + MAX_LAZY_TEXT).min(line.len())
        };
        while !line.is_char_boundary(limit) {
            limit -= 1;
        }
        if nothing_follows {
            // The field takes the rest of the line.
            if is_author {
                let name = trim_name(&line[pos..]);
                let ok = if name.is_empty() {
                    field == Field::AuthorOptional
                } else {
                    line.len() <= limit && self.rules.accepts(name)
                };
                if !ok {
                    return false;
                }
            }
            caps.set(field, pos, line.len());
            return true;
        }
        // Where the rest of the pattern can begin: a literal's occurrences,
        // a blank, a digit; otherwise at any character.
        let next = match tail.first() {
            Some(Node::Literal(l)) => Next::Literal(l.as_bytes()),
            Some(Node::Space) => Next::Blank,
            Some(Node::Field(f)) if f.starts_with_digit() => Next::Digit,
            _ => Next::Any,
        };
        let saved = caps.raw(field);
        let mut scan = NameScan::default();
        let mut scanned = pos;
        let mut from = pos;
        loop {
            let Some(candidate) = next.find(line, from, limit) else {
                return false;
            };
            if is_author {
                // The name only grows: once it breaks a rule, longer ones do too.
                scan.advance(&line[scanned..candidate], self.rules);
                scanned = candidate;
                if scan.too_long(self.rules) {
                    return false;
                }
            }
            let acceptable = !is_author || {
                let name = trim_name(&line[pos..candidate]);
                if name.is_empty() {
                    field == Field::AuthorOptional
                } else {
                    !self.rules.rejects(name)
                }
            };
            if acceptable {
                caps.set(field, pos, candidate);
                if self.run(tail, rest, candidate, caps) {
                    return true;
                }
                caps.restore(field, saved);
            }
            // Step one character forward.
            match line[candidate..limit].chars().next() {
                Some(c) => from = candidate + c.len_utf8(),
                None => return false,
            }
        }
    }
}

/// For a choice whose every alternative is one ASCII character, whether
/// `next` is one of them (ASCII case ignored); `None` for other choices.
fn one_byte_choice(alternatives: &[Vec<Node>], next: Option<&u8>) -> Option<bool> {
    let mut found = false;
    for alternative in alternatives {
        match alternative.as_slice() {
            [Node::Literal(literal)] if literal.len() == 1 => {
                found |= next.is_some_and(|b| b.eq_ignore_ascii_case(&literal.as_bytes()[0]));
            }
            _ => return None,
        }
    }
    Some(found)
}

/// Where the node after a lazy field can start.
enum Next<'p> {
    /// At an occurrence of this literal (ASCII case ignored).
    Literal(&'p [u8]),
    /// At a blank.
    Blank,
    /// At an ASCII digit.
    Digit,
    /// Anywhere.
    Any,
}

impl Next<'_> {
    /// The first position at or after `from` (and before `limit`) where the rest can start.
    fn find(&self, line: &str, from: usize, limit: usize) -> Option<usize> {
        if from > limit {
            return None;
        }
        let bytes = &line.as_bytes()[from..limit];
        match self {
            Next::Literal(literal) => find_ignoring_ascii_case(bytes, literal).map(|i| from + i),
            Next::Digit => bytes.iter().position(u8::is_ascii_digit).map(|i| from + i),
            Next::Blank => line[from..limit]
                .char_indices()
                .find(|&(_, c)| super::lexicon::is_blank(c))
                .map(|(i, _)| from + i),
            Next::Any => Some(from),
        }
    }
}

/// Running counts over a growing name, to stop as soon as it breaks a rule.
#[derive(Default)]
struct NameScan {
    /// Characters since the first non-blank one, trailing blanks included.
    chars: usize,
    /// Trailing blanks in `chars`.
    trailing_blanks: usize,
    /// Words (runs of non-blanks).
    words: usize,
    /// Whether the last character was part of a word.
    in_word: bool,
    /// Whether a forbidden character was seen.
    forbidden: bool,
    /// Whether a non-blank character was seen (leading blanks do not count).
    started: bool,
}

impl NameScan {
    /// Take in `text`, the characters the name grew by.
    fn advance(&mut self, text: &str, rules: &AuthorRules) {
        for c in text.chars() {
            let blank = super::lexicon::is_blank(c) || super::lexicon::is_invisible(c);
            if blank {
                self.in_word = false;
                if self.started {
                    self.chars += 1;
                    self.trailing_blanks += 1;
                }
                continue;
            }
            self.started = true;
            self.chars += 1;
            self.trailing_blanks = 0;
            if !self.in_word {
                self.words += 1;
                self.in_word = true;
            }
            self.forbidden |= rules.forbid.contains(&c);
        }
    }

    /// Whether the name, and so every longer one, breaks the length,
    /// word or character rules.
    fn too_long(&self, rules: &AuthorRules) -> bool {
        self.forbidden
            || self.chars - self.trailing_blanks > rules.max_chars
            || self.words > rules.max_words
    }
}

/// A captured name without surrounding blanks and invisible marks.
pub fn trim_name(text: &str) -> &str {
    text.trim_matches(|c| super::lexicon::is_blank(c) || super::lexicon::is_invisible(c))
}

/// Exactly `n` ASCII digits, not followed by another digit.
fn fixed_digits(text: &str, n: usize) -> Option<usize> {
    digits_between(text, n, n)
}

/// Between `min` and `max` ASCII digits, not followed by another digit.
fn digits_between(text: &str, min: usize, max: usize) -> Option<usize> {
    // On bytes: a digit is one byte, and nom then needs no char decoding.
    let result: IResult<&[u8], &[u8]> =
        take_while_m_n(min, max, |b: u8| b.is_ascii_digit()).parse(text.as_bytes());
    let (rest, digits) = result.ok()?;
    if rest.first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    Some(digits.len())
}

/// A day of the month: 1 or 2 digits and an optional English ordinal suffix.
fn day(text: &str) -> Option<usize> {
    let n = digits_between(text, 1, 2)?;
    let rest = &text[n..];
    for suffix in ["st", "nd", "rd", "th"] {
        if rest.len() >= 2 && rest.as_bytes()[..2].eq_ignore_ascii_case(suffix.as_bytes()) {
            let after = rest[2..].chars().next();
            if after.is_none_or(|c| !c.is_alphanumeric()) {
                return Some(n + 2);
            }
        }
    }
    Some(n)
}

/// An ISO 8601 date-time: `YYYY-MM-DD[T| ]HH:MM[:SS[.fff]][Z|±HH[:]MM]`.
/// A bare date is not enough: write `{year}-{month}-{day}` for that.
fn iso(text: &str) -> Option<usize> {
    let result: IResult<&str, &str> = recognize((
        take_while_m_n(4, 4, |c: char| c.is_ascii_digit()),
        nom_char('-'),
        take_while_m_n(2, 2, |c: char| c.is_ascii_digit()),
        nom_char('-'),
        take_while_m_n(2, 2, |c: char| c.is_ascii_digit()),
        (
            one_of("T "),
            take_while_m_n(2, 2, |c: char| c.is_ascii_digit()),
            nom_char(':'),
            take_while_m_n(2, 2, |c: char| c.is_ascii_digit()),
            opt((
                nom_char(':'),
                take_while_m_n(2, 2, |c: char| c.is_ascii_digit()),
                opt(preceded(one_of(".,"), digit1)),
            )),
            opt(offset),
        ),
    ))
    .parse(text);
    result.ok().map(|(_, matched)| matched.len())
}

fn offset(text: &str) -> IResult<&str, &str> {
    let signed = recognize((
        one_of("+-"),
        take_while_m_n(2, 2, |c: char| c.is_ascii_digit()),
        opt(nom_char(':')),
        take_while_m_n(2, 2, |c: char| c.is_ascii_digit()),
    ));
    nom::branch::alt((recognize(nom_char('Z')), signed)).parse(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caps(pattern: &str, line: &str) -> Option<(Captures, String)> {
        let p = LinePattern::compile(pattern).unwrap();
        match_line(&p, line, &AuthorRules::default()).map(|c| (c, line.to_owned()))
    }

    fn field<'a>(c: &Captures, line: &'a str, f: Field) -> Option<&'a str> {
        c.text(f, line)
    }

    /// A line led by a blank that is not ASCII (no-break, thin or
    /// ideographic space) still reaches a pattern that begins with an
    /// optional part: the first-byte and prefix tests let its lead byte by.
    #[test]
    fn unicode_blanks_before_an_optional_start() {
        let pattern = "[(Post|Beitrag)][ ](Posted|Verfasst am)[ ]: {text}";
        for blank in ['\u{a0}', '\u{2009}', '\u{202f}', '\u{3000}'] {
            let line = format!("{blank}Posted: 17.05.2024, 20:41");
            let (c, _) = caps(pattern, &line).unwrap_or_else(|| panic!("{blank:?} line rejected"));
            assert_eq!(field(&c, &line, Field::Text), Some("17.05.2024, 20:41"));
        }
        assert!(caps(pattern, "Really: no").is_none());
    }

    #[test]
    fn seed_header_with_glued_body() {
        let pattern = "({monthname} {day}, {year}[,] (at|@) {hour}:{minute}[:{second}][ {ampm}]|{iso})[ ]{body}";
        let line = "May 17, 2024 AT 20:41Can't believe it";
        let (c, _) = caps(pattern, line).unwrap();
        assert_eq!(field(&c, line, Field::Body), Some("Can't believe it"));
        assert_eq!(field(&c, line, Field::Minute), Some("41"));
        assert_eq!(c.time_range(), Some((0, 21)));
        let line = "2024-05-17T20:41:00Z hello";
        let (c, _) = caps(pattern, line).unwrap();
        assert_eq!(field(&c, line, Field::Iso), Some("2024-05-17T20:41:00Z"));
        assert_eq!(field(&c, line, Field::Body), Some("hello"));
        let line = "May 17, 2024 at 8:41 pm and then";
        let (c, _) = caps(pattern, line).unwrap();
        assert_eq!(field(&c, line, Field::AmPm), Some("pm"));
        assert!(caps(pattern, "May 17, 2024 the summit opened").is_none());
        assert!(caps(pattern, "Mayor 17, 2024 AT 20:41x").is_none());
    }

    #[test]
    fn chat_line_with_lazy_author() {
        let pattern =
            "{day_or_month}/{month_or_day}/({year}|{yy}), {hour}:{minute} - {author}: {body}";
        let line = "17/05/24, 20:41 - Ana Lucía: ratio : 2";
        let (c, _) = caps(pattern, line).unwrap();
        assert_eq!(field(&c, line, Field::Author), Some("Ana Lucía"));
        assert_eq!(field(&c, line, Field::Body), Some("ratio : 2"));
        assert_eq!(field(&c, line, Field::Yy), Some("24"));
        assert!(caps(pattern, "17/05/24, 20:41 - Ana Lucía joined").is_none());
    }

    #[test]
    fn optional_groups_restore_captures_on_backtracking() {
        let line = "20:41 x";
        let (c, _) = caps("{hour}:{minute}[:{second}] x", line).unwrap();
        assert_eq!(field(&c, line, Field::Second), None);
        let line = "20:41:07 x";
        let (c, _) = caps("{hour}:{minute}[:{second}] x", line).unwrap();
        assert_eq!(field(&c, line, Field::Second), Some("07"));
    }

    #[test]
    fn whole_line_author_obeys_rules() {
        assert!(caps("{author}", "Nancy Perez de Lezama").is_some());
        assert!(caps("{author}", "This line has far too many words to be a name").is_none());
        assert!(caps("{author} says:", "Zoë says:").is_some());
    }

    #[test]
    fn marks_and_no_break_spaces_are_tolerated() {
        let pattern = "{hour}:{minute} {ampm} - {author}: {body}";
        let line = "\u{200e}8:41\u{202f}p.\u{a0}m. - Zé: oi";
        let (c, _) = caps(pattern, line).unwrap();
        assert_eq!(field(&c, line, Field::Author), Some("Zé"));
    }

    #[test]
    fn long_lines_of_wide_characters_do_not_split_a_character() {
        let line = format!("by x » y{}", "€".repeat(100));
        assert!(caps("by {author} » {body}", &line).is_some());
        let line = format!("by {} » y", "€".repeat(100));
        assert!(caps("by {author} » {body}", &line).is_none());
        assert!(caps("{text}: x", &"€".repeat(3000)).is_none());
    }

    #[test]
    fn digits_do_not_run_on() {
        assert!(caps("{year}-x", "20245-x").is_none());
        assert!(caps("{day} May", "17th May").is_some());
    }
}
