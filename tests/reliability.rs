//! Nothing a hostile or unlucky input can break: where output goes, write errors, the cache's
//! key, hostile text, thread counts and repositories mlowners cannot read.

mod common;

use std::fs;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::process::{Command, Stdio};

use common::*;

fn scan_to(f: &Fixture, output: &std::path::Path) -> std::process::Output {
    f.mlowners()
        .args(["scan", "--format", "json", "-o"])
        .arg(output)
        .arg(&f.repo)
        .output()
        .unwrap()
}

#[test]
fn dash_is_standard_output() {
    let f = tiny_repo();
    let out = f
        .mlowners()
        .args(["scan", "-o", "-"])
        .arg(&f.repo)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("train.py"));
    assert!(!f.tmp.path().join("-").exists());
}

#[test]
fn dev_stdout_is_written_through() {
    let f = tiny_repo();
    let (report, _) = f.scan_json(&["-o", "/dev/stdout"]);
    assert_eq!(report["summary"]["files"], 1);
}

#[test]
fn a_fifo_is_written_through_not_replaced() {
    let f = tiny_repo();
    let fifo = f.tmp.path().join("report.fifo");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read(fifo).unwrap())
    };
    let out = scan_to(&f, &fifo);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = reader.join().unwrap();
    let report = scan_report(&got);
    assert_eq!(report["summary"]["files"], 1);
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn a_symlink_keeps_pointing_at_the_report() {
    let f = tiny_repo();
    let dir = f.dir("out");
    let real = dir.join("real.json");
    fs::write(&real, "old").unwrap();
    fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.join("latest.json");
    std::os::unix::fs::symlink("real.json", &link).unwrap();
    let out = scan_to(&f, &link);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let report = scan_report(&fs::read(&real).unwrap());
    assert_eq!(report["summary"]["files"], 1);
    let mode = fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640, "an existing file keeps its mode");
    assert_eq!(dir_entries(&dir), ["latest.json", "real.json"]);
}

#[test]
fn a_new_report_gets_the_mode_of_a_new_file() {
    let f = tiny_repo();
    let dir = f.dir("out");
    let plain = dir.join("plain");
    fs::File::create(&plain).unwrap();
    let report = dir.join("r.json");
    assert_eq!(scan_to(&f, &report).status.code(), Some(0));
    scan_report(&fs::read(&report).unwrap());
    let mode = |p: &std::path::Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(
        mode(&report),
        mode(&plain),
        "0666 less the umask, not a temporary file's 0600"
    );
}

#[test]
fn output_inside_the_git_directory_is_refused() {
    let f = tiny_repo();
    let head = fs::read(f.repo.join(".git/HEAD")).unwrap();
    let out = scan_to(&f, &f.repo.join(".git/HEAD"));
    assert_bad_input(&out, &["--output", "git directory"]);
    assert_eq!(fs::read(f.repo.join(".git/HEAD")).unwrap(), head);
}

#[test]
fn output_that_is_a_directory_is_refused_before_scanning() {
    let f = tiny_repo();
    let dir = f.dir("out");
    assert_bad_input(&scan_to(&f, &dir), &["--output", "is a directory"]);
}

#[test]
fn signals_leave_no_temporary_file() {
    let f = tiny_repo();
    let dir = f.dir("out");
    // A smoke test: signals at spread-out moments of a short run, several of which land while
    // the report or the cache is being written.
    for (i, delay_us) in (0..24).map(|i| i * 700).enumerate() {
        let mut child = f
            .mlowners_process()
            .args(["scan", "--format", "json", "-o"])
            .arg(dir.join("r.json"))
            .arg(&f.repo)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_micros(delay_us));
        let signal = if i % 2 == 0 { "-TERM" } else { "-INT" };
        let _ = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status();
        child.wait().unwrap();
        let leftovers = |d: &std::path::Path| -> Vec<String> {
            dir_entries(d)
                .into_iter()
                .filter(|n| n.contains("tmp"))
                .collect()
        };
        assert_eq!(leftovers(&dir), Vec::<String>::new());
        // a report is there whole or not at all
        if let Ok(written) = fs::read(dir.join("r.json")) {
            scan_report(&written);
        }
        if f.repo.join(".git/mlowners").is_dir() {
            assert_eq!(
                leftovers(&f.repo.join(".git/mlowners")),
                Vec::<String>::new()
            );
        }
    }
}

#[test]
fn a_full_stdout_is_an_error() {
    let f = tiny_repo();
    let out = f
        .mlowners_process()
        .args(["scan", "--format", "json"])
        .arg(&f.repo)
        .stdout(
            fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap(),
        )
        .output()
        .unwrap();
    assert_bad_input(&out, &["standard output", "no space"]);
}

#[test]
fn a_full_stderr_costs_neither_the_report_nor_the_exit_code() {
    let f = tiny_repo();
    let full = || {
        fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    let bad = f
        .mlowners_process()
        .args(["scan", "/nonexistent"])
        .stderr(full())
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));

    let report = f.tmp.path().join("r.json");
    let gate = f
        .mlowners_process()
        .args(["scan", "--fail-under-bus-factor", "5", "-o"])
        .arg(&report)
        .arg(&f.repo)
        .stderr(full())
        .output()
        .unwrap();
    assert_eq!(gate.status.code(), Some(1));
    assert!(report.is_file());
    fs::remove_file(&report).unwrap();

    // a file where the cache directory belongs makes the scan warn
    fs::remove_dir_all(f.repo.join(".git/mlowners")).unwrap();
    fs::write(f.repo.join(".git/mlowners"), "x").unwrap();
    let warned = f
        .mlowners_process()
        .args(["scan", "-o"])
        .arg(&report)
        .arg(&f.repo)
        .stderr(full())
        .output()
        .unwrap();
    assert_eq!(warned.status.code(), Some(0));
    assert!(report.is_file());
}

#[test]
fn a_closed_pipe_is_silent() {
    let f = tiny_repo();
    let out = Command::new("bash")
        .args([
            "-c",
            "set -o pipefail; \"$0\" scan --format json \"$1\" | true",
        ])
        .arg(env!("CARGO_BIN_EXE_mlowners"))
        .arg(&f.repo)
        .env("HOME", &f.home)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

fn commits_analyzed(f: &Fixture, extra: &[&str]) -> u64 {
    f.scan_json(extra).0["repository"]["commits_analyzed"]
        .as_u64()
        .unwrap()
}

fn ten_commits() -> Fixture {
    let f = tiny_repo();
    for i in 2..=10 {
        fs::write(f.repo.join("train.py"), format!("print({i})\n")).unwrap();
        f.commit_all(
            "Ana <ana@example.com>",
            &format!("2024-05-{i:02}T10:00:00+00:00"),
            "c",
        );
    }
    f
}

#[test]
fn grafts_are_part_of_the_cache_key() {
    let f = ten_commits();
    assert_eq!(commits_analyzed(&f, &[]), 10);
    let graft = format!(
        "{} {}\n",
        f.git_str(&["rev-parse", "HEAD~2"]),
        f.git_str(&["rev-parse", "HEAD~8"])
    );
    fs::write(f.repo.join(".git/info/grafts"), graft).unwrap();
    let git_count = f
        .git_str(&["rev-list", "--count", "HEAD"])
        .parse::<u64>()
        .unwrap();
    assert_eq!(git_count, 5);
    assert_eq!(commits_analyzed(&f, &["--no-cache"]), git_count);
    assert_eq!(
        commits_analyzed(&f, &[]),
        git_count,
        "a warm scan sees the grafts too"
    );
}

#[test]
fn a_commit_that_disappeared_is_an_error_warm_as_cold() {
    let f = ten_commits();
    assert_eq!(commits_analyzed(&f, &[]), 10);
    let gone = f.git_str(&["rev-parse", "HEAD~3"]);
    fs::remove_file(
        f.repo
            .join(".git/objects")
            .join(&gone[..2])
            .join(&gone[2..]),
    )
    .unwrap();
    for extra in [&["--no-cache"][..], &[]] {
        let out = f
            .mlowners()
            .arg("scan")
            .arg(&f.repo)
            .args(extra)
            .output()
            .unwrap();
        assert_bad_input(&out, &[&gone, "git fsck"]);
    }
}

#[test]
fn bidi_and_zero_width_characters_never_reach_the_reader_raw() {
    let f = tiny_repo();
    let dir = f.repo.join("ml/x\u{202E}yp.exe");
    fs::create_dir_all(&dir).unwrap();
    for k in 1..=3 {
        fs::write(dir.join(format!("f{k}.py")), "a\n").unwrap();
    }
    f.commit_all(
        "M\u{2066}al\u{200B} <m\u{202E}@x>",
        "2024-05-02T10:00:00+00:00",
        "2",
    );
    let hostile = ['\u{202E}', '\u{2066}', '\u{200B}'];
    let text = f
        .mlowners()
        .args(["scan", "--all"])
        .arg(&f.repo)
        .output()
        .unwrap();
    assert_eq!(text.status.code(), Some(0));
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(!text.contains(hostile), "raw format characters in:\n{text}");
    assert!(text.contains("m\\u{202e}@x"), "{text}");

    let json = f
        .mlowners()
        .args(["scan", "--format", "json"])
        .arg(&f.repo)
        .output()
        .unwrap();
    let raw = String::from_utf8(json.stdout.clone()).unwrap();
    assert!(!raw.contains(hostile), "raw format characters in the JSON");
    let report = scan_report(&json.stdout);
    assert!(
        file(&report, "ml/x\u{202E}yp.exe/f1.py").is_some(),
        "the data is unchanged"
    );
}

#[test]
fn a_huge_jobs_count_is_capped_with_a_message() {
    let f = tiny_repo();
    let start = std::time::Instant::now();
    let out = f
        .mlowners()
        .args(["scan", "--no-cache", "--jobs", "100000"])
        .arg(&f.repo)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--jobs 100000") && stderr.contains("threads"),
        "{stderr}"
    );
    assert!(start.elapsed() < std::time::Duration::from_secs(30));
    let zero = f
        .mlowners()
        .args(["scan", "--jobs", "0"])
        .arg(&f.repo)
        .output()
        .unwrap();
    assert_bad_input(&zero, &["--jobs 0"]);
}

#[test]
fn sha256_repositories_are_named_as_unsupported() {
    let f = tiny_repo();
    let dir = f.dir("sha256");
    f.git(&[
        "init",
        "-q",
        "--object-format=sha256",
        dir.to_str().unwrap(),
    ]);
    let out = f.mlowners().arg("scan").arg(&dir).output().unwrap();
    assert_bad_input(&out, &["SHA-256", "not supported"]);
}

#[test]
fn an_unborn_head_points_at_a_branch_with_commits() {
    let f = tiny_repo();
    f.git(&["checkout", "-q", "--orphan", "fresh"]);
    let out = f.mlowners().arg("scan").arg(&f.repo).output().unwrap();
    assert_bad_input(&out, &["fresh", "--at main"]);
}

#[test]
fn a_repository_of_another_user_names_safe_directory() {
    let f = tiny_repo();
    // only root can give the repository away; elsewhere there is nothing to test
    let chown = Command::new("chown")
        .args(["-R", "nobody"])
        .arg(&f.repo)
        .output();
    if !chown.is_ok_and(|o| o.status.success()) {
        return;
    }
    let out = f.mlowners().arg("scan").arg(&f.repo).output().unwrap();
    assert_bad_input(&out, &["another user", "safe.directory"]);
}

#[test]
fn paths_that_are_not_utf8_stay_distinct_and_print_as_git_quotes_them() {
    use std::os::unix::ffi::OsStrExt;
    let f = tiny_repo();
    let path = |b: &[u8]| f.repo.join(std::ffi::OsStr::from_bytes(b));
    fs::write(path(b"m\xff.py"), "1\n2\n3\n").unwrap();
    f.commit_all("Ann <ann@x>", "2024-05-02T10:00:00+00:00", "a");
    fs::create_dir_all(path(b"d\xfe")).unwrap();
    fs::write(path(b"m\xfe.py"), "z\n").unwrap();
    fs::write(path(b"d\xfe/x.py"), "z\n").unwrap();
    f.commit_all("Bob <bob@x>", "2024-05-03T10:00:00+00:00", "b");
    fs::write(path(b"m\xfe.py"), "z\nz\n").unwrap();
    f.commit_all("Bob <bob@x>", "2024-05-04T10:00:00+00:00", "c");

    let (report, _) = f.scan_json(&[]);
    let git_paths = String::from_utf8(f.git(&[
        "-c",
        "core.quotepath=true",
        "ls-tree",
        "-r",
        "--name-only",
        "HEAD",
    ]))
    .unwrap();
    let git_paths: Vec<&str> = git_paths.lines().collect();
    let mut ours = file_paths(&report);
    ours.sort();
    let mut theirs: Vec<String> = git_paths.iter().map(|p| p.to_string()).collect();
    theirs.sort();
    assert_eq!(ours, theirs);
    let m_ff = file(&report, r#""m\377.py""#).unwrap();
    let m_fe = file(&report, r#""m\376.py""#).unwrap();
    assert_eq!(
        (m_ff["lines"].as_u64(), m_ff["creator"].as_str()),
        (Some(3), Some("ann@x"))
    );
    assert_eq!(
        (m_fe["lines"].as_u64(), m_fe["changes"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(m_fe["creator"], "bob@x");
}
