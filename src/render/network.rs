//! The reply and mention network: who answers and names whom, laid out by
//! a force-directed algorithm of our own (Fruchterman–Reingold) that is
//! deterministic: seeded start positions, a fixed number of rounds, and
//! only `+ - * / sqrt`, so the same graph gives the same picture anywhere.

use std::collections::{BTreeMap, HashMap};

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

use super::axis::group;
use super::data::ReportData;
use super::font::Labels;
use super::{
    frame_reserving, note, plural, text, Chart, DrawResult, Figure, BLUE, INK, MUTED, ORANGE,
};
use crate::graph::Graphs;

/// Authors drawn at the most.
pub const NETWORK_CAP: usize = 40;
/// Caption lines the network chart keeps room for.
const CAPTION_LINES: usize = 5;
/// Rounds of the force-directed layout.
pub const LAYOUT_ROUNDS: usize = 400;
/// Pull towards the centre, in units of the ideal edge length: enough to
/// keep loose authors in the picture, weak enough not to crowd the linked.
const GRAVITY: f64 = 0.3;
/// Positions are stored on a grid of this many steps per side.
pub const GRID_STEPS: u32 = 10_000;

/// An author of the network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetNode {
    /// The author.
    pub name: String,
    /// Comments written.
    pub comments: u64,
    /// Replies and mentions, given and received.
    pub degree: u64,
    /// Position across, 0 to [`GRID_STEPS`].
    pub x: u32,
    /// Position down, 0 to [`GRID_STEPS`].
    pub y: u32,
}

/// Replies and mentions from one author to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetEdge {
    /// Index of the author replying or naming.
    pub from: u32,
    /// Index of the author answered or named.
    pub to: u32,
    /// Times `from` answered `to`.
    pub replies: u32,
    /// Times `from` named `to`.
    pub mentions: u32,
}

/// The network of the most connected authors, laid out.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Network {
    /// The authors, most connected first (then most comments, then by name);
    /// in a capped network, those in the strongest links.
    pub nodes: Vec<NetNode>,
    /// Edges between them, by source then target.
    pub edges: Vec<NetEdge>,
    /// Authors in the whole graph.
    pub authors_total: u64,
    /// Directed author pairs with a reply or mention in the whole graph.
    pub pairs_total: u64,
    /// The most authors drawn.
    pub cap: u32,
}

/// The network of `graphs`, capped to the `cap` most connected authors.
pub fn build(graphs: &Graphs, cap: usize) -> Network {
    let mut comments: BTreeMap<&str, u64> = BTreeMap::new();
    for g in [&graphs.reply, &graphs.mention] {
        for node in g.graph.node_weights() {
            let c = comments.entry(node.name.as_str()).or_default();
            *c = (*c).max(node.comments as u64);
        }
    }
    let mut pairs: BTreeMap<(&str, &str), (u32, u32)> = BTreeMap::new();
    for (from, to, e) in graphs.reply.edges_by_name() {
        pairs.entry((from, to)).or_default().0 += e.weight;
    }
    for (from, to, e) in graphs.mention.edges_by_name() {
        pairs.entry((from, to)).or_default().1 += e.weight;
    }
    let mut degree: HashMap<&str, u64> = HashMap::new();
    for (&(a, b), &(r, m)) in &pairs {
        let w = u64::from(r) + u64::from(m);
        *degree.entry(a).or_default() += w;
        *degree.entry(b).or_default() += w;
    }
    let mut ranked: Vec<(&str, u64, u64)> = comments
        .iter()
        .map(|(&name, &c)| (name, c, degree.get(name).copied().unwrap_or(0)))
        .collect();
    ranked.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.cmp(&a.1)).then(a.0.cmp(b.0)));
    let authors_total = ranked.len() as u64;
    if ranked.len() > cap {
        // The ends of the strongest links first, so the picture shows who
        // talks with whom; then the most connected of the rest.
        let mut links: Vec<(&(&str, &str), u64)> = pairs
            .iter()
            .map(|(k, &(r, m))| (k, u64::from(r) + u64::from(m)))
            .collect();
        links.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let mut chosen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for (&(a, b), _) in links {
            if chosen.len() + usize::from(!chosen.contains(a)) + usize::from(!chosen.contains(b))
                > cap
            {
                continue;
            }
            chosen.insert(a);
            chosen.insert(b);
        }
        for r in &ranked {
            if chosen.len() >= cap {
                break;
            }
            chosen.insert(r.0);
        }
        ranked.retain(|r| chosen.contains(r.0));
    }
    let index: HashMap<&str, u32> = ranked
        .iter()
        .enumerate()
        .map(|(i, r)| (r.0, i as u32))
        .collect();
    let mut edges: Vec<NetEdge> = pairs
        .iter()
        .filter_map(|(&(a, b), &(r, m))| {
            Some(NetEdge {
                from: *index.get(a)?,
                to: *index.get(b)?,
                replies: r,
                mentions: m,
            })
        })
        .collect();
    edges.sort_by_key(|e| (e.from, e.to));
    let weighted: Vec<(usize, usize, f64)> = edges
        .iter()
        .map(|e| {
            (
                e.from as usize,
                e.to as usize,
                f64::from(e.replies + e.mentions),
            )
        })
        .collect();
    let positions = layout(ranked.len(), &weighted);
    let to_grid = |v: f64| (v.clamp(0.0, 1.0) * f64::from(GRID_STEPS)).round() as u32;
    Network {
        nodes: ranked
            .iter()
            .zip(positions)
            .map(|(&(name, c, d), (x, y))| NetNode {
                name: name.to_owned(),
                comments: c,
                degree: d,
                x: to_grid(x),
                y: to_grid(y),
            })
            .collect(),
        edges,
        authors_total,
        pairs_total: pairs.len() as u64,
        cap: cap as u32,
    }
}

/// SplitMix64: a tiny seeded generator, the same everywhere.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Positions in the unit square for `n` nodes joined by weighted `edges`:
/// nodes repel each other, edges pull their ends together (more with more
/// weight), a weak pull to the centre keeps loose nodes near, and the
/// square's sides hold them in.
pub fn layout(n: usize, edges: &[(usize, usize, f64)]) -> Vec<(f64, f64)> {
    match n {
        0 => return Vec::new(),
        1 => return vec![(0.5, 0.5)],
        _ => {}
    }
    let mut rng = SplitMix(0x7468_7265_6164_7363); // "threadsc"
    let mut pos: Vec<(f64, f64)> = (0..n).map(|_| (rng.unit(), rng.unit())).collect();
    let k = (1.0 / n as f64).sqrt();
    let k2 = k * k;
    let heaviest = edges.iter().map(|e| e.2).fold(1.0, f64::max);
    let mut disp = vec![(0.0f64, 0.0f64); n];
    for round in 0..LAYOUT_ROUNDS {
        disp.iter_mut().for_each(|d| *d = (0.0, 0.0));
        for i in 0..n {
            for j in i + 1..n {
                let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                let dist = (dx * dx + dy * dy).sqrt().max(1e-4);
                // Repulsion reaches 2k only (Fruchterman and Reingold's grid
                // variant): far apart groups do not push each other to the sides.
                if dist > 2.0 * k {
                    continue;
                }
                let f = k2 / dist / dist;
                disp[i].0 += dx * f;
                disp[i].1 += dy * f;
                disp[j].0 -= dx * f;
                disp[j].1 -= dy * f;
            }
        }
        for &(a, b, w) in edges {
            if a == b || a >= n || b >= n {
                continue;
            }
            let (dx, dy) = (pos[a].0 - pos[b].0, pos[a].1 - pos[b].1);
            let dist = (dx * dx + dy * dy).sqrt().max(1e-4);
            // Heavier links pull harder, at most twice as hard.
            let f = dist / k * (1.0 + w / heaviest) / 2.0;
            disp[a].0 -= dx * f;
            disp[a].1 -= dy * f;
            disp[b].0 += dx * f;
            disp[b].1 += dy * f;
        }
        let temperature = 0.1 * (1.0 - round as f64 / LAYOUT_ROUNDS as f64) + 0.001;
        for i in 0..n {
            let (cx, cy) = (pos[i].0 - 0.5, pos[i].1 - 0.5);
            disp[i].0 -= cx * GRAVITY * k;
            disp[i].1 -= cy * GRAVITY * k;
            let (dx, dy) = disp[i];
            let len = (dx * dx + dy * dy).sqrt();
            if len > 0.0 {
                let step = len.min(temperature);
                // Kept in the frame, as Fruchterman and Reingold do.
                pos[i].0 = (pos[i].0 + dx / len * step).clamp(0.0, 1.0);
                pos[i].1 = (pos[i].1 + dy / len * step).clamp(0.0, 1.0);
            }
        }
    }
    // Fit into the unit square.
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y) in &pos {
        x0 = x0.min(x);
        x1 = x1.max(x);
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    let (w, h) = ((x1 - x0).max(1e-9), (y1 - y0).max(1e-9));
    pos.iter()
        .map(|&(x, y)| ((x - x0) / w, (y - y0) / h))
        .collect()
}

const REPLY: RGBColor = RGBColor(55, 65, 85);

/// The reply and mention network.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, data: &ReportData) -> DrawResult {
    let title = "Who replies to and mentions whom";
    let net = &data.network;
    if net.nodes.is_empty() {
        let message = if data.comments == 0 {
            "No comments were found in the input, so there is no one to draw."
        } else {
            "No comment names its author, so there is no one to draw."
        };
        return note(area, Chart::Network, title, message);
    }
    let mut names = Labels::default();
    let labels: Vec<String> = net
        .nodes
        .iter()
        .map(|n| {
            format!(
                "{} ({})",
                names.label(&n.name, 20),
                group(n.comments as i64)
            )
        })
        .collect();
    let replies: u64 = net.edges.iter().map(|e| u64::from(e.replies)).sum();
    let mentions: u64 = net.edges.iter().map(|e| u64::from(e.mentions)).sum();
    let mut caption = format!(
        "Authors (circles; area by comments written, count in brackets) joined by {} (dark arrows, from the one replying to the one answered) and {} (orange dashed arrows, from the one naming to the one named); lines get wider with the count. Force-directed layout, seeded and run for a fixed {} rounds, so it is the same on every run.",
        plural(replies, "reply"),
        plural(mentions, "mention"),
        LAYOUT_ROUNDS,
    );
    if net.authors_total > net.nodes.len() as u64 {
        caption.push_str(&format!(
            " Only {} of {} authors are drawn: those in the strongest links, then the most connected; {} of {} linked pairs are shown.",
            net.nodes.len(),
            group(net.authors_total as i64),
            group(net.edges.len() as i64),
            group(net.pairs_total as i64),
        ));
    }
    if net.edges.is_empty() {
        caption.push_str(" No reply or mention links two of these authors, so each stands alone.");
    }
    // Where everything goes, worked out before the caption is written.
    let geometry = super::body_area(area, CAPTION_LINES);
    let (w, h) = geometry.dim_in_pixel();
    let label_style = text(13.0, &INK);
    let sizes: Vec<(i32, i32)> = labels
        .iter()
        .map(|l| {
            geometry
                .estimate_text_size(l, &label_style)
                .map(|(a, b)| (a as i32, b as i32))
                .unwrap_or((0, 0))
        })
        .collect();
    let label_room = sizes.iter().map(|s| s.0).max().unwrap_or(0);
    let my = 34;
    let left = 30;
    let right = w as i32 - 30 - label_room.min(w as i32 / 3);
    let place = |n: &NetNode| -> (f64, f64) {
        let fx = f64::from(n.x) / f64::from(GRID_STEPS);
        let fy = f64::from(n.y) / f64::from(GRID_STEPS);
        (
            f64::from(left) + fx * f64::from((right - left).max(1)),
            f64::from(my) + fy * f64::from((h as i32 - 2 * my).max(1)),
        )
    };
    let max_comments = net
        .nodes
        .iter()
        .map(|n| n.comments)
        .max()
        .unwrap_or(1)
        .max(1);
    // The biggest circle takes at most a fifth of the room per author.
    let room = (f64::from((right - left).max(1)) * f64::from(h) / net.nodes.len() as f64).sqrt();
    let biggest = (room * 0.2).clamp(8.0, 22.0);
    let radius =
        |n: &NetNode| 4.0 + (biggest - 4.0) * (n.comments as f64 / max_comments as f64).sqrt();
    let circles: Vec<((f64, f64), f64)> = net.nodes.iter().map(|n| (place(n), radius(n))).collect();
    let links: Vec<(usize, usize)> = net
        .edges
        .iter()
        .map(|e| (e.from as usize, e.to as usize))
        .collect();
    let placed = place_labels(&circles, &links, &sizes, (w as i32, h as i32));
    let unnamed = placed.iter().filter(|p| p.is_none()).count();
    if unnamed > 0 {
        caption.push_str(&format!(
            " {} of the {} authors drawn {} left unnamed where names would overlap.",
            unnamed,
            net.nodes.len(),
            if unnamed == 1 { "is" } else { "are" }
        ));
    }
    if let Some(n) = names.note() {
        caption.push(' ');
        caption.push_str(&n);
    }
    let body = frame_reserving(area, title, &caption, CAPTION_LINES)?;
    let max_weight = net
        .edges
        .iter()
        .map(|e| e.replies.max(e.mentions))
        .max()
        .unwrap_or(1)
        .max(1);
    // Edges first, under the nodes.
    for e in &net.edges {
        let (a, b) = (&net.nodes[e.from as usize], &net.nodes[e.to as usize]);
        let (pa, pb) = (place(a), place(b));
        let (dx, dy) = (pb.0 - pa.0, pb.1 - pa.1);
        let len = (dx * dx + dy * dy).sqrt();
        if len < 1.0 {
            continue;
        }
        let (ux, uy) = (dx / len, dy / len);
        // Left of the direction, so a→b and b→a run side by side.
        let (nx, ny) = (uy, -ux);
        for (weight, color, side, dashed) in [
            (e.replies, REPLY, 4.0, false),
            (e.mentions, ORANGE, 13.0, true),
        ] {
            if weight == 0 {
                continue;
            }
            let width = 1.0 + 5.0 * f64::from(weight) / f64::from(max_weight);
            let (ra, rb) = (radius(a) + 2.0, radius(b) + 2.0);
            if len <= ra + rb + 6.0 {
                continue;
            }
            let start = (pa.0 + ux * ra + nx * side, pa.1 + uy * ra + ny * side);
            let tip = (pb.0 - ux * rb + nx * side, pb.1 - uy * rb + ny * side);
            let head = 8.0 + width * 1.5;
            let base = (tip.0 - ux * head, tip.1 - uy * head);
            let px = |p: (f64, f64)| (p.0.round() as i32, p.1.round() as i32);
            let style = color.mix(0.8).stroke_width(width.round() as u32);
            if dashed {
                body.draw(&DashedPathElement::new(
                    vec![px(start), px(base)],
                    7,
                    5,
                    style,
                ))?;
            } else {
                body.draw(&PathElement::new(vec![px(start), px(base)], style))?;
            }
            let half = head * 0.5;
            body.draw(&Polygon::new(
                vec![
                    px(tip),
                    px((base.0 + nx * half, base.1 + ny * half)),
                    px((base.0 - nx * half, base.1 - ny * half)),
                ],
                color.mix(0.9).filled(),
            ))?;
        }
    }
    for &((x, y), r) in &circles {
        let at = (x.round() as i32, y.round() as i32);
        body.draw(&Circle::new(at, r, BLUE.mix(0.85).filled()))?;
        body.draw(&Circle::new(at, r, WHITE.stroke_width(2)))?;
    }
    // Names last, on a light backing, so no line runs through a name.
    for (label, at) in labels.iter().zip(&placed) {
        let Some((x0, y0, x1, y1)) = *at else {
            continue;
        };
        body.draw(&Rectangle::new(
            [(x0, y0), (x1, y1)],
            WHITE.mix(0.8).filled(),
        ))?;
        let style = label_style.pos(Pos::new(HPos::Left, VPos::Center));
        body.draw(&Text::new(label.clone(), (x0 + 2, (y0 + y1) / 2), style))?;
    }
    // Legend, in the title's row.
    let (lx, ly) = (18, 16);
    let legend = text(13.0, &MUTED).pos(Pos::new(HPos::Left, VPos::Center));
    area.draw(&PathElement::new(
        vec![(lx, ly), (lx + 30, ly)],
        REPLY.stroke_width(3),
    ))?;
    area.draw(&Text::new("reply", (lx + 38, ly), legend.clone()))?;
    area.draw(&DashedPathElement::new(
        vec![(lx, ly + 20), (lx + 30, ly + 20)],
        7,
        5,
        ORANGE.stroke_width(3),
    ))?;
    area.draw(&Text::new("mention", (lx + 38, ly + 20), legend))?;
    Ok(Figure {
        chart: Chart::Network,
        title: title.to_owned(),
        caption,
        drawn: true,
        replaced_labels: names.replaced(),
    })
}

type Boxed = (i32, i32, i32, i32);

fn overlaps(a: &Boxed, b: &Boxed) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// A box for each node's name of `sizes`, beside its circle (right, left,
/// above or below) where it overlaps no other circle and no other name,
/// within `bounds`; `None` where there is no such place. Nodes earlier in
/// the list choose first.
fn place_labels(
    nodes: &[((f64, f64), f64)],
    links: &[(usize, usize)],
    sizes: &[(i32, i32)],
    bounds: (i32, i32),
) -> Vec<Option<Boxed>> {
    // Points along each link, which a name should rather not cover.
    let mut path_points: Vec<(i32, i32)> = Vec::new();
    for &(a, b) in links {
        let ((xa, ya), _) = nodes[a];
        let ((xb, yb), _) = nodes[b];
        for k in 1..24 {
            let t = f64::from(k) / 24.0;
            path_points.push((
                (xa + (xb - xa) * t).round() as i32,
                (ya + (yb - ya) * t).round() as i32,
            ));
        }
    }
    let square = |&((x, y), r): &((f64, f64), f64)| {
        let (x, y, r) = (x.round() as i32, y.round() as i32, r.ceil() as i32);
        (x, y, r)
    };
    let mut taken: Vec<Boxed> = nodes
        .iter()
        .map(|n| {
            let (x, y, r) = square(n);
            (x - r, y - r, x + r, y + r)
        })
        .collect();
    let mut placed = Vec::with_capacity(nodes.len());
    for (i, (node, &(tw, th))) in nodes.iter().zip(sizes).enumerate() {
        let (x, y, r) = square(node);
        let (bw, bh) = (tw + 4, th + 4);
        // Above and below, slid sideways to stay in bounds.
        let centred = (x - bw / 2).clamp(0, (bounds.0 - bw).max(0));
        let candidates = [
            (x + r + 3, y - bh / 2),
            (x - r - 3 - bw, y - bh / 2),
            (centred, y - r - 2 - bh),
            (centred, y + r + 2),
        ];
        let free = |b: &Boxed| {
            b.0 >= 0
                && b.1 >= 0
                && b.2 <= bounds.0
                && b.3 <= bounds.1
                && taken
                    .iter()
                    .enumerate()
                    .all(|(j, t)| j == i || !overlaps(b, t))
        };
        let clear = |b: &Boxed| {
            !path_points
                .iter()
                .any(|&(px, py)| b.0 <= px && px <= b.2 && b.1 <= py && py <= b.3)
        };
        let boxes: Vec<Boxed> = candidates
            .iter()
            .map(|&(x0, y0)| (x0, y0, x0 + bw, y0 + bh))
            .collect();
        let found = boxes
            .iter()
            .find(|b| free(b) && clear(b))
            .or_else(|| boxes.iter().find(|b| free(b)))
            .copied();
        if let Some(b) = found {
            taken.push(b);
        }
        placed.push(found);
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_avoid_circles_names_and_links() {
        // Two circles side by side, a link going right from the first.
        let nodes = [
            ((100.0, 100.0), 10.0),
            ((160.0, 100.0), 10.0),
            ((300.0, 100.0), 10.0),
        ];
        let placed = place_labels(
            &nodes,
            &[(0, 2)],
            &[(40, 12), (40, 12), (40, 12)],
            (400, 200),
        );
        let first = placed[0].unwrap();
        // Right of it is the second circle: the name goes left, off the link.
        assert_eq!(first, (43, 92, 87, 108));
        assert!(placed.iter().all(Option::is_some));
        // No room at all: left unnamed.
        let placed = place_labels(&[((5.0, 5.0), 4.0)], &[], &[(50, 12)], (12, 12));
        assert_eq!(placed, vec![None]);
    }

    #[test]
    fn layout_is_deterministic_and_fills_the_square() {
        let edges = [(0, 1, 3.0), (1, 2, 1.0), (2, 0, 1.0), (3, 4, 2.0)];
        let a = layout(6, &edges);
        let b = layout(6, &edges);
        assert_eq!(a, b);
        assert!(a
            .iter()
            .all(|&(x, y)| (0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y)));
        let dist =
            |i: usize, j: usize| ((a[i].0 - a[j].0).powi(2) + (a[i].1 - a[j].1).powi(2)).sqrt();
        assert!(
            dist(0, 1) < dist(0, 5),
            "linked authors end up closer than a loner"
        );
    }
}
