//! The `threadscope` binary end to end: output formats and their contract,
//! the summary's figures, inputs (files, directories, standard input),
//! bad inputs, grammar choice, and the real seed pages.
//!
//! Every figure asserted here was worked out by hand from the fixture text
//! (see the comments next to each number). Files made at run time go into a
//! temporary directory, never into the repository or `output/`.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// Exit codes documented in the README.
const EXIT_OK: i32 = 0;
const EXIT_SOME_FAILED: i32 = 1;
const EXIT_USAGE: i32 = 2;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/name-line-glued")
        .join(name)
}

/// Run the binary with `args`; `stdin` is fed to it when given.
fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut command = Command::new(common::bin());
    command
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
    let mut child = command.spawn().expect("the threadscope binary starts");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        pipe.write_all(bytes).expect("write to the child's stdin");
    }
    child
        .wait_with_output()
        .expect("the binary runs to the end")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn code(out: &Output) -> i32 {
    out.status
        .code()
        .expect("the binary exits with a code, not a signal")
}

/// Assert the exit code, showing stderr when it is wrong, and that nothing panicked.
fn expect_code(out: &Output, want: i32) {
    let err = stderr(out);
    assert!(!err.contains("panicked"), "the binary panicked:\n{err}");
    assert_eq!(code(out), want, "exit code; stderr was:\n{err}");
}

fn json(out: &Output) -> Value {
    serde_json::from_str(&stdout(out))
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", stdout(out)))
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// `parse --format json` on `paths`, expecting exit code `want`.
fn parse_json(paths: &[&str], want: i32) -> Value {
    let mut args = vec!["parse", "--format", "json"];
    args.extend_from_slice(paths);
    let out = run(&args, None);
    expect_code(&out, want);
    json(&out)
}

fn documents(v: &Value) -> &Vec<Value> {
    v["documents"].as_array().expect("documents is an array")
}

fn span(v: &Value) -> (usize, usize) {
    let pair = v.as_array().expect("a span is [start, end]");
    assert_eq!(pair.len(), 2, "a span has two numbers: {v}");
    let start = pair[0].as_u64().expect("span start") as usize;
    let end = pair[1].as_u64().expect("span end") as usize;
    assert!(start <= end, "reversed span {v}");
    (start, end)
}

fn authors(doc: &Value) -> Vec<Option<String>> {
    doc["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["author"].as_str().map(str::to_owned))
        .collect()
}

/// The document of `v` whose path ends with `name`.
fn doc_named<'v>(v: &'v Value, name: &str) -> &'v Value {
    documents(v)
        .iter()
        .find(|d| d["path"].as_str().is_some_and(|p| p.ends_with(name)))
        .unwrap_or_else(|| panic!("no document for {name} in the output"))
}

/// Check one JSON document against its input text: the tiling, the comment
/// keys, and every body and header lying where the spans say.
fn check_document_against_input(doc: &Value, input: &str) {
    for key in [
        "path",
        "bytes",
        "grammar",
        "confidence",
        "article",
        "segments",
        "comments",
        "diagnostics",
    ] {
        assert!(doc.get(key).is_some(), "document has no `{key}`: {doc}");
    }
    assert_eq!(doc["bytes"].as_u64(), Some(input.len() as u64));

    // Segments tile the input: contiguous, non-empty, from 0 to the end.
    let mut at = 0;
    let mut joined = String::new();
    for s in doc["segments"].as_array().unwrap() {
        let kind = s["kind"].as_str().expect("segment kind");
        assert!(
            ["article", "header", "body", "byline", "noise", "notice", "footer", "unparsed"]
                .contains(&kind),
            "unknown segment kind {kind}"
        );
        let (start, end) = span(&s["span"]);
        assert_eq!(start, at, "gap or overlap at byte {at}: {s}");
        assert!(end > start, "empty segment {s}");
        joined.push_str(&input[start..end]);
        at = end;
    }
    assert_eq!(at, input.len(), "segments stop before the end of the input");
    assert_eq!(joined, input);

    for (i, c) in doc["comments"].as_array().unwrap().iter().enumerate() {
        for key in [
            "id",
            "author",
            "timestamp",
            "timestamp_text",
            "timestamp_precision",
            "body",
            "span",
            "body_span",
            "line",
            "parent",
        ] {
            assert!(c.get(key).is_some(), "comment has no `{key}`: {c}");
        }
        assert_eq!(c["id"], format!("c{}", i + 1));
        let (start, end) = span(&c["span"]);
        let (body_start, body_end) = span(&c["body_span"]);
        assert!(start <= body_start && body_end <= end && end <= input.len());
        let body = c["body"].as_str().unwrap();
        assert_eq!(
            &input[body_start..body_end],
            body,
            "body and body_span disagree"
        );
        // The header holds the author and the timestamp as written.
        let header = &input[start..body_start];
        if let Some(author) = c["author"].as_str() {
            assert!(
                header.contains(author),
                "{author:?} not in header {header:?}"
            );
        }
        if let Some(text) = c["timestamp_text"].as_str() {
            assert!(header.contains(text), "{text:?} not in header {header:?}");
        }
        // `line` is the line of the comment's first byte.
        let line = input[..start].matches('\n').count() + 1;
        assert_eq!(c["line"].as_u64(), Some(line as u64));
    }
}

// ---------------------------------------------------------------------------
// parse --format json

#[test]
fn parse_json_pins_the_contract_on_a_busy_thread() {
    let path = fixture("busy-thread.txt");
    let input = fs::read_to_string(&path).unwrap();
    let v = parse_json(&[path_str(&path)], EXIT_OK);
    assert_eq!(v["version"], 1);
    let docs = documents(&v);
    assert_eq!(docs.len(), 1);
    let doc = &docs[0];
    assert_eq!(doc["path"], path_str(&path));
    assert_eq!(doc["grammar"], "name-line-glued");
    let confidence = doc["confidence"].as_f64().unwrap();
    assert!(
        confidence > 0.2 && confidence <= 1.0,
        "confidence {confidence}"
    );
    check_document_against_input(doc, &input);

    assert_eq!(
        doc["article"]["title"],
        "Should the Library Open on New Year's Day?"
    );
    assert_eq!(doc["article"]["title_source"], "heading");
    // The article is the three lines before the first name line.
    let article_end = input.find("Zoë Ångström\n").unwrap();
    assert_eq!(span(&doc["article"]["span"]), (0, article_end));
    let first = &doc["segments"][0];
    assert_eq!(first["kind"], "article");
    assert_eq!(span(&first["span"]), (0, article_end));

    let comments = doc["comments"].as_array().unwrap();
    assert_eq!(comments.len(), 9);
    assert_eq!(
        authors(doc),
        [
            "Zoë Ångström",
            "Mary Ann Fox",
            "Ольга Смирнова",
            "王小明",
            "José María Pérez de León",
            "Tom Becker",
            "Jean Luc de Vries",
            "Zoë Ångström",
            "Ifeoma",
        ]
        .map(|a| Some(a.to_owned()))
    );
    // Name lines are lines 4, 6, 10, 12, 14, 20, 22, 24 and 26 of the file.
    let lines: Vec<u64> = comments
        .iter()
        .map(|c| c["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [4, 6, 10, 12, 14, 20, 22, 24, 26]);
    assert_eq!(comments[3]["timestamp"], "2024-01-01T00:00:00");
    assert_eq!(comments[3]["timestamp_text"], "January 1, 2024 AT 00:00");
    assert_eq!(comments[3]["timestamp_precision"], "minute");
    assert_eq!(comments[2]["timestamp"], "2023-12-31T23:59:00");
    assert_eq!(
        comments[4]["body"],
        "As a volunteer I can cover the children's corner.\n\nWe did the same in my old town and nobody complained; it was one of the busiest days of the year.\n\nSign me up."
    );
    // Replies recovered from addressing: "Tom, the heating…" answers Tom
    // Becker; "Thanks Jean Luc, …" answers Jean Luc de Vries. Nothing else.
    let parents: Vec<&serde_json::Value> = comments.iter().map(|c| &c["parent"]).collect();
    for (i, parent) in parents.iter().enumerate() {
        match i {
            6 => assert_eq!(*parent, "c6"),
            7 => assert_eq!(*parent, "c7"),
            _ => assert!(parent.is_null(), "c{} has parent {parent}", i + 1),
        }
    }
    assert_eq!(comments[6]["parent_evidence"]["kind"], "addressed");
    assert_eq!(comments[6]["parent_evidence"]["cue"], "Tom");
    // The last body runs to the end of the file, less its final newline.
    assert_eq!(span(&comments[8]["body_span"]).1, input.len() - 1);
}

#[test]
fn parse_json_round_trips_through_the_library_types() {
    let path = fixture("busy-thread.txt");
    let v = parse_json(&[path_str(&path)], EXIT_OK);
    let docs: Vec<threadscope::Document<'static>> =
        serde_json::from_value(v["documents"].clone()).expect("the JSON reads back as Documents");
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].comments.len(), 9);
    assert_eq!(threadscope::export::json::to_value(&docs), v);
}

#[test]
fn parse_json_keeps_crlf_inside_bodies_and_spans_point_at_them() {
    let path = fixture("crlf.txt");
    let input = fs::read_to_string(&path).unwrap();
    assert!(
        input.contains("\r\n"),
        "the fixture must have CRLF line ends"
    );
    let v = parse_json(&[path_str(&path)], EXIT_OK);
    let doc = &documents(&v)[0];
    check_document_against_input(doc, &input);
    let comments = doc["comments"].as_array().unwrap();
    assert_eq!(comments.len(), 3);
    assert_eq!(
        comments[0]["body"],
        "Twelve pounds is fine.\r\nWhat worries me is visitors: there is no mention of day passes."
    );
    assert_eq!(comments[2]["body"], "Found it, thanks.");
}

#[test]
fn parse_output_file_matches_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.json");
    let path = fixture("single-comment.txt");
    let to_stdout = run(&["parse", path_str(&path)], None);
    expect_code(&to_stdout, EXIT_OK);
    let to_file = run(&["parse", path_str(&path), "-o", path_str(&target)], None);
    expect_code(&to_file, EXIT_OK);
    assert!(to_file.stdout.is_empty(), "with -o nothing goes to stdout");
    assert_eq!(fs::read(&target).unwrap(), to_stdout.stdout);
    // The default format is JSON.
    let v = json(&to_stdout);
    assert_eq!(documents(&v)[0]["comments"][0]["author"], "Priya");
}

// ---------------------------------------------------------------------------
// parse --format jsonl and csv

#[test]
fn parse_jsonl_gives_one_line_per_comment_with_its_path() {
    let busy = fixture("busy-thread.txt");
    let single = fixture("single-comment.txt");
    let none = fixture("no-comments.txt");
    let out = run(
        &[
            "parse",
            "--format",
            "jsonl",
            path_str(&busy),
            path_str(&none),
            path_str(&single),
        ],
        None,
    );
    expect_code(&out, EXIT_OK);
    let text = stdout(&out);
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON object"))
        .collect();
    // 9 comments, then none for the page without a thread, then 1.
    assert_eq!(lines.len(), 10, "{text}");
    assert!(text.ends_with('\n'));
    for (i, line) in lines.iter().enumerate() {
        let want = if i < 9 { &busy } else { &single };
        assert_eq!(line["path"], path_str(want));
        assert_eq!(line["grammar"], "name-line-glued");
        for key in [
            "id",
            "author",
            "timestamp",
            "timestamp_text",
            "body",
            "span",
            "body_span",
            "line",
            "parent",
        ] {
            assert!(line.get(key).is_some(), "line {i} has no `{key}`: {line}");
        }
    }
    assert_eq!(lines[0]["id"], "c1");
    assert_eq!(lines[8]["id"], "c9");
    assert_eq!(lines[8]["author"], "Ifeoma");
    assert_eq!(lines[9]["id"], "c1");
    assert_eq!(lines[9]["author"], "Priya");
    assert_eq!(lines[9]["timestamp"], "2024-06-14T07:32:00");
    assert_eq!(lines[1]["body"], "I'd rather the staff had the day off.\nThey work every Saturday already.\nAsk them first, then decide.");
}

#[test]
fn parse_csv_has_a_header_and_one_quoted_row_per_comment() {
    let busy = fixture("busy-thread.txt");
    let crlf = fixture("crlf.txt");
    let out = run(
        &["parse", "--format", "csv", path_str(&busy), path_str(&crlf)],
        None,
    );
    expect_code(&out, EXIT_OK);
    let text = stdout(&out);
    assert!(text.starts_with(
        "path,id,author,timestamp,timestamp_text,parent,line,span_start,span_end,body\r\n"
    ));
    let rows = common::read_csv(&text);
    assert_eq!(rows.len(), 1 + 9 + 3, "{text}");
    for row in &rows {
        assert_eq!(row.len(), 10, "every row has 10 fields: {row:?}");
    }
    let busy_rows = &rows[1..10];
    assert!(busy_rows.iter().all(|r| r[0] == path_str(&busy)));
    let ids: Vec<&str> = busy_rows.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(ids, ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"]);
    // c2: a three-line body.
    assert_eq!(busy_rows[1][2], "Mary Ann Fox");
    assert_eq!(busy_rows[1][3], "2023-12-31T22:30:00");
    assert_eq!(busy_rows[1][4], "December 31, 2023 AT 22:30");
    assert_eq!(busy_rows[1][5], "", "no parent");
    assert_eq!(busy_rows[1][6], "6");
    assert_eq!(
        busy_rows[1][9],
        "I'd rather the staff had the day off.\nThey work every Saturday already.\nAsk them first, then decide."
    );
    // c5: blank lines and a semicolon inside the body.
    assert_eq!(busy_rows[4][2], "José María Pérez de León");
    assert!(busy_rows[4][9].contains("corner.\n\nWe did"));
    // Commas in bodies are quoted, not split.
    assert_eq!(busy_rows[0][9], "Yes, please. The library is the only warm, quiet place I can take my kids when everything else is shut.");
    // span_start and span_end are the comment's bytes in the file.
    let input = fs::read_to_string(&busy).unwrap();
    let (start, end): (usize, usize) = (
        busy_rows[6][7].parse().unwrap(),
        busy_rows[6][8].parse().unwrap(),
    );
    assert!(input[start..end].starts_with("Jean Luc de Vries\nJanuary 1, 2024 AT 10:02Tom,"));
    // CRLF inside a quoted body survives.
    let crlf_rows = &rows[10..];
    assert!(crlf_rows.iter().all(|r| r[0] == path_str(&crlf)));
    assert_eq!(crlf_rows[1][2], "Sunita Rao");
    assert_eq!(
        crlf_rows[1][9],
        "Day passes are on page four of the consultation.\r\nTen for five pounds, I think."
    );
}

// ---------------------------------------------------------------------------
// summary

/// The line of the text report that starts with `label` (after indentation).
fn report_line<'t>(text: &'t str, label: &str) -> &'t str {
    text.lines()
        .find(|l| l.trim_start().starts_with(label))
        .unwrap_or_else(|| panic!("no `{label}` line in the summary:\n{text}"))
}

#[test]
fn summary_text_reports_the_figures_worked_out_by_hand() {
    let path = fixture("busy-thread.txt");
    let out = run(&["summary", path_str(&path)], None);
    expect_code(&out, EXIT_OK);
    let text = stdout(&out);
    assert!(
        text.starts_with("threadscope summary: 1 document, 9 comments"),
        "{text}"
    );
    assert!(report_line(&text, "comments ").ends_with(" 9"), "{text}");
    // Eight names: Zoë Ångström writes twice.
    let participants = report_line(&text, "participants");
    assert!(participants.ends_with(" 8"), "{participants}");
    // 2023-12-31 21:04 to 2024-01-02 18:45 is 1 day 21 h 41 min.
    let span = report_line(&text, "time span");
    assert!(span.contains("2023-12-31 21:04"), "{span}");
    assert!(span.contains("2024-01-02 18:45"), "{span}");
    assert!(span.contains("1d 21h"), "{span}");
    // Hours 0 and 10 have two comments each; the earlier hour wins the tie.
    let hour = report_line(&text, "busiest hour");
    assert!(
        hour.contains("00:00") && hour.contains("(2 comments)"),
        "{hour}"
    );
    let day = report_line(&text, "busiest day");
    assert!(
        day.contains("2024-01-01") && day.contains("(5 comments)"),
        "{day}"
    );
    // Gaps 60, 1080, 2520, 2820 | 5160, 5340, 30780, 116700 s: median 3990 s.
    let gap = report_line(&text, "median gap");
    assert!(gap.ends_with("1h 6m"), "{gap}");
    // José María's three paragraphs: 9 + 21 + 3 words, 49 + 2 + 97 + 2 + 11 chars.
    let longest = report_line(&text, "longest comment");
    assert!(longest.contains("33 words"), "{longest}");
    assert!(longest.contains("161 chars"), "{longest}");
    assert!(longest.contains("José María Pérez de León"), "{longest}");
    assert!(longest.contains("c5"), "{longest}");
    // Word counts 8 8 9 11 11 16 18 20 33: median 11, 134 in all.
    let median = report_line(&text, "median length");
    assert!(
        median.contains("11 words") && median.contains("134 words"),
        "{median}"
    );
    let most = report_line(&text, "most active");
    assert!(most.contains("Zoë Ångström (2)"), "{most}");

    // The per-author table: a header row, then one row per author.
    report_line(&text, "author ");
    let zoe: Vec<&str> = report_line(&text, "Zoë Ångström  ")
        .split_whitespace()
        .collect();
    // comments 2, share 2/9, words 20 + 8, mean 14, first and last comment.
    assert_eq!(
        zoe,
        [
            "Zoë",
            "Ångström",
            "2",
            "22%",
            "28",
            "14.0",
            "2023-12-31",
            "21:04",
            "2024-01-01",
            "10:20"
        ]
    );
    let ifeoma: Vec<&str> = report_line(&text, "Ifeoma ").split_whitespace().collect();
    assert_eq!(
        ifeoma,
        [
            "Ifeoma",
            "1",
            "11%",
            "16",
            "16.0",
            "2024-01-02",
            "18:45",
            "2024-01-02",
            "18:45"
        ]
    );
    for name in [
        "Mary Ann Fox",
        "Ольга Смирнова",
        "王小明",
        "José María Pérez de León",
        "Tom Becker",
        "Jean Luc de Vries",
    ] {
        assert!(
            text.lines()
                .any(|l| l.trim_start().starts_with(name) && l.contains("  1  ")),
            "no table row for {name}:\n{text}"
        );
    }
}

#[test]
fn summary_json_numbers_agree_with_the_fixture() {
    let path = fixture("busy-thread.txt");
    let out = run(&["summary", "--format", "json", path_str(&path)], None);
    expect_code(&out, EXIT_OK);
    let s = json(&out);
    assert_eq!(s["documents"], 1);
    assert_eq!(s["comments"], 9);
    assert_eq!(s["participants"], 8);
    assert_eq!(s["anonymous_comments"], 0);
    assert_eq!(s["timestamped_comments"], 9);
    assert_eq!(s["first"], "2023-12-31T21:04:00");
    assert_eq!(s["last"], "2024-01-02T18:45:00");
    assert_eq!(s["span_seconds"], 164_460);
    assert_eq!(s["busiest_hour"]["hour"], 0);
    assert_eq!(s["busiest_hour"]["comments"], 2);
    assert_eq!(s["busiest_day"]["date"], "2024-01-01");
    assert_eq!(s["busiest_day"]["comments"], 5);
    let mut by_hour = vec![0u64; 24];
    for h in [21, 22, 23, 0, 0, 9, 10, 10, 18] {
        by_hour[h] += 1;
    }
    assert_eq!(s["by_hour"], serde_json::json!(by_hour));
    assert_eq!(s["median_gap_seconds"], 3990);
    assert_eq!(s["words"], 134);
    assert_eq!(s["median_words"], 11.0);
    let longest = &s["longest_comment"];
    assert_eq!(longest["id"], "c5");
    assert_eq!(longest["author"], "José María Pérez de León");
    assert_eq!(longest["words"], 33);
    assert_eq!(longest["chars"], 161);
    assert_eq!(longest["path"], path_str(&path));

    let authors = s["authors"].as_array().unwrap();
    let names: Vec<&str> = authors
        .iter()
        .map(|a| a["author"].as_str().unwrap())
        .collect();
    // Most comments first, then by name (byte order).
    assert_eq!(
        names,
        [
            "Zoë Ångström",
            "Ifeoma",
            "Jean Luc de Vries",
            "José María Pérez de León",
            "Mary Ann Fox",
            "Tom Becker",
            "Ольга Смирнова",
            "王小明"
        ]
    );
    let zoe = &authors[0];
    assert_eq!(zoe["comments"], 2);
    assert_eq!(zoe["share"], 0.222);
    assert_eq!(zoe["words"], 28);
    assert_eq!(zoe["mean_words"], 14.0);
    assert_eq!(zoe["first"], "2023-12-31T21:04:00");
    assert_eq!(zoe["last"], "2024-01-01T10:20:00");
    let words: Vec<u64> = authors
        .iter()
        .map(|a| a["words"].as_u64().unwrap())
        .collect();
    assert_eq!(words, [28, 16, 11, 33, 18, 9, 8, 11]);
    assert_eq!(words.iter().sum::<u64>(), 134);

    let per_doc = s["per_document"].as_array().unwrap();
    assert_eq!(per_doc.len(), 1);
    assert_eq!(per_doc[0]["comments"], 9);
    assert_eq!(per_doc[0]["grammar"], "name-line-glued");
    assert_eq!(
        per_doc[0]["title"],
        "Should the Library Open on New Year's Day?"
    );
}

#[test]
fn summary_of_several_documents_adds_them_up() {
    // busy-thread (9 comments, 8 names) + crlf (3 comments: Graham twice,
    // Sunita Rao) + no-comments (0).
    let out = run(
        &[
            "summary",
            "--format",
            "json",
            path_str(&fixture("busy-thread.txt")),
            path_str(&fixture("crlf.txt")),
            path_str(&fixture("no-comments.txt")),
        ],
        None,
    );
    expect_code(&out, EXIT_OK);
    let s = json(&out);
    assert_eq!(s["documents"], 3);
    assert_eq!(s["comments"], 12);
    assert_eq!(s["participants"], 10);
    assert_eq!(s["first"], "2023-12-31T21:04:00");
    assert_eq!(s["last"], "2024-03-12T19:40:00");
    assert_eq!(s["per_document"][2]["grammar"], Value::Null);
    assert_eq!(s["per_document"][2]["comments"], 0);
    assert_eq!(
        s["per_document"][2]["title"],
        "Rainwater Tanks for the Allotments"
    );
}

// ---------------------------------------------------------------------------
// inputs: stdin and directories

#[test]
fn stdin_dash_is_read() {
    let bytes = fs::read(fixture("busy-thread.txt")).unwrap();
    let out = run(&["parse", "--format", "json", "-"], Some(&bytes));
    expect_code(&out, EXIT_OK);
    let v = json(&out);
    let doc = &documents(&v)[0];
    assert_eq!(doc["path"], "-");
    assert_eq!(doc["comments"].as_array().unwrap().len(), 9);
    check_document_against_input(doc, std::str::from_utf8(&bytes).unwrap());

    let out = run(&["summary", "--format", "json", "-"], Some(&bytes));
    expect_code(&out, EXIT_OK);
    assert_eq!(json(&out)["comments"], 9);
}

#[test]
fn a_directory_is_walked_in_sorted_order_one_document_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir(root.join("sub")).unwrap();
    fs::copy(fixture("single-comment.txt"), root.join("b.txt")).unwrap();
    fs::copy(fixture("busy-thread.txt"), root.join("a.txt")).unwrap();
    fs::copy(fixture("crlf.txt"), root.join("sub/c.txt")).unwrap();
    fs::copy(fixture("no-comments.txt"), root.join("sub/d.txt")).unwrap();
    fs::write(root.join(".hidden.txt"), "hidden\n").unwrap();

    let v = parse_json(&[path_str(root)], EXIT_OK);
    let docs = documents(&v);
    let paths: Vec<PathBuf> = docs
        .iter()
        .map(|d| PathBuf::from(d["path"].as_str().unwrap()))
        .collect();
    assert_eq!(
        paths,
        [
            root.join("a.txt"),
            root.join("b.txt"),
            root.join("sub/c.txt"),
            root.join("sub/d.txt")
        ]
    );
    let counts: Vec<usize> = docs
        .iter()
        .map(|d| d["comments"].as_array().unwrap().len())
        .collect();
    assert_eq!(counts, [9, 1, 3, 0]);
    assert_eq!(docs[3]["grammar"], Value::Null);
}

// ---------------------------------------------------------------------------
// bad inputs

/// A good page next to the bad inputs: its comment must still come out.
fn good_page(dir: &Path) -> PathBuf {
    let good = dir.join("good.txt");
    fs::copy(fixture("single-comment.txt"), &good).unwrap();
    good
}

fn assert_good_page_processed(v: &Value, good: &Path) {
    let doc = documents(v)
        .iter()
        .find(|d| d["path"] == path_str(good))
        .unwrap_or_else(|| panic!("the good file was not processed: {v}"));
    assert_eq!(authors(doc), [Some("Priya".to_owned())]);
}

/// Run `parse` on a bad input and a good page; both orders.
fn run_with_good_page(bad: &Path, good: &Path) -> Vec<Output> {
    [[bad, good], [good, bad]]
        .iter()
        .map(|pair| {
            run(
                &[
                    "parse",
                    "--format",
                    "json",
                    path_str(pair[0]),
                    path_str(pair[1]),
                ],
                None,
            )
        })
        .collect()
}

#[test]
fn an_empty_file_is_reported_and_the_rest_is_processed() {
    let dir = tempfile::tempdir().unwrap();
    let good = good_page(dir.path());
    let empty = dir.path().join("empty.txt");
    fs::write(&empty, b"").unwrap();
    for out in run_with_good_page(&empty, &good) {
        expect_code(&out, EXIT_SOME_FAILED);
        let err = stderr(&out);
        assert!(err.contains(path_str(&empty)), "{err}");
        assert!(err.contains("empty"), "{err}");
        let v = json(&out);
        assert_good_page_processed(&v, &good);
        assert_eq!(documents(&v).len(), 1, "the empty file gives no document");
    }
    // Alone, it still fails cleanly.
    let out = run(&["parse", path_str(&empty)], None);
    expect_code(&out, EXIT_SOME_FAILED);
    assert_eq!(documents(&json(&out)).len(), 0);
}

#[test]
fn a_binary_file_is_reported_and_the_rest_is_processed() {
    let dir = tempfile::tempdir().unwrap();
    let good = good_page(dir.path());
    let binary = dir.path().join("image.png");
    fs::write(
        &binary,
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
    )
    .unwrap();
    for out in run_with_good_page(&binary, &good) {
        expect_code(&out, EXIT_SOME_FAILED);
        let err = stderr(&out);
        assert!(err.contains(path_str(&binary)), "{err}");
        assert!(err.contains("binary"), "{err}");
        // The first NUL is at byte 8.
        assert!(err.contains("offset 8"), "{err}");
        let v = json(&out);
        assert_good_page_processed(&v, &good);
        assert_eq!(documents(&v).len(), 1);
    }
}

#[test]
fn invalid_utf8_is_parsed_with_a_located_warning() {
    let dir = tempfile::tempdir().unwrap();
    let good = good_page(dir.path());
    let latin1 = dir.path().join("latin1.txt");
    let mut bytes = fs::read(fixture("single-comment.txt")).unwrap();
    // Put a Latin-1 "é" (0xE9, invalid as UTF-8) into the comment body.
    let text = String::from_utf8(bytes.clone()).unwrap();
    let at = text.find("late shifts").unwrap() + "lat".len();
    bytes[at] = 0xE9; // "lat\xE9 shifts"
    let line = text[..at].matches('\n').count() + 1;
    fs::write(&latin1, &bytes).unwrap();

    for out in run_with_good_page(&latin1, &good) {
        expect_code(&out, EXIT_OK);
        let err = stderr(&out);
        let located = format!("{}:{line}:", path_str(&latin1));
        assert!(err.contains(&located), "want {located:?} in:\n{err}");
        assert!(err.contains(&format!("byte offset {at}")), "{err}");
        assert!(err.contains("warning"), "{err}");
        let v = json(&out);
        assert_good_page_processed(&v, &good);
        let doc = doc_named(&v, "latin1.txt");
        assert_eq!(doc["comments"].as_array().unwrap().len(), 1);
        let body = doc["comments"][0]["body"].as_str().unwrap();
        assert!(body.contains("lat\u{FFFD} shifts"), "{body}");
        let diag = doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == "invalid-utf8")
            .expect("an invalid-utf8 diagnostic in the JSON");
        assert_eq!(diag["offset"], at);
        assert_eq!(diag["line"], line);
    }
}

#[test]
fn a_missing_file_is_reported_and_the_rest_is_processed() {
    let dir = tempfile::tempdir().unwrap();
    let good = good_page(dir.path());
    let missing = dir.path().join("no-such-page.txt");
    for out in run_with_good_page(&missing, &good) {
        expect_code(&out, EXIT_SOME_FAILED);
        let err = stderr(&out);
        assert!(err.contains(path_str(&missing)), "{err}");
        let v = json(&out);
        assert_good_page_processed(&v, &good);
        assert_eq!(documents(&v).len(), 1);
    }
}

#[cfg(unix)]
#[test]
fn a_dangling_link_in_a_directory_is_reported_and_the_rest_is_processed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("pages");
    fs::create_dir(&root).unwrap();
    fs::copy(fixture("single-comment.txt"), root.join("a.txt")).unwrap();
    std::os::unix::fs::symlink(root.join("gone.txt"), root.join("b-dangling.txt")).unwrap();
    fs::copy(fixture("crlf.txt"), root.join("c.txt")).unwrap();

    let out = run(&["parse", "--format", "json", path_str(&root)], None);
    expect_code(&out, EXIT_SOME_FAILED);
    let err = stderr(&out);
    assert!(
        err.contains(path_str(&root.join("b-dangling.txt"))),
        "{err}"
    );
    let v = json(&out);
    let counts: Vec<(String, usize)> = documents(&v)
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_owned(),
                d["comments"].as_array().unwrap().len(),
            )
        })
        .collect();
    assert_eq!(
        counts,
        [
            (path_str(&root.join("a.txt")).to_owned(), 1),
            (path_str(&root.join("c.txt")).to_owned(), 3)
        ]
    );

    // summary goes on too, and says so with its exit code.
    let out = run(&["summary", "--format", "json", path_str(&root)], None);
    expect_code(&out, EXIT_SOME_FAILED);
    assert!(stderr(&out).contains("b-dangling.txt"));
    assert_eq!(json(&out)["comments"], 4);
}

// ---------------------------------------------------------------------------
// --grammar

#[test]
fn grammar_by_id_forces_that_grammar() {
    // Detection finds no thread on this page; forcing the grammar names it.
    let page = fixture("no-comments.txt");
    let detected = parse_json(&[path_str(&page)], EXIT_OK);
    assert_eq!(documents(&detected)[0]["grammar"], Value::Null);
    let forced = parse_json(&["--grammar", "name-line-glued", path_str(&page)], EXIT_OK);
    let doc = &documents(&forced)[0];
    assert_eq!(doc["grammar"], "name-line-glued");
    assert_eq!(doc["comments"].as_array().unwrap().len(), 0);

    let busy = fixture("busy-thread.txt");
    let forced = parse_json(&["--grammar", "name-line-glued", path_str(&busy)], EXIT_OK);
    let doc = &documents(&forced)[0];
    assert_eq!(doc["grammar"], "name-line-glued");
    assert_eq!(doc["confidence"], 1.0);
    assert_eq!(doc["comments"].as_array().unwrap().len(), 9);
}

#[test]
fn an_unknown_grammar_id_is_a_usage_error_listing_the_known_ones() {
    let page = fixture("busy-thread.txt");
    let out = run(&["parse", "--grammar", "nosuch", path_str(&page)], None);
    expect_code(&out, EXIT_USAGE);
    let err = stderr(&out);
    assert!(err.contains("nosuch"), "{err}");
    assert!(
        err.contains("name-line-glued"),
        "the known grammars are listed: {err}"
    );
    assert!(
        out.stdout.is_empty(),
        "nothing is processed: {}",
        stdout(&out)
    );
}

#[test]
fn a_broken_grammar_file_is_reported_with_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.toml");
    fs::write(
        &file,
        r#"id = "broken-test"
name = "A grammar with a typo"
kind = "page"

[[comment]]
header = ['{author}', '{monthname} {dya}, {year} at {hour}:{minute}{body}']
"#,
    )
    .unwrap();
    let page = fixture("busy-thread.txt");
    let out = run(
        &["parse", "--grammar", path_str(&file), path_str(&page)],
        None,
    );
    expect_code(&out, EXIT_USAGE);
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{}:6:", path_str(&file))),
        "file and line 6: {err}"
    );
    assert!(err.contains("comment[0].header[1]"), "the key: {err}");
    assert!(err.contains("{dya}"), "the bad field: {err}");
    assert!(out.stdout.is_empty());

    // A key the grammar language does not have, on line 3.
    fs::write(
        &file,
        "id = \"broken-test\"\nname = \"x\"\ncolour = \"red\"\n[[comment]]\nheader = ['{author}', '{iso}{body}']\n",
    )
    .unwrap();
    let out = run(
        &["summary", "--grammar", path_str(&file), path_str(&page)],
        None,
    );
    expect_code(&out, EXIT_USAGE);
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{}:3:", path_str(&file))),
        "file and line 3: {err}"
    );
    assert!(err.contains("colour"), "{err}");
}

#[test]
fn a_valid_grammar_file_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("iso-only.toml");
    fs::write(
        &file,
        "id = \"iso-only\"\nname = \"ISO only\"\n[[comment]]\nheader = ['{author}', '{iso}[ ]{body}']\n",
    )
    .unwrap();
    let page = fixture("iso.txt");
    let v = parse_json(&["--grammar", path_str(&file), path_str(&page)], EXIT_OK);
    let doc = &documents(&v)[0];
    assert_eq!(doc["grammar"], "iso-only");
    assert_eq!(
        authors(doc),
        ["Sam", "Ines Duarte", "Pat"].map(|a| Some(a.to_owned()))
    );
}

// ---------------------------------------------------------------------------
// the real seed pages

fn seeds_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("THREADSCOPE_SKIP_SEEDS").as_deref() == Ok("1") {
        eprintln!(
            "skipping: {} is missing and THREADSCOPE_SKIP_SEEDS=1",
            dir.display()
        );
        return None;
    }
    panic!(
        "the seed pages are missing: {} is not a directory. \
         Set THREADSCOPE_SKIP_SEEDS=1 to skip this test on purpose.",
        dir.display()
    );
}

#[test]
fn the_seed_pages_parse_as_known() {
    let Some(dir) = seeds_dir() else { return };
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    let want: BTreeSet<&str> = [
        "000_ecfc72973277fcd1.txt",
        "001_006605df1cda4f0e.txt",
        "002_0c7bf473f1aaa060.txt",
        "003_59352dda352b5819.txt",
        "004_0629ff8695077d91.txt",
    ]
    .into();
    for seed in &want {
        assert!(
            names.iter().any(|n| n == seed),
            "seed {seed} is missing from {}",
            dir.display()
        );
    }

    for name in &want {
        let path = dir.join(name);
        let input = fs::read_to_string(&path).unwrap();
        let v = parse_json(&[path_str(&path)], EXIT_OK);
        let doc = &documents(&v)[0];
        check_document_against_input(doc, &input);
        let comments = doc["comments"].as_array().unwrap();
        let title = doc["article"]["title"].as_str().unwrap_or("");
        assert!(!title.trim().is_empty(), "{name}: no article title");
        if *name != "001_006605df1cda4f0e.txt" {
            assert_eq!(comments.len(), 0, "{name}: {:?}", authors(doc));
            assert_eq!(doc["grammar"], Value::Null, "{name}");
            continue;
        }
        assert_eq!(doc["grammar"], "name-line-glued");
        assert_eq!(
            authors(doc),
            [
                "Jasmine Hinds",
                "Madison Neal",
                "John Crulz",
                "Anita Drake",
                "Eduardo Lopez",
                "Nancy Perez de Lezama",
                "Matt Heitz",
                "Susan Mark"
            ]
            .map(|a| Some(a.to_owned()))
        );
        assert_eq!(comments[0]["timestamp"], "2024-05-17T20:41:00");
        assert_eq!(comments[7]["timestamp"], "2024-05-18T00:23:00");
        assert!(comments.iter().all(|c| c["timestamp"].is_string()));
        let madison = comments[1]["body"].as_str().unwrap();
        assert_eq!(madison.lines().count(), 15, "{madison}");
        for c in comments {
            let body = c["body"].as_str().unwrap();
            assert!(!body.is_empty());
            assert!(
                !body.contains("Economic Dependencies"),
                "article text leaked into {}: {body}",
                c["id"]
            );
            assert_eq!(body.trim_end(), body);
        }
        // The article ends where the first comment starts.
        let (first_start, _) = span(&comments[0]["span"]);
        assert_eq!(span(&doc["article"]["span"]), (0, first_start));
        assert!(input[..first_start].contains("Economic Dependencies"));
    }

    // All five at once, as a directory: five documents, eight comments.
    let out = run(&["summary", "--format", "json", path_str(&dir)], None);
    expect_code(&out, EXIT_OK);
    let s = json(&out);
    assert_eq!(s["documents"], 5);
    assert_eq!(s["comments"], 8);
    assert_eq!(s["participants"], 8);
    assert_eq!(s["first"], "2024-05-17T20:41:00");
    assert_eq!(s["last"], "2024-05-18T00:23:00");
}

#[test]
fn graph_writes_the_reply_and_mention_graphs_by_author_name() {
    let page = fixture("busy-thread.txt");
    let out = run(&["graph", "--format", "json", path_str(&page)], None);
    expect_code(&out, 0);
    let g = json(&out);
    assert_eq!(g["kind"], "reply");
    let edges: Vec<(String, String)> = g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["source"].as_str().unwrap().to_owned(),
                e["target"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    // "Tom, the heating…" and "Thanks Jean Luc, …" (see the contract test).
    assert_eq!(
        edges,
        [
            ("Jean Luc de Vries".to_owned(), "Tom Becker".to_owned()),
            ("Zoë Ångström".to_owned(), "Jean Luc de Vries".to_owned())
        ]
    );
    let out = run(
        &[
            "graph",
            "--kind",
            "mention",
            "--format",
            "csv",
            path_str(&page),
        ],
        None,
    );
    expect_code(&out, 0);
    let rows = common::read_csv(&stdout(&out));
    assert_eq!(
        rows[0],
        [
            "source",
            "target",
            "kind",
            "weight",
            "confidence",
            "first",
            "last"
        ]
    );
    assert!(rows[1..].iter().all(|r| r[2] == "mention"));
    assert_eq!(rows.len(), 3, "two mention edges: {rows:?}");
}

#[test]
fn graph_per_document_writes_one_file_per_input_where_asked() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("graphs");
    let a = fixture("busy-thread.txt");
    let b = fixture("single-comment.txt");
    let out = run(
        &[
            "graph",
            "--per-document",
            "--out-dir",
            path_str(&out_dir),
            "--format",
            "gexf",
            path_str(&a),
            path_str(&b),
        ],
        None,
    );
    expect_code(&out, 0);
    assert!(stdout(&out).is_empty(), "nothing on stdout");
    let mut names: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["busy-thread.gexf", "single-comment.gexf"]);
    let busy = std::fs::read_to_string(out_dir.join("busy-thread.gexf")).unwrap();
    assert!(busy.contains("version=\"1.3\"") && busy.contains("Tom Becker"));
    // Without --out-dir, --per-document is refused.
    let out = run(&["graph", "--per-document", path_str(&a)], None);
    expect_code(&out, 2);
}

/// Files parsed on several threads come out in input order, byte for byte
/// as on one thread, in every output format; a bad file among them is
/// reported and the rest still come out.
#[test]
fn threads_change_nothing_but_the_speed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let dir = tempfile::tempdir().expect("temporary directory");
    fs::write(dir.path().join("000-empty.txt"), b"").expect("write");
    let mut copied = 0;
    for family in fs::read_dir(&root).expect("fixtures") {
        for file in fs::read_dir(family.expect("entry").path()).expect("family") {
            let path = file.expect("entry").path();
            if path.extension().is_some_and(|e| e == "txt") {
                let name = format!(
                    "{}-{}",
                    path.parent()
                        .unwrap()
                        .file_name()
                        .unwrap()
                        .to_string_lossy(),
                    path.file_name().unwrap().to_string_lossy()
                );
                fs::copy(&path, dir.path().join(name)).expect("copy");
                copied += 1;
            }
        }
    }
    assert!(copied >= 45);
    let dir_arg = path_str(dir.path());
    for format in ["json", "jsonl", "csv"] {
        let one = run(
            &["--threads", "1", "parse", "-q", "--format", format, dir_arg],
            None,
        );
        let two = run(
            &["--threads", "2", "parse", "-q", "--format", format, dir_arg],
            None,
        );
        expect_code(&one, EXIT_SOME_FAILED);
        expect_code(&two, EXIT_SOME_FAILED);
        assert!(stderr(&two).contains("000-empty.txt"), "{}", stderr(&two));
        assert!(!one.stdout.is_empty());
        assert!(
            one.stdout == two.stdout,
            "{format}: output differs between 1 and 2 threads"
        );
    }
    // Input order: documents sorted by path, as the directory walk gives them.
    let v = parse_json(&[dir_arg], EXIT_SOME_FAILED);
    let paths: Vec<&str> = documents(&v)
        .iter()
        .map(|d| d["path"].as_str().expect("path"))
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert_eq!(paths.len(), copied);
}

/// A chat export of 320 KB parsed in parts of 16 KiB prints the same
/// JSON Lines, CSV, summary, graphs, report and diagnostics as parsed
/// whole; standard input too.
#[test]
fn parts_change_nothing_but_the_memory() {
    let people = ["Noor Hadid", "Bram", "Celia Ortiz Vega", "Tomasz"];
    let mut text = String::from("a stray line before the first message\n");
    let mut i = 0;
    while text.len() < 320_000 {
        let author = people[(i / 3 + i % 5) % people.len()];
        let body = match i % 6 {
            0 => format!("@{} is the {i} bus late", people[(i + 1) % 4]),
            1 => "Agreed, it was".to_owned(),
            2 => format!("> the {} bus late\nno, early", i - 2),
            3 => format!("{}, look at this", people[i % 3]),
            _ => format!("message {i}\nwith a second line"),
        };
        let date = if i == 2_000 {
            "30/02/2024".to_owned()
        } else {
            format!(
                "{:02}/{:02}/2024",
                1 + (i / 1440) % 28,
                1 + (i / 4_000) % 12
            )
        };
        text.push_str(&format!(
            "{date}, {:02}:{:02} - {author}: {body}\n",
            (i / 60) % 24,
            i % 60
        ));
        i += 1;
    }
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("chat.txt");
    fs::write(&path, &text).expect("write");
    let path = path_str(&path);
    for format in ["jsonl", "csv"] {
        let whole = run(
            &["parse", "--parts", "never", "--format", format, path],
            None,
        );
        let in_parts = |input: &str, stdin: Option<&[u8]>| {
            let args = ["parse", "--parts", "always", "--part-size", "16K"];
            run(&[&args[..], &["--format", format, input]].concat(), stdin)
        };
        let parted = in_parts(path, None);
        let piped = in_parts("-", Some(text.as_bytes()));
        expect_code(&whole, 0);
        expect_code(&parted, 0);
        assert!(stderr(&whole).contains("30/02/2024"), "{}", stderr(&whole));
        assert_eq!(stderr(&whole), stderr(&parted), "{format}");
        assert!(whole.stdout.len() > text.len());
        assert!(whole.stdout == parted.stdout, "{format}: parts differ");
        assert!(
            stdout(&piped) == stdout(&whole).replace(path, "-"),
            "{format}: standard input differs"
        );
    }
    for command in [
        &["summary", "--format", "json"][..],
        &["graph", "--format", "json"],
        &["graph", "--kind", "mention", "--format", "csv"],
    ] {
        let with = |parts: &'static str| {
            let mut args = command.to_vec();
            args.extend(["--parts", parts, "--part-size", "16K", path]);
            run(&args, None)
        };
        let (whole, parted) = (with("never"), with("always"));
        expect_code(&whole, 0);
        assert!(whole.stdout.len() > 200, "{command:?}: {}", stdout(&whole));
        assert!(whole.stdout == parted.stdout, "{command:?}: parts differ");
        assert_eq!(stderr(&whole), stderr(&parted), "{command:?}");
    }
    let drawn = reports_with_and_without_parts(dir.path(), path);
    assert!(drawn.contains("\"reply\""));
}

/// Every file `report --format svg` writes for `input`, with `--parts
/// never` and with `--parts always`: the two must be the same; returns
/// them joined.
fn reports_with_and_without_parts(dir: &Path, input: &str) -> String {
    let drawn: Vec<Vec<(String, Vec<u8>)>> = ["never", "always"]
        .iter()
        .map(|parts| {
            let out = dir.join(format!("report-{parts}"));
            let args = [
                "report",
                "-q",
                "--format",
                "svg",
                "--part-size",
                "16K",
                "--parts",
                parts,
                "--out",
            ];
            let done = run(&[&args[..], &[path_str(&out), input]].concat(), None);
            expect_code(&done, 0);
            let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(&out)
                .expect("report folder")
                .map(|entry| {
                    let path = entry.expect("entry").path();
                    let name = path.file_name().unwrap().to_string_lossy().into_owned();
                    (name, fs::read(&path).expect("report file"))
                })
                .collect();
            files.sort();
            files
        })
        .collect();
    assert!(
        drawn[0].len() >= 5,
        "{:?}",
        drawn[0].iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for (never, always) in drawn[0].iter().zip(&drawn[1]) {
        assert!(
            never == always,
            "report {input}: {} differs with parts",
            never.0
        );
    }
    assert_eq!(drawn[0].len(), drawn[1].len());
    drawn[0]
        .iter()
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .collect()
}

/// A page that cannot be cut comes whole as one part, with its article: a
/// dated page's report still times its comments against the page's date.
#[test]
fn an_uncut_dated_page_reports_the_same_in_parts() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let page =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vbulletin/today-yesterday.txt");
    let drawn = reports_with_and_without_parts(dir.path(), path_str(&page));
    assert!(drawn.contains("\"publication\""), "no publication figures");
}

/// A dated page in the seed's layout, large enough to be cut into parts:
/// each part keeps the page's article, so the report times every comment
/// against the page's date as it does without parts. (The output cannot
/// tell whether the page was cut; `tests/stream.rs`
/// `a_page_comes_in_parts_with_its_article` checks that such a page is.)
#[test]
fn a_cut_dated_page_reports_the_same_in_parts() {
    let people = ["Noor Hadid", "Bram", "Celia Ortiz Vega", "Tomasz"];
    let mut text = String::from(
        "date 2024-05-16 The ferry timetable changes on Monday\nNew Ferry Timetable\n\n",
    );
    let mut i = 0;
    while text.len() < 320_000 {
        let (day, hour, minute) = (16 + i / 1440 % 10, i / 60 % 24, i % 60);
        let body = match i % 4 {
            0 => format!("@{} the {i} boat is gone", people[(i + 1) % 4]),
            1 => "Agreed".to_owned(),
            _ => format!("comment {i}\nwith a second line"),
        };
        text.push_str(&format!(
            "{}\nMay {day}, 2024 AT {hour:02}:{minute:02}{body}\n",
            people[(i / 3 + i % 5) % 4]
        ));
        i += 1;
    }
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("page.txt");
    fs::write(&path, &text).expect("write");
    let path = path_str(&path);
    let with = |parts: &'static str| {
        run(
            &[
                "summary",
                "--format",
                "json",
                "--part-size",
                "16K",
                "--parts",
                parts,
                path,
            ],
            None,
        )
    };
    let (whole, parted) = (with("never"), with("always"));
    expect_code(&whole, 0);
    assert!(
        stdout(&whole).contains("\"name-line-glued\""),
        "{}",
        stdout(&whole)
    );
    assert!(whole.stdout == parted.stdout, "summary: parts differ");
    let drawn = reports_with_and_without_parts(dir.path(), path);
    assert!(drawn.contains("\"publication\""), "no publication figures");
}

/// A reader that stops early (`| head`) closes the pipe: the run ends at
/// once, without an error message and with status 0 — for JSON written by
/// serde (`summary`), JSON Lines written a part at a time, and CSV.
#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let mut text = String::new();
    for i in 0..6000 {
        text.push_str(&format!(
            "01/03/2024, {:02}:{:02} - Reader {i} Quist: message number {i} about the late ferry\n",
            i / 60 % 24,
            i % 60
        ));
    }
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("chat.txt");
    fs::write(&path, &text).expect("write");
    let path = path_str(&path);
    for args in [
        &["summary", "--format", "json", path][..],
        &[
            "parse",
            "--parts",
            "always",
            "--part-size",
            "16K",
            "--format",
            "jsonl",
            path,
        ],
        &["parse", "--format", "csv", path],
    ] {
        // More than the pipe holds, so the writer meets the closed pipe.
        let whole = run(args, None);
        assert!(
            whole.stdout.len() > 256 << 10,
            "{args:?}: {}",
            whole.stdout.len()
        );
        let mut child = Command::new(common::bin())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .stdin(Stdio::null())
            .spawn()
            .expect("the threadscope binary starts");
        let mut stdout = child.stdout.take().expect("stdout is piped");
        let mut first = [0u8; 16];
        stdout.read_exact(&mut first).expect("some output");
        drop(stdout);
        let done = child.wait_with_output().expect("the binary ends");
        assert_eq!(done.status.code(), Some(0), "{args:?}");
        assert_eq!(stderr(&done), "", "{args:?}");
    }
}
