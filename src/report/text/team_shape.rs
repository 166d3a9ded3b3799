//! The text report's team shape: people × ML-flow stage as a table a lead reads in ten seconds.

use super::{Out, bus, fit, num, pad, terminal, views};
use crate::report::Report;
use crate::report::team_shape::{StageRisk, TOP_PEOPLE, short_name};

/// Columns of a stage cell.
const CELL: usize = 7;
/// Columns of the person column.
const PERSON: usize = 28;

fn right(s: &str, width: usize) -> String {
    let s = fit(s, width);
    let n = super::width_of(&s);
    format!("{}{s}", " ".repeat(width.saturating_sub(n)))
}

pub(super) fn render(o: &mut Out, r: &Report, all: bool) {
    let t = &r.team_shape;
    let rows = t.rows(r);
    let source = if t.source == "config" {
        "stages from [stages]"
    } else {
        "stages from path-convention presets"
    };
    o.heading(&format!("TEAM SHAPE (people × ML-flow stage; {source})"));
    if rows.is_empty() {
        o.line("  no change falls in a stage (configure [stages] to say which paths are which)");
        return;
    }
    let stage_cells = |cells: &mut String, values: &mut dyn Iterator<Item = String>| {
        for v in values {
            cells.push(' ');
            cells.push_str(&right(&v, CELL));
        }
    };
    let mut head = format!("  {} {:>7}", pad("person (* active)", PERSON + 2), "staged");
    stage_cells(
        &mut head,
        &mut t.stages.iter().map(|s| short_name(&s.name).to_owned()),
    );
    head.push_str("   spec");
    o.line(head);
    let n = if all {
        rows.len()
    } else {
        rows.len().min(TOP_PEOPLE)
    };
    for p in &rows[..n] {
        let mut line = format!(
            "  {} {} {:>7}",
            pad(p.id, PERSON),
            if p.active { "*" } else { " " },
            num(p.staged)
        );
        stage_cells(
            &mut line,
            &mut p.cells.iter().map(|&c| {
                if c == 0 {
                    "·".to_owned()
                } else {
                    views::pct(c as f64 / p.staged as f64)
                }
            }),
        );
        line.push_str(&format!(
            " {:>6}",
            p.specialisation.map_or("-".into(), |s| format!("{s:.2}"))
        ));
        o.line(line);
    }
    o.more(n, rows.len());
    let mut people = format!("  {} {:>7}", pad("people (active)", PERSON + 2), "");
    stage_cells(
        &mut people,
        &mut t.stages.iter().map(|s| {
            if s.people == s.active_people {
                num(s.people)
            } else {
                format!("{} ({})", num(s.people), num(s.active_people))
            }
        }),
    );
    o.line(people);
    let mut bf = format!("  {} {:>7}", pad("bus factor of its files", PERSON + 2), "");
    stage_cells(&mut bf, &mut t.stages.iter().map(|s| bus(s.bus_factor)));
    o.line(bf);
    let mean = |m: Option<f64>| m.map_or("-".into(), |m| format!("{m:.2}"));
    o.line(format!(
        "  generalists (3+ stages) {}, specialists (1 stage) {}; mean specialisation {} (active people {})",
        num(t.generalists.len() as u64),
        num(t.specialists.len() as u64),
        mean(t.mean_specialisation),
        mean(t.active_mean_specialisation),
    ));
    for risk in t.risks(r) {
        let line = match risk {
            StageRisk::Only { stage, id, active } => format!(
                "  {}: only {}{}",
                fit(stage, 24),
                fit(id, 44),
                if active { "" } else { " (inactive)" }
            ),
            StageRisk::OnlyActive { stage, id, people } => format!(
                "  {}: only {} is active (of {})",
                fit(stage, 24),
                fit(id, 44),
                num(people)
            ),
            StageRisk::NobodyActive { stage, people } => {
                format!("  {}: nobody active (of {})", fit(stage, 24), num(people))
            }
        };
        o.line(line);
    }
    let empty = t.empty_stages();
    if !empty.is_empty() {
        let list: Vec<String> = empty.iter().map(|s| terminal(s)).collect();
        o.line(fit(&format!("  no changes: {}", list.join(", ")), 100));
    }
    o.line(
        "  cells: share of the person's staged changes; spec: 1 = one stage only, 0 = all evenly",
    );
}
