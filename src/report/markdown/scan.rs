//! `scan --format markdown`: the report as a GitHub job summary or a periodic report reads it.
//! The verdict first, then the tables a lead acts on, the rest folded in `<details>`. Orders
//! and cuts are those of the text report ([`views`]).

use std::collections::HashMap;

use super::doc::{Align, Block, Document, Table};
use super::{Md, path, path_within, person};
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

/// Key people named in the verdict before "and N more".
const VERDICT_PEOPLE: usize = 3;
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
        doc.push(Block::Paragraph(self.history()));
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
        self.roles(&mut doc);
        self.details(&mut doc);
        doc.push(Block::Paragraph(self.legend()));
        doc
    }

    /// One line: the bus factor and who it rests on, what nobody looks after, the crossings.
    fn verdict(&self) -> Md {
        let s = &self.r.summary;
        let Some(bus) = s.bus_factor else {
            return Md::lit("⚪ **No analysed files**: nothing to report.");
        };
        let mark = match bus {
            0 | 1 => "🔴 ",
            2 => "🟡 ",
            _ => "🟢 ",
        };
        let mut md = Md::lit(mark)
            .and(Md::lit("Bus factor ").and(Md::num(bus)).bold())
            .then(": ");
        let named = self.people(&s.key_people, VERDICT_PEOPLE);
        md = if s.key_people.len() > VERDICT_PEOPLE {
            // "+N" reads as a sum in a sentence
            let first = self.people(&s.key_people[..VERDICT_PEOPLE], VERDICT_PEOPLE);
            md.and(first)
                .then(" and ")
                .and(Md::num((s.key_people.len() - VERDICT_PEOPLE) as u64))
                .then(" more")
        } else {
            md.and(named)
        };
        md = md.then(" · ");
        md = if s.area_files == 0 {
            md.then("no file is in an area")
        } else {
            md.and(Md::pct(s.area_orphaned_unmaintained_share).bold())
                .then(" of area files orphaned and unmaintained")
        };
        let b = &self.r.boundary;
        md = md.then(" · ");
        if b.crossings == 0 {
            md.then("no DS/SE crossings")
        } else {
            md.and(Md::num(b.crossings).bold())
                .then(if b.crossings == 1 {
                    " DS/SE crossing by "
                } else {
                    " DS/SE crossings by "
                })
                .and(count(b.crossers.len() as u64, "person", "people"))
        }
    }

    /// The commit, its day and what was mined.
    fn history(&self) -> Md {
        let repo = &self.r.repository;
        let head: String = repo.head.chars().take(12).collect();
        let mut md = Md::lit("Commit ")
            .and(Md::code(&head))
            .then(" (")
            .and(Md::text(&views::day(Some(&repo.reference_time))))
            .then(") · ")
            .and(count(repo.commits_analyzed, "commit", "commits"))
            .then(" analysed, ")
            .and(count(repo.merges_skipped, "merge", "merges"))
            .then(" skipped, ")
            .and(count(
                repo.bot_commits_excluded,
                "bot commit",
                "bot commits",
            ))
            .then(" excluded");
        if repo.missing_blobs > 0 {
            md = md
                .then(" · ")
                .and(count(repo.missing_blobs, "blob", "blobs"))
                .then(" missing (their lines are not counted)");
        }
        md
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
        let mut t = Table::new([
            ("Area", Left),
            ("Side", Left),
            ("Files", Right),
            ("Bus factor", Right),
            ("Key people", Left),
            ("Orphaned & unmaintained", Right),
            ("Orphaned", Right),
            ("Untouched", Right),
        ]);
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
            let mut t = Table::new([
                ("File", Left),
                ("Area", Left),
                ("Lines", Right),
                ("Last change", Left),
                ("Authors", Left),
            ]);
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
        let mut t = Table::new([
            ("Person", Left),
            ("Active", Left),
            ("Key to", Left),
            ("Only author of", Right),
            ("Last change", Left),
        ]);
        for p in self.shown(&people) {
            let scopes = p.scopes.iter().map(|s| match s {
                None => Md::lit("repository"),
                Some(area) => Md::text(area),
            });
            let alone = if p.sole_files == 0 {
                Md::lit("-")
            } else {
                count(p.sole_files as u64, "file", "files")
                    .then(", ")
                    .and(count(p.sole_lines, "line", "lines"))
            };
            t.row([
                self.who(p.id),
                Md::lit(if p.active { "yes" } else { "**no**" }),
                Md::join(scopes, ", "),
                alone,
                Md::text(&views::day(p.last_change)),
            ]);
        }
        doc.push(Block::Table(t.of_total(people.len())));
    }

    fn boundary(&self, doc: &mut Document) {
        let b = &self.r.boundary;
        doc.push(Block::Heading(3, Md::lit("DS/SE boundary")));
        let mut line = Md::num(b.crossings)
            .then(" changes by people of the other side; ")
            .and(count(b.boundary_files.len() as u64, "file", "files"))
            .then(" with authors from both sides");
        if !b.mixed_people.is_empty() {
            line = line
                .then("; whole-flow (mixed) people: ")
                .and(self.people(&b.mixed_people, views::TOP));
        }
        doc.push(Block::Paragraph(line.then(".")));
        let sided: Vec<&crate::report::Area> =
            self.r.areas.iter().filter(|a| a.changes > 0).collect();
        if !sided.is_empty() {
            let mut t = Table::new([
                ("Area", Left),
                ("Side", Left),
                ("Changes", Right),
                ("Changes by role", Left),
                ("Crossings", Right),
            ]);
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
            let mut t = Table::new([
                ("Who crosses it", Left),
                ("Role", Left),
                ("Crossings", Right),
            ]);
            for c in self.shown(&b.crossers) {
                t.row([self.who(&c.id), Md::text(&c.role), Md::num(c.crossings)]);
            }
            doc.push(Block::Table(t.of_total(b.crossers.len())));
        }
        if !b.crossed_files.is_empty() {
            let mut t = Table::new([
                ("File crossed most", Left),
                ("Area", Left),
                ("Crossings", Right),
            ]);
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
                let mut t = Table::new([
                    ("Person", Left),
                    ("Files", Right),
                    ("Lines", Right),
                    ("Last change", Left),
                    ("Largest file", Left),
                ]);
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
            let mut t = Table::new([("Directory", Left), ("Owner", Left), ("Files", Right)]);
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
            let mut t = Table::new([
                ("Directory", Left),
                ("Files", Right),
                ("Lines", Right),
                ("Last change", Left),
            ]);
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

/// "1 file", "2 files".
fn count(n: u64, one: &'static str, many: &'static str) -> Md {
    Md::num(n).then(" ").then(if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::report::markdown::{COMMENT_BUDGET, MARKER, chars};
    use crate::report::*;

    /// A report of `people` contributors and `files` files, every list as long as it can be,
    /// with long names and paths.
    fn huge(files: usize, people: usize) -> Report {
        let id =
            |i: usize| format!("person.with.a.long.name.{i:05}@a-rather-long-domain.example.com");
        let path = |i: usize| {
            format!(
                "src/python/package/module_{:03}/sub/dir/file_{i:05}.py",
                i % 97
            )
        };
        let ids: Vec<String> = (0..people).map(id).collect();
        let contributors = (0..people)
            .map(|i| Contributor {
                id: id(i),
                name: format!("Person Number {i}"),
                emails: vec![id(i)],
                names: vec![format!("Person Number {i}")],
                joins: vec![],
                role: ["ds", "se", "mixed", "unknown"][i % 4].into(),
                role_source: "inferred".into(),
                role_evidence: BTreeMap::new(),
                changes: 10,
                commits: 10 + i as u64,
                co_authored: 0,
                github: None,
                lines_added: 1000,
                lines_removed: 10,
                first_change: Some("2020-01-01T00:00:00Z".into()),
                last_change: Some("2024-01-01T00:00:00Z".into()),
                active: i % 2 == 0,
                files_authored: (i % 50) as u32,
                crossings: (i % 7) as u64,
            })
            .collect();
        let file_rows: Vec<File> = (0..files)
            .map(|i| File {
                path: path(i),
                area: Some("training".into()),
                lines: 100 + (i % 1000) as u64,
                creator: Some(id(i % people)),
                authors: vec![id(i % people), id((i + 1) % people), id((i + 2) % people)],
                changes: 3,
                last_change: Some("2021-01-01T00:00:00Z".into()),
                untouched: true,
                orphaned: true,
                maintained_by: vec![],
                recent_changes: 0,
                crossings: 1,
            })
            .collect();
        let sole = |active: bool| -> Vec<SoleAuthor> {
            (0..people)
                .filter(|i| (i % 2 == 0) == active)
                .map(|i| SoleAuthor {
                    id: id(i),
                    last_change: Some("2024-01-01T00:00:00Z".into()),
                    files: vec![path(i)],
                    lines: 10,
                })
                .collect()
        };
        Report {
            schema_version: SCHEMA_VERSION,
            repository: Repository {
                head: "0123456789abcdef0123456789abcdef01234567".into(),
                reference_time: "2025-01-01T00:00:00Z".into(),
                commits_analyzed: 100_000,
                merges_skipped: 0,
                bot_commits_excluded: 0,
                shallow: true,
                missing_blobs: 0,
            },
            settings: Settings {
                config: None,
                since: None,
                stale_days: 365,
                active_days: 180,
                roles_configured: vec![],
            },
            summary: Summary {
                files: files as u64,
                lines: 1_000_000,
                bus_factor: Some(40),
                key_people: ids[..40.min(people)].to_vec(),
                inactive_key_people: vec![],
                untouched_files: files as u64,
                orphaned_files: files as u64,
                maintained_files: 0,
                active_contributors: (people / 2) as u64,
                contributors: people as u64,
                area_files: files as u64,
                area_untouched_share: 1.0,
                area_orphaned_share: 1.0,
                area_orphaned_unmaintained_share: 1.0,
            },
            contributors,
            areas: (0..30)
                .map(|i| Area {
                    name: format!("area-{i}"),
                    side: Some("ds".into()),
                    files: 10,
                    lines: 100,
                    bus_factor: Some(3),
                    key_people: ids
                        .iter()
                        .cycle()
                        .skip(i)
                        .take(3.min(people))
                        .cloned()
                        .collect(),
                    inactive_key_people: vec![],
                    changes: 10,
                    role_shares: BTreeMap::from([("ds".into(), 0.6), ("se".into(), 0.4)]),
                    crossings: 4,
                    untouched_files: 1,
                    untouched_lines: 1,
                    orphaned_files: 1,
                    orphaned_lines: 1,
                    maintained_files: 0,
                })
                .collect(),
            directories: vec![],
            files: file_rows,
            boundary: Boundary {
                crossings: files as u64,
                crossers: (0..people)
                    .map(|i| Crosser {
                        id: id(i),
                        role: "ds".into(),
                        crossings: 5,
                    })
                    .collect(),
                crossed_files: (0..files)
                    .map(|i| CrossedFile {
                        path: path(i),
                        area: Some("training".into()),
                        crossings: 1,
                    })
                    .collect(),
                boundary_files: (0..files).map(path).collect(),
                mixed_people: ids.clone(),
            },
            knowledge_at_risk: KnowledgeAtRisk {
                departed: sole(false),
                sole_owners: sole(true),
            },
            silos: (0..files / 3)
                .map(|i| Silo {
                    directory: format!("src/dir_{i}"),
                    owner: id(i % people),
                    files: 3,
                })
                .collect(),
            untouched_directories: (0..files / 3)
                .map(|i| UntouchedDirectory {
                    path: format!("src/old_{i}"),
                    files: 3,
                    lines: 30,
                    last_change: Some("2019-01-01T00:00:00Z".into()),
                })
                .collect(),
            identity_near_misses: vec![],
        }
    }

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
