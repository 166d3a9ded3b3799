//! `scan --format markdown` on a real repository: the marker, the verdict, numbers that are the
//! JSON report's numbers for the same run, and the whole document pinned as a snapshot
//! (`cargo insta review` after an intended change).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

fn config(f: &Fixture) -> PathBuf {
    let config = f.dir("cfg").join("ownership.toml");
    std::fs::write(&config, OWNERSHIP_CONFIG).unwrap();
    config
}

/// `mlowners scan REPO --config CONFIG --format markdown ARGS`, asserting success.
fn markdown(f: &Fixture, config: &Path, args: &[&str]) -> String {
    let mut all = vec![os("scan"), os("--format"), os("markdown"), os("--config")];
    all.extend([config.as_os_str(), f.repo.as_os_str()]);
    all.extend(args.iter().map(|a| os(a)));
    f.run_stdout(all)
}

/// The cells of a table row: split at each `|` that no backslash escapes (GFM's rule), trimmed.
fn cells(line: &str) -> Vec<String> {
    let inner = line
        .trim()
        .strip_prefix('|')
        .unwrap()
        .strip_suffix('|')
        .unwrap();
    let mut cells = vec![String::new()];
    let mut escaped = false;
    for c in inner.chars() {
        if c == '|' && !escaped {
            cells.push(String::new());
        } else if c == '|' {
            cells.last_mut().unwrap().pop();
            cells.last_mut().unwrap().push(c);
        } else {
            cells.last_mut().unwrap().push(c);
        }
        escaped = c == '\\';
    }
    cells.iter().map(|c| c.trim().to_string()).collect()
}

/// The rows (after the header and the delimiter row) of each table whose header starts with
/// `| first |`.
fn tables(md: &str, first: &str) -> Vec<Vec<Vec<String>>> {
    let head = format!("| {first} |");
    let lines: Vec<&str> = md.lines().collect();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if l.starts_with(&head) {
            out.push(
                lines[i + 2..]
                    .iter()
                    .take_while(|l| l.starts_with('|'))
                    .map(|l| cells(l))
                    .collect(),
            );
        }
    }
    assert!(!out.is_empty(), "no table {first:?} in:\n{md}");
    out
}

fn table(md: &str, first: &str) -> Vec<Vec<String>> {
    tables(md, first).swap_remove(0)
}

fn n(v: &Value) -> String {
    let n = v.as_u64().unwrap_or_else(|| panic!("not a count: {v}"));
    // the fixture's numbers stay below 1,000: no separators to add
    assert!(n < 1000);
    n.to_string()
}

fn pct(v: &Value) -> String {
    format!("{:.0}%", v.as_f64().unwrap() * 100.0)
}

/// How the Markdown names contributor `id`: by name where no other contributor has it (the
/// fixture's names have no character to escape), else by id, its `@` followed by an empty comment.
fn person(report: &Value, id: &Value) -> String {
    let name = contributor(report, id.as_str().unwrap())["name"]
        .as_str()
        .unwrap();
    let same = contributors(report)
        .iter()
        .filter(|c| c["name"] == name)
        .count();
    if same == 1 {
        name.to_string()
    } else {
        id.as_str().unwrap().replace('@', "@<!-- -->")
    }
}

#[test]
fn marker_verdict_and_numbers_are_the_json_reports() {
    let f = ownership();
    let config = config(&f);
    let md = markdown(&f, &config, &[]);
    let (json, _) = f.scan_json(&["--config", config.to_str().unwrap()]);
    let s = &json["summary"];
    let b = &json["boundary"];

    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines[0], "<!-- mlowners -->");
    let verdict = lines[1];
    let key: Vec<String> = s["key_people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let inactive = s["inactive_key_people"].as_array().unwrap().contains(p);
            let who = person(&json, p);
            format!("{who}{}", if inactive { " (inactive)" } else { "" })
        })
        .collect();
    let crossers = b["crossers"].as_array().unwrap().len();
    assert_eq!(
        verdict,
        format!(
            "🟢 **Bus factor {}**: {} · **{}** of area files orphaned and unmaintained · **{}** DS/SE crossings by {} {}",
            n(&s["bus_factor"]),
            key.join(", "),
            pct(&s["area_orphaned_unmaintained_share"]),
            n(&b["crossings"]),
            crossers,
            if crossers == 1 { "person" } else { "people" },
        )
    );

    let summary: BTreeMap<String, String> = table(&md, "Summary")
        .into_iter()
        .map(|row| (row[0].clone(), row[1].clone()))
        .collect();
    assert_eq!(
        summary["Files"],
        format!(
            "{} ({} lines), {} in areas",
            n(&s["files"]),
            n(&s["lines"]),
            n(&s["area_files"])
        )
    );
    assert_eq!(
        summary["Orphaned"],
        format!(
            "{} of area files; {} files in all, {} of them maintained",
            pct(&s["area_orphaned_share"]),
            n(&s["orphaned_files"]),
            n(&s["maintained_files"])
        )
    );
    assert_eq!(
        summary["Untouched for 365 days"],
        format!(
            "{} of area files; {} files in all",
            pct(&s["area_untouched_share"]),
            n(&s["untouched_files"])
        )
    );
    assert_eq!(
        summary["Contributors"],
        format!(
            "{}, {} active in the last 180 days",
            n(&s["contributors"]),
            n(&s["active_contributors"])
        )
    );

    // one row per area, in config order, with the area's numbers
    let rows = table(&md, "Area");
    let json_areas = areas(&json);
    assert_eq!(rows.len(), json_areas.len());
    for (row, a) in rows.iter().zip(json_areas) {
        let orphaned = a["orphaned_files"].as_u64().unwrap();
        let maintained = a["maintained_files"].as_u64().unwrap();
        let want = [
            format!("**{}**", a["name"].as_str().unwrap()),
            a["side"].as_str().unwrap_or("\\-").to_string(),
            n(&a["files"]),
            a["bus_factor"]
                .as_u64()
                .map_or("\\-".into(), |b| b.to_string()),
        ];
        assert_eq!(row[..4], want, "area {}", a["name"]);
        assert_eq!(row[5], (orphaned - maintained).to_string());
        assert_eq!(row[6], n(&a["orphaned_files"]));
        assert_eq!(row[7], n(&a["untouched_files"]));
    }

    // the orphaned and unmaintained files are the JSON's: those in areas first, largest first
    let mut want: Vec<(bool, u64, String)> = files(&json)
        .iter()
        .filter(|f| f["orphaned"] == true && f["maintained_by"].as_array().unwrap().is_empty())
        .map(|f| {
            let lines = f["lines"].as_u64().unwrap();
            (
                f["area"].is_null(),
                lines,
                f["path"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    want.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    let got: Vec<(bool, u64, String)> = table(&md, "File")
        .iter()
        .map(|r| {
            (
                r[1] == "\\-",
                r[2].parse().unwrap(),
                r[0].trim_matches('`').to_string(),
            )
        })
        .collect();
    assert_eq!(got, want);

    // areas' changes and crossings are the JSON's
    let by_role = &tables(&md, "Area")[1];
    assert_eq!(by_role.len(), json_areas.len(), "every area has changes");
    for row in by_role {
        let a = area(&json, row[0].trim_matches('*'));
        assert_eq!(row[2], n(&a["changes"]));
        assert_eq!(row[4], n(&a["crossings"]));
    }

    // every contributor in one role row; crossings add up to the boundary's
    let roles = table(&md, "Role");
    let people: u64 = roles.iter().map(|r| r[1].parse::<u64>().unwrap()).sum();
    let crossings: u64 = roles
        .iter()
        .map(|r| r.last().unwrap().parse::<u64>().unwrap())
        .sum();
    assert_eq!(people, s["contributors"].as_u64().unwrap());
    assert_eq!(crossings, b["crossings"].as_u64().unwrap());
}

#[test]
fn ownership_fixture_markdown_report() {
    let f = ownership();
    let config = config(&f);
    let md = markdown(&f, &config, &[]);
    // the config's temporary path is the one line that differs between runs
    let md = md.replace(config.to_str().unwrap(), "<config>");
    insta::assert_snapshot!(md);
}

#[test]
fn all_shows_every_row_and_stays_under_the_budget() {
    let f = ownership();
    let config = config(&f);
    let md = markdown(&f, &config, &["--all"]);
    assert!(md.chars().count() < 60_000);
    assert!(!md.contains("--all"), "no hint to --all when it is given");
    assert!(!md.contains("more |"));
}
