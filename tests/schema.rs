//! The JSON Schemas of the outputs (`schema/*.json`): current with the report types, printed by
//! `mlowners schema`, valid 2020-12 schemas that reject what the renderers never write, and named
//! field by field in the README's tables (both ways). Every other test's JSON output is validated
//! against them by the helpers in `tests/common/schema.rs`.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use mlowners::report::schema::{self, Output};
use mlowners::report::timeline::{self, Scope, TimelineRow};
use serde_json::{Value, json};

use common::*;

#[test]
fn committed_schemas_are_current() {
    let stale: Vec<String> = Output::ALL
        .into_iter()
        .filter(|&o| {
            let path = format!("{}/schema/{}.json", env!("CARGO_MANIFEST_DIR"), o.name());
            std::fs::read_to_string(path).ok() != Some(schema::text(o))
        })
        .map(|o| format!("cargo run -- schema {0} > schema/{0}.json", o.name()))
        .collect();
    assert!(
        stale.is_empty(),
        "the committed schemas differ from the report types; regenerate them with:\n{}",
        stale.join("\n")
    );
}

#[test]
fn the_schema_command_prints_the_committed_schemas() {
    let home = tempfile::tempdir().unwrap();
    for o in Output::ALL {
        let out = hermetic(env!("CARGO_BIN_EXE_mlowners"), home.path())
            .args(["schema", o.name()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{o:?}");
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            schema::text(o),
            "{o:?}"
        );
        assert!(out.stderr.is_empty());
    }
}

#[test]
fn an_unknown_output_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    for (args, says) in [
        (
            &["schema", "identities"][..],
            "[possible values: scan, pr, timeline]",
        ),
        (&["schema"], "Usage: mlowners schema <OUTPUT>"),
    ] {
        let out = hermetic(env!("CARGO_BIN_EXE_mlowners"), home.path())
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{stderr}");
    }
}

#[test]
fn the_schemas_are_valid_draft_2020_12_schemas() {
    for o in Output::ALL {
        let s = committed_schema(o.name());
        assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
        if let Err(e) = jsonschema::meta::validate(&s) {
            panic!("schema/{}.json: {e}", o.name());
        }
    }
}

/// The validation the other tests rely on is not vacuous: each `$ref` resolves and constrains.
#[test]
fn the_scan_schema_rejects_what_the_report_never_writes() {
    let f = ownership();
    let cfg = f.dir("cfg").join("c.toml");
    std::fs::write(&cfg, OWNERSHIP_CONFIG).unwrap();
    let (report, _) = f.scan_json(&["--config", cfg.to_str().unwrap()]);
    assert!(is_valid(Kind::Scan, &report));
    type Change = fn(&mut Value);
    let broken: [(&str, Change); 7] = [
        ("a missing field", |r| {
            r["summary"].as_object_mut().unwrap().remove("bus_factor");
        }),
        ("a string for a count", |r| {
            r["files"][0]["lines"] = json!("12")
        }),
        ("a negative count", |r| r["areas"][0]["files"] = json!(-1)),
        ("null where there is always a value", |r| {
            r["contributors"][0]["id"] = Value::Null
        }),
        ("an unknown join rule", |r| {
            r["contributors"][0]["joins"] = json!([{"email": "a", "with": "b", "why": "guess"}])
        }),
        ("another schema version", |r| r["schema_version"] = json!(2)),
        ("a share that is no number", |r| {
            r["areas"][0]["role_shares"] = json!({"ds": "half"})
        }),
    ];
    for (what, change) in broken {
        let mut r = report.clone();
        change(&mut r);
        assert!(!is_valid(Kind::Scan, &r), "{what} was accepted");
    }
}

#[test]
fn the_pr_schema_rejects_an_unknown_status() {
    let f = ownership();
    f.git(&["checkout", "-q", "-b", "feature"]);
    std::fs::write(f.repo.join("ml").join("new_model.py"), "x = 1\n").unwrap();
    f.git(&["add", "-A"]);
    f.git(&[
        "-c",
        "user.name=Ana",
        "-c",
        "user.email=ana@ds.example.com",
        "commit",
        "-q",
        "-m",
        "new model",
    ]);
    let repo = f.repo.to_str().unwrap();
    let (report, _) = f.run_json(&["pr", repo, "--base", "HEAD~1", "--format", "json"]);
    assert_eq!(report["files"][0]["status"], "added");
    let mut r = report.clone();
    r["files"][0]["status"] = json!("copied");
    assert!(!is_valid(Kind::Pr, &r));
}

/// Timeline rows as the renderers write them (counts as integers, shares as fractions, no value
/// as null) match the schema, as a JSON array and as JSON Lines; other scopes do not.
#[test]
fn timeline_rows_match_their_schema() {
    let rows = [
        TimelineRow::new(
            ("2026-01-01", "2026-01-31"),
            "abc",
            (Scope::Repository, "repository"),
            "files",
            Some(3.0),
        ),
        TimelineRow::new(
            ("2026-01-01", "2026-01-31"),
            "abc",
            (Scope::Area, "training"),
            "orphaned_share",
            Some(0.25),
        ),
        TimelineRow::new(
            ("2026-01-01", "2026-01-31"),
            "abc",
            (Scope::Side, "ds"),
            "bus_factor",
            None,
        ),
    ];
    let array = timeline_json(timeline::json(&rows).as_bytes());
    assert_eq!(array[0]["value"], json!(3));
    let lines = timeline_jsonl(timeline::jsonl(&rows).as_bytes());
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[2]["value"], Value::Null);
    let mut bad = lines[0].clone();
    bad["scope"] = json!("team");
    assert!(!is_valid(Kind::TimelineRow, &bad));
    assert!(!is_valid(Kind::Timeline, &json!([bad])));
    assert!(!is_valid(Kind::Timeline, &lines[0]), "a row is no array");
}

#[test]
fn the_readme_scan_table_names_every_field_of_the_scan_schema() {
    check_table("scan", "## JSON report (`--format json`, schema_version 1)");
}

#[test]
fn the_readme_pr_table_names_every_field_of_the_pr_schema() {
    check_table("pr", "The pull request report (`pr --format json`");
}

// ---------------------------------------------------------------------------------------------
// The README's field tables against a schema
// ---------------------------------------------------------------------------------------------

/// A property of the schema: its path from the root (`contributors[].joins[].why`), the type
/// that declares it (`Join`; `` for the root) and its name.
struct Field {
    path: String,
    owner: String,
    name: String,
}

/// Every property reachable from the root, through `$ref`, array items and `anyOf`.
fn fields(schema: &Value) -> (Vec<Field>, BTreeSet<String>) {
    fn walk(
        root: &Value,
        node: &Value,
        path: &str,
        owner: &str,
        out: &mut Vec<Field>,
        nodes: &mut BTreeSet<String>,
    ) {
        if let Some(r) = node["$ref"].as_str() {
            let name = r.strip_prefix("#/$defs/").expect("local references only");
            return walk(root, &root["$defs"][name], path, name, out, nodes);
        }
        for v in node["anyOf"].as_array().into_iter().flatten() {
            walk(root, v, path, owner, out, nodes);
        }
        if node.get("items").is_some() {
            let p = format!("{path}[]");
            nodes.insert(p.clone());
            walk(root, &node["items"], &p, owner, out, nodes);
        }
        for (name, sub) in node["properties"].as_object().into_iter().flatten() {
            let p = if path.is_empty() {
                name.clone()
            } else {
                format!("{path}.{name}")
            };
            nodes.insert(p.clone());
            out.push(Field {
                path: p.clone(),
                owner: owner.to_owned(),
                name: name.clone(),
            });
            walk(root, sub, &p, owner, out, nodes);
        }
    }
    let (mut out, mut nodes) = (Vec::new(), BTreeSet::new());
    walk(schema, schema, "", "", &mut out, &mut nodes);
    (out, nodes)
}

/// The text between backticks.
fn code_spans(cell: &str) -> Vec<&str> {
    cell.split('`').skip(1).step_by(2).collect()
}

/// The rows of the first `| field | meaning |` table after `marker`: the field paths the first
/// cell names (`.lines` after `summary.files` is `summary.lines`), and the meaning.
fn table(readme: &str, marker: &str) -> Vec<(Vec<String>, String)> {
    let start = readme
        .find(marker)
        .unwrap_or_else(|| panic!("README has no {marker:?}"));
    let lines = readme[start..]
        .lines()
        .skip_while(|l| !l.starts_with("| field | meaning |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'));
    lines
        .map(|line| {
            let cells = line.trim().trim_matches('|');
            let (first, meaning) = cells.split_once('|').expect("two cells");
            let mut names: Vec<String> = Vec::new();
            for span in code_spans(first) {
                let name = match span.strip_prefix('.') {
                    Some(rest) => {
                        let prev = names.last().expect("a relative name follows a full one");
                        let parent = prev.rsplit_once('.').map_or("", |p| p.0);
                        format!("{parent}.{rest}")
                    }
                    None => span.to_owned(),
                };
                names.push(name);
            }
            (names, meaning.to_owned())
        })
        .collect()
}

/// Every field the table names is in the schema, and every property of the schema is named:
/// by its path in a first cell, as the parent of a path named there, or by its name in the
/// meaning of a row naming one of its ancestors. A type used at several places (the departed
/// and the sole owners) needs its fields named at one of them.
fn check_table(schema_name: &str, marker: &str) {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let rows = table(&readme, marker);
    assert!(rows.len() > 5, "no table after {marker:?}");
    let (fields, nodes) = fields(&committed_schema(schema_name));
    let named: BTreeSet<&str> = rows
        .iter()
        .flat_map(|(n, _)| n.iter().map(String::as_str))
        .collect();

    let unknown: Vec<&str> = named
        .iter()
        .copied()
        .filter(|n| !nodes.contains(*n))
        .collect();

    let is_named = |path: &str, name: &str| {
        let under = |ancestor: &str, p: &str| {
            p.strip_prefix(ancestor)
                .is_some_and(|rest| rest.starts_with('.') || rest.starts_with("[]"))
        };
        named.contains(path)
            || named.iter().any(|n| under(path, n))
            || rows.iter().any(|(names, meaning)| {
                names.iter().any(|n| under(n, path)) && code_spans(meaning).contains(&name)
            })
    };
    let mut by_type: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for f in &fields {
        by_type
            .entry((&f.owner, &f.name))
            .or_default()
            .push(&f.path);
    }
    let unnamed: Vec<String> = by_type
        .iter()
        .filter(|((_, name), paths)| !paths.iter().any(|p| is_named(p, name)))
        .map(|((owner, _), paths)| format!("{} ({owner})", paths.join(", ")))
        .collect();
    assert!(
        unknown.is_empty() && unnamed.is_empty(),
        "README's table after {marker:?} and schema/{schema_name}.json disagree\n\
         named in the README but not in the schema: {unknown:?}\n\
         in the schema but named nowhere in the table: {unnamed:#?}"
    );
}
