//! Every example of GitHub's documentation, with the meaning the documentation gives it.
//!
//! Source: GitHub Docs, "About code owners"
//! (<https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/customizing-your-repository/about-code-owners>),
//! sections "Example of a CODEOWNERS file", "Syntax exceptions" and "CODEOWNERS and branch
//! protection" (as in the github/docs repository, content/repositories/…/about-code-owners.md).
//! The rules below are the example file's rules, in its order; its comments are paraphrased
//! beside each test.

use super::parse::{Codeowners, Owner};
use super::pattern::tests::check;

/// The rules of the documented example file (its comment lines left out, its inline comment
/// kept).
const EXAMPLE: &str = "\
# This is a comment.
*       @global-owner1 @global-owner2
*.js    @js-owner #This is an inline comment.
*.go docs@example.com
*.txt @octo-org/octocats
/build/logs/ @doctocat
docs/*  docs@example.com
apps/ @octocat
/docs/ @doctocat
/scripts/ @doctocat @octocat
**/logs @octocat
/apps/ @octocat
/apps/github
";

/// The owners the whole file gives `path` (`None`: no rule matches).
fn owners(file: &str, path: &str) -> Option<Vec<String>> {
    let c = Codeowners::parse(file);
    assert!(c.errors.is_empty(), "{:?}", c.errors);
    c.owner_rule(path.as_bytes())
        .map(|r| c.rules[r].owners.iter().map(Owner::text).collect())
}

/// The rule of the example whose pattern is `pattern`, taken alone, matches `yes` and not `no`.
fn assert_alone(pattern: &str, yes: &[&str], no: &[&str]) {
    let c = Codeowners::parse(EXAMPLE);
    assert!(
        c.rules.iter().any(|r| r.pattern == pattern),
        "{pattern} is a rule of the example"
    );
    check(pattern, yes, no);
}

#[test]
fn the_example_file_parses_whole() {
    let c = Codeowners::parse(EXAMPLE);
    assert!(c.errors.is_empty(), "{:?}", c.errors);
    assert_eq!(c.rules.len(), 12);
    // the inline comment is no owner
    assert_eq!(c.rules[1].owners, vec![Owner::User("js-owner".into())]);
    assert_eq!(
        c.rules[2].owners,
        vec![Owner::Email("docs@example.com".into())]
    );
    assert_eq!(
        c.rules[3].owners,
        vec![Owner::Team("octo-org/octocats".into())]
    );
    assert!(c.rules[11].owners.is_empty());
}

/// `*`: the default owners for everything in the repository, unless a later match takes
/// precedence.
#[test]
fn star_is_the_default_for_everything() {
    assert_alone(
        "*",
        &["README.md", "a/b/c.rb", ".github/workflows/ci.yml"],
        &[],
    );
    assert_eq!(
        owners(EXAMPLE, "README.md").unwrap(),
        ["@global-owner1", "@global-owner2"]
    );
    assert_eq!(
        owners(EXAMPLE, "lib/deep/x.rb").unwrap(),
        ["@global-owner1", "@global-owner2"]
    );
}

/// `*.js`: the last matching pattern takes precedence; a pull request that only changes JS
/// files requests only @js-owner, not the global owners.
#[test]
fn the_last_match_takes_precedence_js() {
    assert_alone("*.js", &["app.js", "src/app.js"], &["app.jsx", "app.ts"]);
    assert_eq!(owners(EXAMPLE, "src/app.js").unwrap(), ["@js-owner"]);
}

/// `*.go docs@example.com`: an owner may be an e-mail address.
#[test]
fn an_owner_may_be_an_e_mail() {
    assert_eq!(
        owners(EXAMPLE, "cmd/main.go").unwrap(),
        ["docs@example.com"]
    );
}

/// `*.txt @octo-org/octocats`: the octocats team of the octo-org organization owns all .txt
/// files.
#[test]
fn a_team_owns_all_txt_files() {
    assert_alone("*.txt", &["notes.txt", "a/b/notes.txt"], &["notes.txt.bak"]);
    assert_eq!(
        owners(EXAMPLE, "src/notes.txt").unwrap(),
        ["@octo-org/octocats"]
    );
}

/// `/build/logs/ @doctocat`: any file in the build/logs directory at the root and any of its
/// subdirectories. (In the whole file the later `**/logs` takes these files.)
#[test]
fn build_logs_at_the_root_and_below() {
    assert_alone(
        "/build/logs/",
        &["build/logs/app.log", "build/logs/2024/01/app.log"],
        &["src/build/logs/app.log", "build/logs", "build/log/app.log"],
    );
    assert_eq!(owners(EXAMPLE, "build/logs/app.log").unwrap(), ["@octocat"]);
}

/// `docs/*`: matches files like docs/getting-started.md but not further nested files like
/// docs/build-app/troubleshooting.md. (In the whole file the later `/docs/` takes both.)
#[test]
fn docs_star_matches_one_level_only() {
    assert_alone(
        "docs/*",
        &["docs/getting-started.md"],
        &["docs/build-app/troubleshooting.md"],
    );
    let without_root_docs = EXAMPLE.replace("/docs/ @doctocat\n", "");
    assert_eq!(
        owners(&without_root_docs, "docs/getting-started.md").unwrap(),
        ["docs@example.com"]
    );
    assert_eq!(
        owners(&without_root_docs, "docs/build-app/troubleshooting.md").unwrap(),
        ["@global-owner1", "@global-owner2"]
    );
}

/// `apps/ @octocat`: any file in an apps directory anywhere in the repository.
#[test]
fn apps_anywhere() {
    assert_alone(
        "apps/",
        &["apps/a.rb", "web/apps/index.js", "a/b/apps/c/d.rb"],
        &["apps", "web/apps", "myapps/a.rb"],
    );
    assert_eq!(owners(EXAMPLE, "web/apps/index.js").unwrap(), ["@octocat"]);
}

/// `/docs/ @doctocat`: any file in the /docs directory at the root and any of its
/// subdirectories.
#[test]
fn root_docs_and_below() {
    assert_alone(
        "/docs/",
        &[
            "docs/getting-started.md",
            "docs/build-app/troubleshooting.md",
        ],
        &["src/docs/a.md", "docs"],
    );
    assert_eq!(
        owners(EXAMPLE, "docs/getting-started.md").unwrap(),
        ["@doctocat"]
    );
    assert_eq!(
        owners(EXAMPLE, "docs/build-app/troubleshooting.md").unwrap(),
        ["@doctocat"]
    );
}

/// `/scripts/ @doctocat @octocat`: any change inside /scripts requires approval from either.
#[test]
fn scripts_need_either_owner() {
    assert_alone(
        "/scripts/",
        &["scripts/deploy.sh", "scripts/ci/x.sh"],
        &["a/scripts/x.sh"],
    );
    assert_eq!(
        owners(EXAMPLE, "scripts/deploy.sh").unwrap(),
        ["@doctocat", "@octocat"]
    );
}

/// `**/logs @octocat`: any file in a logs directory such as /build/logs, /scripts/logs and
/// /deeply/nested/logs.
#[test]
fn logs_at_any_depth() {
    assert_alone(
        "**/logs",
        &[
            "build/logs/a.log",
            "scripts/logs/a.log",
            "deeply/nested/logs/a.log",
            "logs/a.log",
        ],
        &["build/logsx/a.log", "catalog/a.log"],
    );
    for p in [
        "build/logs/a.log",
        "scripts/logs/run.log",
        "deeply/nested/logs/x.log",
    ] {
        assert_eq!(owners(EXAMPLE, p).unwrap(), ["@octocat"], "{p}");
    }
}

/// `/apps/ @octocat` then `/apps/github` without owners: @octocat owns any file in /apps at the
/// root except the /apps/github subdirectory, whose owners are left empty.
#[test]
fn a_rule_without_owners_leaves_its_files_unowned() {
    assert_eq!(owners(EXAMPLE, "apps/main.rb").unwrap(), ["@octocat"]);
    assert_eq!(
        owners(EXAMPLE, "apps/github/main.rb").unwrap(),
        Vec::<String>::new()
    );
    assert_eq!(
        owners(EXAMPLE, "apps/github/logs/x.log").unwrap(),
        Vec::<String>::new()
    );
    // unowned is not unmatched
    assert_eq!(owners("/apps/ @octocat\n/apps/github\n", "README.md"), None);
}

/// "CODEOWNERS and branch protection": three `/apps/` rules; the last one decides.
#[test]
fn the_branch_protection_example() {
    let file = "/apps/ @doctocat\n/apps/ @doctocat @octocat\n/apps/ @example-org/content-team\n";
    assert_eq!(
        owners(file, "apps/index.js").unwrap(),
        ["@example-org/content-team"]
    );
}

/// "Syntax exceptions": escaping a leading `#` with `\`, `!` negation and `[ ]` ranges do not
/// work. Such lines are reported and match nothing.
#[test]
fn the_syntax_exceptions() {
    let c = Codeowners::parse("* @all\n\\#notes.md @a\n!*.js @b\n*.[ch] @c\n");
    let lines: Vec<usize> = c.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![2, 3, 4]);
    for path in ["#notes.md", "a.js", "x.c"] {
        assert_eq!(c.owner_rule(path.as_bytes()), Some(0), "{path}");
    }
}

/// Paths are case sensitive ("CODEOWNERS paths are case sensitive").
#[test]
fn paths_are_case_sensitive() {
    assert_eq!(owners("/Docs/ @a\n", "docs/x.md"), None);
    assert_eq!(owners("/Docs/ @a\n", "Docs/x.md").unwrap(), ["@a"]);
}
