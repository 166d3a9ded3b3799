//! The pull-request report for a terminal.

use std::fmt::Write;

use super::{PrReport, bus_factor_text};
use crate::report::escape::terminal;

/// Changed files listed before "… N more": a mechanical change of 900 files stays readable.
const FILES: usize = 20;

pub fn render(r: &PrReport) -> String {
    let mut out = String::new();
    let w = &mut out;
    let short = |id: &str| id.get(..12).unwrap_or(id).to_owned();
    let _ = writeln!(
        w,
        "mlowners pr: {} (judged against {}, {})",
        short(&r.head),
        short(&r.merge_base),
        r.reference_time
    );
    let _ = writeln!(w, "{}", terminal(&r.verdict));
    let people: Vec<String> = r
        .authors
        .iter()
        .map(|p| {
            let new = if p.newcomer { ", new" } else { "" };
            format!("{} ({}{new})", p.id, p.role)
        })
        .collect();
    let _ = writeln!(w, "authors: {}", terminal(&people.join(", ")));
    if !r.areas.is_empty() {
        let _ = writeln!(w, "\nAREAS          SIDE  FILES  BUS FACTOR");
        for a in &r.areas {
            let _ = writeln!(
                w,
                "{:<14} {:<5} {:>5}  {} -> {}",
                terminal(&a.name),
                a.side.as_deref().unwrap_or("-"),
                a.files_touched,
                bus_factor_text(a.bus_factor_before, "none"),
                bus_factor_text(a.bus_factor_after, "none")
            );
        }
    }
    let _ = writeln!(w, "\nFILES");
    for f in r.files.iter().take(FILES) {
        let authors: Vec<String> = f
            .authors_before
            .iter()
            .map(|a| {
                if a.active {
                    a.id.clone()
                } else {
                    format!("{} (inactive)", a.id)
                }
            })
            .collect();
        let mut flags = Vec::new();
        if f.orphaned {
            flags.push("orphaned".to_owned());
        }
        if f.untouched {
            flags.push("untouched".to_owned());
        }
        if !f.crossing_by.is_empty() {
            flags.push(format!("crossing by {}", f.crossing_by.join(", ")));
        }
        let _ = writeln!(
            w,
            "  {} {} [{}] +{} -{}  authors: {}{}",
            f.status,
            terminal(&f.path),
            f.area
                .as_deref()
                .map(terminal)
                .unwrap_or_else(|| "-".into()),
            f.lines_added,
            f.lines_removed,
            if authors.is_empty() {
                "none".into()
            } else {
                terminal(&authors.join(", "))
            },
            if flags.is_empty() {
                String::new()
            } else {
                format!("  ({})", terminal(&flags.join("; ")))
            }
        );
    }
    if r.files.len() > FILES {
        let _ = writeln!(
            w,
            "  … {} more (--format json lists them all)",
            r.files.len() - FILES
        );
    }
    if r.files_not_analysed > 0 {
        let _ = writeln!(
            w,
            "  and {} changed files not analysed",
            r.files_not_analysed
        );
    }
    if r.notebook_reruns > 0 {
        let _ = writeln!(
            w,
            "  and {} notebooks only re-run (outputs or metadata, no cell)",
            r.notebook_reruns
        );
    }
    for c in &r.one_sided_couplings {
        let _ = writeln!(
            w,
            "  coupled: {} ({}) changes without its partner {} ({}, {} shared, degree {:.2})",
            terminal(&c.changed),
            c.side,
            terminal(&c.partner),
            c.source,
            c.shared,
            c.degree
        );
    }
    let _ = writeln!(w, "\nSUGGESTED REVIEWERS");
    if r.reviewers.is_empty() {
        let _ = writeln!(
            w,
            "  none: no active person outside the pull request knows these files"
        );
    }
    for rv in &r.reviewers {
        let _ = writeln!(w, "  {}: {}", terminal(&rv.id), terminal(&rv.reason));
    }
    for k in &r.knowledge_at_risk {
        let _ = writeln!(
            w,
            "  knowledge at risk: {} (inactive) authored {}{}",
            terminal(&k.id),
            terminal(
                &k.files
                    .iter()
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            if k.files.len() > 3 {
                format!(" and {} more", k.files.len() - 3)
            } else {
                String::new()
            }
        );
    }
    for l in &r.learners {
        let _ = writeln!(
            w,
            "  learner for {}: {} ({})",
            terminal(&l.area),
            terminal(&l.id),
            terminal(&l.reason)
        );
    }
    for a in &r.no_learner {
        let _ = writeln!(w, "  learner for {}: none found", terminal(a));
    }
    out
}
