//! The treemap's data: the directory tree at the reference commit as a flat list of nodes (each
//! naming its parent), the largest directories and files one by one, the rest of each directory
//! summed into one "other" node. The page's script lays it out (squarified, Bruls et al. 2000)
//! and colours it; every value here is the report's, nothing is computed but the sums of what
//! is left out.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::report::{Report, paths, views};

/// Nodes drawn one by one at most, the root included.
pub const MAX_NODES: usize = 4000;
/// Children of one directory drawn one by one at most; the others are its "other" node.
pub const MAX_CHILDREN: usize = 60;
/// Key people (or authors) named per node.
const PEOPLE: usize = 5;

#[derive(Debug, Serialize)]
pub struct Tree {
    pub nodes: Vec<Node>,
    /// `[id, the name a reader knows them by]` of each person the nodes name (by index).
    pub people: Vec<(String, String)>,
    /// Area name → its side and the role shares of its changes.
    pub areas: BTreeMap<String, AreaShares>,
    pub reference_time: String,
    pub stale_days: u32,
    pub active_days: u32,
    /// Directories and files of the report, and how many are drawn one by one.
    pub directories: usize,
    pub files: usize,
    pub drawn_directories: usize,
    pub drawn_files: usize,
}

#[derive(Debug, Serialize)]
pub struct AreaShares {
    pub side: Option<String>,
    pub role_shares: BTreeMap<String, f64>,
}

/// `d` a directory (the root included), `f` a file, `o` the rest of a directory.
#[derive(Debug, Serialize)]
pub struct Node {
    /// The parent's index; `null` for the root (index 0).
    pub up: Option<usize>,
    pub kind: &'static str,
    /// The last path component (the root: `""`).
    pub name: String,
    #[serde(skip)]
    pub path: String,
    /// The path, only where it is not the parent's path, `/` and the name (a quoted path):
    /// the page joins the names.
    #[serde(rename = "path", skip_serializing_if = "Option::is_none")]
    pub unusual_path: Option<String>,
    pub lines: u64,
    pub files: u64,
    /// A directory's bus factor; a file's number of authors (the bus factor of that file alone).
    pub bus: Option<u32>,
    /// The first key people of a directory, the first authors of a file (ids).
    #[serde(skip)]
    pub people: Vec<String>,
    /// The same, as indices into [`Tree::people`].
    #[serde(rename = "people")]
    pub people_ix: Vec<usize>,
    /// How many key people or authors there are in all.
    pub people_count: usize,
    pub untouched: u64,
    pub orphaned: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_change: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
}

/// What one directory or file of the report is, before the cut.
struct Entry<'a> {
    /// Index of the parent directory in the entries (the root is 0).
    up: usize,
    depth: usize,
    path: &'a str,
    lines: u64,
    files: u64,
    dir: Option<&'a crate::report::Directory>,
    file: Option<&'a crate::report::File>,
}

pub fn tree(r: &Report) -> Tree {
    let entries = entries(r);
    let kept = keep(&entries);

    // index in entries → index in nodes
    let mut node_of: HashMap<usize, usize> = HashMap::new();
    let mut nodes: Vec<Node> = Vec::new();
    let s = &r.summary;
    nodes.push(Node {
        up: None,
        kind: "d",
        name: String::new(),
        path: String::new(),
        unusual_path: None,
        lines: s.lines,
        files: s.files,
        bus: s.bus_factor,
        people: s.key_people.iter().take(PEOPLE).cloned().collect(),
        people_ix: vec![],
        people_count: s.key_people.len(),
        untouched: s.untouched_files,
        orphaned: s.orphaned_files,
        last_change: None,
        area: None,
    });
    node_of.insert(0, 0);
    // shown lines and files per kept directory, for its "other" node
    let mut shown: HashMap<usize, (u64, u64)> = HashMap::new();
    for &i in &kept {
        let e = &entries[i];
        let up = node_of[&e.up];
        let total = shown.entry(up).or_default();
        total.0 += e.lines;
        total.1 += e.files;
        node_of.insert(i, nodes.len());
        nodes.push(node(e, up));
    }
    let mut others = Vec::new();
    for (n, node) in nodes.iter().enumerate() {
        if node.kind != "d" {
            continue;
        }
        let (lines, files) = shown.get(&n).copied().unwrap_or_default();
        let (lines, files) = (
            node.lines.saturating_sub(lines),
            node.files.saturating_sub(files),
        );
        if lines > 0 {
            others.push(Node {
                up: Some(n),
                kind: "o",
                name: format!("{} more", views::num(files)),
                path: node.path.clone(),
                unusual_path: None,
                lines,
                files,
                bus: None,
                people: vec![],
                people_ix: vec![],
                people_count: 0,
                untouched: 0,
                orphaned: 0,
                last_change: None,
                area: None,
            });
        }
    }
    nodes.extend(others);

    let names = views::display_names(r);
    let mut people: Vec<(String, String)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for n in 1..nodes.len() {
        let up = nodes[n].up.expect("only the root has no parent");
        let joined = match up {
            0 => nodes[n].name.clone(),
            _ => format!("{}/{}", nodes[up].path, nodes[n].name),
        };
        if nodes[n].kind != "o" && joined != nodes[n].path {
            nodes[n].unusual_path = Some(nodes[n].path.clone());
        }
    }
    for node in &mut nodes {
        node.people_ix = node
            .people
            .iter()
            .map(|id| {
                *index.entry(id.clone()).or_insert_with(|| {
                    let name = names.get(id.as_str()).copied().unwrap_or(id);
                    people.push((id.clone(), name.to_owned()));
                    people.len() - 1
                })
            })
            .collect();
    }
    let areas = r
        .areas
        .iter()
        .map(|a| {
            (
                a.name.clone(),
                AreaShares {
                    side: a.side.clone(),
                    role_shares: a.role_shares.clone(),
                },
            )
        })
        .collect();
    let drawn = |kind| nodes.iter().skip(1).filter(|n| n.kind == kind).count();
    Tree {
        drawn_directories: drawn("d"),
        drawn_files: drawn("f"),
        nodes,
        people,
        areas,
        reference_time: r.repository.reference_time.clone(),
        stale_days: r.settings.stale_days,
        active_days: r.settings.active_days,
        directories: r.directories.len(),
        files: r.files.len(),
    }
}

fn node(e: &Entry, up: usize) -> Node {
    let name = {
        let bytes = paths::bytes(e.path);
        let last = bytes.rsplit(|b| *b == b'/').next().unwrap_or(&bytes);
        paths::text(last)
    };
    let (kind, bus, people, untouched, orphaned, last_change, area) = match (e.dir, e.file) {
        (Some(d), _) => (
            "d",
            d.bus_factor,
            &d.key_people,
            d.untouched_files,
            d.orphaned_files,
            None,
            None,
        ),
        (None, Some(f)) => (
            "f",
            Some(f.authors.len() as u32),
            &f.authors,
            u64::from(f.untouched),
            u64::from(f.orphaned),
            f.last_change.clone(),
            f.area.clone(),
        ),
        (None, None) => unreachable!("an entry is a directory or a file"),
    };
    Node {
        up: Some(up),
        kind,
        name,
        path: e.path.to_owned(),
        unusual_path: None,
        lines: e.lines,
        files: e.files,
        bus,
        people: people.iter().take(PEOPLE).cloned().collect(),
        people_ix: vec![],
        people_count: people.len(),
        untouched,
        orphaned,
        last_change,
        area,
    }
}

/// The root (index 0), every directory, then every file, each knowing its parent.
fn entries(r: &Report) -> Vec<Entry<'_>> {
    let mut entries = vec![Entry {
        up: 0,
        depth: 0,
        path: "",
        lines: r.summary.lines,
        files: r.summary.files,
        dir: None,
        file: None,
    }];
    let mut dir_index: HashMap<Vec<u8>, usize> = HashMap::new();
    // the parent of `path` (as bytes: a quoted path's directory is quoted on its own)
    let parent = |path: &str| -> (Vec<u8>, usize) {
        let bytes = paths::bytes(path);
        match bytes.iter().rposition(|b| *b == b'/') {
            Some(i) => {
                let depth = bytes[..i].iter().filter(|b| **b == b'/').count() + 1;
                (bytes[..i].to_vec(), depth)
            }
            None => (Vec::new(), 0),
        }
    };
    // directories sort by path, so a parent comes before its children
    for d in &r.directories {
        let (up, depth) = parent(&d.path);
        let up = dir_index.get(&up).copied().unwrap_or(0);
        dir_index.insert(paths::bytes(&d.path), entries.len());
        entries.push(Entry {
            up,
            depth: depth + 1,
            path: &d.path,
            lines: d.lines,
            files: d.files,
            dir: Some(d),
            file: None,
        });
    }
    for f in &r.files {
        let (up, depth) = parent(&f.path);
        entries.push(Entry {
            up: dir_index.get(&up).copied().unwrap_or(0),
            depth: depth + 1,
            path: &f.path,
            lines: f.lines,
            files: 1,
            dir: None,
            file: Some(f),
        });
    }
    entries
}

/// The entries drawn one by one, largest first: at most [`MAX_NODES`] in all and
/// [`MAX_CHILDREN`] per directory, each only if its parent is drawn, none without lines. A
/// directory has at least the lines of any entry below it, and ties go to the shallower, so a
/// parent is decided before its children.
fn keep(entries: &[Entry]) -> Vec<usize> {
    let mut order: Vec<usize> = (1..entries.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&entries[a], &entries[b]);
        b.lines
            .cmp(&a.lines)
            .then(a.depth.cmp(&b.depth))
            .then(a.path.cmp(b.path))
    });
    let mut drawn = vec![false; entries.len()];
    drawn[0] = true;
    let mut children = vec![0usize; entries.len()];
    let mut kept = Vec::new();
    for i in order {
        let e = &entries[i];
        if kept.len() + 1 >= MAX_NODES || e.lines == 0 {
            break;
        }
        if !drawn[e.up] || children[e.up] >= MAX_CHILDREN {
            continue;
        }
        drawn[i] = true;
        children[e.up] += 1;
        kept.push(i);
    }
    // parents before children, as the nodes are written
    kept.sort_by_key(|&i| (entries[i].depth, i));
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testkit::huge;

    fn sum_of_children(t: &Tree, n: usize) -> (u64, u64) {
        t.nodes
            .iter()
            .filter(|c| c.up == Some(n))
            .fold((0, 0), |(l, f), c| (l + c.lines, f + c.files))
    }

    #[test]
    fn every_line_is_drawn_once() {
        let mut r = huge(5_000, 50);
        r.summary.lines = r.files.iter().map(|f| f.lines).sum();
        r.summary.files = 5_000;
        let t = tree(&r);
        assert!(t.nodes.len() <= MAX_NODES + t.drawn_directories + 1);
        assert_eq!(t.nodes[0].lines, r.summary.lines);
        for (n, node) in t.nodes.iter().enumerate() {
            if node.kind == "d" {
                assert_eq!(sum_of_children(&t, n), (node.lines, node.files), "{n}");
                assert!(t.nodes.iter().filter(|c| c.up == Some(n)).count() <= MAX_CHILDREN + 1);
            }
            if let Some(up) = node.up {
                assert!(up < n, "parents first");
            }
        }
        assert!(t.nodes.iter().any(|n| n.kind == "o"));
        assert_eq!(t.files, 5_000);
    }

    #[test]
    fn a_small_tree_is_drawn_whole() {
        let mut r = huge(4, 2);
        r.summary.lines = r.files.iter().map(|f| f.lines).sum();
        r.summary.files = 4;
        r.files[0].path = "top.py".into();
        r.directories = crate::report::testkit::directories_of(&r.files);
        let t = tree(&r);
        assert!(t.nodes.iter().all(|n| n.kind != "o"));
        assert_eq!(t.drawn_files, 4);
        let top = t.nodes.iter().find(|n| n.path == "top.py").unwrap();
        assert_eq!(
            (top.up, top.kind, top.name.as_str()),
            (Some(0), "f", "top.py")
        );
        assert_eq!(
            top.bus,
            Some(r.files[0].authors.len() as u32),
            "its authors"
        );
        let leaf = t
            .nodes
            .iter()
            .find(|n| n.kind == "f" && n.up != Some(0))
            .unwrap();
        assert_eq!(t.nodes[leaf.up.unwrap()].kind, "d");
        assert!(
            t.people
                .iter()
                .all(|(_, name)| name.starts_with("Person Number"))
        );
        assert!(
            t.nodes.iter().all(|n| n.unusual_path.is_none()),
            "paths are joined names"
        );
        assert_eq!(t.people[top.people_ix[0]].0, r.files[0].authors[0]);
    }

    #[test]
    fn a_quoted_path_keeps_its_directory() {
        let mut r = huge(2, 1);
        r.files[0].path = paths::text(b"d\xff/x.py");
        r.files[1].path = "d\u{fffd}/y.py".into();
        r.directories = vec![];
        for (p, f) in [(paths::text(b"d\xff"), 0usize), ("d\u{fffd}".to_owned(), 1)] {
            let mut d = crate::report::testkit::directories_of(&r.files[f..=f]).remove(0);
            d.path = p;
            r.directories.push(d);
        }
        r.directories.sort_by(|a, b| a.path.cmp(&b.path));
        let t = tree(&r);
        let x = t.nodes.iter().find(|n| n.path == r.files[0].path).unwrap();
        assert_eq!(t.nodes[x.up.unwrap()].path, paths::text(b"d\xff"));
        assert_eq!(x.name, "x.py");
        assert_eq!(x.unusual_path.as_deref(), Some(r.files[0].path.as_str()));
    }
}
