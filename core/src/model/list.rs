//! [`ThinList`]: the lists that are empty on almost every instruction (flags, heredocs, comment
//! and blank lines inside a continuation, RUN mounts) kept one pointer wide, so that an
//! [`Instruction`](super::Instruction) stays small: the parser writes tens of thousands of them,
//! and every byte of one is copied and touched once more when it is pushed.

use std::fmt;
use std::ops::Deref;

use serde::Serialize;

/// A list read as a slice, one pointer wide, allocating only when the first item comes.
#[derive(Clone, PartialEq, Eq)]
// The box is the point: `Option<Box<Vec>>` is one pointer, `Vec` three.
#[allow(clippy::box_collection)]
pub struct ThinList<T>(Option<Box<Vec<T>>>);

impl<T> ThinList<T> {
    pub const fn new() -> Self {
        ThinList(None)
    }

    pub fn push(&mut self, item: T) {
        self.0.get_or_insert_with(Box::default).push(item);
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
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }
}

impl<T> From<Vec<T>> for ThinList<T> {
    fn from(items: Vec<T>) -> Self {
        ThinList((!items.is_empty()).then(|| Box::new(items)))
    }
}

impl<T> FromIterator<T> for ThinList<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        ThinList::from(items.into_iter().collect::<Vec<T>>())
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
    }
}
