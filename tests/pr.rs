//! `mlowners pr`: a pull request judged against the history up to its merge-base, on the
//! hand-worked ownership fixture (HEAD 2025-06-01; active = a change since 2024-12-03).

mod common;

use std::fs;

use common::*;
use serde_json::Value;

const DANA: &str = "Dana Park <dana@ds.example.com>";
const ELI: &str = "Eli Moss <eli@ds.example.com>";

fn setup() -> (Fixture, String) {
    let f = ownership();
    let cfg = f.dir("cfg").join("c.toml");
    fs::write(&cfg, OWNERSHIP_CONFIG).unwrap();
    (f, cfg.to_str().unwrap().to_owned())
}

fn append(f: &Fixture, path: &str, line: &str) {
    let p = f.repo.join(path);
    let mut text = fs::read_to_string(&p).unwrap();
    text.push_str(line);
    fs::write(p, text).unwrap();
}

fn pr(f: &Fixture, cfg: &str, args: &[&str]) -> Value {
    let repo = f.repo.to_str().unwrap();
    let mut all = vec![
        "pr",
        repo,
        "--no-cache",
        "--format",
        "json",
        "--config",
        cfg,
    ];
    all.extend_from_slice(args);
    f.run_json(&all).0
}

fn pr_file<'a>(r: &'a Value, path: &str) -> &'a Value {
    r["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("{path} not in {}", r["files"]))
}

fn ids_of(v: &Value, key: &str) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x[key].as_str().unwrap().to_owned())
        .collect()
}

/// A data scientist edits serving code: two crossings, the inference bus factor as a scan of
/// each side says it, Max and Sam (Routes.scala's authors) to review, Tara (Metrics.scala's
/// only author, inactive) as knowledge at risk, never a reviewer.
#[test]
fn a_ds_author_editing_serving_code_crosses_and_gets_its_authors_as_reviewers() {
    let (f, cfg) = setup();
    f.git(&["checkout", "-q", "-b", "feature"]);
    append(&f, "serving/Routes.scala", "// shadow route\n");
    append(&f, "serving/Metrics.scala", "// p99\n");
    f.commit_all(DANA, "2025-06-05T10:00:00+00:00", "serve the new features");
    let r = pr(&f, &cfg, &["--base", "main", "--head", "feature"]);

    assert_eq!(ids_of(&r["authors"], "id"), ["dana@ds.example.com"]);
    assert_eq!(r["authors"][0]["role"], "ds");
    let crossed: Vec<String> = ids_of(&r["crossings"], "path");
    assert_eq!(crossed, ["serving/Metrics.scala", "serving/Routes.scala"]);
    assert!(
        r["crossings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["side"] == "se")
    );
    // Routes.scala: Sam created it, Max delivered once (DOA 4.169 and 3.457, 83 %).
    let routes = pr_file(&r, "serving/Routes.scala");
    assert_eq!(
        ids_of(&routes["authors_before"], "id"),
        ["sam@platform.example.com", "max@example.com"]
    );
    let metrics = pr_file(&r, "serving/Metrics.scala");
    assert_eq!(metrics["orphaned"], true);
    assert_eq!(
        metrics["authors_before"],
        serde_json::json!([{"id": "tara@platform.example.com", "active": false}])
    );
    // Score: DOA / best DOA × the file's share of the changed lines × (½ + ½·½^(days since
    // their last change to it / 180)). Max: 0.829 × ½ × (½ + ½·½^(107/180)) = 0.345; Sam, who
    // created it 503 days ago: 1 × ½ × (½ + ½·½^(503/180)) = 0.286.
    assert_eq!(
        ids_of(&r["reviewers"], "id"),
        ["max@example.com", "sam@platform.example.com"]
    );
    assert_eq!(r["reviewers"][1]["score"], 0.286);
    assert_eq!(r["reviewers"][0]["score"], 0.345);
    assert!(
        r["reviewers"][0]["reason"]
            .as_str()
            .unwrap()
            .starts_with("authors 1 of the 2 changed files")
    );
    assert_eq!(
        ids_of(&r["knowledge_at_risk"], "id"),
        ["tara@platform.example.com"]
    );

    // the bus factors are those a scan of each side gives
    let inference = |rev: &str| {
        let (s, _) = f.run_json(&[
            "scan",
            f.repo.to_str().unwrap(),
            "--no-cache",
            "--format",
            "json",
            "--config",
            &cfg,
            "--at",
            rev,
        ]);
        area(&s, "inference")["bus_factor"].clone()
    };
    let a = &r["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "inference")
        .unwrap();
    assert_eq!(a["bus_factor_before"], inference("main"));
    assert_eq!(a["bus_factor_after"], inference("feature"));
    assert_eq!(r["bus_factor_after"], a["bus_factor_after"]);
    assert!(
        r["verdict"]
            .as_str()
            .unwrap()
            .contains("crosses the DS/SE boundary in 2 files"),
        "{}",
        r["verdict"]
    );

    // As GitHub checks a pull request out: head is a merge commit of it into the base, whose
    // author is nobody of the pull request.
    f.git(&["checkout", "-q", "--detach", "main"]);
    f.git_as(
        "GitHub <noreply@github.com>",
        "2025-06-06T10:00:00+00:00",
        &["merge", "-q", "--no-ff", "-m", "Merge feature", "feature"],
    );
    let merged = pr(&f, &cfg, &["--base", "main"]);
    assert_eq!(merged["authors"], r["authors"]);
    assert_eq!(merged["files"], r["files"]);
    assert_eq!(merged["reviewers"], r["reviewers"]);
}

/// A rename is judged by the history under its old path; a deletion by the deleted file's; an
/// added file has no authors before and its creator after.
#[test]
fn renames_deletions_and_additions() {
    let (f, cfg) = setup();
    f.git(&["checkout", "-q", "-b", "tidy"]);
    f.git(&["mv", "ml/training/evaluate.py", "ml/training/eval.py"]);
    f.git(&["rm", "-q", "legacy/export.py"]);
    fs::write(f.repo.join("ml/training/new.py"), "print('new')\n").unwrap();
    f.commit_all(ELI, "2025-06-05T10:00:00+00:00", "tidy");
    let r = pr(&f, &cfg, &["--base", "main", "--head", "tidy"]);
    let renamed = pr_file(&r, "ml/training/eval.py");
    assert_eq!(
        (renamed["status"].as_str(), renamed["old_path"].as_str()),
        (Some("renamed"), Some("ml/training/evaluate.py"))
    );
    assert_eq!(
        ids_of(&renamed["authors_before"], "id"),
        ["max@example.com"]
    );
    let deleted = pr_file(&r, "legacy/export.py");
    assert_eq!(deleted["status"], "deleted");
    assert_eq!(
        deleted["authors_before"],
        serde_json::json!([{"id": "olga@example.com", "active": false}])
    );
    assert_eq!(deleted["authors_after"], serde_json::json!([]));
    let added = pr_file(&r, "ml/training/new.py");
    assert_eq!(added["authors_before"], serde_json::json!([]));
    assert_eq!(
        added["authors_after"],
        serde_json::json!(["eli@ds.example.com"])
    );
    assert_eq!(
        ids_of(&r["reviewers"], "id"),
        ["max@example.com"],
        "Olga left; Eli is the author"
    );
    assert!(ids_of(&r["knowledge_at_risk"], "id").contains(&"olga@example.com".to_owned()));
}

/// The only author of every file she touches: a silo deepened, said in the verdict.
#[test]
fn a_sole_author_editing_her_own_files_deepens_a_silo() {
    let (f, cfg) = setup();
    f.git(&["checkout", "-q", "-b", "mine"]);
    append(&f, "ml/features/a.py", "# more\n");
    append(&f, "ml/features/b.py", "# more\n");
    f.commit_all(DANA, "2025-06-05T10:00:00+00:00", "features");
    let r = pr(&f, &cfg, &["--base", "main", "--head", "mine"]);
    assert_eq!(r["deepens_silo"], true);
    assert_eq!(r["spreads_knowledge"], serde_json::json!([]));
    assert_eq!(
        r["reviewers"],
        serde_json::json!([]),
        "nobody else knows these files"
    );
    assert!(
        r["verdict"].as_str().unwrap().contains("deepens a silo"),
        "{}",
        r["verdict"]
    );
}

#[test]
fn a_base_that_names_nothing_or_shares_no_history_is_refused() {
    let (f, cfg) = setup();
    let run = |args: &[&str]| {
        f.mlowners()
            .args(["pr", "--no-cache", "--config", &cfg])
            .args(args)
            .arg(&f.repo)
            .output()
            .unwrap()
    };
    assert_bad_input(
        &run(&["--base", "nope"]),
        &["--base nope", "names no commit"],
    );
    f.git(&["checkout", "-q", "--orphan", "other"]);
    f.commit_all(DANA, "2025-06-05T10:00:00+00:00", "unrelated");
    assert_bad_input(
        &run(&["--base", "main", "--head", "other"]),
        &["share no history", "fetch-depth: 0"],
    );
}

fn pr_markdown(f: &Fixture, cfg: &str, args: &[&str]) -> String {
    let repo = f.repo.to_str().expect("fixture paths are UTF-8");
    let base = ["pr", "--no-cache", "--format", "markdown", "--config", cfg];
    f.run_stdout(base.iter().chain(args).chain([&repo]))
}

/// The comment: marker first, the crossing and reviewers named, hostile names and paths inert,
/// logins in backticks unless `--mention` (and then only the reviewers').
#[test]
fn the_comment_is_inert_names_crossings_and_mentions_only_with_mention() {
    let (f, cfg) = setup();
    fs::write(
        &cfg,
        format!("{OWNERSHIP_CONFIG}\n[github]\n\"max@example.com\" = \"maxfield\"\n\"dana@ds.example.com\" = \"danapark\"\n"),
    )
    .unwrap();
    f.git(&["checkout", "-q", "-b", "hostile"]);
    fs::write(
        f.repo.join("serving/`](javascript:alert(1)).scala"),
        "object X\n",
    )
    .unwrap();
    append(&f, "serving/Routes.scala", "// shadow route\n");
    f.commit_all(
        "<img src=x onerror=alert(1)> @everyone <dana@ds.example.com>",
        "2025-06-05T10:00:00+00:00",
        "hostile",
    );
    let md = pr_markdown(&f, &cfg, &["--base", "main", "--head", "hostile"]);
    assert!(
        md.starts_with("<!-- mlowners -->\n**mlowners:** crosses the DS/SE boundary"),
        "{md}"
    );
    assert!(
        !md.contains("@everyone") && !md.contains("@maxfield"),
        "{md}"
    );
    assert!(md.contains("`danapark` (ds)"), "the author by login: {md}");
    assert!(
        md.contains("| `maxfield` | authors 1 of the 2 changed files"),
        "{md}"
    );
    assert_eq!(
        md.matches("](javascript").count(),
        md.matches("``serving/`](javascript:alert(1)).scala``")
            .count(),
        "{md}"
    );
    let mentioned = pr_markdown(
        &f,
        &cfg,
        &["--base", "main", "--head", "hostile", "--mention"],
    );
    assert!(mentioned.contains("| @maxfield |"), "{mentioned}");
    assert_eq!(
        mentioned.matches('@').count() - mentioned.matches("@<!-- -->").count(),
        1,
        "{mentioned}"
    );
}

/// Nothing worth saying: the marker and one line. A huge pull request stays under 60,000
/// characters.
#[test]
fn no_finding_is_one_line_and_a_huge_change_fits_a_comment() {
    let (f, cfg) = setup();
    f.git(&["checkout", "-q", "-b", "docs"]);
    append(&f, "README.md", "More words.\n");
    f.commit_all(DANA, "2025-06-05T10:00:00+00:00", "docs");
    let md = pr_markdown(&f, &cfg, &["--base", "main", "--head", "docs"]);
    assert_eq!(md.lines().count(), 2, "{md}");
    assert!(
        md.starts_with("<!-- mlowners -->\nmlowners: no finding"),
        "{md}"
    );

    f.git(&["checkout", "-q", "-b", "huge", "main"]);
    for i in 0..3000 {
        fs::write(
            f.repo.join(format!("serving/Gen{i:04}.scala")),
            format!("object G{i}\n"),
        )
        .unwrap();
    }
    f.commit_all(DANA, "2025-06-05T10:00:00+00:00", "generated");
    let md = pr_markdown(&f, &cfg, &["--base", "main", "--head", "huge"]);
    assert!(
        md.chars().count() < 60_000,
        "{} characters",
        md.chars().count()
    );
    assert!(md.contains(" more"), "lists are cut with … N more");
}

#[test]
fn the_gate_fails_after_writing_the_report() {
    let (f, cfg) = setup();
    f.git(&["checkout", "-q", "-b", "gate"]);
    append(&f, "serving/Routes.scala", "// shadow route\n");
    f.commit_all(DANA, "2025-06-05T10:00:00+00:00", "route");
    let out = f
        .mlowners()
        .args(["pr", "--no-cache", "--format", "json", "--config", &cfg])
        .args(["--base", "main", "--fail-under-bus-factor", "9"])
        .arg(&f.repo)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let r = pr_report(&out.stdout);
    let after = r["bus_factor_after"].as_u64().unwrap();
    let lines = stderr_lines(&out);
    assert_eq!(
        lines,
        [format!(
            "mlowners: bus factor below 9 after this change: area inference ({after})"
        )]
    );
}
