//! `mlowners pr`: the pull request's history and its merge-base's, built into two models that
//! share their contributors, judged by `analysis::pr`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::{Error, How, Progress, build, load_config, mine, thread_pool};
use crate::analysis::pr::{self, PrInput};
use crate::git;
use crate::model::mined::MinedCommit;
use crate::path_filter::{PathFilter, linguist_mark};
use crate::report::pr::PrReport;

/// What pull request to judge and how.
pub struct PrRequest<'a> {
    pub path: &'a Path,
    pub config: Option<&'a Path>,
    pub base: &'a str,
    /// `None` means HEAD.
    pub head: Option<&'a str>,
    pub jobs: Option<usize>,
    pub cache: bool,
    pub max_reviewers: usize,
    pub progress: &'a dyn Progress,
}

#[derive(Debug)]
pub struct PrScan {
    pub report: PrReport,
    pub warnings: Vec<String>,
    pub git_dir: PathBuf,
}

/// Judges the change from the merge-base of base and head to head against the history up to the
/// merge-base (DESIGN.md §6). Both histories come through the cache, so on a warm repository
/// only the pull request's own commits are mined.
pub fn pull_request(req: &PrRequest<'_>) -> Result<PrScan, Error> {
    let mut warnings = Vec::new();
    let pool = thread_pool(req.jobs, &mut warnings)?;
    pool.install(|| {
        let repo = git::open(req.path)?;
        let config = load_config(&repo, req.config, &mut warnings)?;
        let revs = git::pr_revisions(&repo, req.base, req.head)?;
        let how = How {
            as_of: None,
            since: None,
            cache: req.cache,
            progress: req.progress,
        };
        let head = mine(
            &repo,
            &config,
            Some(&revs.head.to_string()),
            &how,
            &mut warnings,
        )?;
        let mut quiet = Vec::new();
        let base = mine(
            &repo,
            &config,
            Some(&revs.merge_base.to_string()),
            &how,
            &mut quiet,
        )?;
        let known: HashSet<&str> = base.history.commits.iter().map(|c| c.id.as_str()).collect();
        let pr_commits: Vec<MinedCommit> = head
            .history
            .commits
            .iter()
            .filter(|c| !known.contains(c.id.as_str()))
            .cloned()
            .collect();
        let diff = git::diff(
            &repo,
            revs.merge_base,
            revs.head,
            &head.attributes,
            config.notebook_lines,
        )?;
        let (before, _) = build(&config, base, &pr_commits);
        let (after, attributes) = build(&config, head, &[]);
        let filter = PathFilter::new(&config);
        let analysed = |p: &[u8]| filter.is_analysed(p, linguist_mark(&attributes, p));
        let report = pr::judge(&PrInput {
            before: &before,
            after: &after,
            config: &config,
            diff: &diff,
            analysed: &analysed,
            max_reviewers: req.max_reviewers,
        });
        Ok(PrScan {
            report,
            warnings,
            git_dir: repo.path().to_path_buf(),
        })
    })
}
