//! `scan --format html` in a real browser: the page of the ownership fixture (plus a commit with
//! a hostile author name and path) is opened in headless Chromium, in each colouring of the
//! treemap, and must run without a script error, load nothing, and draw the treemap.
//!
//! The page records on `<html>` what the test reads from the DOM Chromium dumps: `data-errors`
//! (window errors, and anything the main script throws), `data-csp` (every load the
//! Content-Security-Policy blocked: the policy forbids every load, so any attempted request
//! shows up here), `data-rects` (rectangles drawn) and `data-ready` (the script ran to its end).
//! A control page with an injected remote image and a failing script proves that the test sees
//! both. Chromium is Debian's `chromium` (or `MLOWNERS_CHROMIUM`); `.ci/run` installs it. Without
//! one the test says that it is skipped, except on CI (`CI` set), where that is a failure.

mod common;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// The browser to use, if there is one.
fn browser() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("MLOWNERS_CHROMIUM").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|p| p.is_file())
}

/// The browser, or `None` after saying loudly that the test is skipped; on CI, a failure.
fn browser_or_skip(test: &str) -> Option<PathBuf> {
    let found = browser();
    if found.is_none() {
        let on_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
        assert!(
            !on_ci,
            "{test}: no Chromium found on CI (.ci/run installs Debian's chromium; or set MLOWNERS_CHROMIUM)"
        );
        // straight to the process's stderr: the test harness would hide an eprintln! of a
        // passing test
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED {test}: no headless Chromium found (install Debian's `chromium`, or set \
             MLOWNERS_CHROMIUM): the HTML report was not opened in a browser"
        );
    }
    found
}

/// Chromium's DOM of `page` (a file URL with an optional `#fragment`) after its scripts ran.
/// A throwaway profile, no background networking, and every host name unresolvable, so that
/// nothing could leave the machine even if the page tried.
fn dump_dom(browser: &Path, page: &Path, fragment: &str, scratch: &Path) -> String {
    let profile = tempfile::tempdir_in(scratch).unwrap();
    let url = format!("file://{}{fragment}", page.display());
    let mut child = Command::new(browser)
        .args([
            "--headless=new",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--virtual-time-budget=5000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(&url)
        .env("HOME", profile.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", browser.display()));
    // Read the DOM while the browser writes it: a page larger than the pipe's buffer would
    // otherwise block the browser on its write while the test waits for it to exit.
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let reader = std::thread::spawn(move || {
        let mut dom = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut dom).map(|_| dom)
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("{} did not finish within 120 s on {url}", browser.display());
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "chromium failed on {url}: {status}");
    let dom = reader.join().unwrap().expect("read the dumped DOM");
    let dom = String::from_utf8(dom).expect("the DOM is UTF-8");
    assert!(dom.contains("<html"), "no DOM dumped for {url}:\n{dom}");
    dom
}

/// An attribute of the dumped `<html>` start tag, unescaped enough to read.
fn root_attr(dom: &str, name: &str) -> Option<String> {
    let start = dom.find("<html")?;
    let tag = &dom[start..start + dom[start..].find('>')?];
    let key = format!(" {name}=\"");
    let from = tag.find(&key)? + key.len();
    let value = &tag[from..from + tag[from..].find('"')?];
    Some(
        value
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

/// The start tags of the page's markup (repository text is escaped, so every `<` followed by a
/// letter is ours), each with its quoted attribute values left out: `img src=`.
fn start_tags(html: &str) -> Vec<String> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let end = rest.find('>').unwrap_or(rest.len());
            // values are in double quotes, and a `"` inside one is `&quot;`
            let names: String = rest[..end].split('"').step_by(2).collect();
            tags.push(names);
        }
    }
    tags
}

/// The ownership fixture and one more commit whose author and file name are hostile.
fn fixture() -> (Fixture, PathBuf) {
    let f = ownership();
    let ml = f.repo.join("ml");
    fs::write(ml.join("<img src=x onerror=alert(1)>.py"), "x = 1\n").unwrap();
    fs::write(ml.join("r\u{202E}yp.exe.py"), "y = 2\n").unwrap();
    f.commit_all(
        "<img src=x onerror=alert(1)> @everyone <mallory@example.com>",
        "2025-06-02T10:00:00+00:00",
        "hostile",
    );
    let config = f.dir("cfg").join("ownership.toml");
    fs::write(&config, OWNERSHIP_CONFIG).unwrap();
    (f, config)
}

fn write_report(f: &Fixture, config: &Path) -> PathBuf {
    let out = f.dir("out").join("report.html");
    let mut args = vec![os("scan"), f.repo.as_os_str(), os("--config")];
    args.extend([
        config.as_os_str(),
        os("--format"),
        os("html"),
        os("--output"),
    ]);
    args.push(out.as_os_str());
    let stdout = f.run_stdout(args);
    assert!(stdout.is_empty(), "the page went to the file: {stdout}");
    out
}

#[test]
fn the_page_runs_in_a_browser_loads_nothing_and_draws_the_treemap() {
    let Some(browser) = browser_or_skip("html_report") else {
        return;
    };
    let (f, config) = fixture();
    let page = write_report(&f, &config);
    let html = fs::read_to_string(&page).unwrap();

    // nothing in the file points anywhere
    assert!(!html.contains("://"), "an address in the page");
    for tag in start_tags(&html) {
        for attr in [" src=", " href=", " srcset=", " action=", " data=", "url("] {
            assert!(!tag.contains(attr), "<{tag}>: {attr}");
        }
        assert!(
            !tag.starts_with("img"),
            "<{tag}>: an element from repository text"
        );
    }
    assert!(
        html.contains(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        )
    );

    let scratch = f.dir("browser");
    for mode in ["", "#age", "#dsse"] {
        let dom = dump_dom(&browser, &page, mode, &scratch);
        let errors = root_attr(&dom, "data-errors");
        assert_eq!(errors, None, "script errors in mode {mode:?}");
        let blocked = root_attr(&dom, "data-csp");
        assert_eq!(
            blocked, None,
            "the page tried to load something in mode {mode:?}"
        );
        assert_eq!(
            root_attr(&dom, "data-ready").as_deref(),
            Some("1"),
            "{mode:?}"
        );
        let rects: usize = root_attr(&dom, "data-rects")
            .expect("data-rects")
            .parse()
            .unwrap();
        assert!(
            rects > 5,
            "the treemap drew {rects} rectangles in mode {mode:?}"
        );
        // the hostile name and path are text, never elements
        assert!(!dom.contains("<img"), "an <img> element in the DOM");
        assert!(
            dom.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "the name is shown"
        );
        assert!(!dom.contains('\u{202E}'), "an override reached the DOM");
    }
}

#[test]
fn the_browser_test_sees_errors_and_loads() {
    let Some(browser) = browser_or_skip("html_report control") else {
        return;
    };
    let (f, config) = fixture();
    let page = write_report(&f, &config);
    let html = fs::read_to_string(&page).unwrap();
    // a remote image and a failing script, as a broken renderer could write them
    let broken = html.replacen(
        "</main>",
        "<img src=\"https://example.invalid/pixel.png\"><script>notDefined();</script></main>",
        1,
    );
    let control = page.with_file_name("control.html");
    fs::write(&control, broken).unwrap();
    let dom = dump_dom(&browser, &control, "", &f.dir("browser"));
    let blocked = root_attr(&dom, "data-csp").expect("the blocked load is seen");
    assert!(blocked.contains("example.invalid"), "{blocked}");
    let errors = root_attr(&dom, "data-errors").expect("the error is seen");
    assert!(errors.contains("notDefined"), "{errors}");
}
