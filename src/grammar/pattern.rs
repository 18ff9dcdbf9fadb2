//! The line-pattern language of grammar files: text to a pattern tree.
//!
//! A pattern describes one line. Literal text matches itself (ASCII letters
//! in any case); a space matches one or more blanks (space, tab, no-break
//! spaces); `{field}` captures or skips a field; `[...]` is optional;
//! `(a|b)` is a choice; `\` escapes the next character. See
//! `grammars/README.md` for the reference.

use std::fmt;

/// A field a pattern can name inside braces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// `{author}`: the comment's author, a name (checked by the grammar's author rules).
    Author,
    /// `{author?}`: like `{author}`, but may be empty (the page stripped the name).
    AuthorOptional,
    /// `{body}`: the rest of the line is the first line of the body.
    Body,
    /// `{text}`: any text, skipped (shortest that lets the rest match).
    Text,
    /// `{int}`: a run of digits, skipped (vote counts, user ids).
    Int,
    /// `{year}`: a four-digit year.
    Year,
    /// `{yy}`: a two-digit year.
    Yy,
    /// `{month}`: a month number, 1 or 2 digits.
    Month,
    /// `{monthname}`: a month name or abbreviation (en, de, fr, es, pt, it).
    MonthName,
    /// `{day}`: a day of the month, 1 or 2 digits, with an optional ordinal suffix.
    Day,
    /// `{weekday}`: a weekday name or abbreviation, skipped.
    Weekday,
    /// `{hour}`: an hour, 1 or 2 digits (24h, or 12h with `{ampm}`).
    Hour,
    /// `{minute}`: two digits.
    Minute,
    /// `{second}`: two digits.
    Second,
    /// `{fraction}`: digits of a fraction of a second.
    Fraction,
    /// `{ampm}`: `am`, `pm`, `a.m.`, `p. m.` and the like.
    AmPm,
    /// `{day_or_month}`: the first of two numbers whose order the document decides.
    DayOrMonth,
    /// `{month_or_day}`: the second of those two numbers.
    MonthOrDay,
    /// `{iso}`: an ISO 8601 date-time such as `2024-05-17T20:41:00+02:00`.
    Iso,
    /// `{ago}`: a relative time such as `3 hours ago`, `yesterday`, `vor 3 Stunden`.
    Ago,
}

/// The names fields are written with, in the order of [`Field::ALL`].
const FIELD_NAMES: [(&str, Field); 20] = [
    ("author", Field::Author),
    ("author?", Field::AuthorOptional),
    ("body", Field::Body),
    ("text", Field::Text),
    ("int", Field::Int),
    ("year", Field::Year),
    ("yy", Field::Yy),
    ("month", Field::Month),
    ("monthname", Field::MonthName),
    ("day", Field::Day),
    ("weekday", Field::Weekday),
    ("hour", Field::Hour),
    ("minute", Field::Minute),
    ("second", Field::Second),
    ("fraction", Field::Fraction),
    ("ampm", Field::AmPm),
    ("day_or_month", Field::DayOrMonth),
    ("month_or_day", Field::MonthOrDay),
    ("iso", Field::Iso),
    ("ago", Field::Ago),
];

impl Field {
    /// Number of distinct fields: the size of a capture table.
    pub const COUNT: usize = FIELD_NAMES.len();

    /// Every field, in index order.
    pub const ALL: [Field; 20] = [
        Field::Author,
        Field::AuthorOptional,
        Field::Body,
        Field::Text,
        Field::Int,
        Field::Year,
        Field::Yy,
        Field::Month,
        Field::MonthName,
        Field::Day,
        Field::Weekday,
        Field::Hour,
        Field::Minute,
        Field::Second,
        Field::Fraction,
        Field::AmPm,
        Field::DayOrMonth,
        Field::MonthOrDay,
        Field::Iso,
        Field::Ago,
    ];

    /// Index of the field in a capture table.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The field written as `{name}`.
    pub fn from_name(name: &str) -> Option<Field> {
        FIELD_NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| *f)
    }

    /// The name the field is written with.
    pub fn name(self) -> &'static str {
        FIELD_NAMES[self.index()].0
    }

    /// Whether the field is part of a timestamp.
    pub const fn is_time(self) -> bool {
        matches!(
            self,
            Field::Year
                | Field::Yy
                | Field::Month
                | Field::MonthName
                | Field::Day
                | Field::Weekday
                | Field::Hour
                | Field::Minute
                | Field::Second
                | Field::Fraction
                | Field::AmPm
                | Field::DayOrMonth
                | Field::MonthOrDay
                | Field::Iso
                | Field::Ago
        )
    }

    /// Whether every match of the field starts with an ASCII digit.
    pub const fn starts_with_digit(self) -> bool {
        matches!(
            self,
            Field::Int
                | Field::Year
                | Field::Yy
                | Field::Month
                | Field::Day
                | Field::Hour
                | Field::Minute
                | Field::Second
                | Field::Fraction
                | Field::DayOrMonth
                | Field::MonthOrDay
                | Field::Iso
        )
    }

    /// Every field name, for error messages.
    pub fn all_names() -> String {
        FIELD_NAMES
            .iter()
            .map(|(n, _)| format!("{{{n}}}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// Text matched as written (ASCII letters in any case).
    Literal(Box<str>),
    /// One or more blanks.
    Space,
    /// A field.
    Field(Field),
    /// `[...]`: the inner nodes, or nothing.
    Optional(Vec<Node>),
    /// `(a|b|...)`: one of the alternatives.
    Choice(Vec<Vec<Node>>),
}

/// A mistake in a pattern, at a character column (1-based) of the pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    /// 1-based character column in the pattern text.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

impl std::error::Error for PatternError {}

/// Parse the pattern text of one line into nodes.
pub fn parse_pattern(text: &str) -> Result<Vec<Node>, PatternError> {
    let chars: Vec<char> = text.chars().collect();
    let mut reader = Reader { chars, pos: 0 };
    let nodes = reader.sequence(None)?;
    if reader.pos < reader.chars.len() {
        return Err(reader.error(format!(
            "unexpected '{}' with no group open",
            reader.chars[reader.pos]
        )));
    }
    check_body_is_last(&nodes, true).map_err(|message| PatternError { column: 1, message })?;
    if nodes.is_empty() {
        return Err(PatternError {
            column: 1,
            message: "the pattern is empty".into(),
        });
    }
    Ok(nodes)
}

/// `{body}` takes the rest of the line, so nothing may follow it.
fn check_body_is_last(nodes: &[Node], at_end: bool) -> Result<(), String> {
    for (i, node) in nodes.iter().enumerate() {
        let last = at_end && i + 1 == nodes.len();
        match node {
            Node::Field(Field::Body) if !last => {
                return Err("{body} takes the rest of the line; nothing may follow it".into())
            }
            Node::Optional(inner) => check_body_is_last(inner, last)?,
            Node::Choice(alternatives) => {
                for alternative in alternatives {
                    check_body_is_last(alternative, last)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

struct Reader {
    chars: Vec<char>,
    pos: usize,
}

impl Reader {
    fn error(&self, message: String) -> PatternError {
        PatternError {
            column: self.pos + 1,
            message,
        }
    }

    /// Nodes up to the closing character of the enclosing group (not consumed).
    fn sequence(&mut self, group: Option<char>) -> Result<Vec<Node>, PatternError> {
        let mut nodes = Vec::new();
        let mut literal = String::new();
        while let Some(&c) = self.chars.get(self.pos) {
            match c {
                ']' | ')' if group.is_some() => break,
                '|' if group == Some(')') => break,
                ']' | ')' => {
                    return Err(self.error(format!(
                        "'{c}' closes no group; write \\{c} for the character"
                    )))
                }
                '\\' => {
                    let Some(&escaped) = self.chars.get(self.pos + 1) else {
                        return Err(self.error("'\\' at the end escapes nothing".into()));
                    };
                    literal.push(escaped);
                    self.pos += 2;
                }
                ' ' => {
                    flush(&mut literal, &mut nodes);
                    while self.chars.get(self.pos) == Some(&' ') {
                        self.pos += 1;
                    }
                    nodes.push(Node::Space);
                }
                '{' => {
                    flush(&mut literal, &mut nodes);
                    nodes.push(self.field()?);
                }
                '[' => {
                    flush(&mut literal, &mut nodes);
                    let open = self.pos;
                    self.pos += 1;
                    let inner = self.sequence(Some(']'))?;
                    if self.chars.get(self.pos) != Some(&']') {
                        self.pos = open;
                        return Err(self.error("'[' is never closed by ']'".into()));
                    }
                    self.pos += 1;
                    if inner.is_empty() {
                        self.pos = open;
                        return Err(self.error("'[]' is an empty optional group".into()));
                    }
                    nodes.push(Node::Optional(inner));
                }
                '(' => {
                    flush(&mut literal, &mut nodes);
                    let open = self.pos;
                    self.pos += 1;
                    let mut alternatives = vec![self.sequence(Some(')'))?];
                    while self.chars.get(self.pos) == Some(&'|') {
                        self.pos += 1;
                        alternatives.push(self.sequence(Some(')'))?);
                    }
                    if self.chars.get(self.pos) != Some(&')') {
                        self.pos = open;
                        return Err(self.error("'(' is never closed by ')'".into()));
                    }
                    self.pos += 1;
                    if alternatives.iter().any(Vec::is_empty) {
                        self.pos = open;
                        return Err(self.error(
                            "a choice has an empty alternative; use [...] for something optional"
                                .into(),
                        ));
                    }
                    nodes.push(Node::Choice(alternatives));
                }
                '|' => {
                    literal.push('|');
                    self.pos += 1;
                }
                _ => {
                    literal.push(c);
                    self.pos += 1;
                }
            }
        }
        flush(&mut literal, &mut nodes);
        Ok(nodes)
    }

    fn field(&mut self) -> Result<Node, PatternError> {
        let open = self.pos;
        let close = self.chars[open..]
            .iter()
            .position(|&c| c == '}')
            .map(|i| open + i);
        let Some(close) = close else {
            return Err(self.error("'{' is never closed by '}'".into()));
        };
        let name: String = self.chars[open + 1..close].iter().collect();
        match Field::from_name(name.trim()) {
            Some(field) => {
                self.pos = close + 1;
                Ok(Node::Field(field))
            }
            None => Err(self.error(format!(
                "unknown field {{{name}}}; the fields are {}",
                Field::all_names()
            ))),
        }
    }
}

fn flush(literal: &mut String, nodes: &mut Vec<Node>) {
    if !literal.is_empty() {
        nodes.push(Node::Literal(std::mem::take(literal).into_boxed_str()));
    }
}

/// Every field a pattern names, in order, including those inside groups.
pub fn fields(nodes: &[Node]) -> Vec<Field> {
    let mut out = Vec::new();
    collect_fields(nodes, &mut out);
    out
}

fn collect_fields(nodes: &[Node], out: &mut Vec<Field>) {
    for node in nodes {
        match node {
            Node::Field(f) => out.push(*f),
            Node::Optional(inner) => collect_fields(inner, out),
            Node::Choice(alternatives) => {
                for a in alternatives {
                    collect_fields(a, out);
                }
            }
            Node::Literal(_) | Node::Space => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_fields_literals_groups_and_escapes() {
        let nodes = parse_pattern(r"\[{day_or_month}/{month_or_day}/({year}|{yy}), {hour}:{minute}[:{second}]\] {author}: {body}").unwrap();
        assert_eq!(nodes[0], Node::Literal("[".into()));
        assert_eq!(nodes[1], Node::Field(Field::DayOrMonth));
        assert!(matches!(&nodes[5], Node::Choice(a) if a.len() == 2));
        assert!(matches!(nodes.last(), Some(Node::Field(Field::Body))));
        assert!(fields(&nodes).contains(&Field::Second));
    }

    #[test]
    fn field_index_matches_the_name_table() {
        for (i, (name, field)) in FIELD_NAMES.iter().enumerate() {
            assert_eq!(field.index(), i, "{name}");
            assert_eq!(field.name(), *name);
            assert_eq!(Field::ALL[i], *field);
        }
    }

    #[test]
    fn bar_is_a_literal_outside_choices() {
        let nodes = parse_pattern("Posted by: {author} | {iso}").unwrap();
        assert!(nodes.contains(&Node::Literal("|".into())));
        let nodes = parse_pattern("{author}[ | root] x").unwrap();
        assert!(
            matches!(&nodes[1], Node::Optional(inner) if inner.contains(&Node::Literal("|".into())))
        );
    }

    #[test]
    fn reports_the_column_of_mistakes() {
        let err = parse_pattern("{author} {nope}").unwrap_err();
        assert_eq!(err.column, 10);
        assert!(err.message.contains("unknown field {nope}"));
        let err = parse_pattern("ab [cd").unwrap_err();
        assert_eq!(err.column, 4);
        let err = parse_pattern("{body} tail").unwrap_err();
        assert!(err.message.contains("nothing may follow"));
        assert!(parse_pattern("").is_err());
        assert!(parse_pattern("(a|)").is_err());
        assert!(parse_pattern("a)").is_err());
    }
}
