//! Reports made up for the renderers' unit tests.

use std::collections::BTreeMap;

use super::*;

/// A report of `people` contributors and `files` files, every list as long as it can be,
/// with long names and paths.
pub fn huge(files: usize, people: usize) -> Report {
    let id = |i: usize| format!("person.with.a.long.name.{i:05}@a-rather-long-domain.example.com");
    let path = |i: usize| {
        format!(
            "src/python/package/module_{:03}/sub/dir/file_{i:05}.py",
            i % 97
        )
    };
    let ids: Vec<String> = (0..people).map(id).collect();
    let contributors = (0..people)
        .map(|i| Contributor {
            id: id(i),
            name: format!("Person Number {i}"),
            emails: vec![id(i)],
            names: vec![format!("Person Number {i}")],
            joins: vec![],
            role: ["ds", "se", "mixed", "unknown"][i % 4].into(),
            role_source: "inferred".into(),
            role_evidence: BTreeMap::new(),
            changes: 10,
            commits: 10 + i as u64,
            co_authored: 0,
            notebook_reruns: 0,
            github: None,
            lines_added: 1000,
            lines_removed: 10,
            first_change: Some("2020-01-01T00:00:00Z".into()),
            last_change: Some("2024-01-01T00:00:00Z".into()),
            active: i % 2 == 0,
            files_authored: (i % 50) as u32,
            crossings: (i % 7) as u64,
            stages: BTreeMap::from([("investigation".into(), i as u64), ("modelling".into(), 3)]),
            specialisation: Some(0.5),
        })
        .collect();
    let file_rows: Vec<File> = (0..files)
        .map(|i| File {
            path: path(i),
            area: Some("training".into()),
            lines: 100 + (i % 1000) as u64,
            creator: Some(id(i % people)),
            authors: vec![id(i % people), id((i + 1) % people), id((i + 2) % people)],
            changes: 3,
            last_change: Some("2021-01-01T00:00:00Z".into()),
            untouched: true,
            orphaned: true,
            maintained_by: vec![],
            recent_changes: 0,
            crossings: 1,
        })
        .collect();
    let sole = |active: bool| -> Vec<SoleAuthor> {
        (0..people)
            .filter(|i| (i % 2 == 0) == active)
            .map(|i| SoleAuthor {
                id: id(i),
                last_change: Some("2024-01-01T00:00:00Z".into()),
                files: vec![path(i)],
                lines: 10,
            })
            .collect()
    };
    Report {
        schema_version: SCHEMA_VERSION,
        repository: Repository {
            head: "0123456789abcdef0123456789abcdef01234567".into(),
            reference_time: "2025-01-01T00:00:00Z".into(),
            commits_analyzed: 100_000,
            merges_skipped: 0,
            bot_commits_excluded: 0,
            shallow: true,
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
            files: files as u64,
            lines: 1_000_000,
            bus_factor: Some(40),
            key_people: ids[..40.min(people)].to_vec(),
            inactive_key_people: vec![],
            untouched_files: files as u64,
            orphaned_files: files as u64,
            maintained_files: 0,
            active_contributors: (people / 2) as u64,
            contributors: people as u64,
            area_files: files as u64,
            area_untouched_share: 1.0,
            area_orphaned_share: 1.0,
            area_orphaned_unmaintained_share: 1.0,
        },
        contributors,
        areas: (0..30)
            .map(|i| Area {
                name: format!("area-{i}"),
                side: Some("ds".into()),
                files: 10,
                lines: 100,
                bus_factor: Some(3),
                key_people: ids
                    .iter()
                    .cycle()
                    .skip(i)
                    .take(3.min(people))
                    .cloned()
                    .collect(),
                inactive_key_people: vec![],
                changes: 10,
                role_shares: BTreeMap::from([("ds".into(), 0.6), ("se".into(), 0.4)]),
                crossings: 4,
                untouched_files: 1,
                untouched_lines: 1,
                orphaned_files: 1,
                orphaned_lines: 1,
                maintained_files: 0,
            })
            .collect(),
        directories: directories_of(&file_rows),
        files: file_rows,
        boundary: Boundary {
            crossings: files as u64,
            crossers: (0..people)
                .map(|i| Crosser {
                    id: id(i),
                    role: "ds".into(),
                    crossings: 5,
                })
                .collect(),
            crossed_files: (0..files)
                .map(|i| CrossedFile {
                    path: path(i),
                    area: Some("training".into()),
                    crossings: 1,
                })
                .collect(),
            boundary_files: (0..files).map(path).collect(),
            mixed_people: ids.clone(),
        },
        knowledge_at_risk: KnowledgeAtRisk {
            departed: sole(false),
            sole_owners: sole(true),
        },
        silos: (0..files / 3)
            .map(|i| Silo {
                directory: format!("src/dir_{i}"),
                owner: id(i % people),
                files: 3,
            })
            .collect(),
        untouched_directories: (0..files / 3)
            .map(|i| UntouchedDirectory {
                path: format!("src/old_{i}"),
                files: 3,
                lines: 30,
                last_change: Some("2019-01-01T00:00:00Z".into()),
            })
            .collect(),
        identity_near_misses: vec![],
        couplings: (0..files / 10)
            .map(|i| Coupling {
                ds_path: path(i),
                se_path: format!(
                    "serving/src/main/scala/com/example/long/package/File{i:05}.scala"
                ),
                source: ["config", "name", "history"][i % 3].into(),
                shared: 3,
                ds_change_sets: 5,
                se_change_sets: 4,
                degree: 0.667,
                ds_roles: BTreeMap::from([("ds".into(), 5)]),
                se_roles: BTreeMap::from([("se".into(), 4)]),
                ports: 3,
                port_lag_days: Some(PortLag {
                    median: 9.0,
                    p90: 20.0,
                }),
                pending_since: (i % 2 == 0).then(|| "2023-01-01T00:00:00Z".into()),
                pending_days: (i % 2 == 0).then_some(731),
            })
            .collect(),
        team_shape: team_shape::TeamShape {
            source: "presets".into(),
            stages: ["investigation", "modelling"]
                .map(|name| team_shape::StageShape {
                    name: name.into(),
                    paths: vec!["**".into()],
                    files: files as u64,
                    changes: 100,
                    people: people as u64,
                    active_people: (people / 2) as u64,
                    bus_factor: Some(1),
                    key_people: ids[..1.min(people)].to_vec(),
                })
                .to_vec(),
            matrix: ids
                .iter()
                .enumerate()
                .map(|(i, id)| {
                    let row = BTreeMap::from([
                        ("investigation".into(), i as u64),
                        ("modelling".into(), 3),
                    ]);
                    (id.clone(), row)
                })
                .collect(),
            generalists: vec![],
            specialists: ids.clone(),
            mean_specialisation: Some(0.5),
            active_mean_specialisation: Some(0.5),
        },
    }
}

/// Every directory of `files` over its subtree (bus factor 2, the first file's authors).
pub fn directories_of(files: &[File]) -> Vec<Directory> {
    let mut dirs: BTreeMap<String, Directory> = BTreeMap::new();
    for f in files {
        for (i, _) in f.path.match_indices('/') {
            let d = dirs.entry(f.path[..i].to_owned()).or_insert(Directory {
                path: f.path[..i].to_owned(),
                files: 0,
                lines: 0,
                bus_factor: Some(2),
                key_people: f.authors.iter().take(2).cloned().collect(),
                untouched_files: 0,
                orphaned_files: 0,
            });
            d.files += 1;
            d.lines += f.lines;
            d.untouched_files += u64::from(f.untouched);
            d.orphaned_files += u64::from(f.orphaned);
        }
    }
    dirs.into_values().collect()
}
