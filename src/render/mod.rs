//! Timing, length and network charts (PNG and SVG), and a one-file HTML
//! report.
//!
//! [`ReportBuilder`] aggregates documents into [`ReportData`], which holds
//! only binned figures. Every chart is drawn by one backend-generic function
//! ([`draw`]), so the PNG and the SVG of a chart are the same drawing. Text
//! is drawn with DejaVu Sans embedded in the binary (see [`font`]), so charts
//! look the same on a machine with no fonts; names the font cannot draw are
//! shown with `?` and the caption says how many.
//!
//! ```
//! use threadscope::render::{self, Chart, ReportBuilder};
//!
//! let page = "Title\nText.\nAna Lima\nMay 1, 2024 AT 10:00First.\nBo Chen\nMay 1, 2024 AT 10:05Ana, I disagree.\n";
//! let mut doc = threadscope::parse("p.txt", page);
//! threadscope::link::link(&mut doc, page, threadscope::link::ReplyMode::All);
//! let mut graphs = threadscope::graph::GraphBuilder::default();
//! graphs.add(&doc);
//! let mut builder = ReportBuilder::default();
//! builder.add(&doc);
//! let data = builder.finish(&graphs.finish());
//! let (svg, figure) = render::render_svg(Chart::Timeline, &data).unwrap();
//! assert!(svg.contains("Comments over time"));
//! assert!(figure.caption.contains("2 timestamped comments"));
//! ```

pub mod axis;
pub mod data;
pub mod font;
pub mod html;
pub mod length;
pub mod network;
pub mod timing;

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

pub use data::{ReportBuilder, ReportData, REPORT_VERSION};
pub use html::{GraphSummary, ReportFile};
pub use network::Network;

/// A chart of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Chart {
    /// Comments per bucket of time, with the cumulative count.
    Timeline,
    /// Comments per weekday and hour of day.
    Heatmap,
    /// Response times on reply edges (or gaps between comments), log scale.
    ResponseTimes,
    /// Delay from the article's publication date to each comment.
    PublicationDelay,
    /// The most active authors over time.
    AuthorActivity,
    /// Comment lengths in words.
    LengthHistogram,
    /// Length distribution of the most active authors.
    AuthorLengths,
    /// Length against time.
    LengthOverTime,
    /// The reply and mention network.
    Network,
}

impl Chart {
    /// Every chart, in the report's order.
    pub const ALL: [Chart; 9] = [
        Chart::Timeline,
        Chart::Heatmap,
        Chart::ResponseTimes,
        Chart::PublicationDelay,
        Chart::AuthorActivity,
        Chart::LengthHistogram,
        Chart::AuthorLengths,
        Chart::LengthOverTime,
        Chart::Network,
    ];

    /// The file stem of the chart's images: `timeline` for `timeline.png`.
    pub fn name(self) -> &'static str {
        match self {
            Chart::Timeline => "timeline",
            Chart::Heatmap => "heatmap",
            Chart::ResponseTimes => "response-times",
            Chart::PublicationDelay => "publication-delay",
            Chart::AuthorActivity => "author-activity",
            Chart::LengthHistogram => "length-histogram",
            Chart::AuthorLengths => "author-lengths",
            Chart::LengthOverTime => "length-over-time",
            Chart::Network => "network",
        }
    }

    /// Width and height in pixels.
    pub fn size(self) -> (u32, u32) {
        match self {
            Chart::Heatmap => (1000, 480),
            Chart::Network => (1000, 860),
            Chart::AuthorActivity | Chart::AuthorLengths => (1000, 640),
            _ => (1000, 600),
        }
    }

    /// Whether the chart places comments in time.
    pub fn is_timing(self) -> bool {
        matches!(
            self,
            Chart::Timeline
                | Chart::Heatmap
                | Chart::ResponseTimes
                | Chart::PublicationDelay
                | Chart::AuthorActivity
                | Chart::LengthOverTime
        )
    }
}

/// What a drawn chart shows, for the report's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    /// The chart.
    pub chart: Chart,
    /// Its title.
    pub title: String,
    /// What was counted, and anything left out or changed.
    pub caption: String,
    /// False when the data did not allow the chart and a note was drawn instead.
    pub drawn: bool,
    /// Names whose characters the font lacks, drawn with `?`.
    pub replaced_labels: usize,
}

/// A chart that could not be drawn or written.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// Plotters failed to draw.
    #[error("drawing the {chart} chart: {message}")]
    Draw {
        /// The chart's name.
        chart: &'static str,
        /// What went wrong.
        message: String,
    },
}

/// A drawing error before the chart it belongs to is known.
#[derive(Debug)]
pub struct DrawError(String);

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for DrawError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        DrawError(e.to_string())
    }
}

/// What a chart function returns.
pub type DrawResult = Result<Figure, DrawError>;

/// Draw `chart` of `data` on `area`, whatever its backend (SVG, bitmap).
pub fn draw<DB: DrawingBackend>(
    chart: Chart,
    area: &DrawingArea<DB, Shift>,
    data: &ReportData,
) -> Result<Figure, RenderError> {
    font::register();
    let result = match chart {
        Chart::Timeline => timing::timeline(area, data),
        Chart::Heatmap => timing::heatmap(area, data),
        Chart::ResponseTimes => timing::response_times(area, data),
        Chart::PublicationDelay => timing::publication_delay(area, data),
        Chart::AuthorActivity => timing::author_activity(area, data),
        Chart::LengthHistogram => length::histogram(area, data),
        Chart::AuthorLengths => length::author_lengths(area, data),
        Chart::LengthOverTime => length::over_time(area, data),
        Chart::Network => network::draw(area, data),
    };
    let figure = result.map_err(|DrawError(message)| RenderError::Draw {
        chart: chart.name(),
        message,
    })?;
    area.present().map_err(|e| RenderError::Draw {
        chart: chart.name(),
        message: e.to_string(),
    })?;
    Ok(figure)
}

/// `chart` as an SVG document.
pub fn render_svg(chart: Chart, data: &ReportData) -> Result<(String, Figure), RenderError> {
    let mut svg = String::new();
    let figure = {
        let area = SVGBackend::with_string(&mut svg, chart.size()).into_drawing_area();
        draw(chart, &area, data)?
    };
    Ok((svg, figure))
}

/// `chart` as RGB pixels, three bytes a pixel, row by row, [`Chart::size`] big.
pub fn render_rgb(chart: Chart, data: &ReportData) -> Result<(Vec<u8>, Figure), RenderError> {
    let (w, h) = chart.size();
    let mut pixels = vec![0u8; w as usize * h as usize * 3];
    let figure = {
        let area = BitMapBackend::with_buffer(&mut pixels, (w, h)).into_drawing_area();
        draw(chart, &area, data)?
    };
    Ok((pixels, figure))
}

/// Draw `chart` into a PNG file at `path` (the caller chooses where).
pub fn save_png(chart: Chart, data: &ReportData, path: &Path) -> Result<Figure, RenderError> {
    let area = BitMapBackend::new(path, chart.size()).into_drawing_area();
    draw(chart, &area, data)
}

// Shared look.

pub(crate) const INK: RGBColor = RGBColor(33, 37, 41);
pub(crate) const MUTED: RGBColor = RGBColor(96, 100, 106);
pub(crate) const GRID: RGBColor = RGBColor(226, 229, 233);
pub(crate) const BLUE: RGBColor = RGBColor(31, 119, 180);
pub(crate) const ORANGE: RGBColor = RGBColor(230, 120, 20);
pub(crate) const GREEN: RGBColor = RGBColor(44, 150, 44);
pub(crate) const RED: RGBColor = RGBColor(200, 40, 40);

pub(crate) const TITLE_SIZE: f64 = 26.0;
pub(crate) const DESC_SIZE: f64 = 17.0;
pub(crate) const LABEL_SIZE: f64 = 15.0;
pub(crate) const CAPTION_SIZE: f64 = 15.0;

/// The text style of `size` in `color`.
pub(crate) fn text(size: f64, color: &RGBColor) -> TextStyle<'static> {
    (font::FAMILY, size).into_font().color(color)
}

/// Lines of `text` no wider than `width` pixels in `style`.
pub(crate) fn wrap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle<'_>,
    width: u32,
) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        let fits = area
            .estimate_text_size(&candidate, style)
            .map_or(true, |(w, _)| w <= width);
        if fits || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_owned()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Paint the background, the title at the top and the caption at the
/// bottom; the area between is for the chart.
pub(crate) fn frame<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    caption: &str,
) -> Result<DrawingArea<DB, Shift>, DrawError> {
    frame_reserving(area, title, caption, 0)
}

const CAPTION_LINE: i32 = (CAPTION_SIZE * 1.35) as i32;
const TITLE_ROOM: i32 = 12 + (TITLE_SIZE * 1.5) as i32;

/// The chart's area when the caption has `lines` lines.
pub(crate) fn body_area<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lines: usize,
) -> DrawingArea<DB, Shift> {
    let caption_height = CAPTION_LINE * lines as i32 + 14;
    area.margin(TITLE_ROOM, caption_height.max(10), 10, 20)
}

/// [`frame`], keeping room for at least `reserve` caption lines so the
/// chart's area is known before the caption is written.
pub(crate) fn frame_reserving<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    caption: &str,
    reserve: usize,
) -> Result<DrawingArea<DB, Shift>, DrawError> {
    area.fill(&WHITE)?;
    let (w, h) = area.dim_in_pixel();
    let title_style = (font::FAMILY, TITLE_SIZE, FontStyle::Bold)
        .into_font()
        .color(&INK)
        .pos(Pos::new(HPos::Center, VPos::Top));
    area.draw_text(title, &title_style, (w as i32 / 2, 12))?;
    let caption_style = text(CAPTION_SIZE, &MUTED);
    let lines = wrap(area, caption, &caption_style, w.saturating_sub(40));
    let room = lines.len().max(reserve);
    let caption_height = CAPTION_LINE * room as i32 + 14;
    for (i, line) in lines.iter().enumerate() {
        let y = h as i32 - caption_height + 6 + i as i32 * CAPTION_LINE;
        area.draw_text(line, &caption_style, (20, y))?;
    }
    Ok(body_area(area, room))
}

/// A chart the data do not allow: the title, and a note saying why.
pub(crate) fn note<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: Chart,
    title: &str,
    message: &str,
) -> DrawResult {
    let body = frame(area, title, "")?;
    let (w, h) = body.dim_in_pixel();
    body.draw(&Rectangle::new(
        [(20, 20), (w as i32 - 20, h as i32 - 20)],
        ShapeStyle::from(&GRID).stroke_width(2),
    ))?;
    let style = text(20.0, &MUTED).pos(Pos::new(HPos::Center, VPos::Center));
    let lines = wrap(&body, message, &style, w.saturating_sub(120));
    let line_height = 30;
    let y0 = h as i32 / 2 - (lines.len() as i32 - 1) * line_height / 2;
    for (i, line) in lines.iter().enumerate() {
        body.draw_text(line, &style, (w as i32 / 2, y0 + i as i32 * line_height))?;
    }
    Ok(Figure {
        chart,
        title: title.to_owned(),
        caption: message.to_owned(),
        drawn: false,
        replaced_labels: 0,
    })
}

/// Why timing charts are replaced by a note when nothing is timed.
pub(crate) fn no_times_note(data: &ReportData) -> String {
    if data.comments == 0 {
        "No comments were found in the input, so there is nothing to place in time.".to_owned()
    } else {
        format!(
            "None of the {} comments has a timestamp that could be read, so this timing chart cannot be drawn.",
            axis::group(data.comments as i64)
        )
    }
}

/// The clock the times are read in, for axis descriptions.
pub(crate) fn clock(data: &ReportData) -> &'static str {
    if data.with_offset == 0 {
        "clock as written"
    } else if data.with_offset == data.timestamped {
        "UTC"
    } else {
        "UTC; times without an offset read as UTC"
    }
}

/// Chart labels for the most active authors: `Name (count)`, each name made
/// drawable and shortened by `names`.
pub(crate) fn author_labels<'a>(
    names: &mut font::Labels,
    authors: impl IntoIterator<Item = (&'a str, u64)>,
) -> Vec<String> {
    authors
        .into_iter()
        .map(|(author, comments)| {
            format!(
                "{} ({})",
                names.label(author, timing::NAME_CHARS),
                axis::group(comments as i64)
            )
        })
        .collect()
}

/// Which authors a chart shows, for its caption: `the 12 authors with the
/// most {counted} (of 340)`, `the one author{whose}`, `all 5 authors{whose}`.
pub(crate) fn authors_shown(shown: usize, total: u64, counted: &str, whose: &str) -> String {
    if total as usize > shown {
        format!(
            "the {shown} authors with the most {counted} (of {})",
            axis::group(total as i64)
        )
    } else if total == 1 {
        format!("the one author{whose}")
    } else {
        format!("all {}{whose}", plural(total, "author"))
    }
}

/// `n` and the noun, plural unless `n` is 1: `1 comment`, `3 comments`.
pub(crate) fn plural(n: u64, noun: &str) -> String {
    if n == 1 {
        return format!("1 {noun}");
    }
    // "reply edge" → "reply edges": the last word takes the plural.
    let (head, last) = noun.rsplit_once(' ').map_or(("", noun), |(h, l)| (h, l));
    let mut chars = last.chars().rev();
    let many = match (chars.next(), chars.next()) {
        (Some('y'), Some(c)) if !"aeiou".contains(c) => format!("{}ies", &last[..last.len() - 1]),
        _ => format!("{last}s"),
    };
    let head = if head.is_empty() {
        String::new()
    } else {
        format!("{head} ")
    };
    format!("{} {head}{many}", axis::group(n as i64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_say_which_authors_are_shown() {
        assert_eq!(
            authors_shown(12, 340, "comments", ""),
            "the 12 authors with the most comments (of 340)"
        );
        assert_eq!(
            authors_shown(1, 1, "comments", " with timestamped comments"),
            "the one author with timestamped comments"
        );
        assert_eq!(authors_shown(5, 5, "comments", ""), "all 5 authors");
    }

    #[test]
    fn plurals() {
        assert_eq!(plural(1, "reply"), "1 reply");
        assert_eq!(plural(2, "reply"), "2 replies");
        assert_eq!(plural(2, "delay"), "2 delays");
        assert_eq!(plural(1200, "reply edge"), "1,200 reply edges");
        assert_eq!(plural(3, "timestamped comment"), "3 timestamped comments");
    }
}
