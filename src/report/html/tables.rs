//! The page's tables: areas, the DS/SE boundary (role shares per area, who crosses, the files
//! crossed most), knowledge at risk (key people, departed and sole owners, orphaned and
//! unmaintained files) and silos. Orders and cuts are those of the text and Markdown reports
//! ([`views`]).

use std::collections::HashMap;

use super::markup::{Html, Inline, MAX_ROWS, Table};
use crate::report::markdown::{NAME_CHARS, cut, short_path};
use crate::report::views::columns;
use crate::report::{Area, Report, inline, views};

mod team_shape;
pub use team_shape::team_shape;

/// Longest path in a table cell, in characters (the whole path is its tooltip).
const PATH_CHARS: usize = 60;
const PAIR_PATH_CHARS: usize = 44;

/// What the tables need besides the report: how to name people.
pub struct People<'a> {
    r: &'a Report,
    /// Contributor id → the name a reader knows them by.
    names: HashMap<&'a str, &'a str>,
    active: HashMap<&'a str, bool>,
}

impl<'a> People<'a> {
    pub fn new(r: &'a Report) -> People<'a> {
        People {
            r,
            names: views::display_names(r),
            active: r
                .contributors
                .iter()
                .map(|c| (c.id.as_str(), c.active))
                .collect(),
        }
    }

    /// A person by name, their id (e-mail) on hover.
    pub fn who(&self, id: &str) -> Html {
        let name = self.names.get(id).copied().unwrap_or(id);
        Html::text(&cut(name, NAME_CHARS)).titled(id)
    }

    /// `a, b (inactive) +3`: the first `max` people, the inactive marked.
    pub fn list(&self, ids: &[String], max: usize) -> Html {
        let named = ids.iter().take(max).map(|id| {
            let p = self.who(id);
            if self.active.get(id.as_str()) == Some(&false) {
                p.and(Html::lit(" (inactive)").wrap("span", "gone"))
            } else {
                p
            }
        });
        let mut h = Html::join(named, ", ");
        if ids.len() > max {
            h = h.then(" +").and(Html::num((ids.len() - max) as u64));
        }
        h
    }

    fn report(&self) -> &'a Report {
        self.r
    }
}

/// A path in a cell: shortened, whole on hover.
pub fn path(p: &str) -> Html {
    Html::text(&short_path(p, PATH_CHARS))
        .titled(p)
        .wrap("code", "")
}

/// A path of a two-path row (a coupled pair): shorter, so that the row fits the page.
fn pair_path(p: &str) -> Html {
    Html::text(&short_path(p, PAIR_PATH_CHARS))
        .titled(p)
        .wrap("code", "")
}

fn day(t: Option<&str>) -> Html {
    Html::text(&views::day(t))
}

fn bus(b: Option<u32>) -> Html {
    match b {
        Some(b) => Html::num(b.into()),
        None => Html::lit("-"),
    }
}

fn section(id: &'static str, title: &'static str, body: Html) -> Html {
    Html::generated(format!(
        "<section id=\"{id}\"><h2>{title}</h2>{body}</section>"
    ))
}

fn first<T>(rows: &[T]) -> &[T] {
    &rows[..rows.len().min(MAX_ROWS)]
}

pub fn areas(p: &People) -> Html {
    let r = p.report();
    if r.areas.is_empty() {
        return Html::default();
    }
    let mut t = Table::new(columns::AREAS);
    for a in &r.areas {
        t.row([
            Html::text(&a.name).bold(),
            side(a),
            Html::num(a.files),
            bus(a.bus_factor),
            p.list(&a.key_people, 2),
            Html::num(a.orphaned_unmaintained_files()),
            Html::num(a.orphaned_files),
            Html::num(a.untouched_files),
        ]);
    }
    section("areas", "Areas", t.render())
}

fn side(a: &Area) -> Html {
    match a.side.as_deref() {
        Some(s) => Html::text(s),
        None => Html::lit("-"),
    }
}

/// A bar of an area's role shares (the largest first), and the same in words.
fn shares_bar(a: &Area) -> Html {
    let roles = views::leading_roles(&a.role_shares, 4);
    let mut bar = String::from("<span class=\"bar\">");
    for (role, x) in &roles {
        bar.push_str(&format!(
            "<i class=\"role-{}\" style=\"width:{:.1}%\" title=\"{} {}\"></i>",
            role_class(role),
            x * 100.0,
            Html::text(role),
            views::pct(*x),
        ));
    }
    bar.push_str("</span>");
    let words = Html::join(
        roles
            .iter()
            .map(|(role, x)| Html::text(role).then(" ").and(Html::pct(*x))),
        ", ",
    );
    Html::generated(bar).and(words)
}

/// The CSS class of a role's colour: the known roles by name, any other `other`.
fn role_class(role: &str) -> &'static str {
    match role {
        "ds" => "ds",
        "se" => "se",
        "mixed" => "mixed",
        "unknown" => "unknown",
        _ => "other",
    }
}

pub fn boundary(p: &People) -> Html {
    let r = p.report();
    let b = &r.boundary;
    let mut body = inline::boundary_line(r, |ids| p.list(ids, views::TOP)).wrap("p", "");
    let changed: Vec<&Area> = r.areas.iter().filter(|a| a.changes > 0).collect();
    if !changed.is_empty() {
        let mut t = Table::new(columns::ROLE_SHARES);
        for a in changed {
            t.row([
                Html::text(&a.name).bold(),
                side(a),
                Html::num(a.changes),
                shares_bar(a),
                Html::num(a.crossings),
            ]);
        }
        body = body.and(t.render());
    }
    let mut pair = Html::default();
    if !b.crossers.is_empty() {
        let mut t = Table::new(columns::CROSSERS);
        for c in first(&b.crossers) {
            t.row([p.who(&c.id), Html::text(&c.role), Html::num(c.crossings)]);
        }
        pair = pair.and(t.of_total(b.crossers.len()).render().wrap("div", ""));
    }
    if !b.crossed_files.is_empty() {
        let mut t = Table::new(columns::CROSSED_FILES);
        for f in first(&b.crossed_files) {
            t.row([
                path(&f.path),
                Html::text(f.area.as_deref().unwrap_or("-")),
                Html::num(f.crossings),
            ]);
        }
        pair = pair.and(t.of_total(b.crossed_files.len()).render().wrap("div", ""));
    }
    body = body.and(pair.wrap("div", "pair"));
    section("boundary", "DS/SE boundary", body)
}

/// Co-change across the boundary: pending ports first (the report's order).
pub fn couplings(p: &People) -> Html {
    use crate::report::couplings::{self as co, COLUMNS};
    let r = p.report();
    if r.couplings.is_empty() {
        return Html::default();
    }
    let mut t = Table::new(COLUMNS);
    for c in first(&r.couplings) {
        let pending = co::pending_cell(c).map_or_else(|| Html::lit("-"), |w| Html::text(&w).bold());
        t.row([
            pair_path(&c.ds_path),
            pair_path(&c.se_path),
            pending,
            Html::num(c.shared.into()),
            Html::text(&co::degree(c)),
            Html::text(&co::lag(c)),
            Html::text(&c.source),
        ]);
    }
    section(
        "couplings",
        "Co-change across the boundary",
        co::line::<Html>(r)
            .wrap("p", "")
            .and(t.of_total(r.couplings.len()).render()),
    )
}

pub fn risks(p: &People) -> Html {
    let r = p.report();
    let mut body = Html::default();

    let people = views::key_people(r);
    if !people.is_empty() {
        let mut t = Table::new(columns::KEY_PEOPLE);
        for k in first(&people) {
            t.row([
                p.who(k.id),
                if k.active {
                    Html::lit("yes")
                } else {
                    Html::lit("no").wrap("strong", "gone")
                },
                inline::key_scopes(k),
                inline::sole_knowledge(k),
                day(k.last_change),
            ]);
        }
        body = body
            .and(Html::lit("The bus factor rests on them; the inactive first.").wrap("p", ""))
            .and(t.of_total(people.len()).render());
    }

    let k = &r.knowledge_at_risk;
    let mut both = Html::default();
    for (title, rows) in [
        ("Departed: files only inactive people know", &k.departed),
        ("Sole owners: what would leave with them", &k.sole_owners),
    ] {
        if rows.is_empty() {
            continue;
        }
        let mut t = Table::new(columns::SOLE_AUTHORS);
        for row in first(rows) {
            t.row([
                p.who(&row.id),
                Html::num(row.files.len() as u64),
                Html::num(row.lines),
                day(row.last_change.as_deref()),
                row.files.first().map_or_else(Html::default, |f| path(f)),
            ]);
        }
        both = both.and(
            Html::lit(title)
                .wrap("h3", "")
                .and(t.of_total(rows.len()).render()),
        );
    }
    if k.departed.is_empty() && k.sole_owners.is_empty() {
        both = Html::lit("No file has a single author.").wrap("p", "");
    }
    body = body.and(both);

    let files = views::orphaned_unmaintained_files(r);
    body = body.and(Html::lit("Orphaned and unmaintained files").wrap("h3", ""));
    if files.is_empty() {
        body = body.and(Html::lit("None.").wrap("p", ""));
    } else {
        let mut t = Table::new(columns::ORPHANED_FILES);
        for f in first(&files) {
            t.row([
                path(&f.path),
                Html::text(f.area.as_deref().unwrap_or("-")),
                Html::num(f.lines),
                day(f.last_change.as_deref()),
                p.list(&f.authors, 1),
            ]);
        }
        body = body
            .and(
                Html::lit("No active person authors them or changed them in ")
                    .and(Html::num(r.settings.active_days.into()))
                    .then(" days; those in areas first, largest first.")
                    .wrap("p", ""),
            )
            .and(t.of_total(files.len()).render());
    }
    section("risk", "Knowledge at risk", body)
}

pub fn silos(p: &People) -> Html {
    let r = p.report();
    if r.silos.is_empty() {
        return Html::default();
    }
    let mut t = Table::new(columns::SILOS);
    for s in first(&r.silos) {
        t.row([path(&s.directory), p.who(&s.owner), Html::num(s.files)]);
    }
    section(
        "silos",
        "Silos",
        Html::lit("Directories (3 or more files) whose every file has one and the same author.")
            .wrap("p", "")
            .and(t.of_total(r.silos.len()).render()),
    )
}

pub fn untouched(p: &People) -> Html {
    let r = p.report();
    if r.untouched_directories.is_empty() {
        return Html::default();
    }
    let dirs = views::untouched_directories_by_size(r);
    let mut t = Table::new(columns::UNTOUCHED_DIRECTORIES);
    for d in first(&dirs) {
        t.row([
            path(&d.path),
            Html::num(d.files),
            Html::num(d.lines),
            day(d.last_change.as_deref()),
        ]);
    }
    section(
        "untouched",
        "Untouched directories",
        Html::lit("The topmost directories where no file changed in ")
            .and(Html::num(r.settings.stale_days.into()))
            .then(" days, largest first.")
            .wrap("p", "")
            .and(t.of_total(dirs.len()).render()),
    )
}
