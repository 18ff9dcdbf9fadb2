//! The article part of a page: title, publication date, breadcrumb.

use std::borrow::Cow;

use chrono::NaiveDate;
use nom::bytes::complete::{tag_no_case, take_while_m_n};
use nom::character::complete::{char as nom_char, space0, space1};
use nom::combinator::recognize;
use nom::{IResult, Parser};

use crate::model::{Article, Span, TitleSource};

/// A heading has at most this many words.
const MAX_HEADING_WORDS: usize = 16;
/// A heading has at most this many characters.
const MAX_HEADING_CHARS: usize = 160;
/// A title taken from a lead sentence is shortened to about this many characters.
const MAX_LEAD_TITLE_CHARS: usize = 120;

/// Read the article in `span` of `text`.
pub fn read_article<'a>(text: &'a str, span: Option<Span>) -> Article<'a> {
    let mut article = Article {
        span,
        ..Article::default()
    };
    let Some(span) = span else {
        return article;
    };
    let body = span.slice(text);
    let mut lines = body
        .lines()
        .map(|l| {
            l.trim_matches(|c: char| c.is_whitespace() || crate::parse::lexicon::is_invisible(c))
        })
        .filter(|l| !l.is_empty())
        .peekable();
    let mut lead: Option<&'a str> = None;

    // A leading `date YYYY-MM-DD` line; the text after the date is the lead.
    if let Some(first) = lines.peek().copied() {
        if let Ok((rest, date)) = date_line(first) {
            article.published = Some(date);
            lines.next();
            let rest = rest.trim();
            if !rest.is_empty() {
                lead = Some(rest);
            }
        }
    }
    // A breadcrumb `SECTION > ... > Title`.
    if lead.is_none() {
        if let Some(first) = lines.peek().copied() {
            if let Some(parts) = breadcrumb(first) {
                lines.next();
                article.title = parts.last().cloned().map(Cow::Borrowed);
                article.title_source = Some(TitleSource::Breadcrumb);
                article.breadcrumb = parts.into_iter().map(Cow::Borrowed).collect();
                return article;
            }
        }
    }
    let first = lead.or_else(|| lines.next());
    let Some(first) = first else {
        return article;
    };
    let has_more = lead.is_some() || lines.peek().is_some();
    if lead.is_none() && has_more && is_heading(first) {
        article.title = Some(Cow::Borrowed(first));
        article.title_source = Some(TitleSource::Heading);
    } else {
        article.title = Some(lead_sentence(first));
        article.title_source = Some(TitleSource::LeadSentence);
    }
    article
}

/// `date 2023-11-09` at the start of a line (after blanks).
fn date_line(line: &str) -> Result<(&str, NaiveDate), ()> {
    let digits = |n| take_while_m_n(n, n, |c: char| c.is_ascii_digit());
    let parsed: IResult<&str, &str> = (
        space0,
        tag_no_case("date"),
        space1,
        recognize((
            digits(4),
            nom_char('-'),
            digits(2),
            nom_char('-'),
            digits(2),
        )),
    )
        .map(|(_, _, _, date)| date)
        .parse(line);
    let (rest, date) = parsed.map_err(|_| ())?;
    if rest.chars().next().is_some_and(|c| !c.is_whitespace()) {
        return Err(());
    }
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| ())?;
    Ok((rest, date))
}

/// `BLOG > Title` or `Home > News > Title`: at least two non-empty parts,
/// the first a short section name.
fn breadcrumb(line: &str) -> Option<Vec<&str>> {
    let parts: Vec<&str> = line.split(" > ").map(str::trim).collect();
    if parts.len() < 2 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let section = parts[0];
    let short = section.chars().count() <= 30 && section.split_whitespace().count() <= 3;
    short.then_some(parts)
}

/// A short line without sentence-ending punctuation.
fn is_heading(line: &str) -> bool {
    line.chars().count() <= MAX_HEADING_CHARS
        && line.split_whitespace().count() <= MAX_HEADING_WORDS
        && !line.ends_with(['.', ',', ';', ':'])
}

/// The first sentence of `paragraph`, shortened at a word boundary with `…`.
fn lead_sentence(paragraph: &str) -> Cow<'_, str> {
    let sentence_end = paragraph
        .char_indices()
        .find(|&(i, c)| matches!(c, '.' | '?' | '!') && paragraph[i + 1..].starts_with(' '))
        .map_or(paragraph.len(), |(i, _)| i + 1);
    let sentence = &paragraph[..sentence_end];
    if sentence.chars().count() <= MAX_LEAD_TITLE_CHARS {
        return Cow::Borrowed(sentence);
    }
    let mut cut = 0;
    for (i, c) in sentence.char_indices() {
        if sentence[..i].chars().count() >= MAX_LEAD_TITLE_CHARS {
            break;
        }
        if c.is_whitespace() {
            cut = i;
        }
    }
    Cow::Owned(format!(
        "{}…",
        sentence[..cut].trim_end_matches([',', ';', ':'])
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(text: &str) -> Article<'_> {
        read_article(text, Some(Span::new(0, text.len())))
    }

    #[test]
    fn heading_title() {
        let a = article("A Quiet Harbour\nThe boats came in late.\n");
        assert_eq!(a.title.as_deref(), Some("A Quiet Harbour"));
        assert_eq!(a.title_source, Some(TitleSource::Heading));
    }

    #[test]
    fn breadcrumb_title() {
        let a = article("NEWS > Harbour Fees Rise Again\n\nA Quiet Harbour\n\nText.\n");
        assert_eq!(a.title.as_deref(), Some("Harbour Fees Rise Again"));
        assert_eq!(a.breadcrumb, vec!["NEWS", "Harbour Fees Rise Again"]);
    }

    #[test]
    fn date_line_and_lead_sentence() {
        let a = article(" date 2023-11-09 The harbour board met on Tuesday. It voted.\n\nMore.\n");
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2023, 11, 9));
        assert_eq!(
            a.title.as_deref(),
            Some("The harbour board met on Tuesday.")
        );
        assert_eq!(a.title_source, Some(TitleSource::LeadSentence));
    }

    #[test]
    fn long_lead_sentences_are_shortened_at_a_word() {
        let long = format!("date 2024-01-01 {} end. Next.", "word ".repeat(60));
        let a = article(&long);
        let title = a.title.unwrap();
        assert!(title.ends_with('…'));
        assert!(title.chars().count() <= MAX_LEAD_TITLE_CHARS + 1);
        assert!(!title.contains("  "));
    }

    #[test]
    fn questions_end_sentences_and_marks_are_trimmed() {
        let a = article("\u{feff}Is the pier safe? Nobody knows. More text here.");
        assert_eq!(a.title.as_deref(), Some("Is the pier safe?"));
        let a = article("\u{feff}Harbour News\nText.\n");
        assert_eq!(a.title.as_deref(), Some("Harbour News"));
    }

    #[test]
    fn no_article() {
        assert_eq!(read_article("x", None).title, None);
        assert_eq!(article("\n\n").title, None);
    }
}
