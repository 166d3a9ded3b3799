//! Drift between a declared CODEOWNERS file and history: what the file says against who knows
//! the code. Every finding names the lines it is about.
//!
//! - **pattern errors**: lines GitHub skips (`!`, `[ ]`, `\#`, an owner that is none);
//! - **owners who are not authors**: rules whose owners, all known to history, author none of
//!   the files the rule decides (the last matching rule decides a file), with the active
//!   authors who do;
//! - **rules that decide no file**: a pattern that matches no analysed file (renamed, deleted,
//!   or excluded from analysis), or whose every file a later rule decides;
//! - **inactive owners**: owners who map to a contributor with no change in `active_days`;
//! - **owners unknown to history**: teams (their members are not known here) and logins or
//!   e-mails no contributor has (with the contributor whose e-mail's local part is the login,
//!   if exactly one: likely them, once `[github]` says so);
//! - **busy files without an owner**: the topmost directories whose every file is unowned (no
//!   rule, or a rule without owners), and the unowned files directly inside other directories,
//!   where they changed at least [`DriftOptions::busy_changes`] times in `active_days`.
//!
//! An owner maps to a contributor through the contributor's GitHub login (`[github]`, noreply
//! addresses; logins ignore case, as GitHub's do) or one of their e-mails (ignoring case).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::parse::{Codeowners, Owner};
use super::scope::{History, is_inside};
use crate::report::{Contributor, Report, paths};

#[derive(Debug, Clone)]
pub struct DriftOptions {
    /// Unowned files changed this many times in `active_days` are busy.
    pub busy_changes: u64,
    /// Active authors named for a rule or a busy directory.
    pub max_owners: usize,
}

impl Default for DriftOptions {
    fn default() -> Self {
        DriftOptions {
            busy_changes: 5,
            max_owners: 3,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Drift {
    pub head: String,
    pub reference_time: String,
    pub active_days: u32,
    pub busy_changes: u64,
    /// Lines with a pattern, skipped ones included.
    pub rules: usize,
    /// Analysed files, and how many of them some owner owns.
    pub files: usize,
    pub owned_files: usize,
    pub pattern_errors: Vec<PatternErrorRow>,
    pub owners_not_authors: Vec<OwnersNotAuthors>,
    pub rules_deciding_nothing: Vec<DeadRule>,
    pub inactive_owners: Vec<InactiveOwner>,
    pub unknown_owners: Vec<UnknownOwner>,
    pub busy_unowned: Vec<BusyUnowned>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PatternErrorRow {
    pub line: usize,
    pub text: String,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OwnersNotAuthors {
    pub line: usize,
    pub pattern: String,
    pub owners: Vec<String>,
    /// Files the rule decides.
    pub files: usize,
    /// Their active authors, most files first: who could own them.
    pub active_authors: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DeadRule {
    pub line: usize,
    pub pattern: String,
    /// `no_match` (no analysed file matches) or `overridden` (later rules decide every file
    /// it matches).
    pub why: &'static str,
    /// For `overridden`: the lines of the rules that decide its files.
    pub overridden_by: Vec<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct InactiveOwner {
    pub owner: String,
    pub contributor: String,
    pub last_change: Option<String>,
    pub lines: Vec<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnknownOwner {
    pub owner: String,
    /// `team`, `user` or `email`.
    pub kind: &'static str,
    pub lines: Vec<usize>,
    /// For a login: the one contributor whose e-mail's local part it is (a `[github]` entry
    /// would make them the owner).
    pub perhaps: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BusyUnowned {
    /// The directory (`""` is the repository root), as the report writes paths.
    pub path: String,
    /// Only the files directly inside it (the directory has owned files elsewhere).
    pub direct_files_only: bool,
    pub files: usize,
    pub recent_changes: u64,
    /// Active authors of these files, most files first: who could own them.
    pub active_authors: Vec<String>,
}

impl Drift {
    /// Findings of every kind together: 0 means the file agrees with history.
    pub fn findings(&self) -> usize {
        self.pattern_errors.len()
            + self.owners_not_authors.len()
            + self.rules_deciding_nothing.len()
            + self.inactive_owners.len()
            + self.unknown_owners.len()
            + self.busy_unowned.len()
    }
}

/// Who an owner of the file is in history.
pub struct People<'r> {
    by_login: HashMap<String, &'r Contributor>,
    by_email: HashMap<String, &'r Contributor>,
    /// E-mail local part → the contributors using it.
    by_local: HashMap<String, Vec<&'r Contributor>>,
}

impl<'r> People<'r> {
    pub fn new(report: &'r Report) -> People<'r> {
        let mut by_login = HashMap::new();
        let mut by_email = HashMap::new();
        let mut by_local: HashMap<String, Vec<&Contributor>> = HashMap::new();
        for c in &report.contributors {
            for e in &c.emails {
                if let Some((local, _)) = e.split_once('@') {
                    let those = by_local.entry(local.to_lowercase()).or_default();
                    if !those.iter().any(|x| x.id == c.id) {
                        those.push(c);
                    }
                }
            }
            if let Some(login) = &c.github {
                by_login.entry(login.to_lowercase()).or_insert(c);
            }
            for e in std::iter::once(&c.id).chain(&c.emails) {
                by_email.entry(e.to_lowercase()).or_insert(c);
            }
        }
        People {
            by_login,
            by_email,
            by_local,
        }
    }

    /// The contributor a login not known to history most likely is: the only one with an
    /// e-mail whose local part is the login.
    pub fn perhaps(&self, login: &str) -> Option<&'r Contributor> {
        match self.by_local.get(&login.to_lowercase())?.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }

    /// The contributor an owner names, if history knows them (never for a team).
    pub fn find(&self, owner: &Owner) -> Option<&'r Contributor> {
        match owner {
            Owner::User(login) => self.by_login.get(&login.to_lowercase()).copied(),
            Owner::Email(e) => self.by_email.get(&e.to_lowercase()).copied(),
            Owner::Team(_) => None,
        }
    }
}

pub fn drift(report: &Report, codeowners: &Codeowners, opts: &DriftOptions) -> Drift {
    let history = History::new(report);
    let people = People::new(report);
    let n = report.files.len();
    // per file: the rule that decides it; per rule: the files it decides, and those it matches
    let deciding: Vec<Option<usize>> = history
        .paths
        .iter()
        .map(|p| codeowners.owner_rule(p))
        .collect();
    let mut decided: Vec<Vec<usize>> = vec![Vec::new(); codeowners.rules.len()];
    for (f, r) in deciding.iter().enumerate() {
        if let Some(r) = r {
            decided[*r].push(f);
        }
    }
    let owned: Vec<bool> = deciding
        .iter()
        .map(|r| r.is_some_and(|r| !codeowners.rules[r].owners.is_empty()))
        .collect();

    let mut owners_not_authors = Vec::new();
    let mut dead = Vec::new();
    for (i, rule) in codeowners.rules.iter().enumerate() {
        let Some(matcher) = &rule.matcher else {
            continue;
        };
        let files = &decided[i];
        if files.is_empty() {
            let matched: Vec<usize> = (0..n)
                .filter(|&f| matcher.matches(&history.paths[f]))
                .collect();
            let mut by: Vec<usize> = matched
                .iter()
                .filter_map(|&f| deciding[f].map(|r| codeowners.rules[r].line))
                .collect();
            by.sort_unstable();
            by.dedup();
            dead.push(DeadRule {
                line: rule.line,
                pattern: rule.pattern.clone(),
                why: if matched.is_empty() {
                    "no_match"
                } else {
                    "overridden"
                },
                overridden_by: by,
            });
            continue;
        }
        let known: Vec<&Contributor> = rule.owners.iter().filter_map(|o| people.find(o)).collect();
        if known.is_empty() || known.len() < rule.owners.len() {
            // no owner; or a team or a stranger among them, who may well author the files
            // (they are reported as unknown): judging the others alone would be a guess
            continue;
        }
        let authors_any = files.iter().any(|&f| {
            report.files[f]
                .authors
                .iter()
                .any(|a| known.iter().any(|c| &c.id == a))
        });
        if !authors_any {
            owners_not_authors.push(OwnersNotAuthors {
                line: rule.line,
                pattern: rule.pattern.clone(),
                owners: rule.owners.iter().map(Owner::text).collect(),
                files: files.len(),
                active_authors: top(&history, files, opts.max_owners),
            });
        }
    }

    let (inactive_owners, unknown_owners) = owner_findings(codeowners, &people);
    Drift {
        head: report.repository.head.clone(),
        reference_time: report.repository.reference_time.clone(),
        active_days: report.settings.active_days,
        busy_changes: opts.busy_changes,
        rules: codeowners.rules.len(),
        files: n,
        owned_files: owned.iter().filter(|&&o| o).count(),
        pattern_errors: codeowners
            .errors
            .iter()
            .map(|e| PatternErrorRow {
                line: e.line,
                text: e.text.clone(),
                message: e.message.clone(),
            })
            .collect(),
        owners_not_authors,
        rules_deciding_nothing: dead,
        inactive_owners,
        unknown_owners,
        busy_unowned: busy_unowned(&history, &owned, opts),
    }
}

fn top(history: &History<'_>, files: &[usize], n: usize) -> Vec<String> {
    history
        .active_authors(files)
        .into_iter()
        .take(n)
        .map(|(id, _)| id.to_owned())
        .collect()
}

/// Each distinct owner of the file once, in order of first appearance, with its lines.
fn owner_findings(
    codeowners: &Codeowners,
    people: &People<'_>,
) -> (Vec<InactiveOwner>, Vec<UnknownOwner>) {
    let mut lines: BTreeMap<&Owner, Vec<usize>> = BTreeMap::new();
    let mut order: Vec<&Owner> = Vec::new();
    // a skipped line (a pattern error) owns nothing: its owners are not judged
    for rule in codeowners.rules.iter().filter(|r| r.matcher.is_some()) {
        for o in &rule.owners {
            let l = lines.entry(o).or_insert_with(|| {
                order.push(o);
                Vec::new()
            });
            if l.last() != Some(&rule.line) {
                l.push(rule.line);
            }
        }
    }
    let mut inactive = Vec::new();
    let mut unknown = Vec::new();
    for o in order {
        let lines = lines[o].clone();
        match people.find(o) {
            Some(c) if !c.active => inactive.push(InactiveOwner {
                owner: o.text(),
                contributor: c.id.clone(),
                last_change: c.last_change.clone(),
                lines,
            }),
            Some(_) => {}
            None => unknown.push(UnknownOwner {
                owner: o.text(),
                kind: match o {
                    Owner::Team(_) => "team",
                    Owner::User(_) => "user",
                    Owner::Email(_) => "email",
                },
                lines,
                perhaps: match o {
                    Owner::User(login) => people.perhaps(login).map(|c| c.id.clone()),
                    _ => None,
                },
            }),
        }
    }
    (inactive, unknown)
}

/// The topmost directories whose every file is unowned, and the unowned files directly inside
/// the other directories, where their changes in `active_days` reach `busy_changes`. Together
/// they hold every unowned file once.
fn busy_unowned(history: &History<'_>, owned: &[bool], opts: &DriftOptions) -> Vec<BusyUnowned> {
    let report = history.report;
    let dirs = history.directories();
    let mut out = Vec::new();
    let mut covered: Vec<&[u8]> = Vec::new(); // reported (or quiet) wholly unowned directories
    for (dir, files) in &dirs {
        if covered.iter().any(|c| is_inside(dir, c)) {
            continue;
        }
        let all_unowned = files.iter().all(|&f| !owned[f]);
        let group: Vec<usize> = if all_unowned {
            covered.push(dir);
            files.clone()
        } else {
            files
                .iter()
                .copied()
                .filter(|&f| !owned[f] && is_direct_child(&history.paths[f], dir))
                .collect()
        };
        let recent: u64 = group.iter().map(|&f| report.files[f].recent_changes).sum();
        if group.is_empty() || recent < opts.busy_changes {
            continue;
        }
        out.push(BusyUnowned {
            path: paths::text(dir),
            direct_files_only: !all_unowned,
            files: group.len(),
            recent_changes: recent,
            active_authors: top(history, &group, opts.max_owners),
        });
    }
    out.sort_by(|a, b| {
        b.recent_changes
            .cmp(&a.recent_changes)
            .then(a.path.cmp(&b.path))
    });
    out
}

fn is_direct_child(path: &[u8], dir: &[u8]) -> bool {
    is_inside(path, dir) && !path[if dir.is_empty() { 0 } else { dir.len() + 1 }..].contains(&b'/')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codeowners::testkit::{report, with_recent};

    /// dana: active, ml/; sam: active, serving/; tara: inactive, serving/Metrics; login `dpark`.
    fn sample() -> Report {
        let mut r = report(
            &[
                ("dana@ds.org", true, Some("dpark")),
                ("sam@se.org", true, None),
                ("tara@se.org", false, None),
            ],
            &[
                ("README.md", &["dana@ds.org"]),
                ("ml/train.py", &["dana@ds.org"]),
                ("ml/data.py", &["dana@ds.org"]),
                ("ml/eval/e.py", &["dana@ds.org"]),
                ("serving/S.scala", &["sam@se.org"]),
                ("serving/M.scala", &["tara@se.org"]),
                ("tools/a.sh", &["sam@se.org"]),
                ("tools/b.sh", &["sam@se.org"]),
            ],
        );
        with_recent(
            &mut r,
            &[
                ("ml/train.py", 4),
                ("ml/eval/e.py", 3),
                ("tools/a.sh", 5),
                ("README.md", 6),
            ],
        );
        r
    }

    #[test]
    fn every_kind_of_drift() {
        let co = Codeowners::parse(
            "/serving/ @DPark tara@SE.org\n\
             /ml/*.py @dpark\n\
             /old/ @dpark\n\
             /ml/data.py @ghost @org/ml-team\n\
             /ml/data.py @dpark\n\
             !/tools/ @sam\n",
        );
        let d = drift(&sample(), &co, &DriftOptions::default());
        let errors: Vec<usize> = d.pattern_errors.iter().map(|e| e.line).collect();
        assert_eq!(errors, vec![6]);
        // /serving/'s owners are dana (by login, in any case) and tara (by e-mail, in any
        // case); tara authors M.scala, so the rule has an author among its owners.
        assert!(
            d.owners_not_authors.is_empty(),
            "{:?}",
            d.owners_not_authors
        );
        let dead: Vec<(usize, &str, Vec<usize>)> = d
            .rules_deciding_nothing
            .iter()
            .map(|r| (r.line, r.why, r.overridden_by.clone()))
            .collect();
        assert_eq!(
            dead,
            vec![(3, "no_match", vec![]), (4, "overridden", vec![5])]
        );
        let inactive: Vec<(&str, &str, &[usize])> = d
            .inactive_owners
            .iter()
            .map(|o| (o.owner.as_str(), o.contributor.as_str(), &o.lines[..]))
            .collect();
        assert_eq!(inactive, vec![("tara@SE.org", "tara@se.org", &[1][..])]);
        let unknown: Vec<(&str, &str)> = d
            .unknown_owners
            .iter()
            .map(|o| (o.owner.as_str(), o.kind))
            .collect();
        assert_eq!(unknown, vec![("@ghost", "user"), ("@org/ml-team", "team")]);
        // unowned: README (6 recent, root file), ml/eval/e.py (3: `/ml/*.py` is one level),
        // tools/ (a.sh 5; the `!` line is skipped). Busy at 5: tools/ and the root's own files.
        let busy: Vec<(&str, bool, u64)> = d
            .busy_unowned
            .iter()
            .map(|b| (b.path.as_str(), b.direct_files_only, b.recent_changes))
            .collect();
        assert_eq!(busy, vec![("", true, 6), ("tools", false, 5)]);
        assert_eq!(d.busy_unowned[1].active_authors, vec!["sam@se.org"]);
        assert_eq!(d.owned_files, 4);
        assert_eq!(d.findings(), 1 + 2 + 1 + 2 + 2);
    }

    #[test]
    fn owners_who_author_none_of_their_files() {
        let co = Codeowners::parse(
            "* @dpark\n/serving/ @dpark\n/tools/ @org/se\n/ml/eval/ sam@se.org @sam\n",
        );
        let d = drift(&sample(), &co, &DriftOptions::default());
        let rows: Vec<(usize, usize, Vec<String>)> = d
            .owners_not_authors
            .iter()
            .map(|r| (r.line, r.files, r.active_authors.clone()))
            .collect();
        // line 3 has only a team, line 4 a login history does not know beside sam: not judged
        // (a team or an unknown login may author the files)
        assert_eq!(rows, vec![(2, 2, vec!["sam@se.org".to_string()])]);
        assert!(d.busy_unowned.is_empty());
        // @sam is likely sam@se.org, who has no [github] login
        assert_eq!(d.unknown_owners[1].owner, "@sam");
        assert_eq!(d.unknown_owners[1].perhaps.as_deref(), Some("sam@se.org"));
        assert_eq!(d.unknown_owners[0].perhaps, None);
    }

    #[test]
    fn no_rule_at_all_leaves_the_whole_repository_busy() {
        let d = drift(&sample(), &Codeowners::default(), &DriftOptions::default());
        let busy: Vec<(&str, bool, usize, u64)> = d
            .busy_unowned
            .iter()
            .map(|b| {
                (
                    b.path.as_str(),
                    b.direct_files_only,
                    b.files,
                    b.recent_changes,
                )
            })
            .collect();
        assert_eq!(busy, vec![("", false, 8, 18)]);
        assert_eq!(
            d.busy_unowned[0].active_authors,
            vec!["dana@ds.org", "sam@se.org"]
        );
    }
}
