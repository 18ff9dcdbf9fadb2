//! A comment's fields as JSON, written by hand for JSON Lines: the same
//! bytes serde_json writes for [`Comment`], without its per-byte escaping
//! loop (strings are scanned eight bytes at a time) or its per-field calls.
//! Enums and real numbers still go through serde_json, so their spelling
//! cannot drift; a test compares whole lines with serde_json's.

use std::io;

use crate::model::{Comment, Mention, ReplyEvidence, Span};

/// Append `comment`'s fields as serde_json writes the object, without its
/// opening brace: `"id":…,…,"mentions":[…]}`.
pub(crate) fn write_comment_fields(out: &mut Vec<u8>, comment: &Comment<'_>) -> io::Result<()> {
    out.extend_from_slice(b"\"id\":");
    write_str(out, &comment.id);
    out.extend_from_slice(b",\"author\":");
    write_option_str(out, comment.author.as_deref());
    out.extend_from_slice(b",\"timestamp\":");
    match comment.timestamp {
        Some(moment) => serde_json::to_writer(&mut *out, &moment)?,
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"timestamp_text\":");
    write_option_str(out, comment.timestamp_text.as_deref());
    out.extend_from_slice(b",\"timestamp_precision\":");
    serde_json::to_writer(&mut *out, &comment.timestamp_precision)?;
    out.extend_from_slice(b",\"body\":");
    write_str(out, &comment.body);
    out.extend_from_slice(b",\"span\":");
    write_span(out, comment.span);
    out.extend_from_slice(b",\"body_span\":");
    write_span(out, comment.body_span);
    out.extend_from_slice(b",\"line\":");
    write_number(out, comment.line as u64);
    out.extend_from_slice(b",\"parent\":");
    write_option_str(out, comment.parent.as_deref());
    out.extend_from_slice(b",\"parent_evidence\":");
    match &comment.parent_evidence {
        Some(evidence) => write_evidence(out, evidence)?,
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"mentions\":[");
    for (i, mention) in comment.mentions.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_mention(out, mention)?;
    }
    out.extend_from_slice(b"]}");
    Ok(())
}

fn write_evidence(out: &mut Vec<u8>, evidence: &ReplyEvidence) -> io::Result<()> {
    out.extend_from_slice(b"{\"kind\":");
    serde_json::to_writer(&mut *out, &evidence.kind)?;
    out.extend_from_slice(b",\"confidence\":");
    serde_json::to_writer(&mut *out, &evidence.confidence)?;
    out.extend_from_slice(b",\"cue\":");
    write_str(out, &evidence.cue);
    out.push(b'}');
    Ok(())
}

fn write_mention(out: &mut Vec<u8>, mention: &Mention) -> io::Result<()> {
    out.extend_from_slice(b"{\"text\":");
    write_str(out, &mention.text);
    out.extend_from_slice(b",\"kind\":");
    serde_json::to_writer(&mut *out, &mention.kind)?;
    out.extend_from_slice(b",\"target\":");
    write_option_str(out, mention.target.as_deref());
    if !mention.candidates.is_empty() {
        out.extend_from_slice(b",\"candidates\":[");
        for (i, candidate) in mention.candidates.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_str(out, candidate);
        }
        out.push(b']');
    }
    out.extend_from_slice(b",\"span\":");
    write_span(out, mention.span);
    out.push(b'}');
    Ok(())
}

fn write_span(out: &mut Vec<u8>, span: Span) {
    out.push(b'[');
    write_number(out, span.start as u64);
    out.push(b',');
    write_number(out, span.end as u64);
    out.push(b']');
}

fn write_number(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

fn write_option_str(out: &mut Vec<u8>, text: Option<&str>) {
    match text {
        Some(text) => write_str(out, text),
        None => out.extend_from_slice(b"null"),
    }
}

/// `text` as a JSON string, escaped as serde_json escapes it: `"` and `\`,
/// `\b \f \n \r \t`, other control characters as `\u00xx`; nothing else.
pub(crate) fn write_str(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        if let Some(word) = bytes.get(at..at + 8) {
            let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
            if !may_need_escape(word) {
                at += 8;
                continue;
            }
        }
        let byte = bytes[at];
        let escape: &[u8] = match byte {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0C => b"\\f",
            0x00..=0x1F => &[],
            _ => {
                at += 1;
                continue;
            }
        };
        out.extend_from_slice(&bytes[copied..at]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(byte >> 4)]);
            out.push(HEX[usize::from(byte & 0xF)]);
        } else {
            out.extend_from_slice(escape);
        }
        at += 1;
        copied = at;
    }
    out.extend_from_slice(&bytes[copied..]);
    out.push(b'"');
}

/// Whether any of the eight bytes of `word` may be `"`, `\` or below 0x20
/// (never a false "no"; a "yes" is checked byte by byte).
fn may_need_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    let quote = has_zero(word ^ (ONES * u64::from(b'"')));
    let backslash = has_zero(word ^ (ONES * u64::from(b'\\')));
    (below_space | quote | backslash) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every byte below 0x80 at every place in an eight-byte word, and wide
    /// characters around them, are escaped as serde_json escapes them.
    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut texts: Vec<String> =
            vec![String::new(), "plain".into(), "émigré \u{2028} 😀".into()];
        for byte in 0u8..0x80 {
            for place in 0..9 {
                let mut text = "abcdefghijklmnop".to_owned();
                text.insert(place, char::from(byte));
                texts.push(text.clone());
                texts.push(format!("é{text}\u{7f}ü"));
            }
        }
        for text in &texts {
            let mut got = Vec::new();
            write_str(&mut got, text);
            assert_same_json(got, serde_json::to_vec(text).unwrap());
        }
    }

    /// Every field set and unset: the fields are serde_json's object less
    /// its opening brace.
    #[test]
    fn comments_are_written_as_serde_json_writes_them() {
        use crate::model::{EvidenceKind, MentionKind, Moment, Precision};
        let local = chrono::NaiveDate::from_ymd_opt(2024, 5, 17)
            .unwrap()
            .and_hms_milli_opt(20, 41, 5, 250)
            .unwrap();
        let mention = |candidates: Vec<String>| Mention {
            text: "Ana \"A\"".into(),
            kind: MentionKind::Ambiguous,
            target: None,
            candidates,
            span: Span::new(3, 9),
        };
        let full = Comment {
            id: "c\u{1}7".into(),
            author: Some("Zoë \\ Quill".into()),
            timestamp: Some(Moment {
                local,
                offset: chrono::FixedOffset::east_opt(-5 * 3600),
            }),
            timestamp_text: Some("May 17, 2024 AT 20:41".into()),
            timestamp_precision: Some(Precision::Subsecond),
            body: "line\n\ttab \u{1f} \u{7f} 😀".into(),
            span: Span::new(0, 123_456_789),
            body_span: Span::new(17, 42),
            line: 99,
            parent: Some("c3".into()),
            parent_evidence: Some(ReplyEvidence {
                kind: EvidenceKind::Addressed,
                confidence: 0.45,
                cue: "as Ana said".into(),
            }),
            mentions: vec![
                mention(vec!["Ana Obi".into(), "Ana Lund".into()]),
                mention(Vec::new()),
            ],
        };
        let empty = Comment {
            timestamp: Some(Moment::naive(local)),
            line: 1,
            ..Comment::default()
        };
        let none = Comment {
            timestamp: None,
            ..empty.clone()
        };
        for comment in [&full, &empty, &none] {
            let mut got = b"{".to_vec();
            write_comment_fields(&mut got, comment).unwrap();
            assert_same_json(got, serde_json::to_vec(comment).unwrap());
        }
    }

    /// `got` and `want` are the same JSON text (shown as text if not).
    fn assert_same_json(got: Vec<u8>, want: Vec<u8>) {
        assert_eq!(
            String::from_utf8(got).unwrap(),
            String::from_utf8(want).unwrap()
        );
    }

    #[test]
    fn numbers_are_written_as_serde_json_writes_them() {
        for n in [0u64, 7, 10, 99, 1_000_000, u64::MAX] {
            let mut got = Vec::new();
            write_number(&mut got, n);
            assert_eq!(got, serde_json::to_vec(&n).unwrap());
        }
    }
}
