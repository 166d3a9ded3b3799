//! GitHub-flavoured Markdown: `scan --format markdown` (job summaries, periodic reports), and
//! the building blocks `mlowners pr` shares with it.
//!
//! - [`Md`]: one line of inline Markdown, made only of escaped repository text, code spans and
//!   our own words, so that no name, e-mail or path reaches a document unescaped;
//! - [`person`], [`mention`], [`path`]: how people and paths are written;
//! - [`Document`]: the marker, a one-line verdict, then blocks (headings, paragraphs, tables,
//!   `<details>`), rendered within a character budget by cutting the longest lists first.

pub mod doc;
mod scan;
mod team_shape;

use std::fmt;

pub use doc::{Align, Block, COMMENT_BUDGET, Document, MARKER, Table, chars};
pub use scan::{MarkdownOptions, render};

use super::{escape, views};

/// Inline Markdown, safe anywhere inline (a table cell, a paragraph, a heading, the verdict).
/// It is built only from [`Md::text`] and [`Md::code`] (repository data, escaped) and
/// [`Md::lit`] (our own words), and never holds a line break.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Md(String);

impl Md {
    /// Untrusted text (a name, an e-mail, an area), escaped: see [`escape::markdown_text`].
    pub fn text(untrusted: &str) -> Md {
        Md(escape::markdown_text(untrusted))
    }

    /// Untrusted text shown as code (a path, a login): see [`escape::markdown_code`].
    pub fn code(untrusted: &str) -> Md {
        Md(escape::markdown_code(untrusted))
    }

    /// Our own words, Markdown as written (`**`, `·`, `<sub>`): never repository data.
    pub fn lit(ours: &'static str) -> Md {
        debug_assert!(!ours.contains('\n'), "one line: {ours:?}");
        Md(ours.to_owned())
    }

    /// A count with thousands separators.
    pub fn num(n: impl Into<u64>) -> Md {
        Md(views::num(n.into()))
    }

    /// A share in whole percent.
    pub fn pct(x: f64) -> Md {
        Md(views::pct(x))
    }

    /// `**self**`.
    pub fn bold(self) -> Md {
        Md(format!("**{}**", self.0))
    }

    /// `<sub>self</sub>`: small print.
    pub fn small(self) -> Md {
        Md(format!("<sub>{}</sub>", self.0))
    }

    /// `self` followed by `more`.
    pub fn and(mut self, more: Md) -> Md {
        self.0.push_str(&more.0);
        self
    }

    /// `self` followed by our own words.
    pub fn then(self, ours: &'static str) -> Md {
        self.and(Md::lit(ours))
    }

    /// The parts with `sep` between them.
    pub fn join(parts: impl IntoIterator<Item = Md>, sep: &'static str) -> Md {
        let mut out = Md::default();
        for (i, p) in parts.into_iter().enumerate() {
            if i > 0 {
                out.0.push_str(sep);
            }
            out.0.push_str(&p.0);
        }
        out
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl super::inline::Inline for Md {
    fn text(untrusted: &str) -> Md {
        Md::text(untrusted)
    }
    fn code(untrusted: &str) -> Md {
        Md::code(untrusted)
    }
    fn lit(ours: &'static str) -> Md {
        Md::lit(ours)
    }
    fn num(n: u64) -> Md {
        Md::num(n)
    }
    fn pct(x: f64) -> Md {
        Md::pct(x)
    }
    fn bold(self) -> Md {
        Md::bold(self)
    }
    fn and(self, more: Md) -> Md {
        Md::and(self, more)
    }
}

impl fmt::Display for Md {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Longest name or e-mail shown, in characters (a longer one is cut with `…`): a crafted
/// 100 kB author name must not fill the document.
pub const NAME_CHARS: usize = 80;
/// Longest path shown, in characters: a table of longer paths no longer fits a comment's width.
pub const PATH_CHARS: usize = 48;

/// A person: their GitHub login in a code span when it is known (a login in backticks notifies
/// nobody), else `name` (see [`views::display_names`]) as text, `@` neutralised. Logins come
/// from the config's `[github]` table or a noreply address (`Contributor::github`).
pub fn person(name: &str, login: Option<&str>) -> Md {
    match login {
        Some(login) => Md::code(&cut(login, NAME_CHARS)),
        None => Md::text(&cut(name, NAME_CHARS)),
    }
}

/// `@login`, a real mention, for `mlowners pr --mention` and its suggested reviewers only;
/// `None` unless `login` is a login the config accepts and also of today's strict form (single
/// inner hyphens, no `_`), so that a value such as `ana @everyone` or `org/team` can never
/// mention more.
pub fn mention(login: &str) -> Option<Md> {
    let valid = crate::config::is_github_login(login)
        && !login.ends_with('-')
        && !login.contains("--")
        && !login.contains('_');
    valid.then(|| Md(format!("@{login}")))
}

/// A path as code, shortened to [`PATH_CHARS`] (see [`short_path`]).
pub fn path(p: &str) -> Md {
    path_within(p, PATH_CHARS)
}

/// A path as code, shortened to `max` characters (see [`short_path`]).
pub fn path_within(p: &str, max: usize) -> Md {
    Md::code(&short_path(p, max))
}

/// `p` in at most `max` characters: as it is if it fits, else its first directory, `…` and as
/// many of its last components as fit (`jvm-packages/…/scala/DMatrix.scala`), else `…` and
/// those components, else `…` and its last characters.
pub fn short_path(p: &str, max: usize) -> std::borrow::Cow<'_, str> {
    let len = |s: &str| s.chars().count();
    if len(p) <= max {
        return p.into();
    }
    let parts: Vec<&str> = p.split('/').collect();
    let last = parts.len() - 1;
    for head in [parts[0], ""] {
        // `head/…` then `/c` for each component kept from the end
        let mut used = len(head) + if head.is_empty() { 1 } else { 2 };
        let mut from = last + 1;
        while from > 1 && used + 1 + len(parts[from - 1]) <= max {
            from -= 1;
            used += 1 + len(parts[from]);
        }
        if from <= last {
            let sep = if head.is_empty() { "…" } else { "/…" };
            return format!("{head}{sep}/{}", parts[from..].join("/")).into();
        }
    }
    let tail: String = p.chars().skip(len(p) - (max - 1)).collect();
    format!("…{tail}").into()
}

/// `s` cut to `max` characters, the last being `…`.
pub fn cut(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if s.chars().count() <= max {
        return s.into();
    }
    let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
    t.push('…');
    t.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_are_named_without_mentions() {
        assert_eq!(
            person("ana@ds.example.com", None).as_str(),
            "ana@<!-- -->ds.example.com"
        );
        assert_eq!(
            person("ana@ds.example.com", Some("anasato")).as_str(),
            "`anasato`"
        );
        assert_eq!(person("x", Some("@everyone")).as_str(), "`@everyone`");
        let long = "a".repeat(1000);
        assert_eq!(chars(person(&long, None).as_str()), NAME_CHARS);
    }

    #[test]
    fn only_a_valid_login_is_mentioned() {
        assert_eq!(mention("ana-sato").unwrap().as_str(), "@ana-sato");
        for bad in [
            "",
            "ana @everyone",
            "org/team",
            "-ana",
            "ana-",
            "a--b",
            "ana_s",
            "é",
        ] {
            assert!(mention(bad).is_none(), "{bad:?}");
        }
        assert!(mention(&"a".repeat(40)).is_none());
    }

    #[test]
    fn long_paths_keep_their_end() {
        let p = "jvm-packages/xgboost4j-example/src/main/scala/ml/dmlc/xgboost4j/scala/example/CustomObjective.scala";
        assert_eq!(
            short_path(p, 60),
            "jvm-packages/…/xgboost4j/scala/example/CustomObjective.scala"
        );
        assert_eq!(chars(&short_path(p, 60)), 60);
        assert_eq!(short_path("a/b.py", 60), "a/b.py");
        let long_first = format!("{}/b/train.py", "x".repeat(70));
        assert_eq!(short_path(&long_first, 60), "…/b/train.py");
        let long_name = format!("dir/{}.py", "y".repeat(100));
        let cut = short_path(&long_name, 60);
        assert!(cut.starts_with('…') && cut.ends_with("yy.py"), "{cut}");
        assert_eq!(chars(&cut), 60);
        assert_eq!(path("a/b`c.py").as_str(), "``a/b`c.py``");
        assert!(chars(path(p).as_str()) <= PATH_CHARS + 2);
    }

    #[test]
    fn md_joins_escaped_parts() {
        let md = Md::join([Md::text("a*b"), Md::code("c|d")], ", ")
            .then(" · ")
            .and(Md::num(12345u64).bold());
        assert_eq!(md.as_str(), r"a\*b, `c|d` · **12,345**");
    }
}
