//! Configuration errors and odd configuration files: every error is one line that names the file,
//! the line and what to fix; a repository's `.mlowners.toml` that is not a file is a warning.

mod common;

use std::fs;
use std::path::Path;
use std::process::Output;
use std::time::Duration;

use mlowners::config::Config;
use mlowners::path_filter::{DEFAULT_EXCLUDES, PathFilter};

use common::*;

#[test]
fn path_filter_is_its_own_module() {
    assert!(DEFAULT_EXCLUDES.contains(&"**/vendor/**"));
    let c = Config::parse("[settings]\nexclude = [\"docs/**\"]\n", Path::new("c.toml")).unwrap();
    let f = PathFilter::new(&c);
    assert!(f.is_analysed(b"src/a.py", None));
    assert!(!f.is_analysed(b"docs/a.md", None));
    assert!(!f.is_analysed(b"vendor/a.py", None));
}

/// Writes `text` as `<tmp>/cfg/<name>` and returns its path.
fn write_config(f: &Fixture, name: &str, text: impl AsRef<[u8]>) -> String {
    let cfg = f.dir("cfg").join(name);
    fs::write(&cfg, text).unwrap();
    cfg.to_str().unwrap().to_string()
}

#[test]
fn backslash_in_an_identity_pattern_is_literal() {
    let f = tiny_repo();
    fs::write(f.repo.join("train.py"), "print('again')\n").unwrap();
    f.commit_all("CORP\\jdoe <j@corp>", "2024-05-02T10:00:00+00:00", "second");
    // TOML literal strings: one backslash each. `x\` would be a dangling escape for globset.
    let cfg = write_config(&f, "roles.toml", "[roles]\nse = ['CORP\\jdoe', 'x\\']\n");
    let (report, _) = f.scan_json(&["--config", &cfg]);
    let c = contributor(&report, "j@corp");
    assert_eq!(c["name"], "CORP\\jdoe");
    assert_eq!(c["role"], "se", "{c:#}");
    assert_eq!(c["role_source"], "config", "{c:#}");
}

/// Scans the tiny repository with `--config <tmp>/cfg/<name>` holding `text`; checks that it fails
/// with one line containing every keyword, and returns that line.
fn config_error(name: &str, text: impl AsRef<[u8]>, keywords: &[&str]) -> String {
    let f = tiny_repo();
    let cfg = write_config(&f, name, text);
    let out = f
        .mlowners()
        .args(["scan", "--format", "json", "--config", &cfg])
        .arg(&f.repo)
        .output()
        .unwrap();
    assert_bad_input(&out, keywords)
}

#[test]
fn bad_bot_pattern_names_its_own_line() {
    // A pattern too large for the matcher: the only kind of bad identity pattern there is.
    let huge = "?".repeat(200_000);
    let text = format!(
        "[settings]\nstale_days = 30\n\n[bots]\npatterns = [\n  \"ci@example.com\",\n  \"{huge}\",\n]\n"
    );
    let line = config_error("bots.toml", text, &["bots.toml:7:3:", "`bots.patterns`"]);
    assert!(line.len() < 300, "the pattern is not echoed: {line:.300}");
}

#[test]
fn bad_role_pattern_names_its_own_line() {
    let huge = "?".repeat(200_000);
    let text = format!("[roles]\nds = [\n  \"*@ds.example.com\",\n  \"{huge}\",\n]\n");
    config_error("roles.toml", text, &["roles.toml:4:3:", "`roles.ds`"]);
}

#[test]
fn config_that_is_not_utf8_names_line_and_column() {
    // Latin-1 "é" in a comment on line 3.
    let text = b"[settings]\nstale_days = 30\n# Jos\xe9\n";
    let line = config_error("latin1.toml", text, &["latin1.toml:3:6: not UTF-8"]);
    assert!(
        line.ends_with("not UTF-8 (save the file as UTF-8)"),
        "{line}"
    );
}

#[test]
fn root_config_that_is_not_utf8_names_line_and_column() {
    let f = tiny_repo();
    fs::write(
        f.repo.join(".mlowners.toml"),
        b"[settings]\nexclude = [\"d\xe9mo/**\"]\n",
    )
    .unwrap();
    let out = f.mlowners().arg("scan").arg(&f.repo).output().unwrap();
    assert_bad_input(
        &out,
        &[".mlowners.toml:2:14: not UTF-8 (save the file as UTF-8)"],
    );
}

#[test]
fn duplicate_key_is_named() {
    let text = "[settings]\nstale_days = 30\nactive_days = 90\nstale_days = 60\n";
    config_error(
        "dup-key.toml",
        text,
        &["dup-key.toml:4:1:", "duplicate key `stale_days`"],
    );
}

#[test]
fn table_defined_twice_is_named() {
    let text = "[settings]\nstale_days = 30\n\n[areas.t]\npaths = [\"**\"]\n\n[settings]\nactive_days = 9\n";
    config_error(
        "dup-table.toml",
        text,
        &["dup-table.toml:7:", "`[settings]`", "twice"],
    );
}

// ---------------------------------------------------------------------------------------------
// A configuration path that is not a file: never opened (a FIFO would block until a writer comes)
// ---------------------------------------------------------------------------------------------

/// `mlowners scan` of the fixture, killed after a minute (a FIFO opened for reading blocks).
fn scan_with_timeout(f: &Fixture, extra: &[&str]) -> Output {
    f.mlowners()
        .args(["scan", "--format", "json"])
        .arg(&f.repo)
        .args(extra)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap()
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// The scan succeeds with the built-in defaults and exactly this warning on stderr.
fn assert_ignored_with_warning(out: &Output, f: &Fixture, is: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "stderr: {stderr}");
    let path = f.repo.join(".mlowners.toml");
    let want = format!(
        "warning: .mlowners.toml at {} {is}: ignored (using the built-in defaults)",
        path.display()
    );
    assert_eq!(stderr.trim_end(), want);
    let report = scan_report(&out.stdout);
    assert_eq!(report["settings"]["config"], serde_json::Value::Null);
    let names: Vec<_> = areas(&report).iter().map(|a| a["name"].clone()).collect();
    assert_eq!(names, ["training", "notebooks", "inference"]);
}

#[test]
fn root_config_that_is_a_directory_is_a_warning() {
    let f = tiny_repo();
    fs::create_dir(f.repo.join(".mlowners.toml")).unwrap();
    let loaded = Config::load(None, Some(&f.repo)).unwrap();
    assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
    assert!(loaded.config.source.is_none());
    let out = scan_with_timeout(&f, &[]);
    assert_ignored_with_warning(&out, &f, "is a directory, not a file");
}

#[cfg(unix)]
#[test]
fn root_config_that_is_a_fifo_is_a_warning_and_never_opened() {
    let f = tiny_repo();
    mkfifo(&f.repo.join(".mlowners.toml"));
    let out = scan_with_timeout(&f, &[]);
    assert_ignored_with_warning(&out, &f, "is a FIFO (named pipe), not a file");
}

#[cfg(unix)]
#[test]
fn root_config_that_is_a_dangling_symlink_is_a_warning() {
    let f = tiny_repo();
    std::os::unix::fs::symlink("gone.toml", f.repo.join(".mlowners.toml")).unwrap();
    let out = scan_with_timeout(&f, &[]);
    assert_ignored_with_warning(&out, &f, "is a symlink to gone.toml, which does not exist");
}

#[cfg(unix)]
#[test]
fn root_config_that_is_a_symlink_to_a_fifo_is_a_warning() {
    let f = tiny_repo();
    let fifo = f.tmp.path().join("pipe");
    mkfifo(&fifo);
    std::os::unix::fs::symlink(&fifo, f.repo.join(".mlowners.toml")).unwrap();
    let out = scan_with_timeout(&f, &[]);
    let is = format!(
        "is a symlink to {}, which is a FIFO (named pipe), not a file",
        fifo.display()
    );
    assert_ignored_with_warning(&out, &f, &is);
}

#[test]
fn explicit_config_that_is_a_directory_is_an_error() {
    let f = tiny_repo();
    let dir = f.dir("configs");
    let out = scan_with_timeout(&f, &["--config", dir.to_str().unwrap()]);
    let line = assert_bad_input(&out, &[dir.to_str().unwrap()]);
    assert_eq!(
        line,
        format!(
            "error: --config {}: a directory, not a file (pass the path of a TOML file)",
            dir.display()
        )
    );
}

#[cfg(unix)]
#[test]
fn explicit_config_that_is_a_fifo_is_an_error_and_never_opened() {
    let f = tiny_repo();
    let fifo = f.tmp.path().join("cfg.toml");
    mkfifo(&fifo);
    let out = scan_with_timeout(&f, &["--config", fifo.to_str().unwrap()]);
    let line = assert_bad_input(&out, &[fifo.to_str().unwrap()]);
    assert_eq!(
        line,
        format!(
            "error: --config {}: a FIFO (named pipe), not a file (pass the path of a TOML file)",
            fifo.display()
        )
    );
}

#[cfg(unix)]
#[test]
fn explicit_config_dev_null_means_the_defaults() {
    let f = tiny_repo();
    let (report, _) = f.scan_json(&["--config", "/dev/null"]);
    assert_eq!(report["settings"]["config"], "/dev/null");
}

#[test]
fn a_bare_repository_reads_its_committed_config() {
    let f = tiny_repo();
    std::fs::write(
        f.repo.join(".mlowners.toml"),
        "[settings]\nstale_days = 7\n",
    )
    .unwrap();
    f.commit_all(
        "Ana <ana@example.com>",
        "2024-05-02T10:00:00+00:00",
        "config",
    );
    let bare = f.tmp.path().join("bare.git");
    f.git(&["clone", "-q", "--bare", ".", bare.to_str().unwrap()]);
    let (report, _) = f.run_json(&["scan", "--format", "json", bare.to_str().unwrap()]);
    assert_eq!(report["settings"]["stale_days"], 7);
    assert_eq!(report["settings"]["config"], "HEAD:.mlowners.toml");
}
