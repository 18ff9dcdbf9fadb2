//! `threadscope report` and the render module: charts drawn as SVG text and
//! PNG pixels, the one-file HTML report, hostile input, determinism, and
//! degenerate inputs (one comment, no timestamps, all in one minute, a
//! hundred thousand comments).
//!
//! Documents are built in code (or parsed from pages written here) and every
//! file goes into a temporary directory, never into `output/`. Set
//! `THREADSCOPE_TEST_CHARTS=DIR` to also get the PNGs of the degenerate
//! cases in DIR, to look at them.

mod common;

use std::borrow::Cow;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use chrono::{NaiveDate, NaiveDateTime};
use threadscope::graph::GraphBuilder;
use threadscope::model::{Comment, Document, Moment, Span};
use threadscope::render::{self, html, Chart, Figure, ReportBuilder, ReportFile};
use threadscope::stats::SummaryBuilder;

fn at(day: u32, hour: u32, minute: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, 5, day)
        .unwrap()
        .and_hms_opt(hour, minute, 0)
        .unwrap()
}

/// A comment `c{i}` by `author` at `time` answering `c{parent}`.
fn comment(
    i: usize,
    author: Option<&str>,
    time: Option<NaiveDateTime>,
    body: &str,
    parent: Option<usize>,
) -> Comment<'static> {
    Comment {
        id: format!("c{i}"),
        author: author.map(|a| Cow::Owned(a.to_owned())),
        timestamp: time.map(Moment::naive),
        timestamp_text: None,
        timestamp_precision: None,
        body: Cow::Owned(body.to_owned()),
        span: Span::new(0, 0),
        body_span: Span::new(0, 0),
        line: i + 1,
        parent: parent.map(|p| format!("c{p}")),
        parent_evidence: None,
        mentions: Vec::new(),
    }
}

fn document(path: &str, comments: Vec<Comment<'static>>) -> Document<'static> {
    Document {
        path: path.to_owned(),
        bytes: 0,
        grammar: Some("test".to_owned()),
        confidence: 1.0,
        article: Default::default(),
        segments: Vec::new(),
        comments,
        diagnostics: Vec::new(),
    }
}

/// The report file of `docs`, as `threadscope report` makes it.
fn report_of(name: &str, docs: &[Document<'_>]) -> ReportFile {
    let mut summary = SummaryBuilder::default();
    let mut graphs = GraphBuilder::default();
    let mut report = ReportBuilder::default();
    for d in docs {
        summary.add(d);
        graphs.add(d);
        report.add(d);
    }
    let graphs = graphs.finish();
    let data = report.finish(&graphs);
    ReportFile::new(name, summary.finish(), &graphs, data)
}

/// Every chart as SVG, and the HTML page.
fn render_all(file: &ReportFile) -> (Vec<(Figure, String)>, String) {
    let charts: Vec<(Figure, String)> = Chart::ALL
        .iter()
        .map(|&c| {
            let (svg, figure) = render::render_svg(c, &file.report).expect("the chart draws");
            assert_eq!(figure.chart, c);
            (figure, svg)
        })
        .collect();
    let page = html::html(file, &charts);
    (charts, page)
}

fn chart(charts: &[(Figure, String)], c: Chart) -> &(Figure, String) {
    charts.iter().find(|(f, _)| f.chart == c).unwrap()
}

/// Optionally keep the PNGs of a case for a person to look at.
fn keep_pngs(case: &str, file: &ReportFile) {
    if let Ok(dir) = std::env::var("THREADSCOPE_TEST_CHARTS") {
        let dir = Path::new(&dir).join(case);
        fs::create_dir_all(&dir).unwrap();
        for c in Chart::ALL {
            render::save_png(c, &file.report, &dir.join(format!("{}.png", c.name()))).unwrap();
        }
    }
}

fn harbour() -> ReportFile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/pages/harbour-ferry.txt");
    let text = fs::read_to_string(&path).unwrap();
    let mut doc = threadscope::parse("harbour-ferry.txt", &text);
    threadscope::link::link(&mut doc, &text, threadscope::link::ReplyMode::All);
    report_of("harbour-ferry", &[doc])
}

#[test]
fn svg_charts_carry_titles_axis_labels_units_and_counts() {
    let file = harbour();
    let data = &file.report;
    // The page: 14 comments from 14 May 19:02 to 15 May 23:58, 7 reply edges.
    assert_eq!((data.comments, data.timestamped), (14, 14));
    let (charts, _) = render_all(&file);
    let (f, svg) = chart(&charts, Chart::Timeline);
    assert!(svg.contains("Comments over time"));
    assert!(
        svg.contains("comments per 3 hours"),
        "bucket chosen from a 29-hour span"
    );
    assert!(svg.contains("running total of comments"));
    assert!(svg.contains("time (clock as written), 14 May 2024 – 16 May 2024"));
    assert!(svg.contains("15 May 00:00"), "dates on the time axis");
    assert!(f
        .caption
        .starts_with("14 timestamped comments counted per 3 hours"));
    let total: u64 = data.timeline.as_ref().unwrap().counts.iter().sum();
    assert_eq!(total, 14);

    let (f, svg) = chart(&charts, Chart::ResponseTimes);
    assert!(svg.contains("Response times"));
    assert!(svg.contains("time from a comment to a reply to it (log scale)"));
    assert!(svg.contains("number of replies"));
    assert!(
        svg.contains("1 h") && svg.contains("30 min"),
        "durations read as durations"
    );
    assert!(f.caption.contains("over 7 reply edges"), "{}", f.caption);
    assert!(
        f.caption.contains("median 24m 0s, 90% within 8h 24m"),
        "{}",
        f.caption
    );

    let (f, svg) = chart(&charts, Chart::Heatmap);
    assert!(svg.contains("hour of day (clock as written)") && svg.contains("weekday"));
    assert!(
        svg.contains("\nTue\n") && svg.contains("\nWed\n"),
        "weekday names"
    );
    // 19:02, 19:20 and 19:41 on Tuesday 14 May.
    assert!(
        f.caption
            .contains("The busiest hour is Tue 19:00–19:59 with 3 comments"),
        "{}",
        f.caption
    );

    let (_, svg) = chart(&charts, Chart::AuthorActivity);
    assert!(
        svg.contains("Priya Raman (3)"),
        "most active first, with counts"
    );

    let (f, svg) = chart(&charts, Chart::LengthHistogram);
    assert!(svg.contains("length in words") && svg.contains("number of comments"));
    assert!(f.caption.contains("of 14 comments"));

    let (_, svg) = chart(&charts, Chart::AuthorLengths);
    assert!(svg.contains("words per comment") && svg.contains("Tom Okafor (2)"));

    let (f, svg) = chart(&charts, Chart::Network);
    assert!(svg.contains("Who replies to and mentions whom"));
    assert!(svg.contains("Priya Raman (3)"));
    assert!(
        f.caption.contains("7 replies") && f.caption.contains("6 mentions"),
        "{}",
        f.caption
    );

    let (f, _) = chart(&charts, Chart::PublicationDelay);
    assert!(
        !f.drawn
            && f.caption
                .contains("No article in the input gives a publication date")
    );
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG signature");
    assert_eq!(&bytes[12..16], b"IHDR");
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

#[test]
fn pngs_have_the_chart_size_and_are_not_blank() {
    let file = harbour();
    let dir = tempfile::tempdir().unwrap();
    for c in Chart::ALL {
        let (pixels, _) = render::render_rgb(c, &file.report).unwrap();
        let (w, h) = c.size();
        assert_eq!(pixels.len(), (w * h * 3) as usize);
        let inked = pixels.chunks(3).filter(|p| p != &[255, 255, 255]).count();
        let share = inked as f64 / (w * h) as f64;
        assert!(
            share > 0.01 && share < 0.9,
            "{}: {share:.3} of pixels inked",
            c.name()
        );
        let mut colours: Vec<&[u8]> = pixels.chunks(3).collect();
        colours.sort_unstable();
        colours.dedup();
        assert!(
            colours.len() > 20,
            "{}: text is antialiased, bars coloured",
            c.name()
        );
        let path = dir.path().join(format!("{}.png", c.name()));
        render::save_png(c, &file.report, &path).unwrap();
        assert_eq!(png_size(&fs::read(&path).unwrap()), (w, h));
    }
}

#[test]
fn hostile_names_bodies_and_paths_are_shown_only_escaped() {
    let evil = "<script>alert(1)</script>";
    let docs = vec![document(
        "<b>page</b>\".txt",
        vec![
            comment(
                1,
                Some(evil),
                Some(at(1, 10, 0)),
                "<img src=x onerror=alert(2)> hi",
                None,
            ),
            comment(
                2,
                Some("Bo & \"Co\""),
                Some(at(1, 10, 5)),
                "</figure><script>x</script>",
                Some(1),
            ),
            comment(
                3,
                Some(evil),
                Some(at(1, 11, 0)),
                "again <svg onload=alert(3)>",
                Some(2),
            ),
        ],
    )];
    let mut file = report_of("evil", &docs);
    file.summary.per_document[0].title = Some("</title><script>alert(4)</script>".into());
    let (charts, page) = render_all(&file);
    for (figure, svg) in &charts {
        assert!(!svg.contains("<script"), "{}", figure.chart.name());
        assert!(!svg.contains("<img") && !svg.contains("<b>"));
    }
    let activity = &chart(&charts, Chart::AuthorActivity).1;
    // Cut to 24 characters, and escaped by plotters' SVG backend.
    assert!(
        activity.contains("&lt;script&gt;alert(1)&lt;/scrip… (2)"),
        "{activity}"
    );
    let network = &chart(&charts, Chart::Network).1;
    assert!(network.contains("Bo &amp; &quot;Co&quot; (1)"));
    assert!(!page.contains("<script"), "no script at all in the page");
    assert!(!page.contains("<img") && !page.contains("<b>") && !page.contains("onload=alert"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("&lt;/title&gt;&lt;script&gt;alert(4)&lt;/script&gt;"));
    assert!(page.contains("&lt;b&gt;page&lt;/b&gt;&quot;.txt"));
    // One self-contained file: nothing fetched. The only URL is the SVG
    // namespace, which is a name, not a link.
    assert_eq!(
        page.matches("http").count(),
        page.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
    );
    assert!(!page.contains("https://") && !page.contains("<link") && !page.contains("src="));
}

#[test]
fn names_the_font_cannot_draw_are_replaced_and_counted() {
    let docs = vec![document(
        "names.txt",
        vec![
            comment(1, Some("李小龙"), Some(at(2, 9, 0)), "one two", None),
            comment(2, Some("Ana 🎉"), Some(at(2, 9, 30)), "three", Some(1)),
            comment(
                3,
                Some("Ольга Σμίθ"),
                Some(at(2, 10, 0)),
                "four five six",
                Some(2),
            ),
        ],
    )];
    let file = report_of("names", &docs);
    let (charts, page) = render_all(&file);
    for c in [Chart::AuthorActivity, Chart::AuthorLengths, Chart::Network] {
        let (f, svg) = chart(&charts, c);
        assert!(
            svg.contains("??? (1)") && svg.contains("Ana ? (1)"),
            "{}",
            c.name()
        );
        assert!(
            svg.contains("Ольга Σμίθ (1)"),
            "Cyrillic and Greek are drawn"
        );
        assert_eq!(f.replaced_labels, 2);
        assert!(f
            .caption
            .contains("2 names have characters the embedded font cannot draw"));
    }
    // The HTML is drawn by the browser's fonts: names stay as written.
    assert!(page.contains("李小龙") && page.contains("Ana 🎉"));
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let first = harbour();
    let second = harbour();
    let json = serde_json::to_string_pretty(&first).unwrap();
    assert_eq!(json, serde_json::to_string_pretty(&second).unwrap());
    let (a, page_a) = render_all(&first);
    let (b, page_b) = render_all(&second);
    for ((fa, sa), (fb, sb)) in a.iter().zip(&b) {
        assert_eq!(fa, fb);
        assert_eq!(sa, sb, "{} SVG", fa.chart.name());
    }
    assert_eq!(page_a, page_b);
    // And through summary.json: what --from draws.
    let back: ReportFile = serde_json::from_str(&json).unwrap();
    assert_eq!(serde_json::to_string_pretty(&back).unwrap(), json);
}

#[test]
fn one_comment_still_gives_every_chart() {
    let file = report_of(
        "one",
        &[document(
            "one.txt",
            vec![comment(
                1,
                Some("Ana"),
                Some(at(3, 12, 0)),
                "Just me.",
                None,
            )],
        )],
    );
    keep_pngs("one-comment", &file);
    let (charts, page) = render_all(&file);
    let (f, svg) = chart(&charts, Chart::Timeline);
    assert!(f.drawn && svg.contains("comments per 1 minute"));
    assert!(f.caption.starts_with("1 timestamped comment counted"));
    let (f, _) = chart(&charts, Chart::ResponseTimes);
    assert!(
        !f.drawn && f.caption.contains("no delay to measure"),
        "{}",
        f.caption
    );
    assert!(chart(&charts, Chart::Network).0.drawn);
    assert!(chart(&charts, Chart::LengthHistogram)
        .1
        .contains("median 2 words"));
    assert!(page.contains("<figure id=\"chart-timeline\">"));
    for c in Chart::ALL {
        render::render_rgb(c, &file.report).unwrap();
    }
}

#[test]
fn without_timestamps_timing_charts_are_notes_saying_why() {
    let comments = (0..6)
        .map(|i| {
            comment(
                i,
                Some(["Ana", "Bo", "Cy"][i % 3]),
                None,
                "a few words here",
                i.checked_sub(1),
            )
        })
        .collect();
    let file = report_of("untimed", &[document("untimed.txt", comments)]);
    keep_pngs("no-timestamps", &file);
    assert!(file.report.timeline.is_none());
    let (charts, page) = render_all(&file);
    for (figure, svg) in &charts {
        if figure.chart.is_timing() {
            assert!(!figure.drawn, "{}", figure.chart.name());
            if figure.chart != Chart::PublicationDelay {
                assert!(
                    figure
                        .caption
                        .contains("None of the 6 comments has a timestamp"),
                    "{}: {}",
                    figure.chart.name(),
                    figure.caption
                );
                assert!(svg.contains("None of the 6 comments has a timestamp"));
            }
        } else {
            assert!(figure.drawn, "{}", figure.chart.name());
        }
    }
    assert!(page.contains("<p class=\"note\">None of the 6 comments has a timestamp"));
    assert!(page.contains("none of them with a readable timestamp"));
}

#[test]
fn all_comments_in_one_minute() {
    let comments = (0..30)
        .map(|i| {
            comment(
                i,
                Some(["Ana", "Bo", "Cy", "Di"][i % 4]),
                Some(at(4, 8, 15)),
                "same minute",
                (i > 0).then(|| i - 1),
            )
        })
        .collect();
    let file = report_of("minute", &[document("minute.txt", comments)]);
    keep_pngs("one-minute", &file);
    let t = file.report.timeline.as_ref().unwrap();
    assert_eq!((t.bucket_seconds, t.counts.clone()), (60, vec![30]));
    let (charts, _) = render_all(&file);
    let (f, svg) = chart(&charts, Chart::Timeline);
    assert!(
        f.caption
            .contains("All of them fall within one minute (4 May 2024 08:15)"),
        "{}",
        f.caption
    );
    assert!(svg.contains("08:15"));
    let (f, svg) = chart(&charts, Chart::ResponseTimes);
    assert!(
        f.drawn && f.caption.contains("29 delays of 0 seconds"),
        "{}",
        f.caption
    );
    assert!(svg.contains("\n0 s\n"), "zero has a bar of its own");
}

#[test]
fn gaps_stand_in_for_response_times_when_nothing_replies() {
    let comments = (0..5)
        .map(|i| {
            comment(
                i,
                Some(["Ana", "Bo"][i % 2]),
                Some(at(5, 9, 10 * i as u32)),
                "x",
                None,
            )
        })
        .collect();
    let file = report_of("gaps", &[document("gaps.txt", comments)]);
    let (svg, f) = render::render_svg(Chart::ResponseTimes, &file.report).unwrap();
    assert_eq!(f.title, "Gaps between consecutive comments");
    assert!(f.caption.starts_with("No reply edge has times on both ends (0 reply edges found), so this shows instead the gaps"), "{}", f.caption);
    assert!(f.caption.contains("4 gaps") && f.caption.contains("median 10m 0s"));
    assert!(svg.contains("gap to the next comment (log scale)"));
}

#[test]
fn publication_delay_when_the_article_has_a_date() {
    let mut doc = document(
        "dated.txt",
        vec![
            comment(1, Some("Ana"), Some(at(6, 9, 0)), "early", None),
            comment(2, Some("Bo"), Some(at(7, 21, 30)), "late", None),
            comment(3, Some("Cy"), Some(at(2, 8, 0)), "before it was out", None),
        ],
    );
    doc.article.published = NaiveDate::from_ymd_opt(2024, 5, 6);
    let file = report_of("dated", &[doc]);
    let p = &file.report.publication;
    assert_eq!(
        (p.documents_with_date, p.comments, p.delays.negative),
        (1, 3, 1)
    );
    let (svg, f) = render::render_svg(Chart::PublicationDelay, &file.report).unwrap();
    assert!(f.drawn);
    assert!(
        f.caption
            .contains("to each of 2 comments in 1 dated document"),
        "{}",
        f.caption
    );
    assert!(f
        .caption
        .contains("1 comment timed before the publication date is left out"));
    assert!(svg.contains("time since the publication date (log scale)"));
}

#[test]
fn a_hundred_thousand_comments_are_binned() {
    let names: Vec<String> = (0..400).map(|k| format!("reader{k:03}")).collect();
    let long = "word ".repeat(3000);
    let start = at(1, 0, 0);
    let mut docs = Vec::new();
    for d in 0..10 {
        let comments = (0..10_000)
            .map(|i| {
                let n = d * 10_000 + i;
                let author = &names[(n * n + 7 * n) % 97 + (n % 3) * 100];
                let words = 1 + (n * 7919) % 60;
                let body = if n % 997 == 0 {
                    long.clone()
                } else {
                    "word ".repeat(words)
                };
                let time = start + chrono::Duration::seconds((n as i64) * 41);
                comment(
                    i,
                    Some(author),
                    Some(time),
                    &body,
                    (i % 3 != 0).then(|| i - 1),
                )
            })
            .collect();
        docs.push(document(&format!("doc{d}.txt"), comments));
    }
    let begin = std::time::Instant::now();
    let file = report_of("big", &docs);
    let built = begin.elapsed();
    keep_pngs("hundred-thousand", &file);
    let r = &file.report;
    assert_eq!(r.comments, 100_000);
    let t = r.timeline.as_ref().unwrap();
    assert!(t.counts.len() <= 120, "{} buckets", t.counts.len());
    assert_eq!(t.counts.iter().sum::<u64>(), 100_000);
    assert_eq!(r.length_sample.points.len(), render::data::SAMPLE_CAP);
    assert_eq!(r.length_sample.of, 100_000);
    assert!(
        r.lengths.long_tail(),
        "3,000-word comments among ~30-word ones"
    );
    assert!(r.network.nodes.len() <= render::network::NETWORK_CAP);
    let json = serde_json::to_string(&r).unwrap();
    assert!(json.len() < 400_000, "report data is {} bytes", json.len());
    let begin = std::time::Instant::now();
    let (charts, page) = render_all(&file);
    let drawn = begin.elapsed();
    for (f, svg) in &charts {
        assert_eq!(
            f.drawn,
            f.chart != Chart::PublicationDelay,
            "{}",
            f.chart.name()
        );
        assert!(
            svg.len() < 600_000,
            "{}: {} bytes of SVG",
            f.chart.name(),
            svg.len()
        );
    }
    let (f, _) = chart(&charts, Chart::LengthOverTime);
    assert!(
        f.caption
            .contains("a fixed sample of 2,000 of the 100,000 timestamped comments"),
        "{}",
        f.caption
    );
    let (f, _) = chart(&charts, Chart::Network);
    assert!(
        f.caption.contains("Only 40 of 147 authors are drawn"),
        "{}",
        f.caption
    );
    assert!(!r.network.edges.is_empty(), "the strongest links are drawn");
    let (f, _) = chart(&charts, Chart::LengthHistogram);
    assert!(f.caption.contains("log scale"));
    assert!(page.len() < 3_000_000);
    eprintln!("100,000 comments: aggregated in {built:?}, 9 SVGs + HTML in {drawn:?}");
}

// The command line.

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(common::bin())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

const PAGE: &str = "\
Harbour Fees Rise Again
The council met on Tuesday.
Ada Quill
March 3, 2024 AT 09:15Thanks for writing this up.
Bram Oster
March 3, 2024 AT 10:02Ada, I disagree with the second point.
Cleo Park
March 3, 2024 AT 11:40Adding to that, the fees were raised last year too.
";

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn report_writes_charts_summary_and_html_only_where_asked() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("fees.txt"), PAGE).unwrap();
    // No --out: output/<file stem>/ under the current directory.
    let out = run(tmp.path(), &["report", "fees.txt"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(files(tmp.path()), vec!["fees.txt", "output"]);
    assert_eq!(files(&tmp.path().join("output")), vec!["fees"]);
    let dir = tmp.path().join("output/fees");
    let mut want: Vec<String> = Chart::ALL
        .iter()
        .flat_map(|c| [format!("{}.png", c.name()), format!("{}.svg", c.name())])
        .collect();
    want.extend(["index.html".to_owned(), "summary.json".to_owned()]);
    want.sort();
    assert_eq!(files(&dir), want);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "output/fees/index.html"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join("summary.json")).unwrap()).unwrap();
    assert_eq!(json["report_version"], 1);
    assert_eq!(json["name"], "fees");
    assert_eq!(
        json["comments"], 3,
        "the summary's figures at the top level"
    );
    assert_eq!(json["graph"]["reply"]["total_weight"], 2);
    assert_eq!(
        json["report"]["timeline"]["counts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .sum::<u64>(),
        3
    );
    let page = fs::read_to_string(dir.join("index.html")).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert_eq!(
        page.matches("<svg ").count(),
        9 - 1,
        "every chart inline but the publication note"
    );
    assert!(page.contains("Harbour Fees Rise Again") && page.contains("Most active threads"));
    assert!(page.contains("Ada Quill"));
    let svg = fs::read_to_string(dir.join("timeline.svg")).unwrap();
    assert!(
        page.contains(&svg.trim()["<svg ".len()..]),
        "the page inlines the very SVG files"
    );

    // Again into a named directory, SVG only; then --from draws the same bytes.
    let a = tmp.path().join("a");
    let out = run(
        tmp.path(),
        &["report", "fees.txt", "--out", "a", "--format", "svg"],
    );
    assert!(out.status.success());
    assert!(files(&a).iter().all(|f| !f.ends_with(".png")));
    let b = tmp.path().join("b");
    let out = run(
        tmp.path(),
        &[
            "report",
            "--from",
            "a/summary.json",
            "--out",
            "b",
            "--format",
            "svg",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(files(&a), files(&b));
    for f in files(&a) {
        assert_eq!(
            fs::read(a.join(&f)).unwrap(),
            fs::read(b.join(&f)).unwrap(),
            "{f}"
        );
    }
    // Run twice: the same bytes.
    let out = run(
        tmp.path(),
        &["report", "fees.txt", "--out", "a2", "--format", "svg"],
    );
    assert!(out.status.success());
    for f in files(&a) {
        assert_eq!(
            fs::read(a.join(&f)).unwrap(),
            fs::read(tmp.path().join("a2").join(&f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn report_usage_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(tmp.path(), &["report"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--from"));
    fs::write(tmp.path().join("x.txt"), PAGE).unwrap();
    let out = run(tmp.path(), &["report", "x.txt", "--from", "s.json"]);
    assert_eq!(out.status.code(), Some(2), "PATH and --from conflict");
    let out = run(
        tmp.path(),
        &["report", "--from", "missing.json", "--out", "o"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.json"));
    assert_eq!(
        files(tmp.path()),
        vec!["x.txt"],
        "nothing written on errors"
    );
}
