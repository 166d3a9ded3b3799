//! Co-change across the DS/SE boundary on the "coupling" fixture (fixtures/coupling.sh): the
//! planted Python ↔ Scala twin, a history-only pair, ignored 31-file commits, a declared pair,
//! stems that must not match, and `mlowners pr` on a change to one side.
//!
//! Day 0 is 2025-01-06T12:00:00Z; HEAD (the reference time) is day 300. Window 14 days.
//!
//! Planted twin (source `name`: `user_age_bucket` = `UserAgeBucket` once normalised):
//!   ds (Dana) days 0, 30, 60, 100; se (Sam) days 5, 39, 80; the ds side also in the day-150
//!   commit of 31 files, which makes no change set (it would be a fifth ds set) but is a ds
//!   change all the same (the wait open since day 100 stays open).
//!   Change sets: {d0 s5} {d30 s39} {d60} {s80} (80 − 60 = 20 > 14) {d100}:
//!   shared 2, n_d 4, n_s 3, degree 2 / ((4 + 3) / 2) = 0.571.
//!   Waits: 0 → 5, 30 → 39, 60 → 80: 5, 9, 20 days; median 9.0, p90 the ⌈0.9·3⌉ = 3rd: 20.0.
//!   Day 100 comes after the se side's last change (day 80) and 200 days before HEAD (> 14):
//!   pending since day 100 = 2025-04-16T12:00:00Z, 200 days.
//! History pair (source `history`): train_loop.py days 200, 230, 260; Scorer.scala days 202,
//!   232, 261: sets {d200 s202} {d230 s232} {d260 s261}: shared 3 ≥ 3, n 3 and 3, degree 1.0 ≥
//!   0.3. Waits 2, 2, 1 days: median 2.0, p90 2.0. Not pending (Scorer followed on day 261).
//! Declared pair (source `config`, kept below min_shared): metrics_report.py days 20, 110;
//!   Reporting.scala day 115: sets {d20} {d110 s115}: shared 1, n_d 2, n_s 1, degree 0.667.
//!   One wait, from the first ds change (day 20) to day 115: 95.0 days.
//! Not coupled: big_a.py and BigB.scala change only in the 31-file commits (degree 1 if those
//!   counted); ml/utils.py and Utils.scala share a stem on the stop list.
//! Order: pending first, then degree: the twin, the history pair (1.0), the declared one (0.667).

mod common;

use std::fs;

use common::*;
use serde_json::{Value, json};

const CONFIG: &str = r#"
[areas.training]
paths = ["ml/**/*.py"]
side = "ds"

[areas.serving]
paths = ["serving/**/*.scala"]
side = "se"

[roles]
ds = ["dana@ds.example.com"]
se = ["sam@se.example.com"]

[[pairs]]
ds = "ml/eval/metrics_report.py"
se = "serving/**/Reporting.scala"
"#;

const SC: &str = "serving/src/main/scala/com/example";

fn setup(config: &str) -> (Fixture, String) {
    let f = build_script("coupling");
    let cfg = f.dir("cfg").join("c.toml");
    fs::write(&cfg, config).unwrap();
    (f, cfg.to_str().unwrap().to_owned())
}

fn pairs(r: &Value) -> Vec<(String, String, String)> {
    r["couplings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["ds_path"].as_str().unwrap().to_owned(),
                c["se_path"].as_str().unwrap().to_owned(),
                c["source"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn the_planted_twin_the_history_pair_and_the_declared_pair_worked_out_by_hand() {
    let (f, cfg) = setup(CONFIG);
    let (r, _) = f.scan_json(&["--no-cache", "--config", &cfg]);
    assert_eq!(
        pairs(&r),
        vec![
            (
                "ml/features/user_age_bucket.py".into(),
                format!("{SC}/features/UserAgeBucket.scala"),
                "name".into()
            ),
            (
                "ml/training/train_loop.py".into(),
                format!("{SC}/Scorer.scala"),
                "history".into()
            ),
            (
                "ml/eval/metrics_report.py".into(),
                format!("{SC}/Reporting.scala"),
                "config".into()
            ),
        ],
        "no BigB.scala (31-file commits only), no Utils.scala (stop list)"
    );
    let c = &r["couplings"];
    let strip = |v: &Value| {
        let mut v = v.clone();
        for k in ["ds_path", "se_path", "source"] {
            v.as_object_mut().unwrap().remove(k);
        }
        v
    };
    // roles count every change, the day-150 one too: Dana's 5, Sam's 3
    assert_eq!(
        strip(&c[0]),
        json!({
            "shared": 2, "ds_change_sets": 4, "se_change_sets": 3, "degree": 0.571,
            "ds_roles": {"ds": 5}, "se_roles": {"se": 3}, "ports": 3,
            "port_lag_days": {"median": 9.0, "p90": 20.0},
            "pending_since": "2025-04-16T12:00:00Z", "pending_days": 200
        })
    );
    assert_eq!(
        strip(&c[1]),
        json!({
            "shared": 3, "ds_change_sets": 3, "se_change_sets": 3, "degree": 1.0,
            "ds_roles": {"ds": 3}, "se_roles": {"se": 3}, "ports": 3,
            "port_lag_days": {"median": 2.0, "p90": 2.0},
            "pending_since": null, "pending_days": null
        })
    );
    assert_eq!(
        strip(&c[2]),
        json!({
            "shared": 1, "ds_change_sets": 2, "se_change_sets": 1, "degree": 0.667,
            "ds_roles": {"ds": 2}, "se_roles": {"se": 1}, "ports": 1,
            "port_lag_days": {"median": 95.0, "p90": 95.0},
            "pending_since": null, "pending_days": null
        })
    );
    assert_eq!(
        r["settings"]["coupling"],
        json!({"window_days": 14, "min_shared": 3, "min_degree": 0.3})
    );
}

#[test]
fn thresholds_and_window_come_from_the_config() {
    // min_shared 4: the history pair (3 shared) goes; name and config pairs stay.
    let (f, cfg) = setup(&format!("{CONFIG}\n[coupling]\nmin_shared = 4\n"));
    let (r, _) = f.scan_json(&["--no-cache", "--config", &cfg]);
    let sources: Vec<String> = pairs(&r).into_iter().map(|p| p.2).collect();
    assert_eq!(sources, ["name", "config"]);
    // window 0: a change set is one commit. The twin shares none (0 of 4 and 3); the history
    // pair's changes are days apart, so it shares none either and is gone.
    let cfg0 = f.dir("cfg0").join("c.toml");
    fs::write(&cfg0, format!("{CONFIG}\n[coupling]\nwindow_days = 0\n")).unwrap();
    let (r, _) = f.scan_json(&["--no-cache", "--config", cfg0.to_str().unwrap()]);
    let c = &r["couplings"][0];
    assert_eq!((&c["shared"], &c["degree"]), (&json!(0), &json!(0.0)));
    assert_eq!(c["port_lag_days"], json!({"median": 9.0, "p90": 20.0}));
    assert_eq!(pairs(&r).len(), 2);
}

#[test]
fn a_bad_coupling_value_names_file_line_and_key() {
    let (f, cfg) = setup(&format!("{CONFIG}\n[coupling]\nmin_degree = 1.5\n"));
    let out = f
        .mlowners()
        .args(["scan", f.repo.to_str().unwrap(), "--config", &cfg])
        .output()
        .unwrap();
    let msg = assert_bad_input(&out, &["coupling.min_degree"]);
    assert!(msg.contains("c.toml:19:"), "{msg}");
}

#[test]
fn text_markdown_and_html_put_the_pending_port_first() {
    let (f, cfg) = setup(CONFIG);
    let repo = f.repo.to_str().unwrap();
    let text = f.run_stdout(["scan", repo, "--no-cache", "--config", &cfg]);
    let section = text
        .split("CO-CHANGE ACROSS THE BOUNDARY")
        .nth(1)
        .expect("a coupling section");
    assert!(
        section.contains("ds changed 2025-04-16, not ported for 200 days"),
        "{section}"
    );
    let pending = section.find("not ported").unwrap();
    assert!(pending < section.find("train_loop.py").unwrap());
    let md = f.run_stdout([
        "scan",
        repo,
        "--no-cache",
        "--config",
        &cfg,
        "--format",
        "markdown",
    ]);
    assert!(md.contains("### Co-change across the boundary"), "{md}");
    // tables say it in the cell after the pair
    assert!(md.contains("**200 days, since 2025-04-16**"), "{md}");
    assert!(md.contains("**1 pending port**"));
    let html = f.run_stdout([
        "scan",
        repo,
        "--no-cache",
        "--config",
        &cfg,
        "--format",
        "html",
    ]);
    assert!(html.contains("<section id=\"couplings\">"));
    assert!(html.contains("<strong>200 days, since 2025-04-16</strong>"));
}

#[test]
fn a_pull_request_changing_one_side_of_a_coupled_pair_says_so() {
    let (f, cfg) = setup(CONFIG);
    let repo = f.repo.to_str().unwrap();
    let pr = |head: &str, format: &str| {
        f.run_stdout([
            "pr",
            repo,
            "--no-cache",
            "--config",
            &cfg,
            "--base",
            "main",
            "--head",
            head,
            "--format",
            format,
        ])
    };
    let r = pr_report(pr("pr-one-side", "json").as_bytes());
    assert_eq!(
        r["one_sided_couplings"],
        json!([{
            "changed": "ml/training/train_loop.py", "side": "ds",
            "partner": format!("{SC}/Scorer.scala"), "source": "history",
            "shared": 3, "degree": 1.0
        }])
    );
    assert!(
        r["verdict"]
            .as_str()
            .unwrap()
            .contains("changes one side of 1 coupled DS/SE pair without the other"),
        "{}",
        r["verdict"]
    );
    let md = pr("pr-one-side", "markdown");
    assert!(
        md.contains("`ml/training/train_loop.py` changes without its coupled se partner"),
        "{md}"
    );
    assert!(pr("pr-one-side", "text").contains("coupled: ml/training/train_loop.py (ds)"));
    // both sides changed: nothing to say about the pair
    let r = pr_report(pr("pr-both", "json").as_bytes());
    assert_eq!(r["one_sided_couplings"], json!([]));
}
