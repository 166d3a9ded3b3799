//! One CODEOWNERS path pattern, matched as GitHub matches it.
//!
//! GitHub's "About code owners" page: the patterns follow "most of the same rules used in
//! gitignore files", except that `!` negation, `[ ]` character ranges and escaping a leading `#`
//! with `\` do not work; and `docs/*` matches the files directly in `docs` but not nested ones.
//! In detail (gitignore's pattern format, as GitHub applies it):
//! - a pattern with a `/` at its start or in its middle is anchored at the repository root; one
//!   without (a trailing `/` aside) matches at any depth;
//! - a trailing `/` matches the contents of a directory, not a file of that name;
//! - `*` matches within one path component, `?` one character of it, `\` escapes the next
//!   character; `**` as a whole component matches any number of components (leading `**/`,
//!   trailing `/**`, middle `/**/`);
//! - a pattern that matches a directory matches every file below it, except where its last
//!   component is a lone `*` (`docs/*`, `/*`): that matches one level only.
//!
//! Matching is on bytes and case-sensitive, as GitHub's is.

/// Why a pattern is not used. GitHub skips such a line, so it matches nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternError {
    Empty,
    /// `!pattern`: GitHub does not support negation.
    Negation,
    /// `[...]`: GitHub does not support character ranges.
    CharacterRange,
    /// `\#...`: GitHub does not support escaping a leading `#`.
    EscapedHash,
    /// `***`.
    TripleStar,
    /// A `\` with nothing after it.
    TrailingBackslash,
    /// `/` alone matches no file.
    RootOnly,
}

impl std::fmt::Display for PatternError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PatternError::Empty => "empty pattern",
            PatternError::Negation => "`!` (negation) does not work in CODEOWNERS: GitHub skips the line",
            PatternError::CharacterRange => {
                "`[ ]` (character ranges) do not work in CODEOWNERS: GitHub skips the line"
            }
            PatternError::EscapedHash => {
                "escaping a leading `#` with `\\` does not work in CODEOWNERS: GitHub skips the line"
            }
            PatternError::TripleStar => "`***` is not a pattern (use `**` or `*`)",
            PatternError::TrailingBackslash => "the pattern ends in a lone `\\`",
            PatternError::RootOnly => "`/` alone matches no file (`*` means every file)",
        })
    }
}

/// One component of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    /// `**`: any number of components.
    Any,
    /// A trailing `/`: one component or more, below a directory the pattern matched.
    Below,
    /// `*` alone: exactly one component (and, last, not the files below it).
    One,
    Glob(Vec<Token>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Byte(u8),
    /// `*`: any run of bytes within the component.
    Star,
    /// `?`: one character.
    Question,
}

/// A compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    segments: Vec<Segment>,
}

impl Pattern {
    pub fn new(text: &str) -> Result<Pattern, PatternError> {
        if text.is_empty() {
            return Err(PatternError::Empty);
        }
        if text.starts_with('!') {
            return Err(PatternError::Negation);
        }
        if text.starts_with("\\#") {
            return Err(PatternError::EscapedHash);
        }
        if text.contains('[') || text.contains(']') {
            return Err(PatternError::CharacterRange);
        }
        if text.contains("***") {
            return Err(PatternError::TripleStar);
        }
        if text == "/" {
            return Err(PatternError::RootOnly);
        }
        let mut parts: Vec<&str> = split_unescaped(text);
        let anchored =
            parts.len() > 1 && (parts[0].is_empty() || parts.len() > 2 || !parts[1].is_empty());
        if parts[0].is_empty() {
            parts.remove(0);
        }
        let mut segments = Vec::with_capacity(parts.len() + 1);
        if !anchored && parts[0] != "**" {
            segments.push(Segment::Any);
        }
        let last = parts.len() - 1;
        for (i, part) in parts.iter().enumerate() {
            segments.push(match *part {
                // a trailing `/`: the directory's contents
                "" if i == last => Segment::Below,
                "" => continue, // `a//b`, as git reads it
                "**" => Segment::Any,
                "*" => Segment::One,
                glob => Segment::Glob(tokens(glob)?),
            });
        }
        Ok(Pattern { segments })
    }

    /// Does the pattern own the file at `path` (components separated by `/`, no leading `/`)?
    pub fn matches(&self, path: &[u8]) -> bool {
        let components: Vec<&[u8]> = path.split(|&b| b == b'/').collect();
        match_from(&self.segments, &components, false)
    }
}

/// The pattern's components: split at each `/` that no `\` escapes.
fn split_unescaped(text: &str) -> Vec<&str> {
    let b = text.as_bytes();
    let mut parts = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'/' => {
                parts.push(&text[start..i]);
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    parts.push(&text[start.min(text.len())..]);
    parts
}

fn tokens(glob: &str) -> Result<Vec<Token>, PatternError> {
    let mut out = Vec::with_capacity(glob.len());
    let mut bytes = glob.bytes();
    while let Some(b) = bytes.next() {
        out.push(match b {
            b'\\' => Token::Byte(bytes.next().ok_or(PatternError::TrailingBackslash)?),
            b'*' => Token::Star,
            b'?' => Token::Question,
            b => Token::Byte(b),
        });
    }
    Ok(out)
}

/// Do `segments` match `path`? `below` says whether components were matched before it (a
/// trailing `/` needs a directory: `**/` owns nothing at the root).
fn match_from(segments: &[Segment], path: &[&[u8]], below: bool) -> bool {
    let Some((first, rest)) = segments.split_first() else {
        return path.is_empty();
    };
    match first {
        // `**` last: one component or more (`foo/**` is not `foo` itself)
        Segment::Any if rest.is_empty() => !path.is_empty(),
        Segment::Any => (0..=path.len()).any(|k| match_from(rest, &path[k..], below || k > 0)),
        Segment::Below => below && !path.is_empty(),
        Segment::One => {
            !path.is_empty()
                && !path[0].is_empty()
                && if rest.is_empty() {
                    path.len() == 1
                } else {
                    match_from(rest, &path[1..], true)
                }
        }
        Segment::Glob(tokens) => {
            !path.is_empty()
                && glob(tokens, path[0])
                // last: the file itself, or a directory and everything below it
                && (rest.is_empty() || match_from(rest, &path[1..], true))
        }
    }
}

/// A component against a glob: `*` any run, `?` one character (a UTF-8 sequence, else a byte).
fn glob(tokens: &[Token], name: &[u8]) -> bool {
    let Some((first, rest)) = tokens.split_first() else {
        return name.is_empty();
    };
    match first {
        Token::Byte(b) => name.first() == Some(b) && glob(rest, &name[1..]),
        Token::Question => !name.is_empty() && glob(rest, &name[char_len(name)..]),
        Token::Star => (0..=name.len()).any(|k| glob(rest, &name[k..])),
    }
}

fn char_len(s: &[u8]) -> usize {
    let n = match s[0] {
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => 1,
    };
    if n <= s.len() && std::str::from_utf8(&s[..n]).is_ok() {
        n
    } else {
        1
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    fn m(pattern: &str, path: &str) -> bool {
        Pattern::new(pattern).unwrap().matches(path.as_bytes())
    }

    /// Each case: a pattern, paths it must match, paths it must not.
    pub(in crate::codeowners) fn check(pattern: &str, yes: &[&str], no: &[&str]) {
        for p in yes {
            assert!(m(pattern, p), "{pattern:?} should match {p:?}");
        }
        for p in no {
            assert!(!m(pattern, p), "{pattern:?} should not match {p:?}");
        }
    }

    #[test]
    fn one_component_matches_at_any_depth_and_below() {
        check(
            "foo",
            &["foo", "foo/bar", "bar/foo", "bar/foo/baz"],
            &["foo.txt", "bar/foo.txt", "bar/baz", "xfoo"],
        );
        check("*", &["foo", "foo/bar", "a/b/c"], &[]);
        check(
            "f*",
            &["foo", "foo/bar", "bar/foo", "bar/foo/baz"],
            &["bar/baz", "xfoo"],
        );
        check("*.js", &["a.js", "src/a.js", "a/b/c.js"], &["a.jsx", "js"]);
    }

    #[test]
    fn a_leading_or_middle_slash_anchors() {
        check(
            "/foo",
            &["foo", "foo/bar", "foo/bar/baz"],
            &["fool.txt", "bar/foo", "bar/foo/baz"],
        );
        check(
            "foo/bar",
            &["foo/bar", "foo/bar/baz"],
            &["foo/bart", "baz/foo/bar", "baz/foo/bar/qux"],
        );
        check("/foo/bar", &["foo/bar", "foo/bar/baz"], &["baz/foo/bar"]);
    }

    #[test]
    fn a_trailing_slash_matches_a_directory_s_contents() {
        check(
            "foo/",
            &["foo/bar", "foo/bar/baz", "bar/foo/baz", "bar/foo/baz/qux"],
            &["foo", "bar/foo", "bar/baz"],
        );
        check(
            "/foo/",
            &["foo/bar", "foo/bar/baz"],
            &["foo", "bar/foo/baz"],
        );
        check(
            "foo/bar/",
            &["foo/bar/baz"],
            &["foo/bar", "baz/foo/bar/qux"],
        );
        check("f*/", &["foo/bar", "bar/foo/baz"], &["foo", "bar/foo"]);
        check("/*/", &["foo/bar", "bar/foo/baz"], &["foo"]);
    }

    #[test]
    fn a_lone_star_last_matches_one_level() {
        check("foo/*", &["foo/bar"], &["foo", "foo/bar/baz", "bar/foo"]);
        check("/*", &["foo", "bar"], &["foo/bar"]);
        check(
            "foo/*.txt",
            &["foo/bar.txt"],
            &["foo/bar/baz.txt", "qux/foo/bar.txt"],
        );
        check(
            "foo/*/baz",
            &["foo/bar/baz", "foo/bar/baz/qux"],
            &["foo/baz"],
        );
    }

    #[test]
    fn double_stars() {
        check(
            "**/foo/bar",
            &["foo/bar", "qux/foo/bar", "qux/foo/bar/baz"],
            &["foo/baz/bar"],
        );
        check(
            "**/*bar*",
            &["bar", "foo/rebar", "foo/barrio", "a/b/bar"],
            &[],
        );
        check(
            "foo/bar/**",
            &["foo/bar/baz", "foo/bar/baz/qux"],
            &["foo/bar", "qux/foo/bar/baz"],
        );
        check(
            "foo/**/bar",
            &["foo/bar", "foo/q/bar/baz", "foo/q/r/bar/baz"],
            &["qux/foo/bar"],
        );
        check("foo/**/", &["foo/bar", "foo/bar/baz"], &["foo"]);
        check("**/", &["a/b", "a/b/c"], &["a"]);
        check(
            "foo/**/bar/b*",
            &["foo/bar/baz", "foo/q/bar/baz"],
            &["foo/bar", "foo/bar/qux"],
        );
        check("**", &["a", "a/b"], &[]);
    }

    #[test]
    fn escapes_and_single_characters() {
        check("f\\*o", &["f*o"], &["foo"]);
        check("f?o", &["foo", "f张o"], &["fo", "fooo", "f/o"]);
        check("f\\?o", &["f?o"], &["foo"]);
        check(
            "/path\\ with\\ spaces/",
            &["path with spaces/a.py"],
            &["path/a.py"],
        );
        check("/a\\\\b/", &["a\\b/x"], &["ab/x"]);
    }

    #[test]
    fn case_sensitive_and_bytes() {
        check("/Docs/", &["Docs/a"], &["docs/a"]);
        assert!(Pattern::new("*.py").unwrap().matches(b"m\xff.py"));
    }

    #[test]
    fn what_github_does_not_support_is_an_error() {
        // GitHub, "About code owners", Syntax exceptions: escaping a pattern starting with `#`
        // using `\`, `!` to negate a pattern, `[ ]` to define a character range.
        assert_eq!(Pattern::new("!a.py"), Err(PatternError::Negation));
        assert_eq!(Pattern::new("*.[ch]"), Err(PatternError::CharacterRange));
        assert_eq!(Pattern::new("\\#notes"), Err(PatternError::EscapedHash));
        assert_eq!(Pattern::new("a/***"), Err(PatternError::TripleStar));
        assert_eq!(Pattern::new("/"), Err(PatternError::RootOnly));
        assert_eq!(Pattern::new("a\\"), Err(PatternError::TrailingBackslash));
        // `!` and `#` elsewhere are ordinary characters
        assert!(m("/a!b/", "a!b/c"));
        assert!(m("/!x/", "!x/c"));
    }
}
