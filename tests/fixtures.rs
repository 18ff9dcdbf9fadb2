//! Walks every fixture of every grammar: `tests/fixtures/<grammar-id>/<name>.txt`
//! (or any other extension) with `<name>.expected.json` beside it.
//!
//! For each fixture: detection picks the expected grammar (or none), the
//! comments are exactly the expected ones (author, timestamp, timestamp text,
//! body), the title matches when given, and the segments tile the input.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use threadscope::{Grammar, Parser};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    /// The grammar detection must choose; null when the page has no thread.
    grammar: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    published: Option<String>,
    comments: Vec<ExpectedComment>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedComment {
    author: Option<String>,
    timestamp: Option<String>,
    #[serde(default)]
    timestamp_text: Option<String>,
    body: String,
    #[serde(default)]
    parent: Option<String>,
}

fn fixtures() -> Vec<(PathBuf, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for dir in fs::read_dir(&root).expect("tests/fixtures exists") {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for file in fs::read_dir(&dir).unwrap() {
            let file = file.unwrap().path();
            let name = file.file_name().unwrap().to_str().unwrap().to_owned();
            if name.ends_with(".expected.json") || name.starts_with('.') || name.ends_with(".md") {
                continue;
            }
            let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
            let expected = dir.join(format!("{stem}.expected.json"));
            assert!(
                expected.exists(),
                "{} has no {}",
                file.display(),
                expected.display()
            );
            out.push((file, expected));
        }
    }
    out.sort();
    out
}

fn check(parser: &Parser, file: &Path, expected_path: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let expected: Expected = serde_json::from_str(&fs::read_to_string(expected_path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
    let _ = &expected.note;
    let bytes = fs::read(file).unwrap();
    let (text, _) = threadscope::input::decode(&bytes);
    let doc = parser.parse(&file.display().to_string(), &text);
    common::assert_tiles(&doc, &text);
    let name = file.display();
    if doc.grammar != expected.grammar {
        problems.push(format!(
            "{name}: grammar {:?}, expected {:?}",
            doc.grammar, expected.grammar
        ));
    }
    if let Some(title) = &expected.title {
        if doc.article.title.as_deref() != Some(title.as_str()) {
            problems.push(format!(
                "{name}: title {:?}, expected {title:?}",
                doc.article.title
            ));
        }
    }
    if let Some(published) = &expected.published {
        if doc.article.published.map(|d| d.to_string()).as_deref() != Some(published.as_str()) {
            problems.push(format!(
                "{name}: published {:?}, expected {published:?}",
                doc.article.published
            ));
        }
    }
    if doc.comments.len() != expected.comments.len() {
        problems.push(format!(
            "{name}: {} comments, expected {}: got authors {:?}",
            doc.comments.len(),
            expected.comments.len(),
            doc.comments
                .iter()
                .map(|c| c.author.as_deref())
                .collect::<Vec<_>>()
        ));
    }
    for (i, (got, want)) in doc.comments.iter().zip(&expected.comments).enumerate() {
        let n = i + 1;
        if got.author.as_deref() != want.author.as_deref() {
            problems.push(format!(
                "{name} #{n}: author {:?}, expected {:?}",
                got.author, want.author
            ));
        }
        let ts = got.timestamp.map(|t| t.to_string());
        if ts != want.timestamp {
            problems.push(format!(
                "{name} #{n}: timestamp {ts:?}, expected {:?}",
                want.timestamp
            ));
        }
        if let Some(text) = &want.timestamp_text {
            if got.timestamp_text.as_deref() != Some(text.as_str()) {
                problems.push(format!(
                    "{name} #{n}: timestamp_text {:?}, expected {text:?}",
                    got.timestamp_text
                ));
            }
        }
        if got.body != want.body {
            problems.push(format!(
                "{name} #{n}: body {:?}, expected {:?}",
                got.body, want.body
            ));
        }
        if want.parent.is_some() && got.parent != want.parent {
            problems.push(format!(
                "{name} #{n}: parent {:?}, expected {:?}",
                got.parent, want.parent
            ));
        }
    }
    problems
}

#[test]
fn every_fixture_of_every_grammar() {
    let parser = Parser::new();
    let all = fixtures();
    assert!(!all.is_empty());
    let problems: Vec<String> = all.iter().flat_map(|(f, e)| check(&parser, f, e)).collect();
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_builtin_grammar_has_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for grammar in Grammar::builtins() {
        let dir = root.join(&grammar.id);
        let count = fs::read_dir(&dir)
            .map(|d| {
                d.filter_map(Result::ok)
                    .filter(|e| e.file_name().to_string_lossy().ends_with(".expected.json"))
                    .count()
            })
            .unwrap_or(0);
        assert!(
            count >= 3,
            "grammar {} has {count} fixtures in {}; it needs at least 3",
            grammar.id,
            dir.display()
        );
    }
}
