//! One large chat export parsed on every core: the text is cut into pieces
//! at message headers, each piece is run through the line engine on its
//! own, and the outcomes are joined as if one pass had read the whole text.
//!
//! A cut is only made where one pass would give the same result as two: at
//! a line that opens a message whatever came before it. That holds for chat
//! grammars whose messages open with a one-line header and close only at the
//! next one (no bylines, no date lines carried forward, no thread markers),
//! at a header line that is not a system notice. Other grammars, and texts
//! too small to be worth it, run in one pass.

use super::engine::{self, Outcome};
use super::lines::Lines;
use super::matcher::match_line;
use crate::grammar::{Grammar, GrammarKind};
use crate::model::Span;

/// Texts shorter than this are parsed in one pass.
pub const MIN_SPLIT_BYTES: usize = 4 << 20;

/// Run `grammar` over `text` in up to `pieces` pieces on the rayon pool,
/// with the outcome of a single [`engine::run`].
pub fn run<'a>(grammar: &Grammar, text: &'a str, pieces: usize) -> Outcome<'a> {
    run_from(grammar, text, pieces, MIN_SPLIT_BYTES)
}

/// [`run`], cutting texts of `min_bytes` or more.
fn run_from<'a>(grammar: &Grammar, text: &'a str, pieces: usize, min_bytes: usize) -> Outcome<'a> {
    let cuts = if pieces > 1 && text.len() >= min_bytes && splittable(grammar) {
        cuts(grammar, text, pieces)
    } else {
        Vec::new()
    };
    if cuts.is_empty() {
        return engine::run(grammar, text);
    }
    let bounds: Vec<(usize, usize)> = std::iter::once(0)
        .chain(cuts.iter().copied())
        .zip(cuts.iter().copied().chain(std::iter::once(text.len())))
        .collect();
    let outcomes: Vec<Outcome<'a>> = {
        use rayon::prelude::*;
        bounds
            .par_iter()
            .map(|&(start, end)| engine::run(grammar, &text[start..end]))
            .collect()
    };
    join(text, &bounds, outcomes)
}

/// Whether every message of `grammar` opens with a one-line header and
/// nothing but the next header (or a notice) closes it.
pub(crate) fn splittable(grammar: &Grammar) -> bool {
    grammar.kind == GrammarKind::Chat
        && grammar.date_context.is_empty()
        && grammar.thread_start.is_empty()
        && grammar.thread_end.is_empty()
        && grammar
            .layouts
            .iter()
            .all(|l| l.header.len() == 1 && l.byline.is_empty())
}

/// Up to `pieces - 1` cut points, each the start of a line where a fresh
/// pass opens a message: the first such line at or after each equal share
/// of the text.
pub(crate) fn cuts(grammar: &Grammar, text: &str, pieces: usize) -> Vec<usize> {
    let mut cuts: Vec<usize> = Vec::new();
    for share in 1..pieces {
        let target = text.len() / pieces * share;
        let from = match memchr::memchr(b'\n', &text.as_bytes()[target..]) {
            Some(i) => target + i + 1,
            None => break,
        };
        if cuts.last().is_some_and(|&last| from <= last) {
            continue;
        }
        let found = Lines::new(&text[from..])
            .take(MAX_LINES_TO_A_CUT)
            .find(|line| opens_a_message(grammar, line.text(&text[from..])))
            .map(|line| from + line.start);
        if let Some(cut) = found {
            if cut < text.len() && cuts.last().is_none_or(|&last| cut > last) {
                cuts.push(cut);
            }
        }
    }
    cuts
}

/// Lines looked at after a share's end for a place to cut.
const MAX_LINES_TO_A_CUT: usize = 10_000;

/// Whether the engine, whatever state it is in, takes `line` as the header
/// of a new message: the grammar's line filter lets it through, no system
/// notice matches it (those are tried first), and a layout's header does.
pub(crate) fn opens_a_message(grammar: &Grammar, line: &str) -> bool {
    grammar.line_filter.may_match(line)
        && !grammar
            .system
            .iter()
            .any(|p| match_line(p, line, &grammar.author).is_some())
        && grammar
            .layouts
            .iter()
            .any(|l| match_line(&l.header[0], line, &grammar.author).is_some())
}

/// The outcomes of the pieces `bounds` of `text`, as one outcome with
/// offsets and line numbers in the whole text.
fn join<'a>(text: &'a str, bounds: &[(usize, usize)], outcomes: Vec<Outcome<'a>>) -> Outcome<'a> {
    let mut joined = Outcome::default();
    let mut lines = LineCounter::default();
    for (&(start, _), mut outcome) in bounds.iter().zip(outcomes) {
        shift(&mut outcome, start, lines.before(text, start));
        joined.drafts.append(&mut outcome.drafts);
        joined.segments.append(&mut outcome.segments);
        joined.diagnostics.append(&mut outcome.diagnostics);
        joined.order_hints.append(&mut outcome.order_hints);
        joined.comment_bytes += outcome.comment_bytes;
        joined.structured_lines += outcome.structured_lines;
    }
    joined
}

/// Counts the lines before each piece of a text, the pieces taken in
/// order, reading each byte once.
#[derive(Debug, Default)]
pub(crate) struct LineCounter {
    counted_to: usize,
    lines: usize,
}

impl LineCounter {
    /// Lines of `text` before `start` (at or after the last `start` asked).
    pub(crate) fn before(&mut self, text: &str, start: usize) -> usize {
        let newlines = &text.as_bytes()[self.counted_to..start];
        self.lines += memchr::memchr_iter(b'\n', newlines).count();
        self.counted_to = start;
        self.lines
    }
}

/// Move the outcome of the piece starting at byte `start` (after
/// `lines_before` lines) to offsets and line numbers in the whole text.
pub(crate) fn shift(outcome: &mut Outcome<'_>, start: usize, lines_before: usize) {
    let moved = |span: Span| Span::new(span.start + start, span.end + start);
    for draft in &mut outcome.drafts {
        draft.span = moved(draft.span);
        draft.body_span = moved(draft.body_span);
        draft.stamp_offset += start;
        draft.line += lines_before;
    }
    for segment in &mut outcome.segments {
        segment.span = moved(segment.span);
    }
    for diagnostic in &mut outcome.diagnostics {
        diagnostic.offset += start;
        diagnostic.line += lines_before;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whatsapp() -> Grammar {
        Grammar::builtins()
            .into_iter()
            .find(|g| g.id == "whatsapp")
            .expect("the WhatsApp grammar")
    }

    /// A chat with multi-line messages, notices, a system line and a line
    /// the grammar cannot explain, long enough to be cut.
    fn chat() -> String {
        let mut text = String::from("Chat export, preamble line\n");
        let mut i = 0usize;
        while text.len() < 300_000 {
            let (day, minute) = (1 + i / 1440 % 28, i % 60);
            match i % 97 {
                0 => text.push_str(&format!(
                    "{day:02}/03/2024, 10:{minute:02} - Ada Obi: Messages to this group are now secured with end-to-end encryption.\n"
                )),
                1 => text.push_str(&format!("{day:02}/03/2024, 10:{minute:02} - Bo Lund joined\n")),
                2 => text.push_str(&format!(
                    "{day:02}/03/2024, 10:{minute:02} - Cy Park: first line\nsecond line\n\n\tthird line after a blank\n"
                )),
                _ => text.push_str(&format!(
                    "{day:02}/03/2024, 10:{minute:02} - Dee Moss: message {i} about the ferry\n"
                )),
            }
            i += 1;
        }
        text
    }

    /// The same chat in Signal's layout.
    fn signal_chat() -> String {
        let mut text = String::from("Signal export\n");
        for i in 0..6_000usize {
            let (hour, minute) = (i / 60 % 24, i % 60);
            if i % 41 == 0 {
                text.push_str(&format!(
                    "[2024-03-01 {hour:02}:{minute:02}] Cy Park: first line\nsecond line\n\n"
                ));
            } else {
                text.push_str(&format!(
                    "[2024-03-01 {hour:02}:{minute:02}] Dee Moss: message {i}\n"
                ));
            }
        }
        text
    }

    #[test]
    fn pieces_give_the_outcome_of_one_pass() {
        let grammars = Grammar::builtins();
        let signal = grammars.iter().find(|g| g.id == "signal").unwrap();
        let whatsapp = whatsapp();
        let chats = [
            (&whatsapp, chat()),
            (&whatsapp, chat().replace('\n', "\r\n")),
            (signal, signal_chat()),
        ];
        for (grammar, text) in &chats {
            check_pieces(grammar, text);
        }
    }

    fn check_pieces(grammar: &Grammar, text: &str) {
        assert!(splittable(grammar), "{}", grammar.id);
        let whole = engine::run(grammar, text);
        assert!(whole.drafts.len() > 1_000, "{}", grammar.id);
        for pieces in [2, 3, 7] {
            assert_eq!(cuts(grammar, text, pieces).len(), pieces - 1);
            let split = run_from(grammar, text, pieces, 0);
            assert_eq!(format!("{:?}", split.drafts), format!("{:?}", whole.drafts));
            assert_eq!(split.segments, whole.segments);
            assert_eq!(split.diagnostics, whole.diagnostics);
            assert_eq!(
                format!("{:?}", split.order_hints),
                format!("{:?}", whole.order_hints)
            );
            assert_eq!(split.comment_bytes, whole.comment_bytes);
            assert_eq!(split.structured_lines, whole.structured_lines);
        }
    }

    #[test]
    fn a_text_without_a_header_past_the_start_is_not_cut() {
        let grammar = whatsapp();
        let mut text = String::from("01/03/2024, 10:00 - Ada Obi: one long message\n");
        text.push_str(&"and its body goes on\n".repeat(5_000));
        assert!(cuts(&grammar, &text, 4).is_empty());
        let split = run_from(&grammar, &text, 4, 0);
        assert_eq!(split.drafts.len(), 1);
    }

    #[test]
    fn page_grammars_are_not_cut() {
        let grammars = Grammar::builtins();
        let page = grammars.iter().find(|g| g.id == "name-line-glued").unwrap();
        assert!(!splittable(page));
    }
}
