//! Finding a literal in a line, ASCII case ignored, by the literal's
//! rarest byte: a literal such as ` - ` searched by its first byte would
//! stop at every space of the line.

/// The first place of `needle` in `haystack`, ASCII case ignored, found by
/// scanning for the needle's byte at `anchor` (best its rarest:
/// [`rarest_byte_at`]) and checking the needle around each occurrence.
pub(crate) fn find_ignoring_ascii_case_at(
    haystack: &[u8],
    needle: &[u8],
    anchor: usize,
) -> Option<usize> {
    let last_start = haystack.len().checked_sub(needle.len())?;
    let window = &haystack[anchor..last_start + anchor + 1];
    let byte = needle[anchor];
    let (lower, upper) = (byte.to_ascii_lowercase(), byte.to_ascii_uppercase());
    memchr::memchr2_iter(lower, upper, window)
        .find(|&start| haystack[start..start + needle.len()].eq_ignore_ascii_case(needle))
}

/// [`find_ignoring_ascii_case_at`] by the needle's rarest byte.
pub(crate) fn find_ignoring_ascii_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    find_ignoring_ascii_case_at(haystack, needle, rarest_byte_at(needle))
}

/// The place in `needle` (not empty) of the byte least likely to occur in
/// text, ASCII case ignored, by [`BYTE_COMMONNESS`]; the first of equals.
pub(crate) fn rarest_byte_at(needle: &[u8]) -> usize {
    let mut best = 0;
    for (i, &b) in needle.iter().enumerate().skip(1) {
        if BYTE_COMMONNESS[usize::from(b)] < BYTE_COMMONNESS[usize::from(needle[best])] {
            best = i;
        }
    }
    best
}

/// How common each byte is in chat and comment text, higher for commoner:
/// blanks, then letters by English frequency, then digits and the
/// punctuation of dates, then other symbols and non-ASCII bytes.
const BYTE_COMMONNESS: [u8; 256] = {
    const LETTERS_BY_FREQUENCY: &[u8] = b"etaoinshrdlcumwfgypbvkjxqz";
    let mut table = [50u8; 256];
    let mut b = 0x80;
    while b < 256 {
        table[b] = 60;
        b += 1;
    }
    let digits_and_date_marks = b"0123456789.,:/-";
    let mut i = 0;
    while i < digits_and_date_marks.len() {
        table[digits_and_date_marks[i] as usize] = 100;
        i += 1;
    }
    let mut rank = 0;
    while rank < LETTERS_BY_FREQUENCY.len() {
        let letter = LETTERS_BY_FREQUENCY[rank];
        table[letter as usize] = 250 - 6 * rank as u8;
        table[letter.to_ascii_uppercase() as usize] = 250 - 6 * rank as u8;
        rank += 1;
    }
    table[b' ' as usize] = 255;
    table[b'\t' as usize] = 255;
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rarest_byte_is_chosen() {
        assert_eq!(rarest_byte_at(b" - "), 1);
        assert_eq!(rarest_byte_at(b"said"), 3);
        assert_eq!(rarest_byte_at(b"Quote"), 0);
        assert_eq!(rarest_byte_at(b"x"), 0);
    }

    proptest::proptest! {
        /// The search by the rarest byte (or any other) finds what trying
        /// every place finds: the leftmost occurrence, ASCII case ignored.
        #[test]
        fn literal_search_is_the_leftmost_match(
            haystack in "[ -aAbB:y/é]{0,40}",
            needle in "[ -aAbB:y/é]{1,5}",
            anchor in 0usize..8,
        ) {
            let (h, n) = (haystack.as_bytes(), needle.as_bytes());
            let every_place = (0..=h.len().saturating_sub(n.len()))
                .find(|&i| h.len() >= n.len() && h[i..i + n.len()].eq_ignore_ascii_case(n));
            proptest::prop_assert_eq!(find_ignoring_ascii_case(h, n), every_place);
            let anchor = anchor % n.len();
            proptest::prop_assert_eq!(find_ignoring_ascii_case_at(h, n, anchor), every_place);
        }
    }
}
