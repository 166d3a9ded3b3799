//! All analyses run over one model, gathered into the report.

use std::collections::BTreeMap;

use super::boundary::{self, Crossings};
use super::bus_factor::{self, BusFactor};
use super::classify::{self, Classification, MIXED};
use super::ownership::{self, FileOwnership};
use super::{silos, staleness};
use crate::config::Config;
use crate::model::{FileIx, Model};
use crate::report::{self, Report, rfc3339};

/// Directories need this many files before one person owning all of them is called a silo.
const SILO_MIN_FILES: usize = 3;

pub fn analyse(model: &Model, config: &Config, since: Option<i64>) -> Report {
    let class = classify::classify(model, config);
    let owners = ownership::ownership(model);
    let authored = ownership::files_authored(model, &owners);
    let active = staleness::active_contributors(model, config.active_days);
    let untouched = staleness::untouched(model, config.stale_days);
    let orphaned = staleness::orphaned(&owners, &active);
    let crossings = boundary::crossings(model, &class);
    let shares = boundary::role_shares(model, &class);
    let dirs = bus_factor::directories(model);
    let ids = |people: &[u32]| -> Vec<String> {
        people
            .iter()
            .map(|&p| model.contributor(p).id.clone())
            .collect()
    };
    let inactive = |people: &[u32]| -> Vec<String> {
        people
            .iter()
            .filter(|&&p| !active[p as usize])
            .map(|&p| model.contributor(p).id.clone())
            .collect()
    };
    let last_change: Vec<Option<i64>> = (0..model.files.len() as u32)
        .map(|f| staleness::last_change(model, f))
        .collect();
    let count = |files: &[FileIx], flags: &[bool]| -> (u64, u64) {
        files
            .iter()
            .filter(|&&f| flags[f as usize])
            .fold((0, 0), |(n, l), &f| {
                (n + 1, l + model.files[f as usize].lines)
            })
    };
    let lines = |files: &[FileIx]| files.iter().map(|&f| model.files[f as usize].lines).sum();

    let all: Vec<FileIx> = (0..model.files.len() as u32).collect();
    let repo_bf = bus_factor::bus_factor(model, &owners, &all);
    let in_area: Vec<FileIx> = all
        .iter()
        .copied()
        .filter(|&f| class.file_area[f as usize].is_some())
        .collect();
    let share = |n: u64, of: usize| if of == 0 { 0.0 } else { n as f64 / of as f64 };

    let mut first_last: Vec<Option<(i64, i64)>> = vec![None; model.contributors.len()];
    let mut added = vec![0u64; model.contributors.len()];
    let mut removed = vec![0u64; model.contributors.len()];
    for c in &model.changes {
        let p = c.contributor as usize;
        added[p] += c.added;
        removed[p] += c.removed;
        let fl = first_last[p].get_or_insert((c.time, c.time));
        fl.0 = fl.0.min(c.time);
        fl.1 = fl.1.max(c.time);
    }
    let mut commits = vec![0u64; model.contributors.len()];
    for c in &model.commits {
        commits[c.contributor as usize] += 1;
    }

    let contributors = model
        .contributors
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let role = &class.roles[i];
            report::Contributor {
                id: c.id.clone(),
                name: c.name.clone(),
                emails: c.emails.clone(),
                role: role.role.clone(),
                role_source: match role.source {
                    classify::RoleSource::Config => "config",
                    classify::RoleSource::Inferred => "inferred",
                }
                .into(),
                role_evidence: role.changes_per_side.clone(),
                commits: commits[i],
                lines_added: added[i],
                lines_removed: removed[i],
                first_change: first_last[i].map(|t| rfc3339(t.0)),
                last_change: first_last[i].map(|t| rfc3339(t.1)),
                active: active[i],
                files_authored: authored[i],
                crossings: crossings.per_contributor[i],
            }
        })
        .collect();

    let areas = class
        .areas
        .iter()
        .enumerate()
        .map(|(a, (name, side))| {
            let files: Vec<FileIx> = all
                .iter()
                .copied()
                .filter(|&f| class.file_area[f as usize] == Some(a))
                .collect();
            let bf = bus_factor::bus_factor(model, &owners, &files);
            let (untouched_files, untouched_lines) = count(&files, &untouched);
            let (orphaned_files, orphaned_lines) = count(&files, &orphaned);
            report::Area {
                name: name.clone(),
                side: side.clone(),
                files: files.len() as u64,
                lines: lines(&files),
                bus_factor: bf.value,
                key_people: ids(&bf.key_people),
                inactive_key_people: inactive(&bf.key_people),
                changes: class.change_area.iter().filter(|&&x| x == Some(a)).count() as u64,
                role_shares: shares[a].clone(),
                crossings: crossings.per_area[a],
                untouched_files,
                untouched_lines,
                orphaned_files,
                orphaned_lines,
            }
        })
        .collect();

    let directories: Vec<report::Directory> = dirs
        .iter()
        .map(|(path, files)| {
            let bf: BusFactor = bus_factor::bus_factor(model, &owners, files);
            report::Directory {
                path: path.clone(),
                files: files.len() as u64,
                lines: lines(files),
                bus_factor: bf.value,
                key_people: ids(&bf.key_people),
                untouched_files: count(files, &untouched).0,
                orphaned_files: count(files, &orphaned).0,
            }
        })
        .collect();

    let area_name = |f: usize| class.file_area[f].map(|a| class.areas[a].0.clone());
    let files = model
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| report::File {
            path: f.path.clone(),
            area: area_name(i),
            lines: f.lines,
            creator: owners[i].creator.map(|c| model.contributor(c).id.clone()),
            authors: ids(&owners[i].authors),
            changes: f.changes.len() as u64,
            last_change: last_change[i].map(rfc3339),
            untouched: untouched[i],
            orphaned: orphaned[i],
            crossings: crossings.per_file[i],
        })
        .collect();

    let (untouched_files, _) = count(&all, &untouched);
    let (orphaned_files, _) = count(&all, &orphaned);
    let summary = report::Summary {
        files: model.files.len() as u64,
        lines: lines(&all),
        bus_factor: repo_bf.value,
        key_people: ids(&repo_bf.key_people),
        inactive_key_people: inactive(&repo_bf.key_people),
        untouched_files,
        orphaned_files,
        active_contributors: active.iter().filter(|&&a| a).count() as u64,
        contributors: model.contributors.len() as u64,
        area_files: in_area.len() as u64,
        area_untouched_share: share(count(&in_area, &untouched).0, in_area.len()),
        area_orphaned_share: share(count(&in_area, &orphaned).0, in_area.len()),
    };

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
        },
        settings: report::Settings {
            config: config.source.as_ref().map(|p| p.display().to_string()),
            since: since.map(rfc3339),
            stale_days: config.stale_days,
            active_days: config.active_days,
            roles_configured: config.roles.iter().map(|(r, _)| r.clone()).collect(),
        },
        summary,
        contributors,
        areas,
        directories,
        files,
        boundary: boundary_report(model, &class, &owners, &crossings),
        knowledge_at_risk: knowledge_report(model, &owners, &active, &first_last),
        silos: silos::silos(&owners, &dirs, SILO_MIN_FILES)
            .into_iter()
            .map(|s| report::Silo {
                directory: s.directory,
                owner: model.contributor(s.owner).id.clone(),
                files: s.files as u64,
            })
            .collect(),
        untouched_directories: untouched_directories(model, &dirs, &untouched, &last_change),
    }
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
            path: model.files[i].path.clone(),
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
            .map(|f| model.files[f as usize].path.clone())
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
                .map(|&f| model.files[f as usize].path.clone())
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
    dirs: &[(String, Vec<FileIx>)],
    untouched: &[bool],
    last_change: &[Option<i64>],
) -> Vec<report::UntouchedDirectory> {
    let mut out: Vec<report::UntouchedDirectory> = Vec::new();
    let mut covered: BTreeMap<&str, ()> = BTreeMap::new();
    for (path, files) in dirs {
        if files.is_empty() || !files.iter().all(|&f| untouched[f as usize]) {
            continue;
        }
        let nested = path
            .match_indices('/')
            .any(|(i, _)| covered.contains_key(&path[..i]));
        if nested {
            continue;
        }
        covered.insert(path, ());
        out.push(report::UntouchedDirectory {
            path: path.clone(),
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
