//! Inline text that a renderer builds from escaped repository text, numbers and its own words:
//! Markdown's [`Md`](super::markdown::Md) and HTML's `Html` both are [`Inline`], so that the
//! sentences the two reports share (the verdict, what was analysed, the boundary in one line,
//! what a key person holds) are written once and say the same in both.

use super::Report;
use super::views::{self, KeyPerson};

pub trait Inline: Default + Sized {
    /// Untrusted text (a name, an e-mail, an area), escaped for the target.
    fn text(untrusted: &str) -> Self;
    /// Untrusted text shown as code (a commit id, a path).
    fn code(untrusted: &str) -> Self;
    /// Our own words, as written: never repository data.
    fn lit(ours: &'static str) -> Self;
    /// A count with thousands separators.
    fn num(n: u64) -> Self;
    /// A share in whole percent.
    fn pct(x: f64) -> Self;
    fn bold(self) -> Self;
    /// `self` followed by `more`.
    fn and(self, more: Self) -> Self;

    /// `self` followed by our own words.
    fn then(self, ours: &'static str) -> Self {
        self.and(Self::lit(ours))
    }

    /// The parts with `sep` between them.
    fn join(parts: impl IntoIterator<Item = Self>, sep: &'static str) -> Self {
        let mut out = Self::default();
        for (i, p) in parts.into_iter().enumerate() {
            if i > 0 {
                out = out.then(sep);
            }
            out = out.and(p);
        }
        out
    }
}

/// "1 file", "2 files".
pub fn count<M: Inline>(n: u64, one: &'static str, many: &'static str) -> M {
    M::num(n).then(" ").then(if n == 1 { one } else { many })
}

/// Key people named in the verdict before "and N more".
pub const VERDICT_PEOPLE: usize = 3;

/// The verdict after its mark: the bus factor and who it rests on (`people` names the first
/// [`VERDICT_PEOPLE`]), the share of area files nobody looks after, the crossings. `None` when
/// no file was analysed.
pub fn verdict<M: Inline>(r: &Report, people: impl Fn(&[String]) -> M) -> Option<M> {
    let s = &r.summary;
    let bus = s.bus_factor?;
    let shown = &s.key_people[..s.key_people.len().min(VERDICT_PEOPLE)];
    let mut m = M::lit("Bus factor ")
        .and(M::num(bus.into()))
        .bold()
        .then(": ")
        .and(people(shown));
    if s.key_people.len() > VERDICT_PEOPLE {
        // "+N" reads as a sum in a sentence
        m = m
            .then(" and ")
            .and(M::num((s.key_people.len() - VERDICT_PEOPLE) as u64))
            .then(" more");
    }
    m = m.then(" · ");
    m = if s.area_files == 0 {
        m.then("no file is in an area")
    } else {
        m.and(M::pct(s.area_orphaned_unmaintained_share).bold())
            .then(" of area files orphaned and unmaintained")
    };
    let b = &r.boundary;
    m = m.then(" · ");
    Some(if b.crossings == 0 {
        m.then("no DS/SE crossings")
    } else {
        m.and(M::num(b.crossings).bold())
            .then(if b.crossings == 1 {
                " DS/SE crossing by "
            } else {
                " DS/SE crossings by "
            })
            .and(count(b.crossers.len() as u64, "person", "people"))
    })
}

/// The commit, its day and what was mined.
pub fn history<M: Inline>(r: &Report) -> M {
    let repo = &r.repository;
    let head: String = repo.head.chars().take(12).collect();
    let mut m = M::lit("Commit ")
        .and(M::code(&head))
        .then(" (")
        .and(M::text(&views::day(Some(&repo.reference_time))))
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
        m = m
            .then(" · ")
            .and(count(repo.missing_blobs, "blob", "blobs"))
            .then(" missing (their lines are not counted)");
    }
    m
}

/// The boundary in one line: crossings, files with authors of two sides, and the whole-flow
/// people (`people` names them).
pub fn boundary_line<M: Inline>(r: &Report, people: impl Fn(&[String]) -> M) -> M {
    let b = &r.boundary;
    let mut m = M::num(b.crossings)
        .then(" changes by people of the other side; ")
        .and(count(b.boundary_files.len() as u64, "file", "files"))
        .then(" with authors from both sides");
    if !b.mixed_people.is_empty() {
        m = m
            .then("; whole-flow (mixed) people: ")
            .and(people(&b.mixed_people));
    }
    m.then(".")
}

/// The scopes a key person is key to: `repository, training`.
pub fn key_scopes<M: Inline>(k: &KeyPerson) -> M {
    M::join(
        k.scopes.iter().map(|s| match s {
            None => M::lit("repository"),
            Some(area) => M::text(area),
        }),
        ", ",
    )
}

/// What only a key person knows: `3 files, 120 lines`, or `-`.
pub fn sole_knowledge<M: Inline>(k: &KeyPerson) -> M {
    if k.sole_files == 0 {
        M::lit("-")
    } else {
        count::<M>(k.sole_files as u64, "file", "files")
            .then(", ")
            .and(count(k.sole_lines, "line", "lines"))
    }
}
