//! `mlowners codeowners` output: the drift check as text or JSON, the generated file as JSON.
//! Patterns, owners, e-mails and paths come from the repository and the CODEOWNERS file:
//! untrusted, so escaped for the terminal (text) or made inert (JSON).

use serde::Serialize;

use super::drift::Drift;
use super::generate::Generated;
use crate::report::escape::{self, terminal};

#[derive(Serialize)]
struct DriftJson<'a> {
    schema_version: u32,
    codeowners: &'a str,
    findings: usize,
    #[serde(flatten)]
    drift: &'a Drift,
}

/// `codeowners` is the checked file as the user named it.
pub fn drift_json(d: &Drift, codeowners: &str) -> String {
    let v = DriftJson {
        schema_version: 1,
        codeowners,
        findings: d.findings(),
        drift: d,
    };
    let mut s = serde_json::to_string_pretty(&v).expect("the drift serialises");
    s.push('\n');
    escape::json(s)
}

pub fn generated_json(g: &Generated) -> String {
    let mut s = serde_json::to_string_pretty(g).expect("the rules serialise");
    s.push('\n');
    escape::json(s)
}

fn lines(ls: &[usize]) -> String {
    let list: Vec<String> = ls.iter().map(|l| l.to_string()).collect();
    format!(
        "{} {}",
        if ls.len() == 1 { "line" } else { "lines" },
        list.join(", ")
    )
}

fn files(n: usize) -> String {
    format!("{n} {}", if n == 1 { "file" } else { "files" })
}

fn dir(path: &str) -> String {
    if path.is_empty() {
        "(the repository root)".into()
    } else {
        format!("{}/", terminal(path))
    }
}

fn people(ids: &[String]) -> String {
    if ids.is_empty() {
        "none active".into()
    } else {
        terminal(&ids.join(", "))
    }
}

pub fn drift_text(d: &Drift, codeowners: &str) -> String {
    let mut o = String::new();
    let head = &d.head[..d.head.len().min(12)];
    let day: String = d.reference_time.chars().take(10).collect();
    o.push_str(&format!(
        "CODEOWNERS drift: {} against the history up to {head} ({day})\n",
        terminal(codeowners)
    ));
    o.push_str(&format!(
        "{} rules; {} analysed files, {} of them with an owner; active = a change in the last {} days\n",
        d.rules, d.files, d.owned_files, d.active_days
    ));
    if d.findings() == 0 {
        o.push_str("No drift: every owner is active and authors what they own; no busy file lacks an owner.\n");
        return o;
    }
    o.push_str(&format!("{} findings\n", d.findings()));

    let section = |o: &mut String, title: String, rows: Vec<String>| {
        if rows.is_empty() {
            return;
        }
        o.push_str(&format!("\n{title}\n"));
        for r in rows {
            o.push_str(&format!("  {r}\n"));
        }
    };
    section(
        &mut o,
        "PATTERN ERRORS (GitHub skips these lines)".into(),
        d.pattern_errors
            .iter()
            .map(|e| {
                format!(
                    "line {}: {}\n    {}",
                    e.line,
                    terminal(e.text.trim()),
                    terminal(&e.message)
                )
            })
            .collect(),
    );
    section(
        &mut o,
        "RULES WHOSE OWNERS AUTHOR NONE OF THEIR FILES (teams and unknown owners not judged)"
            .into(),
        d.owners_not_authors
            .iter()
            .map(|r| {
                format!(
                    "line {}: {} {} ({}); their active authors: {}",
                    r.line,
                    terminal(&r.pattern),
                    terminal(&r.owners.join(" ")),
                    files(r.files),
                    people(&r.active_authors)
                )
            })
            .collect(),
    );
    section(
        &mut o,
        "RULES THAT DECIDE NO FILE".into(),
        d.rules_deciding_nothing
            .iter()
            .map(|r| {
                let why = if r.why == "no_match" {
                    "matches no analysed file (renamed, deleted or excluded?)".to_owned()
                } else {
                    format!(
                        "every file it matches is decided by {}",
                        lines(&r.overridden_by)
                    )
                };
                format!("line {}: {}: {why}", r.line, terminal(&r.pattern))
            })
            .collect(),
    );
    section(
        &mut o,
        format!(
            "INACTIVE OWNERS (no change in the last {} days)",
            d.active_days
        ),
        d.inactive_owners
            .iter()
            .map(|x| {
                let last: String = x
                    .last_change
                    .as_deref()
                    .map_or("-".into(), |t| t.chars().take(10).collect());
                let who = if x.owner.eq_ignore_ascii_case(&x.contributor) {
                    terminal(&x.owner)
                } else {
                    format!("{} = {}", terminal(&x.owner), terminal(&x.contributor))
                };
                format!("{who}: last change {last} ({})", lines(&x.lines))
            })
            .collect(),
    );
    section(
        &mut o,
        "OWNERS UNKNOWN TO HISTORY".into(),
        d.unknown_owners
            .iter()
            .map(|x| {
                let why = match x.kind {
                    "team" => "a team: its members are not known to history",
                    "user" => {
                        "no contributor has this login ([github] maps e-mails to logins; or a team)"
                    }
                    _ => "no contributor has this e-mail (they never committed here under it)",
                };
                let perhaps = x.perhaps.as_deref().map_or(String::new(), |id| {
                    format!("; perhaps {} (say so in [github])", terminal(id))
                });
                format!(
                    "{}: {why}{perhaps} ({})",
                    terminal(&x.owner),
                    lines(&x.lines)
                )
            })
            .collect(),
    );
    section(
        &mut o,
        format!(
            "BUSY FILES WITHOUT AN OWNER ({}+ changes in the last {} days)",
            d.busy_changes, d.active_days
        ),
        d.busy_unowned
            .iter()
            .map(|b| {
                format!(
                    "{}{}: {} changes to {}; active authors: {}",
                    dir(&b.path),
                    if b.direct_files_only {
                        " (the files directly in it)"
                    } else {
                        ""
                    },
                    b.recent_changes,
                    files(b.files),
                    people(&b.active_authors)
                )
            })
            .collect(),
    );
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codeowners::drift::{DriftOptions, drift};
    use crate::codeowners::parse::Codeowners;
    use crate::codeowners::testkit::{report, with_recent};

    #[test]
    fn hostile_text_is_escaped() {
        let mut r = report(
            &[("ana\x1b[31m@x.org", true, None)],
            &[
                ("b.py", &["ana\x1b[31m@x.org"]),
                ("ml\u{202e}/a.py", &["ana\x1b[31m@x.org"]),
            ],
        );
        with_recent(&mut r, &[("ml\u{202e}/a.py", 9)]);
        let co = Codeowners::parse("/x\u{202e}y/ @ghost\n/b.py @ghost\n");
        let d = drift(&r, &co, &DriftOptions::default());
        let text = drift_text(&d, "CODE\x1bOWNERS");
        assert!(
            !text.contains('\x1b') && !text.contains('\u{202e}'),
            "{text}"
        );
        assert!(text.contains("ml\\u{202e}/: 9 changes"), "{text}");
        assert!(text.contains("/x\\u{202e}y/"), "{text}");
        let json = drift_json(&d, "CODEOWNERS");
        assert!(!json.contains('\u{202e}'));
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["busy_unowned"][0]["path"], "ml\u{202e}");
    }

    #[test]
    fn no_finding_is_one_line() {
        let r = report(&[("a@x.org", true, None)], &[("a.py", &["a@x.org"])]);
        let d = drift(
            &r,
            &Codeowners::parse("* a@x.org\n"),
            &DriftOptions::default(),
        );
        let text = drift_text(&d, "CODEOWNERS");
        assert_eq!(text.lines().count(), 3, "{text}");
        assert!(text.ends_with("no busy file lacks an owner.\n"));
    }
}
