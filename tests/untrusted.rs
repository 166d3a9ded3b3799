//! Author names and paths come from anyone who can push: they must not reach the terminal as
//! control sequences.

mod common;

use std::fs;

use common::*;

#[test]
fn control_characters_in_names_and_paths_are_escaped_in_the_text_report() {
    let f = tiny_repo();
    let evil_dir = f.repo.join("ml\x1b[2Jwipe");
    fs::create_dir_all(&evil_dir).unwrap();
    fs::write(evil_dir.join("model.py"), "a = 1\nb = 2\n").unwrap();
    // dated long before the next commit, so its directory is listed as untouched
    f.commit_all(
        "Mal\x07lory \x1b[31mred <mallory@example.com>",
        "2020-05-02T10:00:00+00:00",
        "second",
    );
    fs::write(f.repo.join("train.py"), "print('train more')\n").unwrap();
    f.commit_all(
        "Ana <ana@example.com>",
        "2024-05-03T10:00:00+00:00",
        "third",
    );
    let out = f
        .mlowners()
        .args(["scan", "--all"])
        .arg(&f.repo)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.bytes().any(|b| b == 0x1b || b == 0x07),
        "raw control bytes in:\n{text}"
    );
    assert!(
        text.contains("ml\\u{1b}[2Jwipe"),
        "escaped path missing:\n{text}"
    );

    // JSON keeps the data as it is (serde escapes it as \u001b), for dashboards to render.
    let (report, _) = f.scan_json(&[]);
    let c = contributor(&report, "mallory@example.com");
    assert_eq!(c["name"], "Mal\x07lory \x1b[31mred");
}
