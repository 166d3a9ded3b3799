//! The page's team shape: the stages (who covers each, their bus factor), then the people with
//! their spread over the stages, as the Markdown report shows them.

use super::super::markup::{Html, Inline, Table};
use super::{People, first, section};
use crate::report::team_shape::{
    NOTE, PEOPLE_COLUMNS, STAGE_COLUMNS, risk_line, spec, spread, summary_line,
};

pub fn team_shape(p: &People) -> Html {
    let r = p.report();
    let t = &r.team_shape;
    let rows = t.rows(r);
    if rows.is_empty() {
        return Html::default();
    }
    let mut stages = Table::new(STAGE_COLUMNS);
    for s in &t.stages {
        stages.row([
            Html::code(&s.name),
            Html::num(s.files),
            Html::num(s.changes),
            Html::num(s.people),
            Html::num(s.active_people),
            s.bus_factor.map_or(Html::lit("-"), |b| Html::num(b.into())),
        ]);
    }
    let mut people = Table::new(PEOPLE_COLUMNS);
    for row in first(&rows) {
        people.row([
            p.who(row.id),
            Html::lit(if row.active { "yes" } else { "no" }),
            Html::num(row.staged),
            spread::<Html>(t, row),
            spec::<Html>(row.specialisation),
        ]);
    }
    let mut body = summary_line::<Html>(t)
        .wrap("p", "")
        .and(stages.render())
        .and(people.of_total(rows.len()).render());
    for risk in t.risks(r) {
        body = body.and(risk_line(&risk, |id| p.who(id)).wrap("p", ""));
    }
    body = body.and(Html::lit(NOTE).wrap("p", "note"));
    section("team-shape", "Team shape: people × ML-flow stage", body)
}
