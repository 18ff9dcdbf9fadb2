//! Turning captured timestamp fields into dates and times with chrono.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};

use super::lexicon::{am_pm, month_name};
use super::matcher::Captures;
use crate::grammar::{DateOrder, Field};
use crate::model::{Moment, Precision};

/// The timestamp fields of one comment, as numbers, before they are checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StampFields {
    /// A four-digit year, or a two-digit one already widened.
    pub year: Option<i32>,
    /// Month 1–12 (unchecked).
    pub month: Option<u32>,
    /// Day of month (unchecked).
    pub day: Option<u32>,
    /// First number of an ambiguous `a/b` date.
    pub day_or_month: Option<u32>,
    /// Second number of an ambiguous `a/b` date.
    pub month_or_day: Option<u32>,
    /// Hour as written.
    pub hour: Option<u32>,
    /// Minute.
    pub minute: Option<u32>,
    /// Second.
    pub second: Option<u32>,
    /// Milliseconds.
    pub millis: Option<u32>,
    /// `Some(true)` for pm, `Some(false)` for am.
    pub pm: Option<bool>,
    /// An ISO 8601 value, already parsed (or `Err` when it did not parse).
    pub iso: Option<Result<(Moment, Precision), ()>>,
}

impl StampFields {
    /// Whether any timestamp field was captured.
    pub fn is_empty(&self) -> bool {
        *self == StampFields::default()
    }

    /// Read the timestamp fields captured in `line`, adding to `self`.
    pub fn read(&mut self, caps: &Captures, line: &str) {
        let number = |f: Field| {
            caps.text(f, line)
                .and_then(|t| t.trim_end_matches(char::is_alphabetic).parse::<u32>().ok())
        };
        if let Some(y) = number(Field::Year) {
            self.year = Some(y as i32);
        }
        if let Some(yy) = number(Field::Yy) {
            self.year = Some(widen_year(yy));
        }
        if let Some(m) = number(Field::Month) {
            self.month = Some(m);
        }
        if let Some(name) = caps.text(Field::MonthName, line) {
            self.month = month_name(name).map(|(_, m)| m);
        }
        if let Some(d) = number(Field::Day) {
            self.day = Some(d);
        }
        self.day_or_month = number(Field::DayOrMonth).or(self.day_or_month);
        self.month_or_day = number(Field::MonthOrDay).or(self.month_or_day);
        self.hour = number(Field::Hour).or(self.hour);
        self.minute = number(Field::Minute).or(self.minute);
        self.second = number(Field::Second).or(self.second);
        if let Some(fraction) = caps.text(Field::Fraction, line) {
            let digits: String = fraction.chars().chain("000".chars()).take(3).collect();
            self.millis = digits.parse().ok();
        }
        if let Some(marker) = caps.text(Field::AmPm, line) {
            self.pm = am_pm(marker).map(|(_, pm)| pm);
        }
        if let Some(text) = caps.text(Field::Iso, line) {
            self.iso = Some(parse_iso(text).map(|m| (m, iso_precision(text))).ok_or(()));
        }
    }
}

/// A two-digit year: 00–69 are 2000–2069, 70–99 are 1970–1999.
pub fn widen_year(yy: u32) -> i32 {
    if yy < 70 {
        2000 + yy as i32
    } else {
        1900 + yy as i32
    }
}

/// Parse an ISO 8601 date-time or date as `{iso}` recognises it.
pub fn parse_iso(text: &str) -> Option<Moment> {
    let normalised = text.replacen(' ', "T", 1).replace(',', ".");
    if let Ok(dt) = DateTime::parse_from_rfc3339(&normalised) {
        return Some(Moment {
            local: dt.naive_local(),
            offset: Some(*dt.offset()),
        });
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%dT%H:%MZ",
    ] {
        if let Ok(dt) = DateTime::<FixedOffset>::parse_from_str(&normalised, format) {
            return Some(Moment {
                local: dt.naive_local(),
                offset: Some(*dt.offset()),
            });
        }
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(local) = NaiveDateTime::parse_from_str(&normalised, format) {
            return Some(Moment::naive(local));
        }
    }
    NaiveDate::parse_from_str(&normalised, "%Y-%m-%d")
        .ok()
        .map(|d| Moment::naive(d.and_time(NaiveTime::MIN)))
}

/// How precise an ISO 8601 text is: its time part decides.
fn iso_precision(text: &str) -> Precision {
    let Some(time) = text.get(11..) else {
        return Precision::Day;
    };
    if time.contains(['.', ',']) {
        Precision::Subsecond
    } else if time.matches(':').count() >= 2 && time.len() >= 8 && time.as_bytes()[5] == b':' {
        Precision::Second
    } else {
        Precision::Minute
    }
}

/// Which way round ambiguous `a/b` dates read in one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResolvedOrder {
    /// Day, then month.
    DayFirst,
    /// Month, then day.
    MonthFirst,
}

/// Decide the order of ambiguous dates for a whole document, as a person
/// would: a first number over 12 means day-first, a second over 12 means
/// month-first; failing that, the order under which times run forward more
/// often; failing that, day-first.
pub fn decide_order(stamps: &[StampFields], setting: DateOrder) -> ResolvedOrder {
    match setting {
        DateOrder::DayFirst => return ResolvedOrder::DayFirst,
        DateOrder::MonthFirst => return ResolvedOrder::MonthFirst,
        DateOrder::Auto => {}
    }
    let (mut first_big, mut second_big) = (0usize, 0usize);
    for s in stamps {
        if let (Some(a), Some(b)) = (s.day_or_month, s.month_or_day) {
            first_big += usize::from(a > 12);
            second_big += usize::from(b > 12);
        }
    }
    if first_big != second_big {
        return if first_big > second_big {
            ResolvedOrder::DayFirst
        } else {
            ResolvedOrder::MonthFirst
        };
    }
    let backwards = |order: ResolvedOrder| {
        let mut previous: Option<NaiveDateTime> = None;
        let mut steps_back = 0usize;
        for s in stamps {
            if let Ok((m, _)) = resolve(s, order, None) {
                if previous.is_some_and(|p| m.local < p) {
                    steps_back += 1;
                }
                previous = Some(m.local);
            }
        }
        steps_back
    };
    if backwards(ResolvedOrder::MonthFirst) < backwards(ResolvedOrder::DayFirst) {
        ResolvedOrder::MonthFirst
    } else {
        ResolvedOrder::DayFirst
    }
}

/// Build the moment the fields describe, with its precision; `context_year`
/// fills in a missing year. The error says what is wrong, for a diagnostic.
pub fn resolve(
    s: &StampFields,
    order: ResolvedOrder,
    context_year: Option<i32>,
) -> Result<(Moment, Precision), String> {
    if let Some(iso) = s.iso {
        return iso.map_err(|()| "the ISO 8601 date-time is not a real date or time".to_owned());
    }
    let (month, day) = match (s.day_or_month, s.month_or_day) {
        (Some(a), Some(b)) => match order {
            ResolvedOrder::DayFirst => (Some(b), Some(a)),
            ResolvedOrder::MonthFirst => (Some(a), Some(b)),
        },
        _ => (s.month, s.day),
    };
    let year = s
        .year
        .or(context_year)
        .ok_or_else(|| "the date has no year and the page gives none".to_owned())?;
    let month = month.ok_or_else(|| "the date has no month".to_owned())?;
    let day = day.ok_or_else(|| "the date has no day".to_owned())?;
    let date = NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| format!("{year:04}-{month:02}-{day:02} is not a calendar date"))?;
    let Some(hour) = s.hour else {
        return Ok((Moment::naive(date.and_time(NaiveTime::MIN)), Precision::Day));
    };
    let hour = match s.pm {
        None => hour,
        Some(pm) => {
            if !(1..=12).contains(&hour) {
                return Err(format!("hour {hour} does not go with am/pm"));
            }
            match (hour, pm) {
                (12, false) => 0,
                (12, true) => 12,
                (h, false) => h,
                (h, true) => h + 12,
            }
        }
    };
    let minute = s.minute.unwrap_or(0);
    let second = s.second.unwrap_or(0);
    let time = NaiveTime::from_hms_milli_opt(hour, minute, second, s.millis.unwrap_or(0))
        .ok_or_else(|| format!("{hour:02}:{minute:02}:{second:02} is not a time of day"))?;
    let precision = match (s.minute, s.second, s.millis) {
        (_, _, Some(_)) => Precision::Subsecond,
        (_, Some(_), None) => Precision::Second,
        (Some(_), None, None) => Precision::Minute,
        (None, _, _) => Precision::Hour,
    };
    Ok((Moment::naive(date.and_time(time)), precision))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(a: u32, b: u32, year: i32) -> StampFields {
        StampFields {
            day_or_month: Some(a),
            month_or_day: Some(b),
            year: Some(year),
            hour: Some(10),
            minute: Some(0),
            ..Default::default()
        }
    }

    #[test]
    fn twelve_hour_clock() {
        let mut s = StampFields {
            year: Some(2024),
            month: Some(5),
            day: Some(17),
            hour: Some(12),
            minute: Some(5),
            pm: Some(false),
            ..Default::default()
        };
        let (m, p) = resolve(&s, ResolvedOrder::DayFirst, None).unwrap();
        assert_eq!(m.to_string(), "2024-05-17T00:05:00");
        assert_eq!(p, Precision::Minute);
        s.pm = Some(true);
        s.hour = Some(8);
        assert_eq!(
            resolve(&s, ResolvedOrder::DayFirst, None)
                .unwrap()
                .0
                .to_string(),
            "2024-05-17T20:05:00"
        );
        s.hour = Some(20);
        assert!(resolve(&s, ResolvedOrder::DayFirst, None).is_err());
    }

    #[test]
    fn impossible_dates_are_errors_not_guesses() {
        let s = StampFields {
            year: Some(2023),
            month: Some(2),
            day: Some(29),
            ..Default::default()
        };
        let err = resolve(&s, ResolvedOrder::DayFirst, None).unwrap_err();
        assert!(err.contains("2023-02-29"), "{err}");
    }

    #[test]
    fn order_is_decided_by_the_whole_document() {
        // Only the third line settles it: 13 can only be a day.
        let stamps = [fields(1, 2, 2024), fields(3, 4, 2024), fields(13, 4, 2024)];
        assert_eq!(
            decide_order(&stamps, DateOrder::Auto),
            ResolvedOrder::DayFirst
        );
        let stamps = [fields(1, 2, 2024), fields(4, 13, 2024)];
        assert_eq!(
            decide_order(&stamps, DateOrder::Auto),
            ResolvedOrder::MonthFirst
        );
        // Undecided by size: the order under which time runs forward.
        let stamps = [
            fields(1, 2, 2024),
            fields(1, 3, 2024),
            fields(1, 4, 2024),
            fields(2, 1, 2024),
        ];
        assert_eq!(
            decide_order(&stamps, DateOrder::Auto),
            ResolvedOrder::MonthFirst
        );
        assert_eq!(
            decide_order(&stamps, DateOrder::DayFirst),
            ResolvedOrder::DayFirst
        );
    }

    #[test]
    fn iso_forms() {
        assert_eq!(
            parse_iso("2024-05-17T20:41:00Z").unwrap().to_string(),
            "2024-05-17T20:41:00Z"
        );
        assert_eq!(
            parse_iso("2024-05-17 20:41").unwrap().to_string(),
            "2024-05-17T20:41:00"
        );
        assert_eq!(
            parse_iso("2024-05-17T20:41:00+02:00").unwrap().to_string(),
            "2024-05-17T20:41:00+02:00"
        );
        assert!(parse_iso("2024-13-17T20:41").is_none());
        assert_eq!(widen_year(99), 1999);
        assert_eq!(widen_year(24), 2024);
    }
}
