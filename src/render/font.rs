//! The embedded font: DejaVu Sans registered with plotters, and which
//! characters it can draw.
//!
//! Charts never depend on the fonts of the machine they are drawn on: the
//! font's bytes are in the binary (the `dejavu` crate) and registered as
//! plotters' `sans-serif` family. A character the font has no glyph for
//! (CJK, emoji) would be drawn as an empty box, so labels go through
//! [`Labels`], which replaces such characters with `?` and counts the labels
//! it changed, for the chart's caption to say so.

use std::collections::BTreeSet;
use std::sync::{Once, OnceLock};

use plotters::style::FontStyle;

/// The font family charts are drawn with.
pub const FAMILY: &str = "sans-serif";

/// What replaces a character the font cannot draw.
pub const REPLACEMENT: char = '?';

/// Register the embedded DejaVu Sans (regular and bold) as plotters'
/// `sans-serif` family; done once per process, whatever the caller.
pub fn register() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The bytes are a valid font shipped by the dejavu crate; a failure
        // here would show as a font error on the first text drawn.
        let _ = plotters::style::register_font(FAMILY, FontStyle::Normal, dejavu::sans::regular());
        let _ = plotters::style::register_font(FAMILY, FontStyle::Bold, dejavu::sans::bold());
    });
}

/// Whether DejaVu Sans has a glyph for `c` (its cmap maps `c` to a glyph
/// other than 0, `.notdef`).
pub fn covers(c: char) -> bool {
    cmap().is_some_and(|m| m.glyph_id(c) != 0)
}

fn cmap() -> Option<&'static Cmap> {
    static CMAP: OnceLock<Option<Cmap>> = OnceLock::new();
    CMAP.get_or_init(|| Cmap::find(dejavu::sans::regular()))
        .as_ref()
}

/// The character-to-glyph table of a TrueType font: a format 12 (all of
/// Unicode) or format 4 (the BMP) subtable.
struct Cmap {
    table: &'static [u8],
    format: u16,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at + 2).map(|s| u16::from_be_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4)
        .map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
}

impl Cmap {
    /// The best Unicode subtable of the font's `cmap` table.
    fn find(font: &'static [u8]) -> Option<Cmap> {
        let tables = u16_at(font, 4)? as usize;
        let cmap = (0..tables).find_map(|i| {
            let record = 12 + 16 * i;
            (font.get(record..record + 4)? == b"cmap")
                .then(|| u32_at(font, record + 8))
                .flatten()
        })? as usize;
        let cmap = font.get(cmap..)?;
        let mut best: Option<(u8, Cmap)> = None;
        for i in 0..u16_at(cmap, 2)? as usize {
            let record = 4 + 8 * i;
            let platform = u16_at(cmap, record)?;
            let encoding = u16_at(cmap, record + 2)?;
            let Some(table) = u32_at(cmap, record + 4).and_then(|o| cmap.get(o as usize..)) else {
                continue;
            };
            let format = u16_at(table, 0)?;
            let unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10));
            let rank = match format {
                12 if unicode => 2,
                4 if unicode => 1,
                _ => continue,
            };
            if best.as_ref().is_none_or(|(r, _)| rank > *r) {
                best = Some((rank, Cmap { table, format }));
            }
        }
        best.map(|(_, c)| c)
    }

    fn glyph_id(&self, c: char) -> u16 {
        let code = c as u32;
        let found = match self.format {
            12 => self.format12(code),
            _ => u16::try_from(code).ok().and_then(|code| self.format4(code)),
        };
        found.unwrap_or(0)
    }

    fn format12(&self, code: u32) -> Option<u16> {
        let t = self.table;
        let groups = u32_at(t, 12)? as usize;
        let (mut lo, mut hi) = (0, groups);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let at = 16 + 12 * mid;
            let (start, end) = (u32_at(t, at)?, u32_at(t, at + 4)?);
            if code < start {
                hi = mid;
            } else if code > end {
                lo = mid + 1;
            } else {
                let glyph = u32_at(t, at + 8)? + (code - start);
                return u16::try_from(glyph).ok();
            }
        }
        None
    }

    fn format4(&self, code: u16) -> Option<u16> {
        let t = self.table;
        let seg_x2 = u16_at(t, 6)? as usize;
        let segments = seg_x2 / 2;
        let ends = 14;
        let starts = ends + seg_x2 + 2;
        let deltas = starts + seg_x2;
        let ranges = deltas + seg_x2;
        // The first segment whose end is at or after `code`.
        let (mut lo, mut hi) = (0, segments);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if u16_at(t, ends + 2 * mid)? < code {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let seg = lo;
        if seg >= segments {
            return None;
        }
        let start = u16_at(t, starts + 2 * seg)?;
        if code < start {
            return None;
        }
        let delta = u16_at(t, deltas + 2 * seg)?;
        let range_at = ranges + 2 * seg;
        let range = u16_at(t, range_at)? as usize;
        if range == 0 {
            return Some(code.wrapping_add(delta));
        }
        let glyph = u16_at(t, range_at + range + 2 * (code - start) as usize)?;
        (glyph != 0).then(|| glyph.wrapping_add(delta))
    }
}

/// Labels made drawable with the embedded font, and a count of the labels
/// that had to be changed for it.
#[derive(Debug, Default)]
pub struct Labels {
    changed: BTreeSet<String>,
}

impl Labels {
    /// `raw` as a chart label of at most `max_chars` characters: runs of
    /// whitespace and control characters become one space, characters the
    /// font cannot draw become [`REPLACEMENT`], and a longer label is cut with
    /// an ellipsis.
    pub fn label(&mut self, raw: &str, max_chars: usize) -> String {
        let mut out = String::with_capacity(raw.len());
        let mut replaced = false;
        let mut space = false;
        for c in raw.trim().chars() {
            if c.is_whitespace() || c.is_control() {
                space = true;
                continue;
            }
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            if covers(c) {
                out.push(c);
            } else {
                replaced = true;
                out.push(REPLACEMENT);
            }
        }
        if replaced {
            self.changed.insert(raw.to_owned());
        }
        shorten(&out, max_chars)
    }

    /// Labels changed because the font lacks some of their characters.
    pub fn replaced(&self) -> usize {
        self.changed.len()
    }

    /// A sentence for the caption when some labels were changed.
    pub fn note(&self) -> Option<String> {
        match self.changed.len() {
            0 => None,
            1 => Some(format!(
                "1 name has characters the embedded font cannot draw (such as CJK or emoji); they are shown as '{REPLACEMENT}'."
            )),
            n => Some(format!(
                "{n} names have characters the embedded font cannot draw (such as CJK or emoji); they are shown as '{REPLACEMENT}'."
            )),
        }
    }
}

/// `text` cut to `max_chars` characters, the last one an ellipsis when cut.
pub fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_of_the_embedded_font() {
        // DejaVu Sans even has a few monochrome emoji (U+1F600 and around).
        for c in [
            'A', 'z', 'é', 'ß', 'Ж', 'я', 'Ω', 'λ', '…', '–', '€', '0', '?', '😀',
        ] {
            assert!(covers(c), "DejaVu Sans draws {c:?}");
        }
        for c in ['中', '文', 'あ', '한', '🎉', '👍', '🚀', '\u{E000}'] {
            assert!(!covers(c), "DejaVu Sans has no glyph for {c:?}");
        }
    }

    #[test]
    fn labels_replace_what_the_font_lacks_and_count_it() {
        let mut labels = Labels::default();
        assert_eq!(labels.label("Ольга Σμίθ", 30), "Ольга Σμίθ");
        assert_eq!(labels.label("李小龙", 30), "???");
        assert_eq!(labels.label("Ana 🎉", 30), "Ana ?");
        assert_eq!(labels.label("李小龙", 30), "???", "counted once");
        assert_eq!(labels.replaced(), 2);
        assert!(labels.note().unwrap().starts_with("2 names"));
        assert_eq!(labels.label("  a\n\tb\u{7}c ", 30), "a b c");
        assert_eq!(
            labels.label("Bartholomew Fitzgerald-Smythe", 12),
            "Bartholomew…"
        );
        assert_eq!(Labels::default().note(), None);
    }
}
