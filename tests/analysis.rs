//! The "ownership" fixture (fixtures/ownership.sh): authorship (DOA), bus factors, untouched and
//! orphaned files, silos, knowledge at risk and the DS/SE boundary, each worked out by hand
//! (DESIGN.md section 2) beside its assertion; the JSON fields of DESIGN.md section 5; the text
//! report's sections, width, `--all` and colour rules.
//!
//! Reference time: HEAD's commit time, 2025-06-01T12:00:00Z. Active = a change at or after
//! 2024-12-03T12:00:00Z (180 days before); untouched = last change before 2024-06-01T12:00:00Z
//! (365 days before).
//!
//! DOA = 3.293 + 1.098·FA + 0.164·DL − 0.321·ln(1 + AC); an author has DOA/max > 0.75 and
//! (DOA ≥ 3.293 or created the file). Per file at HEAD (C = creation; deliveries after it):
//!
//! - README.md: dana C; sam. dana 4.391 − .321·ln 2 = 4.1685; sam 3.457 (0.829) → dana, sam
//! - legacy/etl.py: olga C; olga → olga 4.555. legacy/export.py, legacy/report.sql: olga C
//!   → olga 4.391
//! - ml/features/{a,b,c}.py: dana C → dana 4.391
//! - ml/training/data.py: dana C + 3; eli 3. dana 4.4380; eli 3.3400 (0.7526 > 0.75) → dana, eli
//! - ml/training/evaluate.py: max C → max 4.391
//! - ml/training/model.py: dana C (as ml/model.py); max renames; eli 2.
//!   dana 4.391 − .321·ln 4 = 3.9460; eli 3.621 − .321·ln 2 = 3.3985 (0.861);
//!   max 3.457 − .321·ln 3 = 3.1043 (0.787, but < 3.293 and not the creator) → dana, eli
//! - ml/training/train.py: dana C + 6; eli 5. dana 4.7998; eli 3.4884 (0.7268 < 0.75) → dana
//! - serving/Metrics.scala: tara C; tara → tara 4.555
//! - serving/Routes.scala: sam C; max. sam 4.1685; max 3.457 (0.829) → sam, max
//! - serving/Server.scala: sam C; tara, sam, sam, max. sam 4.719 − .321·ln 3 = 4.3663;
//!   tara = max = 3.457 − .321·ln 4 = 3.0120 (0.690) → sam
//!
//! Files authored: dana 7 (README, a, b, c, data, model, train), sam 3 (README, Routes, Server),
//! olga 3 (legacy/*), eli 2 (data, model), max 2 (evaluate, Routes), tara 1 (Metrics).

mod common;

use std::fs;
use std::path::PathBuf;

use common::*;
use serde_json::Value;

const DANA: &str = "dana@ds.example.com";
const ELI: &str = "eli@ds.example.com";
const MAX: &str = "max@example.com";
const OLGA: &str = "olga@example.com";
const SAM: &str = "sam@platform.example.com";
const TARA: &str = "tara@platform.example.com";
const SERVER: &str = "serving/Server.scala";

use common::OWNERSHIP_CONFIG as CONFIG;

/// The fixture with `CONFIG` written as `.mlowners.toml` at the repository root (not committed).
fn ownership_with_repo_config() -> Fixture {
    let f = ownership();
    fs::write(f.repo.join(".mlowners.toml"), CONFIG).unwrap();
    f
}

/// `CONFIG` in a file outside the repository, for `--config`.
fn config_file(f: &Fixture, text: &str) -> PathBuf {
    let path = f.dir("config").join("mlowners.toml");
    fs::write(&path, text).unwrap();
    path
}

/// Both ways of giving `CONFIG`: written into the repository, and with `--config FILE`.
fn configured_reports() -> Vec<(&'static str, Value)> {
    let a = ownership_with_repo_config();
    let (in_repo, _) = a.scan_json(&[]);
    let b = ownership();
    let cfg = config_file(&b, CONFIG);
    let (flag, _) = b.scan_json(&["--config", cfg.to_str().unwrap()]);
    vec![(".mlowners.toml", in_repo), ("--config", flag)]
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|x| {
            x.as_str()
                .unwrap_or_else(|| panic!("not a string: {x}"))
                .to_string()
        })
        .collect()
}

fn directory<'a>(report: &'a Value, path: &str) -> &'a Value {
    report["directories"]
        .as_array()
        .expect("directories is an array")
        .iter()
        .find(|d| d["path"] == path)
        .unwrap_or_else(|| panic!("no directory {path:?}"))
}

fn close(v: &Value, want: f64) -> bool {
    v.as_f64().is_some_and(|x| (x - want).abs() < 1e-9)
}

// ---------------------------------------------------------------------------------------------
// Files: creator and authors
// ---------------------------------------------------------------------------------------------

/// (path, creator, authors in report order: DOA descending, then id) — see the table above.
const FILE_AUTHORS: &[(&str, &str, &[&str])] = &[
    ("README.md", DANA, &[DANA, SAM]),
    ("legacy/etl.py", OLGA, &[OLGA]),
    ("legacy/export.py", OLGA, &[OLGA]),
    ("legacy/report.sql", OLGA, &[OLGA]),
    ("ml/features/a.py", DANA, &[DANA]),
    ("ml/features/b.py", DANA, &[DANA]),
    ("ml/features/c.py", DANA, &[DANA]),
    // eli: 3.3400 / 4.4380 = 0.7526, just above 0.75 → author.
    ("ml/training/data.py", DANA, &[DANA, ELI]),
    ("ml/training/evaluate.py", MAX, &[MAX]),
    // created as ml/model.py by dana, renamed by max (a delivery of max's), edited by eli twice.
    // max: ratio 0.787 but DOA 3.1043 < 3.293 and not the creator → not an author.
    ("ml/training/model.py", DANA, &[DANA, ELI]),
    // eli: 3.4884 / 4.7998 = 0.7268, just under 0.75 → not an author despite DOA ≥ 3.293.
    ("ml/training/train.py", DANA, &[DANA]),
    ("serving/Metrics.scala", TARA, &[TARA]),
    ("serving/Routes.scala", SAM, &[SAM, MAX]),
    // tara and max: 3.0120 / 4.3663 = 0.690 → not authors.
    ("serving/Server.scala", SAM, &[SAM]),
];

#[test]
fn files_creators_and_authors() {
    let f = ownership();
    let (report, _) = f.scan_json(&[]);
    let mut want_paths: Vec<&str> = FILE_AUTHORS.iter().map(|(p, _, _)| *p).collect();
    want_paths.sort();
    assert_eq!(file_paths(&report), want_paths, "files at HEAD, by path");
    assert!(
        file(&report, "ml/model.py").is_none(),
        "renamed away: only its new path is a file"
    );
    for &(path, creator, authors) in FILE_AUTHORS {
        let fl = file(&report, path).unwrap();
        assert_eq!(fl["creator"], creator, "creator of {path}");
        assert_eq!(strs(&fl["authors"]), authors, "authors of {path}");
        assert_eq!(fl["lines"], f.lines_at("HEAD", path), "lines of {path}");
    }
    // Rename-followed change counts: model.py = dana C + max rename + eli 2 = 4;
    // train.py = 1 + 6 + 5 = 12; data.py = 1 + 3 + 3 = 7; Server.scala = 5.
    for (path, changes) in [
        ("ml/training/model.py", 4),
        ("ml/training/train.py", 12),
        ("ml/training/data.py", 7),
        ("serving/Server.scala", 5),
        ("serving/Routes.scala", 2),
        ("legacy/etl.py", 2),
    ] {
        assert_eq!(
            file(&report, path).unwrap()["changes"],
            changes,
            "changes of {path}"
        );
    }
    // The configuration (areas, roles) does not change who authors what.
    for (how, report) in configured_reports() {
        for &(path, creator, authors) in FILE_AUTHORS {
            let fl = file(&report, path).unwrap();
            assert_eq!(fl["creator"], creator, "{how}: creator of {path}");
            assert_eq!(strs(&fl["authors"]), authors, "{how}: authors of {path}");
        }
    }
}

#[test]
fn untouched_and_orphaned_files() {
    let f = ownership();
    let (report, _) = f.scan_json(&[]);
    // untouched: last change before 2024-06-01T12:00Z → only legacy/* (2023).
    // orphaned: no active author → legacy/* (olga, last change 2023-05-10) and Metrics.scala
    // (tara, last change 2024-10-01 < 2024-12-03T12:00Z: inactive, but not untouched).
    for fl in files(&report) {
        let path = fl["path"].as_str().unwrap();
        let untouched = path.starts_with("legacy/");
        let orphaned = untouched || path == "serving/Metrics.scala";
        assert_eq!(fl["untouched"], untouched, "untouched of {path}");
        assert_eq!(fl["orphaned"], orphaned, "orphaned of {path}");
    }
    // maintained_by: active non-authors with a change at or after 2024-12-03T12:00Z. The changes
    // in that window: c16 dana train; c17 eli train, model; c18 sam README, Server; c19 max
    // Routes; c20 dana train; c21 eli train, model; c22 max Server; c23 dana train.
    //   train.py: authors [dana]; eli (c17, c21) is no author → [eli]
    //   Server.scala: authors [sam]; sam's c18 is an author's; max (c22) → [max]
    //   model.py: eli is an author (max's rename, c15 2024-11-05, is before the window) → []
    //   README.md (sam, c18) and Routes.scala (max, c19): by authors → []
    //   every other file has no change in the window → []
    // So no orphaned file is maintained here (legacy/*, Metrics.scala: nobody changed them).
    for fl in files(&report) {
        let path = fl["path"].as_str().unwrap();
        let want: &[&str] = match path {
            "ml/training/train.py" => &[ELI],
            "serving/Server.scala" => &[MAX],
            _ => &[],
        };
        assert_eq!(strs(&fl["maintained_by"]), want, "maintained_by of {path}");
    }
    let last = |p: &str| utc(&file(&report, p).unwrap()["last_change"]);
    assert_eq!(last("legacy/etl.py"), "2023-05-10T14:00:00Z"); // 16:00 +0200
    assert_eq!(last("legacy/export.py"), "2023-03-01T09:00:00Z");
    assert_eq!(last("serving/Metrics.scala"), "2024-10-01T09:00:00Z");
    assert_eq!(last("README.md"), "2025-01-20T14:00:00Z"); // 09:00 -0500
    assert_eq!(last("ml/training/model.py"), "2025-04-01T09:00:00Z");
}

// ---------------------------------------------------------------------------------------------
// Summary and repository bus factor
// ---------------------------------------------------------------------------------------------

#[test]
fn summary_and_repository_bus_factor() {
    let f = ownership();
    let (report, _) = f.scan_json(&[]);
    let repo = &report["repository"];
    assert_eq!(repo["head"], f.git_str(&["rev-parse", "HEAD"]));
    assert_eq!(utc(&repo["reference_time"]), "2025-06-01T12:00:00Z"); // 14:00 +0200
    assert_eq!(repo["commits_analyzed"], 23);
    assert_eq!(repo["merges_skipped"], 0);
    assert_eq!(repo["bot_commits_excluded"], 0);
    assert_eq!(repo["shallow"], false);

    let s = &report["summary"];
    assert_eq!(s["files"], 14);
    let lines: u64 = FILE_AUTHORS
        .iter()
        .map(|(p, _, _)| f.lines_at("HEAD", p))
        .sum();
    assert_eq!(s["lines"], lines);
    // Bus factor of the 14 files (all have an author: 14 covered). Files authored:
    // dana 7, olga 3, sam 3, eli 2, max 2, tara 1.
    //   remove dana (7): train, a, b, c lose their last author (README keeps sam, data and model
    //     keep eli) → 10 covered, 20 ≥ 14 → go on;
    //   olga and sam tie at 3 → olga (smaller id): etl, export, report → 7 covered, exactly half
    //     (14 ≥ 14) → go on;
    //   remove sam: Server and README lose their last author → 5 covered (data, model: eli;
    //     evaluate, Routes: max; Metrics: tara), 10 < 14 → stop.
    // Bus factor 3: dana, olga, sam.
    assert_eq!(s["bus_factor"], 3);
    assert_eq!(strs(&s["key_people"]), [DANA, OLGA, SAM]);
    assert_eq!(s["untouched_files"], 3); // legacy/*
    assert_eq!(s["orphaned_files"], 4); // legacy/*, Metrics.scala
    assert_eq!(s["maintained_files"], 0); // nobody active changed those 4 in 180 days
    assert_eq!(s["active_contributors"], 4); // dana, eli, max, sam (not olga, tara)
    assert_eq!(s["contributors"], 6);
    // Default areas: training = **/*.py (9 files: 7 under ml/, legacy/etl.py, legacy/export.py),
    // inference = **/*.scala (3): 12 files; untouched 2 (legacy .py), orphaned 3 (+ Metrics).
    assert_eq!(s["area_files"], 12);
    assert!(close(&s["area_untouched_share"], 2.0 / 12.0));
    assert!(close(&s["area_orphaned_share"], 3.0 / 12.0));
    // none of the 3 is maintained: all are orphaned and unmaintained.
    assert!(close(&s["area_orphaned_unmaintained_share"], 3.0 / 12.0));
}

// ---------------------------------------------------------------------------------------------
// Areas
// ---------------------------------------------------------------------------------------------

#[test]
fn areas_default() {
    let f = ownership();
    let (report, _) = f.scan_json(&[]);
    let names: Vec<&str> = areas(&report)
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["training", "notebooks", "inference"],
        "default areas"
    );

    // Inferred roles (changes to sided areas, of all changes; a side needs at least 5 sided
    // changes and at least a quarter of all): dana ds 15 of 16 → ds, eli ds 10 of 10 → ds;
    // olga ds 3 (legacy .py) of 4, sam se 4 of 5, tara se 3 of 3, max ds 2 / se 2 of 4: fewer
    // than 5 sided changes → unknown (before the 5-change rule: olga ds, sam and tara se, max
    // mixed).
    let t = area(&report, "training");
    assert_eq!(t["side"], "ds");
    assert_eq!(t["files"], 9);
    // training: dana 6 (a, b, c, data, model, train), eli 2 (data, model), olga 2 (etl, export),
    // max 1 (evaluate). Remove dana → a, b, c, train uncovered → 5 of 9 covered, 10 ≥ 9 → go on;
    // eli and olga tie at 2 → eli → data, model uncovered → 3 covered, 6 < 9 → stop.
    assert_eq!(t["bus_factor"], 2);
    assert_eq!(strs(&t["key_people"]), [DANA, ELI]);
    // Changes to training paths: dana 15, eli 10, olga 3 (c01: 2, c02: 1), max 2 (rename,
    // evaluate) = 30; ds = 25/30 (dana, eli), unknown = 5/30 (olga, max; was ds 28/30 and
    // mixed 2/30 while olga counted as ds and max as mixed).
    assert_eq!(t["changes"], 30);
    let shares = t["role_shares"].as_object().unwrap();
    assert_eq!(shares.len(), 2, "{shares:?}");
    assert!(close(&shares["ds"], 25.0 / 30.0));
    assert!(close(&shares["unknown"], 5.0 / 30.0));
    assert_eq!(t["crossings"], 0, "an unknown person makes no crossing");
    assert_eq!(t["untouched_files"], 2); // legacy/etl.py, legacy/export.py
    assert_eq!(t["orphaned_files"], 2);
    assert_eq!(t["maintained_files"], 0); // legacy .py: no change since 2023

    let n = area(&report, "notebooks");
    assert_eq!(n["files"], 0);
    assert_eq!(n["bus_factor"], Value::Null, "no files: no bus factor");
    assert_eq!(strs(&n["key_people"]), Vec::<String>::new());
    assert_eq!(n["role_shares"].as_object().unwrap().len(), 0);

    let i = area(&report, "inference");
    assert_eq!(i["side"], "se");
    assert_eq!(i["files"], 3);
    // inference: sam 2 (Server, Routes), max 1 (Routes), tara 1 (Metrics); 3 covered.
    // Remove sam → Server uncovered → 2 covered, 4 ≥ 3 → go on; max and tara tie at 1 → max
    // → Routes uncovered → 1 covered, 2 < 3 → stop.
    assert_eq!(i["bus_factor"], 2);
    assert_eq!(strs(&i["key_people"]), [SAM, MAX]);
    // Changes: sam 4 (c03 ×2, c12, c18), tara 3 (c09, c11, c14), max 2 (c19, c22) = 9, all by
    // people with too few sided changes for a side: unknown 9/9 (was se 7/9, mixed 2/9).
    assert_eq!(i["changes"], 9);
    let shares = i["role_shares"].as_object().unwrap();
    assert_eq!(shares.len(), 1, "{shares:?}");
    assert!(close(&shares["unknown"], 1.0));
    assert_eq!(i["crossings"], 0);
    assert_eq!(i["untouched_files"], 0);
    assert_eq!(i["orphaned_files"], 1); // Metrics.scala
    assert_eq!(i["maintained_files"], 0); // tara's, untouched since 2024-10-01
    assert_eq!(
        i["orphaned_lines"],
        f.lines_at("HEAD", "serving/Metrics.scala")
    );

    assert_eq!(
        file(&report, "legacy/report.sql").unwrap()["area"],
        Value::Null
    );
    assert_eq!(file(&report, "README.md").unwrap()["area"], Value::Null);
    assert_eq!(file(&report, "legacy/etl.py").unwrap()["area"], "training");
}

#[test]
fn areas_with_config() {
    for (how, report) in configured_reports() {
        let names: Vec<&str> = areas(&report)
            .iter()
            .map(|a| a["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            ["training", "inference", "legacy"],
            "{how}: config order"
        );

        let t = area(&report, "training");
        assert_eq!(t["files"], 7, "{how}");
        // dana 6 of the 7, eli 2, max 1. Remove dana → a, b, c, train uncovered → 3 covered
        // (data, model, evaluate), 6 < 7 → stop.
        assert_eq!(t["bus_factor"], 1, "{how}");
        assert_eq!(strs(&t["key_people"]), [DANA], "{how}");
        // Changes: dana 15, eli 10, max 2 = 27, all by configured ds people.
        assert_eq!(t["changes"], 27, "{how}");
        let shares = t["role_shares"].as_object().unwrap();
        assert_eq!(shares.len(), 1, "{how}: {shares:?}");
        assert!(close(&shares["ds"], 1.0), "{how}");
        assert_eq!(t["crossings"], 0, "{how}");
        assert_eq!(t["untouched_files"], 0, "{how}");
        assert_eq!(t["orphaned_files"], 0, "{how}");

        let i = area(&report, "inference");
        assert_eq!(i["bus_factor"], 2, "{how}"); // as without config: sam, then max
        assert_eq!(strs(&i["key_people"]), [SAM, MAX], "{how}");
        // max (ds by config) changed Routes (c19) and Server (c22): 2 crossings of 9 changes.
        assert_eq!(i["crossings"], 2, "{how}");
        let shares = i["role_shares"].as_object().unwrap();
        assert_eq!(shares.len(), 2, "{how}: {shares:?}");
        assert!(close(&shares["se"], 7.0 / 9.0), "{how}");
        assert!(close(&shares["ds"], 2.0 / 9.0), "{how}");
        assert_eq!(i["orphaned_files"], 1, "{how}");
        assert_eq!(i["untouched_files"], 0, "{how}");

        let l = area(&report, "legacy");
        assert_eq!(l["side"], Value::Null, "{how}");
        assert_eq!(l["files"], 3, "{how}");
        assert_eq!(l["bus_factor"], 1, "{how}"); // olga authors all 3
        assert_eq!(strs(&l["key_people"]), [OLGA], "{how}");
        assert_eq!(
            l["crossings"], 0,
            "{how}: an area without side has no crossing"
        );
        // olga's only changes are to legacy (no side) → role unknown (inferred).
        let shares = l["role_shares"].as_object().unwrap();
        assert_eq!(shares.len(), 1, "{how}: {shares:?}");
        assert!(close(&shares["unknown"], 1.0), "{how}");
        assert_eq!(l["untouched_files"], 3, "{how}");
        assert_eq!(l["orphaned_files"], 3, "{how}");

        assert_eq!(
            report["summary"]["bus_factor"], 3,
            "{how}: areas do not change it"
        );
        assert_eq!(report["summary"]["area_files"], 13, "{how}: 7 + 3 + 3");
        assert_eq!(
            file(&report, "legacy/report.sql").unwrap()["area"],
            "legacy",
            "{how}"
        );
        assert_eq!(file(&report, "README.md").unwrap()["area"], Value::Null);
        assert_eq!(
            strs(&report["settings"]["roles_configured"]),
            ["ds", "se"],
            "{how}"
        );
    }
}

#[test]
fn config_in_repo_equals_config_flag() {
    let mut reports = configured_reports();
    for (_, r) in &mut reports {
        r["settings"]["config"] = Value::Null;
    }
    assert_eq!(reports[0].1, reports[1].1);
}

// ---------------------------------------------------------------------------------------------
// Directories, silos, untouched directories
// ---------------------------------------------------------------------------------------------

#[test]
fn directories_subtree_bus_factor() {
    let f = ownership();
    let (report, _) = f.scan_json(&[]);
    let paths: Vec<&str> = report["directories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["legacy", "ml", "ml/features", "ml/training", "serving"]
    );
    // (path, files, bus factor, key people, untouched, orphaned)
    type Row<'a> = (&'a str, u64, u64, &'a [&'a str], u64, u64);
    let want: &[Row] = &[
        ("legacy", 3, 1, &[OLGA], 3, 3),
        // ml/ (whole subtree, 7 files): dana authors 6 → removing her leaves data, model,
        // evaluate: 3 of 7, 6 < 7 → stop.
        ("ml", 7, 1, &[DANA], 0, 0),
        ("ml/features", 3, 1, &[DANA], 0, 0),
        // ml/training (4 files): dana 3 (train, data, model), eli 2, max 1. Remove dana → train
        // uncovered, 3 of 4 covered → go on; remove eli → data, model uncovered → 1 of 4 → stop.
        ("ml/training", 4, 2, &[DANA, ELI], 0, 0),
        ("serving", 3, 2, &[SAM, MAX], 0, 1),
    ];
    for &(path, nfiles, bf, key, untouched, orphaned) in want {
        let d = directory(&report, path);
        assert_eq!(d["files"], nfiles, "files of {path}");
        assert_eq!(d["bus_factor"], bf, "bus factor of {path}");
        assert_eq!(strs(&d["key_people"]), key, "key people of {path}");
        assert_eq!(d["untouched_files"], untouched, "untouched of {path}");
        assert_eq!(d["orphaned_files"], orphaned, "orphaned of {path}");
    }
    let ml_lines: u64 = FILE_AUTHORS
        .iter()
        .filter(|(p, _, _)| p.starts_with("ml/"))
        .map(|(p, _, _)| f.lines_at("HEAD", p))
        .sum();
    assert_eq!(directory(&report, "ml")["lines"], ml_lines);
}

#[test]
fn silos_and_untouched_directories() {
    let f = ownership();
    let (report, _) = f.scan_json(&[]);
    // Directories of 3+ files whose every file has one author, the same: legacy (olga) and
    // ml/features (dana). Not ml/ (data, model also have eli; evaluate is max's), not serving/.
    // 3 files each; then by path.
    let silos: Vec<(String, String, u64)> = report["silos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["directory"].as_str().unwrap().to_string(),
                s["owner"].as_str().unwrap().to_string(),
                s["files"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        silos,
        [
            ("legacy".to_string(), OLGA.to_string(), 3),
            ("ml/features".to_string(), DANA.to_string(), 3)
        ]
    );
    // Every file untouched only under legacy/; last change olga's c02.
    let u = report["untouched_directories"].as_array().unwrap();
    assert_eq!(u.len(), 1, "{u:?}");
    assert_eq!(u[0]["path"], "legacy");
    assert_eq!(u[0]["files"], 3);
    assert_eq!(u[0]["lines"], 6 + 4 + 9);
    assert_eq!(utc(&u[0]["last_change"]), "2023-05-10T14:00:00Z");
}

// ---------------------------------------------------------------------------------------------
// Knowledge at risk
// ---------------------------------------------------------------------------------------------

/// (id, last change, files largest first, lines)
type Risk = (String, String, Vec<String>, u64);

fn risk_rows(v: &Value) -> Vec<Risk> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                utc(&r["last_change"]),
                strs(&r["files"]),
                r["lines"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn risk(id: &str, last: &str, files: &[&str], lines: u64) -> Risk {
    (
        id.to_string(),
        last.to_string(),
        files.iter().map(|s| s.to_string()).collect(),
        lines,
    )
}

#[test]
fn knowledge_at_risk() {
    let f = ownership();
    let (report, _) = f.scan_json(&[]);
    let k = &report["knowledge_at_risk"];
    // Files with exactly one author: olga 3 (legacy/*), dana 4 (train, a, b, c), tara 1
    // (Metrics), sam 1 (Server), max 1 (evaluate). Inactive: olga, tara → departed; the others
    // are active → sole owners. Rows by number of files, then id; files largest first:
    // report.sql 9 > etl.py 6 > export.py 4; train.py 15 > c.py 4 > b.py 3 > a.py 2.
    assert_eq!(
        risk_rows(&k["departed"]),
        [
            risk(
                OLGA,
                "2023-05-10T14:00:00Z",
                &["legacy/report.sql", "legacy/etl.py", "legacy/export.py"],
                19
            ),
            risk(TARA, "2024-10-01T09:00:00Z", &["serving/Metrics.scala"], 4),
        ]
    );
    assert_eq!(
        risk_rows(&k["sole_owners"]),
        [
            risk(
                DANA,
                "2025-06-01T12:00:00Z",
                &[
                    "ml/training/train.py",
                    "ml/features/c.py",
                    "ml/features/b.py",
                    "ml/features/a.py"
                ],
                15 + 4 + 3 + 2
            ),
            risk(MAX, "2025-05-05T09:00:00Z", &["ml/training/evaluate.py"], 4),
            risk(SAM, "2025-01-20T14:00:00Z", &["serving/Server.scala"], 9),
        ]
    );
}

#[test]
fn settings_from_config_move_the_thresholds() {
    // active_days = 365: tara (last change 2024-10-01, 243 days before HEAD) becomes active, so
    // she moves from departed to sole owners and Metrics.scala is no longer orphaned.
    // stale_days = 900: nothing is untouched (olga's c01 is 823 days before HEAD).
    let f = ownership();
    let cfg = config_file(&f, "[settings]\nactive_days = 365\nstale_days = 900\n");
    let (report, _) = f.scan_json(&["--config", cfg.to_str().unwrap()]);
    assert_eq!(report["settings"]["active_days"], 365);
    assert_eq!(report["settings"]["stale_days"], 900);
    assert_eq!(report["summary"]["active_contributors"], 5);
    assert_eq!(report["summary"]["orphaned_files"], 3);
    assert_eq!(report["summary"]["untouched_files"], 0);
    assert_eq!(contributor(&report, TARA)["active"], true);
    assert_eq!(contributor(&report, OLGA)["active"], false);
    let k = &report["knowledge_at_risk"];
    let departed: Vec<String> = risk_rows(&k["departed"]).into_iter().map(|r| r.0).collect();
    let sole: Vec<String> = risk_rows(&k["sole_owners"])
        .into_iter()
        .map(|r| r.0)
        .collect();
    assert_eq!(departed, [OLGA]);
    assert_eq!(sole, [DANA, MAX, SAM, TARA]); // 4 files, then 1 each by id
    assert_eq!(report["untouched_directories"].as_array().unwrap().len(), 0);
    // maintained_by (window from 2024-06-01T12:00Z): tara is active now, but her changes to
    // Server.scala (c11, 2024-08-15) are a non-author's in the window → [max, tara].
    assert_eq!(
        strs(&file(&report, "serving/Server.scala").unwrap()["maintained_by"]),
        [MAX, TARA]
    );
    assert_eq!(report["summary"]["maintained_files"], 0); // legacy/*: nobody since 2023
}

#[test]
fn orphaned_but_maintained() {
    // active_days = 100: active = a change at or after 2025-02-21T12:00Z (June 1 − 31 − 30 − 31
    // − 8 days). Changes since: c20 dana train (03-03), c21 eli train, model (04-01), c22 max
    // Server (05-05), c23 dana train (06-01). Active: dana, eli, max; sam (last 2025-01-20),
    // tara and olga are not.
    let f = ownership();
    let cfg = config_file(&f, "[settings]\nactive_days = 100\n");
    let (report, _) = f.scan_json(&["--config", cfg.to_str().unwrap()]);
    assert_eq!(report["summary"]["active_contributors"], 3);
    // Orphaned (no active author): legacy/* (olga), Metrics.scala (tara), and now Server.scala
    // (only author sam). README.md (dana), Routes.scala (max), data.py and model.py (dana, eli)
    // keep an active author.
    // maintained_by: Server.scala [max] (c22; not its author: 3.0120 / 4.3663 = 0.690);
    // train.py [eli] (c21; no author: 0.7268). model.py: eli is an author → []. Only Server.scala
    // is orphaned and maintained.
    for fl in files(&report) {
        let path = fl["path"].as_str().unwrap();
        let orphaned =
            path.starts_with("legacy/") || path == "serving/Metrics.scala" || path == SERVER;
        assert_eq!(fl["orphaned"], orphaned, "orphaned of {path}");
        let want: &[&str] = match path {
            SERVER => &[MAX],
            "ml/training/train.py" => &[ELI],
            _ => &[],
        };
        assert_eq!(strs(&fl["maintained_by"]), want, "maintained_by of {path}");
    }
    let s = &report["summary"];
    assert_eq!(s["orphaned_files"], 5);
    assert_eq!(s["maintained_files"], 1);
    // area files (default areas): 12; orphaned: legacy .py 2, Metrics, Server = 4; of them
    // unmaintained: 3 (Server is maintained by max).
    assert!(close(&s["area_orphaned_share"], 4.0 / 12.0));
    assert!(close(&s["area_orphaned_unmaintained_share"], 3.0 / 12.0));
    let i = area(&report, "inference");
    assert_eq!(i["orphaned_files"], 2);
    assert_eq!(i["maintained_files"], 1);
    let t = area(&report, "training");
    assert_eq!(t["orphaned_files"], 2);
    assert_eq!(t["maintained_files"], 0);
    // The text names the orphaned and unmaintained share first, and the areas table its count
    // before all orphaned and untouched (inference: 1 of 2 orphaned; none untouched).
    let text = scan_text(&f, &["--config", cfg.to_str().unwrap()]);
    assert!(
        text.contains("12 in areas: 25% orphaned and unmaintained, 33% orphaned\n"),
        "{text}"
    );
    let row = text
        .lines()
        .find(|l| l.starts_with("inference "))
        .unwrap_or_else(|| panic!("no inference row in\n{text}"));
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cells[cells.len() - 3..], ["1", "2", "0"], "{row}");
    assert!(text.contains("changed it in 100 days"), "{text}");
}

// ---------------------------------------------------------------------------------------------
// Boundary and contributors
// ---------------------------------------------------------------------------------------------

#[test]
fn boundary_default() {
    let f = ownership();
    let (report, _) = f.scan_json(&[]);
    let b = &report["boundary"];
    // Inferred roles: dana and eli ds; max (ds 2, se 2), sam (se 4), tara (se 3) and olga
    // (ds 3) have fewer than 5 sided changes → unknown. Unknown people make no crossing, and
    // dana and eli change only ds files → no crossing.
    assert_eq!(b["crossings"], 0);
    assert_eq!(b["crossers"].as_array().unwrap().len(), 0);
    assert_eq!(b["crossed_files"].as_array().unwrap().len(), 0);
    // max was mixed (2 of 4 sided changes per side) until a side or `mixed` needed 5.
    assert_eq!(strs(&b["mixed_people"]), Vec::<String>::new());
    // Authors of two sides: none. README.md (dana ds, sam) was one while sam was se; now sam
    // is unknown.
    assert_eq!(strs(&b["boundary_files"]), Vec::<String>::new());
}

#[test]
fn boundary_with_config() {
    for (how, report) in configured_reports() {
        let b = &report["boundary"];
        // max is ds by config: his changes to Routes (c19) and Server (c22) cross into se.
        // His rename and evaluate.py (c15) are on his own side.
        assert_eq!(b["crossings"], 2, "{how}");
        let crossers = b["crossers"].as_array().unwrap();
        assert_eq!(crossers.len(), 1, "{how}: {crossers:?}");
        assert_eq!(crossers[0]["id"], MAX, "{how}");
        assert_eq!(crossers[0]["role"], "ds", "{how}");
        assert_eq!(crossers[0]["crossings"], 2, "{how}");
        // One crossing each; ties by path.
        let crossed: Vec<(String, String, u64)> = b["crossed_files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["path"].as_str().unwrap().to_string(),
                    c["area"].as_str().unwrap().to_string(),
                    c["crossings"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            crossed,
            [
                ("serving/Routes.scala".into(), "inference".into(), 1),
                ("serving/Server.scala".into(), "inference".into(), 1)
            ],
            "{how}"
        );
        // README.md (dana ds, sam se) and Routes.scala (sam se, max ds).
        assert_eq!(
            strs(&b["boundary_files"]),
            ["README.md", "serving/Routes.scala"],
            "{how}"
        );
        assert_eq!(strs(&b["mixed_people"]), Vec::<String>::new(), "{how}");
        assert_eq!(
            file(&report, "serving/Routes.scala").unwrap()["crossings"],
            1
        );
        assert_eq!(
            file(&report, "serving/Server.scala").unwrap()["crossings"],
            1
        );
        assert_eq!(
            file(&report, "ml/training/model.py").unwrap()["crossings"],
            0
        );
    }
}

struct Person {
    id: &'static str,
    name: &'static str,
    commits: u64,
    lines_added: u64,
    files_authored: u64,
    active: bool,
    first_change: &'static str,
    last_change: &'static str,
}

/// What the history says about each person.
const PEOPLE: &[Person] = &[
    // c04 (README 2 + train 4 + data 4 + model 4 = 14), c05 2, c07 2, c10 (features 2+3+4 +
    // 2), c16 1, c20 1, c23 1 = 32 lines.
    Person {
        id: DANA,
        name: "Dana Park",
        commits: 7,
        lines_added: 32,
        files_authored: 7,
        active: true,
        first_change: "2024-03-01T09:00:00Z",
        last_change: "2025-06-01T12:00:00Z",
    },
    Person {
        id: ELI,
        name: "Eli Moss",
        commits: 5,
        lines_added: 10,
        files_authored: 2,
        active: true,
        first_change: "2024-04-20T09:00:00Z",
        last_change: "2025-04-01T09:00:00Z",
    },
    // c15: evaluate.py 4 (the rename adds none), c19 1, c22 1.
    Person {
        id: MAX,
        name: "Max Field",
        commits: 3,
        lines_added: 6,
        files_authored: 2,
        active: true,
        first_change: "2024-11-05T09:00:00Z",
        last_change: "2025-05-05T09:00:00Z",
    },
    Person {
        id: OLGA,
        name: "Olga Wren",
        commits: 2,
        lines_added: 19,
        files_authored: 3,
        active: false,
        first_change: "2023-03-01T09:00:00Z",
        last_change: "2023-05-10T14:00:00Z",
    },
    // c03 (Server 5 + Routes 4), c12 1, c18 (README 1 + Server 1).
    Person {
        id: SAM,
        name: "Sam Ortiz",
        commits: 3,
        lines_added: 12,
        files_authored: 3,
        active: true,
        first_change: "2024-01-15T10:00:00Z",
        last_change: "2025-01-20T14:00:00Z",
    },
    Person {
        id: TARA,
        name: "Tara Quinn",
        commits: 3,
        lines_added: 5,
        files_authored: 1,
        active: false,
        first_change: "2024-07-01T09:00:00Z",
        last_change: "2024-10-01T09:00:00Z",
    },
];

#[test]
fn contributors_default() {
    let f = ownership();
    let (report, _) = f.scan_json(&[]);
    assert_eq!(
        ids(&report),
        [DANA, ELI, MAX, OLGA, SAM, TARA],
        "sorted by id"
    );
    for p in PEOPLE {
        let Person {
            id,
            name,
            commits,
            lines_added: added,
            files_authored: authored,
            active,
            first_change: first,
            last_change: last,
        } = *p;
        let c = contributor(&report, id);
        assert_eq!(c["name"], name, "{id}");
        assert_eq!(c["commits"], commits, "commits of {id}");
        assert_eq!(c["lines_added"], added, "lines_added of {id}");
        assert_eq!(
            c["lines_removed"], 0,
            "lines_removed of {id}: every edit appends"
        );
        assert_eq!(c["files_authored"], authored, "files_authored of {id}");
        assert_eq!(c["active"], active, "active of {id}");
        assert_eq!(utc(&c["first_change"]), first, "first_change of {id}");
        assert_eq!(utc(&c["last_change"]), last, "last_change of {id}");
        assert_eq!(c["crossings"], 0, "no crossing without configured roles");
        assert_eq!(c["role_source"], "inferred", "{id}");
    }
    // Inferred from changes to sided areas (default areas): olga's legacy .py are training.
    // A side (or `mixed`) needs at least 5 sided changes, at least a quarter of all changes.
    // (id, role, ds changes, se changes, all changes)
    for (id, role, ds, se, all) in [
        // c04: README (no area) + train, data, model; c05 2, c07 2, c10 5, c16, c20, c23.
        (DANA, "ds", 15, 0, 16),
        (ELI, "ds", 10, 0, 10), // c06, c08, c13, c17, c21: 2 each
        // 4 sided changes < 5 (was mixed: 2 of 4 < two thirds).
        (MAX, "unknown", 2, 2, 4),
        // 3 < 5 (was ds); report.sql (c01) is in no area.
        (OLGA, "unknown", 3, 0, 4),
        // 4 < 5 (was se); README (c18) is in no area.
        (SAM, "unknown", 0, 4, 5),
        (TARA, "unknown", 0, 3, 3), // 3 < 5 (was se)
    ] {
        let c = contributor(&report, id);
        assert_eq!(c["role"], role, "role of {id}");
        let ev = &c["role_evidence"];
        assert_eq!(ev["ds"].as_u64().unwrap_or(0), ds, "ds evidence of {id}");
        assert_eq!(ev["se"].as_u64().unwrap_or(0), se, "se evidence of {id}");
        assert_eq!(c["changes"], all, "changes of {id}");
    }
    let expected = expected_stats(
        &f,
        "HEAD",
        &Identities {
            ids: &[
                (DANA, DANA),
                (ELI, ELI),
                (MAX, MAX),
                (OLGA, OLGA),
                (SAM, SAM),
                (TARA, TARA),
            ],
            bots: &[],
            unanalysed: &[],
        },
    );
    assert_contributor_stats(&report, &expected);
}

#[test]
fn contributors_with_config() {
    for (how, report) in configured_reports() {
        // (id, role, role_source, crossings)
        for (id, role, source, crossings) in [
            (DANA, "ds", "config", 0),
            (ELI, "ds", "config", 0),
            (MAX, "ds", "config", 2),         // by name "Max Field"
            (OLGA, "unknown", "inferred", 0), // legacy has no side: no evidence
            (SAM, "se", "config", 0),
            (TARA, "se", "config", 0),
        ] {
            let c = contributor(&report, id);
            assert_eq!(c["role"], role, "{how}: role of {id}");
            assert_eq!(c["role_source"], source, "{how}: role_source of {id}");
            assert_eq!(c["crossings"], crossings, "{how}: crossings of {id}");
        }
        for p in PEOPLE {
            let c = contributor(&report, p.id);
            assert_eq!(c["files_authored"], p.files_authored, "{how}: {}", p.id);
            assert_eq!(c["active"], p.active, "{how}: {}", p.id);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The JSON fields of DESIGN.md section 5
// ---------------------------------------------------------------------------------------------

fn assert_fields(v: &Value, fields: &[&str], what: &str) {
    let obj = v
        .as_object()
        .unwrap_or_else(|| panic!("{what} is not an object: {v}"));
    for f in fields {
        assert!(obj.contains_key(*f), "{what} has no field {f:?}: {v}");
    }
}

fn assert_each(v: &Value, fields: &[&str], what: &str) {
    let items = v
        .as_array()
        .unwrap_or_else(|| panic!("{what} is not an array"));
    assert!(!items.is_empty(), "{what} is empty: nothing to check");
    for item in items {
        assert_fields(item, fields, what);
    }
}

fn assert_design_fields(r: &Value) {
    assert_fields(
        r,
        &[
            "schema_version",
            "repository",
            "summary",
            "contributors",
            "areas",
            "directories",
            "files",
        ],
        "report",
    );
    assert_eq!(r["schema_version"], 1);
    assert_fields(
        &r["repository"],
        &[
            "head",
            "reference_time",
            "commits_analyzed",
            "merges_skipped",
            "bot_commits_excluded",
            "shallow",
        ],
        "repository",
    );
    utc(&r["repository"]["reference_time"]);
    assert_fields(
        &r["summary"],
        &[
            "files",
            "bus_factor",
            "key_people",
            "untouched_files",
            "orphaned_files",
            "maintained_files",
            "active_contributors",
        ],
        "summary",
    );
    assert_each(
        &r["contributors"],
        &[
            "id",
            "name",
            "role",
            "role_source",
            "commits",
            "lines_added",
            "lines_removed",
            "first_change",
            "last_change",
            "active",
            "files_authored",
        ],
        "contributors[]",
    );
    for c in contributors(r) {
        let src = c["role_source"].as_str().unwrap();
        assert!(src == "config" || src == "inferred", "role_source {src}");
        utc(&c["first_change"]);
        utc(&c["last_change"]);
    }
    assert_each(
        &r["areas"],
        &[
            "name",
            "side",
            "files",
            "lines",
            "bus_factor",
            "key_people",
            "role_shares",
            "crossings",
            "untouched_files",
            "orphaned_files",
            "maintained_files",
        ],
        "areas[]",
    );
    assert_each(
        &r["directories"],
        &[
            "path",
            "files",
            "bus_factor",
            "key_people",
            "untouched_files",
            "orphaned_files",
        ],
        "directories[]",
    );
    assert_each(
        &r["files"],
        &[
            "path",
            "area",
            "lines",
            "creator",
            "authors",
            "last_change",
            "untouched",
            "orphaned",
            "maintained_by",
        ],
        "files[]",
    );
    for f in files(r) {
        utc(&f["last_change"]);
    }
    // Sorted: contributors by id, directories and files by path.
    let sorted = |v: &Value, key: &str| {
        let keys: Vec<&str> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x[key].as_str().unwrap())
            .collect();
        let mut s = keys.clone();
        s.sort();
        assert_eq!(keys, s, "{key} not sorted");
    };
    sorted(&r["contributors"], "id");
    sorted(&r["directories"], "path");
    sorted(&r["files"], "path");
    // The README's further lists, used by the text report.
    assert_fields(
        &r["boundary"],
        &[
            "crossings",
            "crossers",
            "crossed_files",
            "boundary_files",
            "mixed_people",
        ],
        "boundary",
    );
    assert_fields(
        &r["knowledge_at_risk"],
        &["departed", "sole_owners"],
        "knowledge_at_risk",
    );
    assert_each(
        &r["knowledge_at_risk"]["departed"],
        &["id", "last_change", "files", "lines"],
        "departed[]",
    );
    assert_each(&r["silos"], &["directory", "owner", "files"], "silos[]");
    assert_each(
        &r["untouched_directories"],
        &["path", "files", "lines", "last_change"],
        "untouched_directories[]",
    );
}

#[test]
fn json_has_every_design_field() {
    let f = ownership();
    let (report, _) = f.scan_json(&[]);
    assert_design_fields(&report);
    for (_, report) in configured_reports() {
        assert_design_fields(&report);
        assert_each(
            &report["boundary"]["crossers"],
            &["id", "role", "crossings"],
            "crossers[]",
        );
        assert_each(
            &report["boundary"]["crossed_files"],
            &["path", "area", "crossings"],
            "crossed_files[]",
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Text report
// ---------------------------------------------------------------------------------------------

fn scan_text(f: &Fixture, extra: &[&str]) -> String {
    let out = f
        .mlowners()
        .arg("scan")
        .arg(&f.repo)
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("the text report is UTF-8")
}

/// Index of the first line starting with `prefix`, after line `from`.
fn line_index(lines: &[&str], prefix: &str, from: usize) -> usize {
    lines
        .iter()
        .enumerate()
        .skip(from)
        .find(|(_, l)| l.starts_with(prefix))
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("no line starting with {prefix:?} after line {from}"))
}

#[test]
fn text_report_sections_in_order() {
    for (how, cfg) in [("default", None), ("config", Some(CONFIG))] {
        let f = ownership();
        if let Some(text) = cfg {
            fs::write(f.repo.join(".mlowners.toml"), text).unwrap();
        }
        let text = scan_text(&f, &[]);
        let lines: Vec<&str> = text.lines().collect();
        let mut at = 0;
        for prefix in [
            "Bus factor 3: dana@ds.example.com, olga@example.com (inactive), sam@platform.example.com",
            "AREAS",
            "DS/SE BOUNDARY",
            "KNOWLEDGE AT RISK",
            "SILOS",
            "UNTOUCHED DIRECTORIES",
        ] {
            at = line_index(&lines, prefix, at) + 1;
        }
        // Rows under their sections.
        let section = |start: &str, end: &str| -> String {
            let a = line_index(&lines, start, 0);
            let b = line_index(&lines, end, a + 1);
            lines[a..b].join("\n")
        };
        let silos = section("SILOS", "UNTOUCHED DIRECTORIES");
        assert!(
            silos.contains("legacy") && silos.contains(OLGA),
            "{how}: {silos}"
        );
        assert!(
            silos.contains("ml/features") && silos.contains(DANA),
            "{how}"
        );
        let risk = section("KNOWLEDGE AT RISK", "SILOS");
        for id in [OLGA, TARA, DANA, MAX, SAM] {
            assert!(risk.contains(id), "{how}: {id} missing in\n{risk}");
        }
        assert!(!risk.contains(ELI), "{how}: eli is nobody's only author");
        let boundary = section("DS/SE BOUNDARY", "KNOWLEDGE AT RISK");
        if cfg.is_some() {
            assert!(lines[line_index(&lines, "DS/SE BOUNDARY", 0)].contains(": 2 changes"));
            assert!(boundary.contains("serving/Routes.scala"), "{boundary}");
        } else {
            // Inferred roles: nobody crosses and nobody is mixed (max, once mixed, has 4 sided
            // changes: unknown).
            assert!(lines[line_index(&lines, "DS/SE BOUNDARY", 0)].contains(": 0 changes"));
            assert!(!boundary.contains("whole-flow"), "{how}: {boundary}");
        }
    }
}

/// Lines longer than 100 characters (not bytes).
fn long_lines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.chars().count() > 100)
        .map(|l| format!("{} chars: {l}", l.chars().count()))
        .collect()
}

#[test]
fn text_report_fits_100_columns() {
    let f = ownership();
    let mut long = long_lines(&scan_text(&f, &[]));
    let cfg = config_file(&f, CONFIG);
    long.extend(long_lines(&scan_text(
        &f,
        &["--config", cfg.to_str().unwrap()],
    )));
    let crowd = crowd();
    long.extend(long_lines(&scan_text(&crowd, &[])));
    long.extend(long_lines(&scan_text(&crowd, &["--all"])));
    assert!(
        long.is_empty(),
        "lines over 100 characters:\n{}",
        long.join("\n")
    );
}

#[test]
fn text_report_has_no_escape_bytes_off_a_terminal() {
    let f = ownership();
    // NO_COLOR=1 (the helper's default), and without NO_COLOR: stdout is a pipe either way.
    for no_color in [true, false] {
        let mut cmd = f.mlowners();
        if !no_color {
            cmd.env_remove("NO_COLOR");
        }
        let out = cmd.arg("scan").arg(&f.repo).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert!(!out.stdout.is_empty());
        assert!(
            !out.stdout.contains(&0x1b),
            "ESC in stdout (NO_COLOR {no_color})"
        );
        assert!(
            !out.stderr.contains(&0x1b),
            "ESC in stderr (NO_COLOR {no_color})"
        );
    }
    let path = f.dir("out").join("report.txt");
    let mut cmd = f.mlowners();
    cmd.env_remove("NO_COLOR")
        .arg("scan")
        .arg(&f.repo)
        .arg("--output")
        .arg(&path);
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let written = fs::read(&path).unwrap();
    assert!(written.starts_with(b"mlowners"), "the text report");
    assert!(!written.contains(&0x1b), "ESC in --output file");
}

// ---------------------------------------------------------------------------------------------
// `--all`, on a repository with more than 10 rows per list
// ---------------------------------------------------------------------------------------------

const CROWD: usize = 12;

fn crowd_id(i: usize) -> String {
    format!("person-{i:02}-with-a-rather-long-mailbox-name@crowd.example.com")
}

/// 12 people with long e-mails; person i creates `svcNN/.../ScoringRequestHandlerNN.scala` in
/// 2022 (each the only author of one file, each directory untouched); person 0 then adds
/// README.md at HEAD (2025). With `ds` configured for everyone and `**/*.scala` on the se side,
/// each creation is a crossing. Lists with 12 rows: crossers, crossed files, untouched
/// directories, contributors; 11 departed.
fn crowd() -> Fixture {
    let tmp = tempfile::Builder::new()
        .prefix("mlowners-test-")
        .tempdir()
        .unwrap();
    let home = tmp.path().join("home");
    fs::create_dir_all(&home).unwrap();
    let repo = tmp.path().join("repo");
    fs::create_dir_all(&repo).unwrap();
    let f = Fixture { tmp, repo, home };
    f.git(&["init", "-q", "-b", "main"]);
    for i in 0..CROWD {
        let dir = f.repo.join(format!(
            "svc{i:02}/src/main/scala/com/example/churn/serving/handlers"
        ));
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join(format!("ScoringRequestHandler{i:02}.scala")),
            format!("object Handler{i:02}\n"),
        )
        .unwrap();
        f.commit_all(
            &format!("Person {i:02} <{}>", crowd_id(i)),
            &format!("2022-01-{:02}T10:00:00+00:00", i + 1),
            "handler",
        );
    }
    fs::write(f.repo.join("README.md"), "# crowd\n").unwrap();
    f.commit_all(
        &format!("Person 00 <{}>", crowd_id(0)),
        "2025-03-01T10:00:00+00:00",
        "readme",
    );
    fs::write(
        f.repo.join(".mlowners.toml"),
        "[areas.inference]\npaths = [\"**/*.scala\"]\nside = \"se\"\n\n\
         [roles]\nds = [\"*@crowd.example.com\"]\n",
    )
    .unwrap();
    f
}

fn more_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.contains('…') && l.contains(" more"))
        .collect()
}

#[test]
fn all_shows_every_row() {
    let f = crowd();
    let (report, _) = f.scan_json(&[]);
    assert_eq!(
        report["boundary"]["crossers"].as_array().unwrap().len(),
        CROWD
    );
    assert_eq!(
        report["boundary"]["crossed_files"]
            .as_array()
            .unwrap()
            .len(),
        CROWD
    );
    assert_eq!(
        report["untouched_directories"].as_array().unwrap().len(),
        CROWD
    );
    assert_eq!(
        report["knowledge_at_risk"]["departed"]
            .as_array()
            .unwrap()
            .len(),
        CROWD - 1
    );
    assert_eq!(contributors(&report).len(), CROWD);

    let short = scan_text(&f, &[]);
    let more = more_lines(&short);
    // crossers, crossed files, untouched directories, contributors: 12 rows, 2 more each;
    // departed: 11 rows, 1 more.
    let twos = more.iter().filter(|l| l.contains("… 2 more")).count();
    let ones = more.iter().filter(|l| l.contains("… 1 more")).count();
    assert_eq!(
        (twos, ones),
        (4, 1),
        "“… N more” lines:\n{}",
        more.join("\n")
    );

    let all = scan_text(&f, &["--all"]);
    assert!(
        more_lines(&all).is_empty(),
        "--all still cuts lists:\n{}",
        more_lines(&all).join("\n")
    );
    // Every row is there: each person's id (cut to its column) and each directory.
    for i in 0..CROWD {
        let dir = format!("svc{i:02}");
        let n = all
            .lines()
            .filter(|l| l.trim_start().starts_with(&dir))
            .count();
        // untouched directories and crossed files
        assert!(n >= 2, "svc{i:02} shown {n} times with --all:\n{all}");
        let prefix: String = crowd_id(i).chars().take(20).collect();
        let n = all.matches(&prefix).count();
        // crossers, departed (not person 00), contributors
        assert!(n >= 2, "{prefix} shown {n} times with --all");
    }
    // 2 + 2 + 2 + 2 + 1 more rows, 5 "… N more" lines fewer.
    assert_eq!(all.lines().count(), short.lines().count() + 9 - 5);
}

// ---------------------------------------------------------------------------------------------
// Inferred roles at their boundaries (DESIGN.md §2), on a repository built here
// ---------------------------------------------------------------------------------------------

#[test]
fn inferred_roles_at_their_boundaries() {
    let tmp = tempfile::Builder::new()
        .prefix("mlowners-test-")
        .tempdir()
        .unwrap();
    let home = tmp.path().join("home");
    fs::create_dir_all(&home).unwrap();
    let repo = tmp.path().join("repo");
    fs::create_dir_all(&repo).unwrap();
    let f = Fixture { tmp, repo, home };
    f.git(&["init", "-q", "-b", "main"]);
    let mut day = 0;
    // `n` commits by `who`, each appending one line to `path` (one change each).
    let mut changes = |who: &str, path: &str, n: usize| {
        for _ in 0..n {
            day += 1;
            let p = f.repo.join(path);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            let mut text = fs::read_to_string(&p).unwrap_or_default();
            text.push_str(&format!("// {day}\n"));
            fs::write(&p, text).unwrap();
            f.commit_all(
                who,
                &format!("{} +0000", 1_735_689_600 + day * 86_400), // 2025-01-01 + day
                "edit",
            );
        }
    };
    // Default areas: **/*.py ds, **/*.scala se; docs/*.md in no area.
    // four: 4 ds changes → one short of 5 → unknown.
    changes("Four Four <four@x.example>", "four.py", 4);
    // five: 5 ds changes of 20 (15 docs): exactly a quarter → ds.
    changes("Five Five <five@x.example>", "five.py", 5);
    changes("Five Five <five@x.example>", "docs/five.md", 15);
    // under: 5 ds changes of 21: under a quarter → unknown.
    changes("Under Under <under@x.example>", "under.py", 5);
    changes("Under Under <under@x.example>", "docs/under.md", 16);
    // third: 4 ds, 2 se: 4 of 6 is exactly two thirds → ds.
    changes("Third Third <third@x.example>", "third.py", 4);
    changes("Third Third <third@x.example>", "Third.scala", 2);
    // mixed: 3 ds, 2 se: 3 of 5 < two thirds → mixed.
    changes("Mixed Mixed <mixed@x.example>", "mixed.py", 3);
    changes("Mixed Mixed <mixed@x.example>", "Mixed.scala", 2);
    let (report, _) = f.scan_json(&[]);
    for (id, role, ds, se, all) in [
        ("five@x.example", "ds", 5, 0, 20),
        ("four@x.example", "unknown", 4, 0, 4),
        ("mixed@x.example", "mixed", 3, 2, 5),
        ("third@x.example", "ds", 4, 2, 6),
        ("under@x.example", "unknown", 5, 0, 21),
    ] {
        let c = contributor(&report, id);
        assert_eq!(c["role"], role, "role of {id}");
        assert_eq!(c["role_source"], "inferred", "{id}");
        let ev = &c["role_evidence"];
        assert_eq!(ev["ds"].as_u64().unwrap_or(0), ds, "ds evidence of {id}");
        assert_eq!(ev["se"].as_u64().unwrap_or(0), se, "se evidence of {id}");
        assert_eq!(c["changes"], all, "changes of {id}");
    }
    assert_eq!(
        strs(&report["boundary"]["mixed_people"]),
        ["mixed@x.example"]
    );
}
