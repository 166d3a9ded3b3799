//! A CODEOWNERS file from history: `*` for the whole repository, then one rule per directory
//! whose owners differ from those of the rule above it. A directory's owners are its active
//! authors (people who author files of its subtree and changed something in `active_days`),
//! most files authored first, at most [`GenerateOptions::max_owners`]. A directory with no active
//! author gets a comment that says so and a rule without owners, not the owners above it (who do
//! not know it). Small directories share their parent's rule: the smallest directory that gets
//! a rule of its own grows until the file has at most [`GenerateOptions::max_rules`] rules.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::parse::{Owner, is_email, is_login};
use super::scope::{History, ancestors};
use crate::report::escape::{is_hostile, terminal};
use crate::report::{Contributor, Report, paths};

#[derive(Debug, Clone)]
pub struct GenerateOptions {
    /// Owners per rule (GitHub requests a review from each: keep them few).
    pub max_owners: usize,
    /// Rules besides `*`.
    pub max_rules: usize,
    /// Directories with fewer files share the rule above them.
    pub min_files: usize,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            max_owners: 3,
            max_rules: 40,
            min_files: 3,
        }
    }
}

/// The generated file, as data (`--format json`) and as text ([`Generated::text`]).
#[derive(Debug, Clone, Serialize)]
pub struct Generated {
    pub head: String,
    pub reference_time: String,
    pub active_days: u32,
    pub max_owners: usize,
    /// The smallest directory (in files) that got a rule of its own.
    pub min_files: usize,
    pub rules: Vec<GeneratedRule>,
    /// Directories that needed a rule but whose path a CODEOWNERS pattern cannot express.
    pub skipped: Vec<Skipped>,
    /// What the user should know (people left out, paths skipped), one line each.
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GeneratedRule {
    /// The directory (`""` for the whole repository), as the report writes paths.
    pub path: String,
    pub pattern: String,
    /// As written in the file: `@login` or an e-mail.
    pub owners: Vec<String>,
    /// The contributor ids behind `owners`.
    pub people: Vec<String>,
    /// Files of the directory's subtree.
    pub files: usize,
    /// Why the rule has no owners, when it has none.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub path: String,
    pub why: String,
}

/// One directory's candidate rule.
struct Candidate<'r> {
    dir: &'r [u8],
    files: usize,
    /// Expressible active authors, ranked, cut to `max_owners`.
    owners: Vec<(&'r str, Owner)>,
    /// Active authors left out because no owner can name them.
    unnamed: usize,
    /// Authors who are not active (for the note of an orphaned directory).
    inactive: Vec<&'r str>,
}

impl Candidate<'_> {
    fn set(&self) -> BTreeSet<&str> {
        self.owners.iter().map(|(id, _)| *id).collect()
    }
}

pub fn generate(report: &Report, opts: &GenerateOptions) -> Generated {
    let history = History::new(report);
    let dirs = history.directories();
    let mut warnings = Vec::new();
    let mut unnamed_people = BTreeSet::new();
    let candidates: Vec<Candidate> = dirs
        .iter()
        .map(|(dir, files)| {
            let mut owners = Vec::new();
            let mut unnamed = 0;
            for (id, _) in history.active_authors(files) {
                match history.person(id).map(owner_of) {
                    Some(Ok(o)) if owners.len() < opts.max_owners => owners.push((id, o)),
                    Some(Ok(_)) => {}
                    _ => {
                        unnamed += 1;
                        unnamed_people.insert(id);
                    }
                }
            }
            let inactive = history
                .authors(files, false)
                .into_iter()
                .map(|(id, _)| id)
                .filter(|id| history.person(id).is_none_or(|c| !c.active))
                .take(opts.max_owners)
                .collect();
            Candidate {
                dir,
                files: files.len(),
                owners,
                unnamed,
                inactive,
            }
        })
        .collect();
    for id in &unnamed_people {
        warnings.push(format!(
            "{}: no GitHub login and no e-mail a CODEOWNERS file can hold; left out (add a [github] entry)",
            terminal(id)
        ));
    }

    // the smallest threshold (a directory size) that keeps the rules within max_rules
    let mut sizes: Vec<usize> = candidates
        .iter()
        .map(|c| c.files)
        .filter(|&n| n >= opts.min_files)
        .collect();
    sizes.sort_unstable();
    sizes.dedup();
    let mut min_files = opts.min_files;
    let mut picked = pick(&candidates, min_files);
    for &n in &sizes {
        if picked.0.len() <= opts.max_rules + 1 {
            break;
        }
        min_files = n + 1;
        picked = pick(&candidates, min_files);
    }
    let (chosen, skipped) = picked;
    for s in &skipped {
        warnings.push(format!(
            "{}: {}; its files keep the rule above it",
            terminal(&s.path),
            s.why
        ));
    }
    let rules = chosen
        .into_iter()
        .map(|(c, pattern)| rule(c, pattern, report.settings.active_days))
        .collect();
    Generated {
        head: report.repository.head.clone(),
        reference_time: report.repository.reference_time.clone(),
        active_days: report.settings.active_days,
        max_owners: opts.max_owners,
        min_files,
        rules,
        skipped,
        warnings,
    }
}

/// The rules with directories of at least `min_files` files: the root's, then each directory
/// whose owners differ from those of the nearest rule above it.
fn pick<'c, 'r>(
    candidates: &'c [Candidate<'r>],
    min_files: usize,
) -> (Vec<(&'c Candidate<'r>, String)>, Vec<Skipped>) {
    let mut chosen = Vec::new();
    let mut skipped = Vec::new();
    let mut owners_of: BTreeMap<&[u8], BTreeSet<&str>> = BTreeMap::new();
    for c in candidates {
        if c.dir.is_empty() {
            owners_of.insert(c.dir, c.set());
            chosen.push((c, "*".to_owned()));
            continue;
        }
        if c.files < min_files {
            continue;
        }
        let above = ancestors(c.dir)
            .find_map(|a| owners_of.get(a))
            .cloned()
            .unwrap_or_default();
        let set = c.set();
        if set == above {
            continue;
        }
        match directory_pattern(c.dir) {
            Ok(pattern) => {
                owners_of.insert(c.dir, set);
                chosen.push((c, pattern));
            }
            Err(why) => skipped.push(Skipped {
                path: paths::text(c.dir),
                why: why.to_owned(),
            }),
        }
    }
    (chosen, skipped)
}

fn rule(c: &Candidate<'_>, pattern: String, active_days: u32) -> GeneratedRule {
    let note = c.owners.is_empty().then(|| {
        if c.unnamed > 0 {
            "no active author with a GitHub login or a usable e-mail".to_owned()
        } else if c.inactive.is_empty() {
            "no author".to_owned()
        } else {
            format!(
                "no active author; its authors ({}) made no change in the last {active_days} days",
                c.inactive.join(", ")
            )
        }
    });
    GeneratedRule {
        path: paths::text(c.dir),
        pattern,
        owners: c.owners.iter().map(|(_, o)| o.text()).collect(),
        people: c.owners.iter().map(|(id, _)| (*id).to_owned()).collect(),
        files: c.files,
        note,
    }
}

/// How a contributor is named as an owner: `@login` from `[github]` or a noreply address, else
/// an e-mail address.
pub fn owner_of(c: &Contributor) -> Result<Owner, String> {
    if let Some(login) = c.github.as_deref().filter(|l| is_login(l)) {
        return Ok(Owner::User(login.to_owned()));
    }
    std::iter::once(&c.id)
        .chain(&c.emails)
        .find(|e| is_email(e))
        .map(|e| Owner::Email(e.clone()))
        .ok_or_else(|| format!("{}: no GitHub login and no usable e-mail", c.id))
}

/// The anchored pattern `/dir/` that owns exactly the subtree of `dir`, escaped; or why none can.
/// GitHub documents no way to write `#` (escaping it does not work) or `[ ]` (ranges do not), so
/// paths holding them are not expressed; nor are paths that are not UTF-8 or hold control or
/// invisible characters (a CODEOWNERS file must not hide what it says).
pub fn directory_pattern(dir: &[u8]) -> Result<String, &'static str> {
    let Ok(dir) = std::str::from_utf8(dir) else {
        return Err("the path is not UTF-8");
    };
    let mut out = String::with_capacity(dir.len() + 4);
    out.push('/');
    for c in dir.chars() {
        match c {
            '#' => {
                return Err("a CODEOWNERS pattern cannot hold `#` (GitHub reads no escape for it)");
            }
            '[' | ']' => {
                return Err(
                    "a CODEOWNERS pattern cannot hold `[` or `]` (GitHub does not support them)",
                );
            }
            c if is_hostile(c) || (c.is_whitespace() && c != ' ') => {
                return Err("the path holds control, invisible or unusual space characters");
            }
            ' ' | '*' | '?' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push('/');
    Ok(out)
}

impl Generated {
    /// The CODEOWNERS file: a header that says how it was made, then the rules.
    pub fn text(&self) -> String {
        let mut o = String::new();
        let head = &self.head[..self.head.len().min(12)];
        let day: String = self.reference_time.chars().take(10).collect();
        o.push_str(&format!(
            "# CODEOWNERS generated by mlowners from the history up to commit {head} ({day}).\n\
             # Owners are each directory's active authors: people who author its files (degree of\n\
             # authorship) and changed something in the {} days before that commit, at most {},\n\
             # most files first. A directory has a rule of its own only where its owners differ\n\
             # from the rule above it (directories of {}+ files). Owners are GitHub logins where\n\
             # known ([github] in .mlowners.toml, noreply addresses), else e-mails, which GitHub\n\
             # accepts only when verified on the owner's account. The last matching rule wins.\n\
             # Compare with history later: mlowners codeowners --check CODEOWNERS\n",
            self.active_days, self.max_owners, self.min_files
        ));
        let width = self
            .rules
            .iter()
            .map(|r| r.pattern.chars().count())
            .max()
            .unwrap_or(1)
            .min(40);
        o.push('\n');
        for r in &self.rules {
            if let Some(note) = &r.note {
                o.push_str(&format!(
                    "# {}: {}\n",
                    comment_text(&r.pattern),
                    comment_text(note)
                ));
            }
            if r.owners.is_empty() {
                o.push_str(&format!("{}\n", r.pattern));
            } else {
                o.push_str(&format!("{:<width$} {}\n", r.pattern, r.owners.join(" ")));
            }
        }
        if self.rules.is_empty() {
            o.push_str("# no analysed file: no rule\n");
        }
        o
    }
}

/// Text for a comment line: nothing in it may end the line or hide what follows.
fn comment_text(s: &str) -> String {
    terminal(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codeowners::parse::Codeowners;
    use crate::codeowners::testkit::{person, report};

    #[test]
    fn patterns_are_escaped_or_refused() {
        assert_eq!(directory_pattern(b"ml").unwrap(), "/ml/");
        assert_eq!(
            directory_pattern(b"my models/v*?\\x").unwrap(),
            "/my\\ models/v\\*\\?\\\\x/"
        );
        assert_eq!(directory_pattern(b"!important").unwrap(), "/!important/");
        assert!(directory_pattern(b"a#b").is_err());
        assert!(directory_pattern(b"#notes").is_err());
        assert!(directory_pattern(b"a[1]").is_err());
        assert!(directory_pattern(b"tab\there").is_err());
        assert!(directory_pattern("a\u{202e}b".as_bytes()).is_err());
        assert!(directory_pattern(b"m\xff").is_err());
    }

    #[test]
    fn escaped_patterns_match_exactly_their_directory() {
        for dir in ["my models/v*?\\x", "!important", "模型 训练", "a/b c/d"] {
            let pattern = directory_pattern(dir.as_bytes()).unwrap();
            let c = Codeowners::parse(&format!("{pattern} @a\n"));
            assert!(c.errors.is_empty(), "{pattern}: {:?}", c.errors);
            let inside = format!("{dir}/x/y.py");
            assert_eq!(c.owner_rule(inside.as_bytes()), Some(0), "{pattern}");
            let beside = format!("{dir}x/y.py");
            assert_eq!(c.owner_rule(beside.as_bytes()), None, "{pattern}");
            let other = format!("q/{dir}/y.py");
            assert_eq!(c.owner_rule(other.as_bytes()), None, "{pattern}");
        }
    }

    #[test]
    fn owners_are_logins_else_e_mails() {
        let mut p = person("ana@x.org", true);
        assert_eq!(owner_of(&p).unwrap().text(), "ana@x.org");
        p.github = Some("anasato".into());
        assert_eq!(owner_of(&p).unwrap().text(), "@anasato");
        p.github = Some("not a login".into());
        assert_eq!(owner_of(&p).unwrap().text(), "ana@x.org");
        let mut q = person("Ana Sato", true);
        q.emails = vec!["ana sato@x".into(), "ana@y.org".into()];
        assert_eq!(owner_of(&q).unwrap().text(), "ana@y.org");
        q.emails.pop();
        assert!(owner_of(&q).is_err());
    }

    /// a: active, authors ml/ and most of the root; b: active, serving/; c: inactive, legacy/;
    /// d: active, one file of ml/features/.
    fn sample() -> Report {
        report(
            &[
                ("a@x.org", true, Some("alice")),
                ("b@x.org", true, None),
                ("c@x.org", false, None),
                ("d@x.org", true, Some("dee")),
            ],
            &[
                ("README.md", &["a@x.org"]),
                ("legacy/a.py", &["c@x.org"]),
                ("legacy/b.py", &["c@x.org"]),
                ("legacy/c.py", &["c@x.org"]),
                ("ml/train.py", &["a@x.org"]),
                ("ml/features/f1.py", &["a@x.org", "d@x.org"]),
                ("ml/features/f2.py", &["d@x.org"]),
                ("ml/features/f3.py", &["d@x.org"]),
                ("ml/tiny/t.py", &["b@x.org"]),
                ("serving/S.scala", &["b@x.org"]),
                ("serving/R.scala", &["b@x.org"]),
                ("serving/M.scala", &["b@x.org", "a@x.org"]),
            ],
        )
    }

    #[test]
    fn one_rule_per_directory_whose_owners_differ() {
        let g = generate(&sample(), &GenerateOptions::default());
        let rules: Vec<(&str, Vec<&str>)> = g
            .rules
            .iter()
            .map(|r| {
                (
                    r.pattern.as_str(),
                    r.owners.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        // root: a 4 files, b 4, d 3 (a before b by id); ml: d 3, a 2, b 1 — the same set: no
        // rule; ml/features: d 3, a 1 — differs; ml/tiny has 1 file (< 3): no rule; legacy:
        // nobody active.
        assert_eq!(
            rules,
            vec![
                ("*", vec!["@alice", "b@x.org", "@dee"]),
                ("/legacy/", vec![]),
                ("/ml/features/", vec!["@dee", "@alice"]),
                ("/serving/", vec!["b@x.org", "@alice"]),
            ]
        );
        assert_eq!(
            g.rules[1].note.as_deref(),
            Some("no active author; its authors (c@x.org) made no change in the last 180 days")
        );
        let text = g.text();
        assert!(text.contains("\n# /legacy/: no active author; its authors (c@x.org)"));
        assert!(text.contains("\n/legacy/\n"), "{text}");
        assert!(text.contains("\n/ml/features/ @dee @alice\n"), "{text}");
        // what the file says is what the generator meant
        let parsed = Codeowners::parse(&text);
        assert!(parsed.errors.is_empty());
        assert_eq!(parsed.rules.len(), 4);
        let rule_of = |p: &str| {
            parsed
                .owner_rule(p.as_bytes())
                .map(|i| parsed.rules[i].line)
        };
        assert_eq!(rule_of("ml/tiny/t.py"), rule_of("README.md"));
        assert!(parsed.rules[1].owners.is_empty());
    }

    #[test]
    fn the_rule_count_is_capped_by_raising_the_directory_size() {
        let g = generate(
            &sample(),
            &GenerateOptions {
                max_rules: 1,
                ..GenerateOptions::default()
            },
        );
        let patterns: Vec<&str> = g.rules.iter().map(|r| r.pattern.as_str()).collect();
        // ml (5 files) needs no rule; serving and legacy and ml/features have 3: only a
        // threshold above 3 leaves at most one rule besides `*`, and then none is left.
        assert_eq!(patterns, vec!["*"]);
        assert_eq!(g.min_files, 4);
        assert!(g.text().contains("(directories of 4+ files)"));
    }

    #[test]
    fn unexpressible_directories_are_skipped_with_a_warning() {
        let r = report(
            &[("a@x.org", true, None), ("b@x.org", true, None)],
            &[
                ("x.py", &["a@x.org"]),
                ("notes#1/a", &["b@x.org"]),
                ("notes#1/b", &["b@x.org"]),
                ("notes#1/c", &["b@x.org"]),
            ],
        );
        let g = generate(&r, &GenerateOptions::default());
        assert_eq!(g.rules.len(), 1);
        assert_eq!(g.skipped[0].path, "notes#1");
        assert!(g.warnings[0].starts_with("notes#1: a CODEOWNERS pattern cannot hold `#`"));
    }

    #[test]
    fn untrusted_text_cannot_break_out_of_a_comment() {
        let r = report(
            &[("evil\n* @attacker@x.org", false, None)],
            &[("a/1", &["evil\n* @attacker@x.org"])],
        );
        let g = generate(
            &r,
            &GenerateOptions {
                min_files: 1,
                ..GenerateOptions::default()
            },
        );
        let text = g.text();
        assert!(!text.contains("\n* @attacker"), "{text}");
        assert!(
            Codeowners::parse(&text)
                .rules
                .iter()
                .all(|r| r.owners.is_empty())
        );
    }
}
