//! The one library entry point behind every report: open → config → mine → model → analyses →
//! [`Report`]. The command line, the tests and the benchmarks all call [`scan`]; it neither
//! prints nor exits: what the user should know comes back as warnings.

use std::path::{Path, PathBuf};

use crate::analysis::assemble::analyse;
use crate::config::{Config, ConfigError, FILE_NAME};
use crate::git::{self, MineError, MineOptions, rename::DEFAULT_RENAME_LIMIT};
use crate::model::{self, BuildOptions, identity::Rules, mined::MinedCommit};

mod init;
mod pr;
mod timeline;

use crate::path_filter::{PathFilter, linguist_mark};
use crate::report::Report;
use crate::report::timeline::TimelineRow;
pub use init::{Init, InitRequest, config_path, init};
pub use pr::{PrRequest, PrScan, pull_request};
pub use timeline::{DEFAULT_PERIODS, Timeline, TimelineRequest, timeline};

/// More mining threads than this many per core only add contention (and, unbounded, exhaust
/// the machine: every thread opens the repository).
const MAX_JOBS_PER_CORE: usize = 4;

/// What to scan and how.
pub struct Request<'a> {
    /// The repository, or a directory inside it.
    pub path: &'a Path,
    /// `--config FILE`; `None` reads `.mlowners.toml` at the repository root, if any.
    pub config: Option<&'a Path>,
    /// `--at REV`; `None` means HEAD.
    pub at: Option<&'a str>,
    /// `--as-of DATE`: the last first-parent commit at or before this instant, ages from it.
    pub as_of: Option<i64>,
    /// Only commits authored at or after this time (seconds since the epoch).
    pub since: Option<i64>,
    /// Mining threads; `None` means one per core.
    pub jobs: Option<usize>,
    /// Read and write the cache of mined commits.
    pub cache: bool,
    /// Also compute the monthly trend of the last 24 months (for the HTML report).
    pub trends: bool,
    pub progress: &'a dyn Progress,
}

/// Progress of mining, reported from worker threads.
pub trait Progress: Sync {
    /// Mining is about to start on `total` commits.
    fn start(&self, total: u64) {
        let _ = total;
    }
    /// `n` more commits were mined.
    fn advance(&self, n: u64) {
        let _ = n;
    }
}

/// No progress display.
pub struct Silent;
impl Progress for Silent {}

/// A finished scan.
#[derive(Debug)]
pub struct Scan {
    pub report: Report,
    /// With [`Request::trends`]: the timeline of the last 24 months up to the report's
    /// reference time (its last point is the report's state).
    pub trends: Vec<TimelineRow>,
    /// What the user should know about the numbers (shallow clone, missing blobs, cache trouble).
    pub warnings: Vec<String>,
    /// The scanned repository's git directory (output must never be written inside it).
    pub git_dir: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Mine(#[from] MineError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("{0}")]
    Usage(String),
}

pub fn scan(req: &Request<'_>) -> Result<Scan, Error> {
    let mut warnings = Vec::new();
    let pool = thread_pool(req.jobs, &mut warnings)?;
    pool.install(|| scan_in_pool(req, warnings))
}

fn scan_in_pool(req: &Request<'_>, mut warnings: Vec<String>) -> Result<Scan, Error> {
    let repo = git::open(req.path)?;
    let config = load_config(&repo, req.config, &mut warnings)?;
    let how = How {
        as_of: req.as_of,
        since: req.since,
        cache: req.cache,
        progress: req.progress,
    };
    let mut mining = mine(&repo, &config, req.at, &how, &mut warnings)?;
    let (report, trends) = if req.trends {
        let periods = timeline::trend_periods(mining.history.reference_time);
        let points = timeline::prepare(&repo, &config, &mut mining, &periods)?;
        let (model, _, table) = build_with_table(&config, mining, &[]);
        let report = analyse(&model, &config, req.since);
        drop(model);
        (report, points.rows(&table, &config))
    } else {
        let (model, _) = build(&config, mining, &[]);
        (analyse(&model, &config, req.since), Vec::new())
    };
    Ok(Scan {
        report,
        trends,
        warnings,
        git_dir: repo.path().to_path_buf(),
    })
}

/// How to mine, whatever the revision.
struct How<'a> {
    as_of: Option<i64>,
    since: Option<i64>,
    cache: bool,
    progress: &'a dyn Progress,
}

/// The history up to `at` (HEAD if `None`), with the warnings it gives.
fn mine(
    repo: &git::Repository,
    config: &Config,
    at: Option<&str>,
    how: &How<'_>,
    warnings: &mut Vec<String>,
) -> Result<git::Mining, Error> {
    let bots = &config.bots;
    let mut mining = git::mine(
        repo,
        &MineOptions {
            at,
            as_of: how.as_of,
            since: how.since,
            is_bot: &|name, email| bots.matches(name, email),
            bot_rules: &bots.patterns,
            rename_limit: DEFAULT_RENAME_LIMIT,
            progress: &|n| how.progress.advance(n),
            start: &|n| how.progress.start(n),
            cache: how.cache,
            notebooks: config.notebook_lines,
        },
    )?;
    let history = &mut mining.history;
    warnings.append(&mut history.warnings);
    if history.shallow {
        warnings.push(
            "shallow clone: history before the cut is missing, so ownership and bus factor are partial; run `git fetch --unshallow` (in GitHub Actions: actions/checkout with `fetch-depth: 0`)".into(),
        );
    }
    if history.missing_blobs > 0 {
        warnings.push(format!(
            "{} blobs could not be read (partial clone or stripped mirror); their lines are not counted",
            history.missing_blobs
        ));
    }
    if history.unparsed_notebooks > 0 {
        warnings.push(format!(
            "{} notebook versions are not notebook JSON (a conflict left in, a truncated file); they are counted by their raw lines",
            history.unparsed_notebooks
        ));
    }
    Ok(mining)
}

/// The model of a mined history, and the attributes that decided which paths it analyses.
fn build(
    config: &Config,
    mining: git::Mining,
    also_identify: &[MinedCommit],
) -> (model::Model, git::attributes::Attributes) {
    let (model, attributes, _) = build_with_table(config, mining, also_identify);
    (model, attributes)
}

/// [`build`], keeping the table of the history (the timeline's points are built from it).
fn build_with_table(
    config: &Config,
    mining: git::Mining,
    also_identify: &[MinedCommit],
) -> (model::Model, git::attributes::Attributes, model::Table) {
    let git::Mining {
        mut history,
        attributes,
        ..
    } = mining;
    let filter = PathFilter::new(config);
    let analysed = |p: &[u8]| filter.is_analysed(p, linguist_mark(&attributes, p));
    let mut ignore_revs = std::mem::take(&mut history.ignore_revs);
    ignore_revs.extend(config.ignore_revs.iter().cloned());
    let (model, table) = model::build(
        history,
        &BuildOptions {
            identity: Rules {
                aliases: &config.aliases,
                github: &config.github,
                merge_same_name: config.merge_same_name,
            },
            analysed: &analysed,
            ignore_revs: &ignore_revs,
            also_identify,
        },
    );
    (model, attributes, table)
}

/// `--config FILE`, else the work tree's `.mlowners.toml`; a bare repository has no work tree,
/// so its committed one is read, as git reads a bare repository's `.mailmap`.
fn load_config(
    repo: &git::Repository,
    explicit: Option<&Path>,
    warnings: &mut Vec<String>,
) -> Result<Config, Error> {
    if explicit.is_none()
        && repo.is_bare()
        && let Some(bytes) = git::committed_file(repo, FILE_NAME)
    {
        let name = format!("HEAD:{FILE_NAME}");
        return Ok(Config::parse_bytes(&bytes, Path::new(&name))?);
    }
    let loaded = Config::load(explicit, Some(&git::root(repo)))?;
    warnings.extend(loaded.warnings);
    Ok(loaded.config)
}

fn thread_pool(
    jobs: Option<usize>,
    warnings: &mut Vec<String>,
) -> Result<rayon::ThreadPool, Error> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let max = cores * MAX_JOBS_PER_CORE;
    let threads = match jobs {
        None => cores,
        Some(0) => return Err(Error::Usage("--jobs 0: give at least 1 thread".into())),
        Some(n) if n > max => {
            warnings.push(format!(
                "--jobs {n}: this machine has {cores} cores; mining with {max} threads"
            ));
            max
        }
        Some(n) => n,
    };
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Usage(format!("--jobs {threads}: cannot start threads: {e}")))
}
