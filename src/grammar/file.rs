//! A grammar file as written: the TOML keys, before any checking.

use serde::Deserialize;
use toml::Spanned;

/// The keys of a grammar file. `grammars/README.md` documents each one.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrammarFile {
    /// Unique id, lowercase letters, digits and dashes.
    pub id: Spanned<String>,
    /// A short human name.
    pub name: String,
    /// What pages or exports the grammar is for.
    #[serde(default)]
    pub description: String,
    /// `page` (text before the thread is the article) or `chat` (every line is a message).
    #[serde(default)]
    pub kind: Option<Spanned<String>>,
    /// `auto`, `day-first` or `month-first`: how `{day_or_month}/{month_or_day}` read.
    #[serde(default)]
    pub date_order: Option<Spanned<String>>,
    /// Rules a captured author must satisfy.
    #[serde(default)]
    pub author: AuthorFile,
    /// The layouts a comment can take; at least one.
    #[serde(default)]
    pub comment: Vec<CommentFile>,
    /// Lines inside the thread that are page furniture, not text.
    #[serde(default)]
    pub noise: Vec<Spanned<String>>,
    /// System lines of a chat export, checked after headers: not comments.
    #[serde(default)]
    pub notice: Vec<Spanned<String>>,
    /// System lines checked before headers, for notices that pass for a comment.
    #[serde(default)]
    pub system: Vec<Spanned<String>>,
    /// Lines that set the date for the time-only timestamps after them.
    #[serde(default)]
    pub date_context: Vec<Spanned<String>>,
    /// Lines that end a body; what follows until the next comment is furniture (signatures).
    #[serde(default)]
    pub body_end: Vec<Spanned<String>>,
    /// What text between a finished comment and the next one is: `unparsed` or `article`.
    #[serde(default)]
    pub between: Option<Spanned<String>>,
    /// A line that starts the thread (`12 Comments`).
    #[serde(default)]
    pub thread_start: Vec<Spanned<String>>,
    /// A line that ends the thread (`Leave a Reply`).
    #[serde(default)]
    pub thread_end: Vec<Spanned<String>>,
}

/// Rules for `{author}` captures.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct AuthorFile {
    /// Most words a name may have.
    pub max_words: Option<usize>,
    /// Most characters a name may have.
    pub max_chars: Option<usize>,
    /// Characters that never occur in a name.
    pub forbid: Option<String>,
    /// Whole captures that are never names (compared ignoring case).
    #[serde(default)]
    pub reject: Vec<String>,
}

/// One comment layout: header lines before the body, byline lines after it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommentFile {
    /// Consecutive lines that start a comment.
    #[serde(default)]
    pub header: Vec<Spanned<String>>,
    /// Consecutive lines that end a comment.
    #[serde(default)]
    pub byline: Vec<Spanned<String>>,
    /// For layouts without header: `all` text since the previous comment, or
    /// the last `paragraph` before the byline.
    #[serde(default)]
    pub body: Option<Spanned<String>>,
}
