//! `.gitattributes` as mining reads them: `diff`/`-diff`/`binary` decide binary files (as git
//! applies them to numstat); any other attribute is looked up with [`Attributes::get`] (what the
//! `linguist-*` marks mean for the analysis is policy: `crate::path_filter`).
//! Besides the tree's `.gitattributes` files, git reads the repository's `info/attributes`, with
//! the highest precedence.

use globset::{Candidate, GlobBuilder, GlobMatcher};

/// An attribute's state for a path: `attr`, `-attr`, `attr=value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    Set,
    Unset,
    Value(String),
}

#[derive(Debug, Clone)]
struct Rule {
    glob: GlobMatcher,
    attrs: Vec<(String, State)>,
}

/// The name [`Attributes::from_files`] knows the repository's `info/attributes` by (no tree can
/// hold a `.git` path, so no `.gitattributes` file is named so).
pub const INFO_ATTRIBUTES: &str = ".git/info/attributes";

/// Rules from every `.gitattributes` file of a tree and `info/attributes`; later rules win, as in
/// git: deeper files over shallower ones, `info/attributes` over all.
#[derive(Debug, Clone, Default)]
pub struct Attributes {
    rules: Vec<Rule>,
}

impl Attributes {
    /// `files` are (path of the .gitattributes file, or [`INFO_ATTRIBUTES`], its text); order
    /// does not matter.
    pub fn from_files(mut files: Vec<(String, String)>) -> Self {
        files.sort_by_key(|(p, _)| (p == INFO_ATTRIBUTES, p.matches('/').count(), p.clone()));
        let mut rules = Vec::new();
        for (path, text) in &files {
            let dir = match path.rsplit_once('/') {
                // its patterns are relative to the top of the work tree
                _ if path == INFO_ATTRIBUTES => "",
                Some((d, _)) => d,
                None => "",
            };
            for line in text.lines() {
                if let Some(rule) = parse_line(dir, line) {
                    rules.push(rule);
                }
            }
        }
        Attributes { rules }
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The state of `attr` for `path`; `None` when no rule sets it (or the last one unspecifies it).
    pub fn get(&self, path: &[u8], attr: &str) -> Option<&State> {
        let path = Candidate::from_bytes(path);
        self.rules
            .iter()
            .rev()
            .filter(|r| r.glob.is_match_candidate(&path))
            .find_map(|r| {
                r.attrs
                    .iter()
                    .rev()
                    .find(|(n, _)| n == attr)
                    .map(|(_, s)| s)
            })
    }

    /// `Some(true)` when attributes force binary (`-diff`, `binary`), `Some(false)` when they
    /// force text (`diff`), `None` to let the content decide.
    pub fn binary_override(&self, path: &[u8]) -> Option<bool> {
        match self.get(path, "diff")? {
            State::Unset => Some(true),
            State::Set => Some(false),
            State::Value(_) => None,
        }
    }
}

fn parse_line(dir: &str, line: &str) -> Option<Rule> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') || line.starts_with('"') {
        return None;
    }
    let mut parts = line.split_ascii_whitespace();
    let pattern = parts.next()?;
    if pattern.starts_with("[attr]") {
        return None;
    }
    let mut attrs = Vec::new();
    for a in parts {
        let (name, state) = if let Some(n) = a.strip_prefix('-') {
            (n, State::Unset)
        } else if a.starts_with('!') {
            continue;
        } else if let Some((n, v)) = a.split_once('=') {
            (n, State::Value(v.to_owned()))
        } else {
            (a, State::Set)
        };
        if name == "binary" && state == State::Set {
            attrs.push(("diff".to_owned(), State::Unset));
        } else {
            attrs.push((name.to_owned(), state));
        }
    }
    let anchored = pattern.trim_end_matches('/').contains('/');
    let mut pat = pattern.trim_start_matches('/').to_owned();
    if pat.ends_with('/') {
        pat.push_str("**");
    }
    let full = match (dir.is_empty(), anchored) {
        (true, true) => pat,
        (true, false) => format!("**/{pat}"),
        (false, true) => format!("{dir}/{pat}"),
        (false, false) => format!("{dir}/**/{pat}"),
    };
    let glob = GlobBuilder::new(&full)
        .literal_separator(true)
        .build()
        .ok()?
        .compile_matcher();
    Some(Rule { glob, attrs })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(text: &str) -> Attributes {
        Attributes::from_files(vec![(".gitattributes".into(), text.into())])
    }

    #[test]
    fn binary_and_diff() {
        let a = attrs("*.dat binary\n*.svg -diff\n*.txt diff\n");
        assert_eq!(a.binary_override(b"x/y.dat"), Some(true));
        assert_eq!(a.binary_override(b"y.svg"), Some(true));
        assert_eq!(a.binary_override(b"y.txt"), Some(false));
        assert_eq!(a.binary_override(b"y.py"), None);
    }

    #[test]
    fn info_attributes_win_over_every_gitattributes_file() {
        let a = Attributes::from_files(vec![
            (
                INFO_ATTRIBUTES.into(),
                "*.csv -diff\nkeep/*.txt diff\n".into(),
            ),
            (
                "keep/.gitattributes".into(),
                "*.txt -diff\n*.csv diff\n".into(),
            ),
            (".gitattributes".into(), "*.csv diff\n".into()),
        ]);
        assert_eq!(a.binary_override(b"keep/a.csv"), Some(true));
        assert_eq!(a.binary_override(b"a.csv"), Some(true));
        assert_eq!(a.binary_override(b"keep/a.txt"), Some(false));
    }

    #[test]
    fn nested_file_is_relative_to_its_directory() {
        let a = Attributes::from_files(vec![(
            "sub/.gitattributes".into(),
            "*.pb.py linguist-generated\n".into(),
        )]);
        assert_eq!(
            a.get(b"sub/deep/a.pb.py", "linguist-generated"),
            Some(&State::Set)
        );
        assert_eq!(a.get(b"other/a.pb.py", "linguist-generated"), None);
    }
}
