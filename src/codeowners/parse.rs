//! A CODEOWNERS file: its rules, their owners, and the lines GitHub would skip.
//!
//! A line is blank, a comment (`#` first), or a pattern followed by owners separated by
//! whitespace; a `#` that begins a word starts a comment to the end of the line (GitHub's example
//! file: `*.js @js-owner #This is an inline comment.`). A `\` escapes the next character of the
//! pattern, so `path\ with\ spaces/` is one pattern. A pattern with no owners makes its files
//! unowned. Owners are `@user`, `@org/team` or e-mail addresses. A line with an error is
//! skipped, as GitHub skips it: it matches nothing.

use super::pattern::{Pattern, PatternError};

/// GitHub ignores a CODEOWNERS file of this size or more ("under 3 MB").
pub const MAX_BYTES: usize = 3 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Owner {
    /// `@login`, without the `@`.
    User(String),
    /// `@org/team`, without the `@`.
    Team(String),
    Email(String),
}

impl Owner {
    /// A token of a CODEOWNERS line as an owner, if it is one.
    pub fn parse(token: &str) -> Option<Owner> {
        if let Some(name) = token.strip_prefix('@') {
            return match name.split_once('/') {
                Some((org, team)) if is_login(org) && is_team(team) => {
                    Some(Owner::Team(name.to_owned()))
                }
                None if is_login(name) => Some(Owner::User(name.to_owned())),
                _ => None,
            };
        }
        is_email(token).then(|| Owner::Email(token.to_owned()))
    }

    /// As written in a CODEOWNERS file.
    pub fn text(&self) -> String {
        match self {
            Owner::User(u) => format!("@{u}"),
            Owner::Team(t) => format!("@{t}"),
            Owner::Email(e) => e.clone(),
        }
    }
}

/// A GitHub login: letters, digits and `-` (`_` too, as GitHub Enterprise's managed users have),
/// at most 39 characters.
pub fn is_login(s: &str) -> bool {
    crate::config::is_github_login(s)
}

fn is_team(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 255
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// An e-mail address as a CODEOWNERS owner: `local@domain.tld` in printable ASCII.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._%+-'".contains(&b));
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    local_ok && domain_ok
}

/// A rule of the file (a line with a pattern).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// 1-based line number.
    pub line: usize,
    /// The pattern as written (escapes kept).
    pub pattern: String,
    pub owners: Vec<Owner>,
    /// The compiled pattern; `None` when the line has an error (GitHub skips it).
    pub matcher: Option<Pattern>,
}

/// A line GitHub would skip, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    /// The line as written.
    pub text: String,
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Codeowners {
    /// Every line with a pattern, in file order (skipped ones too, without a matcher).
    pub rules: Vec<Rule>,
    pub errors: Vec<LineError>,
}

impl Codeowners {
    pub fn parse(text: &str) -> Codeowners {
        let mut out = Codeowners::default();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let words = words(raw);
            let Some((pattern, owner_words)) = words.split_first() else {
                continue;
            };
            let mut errors = Vec::new();
            let matcher = match Pattern::new(pattern) {
                Ok(p) => Some(p),
                Err(e) => {
                    errors.push(pattern_message(&e));
                    None
                }
            };
            let mut owners = Vec::new();
            for w in owner_words {
                match Owner::parse(w) {
                    Some(o) => owners.push(o),
                    None => errors.push(format!(
                        "`{w}` is not an owner (`@user`, `@org/team` or an e-mail address)"
                    )),
                }
            }
            for message in &errors {
                out.errors.push(LineError {
                    line,
                    text: raw.to_owned(),
                    message: message.clone(),
                });
            }
            out.rules.push(Rule {
                line,
                pattern: (*pattern).to_owned(),
                owners,
                matcher: if errors.is_empty() { matcher } else { None },
            });
        }
        out
    }

    /// The rule that decides `path`: the last valid rule whose pattern matches it.
    pub fn owner_rule(&self, path: &[u8]) -> Option<usize> {
        self.rules
            .iter()
            .rposition(|r| r.matcher.as_ref().is_some_and(|m| m.matches(path)))
    }
}

fn pattern_message(e: &PatternError) -> String {
    e.to_string()
}

/// The words of a line: split at whitespace that no `\` escapes, up to a `#` that begins a word.
fn words(line: &str) -> Vec<&str> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        if i == b.len() || b[i] == b'#' {
            return out;
        }
        let start = i;
        while i < b.len() && !is_space(b[i]) {
            i += if b[i] == b'\\' && i + 1 < b.len() {
                2
            } else {
                1
            };
        }
        out.push(&line[start..i.min(b.len())]);
    }
}

fn is_space(b: u8) -> bool {
    b == b' ' || b == b'\t' || b == b'\r'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_blank_lines_inline_comments_and_escapes() {
        let c = Codeowners::parse(
            "# a comment\n\n   \n*.js    @js-owner #This is an inline comment.\n\
             path\\ with\\ spaces/ @a @org/team docs@example.com\n/apps/github\n",
        );
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        let got: Vec<(usize, &str, Vec<String>)> = c
            .rules
            .iter()
            .map(|r| {
                (
                    r.line,
                    r.pattern.as_str(),
                    r.owners.iter().map(Owner::text).collect(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (4, "*.js", vec!["@js-owner".to_string()]),
                (
                    5,
                    "path\\ with\\ spaces/",
                    vec!["@a".into(), "@org/team".into(), "docs@example.com".into()]
                ),
                (6, "/apps/github", vec![]),
            ]
        );
        assert!(
            c.rules[1]
                .matcher
                .as_ref()
                .unwrap()
                .matches(b"path with spaces/x")
        );
    }

    #[test]
    fn owners() {
        assert_eq!(
            Owner::parse("@octocat"),
            Some(Owner::User("octocat".into()))
        );
        assert_eq!(
            Owner::parse("@octo-org/octocats"),
            Some(Owner::Team("octo-org/octocats".into()))
        );
        assert_eq!(
            Owner::parse("docs@example.com"),
            Some(Owner::Email("docs@example.com".into()))
        );
        for bad in ["octocat", "@", "@a/b/c", "@a b", "x@y", "@-x/", "a@@b.c"] {
            assert_eq!(Owner::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_line_with_an_error_is_skipped_and_reported() {
        let c = Codeowners::parse("* @all\n!*.md @docs\n*.[ch] @c\n\\#x @h\n*.py python-team\n");
        let lines: Vec<usize> = c.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![2, 3, 4, 5]);
        assert!(
            c.errors[3]
                .message
                .contains("`python-team` is not an owner")
        );
        assert!(c.rules[1..].iter().all(|r| r.matcher.is_none()));
        // the skipped `*.py` rule does not take files from `*`
        assert_eq!(c.owner_rule(b"train.py"), Some(0));
    }

    #[test]
    fn the_last_matching_rule_wins() {
        let c = Codeowners::parse("* @a\n/ml/ @b\n*.md @c\n/ml/x/\n");
        assert_eq!(c.owner_rule(b"README"), Some(0));
        assert_eq!(c.owner_rule(b"ml/train.py"), Some(1));
        assert_eq!(c.owner_rule(b"ml/README.md"), Some(2));
        assert_eq!(c.owner_rule(b"ml/x/README.md"), Some(3));
        assert!(c.rules[3].owners.is_empty());
        assert_eq!(Codeowners::parse("/ml/ @b\n").owner_rule(b"README"), None);
    }
}
