//! Turning captured timestamp fields into dates and times with chrono.

use chrono::{DateTime, Days, FixedOffset, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

use super::lexicon::{am_pm, month_name};
use super::matcher::Captures;
use super::relative::{relative, Relative, Unit};
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
    /// A relative time (`3 hours ago`, `yesterday`).
    pub relative: Option<Relative>,
    /// Dates written the same way (same layout, same separator) share a
    /// group, and a group reads ambiguous dates one way.
    pub order_group: u32,
    /// The date set by the last date line (IRC `Day changed`), for
    /// timestamps that give only a time.
    pub context_date: Option<NaiveDate>,
}

impl StampFields {
    /// Whether any timestamp field was captured.
    pub fn is_empty(&self) -> bool {
        StampFields {
            order_group: 0,
            context_date: None,
            ..*self
        } == StampFields::default()
    }

    /// Read the timestamp fields captured in `line`, adding to `self`.
    pub fn read(&mut self, caps: &Captures, line: &str) {
        let number = |f: Field| caps.text(f, line).and_then(leading_number);
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
        if let Some(text) = caps.text(Field::Ago, line) {
            self.relative = relative(text).map(|(_, r)| r);
        }
        if let Some(text) = caps.text(Field::Iso, line) {
            self.iso = Some(parse_iso(text).map(|m| (m, iso_precision(text))).ok_or(()));
        }
    }
}

/// The number a numeric capture writes, less a letter suffix (`17th`).
fn leading_number(text: &str) -> Option<u32> {
    let bytes = text.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if (1..=9).contains(&digits) && bytes[digits..].iter().all(u8::is_ascii_alphabetic) {
        // Up to nine digits fit a u32; an ASCII suffix is what `trim_end_matches` drops.
        let value = bytes[..digits]
            .iter()
            .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
        return Some(value);
    }
    text.trim_end_matches(char::is_alphabetic)
        .parse::<u32>()
        .ok()
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

/// Decide the order of ambiguous dates for each group of a document, as a
/// person would: in each group of dates written the same way, a first number
/// over 12 means day-first, a second over 12 means month-first; failing
/// that, the order under which times run forward more often; failing that,
/// day-first. Returns (group, order) pairs.
pub fn decide_orders<'s>(
    stamps: impl Iterator<Item = &'s StampFields> + Clone,
    setting: DateOrder,
) -> Vec<(u32, ResolvedOrder)> {
    let mut groups: Vec<u32> = stamps
        .clone()
        .filter(|s| s.day_or_month.is_some())
        .map(|s| s.order_group)
        .collect();
    groups.sort_unstable();
    groups.dedup();
    groups
        .into_iter()
        .map(|g| {
            let members = stamps.clone().filter(move |s| s.order_group == g);
            (g, decide_order(members, setting))
        })
        .collect()
}

/// The order for one group of dates written the same way.
pub fn decide_order<'s>(
    stamps: impl Iterator<Item = &'s StampFields> + Clone,
    setting: DateOrder,
) -> ResolvedOrder {
    match setting {
        DateOrder::DayFirst => return ResolvedOrder::DayFirst,
        DateOrder::MonthFirst => return ResolvedOrder::MonthFirst,
        DateOrder::Auto => {}
    }
    let (mut first_big, mut second_big) = (0usize, 0usize);
    for s in stamps.clone() {
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
        let context = Context {
            year: Some(2000),
            ..Context::default()
        };
        for s in stamps.clone() {
            if let Ok((m, _)) = resolve(s, order, &context) {
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

/// [`decide_orders`] for stamps seen one at a time, in input order (a text
/// read a part at a time): the same answer, without holding the stamps.
#[derive(Debug, Clone)]
pub struct OrderTally {
    setting: DateOrder,
    groups: Vec<GroupTally>,
}

/// What one group of dates has shown so far.
#[derive(Debug, Clone)]
struct GroupTally {
    group: u32,
    /// Whether a stamp of the group is an ambiguous `a/b` date.
    ambiguous: bool,
    first_big: usize,
    second_big: usize,
    month_first: StepsBack,
    day_first: StepsBack,
}

/// How often times ran backwards, read one way round.
#[derive(Debug, Clone, Default)]
struct StepsBack {
    previous: Option<NaiveDateTime>,
    steps: usize,
}

impl StepsBack {
    fn add(&mut self, stamp: &StampFields, order: ResolvedOrder) {
        let context = Context {
            year: Some(2000),
            ..Context::default()
        };
        if let Ok((m, _)) = resolve(stamp, order, &context) {
            if self.previous.is_some_and(|p| m.local < p) {
                self.steps += 1;
            }
            self.previous = Some(m.local);
        }
    }
}

impl OrderTally {
    /// A tally for a grammar whose date order is `setting`.
    pub fn new(setting: DateOrder) -> Self {
        OrderTally {
            setting,
            groups: Vec::new(),
        }
    }

    /// Count the next stamp.
    pub fn add(&mut self, stamp: &StampFields) {
        let at = match self
            .groups
            .iter()
            .position(|g| g.group == stamp.order_group)
        {
            Some(at) => at,
            None => {
                self.groups.push(GroupTally {
                    group: stamp.order_group,
                    ambiguous: false,
                    first_big: 0,
                    second_big: 0,
                    month_first: StepsBack::default(),
                    day_first: StepsBack::default(),
                });
                self.groups.len() - 1
            }
        };
        let group = &mut self.groups[at];
        group.ambiguous |= stamp.day_or_month.is_some();
        if self.setting != DateOrder::Auto {
            return;
        }
        if let (Some(a), Some(b)) = (stamp.day_or_month, stamp.month_or_day) {
            group.first_big += usize::from(a > 12);
            group.second_big += usize::from(b > 12);
        }
        group.month_first.add(stamp, ResolvedOrder::MonthFirst);
        group.day_first.add(stamp, ResolvedOrder::DayFirst);
    }

    /// The (group, order) pairs [`decide_orders`] gives for the stamps
    /// counted.
    pub fn decide(&self) -> Vec<(u32, ResolvedOrder)> {
        let mut orders: Vec<(u32, ResolvedOrder)> = self
            .groups
            .iter()
            .filter(|g| g.ambiguous)
            .map(|g| (g.group, self.order_of(g)))
            .collect();
        orders.sort_unstable_by_key(|&(group, _)| group);
        orders
    }

    fn order_of(&self, group: &GroupTally) -> ResolvedOrder {
        match self.setting {
            DateOrder::DayFirst => ResolvedOrder::DayFirst,
            DateOrder::MonthFirst => ResolvedOrder::MonthFirst,
            DateOrder::Auto if group.first_big > group.second_big => ResolvedOrder::DayFirst,
            DateOrder::Auto if group.first_big < group.second_big => ResolvedOrder::MonthFirst,
            DateOrder::Auto if group.month_first.steps < group.day_first.steps => {
                ResolvedOrder::MonthFirst
            }
            DateOrder::Auto => ResolvedOrder::DayFirst,
        }
    }
}

/// What a timestamp is read against.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context {
    /// Year for dates written without one.
    pub year: Option<i32>,
    /// The reference point of relative times (`--now`, or the page's date).
    pub now: Option<NaiveDateTime>,
    /// Whether `now` is only a day (the page's date), not a moment.
    pub now_is_day: bool,
}

/// Why a timestamp has no value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    /// For a person.
    pub reason: String,
    /// The precision the text has, when it is known.
    pub precision: Option<Precision>,
}

impl From<String> for Unresolved {
    fn from(reason: String) -> Self {
        Unresolved {
            reason,
            precision: None,
        }
    }
}

fn unit_precision(unit: Unit) -> Precision {
    match unit {
        Unit::Second => Precision::Second,
        Unit::Minute => Precision::Minute,
        Unit::Hour => Precision::Hour,
        Unit::Day | Unit::Week => Precision::Day,
        Unit::Month => Precision::Month,
        Unit::Year => Precision::Year,
    }
}

/// A relative time against the context's reference point.
fn resolve_relative(
    s: &StampFields,
    r: Relative,
    context: &Context,
) -> Result<(Moment, Precision), Unresolved> {
    let mut precision = unit_precision(r.unit);
    if r.unit == Unit::Day && s.hour.is_some() {
        precision = Precision::Minute;
    }
    let Some(now) = context.now else {
        return Err(Unresolved {
            reason: "a relative time with nothing to count back from; pass --now".into(),
            precision: Some(precision),
        });
    };
    let n = i64::from(r.amount);
    let shifted = match r.unit {
        Unit::Second => now.checked_sub_signed(TimeDelta::seconds(n)),
        Unit::Minute => now.checked_sub_signed(TimeDelta::minutes(n)),
        Unit::Hour => now.checked_sub_signed(TimeDelta::hours(n)),
        Unit::Day => now.checked_sub_days(Days::new(r.amount.into())),
        Unit::Week => now.checked_sub_days(Days::new(u64::from(r.amount) * 7)),
        Unit::Month => now.checked_sub_months(Months::new(r.amount)),
        Unit::Year => now.checked_sub_months(Months::new(r.amount.saturating_mul(12))),
    }
    .ok_or_else(|| Unresolved::from("the relative time reaches outside the calendar".to_owned()))?;
    let local = match (r.unit, s.hour) {
        (Unit::Day, Some(_)) => {
            let time = time_of_day(s)?;
            shifted.date().and_time(time)
        }
        (Unit::Day | Unit::Week, None) => shifted.date().and_time(NaiveTime::MIN),
        _ => shifted,
    };
    // Against a page's date (a day, not a moment), `3 hours ago` can only
    // be placed on that day: the page was captured some time during it.
    if context.now_is_day
        && precision > Precision::Day
        && !(r.unit == Unit::Day && s.hour.is_some())
    {
        let local = if matches!(r.unit, Unit::Second | Unit::Minute | Unit::Hour) {
            now.date().and_time(NaiveTime::MIN)
        } else {
            local
        };
        precision = Precision::Day;
        return Ok((Moment::naive(local), precision));
    }
    Ok((Moment::naive(local), precision))
}

/// The time of day the fields give.
fn time_of_day(s: &StampFields) -> Result<NaiveTime, String> {
    let hour = s.hour.unwrap_or(0);
    let hour = match s.pm {
        None => hour,
        Some(pm) => {
            // Some locales write midnight as `00:08 a. m.`: hour 0 is 12.
            if hour > 12 {
                return Err(format!("hour {hour} does not go with am/pm"));
            }
            match (hour, pm) {
                (0 | 12, false) => 0,
                (0 | 12, true) => 12,
                (h, false) => h,
                (h, true) => h + 12,
            }
        }
    };
    let minute = s.minute.unwrap_or(0);
    let second = s.second.unwrap_or(0);
    NaiveTime::from_hms_milli_opt(hour, minute, second, s.millis.unwrap_or(0))
        .ok_or_else(|| format!("{hour:02}:{minute:02}:{second:02} is not a time of day"))
}

/// Build the moment the fields describe, with its precision. The error
/// says what is wrong, for a diagnostic.
pub fn resolve(
    s: &StampFields,
    order: ResolvedOrder,
    context: &Context,
) -> Result<(Moment, Precision), Unresolved> {
    if let Some(iso) = s.iso {
        return iso.map_err(|()| {
            Unresolved::from("the ISO 8601 date-time is not a real date or time".to_owned())
        });
    }
    if let Some(r) = s.relative {
        return resolve_relative(s, r, context);
    }
    if is_time_only(s) && s.context_date.is_none() {
        return Err(Unresolved {
            reason: "a time of day with no date, and no date line before it".into(),
            precision: Some(Precision::Minute),
        });
    }
    let (month, day) = match (s.day_or_month, s.month_or_day) {
        (Some(a), Some(b)) => match order {
            ResolvedOrder::DayFirst => (Some(b), Some(a)),
            ResolvedOrder::MonthFirst => (Some(a), Some(b)),
        },
        _ => (s.month, s.day),
    };
    let date = match (month, day, s.context_date) {
        (None, None, Some(date)) if s.year.is_none() => date,
        _ => {
            let year = s
                .year
                .or(s.context_date.map(|d| chrono::Datelike::year(&d)))
                .or(context.year)
                .ok_or_else(|| Unresolved {
                    reason: "the date has no year and the page gives none; pass --year".into(),
                    precision: Some(Precision::Day),
                })?;
            // A year alone (`— Ana, 2019`) or a month and year is a real, if
            // coarse, time: the first instant of it, with that precision.
            if s.hour.is_none() && day.is_none() {
                let (first, precision) = match month {
                    None => (NaiveDate::from_ymd_opt(year, 1, 1), Precision::Year),
                    Some(m) => (NaiveDate::from_ymd_opt(year, m, 1), Precision::Month),
                };
                let first = first.ok_or_else(|| {
                    format!(
                        "{year:04}-{:02} is not a calendar month",
                        month.unwrap_or(1)
                    )
                })?;
                return Ok((Moment::naive(first.and_time(NaiveTime::MIN)), precision));
            }
            let month = month.ok_or_else(|| "the date has no month".to_owned())?;
            let day = day.ok_or_else(|| "the date has no day".to_owned())?;
            NaiveDate::from_ymd_opt(year, month, day)
                .ok_or_else(|| format!("{year:04}-{month:02}-{day:02} is not a calendar date"))?
        }
    };
    if s.hour.is_none() {
        return Ok((Moment::naive(date.and_time(NaiveTime::MIN)), Precision::Day));
    }
    let time = time_of_day(s)?;
    let precision = match (s.minute, s.second, s.millis) {
        (_, _, Some(_)) => Precision::Subsecond,
        (_, Some(_), None) => Precision::Second,
        (Some(_), None, None) => Precision::Minute,
        (None, _, _) => Precision::Hour,
    };
    Ok((Moment::naive(date.and_time(time)), precision))
}

/// Whether the timestamp gives only a time of day, its date coming from a date line.
pub fn is_time_only(s: &StampFields) -> bool {
    s.iso.is_none()
        && s.relative.is_none()
        && s.month.is_none()
        && s.day.is_none()
        && s.day_or_month.is_none()
        && s.hour.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The quick reading of a numeric capture is the careful one
        /// (suffix trimmed, then parsed) for digits, suffixes, signs,
        /// overlong numbers and letters that are not ASCII.
        #[test]
        fn leading_number_is_trim_then_parse(text in "[+]?[0-9]{0,11}(th|st|ºe|é|x1)?") {
            let careful = text.trim_end_matches(char::is_alphabetic).parse::<u32>().ok();
            proptest::prop_assert_eq!(leading_number(&text), careful);
        }
    }

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
        let (m, p) = resolve(&s, ResolvedOrder::DayFirst, &Context::default()).unwrap();
        assert_eq!(m.to_string(), "2024-05-17T00:05:00");
        assert_eq!(p, Precision::Minute);
        s.pm = Some(true);
        s.hour = Some(8);
        assert_eq!(
            resolve(&s, ResolvedOrder::DayFirst, &Context::default())
                .unwrap()
                .0
                .to_string(),
            "2024-05-17T20:05:00"
        );
        s.hour = Some(20);
        assert!(resolve(&s, ResolvedOrder::DayFirst, &Context::default()).is_err());
    }

    #[test]
    fn impossible_dates_are_errors_not_guesses() {
        let s = StampFields {
            year: Some(2023),
            month: Some(2),
            day: Some(29),
            ..Default::default()
        };
        let err = resolve(&s, ResolvedOrder::DayFirst, &Context::default()).unwrap_err();
        assert!(err.reason.contains("2023-02-29"), "{err:?}");
    }

    #[test]
    fn order_is_decided_by_the_whole_document() {
        // Only the third line settles it: 13 can only be a day.
        let stamps = [fields(1, 2, 2024), fields(3, 4, 2024), fields(13, 4, 2024)];
        assert_eq!(
            decide_order(stamps.iter(), DateOrder::Auto),
            ResolvedOrder::DayFirst
        );
        let stamps = [fields(1, 2, 2024), fields(4, 13, 2024)];
        assert_eq!(
            decide_order(stamps.iter(), DateOrder::Auto),
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
            decide_order(stamps.iter(), DateOrder::Auto),
            ResolvedOrder::MonthFirst
        );
        assert_eq!(
            decide_order(stamps.iter(), DateOrder::DayFirst),
            ResolvedOrder::DayFirst
        );
    }

    /// The tally, fed one stamp at a time, decides as `decide_orders` does
    /// on the whole list: by size, by times running forward, with groups
    /// that never hold an ambiguous date left out, for every setting.
    #[test]
    fn a_tally_decides_as_the_whole_list_does() {
        let mut unambiguous = fields(5, 6, 2024);
        unambiguous.day_or_month = None;
        unambiguous.month_or_day = None;
        unambiguous.month = Some(6);
        unambiguous.day = Some(5);
        let in_group = |mut s: StampFields, group: u32| {
            s.order_group = group;
            s
        };
        let lists: Vec<Vec<StampFields>> = vec![
            vec![fields(1, 2, 2024), fields(3, 4, 2024), fields(13, 4, 2024)],
            vec![fields(1, 2, 2024), fields(4, 13, 2024)],
            vec![
                fields(1, 2, 2024),
                fields(1, 3, 2024),
                fields(1, 4, 2024),
                fields(2, 1, 2024),
            ],
            vec![fields(2, 1, 2024), fields(3, 1, 2024), fields(4, 1, 2024)],
            vec![
                in_group(fields(1, 2, 2024), 2),
                in_group(unambiguous, 7),
                in_group(fields(4, 13, 2024), 1),
                in_group(fields(1, 3, 2024), 2),
                in_group(unambiguous, 2),
                in_group(fields(14, 1, 2024), 1),
                in_group(fields(1, 1, 2024), 2),
            ],
            Vec::new(),
        ];
        for setting in [DateOrder::Auto, DateOrder::DayFirst, DateOrder::MonthFirst] {
            for list in &lists {
                let mut tally = OrderTally::new(setting);
                for stamp in list {
                    tally.add(stamp);
                }
                assert_eq!(
                    tally.decide(),
                    decide_orders(list.iter(), setting),
                    "{setting:?} {list:?}"
                );
            }
        }
        // The lists do tell the orders apart.
        let mut month_first = OrderTally::new(DateOrder::Auto);
        for stamp in &lists[2] {
            month_first.add(stamp);
        }
        assert_eq!(month_first.decide(), vec![(0, ResolvedOrder::MonthFirst)]);
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

#[cfg(test)]
mod relative_tests {
    use super::*;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .unwrap()
            .and_hms_opt(h, mi, 0)
            .unwrap()
    }

    #[test]
    fn relative_times_count_back_from_now() {
        let context = Context {
            now: Some(at(2024, 5, 17, 20, 41)),
            ..Context::default()
        };
        let three_hours = StampFields {
            relative: Some(Relative {
                amount: 3,
                unit: Unit::Hour,
            }),
            ..Default::default()
        };
        let (m, p) = resolve(&three_hours, ResolvedOrder::DayFirst, &context).unwrap();
        assert_eq!(m.local, at(2024, 5, 17, 17, 41));
        assert_eq!(p, Precision::Hour);
        let yesterday_evening = StampFields {
            relative: Some(Relative {
                amount: 1,
                unit: Unit::Day,
            }),
            hour: Some(8),
            minute: Some(41),
            pm: Some(true),
            ..Default::default()
        };
        let (m, p) = resolve(&yesterday_evening, ResolvedOrder::DayFirst, &context).unwrap();
        assert_eq!(m.local, at(2024, 5, 16, 20, 41));
        assert_eq!(p, Precision::Minute);
    }

    #[test]
    fn relative_times_without_reference_keep_their_precision() {
        let years = StampFields {
            relative: Some(Relative {
                amount: 3,
                unit: Unit::Year,
            }),
            ..Default::default()
        };
        let err = resolve(&years, ResolvedOrder::DayFirst, &Context::default()).unwrap_err();
        assert_eq!(err.precision, Some(Precision::Year));
        assert!(err.reason.contains("--now"));
    }

    #[test]
    fn time_only_stamps_take_the_context_date() {
        let s = StampFields {
            hour: Some(20),
            minute: Some(41),
            context_date: NaiveDate::from_ymd_opt(2024, 5, 17),
            ..Default::default()
        };
        assert!(is_time_only(&s));
        let (m, _) = resolve(&s, ResolvedOrder::DayFirst, &Context::default()).unwrap();
        assert_eq!(m.local, at(2024, 5, 17, 20, 41));
        let no_date = StampFields {
            context_date: None,
            ..s
        };
        assert!(resolve(&no_date, ResolvedOrder::DayFirst, &Context::default()).is_err());
    }

    #[test]
    fn groups_decide_their_own_order() {
        let mut a = StampFields {
            day_or_month: Some(6),
            month_or_day: Some(13),
            year: Some(2018),
            order_group: 1,
            ..Default::default()
        };
        let b = StampFields {
            day_or_month: Some(3),
            month_or_day: Some(6),
            year: Some(2018),
            order_group: 2,
            ..Default::default()
        };
        let orders = decide_orders([a, b].iter(), DateOrder::Auto);
        assert_eq!(
            orders,
            vec![(1, ResolvedOrder::MonthFirst), (2, ResolvedOrder::DayFirst)]
        );
        a.order_group = 2;
        // In one group, the 13 decides for both.
        let orders = decide_orders([a, b].iter(), DateOrder::Auto);
        assert_eq!(orders, vec![(2, ResolvedOrder::MonthFirst)]);
    }
}
