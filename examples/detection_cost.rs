//! What auto-detection costs on a directory of pages: parse every page with
//! detection and with a named grammar, nine times each, alternating, and
//! print the best times and the share of the named throughput kept.
//!
//! `cargo run --release --example detection_cost -- DIR [GRAMMAR]`
//! (GRAMMAR defaults to `name-line-glued`, the format of the generated pages).
//!
//! With `ONLY=auto` or `ONLY=named` in the environment it parses the pages
//! 200 times one way only and prints the comment count: a steady load to
//! run under a profiler, for comparing the two ways.

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: detection_cost DIR [GRAMMAR]");
    let grammar = args.next().unwrap_or_else(|| "name-line-glued".to_owned());
    let mut texts = vec![];
    for entry in std::fs::read_dir(&dir).expect("readable directory") {
        let bytes = std::fs::read(entry.expect("entry").path()).expect("readable file");
        texts.push(threadscope::input::decode(&bytes).0.into_owned());
    }
    let auto = threadscope::Parser::new();
    let mut named = threadscope::Parser::new();
    assert!(named.force(&grammar), "no grammar {grammar}");
    let (mut best_a, mut best_n) = (f64::MAX, f64::MAX);
    let mut ratios = vec![];
    if let Ok(mode) = std::env::var("ONLY") {
        let parser = if mode == "auto" { &auto } else { &named };
        let mut n = 0;
        for _ in 0..200 {
            n += texts
                .iter()
                .map(|p| parser.parse("p", p).comments.len())
                .sum::<usize>();
        }
        println!("{n}");
        return;
    }
    for _ in 0..9 {
        let t = Instant::now();
        let a: usize = texts
            .iter()
            .map(|p| auto.parse("p", p).comments.len())
            .sum();
        let da = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let n: usize = texts
            .iter()
            .map(|p| named.parse("p", p).comments.len())
            .sum();
        let dn = t.elapsed().as_secs_f64();
        assert_eq!(a, n);
        best_a = best_a.min(da);
        best_n = best_n.min(dn);
        ratios.push(dn / da);
    }
    ratios.sort_by(f64::total_cmp);
    let mb = texts.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    println!(
        "{} pages, {mb:.1} MB: auto best {:.1} ms ({:.1} MB/s), named best {:.1} ms ({:.1} MB/s); auto keeps {:.0}% (best times), {:.0}% (median of paired runs)",
        texts.len(),
        best_a * 1e3,
        mb / best_a,
        best_n * 1e3,
        mb / best_n,
        100.0 * best_n / best_a,
        100.0 * ratios[4]
    );
}
