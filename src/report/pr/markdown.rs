//! The pull-request comment: the marker, one verdict line, then what a reviewer acts on (touched
//! areas, crossings, reviewers, knowledge at risk), the changed files folded away. A pull request
//! with no finding gets the marker and one line.

use super::{PrReport, bus_factor_text};
use crate::report::markdown::{Align, Block, Document, Md, Table, mention, path, person};

use Align::{Left, Right};

/// One-sided changes of coupled pairs named in the comment before "… and N more".
const ONE_SIDED: usize = 5;

/// Suggested reviewers are mentioned (`@login`) with `mention`; everyone else, always, by a
/// login in backticks or a name, which notifies nobody.
pub fn render(r: &PrReport, mention_reviewers: bool) -> String {
    let name = |id: &str| -> Md {
        let login = |github: &Option<String>| github.as_deref().map(str::to_owned);
        let known = r
            .authors
            .iter()
            .map(|p| (p.id.as_str(), p.name.as_str(), login(&p.github)))
            .chain(
                r.reviewers
                    .iter()
                    .map(|p| (p.id.as_str(), p.name.as_str(), login(&p.github))),
            )
            .chain(
                r.learners
                    .iter()
                    .map(|p| (p.id.as_str(), p.name.as_str(), login(&p.github))),
            )
            .chain(
                r.knowledge_at_risk
                    .iter()
                    .map(|p| (p.id.as_str(), p.name.as_str(), None)),
            )
            .find(|(i, _, _)| *i == id);
        match known {
            Some((_, n, l)) => person(n, l.as_deref()),
            None => Md::text(id),
        }
    };
    if r.findings == 0 {
        return Document::new(Md::lit("mlowners: ").and(Md::text(&r.verdict))).render();
    }
    let mut doc = Document::new(Md::lit("**mlowners:** ").and(Md::text(&r.verdict)));
    let authors = Md::join(
        r.authors.iter().map(|p| {
            let role = Md::text(&p.role).then(if p.newcomer { ", new" } else { "" });
            name(&p.id).then(" (").and(role).then(")")
        }),
        ", ",
    );
    doc.push(Block::Paragraph(
        Md::lit("Pull request by ")
            .and(authors)
            .then(", judged against the history up to ")
            .and(Md::code(r.merge_base.get(..12).unwrap_or(&r.merge_base)))
            .then(".")
            .small(),
    ));

    if !r.areas.is_empty() {
        let mut t = Table::new([
            ("Touched area", Left),
            ("Side", Left),
            ("Files", Right),
            ("Bus factor", Right),
            ("Key people after", Left),
        ]);
        for a in &r.areas {
            let bf = format!(
                "{} → {}",
                bus_factor_text(a.bus_factor_before, "–"),
                bus_factor_text(a.bus_factor_after, "–")
            );
            t.row([
                Md::text(&a.name),
                Md::text(a.side.as_deref().unwrap_or("–")),
                Md::num(a.files_touched),
                Md::text(&bf),
                Md::join(a.key_people_after.iter().map(|k| name(k)), ", "),
            ]);
        }
        doc.push(Block::Table(t));
    }

    if !r.crossings.is_empty() {
        doc.push(Block::Heading(4, Md::lit("DS/SE boundary crossings")));
        let mut t = Table::new([("File", Left), ("Changed by", Left), ("Role → side", Left)]);
        for c in &r.crossings {
            t.row([
                path(&c.path),
                name(&c.contributor),
                Md::text(&format!("{} → {}", c.role, c.side)),
            ]);
        }
        doc.push(Block::Table(t));
    }

    doc.push(Block::Heading(4, Md::lit("Suggested reviewers")));
    if r.reviewers.is_empty() {
        doc.push(Block::Paragraph(Md::lit(
            "None: no active person outside this pull request knows the changed files.",
        )));
    } else {
        let mut t = Table::new([("Reviewer", Left), ("Why", Left)]);
        for rv in &r.reviewers {
            let who = match (mention_reviewers, rv.github.as_deref().and_then(mention)) {
                (true, Some(at)) => at,
                _ => person(&rv.name, rv.github.as_deref()),
            };
            t.row([who, Md::text(&rv.reason)]);
        }
        doc.push(Block::Table(t));
    }
    for l in &r.learners {
        doc.push(Block::Paragraph(
            Md::lit("Learner for ")
                .and(Md::text(&l.area))
                .then(": ")
                .and(person(&l.name, l.github.as_deref()))
                .then(" (")
                .and(Md::text(&l.reason))
                .then(")."),
        ));
    }
    for a in &r.no_learner {
        doc.push(Block::Paragraph(Md::text(a).then(
            " has bus factor 1 and no active person of its side to learn it.",
        )));
    }

    // short: the first few, the rest counted
    for c in r.one_sided_couplings.iter().take(ONE_SIDED) {
        let other = if c.side == "ds" { "se" } else { "ds" };
        doc.push(Block::Paragraph(
            Md::lit("⚠️ ")
                .and(path(&c.changed))
                .then(" changes without its coupled ")
                .and(Md::text(other))
                .then(" partner ")
                .and(path(&c.partner))
                .then(" (")
                .and(Md::text(&c.source))
                .then(", ")
                .and(Md::num(c.shared))
                .then(" shared change sets, degree ")
                .and(Md::text(&format!("{:.2}", c.degree)))
                .then(")."),
        ));
    }
    if r.one_sided_couplings.len() > ONE_SIDED {
        doc.push(Block::Paragraph(
            Md::lit("… and ")
                .and(Md::num((r.one_sided_couplings.len() - ONE_SIDED) as u64))
                .then(" more coupled files changed without their partner (`--format json` lists them)."),
        ));
    }

    if !r.knowledge_at_risk.is_empty() {
        doc.push(Block::Heading(4, Md::lit("Knowledge at risk")));
        let mut t = Table::new([
            ("Inactive author", Left),
            ("Changed files they know", Left),
            ("Last change", Left),
        ]);
        for k in &r.knowledge_at_risk {
            t.row([
                person(&k.name, None),
                Md::join(k.files.iter().map(|f| path(f)), ", "),
                Md::text(
                    k.last_change
                        .as_deref()
                        .map_or("–", |d| d.get(..10).unwrap_or(d)),
                ),
            ]);
        }
        doc.push(Block::Table(t));
    }
    if r.deepens_silo {
        doc.push(Block::Quote(Md::lit(
            "This deepens a silo: its author is the only author of every file it touches.",
        )));
    } else if !r.spreads_knowledge.is_empty() {
        let mut t = Table::new([
            ("Good news: knowledge spreads to", Left),
            ("File", Left),
            ("Its only author", Left),
        ]);
        for s in &r.spreads_knowledge {
            t.row([name(&s.by), path(&s.path), name(&s.from)]);
        }
        doc.push(Block::Table(t));
    }

    let mut files = Table::new([
        ("File", Left),
        ("Change", Left),
        ("Area", Left),
        ("+/−", Right),
        ("Authors before", Left),
        ("Note", Left),
    ]);
    for f in &r.files {
        let authors = Md::join(
            f.authors_before.iter().map(|a| {
                if a.active {
                    Md::text(&a.id)
                } else {
                    Md::text(&a.id).then(" (inactive)")
                }
            }),
            ", ",
        );
        let mut note = Vec::new();
        if f.orphaned {
            note.push("orphaned");
        }
        if f.untouched {
            note.push("untouched");
        }
        if !f.crossing_by.is_empty() {
            note.push("crossing");
        }
        files.row([
            path(&f.path),
            Md::text(f.status),
            Md::text(f.area.as_deref().unwrap_or("–")),
            Md::text(&format!("+{} −{}", f.lines_added, f.lines_removed)),
            authors,
            Md::text(&note.join(", ")),
        ]);
    }
    let mut aside = String::new();
    if r.files_not_analysed > 0 {
        aside += &format!(", and {} not analysed", r.files_not_analysed);
    }
    if r.notebook_reruns > 0 {
        aside += &format!(", {} notebooks only re-run", r.notebook_reruns);
    }
    let summary = format!("Changed files ({}{aside})", r.files.len());
    doc.push(Block::Details(summary, vec![Block::Table(files)]));
    doc.render()
}
