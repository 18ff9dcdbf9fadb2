//! Helpers shared by the integration tests.
#![allow(dead_code)]

use threadscope::{Document, SegmentKind};

/// Assert that the segments of `doc` tile `text` exactly: contiguous,
/// non-empty, starting at 0 and ending at the end, so joining them gives
/// back every byte.
pub fn assert_tiles(doc: &Document<'_>, text: &str) {
    let mut at = 0;
    for s in &doc.segments {
        assert_eq!(
            s.span.start, at,
            "{}: gap or overlap before {:?}",
            doc.path, s
        );
        assert!(
            s.span.end > s.span.start,
            "{}: empty segment {:?}",
            doc.path,
            s
        );
        assert!(text.is_char_boundary(s.span.start) && text.is_char_boundary(s.span.end));
        at = s.span.end;
    }
    assert_eq!(at, text.len(), "{}: segments stop before the end", doc.path);
    let joined: String = doc.segments.iter().map(|s| s.span.slice(text)).collect();
    assert_eq!(joined, text);
    // Every comment's body lies inside body segments.
    for c in &doc.comments {
        assert!(
            c.span.start <= c.body_span.start && c.body_span.end <= c.span.end,
            "{}: {} body outside its comment",
            doc.path,
            c.id
        );
        if !c.body_span.is_empty() {
            let inside = doc.segments.iter().any(|s| {
                s.kind == SegmentKind::Body
                    && s.span.start <= c.body_span.start
                    && c.body_span.start < s.span.end
            });
            assert!(
                inside,
                "{}: {} body does not start in a body segment",
                doc.path, c.id
            );
        }
    }
}

/// Path of the built binary.
pub fn bin() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_BIN_EXE_threadscope"))
}

/// Records of an RFC 4180 CSV text (CRLF or LF line ends outside quotes);
/// a final record without a line end is kept.
pub fn read_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' => {
                assert!(field.is_empty(), "a quote inside an unquoted field");
                quoted = true;
            }
            ',' => row.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            _ => field.push(c),
        }
    }
    assert!(!quoted, "the CSV ends inside a quoted field");
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}
