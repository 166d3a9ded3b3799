//! One timeline point: the metrics of the repository, of each area and of each side, from the
//! model of the history at a period end. The same analyses as a scan's (classify, ownership,
//! bus factor, staleness, boundary), so a point equals `scan --as-of` its period end.

use std::collections::BTreeMap;

use super::boundary;
use super::bus_factor::bus_factor;
use super::classify::{self, Classification};
use super::ownership::{self, FileOwnership};
use super::stages;
use super::staleness;
use crate::config::Config;
use crate::model::{FileIx, Model};
use crate::report::timeline::Scope;

const DAY: i64 = 86_400;

/// One value of a point: (scope, name, metric, value).
pub type Metric = (Scope, String, String, Option<f64>);

/// The metrics of `model` (the history at the period's end). `landed[c]`: commit `c` (index into
/// `model.commits`) joined the branch's history during this period; `previous_end` is the last
/// second of the period before.
pub fn point(model: &Model, config: &Config, landed: &[bool], previous_end: i64) -> Vec<Metric> {
    let owners = ownership::ownership(model);
    let active = staleness::active_contributors(model, config.active_days);
    let state = State {
        model,
        class: classify::classify(model, config),
        untouched: staleness::untouched(model, config.stale_days),
        orphaned: staleness::orphaned(&owners, &active),
        owners,
        active,
        active_since: model
            .repo
            .reference_time
            .saturating_sub(i64::from(config.active_days) * DAY),
    };
    let sides = sides(&state.class);
    let flows = state.flows(&sides, landed);
    let mut out = Vec::new();
    let all: Vec<FileIx> = (0..model.files.len() as FileIx).collect();
    let repo = (Scope::Repository, "repository".to_owned());
    state.scope(&repo, &all, &flows[0], &mut out);
    let departures = departures(model, config.active_days, previous_end, &state.active);
    out.push(metric(&repo, "new_contributors", newcomers(model, landed)));
    out.push(metric(&repo, "departures", departures));
    // the team's shape, as `team_shape` of `scan --as-of` gives it
    let shape = stages::shape(&stages::count(model, &config.stages), &state.active);
    out.push(share_metric(
        &repo,
        "specialisation",
        shape.mean_specialisation,
    ));
    out.push(share_metric(
        &repo,
        "active_specialisation",
        shape.active_mean_specialisation,
    ));
    out.push(metric(
        &repo,
        "generalists",
        Some(shape.generalists.len() as u64),
    ));
    for (a, (name, _)) in state.class.areas.iter().enumerate() {
        let files = state.files_where(|fa| fa == Some(a));
        let scope = (Scope::Area, name.clone());
        state.scope(&scope, &files, &flows[1 + a], &mut out);
    }
    for (i, side) in sides.iter().enumerate() {
        let files = state.files_where(|fa| state.side_of(fa) == Some(*side));
        let scope = (Scope::Side, (*side).to_owned());
        let flow = &flows[1 + state.class.areas.len() + i];
        state.scope(&scope, &files, flow, &mut out);
    }
    out
}

/// What the changes of one scope say: who is active in it, and what landed in the period.
struct Flow<'c> {
    active: Vec<bool>,
    changes: u64,
    crossings: u64,
    /// Credited changes that landed, per role.
    roles: BTreeMap<&'c str, u64>,
}

struct State<'m> {
    model: &'m Model,
    class: Classification,
    owners: Vec<FileOwnership>,
    active: Vec<bool>,
    untouched: Vec<bool>,
    orphaned: Vec<bool>,
    active_since: i64,
}

impl State<'_> {
    fn files_where(&self, keep: impl Fn(Option<usize>) -> bool) -> Vec<FileIx> {
        (0..self.model.files.len() as FileIx)
            .filter(|&f| keep(self.class.file_area[f as usize]))
            .collect()
    }

    fn side_of(&self, area: Option<usize>) -> Option<&str> {
        area.and_then(|a| self.class.side_of_area(a))
    }

    /// One pass over the changes for every scope: the repository, then each area (by the path
    /// a change wrote), then each side of `sides`.
    fn flows(&self, sides: &[&str], landed: &[bool]) -> Vec<Flow<'_>> {
        let model = self.model;
        let areas = self.class.areas.len();
        let mut flows: Vec<Flow<'_>> = (0..1 + areas + sides.len())
            .map(|_| Flow {
                active: vec![false; model.contributors.len()],
                changes: 0,
                crossings: 0,
                roles: BTreeMap::new(),
            })
            .collect();
        for (ix, c) in model.changes.iter().enumerate() {
            let area = self.class.change_area[ix];
            let side = self
                .side_of(area)
                .and_then(|s| sides.iter().position(|x| *x == s));
            let scopes = std::iter::once(0)
                .chain(area.map(|a| 1 + a))
                .chain(side.map(|s| 1 + areas + s));
            let recent = c.delivers && c.time >= self.active_since;
            let now = landed[c.commit as usize];
            let crossings = if now {
                boundary::crossers(model, &self.class, ix).count() as u64
            } else {
                0
            };
            for f in scopes {
                let flow = &mut flows[f];
                for who in model.credited(c) {
                    if recent {
                        flow.active[who as usize] = true;
                    }
                    if now {
                        let role = self.class.roles[who as usize].role.as_str();
                        *flow.roles.entry(role).or_default() += 1;
                    }
                }
                if now {
                    flow.changes += 1;
                    flow.crossings += crossings;
                }
            }
        }
        flows
    }

    /// The metrics of one scope: `files` are its files at the point, `flow` what its changes say.
    fn scope(
        &self,
        scope: &(Scope, String),
        files: &[FileIx],
        flow: &Flow<'_>,
        out: &mut Vec<Metric>,
    ) {
        let model = self.model;
        let bf = bus_factor(model, &self.owners, files);
        let n = files.len();
        let share = |flags: &[bool]| {
            (n > 0).then(|| files.iter().filter(|&&f| flags[f as usize]).count() as f64 / n as f64)
        };
        let lines = |f: &FileIx| model.files[*f as usize].lines;
        let inactive_only: u64 = files
            .iter()
            .filter(|&&f| {
                let authors = &self.owners[f as usize].authors;
                !authors.is_empty() && !authors.iter().any(|&a| self.active[a as usize])
            })
            .map(lines)
            .sum();
        let Flow {
            active,
            changes,
            crossings,
            roles,
        } = flow;
        let (changes, crossings) = (*changes, *crossings);
        let credited: u64 = roles.values().sum();
        out.push(metric(scope, "bus_factor", bf.value.map(u64::from)));
        out.push(metric(
            scope,
            "key_people",
            Some(bf.key_people.len() as u64),
        ));
        out.push(metric(scope, "files", Some(n as u64)));
        out.push(metric(scope, "lines", Some(files.iter().map(lines).sum())));
        out.push(share_metric(
            scope,
            "untouched_share",
            share(&self.untouched),
        ));
        out.push(share_metric(scope, "orphaned_share", share(&self.orphaned)));
        out.push(metric(scope, "inactive_only_lines", Some(inactive_only)));
        let active = active.iter().filter(|&&a| a).count() as u64;
        out.push(metric(scope, "active_contributors", Some(active)));
        out.push(metric(scope, "changes", Some(changes)));
        out.push(metric(scope, "crossings", Some(crossings)));
        for (role, &k) in roles {
            let name = format!("role_share.{role}");
            out.push(share_metric(scope, &name, Some(k as f64 / credited as f64)));
        }
    }
}

fn metric(scope: &(Scope, String), name: &str, value: Option<u64>) -> Metric {
    (
        scope.0,
        scope.1.clone(),
        name.to_owned(),
        value.map(|v| v as f64),
    )
}

fn share_metric(scope: &(Scope, String), name: &str, value: Option<f64>) -> Metric {
    (scope.0, scope.1.clone(), name.to_owned(), value)
}

/// The sides of the areas, in the order the areas name them.
fn sides(class: &Classification) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for (_, side) in &class.areas {
        if let Some(s) = side.as_deref()
            && !out.contains(&s)
        {
            out.push(s);
        }
    }
    out
}

/// People whose first credited change landed in this period.
fn newcomers(model: &Model, landed: &[bool]) -> Option<u64> {
    let mut first: Vec<Option<bool>> = vec![None; model.contributors.len()];
    for c in &model.changes {
        for who in model.credited(c) {
            first[who as usize].get_or_insert(landed[c.commit as usize]);
        }
    }
    Some(first.iter().filter(|f| **f == Some(true)).count() as u64)
}

/// People active at the end of the period before and not at this one: their last delivery
/// fell out of the `active_days` window during this period.
fn departures(model: &Model, active_days: u32, previous_end: i64, active: &[bool]) -> Option<u64> {
    let since = previous_end.saturating_sub(i64::from(active_days) * DAY);
    let mut before = vec![false; model.contributors.len()];
    for c in model
        .changes
        .iter()
        .filter(|c| c.delivers && c.time >= since)
    {
        for who in model.credited(c) {
            before[who as usize] = true;
        }
    }
    Some(
        before
            .iter()
            .zip(active)
            .filter(|(b, a)| **b && !**a)
            .count() as u64,
    )
}
