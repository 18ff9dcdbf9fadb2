//! Time each stage of the pipeline on one file: read, detect, parse, link,
//! graph, summary, JSON Lines output.
//!
//! `cargo run --release --example stages -- FILE`

use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: stages FILE");
    let t = Instant::now();
    let bytes = std::fs::read(&path).expect("readable file");
    let (text, _) = threadscope::input::decode(&bytes);
    let read = t.elapsed();
    let parser = threadscope::Parser::new();
    let t = Instant::now();
    let candidates = parser.detect(&text);
    let detect = t.elapsed();
    let t = Instant::now();
    let mut doc = parser.parse(&path, &text);
    let parse = t.elapsed();
    let t = Instant::now();
    threadscope::link::link(&mut doc, &text, threadscope::link::ReplyMode::All);
    let link = t.elapsed();
    let t = Instant::now();
    let mut graphs = threadscope::graph::GraphBuilder::default();
    graphs.add(&doc);
    let graphs = graphs.finish();
    let metrics = (
        graphs.reply.metrics().edges,
        graphs.forest.metrics().longest_chain,
    );
    let graph = t.elapsed();
    let t = Instant::now();
    let summary = threadscope::stats::summarize(std::slice::from_ref(&doc));
    let stats = t.elapsed();
    let t = Instant::now();
    let mut out = Vec::with_capacity(bytes.len() * 2);
    let mut writer = threadscope::export::JsonlWriter::new(&mut out);
    writer.document(&doc).expect("write to memory");
    writer.finish().expect("flush");
    let jsonl = t.elapsed();
    let mb = bytes.len() as f64 / 1e6;
    if std::env::args().any(|a| a == "--each-grammar") {
        for grammar in parser.grammars() {
            let mut one = threadscope::Parser::with_grammars(vec![grammar.clone()]);
            one.force(&grammar.id);
            let t = Instant::now();
            let n = one.parse(&path, &text).comments.len();
            let d = t.elapsed();
            println!(
                "grammar  {:<16} {:8.2} ms {:8.1} MB/s {n} comments",
                grammar.id,
                d.as_secs_f64() * 1e3,
                mb / d.as_secs_f64()
            );
        }
    }
    let rate = |d: std::time::Duration| {
        format!(
            "{:8.1} ms {:8.1} MB/s",
            d.as_secs_f64() * 1e3,
            mb / d.as_secs_f64()
        )
    };
    println!(
        "file     {path}: {mb:.1} MB, {} comments, grammar {:?} ({})",
        doc.comments.len(),
        doc.grammar,
        candidates.len()
    );
    println!("read     {}", rate(read));
    println!("detect   {}", rate(detect));
    println!("parse    {}", rate(parse));
    println!("link     {}", rate(link));
    println!("graph    {}  ({metrics:?})", rate(graph));
    println!(
        "summary  {}  ({} participants)",
        rate(stats),
        summary.participants
    );
    println!("jsonl    {}  ({} bytes)", rate(jsonl), out.len());
}
