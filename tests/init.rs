//! `mlowners init`: a starter `.mlowners.toml` from the "team" fixture's layout, with a few more
//! commits in which Erin (the serving engineer) also adds `setup.py`, a Python test, a Scala spec
//! and an empty `ml/__init__.py`: with the built-in areas the Python ones are DS-side crossings,
//! with the starter none is.
//! The file parses, has its unsided areas first, and is never overwritten.

mod common;

use std::fs;
use std::path::Path;

use common::*;
use mlowners::config::Config;
use serde_json::Value;

const ERIN: &str = "Erin Li <erin@platform.example.com>";

/// "team", plus Erin's work on the serving code (enough for an inferred `se` role), her
/// packaging and tests, and an empty `ml/__init__.py`.
fn team() -> Fixture {
    let f = build_script("team");
    let routes = f.repo.join("serving/src/main/scala/Routes.scala");
    for i in 0..4 {
        let mut text = fs::read_to_string(&routes).unwrap();
        text.push_str(&format!("// route note {i}\n"));
        fs::write(&routes, text).unwrap();
        f.commit_all(ERIN, &format!("2025-06-1{i}T10:00:00+00:00"), "Routes");
    }
    fs::create_dir_all(f.repo.join("tests")).unwrap();
    fs::create_dir_all(f.repo.join("serving/src/test/scala")).unwrap();
    fs::write(
        f.repo.join("setup.py"),
        "from setuptools import setup\nsetup(name='churn')\n",
    )
    .unwrap();
    fs::write(
        f.repo.join("tests/test_features.py"),
        "def test_features():\n    assert True\n",
    )
    .unwrap();
    fs::write(
        f.repo.join("serving/src/test/scala/ServerSpec.scala"),
        "class ServerSpec\n",
    )
    .unwrap();
    fs::write(f.repo.join("ml/__init__.py"), "").unwrap();
    f.commit_all(ERIN, "2025-06-20T10:00:00+00:00", "Package, tests");
    f
}

/// `mlowners init REPO ARGS`: its exit code, standard output and standard error.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn init(f: &Fixture, args: &[&str]) -> Run {
    init_at(f, &f.repo, args)
}

fn init_at(f: &Fixture, repo: &Path, args: &[&str]) -> Run {
    let out = f
        .mlowners()
        .arg("init")
        .arg(repo)
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn scan(f: &Fixture, config: &Path) -> Value {
    let config = config.to_str().unwrap();
    f.scan_json(&["--config", config]).0
}

#[test]
fn init_writes_a_starter_that_parses_with_unsided_areas_first() {
    let f = team();
    let out = init(&f, &[]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    let path = f.repo.join(".mlowners.toml");
    assert!(
        out.stderr
            .starts_with(&format!("wrote {}: ", path.display())),
        "{}",
        out.stderr
    );
    let text = fs::read_to_string(&path).unwrap();
    let config = Config::parse(&text, &path).unwrap_or_else(|e| panic!("{e}\n{text}"));

    let names: Vec<&str> = config.areas.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "tests",
            "build",
            "ml",
            "other_python",
            "notebooks",
            "serving",
            "other_jvm"
        ],
        "{text}"
    );
    let sides: Vec<Option<&str>> = config.areas.iter().map(|a| a.side.as_deref()).collect();
    assert_eq!(
        sides,
        [
            None,
            None,
            Some("ds"),
            Some("ds"),
            Some("ds"),
            Some("se"),
            Some("se")
        ]
    );
    let area_of = |path: &str| {
        config
            .areas
            .iter()
            .find(|a| a.matcher.is_match(path))
            .map(|a| a.name.as_str())
    };
    for (path, area) in [
        ("tests/test_features.py", "tests"),
        ("serving/src/test/scala/ServerSpec.scala", "tests"),
        ("setup.py", "build"),
        ("ml/__init__.py", "build"),
        ("ml/features.py", "ml"),
        ("ml/training/train.py", "ml"),
        ("models/über model.py", "other_python"),
        ("notebooks/explore.ipynb", "notebooks"),
        ("serving/src/main/scala/Server.scala", "serving"),
    ] {
        assert_eq!(area_of(path), Some(area), "{path}\n{text}");
    }

    // the roles a scan with these areas infers, as comments, and the examples
    assert!(text.contains("\n# se: 1 person\n#   erin@platform.example.com (Erin Li): "));
    assert!(text.contains("\n# ds: 1 person\n#   bob@example.com (Bob Stone): "));
    assert!(text.contains("\n# [roles]\n# ds = [\n#     \"bob@example.com\",\n# ]\n"));
    assert!(text.contains("\n# [github]\n"));
    assert!(text.contains("# With these areas: 0 crossings; roles ds 1, se 1, mixed 0 people."));
    assert!(
        text.contains("# With the built-in areas: 3 crossings; roles ds 1, se 1, mixed 0 people.")
    );
}

#[test]
fn with_the_starter_packaging_and_tests_are_no_crossings() {
    let f = team();
    let builtin = scan(&f, Path::new("/dev/null"));
    let crossed: Vec<&str> = builtin["boundary"]["crossed_files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        crossed,
        ["ml/__init__.py", "setup.py", "tests/test_features.py"]
    );

    let out = init(&f, &[]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let (report, _) = f.scan_json(&[]);
    assert_eq!(
        report["boundary"]["crossings"], 0,
        "{:#}",
        report["boundary"]
    );
    let erin = report["contributors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "erin@platform.example.com")
        .unwrap();
    assert_eq!(erin["role"], "se");
    assert_eq!(erin["role_evidence"], serde_json::json!({"se": 6}));
}

#[test]
fn init_never_overwrites() {
    let f = team();
    let path = f.repo.join(".mlowners.toml");
    fs::write(&path, "# mine\n").unwrap();
    let out = init(&f, &[]);
    assert_eq!(out.code, Some(2));
    let err = &out.stderr;
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("never overwrites an existing file"), "{err}");
    assert!(err.contains(&path.display().to_string()), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), "# mine\n");

    // nor a file named by --output, nor what a dangling link points at
    let other = f.dir("out").join("starter.toml");
    fs::write(&other, "keep").unwrap();
    let out = init(&f, &["--output", other.to_str().unwrap()]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert_eq!(fs::read_to_string(&other).unwrap(), "keep");
    #[cfg(unix)]
    {
        let link = f.dir("out").join("link.toml");
        std::os::unix::fs::symlink(f.dir("out").join("nowhere.toml"), &link).unwrap();
        let out = init(&f, &["--output", link.to_str().unwrap()]);
        assert_eq!(out.code, Some(2), "{}", out.stderr);
        assert!(!f.dir("out").join("nowhere.toml").exists());
    }
    let names: Vec<_> = fs::read_dir(f.dir("out")).unwrap().collect();
    assert_eq!(names.len(), 2, "no temporary file left behind");
}

#[test]
fn init_writes_elsewhere_or_to_standard_output() {
    let f = team();
    let other = f.dir("out").join("starter.toml");
    let out = init(&f, &["--output", other.to_str().unwrap()]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(!f.repo.join(".mlowners.toml").exists());
    let written = fs::read_to_string(&other).unwrap();

    let out = init(&f, &["--output", "-"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stdout, written);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    assert!(!f.repo.join(".mlowners.toml").exists());
}

#[test]
fn a_bare_repository_needs_output() {
    let f = team();
    let bare = f.tmp.path().join("bare.git");
    f.git(&["clone", "-q", "--bare", ".", bare.to_str().unwrap()]);
    let out = init_at(&f, &bare, &[]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("pass --output FILE"), "{}", out.stderr);
    let nothing: Vec<_> = fs::read_dir(&bare)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name() == ".mlowners.toml")
        .collect();
    assert!(nothing.is_empty());
}
