//! A document parsed and linked a part at a time equals the document parsed
//! and linked whole, on chat exports written for these tests.

mod common;

use threadscope::link::{link, ReplyMode};
use threadscope::model::{EvidenceKind, MentionKind};
use threadscope::stream::parse_and_link_in_parts;
use threadscope::{Document, Parser};

const PEOPLE: [&str; 6] = [
    "Marta Quist",
    "Dev Anand Rao",
    "Lou",
    "Kemal Yurt",
    "Ines",
    "Ray Okafor",
];

/// A WhatsApp export of `messages` messages whose header writes the date as
/// `a/b` with both numbers at most 12 until `settling` messages from the
/// end, where a day of 17 settles it (day first). The bodies address and
/// mention people who speak only later, quote earlier messages, open with
/// cues, run over several lines; there are notices and one impossible date.
fn chat(messages: usize, settling: usize) -> String {
    let mut text = String::from(
        "03/04/2024, 09:00 - Messages and calls are end-to-end encrypted. Nobody outside can read them.\n",
    );
    for i in 0..messages {
        let author = PEOPLE[(i % 13 + i / 7) % PEOPLE.len().min(2 + i / 40)];
        let (day, month) = if i + settling == messages {
            (17, 5)
        } else {
            (1 + (i / 60) % 12, 3 + (i / 700) % 9)
        };
        let (hour, minute) = ((i / 60) % 24, i % 60);
        let date = if i == messages / 3 {
            "31/02/2024".to_owned()
        } else {
            format!("{day:02}/{month:02}/2024")
        };
        let body = match i % 11 {
            0 => format!(
                "@{} did the ferry run late again {i}?",
                PEOPLE[(i / 11) % 6]
            ),
            1 => "Agreed, and the timetable never says so".to_owned(),
            2 => format!("> the timetable never says so\nthat is the heart of it {i}"),
            3 => format!(
                "{}, your numbers from last week were off",
                PEOPLE[(i / 3) % 6]
            ),
            4 => format!("I wrote to President Anja Feldt about it {i}"),
            5 => format!("Feldt's office answered nothing {i}\nsecond line\n\nafter a gap"),
            6 => "Exactly".to_owned(),
            7 => format!(
                "as {} said, the pier needs a roof",
                PEOPLE[(i / 7) % 6].split(' ').next().unwrap_or("")
            ),
            8 => format!("plain message number {i} about the harbour"),
            9 => format!("{}'s point stands", PEOPLE[(i / 9 + 2) % 6]),
            _ => format!("Adding to that: the {i} o'clock boat was full"),
        };
        // Olu speaks seldom: replies to him reach far back.
        let (author, body) = match i % 150 {
            10 => (
                "Olu Bright",
                format!("the night crossing {i} needs a second crew"),
            ),
            70 => (author, "@Olu Bright where did you read that".to_owned()),
            80 => (
                author,
                format!(
                    "> the night crossing {} needs a second crew\nsource?",
                    i - 70
                ),
            ),
            90 => (
                author,
                "Olu Bright, any news from the harbour office".to_owned(),
            ),
            _ => (author, body),
        };
        text.push_str(&format!(
            "{date}, {hour:02}:{minute:02} - {author}: {body}\n"
        ));
        if i % 97 == 50 {
            text.push_str(&format!(
                "{date}, {hour:02}:{minute:02} - {author} changed the group description\n"
            ));
        }
    }
    text
}

/// The document parsed and linked whole, and the same one put together from
/// its parts (with how many parts there were).
fn whole_and_parted<'a>(
    parser: &Parser,
    text: &'a str,
    mode: ReplyMode,
    part_bytes: usize,
) -> (Document<'a>, Document<'a>, usize) {
    let mut whole = parser.parse("chat.txt", text);
    link(&mut whole, text, mode);
    let mut parts = 0;
    let mut segments = Vec::new();
    let mut comments = Vec::new();
    let mut head = parse_and_link_in_parts(parser, "chat.txt", text, mode, part_bytes, |part| {
        parts += 1;
        assert!(part.diagnostics.is_empty());
        segments.extend(part.segments);
        comments.extend(part.comments);
        Ok::<(), std::convert::Infallible>(())
    })
    .unwrap();
    assert!(head.segments.is_empty() && head.comments.is_empty());
    head.segments = segments;
    head.comments = comments;
    (whole, head, parts)
}

fn assert_same(whole: &Document<'_>, parted: &Document<'_>) {
    assert_eq!(whole.comments.len(), parted.comments.len());
    for (w, p) in whole.comments.iter().zip(&parted.comments) {
        assert_eq!(w, p, "comment {}", w.id);
    }
    assert_eq!(whole.segments, parted.segments);
    assert_eq!(whole.diagnostics, parted.diagnostics);
    assert_eq!(whole, parted);
}

#[test]
fn parts_joined_are_the_whole_document() {
    let text = chat(1500, 4);
    let parser = Parser::new();
    for (mode, part_bytes) in [
        (ReplyMode::All, 997),
        (ReplyMode::All, 8 << 10),
        (ReplyMode::Addressed, 3001),
        (ReplyMode::Explicit, 20 << 10),
    ] {
        let (whole, parted, parts) = whole_and_parted(&parser, &text, mode, part_bytes);
        assert!(
            parts >= text.len() / part_bytes / 2,
            "{parts} parts of {part_bytes} bytes"
        );
        common::assert_tiles(&parted, &text);
        assert_same(&whole, &parted);
    }
}

/// What the parts must learn from the whole text is there to learn: the
/// date order settled only at the end, authors first heard from late,
/// quotes and replies reaching into earlier parts, a bad date reported.
#[test]
fn the_text_needs_the_whole_to_be_read_right() {
    let text = chat(1500, 4);
    let (whole, parted, parts) = whole_and_parted(&Parser::new(), &text, ReplyMode::All, 997);
    assert!(parts > 50, "{parts}");
    assert_eq!(parted.grammar.as_deref(), Some("whatsapp"));
    // Day first: the second message is 1 March, not 3 January.
    let second = parted.comments[1].timestamp.expect("a timestamp").local;
    assert_eq!(second.to_string(), "2024-03-01 00:01:00");
    // Ray Okafor speaks first at message 162; an @mention of him
    // before that still finds him.
    let first_ray = parted
        .comments
        .iter()
        .position(|c| c.author.as_deref() == Some("Ray Okafor"))
        .expect("Ray speaks");
    assert!(first_ray > 100, "{first_ray}");
    assert!(parted.comments[..first_ray]
        .iter()
        .any(|c| c.mentions.iter().any(
            |m| m.kind == MentionKind::Participant && m.target.as_deref() == Some("Ray Okafor")
        )));
    // Replies reach back into earlier parts by every kind of evidence.
    let mut kinds: Vec<EvidenceKind> = Vec::new();
    for c in &parted.comments {
        if let (Some(parent), Some(evidence)) = (&c.parent, &c.parent_evidence) {
            let at = parted
                .comments
                .iter()
                .position(|p| &p.id == parent)
                .unwrap();
            let part_of = |comment: &threadscope::Comment<'_>| comment.span.start / 997;
            if part_of(&parted.comments[at]) + 1 < part_of(c) && !kinds.contains(&evidence.kind) {
                kinds.push(evidence.kind);
            }
        }
    }
    for kind in [
        EvidenceKind::Marker,
        EvidenceKind::Quote,
        EvidenceKind::Addressed,
    ] {
        assert!(
            kinds.contains(&kind),
            "no {kind:?} reply across parts: {kinds:?}"
        );
    }
    assert!(parted
        .diagnostics
        .iter()
        .any(|d| d.code == "bad-timestamp" && d.message.contains("31/02/2024")));
    assert!(parted.comments.iter().any(|c| c
        .mentions
        .iter()
        .any(|m| m.kind == MentionKind::External && m.target.as_deref() == Some("Anja Feldt"))));
    assert_eq!(whole, parted);
}

#[test]
fn signal_exports_and_crlf_lines_come_in_parts_too() {
    let mut text = String::new();
    for i in 0..900 {
        let author = PEOPLE[i % 4];
        let body = match i % 4 {
            0 => format!("@{} the {i} ferry", PEOPLE[(i + 5) % 6]),
            1 => "Agreed".to_owned(),
            2 => format!("line one {i}\r\nline two"),
            _ => format!("{}, see above", PEOPLE[i % 3]),
        };
        text.push_str(&format!(
            "[2024-06-{:02}, {:02}:{:02}] {author}: {body}\r\n",
            1 + i / 60,
            (i / 60) % 24,
            i % 60
        ));
    }
    let parser = Parser::new();
    let (whole, parted, parts) = whole_and_parted(&parser, &text, ReplyMode::All, 1500);
    assert_eq!(parted.grammar.as_deref(), Some("signal"));
    assert!(parts > 10, "{parts}");
    assert_same(&whole, &parted);
}

/// Pages (an article, then a thread) and small texts are not cut: one part,
/// the whole document.
#[test]
fn what_cannot_be_cut_comes_whole() {
    // WordPress's thread markers and headers of several shapes keep its
    // pages from being cut.
    let mut page = String::from("Harbour Ferry Fares Frozen\nThe council froze the fares.\n\n");
    for i in 0..200 {
        page.push_str(&format!(
            "{} says:\nMay 17, 2024 at 8:{:02} pm\nComment number {i} on the fares\nReply\n\n",
            PEOPLE[i % 6],
            i % 60
        ));
    }
    let chat_text = chat(20, 3);
    assert!(chat_text.len() < 2 * 1000, "{}", chat_text.len());
    for (text, grammar) in [(&page, "wordpress"), (&chat_text, "whatsapp")] {
        let (whole, parted, parts) = whole_and_parted(&Parser::new(), text, ReplyMode::All, 1000);
        assert_eq!(parts, 1, "{grammar}");
        assert_eq!(parted.grammar.as_deref(), Some(grammar));
        assert!(!parted.comments.is_empty());
        assert_same(&whole, &parted);
    }
}

/// An error of the caller's stops the parts at once and comes back.
#[test]
fn the_callers_error_stops_the_parts() {
    let text = chat(600, 2);
    let mut seen = 0;
    let result =
        parse_and_link_in_parts(&Parser::new(), "c.txt", &text, ReplyMode::All, 1000, |_| {
            seen += 1;
            if seen == 3 {
                Err("disk full")
            } else {
                Ok(())
            }
        });
    assert_eq!(result.unwrap_err(), "disk full");
    assert_eq!(seen, 3);
}

fn linked<'a>(parser: &Parser, name: &str, text: &'a str) -> Document<'a> {
    let mut document = parser.parse(name, text);
    link(&mut document, text, ReplyMode::All);
    document
}

/// Everything a summary and the graphs show, as JSON, for comparing.
fn figures(summary: threadscope::stats::Summary, graphs: &threadscope::graph::Graphs) -> String {
    let mut out = serde_json::to_string(&summary).unwrap();
    for graph in [&graphs.reply, &graphs.mention] {
        out.push_str(&serde_json::to_string(&graph.metrics()).unwrap());
        out.push_str(&format!(
            "{:?}{:?}",
            graph.nodes_by_name(),
            graph.edges_by_name()
        ));
    }
    out.push_str(&serde_json::to_string(&graphs.forest.metrics()).unwrap());
    out.push_str(&format!(
        "{:?}{:?}{:?}{:?}",
        graphs.forest.comments(),
        forest_names(&graphs.forest),
        graphs.external,
        graphs.ambiguous
    ));
    out
}

/// Each forest comment's document, id and author, as names.
fn forest_names(forest: &threadscope::graph::ReplyForest) -> Vec<(String, String, Option<String>)> {
    forest
        .comments()
        .iter()
        .enumerate()
        .map(|(i, c)| {
            (
                forest.document_of(c).to_owned(),
                forest.id_of(i).expect("an id").into_owned(),
                forest.author_of(c).map(str::to_owned),
            )
        })
        .collect()
}

/// The summary and the graphs built from parts (`add_part`, then
/// `end_document`) equal those built from whole documents, with a whole
/// document before and after the parted one.
#[test]
fn summaries_and_graphs_of_parts_are_those_of_the_whole() {
    use threadscope::graph::GraphBuilder;
    use threadscope::stats::SummaryBuilder;
    let text = chat(1500, 4);
    let small = chat(40, 1);
    let parser = Parser::new();
    let (before, whole, after) = (
        linked(&parser, "a.txt", &small),
        linked(&parser, "b.txt", &text),
        linked(&parser, "c.txt", &small),
    );
    let (mut summary, mut graphs) = (SummaryBuilder::default(), GraphBuilder::default());
    for d in [&before, &whole, &after] {
        summary.add(d);
        graphs.add(d);
    }
    let want = figures(summary.finish(), &graphs.finish());
    let (mut summary, mut graphs) = (SummaryBuilder::default(), GraphBuilder::default());
    summary.add(&before);
    graphs.add(&before);
    let mut parts = 0;
    let head = parse_and_link_in_parts(&parser, "b.txt", &text, ReplyMode::All, 1500, |part| {
        parts += 1;
        summary.add_part(&part);
        graphs.add_part(&part);
        Ok::<(), std::convert::Infallible>(())
    })
    .unwrap();
    summary.end_document(&head);
    graphs.end_document();
    summary.add(&after);
    graphs.add(&after);
    assert!(parts > 20, "{parts}");
    assert!(want.contains("\"replies\":"), "{want}");
    assert_eq!(figures(summary.finish(), &graphs.finish()), want);
}

/// Ids a format gave (not `c1`, `c2`, …), from the start or only from the
/// second part on, with a parent further down its part and one in an
/// earlier part: the graphs from parts still find every parent. (A parent
/// in a later part cannot be known yet; parts of a parse never have one.)
#[test]
fn parents_by_the_formats_own_ids_are_found_across_parts() {
    use threadscope::graph::GraphBuilder;
    let text = chat(12, 1);
    for renamed_from in [0, 6] {
        let mut document = Parser::new().parse("x.txt", &text);
        assert!(document.comments.len() >= 12);
        for (i, c) in document.comments.iter_mut().enumerate().skip(renamed_from) {
            c.id = format!("post-{}", 1000 - i);
        }
        // A parent further down, one far back, one that does not exist.
        let id = |i: usize| document.comments[i].id.clone();
        let (down, back) = (id(4), id(2));
        document.comments[1].parent = Some(down);
        document.comments[9].parent = Some(back);
        document.comments[10].parent = Some("post-7".to_owned());
        let mut whole = GraphBuilder::default();
        whole.add(&document);
        let whole = whole.finish();
        let mut parted = GraphBuilder::default();
        let mut head = document.comments.clone();
        let tail = head.split_off(6);
        for comments in [head, tail] {
            parted.add_part(&Document {
                comments,
                ..document.clone()
            });
        }
        parted.end_document();
        let parted = parted.finish();
        let parents: Vec<Option<usize>> =
            whole.forest.comments().iter().map(|c| c.parent).collect();
        assert_eq!(parents[1], Some(4), "{renamed_from}");
        assert_eq!(parents[9], Some(2), "{renamed_from}");
        assert_eq!(parents[10], None, "{renamed_from}");
        assert_eq!(whole.forest.comments(), parted.forest.comments());
        let names = forest_names(&whole.forest);
        let ids: Vec<&str> = names.iter().map(|(_, id, _)| id.as_str()).collect();
        let given: Vec<&str> = document.comments.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, given);
        assert!(names
            .iter()
            .all(|(path, _, author)| path == "x.txt" && author.is_some()));
        assert_eq!(names, forest_names(&parted.forest));
        assert_eq!(
            format!("{:?}", whole.reply.edges_by_name()),
            format!("{:?}", parted.reply.edges_by_name())
        );
    }
}

/// Parts read from a file a piece at a time equal the whole document too,
/// whatever the part size; files that are not plain UTF-8 chat text are
/// left to be read whole.
#[test]
fn a_file_read_in_pieces_gives_the_whole_document() {
    use threadscope::input::InputError;
    use threadscope::stream::parse_and_link_file_in_parts;
    let text = chat(3000, 4);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chat.txt");
    std::fs::write(&path, &text).unwrap();
    let parser = Parser::new();
    let whole = linked(&parser, "chat.txt", &text);
    for part_bytes in [700, 4096, 50_000] {
        let (joined, parts) = joined_from_file(&text, part_bytes);
        assert!(
            parts >= text.len() / part_bytes / 2,
            "{parts} parts of {part_bytes}"
        );
        assert_same(&whole, &joined);
    }
    // Left to the whole-text path: a bad byte, UTF-16, a NUL, too small.
    let mut bad = text.clone().into_bytes();
    bad[text.len() / 2] = 0xFF;
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut nul = text.clone().into_bytes();
    nul[100] = 0;
    for (bytes, part_bytes) in [
        (bad, 4096),
        (utf16, 4096),
        (nul, 4096),
        (text.clone().into_bytes(), text.len()),
    ] {
        std::fs::write(&path, &bytes).unwrap();
        let given = parse_and_link_file_in_parts(
            &parser,
            &path,
            "chat.txt",
            ReplyMode::All,
            part_bytes,
            |_| {
                Err(InputError::Empty {
                    path: "given".into(),
                })
            },
        );
        assert!(matches!(given, Ok(None)), "{given:?}");
    }
    // A file that cannot be opened is an error naming it.
    let missing = parse_and_link_file_in_parts(
        &parser,
        &dir.path().join("gone.txt"),
        "gone.txt",
        ReplyMode::All,
        4096,
        |_| Ok::<(), InputError>(()),
    );
    assert!(
        matches!(&missing, Err(e) if e.to_string().starts_with("gone.txt: cannot read")),
        "{missing:?}"
    );
}

/// A file changed between the two passes is an error, not parts of two
/// different texts: grown, or rewritten at the same length with its
/// modification time put back (only the text tells that one).
#[test]
fn a_file_changed_between_the_passes_is_an_error() {
    use std::io::{Seek, SeekFrom, Write};
    use threadscope::input::InputError;
    let text = chat(3000, 4);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chat.txt");
    let same_size = |path: &std::path::Path| {
        let file = std::fs::OpenOptions::new().write(true).open(path).unwrap();
        let modified = file.metadata().unwrap().modified().unwrap();
        // A letter near the end becomes another letter.
        let at = text.len() - 40
            + text[text.len() - 40..]
                .find(|c: char| c.is_ascii_lowercase())
                .unwrap();
        let swapped = if &text[at..=at] == "x" { b"y" } else { b"x" };
        let mut file = file;
        file.seek(SeekFrom::Start(at as u64)).unwrap();
        file.write_all(swapped).unwrap();
        file.set_modified(modified).unwrap();
    };
    let grown = |path: &std::path::Path| {
        let mut file = std::fs::OpenOptions::new().append(true).open(path).unwrap();
        file.write_all(b"one more line\n").unwrap();
    };
    let unchanged = |_: &std::path::Path| {};
    for (change, fails) in [
        (&same_size as &(dyn Fn(&std::path::Path) + Sync), true),
        (&grown, true),
        (&unchanged, false),
    ] {
        std::fs::write(&path, &text).unwrap();
        let mut parts = 0;
        // Two threads read two pieces at a time: the change, made when the
        // first part is given, lies in a piece read later.
        let two_threads = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let given = two_threads.install(|| {
            threadscope::stream::parse_and_link_file_in_parts(
                &Parser::new(),
                &path,
                "chat.txt",
                ReplyMode::All,
                700,
                |_| {
                    parts += 1;
                    if parts == 1 {
                        change(&path);
                    }
                    Ok::<(), InputError>(())
                },
            )
        });
        assert!(parts >= 1, "the first parts came before the change");
        match given {
            Err(e) => {
                assert!(fails, "{e}");
                assert!(
                    e.to_string().contains("the file changed while it was read"),
                    "{e}"
                );
            }
            Ok(head) => {
                assert!(!fails, "a change went unseen after {parts} parts");
                assert!(head.is_some());
            }
        }
    }
}

/// The parts of `text` read from a file (cut every `part_bytes`), joined,
/// and how many there were; every part is labelled with the file's name
/// and a format.
fn joined_from_file(text: &str, part_bytes: usize) -> (Document<'static>, usize) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chat.txt");
    std::fs::write(&path, text).unwrap();
    let (mut segments, mut comments, mut parts) = (Vec::new(), Vec::new(), 0);
    let head = threadscope::stream::parse_and_link_file_in_parts(
        &Parser::new(),
        &path,
        "chat.txt",
        ReplyMode::All,
        part_bytes,
        |part| {
            parts += 1;
            let labels = (part.path.as_str(), part.grammar.is_some());
            assert_eq!(labels, ("chat.txt", true));
            segments.extend(part.segments);
            comments.extend(part.comments.into_iter().map(|c| c.into_owned()));
            Ok::<(), threadscope::input::InputError>(())
        },
    )
    .unwrap()
    .expect("read in pieces");
    let joined = Document {
        segments,
        comments,
        ..head
    };
    (joined, parts)
}

/// Month first, though only the last date says so (`05/17/2024`): every
/// date before it reads forward day first, so a part deciding alone would
/// read them day first. Parts read them as the whole text does.
#[test]
fn a_date_order_settled_at_the_very_end_holds_for_every_part() {
    let mut text = String::new();
    for i in 0..2400 {
        let (a, b) = (1 + (i / 50) % 12, 1 + (i / 600) % 12);
        let date = if i == 2399 {
            "05/17/2024".to_owned()
        } else {
            format!("{a:02}/{b:02}/2024")
        };
        text.push_str(&format!(
            "{date}, {:02}:{:02} - {}: note {i}\n",
            (i / 60) % 24,
            i % 60,
            PEOPLE[i % 3]
        ));
    }
    let whole = linked(&Parser::new(), "chat.txt", &text);
    // `02/01/2024` (the 51st message) read month first is 1 February;
    // day first it would be 2 January.
    let first_of_second_day = &whole.comments[50];
    assert!(first_of_second_day
        .timestamp_text
        .as_deref()
        .unwrap()
        .starts_with("02/01/2024"));
    assert_eq!(
        first_of_second_day
            .timestamp
            .unwrap()
            .local
            .date()
            .to_string(),
        "2024-02-01"
    );
    let (_, in_memory, parts) = whole_and_parted(&Parser::new(), &text, ReplyMode::All, 2000);
    assert!(parts > 20, "{parts}");
    assert_same(&whole, &in_memory);
    let (from_file, parts) = joined_from_file(&text, 2000);
    assert!(parts > 20, "{parts}");
    assert_same(&whole, &from_file);
}

/// A message line far longer than a part where a cut is due, CRLF line
/// ends and a last line without one: the file's parts are still the whole.
#[test]
fn long_lines_crlf_and_an_unended_last_line_in_a_file() {
    let mut text = String::new();
    for i in 0..400 {
        let body = if i == 60 {
            "the long one ".repeat(80_000)
        } else {
            format!("@{} line {i}\r\nsecond line", PEOPLE[(i + 1) % 4])
        };
        text.push_str(&format!(
            "[2024-06-{:02}, {:02}:{:02}] {}: {body}\r\n",
            1 + i / 60,
            (i / 60) % 24,
            i % 60,
            PEOPLE[i % 4]
        ));
    }
    text.push_str("[2024-06-30, 23:59] Lou: the last word, unended");
    let whole = linked(&Parser::new(), "chat.txt", &text);
    assert_eq!(whole.grammar.as_deref(), Some("signal"));
    assert!(whole.comments[60].body.len() > 1_000_000);
    let (from_file, parts) = joined_from_file(&text, 4096);
    assert!(parts >= 5, "{parts}");
    assert_same(&whole, &from_file);
}

/// A scraped page in the seed's layout (a name line, then the date glued to
/// the body): an article with a publication date that names a person with
/// a title, then comments whose bodies hold short lines that could be names.
fn page(comments: usize) -> String {
    let mut text = String::from(
        "date 2024-05-16 Harbour ferry fares frozen for the winter\n\
         Harbour Ferry Fares Frozen\n\
         Mayor Anja Feldt said the council would freeze the fares.\n\
         Short line here\n\n",
    );
    for i in 0..comments {
        let author = PEOPLE[(i % 13 + i / 7) % PEOPLE.len()];
        let (day, hour, minute) = (17 + i / 1440 % 10, i / 60 % 24, i % 60);
        let body = match i % 7 {
            0 => format!("Feldt's freeze will not last {i}"),
            1 => format!("@{} where did you read that", PEOPLE[i / 7 % 6]),
            2 => format!("> Feldt's freeze will not last {}\nit might", i - 2),
            3 => format!("first line {i}\nKemal Yurt\nthe line above is no name line"),
            4 => "Exactly".to_owned(),
            _ => format!("comment {i} on the fares\n\nafter a blank line"),
        };
        text.push_str(&format!(
            "{author}\nMay {day}, 2024 AT {hour:02}:{minute:02}{body}\n"
        ));
    }
    text
}

/// A page is cut at its comment headers too: the parts, joined, are the
/// whole document, and each carries the page's article (its date times the
/// comments in a report).
#[test]
fn a_page_comes_in_parts_with_its_article() {
    let text = page(1200);
    let parser = Parser::new();
    for part_bytes in [997, 8 << 10] {
        let mut parts = Vec::new();
        let head = parse_and_link_in_parts(
            &parser,
            "page.txt",
            &text,
            ReplyMode::All,
            part_bytes,
            |part| {
                parts.push(part);
                Ok::<(), std::convert::Infallible>(())
            },
        )
        .unwrap();
        assert!(parts.len() > text.len() / part_bytes / 2, "{}", parts.len());
        assert_eq!(head.grammar.as_deref(), Some("name-line-glued"));
        assert_eq!(
            head.article.published.map(|d| d.to_string()).as_deref(),
            Some("2024-05-16")
        );
        assert!(parts.iter().all(|p| p.article == head.article));
        let joined = Document {
            segments: parts.iter().flat_map(|p| p.segments.clone()).collect(),
            comments: parts
                .iter_mut()
                .flat_map(|p| std::mem::take(&mut p.comments))
                .collect(),
            ..head
        };
        common::assert_tiles(&joined, &text);
        let whole = linked(&parser, "page.txt", &text);
        assert_same(&whole, &joined);
        // The article's titled person is found in the bodies of every part.
        let late = &joined.comments[joined.comments.len() - 7..];
        assert!(late.iter().any(|c| {
            c.mentions.iter().any(|m| {
                m.kind == MentionKind::External && m.target.as_deref() == Some("Anja Feldt")
            })
        }));
    }
    for part_bytes in [700, 16 << 10] {
        let (joined, parts) = joined_from_file(&text, part_bytes);
        assert!(parts > text.len() / part_bytes / 2, "{parts}");
        let whole = linked(&parser, "chat.txt", &text);
        assert_same(&whole, &joined);
    }
}
