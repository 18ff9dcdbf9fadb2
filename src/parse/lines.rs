//! Splitting text into lines with `memchr`, keeping every byte accounted for.

/// One line of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    /// First byte of the line.
    pub start: usize,
    /// End of the line's content: before `\n` or `\r\n`.
    pub end: usize,
    /// First byte of the next line (after the terminator).
    pub next: usize,
}

impl Line {
    /// The line's content, without its terminator.
    pub fn text<'a>(&self, input: &'a str) -> &'a str {
        &input[self.start..self.end]
    }

    /// Whether the line holds only blanks.
    pub fn is_blank(&self, input: &str) -> bool {
        self.text(input)
            .chars()
            .all(|c| c.is_whitespace() || super::lexicon::is_invisible(c))
    }
}

/// Iterator over the lines of a text; a final line without terminator counts.
pub struct Lines<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Lines<'a> {
    /// Lines of `text`.
    pub fn new(text: &'a str) -> Self {
        Lines::starting_at(text, 0)
    }

    /// Lines of `text` from byte `pos` (the start of a line).
    pub fn starting_at(text: &'a str, pos: usize) -> Self {
        Lines {
            bytes: text.as_bytes(),
            pos,
        }
    }
}

impl Iterator for Lines<'_> {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        if self.pos >= self.bytes.len() {
            return None;
        }
        let start = self.pos;
        let (end, next) = match memchr::memchr(b'\n', &self.bytes[start..]) {
            Some(i) => {
                let newline = start + i;
                let end = if newline > start && self.bytes[newline - 1] == b'\r' {
                    newline - 1
                } else {
                    newline
                };
                (end, newline + 1)
            }
            None => (self.bytes.len(), self.bytes.len()),
        };
        self.pos = next;
        Some(Line { start, end, next })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_cover_every_byte() {
        let text = "a\r\nbb\n\nc";
        let lines: Vec<Line> = Lines::new(text).collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0].text(text), "a");
        assert_eq!(lines[0].next, 3);
        assert_eq!(lines[2].text(text), "");
        assert_eq!(lines[3].text(text), "c");
        assert_eq!(lines[3].next, text.len());
        assert!(Lines::new("").next().is_none());
    }
}
