//! Reading a body for reply evidence: markers, quotes, addressing, cues.

use super::names::{Found, NameIndex, Referent};
use crate::model::{EvidenceKind, ReplyEvidence};

/// How far back a quote is looked for, in comments.
pub(super) const QUOTE_WINDOW: usize = 500;
/// Fewest characters of quoted text that identify a comment.
const MIN_QUOTE_CHARS: usize = 12;

/// Phrases that open a reply to the comment just before.
const CONTINUATION_CUES: &[&str] = &[
    "adding to that",
    "adding to this",
    "to add to that",
    "to add to this",
    "building on that",
    "building on this",
    "further to that",
    "agreed",
    "exactly",
    "absolutely",
    "seconded",
    "this.",
    "same here",
    "well said",
    "good point",
    "great point",
    "fair point",
    "i agree",
    "indeed",
    "yes, and",
    "+1",
    "on top of that",
    "to be fair",
    "that said",
    "true,",
    "right,",
    "correct",
    "not quite",
    "i disagree",
    "disagree",
    "nope",
    "no,",
];

/// Nouns after a possessive that refer to something said: `John's point`.
const SAID_NOUNS: &[&str] = &[
    "point",
    "comment",
    "argument",
    "idea",
    "question",
    "take",
    "view",
    "remark",
    "post",
    "reply",
    "answer",
    "suggestion",
    "comparison",
    "observation",
    "example",
    "logic",
    "reasoning",
    "claim",
    "concern",
    "analysis",
    "theory",
    "words",
    "response",
    "objection",
];

/// Verbs after a name that report what was said: `as Madison said`.
const SAID_VERBS: &[&str] = &[
    "said",
    "says",
    "wrote",
    "writes",
    "noted",
    "notes",
    "mentioned",
    "pointed out",
    "suggested",
    "argued",
    "put it",
    "is right",
    "is wrong",
    "is correct",
    "has a point",
    "makes a good point",
    "made a good point",
];

/// Words before a name that address it: `agree with Li`.
const ADDRESS_PREFIXES: &[&str] = &[
    "agree with ",
    "disagree with ",
    "sorry ",
    "thanks ",
    "thank you ",
    "hi ",
    "hey ",
    "dear ",
    "@",
];

/// Phrases that introduce a reply to someone at the start of a body.
const REPLY_MARKERS: &[&str] = &["in reply to ", "replying to ", "reply to ", "re: ", "@"];

/// Phrases that introduce a quote of someone.
const QUOTE_MARKERS: &[&str] = &[
    "originally posted by ",
    "quoting ",
    "quote from ",
    "quote: ",
];

/// What the reading of one body needs to know about the thread so far.
pub struct Context<'x> {
    /// The names to look for.
    pub index: &'x NameIndex,
    /// The names found in this body.
    pub found: &'x [Found],
    /// This comment's author (participant index).
    pub own: Option<usize>,
    /// Each participant's latest earlier comment.
    pub latest: &'x [Option<usize>],
    /// The comment just before.
    pub previous: Option<usize>,
    /// Its author.
    pub previous_author: Option<usize>,
    /// The body of an earlier comment.
    pub earlier_bodies: &'x dyn Fn(usize) -> &'x str,
    /// How many comments come before this one.
    pub count: usize,
}

/// The strongest evidence in `body`: (target comment index, evidence).
pub fn best_evidence(body: &str, ctx: &Context<'_>) -> Option<(usize, ReplyEvidence)> {
    let mut best: Option<(usize, ReplyEvidence)> = None;
    let mut offer = |target: Option<usize>, kind: EvidenceKind, confidence: f64, cue: &str| {
        let Some(target) = target else { return };
        if best.as_ref().is_none_or(|(_, b)| confidence > b.confidence) {
            best = Some((
                target,
                ReplyEvidence {
                    kind,
                    confidence,
                    cue: cue.trim().to_owned(),
                },
            ));
        }
    };
    let lead = body.len() - body.trim_start().len();

    for f in ctx.found {
        let target = target_of(ctx, f);
        let before = &body[..f.start];
        // Markers and prefixes are short: look at a bounded stretch on either
        // side of the name, so a long body full of names stays linear.
        let before_lower = lower_tail(before, WINDOW);
        let head = before.trim_start();
        let before_whole_lower = (head.len() <= WINDOW).then(|| head.to_lowercase());
        let after = &body[f.end
            + if f.possessive {
                if body[f.end..].starts_with('\'') {
                    2
                } else {
                    4
                }
            } else {
                0
            }..];
        let at_start = before.trim_start().is_empty() || before.trim() == "@";
        let cue_text = |extra: usize| -> &str {
            let end = (f.end + extra).min(body.len());
            let end = (0..=end)
                .rev()
                .find(|&e| body.is_char_boundary(e))
                .unwrap_or(f.end);
            &body[f.start.saturating_sub(usize::from(f.at_sign))..end]
        };
        // Reply markers: `@Name` or `In reply to Name` at the very start.
        let marker = before_whole_lower.as_deref().is_some_and(|whole| {
            REPLY_MARKERS
                .iter()
                .any(|m| whole == m.trim_end() || whole == *m)
        });
        if (f.at_sign && at_start) || marker {
            offer(target, EvidenceKind::Marker, 0.95, cue_text(0));
            continue;
        }
        // `Name wrote:` and `Originally Posted by Name`.
        let after_lower = lower_prefix(after.trim_start(), WINDOW);
        if after_lower.trim_start().starts_with("wrote:")
            || QUOTE_MARKERS.iter().any(|m| before_lower.ends_with(m))
        {
            offer(target, EvidenceKind::Quote, 0.9, cue_text(7));
            continue;
        }
        // Vocative at the start: `Tom, nobody…`.
        let vocative = at_start
            && after
                .trim_start_matches([' '])
                .starts_with([',', ':', ';', '—', '–', '!'])
            || before_whole_lower.as_deref().is_some_and(|whole| {
                ADDRESS_PREFIXES
                    .iter()
                    .any(|p| whole.trim_end() == p.trim_end())
            });
        if vocative && !f.possessive {
            let cue = body[lead..f.end].trim_end_matches([',', ':', ';']);
            offer(target, EvidenceKind::Addressed, 0.8, cue);
            continue;
        }
        if f.possessive {
            let next = after_lower.trim_start();
            if SAID_NOUNS.iter().any(|n| starts_with_word(next, n)) {
                let noun_len = next
                    .split(|c: char| !c.is_alphanumeric())
                    .next()
                    .map_or(0, str::len);
                let extra = body
                    .len()
                    .min(f.end + (after.len() - after.trim_start().len()) + noun_len + 2)
                    - f.end;
                offer(target, EvidenceKind::Addressed, 0.7, cue_text(extra));
            }
            continue;
        }
        let next = after_lower.trim_start();
        if SAID_VERBS.iter().any(|v| starts_with_word(next, v))
            || ADDRESS_PREFIXES
                .iter()
                .any(|p| p.len() > 1 && before_lower.ends_with(p))
        {
            offer(
                target,
                EvidenceKind::Addressed,
                0.7,
                cue_text(next.len().min(12)),
            );
        }
    }

    // A quote of an earlier comment's text.
    if let Some((target, quoted)) = quoted_comment(body, ctx) {
        offer(Some(target), EvidenceKind::Quote, 0.9, &quoted);
    }

    // A continuation cue at the very start: the comment just before.
    if let Some(cue) = continuation_cue(&body[lead..]) {
        let different = ctx.previous_author.is_none() || ctx.previous_author != ctx.own;
        if different {
            let len = body[lead..]
                .char_indices()
                .nth(cue.chars().count())
                .map_or(body.len() - lead, |(i, _)| i);
            offer(
                ctx.previous,
                EvidenceKind::Cue,
                0.4,
                &body[lead..lead + len],
            );
        }
    }
    best
}

/// Bytes of text looked at on either side of a name for markers, prefixes
/// and verbs (the longest is far shorter).
const WINDOW: usize = 96;

/// The lower case of the last `max` bytes of `text` or fewer (cut at a
/// character boundary).
fn lower_tail(text: &str, max: usize) -> String {
    let mut start = text.len().saturating_sub(max);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    text[start..].to_lowercase()
}

/// The lower case of the first `max` bytes of `text` or fewer.
fn lower_prefix(text: &str, max: usize) -> String {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_lowercase()
}

/// The comment a name points to: that participant's latest earlier comment,
/// never the author's own, never an ambiguous name.
fn target_of(ctx: &Context<'_>, f: &Found) -> Option<usize> {
    match ctx.index.referent(f.form) {
        Referent::Participants(list) if list.len() == 1 => {
            let p = list[0];
            if Some(p) == ctx.own {
                return None;
            }
            ctx.latest[p]
        }
        _ => None,
    }
}

/// Whether `text` starts with `word` followed by a non-letter.
fn starts_with_word(text: &str, word: &str) -> bool {
    text.starts_with(word)
        && text[word.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric())
}

/// Whether `text` starts with the cue `phrase` (cues ending in punctuation
/// stand alone; others need a following non-letter).
fn starts_with_phrase(text: &str, phrase: &str) -> bool {
    text.strip_prefix(phrase)
        .is_some_and(|rest| phrase_ends(rest, phrase))
}

/// Whether a cue `phrase` found at the start of a text ends there, `rest`
/// being what follows it: cues ending in punctuation stand alone; others
/// need a following non-letter.
fn phrase_ends(rest: &str, phrase: &str) -> bool {
    phrase.ends_with(['.', ','])
        || phrase.starts_with('+')
        || rest.chars().next().is_none_or(|c| !c.is_alphanumeric())
}

/// The continuation cue `head` starts with, compared in lower case over
/// its first [`HEAD_CHARS`] characters. A head whose first bytes are all
/// ASCII (the cues are) is compared where it lies, without a lowered copy.
fn continuation_cue(head: &str) -> Option<&'static str> {
    let prefix = &head.as_bytes()[..head.len().min(HEAD_CHARS)];
    if prefix.is_ascii() {
        let head = &head[..prefix.len()];
        return CONTINUATION_CUES.iter().copied().find(|cue| {
            head.get(..cue.len()).is_some_and(|start| {
                start.eq_ignore_ascii_case(cue) && phrase_ends(&head[cue.len()..], cue)
            })
        });
    }
    cue_in_lowered_copy(head)
}

/// The continuation cue `head` starts with, read from a lower-case copy of
/// its first [`HEAD_CHARS`] characters (any text).
fn cue_in_lowered_copy(head: &str) -> Option<&'static str> {
    let lower: String = head
        .chars()
        .take(HEAD_CHARS)
        .collect::<String>()
        .to_lowercase();
    CONTINUATION_CUES
        .iter()
        .copied()
        .find(|c| starts_with_phrase(&lower, c))
}

/// Characters of a comment's start looked at for a continuation cue (the
/// longest cue is far shorter).
const HEAD_CHARS: usize = 40;

/// Lines starting with `>` that repeat an earlier comment's text.
fn quoted_comment(body: &str, ctx: &Context<'_>) -> Option<(usize, String)> {
    // Most bodies quote nothing.
    memchr::memchr(b'>', body.as_bytes())?;
    let quoted: String = body
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix('>'))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ");
    let needle = normalise(&quoted);
    if needle.chars().count() < MIN_QUOTE_CHARS {
        return None;
    }
    let probe: String = needle.chars().take(60).collect();
    let finder = memchr::memmem::Finder::new(probe.as_bytes());
    let earliest = ctx.count.saturating_sub(QUOTE_WINDOW);
    (earliest..ctx.count)
        .rev()
        .find(|&j| contains_normalised((ctx.earlier_bodies)(j), &finder))
        .map(|j| {
            (
                j,
                format!("> {}", quoted.chars().take(40).collect::<String>()),
            )
        })
}

fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether [`normalise`]`(text)` holds what `finder` looks for; most texts
/// are normal already and are searched in place.
fn contains_normalised(text: &str, finder: &memchr::memmem::Finder<'_>) -> bool {
    if is_normal(text) {
        finder.find(text.as_bytes()).is_some()
    } else {
        finder.find(normalise(text).as_bytes()).is_some()
    }
}

/// Whether [`normalise`] leaves `text` as it is: words apart by single
/// spaces, no other whitespace, none at either end.
fn is_normal(text: &str) -> bool {
    if text.starts_with(' ') || text.ends_with(' ') || text.contains("  ") {
        return false;
    }
    if text.is_ascii() {
        !text.bytes().any(|b| (b'\t'..=b'\r').contains(&b))
    } else {
        text.chars().all(|c| c == ' ' || !c.is_whitespace())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_read_in_place_match_cues_read_from_a_lowered_copy() {
        let heads = [
            "Agreed, and the ferry too.",
            "AGREED",
            "agreedly not",
            "This. So much this.",
            "This is not a cue",
            "+1 from me",
            "Indeed—and more",
            "Same here, honestly",
            "Same hereafter",
            "True, but",
            "Exactly… no",
            "Ägreed is not a cue",
            "Well said, Ada, well said, and said again at length here",
            "",
            "a",
        ];
        for head in heads {
            assert_eq!(
                continuation_cue(head),
                cue_in_lowered_copy(head),
                "{head:?}"
            );
        }
        assert_eq!(continuation_cue("AGREED, yes"), Some("agreed"));
        assert_eq!(continuation_cue("Exactly… no"), Some("exactly"));
        assert_eq!(continuation_cue("agreedly"), None);
    }

    #[test]
    fn texts_searched_in_place_find_what_their_normal_form_holds() {
        let texts = [
            "the fare has been frozen until May",
            "the fare  has been\tfrozen until May",
            " the fare has been frozen until May ",
            "the fare has\nbeen frozen until May",
            "the fare has\u{a0}been frozen until May",
            "the fare has\u{2003}been frozen until May, émigré",
            "the fare has been frozen, émigré",
            "the fare has been",
            "",
        ];
        for probe in ["fare has been frozen", "been frozen until May", "émigré"] {
            let finder = memchr::memmem::Finder::new(probe.as_bytes());
            for text in texts {
                assert_eq!(
                    contains_normalised(text, &finder),
                    normalise(text).contains(probe),
                    "{text:?} {probe:?}"
                );
            }
        }
        assert!(is_normal("a b c") && is_normal("émigré ok") && is_normal(""));
        assert!(!is_normal("a  b") && !is_normal("a\tb") && !is_normal("a\u{a0}b"));
    }
}
