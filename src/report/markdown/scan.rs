//! `scan --format markdown`: the report as a GitHub job summary or a periodic report reads it.
//! The verdict first, then the tables a lead acts on, the rest folded in `<details>`. Orders
//! and cuts are those of the text report ([`views`]).

use std::collections::HashMap;

use super::doc::{Align, Block, Document, Table};
use super::{Md, path, path_within, person};
use crate::report::inline::{self, count};
use crate::report::views::columns;
use crate::report::{Report, views};

pub struct MarkdownOptions {
    /// Show every row of every list (the budget still applies) instead of the first few.
    pub all: bool,
}

pub fn render(r: &Report, opts: &MarkdownOptions) -> String {
    let doc = Scan {
        r,
        all: opts.all,
        active: r
            .contributors
            .iter()
            .map(|c| (c.id.as_str(), c.active))
            .collect(),
        names: views::display_names(r),
        logins: r
            .contributors
            .iter()
            .filter_map(|c| Some((c.id.as_str(), c.github.as_deref()?)))
            .collect(),
    };
    doc.document().render()
}

struct Scan<'a> {
    r: &'a Report,
    all: bool,
    /// Contributor id → active.
    active: HashMap<&'a str, bool>,
    /// Contributor id → the name a reader knows them by.
    names: HashMap<&'a str, &'a str>,
    /// Contributor id → GitHub login, where known.
    logins: HashMap<&'a str, &'a str>,
}

use Align::{Left, Right};

/// People named in one table cell before "+N".
const CELL_PEOPLE: usize = 2;
/// Longest path in a column beside others (the largest file of a person).
const SECOND_PATH_CHARS: usize = 36;

impl Scan<'_> {
    /// A contributor: their GitHub login where known, else by name (their id where the name
    /// is not theirs alone).
    fn who(&self, id: &str) -> Md {
        person(
            self.names.get(id).copied().unwrap_or(id),
            self.logins.get(id).copied(),
        )
    }

    fn inactive(&self, id: &str) -> bool {
        self.active.get(id) == Some(&false)
    }

    /// `a, b (inactive) +3`: the first `max` people, the inactive marked.
    fn people(&self, ids: &[String], max: usize) -> Md {
        let named = ids.iter().take(max).map(|id| {
            let p = self.who(id);
            if self.inactive(id) {
                p.then(" (inactive)")
            } else {
                p
            }
        });
        let mut md = Md::join(named, ", ");
        if ids.len() > max {
            md = md.then(" +").and(Md::num((ids.len() - max) as u64));
        }
        md
    }

    /// `a, b +3`: the first `max` people.
    fn names(&self, ids: &[String], max: usize) -> Md {
        let mut md = Md::join(ids.iter().take(max).map(|id| self.who(id)), ", ");
        if ids.len() > max {
            md = md.then(" +").and(Md::num((ids.len() - max) as u64));
        }
        md
    }

    fn shown<'b, T>(&self, rows: &'b [T]) -> &'b [T] {
        views::shown(rows, self.all)
    }

    fn document(&self) -> Document {
        let mut doc = Document::new(self.verdict());
        doc.push(Block::Paragraph(inline::history(self.r)));
        if self.r.repository.shallow {
            doc.push(Block::Quote(Md::lit(
                "**Shallow clone**: the history is cut and every number is partial \
                 (`git fetch --unshallow`, or `fetch-depth: 0` in GitHub Actions).",
            )));
        }
        self.summary(&mut doc);
        self.areas(&mut doc);
        self.risks(&mut doc);
        self.boundary(&mut doc);
        self.couplings(&mut doc);
        self.roles(&mut doc);
        if let Some((title, blocks)) =
            super::team_shape::blocks(self.r, self.all, |id| self.who(id))
        {
            doc.push(Block::Details(title, blocks));
        }
        self.details(&mut doc);
        doc.push(Block::Paragraph(self.legend()));
        doc
    }

    /// One line: the bus factor and who it rests on, what nobody looks after, the crossings.
    fn verdict(&self) -> Md {
        let Some(bus) = self.r.summary.bus_factor else {
            return Md::lit("⚪ **No analysed files**: nothing to report.");
        };
        let mark = match bus {
            0 | 1 => "🔴 ",
            2 => "🟡 ",
            _ => "🟢 ",
        };
        let sentence = inline::verdict(self.r, |ids| self.people(ids, inline::VERDICT_PEOPLE));
        Md::lit(mark).and(sentence.unwrap_or_default())
    }

    fn summary(&self, doc: &mut Document) {
        let s = &self.r.summary;
        let b = &self.r.boundary;
        let days = |n: u32| Md::num(n).then(" days");
        let mut t = Table::new([("Summary", Left), ("", Left)]);
        let key = if s.key_people.is_empty() {
            Md::default()
        } else {
            Md::lit(": ").and(self.people(&s.key_people, views::TOP))
        };
        t.row([
            Md::lit("Bus factor"),
            Md::text(&bus(s.bus_factor)).bold().and(key),
        ]);
        t.row([
            Md::lit("Files"),
            Md::num(s.files)
                .then(" (")
                .and(count(s.lines, "line", "lines"))
                .then("), ")
                .and(Md::num(s.area_files))
                .then(" in areas"),
        ]);
        t.row([
            Md::lit("Orphaned and unmaintained"),
            Md::pct(s.area_orphaned_unmaintained_share)
                .bold()
                .then(" of area files; ")
                .and(count(
                    s.orphaned_files.saturating_sub(s.maintained_files),
                    "file",
                    "files",
                ))
                .then(" in all"),
        ]);
        t.row([
            Md::lit("Orphaned"),
            Md::pct(s.area_orphaned_share)
                .then(" of area files; ")
                .and(count(s.orphaned_files, "file", "files"))
                .then(" in all, ")
                .and(Md::num(s.maintained_files))
                .then(" of them maintained"),
        ]);
        t.row([
            Md::lit("Untouched for ").and(days(self.r.settings.stale_days)),
            Md::pct(s.area_untouched_share)
                .then(" of area files; ")
                .and(count(s.untouched_files, "file", "files"))
                .then(" in all"),
        ]);
        t.row([
            Md::lit("Contributors"),
            Md::num(s.contributors)
                .then(", ")
                .and(Md::num(s.active_contributors))
                .then(" active in the last ")
                .and(days(self.r.settings.active_days)),
        ]);
        t.row([
            Md::lit("DS/SE crossings"),
            Md::num(b.crossings)
                .then(" by ")
                .and(count(b.crossers.len() as u64, "person", "people"))
                .then("; ")
                .and(count(b.boundary_files.len() as u64, "file", "files"))
                .then(" with authors from both sides"),
        ]);
        doc.push(Block::Table(t));
    }

    fn areas(&self, doc: &mut Document) {
        if self.r.areas.is_empty() {
            return;
        }
        doc.push(Block::Heading(3, Md::lit("Areas")));
        let mut t = Table::new(columns::AREAS);
        for a in &self.r.areas {
            t.row([
                Md::text(&a.name).bold(),
                Md::text(a.side.as_deref().unwrap_or("-")),
                Md::num(a.files),
                Md::text(&bus(a.bus_factor)),
                self.people(&a.key_people, CELL_PEOPLE),
                Md::num(a.orphaned_unmaintained_files()),
                Md::num(a.orphaned_files),
                Md::num(a.untouched_files),
            ]);
        }
        doc.push(Block::Table(t));
    }

    fn risks(&self, doc: &mut Document) {
        doc.push(Block::Heading(3, Md::lit("Top risks")));
        let files = views::orphaned_unmaintained_files(self.r);
        if files.is_empty() {
            doc.push(Block::Paragraph(Md::lit(
                "**Orphaned and unmaintained files**: none.",
            )));
        } else {
            doc.push(Block::Paragraph(
                Md::lit("**Orphaned and unmaintained files**: ")
                    .and(Md::num(files.len() as u64))
                    .then(" that no active person authors or changed in ")
                    .and(Md::num(self.r.settings.active_days))
                    .then(" days; those in areas first, largest first."),
            ));
            let mut t = Table::new(columns::ORPHANED_FILES);
            for f in self.shown(&files) {
                t.row([
                    path(&f.path),
                    Md::text(f.area.as_deref().unwrap_or("-")),
                    Md::num(f.lines),
                    Md::text(&views::day(f.last_change.as_deref())),
                    self.names(&f.authors, 1),
                ]);
            }
            doc.push(Block::Table(t.of_total(files.len())));
        }

        let people = views::key_people(self.r);
        if people.is_empty() {
            return;
        }
        doc.push(Block::Paragraph(Md::lit(
            "**Key people**: the bus factor rests on them; the inactive first.",
        )));
        let mut t = Table::new(columns::KEY_PEOPLE);
        for p in self.shown(&people) {
            t.row([
                self.who(p.id),
                Md::lit(if p.active { "yes" } else { "**no**" }),
                inline::key_scopes(p),
                inline::sole_knowledge(p),
                Md::text(&views::day(p.last_change)),
            ]);
        }
        doc.push(Block::Table(t.of_total(people.len())));
    }

    fn boundary(&self, doc: &mut Document) {
        let b = &self.r.boundary;
        doc.push(Block::Heading(3, Md::lit("DS/SE boundary")));
        doc.push(Block::Paragraph(inline::boundary_line(self.r, |ids| {
            self.people(ids, views::TOP)
        })));
        let sided: Vec<&crate::report::Area> =
            self.r.areas.iter().filter(|a| a.changes > 0).collect();
        if !sided.is_empty() {
            let mut t = Table::new(columns::ROLE_SHARES);
            for a in sided {
                let roles = views::leading_roles(&a.role_shares, 3)
                    .into_iter()
                    .map(|(role, x)| Md::text(role).then(" ").and(Md::pct(x)));
                t.row([
                    Md::text(&a.name).bold(),
                    Md::text(a.side.as_deref().unwrap_or("-")),
                    Md::num(a.changes),
                    Md::join(roles, ", "),
                    Md::num(a.crossings),
                ]);
            }
            doc.push(Block::Table(t));
        }
        if !b.crossers.is_empty() {
            let mut t = Table::new(columns::CROSSERS);
            for c in self.shown(&b.crossers) {
                t.row([self.who(&c.id), Md::text(&c.role), Md::num(c.crossings)]);
            }
            doc.push(Block::Table(t.of_total(b.crossers.len())));
        }
        if !b.crossed_files.is_empty() {
            let mut t = Table::new(columns::CROSSED_FILES);
            for f in self.shown(&b.crossed_files) {
                t.row([
                    path(&f.path),
                    Md::text(f.area.as_deref().unwrap_or("-")),
                    Md::num(f.crossings),
                ]);
            }
            doc.push(Block::Table(t.of_total(b.crossed_files.len())));
        }
    }

    /// Co-change across the boundary: pending ports first (the report's order).
    fn couplings(&self, doc: &mut Document) {
        use crate::report::couplings::{self as co, COLUMNS};
        let r = self.r;
        if r.couplings.is_empty() {
            return;
        }
        doc.push(Block::Heading(3, Md::lit("Co-change across the boundary")));
        doc.push(Block::Paragraph(co::line(r)));
        let mut t = Table::new(COLUMNS);
        for c in self.shown(&r.couplings) {
            let pending = co::pending_cell(c).map_or_else(|| Md::lit("-"), |p| Md::text(&p).bold());
            t.row([
                path(&c.ds_path),
                path(&c.se_path),
                pending,
                Md::num(c.shared),
                Md::text(&co::degree(c)),
                Md::text(&co::lag(c)),
                Md::text(&c.source),
            ]);
        }
        doc.push(Block::Table(t.of_total(r.couplings.len())));
    }

    fn roles(&self, doc: &mut Document) {
        let roles = views::roles(self.r);
        if roles.is_empty() {
            return;
        }
        doc.push(Block::Heading(3, Md::lit("Contributors by role")));
        // without `[roles]` every role is inferred: the column would repeat "People"
        let configured = roles.iter().any(|r| r.inferred < r.people);
        let mut columns = vec![("Role", Left), ("People", Right)];
        if configured {
            columns.push(("Inferred", Right));
        }
        columns.extend([
            ("Active", Right),
            ("Commits", Right),
            ("Files authored", Right),
            ("Crossings", Right),
        ]);
        let mut t = Table::new(columns);
        for row in &roles {
            let mut cells = vec![Md::text(row.role), Md::num(row.people)];
            if configured {
                cells.push(Md::num(row.inferred));
            }
            cells.extend([
                Md::num(row.active),
                Md::num(row.commits),
                Md::num(row.files_authored),
                Md::num(row.crossings),
            ]);
            t.row(cells);
        }
        doc.push(Block::Table(t));
        if !configured {
            doc.push(Block::Paragraph(Md::lit(
                "Roles are inferred from the changes; `[roles]` in `.mlowners.toml` sets them.",
            )));
        }
    }

    fn details(&self, doc: &mut Document) {
        let r = self.r;
        let people = views::contributors_by_knowledge(r);
        let mut t = Table::new([
            ("Name", Left),
            ("Contributor id", Left),
            ("Role", Left),
            ("Commits", Right),
            ("Files authored", Right),
            ("Last change", Left),
        ]);
        for c in self.shown(&people) {
            let role = if c.role_source == "config" {
                Md::text(&c.role)
            } else {
                Md::text(&c.role).then("\\*")
            };
            let mut name = Md::text(&super::cut(&c.name, super::NAME_CHARS));
            if !c.active {
                name = name.then(" (inactive)");
            }
            t.row([
                name,
                Md::text(&super::cut(&c.id, super::NAME_CHARS)),
                role,
                Md::num(c.commits),
                Md::num(c.files_authored),
                Md::text(&views::day(c.last_change.as_deref())),
            ]);
        }
        doc.push(Block::Details(
            format!(
                "Contributors by files authored ({})",
                views::num(people.len() as u64)
            ),
            vec![
                Block::Table(t.of_total(people.len())),
                Block::Paragraph(Md::lit(
                    "\\* role inferred from changes (configure `[roles]` to set it)",
                )),
            ],
        ));

        let k = &r.knowledge_at_risk;
        if !k.departed.is_empty() || !k.sole_owners.is_empty() {
            let mut blocks = Vec::new();
            for (title, rows) in [
                (
                    "**Held only by inactive people**: what left with them.",
                    &k.departed,
                ),
                (
                    "**Would leave with active people**: what only they know.",
                    &k.sole_owners,
                ),
            ] {
                if rows.is_empty() {
                    continue;
                }
                blocks.push(Block::Paragraph(Md::lit(title)));
                let mut t = Table::new(columns::SOLE_AUTHORS);
                for row in self.shown(rows) {
                    t.row([
                        self.who(&row.id),
                        Md::num(row.files.len() as u64),
                        Md::num(row.lines),
                        Md::text(&views::day(row.last_change.as_deref())),
                        row.files
                            .first()
                            .map_or_else(Md::default, |p| path_within(p, SECOND_PATH_CHARS)),
                    ]);
                }
                blocks.push(Block::Table(t.of_total(rows.len())));
            }
            doc.push(Block::Details(
                "Knowledge at risk: files with a single author".into(),
                blocks,
            ));
        }

        if !r.silos.is_empty() {
            let mut t = Table::new(columns::SILOS);
            for s in self.shown(&r.silos) {
                t.row([path(&s.directory), self.who(&s.owner), Md::num(s.files)]);
            }
            doc.push(Block::Details(
                format!(
                    "Silos: one person authors every file of the directory ({})",
                    views::num(r.silos.len() as u64)
                ),
                vec![Block::Table(t.of_total(r.silos.len()))],
            ));
        }

        if !r.untouched_directories.is_empty() {
            let dirs = views::untouched_directories_by_size(r);
            let mut t = Table::new(columns::UNTOUCHED_DIRECTORIES);
            for d in self.shown(&dirs) {
                t.row([
                    path(&d.path),
                    Md::num(d.files),
                    Md::num(d.lines),
                    Md::text(&views::day(d.last_change.as_deref())),
                ]);
            }
            doc.push(Block::Details(
                format!(
                    "Untouched directories: no change in {} days ({})",
                    r.settings.stale_days,
                    views::num(dirs.len() as u64)
                ),
                vec![Block::Table(t.of_total(dirs.len()))],
            ));
        }
    }

    /// What the words mean, in small print.
    fn legend(&self) -> Md {
        let s = &self.r.settings;
        let days = |n: u32| Md::num(n).then(" days");
        let mut md = Md::lit("mlowners · **active**: changed something in the last ")
            .and(days(s.active_days))
            .then(" · **orphaned**: no active author · **unmaintained**: and no active non-author changed it in ")
            .and(days(s.active_days))
            .then(" · **untouched**: no change in ")
            .and(days(s.stale_days));
        if !self.all {
            md = md
                .then(" · lists stop after ")
                .and(Md::num(views::TOP as u64))
                .then(" rows (`--all` shows every row)");
        }
        if let Some(config) = &s.config {
            md = md.then(" · config ").and(Md::code(config));
        }
        if let Some(since) = &s.since {
            md = md.then(" · since ").and(Md::text(since));
        }
        md.small()
    }
}

fn bus(b: Option<u32>) -> String {
    b.map_or_else(|| "-".into(), |v| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::markdown::{COMMENT_BUDGET, MARKER, chars};
    use crate::report::testkit::huge;

    #[test]
    fn a_huge_report_stays_under_the_budget() {
        let r = huge(5_000, 2_000);
        for all in [false, true] {
            let md = render(&r, &MarkdownOptions { all });
            let n = chars(&md);
            assert!(n <= COMMENT_BUDGET, "{n} characters with all = {all}");
            assert!(
                md.starts_with(&format!("{MARKER}\n🟢 **Bus factor 40**: ")),
                "{md}"
            );
            assert!(md.lines().nth(1).unwrap().ends_with("by 2,000 people"));
            assert!(md.contains("| … "), "no cut list");
            if all {
                // every list was cut, to rows of about the same length, and the reader is told
                assert!(n > COMMENT_BUDGET - 500, "{n}: the budget is not used");
                assert!(md.contains("GitHub's comment limit"));
                assert!(md.contains("<details><summary>Untouched directories"));
            } else {
                assert!(md.contains("| … 4,990 more |"), "orphaned files cut at 10");
                assert!(md.contains("| … 1,990 more |"), "contributors cut at 10");
                assert!(!md.contains("GitHub's comment limit"));
            }
        }
    }

    #[test]
    fn hostile_names_and_paths_stay_inert() {
        let mut r = huge(3, 3);
        r.contributors[0].id = "<img src=x onerror=alert(1)> @everyone".into();
        r.contributors[0].name = "Mal\u{202E}lory\nnext | cell".into();
        r.summary.key_people = vec![r.contributors[0].id.clone()];
        r.files[0].path = "`](javascript:alert(1))".into();
        r.files[1].path = "ml/a|b.py".into();
        let md = render(&r, &MarkdownOptions { all: true });
        assert!(!md.contains("<img"));
        assert!(!md.contains("@everyone"));
        assert!(!md.contains('\u{202E}'));
        assert!(md.contains("&lt;img src=x onerror=alert(1)&gt; @<!-- -->everyone"));
        assert!(md.contains(r"Mal\\u{202e}lory\\u{a}next \\| cell"));
        assert!(md.contains("| `` `](javascript:alert(1)) `` |"));
        assert!(md.contains(r"| `ml/a\|b.py` |"));
        // every table row is still one line with its columns
        for line in md.lines().filter(|l| l.starts_with("| ")) {
            assert!(line.ends_with(" |"), "{line}");
        }
    }

    #[test]
    fn no_files_is_one_line() {
        let mut r = huge(0, 0);
        r.summary.bus_factor = None;
        r.summary.key_people.clear();
        r.areas.clear();
        let md = render(&r, &MarkdownOptions { all: false });
        assert!(md.starts_with("<!-- mlowners -->\n⚪ **No analysed files**"));
    }
}
