//! `mlowners timeline` against `mlowners scan --as-of` and git, on the "team" fixture: 18 months
//! with a rename, a deletion, a merged branch, bots and a `.gitattributes` that arrives later.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{Fixture, build_script};
use serde_json::Value;

const CONFIG: &str = r#"
[settings]
active_days = 60
stale_days = 120

[areas.training]
paths = ["ml/**/*.py", "models/**"]
side = "ds"

[areas.notebooks]
paths = ["**/*.ipynb"]
side = "ds"

[areas.inference]
paths = ["serving/**/*.scala"]
side = "se"
"#;

fn fixture() -> (Fixture, String) {
    let f = build_script("team");
    let cfg = f.dir("cfg").join("mlowners.toml");
    std::fs::write(&cfg, CONFIG).unwrap();
    let cfg = cfg.to_str().unwrap().to_owned();
    (f, cfg)
}

fn timeline(f: &Fixture, cfg: &str, extra: &[&str]) -> Vec<Value> {
    let repo = f.repo.to_str().unwrap();
    let mut args = vec!["timeline", repo, "--config", cfg, "--format", "json"];
    args.extend_from_slice(extra);
    let (rows, _) = f.run_json(&args);
    rows.as_array().expect("an array of rows").clone()
}

type Point = BTreeMap<(String, String, String), Value>;

/// Rows by period end, then by (scope, name, metric).
fn points(rows: &[Value]) -> BTreeMap<String, (String, Point)> {
    let mut out: BTreeMap<String, (String, Point)> = BTreeMap::new();
    for r in rows {
        let key = |k: &str| r[k].as_str().unwrap().to_owned();
        let entry = out
            .entry(key("period_end"))
            .or_insert_with(|| (key("as_of_commit"), Point::new()));
        assert_eq!(entry.0, key("as_of_commit"), "one commit per period");
        entry.1.insert(
            (key("scope"), key("name"), key("metric")),
            r["value"].clone(),
        );
    }
    out
}

/// What `scan --as-of` says of the metrics a timeline point has.
fn expected_from_scan(report: &Value) -> Point {
    let active: BTreeSet<&str> = report["contributors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["active"] == true)
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    let files = report["files"].as_array().unwrap();
    let inactive_only = |area: Option<&str>| -> u64 {
        files
            .iter()
            .filter(|f| area.is_none_or(|a| f["area"] == a))
            .filter(|f| {
                let authors = f["authors"].as_array().unwrap();
                !authors.is_empty() && !authors.iter().any(|a| active.contains(a.as_str().unwrap()))
            })
            .map(|f| f["lines"].as_u64().unwrap())
            .sum()
    };
    let share = |n: &Value, of: &Value| {
        let of = of.as_u64().unwrap();
        if of == 0 {
            Value::Null
        } else {
            Value::from(n.as_u64().unwrap() as f64 / of as f64)
        }
    };
    let mut out = Point::new();
    let mut put = |scope: &str, name: &str, metric: &str, v: Value| {
        out.insert((scope.into(), name.into(), metric.into()), v);
    };
    let s = &report["summary"];
    let repo = ("repository", "repository");
    put(repo.0, repo.1, "bus_factor", s["bus_factor"].clone());
    put(
        repo.0,
        repo.1,
        "key_people",
        s["key_people"].as_array().unwrap().len().into(),
    );
    put(repo.0, repo.1, "files", s["files"].clone());
    put(repo.0, repo.1, "lines", s["lines"].clone());
    put(
        repo.0,
        repo.1,
        "active_contributors",
        s["active_contributors"].clone(),
    );
    put(
        repo.0,
        repo.1,
        "untouched_share",
        share(&s["untouched_files"], &s["files"]),
    );
    put(
        repo.0,
        repo.1,
        "orphaned_share",
        share(&s["orphaned_files"], &s["files"]),
    );
    put(
        repo.0,
        repo.1,
        "inactive_only_lines",
        inactive_only(None).into(),
    );
    let shape = &report["team_shape"];
    put(
        repo.0,
        repo.1,
        "specialisation",
        shape["mean_specialisation"].clone(),
    );
    put(
        repo.0,
        repo.1,
        "active_specialisation",
        shape["active_mean_specialisation"].clone(),
    );
    put(
        repo.0,
        repo.1,
        "generalists",
        shape["generalists"].as_array().unwrap().len().into(),
    );
    for a in report["areas"].as_array().unwrap() {
        let name = a["name"].as_str().unwrap();
        put("area", name, "bus_factor", a["bus_factor"].clone());
        put(
            "area",
            name,
            "key_people",
            a["key_people"].as_array().unwrap().len().into(),
        );
        put("area", name, "files", a["files"].clone());
        put("area", name, "lines", a["lines"].clone());
        put(
            "area",
            name,
            "untouched_share",
            share(&a["untouched_files"], &a["files"]),
        );
        put(
            "area",
            name,
            "orphaned_share",
            share(&a["orphaned_files"], &a["files"]),
        );
        put(
            "area",
            name,
            "inactive_only_lines",
            inactive_only(Some(name)).into(),
        );
    }
    out
}

fn same_number(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => (x - y).abs() < 1e-12,
        _ => a == b,
    }
}

/// Each point of `rows` against `scan --as-of` its period end, and its commit against git's.
fn assert_points_equal_scan_as_of(f: &Fixture, cfg: &str, rows: &[Value]) {
    let repo = f.repo.to_str().unwrap();
    for (end, (commit, point)) in &points(rows) {
        let before = format!("--before={end}T23:59:59Z");
        let git = f.git_str(&["rev-list", "-n1", "--first-parent", &before, "HEAD"]);
        assert_eq!(
            commit,
            git.trim(),
            "{end}: the last first-parent commit by then"
        );
        let (report, _) = f.run_json(&[
            "scan", repo, "--config", cfg, "--as-of", end, "--format", "json",
        ]);
        assert_eq!(report["repository"]["head"], commit.as_str(), "{end}");
        assert_eq!(
            report["repository"]["reference_time"],
            format!("{end}T23:59:59Z")
        );
        for (key, want) in expected_from_scan(&report) {
            let got = point
                .get(&key)
                .unwrap_or_else(|| panic!("{end}: no {key:?}"));
            assert!(
                same_number(got, &want),
                "{end} {key:?}: timeline {got}, scan --as-of {want}"
            );
        }
    }
}

#[test]
fn every_point_equals_scan_as_of_its_period_end_and_git_picks_the_same_commit() {
    let (f, cfg) = fixture();
    let rows = timeline(&f, &cfg, &["--from", "2023-12-01", "--to", "2025-06-30"]);
    // the history begins in January 2024: December 2023 has no state
    assert_eq!(points(&rows).len(), 18);
    assert_points_equal_scan_as_of(&f, &cfg, &rows);
}

#[test]
fn weekly_points_follow_a_gitattributes_that_arrives_between_them() {
    // .gitattributes (linguist-generated and -vendored marks) arrives on 2024-01-15: the week
    // before has none, so the files it marks count there and not after
    let (f, cfg) = fixture();
    let rows = timeline(
        &f,
        &cfg,
        &[
            "--every",
            "week",
            "--from",
            "2024-01-08",
            "--to",
            "2024-02-25",
        ],
    );
    let weeks = points(&rows);
    assert_eq!(weeks.len(), 7);
    assert_points_equal_scan_as_of(&f, &cfg, &rows);
}

#[test]
fn changes_per_period_are_the_commits_that_landed_in_it_as_git_counts_them() {
    let (f, cfg) = fixture();
    let rows = timeline(&f, &cfg, &["--from", "2024-01-01", "--to", "2025-06-30"]);
    let points = points(&rows);
    let mut previous: Option<String> = None;
    let mut total = 0;
    for (end, (commit, point)) in &points {
        let range = match &previous {
            Some(p) => format!("{p}..{commit}"),
            None => commit.clone(),
        };
        // the inference area: Scala under serving/, no bot ever touches it
        let log = f.git_str(&["log", "--no-merges", "-M", "--numstat", "--format=", &range]);
        let scala = log
            .lines()
            .filter(|l| l.ends_with(".scala") && l.contains("serving/"))
            .count();
        let key = (
            "area".to_owned(),
            "inference".to_owned(),
            "changes".to_owned(),
        );
        assert_eq!(point[&key], Value::from(scala), "{end}: {range}");
        total += scala;
        previous = Some(commit.clone());
    }
    assert!(
        total >= 4,
        "the fixture changes Scala code in several periods"
    );
    let repo_rows: Vec<&Value> = rows
        .iter()
        .filter(|r| r["scope"] == "repository" && r["metric"] == "new_contributors")
        .collect();
    let newcomers: u64 = repo_rows.iter().map(|r| r["value"].as_u64().unwrap()).sum();
    let (report, _) = f.scan_json(&["--config", &cfg]);
    let with_changes = report["contributors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["first_change"].is_string())
        .count() as u64;
    assert_eq!(newcomers, with_changes, "everyone is new exactly once");
}

#[test]
fn weeks_quarters_wide_csv_and_jsonl_describe_the_same_rows_on_any_day() {
    let (f, cfg) = fixture();
    let repo = f.repo.to_str().unwrap();
    let json = timeline(&f, &cfg, &["--every", "quarter"]);
    assert!(
        json.iter()
            .all(|r| r["period_start"].as_str().unwrap().ends_with("-01"))
    );
    let quarters: BTreeSet<&str> = json
        .iter()
        .map(|r| r["period_end"].as_str().unwrap())
        .collect();
    // 24 quarters back from June 2025 reach before the history: only the six with commits
    assert_eq!(quarters.len(), 6, "{quarters:?}");
    assert!(quarters.contains("2025-06-30") && quarters.contains("2024-03-31"));

    let base = ["timeline", repo, "--config", &cfg, "--every", "quarter"];
    let jsonl = f.run_stdout(base.iter().chain(&["--format", "jsonl"]));
    let parsed: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(parsed, json);
    assert_eq!(
        jsonl,
        f.run_stdout(base.iter().chain(&["--format", "jsonl"])),
        "deterministic"
    );

    let csv = f.run_stdout(base.iter().chain(&["--format", "csv"]));
    assert_eq!(csv.lines().count(), json.len() + 1);
    assert!(csv.starts_with(
        "schema_version,period_start,period_end,as_of_commit,scope,name,metric,value\r\n"
    ));

    let wide = f.run_stdout(base.iter().chain(&["--format", "csv", "--wide"]));
    let scopes: BTreeSet<(&str, &str, &str)> = json
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap();
            (s("period_end"), s("scope"), s("name"))
        })
        .collect();
    assert_eq!(wide.lines().count(), scopes.len() + 1);
    let header: Vec<&str> = wide.lines().next().unwrap().split(',').collect();
    for m in ["bus_factor", "orphaned_share", "crossings", "changes"] {
        assert!(header.contains(&m), "{header:?}");
    }

    let weeks = timeline(
        &f,
        &cfg,
        &[
            "--every",
            "week",
            "--from",
            "2024-08-01",
            "--to",
            "2024-08-31",
        ],
    );
    let mondays: BTreeSet<&str> = weeks
        .iter()
        .map(|r| r["period_start"].as_str().unwrap())
        .collect();
    assert_eq!(
        mondays.into_iter().collect::<Vec<_>>(),
        [
            "2024-07-29",
            "2024-08-05",
            "2024-08-12",
            "2024-08-19",
            "2024-08-26"
        ]
    );
}

#[test]
fn bad_dates_name_the_flag_and_the_fix() {
    let (f, cfg) = fixture();
    let repo = f.repo.to_str().unwrap();
    let out = f
        .mlowners()
        .args([
            "timeline",
            repo,
            "--config",
            &cfg,
            "--from",
            "2025-01-01",
            "--to",
            "2024-01-01",
        ])
        .output()
        .unwrap();
    common::assert_bad_input(&out, &["--from", "after", "--to"]);
    let out = f
        .mlowners()
        .args(["scan", repo, "--as-of", "2023-01-01"])
        .output()
        .unwrap();
    common::assert_bad_input(&out, &["--as-of", "begins later", "2024-01-08"]);
    let out = f
        .mlowners()
        .args(["scan", repo, "--as-of", "yesterday"])
        .output()
        .unwrap();
    common::assert_bad_input(&out, &["--as-of yesterday", "YYYY-MM-DD"]);
}
