//! threadscope: recover reader-comment threads from scraped pages and chat exports.
#![warn(missing_docs)]

pub mod diagnostic;
pub mod export;
pub mod grammar;
pub mod input;
pub mod model;
pub mod parse;
pub mod stats;

pub use diagnostic::{Diagnostic, Severity};
pub use grammar::{Grammar, GrammarError};
pub use model::{Article, Comment, Document, Moment, Precision, Segment, SegmentKind, Span};
pub use parse::{parse, ParseOptions, Parser};

/// Version of the JSON output contract (see the README).
pub const JSON_VERSION: u32 = 1;
