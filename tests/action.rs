//! The GitHub Action (action.yml, scripts/action/): its scripts run here as the action runs them,
//! with the environment the runner gives a step, and with stand-ins for the GitHub CLI and for
//! mlowners first on PATH (tests/action_stubs/): the `gh` stand-in records every call and answers
//! like the REST API from canned responses; the `mlowners` one checks its arguments against the
//! CLI of issue 9, writes the report the test chose and exits as told. No network, HOME in a
//! temporary directory.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use common::*;
use serde_json::{Value, json};

const REPO: &str = "acme/ml-platform";
const PR: &str = "7";
const COMMENTS: &str = "repos/acme/ml-platform/issues/7/comments";
const MARKER: &str = "<!-- mlowners -->";

/// A report with findings, as `mlowners pr --format markdown` writes one.
const FINDING_MD: &str = "<!-- mlowners -->
**mlowners**: this pull request crosses the DS/SE boundary twice; `training` keeps bus factor 1.

| area | side | bus factor before | after |
|---|---|---|---|
| training | ds | 1 | 1 |
";
/// A report without a finding: the marker and one line.
const NO_FINDING_MD: &str = "<!-- mlowners -->\n**mlowners**: nothing to report.\n";

/// One pull request run: a repository (two commits, so that a shallow clone of it is cut), the
/// stand-ins' directory, and the files the runner gives a step.
struct Run {
    f: Fixture,
    stubs: PathBuf,
    state: PathBuf,
    runner_temp: PathBuf,
    base: String,
    env: Vec<(String, String)>,
}

impl Run {
    fn new() -> Run {
        let f = tiny_repo();
        fs::write(f.repo.join("serve.scala"), "object Serve\n").unwrap();
        f.commit_all(
            "Sam <sam@example.com>",
            "2024-05-02T10:00:00+00:00",
            "serve",
        );
        let base = f.git_str(&["rev-parse", "HEAD~1"]);
        let stubs = f.dir("stubs");
        for name in ["gh", "mlowners"] {
            let from = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/action_stubs")
                .join(name);
            let to = stubs.join(name);
            fs::copy(&from, &to).unwrap();
            fs::set_permissions(&to, fs::Permissions::from_mode(0o755)).unwrap();
        }
        let state = f.dir("state");
        fs::create_dir_all(state.join("responses")).unwrap();
        let runner_temp = f.dir("runner-temp");
        let run = Run {
            f,
            stubs,
            state,
            runner_temp,
            base,
            env: Vec::new(),
        };
        run.report("markdown", FINDING_MD);
        run.report(
            "json",
            &json!({"schema_version": 1, "bus_factor_after": 1,
                    "crossings": [{"path": "serve.scala"}, {"path": "serve.scala"}]})
            .to_string(),
        );
        run.answer(
            "POST",
            "graphql",
            200,
            &json!({"data": {"viewer": {"login": "github-actions"}}}).to_string(),
        );
        run
    }

    /// The real binary in place of the `mlowners` stand-in, so that the scripts' flags meet the
    /// command line they will really meet.
    fn with_real_mlowners(&self) {
        let to = self.stubs.join("mlowners");
        fs::remove_file(&to).unwrap();
        std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_mlowners"), &to).unwrap();
    }

    /// Sets (or overrides) one variable of the step's environment.
    fn set(&mut self, key: &str, value: &str) -> &mut Run {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.to_string(), value.to_string()));
        self
    }

    /// What the `mlowners` stand-in writes for `--format FORMAT`.
    fn report(&self, format: &str, text: &str) {
        fs::write(self.state.join(format!("report.{format}")), text).unwrap();
    }

    /// The API of a pull request with no mlowners comment yet, where the token may comment.
    fn api_without_comment(&self) {
        self.comments("[]");
        self.answer("POST", COMMENTS, 201, r#"{"id": 99}"#);
    }

    /// The pull request's comments, as `gh api --paginate` prints them (pages back to back).
    fn comments(&self, pages: &str) {
        self.answer("GET", COMMENTS, 200, pages);
    }

    /// The token may edit comment `id`.
    fn accepts_edit(&self, id: u64) {
        let endpoint = format!("repos/acme/ml-platform/issues/comments/{id}");
        self.answer("PATCH", &endpoint, 200, &json!({"id": id}).to_string());
    }

    /// The `gh` stand-in's answer to `METHOD endpoint`.
    fn answer(&self, method: &str, endpoint: &str, status: u16, body: &str) {
        let name = format!("{method} {}", endpoint.replace('/', "_"));
        fs::write(
            self.state.join("responses").join(name),
            format!("{status}\n{body}"),
        )
        .unwrap();
    }

    /// `bash scripts/action/SCRIPT`, with the environment of a `pull_request` step.
    fn script(&self, script: &str) -> Output {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scripts/action")
            .join(script);
        let mut cmd = hermetic("bash", &self.f.home);
        // nothing of a real runner's environment (when the tests themselves run in Actions)
        for (key, _) in std::env::vars_os() {
            let key = key.to_string_lossy();
            if [
                "GITHUB_",
                "RUNNER_",
                "INPUT_",
                "MLOWNERS_",
                "GH_",
                "ACTIONS_",
            ]
            .iter()
            .any(|p| key.starts_with(p))
            {
                cmd.env_remove(&*key);
            }
        }
        let path_var = format!(
            "{}:{}{}",
            self.stubs.display(),
            python_dir(),
            std::env::var("PATH").unwrap_or_default()
        );
        cmd.arg(&path)
            .current_dir(self.f.tmp.path())
            .env("PATH", path_var)
            .env("GH_STUB_DIR", &self.state)
            .env("MLOWNERS_STUB_DIR", &self.state)
            .env("GH_TOKEN", "test-token")
            .env("GITHUB_EVENT_NAME", "pull_request")
            .env("GITHUB_REPOSITORY", REPO)
            .env("GITHUB_OUTPUT", self.output_file())
            .env("GITHUB_STEP_SUMMARY", self.summary_file())
            .env("RUNNER_TEMP", &self.runner_temp)
            .env("MLOWNERS_PATH", &self.f.repo)
            .env("MLOWNERS_COMMENT", "true")
            .env("MLOWNERS_MENTION", "false")
            .env("MLOWNERS_PR_NUMBER", PR)
            .env("MLOWNERS_EVENT_BASE_SHA", &self.base)
            .env("MLOWNERS_EVENT_BASE_REF", "main");
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    }

    /// The main step (run.sh); asserts its exit code.
    fn run(&self, expected_code: i32) -> Output {
        let out = self.script("run.sh");
        assert_eq!(
            out.status.code(),
            Some(expected_code),
            "run.sh: {}",
            describe(&out)
        );
        out
    }

    fn output_file(&self) -> PathBuf {
        self.f.tmp.path().join("github-output")
    }

    fn summary_file(&self) -> PathBuf {
        self.f.tmp.path().join("step-summary.md")
    }

    /// The step's outputs (the last value of each name).
    fn outputs(&self) -> BTreeMap<String, String> {
        let text = fs::read_to_string(self.output_file()).unwrap_or_default();
        text.lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn output(&self, name: &str) -> Option<String> {
        self.outputs().get(name).cloned()
    }

    fn summary(&self) -> String {
        fs::read_to_string(self.summary_file()).unwrap_or_default()
    }

    /// Every call the `gh` stand-in received.
    fn gh_calls(&self) -> Vec<Value> {
        read_jsonl(&self.state.join("calls.jsonl"))
    }

    /// The calls that create or change a comment: (method, endpoint, body sent).
    fn comment_writes(&self) -> Vec<(String, String, String)> {
        self.gh_calls()
            .iter()
            .filter(|c| c["endpoint"] != "graphql" && c["method"] != "GET")
            .map(|c| {
                let payload: Value = serde_json::from_str(c["stdin"].as_str().unwrap())
                    .unwrap_or_else(|e| panic!("the body sent is not JSON ({e}): {c}"));
                (
                    c["method"].as_str().unwrap().to_string(),
                    c["endpoint"].as_str().unwrap().to_string(),
                    payload["body"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    /// Every argument list the `mlowners` stand-in was called with.
    fn mlowners_calls(&self) -> Vec<Vec<String>> {
        read_jsonl(&self.state.join("mlowners.jsonl"))
            .into_iter()
            .map(|v| serde_json::from_value(v).unwrap())
            .collect()
    }
}

/// The directory of the python3 that PATH finds, followed by `:`, to put first on PATH: a
/// version manager's shim (pyenv's) costs a few hundred milliseconds a call, and the scripts and
/// stand-ins call python3 a dozen times a run. Empty when there is no python3.
fn python_dir() -> &'static str {
    static DIR: OnceLock<String> = OnceLock::new();
    DIR.get_or_init(|| {
        let out = std::process::Command::new("python3")
            .args(["-c", "import sys; print(sys.executable)"])
            .output();
        match out {
            Ok(out) if out.status.success() => {
                let exe = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
                match exe.parent() {
                    Some(dir) if exe.is_file() => format!("{}:", dir.display()),
                    _ => String::new(),
                }
            }
            _ => String::new(),
        }
    })
}

/// A comment write: a new comment on the pull request.
fn created(body: &str) -> (String, String, String) {
    ("POST".into(), COMMENTS.into(), body.into())
}

/// A comment write: comment `id` edited.
fn edited(id: u64, body: &str) -> (String, String, String) {
    let endpoint = format!("repos/acme/ml-platform/issues/comments/{id}");
    ("PATCH".into(), endpoint, body.into())
}

fn read_jsonl(path: &Path) -> Vec<Value> {
    fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn describe(out: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

#[test]
fn no_comment_yet_creates_exactly_one() {
    let run = Run::new();
    run.comments(r#"[{"id": 1, "body": "Looks good", "user": {"login": "ana"}}]"#);
    run.answer(
        "POST",
        COMMENTS,
        201,
        r#"{"id": 99, "html_url": "https://github.com/acme/ml-platform/pull/7#issuecomment-99"}"#,
    );
    run.run(0);

    assert_eq!(run.comment_writes(), vec![created(FINDING_MD)]);
    assert!(run.summary().contains(FINDING_MD), "{}", run.summary());
    let out_dir = run.runner_temp.join("mlowners");
    let md = out_dir.join("mlowners-pr.md");
    let json = out_dir.join("mlowners-pr.json");
    let outputs = run.outputs();
    assert_eq!(outputs["comment"], "created");
    assert_eq!(outputs["bus-factor"], "1");
    assert_eq!(outputs["crossings"], "2");
    assert_eq!(outputs["report"], md.display().to_string());
    assert_eq!(outputs["reports-dir"], out_dir.display().to_string());
    assert!(!outputs.contains_key("upload-artifact"), "{outputs:?}");

    // `pr` against the event's base commit, once for each format, on the repository
    let repo = run.f.repo.display().to_string();
    let (md, json) = (md.display().to_string(), json.display().to_string());
    let pr = ["pr", "--base", &run.base, &repo];
    assert_eq!(
        run.mlowners_calls(),
        vec![
            strings(&[&pr[..], &["--format", "json", "--output", &json]].concat()),
            strings(&[&pr[..], &["--format", "markdown", "--output", &md]].concat()),
        ]
    );
}

#[test]
fn an_existing_marked_comment_is_updated_in_place() {
    let run = Run::new();
    // page 1: a person quoting the marker, a bot comment without it; page 2: ours
    let bot = json!({"login": "github-actions[bot]"});
    let page1 = json!([
        {"id": 5, "body": format!("{MARKER}\nquoted"), "user": {"login": "ana"}},
        {"id": 6, "body": "CI passed", "user": bot},
    ]);
    let page2 = json!([{"id": 42, "body": format!("{MARKER}\nolder"), "user": bot}]);
    run.comments(&format!("{page1}\n{page2}"));
    run.accepts_edit(42);
    run.run(0);

    assert_eq!(run.comment_writes(), vec![edited(42, FINDING_MD)]);
    assert_eq!(run.output("comment").as_deref(), Some("updated"));
    let list = run
        .gh_calls()
        .into_iter()
        .find(|c| c["endpoint"] == COMMENTS)
        .unwrap();
    assert!(
        list["args"]
            .as_array()
            .unwrap()
            .contains(&json!("--paginate")),
        "{list}"
    );
}

#[test]
fn a_comment_that_already_says_it_is_left_alone() {
    let run = Run::new();
    let ours = json!({"id": 42, "body": FINDING_MD.trim_end(),
                      "user": {"login": "github-actions[bot]"}});
    run.comments(&json!([ours]).to_string());
    run.run(0);
    assert_eq!(run.comment_writes(), vec![]);
    assert_eq!(run.output("comment").as_deref(), Some("unchanged"));
}

#[test]
fn a_read_only_token_keeps_the_summary_and_an_artifact_and_exits_0() {
    let run = Run::new();
    run.comments("[]");
    run.answer(
        "POST",
        COMMENTS,
        403,
        r#"{"message": "Resource not accessible by integration"}"#,
    );
    let out = run.run(0);

    assert!(run.summary().contains(FINDING_MD), "{}", run.summary());
    let outputs = run.outputs();
    assert_eq!(outputs["upload-artifact"], "true");
    assert_eq!(outputs["comment"], "not-permitted");
    // what the artifact step uploads: the report and the number the workflow_run half needs
    let dir = PathBuf::from(&outputs["reports-dir"]);
    assert_eq!(
        fs::read_to_string(dir.join("mlowners-pr.md")).unwrap(),
        FINDING_MD
    );
    assert_eq!(fs::read_to_string(dir.join("pr-number")).unwrap(), "7\n");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let notice = stdout
        .lines()
        .find(|l| l.starts_with("::notice"))
        .unwrap_or_else(|| panic!("no ::notice:: in {stdout}"));
    assert!(
        notice.contains("403") && notice.contains("fork") && notice.contains("artifact"),
        "{notice}"
    );
}

#[test]
fn a_shallow_clone_is_refused_with_fetch_depth_0() {
    let mut run = Run::new();
    let url = format!("file://{}", run.f.repo.display());
    git_in(
        run.f.tmp.path(),
        &run.f.home,
        &["clone", "-q", "--depth", "1", &url, "shallow"],
    );
    let shallow = run.f.tmp.path().join("shallow");
    assert!(shallow.join(".git/shallow").is_file(), "the clone is cut");

    // the history is whole: no complaint
    let out = run.script("check-history.sh");
    assert_eq!(out.status.code(), Some(0), "{}", describe(&out));

    run.set("MLOWNERS_PATH", shallow.to_str().unwrap());
    for script in ["check-history.sh", "run.sh"] {
        let out = run.script(script);
        assert_eq!(out.status.code(), Some(1), "{script}: {}", describe(&out));
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(all.contains("::error"), "{script}: {all}");
        assert!(all.contains("fetch-depth: 0"), "{script}: {all}");
    }
    assert_eq!(run.mlowners_calls(), Vec::<Vec<String>>::new());
    assert_eq!(run.gh_calls(), Vec::<Value>::new());
}

#[test]
fn a_comment_over_the_limit_is_never_sent() {
    let run = Run::new();
    run.api_without_comment();
    let head = format!("{MARKER}\n");
    let long = format!("{head}{}", "x".repeat(65_537 - head.chars().count()));
    run.report("markdown", &long);
    run.run(0);

    assert_eq!(run.gh_calls(), Vec::<Value>::new(), "nothing was asked");
    let outputs = run.outputs();
    assert_eq!(outputs["comment"], "too-long");
    assert_eq!(outputs["upload-artifact"], "true");
    assert!(run.summary().contains(&long));
}

#[test]
fn a_comment_at_the_limit_is_sent_counted_in_characters_not_bytes() {
    let run = Run::new();
    run.api_without_comment();
    // 65,536 characters, more than 65,536 bytes
    let head = format!("{MARKER}\n**mlowners**: a long one\n");
    let body = format!("{head}{}", "é".repeat(65_536 - head.chars().count()));
    assert!(body.len() > 65_536);
    run.report("markdown", &body);
    run.run(0);
    let writes = run.comment_writes();
    assert_eq!(writes.len(), 1);
    assert_eq!(writes[0].2, body);
}

#[test]
fn no_finding_and_no_comment_posts_nothing() {
    let run = Run::new();
    run.report("markdown", NO_FINDING_MD);
    run.api_without_comment();
    run.comments(r#"[{"id": 1, "body": "Looks good", "user": {"login": "ana"}}]"#);
    run.run(0);
    assert_eq!(run.comment_writes(), vec![]);
    assert_eq!(run.output("comment").as_deref(), Some("skipped"));
    assert!(run.summary().contains(NO_FINDING_MD));
}

#[test]
fn no_finding_replaces_an_older_finding() {
    let run = Run::new();
    run.report("markdown", NO_FINDING_MD);
    run.comments(
        &json!([{"id": 42, "body": FINDING_MD, "user": {"login": "github-actions[bot]"}}])
            .to_string(),
    );
    run.accepts_edit(42);
    run.run(0);
    assert_eq!(run.comment_writes(), vec![edited(42, NO_FINDING_MD)]);
}

#[test]
fn a_tripped_gate_posts_the_comment_then_fails() {
    let mut run = Run::new();
    run.api_without_comment();
    run.set("MLOWNERS_FAIL_UNDER_BUS_FACTOR", "2")
        .set("MLOWNERS_STUB_GATE_EXIT", "1");
    let out = run.run(1);

    assert_eq!(run.comment_writes().len(), 1, "the comment comes first");
    assert_eq!(run.output("bus-factor").as_deref(), Some("1"));
    assert!(run.summary().contains(FINDING_MD));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.lines().last().unwrap().starts_with("::error") && stdout.contains("(2)"),
        "{stdout}"
    );
    let gated: Vec<_> = run
        .mlowners_calls()
        .into_iter()
        .filter(|c| c.contains(&"--fail-under-bus-factor".to_string()))
        .collect();
    assert_eq!(gated.len(), 1, "one run carries the gate");
    assert!(gated[0].ends_with(&strings(&["--fail-under-bus-factor", "2"])));
}

/// Runs run.sh with `env` on top of a pull request step's; asserts exit 2 and an `::error` that
/// contains `says`, with nothing run and nothing posted.
fn assert_refused(env: &[(&str, &str)], says: &str) {
    let mut run = Run::new();
    for (k, v) in env {
        run.set(k, v);
    }
    let out = run.run(2);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let error = stdout
        .lines()
        .find(|l| l.starts_with("::error"))
        .unwrap_or_else(|| panic!("{env:?}: no ::error in {stdout}"));
    assert!(error.contains(says), "{env:?}: {error}");
    assert_eq!(run.mlowners_calls(), Vec::<Vec<String>>::new(), "{env:?}");
    assert_eq!(run.gh_calls(), Vec::<Value>::new(), "{env:?}");
}

#[test]
fn bad_input_fails_the_job_and_posts_nothing() {
    // mlowners refused (a bad config, say): its message, then the job fails
    let mut run = Run::new();
    run.set("MLOWNERS_STUB_EXIT", "2");
    let out = run.run(2);
    assert_eq!(run.gh_calls(), Vec::<Value>::new());
    assert!(String::from_utf8_lossy(&out.stdout).contains("::error"));

    assert_refused(
        &[("MLOWNERS_FAIL_UNDER_BUS_FACTOR", "two")],
        "fail-under-bus-factor",
    );
    assert_refused(&[("MLOWNERS_COMMENT", "yes please")], "comment");
    // a base that is not in the checkout: what to do
    assert_refused(&[("MLOWNERS_BASE", "release-9")], "fetch-depth: 0");
    assert_refused(&[("MLOWNERS_BASE", "release-9")], "release-9");
    // analysing a pull request with a write token means running on its code: refused
    assert_refused(
        &[("GITHUB_EVENT_NAME", "pull_request_target")],
        "workflow_run",
    );
}

#[test]
fn a_base_branch_name_is_found_as_its_remote_branch() {
    let mut run = Run::new();
    run.f
        .git(&["update-ref", "refs/remotes/origin/develop", &run.base]);
    run.set("MLOWNERS_BASE", "develop")
        .set("MLOWNERS_COMMENT", "false");
    run.run(0);
    assert_eq!(
        run.mlowners_calls()[0][..3],
        strings(&["pr", "--base", &run.base])
    );
    assert_eq!(run.output("comment").as_deref(), Some("disabled"));
    assert_eq!(run.gh_calls(), Vec::<Value>::new());
}

#[test]
fn mention_and_config_reach_mlowners() {
    let mut run = Run::new();
    run.set("MLOWNERS_MENTION", "true")
        .set("MLOWNERS_CONFIG", "ci/mlowners.toml")
        .set("MLOWNERS_COMMENT", "false");
    run.run(0);
    for call in run.mlowners_calls() {
        assert!(call.contains(&"--mention".to_string()), "{call:?}");
        let at = call.iter().position(|a| a == "--config").unwrap();
        assert_eq!(call[at + 1], "ci/mlowners.toml");
    }
}

#[test]
fn a_schedule_writes_the_scan_reports_and_the_summary() {
    let mut run = Run::new();
    run.set("GITHUB_EVENT_NAME", "schedule")
        .set("MLOWNERS_PR_NUMBER", "")
        .set("MLOWNERS_EVENT_BASE_SHA", "");
    let scan_md = "<!-- mlowners -->\n**mlowners**: bus factor 3 over 2 files.\n";
    run.report("markdown", scan_md);
    run.report(
        "json",
        &json!({"schema_version": 1, "summary": {"bus_factor": 3},
                "boundary": {"crossings": 12}})
        .to_string(),
    );
    run.run(0);

    let dir = run.runner_temp.join("mlowners-reports");
    let repo = run.f.repo.display().to_string();
    let json = dir.join("mlowners-scan.json").display().to_string();
    let md = dir.join("mlowners-scan.md").display().to_string();
    assert_eq!(
        run.mlowners_calls(),
        vec![
            strings(&["scan", &repo, "--format", "json", "--output", &json]),
            strings(&["scan", &repo, "--format", "markdown", "--output", &md]),
        ]
    );
    let outputs = run.outputs();
    assert_eq!(outputs["bus-factor"], "3");
    assert_eq!(outputs["crossings"], "12");
    assert_eq!(outputs["report"], md);
    assert_eq!(outputs["reports-dir"], dir.display().to_string());
    assert!(run.summary().contains(scan_md));
    assert_eq!(
        run.gh_calls(),
        Vec::<Value>::new(),
        "a scan comments nowhere"
    );
}

/// A workflow_run step with a downloaded artifact for pull request 7 (its pr-number file says
/// `number`), whose head, says the API, is `head`; the run was for `abc123`.
fn artifact_run(number: &str, head: &str) -> Run {
    let mut run = Run::new();
    let dir = run.f.dir("artifact");
    fs::write(dir.join("mlowners-pr.md"), FINDING_MD).unwrap();
    fs::write(dir.join("pr-number"), number).unwrap();
    run.set("GITHUB_EVENT_NAME", "workflow_run")
        .set("MLOWNERS_PR_NUMBER", "")
        .set("MLOWNERS_FROM_ARTIFACT", dir.to_str().unwrap())
        .set("MLOWNERS_EXPECT_HEAD_SHA", "abc123");
    run.answer(
        "GET",
        "repos/acme/ml-platform/pulls/7",
        200,
        &json!({"number": 7, "head": {"sha": head}}).to_string(),
    );
    run.api_without_comment();
    run
}

/// The workflow_run half of the fork pattern: the artifact is untrusted, so its number must be
/// a number and the pull request's head must be the commit the report was made for.
#[test]
fn workflow_run_posts_the_artifact_for_the_right_head_only() {
    let run = artifact_run("7\n", "abc123");
    run.run(0);
    assert_eq!(run.comment_writes(), vec![created(FINDING_MD)]);
    assert_eq!(run.mlowners_calls(), Vec::<Vec<String>>::new());

    // the pull request moved on (or the artifact names another one): nothing posted
    let run = artifact_run("7", "def456");
    run.run(0);
    assert_eq!(run.comment_writes(), vec![]);
    assert_eq!(run.output("comment").as_deref(), Some("skipped"));

    // a number that is not one: refused before any call
    let run = artifact_run("7/../../orgs/acme", "abc123");
    run.run(2);
    assert_eq!(run.gh_calls(), Vec::<Value>::new());

    // no artifact (the pull_request run could comment itself): nothing to do
    let mut run = Run::new();
    run.set("MLOWNERS_FROM_ARTIFACT", "/nonexistent/artifact");
    run.run(0);
    assert_eq!(run.gh_calls(), Vec::<Value>::new());
}

#[test]
fn a_body_without_the_marker_is_never_sent() {
    let run = Run::new();
    run.report("markdown", "**not** an mlowners report\n");
    run.api_without_comment();
    run.run(0);
    assert_eq!(run.gh_calls(), Vec::<Value>::new());
    assert_eq!(run.output("comment").as_deref(), Some("not-a-report"));
}

/// The build is cached under a key made of the runner, the action's ref, Cargo.lock and the
/// sources; the build directory goes on PATH.
#[test]
fn the_cache_key_follows_the_ref_the_lock_file_and_the_sources() {
    let run = Run::new();
    let action = run.f.dir("action");
    fs::create_dir_all(action.join("src")).unwrap();
    fs::write(action.join("Cargo.toml"), "[package]\n").unwrap();
    fs::write(action.join("src/main.rs"), "fn main() {}\n").unwrap();
    let key = |lock: &str, ref_: &str| -> (String, BTreeMap<String, String>) {
        fs::write(action.join("Cargo.lock"), lock).unwrap();
        let _ = fs::remove_file(run.output_file());
        let path_file = run.f.tmp.path().join("github-path");
        let _ = fs::remove_file(&path_file);
        let mut cmd = hermetic("bash", &run.f.home);
        cmd.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/action/prepare.sh"))
            .env("GITHUB_ACTION_PATH", &action)
            .env("MLOWNERS_ACTION_REF", ref_)
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("RUNNER_TEMP", &run.runner_temp)
            .env("GITHUB_OUTPUT", run.output_file())
            .env("GITHUB_PATH", &path_file);
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", describe(&out));
        let root = run.runner_temp.join("mlowners-bin");
        assert_eq!(
            fs::read_to_string(&path_file).unwrap(),
            format!("{}\n", root.join("bin").display())
        );
        let outputs = run.outputs();
        assert_eq!(outputs["root"], root.display().to_string());
        (outputs["cache-key"].clone(), outputs)
    };
    let (a, _) = key("lock 1\n", "v1");
    assert!(a.starts_with("mlowners-Linux-X64-v1-"), "{a}");
    assert_eq!(key("lock 1\n", "v1").0, a, "the same inputs, the same key");
    assert_ne!(key("lock 2\n", "v1").0, a, "Cargo.lock is in the key");
    assert_ne!(key("lock 1\n", "v2").0, a, "the ref is in the key");
    assert!(
        key("lock 1\n", "refs/heads/x y")
            .0
            .contains("-refs_heads_x_y-")
    );
    fs::write(action.join("src/main.rs"), "fn main() { }\n").unwrap();
    assert_ne!(key("lock 1\n", "v1").0, a, "the sources are in the key");
}

/// No `${{ }}` expression inside shell code: every `run:` of action.yml is one line that calls a
/// script of scripts/action/ (which exists), inputs reach it through `env:`.
#[test]
fn action_yml_keeps_expressions_out_of_shell_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let yml = fs::read_to_string(root.join("action.yml")).unwrap();
    let runs: Vec<&str> = yml
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("run:"))
        .map(str::trim)
        .collect();
    assert!(runs.len() >= 4, "{runs:?}");
    for run in runs {
        assert!(!run.contains("${{"), "an expression in shell code: {run}");
        let script = run
            .strip_prefix("bash \"$GITHUB_ACTION_PATH/")
            .and_then(|s| s.strip_suffix('"'))
            .unwrap_or_else(|| panic!("not a one-line script call: {run}"));
        assert!(script.starts_with("scripts/action/"), "{run}");
        assert!(root.join(script).is_file(), "{script} is missing");
    }
    for script in fs::read_dir(root.join("scripts/action")).unwrap() {
        let path = script.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        if path.file_name().unwrap() != "common.sh" {
            assert!(
                text.contains("\nset -euo pipefail\n"),
                "{} lacks set -euo pipefail",
                path.display()
            );
        }
    }
}

/// The scripts with the real `mlowners pr`: Sam adds serving code, so the inference area gets
/// its first author; one comment is created from the real Markdown, outputs from the real JSON.
#[test]
fn the_real_binary_accepts_what_the_scripts_pass() {
    let run = Run::new();
    run.with_real_mlowners();
    run.api_without_comment();
    run.run(0);
    let md = fs::read_to_string(run.runner_temp.join("mlowners/mlowners-pr.md")).unwrap();
    assert!(md.starts_with("<!-- mlowners -->\n**mlowners:** "), "{md}");
    assert_eq!(run.comment_writes(), vec![created(&md)]);
    let json = pr_report(&fs::read(run.runner_temp.join("mlowners/mlowners-pr.json")).unwrap());
    let outputs = run.outputs();
    assert_eq!(outputs["bus-factor"], json["bus_factor_after"].to_string());
    assert_eq!(outputs["crossings"], "0");
}
