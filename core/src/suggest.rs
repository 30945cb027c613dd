//! "Did you mean ...?" suggestions for misspelled names.

/// Edit distance counting insertions, deletions, substitutions and swaps of neighbours (optimal
/// string alignment), in characters: typos such as `form` for `from` are one edit away.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            d[i * width + j] = if i == 0 || j == 0 {
                i + j
            } else {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (d[(i - 1) * width + j] + 1)
                    .min(d[i * width + j - 1] + 1)
                    .min(d[(i - 1) * width + j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(d[(i - 2) * width + j - 2] + 1);
                }
                best
            };
        }
    }
    d[a.len() * width + b.len()]
}

/// Whether `edit_distance(a, b) == 1`, found in one scan rather than with the table: a rule
/// asks it of every name in scope for every undefined variable.
pub fn one_edit_apart(a: &str, b: &str) -> bool {
    if !(a.is_ascii() && b.is_ascii()) {
        return a.chars().count().abs_diff(b.chars().count()) <= 1 && edit_distance(a, b) == 1;
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    let Some(i) = short.iter().zip(long).position(|(x, y)| x != y) else {
        // Equal, or one extra character at the end of the longer.
        return long.len() == short.len() + 1;
    };
    match long.len() - short.len() {
        // A substitution, or a swap of neighbours.
        0 => {
            long[i + 1..] == short[i + 1..]
                || (i + 1 < long.len()
                    && long[i] == short[i + 1]
                    && long[i + 1] == short[i]
                    && long[i + 2..] == short[i + 2..])
        }
        // An insertion.
        1 => long[i + 1..] == short[i..],
        _ => false,
    }
}

/// How many edits away a suggestion for `word` may be: a third of its length, from 1 to 3.
pub fn reach(word: &str) -> usize {
    (word.chars().count() / 3).clamp(1, 3)
}

/// The closest candidate within [`reach`], compared case-insensitively (ASCII: names and keys
/// are ASCII, and Unicode case tables would grow the WebAssembly module).
pub fn did_you_mean<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    closest(word, &mut candidates.into_iter())
}

/// [`did_you_mean`]'s search, compiled once for every caller's kind of iterator (the
/// WebAssembly module carries one copy).
fn closest<'c>(word: &str, candidates: &mut dyn Iterator<Item = &'c str>) -> Option<&'c str> {
    let limit = reach(word);
    let shape = Shape::of(word);
    let word = word.to_ascii_lowercase();
    candidates
        // Most candidates are out of reach by their shape alone, before the table is built (a
        // rule may ask with thousands of names in scope).
        .filter(|c| shape.may_be_within(Shape::of(c), limit))
        .filter_map(|c| Some((distance_within(&word, c, limit)?, c)))
        // Ties go to the alphabetically first name, so the answer never depends on the order
        // candidates arrive in (callers may collect them from hash maps).
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// `edit_distance` between `lower` (lower case) and `word` ASCII-lower-cased, when it is at most
/// `limit`. Short ASCII words (names, keys) are compared in place on the stack, giving up as
/// soon as no alignment can stay within the limit: suggestions compare a word with many.
fn distance_within(lower: &str, word: &str, limit: usize) -> Option<usize> {
    const MAX: usize = 32;
    let (a, b) = (lower.as_bytes(), word.as_bytes());
    if !(lower.is_ascii() && word.is_ascii()) || a.len() >= MAX || b.len() >= MAX {
        let distance = edit_distance(lower, &word.to_ascii_lowercase());
        return (distance <= limit).then_some(distance);
    }
    // Row `i` of the table `edit_distance` fills is `rows[i % 3]`: two rows back are needed
    // for swaps. Distances stay below 2 * MAX, so a byte holds them.
    let mut rows = [[0u8; MAX]; 3];
    for (j, cell) in rows[0].iter_mut().enumerate().take(b.len() + 1) {
        *cell = j as u8;
    }
    let limit = limit.min(2 * MAX) as u8;
    let mut previous_min = 0;
    for i in 1..=a.len() {
        let (current, previous, before) = (i % 3, (i + 2) % 3, (i + 1) % 3);
        rows[current][0] = i as u8;
        let mut row_min = i as u8;
        for j in 1..=b.len() {
            let cost = u8::from(a[i - 1] != b[j - 1].to_ascii_lowercase());
            let mut best =
                (rows[previous][j] + 1).min(rows[current][j - 1] + 1).min(rows[previous][j - 1] + cost);
            if i > 1
                && j > 1
                && a[i - 1] == b[j - 2].to_ascii_lowercase()
                && a[i - 2] == b[j - 1].to_ascii_lowercase()
            {
                best = best.min(rows[before][j - 2] + 1);
            }
            rows[current][j] = best;
            row_min = row_min.min(best);
        }
        // A cell of the next row costs at least as much as some cell of this row, or one more
        // than a cell of the row before (a swap): once neither can stay within the limit, no
        // later row can.
        if row_min > limit && previous_min >= limit {
            return None;
        }
        previous_min = row_min;
    }
    let distance = rows[a.len() % 3][b.len()];
    (distance <= limit).then_some(usize::from(distance))
}

/// A word's length in characters and the set of its characters (ASCII-lower-cased, in 64
/// buckets). An edit changes the length by at most one and at most two buckets (an insertion or
/// a deletion one, a substitution two, a swap none), so two words whose shapes differ by more
/// are further apart than that many edits, case aside, and need no distance table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    chars: usize,
    letters: u64,
}

impl Shape {
    pub fn of(word: &str) -> Shape {
        let (chars, letters) = word
            .chars()
            .fold((0, 0u64), |(n, set), c| (n + 1, set | 1 << (u32::from(c.to_ascii_lowercase()) % 64)));
        Shape { chars, letters }
    }

    /// False when words of these shapes are more than `edits` apart.
    pub fn may_be_within(self, other: Shape, edits: usize) -> bool {
        self.chars.abs_diff(other.chars) <= edits
            && (self.letters ^ other.letters).count_ones() as usize <= 2 * edits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_and_suggestions() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("form", "from"), 1);
        for (a, b) in [("form", "from"), ("RUN", "RUNN"), ("ab", "b"), ("abc", "abd"), ("a", ""), ("é", "e")]
        {
            assert!(one_edit_apart(a, b) && one_edit_apart(b, a), "{a} {b}");
        }
        for (a, b) in [("abc", "abc"), ("abc", "cba"), ("ab", "ba c"), ("abcd", "ab"), ("", ""), ("é", "ée")]
        {
            assert_eq!(one_edit_apart(a, b), edit_distance(a, b) == 1, "{a} {b}");
        }
        assert_eq!(did_you_mean("RUNN", ["RUN", "ARG"]), Some("RUN"));
        assert_eq!(did_you_mean("cpy", ["COPY", "CMD"]), Some("COPY"));
        assert_eq!(did_you_mean("xyzzy", ["RUN"]), None);
        assert_eq!(did_you_mean("file3", ["file2", "file"]), Some("file"));
        assert_eq!(did_you_mean("file3", ["file", "file2"]), Some("file"));
    }

    proptest::proptest! {
        /// The shape filter never drops a candidate within reach: the answers match a plain
        /// search, and words a distance apart (case aside) have shapes within that distance.
        #[test]
        fn shapes_bound_the_distance(
            word in "[a-cA-C1é_]{0,7}",
            candidates in proptest::collection::vec("[a-cA-C1é_]{0,8}", 0..12),
        ) {
            for c in &candidates {
                let distance = edit_distance(&word.to_ascii_lowercase(), &c.to_ascii_lowercase());
                proptest::prop_assert!(Shape::of(&word).may_be_within(Shape::of(c), distance));
            }
            let limit = reach(&word);
            let plain = candidates
                .iter()
                .map(|c| (edit_distance(&word.to_ascii_lowercase(), &c.to_ascii_lowercase()), c.as_str()))
                .filter(|&(d, _)| d <= limit)
                .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
                .map(|(_, c)| c);
            proptest::prop_assert_eq!(did_you_mean(&word, candidates.iter().map(String::as_str)), plain);
        }

        /// The bounded comparison agrees with the table, whatever the limit.
        #[test]
        fn bounded_distance_agrees(a in "[a-cA-C_]{0,9}", b in "[a-cA-C_]{0,9}", limit in 0usize..5) {
            let distance = edit_distance(&a.to_ascii_lowercase(), &b.to_ascii_lowercase());
            let lower = a.to_ascii_lowercase();
            proptest::prop_assert_eq!(distance_within(&lower, &b, limit), (distance <= limit).then_some(distance));
        }
    }
}
