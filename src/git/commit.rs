//! Mining one commit: a pure function of the commit id and the mining options, with no shared
//! mutable state, so that commits can be mined in parallel and their rows cached by id.

use git2::Oid;

use super::attributes::Attributes;
use super::blobs::BlobReader;
use super::mailmap::Mailmap;
use super::objects::Objects;
use super::raw_commit;
use super::rename::{self, Candidate};
use super::tree_diff::{self, Entry};
use crate::model::mined::{ChangeKind, FileChange, Mined, MinedCommit};
use crate::notebook::NotebookLines;

/// What mining needs to know besides the commit; every field changes the mined rows.
pub struct CommitContext<'a> {
    pub mailmap: &'a Mailmap,
    /// Whether an author (after the mailmap) is a bot: their commits are not mined.
    pub is_bot: &'a (dyn Fn(&str, &str) -> bool + Sync),
    pub attributes: &'a Attributes,
    pub rename_limit: u64,
    pub notebooks: NotebookLines,
}

/// Mines commit `id`, whose `parents` the walk found.
pub fn mine_commit(
    objects: &Objects<'_>,
    id: Oid,
    parents: Vec<Oid>,
    ctx: &CommitContext<'_>,
) -> Result<Mined, git2::Error> {
    if parents.len() > 1 {
        return Ok(Mined::Merge);
    }
    // read as git reads it: libgit2 refuses some commits git shows (the walk warns of them)
    let commit = raw_commit::from_bytes(id, &objects.commit(id)?, parents)?;
    let author = &commit.author;
    let (name, email) = ctx.mailmap.resolve(
        &String::from_utf8_lossy(&author.name),
        &String::from_utf8_lossy(&author.email),
    );
    if (ctx.is_bot)(&name, &email) {
        return Ok(Mined::Bot);
    }
    let mut co_authors: Vec<(String, String)> = Vec::new();
    for (n, e) in &commit.co_authors {
        let (n, e) = ctx
            .mailmap
            .resolve(&String::from_utf8_lossy(n), &String::from_utf8_lossy(e));
        if !(ctx.is_bot)(&n, &e) && !co_authors.iter().any(|c| c.0 == n && c.1 == e) {
            co_authors.push((n, e));
        }
    }
    let parent_tree = match commit.parents.first() {
        None => None,
        Some(&p) => Some(raw_commit::tree_from_bytes(p, &objects.commit(p)?)?),
    };
    let entries = tree_diff::diff_trees(objects, parent_tree, Some(commit.tree))?;
    let mut blobs = BlobReader::new(objects, ctx.attributes, ctx.notebooks);
    let changes = changes_with_renames(&entries, &mut blobs, ctx.rename_limit)?;
    Ok(Mined::Commit(MinedCommit {
        id: id.to_string(),
        name,
        email,
        time: author.time,
        co_authors,
        changes,
        missing_blobs: blobs.missing.iter().map(Oid::to_string).collect(),
        unparsed_notebooks: blobs.unparsed.iter().map(Oid::to_string).collect(),
    }))
}

/// The changes between two trees, renames paired and lines counted as for a commit.
pub fn diff_trees(
    objects: &Objects<'_>,
    old: Oid,
    new: Oid,
    attributes: &Attributes,
    rename_limit: u64,
    notebooks: NotebookLines,
) -> Result<Vec<FileChange>, git2::Error> {
    let entries = tree_diff::diff_trees(objects, Some(old), Some(new))?;
    let mut blobs = BlobReader::new(objects, attributes, notebooks);
    changes_with_renames(&entries, &mut blobs, rename_limit)
}

/// Pairs deletions with additions as git does and counts the lines of every change.
fn changes_with_renames(
    entries: &[Entry],
    blobs: &mut BlobReader<'_>,
    rename_limit: u64,
) -> Result<Vec<FileChange>, git2::Error> {
    // candidates, and the entry each one came from
    let (mut srcs, mut src_entry) = (Vec::new(), Vec::new());
    let (mut dsts, mut dst_entry) = (Vec::new(), Vec::new());
    for (i, e) in entries.iter().enumerate() {
        let path = &e.path;
        match (e.old, e.new) {
            (Some(side), None) => {
                srcs.push(Candidate {
                    path: path.as_slice(),
                    side,
                });
                src_entry.push(i);
            }
            (None, Some(side)) => {
                dsts.push(Candidate {
                    path: path.as_slice(),
                    side,
                });
                dst_entry.push(i);
            }
            _ => {}
        }
    }
    // renamed_from[entry index of the destination] = entry index of the source
    let mut renamed_from = vec![None; entries.len()];
    let mut renamed_away = vec![false; entries.len()];
    for (si, di) in rename::find_renames(&srcs, &dsts, blobs, rename_limit) {
        renamed_from[dst_entry[di]] = Some(src_entry[si]);
        renamed_away[src_entry[si]] = true;
    }
    let mut out = Vec::with_capacity(entries.len());
    for (i, e) in entries.iter().enumerate() {
        if renamed_away[i] {
            continue;
        }
        let change = match (renamed_from[i], e.old, e.new) {
            (Some(src), _, Some(new)) => {
                let from = &entries[src];
                let old = from.old.expect("rename source has an old side");
                let lines = blobs.numstat(
                    Some((from.path.as_slice(), old.id)),
                    Some((e.path.as_slice(), new.id)),
                )?;
                FileChange {
                    path: e.path.clone(),
                    old_path: Some(from.path.clone()),
                    kind: ChangeKind::Renamed,
                    added: lines.added,
                    removed: lines.removed,
                    // a move is a change whatever it did to the cells
                    rerun: false,
                }
            }
            (None, old, new) => {
                let kind = match (old, new) {
                    (None, Some(_)) => ChangeKind::Added,
                    (Some(_), None) => ChangeKind::Deleted,
                    _ => ChangeKind::Modified,
                };
                let lines = blobs.numstat(
                    old.map(|s| (e.path.as_slice(), s.id)),
                    new.map(|s| (e.path.as_slice(), s.id)),
                )?;
                FileChange {
                    path: e.path.clone(),
                    old_path: None,
                    kind,
                    added: lines.added,
                    removed: lines.removed,
                    rerun: lines.rerun,
                }
            }
            (Some(_), _, None) => unreachable!("a rename destination has a new side"),
        };
        out.push(change);
    }
    Ok(out)
}
