//! Small reports for the unit tests of this module: only the fields it reads are filled.

use crate::report::*;

pub fn person(id: &str, active: bool) -> Contributor {
    Contributor {
        id: id.into(),
        name: id.into(),
        emails: vec![id.into()],
        names: vec![id.into()],
        joins: vec![],
        role: "unknown".into(),
        role_source: "inferred".into(),
        role_evidence: Default::default(),
        changes: 0,
        commits: 1,
        co_authored: 0,
        notebook_reruns: 0,
        github: None,
        lines_added: 0,
        lines_removed: 0,
        first_change: Some("2024-01-01T00:00:00Z".into()),
        last_change: Some(
            if active {
                "2025-05-01T00:00:00Z"
            } else {
                "2023-01-01T00:00:00Z"
            }
            .into(),
        ),
        active,
        files_authored: 0,
        crossings: 0,
        stages: Default::default(),
        specialisation: None,
    }
}

/// People as (id, active, GitHub login); files as (path, authors).
pub fn report(people: &[(&str, bool, Option<&str>)], files: &[(&str, &[&str])]) -> Report {
    let mut contributors: Vec<Contributor> = people
        .iter()
        .map(|(id, active, login)| Contributor {
            github: login.map(str::to_owned),
            ..person(id, *active)
        })
        .collect();
    contributors.sort_by(|a, b| a.id.cmp(&b.id));
    let mut files: Vec<File> = files
        .iter()
        .map(|(path, authors)| File {
            path: (*path).into(),
            area: None,
            lines: 1,
            creator: authors.first().map(|a| (*a).to_owned()),
            authors: authors.iter().map(|a| (*a).to_owned()).collect(),
            changes: 1,
            recent_changes: 0,
            last_change: None,
            untouched: false,
            orphaned: false,
            maintained_by: vec![],
            crossings: 0,
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Report {
        schema_version: SCHEMA_VERSION,
        repository: Repository {
            head: "0123456789abcdef0123456789abcdef01234567".into(),
            reference_time: "2025-06-01T12:00:00Z".into(),
            commits_analyzed: 1,
            merges_skipped: 0,
            bot_commits_excluded: 0,
            shallow: false,
            missing_blobs: 0,
            unparsed_notebooks: 0,
        },
        settings: Settings {
            config: None,
            since: None,
            stale_days: 365,
            active_days: 180,
            roles_configured: vec![],
            notebook_lines: "cells".into(),
            coupling: CouplingSettings {
                window_days: 14,
                min_shared: 3,
                min_degree: 0.3,
            },
        },
        summary: Summary {
            files: files.len() as u64,
            lines: files.len() as u64,
            bus_factor: None,
            key_people: vec![],
            inactive_key_people: vec![],
            untouched_files: 0,
            orphaned_files: 0,
            maintained_files: 0,
            active_contributors: 0,
            contributors: contributors.len() as u64,
            area_files: 0,
            area_untouched_share: 0.0,
            area_orphaned_share: 0.0,
            area_orphaned_unmaintained_share: 0.0,
        },
        contributors,
        areas: vec![],
        directories: vec![],
        files,
        boundary: Boundary {
            crossings: 0,
            crossers: vec![],
            crossed_files: vec![],
            boundary_files: vec![],
            mixed_people: vec![],
        },
        knowledge_at_risk: KnowledgeAtRisk {
            departed: vec![],
            sole_owners: vec![],
        },
        silos: vec![],
        untouched_directories: vec![],
        identity_near_misses: vec![],
        couplings: vec![],
        team_shape: Default::default(),
    }
}

/// Sets `recent_changes` of the named files.
pub fn with_recent(r: &mut Report, recent: &[(&str, u64)]) {
    for (path, n) in recent {
        let f = r
            .files
            .iter_mut()
            .find(|f| f.path == *path)
            .expect("a file of the report");
        f.recent_changes = *n;
    }
}
