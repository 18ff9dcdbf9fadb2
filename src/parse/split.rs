//! One large document parsed on every core: the text is cut into pieces
//! at comment headers, each piece is run through the line engine on its
//! own, and the outcomes are joined as if one pass had read the whole text.
//!
//! A cut is only made where one pass would give the same result as two: at
//! a line that opens a comment whatever came before it. That holds for
//! grammars whose comments open with a header of a fixed number of lines,
//! matched at its last line (so no match reaches past a cut), and close
//! only at the next header (no bylines, no date lines carried forward, no
//! thread markers, and for pages no text between comments read as article):
//! chat exports whose messages open with a one-line header,
//! and pages whose comments open with a name line and a date line. The cut
//! goes at a header whose lines no other rule of the grammar takes. A
//! page's article is then all in the first piece. Other grammars, and texts
//! too small to be worth it, run in one pass.

use super::engine::{self, Outcome};
use super::lines::Lines;
use super::matcher::match_line;
use crate::grammar::{Between, Grammar, GrammarKind, LinePattern};
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

/// Whether every comment of `grammar` opens with a header of the same
/// number of lines, matched at its last line, and nothing but the next
/// header (or a notice) closes it; and, for a page, whether its article is
/// all before the first comment (no text between comments is article).
pub(crate) fn splittable(grammar: &Grammar) -> bool {
    let header_lines = header_lines(grammar);
    header_lines > 0
        && (grammar.kind == GrammarKind::Chat || grammar.between == Between::Unparsed)
        && grammar.date_context.is_empty()
        && grammar.thread_start.is_empty()
        && grammar.thread_end.is_empty()
        && grammar.layouts.iter().all(|l| {
            l.header.len() == header_lines
                && l.header_anchor + 1 == header_lines
                && l.byline.is_empty()
        })
}

/// The number of lines of the first layout's header (0 without layouts).
pub(crate) fn header_lines(grammar: &Grammar) -> usize {
    grammar.layouts.first().map_or(0, |l| l.header.len())
}

/// Up to `pieces - 1` cut points, each the start of a line where a fresh
/// pass opens a comment: the first such line at or after each equal share
/// of the text.
pub(crate) fn cuts(grammar: &Grammar, text: &str, pieces: usize) -> Vec<usize> {
    let mut cuts: Vec<usize> = Vec::new();
    // The line break found last, and the line start looked from last: the
    // shares inside one long line are not searched again (such a line is
    // read once, however small the shares).
    let mut newline_at: Option<usize> = None;
    let mut looked_from: Option<usize> = None;
    for share in 1..pieces {
        let target = text.len() / pieces * share;
        let newline = match newline_at {
            Some(at) if at >= target => at,
            _ => match memchr::memchr(b'\n', &text.as_bytes()[target..]) {
                Some(i) => target + i,
                None => break,
            },
        };
        newline_at = Some(newline);
        let from = newline + 1;
        if cuts.last().is_some_and(|&last| from <= last) || looked_from == Some(from) {
            continue;
        }
        looked_from = Some(from);
        let found = Lines::starting_at(text, from)
            .take(MAX_LINES_TO_A_CUT)
            .find(|line| opens_a_message(grammar, text, line.start))
            .map(|line| line.start);
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

/// Whether the engine, whatever state it is in, opens a comment at the line
/// of `text` starting at byte `start` (of a [`splittable`] grammar), with
/// that line as the header's first: a layout's header matches the lines
/// from there; no rule but a header's first line takes any line before the
/// header's last (so nothing before can claim them, and no header ends
/// earlier); and on the last, the grammar's line filter lets it through and
/// no system notice matches (those are tried first). A header whose lines
/// run past the end of `text` does not open there.
pub(crate) fn opens_a_message(grammar: &Grammar, text: &str, start: usize) -> bool {
    let rules = &grammar.author;
    let matches_any = |patterns: &[LinePattern], line: &str| {
        patterns
            .iter()
            .any(|p| match_line(p, line, rules).is_some())
    };
    let header_lines = header_lines(grammar);
    let mut lines = Lines::starting_at(text, start);
    let mut contents: Vec<&str> = Vec::with_capacity(header_lines);
    for _ in 0..header_lines {
        match lines.next() {
            Some(line) => contents.push(line.text(text)),
            None => return false,
        }
    }
    let Some((&last, before)) = contents.split_last() else {
        return false;
    };
    let taken_by_another_rule = |line: &str| {
        matches_any(&grammar.system, line)
            || matches_any(&grammar.notice, line)
            || matches_any(&grammar.noise, line)
            || matches_any(&grammar.body_end, line)
            || grammar
                .layouts
                .iter()
                .any(|l| match_line(&l.header[l.header_anchor], line, rules).is_some())
    };
    grammar.line_filter.may_match(last)
        && grammar.layouts.iter().any(|l| {
            l.header
                .iter()
                .zip(&contents)
                .all(|(pattern, line)| match_line(pattern, line, rules).is_some())
        })
        && !matches_any(&grammar.system, last)
        && !before.iter().any(|line| taken_by_another_rule(line))
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

    /// The built-in grammar `id`.
    fn builtin(id: &str) -> Grammar {
        Grammar::builtins()
            .into_iter()
            .find(|g| g.id == id)
            .expect("a built-in grammar")
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
        let whatsapp = builtin("whatsapp");
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
        let grammar = builtin("whatsapp");
        let mut text = String::from("01/03/2024, 10:00 - Ada Obi: one long message\n");
        text.push_str(&"and its body goes on\n".repeat(5_000));
        assert!(cuts(&grammar, &text, 4).is_empty());
        let split = run_from(&grammar, &text, 4, 0);
        assert_eq!(split.drafts.len(), 1);
    }

    #[test]
    fn only_grammars_whose_headers_alone_open_a_comment_are_cut() {
        let grammars = Grammar::builtins();
        let cut: Vec<&str> = grammars
            .iter()
            .filter(|g| splittable(g))
            .map(|g| g.id.as_str())
            .collect();
        // Bylines (Blogger, Movable Type), date lines (IRC), thread markers
        // (WordPress, Disqus) and headers of several shapes are not cut.
        assert_eq!(cut, ["name-line-glued", "signal", "whatsapp"]);
        // Nor a page whose text between comments is article: its article
        // would not all be in the first piece.
        let page = |between: &str| {
            Grammar::from_str(
                &format!(
                    "id = \"g\"\nname = \"g\"\ndescription = \"g\"\nkind = \"page\"\n{between}\n\
                     [[comment]]\nheader = ['{{author}}', '{{monthname}} {{day}}, {{year}} AT {{hour}}:{{minute}}{{body}}']\n"
                ),
                "g.toml",
            )
            .expect("a grammar")
        };
        assert!(splittable(&page("")));
        assert!(!splittable(&page("between = \"article\"")));
    }

    /// An article, then comments whose name lines look like body lines and
    /// whose bodies hold short lines that could be names.
    fn page() -> String {
        let mut text =
            String::from("Ferry Fares Rise Again\nThe council met on Tuesday.\nShort line\n\n");
        let mut i = 0usize;
        while text.len() < 200_000 {
            let (day, minute) = (1 + i / 1440 % 28, i % 60);
            text.push_str(&format!("Reader {}\n", i % 37));
            text.push_str(&format!(
                "March {day}, 2024 AT 10:{minute:02}comment {i} on the fares\n"
            ));
            if i % 5 == 0 {
                text.push_str("Second line\nAnother Short Line\n\n");
            }
            i += 1;
        }
        text
    }

    #[test]
    fn a_page_in_pieces_gives_the_outcome_of_one_pass() {
        let grammar = builtin("name-line-glued");
        assert!(splittable(&grammar));
        check_pieces(&grammar, &page());
        check_pieces(&grammar, &page().replace('\n', "\r\n"));
    }

    #[test]
    fn a_page_is_cut_only_where_both_header_lines_are() {
        let grammar = builtin("name-line-glued");
        let text = "Ada Quill\nMarch 3, 2024 AT 09:15Thanks.\nBo Lund\nnot a date\nBo Lund\n";
        let second_bo = text.rfind("Bo Lund").unwrap();
        assert!(opens_a_message(&grammar, text, 0));
        // The name line's date line is not one.
        assert!(!opens_a_message(
            &grammar,
            text,
            text.find("Bo Lund").unwrap()
        ));
        // The text ends after the name line.
        assert!(!opens_a_message(&grammar, text, second_bo));
        assert!(opens_a_message(
            &grammar,
            &format!("{text}March 4, 2024 AT 10:00Yes.\n"),
            second_bo
        ));
        assert!(!opens_a_message(
            &grammar,
            text,
            text.find("March").unwrap()
        ));
    }
}
