//! Errors in grammar files, located by file, line, column and key.

use std::fmt;

/// A grammar file that cannot be used, and where the problem is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct GrammarError {
    /// The file's path, or `built-in:<id>`.
    pub file: String,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column in the file.
    pub column: usize,
    /// The key the problem is under (`comment[0].header[1]`), when known.
    pub key: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for GrammarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: ", self.file, self.line, self.column)?;
        if let Some(key) = &self.key {
            write!(f, "key `{key}`: ")?;
        }
        f.write_str(&self.message)
    }
}

/// Where `offset` falls in `text`: 1-based line and character column.
pub(crate) fn locate(text: &str, offset: usize) -> (usize, usize) {
    crate::diagnostic::line_column(text, offset)
}
