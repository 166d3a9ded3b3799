//! The report as the page embeds it: the same `Report`, its long lists cut to a size that keeps
//! the page under a few megabytes whatever the repository, and a record of every cut so that
//! the page can say what it leaves out.

use crate::report::{Report, escape, views};

/// The most rows each list keeps. Halved, all together, until the JSON fits [`BUDGET`].
#[derive(Clone, Copy, Debug)]
pub struct Caps {
    pub files: usize,
    pub directories: usize,
    pub contributors: usize,
    /// Crossers, crossed files, mixed people, departed and sole owners, near misses, couplings
    /// (two paths a row).
    pub people_lists: usize,
    /// Boundary files, silos, untouched directories.
    pub path_lists: usize,
    /// Files named per departed person or sole owner; e-mails, names and joins per contributor.
    pub per_row: usize,
}

impl Caps {
    pub const PAGE: Caps = Caps {
        files: 3000,
        directories: 1500,
        contributors: 1000,
        people_lists: 200,
        path_lists: 500,
        per_row: 20,
    };

    fn halved(self) -> Caps {
        let h = |n: usize| (n / 2).max(10);
        Caps {
            files: h(self.files),
            directories: h(self.directories),
            contributors: h(self.contributors),
            people_lists: h(self.people_lists),
            path_lists: h(self.path_lists),
            per_row: h(self.per_row),
        }
    }
}

/// The embedded JSON stays under this many bytes (the treemap's data and the rest of the page
/// come on top).
pub const BUDGET: usize = 3_000_000;

/// One list the page embeds only in part.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Cut {
    /// What the list is, and which rows are kept: `files (the largest)`.
    pub list: &'static str,
    pub kept: usize,
    pub total: usize,
}

/// The report's JSON for a `<script type="application/json">` element, and what it left out.
pub fn embedded(r: &Report) -> (String, Vec<Cut>) {
    let mut caps = Caps::PAGE;
    loop {
        let (page, cuts) = cut(r, caps);
        let json = escape::json_in_html(serde_json::to_string(&page).expect("reports serialise"));
        if json.len() <= BUDGET || caps.per_row == 10 && caps.files == 10 {
            return (json, cuts);
        }
        caps = caps.halved();
    }
}

/// A copy of the report with every list within `caps`: the largest files and directories, the
/// contributors who hold the most knowledge, the first rows of the ordered lists. Kept rows
/// stay in the report's order.
pub fn cut(r: &Report, caps: Caps) -> (Report, Vec<Cut>) {
    let mut page = r.clone();
    let mut cuts = Vec::new();
    let note = |cuts: &mut Vec<Cut>, list: &'static str, kept: usize, total: usize| {
        if kept < total {
            cuts.push(Cut { list, kept, total });
        }
    };

    let largest_files = largest(&r.files, caps.files, |f| (f.lines, &f.path));
    page.files
        .retain(|f| largest_files.contains(&f.path.as_str()));
    note(
        &mut cuts,
        "files (the largest)",
        page.files.len(),
        r.files.len(),
    );

    let largest_dirs = largest(&r.directories, caps.directories, |d| (d.lines, &d.path));
    page.directories
        .retain(|d| largest_dirs.contains(&d.path.as_str()));
    note(
        &mut cuts,
        "directories (the largest)",
        page.directories.len(),
        r.directories.len(),
    );

    let knowing: std::collections::HashSet<&str> = views::contributors_by_knowledge(r)
        .into_iter()
        .take(caps.contributors)
        .map(|c| c.id.as_str())
        .collect();
    page.contributors
        .retain(|c| knowing.contains(c.id.as_str()));
    note(
        &mut cuts,
        "contributors (those who author the most files)",
        page.contributors.len(),
        r.contributors.len(),
    );
    page.team_shape
        .matrix
        .retain(|id, _| knowing.contains(id.as_str()));
    note(
        &mut cuts,
        "team shape matrix (the contributors kept)",
        page.team_shape.matrix.len(),
        r.team_shape.matrix.len(),
    );
    let shape = &mut page.team_shape;
    first_rows(
        &mut cuts,
        "generalists",
        &mut shape.generalists,
        caps.people_lists,
    );
    first_rows(
        &mut cuts,
        "specialists",
        &mut shape.specialists,
        caps.people_lists,
    );
    let mut cut_per_row = false;
    for c in &mut page.contributors {
        cut_per_row |= c.emails.len() > caps.per_row
            || c.names.len() > caps.per_row
            || c.joins.len() > caps.per_row;
        c.emails.truncate(caps.per_row);
        c.names.truncate(caps.per_row);
        c.joins.truncate(caps.per_row);
    }

    let lists = caps.people_lists;
    let b = &mut page.boundary;
    first_rows(
        &mut cuts,
        "people who cross the boundary",
        &mut b.crossers,
        lists,
    );
    first_rows(&mut cuts, "files crossed most", &mut b.crossed_files, lists);
    first_rows(
        &mut cuts,
        "whole-flow (mixed) people",
        &mut b.mixed_people,
        lists,
    );
    let both_sides = "files with authors from both sides";
    first_rows(
        &mut cuts,
        both_sides,
        &mut b.boundary_files,
        caps.path_lists,
    );
    let k = &mut page.knowledge_at_risk;
    first_rows(&mut cuts, "departed sole authors", &mut k.departed, lists);
    first_rows(&mut cuts, "active sole authors", &mut k.sole_owners, lists);
    for s in k.departed.iter_mut().chain(&mut k.sole_owners) {
        cut_per_row |= s.files.len() > caps.per_row;
        s.files.truncate(caps.per_row);
    }
    first_rows(&mut cuts, "silos", &mut page.silos, caps.path_lists);
    first_rows(
        &mut cuts,
        "co-changing pairs (pending first)",
        &mut page.couplings,
        lists,
    );
    let untouched = &mut page.untouched_directories;
    first_rows(
        &mut cuts,
        "untouched directories",
        untouched,
        caps.path_lists,
    );
    let near = &mut page.identity_near_misses;
    first_rows(&mut cuts, "identity near misses", near, lists);
    if cut_per_row {
        cuts.push(Cut {
            list: "e-mails, names and joins of a contributor, files of a sole author (each)",
            kept: caps.per_row,
            total: 0,
        });
    }
    (page, cuts)
}

/// `rows` cut to its first `cap`, and the cut noted.
fn first_rows<T>(cuts: &mut Vec<Cut>, list: &'static str, rows: &mut Vec<T>, cap: usize) {
    let total = rows.len();
    if total > cap {
        rows.truncate(cap);
        cuts.push(Cut {
            list,
            kept: cap,
            total,
        });
    }
}

/// The keys (paths) of the `n` rows that are largest by `key`'s first part, ties by its second.
fn largest<'a, T>(
    rows: &'a [T],
    n: usize,
    key: impl Fn(&'a T) -> (u64, &'a String),
) -> std::collections::HashSet<&'a str> {
    let mut keys: Vec<(u64, &String)> = rows.iter().map(key).collect();
    keys.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    keys.into_iter().take(n).map(|(_, p)| p.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testkit::huge as report;

    #[test]
    fn lists_are_cut_to_the_caps_and_said_so() {
        let r = report(50, 8);
        let caps = Caps {
            files: 10,
            directories: 3,
            contributors: 4,
            people_lists: 2,
            path_lists: 2,
            per_row: 1,
        };
        let (page, cuts) = cut(&r, caps);
        assert_eq!(page.files.len(), 10);
        // the largest, in the report's order
        assert!(page.files.windows(2).all(|w| w[0].path < w[1].path));
        let min_kept = page.files.iter().map(|f| f.lines).min().unwrap();
        assert!(
            r.files
                .iter()
                .filter(|f| !page.files.iter().any(|k| k.path == f.path))
                .all(|f| f.lines <= min_kept)
        );
        assert_eq!(page.contributors.len(), 4);
        assert!(cuts.contains(&Cut {
            list: "files (the largest)",
            kept: 10,
            total: 50
        }));
        assert!(cuts.iter().any(|c| c.list.starts_with("contributors")));
    }

    #[test]
    fn a_small_report_is_embedded_whole() {
        let r = report(20, 3);
        let (json, cuts) = embedded(&r);
        assert!(cuts.is_empty(), "{cuts:?}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["files"].as_array().unwrap().len(), 20);
    }

    #[test]
    fn a_huge_report_fits_the_budget() {
        let mut r = report(20_000, 5_000);
        for f in &mut r.files {
            f.path = format!("{}/{}", "d".repeat(200), f.path);
        }
        let (json, cuts) = embedded(&r);
        assert!(json.len() <= BUDGET, "{} bytes", json.len());
        assert!(!cuts.is_empty());
    }
}
