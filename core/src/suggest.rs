//! "Did you mean ...?" suggestions for misspelled names.

/// Edit distance counting insertions, deletions, substitutions and swaps of neighbours (optimal
/// string alignment), in characters: typos such as `form` for `from` are one edit away.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    distance_within(&a, &b, usize::MAX, &mut Vec::new()).unwrap_or(usize::MAX)
}

/// [`edit_distance`] of `a` and `b`, when it is at most `limit`: the table is filled row by row
/// (three rows kept in `rows`, reused from call to call) and given up as soon as no alignment
/// can stay within the limit, since suggestions compare a word with many.
fn distance_within(a: &[char], b: &[char], limit: usize, rows: &mut Vec<usize>) -> Option<usize> {
    let width = b.len() + 1;
    rows.clear();
    rows.resize(3 * width, 0);
    // Row `i` of the table starts at `rows[(i % 3) * width]`: swaps look two rows back.
    let row = |i: usize| (i % 3) * width;
    for (j, cell) in rows[..width].iter_mut().enumerate() {
        *cell = j;
    }
    let mut previous_min = 0;
    for i in 1..=a.len() {
        let (current, previous, before) = (row(i), row(i + 2), row(i + 1));
        rows[current] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best =
                (rows[previous + j] + 1).min(rows[current + j - 1] + 1).min(rows[previous + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[before + j - 2] + 1);
            }
            rows[current + j] = best;
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
    Some(rows[row(a.len()) + b.len()]).filter(|&distance| distance <= limit)
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

/// How many candidates a suggestion weighs at most, in the order the caller gives them (the
/// likeliest first). The corpus has files with 122 ARG and ENV instructions and with 59 stages;
/// without a bound, tens of thousands of look-alike names each misspelled were compared pairwise
/// (20,000 variables took 5 s, 18,000 `--from` values against 2,000 stages 1.9 s).
pub const CANDIDATES_WEIGHED: usize = 500;

/// The closest candidate within [`reach`] among the first [`CANDIDATES_WEIGHED`], compared
/// case-insensitively (ASCII: names and keys are ASCII, and Unicode case tables would grow the
/// WebAssembly module).
pub fn did_you_mean<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    closest(word, &mut candidates.into_iter())
}

/// [`did_you_mean`]'s search, compiled once for every caller's kind of iterator (the
/// WebAssembly module carries one copy).
fn closest<'c>(word: &str, candidates: &mut dyn Iterator<Item = &'c str>) -> Option<&'c str> {
    let limit = reach(word);
    let shape = Shape::of(word);
    let lower = |word: &str, chars: &mut Vec<char>| {
        chars.clear();
        chars.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    };
    let (mut word_chars, mut candidate_chars, mut rows) = (Vec::new(), Vec::new(), Vec::new());
    lower(word, &mut word_chars);
    candidates
        .take(CANDIDATES_WEIGHED)
        // Most candidates are out of reach by their shape alone, before the table is built.
        .filter(|c| shape.may_be_within(Shape::of(c), limit))
        .filter_map(|c| {
            lower(c, &mut candidate_chars);
            Some((distance_within(&word_chars, &candidate_chars, limit, &mut rows)?, c))
        })
        // Ties go to the alphabetically first name, so among the candidates weighed the answer
        // never depends on the order they arrive in.
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c)
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
        // Only the first `CANDIDATES_WEIGHED` candidates are weighed.
        let fillers = vec!["unrelated"; CANDIDATES_WEIGHED - 1];
        let weighed = fillers.iter().copied().chain(["RUN"]);
        assert_eq!(did_you_mean("RUNN", weighed), Some("RUN"));
        let past_the_bound = fillers.iter().copied().chain(["unrelated", "RUN"]);
        assert_eq!(did_you_mean("RUNN", past_the_bound), None);
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

        /// Giving up early agrees with the whole table, whatever the limit, and the distance
        /// with the textbook recurrence over a full table.
        #[test]
        fn bounded_distance_agrees(a in "[a-cé_]{0,9}", b in "[a-cé_]{0,9}", limit in 0usize..5) {
            let distance = edit_distance(&a, &b);
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
            for i in 0..=a.len() {
                for j in 0..=b.len() {
                    d[i][j] = match (i, j) {
                        (0, _) | (_, 0) => i + j,
                        _ => {
                            let substitution = d[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]);
                            let swap = (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                                .then(|| d[i - 2][j - 2] + 1);
                            (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(substitution).min(swap.unwrap_or(usize::MAX))
                        }
                    };
                }
            }
            proptest::prop_assert_eq!(distance, d[a.len()][b.len()]);
            let within = distance_within(&a, &b, limit, &mut Vec::new());
            proptest::prop_assert_eq!(within, (distance <= limit).then_some(distance));
        }
    }
}
