//! The text report as a team lead reads it, pinned as a snapshot: a change of layout, wording or
//! order shows up as a diff to review (`cargo insta review`), not as a silent drift.

mod common;

use common::*;

#[test]
fn ownership_fixture_text_report() {
    let f = ownership();
    let config = f.dir("cfg").join("ownership.toml");
    std::fs::write(&config, OWNERSHIP_CONFIG).unwrap();
    let out = f
        .mlowners()
        .args(["scan", "--all", "--config"])
        .arg(&config)
        .arg(&f.repo)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    // the config's temporary path is the one line that differs between runs
    let text = text.replace(config.to_str().unwrap(), "<config>");
    insta::assert_snapshot!(text);
}
