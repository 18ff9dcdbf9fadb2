//! Reply inference and mention resolution on pages written for these tests.

use threadscope::graph::GraphBuilder;
use threadscope::link::{link, ReplyMode};
use threadscope::model::{EvidenceKind, MentionKind};
use threadscope::Document;

/// A page in the seed layout from (author, minute, body) triples.
fn page(comments: &[(&str, u32, &str)]) -> String {
    let mut text = String::from(
        "Night Buses Return to the Valley\nThe regional council restored the late bus on Friday.\n",
    );
    for (author, minute, body) in comments {
        text.push_str(&format!(
            "{author}\nMarch 3, 2024 AT 21:{minute:02}{body}\n"
        ));
    }
    text
}

fn linked(text: &str, mode: ReplyMode) -> Document<'_> {
    let mut doc = threadscope::parse("t.txt", text);
    assert_eq!(doc.grammar.as_deref(), Some("name-line-glued"));
    link(&mut doc, text, mode);
    doc
}

fn parents<'d>(doc: &'d Document<'_>) -> Vec<Option<&'d str>> {
    doc.comments.iter().map(|c| c.parent.as_deref()).collect()
}

fn kind(doc: &Document<'_>, i: usize) -> Option<EvidenceKind> {
    doc.comments[i].parent_evidence.as_ref().map(|e| e.kind)
}

#[test]
fn explicit_markers_and_their_confidence() {
    let text = page(&[
        (
            "Rosa Vidal",
            1,
            "The 23:40 bus is the one that matters for shift workers.",
        ),
        ("Kwame Boateng", 2, "Does anyone know the winter timetable?"),
        (
            "Ilse Krüger",
            3,
            "@Rosa Vidal it stops at the hospital too, which helps.",
        ),
        (
            "Tariq Aziz",
            4,
            "In reply to Kwame: it is on the council site.",
        ),
    ]);
    let doc = linked(&text, ReplyMode::All);
    assert_eq!(parents(&doc), [None, None, Some("c1"), Some("c2")]);
    assert_eq!(kind(&doc, 2), Some(EvidenceKind::Marker));
    assert_eq!(kind(&doc, 3), Some(EvidenceKind::Marker));
    assert!(doc.comments[2].parent_evidence.as_ref().unwrap().confidence >= 0.9);
    assert_eq!(
        doc.comments[2].parent_evidence.as_ref().unwrap().cue,
        "@Rosa Vidal"
    );
}

#[test]
fn a_quote_of_an_earlier_comment_points_to_it() {
    let text = page(&[
        (
            "Rosa Vidal",
            1,
            "Buses after midnight were cut in 2019 and never came back.",
        ),
        ("Kwame Boateng", 2, "Fares went up again this spring."),
        (
            "Ilse Krüger",
            3,
            "> Buses after midnight were cut in 2019\nThat is not right, the cut was in 2020.",
        ),
    ]);
    let doc = linked(&text, ReplyMode::Explicit);
    assert_eq!(parents(&doc), [None, None, Some("c1")]);
    assert_eq!(kind(&doc, 2), Some(EvidenceKind::Quote));
}

#[test]
fn possessives_and_vocatives_address_the_latest_earlier_comment() {
    let text = page(&[
        ("Rosa Vidal", 1, "The route should go past the station."),
        ("Kwame Boateng", 2, "It already does on weekdays."),
        ("Rosa Vidal", 3, "Only until ten, which is the problem."),
        (
            "Ilse Krüger",
            4,
            "Rosa's point about the station is the key one.",
        ),
        (
            "Tariq Aziz",
            5,
            "Kwame, the weekday route changed in January.",
        ),
    ]);
    let doc = linked(&text, ReplyMode::Addressed);
    // Rosa's latest earlier comment is c3, not c1.
    assert_eq!(parents(&doc), [None, None, None, Some("c3"), Some("c2")]);
    assert_eq!(kind(&doc, 3), Some(EvidenceKind::Addressed));
    assert_eq!(
        doc.comments[3].parent_evidence.as_ref().unwrap().cue,
        "Rosa's point"
    );
    assert_eq!(
        doc.comments[4].parent_evidence.as_ref().unwrap().confidence,
        0.8
    );
}

#[test]
fn two_participants_sharing_a_first_name_are_not_guessed() {
    let text = page(&[
        ("Maria Costa", 1, "I drive the late shift on this route."),
        ("Maria Lindgren", 2, "I ride it every Thursday."),
        ("Jonas Berg", 3, "Maria, which stop do you use?"),
        (
            "Paul Otieno",
            4,
            "As Lindgren said, Thursdays are the busiest.",
        ),
    ]);
    let doc = linked(&text, ReplyMode::All);
    assert_eq!(doc.comments[2].parent, None, "Maria is ambiguous");
    let m = &doc.comments[2].mentions[0];
    assert_eq!(m.kind, MentionKind::Ambiguous);
    assert_eq!(m.candidates, vec!["Maria Costa", "Maria Lindgren"]);
    // A surname only one participant has is resolved.
    assert_eq!(doc.comments[3].parent.as_deref(), Some("c2"));
    assert_eq!(
        doc.comments[3].mentions[0].target.as_deref(),
        Some("Maria Lindgren")
    );
}

#[test]
fn names_that_are_common_words_are_matched_with_care() {
    let text = page(&[
        ("Will Ortega", 1, "The stop by the mill needs a shelter."),
        (
            "Susan Mark",
            2,
            "We mark that stop as dangerous every winter.",
        ),
        (
            "Grace Obi",
            3,
            "Will it be lit at night? That is my question.",
        ),
        ("Dan Reyes", 4, "I agree with Will about the shelter."),
    ]);
    let doc = linked(&text, ReplyMode::All);
    // "mark" (a verb) is not Susan Mark; "Will it be lit" is not Will Ortega.
    assert!(
        doc.comments[1].mentions.is_empty(),
        "{:?}",
        doc.comments[1].mentions
    );
    assert!(
        doc.comments[2].mentions.is_empty(),
        "{:?}",
        doc.comments[2].mentions
    );
    assert_eq!(doc.comments[2].parent, None);
    assert_eq!(doc.comments[3].parent.as_deref(), Some("c1"));
    assert_eq!(
        doc.comments[3].mentions[0].target.as_deref(),
        Some("Will Ortega")
    );
}

#[test]
fn a_chain_of_five_replies_and_a_reply_further_up() {
    let text = page(&[
        ("Rosa Vidal", 1, "Start of the argument."),
        ("Kwame Boateng", 2, "Rosa, I see it differently."),
        ("Ilse Krüger", 3, "Kwame, differently how?"),
        ("Tariq Aziz", 4, "Ilse, he means the fares."),
        ("Noor Haddad", 5, "Tariq, the fares are fine."),
        (
            "Emil Sauer",
            6,
            "Rosa's argument still stands, whatever the fares.",
        ),
    ]);
    let doc = linked(&text, ReplyMode::All);
    assert_eq!(
        parents(&doc),
        [
            None,
            Some("c1"),
            Some("c2"),
            Some("c3"),
            Some("c4"),
            Some("c1")
        ]
    );
    let mut builder = GraphBuilder::default();
    builder.add(&doc);
    let graphs = builder.finish();
    let m = graphs.forest.metrics();
    assert_eq!(m.longest_chain, 5);
    assert_eq!(
        m.longest_chain_ids,
        ["t.txt#c1", "t.txt#c2", "t.txt#c3", "t.txt#c4", "t.txt#c5"]
    );
    assert_eq!(m.depth_histogram, vec![1, 2, 1, 1, 1]);
    // Response times on reply edges: one minute each along the chain, five minutes for the last.
    assert_eq!(m.response.count, 5);
    assert_eq!(m.response.median_seconds, Some(60));
    assert_eq!(m.response.p90_seconds, Some(300));
    let rosa = graphs
        .reply
        .metrics()
        .authors
        .into_iter()
        .find(|a| a.name == "Rosa Vidal")
        .unwrap();
    assert_eq!(rosa.in_degree, 2);
}

#[test]
fn self_mentions_are_kept_but_draw_no_edge() {
    let text = page(&[
        ("Rosa Vidal", 1, "I said this last year."),
        ("Kwame Boateng", 2, "Rosa's plan again?"),
        (
            "Rosa Vidal",
            3,
            "Yes, Rosa's plan, as Rosa Vidal always says.",
        ),
    ]);
    let doc = linked(&text, ReplyMode::All);
    assert_eq!(
        doc.comments[2].parent.as_deref(),
        None,
        "no reply to oneself"
    );
    assert!(doc.comments[2]
        .mentions
        .iter()
        .all(|m| m.target.as_deref() == Some("Rosa Vidal")));
    let mut builder = GraphBuilder::default();
    builder.add(&doc);
    let graphs = builder.finish();
    assert_eq!(graphs.mention.edge_count(), 1, "only Kwame -> Rosa");
    assert_eq!(graphs.mention.self_loops, 2);
}

#[test]
fn people_who_never_commented_are_external_mentions_not_nodes() {
    let text = "Valley Bus Plan Approved\nTransport Minister Hana Sato backed the plan on Friday.\nRosa Vidal\nMarch 3, 2024 AT 21:01Sato's support came late. Ask @valleybus for the timetable.\nKwame Boateng\nMarch 3, 2024 AT 21:02Moscow's buses run all night, and nobody calls it a luxury.\n";
    let mut doc = threadscope::parse("t.txt", text);
    link(&mut doc, text, ReplyMode::All);
    let m = &doc.comments[0].mentions;
    assert_eq!(m.len(), 2, "{m:?}");
    assert_eq!(
        (m[0].kind, m[0].target.as_deref()),
        (MentionKind::External, Some("Hana Sato"))
    );
    assert_eq!(
        (m[1].kind, m[1].target.as_deref()),
        (MentionKind::External, Some("@valleybus"))
    );
    // A place is not a person: no title introduced it.
    assert!(doc.comments[1].mentions.is_empty());
    let mut builder = GraphBuilder::default();
    builder.add(&doc);
    let graphs = builder.finish();
    assert_eq!(
        graphs.mention.node_count(),
        2,
        "only the two commenters are nodes"
    );
    let external: Vec<&str> = graphs.external.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        external,
        ["@valleybus", "Hana Sato"],
        "equal counts sort by name"
    );
}

#[test]
fn cues_point_to_the_comment_just_before_and_the_mode_filters_them() {
    let text = page(&[
        ("Rosa Vidal", 1, "The late bus should run on Sundays too."),
        (
            "Kwame Boateng",
            2,
            "Agreed. Sundays are when the restaurants close late.",
        ),
        ("Kwame Boateng", 3, "Exactly, and the cinema too."),
    ]);
    let doc = linked(&text, ReplyMode::All);
    assert_eq!(
        parents(&doc),
        [None, Some("c1"), None],
        "a cue never points to one's own comment"
    );
    assert_eq!(kind(&doc, 1), Some(EvidenceKind::Cue));
    assert!(doc.comments[1].parent_evidence.as_ref().unwrap().confidence < 0.5);
    let doc = linked(&text, ReplyMode::Addressed);
    assert_eq!(parents(&doc), [None, None, None]);
}

#[test]
fn the_seed_page_links_as_a_reader_would() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/seeds/001_006605df1cda4f0e.txt"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        assert!(
            std::env::var("THREADSCOPE_SKIP_SEEDS").as_deref() == Ok("1"),
            "the seed page {path} is missing; set THREADSCOPE_SKIP_SEEDS=1 to run without it"
        );
        return;
    };
    let doc = linked(&text, ReplyMode::All);
    let by_author = |name: &str| {
        doc.comments
            .iter()
            .find(|c| c.author.as_deref() == Some(name))
            .unwrap()
    };
    let john = &by_author("John Crulz").id;
    let eduardo = by_author("Eduardo Lopez");
    assert_eq!(eduardo.parent.as_ref(), Some(john));
    let e = eduardo.parent_evidence.as_ref().unwrap();
    assert_eq!(
        (e.kind, e.cue.as_str()),
        (EvidenceKind::Addressed, "John's point")
    );
    assert_eq!(eduardo.mentions[0].target.as_deref(), Some("John Crulz"));
    let anita = by_author("Anita Drake");
    assert_eq!(anita.parent.as_ref(), Some(john));
    let a = anita.parent_evidence.as_ref().unwrap();
    assert_eq!(a.kind, EvidenceKind::Cue);
    assert!(a.confidence < e.confidence);
    let jasmine = by_author("Jasmine Hinds");
    assert_eq!(jasmine.mentions[0].kind, MentionKind::External);
    assert_eq!(jasmine.mentions[0].text, "Putin");
    // No other edge with high confidence.
    let confident = doc
        .comments
        .iter()
        .filter(|c| {
            c.parent_evidence
                .as_ref()
                .is_some_and(|e| e.confidence >= 0.5)
        })
        .count();
    assert_eq!(confident, 1);
    let mut builder = GraphBuilder::default();
    builder.add(&doc);
    let graphs = builder.finish();
    assert!(
        graphs.mention.find("Putin").is_none() && graphs.mention.find("Vladimir Putin").is_none()
    );
    assert_eq!(graphs.mention.edges_by_name().len(), 1);
    assert_eq!(graphs.mention.edges_by_name()[0].0, "Eduardo Lopez");
    assert_eq!(graphs.mention.edges_by_name()[0].1, "John Crulz");
}

/// Names and mentions are found a window of comments at a time: replies
/// that reach back across a window's edge, to the comment just before (every
/// comment here, so whatever the window's size) or to the first comment of
/// all, are found as in a short thread.
#[test]
fn replies_across_the_linking_windows_are_found() {
    const COMMENTS: usize = 40_000;
    let mut comments: Vec<(&str, u32, &str)> =
        vec![("Rosa Vidal", 0, "The late bus should stop at the hospital.")];
    for i in 1..COMMENTS - 1 {
        let author = if i % 2 == 0 { "Ben Ode" } else { "Cy Park" };
        comments.push((author, (i % 60) as u32, "Agreed, the timetable is fine."));
    }
    comments.push((
        "Eli Marsh",
        2,
        "@Rosa Vidal the hospital stop exists already.",
    ));
    let text = page(&comments);
    let doc = linked(&text, ReplyMode::All);
    assert_eq!(doc.comments.len(), COMMENTS);
    let last = COMMENTS - 1;
    for i in 1..last {
        let before = doc.comments[i - 1].id.as_str();
        assert_eq!(
            doc.comments[i].parent.as_deref(),
            Some(before),
            "comment {i}"
        );
        assert_eq!(kind(&doc, i), Some(EvidenceKind::Cue), "comment {i}");
    }
    assert_eq!(doc.comments[last].parent.as_deref(), Some("c1"));
    assert_eq!(kind(&doc, last), Some(EvidenceKind::Marker));
    let mention = &doc.comments[last].mentions[0];
    assert_eq!(mention.target.as_deref(), Some("Rosa Vidal"));
}
