//! The model from a mined history: contributors merged, changes to analysed paths tabled, and
//! each file at the reference commit given its rename-followed history.
//!
//! The history is tabled once ([`Table`]: identities and paths interned); a model is then built
//! for a selection of it: the whole history for a scan, the history of each period end for the
//! timeline. One code path for both is what makes a timeline point equal `scan --as-of`.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use bstr::BString;

use super::identity::{Identities, Rules, Sighting};
use super::mined::{HeadFile, MinedCommit};
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

/// Consumes the history: the model of all of it, at its reference commit, and the table it was
/// built from (from which a timeline builds the models of earlier points).
pub fn build(mut history: History, opts: &BuildOptions<'_>) -> (Model, Table) {
    let files = std::mem::take(&mut history.head_files);
    let table = Table::new(history, opts.also_identify);
    let files = &files;
    let verdicts = table.verdicts(opts.analysed);
    let all = vec![true; table.commits.len()];
    let model = table.model(&Selection {
        commits: &all,
        files,
        reference_time: table.repo.reference_time,
        head: table.repo.head.clone(),
        analysed: opts.analysed,
        verdicts: &verdicts,
        ignore_revs: opts.ignore_revs,
        identity: &opts.identity,
    });
    (model, table)
}

/// A mined history with its identities and paths interned.
pub struct Table {
    /// The history's facts (head, reference time, counts of merges and bots).
    pub repo: RepoFacts,
    /// Distinct (name, e-mail) identities, authors' and co-authors'.
    sightings: Vec<(String, String)>,
    /// Their e-mails, lower-cased.
    emails: Vec<String>,
    commits: Vec<TableCommit>,
    changes: Vec<TableChange>,
    paths: Vec<Arc<[u8]>>,
    path_ids: HashMap<BString, u32>,
    /// Sightings of `also_identify`: (sighting, commits), counted in every model.
    also: Vec<(u32, u64)>,
}

struct TableCommit {
    id: String,
    time: i64,
    author: u32,
    co_authors: Vec<u32>,
    changes: Range<u32>,
}

struct TableChange {
    path: u32,
    old_path: Option<u32>,
    kind: ChangeKind,
    added: u64,
    removed: u64,
    rerun: bool,
}

/// Which part of the table a model is built of.
pub struct Selection<'a> {
    /// Per commit of the history (in its order): whether it is in.
    pub commits: &'a [bool],
    /// The files at the selection's reference commit.
    pub files: &'a [HeadFile],
    pub reference_time: i64,
    pub head: String,
    /// Whether a path is analysed, and [`Table::verdicts`] of it.
    pub analysed: &'a dyn Fn(&[u8]) -> bool,
    pub verdicts: &'a [bool],
    pub ignore_revs: &'a [String],
    pub identity: &'a Rules<'a>,
}

impl Table {
    pub fn new(history: History, also_identify: &[MinedCommit]) -> Table {
        let mut sighting_ids: HashMap<(String, String), u32> = HashMap::new();
        let mut sightings: Vec<(String, String)> = Vec::new();
        let mut sight = |name: &str, email: &str| -> u32 {
            let key = (name.to_owned(), email.to_owned());
            *sighting_ids.entry(key).or_insert_with(|| {
                sightings.push((name.to_owned(), email.to_owned()));
                sightings.len() as u32 - 1
            })
        };
        let mut paths: Vec<Arc<[u8]>> = Vec::new();
        let mut path_ids: HashMap<BString, u32> = HashMap::new();
        let mut intern = |p: BString| -> u32 {
            if let Some(&id) = path_ids.get(&p) {
                return id;
            }
            paths.push(Arc::from(p.as_slice()));
            path_ids.insert(p, paths.len() as u32 - 1);
            paths.len() as u32 - 1
        };
        let mut commits = Vec::with_capacity(history.commits.len());
        let mut changes = Vec::new();
        for c in history.commits {
            let author = sight(&c.name, &c.email);
            let co_authors = c.co_authors.iter().map(|(n, e)| sight(n, e)).collect();
            let start = changes.len() as u32;
            for fc in c.changes {
                changes.push(TableChange {
                    path: intern(fc.path),
                    old_path: fc.old_path.map(&mut intern),
                    kind: fc.kind,
                    added: fc.added,
                    removed: fc.removed,
                    rerun: fc.rerun,
                });
            }
            commits.push(TableCommit {
                id: c.id,
                time: c.time,
                author,
                co_authors,
                changes: start..changes.len() as u32,
            });
        }
        let mut also = Vec::new();
        for c in also_identify {
            also.push((sight(&c.name, &c.email), 1));
            for (n, e) in &c.co_authors {
                also.push((sight(n, e), 0));
            }
        }
        let repo = RepoFacts {
            head: history.head,
            reference_time: history.reference_time,
            commits_analyzed: commits.len() as u64,
            merges_skipped: history.merges_skipped,
            bot_commits_excluded: history.bot_commits_excluded,
            shallow: history.shallow,
            missing_blobs: history.missing_blobs,
            unparsed_notebooks: history.unparsed_notebooks,
        };
        let emails = sightings.iter().map(|(_, e)| e.to_lowercase()).collect();
        Table {
            repo,
            emails,
            sightings,
            commits,
            changes,
            paths,
            path_ids,
            also,
        }
    }

    /// Per interned path: whether it is analysed (glob matching is the cost of a warm scan, so
    /// each path is judged once per set of rules).
    pub fn verdicts(&self, analysed: &dyn Fn(&[u8]) -> bool) -> Vec<bool> {
        self.paths.iter().map(|p| analysed(p)).collect()
    }

    pub fn model(&self, sel: &Selection<'_>) -> Model {
        let identities = self.identities(sel);
        let who: Vec<ContributorIx> = self
            .emails
            .iter()
            .map(|e| identities.of_email(e).unwrap_or(ContributorIx::MAX))
            .collect();
        let mut commits = Vec::new();
        let mut changes: Vec<Change> = Vec::new();
        let mut sources: Vec<(u32, Option<u32>)> = Vec::new();
        for (c, _) in self.commits.iter().zip(sel.commits).filter(|(_, s)| **s) {
            let contributor = who[c.author as usize];
            let mut co_authors: Vec<ContributorIx> = Vec::new();
            for &s in &c.co_authors {
                let w = who[s as usize];
                if w != contributor && !co_authors.contains(&w) {
                    co_authors.push(w);
                }
            }
            let delivers = !sel.ignore_revs.iter().any(|r| c.id.starts_with(r.as_str()));
            let ci = commits.len() as u32;
            let mut notebook_reruns = 0;
            for ch in &self.changes[c.changes.start as usize..c.changes.end as usize] {
                if !sel.verdicts[ch.path as usize] {
                    continue;
                }
                if ch.rerun {
                    notebook_reruns += 1;
                    continue;
                }
                changes.push(Change {
                    commit: ci,
                    contributor,
                    time: c.time,
                    path: self.paths[ch.path as usize].clone(),
                    kind: ch.kind,
                    added: ch.added,
                    removed: ch.removed,
                    file: None,
                    delivers,
                });
                sources.push((ch.path, ch.old_path));
            }
            commits.push(Commit {
                id: c.id.clone(),
                contributor,
                co_authors,
                time: c.time,
                notebook_reruns,
            });
        }
        let mut files: Vec<File> = sel
            .files
            .iter()
            .filter(|f| match self.path_ids.get(&f.path) {
                Some(&id) => sel.verdicts[id as usize],
                None => (sel.analysed)(&f.path),
            })
            .map(|f| File {
                path: f.path.clone(),
                lines: f.lines,
                changes: Vec::new(),
            })
            .collect();
        self.follow_renames(&files, &mut changes, &sources);
        for (i, c) in changes.iter().enumerate() {
            if let Some(f) = c.file {
                files[f as usize].changes.push(i as u32);
            }
        }
        let repo = RepoFacts {
            head: sel.head.clone(),
            reference_time: sel.reference_time,
            commits_analyzed: commits.len() as u64,
            ..self.repo.clone()
        };
        Model {
            repo,
            contributors: identities.contributors,
            commits,
            changes,
            files,
        }
    }

    /// The people of the selected commits (and of `also_identify`), each (name, e-mail) seen
    /// with the number of selected commits it authored.
    fn identities(&self, sel: &Selection<'_>) -> Identities {
        let mut commits: Vec<Option<u64>> = vec![None; self.sightings.len()];
        for (c, _) in self.commits.iter().zip(sel.commits).filter(|(_, s)| **s) {
            *commits[c.author as usize].get_or_insert(0) += 1;
            for &s in &c.co_authors {
                commits[s as usize].get_or_insert(0);
            }
        }
        for &(s, n) in &self.also {
            *commits[s as usize].get_or_insert(0) += n;
        }
        let seen = self
            .sightings
            .iter()
            .zip(&commits)
            .filter_map(|((name, email), n)| {
                n.map(|commits| Sighting {
                    name,
                    email,
                    commits,
                })
            });
        Identities::build(seen, sel.identity)
    }

    /// Walks the selected changes backwards from the reference commit, carrying each file's
    /// current path: a rename moves it to the old path, a creation ends it (older changes to
    /// that path belong to an earlier file).
    fn follow_renames(
        &self,
        files: &[File],
        changes: &mut [Change],
        sources: &[(u32, Option<u32>)],
    ) {
        const NONE: u32 = u32::MAX;
        let mut tracked = vec![NONE; self.paths.len()];
        for (i, f) in files.iter().enumerate() {
            if let Some(&p) = self.path_ids.get(&f.path) {
                tracked[p as usize] = i as u32;
            }
        }
        for (change, &(path, old_path)) in changes.iter_mut().zip(sources).rev() {
            let file = tracked[path as usize];
            if file == NONE {
                continue;
            }
            match change.kind {
                ChangeKind::Deleted => continue,
                ChangeKind::Modified => {}
                ChangeKind::Added => tracked[path as usize] = NONE,
                ChangeKind::Renamed => {
                    tracked[path as usize] = NONE;
                    if let Some(old) = old_path
                        && tracked[old as usize] == NONE
                    {
                        tracked[old as usize] = file;
                    }
                }
            }
            change.file = Some(file);
        }
    }
}
