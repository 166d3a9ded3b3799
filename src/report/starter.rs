//! The starter `.mlowners.toml` that `mlowners init` writes: the proposed areas, and as comments
//! the roles a scan with them infers, for the user to confirm, with `[roles]` and `[github]`
//! examples. Everything from the repository (names, e-mails, paths) is escaped: comments carry
//! no control character, strings are TOML basic strings.

use std::fmt::Write;

use super::escape::{is_hostile, terminal};
use super::{Contributor, Report};
use crate::analysis::classify::{MIN_SIDED_CHANGES, MIXED, UNKNOWN};
use crate::analysis::layout::ProposedArea;
use crate::config::Stages;

/// People listed per role (the most sided changes first); the rest are counted.
const LISTED_PER_ROLE: usize = 10;
/// Active `unknown` people listed: those with the most sided changes.
const LISTED_UNKNOWN: usize = 5;
/// `[github]` example lines.
const GITHUB_EXAMPLES: usize = 5;

pub struct Starter<'a> {
    pub areas: &'a [ProposedArea],
    /// The scan with these areas: its inferred roles are listed for the user to confirm.
    pub scan: Option<&'a Report>,
    /// The scan with the built-in areas, for comparison.
    pub builtin: Option<&'a Report>,
    /// The stages to propose (the presets), written in the order they are tried.
    pub stages: &'a Stages,
}

pub fn render(s: &Starter<'_>) -> String {
    let mut o = String::new();
    header(&mut o, s);
    for a in s.areas {
        area(&mut o, a);
    }
    stages(&mut o, s.stages, s.scan);
    if let Some(scan) = s.scan {
        roles(&mut o, scan);
        github(&mut o, scan);
    }
    o
}

fn header(o: &mut String, s: &Starter<'_>) {
    line(
        o,
        "# mlowners configuration, a starter written by `mlowners init`.",
    );
    if let Some(r) = s.scan {
        let head = r.repository.head.get(..12).unwrap_or(&r.repository.head);
        let day = r.repository.reference_time.get(..10).unwrap_or_default();
        line(
            o,
            &format!(
                "# From the files at {} ({day}) and {} commits of history.",
                comment(head),
                r.repository.commits_analyzed
            ),
        );
    }
    line(
        o,
        "# Check the areas and the roles below, then commit this file.",
    );
    line(o, "#");
    line(
        o,
        "# Areas match in file order and the first match wins. Tests, build, docs and examples come",
    );
    line(
        o,
        "# first and have no side, so changing them is no DS/SE crossing; then the directories of",
    );
    line(
        o,
        "# Python and notebooks (side ds) and of Scala/Java/Kotlin (side se), each language ending",
    );
    line(
        o,
        "# with a catch-all so that its code outside those directories keeps its side.",
    );
    if let (Some(r), Some(b)) = (s.scan, s.builtin) {
        line(o, "#");
        line(
            o,
            &format!(
                "# With these areas: {} crossings; {}.",
                r.boundary.crossings,
                role_counts(r)
            ),
        );
        line(
            o,
            &format!(
                "# With the built-in areas: {} crossings; {}.",
                b.boundary.crossings,
                role_counts(b)
            ),
        );
    }
}

/// `ds 12, se 20, mixed 3 people`
fn role_counts(r: &Report) -> String {
    let mut parts = Vec::new();
    for role in sides_of(r).iter().map(String::as_str).chain([MIXED]) {
        let n = r.contributors.iter().filter(|c| c.role == role).count();
        parts.push(format!("{role} {n}"));
    }
    format!("roles {} people", parts.join(", "))
}

fn area(o: &mut String, a: &ProposedArea) {
    line(o, "");
    let files = match a.files {
        1 => "1 file".to_string(),
        n => format!("{n} files"),
    };
    line(o, &format!("# {}: {files}", comment(&a.note)));
    for r in &a.remarks {
        line(o, &format!("# {}", comment(r)));
    }
    line(o, &format!("[areas.{}]", a.name));
    match a.paths.as_slice() {
        [one] => line(o, &format!("paths = [{}]", string(one))),
        many => {
            line(o, "paths = [");
            for p in many {
                line(o, &format!("    {},", string(p)));
            }
            line(o, "]");
        }
    }
    if let Some(side) = a.side {
        line(o, &format!("side = {}", string(side)));
    }
}

/// `[stages]`: the presets, in the order they are tried, so that the file classifies every path
/// as the presets do; with a scan, each stage's files at HEAD and its people in a comment.
fn stages(o: &mut String, proposed: &Stages, scan: Option<&Report>) {
    line(o, "");
    line(
        o,
        "# ML-flow stages (team shape): a change counts for the first stage whose globs match its path.",
    );
    line(
        o,
        "# These are the presets from path conventions, most specific first; edit or reorder them",
    );
    line(
        o,
        "# (reports list the stages in this file's order). `name = []` declares an empty stage.",
    );
    line(o, "[stages]");
    for stage in proposed.in_match_order() {
        if let Some(shape) =
            scan.and_then(|r| r.team_shape.stages.iter().find(|s| s.name == stage.name))
        {
            line(
                o,
                &format!(
                    "# {}: {} at HEAD, {} changes by {}",
                    stage.name,
                    match shape.files {
                        1 => "1 file".to_string(),
                        n => format!("{n} files"),
                    },
                    shape.changes,
                    count(shape.people as usize)
                ),
            );
        }
        let globs: Vec<String> = stage.paths.iter().map(|p| string(p)).collect();
        line(o, &format!("{} = [{}]", stage.name, globs.join(", ")));
    }
}

/// The sides the areas name, in order of first use.
fn sides_of(r: &Report) -> Vec<String> {
    let mut sides: Vec<String> = Vec::new();
    for a in &r.areas {
        if let Some(s) = &a.side
            && !sides.contains(s)
        {
            sides.push(s.clone());
        }
    }
    sides
}

fn sided_changes(c: &Contributor) -> u64 {
    c.role_evidence.values().sum()
}

/// People of `role` with a sided change: active ones first (the team a lead can confirm), then
/// by sided changes.
fn people<'r>(r: &'r Report, role: &str) -> Vec<&'r Contributor> {
    let mut v: Vec<&Contributor> = r
        .contributors
        .iter()
        .filter(|c| c.role == role && sided_changes(c) > 0)
        .collect();
    v.sort_by(|a, b| {
        (b.active, sided_changes(b))
            .cmp(&(a.active, sided_changes(a)))
            .then_with(|| a.id.cmp(&b.id))
    });
    v
}

fn person(o: &mut String, c: &Contributor) {
    let evidence: Vec<String> = c
        .role_evidence
        .iter()
        .map(|(side, n)| format!("{n} {side}"))
        .collect();
    line(
        o,
        &format!(
            "#   {} ({}): {} sided changes ({}) of {}, {}{}",
            comment(&c.id),
            comment(&c.name),
            sided_changes(c),
            evidence.join(", "),
            c.changes,
            if c.active { "active" } else { "inactive" },
            match c.crossings {
                0 => String::new(),
                1 => ", 1 crossing".into(),
                n => format!(", {n} crossings"),
            }
        ),
    );
}

fn roles(o: &mut String, r: &Report) {
    line(o, "");
    line(
        o,
        &format!(
            "# Roles inferred from the history with these areas: a side when a person made at least {MIN_SIDED_CHANGES}"
        ),
    );
    line(
        o,
        "# changes to sided areas, a quarter of all their changes, two thirds of them on that side;",
    );
    line(
        o,
        "# `mixed` when no side holds two thirds; everyone else is `unknown` and makes no crossing.",
    );
    let sides = sides_of(r);
    for role in sides.iter().map(String::as_str).chain([MIXED]) {
        let all = people(r, role);
        line(o, "#");
        line(o, &format!("# {role}: {}", count(all.len())));
        for c in all.iter().take(LISTED_PER_ROLE) {
            person(o, c);
        }
        if all.len() > LISTED_PER_ROLE {
            line(o, &format!("#   … {} more", all.len() - LISTED_PER_ROLE));
        }
    }
    let unknown: Vec<&Contributor> = people(r, UNKNOWN)
        .into_iter()
        .filter(|c| c.active)
        .take(LISTED_UNKNOWN)
        .collect();
    if !unknown.is_empty() {
        line(o, "#");
        line(
            o,
            "# unknown, active, with the most sided changes (most of their work is elsewhere):",
        );
        for c in unknown {
            person(o, c);
        }
    }
    line(o, "#");
    line(
        o,
        "# To fix a role, uncomment and edit (e-mails or names; * and ? are wildcards). People in no",
    );
    line(o, "# list keep their inferred role.");
    line(o, "# [roles]");
    for side in &sides {
        let listed: Vec<&Contributor> = people(r, side).into_iter().take(LISTED_PER_ROLE).collect();
        if listed.is_empty() {
            line(o, &format!("# {side} = []"));
            continue;
        }
        line(o, &format!("# {side} = ["));
        for c in listed {
            line(o, &format!("#     {},", string(&c.id)));
        }
        line(o, "# ]");
    }
}

fn github(o: &mut String, r: &Report) {
    line(o, "");
    line(
        o,
        "# GitHub logins for reviewers, CODEOWNERS and mentions: a contributor's e-mail -> login.",
    );
    line(
        o,
        "# Logins of GitHub noreply addresses are known already; fill in the others you need.",
    );
    line(o, "# [github]");
    let mut wanted: Vec<&Contributor> = Vec::new();
    let key_people = r
        .summary
        .key_people
        .iter()
        .filter_map(|id| r.contributors.iter().find(|c| &c.id == id));
    let mut by_changes: Vec<&Contributor> = r.contributors.iter().filter(|c| c.active).collect();
    by_changes.sort_by(|a, b| b.changes.cmp(&a.changes).then_with(|| a.id.cmp(&b.id)));
    for c in key_people.chain(by_changes) {
        if c.github.is_none() && !wanted.iter().any(|w| w.id == c.id) {
            wanted.push(c);
        }
        if wanted.len() == GITHUB_EXAMPLES {
            break;
        }
    }
    if wanted.is_empty() {
        line(o, "# \"ana@example.com\" = \"anasato\"");
    }
    for c in wanted {
        line(o, &format!("# {} = \"\"", string(&c.id)));
    }
}

fn count(n: usize) -> String {
    match n {
        1 => "1 person".into(),
        n => format!("{n} people"),
    }
}

fn line(o: &mut String, text: &str) {
    let _ = writeln!(o, "{text}");
}

/// Repository text inside a comment: no control, bidirectional or invisible character (TOML
/// forbids the controls in comments; the others would hide what a line says).
fn comment(s: &str) -> String {
    terminal(s)
}

/// A TOML basic string: `"` and `\` escaped, and every control, bidirectional or invisible
/// character as a `\uXXXX` escape (the same character to TOML, visible in an editor).
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if is_hostile(c) => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::analysis::assemble::analyse;
    use crate::analysis::layout::{FileAtHead, propose};
    use crate::config::Config;
    use crate::model::testkit::Builder;

    const EVE: &str = "eve\"]\n[bots]@x.org";

    /// Ana edits the Python, Eve the Scala and once the Python; Eve's id and name are hostile.
    fn scanned() -> (Vec<ProposedArea>, Report, String) {
        let mut b = Builder::new(&["ana@ds.org", EVE]).reference_time(100);
        let py = [b.file("ml/a.py"), b.file("ml/b.py")];
        let scala = [b.file("serving/A.scala"), b.file("serving/B.scala")];
        b.edits(py[0], 0, 3, 10).edits(py[1], 0, 3, 10);
        b.edits(scala[0], 1, 3, 20).edits(scala[1], 1, 3, 20);
        b.change(py[0], 1, 30);
        let mut model = b.build();
        model.contributors[1].name = "Eve\u{202E}\n[settings]".into();
        let files: Vec<FileAtHead<'_>> = model
            .files
            .iter()
            .map(|f| FileAtHead {
                path: std::str::from_utf8(&f.path).unwrap(),
                lines: f.lines,
            })
            .collect();
        let areas = propose(&files);
        let areas_only = render(&Starter {
            areas: &areas,
            scan: None,
            builtin: None,
            stages: &Stages::presets(),
        });
        let config = Config::parse(&areas_only, Path::new(".mlowners.toml")).unwrap();
        let report = analyse(&model, &config, None);
        (areas, report, areas_only)
    }

    #[test]
    fn the_starter_parses_and_lists_the_roles() {
        let (areas, report, _) = scanned();
        let builtin = analyse(&Builder::new(&[]).build(), &Config::default(), None);
        let text = render(&Starter {
            areas: &areas,
            scan: Some(&report),
            builtin: Some(&builtin),
            stages: &Stages::presets(),
        });
        let config = Config::parse(&text, Path::new(".mlowners.toml")).unwrap();
        let names: Vec<&str> = config.areas.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["ml", "other_python", "serving", "other_jvm"]);
        // the stages written are the presets, in the order they are tried
        let presets = Stages::presets();
        assert!(config.stages.configured);
        let written: Vec<(&str, &[String])> = config
            .stages
            .stages
            .iter()
            .map(|s| (s.name.as_str(), s.paths.as_slice()))
            .collect();
        let tried: Vec<(&str, &[String])> = presets
            .in_match_order()
            .map(|s| (s.name.as_str(), s.paths.as_slice()))
            .collect();
        assert_eq!(written, tried);
        for path in [
            "serving/A.scala",
            "notebooks/x_eval.ipynb",
            "ml/a.py",
            "models/m.py",
        ] {
            let name = |st: &Stages| {
                st.stage_of(path.as_bytes())
                    .map(|i| st.stages[i].name.clone())
            };
            assert_eq!(name(&config.stages), name(&presets), "{path}");
        }
        assert!(
            text.contains("# product-implementation: 2 files at HEAD, 6 changes by 1 person\n"),
            "{text}"
        );
        assert!(config.roles.is_empty(), "the roles are comments only");
        assert!(
            text.contains("# With these areas: 1 crossings; roles ds 1, se 1, mixed 0 people.")
        );
        assert!(text.contains("#   ana@ds.org (ana@ds.org): 6 sided changes (6 ds) of 6, active"));
        assert!(
            text.contains(", 1 crossing\n"),
            "Eve's one change to the Python is a crossing:\n{text}"
        );
        for l in text.lines() {
            assert!(!l.chars().any(is_hostile), "{l:?}");
            if l.contains("eve") || l.contains("Eve") {
                assert!(
                    l.starts_with('#'),
                    "repository text stays in comments: {l:?}"
                );
            }
        }
    }

    #[test]
    fn the_roles_example_is_valid_once_uncommented() {
        let (areas, report, areas_only) = scanned();
        let text = render(&Starter {
            areas: &areas,
            scan: Some(&report),
            builtin: None,
            stages: &Stages::presets(),
        });
        let example: String = text
            .lines()
            .skip_while(|l| *l != "# [roles]")
            .take_while(|l| !l.is_empty())
            .map(|l| format!("{}\n", l.strip_prefix("# ").unwrap_or(l)))
            .collect();
        assert!(example.starts_with("[roles]\nds = [\n"), "{example}");
        let config = Config::parse(&format!("{areas_only}\n{example}"), Path::new("x.toml"))
            .unwrap_or_else(|e| panic!("{e}\n{example}"));
        let role = |email: &str| {
            config
                .roles
                .iter()
                .find(|(_, p)| p.matches("", email))
                .map(|(r, _)| r.as_str())
        };
        assert_eq!(role("ana@ds.org"), Some("ds"));
        assert_eq!(role(EVE), Some("se"), "the hostile id is one exact pattern");
    }

    #[test]
    fn strings_are_toml_basic_strings() {
        for s in [
            "plain",
            "q\"uote",
            "back\\slash",
            "new\nline",
            "bidi\u{202E}x",
            "tab\t",
        ] {
            let doc = format!("x = {}\n", string(s));
            assert!(!doc[..doc.len() - 1].contains('\n'), "{doc:?}");
            let v: toml::Table = toml::from_str(&doc).unwrap();
            assert_eq!(v["x"].as_str(), Some(s));
        }
    }
}
