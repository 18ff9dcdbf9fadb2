//! Length charts: the histogram of comment lengths, the lengths of the most
//! active authors (box plots), and length against time.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::{
    count_ticks, date_range, fmt_count, group, nice_step, time_ticks, word_ticks, Ticked,
};
use super::data::ReportData;
use super::font::Labels;
use super::timing::{log_bars, median_marker, time_range, widest, MIN_BAR};
use super::{
    author_labels, authors_shown, clock, frame, no_times_note, note, plural, text, Chart,
    DrawResult, Figure, BLUE, DESC_SIZE, GREEN, GRID, INK, LABEL_SIZE, MUTED, ORANGE,
};

fn no_comments(data: &ReportData) -> Option<&'static str> {
    (data.comments == 0)
        .then_some("No comments were found in the input, so there are no lengths to show.")
}

fn words(x: f64) -> String {
    if x.fract() == 0.0 {
        group(x as i64)
    } else {
        format!("{x:.1}")
    }
}

/// How many comments have each length, in words.
pub fn histogram<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ReportData,
) -> DrawResult {
    let title = "Comment length";
    if let Some(message) = no_comments(data) {
        return note(area, Chart::LengthHistogram, title, message);
    }
    let l = &data.lengths;
    let (median, max) = (l.median.unwrap_or(0.0), l.max.unwrap_or(0));
    let long = l.long_tail();
    let mut caption = format!(
        "Length in words (runs of non-space characters) of {}; median {} words, 90% have at most {}, the longest has {}.",
        plural(data.comments, "comment"),
        words(median),
        group(i64::from(l.p90.unwrap_or(0))),
        group(i64::from(max)),
    );
    if long {
        caption.push_str(&format!(
            " The lengths have a long tail (the longest is {:.0} times the median), so the axis is on a log scale.",
            f64::from(max) / median.max(1.0)
        ));
    }
    let empty = l.exact.get(&0).copied().unwrap_or(0);
    if empty > 0 {
        caption.push_str(&format!(
            " The bar at 0 counts {} with no words.",
            plural(empty, "comment")
        ));
    }
    let body = frame(area, title, &caption)?;
    let median_label = format!("median {} words", words(median));
    if long {
        log_bars(
            &body,
            &l.histogram,
            Some(median),
            &median_label,
            "length in words (log scale)",
            "number of comments",
            word_ticks,
            "0",
            GREEN,
        )?;
    } else {
        let width = nice_step(f64::from(max.max(1)) / 40.0).max(1.0).round() as u32;
        let mut bins: Vec<u64> = vec![0; (max / width + 1) as usize];
        for (&v, &c) in &l.exact {
            bins[(v / width) as usize] += c;
        }
        // Bins of one word are centred on their length; wider bins start at
        // a multiple of their width.
        let w = f64::from(width);
        let (left, right, shift) = if width == 1 {
            (-0.5, f64::from(max.max(10)) + 0.5, -0.5)
        } else {
            (-0.5 * w, bins.len() as f64 * w + 0.5 * w, 0.0)
        };
        let top = bins.iter().copied().max().unwrap_or(0);
        let (y_ticks, y_top) = count_ticks(top as f64, 6);
        let (x_ticks, _) = count_ticks(right, 9);
        let mut chart = ChartBuilder::on(&body)
            .margin(8)
            .margin_right(24)
            .x_label_area_size(64)
            .y_label_area_size(80)
            .build_cartesian_2d(
                Ticked::new(left, right, x_ticks),
                Ticked::new(0f64, y_top * 1.08, y_ticks),
            )?;
        let fmt = |v: &f64| fmt_count(*v);
        chart
            .configure_mesh()
            .bold_line_style(GRID)
            .axis_style(MUTED)
            .label_style(text(LABEL_SIZE, &INK))
            .axis_desc_style(text(DESC_SIZE, &INK))
            .x_desc(if width == 1 {
                "length in words".to_owned()
            } else {
                format!("length in words (bins of {width} words)")
            })
            .y_desc("number of comments")
            .x_label_formatter(&fmt)
            .y_label_formatter(&fmt)
            .draw()?;
        let gap = w * 0.08;
        chart.draw_series(
            bins.iter()
                .enumerate()
                .filter(|(_, &c)| c > 0)
                .map(|(i, &c)| {
                    let a = i as f64 * w + shift;
                    let c = (c as f64).max(y_top * MIN_BAR);
                    Rectangle::new([(a + gap, 0.0), (a + w - gap, c)], GREEN.filled())
                }),
        )?;
        median_marker(&mut chart, median, y_top, (left, right), &median_label)?;
    }
    Ok(Figure {
        chart: Chart::LengthHistogram,
        title: title.to_owned(),
        caption,
        drawn: true,
        replaced_labels: 0,
    })
}

/// A position on a words axis: linear, or log10 with 0 drawn at 1.
fn place(words: f64, log: bool) -> f64 {
    if log {
        words.max(1.0).log10()
    } else {
        words
    }
}

/// The range and ticks of a words axis reaching `max`.
fn words_axis(max: u32, log: bool) -> (f64, f64, Vec<(f64, String)>) {
    if log {
        let hi = f64::from(max.max(10)).log10() + 0.1;
        (0.0, hi, word_ticks(0.0, hi))
    } else {
        let (ticks, top) = count_ticks(f64::from(max.max(1)), 7);
        let top = top.max(1.0);
        (
            0.0,
            top,
            ticks.into_iter().map(|t| (t, fmt_count(t))).collect(),
        )
    }
}

/// The distribution of comment lengths of the most active authors.
pub fn author_lengths<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ReportData,
) -> DrawResult {
    let title = "Comment length of the most active authors";
    if let Some(message) = no_comments(data) {
        return note(area, Chart::AuthorLengths, title, message);
    }
    let a = &data.author_lengths;
    let log = data.lengths.long_tail();
    let mut names = Labels::default();
    let labels = author_labels(
        &mut names,
        a.authors.iter().map(|b| (b.author.as_str(), b.comments)),
    );
    let shown = authors_shown(a.authors.len(), a.authors_total, "comments", "");
    let mut caption = format!(
        "Words per comment of {shown}, most comments first (count in brackets): the box spans the middle half (first to third quartile), the dark bar is the median, the dot the mean, and the whiskers reach the shortest and the longest comment."
    );
    if log {
        caption.push_str(
            " Lengths have a long tail, so the axis is on a log scale (empty comments drawn at 1).",
        );
    }
    if let Some(n) = names.note() {
        caption.push(' ');
        caption.push_str(&n);
    }
    let body = frame(area, title, &caption)?;
    let n = a.authors.len().max(1);
    let label_style = text(LABEL_SIZE, &INK);
    let label_width = widest(&body, &labels, &label_style) + 20;
    let max = a.authors.iter().map(|b| b.max).max().unwrap_or(1);
    let (lo, hi, ticks) = words_axis(max, log);
    let mut chart = ChartBuilder::on(&body)
        .margin(8)
        .margin_right(24)
        .x_label_area_size(64)
        .y_label_area_size(label_width.max(60))
        .build_cartesian_2d(
            Ticked::new(lo, hi * 1.02, ticks.iter().map(|t| t.0)),
            Ticked::new(-0.5f64, n as f64 - 0.5, (0..n).map(|i| i as f64)),
        )?;
    let x_fmt = |x: &f64| {
        ticks
            .iter()
            .find(|t| (t.0 - x).abs() < 1e-9)
            .map(|t| t.1.clone())
            .unwrap_or_default()
    };
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
        .x_desc(if log {
            "words per comment (log scale)"
        } else {
            "words per comment"
        })
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .draw()?;
    let box_color = RGBColor(120, 190, 120);
    for (i, b) in a.authors.iter().enumerate() {
        let y = (n - 1 - i) as f64;
        let p = |v: f64| place(v, log);
        let (min, q1, med, q3, max) = (
            p(f64::from(b.min)),
            p(b.q1),
            p(b.median),
            p(b.q3),
            p(f64::from(b.max)),
        );
        let plot = chart.plotting_area();
        plot.draw(&PathElement::new(
            vec![(min, y), (max, y)],
            MUTED.stroke_width(2),
        ))?;
        for end in [min, max] {
            plot.draw(&PathElement::new(
                vec![(end, y - 0.15), (end, y + 0.15)],
                MUTED.stroke_width(2),
            ))?;
        }
        plot.draw(&Rectangle::new(
            [(q1, y - 0.3), (q3, y + 0.3)],
            box_color.filled(),
        ))?;
        plot.draw(&Rectangle::new(
            [(q1, y - 0.3), (q3, y + 0.3)],
            GREEN.stroke_width(1),
        ))?;
        plot.draw(&PathElement::new(
            vec![(med, y - 0.3), (med, y + 0.3)],
            INK.stroke_width(4),
        ))?;
        plot.draw(&Circle::new((p(b.mean), y), 4, ORANGE.filled()))?;
    }
    Ok(Figure {
        chart: Chart::AuthorLengths,
        title: title.to_owned(),
        caption,
        drawn: true,
        replaced_labels: names.replaced(),
    })
}

/// Length against time: a sample of comments, and the mean per bucket.
pub fn over_time<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ReportData,
) -> DrawResult {
    let title = "Comment length over time";
    let Some(t) = &data.timeline else {
        return note(area, Chart::LengthOverTime, title, &no_times_note(data));
    };
    let s = &data.length_sample;
    let log = data.lengths.long_tail();
    let sampled = s.points.len() as u64 != s.of;
    let mut caption = if sampled {
        format!(
            "Length in words against time of a fixed sample of {} of the {} timestamped comments (one dot each); the line is the mean length per {} over all of them.",
            group(s.points.len() as i64),
            group(s.of as i64),
            t.bucket
        )
    } else {
        format!(
            "Length in words against time of {} (one dot each); the line is the mean length per {}.",
            plural(s.of, "timestamped comment"),
            t.bucket
        )
    };
    if log {
        caption.push_str(
            " Lengths have a long tail, so the axis is on a log scale (empty comments drawn at 1).",
        );
    }
    let body = frame(area, title, &caption)?;
    let n = t.counts.len() as i64;
    let (x0, x1) = time_range(t.start, n, t.bucket_seconds);
    let (ticks, format) = time_ticks(x0, x1, 8);
    let max = s.points.iter().map(|p| p.words).max().unwrap_or(1);
    let (lo, hi, y_ticks) = words_axis(max, log);
    let mut chart = ChartBuilder::on(&body)
        .margin(8)
        .margin_right(24)
        .x_label_area_size(64)
        .y_label_area_size(80)
        .build_cartesian_2d(
            Ticked::new(x0 as f64, x1 as f64, ticks.iter().map(|&t| t as f64)),
            Ticked::new(lo, hi * 1.1, y_ticks.iter().map(|t| t.0)),
        )?;
    let x_fmt = |x: &f64| format.format(*x as i64);
    let y_fmt = |y: &f64| {
        y_ticks
            .iter()
            .find(|t| (t.0 - y).abs() < 1e-9)
            .map(|t| t.1.clone())
            .unwrap_or_default()
    };
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
        .y_desc(if log {
            "length in words (log scale)"
        } else {
            "length in words"
        })
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .draw()?;
    let b = t.bucket_seconds as f64;
    let means: Vec<(f64, f64)> = t
        .counts
        .iter()
        .zip(&t.words)
        .enumerate()
        .filter(|(_, (&c, _))| c > 0)
        .map(|(i, (&c, &w))| {
            (
                t.start as f64 + (i as f64 + 0.5) * b,
                place(w as f64 / c as f64, log),
            )
        })
        .collect();
    chart
        .draw_series(LineSeries::new(means.clone(), ORANGE.stroke_width(3)))?
        .label(format!("mean length per {}", t.bucket))
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], ORANGE.stroke_width(3)));
    chart.draw_series(means.iter().map(|&p| Circle::new(p, 3, ORANGE.filled())))?;
    let radius = if s.points.len() > 500 { 2 } else { 5 };
    chart
        .draw_series(s.points.iter().map(|p| {
            Circle::new(
                (p.t as f64, place(f64::from(p.words), log)),
                radius,
                BLUE.mix(0.7).filled(),
            )
        }))?
        .label("one comment")
        .legend(|(x, y)| Circle::new((x + 8, y), 4, BLUE.mix(0.7).filled()));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .label_font(text(LABEL_SIZE, &INK))
        .background_style(WHITE.mix(0.85))
        .border_style(GRID)
        .draw()?;
    Ok(Figure {
        chart: Chart::LengthOverTime,
        title: title.to_owned(),
        caption,
        drawn: true,
        replaced_labels: 0,
    })
}
