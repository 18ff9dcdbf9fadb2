//! Graph exporters (DOT, GraphML, GEXF, JSON and CSV edge lists): every
//! format is read back and compared with the graph it was written from,
//! names and all, including hostile and non-ASCII author names.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{FixedOffset, NaiveDate};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use threadscope::export::{
    write_dot, write_edges_csv, write_edges_json, write_gexf, write_graphml,
};
use threadscope::graph::{AuthorGraph, EdgeKind, GraphBuilder, Graphs};
use threadscope::link::{link, ReplyMode};
use threadscope::{Moment, Parser};

/// A comment section in the seed format: a name line, then the timestamp
/// glued to the body. Bo answers Ana by addressing her, Eve & Co answers Bo
/// with a marker, Zoë names Ana and Bo; Ana answers Bo twice.
const PAGE: &str = "\
Harbour Fees Rise Again
The council met on Tuesday to discuss the harbour fees for small boats.
Ana Lima
May 17, 2024 AT 20:41The fee rise is too steep for small boats.
Bo Chen
May 17, 2024 AT 20:45Ana, the council has no other budget line.
Eve & Co
May 17, 2024 AT 20:52@Bo Chen the budget line exists, check page four.
Zoë Ångström
May 17, 2024 AT 21:03I agree with Ana Lima and Bo Chen on the numbers.
Ana Lima
May 17, 2024 AT 21:10Bo, fair enough, thanks for the figures.
Bo Chen
May 17, 2024 AT 21:12Zoë, the numbers are in the annex.
Ana Lima
May 17, 2024 AT 21:20Bo, then the annex should be published.
";

/// A chat export in which an author's name is markup. The seed format's
/// author rule forbids `<`, `>` and quotes, WhatsApp's only quotes.
const CHAT: &str = "\
17/05/2024, 21:15 - <b>Eve & Co</b>: Ana Lima, the fees pay for the new pier.
17/05/2024, 21:16 - Ana Lima: @<b>Eve & Co</b> which pier?
17/05/2024, 21:18 - Zoë Ångström: Bo Chen knows where the pier is.
";

/// The markup name that comes through the chat grammar.
const MARKUP: &str = "<b>Eve & Co</b>";

fn parsed_graphs() -> Graphs {
    let mut builder = GraphBuilder::default();
    for (path, text, grammar) in [
        ("page.txt", PAGE, "name-line-glued"),
        ("chat.txt", CHAT, "whatsapp"),
    ] {
        let mut parser = Parser::new();
        assert!(parser.force(grammar), "no grammar {grammar}");
        let mut doc = parser.parse(path, text);
        link(&mut doc, text, ReplyMode::All);
        builder.add(&doc);
    }
    builder.finish()
}

fn at(day: u32, hour: u32, minute: u32, offset_hours: Option<i32>) -> Moment {
    Moment {
        local: NaiveDate::from_ymd_opt(2024, 5, day)
            .unwrap()
            .and_hms_opt(hour, minute, 0)
            .unwrap(),
        offset: offset_hours.map(|h| FixedOffset::east_opt(h * 3600).unwrap()),
    }
}

/// Names no grammar would accept, built through the public graph API: quotes,
/// markup, a backslash at the end, line breaks, tabs, NUL and other
/// control characters, a DOT keyword, an entity already escaped.
const HOSTILE: [&str; 8] = [
    "<b>\"Eve\" & Co</b>",
    "<script>alert('x')</script>",
    "back\\slash\\",
    "two\nlines\r\nthree",
    "tab\there, nul\0 bell\u{7} del\u{7f} c1\u{85} nonchar\u{FFFF}",
    "node",
    "AT&amp;T",
    "Zoë 李 🙂",
];

/// Insert `edges` (source index, target index, confidence, day) into a new
/// graph, nodes first in `order`.
fn hostile_graph(order: &[usize]) -> AuthorGraph {
    let mut g = AuthorGraph::new(EdgeKind::Mention);
    for &i in order {
        let n = g.node(HOSTILE[i]);
        let node = &mut g.graph[n];
        node.comments = i + 1;
        node.words = 10 * i + 3;
        if i % 3 != 0 {
            node.first = Some(at(17, 20, i as u32, None));
            node.last = Some(at(18, 9, i as u32, Some(2)));
        }
    }
    let edges = [
        (0, 1, 1.0, Some(17)),
        (1, 0, 0.95, None),
        (2, 3, 0.4, Some(18)),
        (3, 4, 0.7, Some(19)),
        (4, 5, 0.8, None),
        (5, 6, 0.9, Some(20)),
        (6, 7, 1.0, Some(21)),
        (7, 0, 0.75, Some(22)),
        (0, 1, 1.0, Some(23)),
    ];
    let mut list: Vec<_> = edges.to_vec();
    if order.first() != Some(&0) {
        list.reverse();
    }
    for (a, b, confidence, day) in list {
        let time = day.map(|d| at(d, 12, 0, if d % 2 == 0 { Some(-5) } else { None }));
        g.add_edge(HOSTILE[a], HOSTILE[b], time, confidence);
    }
    g
}

fn hostile() -> AuthorGraph {
    hostile_graph(&[0, 1, 2, 3, 4, 5, 6, 7])
}

// ---------------------------------------------------------------------------
// What a graph should read back as.

#[derive(Debug, Clone, PartialEq)]
struct NodeBack {
    comments: usize,
    words: usize,
    first: Option<String>,
    last: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
struct EdgeBack {
    weight: u32,
    confidence: f64,
    first: Option<String>,
    last: Option<String>,
}

type Back = (
    BTreeMap<String, NodeBack>,
    BTreeMap<(String, String), EdgeBack>,
);

/// The graph as the exporters should give it back, names passed through
/// `name` (identity for JSON and CSV; control characters replaced for XML
/// and DOT).
fn expected(graph: &AuthorGraph, name: fn(&str) -> String) -> Back {
    let nodes = graph
        .nodes_by_name()
        .into_iter()
        .map(|n| {
            (
                name(&n.name),
                NodeBack {
                    comments: n.comments,
                    words: n.words,
                    first: n.first.map(|t| t.to_string()),
                    last: n.last.map(|t| t.to_string()),
                },
            )
        })
        .collect::<BTreeMap<_, _>>();
    assert_eq!(
        nodes.len(),
        graph.node_count(),
        "names collide once escaped"
    );
    let edges = graph
        .edges_by_name()
        .into_iter()
        .map(|(s, t, e)| {
            (
                (name(s), name(t)),
                EdgeBack {
                    weight: e.weight,
                    confidence: e.confidence,
                    first: e.first.map(|t| t.to_string()),
                    last: e.last.map(|t| t.to_string()),
                },
            )
        })
        .collect();
    (nodes, edges)
}

fn exact(name: &str) -> String {
    name.to_owned()
}

/// What XML 1.0 and DOT can hold: control characters other than tab, LF
/// and CR, and U+FFFE/U+FFFF, become U+FFFD.
fn visible(name: &str) -> String {
    name.chars()
        .map(|c| {
            let control =
                (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || ('\u{7f}'..='\u{9f}').contains(&c);
            if control || c == '\u{FFFE}' || c == '\u{FFFF}' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

fn written(graph: &AuthorGraph, write: Writer) -> String {
    let mut out = Vec::new();
    write(graph, &mut out).unwrap();
    String::from_utf8(out).expect("exporters write UTF-8")
}

type Writer = fn(&AuthorGraph, &mut Vec<u8>) -> std::io::Result<()>;

const WRITERS: [(&str, Writer); 5] = [
    ("dot", |g, o| write_dot(g, o)),
    ("graphml", |g, o| write_graphml(g, o)),
    ("gexf", |g, o| write_gexf(g, o)),
    ("json", |g, o| write_edges_json(g, o)),
    ("csv", |g, o| write_edges_csv(g, o)),
];

/// Every graph the tests check: both graphs of the parsed pages, and the
/// hostile one.
fn all_graphs() -> Vec<AuthorGraph> {
    let graphs = parsed_graphs();
    vec![graphs.reply, graphs.mention, hostile()]
}

// ---------------------------------------------------------------------------
// The parsed pages make the graphs the tests rely on.

#[test]
fn pages_give_reply_and_mention_edges_with_hostile_and_non_ascii_names() {
    let graphs = parsed_graphs();
    let names: BTreeSet<&str> = graphs
        .reply
        .nodes_by_name()
        .into_iter()
        .map(|n| n.name.as_str())
        .collect();
    for name in ["Ana Lima", "Bo Chen", "Eve & Co", "Zoë Ångström", MARKUP] {
        assert!(names.contains(name), "{name:?} missing from {names:?}");
    }
    let reply: BTreeMap<(&str, &str), u32> = graphs
        .reply
        .edges_by_name()
        .into_iter()
        .map(|(s, t, e)| ((s, t), e.weight))
        .collect();
    assert_eq!(reply.get(&("Bo Chen", "Ana Lima")), Some(&1), "{reply:?}");
    assert_eq!(reply.get(&("Eve & Co", "Bo Chen")), Some(&1), "{reply:?}");
    assert_eq!(reply.get(&("Ana Lima", "Bo Chen")), Some(&2), "{reply:?}");
    assert!(
        reply.keys().any(|(s, t)| *s == MARKUP || *t == MARKUP),
        "{reply:?}"
    );
    let mention: BTreeSet<(&str, &str)> = graphs
        .mention
        .edges_by_name()
        .into_iter()
        .map(|(s, t, _)| (s, t))
        .collect();
    assert!(
        mention.contains(&("Zoë Ångström", "Ana Lima")),
        "{mention:?}"
    );
    assert!(
        mention.contains(&("Zoë Ångström", "Bo Chen")),
        "{mention:?}"
    );
    // Times are known on the parsed graphs, so start/end get exercised.
    assert!(graphs
        .reply
        .edges_by_name()
        .iter()
        .all(|e| e.2.first.is_some()));
}

// ---------------------------------------------------------------------------
// GraphML

/// Declared GraphML keys, by id: (for, attr.name, attr.type).
type Keys = BTreeMap<String, (String, String, String)>;

fn attrs(e: &BytesStart<'_>) -> BTreeMap<String, String> {
    e.attributes()
        .map(|a| {
            let a = a.expect("well-formed attribute");
            (
                String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                a.unescape_value().expect("known entities").into_owned(),
            )
        })
        .collect()
}

fn read_graphml(xml: &str) -> (Keys, BTreeMap<String, String>, Back) {
    let mut reader = Reader::from_str(xml);
    let mut keys = Keys::new();
    let mut graph_attrs = BTreeMap::new();
    // Element being read: ("node" | "edge", its XML attributes, its data).
    type Element = (String, BTreeMap<String, String>, BTreeMap<String, String>);
    let mut current: Option<Element> = None;
    let mut data_key: Option<String> = None;
    let mut text = String::new();
    let mut nodes_raw: Vec<Element> = Vec::new();
    let mut edges_raw: Vec<Element> = Vec::new();
    loop {
        match reader.read_event().expect("well-formed GraphML") {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"key" => {
                let a = attrs(&e);
                let previous = keys.insert(
                    a["id"].clone(),
                    (
                        a["for"].clone(),
                        a["attr.name"].clone(),
                        a["attr.type"].clone(),
                    ),
                );
                assert!(previous.is_none(), "key {} declared twice", a["id"]);
            }
            Event::Start(e) if e.name().as_ref() == b"graph" => graph_attrs = attrs(&e),
            Event::Start(e) if matches!(e.name().as_ref(), b"node" | b"edge") => {
                let kind = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                current = Some((kind, attrs(&e), BTreeMap::new()));
            }
            Event::Empty(e) if matches!(e.name().as_ref(), b"node" | b"edge") => {
                let kind = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                let element = (kind, attrs(&e), BTreeMap::new());
                if element.0 == "node" {
                    nodes_raw.push(element);
                } else {
                    edges_raw.push(element);
                }
            }
            Event::Start(e) if e.name().as_ref() == b"data" => {
                data_key = Some(attrs(&e)["key"].clone());
                text.clear();
            }
            Event::Text(t) if data_key.is_some() => text.push_str(&t.unescape().unwrap()),
            Event::End(e) if e.name().as_ref() == b"data" => {
                let key = data_key.take().unwrap();
                let element = current.as_mut().expect("data inside a node or edge");
                let (what, _, _) = &keys[&key];
                assert_eq!(what, &element.0, "key {key} used on the wrong element");
                let previous = element.2.insert(key.clone(), text.clone());
                assert!(previous.is_none(), "data {key} given twice");
            }
            Event::End(e) if matches!(e.name().as_ref(), b"node" | b"edge") => {
                let element = current.take().unwrap();
                if element.0 == "node" {
                    nodes_raw.push(element);
                } else {
                    edges_raw.push(element);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // Read the data by attribute name, not by key id.
    let by_name = |data: &BTreeMap<String, String>| -> BTreeMap<String, String> {
        data.iter()
            .map(|(k, v)| (keys[k].1.clone(), v.clone()))
            .collect()
    };
    let mut id_to_name = BTreeMap::new();
    let mut nodes = BTreeMap::new();
    for (_, a, data) in &nodes_raw {
        let d = by_name(data);
        id_to_name.insert(a["id"].clone(), d["name"].clone());
        let previous = nodes.insert(
            d["name"].clone(),
            NodeBack {
                comments: d["comments"].parse().unwrap(),
                words: d["words"].parse().unwrap(),
                first: d.get("first").cloned(),
                last: d.get("last").cloned(),
            },
        );
        assert!(previous.is_none(), "node {} twice", d["name"]);
    }
    let mut edges = BTreeMap::new();
    for (_, a, data) in &edges_raw {
        let d = by_name(data);
        assert_eq!(
            d["kind"], graph_attrs["id"],
            "edge kind is the graph's kind"
        );
        let pair = (
            id_to_name[&a["source"]].clone(),
            id_to_name[&a["target"]].clone(),
        );
        let previous = edges.insert(
            pair,
            EdgeBack {
                weight: d["weight"].parse().unwrap(),
                confidence: d["confidence"].parse().unwrap(),
                first: d.get("first").cloned(),
                last: d.get("last").cloned(),
            },
        );
        assert!(previous.is_none(), "edge twice");
    }
    (keys, graph_attrs, (nodes, edges))
}

#[test]
fn graphml_round_trips_names_edges_weights_and_attributes() {
    for graph in all_graphs() {
        let xml = written(&graph, WRITERS[1].1);
        let (keys, graph_attrs, back) = read_graphml(&xml);
        let declared: BTreeSet<(String, String, String)> = keys.into_values().collect();
        let want: BTreeSet<(String, String, String)> = [
            ("node", "name", "string"),
            ("node", "comments", "int"),
            ("node", "words", "int"),
            ("node", "first", "string"),
            ("node", "last", "string"),
            ("edge", "kind", "string"),
            ("edge", "weight", "int"),
            ("edge", "confidence", "double"),
            ("edge", "first", "string"),
            ("edge", "last", "string"),
        ]
        .into_iter()
        .map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned()))
        .collect();
        assert_eq!(declared, want);
        assert_eq!(graph_attrs["edgedefault"], "directed");
        assert_eq!(graph_attrs["id"], graph.kind.as_str());
        assert_eq!(back, expected(&graph, visible), "{xml}");
        assert_xml_safe(&xml);
    }
}

/// No raw markup from the input, and no character XML 1.0 cannot hold.
fn assert_xml_safe(xml: &str) {
    // Line breaks and tabs from names are character references: a raw one
    // in an attribute value would read back as a space (XML 1.0 §3.3.3).
    assert!(!xml.contains('\r') && !xml.contains('\t'));
    for line in xml.lines() {
        assert!(
            line.trim_start().starts_with('<'),
            "raw line break before {line:?}"
        );
    }
    assert!(!xml.contains("<b>"), "unescaped <b> in\n{xml}");
    assert!(!xml.contains("<script"), "unescaped <script> in\n{xml}");
    for c in xml.chars() {
        let allowed = matches!(c, '\t' | '\n' | '\r')
            || (' '..='\u{D7FF}').contains(&c)
            || ('\u{E000}'..='\u{FFFD}').contains(&c)
            || c >= '\u{10000}';
        assert!(allowed, "XML 1.0 cannot hold {c:?}");
        assert!(
            !('\u{7f}'..='\u{9f}').contains(&c),
            "control character {c:?}"
        );
    }
}

// ---------------------------------------------------------------------------
// GEXF

struct Gexf {
    root: BTreeMap<String, String>,
    graph: BTreeMap<String, String>,
    /// (class, id) -> (title, type)
    attributes: BTreeMap<(String, String), (String, String)>,
    /// Label -> XML attributes of the node.
    node_attrs: BTreeMap<String, BTreeMap<String, String>>,
    back: Back,
    kinds: BTreeSet<String>,
}

fn read_gexf(xml: &str) -> Gexf {
    let mut reader = Reader::from_str(xml);
    let mut root = BTreeMap::new();
    let mut graph = BTreeMap::new();
    let mut attributes = BTreeMap::new();
    let mut class = String::new();
    // ("node" | "edge", XML attributes, attvalues)
    type Element = (String, BTreeMap<String, String>, BTreeMap<String, String>);
    let mut current: Option<Element> = None;
    let mut elements: Vec<Element> = Vec::new();
    loop {
        let event = reader.read_event().expect("well-formed GEXF");
        let (e, empty) = match &event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                if matches!(e.name().as_ref(), b"node" | b"edge") {
                    elements.push(current.take().unwrap());
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        match e.name().as_ref() {
            b"gexf" => root = attrs(e),
            b"graph" => graph = attrs(e),
            b"attributes" => class = attrs(e)["class"].clone(),
            b"attribute" => {
                let a = attrs(e);
                let previous = attributes.insert(
                    (class.clone(), a["id"].clone()),
                    (a["title"].clone(), a["type"].clone()),
                );
                assert!(previous.is_none(), "attribute declared twice");
            }
            name @ (b"node" | b"edge") => {
                let element = (
                    String::from_utf8(name.to_vec()).unwrap(),
                    attrs(e),
                    BTreeMap::new(),
                );
                if empty {
                    elements.push(element);
                } else {
                    current = Some(element);
                }
            }
            b"attvalue" => {
                let a = attrs(e);
                let element = current.as_mut().expect("attvalue inside a node or edge");
                assert!(
                    attributes.contains_key(&(element.0.clone(), a["for"].clone())),
                    "attvalue for undeclared {}",
                    a["for"]
                );
                let previous = element.2.insert(a["for"].clone(), a["value"].clone());
                assert!(previous.is_none(), "attvalue given twice");
            }
            _ => {}
        }
    }
    let mut id_to_name = BTreeMap::new();
    let mut node_attrs = BTreeMap::new();
    let mut nodes = BTreeMap::new();
    let mut edges = BTreeMap::new();
    let mut kinds = BTreeSet::new();
    for (what, a, values) in &elements {
        if what == "node" {
            id_to_name.insert(a["id"].clone(), a["label"].clone());
            node_attrs.insert(a["label"].clone(), a.clone());
            let previous = nodes.insert(
                a["label"].clone(),
                NodeBack {
                    comments: values["comments"].parse().unwrap(),
                    words: values["words"].parse().unwrap(),
                    first: a.get("start").cloned(),
                    last: a.get("end").cloned(),
                },
            );
            assert!(previous.is_none(), "node {} twice", a["label"]);
        }
    }
    for (what, a, values) in &elements {
        if what == "edge" {
            kinds.insert(values["kind"].clone());
            let pair = (
                id_to_name[&a["source"]].clone(),
                id_to_name[&a["target"]].clone(),
            );
            let previous = edges.insert(
                pair,
                EdgeBack {
                    weight: a["weight"].parse().unwrap(),
                    confidence: values["confidence"].parse().unwrap(),
                    first: a.get("start").cloned(),
                    last: a.get("end").cloned(),
                },
            );
            assert!(previous.is_none(), "edge twice");
        }
    }
    Gexf {
        root,
        graph,
        attributes,
        node_attrs,
        back: (nodes, edges),
        kinds,
    }
}

#[test]
fn gexf_round_trips_names_edges_weights_times_and_attributes() {
    for graph in all_graphs() {
        let xml = written(&graph, WRITERS[2].1);
        let gexf = read_gexf(&xml);
        assert_eq!(gexf.root["xmlns"], "http://gexf.net/1.3");
        assert_eq!(gexf.root["version"], "1.3");
        assert_eq!(gexf.graph["defaultedgetype"], "directed");
        assert_eq!(gexf.graph["mode"], "dynamic");
        // The schema spells it dateTime; Gephi ignores case.
        assert!(gexf.graph["timeformat"].eq_ignore_ascii_case("datetime"));
        let declared: BTreeMap<(String, String), (String, String)> = [
            ("node", "comments", "integer"),
            ("node", "words", "integer"),
            ("edge", "kind", "string"),
            ("edge", "confidence", "double"),
        ]
        .into_iter()
        .map(|(c, id, t)| ((c.to_owned(), id.to_owned()), (id.to_owned(), t.to_owned())))
        .collect();
        assert_eq!(gexf.attributes, declared);
        assert_eq!(gexf.back, expected(&graph, visible), "{xml}");
        if graph.edge_count() > 0 {
            assert_eq!(gexf.kinds, BTreeSet::from([graph.kind.as_str().to_owned()]));
        }
        // start/end are there exactly when the times are known.
        for node in graph.nodes_by_name() {
            let a = &gexf.node_attrs[&visible(&node.name)];
            assert_eq!(a.contains_key("start"), node.first.is_some());
            assert_eq!(a.contains_key("end"), node.last.is_some());
        }
        assert_xml_safe(&xml);
    }
}

// ---------------------------------------------------------------------------
// JSON and CSV edge lists

#[test]
fn edges_json_round_trips_with_names_not_indices() {
    for graph in all_graphs() {
        let text = written(&graph, WRITERS[3].1);
        assert!(text.ends_with("}\n"));
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let object = value.as_object().unwrap();
        assert_eq!(
            object.keys().collect::<Vec<_>>(),
            ["edges", "kind", "nodes"]
        );
        assert_eq!(value["kind"], graph.kind.as_str());
        let (want_nodes, want_edges) = expected(&graph, exact);
        let nodes = value["nodes"].as_array().unwrap();
        // Sorted by name, with exactly these fields.
        let names: Vec<&str> = nodes.iter().map(|n| n["name"].as_str().unwrap()).collect();
        assert_eq!(
            names,
            want_nodes.keys().map(String::as_str).collect::<Vec<_>>()
        );
        for n in nodes {
            assert_eq!(n.as_object().unwrap().len(), 3, "{n}");
            let want = &want_nodes[n["name"].as_str().unwrap()];
            assert_eq!(n["comments"], want.comments);
            assert_eq!(n["words"], want.words);
        }
        let edges = value["edges"].as_array().unwrap();
        let mut back = BTreeMap::new();
        let mut order = Vec::new();
        for e in edges {
            assert_eq!(e.as_object().unwrap().len(), 6, "{e}");
            let (s, t) = (e["source"].as_str().unwrap(), e["target"].as_str().unwrap());
            assert!(want_nodes.contains_key(s) && want_nodes.contains_key(t));
            order.push((s.to_owned(), t.to_owned()));
            let time = |v: &serde_json::Value| v.as_str().map(str::to_owned);
            back.insert(
                (s.to_owned(), t.to_owned()),
                EdgeBack {
                    weight: e["weight"].as_u64().unwrap() as u32,
                    confidence: e["confidence"].as_f64().unwrap(),
                    first: time(&e["first"]),
                    last: time(&e["last"]),
                },
            );
        }
        assert_eq!(order, want_edges.keys().cloned().collect::<Vec<_>>());
        assert_eq!(back, want_edges);
    }
}

/// Records of an RFC 4180 document; every record must end with a line end.
fn read_csv(text: &str) -> Vec<Vec<String>> {
    assert!(
        text.is_empty() || text.ends_with('\n'),
        "last record unterminated"
    );
    common::read_csv(text)
}

#[test]
fn edges_csv_round_trips_with_rfc4180_quoting() {
    for graph in all_graphs() {
        let text = written(&graph, WRITERS[4].1);
        assert!(text.ends_with("\r\n"));
        let records = read_csv(&text);
        assert_eq!(
            records[0],
            [
                "source",
                "target",
                "kind",
                "weight",
                "confidence",
                "first",
                "last"
            ]
        );
        let (_, want_edges) = expected(&graph, exact);
        let mut back = BTreeMap::new();
        let mut order = Vec::new();
        for r in &records[1..] {
            assert_eq!(r.len(), 7, "{r:?}");
            assert_eq!(r[2], graph.kind.as_str());
            let time = |f: &String| (!f.is_empty()).then(|| f.clone());
            order.push((r[0].clone(), r[1].clone()));
            back.insert(
                (r[0].clone(), r[1].clone()),
                EdgeBack {
                    weight: r[3].parse().unwrap(),
                    confidence: r[4].parse().unwrap(),
                    first: time(&r[5]),
                    last: time(&r[6]),
                },
            );
        }
        assert_eq!(order, want_edges.keys().cloned().collect::<Vec<_>>());
        assert_eq!(back, want_edges);
    }
}

// ---------------------------------------------------------------------------
// DOT

#[derive(Debug, PartialEq)]
enum Token {
    /// The text between the quotes, as written (escapes not decoded).
    Quoted(String),
    Word(String),
    Arrow,
    Punct(char),
}

fn dot_tokens(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '"' => {
                // Graphviz: `\"` is a quote, `\\` stays a pair (so `\\"` ends the string).
                let mut raw = String::new();
                loop {
                    match chars.next().expect("unterminated string") {
                        '\\' => {
                            raw.push('\\');
                            raw.push(chars.next().expect("dangling backslash"));
                        }
                        '"' => break,
                        c => raw.push(c),
                    }
                }
                tokens.push(Token::Quoted(raw));
            }
            '-' if chars.peek() == Some(&'>') => {
                chars.next();
                tokens.push(Token::Arrow);
            }
            c if c.is_alphanumeric() || c == '.' || c == '_' => {
                let mut word = String::from(c);
                while let Some(&c) = chars.peek() {
                    if c.is_alphanumeric() || c == '.' || c == '_' {
                        word.push(c);
                        chars.next();
                    } else {
                        break;
                    }
                }
                tokens.push(Token::Word(word));
            }
            '{' | '}' | '[' | ']' | ';' | ',' | '=' => tokens.push(Token::Punct(c)),
            c => panic!("unexpected {c:?} outside quotes"),
        }
    }
    tokens
}

/// A quoted string read as Graphviz reads an escString label: `\\`, `\"`,
/// `\n`, `\r` decoded, and with `entities`, `&amp;` decoded too.
fn unescape_dot(raw: &str, entities: bool) -> String {
    let mut out = String::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next().unwrap() {
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                c @ ('\\' | '"') => out.push(c),
                c => panic!("unexpected escape \\{c}"),
            }
        } else {
            out.push(c);
        }
    }
    if entities {
        assert!(
            !out.replace("&amp;", "").contains('&'),
            "bare & in label {raw:?}"
        );
        out = out.replace("&amp;", "&");
    }
    out
}

struct Dot {
    name: String,
    /// Node id -> attributes (raw quoted or bare values).
    nodes: BTreeMap<String, BTreeMap<String, String>>,
    /// (source id, target id) -> attributes.
    edges: BTreeMap<(String, String), BTreeMap<String, String>>,
}

/// Reads tokens one by one.
struct Cursor {
    tokens: Vec<Token>,
    at: usize,
}

impl Cursor {
    fn next(&mut self) -> &Token {
        self.at += 1;
        self.tokens.get(self.at - 1).expect("text ends early")
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn quoted(&mut self) -> String {
        match self.next() {
            Token::Quoted(s) => s.clone(),
            t => panic!("expected a quoted string, got {t:?}"),
        }
    }

    fn expect(&mut self, want: Token) {
        let got = self.next();
        assert_eq!(got, &want);
    }

    /// `[key=value, …];`
    fn attr_list(&mut self) -> BTreeMap<String, String> {
        let mut list = BTreeMap::new();
        self.expect(Token::Punct('['));
        loop {
            let key = match self.next() {
                Token::Word(k) => k.clone(),
                t => panic!("attribute name {t:?}"),
            };
            self.expect(Token::Punct('='));
            let value = match self.next() {
                Token::Quoted(v) | Token::Word(v) => v.clone(),
                t => panic!("attribute value {t:?}"),
            };
            assert!(list.insert(key, value).is_none(), "attribute twice");
            match self.next() {
                Token::Punct(',') => continue,
                Token::Punct(']') => break,
                t => panic!("in attribute list: {t:?}"),
            }
        }
        self.expect(Token::Punct(';'));
        list
    }
}

fn read_dot(text: &str) -> Dot {
    let mut c = Cursor {
        tokens: dot_tokens(text),
        at: 0,
    };
    c.expect(Token::Word("digraph".into()));
    let name = c.quoted();
    c.expect(Token::Punct('{'));
    let mut nodes = BTreeMap::new();
    let mut edges = BTreeMap::new();
    loop {
        match c.next() {
            Token::Punct('}') => break,
            Token::Word(w) if w == "node" => {
                c.attr_list();
            }
            Token::Quoted(id) => {
                let id = id.clone();
                if c.peek() == Some(&Token::Arrow) {
                    c.next();
                    let target = c.quoted();
                    let list = c.attr_list();
                    assert!(edges.insert((id, target), list).is_none(), "edge twice");
                } else {
                    let list = c.attr_list();
                    assert!(nodes.insert(id, list).is_none(), "node twice");
                }
            }
            t => panic!("unexpected statement {t:?}"),
        }
    }
    assert!(c.peek().is_none(), "text after the graph");
    Dot { name, nodes, edges }
}

#[test]
fn dot_holds_every_node_and_edge_with_escaped_labels() {
    for graph in all_graphs() {
        let text = written(&graph, WRITERS[0].1);
        let dot = read_dot(&text);
        assert_eq!(dot.name, graph.kind.as_str());
        let (want_nodes, want_edges) = expected(&graph, visible);
        // Ids decode to the names, and every label shows the name.
        let mut nodes = BTreeMap::new();
        for (id, a) in &dot.nodes {
            let name = unescape_dot(id, false);
            assert_eq!(unescape_dot(&a["label"], true), name, "label of {id:?}");
            let time = |k: &str| a.get(k).map(|v| unescape_dot(v, false));
            nodes.insert(
                name,
                NodeBack {
                    comments: a["comments"].parse().unwrap(),
                    words: a["words"].parse().unwrap(),
                    first: time("first"),
                    last: time("last"),
                },
            );
        }
        assert_eq!(nodes, want_nodes, "{text}");
        let heaviest = want_edges.values().map(|e| e.weight).max().unwrap_or(1);
        let mut edges = BTreeMap::new();
        for ((s, t), a) in &dot.edges {
            assert!(dot.nodes.contains_key(s) && dot.nodes.contains_key(t));
            let weight: u32 = a["weight"].parse().unwrap();
            assert_eq!(a["label"], weight.to_string());
            let pen: f64 = a["penwidth"].parse().unwrap();
            assert!((1.0..=5.0).contains(&pen), "penwidth {pen}");
            if weight == heaviest {
                assert_eq!(pen, 5.0);
            }
            let time = |k: &str| a.get(k).map(|v| unescape_dot(v, false));
            edges.insert(
                (unescape_dot(s, false), unescape_dot(t, false)),
                EdgeBack {
                    weight,
                    confidence: a["confidence"].parse().unwrap(),
                    first: time("first"),
                    last: time("last"),
                },
            );
        }
        assert_eq!(edges, want_edges, "{text}");
        // Statements come in order: nodes by name, then edges by names.
        let ids: Vec<&String> = dot.nodes.keys().collect();
        let mut in_text: Vec<usize> = ids
            .iter()
            .map(|id| text.find(&format!("\n  \"{id}\" [label=")).unwrap())
            .collect();
        let sorted_names: Vec<String> = ids.iter().map(|id| unescape_dot(id, false)).collect();
        let mut by_name: Vec<(String, usize)> = sorted_names
            .into_iter()
            .zip(in_text.iter().copied())
            .collect();
        by_name.sort();
        in_text.sort();
        assert_eq!(
            by_name.into_iter().map(|p| p.1).collect::<Vec<_>>(),
            in_text
        );
    }
}

#[test]
fn dot_escapes_the_hostile_names_as_graphviz_expects() {
    let text = written(&hostile(), WRITERS[0].1);
    for line in [
        r#"  "<b>\"Eve\" & Co</b>" [label="<b>\"Eve\" &amp; Co</b>", comments=1, words=3];"#,
        r#"  "back\\slash\\" [label="back\\slash\\", comments=3, words=23"#,
        r#"  "two\nlines\r\nthree" [label="two\nlines\r\nthree", comments=4, words=33];"#,
        r#"  "AT&amp;T" [label="AT&amp;amp;T", comments=7, words=63"#,
        r#"  "node" [label="node", comments=6, words=53"#,
        "  \"tab\there, nul\u{FFFD} bell\u{FFFD} del\u{FFFD} c1\u{FFFD} nonchar\u{FFFD}\" [label=",
    ] {
        assert!(text.contains(line), "no {line:?} in\n{text}");
    }
    assert!(!text.contains('\0') && !text.contains('\u{7}'));
}

// ---------------------------------------------------------------------------
// Determinism

#[test]
fn writing_twice_gives_identical_bytes() {
    for graph in all_graphs() {
        for (format, write) in WRITERS {
            assert_eq!(
                written(&graph, write),
                written(&graph, write),
                "{format} differs between two writes"
            );
        }
    }
    // Graphs parsed twice (fresh hash maps) write the same bytes too.
    let (a, b) = (parsed_graphs(), parsed_graphs());
    for (format, write) in WRITERS {
        assert_eq!(
            written(&a.reply, write),
            written(&b.reply, write),
            "{format}"
        );
        assert_eq!(
            written(&a.mention, write),
            written(&b.mention, write),
            "{format}"
        );
    }
}

#[test]
fn output_does_not_depend_on_insertion_order() {
    // Same nodes and edges, inserted in the opposite order: other petgraph
    // indices, same bytes.
    let forward = hostile_graph(&[0, 1, 2, 3, 4, 5, 6, 7]);
    let backward = hostile_graph(&[7, 6, 5, 4, 3, 2, 1, 0]);
    assert_ne!(
        forward.graph.node_weights().next().map(|n| &n.name),
        backward.graph.node_weights().next().map(|n| &n.name)
    );
    for (format, write) in WRITERS {
        assert_eq!(
            written(&forward, write),
            written(&backward, write),
            "{format} depends on insertion order"
        );
    }
}

#[test]
fn empty_graphs_are_valid_documents() {
    let empty = AuthorGraph::new(EdgeKind::Reply);
    let (keys, _, back) = read_graphml(&written(&empty, WRITERS[1].1));
    assert_eq!(keys.len(), 10);
    assert!(back.0.is_empty() && back.1.is_empty());
    assert!(read_gexf(&written(&empty, WRITERS[2].1)).back.0.is_empty());
    assert!(read_dot(&written(&empty, WRITERS[0].1)).nodes.is_empty());
    assert_eq!(
        written(&empty, WRITERS[3].1),
        "{\"kind\":\"reply\",\"nodes\":[],\"edges\":[]}\n"
    );
    assert_eq!(
        written(&empty, WRITERS[4].1),
        "source,target,kind,weight,confidence,first,last\r\n"
    );
}
