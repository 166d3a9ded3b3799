//! The model from a mined history: contributors merged, changes to analysed paths tabled, and
//! each file at the reference commit given its rename-followed history.

use std::collections::HashMap;

use bstr::BString;

use super::identity::{Identities, Rules, Sighting};
use super::mined::MinedCommit;
use super::{Change, ChangeKind, Commit, ContributorIx, File, History, Model, RepoFacts};

pub struct BuildOptions<'a> {
    pub identity: Rules<'a>,
    /// Whether a path is analysed (include/exclude, vendored and generated rules).
    pub analysed: &'a dyn Fn(&[u8]) -> bool,
    /// Commits that carry no knowledge (full or abbreviated ids, lower-case hex).
    pub ignore_revs: &'a [String],
    /// Commits outside the history whose people are identified too (a pull request's, for the
    /// model of its merge-base), so that two models share their contributors.
    pub also_identify: &'a [MinedCommit],
}

/// Consumes the history: its rows move into the model rather than being copied.
pub fn build(history: History, opts: &BuildOptions<'_>) -> Model {
    let sightings = history
        .commits
        .iter()
        .chain(opts.also_identify)
        .flat_map(|c| {
            let author = Sighting {
                name: &c.name,
                email: &c.email,
                commits: 1,
            };
            let co_authors = c.co_authors.iter().map(|(name, email)| Sighting {
                name,
                email,
                commits: 0,
            });
            std::iter::once(author).chain(co_authors)
        });
    let identities = Identities::build(sightings, &opts.identity);
    let mut files: Vec<File> = history
        .head_files
        .into_iter()
        .filter(|f| (opts.analysed)(&f.path))
        .map(|f| File {
            path: f.path,
            lines: f.lines,
            changes: Vec::new(),
        })
        .collect();
    let repo = RepoFacts {
        head: history.head,
        reference_time: history.reference_time,
        commits_analyzed: history.commits.len() as u64,
        merges_skipped: history.merges_skipped,
        bot_commits_excluded: history.bot_commits_excluded,
        shallow: history.shallow,
        missing_blobs: history.missing_blobs,
    };
    let (commits, mut changes) = table(history.commits, &identities, opts);
    follow_renames(&files, &mut changes);
    let changes: Vec<Change> = changes.into_iter().map(|(c, _)| c).collect();
    for (i, c) in changes.iter().enumerate() {
        if let Some(f) = c.file {
            files[f as usize].changes.push(i as u32);
        }
    }
    Model {
        repo,
        contributors: identities.contributors,
        commits,
        changes,
        files,
    }
}

/// The commit and change tables, changes to analysed paths only, each with its rename source.
fn table(
    mined: Vec<MinedCommit>,
    identities: &Identities,
    opts: &BuildOptions<'_>,
) -> (Vec<Commit>, Vec<(Change, Option<BString>)>) {
    let is_analysed = opts.analysed;
    // Paths recur across commits: judge each once (glob matching dominates a warm scan).
    let mut verdicts: HashMap<BString, bool> = HashMap::new();
    let mut analysed = |path: &[u8]| match verdicts.get(path) {
        Some(&v) => v,
        None => {
            let v = is_analysed(path);
            verdicts.insert(path.into(), v);
            v
        }
    };
    let mut commits = Vec::with_capacity(mined.len());
    let mut changes = Vec::new();
    for (ci, c) in mined.into_iter().enumerate() {
        let contributor = identities.contributor_of(&c.name, &c.email);
        let mut co_authors: Vec<ContributorIx> = Vec::new();
        for (name, email) in &c.co_authors {
            let who = identities.contributor_of(name, email);
            if who != contributor && !co_authors.contains(&who) {
                co_authors.push(who);
            }
        }
        let delivers = !opts
            .ignore_revs
            .iter()
            .any(|r| c.id.starts_with(r.as_str()));
        for fc in c.changes.into_iter().filter(|fc| analysed(&fc.path)) {
            let change = Change {
                commit: ci as u32,
                contributor,
                time: c.time,
                path: fc.path,
                kind: fc.kind,
                added: fc.added,
                removed: fc.removed,
                file: None,
                delivers,
            };
            changes.push((change, fc.old_path));
        }
        commits.push(Commit {
            id: c.id,
            contributor,
            co_authors,
            time: c.time,
        });
    }
    (commits, changes)
}

/// Walks the history backwards from the reference commit, carrying each file's current path:
/// a rename moves it to the old path, a creation ends it (older changes to that path belong to
/// an earlier file).
fn follow_renames(files: &[File], changes: &mut [(Change, Option<BString>)]) {
    let mut tracked: HashMap<BString, u32> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.path.clone(), i as u32))
        .collect();
    for (change, old_path) in changes.iter_mut().rev() {
        let Some(&file) = tracked.get(&change.path) else {
            continue;
        };
        match change.kind {
            ChangeKind::Deleted => continue,
            ChangeKind::Modified => {}
            ChangeKind::Added => {
                tracked.remove(&change.path);
            }
            ChangeKind::Renamed => {
                tracked.remove(&change.path);
                if let Some(old) = old_path.take() {
                    tracked.entry(old).or_insert(file);
                }
            }
        }
        change.file = Some(file);
    }
}
