//! Tree-to-tree diff that skips subtrees whose ids are equal, in git's path order.
//!
//! libgit2's own tree diff descends into unchanged subtrees, which makes it O(all files) per
//! commit; git (and this walk) only open the trees that differ.

use std::cmp::Ordering;

use bstr::BString;
use git2::{Oid, Repository, Tree, TreeEntry};

pub const MODE_TREE: u32 = 0o040000;
pub const MODE_GITLINK: u32 = 0o160000;
const MODE_TYPE: u32 = 0o170000;
const MODE_REGULAR: u32 = 0o100000;
const MODE_SYMLINK: u32 = 0o120000;

pub fn is_regular(mode: u32) -> bool {
    mode & MODE_TYPE == MODE_REGULAR
}

/// One side of a changed path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Side {
    pub id: Oid,
    pub mode: u32,
}

/// A changed path: `old` missing means added, `new` missing means deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub path: BString,
    pub old: Option<Side>,
    pub new: Option<Side>,
}

/// Every non-gitlink path that differs between `old` and `new`, in git's diff order.
pub fn diff_trees(
    repo: &Repository,
    old: Option<&Tree<'_>>,
    new: Option<&Tree<'_>>,
) -> Result<Vec<Entry>, git2::Error> {
    let mut out = Vec::new();
    let mut prefix = Vec::with_capacity(256);
    walk(repo, old, new, &mut prefix, &mut out)?;
    Ok(out)
}

/// The entry's mode as git reads it (`canon_mode`): libgit2 normalises differently (any execute
/// bit makes an executable; an unknown type is a file), which would count changes git does not.
pub fn mode(e: &TreeEntry<'_>) -> u32 {
    canon_mode(e.filemode_raw() as u32)
}

fn canon_mode(raw: u32) -> u32 {
    match raw & MODE_TYPE {
        MODE_REGULAR if raw & 0o100 != 0 => 0o100755,
        MODE_REGULAR => 0o100644,
        MODE_SYMLINK => MODE_SYMLINK,
        MODE_TREE => MODE_TREE,
        _ => MODE_GITLINK,
    }
}

fn is_tree(e: &TreeEntry<'_>) -> bool {
    mode(e) & MODE_TYPE == MODE_TREE
}

/// git's `base_name_compare`: a tree sorts as if its name ended in '/'.
fn entry_cmp(a: &TreeEntry<'_>, b: &TreeEntry<'_>) -> Ordering {
    let (an, bn) = (a.name_bytes(), b.name_bytes());
    let n = an.len().min(bn.len());
    match an[..n].cmp(&bn[..n]) {
        Ordering::Equal => {}
        o => return o,
    }
    let next = |name: &[u8], tree: bool| match name.get(n) {
        Some(&c) => c,
        None if tree => b'/',
        None => 0,
    };
    next(an, is_tree(a)).cmp(&next(bn, is_tree(b)))
}

fn walk(
    repo: &Repository,
    old: Option<&Tree<'_>>,
    new: Option<&Tree<'_>>,
    prefix: &mut Vec<u8>,
    out: &mut Vec<Entry>,
) -> Result<(), git2::Error> {
    let (olen, nlen) = (old.map_or(0, Tree::len), new.map_or(0, Tree::len));
    let (mut i, mut j) = (0, 0);
    while i < olen || j < nlen {
        let a = if i < olen {
            old.and_then(|t| t.get(i))
        } else {
            None
        };
        let b = if j < nlen {
            new.and_then(|t| t.get(j))
        } else {
            None
        };
        let order = match (&a, &b) {
            (Some(a), Some(b)) => entry_cmp(a, b),
            (Some(_), None) => Ordering::Less,
            _ => Ordering::Greater,
        };
        match order {
            Ordering::Less => {
                let a = a.expect("old entry");
                emit_one_side(repo, &a, true, prefix, out)?;
                i += 1;
            }
            Ordering::Greater => {
                let b = b.expect("new entry");
                emit_one_side(repo, &b, false, prefix, out)?;
                j += 1;
            }
            Ordering::Equal => {
                let (a, b) = (a.expect("old entry"), b.expect("new entry"));
                i += 1;
                j += 1;
                if a.id() == b.id() && mode(&a) == mode(&b) {
                    continue;
                }
                let len = push_name(prefix, a.name_bytes());
                if is_tree(&a) {
                    let (ta, tb) = (repo.find_tree(a.id())?, repo.find_tree(b.id())?);
                    prefix.push(b'/');
                    walk(repo, Some(&ta), Some(&tb), prefix, out)?;
                } else {
                    let side = |e: &TreeEntry<'_>| {
                        (mode(e) != MODE_GITLINK).then(|| Side {
                            id: e.id(),
                            mode: mode(e),
                        })
                    };
                    let (os, ns) = (side(&a), side(&b));
                    if os.is_some() || ns.is_some() {
                        out.push(Entry {
                            path: BString::from(prefix.as_slice()),
                            old: os,
                            new: ns,
                        });
                    }
                }
                prefix.truncate(len);
            }
        }
    }
    Ok(())
}

fn push_name(prefix: &mut Vec<u8>, name: &[u8]) -> usize {
    let len = prefix.len();
    prefix.extend_from_slice(name);
    len
}

/// An entry present on one side only: a whole subtree, a file, or (skipped) a gitlink.
fn emit_one_side(
    repo: &Repository,
    e: &TreeEntry<'_>,
    is_old: bool,
    prefix: &mut Vec<u8>,
    out: &mut Vec<Entry>,
) -> Result<(), git2::Error> {
    let m = mode(e);
    if m == MODE_GITLINK {
        return Ok(());
    }
    let len = push_name(prefix, e.name_bytes());
    if is_tree(e) {
        let t = repo.find_tree(e.id())?;
        prefix.push(b'/');
        if is_old {
            walk(repo, Some(&t), None, prefix, out)?;
        } else {
            walk(repo, None, Some(&t), prefix, out)?;
        }
    } else {
        let side = Some(Side {
            id: e.id(),
            mode: m,
        });
        out.push(Entry {
            path: BString::from(prefix.as_slice()),
            old: if is_old { side } else { None },
            new: if is_old { None } else { side },
        });
    }
    prefix.truncate(len);
    Ok(())
}

#[cfg(test)]
mod mode_tests {
    use super::canon_mode;

    #[test]
    fn modes_as_git_reads_them() {
        assert_eq!(canon_mode(0o100644), 0o100644);
        assert_eq!(
            canon_mode(0o100654),
            0o100644,
            "only the owner's execute bit counts"
        );
        assert_eq!(canon_mode(0o100775), 0o100755);
        assert_eq!(canon_mode(0o120755), 0o120000);
        assert_eq!(canon_mode(0o40000), 0o040000);
        assert_eq!(
            canon_mode(0o150000),
            0o160000,
            "an unknown type is a gitlink"
        );
        assert_eq!(canon_mode(0), 0o160000);
    }
}
