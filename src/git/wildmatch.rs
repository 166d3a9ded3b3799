//! git's `wildmatch` (the matcher of `.gitattributes`, `.gitignore` and pathspecs), on bytes and
//! case-sensitive (`core.ignorecase` off): `*` and `?` and `[...]` never match `/` when
//! `pathname` is set, `**` between slashes (or at either end) crosses directories, `\` quotes
//! the next character, classes take ranges, `!`/`^` negation and `[:alpha:]`-style names (in the
//! C locale). The early exits are git's, so a pattern is matched exactly as git matches it.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Match,
    NoMatch,
    /// The text ran out: no longer star expansion can help.
    AbortAll,
    /// A single star met a `/`: only an enclosing `**` may still go on.
    AbortToStarStar,
}

/// Does `pattern` match all of `text`? `pathname` is git's `WM_PATHNAME`.
pub fn wildmatch(pattern: &[u8], text: &[u8], pathname: bool) -> bool {
    // git holds patterns as C strings: a NUL (from a quoted `\000`) ends one
    let end = pattern
        .iter()
        .position(|&c| c == 0)
        .unwrap_or(pattern.len());
    dowild(&pattern[..end], text, pathname) == Outcome::Match
}

fn at(s: &[u8], i: usize) -> u8 {
    s.get(i).copied().unwrap_or(0)
}

fn is_glob_special(c: u8) -> bool {
    matches!(c, b'*' | b'?' | b'[' | b'\\')
}

fn dowild(pat: &[u8], text: &[u8], pathname: bool) -> Outcome {
    use Outcome::*;
    let (mut p, mut t) = (0usize, 0usize);
    while at(pat, p) != 0 {
        let mut p_ch = at(pat, p);
        let mut t_ch = at(text, t);
        if t_ch == 0 && p_ch != b'*' {
            return AbortAll;
        }
        match p_ch {
            b'\\' => {
                p += 1;
                if t_ch != at(pat, p) {
                    return NoMatch;
                }
            }
            b'?' => {
                if pathname && t_ch == b'/' {
                    return NoMatch;
                }
            }
            b'*' => {
                let match_slash;
                p += 1;
                if at(pat, p) == b'*' {
                    // the character before the first star, if any
                    let before = p.checked_sub(2);
                    while at(pat, p) == b'*' {
                        p += 1;
                    }
                    let next = at(pat, p);
                    if !pathname {
                        match_slash = true;
                    } else if before.is_none_or(|b| pat[b] == b'/')
                        && (next == 0 || next == b'/' || (next == b'\\' && at(pat, p + 1) == b'/'))
                    {
                        // `**/` may match no directory at all
                        if next == b'/' && dowild(&pat[p + 1..], &text[t..], pathname) == Match {
                            return Match;
                        }
                        match_slash = true;
                    } else {
                        match_slash = false;
                    }
                } else {
                    match_slash = !pathname;
                }
                let next = at(pat, p);
                if next == 0 {
                    // a trailing `**` matches everything, a trailing `*` no further directory
                    if !match_slash && text[t..].contains(&b'/') {
                        return NoMatch;
                    }
                    return Match;
                } else if !match_slash && next == b'/' {
                    // one star before a slash: the rest of this directory name
                    match text[t..].iter().position(|&c| c == b'/') {
                        None => return NoMatch,
                        Some(i) => t += i,
                    }
                    // the slash is consumed below, by both sides
                    p += 1;
                    t += 1;
                    continue;
                }
                loop {
                    if t_ch == 0 {
                        break;
                    }
                    if !is_glob_special(at(pat, p)) {
                        // skip to the literal that must follow the star (not past a `/`
                        // unless the star may cross it)
                        let lit = at(pat, p);
                        loop {
                            t_ch = at(text, t);
                            if t_ch == 0 || (!match_slash && t_ch == b'/') || t_ch == lit {
                                break;
                            }
                            t += 1;
                        }
                        if t_ch != lit {
                            return NoMatch;
                        }
                    }
                    let m = dowild(&pat[p..], &text[t..], pathname);
                    if m != NoMatch {
                        if !match_slash || m != AbortToStarStar {
                            return m;
                        }
                    } else if !match_slash && t_ch == b'/' {
                        return AbortToStarStar;
                    }
                    t += 1;
                    t_ch = at(text, t);
                }
                return AbortAll;
            }
            b'[' => {
                p += 1;
                p_ch = at(pat, p);
                if p_ch == b'^' {
                    p_ch = b'!';
                }
                let negated = p_ch == b'!';
                if negated {
                    p += 1;
                    p_ch = at(pat, p);
                }
                let mut prev_ch = 0u8;
                let mut matched = false;
                loop {
                    if p_ch == 0 {
                        return AbortAll;
                    }
                    if p_ch == b'\\' {
                        p += 1;
                        p_ch = at(pat, p);
                        if p_ch == 0 {
                            return AbortAll;
                        }
                        if t_ch == p_ch {
                            matched = true;
                        }
                    } else if p_ch == b'-'
                        && prev_ch != 0
                        && at(pat, p + 1) != 0
                        && at(pat, p + 1) != b']'
                    {
                        p += 1;
                        p_ch = at(pat, p);
                        if p_ch == b'\\' {
                            p += 1;
                            p_ch = at(pat, p);
                            if p_ch == 0 {
                                return AbortAll;
                            }
                        }
                        if t_ch <= p_ch && t_ch >= prev_ch {
                            matched = true;
                        }
                        p_ch = 0; // no range may start at a range's end
                    } else if p_ch == b'[' && at(pat, p + 1) == b':' {
                        p += 2;
                        let s = p;
                        while at(pat, p) != 0 && at(pat, p) != b']' {
                            p += 1;
                        }
                        if at(pat, p) == 0 {
                            return AbortAll;
                        }
                        if p == s || pat[p - 1] != b':' {
                            // no `:]`: an ordinary `[` in the set
                            p = s - 2;
                            p_ch = b'[';
                            if t_ch == p_ch {
                                matched = true;
                            }
                        } else {
                            let Some(in_class) = class(&pat[s..p - 1], t_ch) else {
                                return AbortAll;
                            };
                            matched |= in_class;
                            p_ch = 0;
                        }
                    } else if t_ch == p_ch {
                        matched = true;
                    }
                    prev_ch = p_ch;
                    p += 1;
                    p_ch = at(pat, p);
                    if p_ch == b']' {
                        break;
                    }
                }
                if matched == negated || (pathname && t_ch == b'/') {
                    return NoMatch;
                }
            }
            _ => {
                if t_ch != p_ch {
                    return NoMatch;
                }
            }
        }
        p += 1;
        t += 1;
    }
    if t < text.len() { NoMatch } else { Match }
}

/// Is `c` in the named class (C locale)? `None` for an unknown name.
fn class(name: &[u8], c: u8) -> Option<bool> {
    Some(match name {
        b"alnum" => c.is_ascii_alphanumeric(),
        b"alpha" => c.is_ascii_alphabetic(),
        b"blank" => c == b' ' || c == b'\t',
        b"cntrl" => c.is_ascii_control(),
        b"digit" => c.is_ascii_digit(),
        b"graph" => c.is_ascii_graphic(),
        b"lower" => c.is_ascii_lowercase(),
        b"print" => (0x20..0x7f).contains(&c),
        b"punct" => c.is_ascii_punctuation(),
        b"space" => matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'),
        b"upper" => c.is_ascii_uppercase(),
        b"xdigit" => c.is_ascii_hexdigit(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::wildmatch;

    /// (pattern, text, matches with WM_PATHNAME), after git's t3070-wildmatch; checked with
    /// `git check-attr` (git 2.47).
    const CASES: &[(&str, &str, bool)] = &[
        ("foo", "foo", true),
        ("bar", "foo", false),
        ("", "", true),
        ("???", "foo", true),
        ("??", "foo", false),
        ("*", "foo", true),
        ("f*", "foo", true),
        ("*f", "foo", false),
        ("*foo*", "foo", true),
        ("*ob*a*r*", "foobar", true),
        ("*ab", "aaaaaaabababab", true),
        ("foo\\*", "foo*", true),
        ("foo\\*bar", "foobar", false),
        ("f\\\\oo", "f\\oo", true),
        ("*[al]?", "ball", true),
        ("[ten]", "ten", false),
        ("**[!te]", "ten", true),
        ("**[!ten]", "ten", false),
        ("t[a-g]n", "ten", true),
        ("t[!a-g]n", "ten", false),
        ("t[!a-g]n", "ton", true),
        ("t[^a-g]n", "ton", true),
        ("a[]]b", "a]b", true),
        ("a[]-]b", "a-b", true),
        ("a[]a-]b", "aab", true),
        ("]", "]", true),
        ("foo*bar", "foo/baz/bar", false),
        ("foo**bar", "foo/baz/bar", false),
        ("foo**bar", "foobazbar", true),
        ("foo/**/bar", "foo/baz/bar", true),
        ("foo/**/**/bar", "foo/baz/bar", true),
        ("foo/**/bar", "foo/b/a/z/bar", true),
        ("foo/**/**/bar", "foo/b/a/z/bar", true),
        ("foo/**/bar", "foo/bar", true),
        ("foo/**/**/bar", "foo/bar", true),
        ("foo?bar", "foo/bar", false),
        ("foo[/]bar", "foo/bar", false),
        ("foo[^a-z]bar", "foo/bar", false),
        ("f[^eiu][^eiu][^eiu][^eiu][^eiu]r", "foo/bar", false),
        ("f[^eiu][^eiu][^eiu][^eiu][^eiu]r", "foo-bar", true),
        ("**/foo", "foo", true),
        ("**/foo", "XXX/foo", true),
        ("**/foo", "bar/baz/foo", true),
        ("*/foo", "bar/baz/foo", false),
        ("**/bar*", "foo/bar/baz", false),
        ("**/bar/*", "deep/foo/bar/baz", true),
        ("**/bar/*", "deep/foo/bar/baz/", false),
        ("**/bar/**", "deep/foo/bar/baz/", true),
        ("**/bar/*", "deep/foo/bar", false),
        ("**/bar/**", "deep/foo/bar/", true),
        ("**/bar**", "foo/bar/baz", false),
        ("*/bar/**", "deep/foo/bar/baz/x", false),
        ("**/bar/*/*", "deep/foo/bar/baz/x", true),
        ("**/*bar*", "foo/bar/baz", false),
        ("**/*bar*/**", "foo/bar/baz/x", true),
        ("*.c", "mozilla-sha1/sha1.c", false),
        ("**/*.c", "mozilla-sha1/sha1.c", true),
        ("*/*.c", "mozilla-sha1/sha1.c", true),
        ("[[:alpha:]][[:digit:]][[:upper:]]", "a1B", true),
        ("[[:digit:][:upper:][:space:]]", "a", false),
        ("[[:digit:][:upper:][:space:]]", "A", true),
        ("[[:digit:][:upper:][:spaci:]]", "1", false),
        ("[[:xdigit:]]", "5", true),
        ("[a-c[:digit:]x-z]", "5", true),
        ("[a-c[:digit:]x-z]", "q", false),
        ("a[c-c]rt", "acrt", true),
        ("[\\-_]", "-", true),
        ("[\\]]", "]", true),
        ("[\\\\]", "\\", true),
        ("[!\\\\]", "\\", false),
        ("[A-\\\\]", "G", true),
        ("[[-\\]]", "\\", true),
        ("[", "[", false),
        ("[!", "[!", false),
        ("a[", "a[", false),
        ("\\", "\\", false),
        ("[[:]", "[", true),
        ("foo", "FOO", false),
        (
            "-*-*-*-*-*-*-12-*-*-*-m-*-*-*",
            "-adobe-courier-bold-o-normal--12-120-75-75-m-70-iso8859-1",
            true,
        ),
        (
            "XXX/*/*/*/*/*/*/12/*/*/*/m/*/*/*",
            "XXX/adobe/courier/bold/o/normal//12/120/75/75/X/70/iso8859/1",
            false,
        ),
        (
            "**/*a*b*g*n*t",
            "abcd/abcdefg/abcdefghijk/abcdefghijklmnop.txtz",
            false,
        ),
    ];

    #[test]
    fn git_wildmatch_cases() {
        for &(pattern, text, expected) in CASES {
            let (p, t) = (pattern.as_bytes(), text.as_bytes());
            assert_eq!(wildmatch(p, t, true), expected, "{pattern:?} vs {text:?}");
            // without WM_PATHNAME (basenames) the slash-free cases match alike
            if !p.contains(&b'/') && !t.contains(&b'/') {
                assert_eq!(wildmatch(p, t, false), expected, "{pattern:?} vs {text:?}");
            }
        }
        // without WM_PATHNAME a star crosses `/`
        assert!(wildmatch(b"foo*bar", b"foo/baz/bar", false));
        assert!(wildmatch(b"*.c", b"mozilla-sha1/sha1.c", false));
    }
}
