//! Timing charts: comments over time, weekday × hour, response times,
//! delay from publication, and the most active authors over time.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::{count_ticks, date_range, duration_ticks, fmt_count, time_ticks, Ticked};
use super::data::{DelaySource, Delays, LogHistogram, ReportData};
use super::font::Labels;
use super::{
    author_labels, authors_shown, clock, frame, no_times_note, note, plural, text, Chart,
    DrawError, DrawResult, Figure, BLUE, DESC_SIZE, GRID, INK, LABEL_SIZE, MUTED, ORANGE, RED,
};
use crate::stats::human_duration;

/// The least height of a bar with a count, as a share of the axis, so one
/// comment among thousands still shows.
pub(crate) const MIN_BAR: f64 = 0.006;

/// Buckets shown at the least, so one bucket is not a wall of colour.
const MIN_VISIBLE_BUCKETS: i64 = 12;

/// The x range of `buckets` buckets from `start`, widened to show at least
/// [`MIN_VISIBLE_BUCKETS`] and with room on both sides, so no mark touches
/// an axis.
pub(crate) fn time_range(start: i64, buckets: i64, bucket: i64) -> (i64, i64) {
    let missing = (MIN_VISIBLE_BUCKETS - buckets).max(0);
    let before = missing / 2;
    let (lo, hi) = (
        start - before * bucket,
        start + (buckets + missing - before) * bucket,
    );
    let pad = (bucket / 2).max((hi - lo) / 50);
    (lo - pad, hi + pad)
}

/// Comments per bucket, and their running total.
pub fn timeline<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ReportData,
) -> DrawResult {
    let title = "Comments over time";
    let Some(t) = &data.timeline else {
        return note(area, Chart::Timeline, title, &no_times_note(data));
    };
    let n = t.counts.len() as i64;
    let total: u64 = t.counts.iter().sum();
    let max = t.counts.iter().copied().max().unwrap_or(0);
    let mut caption = format!(
        "{} counted per {} of their timestamps; bars: comments per {}, line: running total (right axis).",
        plural(total, "timestamped comment"),
        t.bucket,
        t.bucket,
    );
    if data.timestamped < data.comments {
        caption.push_str(&format!(
            " {} without a timestamp {} left out.",
            plural(data.comments - data.timestamped, "comment"),
            if data.comments - data.timestamped == 1 {
                "is"
            } else {
                "are"
            }
        ));
    }
    if t.last - t.first < 60 && total > 1 {
        caption.push_str(&format!(
            " All of them fall within one minute ({}).",
            super::axis::datetime(t.first).format("%-d %b %Y %H:%M")
        ));
    }
    let body = frame(area, title, &caption)?;
    let (x0, x1) = time_range(t.start, n, t.bucket_seconds);
    let (ticks, format) = time_ticks(x0, x1, 8);
    let (y_ticks, y_top) = count_ticks(max as f64, 6);
    let (c_ticks, c_top) = count_ticks(total as f64, 6);
    let mut chart = ChartBuilder::on(&body)
        .margin(8)
        .x_label_area_size(64)
        .y_label_area_size(80)
        .right_y_label_area_size(80)
        .build_cartesian_2d(
            Ticked::new(x0 as f64, x1 as f64, ticks.iter().map(|&t| t as f64)),
            // Headroom above the tallest bar for the legend.
            Ticked::new(0f64, y_top * 1.3, y_ticks),
        )?
        .set_secondary_coord(
            Ticked::new(x0 as f64, x1 as f64, Vec::new()),
            Ticked::new(0f64, c_top * 1.3, c_ticks),
        );
    let x_fmt = |x: &f64| format.format(*x as i64);
    let y_fmt = |y: &f64| fmt_count(*y);
    chart
        .configure_mesh()
        .bold_line_style(GRID)
        .axis_style(MUTED)
        .label_style(text(LABEL_SIZE, &INK))
        .axis_desc_style(text(DESC_SIZE, &INK))
        .x_desc(format!(
            "time ({}), {}",
            clock(data),
            date_range(t.first, t.last)
        ))
        .y_desc(format!("comments per {}", t.bucket))
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .draw()?;
    chart
        .configure_secondary_axes()
        .axis_style(MUTED)
        .label_style(text(LABEL_SIZE, &INK))
        .axis_desc_style(text(DESC_SIZE, &INK))
        .y_desc("running total of comments")
        .y_label_formatter(&y_fmt)
        .draw()?;
    let b = t.bucket_seconds as f64;
    let pad = if n > 200 { 0.0 } else { b * 0.08 };
    chart
        .draw_series(
            t.counts
                .iter()
                .enumerate()
                .filter(|(_, &c)| c > 0)
                .map(|(i, &c)| {
                    let left = t.start as f64 + i as f64 * b;
                    let c = (c as f64).max(y_top * MIN_BAR);
                    Rectangle::new([(left + pad, 0.0), (left + b - pad, c)], BLUE.filled())
                }),
        )?
        .label(format!("comments per {}", t.bucket))
        .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 16, y + 6)], BLUE.filled()));
    let mut running = 0u64;
    let mut points = vec![(t.start as f64, 0.0)];
    for (i, &c) in t.counts.iter().enumerate() {
        running += c;
        points.push((t.start as f64 + (i + 1) as f64 * b, running as f64));
    }
    chart
        .draw_secondary_series(LineSeries::new(points, ORANGE.stroke_width(3)))?
        .label("running total")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], ORANGE.stroke_width(3)));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font(text(LABEL_SIZE, &INK))
        .background_style(WHITE.mix(0.85))
        .border_style(GRID)
        .draw()?;
    Ok(Figure {
        chart: Chart::Timeline,
        title: title.to_owned(),
        caption,
        drawn: true,
        replaced_labels: 0,
    })
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// A blue from pale (`share` 0) to dark (`share` 1).
fn shade(share: f64) -> RGBColor {
    let s = share.clamp(0.0, 1.0);
    let mix = |a: f64, b: f64| (a + (b - a) * s).round() as u8;
    RGBColor(mix(222.0, 8.0), mix(235.0, 48.0), mix(247.0, 107.0))
}

/// Comments per weekday and hour of day.
pub fn heatmap<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, data: &ReportData) -> DrawResult {
    let title = "Comments by weekday and hour of day";
    if data.timestamped == 0 {
        return note(area, Chart::Heatmap, title, &no_times_note(data));
    }
    let cell = |d: usize, h: usize| {
        data.heatmap
            .get(d)
            .and_then(|r| r.get(h))
            .copied()
            .unwrap_or(0)
    };
    let max = (0..7)
        .flat_map(|d| (0..24).map(move |h| (d, h)))
        .map(|(d, h)| cell(d, h))
        .max()
        .unwrap_or(0);
    let (bd, bh) = (0..7)
        .flat_map(|d| (0..24).map(move |h| (d, h)))
        .max_by(|a, b| cell(a.0, a.1).cmp(&cell(b.0, b.1)).then(b.cmp(a)))
        .unwrap_or((0, 0));
    let caption = format!(
        "{} by the weekday and hour of their timestamps ({}); darker cells hold more comments, and each cell gives its count. The busiest hour is {} {:02}:00–{:02}:59 with {}.",
        plural(data.timestamped, "timestamped comment"),
        clock(data),
        WEEKDAYS[bd],
        bh,
        bh,
        plural(max, "comment"),
    );
    let body = frame(area, title, &caption)?;
    let mut chart = ChartBuilder::on(&body)
        .margin(8)
        .x_label_area_size(56)
        .y_label_area_size(70)
        .build_cartesian_2d(
            Ticked::new(0f64, 24f64, (0..24).map(|h| h as f64 + 0.5)),
            Ticked::new(0f64, 7f64, (0..7).map(|d| d as f64 + 0.5)),
        )?;
    let x_fmt = |x: &f64| format!("{:02}", x.floor() as i64);
    let y_fmt = |y: &f64| WEEKDAYS[(6 - (y.floor() as i64).clamp(0, 6)) as usize].to_owned();
    chart
        .configure_mesh()
        .disable_mesh()
        .axis_style(MUTED)
        .label_style(text(LABEL_SIZE, &INK))
        .axis_desc_style(text(DESC_SIZE, &INK))
        .x_desc(format!("hour of day ({})", clock(data)))
        .y_desc("weekday")
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .draw()?;
    let plot = chart.plotting_area();
    let (pw, _) = plot.dim_in_pixel();
    let cell_px = pw as f64 / 24.0;
    let size = if cell_px >= 34.0 { 13.0 } else { 11.0 };
    for d in 0..7 {
        for h in 0..24 {
            let c = cell(d, h);
            let (x, y) = (h as f64, (6 - d) as f64);
            let share = if max == 0 { 0.0 } else { c as f64 / max as f64 };
            let fill = if c == 0 {
                RGBColor(246, 247, 249)
            } else {
                shade(0.12 + 0.88 * share)
            };
            plot.draw(&Rectangle::new([(x, y), (x + 1.0, y + 1.0)], fill.filled()))?;
            plot.draw(&Rectangle::new(
                [(x, y), (x + 1.0, y + 1.0)],
                WHITE.stroke_width(2),
            ))?;
            if c > 0 {
                let color = if 0.12 + 0.88 * share > 0.5 {
                    WHITE
                } else {
                    INK
                };
                let style = text(size, &color).pos(Pos::new(HPos::Center, VPos::Center));
                plot.draw(&Text::new(fmt_count(c as f64), (x + 0.5, y + 0.5), style))?;
            }
        }
    }
    Ok(Figure {
        chart: Chart::Heatmap,
        title: title.to_owned(),
        caption,
        drawn: true,
        replaced_labels: 0,
    })
}

/// Ticks for a log axis of some unit: `(position, label)` within `[lo, hi]`.
pub(crate) type LogTicks = fn(f64, f64) -> Vec<(f64, String)>;

/// A log-binned histogram as bars on a log axis, with zero as a bar apart
/// at the left and the median marked.
#[allow(clippy::too_many_arguments)]
pub(crate) fn log_bars<DB: DrawingBackend>(
    body: &DrawingArea<DB, Shift>,
    hist: &LogHistogram,
    median: Option<f64>,
    median_label: &str,
    x_desc: &str,
    y_desc: &str,
    ticks: LogTicks,
    zero_label: &str,
    color: RGBColor,
) -> Result<(), DrawError> {
    let w = 1.0 / f64::from(hist.bins_per_decade.max(1));
    let (mut lo, mut hi) = match (hist.bins.keys().next(), hist.bins.keys().next_back()) {
        (Some(&a), Some(&b)) => (hist.edges(a).0, hist.edges(b).1),
        _ => (0.0, w),
    };
    if hi - lo < 1.0 {
        let pad = (1.0 - (hi - lo)) / 2.0;
        lo -= pad;
        hi += pad;
    }
    if lo < 0.0 {
        hi -= lo;
        lo = 0.0;
    }
    let zero_at = lo - w;
    // Half a bin of air at both ends, so no bar touches an axis.
    let left = if hist.zero > 0 {
        lo - 2.0 * w
    } else {
        lo - 0.5 * w
    };
    let hi = hi + 0.5 * w;
    let mut labels = ticks(lo, hi);
    if hist.zero > 0 {
        labels.insert(0, (zero_at, zero_label.to_owned()));
    }
    let top = hist
        .bins
        .values()
        .copied()
        .chain(std::iter::once(hist.zero))
        .max()
        .unwrap_or(0);
    let (y_ticks, y_top) = count_ticks(top as f64, 6);
    let mut chart = ChartBuilder::on(body)
        .margin(8)
        .margin_right(24)
        .x_label_area_size(64)
        .y_label_area_size(80)
        .build_cartesian_2d(
            Ticked::new(left, hi, labels.iter().map(|l| l.0)),
            Ticked::new(0f64, y_top * 1.08, y_ticks),
        )?;
    let x_fmt = |x: &f64| {
        labels
            .iter()
            .find(|l| (l.0 - x).abs() < 1e-9)
            .map(|l| l.1.clone())
            .unwrap_or_default()
    };
    let y_fmt = |y: &f64| fmt_count(*y);
    chart
        .configure_mesh()
        .bold_line_style(GRID)
        .axis_style(MUTED)
        .label_style(text(LABEL_SIZE, &INK))
        .axis_desc_style(text(DESC_SIZE, &INK))
        .x_desc(x_desc)
        .y_desc(y_desc)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .draw()?;
    let gap = w * 0.06;
    chart.draw_series(hist.bins.iter().map(|(&k, &c)| {
        let (a, b) = hist.edges(k);
        let c = (c as f64).max(y_top * MIN_BAR);
        Rectangle::new([(a + gap, 0.0), (b - gap, c)], color.filled())
    }))?;
    if hist.zero > 0 {
        chart.draw_series(std::iter::once(Rectangle::new(
            [
                (zero_at - w / 2.0 + gap, 0.0),
                (zero_at + w / 2.0 - gap, hist.zero as f64),
            ],
            color.mix(0.6).filled(),
        )))?;
    }
    if let Some(m) = median {
        let x = if m <= 0.0 { zero_at } else { m.log10() };
        if x >= left && x <= hi {
            median_marker(&mut chart, x, y_top, (left, hi), median_label)?;
        }
    }
    Ok(())
}

/// The median of a histogram: a red line at `x` from the axis most of the
/// way up a plot whose y axis ends at `y_top` × 1.08, labelled on the side
/// with more room in the plot's x range `span`.
pub(crate) fn median_marker<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<Ticked, Ticked>>,
    x: f64,
    y_top: f64,
    span: (f64, f64),
    label: &str,
) -> Result<(), DrawError> {
    let y = y_top * 1.08;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(x, 0.0), (x, y * 0.93)],
        RED.stroke_width(2),
    )))?;
    let anchor = if x > (span.0 + span.1) / 2.0 {
        HPos::Right
    } else {
        HPos::Left
    };
    let dx = if matches!(anchor, HPos::Right) { -6 } else { 6 };
    let style = text(LABEL_SIZE, &RED).pos(Pos::new(anchor, VPos::Center));
    chart.draw_series(std::iter::once(
        EmptyElement::at((x, y * 0.95)) + Text::new(label.to_owned(), (dx, 0), style),
    ))?;
    Ok(())
}

/// Median and 90th percentile of `d` as a sentence.
fn spread(d: &Delays) -> String {
    match (d.median_seconds, d.p90_seconds) {
        (Some(m), Some(p)) => format!(
            "median {}, 90% within {}",
            human_duration(m),
            human_duration(p)
        ),
        _ => String::new(),
    }
}

fn zero_sentence(hist: &LogHistogram, what: &str) -> String {
    if hist.zero == 0 {
        return String::new();
    }
    format!(
        " The separate bar at 0 counts {} of 0 seconds (times to the minute make same-minute {what} common).",
        plural(hist.zero, "delay"),
    )
}

/// Response times on reply edges, or gaps between comments.
pub fn response_times<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ReportData,
) -> DrawResult {
    let d = &data.response;
    let (title, x_desc, y_desc, what) = match d.source {
        DelaySource::ConsecutiveGaps => (
            "Gaps between consecutive comments",
            "gap to the next comment (log scale)",
            "number of gaps",
            "comments",
        ),
        _ => (
            "Response times",
            "time from a comment to a reply to it (log scale)",
            "number of replies",
            "replies",
        ),
    };
    if data.timestamped == 0 {
        return note(area, Chart::ResponseTimes, title, &no_times_note(data));
    }
    let h = &d.histogram;
    let mut caption = match d.source {
        DelaySource::None => {
            return note(
                area,
                Chart::ResponseTimes,
                title,
                "No reply has a time on both ends, and no document has two timed comments, so there is no delay to measure.",
            )
        }
        DelaySource::ReplyEdges => format!(
            "Time from a comment to each reply to it, over {} with times on both ends, on a log scale; {}.",
            plural(h.count, "reply edge"),
            spread(d),
        ),
        DelaySource::ConsecutiveGaps => format!(
            "No reply edge has times on both ends ({} found), so this shows instead the gaps between consecutive comments of each document, in time order: {}, on a log scale; {}.",
            plural(d.reply_edges, "reply edge"),
            plural(h.count, "gap"),
            spread(d),
        ),
    };
    if d.source == DelaySource::ReplyEdges {
        let untimed = d.reply_edges.saturating_sub(h.count + d.negative);
        if untimed > 0 {
            caption.push_str(&format!(
                " {} lack a time on one end.",
                plural(untimed, "reply edge")
            ));
        }
        if d.negative > 0 {
            caption.push_str(&format!(
                " {} timed before the comment answered {} left out.",
                plural(d.negative, "reply"),
                if d.negative == 1 { "is" } else { "are" }
            ));
        }
    }
    caption.push_str(&zero_sentence(h, what));
    let body = frame(area, title, &caption)?;
    log_bars(
        &body,
        h,
        d.median_seconds.map(|m| m as f64),
        &format!(
            "median {}",
            d.median_seconds.map(human_duration).unwrap_or_default()
        ),
        x_desc,
        y_desc,
        duration_ticks,
        "0 s",
        BLUE,
    )?;
    Ok(Figure {
        chart: Chart::ResponseTimes,
        title: title.to_owned(),
        caption,
        drawn: true,
        replaced_labels: 0,
    })
}

/// Delay from the article's publication date to each comment.
pub fn publication_delay<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ReportData,
) -> DrawResult {
    let title = "Delay from publication to comment";
    let p = &data.publication;
    if p.documents_with_date == 0 {
        return note(
            area,
            Chart::PublicationDelay,
            title,
            "No article in the input gives a publication date (a leading `date YYYY-MM-DD` line), so the delay from publication to comment cannot be measured.",
        );
    }
    if data.timestamped == 0 {
        return note(area, Chart::PublicationDelay, title, &no_times_note(data));
    }
    let d = &p.delays;
    if d.histogram.count == 0 {
        return note(
            area,
            Chart::PublicationDelay,
            title,
            &format!(
                "{} with a publication date, but none of {} comments has a timestamp on or after that date.",
                plural(p.documents_with_date, "document"),
                if p.documents_with_date == 1 { "its" } else { "their" }
            ),
        );
    }
    let mut caption = format!(
        "Time from the article's publication date (read as 00:00 of that day: the date has no time) to each of {} in {}, on a log scale; {}.",
        plural(d.histogram.count, "comment"),
        plural(p.documents_with_date, "dated document"),
        spread(d),
    );
    if d.negative > 0 {
        caption.push_str(&format!(
            " {} timed before the publication date {} left out.",
            plural(d.negative, "comment"),
            if d.negative == 1 { "is" } else { "are" }
        ));
    }
    caption.push_str(&zero_sentence(&d.histogram, "comments"));
    let body = frame(area, title, &caption)?;
    log_bars(
        &body,
        &d.histogram,
        d.median_seconds.map(|m| m as f64),
        &format!(
            "median {}",
            d.median_seconds.map(human_duration).unwrap_or_default()
        ),
        "time since the publication date (log scale)",
        "number of comments",
        duration_ticks,
        "0 s",
        BLUE,
    )?;
    Ok(Figure {
        chart: Chart::PublicationDelay,
        title: title.to_owned(),
        caption,
        drawn: true,
        replaced_labels: 0,
    })
}

/// Width in pixels of the widest of `labels`.
pub(crate) fn widest<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    labels: &[String],
    style: &TextStyle<'_>,
) -> u32 {
    labels
        .iter()
        .filter_map(|l| area.estimate_text_size(l, style).ok())
        .map(|(w, _)| w)
        .max()
        .unwrap_or(0)
}

/// Longest author label, in characters.
pub(crate) const NAME_CHARS: usize = 24;

/// The most active authors' comments over time, one row each.
pub fn author_activity<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ReportData,
) -> DrawResult {
    let title = "Activity of the most active authors";
    let Some(a) = &data.activity else {
        return note(area, Chart::AuthorActivity, title, &no_times_note(data));
    };
    let mut names = Labels::default();
    let labels = author_labels(
        &mut names,
        a.authors.iter().map(|r| (r.author.as_str(), r.comments)),
    );
    let max = a
        .authors
        .iter()
        .flat_map(|r| r.counts.iter().map(|c| c.1))
        .max()
        .unwrap_or(1);
    let shown = authors_shown(
        a.authors.len(),
        a.authors_total,
        "timestamped comments",
        " with timestamped comments",
    );
    let mut caption = format!(
        "Comments per {} of {}, one row each, most active first (comments in brackets); a circle's area grows with the count, the largest is {}.",
        a.bucket,
        shown,
        plural(max, "comment"),
    );
    if let Some(n) = names.note() {
        caption.push(' ');
        caption.push_str(&n);
    }
    let body = frame(area, title, &caption)?;
    let n = a.authors.len().max(1);
    let label_style = text(LABEL_SIZE, &INK);
    let label_width = widest(&body, &labels, &label_style) + 20;
    let (x0, x1) = time_range(a.start, i64::from(a.buckets), a.bucket_seconds);
    let (ticks, format) = time_ticks(x0, x1, 8);
    let first = a.start;
    let last = a.start + i64::from(a.buckets) * a.bucket_seconds;
    let mut chart = ChartBuilder::on(&body)
        .margin(8)
        .margin_right(24)
        .x_label_area_size(64)
        .y_label_area_size(label_width.max(60))
        .build_cartesian_2d(
            Ticked::new(x0 as f64, x1 as f64, ticks.iter().map(|&t| t as f64)),
            Ticked::new(-0.5f64, n as f64 - 0.5, (0..n).map(|i| i as f64)),
        )?;
    let x_fmt = |x: &f64| format.format(*x as i64);
    let y_fmt = |y: &f64| {
        let row = n as i64 - 1 - y.round() as i64;
        labels.get(row as usize).cloned().unwrap_or_default()
    };
    chart
        .configure_mesh()
        .bold_line_style(GRID)
        .axis_style(MUTED)
        .label_style(label_style.clone())
        .axis_desc_style(text(DESC_SIZE, &INK))
        .x_desc(format!(
            "time ({}), {}",
            clock(data),
            date_range(first, last)
        ))
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .draw()?;
    let (pw, ph) = chart.plotting_area().dim_in_pixel();
    let bucket_px = pw as f64 * a.bucket_seconds as f64 / (x1 - x0) as f64;
    let row_px = ph as f64 / n as f64;
    let r_max = (bucket_px.min(row_px) * 0.5).clamp(3.0, 22.0);
    for (i, row) in a.authors.iter().enumerate() {
        let y = (n - 1 - i) as f64;
        chart.draw_series(row.counts.iter().map(|&(b, c)| {
            let x = a.start as f64 + (f64::from(b) + 0.5) * a.bucket_seconds as f64;
            let r = (r_max * (c as f64 / max as f64).sqrt()).max(2.5);
            Circle::new((x, y), r, BLUE.mix(0.75).filled())
        }))?;
    }
    Ok(Figure {
        chart: Chart::AuthorActivity,
        title: title.to_owned(),
        caption,
        drawn: true,
        replaced_labels: names.replaced(),
    })
}
