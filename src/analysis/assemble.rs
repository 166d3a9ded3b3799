//! All analyses run over one model, gathered into the report.

use std::collections::BTreeMap;

use bstr::BString;

use super::boundary::{self, Crossings};
use super::bus_factor::{self, BusFactor};
use super::classify::{self, Classification, MIXED};
use super::ownership::{self, FileOwnership};
use super::stages::{self, StageCounts};
use super::{coupling, directories, silos, staleness};
use crate::config::Config;
use crate::model::{FileIx, Model};
use crate::report::{self, Report, paths, rfc3339};

/// Directories need this many files before one person owning all of them is called a silo.
const SILO_MIN_FILES: usize = 3;

/// What every part of the report is computed from, computed once.
struct Facts<'m> {
    model: &'m Model,
    class: Classification,
    owners: Vec<FileOwnership>,
    active: Vec<bool>,
    untouched: Vec<bool>,
    orphaned: Vec<bool>,
    /// Per file: active non-authors who changed it within `active_days`.
    maintained_by: Vec<Vec<u32>>,
    /// Per file: orphaned and `maintained_by` someone.
    maintained: Vec<bool>,
    /// Per file: changes within `active_days`.
    recent_changes: Vec<u64>,
    crossings: Crossings,
    dirs: Vec<(BString, Vec<FileIx>)>,
    last_change: Vec<Option<i64>>,
    /// Per contributor: the times of their first and last change.
    first_last: Vec<Option<(i64, i64)>>,
    all: Vec<FileIx>,
    stages: StageCounts,
    stage_names: Vec<String>,
}

impl<'m> Facts<'m> {
    fn new(model: &'m Model, config: &Config) -> Self {
        let class = classify::classify(model, config);
        let owners = ownership::ownership(model);
        let active = staleness::active_contributors(model, config.active_days);
        let orphaned = staleness::orphaned(&owners, &active);
        let maintained_by = staleness::maintained_by(model, &owners, &active, config.active_days);
        let maintained = staleness::maintained(&orphaned, &maintained_by);
        let mut first_last: Vec<Option<(i64, i64)>> = vec![None; model.contributors.len()];
        for c in &model.changes {
            for who in model.credited(c) {
                let fl = first_last[who as usize].get_or_insert((c.time, c.time));
                fl.0 = fl.0.min(c.time);
                fl.1 = fl.1.max(c.time);
            }
        }
        Facts {
            untouched: staleness::untouched(model, config.stale_days),
            recent_changes: staleness::recent_changes(model, config.active_days),
            crossings: boundary::crossings(model, &class),
            dirs: directories::directories(model),
            last_change: (0..model.files.len() as u32)
                .map(|f| staleness::last_change(model, f))
                .collect(),
            all: (0..model.files.len() as u32).collect(),
            stages: stages::count(model, &config.stages),
            stage_names: config.stages.names(),
            model,
            class,
            owners,
            active,
            orphaned,
            maintained_by,
            maintained,
            first_last,
        }
    }

    fn ids(&self, people: &[u32]) -> Vec<String> {
        people
            .iter()
            .map(|&p| self.model.contributor(p).id.clone())
            .collect()
    }

    fn inactive(&self, people: &[u32]) -> Vec<String> {
        let gone: Vec<u32> = people
            .iter()
            .copied()
            .filter(|&p| !self.active[p as usize])
            .collect();
        self.ids(&gone)
    }

    /// How many of `files` are flagged, and their lines.
    fn count(&self, files: &[FileIx], flags: &[bool]) -> (u64, u64) {
        files
            .iter()
            .filter(|&&f| flags[f as usize])
            .fold((0, 0), |(n, l), &f| {
                (n + 1, l + self.model.files[f as usize].lines)
            })
    }

    fn lines(&self, files: &[FileIx]) -> u64 {
        files
            .iter()
            .map(|&f| self.model.files[f as usize].lines)
            .sum()
    }

    fn bus_factor(&self, files: &[FileIx]) -> BusFactor {
        bus_factor::bus_factor(self.model, &self.owners, files)
    }

    fn area_name(&self, file: usize) -> Option<String> {
        self.class.file_area[file].map(|a| self.class.areas[a].0.clone())
    }
}

pub fn analyse(model: &Model, config: &Config, since: Option<i64>) -> Report {
    let facts = Facts::new(model, config);
    Report {
        schema_version: report::SCHEMA_VERSION,
        repository: report::Repository {
            head: model.repo.head.clone(),
            reference_time: rfc3339(model.repo.reference_time),
            commits_analyzed: model.repo.commits_analyzed,
            merges_skipped: model.repo.merges_skipped,
            bot_commits_excluded: model.repo.bot_commits_excluded,
            shallow: model.repo.shallow,
            missing_blobs: model.repo.missing_blobs,
            unparsed_notebooks: model.repo.unparsed_notebooks,
        },
        settings: report::Settings {
            config: config.source.as_ref().map(|p| p.display().to_string()),
            since: since.map(rfc3339),
            stale_days: config.stale_days,
            active_days: config.active_days,
            roles_configured: config.roles.iter().map(|(r, _)| r.clone()).collect(),
            notebook_lines: config.notebook_lines.as_str().into(),
            coupling: report::CouplingSettings {
                window_days: config.coupling.window_days,
                min_shared: config.coupling.min_shared,
                min_degree: config.coupling.min_degree,
            },
        },
        summary: summary(&facts),
        contributors: contributors(&facts),
        areas: areas(&facts, model),
        directories: directories(&facts),
        files: files(&facts),
        boundary: boundary_report(model, &facts.class, &facts.owners, &facts.crossings),
        knowledge_at_risk: knowledge_report(model, &facts.owners, &facts.active, &facts.first_last),
        silos: silos::silos(&facts.owners, &facts.dirs, SILO_MIN_FILES)
            .into_iter()
            .map(|s| report::Silo {
                directory: paths::text(&s.directory),
                owner: model.contributor(s.owner).id.clone(),
                files: s.files as u64,
            })
            .collect(),
        identity_near_misses: super::identities::near_misses(model)
            .into_iter()
            .map(|m| report::NearMiss {
                a: model.contributor(m.a).id.clone(),
                b: model.contributor(m.b).id.clone(),
                why: m.why,
            })
            .collect(),
        untouched_directories: untouched_directories(
            model,
            &facts.dirs,
            &facts.untouched,
            &facts.last_change,
        ),
        couplings: couplings(&facts, config),
        team_shape: team_shape(&facts, config),
    }
}

/// Co-change across the boundary, as the report states it.
fn couplings(f: &Facts<'_>, config: &Config) -> Vec<report::Coupling> {
    let model = f.model;
    coupling::couplings(model, &f.class, config)
        .into_iter()
        .map(|p| coupling_row(model, &p))
        .collect()
}

/// One measured pair as a report row.
fn coupling_row(model: &Model, p: &coupling::Pair) -> report::Coupling {
    let now = model.repo.reference_time;
    report::Coupling {
        ds_path: paths::text(&model.files[p.ds as usize].path),
        se_path: paths::text(&model.files[p.se as usize].path),
        source: p.source.as_str().into(),
        shared: p.shared,
        ds_change_sets: p.ds_sets,
        se_change_sets: p.se_sets,
        degree: stages::round3(p.degree),
        ds_roles: p.ds_roles.clone(),
        se_roles: p.se_roles.clone(),
        ports: p.lags.len() as u32,
        port_lag_days: p
            .lag_days
            .map(|(median, p90)| report::PortLag { median, p90 }),
        pending_since: p.pending_since.map(rfc3339),
        pending_days: p.pending_since.map(|t| ((now - t) / 86_400) as u64),
    }
}

/// Stage name → changes, every stage a key.
fn stage_row(names: &[String], row: &[u64]) -> BTreeMap<String, u64> {
    names.iter().cloned().zip(row.iter().copied()).collect()
}

fn team_shape(f: &Facts<'_>, config: &Config) -> report::team_shape::TeamShape {
    let counts = &f.stages;
    let shape = stages::shape(counts, &f.active);
    let stage_list = config
        .stages
        .stages
        .iter()
        .enumerate()
        .map(|(s, stage)| {
            let files: Vec<FileIx> = f
                .all
                .iter()
                .copied()
                .filter(|&i| counts.file_stage[i as usize] == Some(s))
                .collect();
            let holders = || {
                counts
                    .per_person
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r[s] > 0)
            };
            let bf = f.bus_factor(&files);
            report::team_shape::StageShape {
                name: stage.name.clone(),
                paths: stage.paths.clone(),
                files: files.len() as u64,
                changes: counts.changes[s],
                people: holders().count() as u64,
                active_people: holders().filter(|(who, _)| f.active[*who]).count() as u64,
                bus_factor: bf.value,
                key_people: f.ids(&bf.key_people),
            }
        })
        .collect();
    report::team_shape::TeamShape {
        source: if config.stages.configured {
            "config"
        } else {
            "presets"
        }
        .into(),
        stages: stage_list,
        matrix: counts
            .per_person
            .iter()
            .enumerate()
            .filter(|(_, row)| row.iter().any(|&n| n > 0))
            .map(|(who, row)| {
                (
                    f.model.contributors[who].id.clone(),
                    stage_row(&f.stage_names, row),
                )
            })
            .collect(),
        generalists: f.ids(&shape.generalists),
        specialists: f.ids(&shape.specialists),
        mean_specialisation: shape.mean_specialisation,
        active_mean_specialisation: shape.active_mean_specialisation,
    }
}

fn summary(f: &Facts<'_>) -> report::Summary {
    let repo_bf = f.bus_factor(&f.all);
    let in_area: Vec<FileIx> = f
        .all
        .iter()
        .copied()
        .filter(|&i| f.class.file_area[i as usize].is_some())
        .collect();
    let share = |n: u64, of: usize| if of == 0 { 0.0 } else { n as f64 / of as f64 };
    report::Summary {
        files: f.model.files.len() as u64,
        lines: f.lines(&f.all),
        bus_factor: repo_bf.value,
        key_people: f.ids(&repo_bf.key_people),
        inactive_key_people: f.inactive(&repo_bf.key_people),
        untouched_files: f.count(&f.all, &f.untouched).0,
        orphaned_files: f.count(&f.all, &f.orphaned).0,
        maintained_files: f.count(&f.all, &f.maintained).0,
        active_contributors: f.active.iter().filter(|&&a| a).count() as u64,
        contributors: f.model.contributors.len() as u64,
        area_files: in_area.len() as u64,
        area_untouched_share: share(f.count(&in_area, &f.untouched).0, in_area.len()),
        area_orphaned_share: share(f.count(&in_area, &f.orphaned).0, in_area.len()),
        area_orphaned_unmaintained_share: share(
            f.count(&in_area, &f.orphaned).0 - f.count(&in_area, &f.maintained).0,
            in_area.len(),
        ),
    }
}

fn contributors(f: &Facts<'_>) -> Vec<report::Contributor> {
    let model = f.model;
    let n = model.contributors.len();
    let (mut added, mut removed, mut commits) = (vec![0u64; n], vec![0u64; n], vec![0u64; n]);
    let (mut co_authored, mut reruns) = (vec![0u64; n], vec![0u64; n]);
    for c in &model.changes {
        added[c.contributor as usize] += c.added;
        removed[c.contributor as usize] += c.removed;
    }
    for c in &model.commits {
        commits[c.contributor as usize] += 1;
        reruns[c.contributor as usize] += u64::from(c.notebook_reruns);
        for &who in &c.co_authors {
            co_authored[who as usize] += 1;
        }
    }
    let authored = ownership::files_authored(model, &f.owners);
    model
        .contributors
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let role = &f.class.roles[i];
            report::Contributor {
                id: c.id.clone(),
                name: c.name.clone(),
                emails: c.emails.clone(),
                names: c.names.clone(),
                joins: c
                    .joins
                    .iter()
                    .map(|j| report::Join {
                        email: j.email.clone(),
                        with: j.with.clone(),
                        why: j.why.as_str().into(),
                    })
                    .collect(),
                role: role.role.clone(),
                role_source: match role.source {
                    classify::RoleSource::Config => "config",
                    classify::RoleSource::Inferred => "inferred",
                }
                .into(),
                role_evidence: role.changes_per_side.clone(),
                changes: role.changes,
                commits: commits[i],
                co_authored: co_authored[i],
                notebook_reruns: reruns[i],
                github: c.github.clone(),
                lines_added: added[i],
                lines_removed: removed[i],
                first_change: f.first_last[i].map(|t| rfc3339(t.0)),
                last_change: f.first_last[i].map(|t| rfc3339(t.1)),
                active: f.active[i],
                files_authored: authored[i],
                crossings: f.crossings.per_contributor[i],
                stages: stage_row(&f.stage_names, &f.stages.per_person[i]),
                specialisation: stages::specialisation(&f.stages.per_person[i]).map(stages::round3),
            }
        })
        .collect()
}

fn areas(f: &Facts<'_>, model: &Model) -> Vec<report::Area> {
    let shares = boundary::role_shares(model, &f.class);
    f.class
        .areas
        .iter()
        .enumerate()
        .map(|(a, (name, side))| {
            let files: Vec<FileIx> = f
                .all
                .iter()
                .copied()
                .filter(|&i| f.class.file_area[i as usize] == Some(a))
                .collect();
            let bf = f.bus_factor(&files);
            let (untouched_files, untouched_lines) = f.count(&files, &f.untouched);
            let (orphaned_files, orphaned_lines) = f.count(&files, &f.orphaned);
            report::Area {
                name: name.clone(),
                side: side.clone(),
                files: files.len() as u64,
                lines: f.lines(&files),
                bus_factor: bf.value,
                key_people: f.ids(&bf.key_people),
                inactive_key_people: f.inactive(&bf.key_people),
                changes: f
                    .class
                    .change_area
                    .iter()
                    .filter(|&&x| x == Some(a))
                    .count() as u64,
                role_shares: shares[a].clone(),
                crossings: f.crossings.per_area[a],
                untouched_files,
                untouched_lines,
                orphaned_files,
                orphaned_lines,
                maintained_files: f.count(&files, &f.maintained).0,
            }
        })
        .collect()
}

fn directories(f: &Facts<'_>) -> Vec<report::Directory> {
    f.dirs
        .iter()
        .map(|(path, files)| {
            let bf = f.bus_factor(files);
            report::Directory {
                path: paths::text(path),
                files: files.len() as u64,
                lines: f.lines(files),
                bus_factor: bf.value,
                key_people: f.ids(&bf.key_people),
                untouched_files: f.count(files, &f.untouched).0,
                orphaned_files: f.count(files, &f.orphaned).0,
            }
        })
        .collect()
}

fn files(f: &Facts<'_>) -> Vec<report::File> {
    f.model
        .files
        .iter()
        .enumerate()
        .map(|(i, file)| report::File {
            path: paths::text(&file.path),
            area: f.area_name(i),
            lines: file.lines,
            creator: f.owners[i]
                .creator
                .map(|c| f.model.contributor(c).id.clone()),
            authors: f.ids(&f.owners[i].authors),
            changes: file.changes.len() as u64,
            recent_changes: f.recent_changes[i],
            last_change: f.last_change[i].map(rfc3339),
            untouched: f.untouched[i],
            orphaned: f.orphaned[i],
            maintained_by: f.ids(&f.maintained_by[i]),
            crossings: f.crossings.per_file[i],
        })
        .collect()
}

fn boundary_report(
    model: &Model,
    class: &Classification,
    owners: &[FileOwnership],
    crossings: &Crossings,
) -> report::Boundary {
    let mut crossers: Vec<report::Crosser> = crossings
        .per_contributor
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(i, &n)| report::Crosser {
            id: model.contributors[i].id.clone(),
            role: class.roles[i].role.clone(),
            crossings: n,
        })
        .collect();
    crossers.sort_by(|a, b| b.crossings.cmp(&a.crossings).then(a.id.cmp(&b.id)));
    let mut crossed_files: Vec<report::CrossedFile> = crossings
        .per_file
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(i, &n)| report::CrossedFile {
            path: paths::text(&model.files[i].path),
            area: class.file_area[i].map(|a| class.areas[a].0.clone()),
            crossings: n,
        })
        .collect();
    crossed_files.sort_by(|a, b| b.crossings.cmp(&a.crossings).then(a.path.cmp(&b.path)));
    report::Boundary {
        crossings: crossings.per_area.iter().sum(),
        crossers,
        crossed_files,
        boundary_files: boundary::boundary_files(model, owners, class)
            .into_iter()
            .map(|f| paths::text(&model.files[f as usize].path))
            .collect(),
        mixed_people: class
            .roles
            .iter()
            .enumerate()
            .filter(|(_, r)| r.role == MIXED)
            .map(|(i, _)| model.contributors[i].id.clone())
            .collect(),
    }
}

fn knowledge_report(
    model: &Model,
    owners: &[FileOwnership],
    active: &[bool],
    first_last: &[Option<(i64, i64)>],
) -> report::KnowledgeAtRisk {
    let mut departed = Vec::new();
    let mut sole_owners = Vec::new();
    for mut k in staleness::knowledge_at_risk(model, owners, active) {
        // largest first: the file a lead should look at first
        k.files
            .sort_by_key(|&f| std::cmp::Reverse(model.files[f as usize].lines));
        let row = report::SoleAuthor {
            id: model.contributor(k.contributor).id.clone(),
            last_change: first_last[k.contributor as usize].map(|t| rfc3339(t.1)),
            lines: k.files.iter().map(|&f| model.files[f as usize].lines).sum(),
            files: k
                .files
                .iter()
                .map(|&f| paths::text(&model.files[f as usize].path))
                .collect(),
        };
        if k.active {
            sole_owners.push(row);
        } else {
            departed.push(row);
        }
    }
    report::KnowledgeAtRisk {
        departed,
        sole_owners,
    }
}

/// The topmost directories in which every file is untouched.
fn untouched_directories(
    model: &Model,
    dirs: &[(BString, Vec<FileIx>)],
    untouched: &[bool],
    last_change: &[Option<i64>],
) -> Vec<report::UntouchedDirectory> {
    let mut out: Vec<report::UntouchedDirectory> = Vec::new();
    let mut covered: BTreeMap<&[u8], ()> = BTreeMap::new();
    for (path, files) in dirs {
        if files.is_empty() || !files.iter().all(|&f| untouched[f as usize]) {
            continue;
        }
        let nested = directories::slashes(path).any(|i| covered.contains_key(&path[..i]));
        if nested {
            continue;
        }
        covered.insert(path, ());
        out.push(report::UntouchedDirectory {
            path: paths::text(path),
            files: files.len() as u64,
            lines: files.iter().map(|&f| model.files[f as usize].lines).sum(),
            last_change: files
                .iter()
                .filter_map(|&f| last_change[f as usize])
                .max()
                .map(rfc3339),
        });
    }
    out
}
