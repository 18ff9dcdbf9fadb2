//! Ticks and labels for the charts' axes: whole counts, dates chosen by the
//! span (minutes, hours, days, months, years), and durations and lengths on
//! log scales labelled in words a person reads (`1 h`, `1 d`), not powers
//! of ten.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime};

pub(crate) const MINUTE: i64 = 60;
pub(crate) const HOUR: i64 = 3600;
pub(crate) const DAY: i64 = 86_400;

/// Evenly spaced whole-number ticks from 0 covering `max`, at most `most`
/// of them, and the axis's top (the last tick, at least `max`).
pub fn count_ticks(max: f64, most: usize) -> (Vec<f64>, f64) {
    let max = max.max(1.0);
    let step = nice_step(max / most.max(2).saturating_sub(1) as f64).max(1.0);
    let top = (max / step).ceil() * step;
    let n = (top / step).round() as usize;
    ((0..=n).map(|i| i as f64 * step).collect(), top)
}

/// The smallest of 1, 2, 2.5, 5 times a power of ten at or above `raw`.
pub fn nice_step(raw: f64) -> f64 {
    if raw <= 0.0 || !raw.is_finite() {
        return 1.0;
    }
    let power = 10f64.powi(raw.log10().floor() as i32);
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|&s| s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * power)
}

/// A count as a short label: `950`, `12,400`, `1.2M`.
pub fn fmt_count(v: f64) -> String {
    let v = v.round();
    if v.abs() >= 1e6 {
        let text = format!("{:.1}M", v / 1e6);
        text.replace(".0M", "M")
    } else if v.abs() >= 1e4 {
        format!("{:.0}k", v / 1e3)
    } else {
        group(v as i64)
    }
}

/// A whole number with thousands separators: `12,345`.
pub fn group(v: i64) -> String {
    let digits = v.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// Seconds since the epoch as a date-time (by the clock the seconds were read in).
pub fn datetime(t: i64) -> NaiveDateTime {
    DateTime::from_timestamp(t, 0)
        .map(|d| d.naive_utc())
        .unwrap_or_default()
}

/// How time ticks are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeFormat {
    /// `20:45`: every tick on one day.
    Clock,
    /// `17 May 20:45`.
    DayClock,
    /// `17 May`.
    Day,
    /// `17 May 2024`.
    DayYear,
    /// `May 2024`.
    Month,
    /// `2024`.
    Year,
}

impl TimeFormat {
    /// `t` written this way.
    pub fn format(self, t: i64) -> String {
        let d = datetime(t);
        let pattern = match self {
            TimeFormat::Clock => "%H:%M",
            TimeFormat::DayClock => "%-d %b %H:%M",
            TimeFormat::Day => "%-d %b",
            TimeFormat::DayYear => "%-d %b %Y",
            TimeFormat::Month => "%b %Y",
            TimeFormat::Year => "%Y",
        };
        d.format(pattern).to_string()
    }
}

/// Tick steps of fixed width in seconds; weeks start on Monday. Also the
/// narrower bucket widths of the charts' time series.
pub(crate) const FIXED_STEPS: [i64; 15] = [
    MINUTE,
    2 * MINUTE,
    5 * MINUTE,
    10 * MINUTE,
    15 * MINUTE,
    30 * MINUTE,
    HOUR,
    2 * HOUR,
    3 * HOUR,
    6 * HOUR,
    12 * HOUR,
    DAY,
    2 * DAY,
    7 * DAY,
    14 * DAY,
];

/// Ticks on whole minutes, hours, days, months or years within `[lo, hi]`
/// (seconds since the epoch), at most `most`, and how to write them.
pub fn time_ticks(lo: i64, hi: i64, most: usize) -> (Vec<i64>, TimeFormat) {
    let span = (hi - lo).max(1);
    let most = most.max(2) as i64;
    let same_day = datetime(lo).date() == datetime(hi).date();
    let same_year = datetime(lo).year() == datetime(hi).year();
    if let Some(&step) = FIXED_STEPS.iter().find(|&&s| span / s < most) {
        let align = if step % (7 * DAY) == 0 { -3 * DAY } else { 0 };
        let first = (lo - align).div_euclid(step) * step + align;
        let ticks: Vec<i64> = (0..)
            .map(|i| first + i * step)
            .skip_while(|&t| t < lo)
            .take_while(|&t| t <= hi)
            .collect();
        let format = if step < DAY {
            if same_day {
                TimeFormat::Clock
            } else {
                TimeFormat::DayClock
            }
        } else if same_year {
            TimeFormat::Day
        } else {
            TimeFormat::DayYear
        };
        return (ticks, format);
    }
    let months = span / (30 * DAY);
    let step_months = [1, 2, 3, 6]
        .into_iter()
        .find(|&m| months / m < most)
        .map(|m| (m, TimeFormat::Month))
        .unwrap_or_else(|| {
            let years = months / 12;
            let y = (0..)
                .map(|i| [1, 2, 5][i % 3] * 10i64.pow((i / 3) as u32))
                .find(|&y| years / y < most)
                .expect("a step that fits");
            (y * 12, TimeFormat::Year)
        });
    let (step, format) = step_months;
    let start = datetime(lo).date();
    let mut month = i64::from(start.year()) * 12 + i64::from(start.month0());
    month = month.div_euclid(step) * step;
    let mut ticks = Vec::new();
    loop {
        let (y, m) = (month.div_euclid(12), month.rem_euclid(12) + 1);
        let Some(t) = i32::try_from(y)
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, m as u32, 1))
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| d.and_utc().timestamp())
        else {
            break;
        };
        if t > hi {
            break;
        }
        if t >= lo {
            ticks.push(t);
        }
        month += step;
    }
    (ticks, format)
}

/// The days `[lo, hi]` cover, as words: `17 May 2024` or `17 May 2024 – 2 Jun 2024`.
pub fn date_range(lo: i64, hi: i64) -> String {
    let (a, b) = (datetime(lo).date(), datetime(hi).date());
    if a == b {
        a.format("%-d %b %Y").to_string()
    } else {
        format!("{} – {}", a.format("%-d %b %Y"), b.format("%-d %b %Y"))
    }
}

/// Durations (seconds) that make good ticks, with their labels; the first
/// of each group are preferred.
const DURATIONS: [(f64, &str); 26] = [
    (1.0, "1 s"),
    (10.0, "10 s"),
    (60.0, "1 min"),
    (600.0, "10 min"),
    (3600.0, "1 h"),
    (21_600.0, "6 h"),
    (86_400.0, "1 d"),
    (604_800.0, "1 wk"),
    (2_592_000.0, "30 d"),
    (31_536_000.0, "1 yr"),
    (315_360_000.0, "10 yr"),
    (2.0, "2 s"),
    (5.0, "5 s"),
    (30.0, "30 s"),
    (120.0, "2 min"),
    (300.0, "5 min"),
    (1800.0, "30 min"),
    (7200.0, "2 h"),
    (10_800.0, "3 h"),
    (43_200.0, "12 h"),
    (172_800.0, "2 d"),
    (259_200.0, "3 d"),
    (1_209_600.0, "2 wk"),
    (7_776_000.0, "90 d"),
    (15_552_000.0, "180 d"),
    (157_680_000.0, "5 yr"),
];

const PREFERRED_DURATIONS: usize = 11;

/// Ticks for a log10-of-seconds axis over `[lo, hi]`, as (position, label).
pub fn duration_ticks(lo: f64, hi: f64) -> Vec<(f64, String)> {
    log_ticks(lo, hi, &DURATIONS, PREFERRED_DURATIONS)
}

/// Word counts that make good ticks on a log axis.
const WORDS: [(f64, &str); 16] = [
    (1.0, "1"),
    (10.0, "10"),
    (100.0, "100"),
    (1000.0, "1,000"),
    (10_000.0, "10,000"),
    (100_000.0, "100,000"),
    (2.0, "2"),
    (5.0, "5"),
    (20.0, "20"),
    (50.0, "50"),
    (200.0, "200"),
    (500.0, "500"),
    (2000.0, "2,000"),
    (5000.0, "5,000"),
    (20_000.0, "20,000"),
    (50_000.0, "50,000"),
];

/// Ticks for a log10-of-words axis over `[lo, hi]`.
pub fn word_ticks(lo: f64, hi: f64) -> Vec<(f64, String)> {
    log_ticks(lo, hi, &WORDS, 6)
}

fn log_ticks(lo: f64, hi: f64, table: &[(f64, &str)], preferred: usize) -> Vec<(f64, String)> {
    let inside = |v: f64| {
        let x = v.log10();
        x >= lo - 1e-9 && x <= hi + 1e-9
    };
    let min_gap = ((hi - lo) / 9.0).max(0.12);
    let mut chosen: Vec<(f64, String)> = Vec::new();
    for (i, &(v, label)) in table.iter().enumerate() {
        if !inside(v) {
            continue;
        }
        let x = v.log10();
        let want = i < preferred || chosen.len() < 4;
        if want && chosen.iter().all(|(c, _)| (c - x).abs() >= min_gap) {
            chosen.push((x, label.to_owned()));
        }
    }
    chosen.sort_by(|a, b| a.0.total_cmp(&b.0));
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_get_whole_ticks() {
        assert_eq!(count_ticks(1.0, 6).0, vec![0.0, 1.0]);
        assert_eq!(count_ticks(7.0, 6), (vec![0.0, 2.0, 4.0, 6.0, 8.0], 8.0));
        let (ticks, top) = count_ticks(12_345.0, 6);
        assert!(ticks.len() <= 7 && top >= 12_345.0);
        assert_eq!(fmt_count(12_345.0), "12k");
        assert_eq!(fmt_count(1234.0), "1,234");
        assert_eq!(fmt_count(2_000_000.0), "2M");
    }

    #[test]
    fn time_ticks_follow_the_span() {
        let lo = NaiveDate::from_ymd_opt(2024, 5, 17)
            .unwrap()
            .and_hms_opt(20, 41, 0)
            .unwrap()
            .and_utc()
            .timestamp();
        let (ticks, format) = time_ticks(lo, lo + 3 * HOUR + 42 * MINUTE, 8);
        assert_eq!(format, TimeFormat::DayClock);
        assert_eq!(TimeFormat::DayClock.format(ticks[0]), "17 May 21:00");
        assert!(ticks.len() <= 8);
        let (ticks, format) = time_ticks(lo, lo + 400 * DAY, 8);
        assert_eq!(format, TimeFormat::Month);
        assert_eq!(TimeFormat::Month.format(ticks[0]), "Jul 2024");
        let (_, format) = time_ticks(lo, lo + 30 * 365 * DAY, 8);
        assert_eq!(format, TimeFormat::Year);
        assert_eq!(date_range(lo, lo + 4 * HOUR), "17 May 2024 – 18 May 2024");
    }

    #[test]
    fn duration_ticks_read_as_durations() {
        let ticks = duration_ticks(60f64.log10(), 3000f64.log10());
        let labels: Vec<&str> = ticks.iter().map(|t| t.1.as_str()).collect();
        assert!(
            labels.contains(&"1 min") && labels.contains(&"10 min"),
            "{labels:?}"
        );
        assert!(labels.len() >= 3);
    }
}

/// A linear `f64` axis from `lo` to `hi` whose ticks (and grid lines) are
/// exactly `ticks`, labelled by the chart's formatter.
#[derive(Debug, Clone)]
pub struct Ticked {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
}

impl Ticked {
    /// An axis over `[lo, hi]` with `ticks` (those outside are dropped).
    pub fn new(lo: f64, hi: f64, ticks: impl IntoIterator<Item = f64>) -> Self {
        let hi = if hi > lo { hi } else { lo + 1.0 };
        Ticked {
            lo,
            hi,
            ticks: ticks
                .into_iter()
                .filter(|t| *t >= lo - 1e-9 && *t <= hi + 1e-9)
                .collect(),
        }
    }
}

impl plotters::coord::ranged1d::Ranged for Ticked {
    type FormatOption = plotters::coord::ranged1d::DefaultFormatting;
    type ValueType = f64;

    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        let share = (v - self.lo) / (self.hi - self.lo);
        let length = f64::from(limit.1 - limit.0);
        if !share.is_finite() {
            return limit.0;
        }
        let offset = length * share;
        limit.0
            + if length >= 0.0 {
                (offset + 1e-3).floor() as i32
            } else {
                (offset - 1e-3).ceil() as i32
            }
    }

    fn key_points<Hint: plotters::coord::ranged1d::KeyPointHint>(&self, _hint: Hint) -> Vec<f64> {
        self.ticks.clone()
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}
