//! `mlowners timeline`: the state of the branch at each period end, from one mining pass.
//!
//! The head's history is mined once (through the cache) and tabled once; each period end then
//! gets its commit (the last first-parent commit at or before it), its files (blob line counts
//! are read once across points), and the model of exactly the commits its history holds, built
//! and analysed as `scan --as-of` builds and analyses it. Points are independent, so they are
//! computed in parallel.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Error, How, Progress, load_config, mine, thread_pool};
use crate::analysis::timeline::point;
use crate::config::Config;
use crate::git::{self, points::Point};
use crate::model::{Selection, Table, identity::Rules};
use crate::path_filter::{PathFilter, linguist_mark};
use crate::report::timeline::TimelineRow;
use crate::time::{Every, Period};

/// How many periods a timeline has when `--from` is not given.
pub const DEFAULT_PERIODS: usize = 24;

pub struct TimelineRequest<'a> {
    pub path: &'a Path,
    pub config: Option<&'a Path>,
    pub every: Every,
    /// The first period is the one holding this instant (default: 24 periods up to `to`).
    pub from: Option<i64>,
    /// The last period is the one holding this instant (default: the head's commit time).
    pub to: Option<i64>,
    pub jobs: Option<usize>,
    pub cache: bool,
    pub progress: &'a dyn Progress,
}

#[derive(Debug)]
pub struct Timeline {
    /// Oldest period first; within a period the repository, then each area, then each side.
    pub rows: Vec<TimelineRow>,
    pub warnings: Vec<String>,
    pub git_dir: PathBuf,
}

pub fn timeline(req: &TimelineRequest<'_>) -> Result<Timeline, Error> {
    let mut warnings = Vec::new();
    let pool = thread_pool(req.jobs, &mut warnings)?;
    pool.install(|| {
        let repo = git::open(req.path)?;
        let config = load_config(&repo, req.config, &mut warnings)?;
        let how = How {
            as_of: None,
            since: None,
            cache: req.cache,
            progress: req.progress,
        };
        let mut mining = mine(&repo, &config, None, &how, &mut warnings)?;
        let periods = periods(req, mining.history.reference_time)?;
        let points = prepare(&repo, &config, &mut mining, &periods)?;
        let table = Table::new(mining.history, &[]);
        let rows = points.rows(&table, &config);
        Ok(Timeline {
            rows,
            warnings,
            git_dir: repo.path().to_path_buf(),
        })
    })
}

/// The timeline's periods, and the one before the first (whose end is where the first
/// period's "landed" changes start).
fn periods(req: &TimelineRequest<'_>, head_time: i64) -> Result<(Period, Vec<Period>), Error> {
    let to = req.to.unwrap_or(head_time);
    let periods = match req.from {
        Some(from) if from > to => {
            return Err(Error::Usage(format!(
                "--from {} is after --to {} (give an earlier --from)",
                crate::time::rfc3339(from),
                crate::time::rfc3339(to)
            )));
        }
        Some(from) => req.every.between(from, to),
        None => req.every.last_n(to, DEFAULT_PERIODS),
    };
    Ok((req.every.before(periods[0]), periods))
}

/// The monthly trend of the last [`DEFAULT_PERIODS`] months up to `reference_time`: what a
/// report shows beside its snapshot.
pub(super) fn trend_periods(reference_time: i64) -> (Period, Vec<Period>) {
    let periods = Every::Month.last_n(reference_time, DEFAULT_PERIODS);
    (Every::Month.before(periods[0]), periods)
}

/// The git side of a timeline: each period end's commit and tree, and the period each mined
/// commit landed in. Done before the history moves into a [`Table`].
pub(super) struct Points {
    periods: Vec<Period>,
    /// The end of the period before the first, then each period's end.
    ends: Vec<i64>,
    points: Vec<Option<Point>>,
    /// Per mined commit: the index (into `ends`) of the first point whose history holds it.
    landed: Vec<Option<usize>>,
    filter: PathFilter,
}

pub(super) fn prepare(
    repo: &git::Repository,
    config: &Config,
    mining: &mut git::Mining,
    (before, periods): &(Period, Vec<Period>),
) -> Result<Points, Error> {
    let ends: Vec<i64> = std::iter::once(before)
        .chain(periods)
        .map(Period::end)
        .collect();
    let filter = PathFilter::new(config);
    let analysed = |path: &[u8], attributes: &git::attributes::Attributes| {
        filter.is_analysed(path, linguist_mark(attributes, path))
    };
    let points = git::points::points(repo, mining, &ends, &analysed)?;
    let (present, commits): (Vec<usize>, Vec<&str>) = points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| Some((i, p.as_ref()?.commit.as_str())))
        .unzip();
    let landed: Vec<Option<usize>> = git::points::landed(mining, &commits)?
        .into_iter()
        .map(|l| l.map(|k| present[k]))
        .collect();
    Ok(Points {
        periods: periods.clone(),
        ends,
        points,
        landed,
        filter,
    })
}

impl Points {
    /// The rows of every period with a state, from the table of the same mining.
    pub(super) fn rows(&self, table: &Table, config: &Config) -> Vec<TimelineRow> {
        let Points {
            periods,
            ends,
            points,
            landed,
            filter,
        } = self;
        // Attributes rarely change between points: judge the paths once per distinct set.
        type AttributeFiles = [(Vec<u8>, Vec<u8>)];
        let mut verdicts: Vec<(&AttributeFiles, Vec<bool>)> = Vec::new();
        let mut verdict_of = Vec::with_capacity(points.len());
        for p in points {
            let Some(p) = p else {
                verdict_of.push(0);
                continue;
            };
            let attrs = &p.tree.attribute_files;
            let at = match verdicts.iter().position(|(a, _)| *a == attrs.as_slice()) {
                Some(i) => i,
                None => {
                    let analysed = |path: &[u8]| {
                        filter.is_analysed(path, linguist_mark(&p.tree.attributes, path))
                    };
                    verdicts.push((attrs, table.verdicts(&analysed)));
                    verdicts.len() - 1
                }
            };
            verdict_of.push(at);
        }
        let per_point: Vec<Vec<TimelineRow>> = (1..ends.len())
            .into_par_iter()
            .filter_map(|k| {
                let p = points[k].as_ref()?;
                let at = Snapshot {
                    point: p,
                    period: periods[k - 1],
                    previous_end: ends[k - 1],
                    index: k,
                };
                Some(at.rows(table, config, filter, landed, &verdicts[verdict_of[k]].1))
            })
            .collect();
        per_point.into_iter().flatten().collect()
    }
}

struct Snapshot<'a> {
    point: &'a Point,
    period: Period,
    previous_end: i64,
    /// Index into the points (0 is the period before the first).
    index: usize,
}

impl Snapshot<'_> {
    fn rows(
        &self,
        table: &Table,
        config: &Config,
        filter: &PathFilter,
        landed: &[Option<usize>],
        verdicts: &[bool],
    ) -> Vec<TimelineRow> {
        let tree = &self.point.tree;
        let analysed =
            |path: &[u8]| filter.is_analysed(path, linguist_mark(&tree.attributes, path));
        let commits: Vec<bool> = landed
            .iter()
            .map(|l| l.is_some_and(|k| k <= self.index))
            .collect();
        let mut ignore_revs = tree.ignore_revs.clone();
        ignore_revs.extend(config.ignore_revs.iter().cloned());
        let model = table.model(&Selection {
            commits: &commits,
            files: &tree.files,
            reference_time: self.period.end(),
            head: self.point.commit.clone(),
            analysed: &analysed,
            verdicts,
            ignore_revs: &ignore_revs,
            identity: &Rules {
                aliases: &config.aliases,
                github: &config.github,
                merge_same_name: config.merge_same_name,
            },
        });
        let now: Vec<bool> = landed
            .iter()
            .filter(|l| l.is_some_and(|k| k <= self.index))
            .map(|l| *l == Some(self.index))
            .collect();
        let (first, last) = (self.period.first_date(), self.period.last_date());
        point(&model, config, &now, self.previous_end)
            .into_iter()
            .map(|(scope, name, metric, value)| {
                TimelineRow::new(
                    (&first, &last),
                    &self.point.commit,
                    (scope, &name),
                    &metric,
                    value,
                )
            })
            .collect()
    }
}
