//! # threadscope
//!
//! Recover reader-comment threads from the plain text of scraped article
//! pages, comment exports and chat exports: every comment's author,
//! timestamp and body, exactly, with the article kept apart.
//!
//! The page's format is detected among grammars — format descriptions kept
//! as data files (see `grammars/README.md`) and embedded in the crate — and
//! the page is split into [`Segment`]s that tile it byte for byte, so
//! nothing is lost: every byte is in a comment, in the article, or in a
//! segment reported as unparsed with a located [`Diagnostic`].
//!
//! ```
//! let page = "\
//! Harbour Fees Rise Again
//! The council met on Tuesday.
//! Ada Quill
//! March 3, 2024 AT 09:15Thanks for writing this up.
//! A second line of the same comment.
//! Bram Oster
//! March 3, 2024 AT 10:02I disagree with the second point.
//! ";
//! let document = threadscope::parse("page.txt", page);
//! assert_eq!(document.grammar.as_deref(), Some("name-line-glued"));
//! assert_eq!(document.article.title.as_deref(), Some("Harbour Fees Rise Again"));
//! for comment in &document.comments {
//!     println!(
//!         "{} at {}: {}",
//!         comment.author.as_deref().unwrap_or("(no name)"),
//!         comment.timestamp.map(|t| t.to_string()).unwrap_or_default(),
//!         comment.body
//!     );
//! }
//! assert_eq!(document.comments.len(), 2);
//! assert_eq!(document.comments[0].body, "Thanks for writing this up.\nA second line of the same comment.");
//! assert_eq!(document.comments[1].timestamp.unwrap().to_string(), "2024-03-03T10:02:00");
//!
//! // The activity of the discussion.
//! let summary = threadscope::stats::summarize(&[document]);
//! assert_eq!(summary.participants, 2);
//! ```
//!
//! [`Parser`] gives control over grammars (a user's grammar file, a forced
//! grammar) and options (`--year`, `--now`, `--tz`); [`input`] reads files
//! and directories with located decoding problems; [`export`] writes the
//! versioned JSON contract, JSON Lines and CSV; [`stream`] parses and links
//! a chat export too large to hold whole a part at a time.
//!
//! With `default-features = false` the crate pulls in no CLI or plotting code.
#![warn(missing_docs)]

pub mod diagnostic;
pub mod export;
pub mod grammar;
pub mod graph;
mod hash;
mod ids;
pub mod input;
mod interner;
pub mod link;
pub mod model;
pub mod parse;
#[cfg(feature = "render")]
pub mod render;
pub mod stats;
pub mod stream;

pub use diagnostic::{Diagnostic, Severity};
pub use grammar::{Grammar, GrammarError};
pub use model::{Article, Comment, Document, Moment, Precision, Segment, SegmentKind, Span};
pub use parse::{parse, ParseOptions, Parser};

/// Version of the JSON output contract (see the README).
pub const JSON_VERSION: u32 = 1;
