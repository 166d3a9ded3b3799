//! Tree-to-tree diff that skips subtrees whose ids are equal, in git's path order.
//!
//! libgit2's own tree diff descends into unchanged subtrees, which makes it O(all files) per
//! commit; git (and this walk) only open the trees that differ. Trees are read as raw bytes and
//! parsed here, as git does, rather than built into libgit2 objects.

use std::cmp::Ordering;
use std::ops::Range;

use bstr::BString;
use git2::Oid;

use super::objects::{Bytes, Objects};

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

/// Every non-gitlink path that differs between the trees `old` and `new`, in git's diff order.
pub fn diff_trees(
    objects: &Objects<'_>,
    old: Option<Oid>,
    new: Option<Oid>,
) -> Result<Vec<Entry>, git2::Error> {
    let read = |id: Option<Oid>| id.map(|id| Tree::read(objects, id)).transpose();
    let (old, new) = (read(old)?, read(new)?);
    let mut out = Vec::new();
    let mut prefix = Vec::with_capacity(256);
    walk(objects, old.as_ref(), new.as_ref(), &mut prefix, &mut out)?;
    Ok(out)
}

/// The mode of a libgit2 tree entry as git reads it.
pub fn mode(e: &git2::TreeEntry<'_>) -> u32 {
    canon_mode(e.filemode_raw() as u32)
}

/// The mode as git reads it (`canon_mode`): libgit2 normalises differently (any execute bit
/// makes an executable; an unknown type is a file), which would count changes git does not.
fn canon_mode(raw: u32) -> u32 {
    match raw & MODE_TYPE {
        MODE_REGULAR if raw & 0o100 != 0 => 0o100755,
        MODE_REGULAR => 0o100644,
        MODE_SYMLINK => MODE_SYMLINK,
        MODE_TREE => MODE_TREE,
        _ => MODE_GITLINK,
    }
}

/// A tree's bytes and its entries, parsed as git's `decode_tree_entry` does.
struct Tree {
    data: Bytes,
    entries: Vec<RawEntry>,
}

#[derive(Clone)]
struct RawEntry {
    /// As git reads it (`canon_mode`).
    mode: u32,
    name: Range<usize>,
    id: Oid,
}

/// An entry with its name.
#[derive(Clone, Copy)]
struct TreeEntry<'a> {
    mode: u32,
    name: &'a [u8],
    id: Oid,
}

impl TreeEntry<'_> {
    fn is_tree(&self) -> bool {
        self.mode == MODE_TREE
    }
}

impl Tree {
    fn read(objects: &Objects<'_>, id: Oid) -> Result<Tree, git2::Error> {
        let data = objects.tree(id)?;
        let entries = parse(&data).ok_or_else(|| {
            git2::Error::from_str(&format!("tree {id} is corrupt (run `git fsck`)"))
        })?;
        Ok(Tree { data, entries })
    }

    fn get(&self, i: usize) -> Option<TreeEntry<'_>> {
        self.entries.get(i).map(|e| TreeEntry {
            mode: e.mode,
            name: &self.data[e.name.clone()],
            id: e.id,
        })
    }

    fn len(&self) -> usize {
        self.entries.len()
    }
}

/// Entries: an octal mode, a space, a non-empty name up to a NUL, 20 bytes of id; `None` where
/// git would refuse the tree.
fn parse(data: &[u8]) -> Option<Vec<RawEntry>> {
    let mut entries = Vec::with_capacity(data.len() / 40);
    let mut at = 0;
    while at < data.len() {
        let space = at + data[at..].iter().position(|&b| b == b' ')?;
        let mut mode = 0u32;
        for &d in &data[at..space] {
            if !(b'0'..=b'7').contains(&d) {
                return None;
            }
            mode = mode.wrapping_mul(8).wrapping_add(u32::from(d - b'0'));
        }
        let name_start = space + 1;
        let nul = name_start + data[name_start..].iter().position(|&b| b == 0)?;
        let id = data.get(nul + 1..nul + 21)?;
        if nul == name_start {
            return None;
        }
        entries.push(RawEntry {
            mode: canon_mode(mode),
            name: name_start..nul,
            id: Oid::from_bytes(id).ok()?,
        });
        at = nul + 21;
    }
    Some(entries)
}

/// git's `base_name_compare`: a tree sorts as if its name ended in '/'.
fn entry_cmp(a: &TreeEntry<'_>, b: &TreeEntry<'_>) -> Ordering {
    let (an, bn) = (a.name, b.name);
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
    next(an, a.is_tree()).cmp(&next(bn, b.is_tree()))
}

fn walk(
    objects: &Objects<'_>,
    old: Option<&Tree>,
    new: Option<&Tree>,
    prefix: &mut Vec<u8>,
    out: &mut Vec<Entry>,
) -> Result<(), git2::Error> {
    let (olen, nlen) = (old.map_or(0, Tree::len), new.map_or(0, Tree::len));
    let (mut i, mut j) = (0, 0);
    while i < olen || j < nlen {
        let a = old.and_then(|t| t.get(i));
        let b = new.and_then(|t| t.get(j));
        let order = match (&a, &b) {
            (Some(a), Some(b)) => entry_cmp(a, b),
            (Some(_), None) => Ordering::Less,
            _ => Ordering::Greater,
        };
        match order {
            Ordering::Less => {
                emit_one_side(objects, &a.expect("old entry"), true, prefix, out)?;
                i += 1;
            }
            Ordering::Greater => {
                emit_one_side(objects, &b.expect("new entry"), false, prefix, out)?;
                j += 1;
            }
            Ordering::Equal => {
                let (a, b) = (a.expect("old entry"), b.expect("new entry"));
                i += 1;
                j += 1;
                if a.id == b.id && a.mode == b.mode {
                    continue;
                }
                let len = push_name(prefix, a.name);
                if a.is_tree() {
                    let (ta, tb) = (Tree::read(objects, a.id)?, Tree::read(objects, b.id)?);
                    prefix.push(b'/');
                    walk(objects, Some(&ta), Some(&tb), prefix, out)?;
                } else {
                    let side = |e: &TreeEntry<'_>| {
                        (e.mode != MODE_GITLINK).then_some(Side {
                            id: e.id,
                            mode: e.mode,
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
    objects: &Objects<'_>,
    e: &TreeEntry<'_>,
    is_old: bool,
    prefix: &mut Vec<u8>,
    out: &mut Vec<Entry>,
) -> Result<(), git2::Error> {
    if e.mode == MODE_GITLINK {
        return Ok(());
    }
    let len = push_name(prefix, e.name);
    if e.is_tree() {
        let t = Tree::read(objects, e.id)?;
        prefix.push(b'/');
        if is_old {
            walk(objects, Some(&t), None, prefix, out)?;
        } else {
            walk(objects, None, Some(&t), prefix, out)?;
        }
    } else {
        let side = Some(Side {
            id: e.id,
            mode: e.mode,
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
