//! Unified diffs of fixed files (`--diff`, the playground, the Python API).
//!
//! A line-based Myers diff; Dockerfiles are small and fixes touch few lines, so the O(N·D)
//! algorithm with D small is fast and needs no dependency.

use std::fmt::Write;

/// A unified diff from `old` to `new` with three lines of context; empty when they are equal.
/// Line endings are kept as they are, so a CRLF file shows CRLF lines.
pub fn unified(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    if old == new {
        return String::new();
    }
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let ops = diff_lines(&a, &b);
    let mut out = format!("--- {old_name}\n+++ {new_name}\n");
    for hunk in hunks(&ops, 3) {
        let (a_start, a_len, b_start, b_len) = hunk_range(&ops[hunk.clone()]);
        let _ = writeln!(out, "@@ -{} +{} @@", range_text(a_start, a_len), range_text(b_start, b_len));
        for op in &ops[hunk] {
            let (sign, line) = match *op {
                Op::Equal(i, _) => (' ', a[i]),
                Op::Delete(i) => ('-', a[i]),
                Op::Insert(j) => ('+', b[j]),
            };
            out.push(sign);
            out.push_str(line);
            if !line.ends_with('\n') {
                out.push_str("\n\\ No newline at end of file\n");
            }
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Equal(usize, usize),
    Delete(usize),
    Insert(usize),
}

/// Myers' shortest edit script, with the common prefix and suffix stripped first.
fn diff_lines(a: &[&str], b: &[&str]) -> Vec<Op> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (a_mid, b_mid) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut ops: Vec<Op> = (0..prefix).map(|i| Op::Equal(i, i)).collect();
    ops.extend(myers(a_mid, b_mid).into_iter().map(|op| match op {
        Op::Equal(i, j) => Op::Equal(i + prefix, j + prefix),
        Op::Delete(i) => Op::Delete(i + prefix),
        Op::Insert(j) => Op::Insert(j + prefix),
    }));
    let (a_end, b_end) = (a.len() - suffix, b.len() - suffix);
    ops.extend((0..suffix).map(|k| Op::Equal(a_end + k, b_end + k)));
    ops
}

/// Edit distance beyond which the diff gives up on minimality (replaces the middle wholesale):
/// the trace costs O(D²) memory.
const MAX_EDITS: usize = 4000;

fn myers(a: &[&str], b: &[&str]) -> Vec<Op> {
    if a.len() + b.len() > MAX_EDITS && (a.is_empty() || b.is_empty() || a.len().min(b.len()) > MAX_EDITS / 2)
    {
        return replace_all(a, b);
    }
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = (n + m) as usize;
    let offset = max as isize;
    let mut v = vec![0isize; 2 * max + 2];
    let mut trace: Vec<Vec<isize>> = Vec::new();
    'outer: for d in 0..=max as isize {
        if d as usize > MAX_EDITS {
            return replace_all(a, b);
        }
        trace.push(v.clone());
        let mut k = -d;
        while k <= d {
            let idx = (k + offset) as usize;
            let mut x =
                if k == -d || (k != d && v[idx - 1] < v[idx + 1]) { v[idx + 1] } else { v[idx - 1] + 1 };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[idx] = x;
            if x >= n && y >= m {
                break 'outer;
            }
            k += 2;
        }
    }
    // Walk the trace back from the end.
    let mut ops = Vec::new();
    let (mut x, mut y) = (n, m);
    for (d, v) in trace.iter().enumerate().rev() {
        let d = d as isize;
        let k = x - y;
        let prev_k = if k == -d || (k != d && v[(k - 1 + offset) as usize] < v[(k + 1 + offset) as usize]) {
            k + 1
        } else {
            k - 1
        };
        let prev_x = v[(prev_k + offset) as usize];
        let prev_y = prev_x - prev_k;
        while x > prev_x && y > prev_y {
            x -= 1;
            y -= 1;
            ops.push(Op::Equal(x as usize, y as usize));
        }
        if d > 0 {
            if x == prev_x {
                ops.push(Op::Insert(prev_y as usize));
            } else {
                ops.push(Op::Delete(prev_x as usize));
            }
        }
        x = prev_x;
        y = prev_y;
    }
    ops.reverse();
    ops
}

fn replace_all(a: &[&str], b: &[&str]) -> Vec<Op> {
    (0..a.len()).map(Op::Delete).chain((0..b.len()).map(Op::Insert)).collect()
}

/// Groups changes with `context` lines around them into hunks (index ranges into `ops`).
fn hunks(ops: &[Op], context: usize) -> Vec<std::ops::Range<usize>> {
    let changes: Vec<usize> =
        ops.iter().enumerate().filter(|(_, op)| !matches!(op, Op::Equal(..))).map(|(i, _)| i).collect();
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for &c in &changes {
        let start = c.saturating_sub(context);
        let end = (c + context + 1).min(ops.len());
        match out.last_mut() {
            Some(last) if start <= last.end => last.end = end,
            _ => out.push(start..end),
        }
    }
    out
}

/// 0-based start and length of a hunk in both files.
fn hunk_range(ops: &[Op]) -> (usize, usize, usize, usize) {
    let (mut a_start, mut b_start) = (None, None);
    let (mut a_len, mut b_len) = (0, 0);
    let (mut a_next, mut b_next) = (0, 0);
    for op in ops {
        match *op {
            Op::Equal(i, j) => {
                a_start.get_or_insert(i);
                b_start.get_or_insert(j);
                a_len += 1;
                b_len += 1;
                a_next = i + 1;
                b_next = j + 1;
            }
            Op::Delete(i) => {
                a_start.get_or_insert(i);
                a_len += 1;
                a_next = i + 1;
            }
            Op::Insert(j) => {
                b_start.get_or_insert(j);
                b_len += 1;
                b_next = j + 1;
            }
        }
    }
    (a_start.unwrap_or(a_next), a_len, b_start.unwrap_or(b_next), b_len)
}

/// `start,len` in 1-based unified-diff notation (an empty range names the line before it).
fn range_text(start: usize, len: usize) -> String {
    match len {
        0 => format!("{start},0"),
        1 => format!("{}", start + 1),
        _ => format!("{},{len}", start + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_diffs() {
        assert_eq!(unified("a\n", "a\n", "x", "y"), "");
        let d = unified("a\nb\nc\n", "a\nB\nc\n", "old", "new");
        assert_eq!(d, "--- old\n+++ new\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
        let d = unified("a\n", "a\nb\n", "o", "n");
        assert_eq!(d, "--- o\n+++ n\n@@ -1 +1,2 @@\n a\n+b\n");
        let d = unified("x", "y", "o", "n");
        assert!(d.contains("-x\n\\ No newline at end of file\n+y\n"));
    }

    #[test]
    fn far_apart_changes_make_two_hunks() {
        let old: String = (0..20).map(|i| format!("{i}\n")).collect();
        let new = old.replace("2\n", "two\n").replace("17\n", "seventeen\n");
        let d = unified(&old, &new, "o", "n");
        assert_eq!(d.matches("@@ ").count(), 2, "{d}");
    }
}
