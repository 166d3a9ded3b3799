//! `scan --fail-under-bus-factor N`: exit 1 and a stderr line naming every scope below N (the
//! repository, `area NAME` for areas with a side), after writing the report; exit 0 otherwise.
//!
//! Bus factors of the "ownership" fixture (worked out in tests/analysis.rs):
//!   default areas: repository 3, training (ds) 2, notebooks (ds) null (no files), inference (se) 2
//!   CONFIG:        repository 3, training (ds) 1, inference (se) 2, legacy (no side) 1

mod common;

use std::fs;
use std::path::PathBuf;
use std::process::Output;

use common::*;
use serde_json::Value;

use common::OWNERSHIP_CONFIG as CONFIG;

fn config_file(f: &Fixture) -> PathBuf {
    let path = f.dir("config").join("mlowners.toml");
    fs::write(&path, CONFIG).unwrap();
    path
}

fn scan(f: &Fixture, args: &[&str]) -> Output {
    f.mlowners()
        .arg("scan")
        .arg(&f.repo)
        .args(args)
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json(bytes: &[u8]) -> Value {
    scan_report(bytes)
}

/// Asserts exit 1 and one stderr line that names each of `named` and none of `not_named`;
/// returns that line.
fn assert_tripped(out: &Output, named: &[&str], not_named: &[&str]) -> String {
    assert_eq!(
        out.status.code(),
        Some(1),
        "expected the gate to trip; stderr:\n{}",
        stderr(out)
    );
    let lines = stderr_lines(out);
    assert_eq!(lines.len(), 1, "one line on stderr, got:\n{}", stderr(out));
    let line = lines[0].clone();
    for n in named {
        assert!(line.contains(n), "stderr does not name {n:?}: {line}");
    }
    for n in not_named {
        assert!(!line.contains(n), "stderr names {n:?}: {line}");
    }
    line
}

fn assert_passed(out: &Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "expected exit 0; stderr:\n{}",
        stderr(out)
    );
    assert!(
        stderr_lines(out).is_empty(),
        "nothing on stderr when the gate passes:\n{}",
        stderr(out)
    );
}

#[test]
fn passes_when_every_scope_is_at_or_above() {
    let f = ownership();
    // Default areas: repository 3, training 2, inference 2 — all ≥ 2; notebooks (no files, null)
    // is not below anything.
    for n in ["0", "1", "2"] {
        let out = scan(&f, &["--format", "json", "--fail-under-bus-factor", n]);
        assert_passed(&out);
        assert_eq!(json(&out.stdout)["summary"]["bus_factor"], 3);
    }
    // CONFIG: the smallest sided area is training (1); legacy has no side.
    let cfg = config_file(&f);
    let out = scan(
        &f,
        &[
            "--config",
            cfg.to_str().unwrap(),
            "--fail-under-bus-factor",
            "1",
        ],
    );
    assert_passed(&out);
}

#[test]
fn trips_on_areas_below() {
    let f = ownership();
    // N = 3: training (2) and inference (2) are below; the repository (3) is not; notebooks
    // (null, no files) is never below.
    let out = scan(&f, &["--format", "json", "--fail-under-bus-factor", "3"]);
    assert_tripped(
        &out,
        &["area training", "area inference"],
        &["repository", "notebooks"],
    );
    // The report is still written in full.
    let report = json(&out.stdout);
    assert_eq!(report["summary"]["bus_factor"], 3);
    assert_eq!(report["areas"].as_array().unwrap().len(), 3);
}

#[test]
fn trips_on_the_repository() {
    let f = ownership();
    // N = 4: the repository (3) too.
    let out = scan(&f, &["--format", "json", "--fail-under-bus-factor", "4"]);
    assert_tripped(
        &out,
        &["repository", "area training", "area inference"],
        &["notebooks"],
    );
    json(&out.stdout);
}

#[test]
fn areas_without_side_are_not_gated() {
    let f = ownership();
    let cfg = config_file(&f);
    // CONFIG, N = 2: training (1) is below; legacy (1, no side) is not gated; inference (2) and
    // the repository (3) are not below.
    let out = scan(
        &f,
        &[
            "--config",
            cfg.to_str().unwrap(),
            "--format",
            "json",
            "--fail-under-bus-factor",
            "2",
        ],
    );
    assert_tripped(
        &out,
        &["area training"],
        &["legacy", "inference", "repository"],
    );
    let report = json(&out.stdout);
    assert_eq!(report["areas"][0]["bus_factor"], 1);
}

#[test]
fn report_is_written_to_output_when_tripped() {
    let f = ownership();
    let dir = f.dir("out");
    for (format, name) in [("json", "report.json"), ("text", "report.txt")] {
        let path = dir.join(name);
        let out = f
            .mlowners()
            .arg("scan")
            .arg(&f.repo)
            .args([
                "--format",
                format,
                "--fail-under-bus-factor",
                "4",
                "--output",
            ])
            .arg(&path)
            .output()
            .unwrap();
        assert_tripped(&out, &["repository"], &[]);
        assert!(out.stdout.is_empty(), "the report goes to --output only");
        let written = fs::read(&path).unwrap_or_else(|e| panic!("{name} not written: {e}"));
        if format == "json" {
            assert_eq!(json(&written)["summary"]["bus_factor"], 3);
        } else {
            let text = String::from_utf8(written).unwrap();
            assert!(text.contains("Bus factor 3"), "{text}");
            assert!(text.contains("AREAS"), "{text}");
        }
    }
}

#[test]
fn text_report_is_printed_when_tripped() {
    let f = ownership();
    let out = scan(&f, &["--fail-under-bus-factor", "3"]);
    assert_tripped(&out, &["area training"], &["repository"]);
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(text.contains("Bus factor 3"), "{text}");
    assert!(text.contains("CONTRIBUTORS"), "the whole report: {text}");
}
