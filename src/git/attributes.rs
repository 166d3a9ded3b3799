//! `.gitattributes` as git reads them (`git check-attr`): `diff`/`-diff`/`binary` decide binary
//! files (as git applies them to numstat); any other attribute is looked up with
//! [`Attributes::get`] (what the `linguist-*` marks mean for the analysis is policy:
//! `crate::path_filter`).
//!
//! As in git's `attr.c`: a line is a pattern (C-quoted when it starts with `"`) and attribute
//! states `attr`, `-attr`, `!attr` (back to unspecified), `attr=value`; a line with an invalid
//! attribute name, a negative pattern (`!pat`) or 2048 bytes or more is ignored. A pattern without
//! a slash matches the basename at any depth below its file's directory; one with a slash is
//! anchored there; one ending in `/` matches directories only, so no file. Patterns are git's
//! wildmatch, case-sensitive. Deeper `.gitattributes` files win over shallower ones, the
//! repository's `info/attributes` over all, later lines over earlier ones. Macros (`[attr]name
//! states`, only in the root file and `info/attributes`; built in: `binary` = `-diff -merge
//! -text`) expand where they are set.

use std::collections::HashMap;

use super::wildmatch::wildmatch;

/// An attribute's state for a path: `attr`, `-attr`, `attr=value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    Set,
    Unset,
    Value(String),
}

/// One state on a line; `None` is `!attr` (unspecified).
type Assign = (String, Option<State>);

#[derive(Debug, Clone)]
struct Rule {
    pattern: Vec<u8>,
    /// No slash but a trailing one: matched against the basename.
    basename: bool,
    /// Ends in `/`: matches directories only, so never a file.
    dir_only: bool,
    attrs: Vec<Assign>,
}

/// The rules of one file, and the directory its patterns are relative to (empty: the top).
#[derive(Debug, Clone)]
struct Source {
    dir: Vec<u8>,
    rules: Vec<Rule>,
}

/// The name [`Attributes::from_files`] knows the repository's `info/attributes` by (no tree can
/// hold a `.git` path, so no `.gitattributes` file is named so).
pub const INFO_ATTRIBUTES: &str = ".git/info/attributes";

/// git's built-in macro.
const BUILTIN: &str = "[attr]binary -diff -merge -text";

/// git ignores longer lines (`ATTR_MAX_LINE_LENGTH`).
const MAX_LINE: usize = 2048;

/// Rules from every `.gitattributes` file of a tree and `info/attributes`.
#[derive(Debug, Clone, Default)]
pub struct Attributes {
    /// Lowest precedence first: the root file, deeper ones, `info/attributes`.
    sources: Vec<Source>,
    macros: HashMap<String, Vec<Assign>>,
}

impl Attributes {
    /// `files` are (path of the .gitattributes file, or [`INFO_ATTRIBUTES`], its bytes); order
    /// does not matter.
    pub fn from_files(mut files: Vec<(Vec<u8>, Vec<u8>)>) -> Self {
        let info = INFO_ATTRIBUTES.as_bytes();
        files.sort_by_key(|(p, _)| {
            let depth = p.iter().filter(|&&c| c == b'/').count();
            (p == info, depth, p.clone())
        });
        let mut macros = HashMap::new();
        if let Some(Line::Macro(name, attrs)) = parse_line(BUILTIN.as_bytes(), true) {
            macros.insert(name, attrs);
        }
        let mut sources = Vec::new();
        for (path, text) in &files {
            let dir = match path.iter().rposition(|&c| c == b'/') {
                // its patterns are relative to the top of the work tree
                _ if path == info => &[][..],
                Some(i) => &path[..i],
                None => &[][..],
            };
            // `[attr]` lines are allowed at the top only (git warns "not allowed" elsewhere)
            let macro_ok = dir.is_empty();
            let mut rules = Vec::new();
            for line in text.split(|&c| c == b'\n') {
                match parse_line(line, macro_ok) {
                    Some(Line::Rule(rule)) => rules.push(rule),
                    // the last definition wins, info/attributes' over the root file's
                    Some(Line::Macro(name, attrs)) => {
                        macros.insert(name, attrs);
                    }
                    None => {}
                }
            }
            if !rules.is_empty() {
                sources.push(Source {
                    dir: dir.to_vec(),
                    rules,
                });
            }
        }
        Attributes { sources, macros }
    }

    /// The state of `attr` for `path` (a file, relative to the top); `None` when it is
    /// unspecified.
    pub fn get(&self, path: &[u8], attr: &str) -> Option<&State> {
        let base = path.iter().rposition(|&c| c == b'/').map_or(0, |i| i + 1);
        let mut filled: Vec<(&str, Option<&State>)> = Vec::new();
        for source in self.sources.iter().rev() {
            let rel = if source.dir.is_empty() {
                path
            } else {
                match path.strip_prefix(source.dir.as_slice()) {
                    Some([b'/', rest @ ..]) => rest,
                    _ => continue,
                }
            };
            for rule in source.rules.iter().rev() {
                if rule.matches(rel, &path[base..]) {
                    self.fill(&rule.attrs, &mut filled);
                    if let Some((_, state)) = filled.iter().find(|(n, _)| *n == attr) {
                        return *state;
                    }
                }
            }
        }
        None
    }

    /// git's `fill_one`: the line's states from last to first, each only if no rule of higher
    /// precedence gave that attribute one; a macro set expands there and then.
    fn fill<'a>(&'a self, attrs: &'a [Assign], filled: &mut Vec<(&'a str, Option<&'a State>)>) {
        for (name, state) in attrs.iter().rev() {
            if filled.iter().any(|(n, _)| n == name) {
                continue;
            }
            filled.push((name, state.as_ref()));
            if state == &Some(State::Set)
                && let Some(expansion) = self.macros.get(name)
            {
                self.fill(expansion, filled);
            }
        }
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

impl Rule {
    /// `rel`: the path relative to the rule's directory; `basename`: its last component.
    fn matches(&self, rel: &[u8], basename: &[u8]) -> bool {
        if self.dir_only {
            false
        } else if self.basename {
            wildmatch(&self.pattern, basename, false)
        } else {
            let pattern = self.pattern.strip_prefix(b"/").unwrap_or(&self.pattern);
            wildmatch(pattern, rel, true)
        }
    }
}

enum Line {
    Rule(Rule),
    Macro(String, Vec<Assign>),
}

fn is_blank(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

fn skip_blanks(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|&&c| is_blank(c)).count();
    &s[n..]
}

/// (token up to the next blank, the rest)
fn token(s: &[u8]) -> (&[u8], &[u8]) {
    let n = s.iter().take_while(|&&c| !is_blank(c)).count();
    s.split_at(n)
}

/// git's `attr_name_valid`: `[-._0-9A-Za-z]`, not starting with `-`.
fn valid_name(name: &[u8]) -> bool {
    !name.is_empty()
        && name[0] != b'-'
        && name
            .iter()
            .all(|&c| c == b'-' || c == b'.' || c == b'_' || c.is_ascii_alphanumeric())
}

/// git's `parse_attr_line`; `None` for a blank line, a comment, or a line git ignores.
fn parse_line(line: &[u8], macro_ok: bool) -> Option<Line> {
    if line.len() >= MAX_LINE {
        return None;
    }
    let line = skip_blanks(line);
    if line.is_empty() || line[0] == b'#' {
        return None;
    }
    let (name, states) = match line.strip_prefix(b"\"").and_then(unquote_c) {
        Some((unquoted, rest)) => (unquoted, rest),
        None => {
            let (t, rest) = token(line);
            (t.to_vec(), rest)
        }
    };
    let macro_name = match name.strip_prefix(b"[attr]") {
        Some(rest) if !rest.is_empty() => {
            if !macro_ok {
                return None;
            }
            let (m, _) = token(skip_blanks(rest));
            if !valid_name(m) {
                return None;
            }
            Some(String::from_utf8_lossy(m).into_owned())
        }
        _ => None,
    };
    let mut attrs = Vec::new();
    let mut rest = skip_blanks(states);
    while !rest.is_empty() {
        let (t, after) = token(rest);
        rest = skip_blanks(after);
        let (prefix, body) = match t.first() {
            Some(b'-') | Some(b'!') => (t[0], &t[1..]),
            _ => (0, t),
        };
        let (n, value) = match body.iter().position(|&c| c == b'=') {
            Some(i) => (&body[..i], Some(&body[i + 1..])),
            None => (body, None),
        };
        if !valid_name(n) || n.starts_with(b"builtin_") {
            return None;
        }
        let state = match (prefix, value) {
            (b'-', _) => Some(State::Unset),
            (b'!', _) => None,
            (_, Some(v)) => Some(State::Value(String::from_utf8_lossy(v).into_owned())),
            (_, None) => Some(State::Set),
        };
        attrs.push((String::from_utf8_lossy(n).into_owned(), state));
    }
    if let Some(m) = macro_name {
        return Some(Line::Macro(m, attrs));
    }
    // a C string: a NUL from `\000` ends it
    let name = match name.iter().position(|&c| c == 0) {
        Some(i) => &name[..i],
        None => &name[..],
    };
    if name.starts_with(b"!") {
        // git: "Negative patterns are ignored in git attributes"
        return None;
    }
    let (pattern, dir_only) = match name.strip_suffix(b"/") {
        Some(p) => (p, true),
        None => (name, false),
    };
    Some(Line::Rule(Rule {
        pattern: pattern.to_vec(),
        basename: !pattern.contains(&b'/'),
        dir_only,
        attrs,
    }))
}

/// git's `unquote_c_style`, after the opening quote: the unquoted bytes and what follows the
/// closing quote; `None` if it is not a well-formed C string (git then reads the line unquoted).
fn unquote_c(s: &[u8]) -> Option<(Vec<u8>, &[u8])> {
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        let c = *s.get(i)?;
        i += 1;
        match c {
            b'"' => return Some((out, &s[i..])),
            b'\\' => {}
            0 => return None,
            _ => {
                out.push(c);
                continue;
            }
        }
        let e = *s.get(i)?;
        i += 1;
        out.push(match e {
            b'a' => 7,
            b'b' => 8,
            b'f' => 12,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'v' => 11,
            b'\\' | b'"' => e,
            b'0'..=b'3' => {
                let d = |c: Option<&u8>| c.filter(|c| (b'0'..=b'7').contains(c)).map(|c| c - b'0');
                let (d2, d3) = (d(s.get(i))?, d(s.get(i + 1))?);
                i += 2;
                ((e - b'0') << 6) | (d2 << 3) | d3
            }
            _ => return None,
        });
    }
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
        assert_eq!(a.get(b"x/y.dat", "merge"), Some(&State::Unset));
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
            "*.pb.py linguist-generated\nanchored/*.py linguist-vendored\n".into(),
        )]);
        assert_eq!(
            a.get(b"sub/deep/a.pb.py", "linguist-generated"),
            Some(&State::Set)
        );
        assert_eq!(a.get(b"other/a.pb.py", "linguist-generated"), None);
        assert_eq!(a.get(b"subx/a.pb.py", "linguist-generated"), None);
        assert_eq!(
            a.get(b"sub/anchored/a.py", "linguist-vendored"),
            Some(&State::Set)
        );
        assert_eq!(a.get(b"sub/x/anchored/a.py", "linguist-vendored"), None);
    }

    #[test]
    fn what_git_reads_differently_from_a_glob() {
        let a = attrs(
            "third/ linguist-vendored\n\
             *.js -diff\nkeep.js !diff\n\
             \"a b.txt\" -diff\n\"q\\\"t.txt\" -diff\n\
             !neg.txt -diff\n\
             bad.txt -diff --x\n\
             [attr]gen linguist-generated -diff\n*.gen gen\n\
             -binary.txt -binary\n",
        );
        assert_eq!(a.get(b"third/x.py", "linguist-vendored"), None);
        assert_eq!(a.binary_override(b"x/a.js"), Some(true));
        assert_eq!(a.binary_override(b"x/keep.js"), None);
        assert_eq!(a.binary_override(b"d/a b.txt"), Some(true));
        assert_eq!(a.binary_override(b"q\"t.txt"), Some(true));
        assert_eq!(a.binary_override(b"neg.txt"), None);
        assert_eq!(a.binary_override(b"!neg.txt"), None);
        assert_eq!(a.binary_override(b"bad.txt"), None);
        assert_eq!(a.get(b"x.gen", "linguist-generated"), Some(&State::Set));
        assert_eq!(a.binary_override(b"x.gen"), Some(true));
        assert_eq!(a.binary_override(b"-binary.txt"), None);
    }

    #[test]
    fn macros_only_at_the_top() {
        let a = Attributes::from_files(vec![(
            "sub/.gitattributes".into(),
            "[attr]gen linguist-generated\n*.py gen\n".into(),
        )]);
        assert_eq!(a.get(b"sub/a.py", "gen"), Some(&State::Set));
        assert_eq!(a.get(b"sub/a.py", "linguist-generated"), None);
    }

    #[test]
    fn c_quoting() {
        assert_eq!(
            unquote_c(b"a\\tb\\303\\251\" rest"),
            Some((b"a\tb\xc3\xa9".to_vec(), &b" rest"[..]))
        );
        assert_eq!(unquote_c(b"no end"), None);
        assert_eq!(unquote_c(b"bad \\q\""), None);
    }
}
