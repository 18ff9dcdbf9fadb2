//! Grammars: format descriptions kept as data files in `grammars/`.
//!
//! A grammar file is loaded as written ([`file`]), checked, and compiled once
//! into a [`Grammar`] whose line patterns the parser runs. The built-in
//! grammars are embedded in the binary; [`Grammar::from_path`] loads a user's.

mod error;
pub mod file;
pub mod filter;
pub(crate) mod literal_search;
pub mod pattern;
pub mod prefix;

use std::path::Path;

use error::locate;
pub use error::GrammarError;
use file::{CommentFile, GrammarFile};
pub use pattern::{Field, Node, PatternError};
use toml::Spanned;

/// Whether text before the thread is an article (pages) or noise (chats).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GrammarKind {
    /// A page: the text before the first comment is the article.
    Page,
    /// A chat export: every line belongs to a message or a notice.
    Chat,
}

/// How `{day_or_month}/{month_or_day}` are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateOrder {
    /// Decided from the whole document (a value over 12 settles it).
    Auto,
    /// Day, then month.
    DayFirst,
    /// Month, then day.
    MonthFirst,
}

/// Rules a captured `{author}` must satisfy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorRules {
    /// Most words a name may have.
    pub max_words: usize,
    /// Most characters a name may have.
    pub max_chars: usize,
    /// Characters that never occur in a name.
    pub forbid: Vec<char>,
    /// Whole captures that are never names, lowercased.
    pub reject: Vec<String>,
}

impl Default for AuthorRules {
    fn default() -> Self {
        AuthorRules {
            max_words: 6,
            max_chars: 64,
            forbid: Vec::new(),
            reject: Vec::new(),
        }
    }
}

impl AuthorRules {
    /// Whether `name` (already trimmed) can be an author.
    pub fn accepts(&self, name: &str) -> bool {
        if name.is_empty() {
            return false;
        }
        // The forbidden ASCII characters as bits, so that each character
        // of the name costs one test, not one per forbidden character.
        let mut forbidden_ascii = 0u128;
        for &c in &self.forbid {
            if c.is_ascii() {
                forbidden_ascii |= 1 << (c as u32);
            }
        }
        let mut chars = 0;
        for c in name.chars() {
            chars += 1;
            let forbidden = if c.is_ascii() {
                forbidden_ascii & (1 << (c as u32)) != 0
            } else {
                self.forbid.contains(&c)
            };
            if chars > self.max_chars || forbidden {
                return false;
            }
        }
        if name.split_whitespace().count() > self.max_words {
            return false;
        }
        !self.rejects(name)
    }

    /// Whether `name` is one of the captures that are never names.
    pub fn rejects(&self, name: &str) -> bool {
        if self.reject.is_empty() {
            return false;
        }
        if name.is_ascii() {
            // `r` is lowercase; an ASCII name lowercases byte for byte.
            return self.reject.iter().any(|r| {
                r.len() == name.len()
                    && r.bytes()
                        .zip(name.bytes())
                        .all(|(r, n)| r == n.to_ascii_lowercase())
            });
        }
        let chars = name.chars().count();
        self.reject
            .iter()
            .any(|r| r.chars().count() == chars && *r == name.to_lowercase())
    }
}

/// One compiled line pattern.
#[derive(Debug, Clone)]
pub struct LinePattern {
    /// The pattern as written in the grammar file.
    pub text: String,
    /// The parsed pattern.
    pub nodes: Vec<Node>,
    /// Bytes a matching line can start with (after blanks are skipped);
    /// `None` when any byte can.
    pub first_bytes: Option<Box<[bool; 256]>>,
    /// The two bytes a matching line can start with (after blanks), when
    /// the pattern begins with a name, a relative time, digits or a literal.
    pub prefixes: Option<prefix::Prefixes>,
    /// The literals a matching line starts with (after blanks), when the
    /// pattern begins with literals only.
    pub leading: Option<prefix::Leading>,
    /// Literals at least one of which every match contains (each 2 bytes
    /// or more): a line with none of them is rejected before any matching
    /// work. Taken from a literal element of the pattern, or a choice whose
    /// every alternative holds one; empty when there is no such element.
    pub required: Vec<Box<[u8]>>,
    /// For each of `required`, the place of its rarest byte, where a
    /// search for it looks first.
    pub required_anchors: Vec<usize>,
}

impl LinePattern {
    /// Parse and prepare a pattern.
    pub fn compile(text: &str) -> Result<Self, PatternError> {
        let nodes = pattern::parse_pattern(text)?;
        let first_bytes = first_bytes(&nodes).map(Box::new);
        let required = required_literals(&nodes);
        let required_anchors = required
            .iter()
            .map(|literal| literal_search::rarest_byte_at(literal))
            .collect();
        let prefixes = prefix::prefixes(&nodes);
        let leading = prefix::leading(&nodes);
        Ok(LinePattern {
            text: text.to_owned(),
            nodes,
            first_bytes,
            required,
            required_anchors,
            prefixes,
            leading,
        })
    }

    /// Whether the pattern names `field` anywhere.
    pub fn has_field(&self, field: Field) -> bool {
        pattern::fields(&self.nodes).contains(&field)
    }
}

/// Where the body of a layout without header starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyExtent {
    /// All text since the previous comment (or the thread start).
    All,
    /// Only the paragraph just before the byline.
    Paragraph,
    /// Only the line just before the byline.
    Line,
}

/// What text between a finished comment and the next one is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Between {
    /// Unexplained: an `unparsed` segment with a diagnostic.
    Unparsed,
    /// Article text (pages that quote readers between paragraphs).
    Article,
}

/// One way a comment is laid out.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Consecutive lines before the body.
    pub header: Vec<LinePattern>,
    /// Consecutive lines after the body.
    pub byline: Vec<LinePattern>,
    /// Index of the header line matched first (the most selective).
    pub header_anchor: usize,
    /// Index of the byline line matched first.
    pub byline_anchor: usize,
    /// Where the body starts, for layouts without header.
    pub body: BodyExtent,
}

/// A checked, compiled grammar.
#[derive(Debug, Clone)]
pub struct Grammar {
    /// Unique id.
    pub id: String,
    /// Human name.
    pub name: String,
    /// What it is for.
    pub description: String,
    /// Page or chat.
    pub kind: GrammarKind,
    /// How ambiguous numeric dates are read.
    pub date_order: DateOrder,
    /// Rules for `{author}`.
    pub author: AuthorRules,
    /// Comment layouts, tried in order.
    pub layouts: Vec<Layout>,
    /// Furniture lines inside the thread.
    pub noise: Vec<LinePattern>,
    /// System lines of chats, checked after headers.
    pub notice: Vec<LinePattern>,
    /// System lines checked before headers.
    pub system: Vec<LinePattern>,
    /// Lines that set the date of later time-only timestamps.
    pub date_context: Vec<LinePattern>,
    /// Lines that end a body (signature separators).
    pub body_end: Vec<LinePattern>,
    /// What text between comments is.
    pub between: Between,
    /// Lines that start the thread.
    pub thread_start: Vec<LinePattern>,
    /// Lines that end the thread.
    pub thread_end: Vec<LinePattern>,
    /// Where the grammar came from: a path, or `built-in:<file name>`.
    pub origin: String,
    /// The grammar file's text.
    pub source: String,
    /// The cheap test every line passes before any pattern is tried.
    pub line_filter: filter::LineFilter,
}

/// The grammar files shipped in `grammars/`, embedded at build time (every
/// `.toml` file there, in file-name order): (file name, text).
pub const BUILTIN_FILES: &[(&str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/builtin_grammars.rs"));

impl Grammar {
    /// Every built-in grammar, compiled.
    ///
    /// # Panics
    /// Never in a released build: a test compiles every built-in file.
    pub fn builtins() -> Vec<Grammar> {
        BUILTIN_FILES
            .iter()
            .map(|(name, text)| {
                Grammar::from_str(text, &format!("built-in:{name}"))
                    .unwrap_or_else(|e| panic!("built-in grammar is broken: {e}"))
            })
            .collect()
    }

    /// The built-in grammar with `id`.
    pub fn builtin(id: &str) -> Option<Grammar> {
        Grammar::builtins().into_iter().find(|g| g.id == id)
    }

    /// Load and compile a grammar file.
    pub fn from_path(path: &Path) -> Result<Grammar, GrammarError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| GrammarError {
            file: file.clone(),
            line: 1,
            column: 1,
            key: None,
            message: format!("cannot read the grammar file: {e}"),
        })?;
        Grammar::from_str(&text, &file)
    }

    /// Compile the grammar text `text`; `origin` names it in errors.
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(text: &str, origin: &str) -> Result<Grammar, GrammarError> {
        let raw: GrammarFile = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map_or((1, 1), |s| locate(text, s.start));
            GrammarError {
                file: origin.to_owned(),
                line,
                column,
                key: None,
                message: e.message().trim().to_owned(),
            }
        })?;
        Compiler { text, origin }.grammar(raw)
    }
}

struct Compiler<'t> {
    text: &'t str,
    origin: &'t str,
}

impl Compiler<'_> {
    fn error_at(&self, offset: usize, key: &str, message: String) -> GrammarError {
        let (line, column) = locate(self.text, offset);
        GrammarError {
            file: self.origin.to_owned(),
            line,
            column,
            key: Some(key.to_owned()),
            message,
        }
    }

    fn grammar(&self, raw: GrammarFile) -> Result<Grammar, GrammarError> {
        let id = raw.id.get_ref().clone();
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(self.error_at(
                raw.id.span().start,
                "id",
                format!("{id:?} is not an id: use lowercase letters, digits and dashes"),
            ));
        }
        let kind = match raw.kind.as_ref().map(|k| (k.get_ref().as_str(), k.span())) {
            None | Some(("page", _)) => GrammarKind::Page,
            Some(("chat", _)) => GrammarKind::Chat,
            Some((other, span)) => {
                return Err(self.error_at(
                    span.start,
                    "kind",
                    format!("{other:?} is not a kind: use \"page\" or \"chat\""),
                ))
            }
        };
        let date_order = match raw
            .date_order
            .as_ref()
            .map(|k| (k.get_ref().as_str(), k.span()))
        {
            None | Some(("auto", _)) => DateOrder::Auto,
            Some(("day-first", _)) => DateOrder::DayFirst,
            Some(("month-first", _)) => DateOrder::MonthFirst,
            Some((other, span)) => {
                return Err(self.error_at(
                    span.start,
                    "date_order",
                    format!(
                    "{other:?} is not a date order: use \"auto\", \"day-first\" or \"month-first\""
                ),
                ))
            }
        };
        let between = match raw
            .between
            .as_ref()
            .map(|k| (k.get_ref().as_str(), k.span()))
        {
            None | Some(("unparsed", _)) => Between::Unparsed,
            Some(("article", _)) => Between::Article,
            Some((other, span)) => {
                return Err(self.error_at(
                    span.start,
                    "between",
                    format!("{other:?} is not allowed: use \"unparsed\" or \"article\""),
                ))
            }
        };
        let defaults = AuthorRules::default();
        let author = AuthorRules {
            max_words: raw.author.max_words.unwrap_or(defaults.max_words),
            max_chars: raw.author.max_chars.unwrap_or(defaults.max_chars),
            forbid: raw
                .author
                .forbid
                .map(|f| f.chars().collect())
                .unwrap_or_default(),
            reject: raw.author.reject.iter().map(|r| r.to_lowercase()).collect(),
        };
        if raw.comment.is_empty() {
            return Err(GrammarError {
                file: self.origin.to_owned(),
                line: 1,
                column: 1,
                key: Some("comment".into()),
                message: "a grammar needs at least one [[comment]] layout".into(),
            });
        }
        let layouts = raw
            .comment
            .iter()
            .enumerate()
            .map(|(i, c)| self.layout(i, c))
            .collect::<Result<Vec<_>, _>>()?;
        let noise = self.patterns("noise", &raw.noise)?;
        let notice = self.patterns("notice", &raw.notice)?;
        let system = self.patterns("system", &raw.system)?;
        let date_context = self.patterns("date_context", &raw.date_context)?;
        let body_end = self.patterns("body_end", &raw.body_end)?;
        let thread_start = self.patterns("thread_start", &raw.thread_start)?;
        let thread_end = self.patterns("thread_end", &raw.thread_end)?;
        let anchors = layouts.iter().flat_map(|l| {
            l.header
                .get(l.header_anchor)
                .into_iter()
                .chain(l.byline.get(l.byline_anchor))
        });
        let line_filter = filter::LineFilter::new(
            anchors
                .chain(&noise)
                .chain(&notice)
                .chain(&system)
                .chain(&date_context)
                .chain(&body_end)
                .chain(&thread_start)
                .chain(&thread_end),
        );
        Ok(Grammar {
            line_filter,
            id,
            name: raw.name,
            description: raw.description,
            kind,
            date_order,
            author,
            layouts,
            noise,
            notice,
            system,
            date_context,
            body_end,
            between,
            thread_start,
            thread_end,
            origin: self.origin.to_owned(),
            source: self.text.to_owned(),
        })
    }

    fn patterns(
        &self,
        key: &str,
        list: &[Spanned<String>],
    ) -> Result<Vec<LinePattern>, GrammarError> {
        list.iter()
            .enumerate()
            .map(|(i, p)| self.pattern(&format!("{key}[{i}]"), p))
            .collect()
    }

    fn pattern(&self, key: &str, raw: &Spanned<String>) -> Result<LinePattern, GrammarError> {
        LinePattern::compile(raw.get_ref()).map_err(|e| {
            self.error_at(
                raw.span().start,
                key,
                format!("in pattern {:?}: {e}", raw.get_ref()),
            )
        })
    }

    fn layout(&self, index: usize, raw: &CommentFile) -> Result<Layout, GrammarError> {
        let key = format!("comment[{index}]");
        let header = self.patterns(&format!("{key}.header"), &raw.header)?;
        let byline = self.patterns(&format!("{key}.byline"), &raw.byline)?;
        let first_span = raw
            .header
            .first()
            .or(raw.byline.first())
            .map_or(0, |s| s.span().start);
        if header.is_empty() && byline.is_empty() {
            return Err(self.error_at(
                first_span,
                &key,
                "a comment layout needs header or byline lines".into(),
            ));
        }
        let all: Vec<Field> = header
            .iter()
            .chain(&byline)
            .flat_map(|p| pattern::fields(&p.nodes))
            .collect();
        let count = |f: Field| all.iter().filter(|&&x| x == f).count();
        if count(Field::Body) > 1 {
            return Err(self.error_at(
                first_span,
                &key,
                "{body} may appear once in a layout".into(),
            ));
        }
        if count(Field::Author) + count(Field::AuthorOptional) > 1 {
            return Err(self.error_at(
                first_span,
                &key,
                "{author} may appear once in a layout".into(),
            ));
        }
        if byline.iter().any(|p| p.has_field(Field::Body)) {
            return Err(self.error_at(
                first_span,
                &key,
                "{body} may appear only in header lines".into(),
            ));
        }
        let mut anchors = [0usize; 2];
        let parts = [
            ("header", &header, &raw.header),
            ("byline", &byline, &raw.byline),
        ];
        for (slot, (part, lines, raws)) in parts.into_iter().enumerate() {
            if lines.is_empty() {
                continue;
            }
            let anchor = lines
                .iter()
                .position(|p| p.first_bytes.is_some() || p.nodes.iter().any(is_anchor));
            match anchor {
                Some(anchor) => anchors[slot] = anchor,
                None => {
                    return Err(self.error_at(
                        raws[0].span().start,
                        &format!("{key}.{part}"),
                        "one line of a header or byline must start with a literal or hold a timestamp field; a line of only {author} or {text} cannot be found on its own".into(),
                    ))
                }
            }
        }
        let body = match raw.body.as_ref().map(|b| (b.get_ref().as_str(), b.span())) {
            None | Some(("all", _)) => BodyExtent::All,
            Some(("paragraph", _)) => BodyExtent::Paragraph,
            Some(("line", _)) => BodyExtent::Line,
            Some((other, span)) => {
                return Err(self.error_at(
                    span.start,
                    &format!("{key}.body"),
                    format!("{other:?} is not allowed: use \"all\", \"paragraph\" or \"line\""),
                ))
            }
        };
        if header
            .iter()
            .rev()
            .skip(1)
            .any(|p| p.has_field(Field::Body))
        {
            return Err(self.error_at(
                first_span,
                &key,
                "{body} may appear only in the last header line".into(),
            ));
        }
        Ok(Layout {
            header,
            byline,
            header_anchor: anchors[0],
            byline_anchor: anchors[1],
            body,
        })
    }
}

fn is_anchor(node: &Node) -> bool {
    match node {
        Node::Literal(_) => true,
        Node::Field(f) => f.is_time(),
        Node::Choice(alternatives) => alternatives.iter().all(|a| a.iter().any(is_anchor)),
        Node::Optional(_) | Node::Space => false,
    }
}

/// The most selective set of literals one of which every match of `nodes`
/// must contain: a top-level literal (a set of one), or a top-level choice
/// whose every alternative holds a literal. Literals under 2 bytes are too
/// common to help (but for a few symbols). The best set is the one whose
/// least rare literal is rarest, punctuation counting for more than letters.
fn required_literals(nodes: &[Node]) -> Vec<Box<[u8]>> {
    /// Literals worth searching for: two bytes or more, or one character
    /// rare in prose (`[`, `|`, `<`, `*`, `#`, `@`, `>`, `]`).
    fn useful(l: &str) -> bool {
        l.len() >= 2 || matches!(l, "[" | "]" | "|" | "<" | ">" | "*" | "#" | "@")
    }
    fn longest_literal(nodes: &[Node]) -> Option<&str> {
        nodes
            .iter()
            .filter_map(|n| match n {
                Node::Literal(l) if useful(l) => Some(l.as_ref()),
                _ => None,
            })
            .max_by_key(|l| l.len())
    }
    let mut best: Option<Vec<&str>> = None;
    for node in nodes {
        let set: Option<Vec<&str>> = match node {
            Node::Literal(l) if useful(l) => Some(vec![l.as_ref()]),
            Node::Choice(alternatives) => alternatives.iter().map(|a| longest_literal(a)).collect(),
            _ => None,
        };
        if let Some(set) = set {
            // Words are common in prose, punctuation and symbols are not:
            // `...` says more than `said`, `»` more than `by`.
            let rarity = |l: &str| {
                l.len()
                    + 3 * l
                        .chars()
                        .filter(|c| !c.is_alphanumeric() && *c != ' ')
                        .count()
            };
            let weakest = |s: &Vec<&str>| s.iter().map(|l| rarity(l)).min().unwrap_or(0);
            if best.as_ref().is_none_or(|b| weakest(&set) > weakest(b)) {
                best = Some(set);
            }
        }
    }
    best.unwrap_or_default()
        .into_iter()
        .map(|l| Box::from(l.as_bytes()))
        .collect()
}

/// Bytes a line matching `nodes` can start with, or `None` for any byte.
fn first_bytes(nodes: &[Node]) -> Option<[bool; 256]> {
    let mut set = [false; 256];
    if add_first_bytes(nodes, &mut set) {
        None
    } else {
        // Invisible marks and blanks are skipped before matching; let them
        // through (the lead bytes of no-break, thin and ideographic spaces
        // and of the marks).
        for b in [b' ', b'\t', 0xC2, 0xE2, 0xE3, 0xEF] {
            set[b as usize] = true;
        }
        Some(set)
    }
}

/// Adds the possible first bytes of `nodes` to `set`; returns true when the
/// sequence can start with any byte or match nothing at all.
fn add_first_bytes(nodes: &[Node], set: &mut [bool; 256]) -> bool {
    let Some((first, rest)) = nodes.split_first() else {
        return true;
    };
    match first {
        Node::Literal(text) => {
            let b = text.as_bytes()[0];
            set[b.to_ascii_lowercase() as usize] = true;
            set[b.to_ascii_uppercase() as usize] = true;
            false
        }
        Node::Space => {
            // Blanks are skipped before any node, so look past them.
            add_first_bytes(rest, set)
        }
        Node::Field(field) => match field {
            f if f.starts_with_digit() => {
                for b in b'0'..=b'9' {
                    set[b as usize] = true;
                }
                false
            }
            Field::Ago => {
                for b in (b'0'..=b'9')
                    .chain(b'a'..=b'z')
                    .chain(b'A'..=b'Z')
                    .chain(0xC0..=0xFF)
                {
                    set[b as usize] = true;
                }
                false
            }
            Field::MonthName | Field::Weekday | Field::AmPm => {
                for b in (b'a'..=b'z').chain(b'A'..=b'Z').chain(0xC0..=0xFF) {
                    set[b as usize] = true;
                }
                false
            }
            // Names and free text can start with anything (the digit
            // fields were taken by the first arm).
            _ => true,
        },
        Node::Optional(inner) => {
            // Either the optional part and then the rest (an optional part
            // that can match nothing, like `[ ]`, lets the rest start), or
            // the rest alone.
            let mut with_rest = inner.clone();
            with_rest.extend(rest.iter().cloned());
            add_first_bytes(&with_rest, set) || add_first_bytes(rest, set)
        }
        Node::Choice(alternatives) => {
            let mut any = false;
            for a in alternatives {
                let mut with_rest = a.clone();
                with_rest.extend(rest.iter().cloned());
                any |= add_first_bytes(&with_rest, set);
            }
            any
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Names are accepted and rejected as by testing each character
        /// against the forbidden list and lowercasing the whole name: ASCII
        /// and not, forbidden characters of both kinds, a final sigma.
        #[test]
        fn author_rules_read_names_as_the_plain_tests_do(name in "[aRéÉΣσς\"“! xyPLY]{0,12}") {
            let rules = AuthorRules {
                max_words: 2,
                max_chars: 9,
                forbid: vec!['"', '“', '!'],
                reject: vec!["reply".into(), "οδος".into(), "éx".into()],
            };
            let plain_reject = rules.reject.iter().any(|r| {
                r.chars().count() == name.chars().count() && *r == name.to_lowercase()
            });
            proptest::prop_assert_eq!(rules.rejects(&name), plain_reject);
            let plain_accept = !name.is_empty()
                && name.chars().count() <= rules.max_chars
                && !name.chars().any(|c| rules.forbid.contains(&c))
                && name.split_whitespace().count() <= rules.max_words
                && !plain_reject;
            proptest::prop_assert_eq!(rules.accepts(&name), plain_accept);
        }
    }

    #[test]
    fn rejected_names_in_any_case() {
        let rules = AuthorRules {
            reject: vec!["reply".into(), "οδος".into()],
            ..AuthorRules::default()
        };
        assert!(rules.rejects("RePLY"));
        assert!(rules.rejects("ΟΔΟΣ"));
        assert!(!rules.rejects("replyx"));
        assert!(!rules.accepts("Reply"));
        assert!(rules.accepts("Replies"));
    }

    #[test]
    fn every_builtin_grammar_compiles() {
        let grammars = Grammar::builtins();
        assert_eq!(grammars.len(), BUILTIN_FILES.len());
        let mut ids: Vec<_> = grammars.iter().map(|g| g.id.clone()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), grammars.len(), "grammar ids are unique");
    }

    #[test]
    fn toml_errors_name_file_line_and_key() {
        let text = "id = \"x\"\nname = \"X\"\nbogus = 1\n";
        let err = Grammar::from_str(text, "my.toml").unwrap_err();
        assert_eq!(err.file, "my.toml");
        assert_eq!(err.line, 3);
        assert!(err.message.contains("bogus"), "{}", err.message);
    }

    #[test]
    fn pattern_errors_name_the_line_and_key() {
        let text = "id = \"x\"\nname = \"X\"\n[[comment]]\nheader = [\n  '{author}',\n  '{monthname} {dya}',\n]\n";
        let err = Grammar::from_str(text, "my.toml").unwrap_err();
        assert_eq!(err.line, 6);
        assert_eq!(err.key.as_deref(), Some("comment[0].header[1]"));
        assert!(err.message.contains("unknown field {dya}"), "{err}");
    }

    #[test]
    fn rejects_a_header_with_no_anchor_line() {
        let text = "id = \"x\"\nname = \"X\"\n[[comment]]\nheader = ['{author}', '{text}']\n";
        let err = Grammar::from_str(text, "g.toml").unwrap_err();
        assert_eq!(err.key.as_deref(), Some("comment[0].header"));
        let text = "id = \"x\"\nname = \"X\"\n[[comment]]\nheader = ['{author}', '{monthname} {day}', '{text}']\n";
        let grammar = Grammar::from_str(text, "g.toml").unwrap();
        assert_eq!(grammar.layouts[0].header_anchor, 1);
    }

    #[test]
    fn rejects_bad_ids_kinds_and_orders() {
        for (text, key) in [
            (
                "id = \"Bad Id\"\nname = \"X\"\n[[comment]]\nheader=['a']",
                "id",
            ),
            (
                "id = \"x\"\nname = \"X\"\nkind = \"blog\"\n[[comment]]\nheader=['a']",
                "kind",
            ),
            (
                "id = \"x\"\nname = \"X\"\ndate_order = \"ymd\"\n[[comment]]\nheader=['a']",
                "date_order",
            ),
        ] {
            let err = Grammar::from_str(text, "g.toml").unwrap_err();
            assert_eq!(err.key.as_deref(), Some(key), "{err}");
        }
    }

    #[test]
    fn first_bytes_prefilter_follows_the_pattern() {
        let p = LinePattern::compile("{monthname} {day}").unwrap();
        let set = p.first_bytes.unwrap();
        assert!(set[b'M' as usize] && !set[b'1' as usize]);
        let p = LinePattern::compile("[Posted ]by {author}").unwrap();
        let set = p.first_bytes.unwrap();
        assert!(set[b'p' as usize] && set[b'B' as usize] && !set[b'x' as usize]);
        assert!(LinePattern::compile("{author} says:")
            .unwrap()
            .first_bytes
            .is_none());
    }

    #[test]
    fn author_rules() {
        let rules = AuthorRules {
            forbid: vec!['!'],
            reject: vec!["reply".into()],
            ..AuthorRules::default()
        };
        assert!(rules.accepts("Nancy Perez de Lezama"));
        assert!(!rules.accepts("one two three four five six seven"));
        assert!(!rules.accepts("Wow!"));
        assert!(!rules.accepts("Reply"));
        assert!(!rules.accepts(""));
    }
}
