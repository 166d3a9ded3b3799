//! The orders and cuts a reader sees, shared by every human-facing renderer (text, Markdown,
//! HTML) so that they agree on what comes first and how much is shown. The report itself keeps
//! the diff-friendly order of DESIGN.md section 5.

use std::collections::BTreeMap;

use super::{Contributor, File, Report, UntouchedDirectory};

/// Cell alignment in a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// The columns of the tables that the Markdown and the HTML reports both show, so that the two
/// say the same in the same order.
pub mod columns {
    use super::Align::{self, Left, Right};

    pub type Columns<const N: usize> = [(&'static str, Align); N];

    pub const AREAS: Columns<8> = [
        ("Area", Left),
        ("Side", Left),
        ("Files", Right),
        ("Bus factor", Right),
        ("Key people", Left),
        ("Orphaned & unmaintained", Right),
        ("Orphaned", Right),
        ("Untouched", Right),
    ];
    pub const ORPHANED_FILES: Columns<5> = [
        ("File", Left),
        ("Area", Left),
        ("Lines", Right),
        ("Last change", Left),
        ("Authors", Left),
    ];
    pub const KEY_PEOPLE: Columns<5> = [
        ("Person", Left),
        ("Active", Left),
        ("Key to", Left),
        ("Only author of", Right),
        ("Last change", Left),
    ];
    pub const ROLE_SHARES: Columns<5> = [
        ("Area", Left),
        ("Side", Left),
        ("Changes", Right),
        ("Changes by role", Left),
        ("Crossings", Right),
    ];
    pub const CROSSERS: Columns<3> = [
        ("Who crosses it", Left),
        ("Role", Left),
        ("Crossings", Right),
    ];
    pub const CROSSED_FILES: Columns<3> = [
        ("File crossed most", Left),
        ("Area", Left),
        ("Crossings", Right),
    ];
    pub const SOLE_AUTHORS: Columns<5> = [
        ("Person", Left),
        ("Files", Right),
        ("Lines", Right),
        ("Last change", Left),
        ("Largest file", Left),
    ];
    pub const SILOS: Columns<3> = [("Directory", Left), ("Owner", Left), ("Files", Right)];
    pub const UNTOUCHED_DIRECTORIES: Columns<4> = [
        ("Directory", Left),
        ("Files", Right),
        ("Lines", Right),
        ("Last change", Left),
    ];
}

/// Rows of a list shown before "… N more".
pub const TOP: usize = 10;

/// The rows to show of `rows`: all of them, or the first [`TOP`].
pub fn shown<T>(rows: &[T], all: bool) -> &[T] {
    if all {
        rows
    } else {
        &rows[..rows.len().min(TOP)]
    }
}

/// Contributors by the knowledge they hold: files authored, then commits, then id.
pub fn contributors_by_knowledge(r: &Report) -> Vec<&Contributor> {
    let mut rows: Vec<&Contributor> = r.contributors.iter().collect();
    rows.sort_by(|a, b| {
        b.files_authored
            .cmp(&a.files_authored)
            .then(b.commits.cmp(&a.commits))
            .then(a.id.cmp(&b.id))
    });
    rows
}

/// Untouched directories, largest first: where the most unmaintained code sits.
pub fn untouched_directories_by_size(r: &Report) -> Vec<&UntouchedDirectory> {
    let mut dirs: Vec<&UntouchedDirectory> = r.untouched_directories.iter().collect();
    dirs.sort_by(|a, b| b.lines.cmp(&a.lines).then(a.path.cmp(&b.path)));
    dirs
}

/// The `n` roles with the largest shares of an area's changes (shares under half a percent
/// are noise), largest first.
pub fn leading_roles(shares: &BTreeMap<String, f64>, n: usize) -> Vec<(&str, f64)> {
    let mut v: Vec<(&str, f64)> = shares
        .iter()
        .filter(|(_, x)| **x >= 0.005)
        .map(|(r, x)| (r.as_str(), *x))
        .collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    v.truncate(n);
    v
}

/// Contributor id → the name a reader knows them by: their name, or their id where another
/// contributor has the same name (two `Alex`) or the name is blank.
pub fn display_names(r: &Report) -> std::collections::HashMap<&str, &str> {
    let mut uses: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for c in &r.contributors {
        *uses.entry(c.name.trim()).or_default() += 1;
    }
    r.contributors
        .iter()
        .map(|c| {
            let name = c.name.trim();
            let shown = if name.is_empty() || uses[name] > 1 {
                c.id.as_str()
            } else {
                name
            };
            (c.id.as_str(), shown)
        })
        .collect()
}

/// Thousands separators: 12345 → "12,345".
pub fn num(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A share in whole percent: 0.3077 → "31%".
pub fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// The day of an RFC 3339 time (`2025-06-01`), or `-`.
pub fn day(t: Option<&str>) -> String {
    t.map_or("-".into(), |t| t.chars().take(10).collect())
}

/// Orphaned files that nobody active changed within `active_days` (nobody left knows them,
/// nobody still edits them): those in an area (the ML code) first, each part largest first.
pub fn orphaned_unmaintained_files(r: &Report) -> Vec<&File> {
    let mut files: Vec<&File> = r
        .files
        .iter()
        .filter(|f| f.orphaned && f.maintained_by.is_empty())
        .collect();
    files.sort_by(|a, b| {
        (a.area.is_none())
            .cmp(&b.area.is_none())
            .then(b.lines.cmp(&a.lines))
            .then(a.path.cmp(&b.path))
    });
    files
}

/// A key person of the repository or of an area, with what would leave with them.
pub struct KeyPerson<'a> {
    pub id: &'a str,
    pub active: bool,
    pub last_change: Option<&'a str>,
    /// `None` for the whole repository, else the area's name; the repository first, then areas
    /// in config order.
    pub scopes: Vec<Option<&'a str>>,
    /// Files of which they are the only author, and their lines.
    pub sole_files: usize,
    pub sole_lines: u64,
}

/// The key people of the repository and of every area: the inactive first (their knowledge is
/// already at risk), then by the lines they alone know, then by the scopes they are key to.
pub fn key_people(r: &Report) -> Vec<KeyPerson<'_>> {
    let mut people: Vec<KeyPerson> = Vec::new();
    let scopes = std::iter::once((None, &r.summary.key_people)).chain(
        r.areas
            .iter()
            .map(|a| (Some(a.name.as_str()), &a.key_people)),
    );
    for (scope, ids) in scopes {
        for id in ids {
            match people.iter_mut().find(|p| p.id == id) {
                Some(p) => p.scopes.push(scope),
                None => {
                    let c = r.contributors.iter().find(|c| &c.id == id);
                    let sole = r
                        .knowledge_at_risk
                        .departed
                        .iter()
                        .chain(&r.knowledge_at_risk.sole_owners)
                        .find(|s| &s.id == id);
                    people.push(KeyPerson {
                        id,
                        active: c.is_some_and(|c| c.active),
                        last_change: c.and_then(|c| c.last_change.as_deref()),
                        scopes: vec![scope],
                        sole_files: sole.map_or(0, |s| s.files.len()),
                        sole_lines: sole.map_or(0, |s| s.lines),
                    })
                }
            }
        }
    }
    people.sort_by(|a, b| {
        a.active
            .cmp(&b.active)
            .then(b.sole_lines.cmp(&a.sole_lines))
            .then(b.scopes.len().cmp(&a.scopes.len()))
            .then(a.id.cmp(b.id))
    });
    people
}

/// The contributors of one role, counted.
pub struct RoleCount<'a> {
    pub role: &'a str,
    pub people: u64,
    /// Of them, those whose role was inferred from their changes rather than configured.
    pub inferred: u64,
    pub active: u64,
    pub commits: u64,
    pub files_authored: u64,
    pub crossings: u64,
}

/// Contributors by role: the roles with the most people first, `unknown` last.
pub fn roles(r: &Report) -> Vec<RoleCount<'_>> {
    let mut by_role: BTreeMap<&str, RoleCount> = BTreeMap::new();
    for c in &r.contributors {
        let row = by_role.entry(c.role.as_str()).or_insert(RoleCount {
            role: &c.role,
            people: 0,
            inferred: 0,
            active: 0,
            commits: 0,
            files_authored: 0,
            crossings: 0,
        });
        row.people += 1;
        row.inferred += u64::from(c.role_source != "config");
        row.active += u64::from(c.active);
        row.commits += c.commits;
        row.files_authored += u64::from(c.files_authored);
        row.crossings += c.crossings;
    }
    let mut rows: Vec<RoleCount> = by_role.into_values().collect();
    rows.sort_by(|a, b| {
        (a.role == "unknown")
            .cmp(&(b.role == "unknown"))
            .then(b.people.cmp(&a.people))
            .then(a.role.cmp(b.role))
    });
    rows
}
