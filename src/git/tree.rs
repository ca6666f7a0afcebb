//! Raw tree objects, read straight from their bytes: the history walk compares two versions of
//! the communities folder thousands of times, and comparing bytes (skipping the long identical
//! runs with one `memcmp`) is several times cheaper than parsing every entry through libgit2.
//!
//! A tree is a run of entries `<mode> SP <name> NUL <object id>`, sorted in git's order.

use std::cmp::Ordering;

/// Bytes of a SHA-1 object id, the only object format libgit2 reads here.
pub const OID_LEN: usize = 20;

/// The mode of a folder entry.
const TREE_MODE: &[u8] = b"40000";

/// One entry of a raw tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'t> {
    pub name: &'t [u8],
    pub is_tree: bool,
    pub id: &'t [u8],
    /// Length of the whole entry in bytes.
    pub len: usize,
}

/// The tree bytes do not follow the format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Malformed;

/// The entry starting at `at`, or `None` at the end.
pub fn entry_at(tree: &[u8], at: usize) -> Result<Option<Entry<'_>>, Malformed> {
    let Some(rest) = tree.get(at..) else {
        return Err(Malformed);
    };
    if rest.is_empty() {
        return Ok(None);
    }
    // Neither the mode nor the name holds a NUL, so the first one ends the name.
    let nul = memchr::memchr(0, rest).ok_or(Malformed)?;
    let space = memchr::memchr(b' ', &rest[..nul]).ok_or(Malformed)?;
    let end = nul + 1 + OID_LEN;
    let id = rest.get(nul + 1..end).ok_or(Malformed)?;
    Ok(Some(Entry {
        name: &rest[space + 1..nul],
        is_tree: &rest[..space] == TREE_MODE,
        id,
        len: end,
    }))
}

/// The length of the entry `rest` starts with (`None` at the end): all a skip needs.
fn entry_len(rest: &[u8]) -> Result<Option<usize>, Malformed> {
    if rest.is_empty() {
        return Ok(None);
    }
    let len = memchr::memchr(0, rest).ok_or(Malformed)? + 1 + OID_LEN;
    if len > rest.len() {
        return Err(Malformed);
    }
    Ok(Some(len))
}

/// The entry named `name`, if any.
pub fn find<'t>(tree: &'t [u8], name: &[u8]) -> Result<Option<Entry<'t>>, Malformed> {
    let mut at = 0;
    while let Some(entry) = entry_at(tree, at)? {
        if entry.name == name {
            return Ok(Some(entry));
        }
        at += entry.len;
    }
    Ok(None)
}

/// How a folder entry differs between two trees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// In the new tree only (or a file in the old one).
    Added,
    /// In the old tree only (or a file in the new one).
    Removed,
    /// In both, pointing at another tree.
    Modified,
}

/// Calls `changed` with the name of every folder entry that differs between `new` and `old`:
/// added, removed, or pointing at another tree. Identical runs are skipped by comparing bytes;
/// entries are parsed only to stay on entry boundaries and where the trees differ.
pub fn changed_folders(
    new: &[u8],
    old: &[u8],
    mut changed: impl FnMut(&[u8]),
) -> Result<(), Malformed> {
    diff_folders(new, old, |name, _| changed(name))
}

/// Like [`changed_folders`], saying how each folder changed.
pub fn diff_folders(
    new: &[u8],
    old: &[u8],
    mut changed: impl FnMut(&[u8], Change),
) -> Result<(), Malformed> {
    let (mut i, mut j) = (0, 0);
    loop {
        // Skip whole entries of the identical run ahead.
        let same = common_prefix(&new[i..], &old[j..]);
        let mut skip = 0;
        while let Some(len) = entry_len(&new[i + skip..])? {
            if skip + len > same {
                break;
            }
            skip += len;
        }
        i += skip;
        j += skip;
        let a = entry_at(new, i)?;
        let b = entry_at(old, j)?;
        match (a, b) {
            (None, None) => return Ok(()),
            (Some(a), None) => {
                report(&a, Change::Added, &mut changed);
                i += a.len;
            }
            (None, Some(b)) => {
                report(&b, Change::Removed, &mut changed);
                j += b.len;
            }
            (Some(a), Some(b)) => match git_order(&a, &b) {
                Ordering::Equal => {
                    // Same name and kind in git's order: a folder in both.
                    if a.id != b.id {
                        report(&a, Change::Modified, &mut changed);
                    }
                    i += a.len;
                    j += b.len;
                }
                Ordering::Less => {
                    report(&a, Change::Added, &mut changed);
                    i += a.len;
                }
                Ordering::Greater => {
                    report(&b, Change::Removed, &mut changed);
                    j += b.len;
                }
            },
        }
    }
}

fn report(entry: &Entry, change: Change, changed: &mut impl FnMut(&[u8], Change)) {
    if entry.is_tree {
        changed(entry.name, change);
    }
}

/// How many leading bytes `a` and `b` share, compared a block at a time.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 256;
    let len = a.len().min(b.len());
    let mut at = 0;
    while at + BLOCK <= len && a[at..at + BLOCK] == b[at..at + BLOCK] {
        at += BLOCK;
    }
    at + a[at..len]
        .iter()
        .zip(&b[at..len])
        .take_while(|(x, y)| x == y)
        .count()
}

/// Git's order of tree entries: by name bytes, a folder's name read as if it ended in `/`.
fn git_order(a: &Entry, b: &Entry) -> Ordering {
    let common = a.name.len().min(b.name.len());
    a.name[..common].cmp(&b.name[..common]).then_with(|| {
        let end = |e: &Entry| {
            e.name
                .get(common)
                .copied()
                .unwrap_or(if e.is_tree { b'/' } else { 0 })
        };
        end(a).cmp(&end(b))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A raw tree from (name, is_tree, id byte) in the given order.
    fn tree(entries: &[(&str, bool, u8)]) -> Vec<u8> {
        let mut out = Vec::new();
        for (name, is_tree, id) in entries {
            out.extend_from_slice(if *is_tree { b"40000 " } else { b"100644 " });
            out.extend_from_slice(name.as_bytes());
            out.push(0);
            out.extend_from_slice(&[*id; OID_LEN]);
        }
        out
    }

    fn changed(new: &[u8], old: &[u8]) -> Vec<String> {
        let mut out = Vec::new();
        changed_folders(new, old, |n| {
            out.push(String::from_utf8_lossy(n).into_owned())
        })
        .unwrap();
        out
    }

    #[test]
    fn equal_trees_have_no_change() {
        let t = tree(&[("a", true, 1), ("b", true, 2)]);
        assert!(changed(&t, &t).is_empty());
        assert!(changed(&[], &[]).is_empty());
    }

    #[test]
    fn modified_added_and_removed_folders() {
        let old = tree(&[
            ("a", true, 1),
            ("b", true, 2),
            ("c", true, 3),
            ("e", true, 5),
        ]);
        let new = tree(&[
            ("a", true, 1),
            ("b", true, 9),
            ("d", true, 4),
            ("e", true, 5),
        ]);
        assert_eq!(changed(&new, &old), ["b", "c", "d"]);
        assert_eq!(changed(&new, &[]), ["a", "b", "d", "e"]);
        assert_eq!(changed(&[], &old), ["a", "b", "c", "e"]);
    }

    #[test]
    fn diff_says_how_each_folder_changed() {
        let old = tree(&[("a", true, 1), ("b", true, 2), ("c", false, 3)]);
        let new = tree(&[("b", true, 9), ("c", true, 3), ("d", true, 4)]);
        let mut out = Vec::new();
        diff_folders(&new, &old, |n, c| {
            out.push((String::from_utf8_lossy(n).into_owned(), c))
        })
        .unwrap();
        let names =
            |v: &[(String, Change)]| v.iter().map(|(n, c)| (n.clone(), *c)).collect::<Vec<_>>();
        assert_eq!(
            names(&out),
            [
                ("a".to_string(), Change::Removed),
                ("b".to_string(), Change::Modified),
                ("c".to_string(), Change::Added),
                ("d".to_string(), Change::Added),
            ]
        );
    }

    #[test]
    fn files_are_not_communities() {
        let old = tree(&[("README.md", false, 1), ("a", true, 1)]);
        let new = tree(&[("README.md", false, 2), ("a", true, 1)]);
        assert!(changed(&new, &old).is_empty());
    }

    #[test]
    fn a_file_that_becomes_a_folder_is_a_change() {
        // In git's order the file `a` sorts before `a-b`, the folder `a` after it.
        let old = tree(&[("a", false, 1), ("a-b", true, 2)]);
        let new = tree(&[("a-b", true, 2), ("a", true, 1)]);
        assert_eq!(changed(&new, &old), ["a"]);
    }

    #[test]
    fn ids_with_spaces_and_nuls_do_not_confuse_the_skip() {
        let old = tree(&[("a", true, 0), ("b", true, b' '), ("c", true, 0)]);
        let new = tree(&[("a", true, 0), ("b", true, b' '), ("c", true, 7)]);
        assert_eq!(changed(&new, &old), ["c"]);
    }

    #[test]
    fn many_entries_with_changes_far_apart() {
        let names: Vec<String> = (0..600).map(|n| format!("community-{n:04}")).collect();
        let old: Vec<_> = names.iter().map(|n| (n.as_str(), true, 1)).collect();
        let mut new = old.clone();
        new[3].2 = 2;
        new[550].2 = 2;
        new.remove(300);
        assert_eq!(
            changed(&tree(&new), &tree(&old)),
            ["community-0003", "community-0300", "community-0550"]
        );
    }

    #[test]
    fn malformed_trees_are_errors_not_panics() {
        let good = tree(&[("a", true, 1)]);
        for bad in [
            &b"40000 a"[..],
            b"40000",
            b"40000 a\0short",
            &good[..good.len() - 1],
        ] {
            assert_eq!(
                changed_folders(bad, &good, |_| {}),
                Err(Malformed),
                "{bad:?}"
            );
            assert_eq!(find(bad, b"zzz"), Err(Malformed), "{bad:?}");
        }
        assert_eq!(find(&good, b"a").unwrap().map(|e| e.is_tree), Some(true));
        assert_eq!(find(&good, b"b").unwrap(), None);
    }
}
