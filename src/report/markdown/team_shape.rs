//! The Markdown report's team shape: the stages (who covers each, their bus factor), then the
//! people with their spread over the stages.

use super::Md;
use super::doc::{Block, Table};
use crate::report::team_shape::{
    NOTE, PEOPLE_COLUMNS, STAGE_COLUMNS, risk_line, spec, spread, summary_line,
};
use crate::report::{Report, views};

/// The blocks of the section (none when no change falls in a stage).
pub(super) fn blocks(
    r: &Report,
    all: bool,
    who: impl Fn(&str) -> Md,
) -> Option<(String, Vec<Block>)> {
    let t = &r.team_shape;
    let rows = t.rows(r);
    if rows.is_empty() {
        return None;
    }
    let mut stages = Table::new(STAGE_COLUMNS);
    for s in &t.stages {
        stages.row([
            Md::code(&s.name),
            Md::num(s.files),
            Md::num(s.changes),
            Md::num(s.people),
            Md::num(s.active_people),
            s.bus_factor.map_or(Md::lit("-"), Md::num),
        ]);
    }
    let mut people = Table::new(PEOPLE_COLUMNS);
    let shown = views::shown(&rows, all);
    for p in shown {
        people.row([
            who(p.id),
            Md::lit(if p.active { "yes" } else { "no" }),
            Md::num(p.staged),
            spread::<Md>(t, p),
            spec::<Md>(p.specialisation),
        ]);
    }
    let mut blocks = vec![
        Block::Paragraph(summary_line(t)),
        Block::Table(stages),
        Block::Table(people.of_total(rows.len())),
    ];
    for risk in t.risks(r) {
        blocks.push(Block::Paragraph(risk_line(&risk, &who)));
    }
    blocks.push(Block::Paragraph(Md::lit(NOTE)));
    let title = format!(
        "Team shape: people × ML-flow stage ({} people with staged changes)",
        views::num(rows.len() as u64)
    );
    Some((title, blocks))
}
