//! The "team" fixture (fixtures/team.sh): identities, bots, merges, renames, binary files, gitlinks,
//! vendored and generated files, default areas, and a configuration with aliases and roles.

mod common;

use std::collections::BTreeMap;
use std::fs;

use common::*;
use serde_json::Value;

const ALICE: &str = "alice@example.com";
const BOB: &str = "bob@example.com";
const CAROL: &str = "carol@example.com";
const CAROL_HOME: &str = "carol.white@home.example.net";
const DAVE: &str = "dave.okafor@platform.example.com";
const DOKAFOR: &str = "1234+dokafor@users.noreply.github.com";
const ERIN: &str = "erin@platform.example.com";
const ROOT1: &str = "root@ci-runner-1.example.com";
const ROOT2: &str = "root@ci-runner-2.example.com";

const UBER: &str = "models/\u{fc}ber model.py";

/// Default rules: raw author e-mail -> contributor id.
const DEFAULT_IDS: &[(&str, &str)] = &[
    ("alice@example.com", ALICE),
    // .mailmap: bstone <bob@old-laptop.local> is Bob Stone <bob@example.com>; the id is the
    // mapped e-mail even though the old one has more commits (3 against 2).
    ("bob@old-laptop.local", BOB),
    ("bob@example.com", BOB),
    // same normalised name ("Carol White" / "CAROL  white"): 3 commits against 1.
    ("carol@example.com", CAROL),
    ("Carol.White@Home.Example.NET", CAROL),
    // "root" is no person's name: two contributors.
    ("root@ci-runner-1.example.com", ROOT1),
    ("root@ci-runner-2.example.com", ROOT2),
    ("Dave.Okafor@Platform.Example.com", DAVE),
    // a person's GitHub no-reply address: not a bot; another name, so not merged with Dave.
    ("1234+dokafor@users.noreply.github.com", DOKAFOR),
    ("erin@platform.example.com", ERIN),
];

const BOTS: &[&str] = &[
    "49699333+dependabot[bot]@users.noreply.github.com",
    "noreply@github.com",
];

const UNANALYSED: &[&str] = &[
    "vendor/lib.py",            // default vendored rule
    "ml/proto/features_pb2.py", // .gitattributes linguist-generated=true
    "tools/legacy/helper.py",   // .gitattributes linguist-vendored
    "extern/tokenizer",         // gitlink
];

/// Files that must be in `files` (analysed, present at HEAD), with area and creator.
const FILES: &[(&str, Option<&str>, &str)] = &[
    ("README.md", None, ALICE),
    ("ml/features.py", Some("training"), BOB),
    ("ml/training/train.py", Some("training"), ALICE), // renamed from ml/train.py by Bob
    ("models/weights.bin", None, ROOT2),
    (UBER, Some("training"), CAROL), // created under Carol's other e-mail
    ("notebooks/explore.ipynb", Some("notebooks"), ALICE),
    ("requirements.txt", None, ALICE),
    (
        "serving/src/main/scala/Routes.scala",
        Some("inference"),
        ERIN,
    ),
    (
        "serving/src/main/scala/Server.scala",
        Some("inference"),
        DAVE,
    ),
];

/// Files whose presence in `files` the contract leaves open (dotfiles written by a bot).
const MAYBE_FILES: &[&str] = &[".gitattributes", ".mailmap"];

fn team() -> Fixture {
    build_script("team")
}

fn default_identities() -> Identities<'static> {
    Identities {
        ids: DEFAULT_IDS,
        bots: BOTS,
        unanalysed: UNANALYSED,
    }
}

#[test]
fn contributor_numbers_match_git_log() {
    let f = team();
    let (report, _) = f.scan_json(&[]);
    let expected = expected_stats(&f, "HEAD", &default_identities());
    assert_contributor_stats(&report, &expected);
}

#[test]
fn contributor_numbers_hand_worked() {
    // Independent of the git-log parsing above: (commits, lines added, lines removed).
    let f = team();
    let (report, _) = f.scan_json(&[]);
    let want: &[(&str, u64, u64, u64)] = &[
        // notebooks count their cells' lines: explore.ipynb is 2 (its JSON 17), then +1 (JSON +2/-1)
        (ALICE, 2, 20, 0), // README 3 + requirements 2 + train 10; notebook 2 + train 3 (vendor/ not)
        (BOB, 5, 10, 8), // features 8; rename 0/0; features 1/1 (pb2 not); old_util -6, bin 0; über 1/1
        (CAROL, 4, 16, 1), // train 5/1; über 7 (tools/legacy not); notebook 1/0; features 3
        (DAVE, 2, 15, 1),
        (DOKAFOR, 1, 1, 1),
        (ERIN, 2, 11, 0),
        (ROOT1, 1, 6, 0),
        (ROOT2, 1, 0, 0), // binary file and gitlink only
    ];
    for &(id, commits, added, removed) in want {
        let c = contributor(&report, id);
        assert_eq!(c["commits"], commits, "commits of {id}");
        assert_eq!(c["lines_added"], added, "lines_added of {id}");
        assert_eq!(c["lines_removed"], removed, "lines_removed of {id}");
    }
}

#[test]
fn identity_rules() {
    let f = team();
    let (report, _) = f.scan_json(&[]);
    let ids = ids(&report);
    let want: Vec<&str> = vec![DOKAFOR, ALICE, BOB, CAROL, DAVE, ERIN, ROOT1, ROOT2];
    assert_eq!(ids, want, "contributor ids (sorted by id)");
    for id in &ids {
        assert!(
            !id.contains("[bot]") && id != "noreply@github.com",
            "bot {id} in contributors"
        );
        assert_eq!(id, &id.to_lowercase(), "ids are lower-cased");
    }
    assert_eq!(
        contributor(&report, BOB)["name"],
        "Bob Stone",
        "the .mailmap name"
    );
    assert_eq!(contributor(&report, DAVE)["name"], "Dave Okafor");
}

#[test]
fn repository_facts() {
    let f = team();
    let (report, stderr) = f.scan_json(&[]);
    let repo = &report["repository"];
    assert_eq!(report["schema_version"], 1);
    assert_eq!(repo["head"], f.git_str(&["rev-parse", "HEAD"]));
    assert_eq!(utc(&repo["reference_time"]), "2025-06-02T21:30:00Z"); // 17:30 -0400
    assert_eq!(utc(&repo["reference_time"]), f.commit_time_utc("HEAD"));
    assert_eq!(repo["merges_skipped"], 1);
    assert_eq!(repo["bot_commits_excluded"], 2);
    assert_eq!(repo["commits_analyzed"], 18, "non-merge, non-bot commits");
    let sum: u64 = contributors(&report)
        .iter()
        .map(|c| c["commits"].as_u64().unwrap())
        .sum();
    assert_eq!(repo["commits_analyzed"], sum);
    assert_eq!(repo["shallow"], false);
    let lower = stderr.to_lowercase();
    assert!(
        !lower.contains("shallow") && !lower.contains("blob"),
        "unexpected warning: {stderr}"
    );
}

#[test]
fn files_at_head() {
    let f = team();
    let (report, _) = f.scan_json(&[]);
    let paths: Vec<String> = file_paths(&report)
        .into_iter()
        .filter(|p| !MAYBE_FILES.contains(&p.as_str()))
        .collect();
    let mut want: Vec<String> = FILES.iter().map(|(p, _, _)| p.to_string()).collect();
    want.sort();
    assert_eq!(
        paths, want,
        "analysed files at HEAD (no vendored, generated, deleted, gitlink)"
    );
    for absent in [
        "vendor/lib.py",
        "ml/proto/features_pb2.py",
        "tools/legacy/helper.py",
    ] {
        assert!(file(&report, absent).is_none(), "{absent} is not analysed");
    }
    assert!(
        file(&report, "extern/tokenizer").is_none(),
        "a gitlink is not a file"
    );
    assert!(file(&report, "ml/old_util.py").is_none(), "deleted");
    assert!(file(&report, "ml/train.py").is_none(), "renamed away");

    for &(path, area, creator) in FILES {
        let fl = file(&report, path).unwrap_or_else(|| panic!("{path} missing"));
        match area {
            Some(a) => assert_eq!(fl["area"], a, "area of {path}"),
            None => assert!(
                fl["area"].is_null(),
                "{path} is in no area, got {}",
                fl["area"]
            ),
        }
        assert_eq!(fl["creator"], creator, "creator of {path}");
        assert_eq!(
            fl["lines"],
            f.lines_at("HEAD", path),
            "lines of {path} at HEAD"
        );
    }
    assert_eq!(
        file(&report, "models/weights.bin").unwrap()["lines"],
        0,
        "binary file"
    );
    assert_eq!(file(&report, "ml/training/train.py").unwrap()["lines"], 17);
}

#[test]
fn last_change_and_untouched() {
    let f = team();
    let (report, _) = f.scan_json(&[]);
    // (path, last change in UTC, untouched: older than 365 days before 2025-06-02T21:30:00Z)
    let want: &[(&str, &str, bool)] = &[
        ("README.md", "2024-01-08T08:00:00Z", true),
        // dependabot's bump on 2025-05-01 is a bot's: it is no change.
        ("requirements.txt", "2024-01-08T08:00:00Z", true),
        ("ml/training/train.py", "2024-06-10T16:20:00Z", false),
        ("ml/features.py", "2025-02-14T08:30:00Z", false),
        ("models/weights.bin", "2024-09-01T12:00:00Z", false),
        (UBER, "2025-04-20T20:00:00Z", false),
        ("notebooks/explore.ipynb", "2024-08-03T13:00:00Z", false),
        (
            "serving/src/main/scala/Routes.scala",
            "2024-11-20T15:00:00Z",
            false,
        ),
        (
            "serving/src/main/scala/Server.scala",
            "2025-06-02T21:30:00Z",
            false,
        ),
    ];
    for &(path, last, untouched) in want {
        let fl = file(&report, path).unwrap_or_else(|| panic!("{path} missing"));
        assert_eq!(utc(&fl["last_change"]), last, "last_change of {path}");
        assert_eq!(fl["untouched"], untouched, "untouched of {path}");
    }
}

#[test]
fn default_areas() {
    let f = team();
    let (report, _) = f.scan_json(&[]);
    let names: Vec<&str> = areas(&report)
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["training", "notebooks", "inference"],
        "default areas in order"
    );
    // Role shares under the inferred roles (a side needs at least 5 changes to sided areas, at
    // least a quarter of all the person's changes): only bob (ds 5 of 6) has a side; alice (ds
    // 3 of 5), carol (ds 4), root-1 (ds 1), dave (se 2), erin (se 2) and the no-reply dokafor
    // (se 1) are unknown. Each area was one role's alone before the 5-change rule.
    type Want<'a> = (&'a str, &'a str, &'a [&'a str], &'a [(&'a str, f64)]);
    let want: &[Want] = &[
        (
            "training",
            "ds",
            &["ml/features.py", "ml/training/train.py", UBER],
            // bob 5 (features c04, c09; the rename c07; the deleted old_util c16; über c19),
            // alice 2 (c01, c06), carol 3 (c10, c11, c18), root-1 1 (old_util c03): 11.
            &[("ds", 5.0 / 11.0), ("unknown", 6.0 / 11.0)],
        ),
        // alice c06, carol c13.
        (
            "notebooks",
            "ds",
            &["notebooks/explore.ipynb"],
            &[("unknown", 1.0)],
        ),
        (
            "inference",
            "se",
            &[
                "serving/src/main/scala/Routes.scala",
                "serving/src/main/scala/Server.scala",
            ],
            // dave 2, erin 2, dokafor 1.
            &[("unknown", 1.0)],
        ),
    ];
    for &(name, side, paths, role_shares) in want {
        let a = area(&report, name);
        assert_eq!(a["side"], side, "side of {name}");
        assert_eq!(a["files"], paths.len(), "files of {name}");
        let lines: u64 = paths.iter().map(|p| f.lines_at("HEAD", p)).sum();
        assert_eq!(a["lines"], lines, "lines of {name}");
        assert_role_shares(a, role_shares);
    }
}

/// `role_shares` has the given fractions; any other role present has 0.
fn assert_role_shares(area: &Value, want: &[(&str, f64)]) {
    let shares = area["role_shares"]
        .as_object()
        .expect("role_shares is an object");
    let want: BTreeMap<&str, f64> = want.iter().copied().collect();
    for (role, &frac) in &want {
        let got = shares.get(*role).and_then(Value::as_f64).unwrap_or(0.0);
        assert!(
            (got - frac).abs() < 1e-9,
            "share of {role} in {}: {got}, want {frac}",
            area["name"]
        );
    }
    for (role, v) in shares {
        if !want.contains_key(role.as_str()) {
            assert_eq!(
                v.as_f64(),
                Some(0.0),
                "unexpected role {role} in {}",
                area["name"]
            );
        }
    }
}

#[test]
fn roles_and_activity() {
    let f = team();
    let (report, _) = f.scan_json(&[]);
    // (id, role, active within 180 days of 2025-06-02T21:30:00Z)
    // A side needs at least 5 changes to sided areas, at least a quarter of all changes; with
    // fewer the role is unknown (each "was" is the role before that rule).
    let want: &[(&str, &str, bool)] = &[
        (ALICE, "unknown", false),   // ds 3 of 5 changes (was ds)
        (BOB, "ds", true),           // ds 5 of 6 (weights.bin is in no area)
        (CAROL, "unknown", true),    // ds 4 of 4, both e-mails (was ds)
        (DAVE, "unknown", true),     // se 2 (was se)
        (DOKAFOR, "unknown", false), // se 1 (was se); 2024-11-20: 194 days before
        (ERIN, "unknown", false),    // se 2 (was se)
        (ROOT1, "unknown", false),   // ds 1, old_util.py (was ds)
        (ROOT2, "unknown", false),   // only a binary file in no area (and a gitlink)
    ];
    for &(id, role, active) in want {
        let c = contributor(&report, id);
        assert_eq!(c["role"], role, "role of {id}");
        assert_eq!(c["role_source"], "inferred", "role_source of {id}");
        assert_eq!(c["active"], active, "active of {id}");
    }
    let alice = contributor(&report, ALICE);
    assert_eq!(utc(&alice["first_change"]), "2024-01-08T08:00:00Z");
    // her merge commit of 2024-08-10 is not a change
    assert_eq!(utc(&alice["last_change"]), "2024-03-05T09:15:00Z");
    let bob = contributor(&report, BOB);
    assert_eq!(utc(&bob["first_change"]), "2024-02-11T02:45:00Z"); // 18:45 -0800
    assert_eq!(utc(&bob["last_change"]), "2025-04-20T20:00:00Z");
}

#[test]
fn lists_are_sorted() {
    let f = team();
    let (report, _) = f.scan_json(&[]);
    let ids = ids(&report);
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "contributors sorted by id");
    let paths = file_paths(&report);
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "files sorted by path");
    assert!(
        paths.contains(&UBER.to_string()),
        "the real path with a space and ü: {paths:?}"
    );
}

#[test]
fn second_run_and_output_file_agree() {
    // The second run may use the mining cache: it must give the same report.
    let f = team();
    let (first, _) = f.scan_json(&[]);
    let (second, _) = f.scan_json(&[]);
    let out_dir = f.dir("out");
    let out = out_dir.join("report.json");
    let run = f
        .mlowners()
        .arg("scan")
        .arg(&f.repo)
        .args(["--format", "json", "--output"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let written = scan_report(&fs::read(&out).unwrap());
    assert_eq!(
        dir_entries(&out_dir),
        ["report.json"],
        "no temporary file left behind"
    );
    for key in ["repository", "contributors", "areas", "files"] {
        assert_eq!(
            first[key], second[key],
            "{key}: first and second run differ"
        );
        assert_eq!(
            first[key], written[key],
            "{key}: stdout and --output differ"
        );
    }
}

#[test]
fn at_an_earlier_commit() {
    let f = team();
    // HEAD~1 is dependabot's commit: the reference time is its commit time all the same.
    let (report, _) = f.scan_json(&["--at", "HEAD~1"]);
    let repo = &report["repository"];
    assert_eq!(repo["head"], f.git_str(&["rev-parse", "HEAD~1"]));
    assert_eq!(utc(&repo["reference_time"]), "2025-05-01T06:00:00Z");
    assert_eq!(repo["commits_analyzed"], 17);
    assert_eq!(repo["bot_commits_excluded"], 2);
    assert_eq!(repo["merges_skipped"], 1);
    assert_contributor_stats(
        &report,
        &expected_stats(&f, "HEAD~1", &default_identities()),
    );
    assert_eq!(contributor(&report, DAVE)["commits"], 1);
    assert_eq!(
        file(&report, "serving/src/main/scala/Server.scala").unwrap()["lines"],
        14
    );
}

#[test]
fn text_format_runs() {
    let f = team();
    let out = f
        .mlowners()
        .arg("scan")
        .arg(&f.repo)
        .args(["--format", "text"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.stdout.is_empty());
    // PATH defaults to the current directory.
    let out = f
        .mlowners()
        .current_dir(&f.repo)
        .args(["scan", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = scan_report(&out.stdout);
    assert_eq!(
        report["repository"]["head"],
        f.git_str(&["rev-parse", "HEAD"])
    );
}

const CONFIG: &str = r#"# a configuration outside the repository (passed with --config)
[settings]
merge_same_name = false

[areas.serving]
paths = ["serving/**"]
side = "se"

[areas.models]
paths = ["models/**", "ml/**/*.py"]
side = "ds"

[areas.infra]
paths = ["requirements.txt", "extern/**"]
side = "mlops"

[areas.docs]
paths = ["*.md"]

[roles]
se = ["Erin Li"]
ds = ["alice@example.com"]
mlops = ["root"]

[aliases]
"1234+dokafor@users.noreply.github.com" = "Dave.Okafor@Platform.Example.com"
"#;

#[test]
fn config_aliases_roles_and_areas() {
    let f = team();
    let cfg = f.dir("cfg").join("team.toml");
    fs::write(&cfg, CONFIG).unwrap();
    let (report, _) = f.scan_json(&["--config", cfg.to_str().unwrap()]);

    let ids: &[(&str, &str)] = &[
        ("alice@example.com", ALICE),
        ("bob@old-laptop.local", BOB), // .mailmap still applies
        ("bob@example.com", BOB),
        ("carol@example.com", CAROL),
        ("Carol.White@Home.Example.NET", CAROL_HOME), // merge_same_name = false
        ("root@ci-runner-1.example.com", ROOT1),
        ("root@ci-runner-2.example.com", ROOT2),
        ("Dave.Okafor@Platform.Example.com", DAVE),
        ("1234+dokafor@users.noreply.github.com", DAVE), // alias
        ("erin@platform.example.com", ERIN),
    ];
    let who = Identities {
        ids,
        bots: BOTS,
        unanalysed: UNANALYSED,
    };
    assert_contributor_stats(&report, &expected_stats(&f, "HEAD", &who));
    assert_eq!(contributor(&report, DAVE)["commits"], 3);
    assert_eq!(contributor(&report, CAROL)["commits"], 3);
    assert_eq!(contributor(&report, CAROL_HOME)["commits"], 1);

    let names: Vec<&str> = areas(&report)
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["serving", "models", "infra", "docs"],
        "areas in config order"
    );
    assert_eq!(area(&report, "serving")["side"], "se");
    assert_eq!(area(&report, "models")["side"], "ds");
    assert_eq!(area(&report, "infra")["side"], "mlops");
    assert!(area(&report, "docs")["side"].is_null());
    assert_eq!(area(&report, "serving")["files"], 2);
    assert_eq!(area(&report, "models")["files"], 4);
    assert_eq!(area(&report, "infra")["files"], 1);
    assert_eq!(area(&report, "docs")["files"], 1);
    // requirements.txt: Alice's creation only (the dependabot bump is excluded)
    assert_role_shares(area(&report, "infra"), &[("ds", 1.0)]);
    // serving: erin 2 (se by config), dave 3 with the alias (se 3 inferred: fewer than 5 sided
    // changes → unknown; was se 1.0 before the 5-change rule).
    assert_role_shares(
        area(&report, "serving"),
        &[("se", 2.0 / 5.0), ("unknown", 3.0 / 5.0)],
    );

    let file_area =
        |p: &str| file(&report, p).unwrap_or_else(|| panic!("{p} missing"))["area"].clone();
    assert_eq!(file_area("models/weights.bin"), "models");
    assert_eq!(file_area("ml/training/train.py"), "models");
    assert_eq!(file_area(UBER), "models");
    assert_eq!(file_area("requirements.txt"), "infra");
    assert_eq!(file_area("README.md"), "docs");
    assert!(
        file_area("notebooks/explore.ipynb").is_null(),
        "no configured area matches"
    );

    // (id, role, role_source)
    let want: &[(&str, &str, &str)] = &[
        (ALICE, "ds", "config"),
        (ERIN, "se", "config"),
        (ROOT1, "mlops", "config"),
        (ROOT2, "mlops", "config"),
        // se 3 (with the alias), ds 1: fewer than 5 sided changes (were se and ds).
        (DAVE, "unknown", "inferred"),
        (CAROL_HOME, "unknown", "inferred"),
    ];
    for &(id, role, source) in want {
        let c = contributor(&report, id);
        assert_eq!(c["role"], role, "role of {id}");
        assert_eq!(c["role_source"], source, "role_source of {id}");
    }
}
