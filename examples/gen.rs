//! Deterministic synthetic corpora for benchmarks.
//!
//! ```sh
//! cargo run --release --example gen -- --format whatsapp --mb 100 --seed 1 --out /tmp/chat.txt
//! cargo run --release --example gen -- --format page --mb 100 --seed 1 --out /tmp/page.txt
//! cargo run --release --example gen -- --format pages --mb 100 --seed 1 --out /tmp/pages/
//! ```
//!
//! `whatsapp` writes one Android export; `page` one article with a huge
//! thread in the seed's layout; `pages` a folder of article pages of 4 to
//! 60 KiB each. Authors have multi-word names (`--authors N` of them),
//! bodies have many lines, some start with `@Name` or `Name,`, and lengths
//! have a long tail. The true counts go to standard error as JSON, so a
//! benchmark can check what the tool parsed.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

const FIRST: &[&str] = &[
    "Ada", "Bram", "Cleo", "Dario", "Elin", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kira",
    "Lior", "Mara", "Niko", "Oona", "Pavel", "Quinn", "Rosa", "Soren", "Tilde", "Umar", "Vera",
    "Wim", "Xenia", "Yusuf", "Zora", "Anouk", "Basil", "Cyra", "Dov", "Esme", "Fenna", "Gil",
    "Hana", "Ivo", "Jana", "Kofi", "Lena", "Milo", "Nadia", "Otto", "Pia", "Rafe", "Saga", "Tomas",
    "Ulla", "Viggo", "Wren", "Yara", "Zeno",
];
const LAST: &[&str] = &[
    "Abbot",
    "Brandt",
    "Castell",
    "Dunmore",
    "Ekberg",
    "Falk",
    "Gorski",
    "Holm",
    "Ibarra",
    "Jansen",
    "Kovac",
    "Lindqvist",
    "Moreau",
    "Novak",
    "Okafor",
    "Petrov",
    "Quist",
    "Ruiz",
    "Sato",
    "Tamm",
    "Ueda",
    "Varga",
    "Weber",
    "Yilmaz",
    "Zeller",
    "Arnaud",
    "Bianchi",
    "Costa",
    "Dahl",
    "Engel",
    "Fischer",
    "Grau",
    "Haas",
    "Iqbal",
    "Jovic",
    "Keller",
    "Lund",
    "Marsh",
    "Nieminen",
    "Ortiz",
    "Pires",
    "Rahman",
    "Strand",
    "Toivonen",
    "Urban",
    "Vidal",
    "Wolff",
    "Young",
    "Zhou",
    "Amara",
];
const MIDDLE: &[&str] = &[
    "", "de", "van", "Maria", "Lou", "Ann", "Jo", "del", "da", "Mae",
];
const WORDS: &[&str] = &[
    "the",
    "council",
    "ferry",
    "bus",
    "fare",
    "winter",
    "route",
    "plan",
    "vote",
    "budget",
    "street",
    "school",
    "library",
    "market",
    "river",
    "bridge",
    "park",
    "station",
    "harbour",
    "people",
    "families",
    "workers",
    "shift",
    "night",
    "morning",
    "week",
    "year",
    "money",
    "tax",
    "rent",
    "price",
    "service",
    "timetable",
    "stop",
    "shelter",
    "light",
    "road",
    "should",
    "could",
    "would",
    "will",
    "never",
    "always",
    "often",
    "really",
    "still",
    "again",
    "already",
    "only",
    "just",
    "more",
    "less",
    "better",
    "worse",
    "cheaper",
    "faster",
    "slower",
    "safer",
    "fair",
    "unfair",
    "clear",
    "simple",
    "hard",
    "easy",
    "late",
    "early",
    "open",
    "closed",
    "new",
    "old",
    "local",
    "public",
    "private",
    "and",
    "but",
    "or",
    "because",
    "so",
    "if",
    "when",
    "while",
    "after",
    "before",
    "since",
    "until",
    "with",
    "without",
    "for",
    "against",
    "about",
    "over",
    "under",
    "from",
    "to",
    "in",
    "on",
    "at",
    "is",
    "was",
    "are",
    "were",
    "has",
    "had",
    "have",
    "pay",
    "pays",
    "paid",
    "run",
    "runs",
    "cut",
    "cuts",
    "raise",
    "raised",
    "agree",
    "disagree",
    "think",
    "know",
    "remember",
    "said",
    "asked",
    "voted",
    "built",
    "closed",
    "opened",
    "moved",
    "waited",
    "walked",
];

/// A small deterministic generator (xorshift64*), so corpora are the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    /// A long-tailed length: most short, a few very long.
    fn words(&mut self) -> usize {
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0 + 1e-6;
        ((4.0 / u.powf(0.7)) as usize).clamp(1, 1500)
    }
}

fn author_name(i: usize) -> String {
    let first = FIRST[i % FIRST.len()];
    let last = LAST[(i / FIRST.len()) % LAST.len()];
    let middle = MIDDLE[(i / (FIRST.len() * LAST.len())) % MIDDLE.len()];
    let round = i / (FIRST.len() * LAST.len() * MIDDLE.len());
    let mut name = if middle.is_empty() {
        format!("{first} {last}")
    } else {
        format!("{first} {middle} {last}")
    };
    if round > 0 {
        name.push_str(&format!(" {}", roman(round)));
    }
    name
}

fn roman(mut n: usize) -> String {
    let table = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut out = String::new();
    for (v, s) in table.iter().cycle().take(5 * 40) {
        while n >= *v {
            out.push_str(s);
            n -= v;
        }
        if n == 0 {
            break;
        }
    }
    if out.is_empty() {
        "I".into()
    } else {
        out
    }
}

/// A body of `n` words in lines of 8 to 30 words, sometimes addressing someone.
fn body(rng: &mut Rng, earlier: Option<&str>) -> String {
    let n = rng.words();
    let mut out = String::new();
    if let Some(name) = earlier {
        if rng.chance(10) {
            out.push_str(&format!("@{name} "));
        } else if rng.chance(10) {
            let first = name.split(' ').next().unwrap_or(name);
            out.push_str(&format!("{first}, "));
        }
    }
    let mut line_words = 0;
    let mut line_len = 8 + rng.below(23);
    for i in 0..n {
        if i == 0 && out.is_empty() {
            let w = WORDS[rng.below(WORDS.len())];
            let mut c = w.chars();
            out.push(c.next().unwrap().to_ascii_uppercase());
            out.push_str(c.as_str());
        } else {
            out.push_str(WORDS[rng.below(WORDS.len())]);
        }
        line_words += 1;
        if i + 1 < n {
            if line_words >= line_len {
                out.push_str(".\n");
                line_len = 8 + rng.below(23);
                let w = WORDS[rng.below(WORDS.len())];
                let mut c = w.chars();
                out.push(c.next().unwrap().to_ascii_uppercase());
                out.push_str(c.as_str());
                out.push(' ');
                line_words = 1;
            } else {
                out.push(' ');
            }
        }
    }
    out.push('.');
    out
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

struct Clock {
    minutes: i64,
}

impl Clock {
    fn tick(&mut self, rng: &mut Rng) {
        self.minutes += 1 + rng.below(30) as i64;
    }
    fn parts(&self) -> (i64, u32, u32, u32, u32) {
        let days = self.minutes / 1440;
        let date =
            chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(days as u64);
        use chrono::Datelike;
        let m = self.minutes % 1440;
        (
            date.year() as i64,
            date.month(),
            date.day(),
            (m / 60) as u32,
            (m % 60) as u32,
        )
    }
}

#[derive(Default)]
struct Counts {
    comments: u64,
    /// Distinct author names (different indices can share a name).
    authors: std::collections::BTreeSet<String>,
    bytes: u64,
    files: u64,
}

fn write_thread(
    out: &mut impl Write,
    rng: &mut Rng,
    clock: &mut Clock,
    authors: usize,
    budget: u64,
    whatsapp: bool,
    counts: &mut Counts,
) -> std::io::Result<u64> {
    let mut written = 0u64;
    let mut recent: Vec<usize> = Vec::new();
    while written < budget {
        let a = rng.below(authors);
        let name = author_name(a);
        let earlier = (!recent.is_empty()).then(|| author_name(recent[rng.below(recent.len())]));
        let text = body(rng, earlier.as_deref().filter(|e| *e != name));
        clock.tick(rng);
        let (y, mo, d, h, mi) = clock.parts();
        let block = if whatsapp {
            format!("{d:02}/{mo:02}/{y}, {h:02}:{mi:02} - {name}: {text}\n")
        } else {
            format!(
                "{name}\n{} {d}, {y} AT {h:02}:{mi:02}{text}\n",
                MONTHS[mo as usize - 1]
            )
        };
        out.write_all(block.as_bytes())?;
        written += block.len() as u64;
        counts.comments += 1;
        counts.authors.insert(name.clone());
        recent.push(a);
        if recent.len() > 20 {
            recent.remove(0);
        }
    }
    Ok(written)
}

fn article(rng: &mut Rng, n: usize) -> String {
    let mut text = String::from("Council Debates the Late Ferry\n");
    for _ in 0..n {
        text.push_str(&body(rng, None).replace('\n', " "));
        text.push('\n');
    }
    text
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let get = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let format = get("--format").unwrap_or_else(|| "whatsapp".into());
    let mb: f64 = get("--mb").and_then(|v| v.parse().ok()).unwrap_or(10.0);
    let seed: u64 = get("--seed").and_then(|v| v.parse().ok()).unwrap_or(1);
    let authors: usize = get("--authors")
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000);
    let out_path = PathBuf::from(
        get("--out").unwrap_or_else(|| format!("/tmp/threadscope-{format}-{mb}mb.txt")),
    );
    let budget = (mb * 1_000_000.0) as u64;
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut clock = Clock { minutes: 0 };
    let mut counts = Counts::default();
    match format.as_str() {
        "whatsapp" | "page" => {
            let mut out = BufWriter::with_capacity(1 << 20, fs::File::create(&out_path)?);
            let mut written = 0;
            if format == "page" {
                let a = article(&mut rng, 12);
                out.write_all(a.as_bytes())?;
                written += a.len() as u64;
            }
            written += write_thread(
                &mut out,
                &mut rng,
                &mut clock,
                authors,
                budget.saturating_sub(written),
                format == "whatsapp",
                &mut counts,
            )?;
            out.flush()?;
            counts.bytes = written;
            counts.files = 1;
        }
        "pages" => {
            fs::create_dir_all(&out_path)?;
            let mut i = 0;
            while counts.bytes < budget {
                let path = out_path.join(format!("page-{i:06}.txt"));
                let mut out = BufWriter::new(fs::File::create(path)?);
                let paragraphs = 3 + rng.below(10);
                let a = article(&mut rng, paragraphs);
                out.write_all(a.as_bytes())?;
                let size = 4_000 + rng.below(56_000) as u64;
                let written = write_thread(
                    &mut out,
                    &mut rng,
                    &mut clock,
                    authors,
                    size,
                    false,
                    &mut counts,
                )?;
                out.flush()?;
                counts.bytes += a.len() as u64 + written;
                counts.files += 1;
                i += 1;
            }
        }
        other => {
            eprintln!("gen: unknown --format {other:?}: use whatsapp, page or pages");
            std::process::exit(2);
        }
    }
    eprintln!(
        "{{\"path\": {:?}, \"format\": {:?}, \"files\": {}, \"bytes\": {}, \"comments\": {}, \"authors\": {}}}",
        out_path.display().to_string(),
        format,
        counts.files,
        counts.bytes,
        counts.comments,
        counts.authors.len()
    );
    Ok(())
}
