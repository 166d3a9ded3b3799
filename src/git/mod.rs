//! Mining: the only code that calls git2 or gitoxide. Walks the history reachable from the
//! reference commit, mines each commit on its own (in parallel) and lists the files at the
//! reference commit.

pub mod attributes;
pub mod blobs;
pub mod cache;
pub mod commit;
pub mod head;
mod loose;
pub mod mailmap;
pub mod objects;
pub mod points;
pub mod raw_commit;
pub mod rename;
mod trailers;
pub mod tree_diff;
pub mod walk;
pub mod wildmatch;
pub mod xdiff;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

pub use git2::Repository;
use git2::{ErrorCode, Oid, RepositoryOpenFlags};

use self::attributes::Attributes;
use self::commit::CommitContext;
use self::head::TreeFile;
use self::mailmap::Mailmap;
use crate::model::mined::{History, Mined};
use crate::notebook::NotebookLines;

#[derive(Debug, thiserror::Error)]
pub enum MineError {
    #[error("{0}: no such file or directory (give the path of a Git repository)")]
    NoSuchPath(PathBuf),
    #[error("{0}: not a git repository (run mlowners inside a clone, or pass its path)")]
    NotARepository(PathBuf),
    #[error("{0}: the repository has no commits yet (commit something, then scan)")]
    NoCommits(PathBuf),
    #[error("{path}: {head} has no commits yet, but {branch} has (scan it with --at {branch})")]
    UnbornHead {
        path: PathBuf,
        head: String,
        branch: String,
    },
    #[error(
        "{0}: owned by another user, so git does not trust it (if you do: git config --global --add safe.directory {0})"
    )]
    NotOwned(PathBuf),
    #[error("{0}: SHA-256 repositories are not supported yet (scan a SHA-1 clone)")]
    Sha256(PathBuf),
    #[error("--as-of {as_of}: the history of {head} begins later, on {first} (give a later date)")]
    BeforeHistory {
        as_of: String,
        head: String,
        first: String,
    },
    #[error("{flag} {rev}: names no commit in this repository (give a branch, tag or commit id)")]
    BadRevision { flag: &'static str, rev: String },
    #[error(
        "--base {base} and --head {head} share no history (is the base branch fetched? in GitHub Actions: actions/checkout with `fetch-depth: 0`)"
    )]
    NoMergeBase { base: String, head: String },
    #[error(
        "commit {0} is missing from the repository, though the history reaches it (run `git fsck`)"
    )]
    MissingCommit(String),
    #[error("{0} (run `git fsck`)")]
    CorruptObject(String),
    #[error("reading the repository failed: {} (run `git fsck`)", .0.message())]
    Git(#[from] git2::Error),
}

/// Size of one mapped window of a pack file, and of all windows together, in bytes.
const PACK_WINDOW_BYTES: usize = 32 << 20;
const PACK_MAPPED_BYTES: usize = 256 << 20;

pub struct MineOptions<'a> {
    /// `--at REV`; `None` means HEAD.
    pub at: Option<&'a str>,
    /// `--as-of`: analyse the last first-parent commit of `at` at or before this instant, and
    /// measure ages from it.
    pub as_of: Option<i64>,
    /// Only commits whose author time is at or after this (seconds since the epoch).
    pub since: Option<i64>,
    /// Whether an author (after the mailmap) is a bot, and the rules behind it (for the cache key).
    pub is_bot: &'a (dyn Fn(&str, &str) -> bool + Sync),
    pub bot_rules: &'a [String],
    pub rename_limit: u64,
    /// Called once per commit mined, from worker threads.
    pub progress: &'a (dyn Fn(u64) + Sync),
    /// Called once with the number of commits to mine.
    pub start: &'a dyn Fn(u64),
    /// Read and write the incremental cache under the git directory.
    pub cache: bool,
    /// How notebooks' lines are counted.
    pub notebooks: NotebookLines,
}

/// What mining hands on: the history, and the attributes of the reference commit (which decide,
/// as policy outside mining, what is vendored or generated).
#[derive(Debug)]
pub struct Mining {
    pub history: History,
    pub attributes: Attributes,
    /// Parents and times of every commit of the history (the timeline finds its points here).
    pub graph: Graph,
    /// What reading the head's tree learnt (the timeline's points reuse it).
    pub line_counts: points::LineCounts,
}

pub type Graph = HashMap<Oid, walk::Node>;

/// Opens the repository at (or above) `path`.
pub fn open(path: &Path) -> Result<Repository, MineError> {
    if !path.exists() {
        return Err(MineError::NoSuchPath(path.to_path_buf()));
    }
    let repo = Repository::open_ext(
        path,
        RepositoryOpenFlags::empty(),
        std::iter::empty::<&Path>(),
    )
    .map_err(|e| match e.code() {
        ErrorCode::NotFound => MineError::NotARepository(path.to_path_buf()),
        ErrorCode::Owner => MineError::NotOwned(path.to_path_buf()),
        _ if e.message().contains("object format") && e.message().contains("sha256") => {
            MineError::Sha256(path.to_path_buf())
        }
        _ => MineError::Git(e),
    })?;
    // libgit2 (1.9.7) spins forever reading a loose object cut short (issue 7342, fixed after the
    // last release): check them all before anything reads one.
    loose::check_all(repo.commondir()).map_err(MineError::CorruptObject)?;
    Ok(repo)
}

/// The directory the repository's files live in (the git directory for a bare repository).
pub fn root(repo: &Repository) -> PathBuf {
    repo.workdir().unwrap_or_else(|| repo.path()).to_path_buf()
}

pub fn mine(repo: &Repository, opts: &MineOptions<'_>) -> Result<Mining, MineError> {
    configure_libgit2();
    let head = resolve_head(repo, opts.at)?;
    let (head, reference_time) = match opts.as_of {
        None => (head, raw_commit::read(repo, head)?.commit_time),
        Some(t) => (as_of(repo, head, t, opts.at)?, t),
    };
    let mut line_counts = points::LineCounts::new(opts.notebooks);
    let tree = points::tree_state(repo, head, &mut line_counts)?;
    let (mailmap_text, mut warnings) = read_mailmap(repo);
    let mailmap = Mailmap::parse(&String::from_utf8_lossy(&mailmap_text));
    let cache_key = cache::key(&cache::KeyParts {
        mailmap: &mailmap_text,
        bots: opts.bot_rules,
        attributes: &tree.attribute_files,
        rename_limit: opts.rename_limit,
        notebooks: opts.notebooks,
        shallow: &std::fs::read(repo.path().join("shallow")).unwrap_or_default(),
        grafts: &std::fs::read(repo.path().join("info/grafts")).unwrap_or_default(),
    });
    let ctx = CommitContext {
        mailmap: &mailmap,
        is_bot: opts.is_bot,
        attributes: &tree.attributes,
        rename_limit: opts.rename_limit,
        notebooks: opts.notebooks,
    };
    let (rows, graph) = mined_rows(repo, head, &ctx, &cache_key, opts, &mut warnings)?;

    let mut history = History {
        head: head.to_string(),
        reference_time,
        shallow: repo.is_shallow(),
        commits: Vec::with_capacity(rows.len()),
        warnings,
        ignore_revs: tree.ignore_revs,
        ..History::default()
    };
    let (mut missing, mut unparsed) = (HashSet::new(), HashSet::new());
    for (_, m) in rows {
        match m {
            Mined::Merge => history.merges_skipped += 1,
            Mined::Bot => history.bot_commits_excluded += 1,
            Mined::Commit(c) => {
                missing.extend(c.missing_blobs.iter().cloned());
                unparsed.extend(c.unparsed_notebooks.iter().cloned());
                history.commits.push(c);
            }
        }
    }
    missing.extend(tree.missing.iter().map(Oid::to_string));
    unparsed.extend(tree.unparsed.iter().map(Oid::to_string));
    history.missing_blobs = missing.len() as u64;
    history.unparsed_notebooks = unparsed.len() as u64;
    history.head_files = tree.files;
    Ok(Mining {
        history,
        attributes: tree.attributes,
        graph,
        line_counts,
    })
}

/// `--as-of T`: the newest commit of `head`'s first-parent chain committed at or before `T`.
fn as_of(repo: &Repository, head: Oid, t: i64, at: Option<&str>) -> Result<Oid, MineError> {
    let mut oldest = None;
    let found = walk::first_parent_at(head, &[t], |id| match raw_commit::read(repo, id) {
        Ok(c) => {
            oldest = Some(c.commit_time);
            Ok(Some((c.parents.first().copied(), c.commit_time)))
        }
        Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
        Err(e) => Err(e),
    })?;
    found[0].ok_or_else(|| MineError::BeforeHistory {
        as_of: crate::time::rfc3339(t),
        head: at.unwrap_or("HEAD").to_owned(),
        first: oldest.map_or_else(|| "?".into(), crate::time::rfc3339),
    })
}

fn configure_libgit2() {
    // Objects were verified when git wrote them; re-hashing every read costs about a fifth.
    git2::opts::strict_hash_verification(false);
    // libgit2's object cache costs more than it saves here: every lookup compares ids in it and
    // every read stores into it, while the walk reads each commit once (measured on
    // scala/scala, issue 12, when libgit2 still read the blobs too).
    git2::opts::enable_caching(false);
    // Pack files are mapped in windows; without a limit a whole history's packs end up resident.
    // SAFETY: called before any worker opens a repository; the settings are plain globals.
    unsafe {
        let _ = git2::opts::set_mwindow_size(PACK_WINDOW_BYTES);
        let _ = git2::opts::set_mwindow_mapped_limit(PACK_MAPPED_BYTES);
    }
}

/// The rows of every commit of the history up to `head`, in history order: from the cache where
/// it has them, mined (in parallel) where not; the cache is rewritten when anything changed.
fn mined_rows(
    repo: &Repository,
    head: Oid,
    ctx: &CommitContext<'_>,
    cache_key: &[u8; 20],
    opts: &MineOptions<'_>,
    warnings: &mut Vec<String>,
) -> Result<(Vec<(Oid, Mined)>, Graph), MineError> {
    let warned = warnings.len();
    let cache::Contents {
        mut graph,
        rows: mut cached,
    } = if opts.cache {
        cache::load(repo.path(), cache_key, &mut |w| warnings.push(w))
    } else {
        cache::Contents::default()
    };
    let damaged = warnings.len() > warned;

    let (mut ids, read) = walk::history(repo, head, &mut graph)?;
    // The cached graph spares reading commits, not checking that they are still there.
    let odb = repo.odb()?;
    if let Some(gone) = ids.iter().find(|id| !odb.exists(**id)) {
        return Err(MineError::MissingCommit(gone.to_string()));
    }
    if let Some(since) = opts.since {
        ids.retain(|id| graph[id].author_time >= since);
    }
    warnings.extend(walk::warnings(&ids, &graph));
    let todo: Vec<Oid> = ids
        .iter()
        .copied()
        // A row that could not read some blob is mined again: the blob may have arrived since.
        .filter(|id| match cached.get(id) {
            None => true,
            Some(Mined::Commit(c)) => !c.missing_blobs.is_empty(),
            Some(_) => false,
        })
        .collect();

    (opts.start)(todo.len() as u64);
    let mined = if todo.is_empty() {
        Vec::new()
    } else {
        let store = objects::Store::open(repo);
        mine_in_order(&store, &todo, &graph, ctx, opts.progress)?
    };
    // Re-mined rows that still miss the same blobs change nothing: no need to rewrite the file.
    let fresh = todo
        .iter()
        .zip(&mined)
        .any(|(id, m)| cached.get(id) != Some(m));
    cached.extend(todo.into_iter().zip(mined));
    let rows: Vec<(Oid, Mined)> = ids
        .iter()
        .map(|id| {
            (
                *id,
                cached.remove(id).expect("every commit is cached or mined"),
            )
        })
        .collect();
    if opts.cache && (fresh || damaged || read > 0) {
        // With --since, rows of older commits stay cached for the next full scan.
        let keep = cached.iter().filter(|_| opts.since.is_some());
        let all = rows
            .iter()
            .map(|(id, m)| (*id, m))
            .chain(keep.map(|(id, m)| (*id, m)));
        if let Err(e) = cache::store(repo.path(), cache_key, &graph, all)
            && cache::worth_a_warning(&e)
        {
            warnings.push(format!(
                "cannot write the cache under {}: {e}; the next scan mines every commit again",
                cache::dir(repo.path()).display()
            ));
        }
    }
    Ok((rows, graph))
}

/// Mines `ids` on every thread of the pool. Threads take the next run of commits in history
/// order rather than each a half of the history, so that none is left with the costly part.
fn mine_in_order(
    store: &objects::Store,
    ids: &[Oid],
    graph: &Graph,
    ctx: &CommitContext<'_>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Vec<Mined>, git2::Error> {
    let next = AtomicUsize::new(0);
    let threads = rayon::current_num_threads().clamp(1, ids.len().max(1));
    // Runs of neighbouring commits share delta bases: a thread's cache serves its own run (on
    // scala/scala, runs of 1,024 spend 9 % less CPU than single commits). Eight runs or more per
    // thread keep the last one short.
    let chunk = (ids.len() / (threads * 8)).clamp(1, 1024);
    let parts: Vec<Result<Vec<(usize, Mined)>, git2::Error>> = rayon::broadcast(|b| {
        if b.index() >= threads {
            return Ok(Vec::new());
        }
        let objects = objects::Objects::new(store);
        let mut out = Vec::new();
        loop {
            let start = next.fetch_add(chunk, Ordering::Relaxed);
            if start >= ids.len() {
                return Ok(out);
            }
            for (i, &id) in ids.iter().enumerate().skip(start).take(chunk) {
                let parents = graph[&id].parents.iter().map(walk::oid).collect();
                out.push((i, commit::mine_commit(&objects, id, parents, ctx)?));
                progress(1);
            }
        }
    });
    let mut slots: Vec<Option<Mined>> = (0..ids.len()).map(|_| None).collect();
    for part in parts {
        for (i, m) in part? {
            slots[i] = Some(m);
        }
    }
    Ok(slots
        .into_iter()
        .map(|m| m.expect("every commit was mined"))
        .collect())
}

fn resolve_head(repo: &Repository, at: Option<&str>) -> Result<Oid, MineError> {
    match at {
        Some(rev) => repo
            .revparse_single(rev)
            .and_then(|o| o.peel_to_commit())
            .map(|c| c.id())
            .ok()
            .or_else(|| raw_commit::resolve_unparsed(repo, rev))
            .ok_or_else(|| MineError::BadRevision {
                flag: "--at",
                rev: rev.to_owned(),
            }),
        None => match repo.head() {
            Ok(h) => match h.peel_to_commit() {
                Ok(c) => Ok(c.id()),
                Err(e) => h
                    .target()
                    .and_then(|id| raw_commit::peel_unparsed(repo, id))
                    .ok_or(MineError::Git(e)),
            },
            Err(e) if matches!(e.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) => {
                Err(unborn_head(repo))
            }
            Err(e) => Err(e.into()),
        },
    }
}

/// The commits a pull request is judged by: head, and the merge-base of base and head (the
/// history the change is judged against).
#[derive(Debug, Clone, Copy)]
pub struct PrRevisions {
    pub head: Oid,
    pub merge_base: Oid,
}

pub fn pr_revisions(
    repo: &Repository,
    base: &str,
    head: Option<&str>,
) -> Result<PrRevisions, MineError> {
    let named = |flag: &'static str, rev: &str| {
        resolve_head(repo, Some(rev)).map_err(|e| match e {
            MineError::BadRevision { rev, .. } => MineError::BadRevision { flag, rev },
            e => e,
        })
    };
    let base_id = named("--base", base)?;
    let head_id = match head {
        Some(h) => named("--head", h)?,
        None => resolve_head(repo, None)?,
    };
    let merge_base = repo.merge_base(base_id, head_id).map_err(|e| {
        if e.code() == ErrorCode::NotFound {
            MineError::NoMergeBase {
                base: base.to_owned(),
                head: head.unwrap_or("HEAD").to_owned(),
            }
        } else {
            e.into()
        }
    })?;
    Ok(PrRevisions {
        head: head_id,
        merge_base,
    })
}

/// What changed from commit `from` to commit `to`, as `git diff -M --numstat from to` says.
pub fn diff(
    repo: &Repository,
    from: Oid,
    to: Oid,
    attributes: &Attributes,
    notebooks: NotebookLines,
) -> Result<Vec<crate::model::mined::FileChange>, MineError> {
    Ok(commit::diff_trees(
        &objects::Objects::new(&objects::Store::open(repo)),
        raw_commit::tree_id(repo, from)?,
        raw_commit::tree_id(repo, to)?,
        attributes,
        rename::DEFAULT_RENAME_LIMIT,
        notebooks,
    )?)
}

/// HEAD names a branch without commits: point at a branch that has some, if any does.
fn unborn_head(repo: &Repository) -> MineError {
    let branch = repo
        .branches(Some(git2::BranchType::Local))
        .ok()
        .and_then(|mut it| it.find_map(|b| b.ok()?.0.name().ok()?.map(str::to_owned)));
    let head = repo
        .find_reference("HEAD")
        .ok()
        .and_then(|h| h.symbolic_target().ok().flatten().map(str::to_owned))
        .unwrap_or_else(|| "HEAD".into());
    match branch {
        Some(branch) => MineError::UnbornHead {
            path: root(repo),
            head: head.trim_start_matches("refs/heads/").to_owned(),
            branch,
        },
        None => MineError::NoCommits(root(repo)),
    }
}

/// `.gitattributes` files as of the reference commit: (path, text); then the repository's
/// `info/attributes` (as it is now, as git reads it), named [`attributes::INFO_ATTRIBUTES`].
pub(crate) fn read_attribute_files(
    repo: &Repository,
    files: &[TreeFile],
) -> Vec<(Vec<u8>, Vec<u8>)> {
    let info = std::fs::read(repo.commondir().join("info").join("attributes")).ok();
    files
        .iter()
        .filter(|f| f.path == ".gitattributes" || f.path.ends_with(b"/.gitattributes"))
        .filter_map(|f| {
            let blob = repo.find_blob(f.id).ok()?;
            Some((f.path.to_vec(), blob.content().to_vec()))
        })
        .chain(info.map(|text| (attributes::INFO_ATTRIBUTES.as_bytes().to_vec(), text)))
        .collect()
}

/// The commits `.git-blame-ignore-revs` lists at the reference commit (git's convention for
/// `blame.ignoreRevsFile`: one id per line, `#` comments).
pub(crate) fn blame_ignore_revs(repo: &Repository, tree: &git2::Tree<'_>) -> Vec<String> {
    let Some(blob) = tree
        .get_path(Path::new(".git-blame-ignore-revs"))
        .ok()
        .and_then(|e| repo.find_blob(e.id()).ok())
    else {
        return Vec::new();
    };
    parse_revs_list(blob.content())
}

/// The ids of a revs list: text before `#`, trimmed, kept when it is hexadecimal.
pub fn parse_revs_list(text: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(text)
        .lines()
        .map(|l| {
            l.split('#')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .filter(|l| l.len() >= 4 && l.bytes().all(|b| b.is_ascii_hexdigit()))
        .collect()
}

/// The bytes of `path` as committed at HEAD, if it is a file there.
pub fn committed_file(repo: &Repository, path: &str) -> Option<Vec<u8>> {
    let blob = repo
        .revparse_single(&format!("HEAD:{path}"))
        .ok()?
        .peel_to_blob()
        .ok()?;
    Some(blob.content().to_vec())
}

/// The mailmap `git log --use-mailmap` reads (see [`mailmap::read`]), and what git would say of
/// its sources.
fn read_mailmap(repo: &Repository) -> (Vec<u8>, Vec<String>) {
    mailmap::read(repo)
}

#[cfg(test)]
mod tests {
    use super::parse_revs_list;

    #[test]
    fn revs_lists_keep_ids_and_drop_comments() {
        let text = b"# reformat\n0123456789abcdef0123456789ABCDEF01234567\n  abcd1234 # isort\n\nnot-an-id\n";
        assert_eq!(
            parse_revs_list(text),
            ["0123456789abcdef0123456789abcdef01234567", "abcd1234"]
        );
    }
}
