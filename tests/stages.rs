//! Team shape (people × ML-flow stage) on the "stages" fixture (fixtures/stages.sh), with the
//! presets and with a `[stages]` override; every number worked out by hand below.

mod common;

use common::*;
use serde_json::{Value, json};

const ANA: &str = "ana@ds.example.com";
const BEN: &str = "ben@ds.example.com";
const EVE: &str = "eve@ds.example.com";
const GIL: &str = "gil@example.com";
const SAM: &str = "sam@platform.example.com";

fn stage<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["team_shape"]["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no stage {name}"))
}

fn write_config(f: &Fixture, text: &str) -> String {
    let cfg = f.dir("cfg").join("mlowners.toml");
    std::fs::write(&cfg, text).unwrap();
    cfg.to_str().unwrap().to_owned()
}

#[test]
fn presets_give_specialists_a_generalist_and_stages_held_by_one_person() {
    let f = build_script("stages");
    let (r, _) = f.scan_json(&[]);
    let t = &r["team_shape"];
    assert_eq!(t["source"], "presets");
    let names: Vec<&str> = t["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "investigation",
            "modelling",
            "offline-validation",
            "product-implementation",
            "ab-test",
            "evaluation"
        ]
    );
    // Changes per person and stage (README.md in c01 is in no stage):
    //   Ana  analysis/ c01 c07 c10                    investigation 3
    //   Ben  models/gbm.py + train.py c02, gbm c03    modelling 3
    //   Gil  c04: analysis/, models/, eval/; c06 serving/   1 + 1 + 1 + 1
    //   Sam  serving/ c05 c09                         product-implementation 2
    //   Eve  experiments/ c08                         ab-test 1
    let row = |inv: u64, model: u64, valid: u64, prod: u64, ab: u64| {
        json!({
            "investigation": inv, "modelling": model, "offline-validation": valid,
            "product-implementation": prod, "ab-test": ab, "evaluation": 0
        })
    };
    assert_eq!(
        t["matrix"],
        json!({
            ANA: row(3, 0, 0, 0, 0),
            BEN: row(0, 3, 0, 0, 0),
            EVE: row(0, 0, 0, 0, 1),
            GIL: row(1, 1, 1, 1, 0),
            SAM: row(0, 0, 0, 2, 0),
        })
    );
    assert_eq!(contributor(&r, GIL)["stages"], row(1, 1, 1, 1, 0));
    // Gil: 4 even stages of 6: 1 - ln 4 / ln 6 = 1 - 1.386294 / 1.791759 = 0.226; the others 1
    assert_eq!(contributor(&r, GIL)["specialisation"], 0.226);
    for id in [ANA, BEN, EVE, SAM] {
        assert_eq!(contributor(&r, id)["specialisation"], 1.0, "{id}");
    }
    assert_eq!(t["generalists"], json!([GIL]));
    assert_eq!(t["specialists"], json!([ANA, BEN, EVE, SAM]));
    // (4 × 1 + 0.226294) / 5 = 0.845; Ben left (last change 2024-06-15, HEAD 2025-06-01):
    // (3 × 1 + 0.226294) / 4 = 0.807
    assert_eq!(t["mean_specialisation"], 0.845);
    assert_eq!(t["active_mean_specialisation"], 0.807);
    // per stage: (files at HEAD, changes, people, active people)
    for (name, files, changes, people, active) in [
        ("investigation", 2, 4, 2, 2), // churn.py, segments.py; Ana 3 + Gil 1
        ("modelling", 2, 4, 2, 1),     // gbm.py, train.py; Ben 3 + Gil 1; Ben inactive
        ("offline-validation", 1, 1, 1, 1), // eval/metrics.py: Gil alone
        ("product-implementation", 1, 3, 2, 2),
        ("ab-test", 1, 1, 1, 1), // experiments/price.yaml: Eve alone
        ("evaluation", 0, 0, 0, 0),
    ] {
        let s = stage(&r, name);
        assert_eq!(s["files"], files, "{name} files");
        assert_eq!(s["changes"], changes, "{name} changes");
        assert_eq!(s["people"], people, "{name} people");
        assert_eq!(s["active_people"], active, "{name} active people");
    }
    // a stage held by one person has bus factor 1
    assert_eq!(stage(&r, "offline-validation")["bus_factor"], 1);
    assert_eq!(stage(&r, "offline-validation")["key_people"], json!([GIL]));
    assert_eq!(stage(&r, "ab-test")["bus_factor"], 1);
    assert_eq!(stage(&r, "ab-test")["key_people"], json!([EVE]));
    assert_eq!(stage(&r, "evaluation")["bus_factor"], Value::Null);
}

#[test]
fn the_text_report_shows_the_matrix_and_who_holds_a_stage_alone() {
    let f = build_script("stages");
    let text = f.run_stdout(["scan", f.repo.to_str().unwrap()]);
    let section: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("TEAM SHAPE"))
        .take_while(|l| !l.is_empty())
        .collect();
    let section = section.join("\n");
    assert!(
        section.contains("invest   model   valid    prod      ab    eval   spec"),
        "{section}"
    );
    // active first, by staged changes: Ana 3, Gil 4 -> Gil, Ana, Sam, Eve; then Ben
    let order: Vec<usize> = [GIL, ANA, SAM, EVE, BEN]
        .iter()
        .map(|id| {
            section
                .find(&format!("  {id}"))
                .unwrap_or_else(|| panic!("{id}\n{section}"))
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{section}");
    assert!(section.contains("  gil@example.com              *       4     25%     25%     25%     25%       ·       ·   0.23"), "{section}");
    assert!(
        section.contains("offline-validation: only gil@example.com\n"),
        "{section}"
    );
    assert!(
        section.contains("ab-test: only eve@ds.example.com\n"),
        "{section}"
    );
    assert!(
        section.contains("modelling: only gil@example.com is active (of 2)"),
        "{section}"
    );
    assert!(section.contains("no changes: evaluation"), "{section}");
    assert!(
        section.contains("generalists (3+ stages) 1, specialists (1 stage) 4"),
        "{section}"
    );
}

#[test]
fn configured_stages_replace_the_presets() {
    let f = build_script("stages");
    let cfg = write_config(
        &f,
        "[stages]\nresearch = [\"analysis/**\"]\nserving = [\"serving/**\", \"**/*.scala\"]\nempty = []\n",
    );
    let (r, _) = f.scan_json(&["--config", &cfg]);
    let t = &r["team_shape"];
    assert_eq!(t["source"], "config");
    let names: Vec<&str> = t["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["research", "serving", "empty"]);
    // models/, eval/, experiments/ are in no configured stage: Ben and Eve have no staged change
    let row =
        |research: u64, serving: u64| json!({"research": research, "serving": serving, "empty": 0});
    assert_eq!(
        t["matrix"],
        json!({ ANA: row(3, 0), GIL: row(1, 1), SAM: row(0, 2) })
    );
    // K = 3 (the empty stage counts): Gil 1 - ln 2 / ln 3 = 1 - 0.630930 = 0.369
    assert_eq!(contributor(&r, GIL)["specialisation"], 0.369);
    assert_eq!(contributor(&r, BEN)["specialisation"], Value::Null);
    assert_eq!(t["generalists"], json!([]));
    assert_eq!(t["specialists"], json!([ANA, SAM]));
    // (1 + 0.369070 + 1) / 3 = 0.790
    assert_eq!(t["mean_specialisation"], 0.79);
    assert_eq!(stage(&r, "empty")["bus_factor"], Value::Null);
    assert_eq!(stage(&r, "empty")["files"], 0);
}

#[test]
fn a_bad_stage_glob_names_the_file_line_and_key() {
    let f = build_script("stages");
    let cfg = write_config(&f, "[stages]\nmodelling = [\"models/**\",\n  \"ab/[x\"]\n");
    let out = f
        .mlowners()
        .args(["scan", f.repo.to_str().unwrap(), "--config", &cfg])
        .output()
        .unwrap();
    assert_bad_input(&out, &["mlowners.toml:3:3", "stages.modelling", "bad glob"]);
}

#[test]
fn the_timeline_follows_the_team_mean() {
    let f = build_script("stages");
    let (rows, _) = f.run_json(&[
        "timeline",
        f.repo.to_str().unwrap(),
        "--from",
        "2025-01-01",
        "--to",
        "2025-06-30",
        "--format",
        "json",
    ]);
    let series: Vec<(String, Value)> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["metric"] == "specialisation")
        .map(|r| {
            (
                r["period_end"].as_str().unwrap().to_owned(),
                r["value"].clone(),
            )
        })
        .collect();
    // January: Ana [1], Ben [3]: both 1. February: Gil [1,1,1,0..] = 1 - ln 3 / ln 6 = 0.386853,
    // mean (2 + 0.386853) / 3 = 0.796. April on: Gil's four stages, 0.226294; May adds Eve.
    assert_eq!(series[0], ("2025-01-31".into(), json!(1)));
    assert_eq!(series[1], ("2025-02-28".into(), json!(0.796)));
    assert_eq!(series[5], ("2025-06-30".into(), json!(0.845)));
}
