//! The orders and cuts a reader sees, shared by every human-facing renderer (text, Markdown,
//! HTML) so that they agree on what comes first and how much is shown. The report itself keeps
//! the diff-friendly order of DESIGN.md section 5.

use std::collections::BTreeMap;

use super::{Contributor, Report, UntouchedDirectory};

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
