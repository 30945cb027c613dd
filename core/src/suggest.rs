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

/// The closest candidate within a distance that scales with the word's length, compared
/// case-insensitively (ASCII: names and keys are ASCII, and Unicode case tables would grow
/// the WebAssembly module).
pub fn did_you_mean<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let word = word.to_ascii_lowercase();
    let length = word.chars().count();
    let limit = (length / 3).clamp(1, 3);
    candidates
        .into_iter()
        // The distance is at least the difference in length: most candidates are out of reach.
        .filter(|c| c.chars().count().abs_diff(length) <= limit)
        .map(|c| (edit_distance(&word, &c.to_ascii_lowercase()), c))
        .filter(|&(d, _)| d <= limit)
        // Ties go to the alphabetically first name, so the answer never depends on the order
        // candidates arrive in (callers may collect them from hash maps).
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c)
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
}
