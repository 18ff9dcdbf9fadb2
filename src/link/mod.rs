//! Reply inference and mention resolution.
//!
//! Most comment sections are flat text: the page no longer shows who
//! answered whom. [`link`] recovers it as well as the evidence allows, and
//! says how sure each link is. Evidence, strongest first:
//!
//! | kind | example | confidence |
//! |---|---|---|
//! | explicit | a format that carries the parent | 1.0 |
//! | marker | `@Priya Raman fair point`, `In reply to Tom:` at the start | 0.95 |
//! | quote | `> the fare has been frozen` quoting an earlier comment, `Tom wrote:` | 0.9 |
//! | addressed | `Tom, nobody…` (0.8); `John's point`, `as Madison said`, `agree with Li` (0.7) | 0.7–0.8 |
//! | cue | `Adding to that`, `Agreed`, `Exactly` at the start: the comment just before | 0.4 |
//!
//! Addressing resolves to the named author's latest earlier comment. The
//! chosen edge becomes the comment's `parent`, with its evidence in
//! `parent_evidence`; [`ReplyMode`] sets how much inference is accepted.

mod cues;
mod form_table;
pub mod names;
pub mod people;

use crate::hash::Map;

use crate::model::{Comment, Document, EvidenceKind, Mention, MentionKind, ReplyEvidence, Span};
use names::{Found, NameIndex, Referent};

/// Comments whose names and mentions are found together (in parallel)
/// before their replies are decided in order.
const LINK_WINDOW: usize = 16_384;

/// Participants listed for an ambiguous name, at the most (a first name
/// can be shared by thousands in a large corpus).
pub const MAX_CANDIDATES: usize = 10;

/// How much inference a user accepts for reply edges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReplyMode {
    /// Only what the format says, reply markers and quotes.
    Explicit,
    /// Also comments that address an author by name.
    Addressed,
    /// Also discourse cues that continue the comment before.
    #[default]
    All,
}

impl ReplyMode {
    /// Whether evidence of `kind` is accepted.
    pub fn accepts(self, kind: EvidenceKind) -> bool {
        match self {
            ReplyMode::Explicit => kind <= EvidenceKind::Quote,
            ReplyMode::Addressed => kind <= EvidenceKind::Addressed,
            ReplyMode::All => true,
        }
    }
}

/// Fill in every comment's mentions, and its parent with the evidence for
/// it, where the format did not give one already. `text` is the input the
/// document was parsed from: its article tells who the people named with a
/// title are (`President Vladimir Putin`), so that comments naming them
/// (`Putin's back`) give external mentions.
pub fn link(document: &mut Document<'_>, text: &str, mode: ReplyMode) {
    let participants = participants(document);
    let article = document
        .article
        .span
        .and_then(|span| text.get(span.start..span.end))
        .unwrap_or("");
    let bodies = document.comments.iter().map(|c| c.body.as_ref());
    let external = people::titled_people_in(std::iter::once(article).chain(bodies));
    let mut linker = Linker::new(&participants, &external, mode);
    linker.link_part(&mut document.comments, &crate::parse::comment_id);
}

/// The distinct authors of a document, in order of first comment.
fn participants(document: &Document<'_>) -> Vec<String> {
    let mut seen: Map<&str, ()> = Map::default();
    let mut out = Vec::new();
    for c in &document.comments {
        if let Some(a) = c.author.as_deref() {
            if seen.insert(a, ()).is_none() {
                out.push(a.to_owned());
            }
        }
    }
    out
}

/// Links a document's comments given a part at a time, in input order, as
/// [`link`] links them all at once (see [`Linker::link_part`] for parents
/// the format gave): it carries from one part to the next
/// each participant's latest comment, the comment just before and the
/// bodies a quote may come from. For documents too large to hold whole
/// (see [`crate::stream`]).
pub struct Linker<'p> {
    mode: ReplyMode,
    participants: &'p [String],
    index: NameIndex,
    participant_of: crate::interner::TextIndex,
    /// Latest comment (index) of each participant so far.
    latest: Vec<Option<usize>>,
    /// The author of the comment before the next one.
    previous_author: Option<usize>,
    /// Comments linked so far: the index of the next one.
    count: usize,
    /// Bodies of the last [`cues::QUOTE_WINDOW`] comments of earlier parts.
    recent: std::collections::VecDeque<String>,
}

impl<'p> Linker<'p> {
    /// A linker for a document whose authors are `participants` (in order of
    /// first comment) and whose text names the people `external` with a
    /// title; it accepts the evidence `mode` accepts.
    pub fn new(participants: &'p [String], external: &[String], mode: ReplyMode) -> Self {
        let name_of = |n: u32| participants[n as usize].as_str();
        let mut participant_of = crate::interner::TextIndex::default();
        // A name listed twice stands for its last place (from the end, the
        // first place met is kept).
        for n in (0..participants.len()).rev() {
            let n = u32::try_from(n).expect("fewer than 2^32 participants");
            if participant_of.find(name_of(n), name_of).is_none() {
                participant_of.insert(n, name_of);
            }
        }
        let external: Vec<String> = external
            .iter()
            .filter(|p| participant_of.find(p, name_of).is_none())
            .cloned()
            .collect();
        Linker {
            mode,
            participants,
            index: NameIndex::new(participants, &external),
            participant_of,
            latest: vec![None; participants.len()],
            previous_author: None,
            count: 0,
            recent: std::collections::VecDeque::new(),
        }
    }

    /// Link the next `comments`. A reply to a comment of an earlier part
    /// gets the id `earlier_id` gives for that comment's index. A parent the
    /// format gave is recognised (and kept) only when it is in the same
    /// part; the parts of a parse ([`crate::stream`]) have no such parents.
    pub fn link_part(
        &mut self,
        comments: &mut [Comment<'_>],
        earlier_id: &dyn Fn(usize) -> String,
    ) {
        let base = self.count;
        // Parents the format gave are looked up by id; most formats give
        // none, and then no table of ids is built.
        let ids: Vec<String> = if comments.iter().any(|c| c.parent.is_some()) {
            comments.iter().map(|c| c.id.clone()).collect()
        } else {
            Vec::new()
        };
        let id_index: Map<&str, usize> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), base + i))
            .collect();
        let authors: Vec<Option<usize>> = comments
            .iter()
            .map(|c| {
                c.author
                    .as_deref()
                    .and_then(|a| {
                        let participants = self.participants;
                        self.participant_of.find(a, |n| &participants[n as usize])
                    })
                    .map(|n| n as usize)
            })
            .collect();
        let (index, participants) = (&self.index, self.participants);
        // Names and mentions of each comment depend on nothing else: found
        // on every core, a window of comments at a time (so that the names
        // found are held for one window only). Replies (which look back at
        // earlier comments) follow in order.
        for window_start in (0..comments.len()).step_by(LINK_WINDOW) {
            let window_end = (window_start + LINK_WINDOW).min(comments.len());
            let named: Vec<(Vec<Found>, Vec<Mention>)> = {
                use rayon::prelude::*;
                comments[window_start..window_end]
                    .par_iter()
                    .with_min_len(256)
                    .map(|c| {
                        let found = index.find(&c.body);
                        let mentions =
                            mentions_of(index, &found, participants, c.body_span.start, &c.body);
                        (found, mentions)
                    })
                    .collect()
            };
            for (local, (found, mentions)) in (window_start..).zip(named) {
                let i = base + local;
                let own = authors[local];
                let already = comments[local]
                    .parent
                    .as_deref()
                    .and_then(|p| id_index.get(p).copied());
                if already.is_some() {
                    if comments[local].parent_evidence.is_none() {
                        comments[local].parent_evidence = Some(ReplyEvidence {
                            kind: EvidenceKind::Explicit,
                            confidence: 1.0,
                            cue: String::new(),
                        });
                    }
                } else {
                    let recent = &self.recent;
                    let earlier: &[Comment<'_>] = comments;
                    let bodies = |j: usize| match j.checked_sub(base) {
                        Some(local) => earlier[local].body.as_ref(),
                        None => recent[recent.len() - (base - j)].as_str(),
                    };
                    let context = cues::Context {
                        index,
                        found: &found,
                        own,
                        latest: &self.latest,
                        previous: i.checked_sub(1),
                        previous_author: self.previous_author,
                        earlier_bodies: &bodies,
                        count: i,
                    };
                    if let Some((target, evidence)) =
                        cues::best_evidence(&comments[local].body, &context)
                    {
                        if self.mode.accepts(evidence.kind) && target != i {
                            let parent = match target.checked_sub(base) {
                                Some(local) => comments[local].id.clone(),
                                None => earlier_id(target),
                            };
                            comments[local].parent = Some(parent);
                            comments[local].parent_evidence = Some(evidence);
                        }
                    }
                }
                comments[local].mentions = mentions;
                if let Some(a) = own {
                    self.latest[a] = Some(i);
                }
                self.previous_author = own;
            }
        }
        self.count += comments.len();
        let keep = comments.len().min(cues::QUOTE_WINDOW);
        for c in &comments[comments.len() - keep..] {
            if self.recent.len() == cues::QUOTE_WINDOW {
                self.recent.pop_front();
            }
            self.recent.push_back(c.body.clone().into_owned());
        }
    }
}

fn mentions_of(
    index: &NameIndex,
    found: &[Found],
    participants: &[String],
    offset: usize,
    body: &str,
) -> Vec<Mention> {
    let mut mentions: Vec<Mention> = found
        .iter()
        .map(|f| {
            let text = index.form(f.form).to_owned();
            let span = Span::new(offset + f.start, offset + f.end);
            match index.referent(f.form) {
                Referent::Participants(list) if list.len() == 1 => Mention {
                    text,
                    kind: MentionKind::Participant,
                    target: Some(participants[list[0]].clone()),
                    candidates: Vec::new(),
                    span,
                },
                Referent::Participants(list) => Mention {
                    text,
                    kind: MentionKind::Ambiguous,
                    target: None,
                    candidates: list
                        .iter()
                        .take(MAX_CANDIDATES)
                        .map(|&p| participants[p].clone())
                        .collect(),
                    span,
                },
                Referent::External(full) => Mention {
                    text,
                    kind: MentionKind::External,
                    target: Some(full.clone()),
                    candidates: Vec::new(),
                    span,
                },
            }
        })
        .collect();
    // `@handles` that name no participant: someone outside the thread.
    for (at, _) in body.match_indices('@') {
        let handle: &str = {
            let rest = &body[at + 1..];
            let len = rest
                .char_indices()
                .find(|&(_, c)| !(c.is_alphanumeric() || c == '_' || c == '.' || c == '-'))
                .map_or(rest.len(), |(i, _)| i);
            rest[..len].trim_end_matches(['.', '-'])
        };
        let word_start = body[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let covered = found.iter().any(|f| f.start == at + 1);
        if handle.chars().count() >= 2 && word_start && !covered {
            mentions.push(Mention {
                text: handle.to_owned(),
                kind: MentionKind::External,
                target: Some(format!("@{handle}")),
                candidates: Vec::new(),
                span: Span::new(offset + at + 1, offset + at + 1 + handle.len()),
            });
        }
    }
    mentions.sort_by_key(|m| m.span.start);
    mentions
}
