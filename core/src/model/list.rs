//! [`ThinList`]: the lists that are empty on almost every instruction (flags, heredocs, comment
//! and blank lines inside a continuation, RUN mounts) kept one pointer wide, so that an
//! [`Instruction`](super::Instruction) stays small: the parser writes tens of thousands of them,
//! and every byte of one is copied and touched once more when it is pushed.

use std::fmt;
use std::ops::Deref;

use serde::Serialize;

/// A list read as a slice, one pointer wide, allocating only when the first item comes.
#[derive(Clone)]
pub struct ThinList<T>(Option<Box<Items<T>>>);

/// Most non-empty lists hold a single item (one `--platform`, one heredoc, one `--mount`): it
/// sits in the box itself, so such a list costs one allocation rather than a box and a buffer.
#[derive(Clone)]
enum Items<T> {
    One(T),
    Many(Vec<T>),
}

impl<T> ThinList<T> {
    pub const fn new() -> Self {
        ThinList(None)
    }

    pub fn push(&mut self, item: T) {
        match &mut self.0 {
            None => self.0 = Some(Box::new(Items::One(item))),
            Some(items) => {
                let earlier = std::mem::replace(&mut **items, Items::Many(Vec::new()));
                **items = match earlier {
                    Items::One(first) => Items::Many(vec![first, item]),
                    Items::Many(mut all) => {
                        all.push(item);
                        Items::Many(all)
                    }
                };
            }
        }
    }
}

impl<T> Default for ThinList<T> {
    fn default() -> Self {
        ThinList::new()
    }
}

impl<T> Deref for ThinList<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        match self.0.as_deref() {
            None => &[],
            Some(Items::One(item)) => std::slice::from_ref(item),
            Some(Items::Many(all)) => all,
        }
    }
}

impl<T: PartialEq> PartialEq for ThinList<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: Eq> Eq for ThinList<T> {}

impl<T> From<Vec<T>> for ThinList<T> {
    fn from(mut items: Vec<T>) -> Self {
        ThinList(match items.len() {
            0 => None,
            1 => items.pop().map(|only| Box::new(Items::One(only))),
            _ => Some(Box::new(Items::Many(items))),
        })
    }
}

impl<T> FromIterator<T> for ThinList<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        let mut list = ThinList::new();
        for item in items {
            list.push(item);
        }
        list
    }
}

impl<'l, T> IntoIterator for &'l ThinList<T> {
    type Item = &'l T;
    type IntoIter = std::slice::Iter<'l, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T: fmt::Debug> fmt::Debug for ThinList<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: Serialize> Serialize for ThinList<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_one_pointer_wide_and_reads_as_a_slice() {
        assert_eq!(std::mem::size_of::<ThinList<String>>(), std::mem::size_of::<usize>());
        let mut list = ThinList::new();
        assert!(list.is_empty());
        assert_eq!(ThinList::from(Vec::<u8>::new()), list);
        list.push(1);
        list.push(2);
        assert_eq!(&*list, &[1, 2]);
        assert_eq!(list, [1, 2].into_iter().collect());
        assert_eq!(format!("{list:?}"), "[1, 2]");
        assert_eq!(serde_json::to_string(&list).unwrap(), "[1,2]");
        list.push(3);
        assert_eq!(&*list, &[1, 2, 3]);
        assert_eq!(&*ThinList::from(vec![7]), &[7]);
        assert_eq!(&*ThinList::from(vec![7, 8]), &[7, 8]);
    }
}
