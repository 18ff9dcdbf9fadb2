//! Property tests: on any input, parsing never panics and the segments tile
//! the input exactly.

mod common;

use proptest::prelude::*;
use threadscope::Parser;

/// Lines that look like pieces of a thread, to steer inputs towards headers.
fn threadish_line() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Z][a-z]{1,8}( [A-Z][a-z]{1,8}){0,3}",
        "(May|June|Dec) [0-9]{1,2}, 20[0-9]{2} (AT|at) [0-9]{1,2}:[0-9]{2}[ -~]{0,40}",
        "[ -~]{0,60}",
        "[\\PC]{0,30}",
        Just(String::new()),
        Just("Reply".to_owned()),
        "2024-0[1-9]-[0-2][0-9]T[0-2][0-9]:[0-5][0-9]:00Z[a-z ]{0,20}",
    ]
}

fn page() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(threadish_line(), 0..40),
        prop::bool::ANY,
        prop::bool::ANY,
    )
        .prop_map(|(lines, crlf, final_newline)| {
            let sep = if crlf { "\r\n" } else { "\n" };
            let mut text = lines.join(sep);
            if final_newline {
                text.push_str(sep);
            }
            text
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn segments_tile_threadish_pages(text in page()) {
        let parser = Parser::new();
        let doc = parser.parse("prop", &text);
        common::assert_tiles(&doc, &text);
        for c in &doc.comments {
            prop_assert!(c.body_span.end <= text.len());
            prop_assert_eq!(c.body.trim_end(), c.body.as_ref());
        }
    }

    #[test]
    fn segments_tile_arbitrary_text(text in "\\PC*") {
        let doc = Parser::new().parse("prop", &text);
        common::assert_tiles(&doc, &text);
    }

    #[test]
    fn arbitrary_bytes_decode_and_parse(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let (text, _) = threadscope::input::decode(&bytes);
        let doc = Parser::new().parse("prop", &text);
        common::assert_tiles(&doc, &text);
    }
}
