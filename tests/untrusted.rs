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

/// A repository whose `ml/` holds files of these names (a name with a `/` is in a directory),
/// added by a hostile author long ago (so that they are orphaned and listed by name; git keeps
/// no `<` or `>` in a name, it strips them, so a tag can only come in through a path), then
/// one more commit by Ana.
fn hostile_repo(names: &[&str]) -> Fixture {
    let f = tiny_repo();
    for name in names {
        let path = f.repo.join("ml").join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "x = 1\n").unwrap();
    }
    f.commit_all(
        "<img src=x onerror=alert(1)> @everyone <@everyone>",
        "2020-05-02T10:00:00+00:00",
        "hostile",
    );
    fs::write(f.repo.join("train.py"), "print('train more')\n").unwrap();
    f.commit_all(
        "Ana <ana@example.com>",
        "2024-05-03T10:00:00+00:00",
        "later",
    );
    f
}

#[test]
fn hostile_names_and_paths_are_inert_in_the_markdown_report() {
    let f = hostile_repo(&[
        "`](javascript:alert(1)).py",
        "a|b.py",
        "r\u{202E}yp.exe.py",
        "<img src=x onerror=alert(1)>.py",
    ]);
    let out = f
        .mlowners()
        .args(["scan", "--all", "--format", "markdown"])
        .arg(&f.repo)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.starts_with("<!-- mlowners -->\n"));
    // no tag, no mention, no link, no override: each shown as text or code
    // the only `<img` is inside its code span
    assert_eq!(
        md.matches("<img").count(),
        md.matches("`ml/<img src=x onerror=alert(1)>.py`").count(),
        "{md}"
    );
    assert!(!md.contains("@everyone"), "{md}");
    assert!(!md.contains('\u{202E}'), "{md}");
    // the link text is only ever inside its code span
    assert_eq!(
        md.matches("](javascript").count(),
        md.matches("``ml/`](javascript:alert(1)).py``").count(),
        "{md}"
    );
    assert!(
        md.contains("img src=x onerror=alert(1) @<!-- -->everyone"),
        "{md}"
    );
    assert!(
        md.contains("| `ml/<img src=x onerror=alert(1)>.py` |"),
        "{md}"
    );
    assert!(md.contains("| ``ml/`](javascript:alert(1)).py`` |"), "{md}");
    assert!(md.contains(r"| `ml/a\|b.py` |"), "{md}");
    assert!(md.contains(r"| `ml/r\u{202e}yp.exe.py` |"), "{md}");
}

#[test]
fn hostile_names_and_paths_are_inert_in_the_html_report() {
    // `ml/</script>…`: the directory `<` holds `script><script>…`
    let f = hostile_repo(&[
        "<img src=x onerror=alert(1)>.py",
        "</script><script>alert(1)<!--.py",
        "r\u{202E}yp.exe.py",
        "a\u{2028}b.py",
    ]);
    let out = f
        .mlowners()
        .args(["scan", "--format", "html"])
        .arg(&f.repo)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let html = String::from_utf8(out.stdout).unwrap();
    // no tag from a path, no script ended or begun early, no comment, no override
    assert!(!html.contains("<img"), "an <img> tag");
    assert!(!html.contains("<!--"), "a comment");
    assert_eq!(
        html.matches("<script").count(),
        4,
        "only the page's own scripts"
    );
    assert_eq!(html.matches("</script>").count(), 4);
    assert!(!html.contains('\u{202E}') && !html.contains('\u{2028}'));
    // shown as text in the tables; in the embedded JSON, as escapes JSON.parse reads back
    assert!(
        html.contains("<code><span title=\"ml/&lt;img src=x onerror=alert(1)&gt;.py\">"),
        "the path as text"
    );
    assert!(
        html.contains(r"ml/r\u{202e}yp.exe.py"),
        "the override made visible"
    );
    assert!(html.contains(r#""ml/\u003c/script\u003e\u003cscript\u003ealert(1)\u003c!--.py""#));
    assert!(html.contains(r#""ml/a\u2028b.py""#));
}
