//! One person, one contributor: what joins identities and what does not (DESIGN.md §2).

mod common;

use std::fs;

use common::*;

fn emails(report: &serde_json::Value, id: &str) -> Vec<String> {
    contributor(report, id)["emails"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn noreply_logins_one_word_names_and_alias_targets() {
    let f = tiny_repo(); // Ana <ana@example.com>
    let authors = [
        // a noreply login equal to a local part, names sharing a word: one person
        "Kim Lee <7+kimlee@users.noreply.github.com>",
        "Kim <kimlee@corp.example>",
        // a one-word name alone: two people
        "steve <steve@a.example>",
        "steve <s.k@b.example>",
        // ... unless the handles agree
        "steve <steve@c.example>",
        // the same local part, names sharing no word: not joined
        "Bo Tan <7+kimlee2@users.noreply.github.com>",
        "Al Fox <kimlee2@x.example>",
        // an alias target is the id, though the other e-mail has more commits
        "Ana <ana.old@example.org>",
        "Ana <ana.old@example.org>",
    ];
    for (i, a) in authors.iter().enumerate() {
        fs::write(f.repo.join("train.py"), format!("print({i})\n")).unwrap();
        f.commit_all(a, &format!("2024-05-{:02}T10:00:00+00:00", i + 2), "c");
    }
    let cfg = f.dir("cfg").join("c.toml");
    fs::write(
        &cfg,
        "[aliases]\n\"ana.old@example.org\" = \"ana@example.com\"\n",
    )
    .unwrap();
    let (report, _) = f.scan_json(&["--config", cfg.to_str().unwrap()]);
    assert_eq!(
        ids(&report),
        [
            "7+kimlee2@users.noreply.github.com",
            "7+kimlee@users.noreply.github.com",
            "ana@example.com",
            "kimlee2@x.example",
            "s.k@b.example",
            "steve@a.example",
        ]
    );
    assert_eq!(
        emails(&report, "7+kimlee@users.noreply.github.com"),
        ["7+kimlee@users.noreply.github.com", "kimlee@corp.example"]
    );
    assert_eq!(
        emails(&report, "steve@a.example"),
        ["steve@a.example", "steve@c.example"]
    );
    assert_eq!(
        emails(&report, "ana@example.com"),
        ["ana.old@example.org", "ana@example.com"]
    );
    assert_eq!(contributor(&report, "ana@example.com")["commits"], 3);
}

#[test]
fn the_identities_command_says_why_and_names_the_near_misses() {
    let f = tiny_repo();
    for (i, a) in [
        "Kim Lee <7+kimlee@users.noreply.github.com>",
        "Kim <kimlee@corp.example>",
        "kimlee <kimlee@users.noreply.github.com>",
        "steve <steve@a.example>",
        "steve <s.k@b.example>",
    ]
    .iter()
    .enumerate()
    {
        fs::write(f.repo.join("train.py"), format!("print({i})\n")).unwrap();
        f.commit_all(a, &format!("2024-05-{:02}T10:00:00+00:00", i + 2), "c");
    }
    let (v, _) = f.run_json(&["identities", "--format", "json", f.repo.to_str().unwrap()]);
    let kim = v["contributors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "7+kimlee@users.noreply.github.com")
        .unwrap();
    let whys: Vec<&str> = kim["joins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["why"].as_str().unwrap())
        .collect();
    assert_eq!(whys, ["noreply_login", "noreply_login"], "{kim}");
    assert_eq!(
        v["near_misses"],
        serde_json::json!([{"a": "s.k@b.example", "b": "steve@a.example", "why": "same name `steve`"}])
    );
    let text = f
        .mlowners()
        .arg("identities")
        .arg(&f.repo)
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("NEAR MISSES") && text.contains("same name `steve`"),
        "{text}"
    );
}

#[test]
fn a_github_mapping_joins_the_login_and_names_it() {
    let f = tiny_repo(); // Ana <ana@example.com>
    for (i, a) in [
        // nothing but the mapping says these are Ana
        "A. S. <99+anasato@users.noreply.github.com>",
        "Ana at home <ana@home.example>",
        "Bo <5+bo@users.noreply.github.com>",
        "Ana <ana@example.com>",
    ]
    .iter()
    .enumerate()
    {
        fs::write(f.repo.join("train.py"), format!("print({i})\n")).unwrap();
        f.commit_all(a, &format!("2024-05-{:02}T10:00:00+00:00", i + 2), "c");
    }
    let cfg = f.dir("cfg").join("c.toml");
    fs::write(
        &cfg,
        "[github]\n\"ana@example.com\" = \"AnaSato\"\n\"ana@home.example\" = \"@AnaSato\"\n",
    )
    .unwrap();
    let (report, _) = f.scan_json(&["--config", cfg.to_str().unwrap()]);
    assert_eq!(
        ids(&report),
        ["5+bo@users.noreply.github.com", "ana@example.com"]
    );
    assert_eq!(
        emails(&report, "ana@example.com"),
        [
            "99+anasato@users.noreply.github.com",
            "ana@example.com",
            "ana@home.example"
        ]
    );
    let ana = contributor(&report, "ana@example.com");
    assert_eq!(ana["github"], "AnaSato");
    assert!(
        ana["joins"]
            .as_array()
            .unwrap()
            .iter()
            .all(|j| j["why"] == "github"),
        "{ana}"
    );
    assert_eq!(
        contributor(&report, "5+bo@users.noreply.github.com")["github"],
        "bo"
    );
    let (plain, _) = f.scan_json(&[]);
    assert_eq!(plain["contributors"].as_array().unwrap().len(), 4);
}

#[test]
fn a_login_used_as_a_name_joins_but_a_first_name_does_not() {
    let f = tiny_repo(); // Ana <ana@example.com>
    for (i, a) in [
        // the noreply side signs with its login; the other e-mail's local part is the login
        "nerdinand <77+nerdinand@users.noreply.github.com>",
        "Ferdinand Niedermann <nerdinand@gmail.com>",
        // the login is the other identity's name
        "Misaki Shioi <31+shioimm@users.noreply.github.com>",
        "shioimm <misaki@corp.example>",
        // `steve` is Steve Klabnik's first name: a handle that is only `steve` is no evidence
        "steve <steve@one.example>",
        "steve <steve@two.example>",
        "Steve Klabnik <sk@three.example>",
    ]
    .iter()
    .enumerate()
    {
        fs::write(f.repo.join("train.py"), format!("print({i})\n")).unwrap();
        f.commit_all(a, &format!("2024-05-{:02}T10:00:00+00:00", i + 2), "c");
    }
    let (report, _) = f.scan_json(&[]);
    assert_eq!(
        emails(&report, "77+nerdinand@users.noreply.github.com"),
        [
            "77+nerdinand@users.noreply.github.com",
            "nerdinand@gmail.com"
        ]
    );
    assert_eq!(
        emails(&report, "31+shioimm@users.noreply.github.com"),
        ["31+shioimm@users.noreply.github.com", "misaki@corp.example"]
    );
    assert_eq!(emails(&report, "steve@one.example"), ["steve@one.example"]);
    assert_eq!(emails(&report, "steve@two.example"), ["steve@two.example"]);
}
