//! Located messages about an input: what could not be read cleanly, and where.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing; nothing was lost.
    Info,
    /// Something was read approximately (kept as text, decoded lossily, …).
    Warning,
    /// The input, or part of it, could not be processed.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A message tied to a place in an input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// A stable, machine-readable code such as `invalid-utf8` or `bad-timestamp`.
    pub code: String,
    /// What happened, for a person.
    pub message: String,
    /// Byte offset into the input.
    pub offset: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

impl Diagnostic {
    /// A diagnostic at byte `offset` of `text`; line and column are computed.
    pub fn at(
        text: &str,
        offset: usize,
        severity: Severity,
        code: &str,
        message: impl Into<String>,
    ) -> Self {
        let (line, column) = line_column(text, offset);
        Diagnostic {
            severity,
            code: code.to_owned(),
            message: message.into(),
            offset,
            line,
            column,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {} (byte {}): {}: {} [{}]",
            self.line, self.column, self.offset, self.severity, self.message, self.code
        )
    }
}

/// The 1-based line and character column of byte `offset` in `text`.
///
/// An offset inside a multi-byte character counts as that character.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let column = before[line_start..]
        .iter()
        .filter(|&&b| (b & 0xC0) != 0x80)
        .count()
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_lines_and_characters() {
        let text = "ab\nçd\nx";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        // 'ç' is two bytes; 'd' is the second character of line 2.
        assert_eq!(line_column(text, 5), (2, 2));
        assert_eq!(line_column(text, 7), (3, 1));
        assert_eq!(line_column(text, 100), (3, 2));
    }
}
