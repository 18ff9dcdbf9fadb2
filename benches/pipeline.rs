//! Criterion benchmarks for each stage: detection, parsing (named grammar
//! and auto-detected), parsing and linking whole or in parts, linking,
//! graph building, statistics, rendering.
//!
//! `cargo bench --bench pipeline` (figures in BENCHMARKS.md). The inputs are
//! generated in memory, deterministically, in the seed's page layout and
//! the WhatsApp layout.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use threadscope::graph::GraphBuilder;
use threadscope::link::{link, ReplyMode};
use threadscope::stats::SummaryBuilder;
use threadscope::{Grammar, Parser};

/// A deterministic thread of about `bytes` bytes in the seed layout or WhatsApp layout.
fn thread(bytes: usize, whatsapp: bool) -> String {
    let first = [
        "Ada", "Bram", "Cleo", "Dario", "Elin", "Farid", "Greta", "Hugo", "Ines", "Jonas",
    ];
    let last = [
        "Abbot", "Brandt", "Castell", "Dunmore", "Ekberg", "Falk", "Gorski", "Holm",
    ];
    let words = [
        "the", "ferry", "fare", "should", "run", "late", "because", "workers", "need", "it", "and",
        "council", "voted",
    ];
    let mut text = String::from("Council Debates the Late Ferry\nThe council met on Tuesday.\n");
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut minute = 0u32;
    while text.len() < bytes {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let name = format!(
            "{} {}",
            first[(state % 10) as usize],
            last[((state >> 8) % 8) as usize]
        );
        let n = 5 + (state >> 16) as usize % 60;
        let body: Vec<&str> = (0..n)
            .map(|i| words[(i * 7 + (state >> 24) as usize) % words.len()])
            .collect();
        minute += 1 + (state >> 32) as u32 % 20;
        let (day, hour, min) = (1 + minute / 1440 % 28, minute / 60 % 24, minute % 60);
        if whatsapp {
            text.push_str(&format!(
                "{day:02}/05/2024, {hour:02}:{min:02} - {name}: {}\n",
                body.join(" ")
            ));
        } else {
            text.push_str(&format!(
                "{name}\nMay {day}, 2024 AT {hour:02}:{min:02}{}\n",
                body.join(" ")
            ));
        }
    }
    text
}

fn bench_parse(c: &mut Criterion) {
    for (label, whatsapp, grammar) in [
        ("page", false, "name-line-glued"),
        ("whatsapp", true, "whatsapp"),
    ] {
        let text = thread(4 << 20, whatsapp);
        let mut group = c.benchmark_group(format!("parse-{label}"));
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.sample_size(10);
        let auto = Parser::new();
        group.bench_function("detect", |b| b.iter(|| auto.detect(&text)));
        group.bench_function("auto", |b| {
            b.iter(|| auto.parse("bench", &text).comments.len())
        });
        let mut named = Parser::with_grammars(Grammar::builtins());
        named.force(grammar);
        group.bench_function("named", |b| {
            b.iter(|| named.parse("bench", &text).comments.len())
        });
        group.finish();
    }
    // Many small pages: detection runs once per page.
    let pages: Vec<String> = (0..64).map(|i| thread(8_000 + i * 300, false)).collect();
    let total: usize = pages.iter().map(String::len).sum();
    let mut group = c.benchmark_group("parse-small-pages");
    group.throughput(Throughput::Bytes(total as u64));
    let auto = Parser::new();
    group.bench_function("auto", |b| {
        b.iter(|| {
            pages
                .iter()
                .map(|p| auto.parse("p", p).comments.len())
                .sum::<usize>()
        })
    });
    let mut named = Parser::new();
    named.force("name-line-glued");
    group.bench_function("named", |b| {
        b.iter(|| {
            pages
                .iter()
                .map(|p| named.parse("p", p).comments.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

/// Parse and link a chat export whole, or a part of 256 KiB at a time
/// (in memory, as `threadscope::stream` does): the price of the second
/// run of the line engine.
fn bench_parts(c: &mut Criterion) {
    let text = thread(4 << 20, true);
    let parser = Parser::new();
    let mut group = c.benchmark_group("parse-and-link-whatsapp");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function("whole", |b| {
        b.iter(|| {
            let mut document = parser.parse("bench", &text);
            link(&mut document, &text, ReplyMode::All);
            document.comments.len()
        })
    });
    group.bench_function("parts", |b| {
        b.iter(|| {
            let mut comments = 0;
            threadscope::stream::parse_and_link_in_parts(
                &parser,
                "bench",
                &text,
                ReplyMode::All,
                256 << 10,
                |part| {
                    comments += part.comments.len();
                    Ok::<(), std::convert::Infallible>(())
                },
            )
            .map(|_| comments)
        })
    });
    group.finish();
}

fn bench_link_graph_stats(c: &mut Criterion) {
    let text = thread(4 << 20, false);
    let parser = Parser::new();
    let parsed = parser.parse("bench", &text);
    let mut group = c.benchmark_group("after-parse");
    group.throughput(Throughput::Elements(parsed.comments.len() as u64));
    group.sample_size(10);
    group.bench_function("link", |b| {
        b.iter_batched(
            || parsed.clone(),
            |mut d| link(&mut d, &text, ReplyMode::All),
            BatchSize::LargeInput,
        )
    });
    let mut linked = parsed.clone();
    link(&mut linked, &text, ReplyMode::All);
    group.bench_function("graph", |b| {
        b.iter(|| {
            let mut g = GraphBuilder::default();
            g.add(&linked);
            let graphs = g.finish();
            (
                graphs.reply.metrics().edges,
                graphs.forest.metrics().longest_chain,
            )
        })
    });
    group.bench_function("stats", |b| {
        b.iter(|| {
            let mut s = SummaryBuilder::default();
            s.add(&linked);
            s.finish().comments
        })
    });
    group.finish();
}

/// Rendering: the report data from 25,000 linked comments, then every chart
/// as SVG and as RGB pixels (PNG without the file).
fn bench_render(c: &mut Criterion) {
    use threadscope::render::{render_rgb, render_svg, Chart, ReportBuilder};
    let text = thread(4 << 20, false);
    let mut linked = Parser::new().parse("bench", &text);
    link(&mut linked, &text, ReplyMode::All);
    let mut graphs = GraphBuilder::default();
    graphs.add(&linked);
    let graphs = graphs.finish();
    let mut group = c.benchmark_group("render");
    group.sample_size(10);
    group.bench_function("report-data", |b| {
        b.iter(|| {
            let mut report = ReportBuilder::default();
            report.add(&linked);
            report.finish(&graphs)
        })
    });
    let mut report = ReportBuilder::default();
    report.add(&linked);
    let data = report.finish(&graphs);
    group.throughput(Throughput::Elements(Chart::ALL.len() as u64));
    group.bench_function("all-charts-svg", |b| {
        b.iter(|| {
            Chart::ALL
                .iter()
                .map(|&chart| render_svg(chart, &data).expect("renders").0.len())
                .sum::<usize>()
        })
    });
    group.bench_function("all-charts-pixels", |b| {
        b.iter(|| {
            Chart::ALL
                .iter()
                .map(|&chart| render_rgb(chart, &data).expect("renders").0.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(
    benches,
    bench_parse,
    bench_parts,
    bench_link_graph_stats,
    bench_render
);
criterion_main!(benches);
