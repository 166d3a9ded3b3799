//! Paths in the report. Git stores a path as bytes, not always UTF-8; the report's strings are
//! UTF-8. A path that is UTF-8 (and does not begin with `"`) is written as it is; any other is
//! written as git quotes paths (`core.quotePath`): in double quotes, with `\"`, `\\`, C escapes
//! for control characters and `\ooo` octal for each byte that is not UTF-8. So two different
//! paths never print the same, and a quoted path reads back to its bytes.

pub fn text(path: &[u8]) -> String {
    match std::str::from_utf8(path) {
        Ok(s) if !s.starts_with('"') => s.to_owned(),
        _ => quote(path),
    }
}

/// The bytes of a path as [`text`] wrote it: the inverse of [`text`], for code that reads the
/// report's paths back (matching them against patterns, splitting them into directories).
pub fn bytes(text: &str) -> Vec<u8> {
    match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(inner) => unquote(inner.as_bytes()),
        None => text.as_bytes().to_vec(),
    }
}

fn unquote(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i] != b'\\' || i + 1 == s.len() {
            out.push(s[i]);
            i += 1;
            continue;
        }
        let c = s[i + 1];
        i += 2;
        out.push(match c {
            b'a' => 0x07,
            b'b' => 0x08,
            b't' => b'\t',
            b'n' => b'\n',
            b'v' => 0x0b,
            b'f' => 0x0c,
            b'r' => b'\r',
            b'0'..=b'3' if s.get(i..i + 2).is_some_and(|d| d.iter().all(is_octal)) => {
                let n = (c - b'0') * 64 + (s[i] - b'0') * 8 + (s[i + 1] - b'0');
                i += 2;
                n
            }
            other => other,
        });
    }
    out
}

fn is_octal(b: &u8) -> bool {
    (b'0'..=b'7').contains(b)
}

fn quote(path: &[u8]) -> String {
    let mut out = String::with_capacity(path.len() + 8);
    out.push('"');
    for chunk in path.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\x07' => out.push_str("\\a"),
                '\x08' => out.push_str("\\b"),
                '\t' => out.push_str("\\t"),
                '\n' => out.push_str("\\n"),
                '\x0b' => out.push_str("\\v"),
                '\x0c' => out.push_str("\\f"),
                '\r' => out.push_str("\\r"),
                c if c.is_ascii_control() => out.push_str(&format!("\\{:03o}", c as u32)),
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\{b:03o}"));
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_paths_are_as_they_are() {
        assert_eq!(text(b"ml/train.py"), "ml/train.py");
        assert_eq!(text("模型/训练.py".as_bytes()), "模型/训练.py");
        assert_eq!(text(b"a\\b"), "a\\b");
    }

    #[test]
    fn other_paths_are_quoted_as_git_quotes_them() {
        assert_eq!(text(b"m\xff.py"), r#""m\377.py""#);
        assert_eq!(text(b"m\xfe.py"), r#""m\376.py""#);
        assert_eq!(text(b"\"q\".py"), r#""\"q\".py""#);
        assert_eq!(text(b"\"a\\\xff"), r#""\"a\\\377""#);
    }

    #[test]
    fn distinct_paths_stay_distinct() {
        let paths: [&[u8]; 6] = [
            b"m\xff.py",
            b"m\xfe.py",
            b"m\\377.py",
            b"\"m\\377.py\"",
            b"\"m\xff.py\"",
            b"m\xef\xbf\xbd.py",
        ];
        let texts: std::collections::BTreeSet<String> = paths.iter().map(|p| text(p)).collect();
        assert_eq!(texts.len(), paths.len());
        for p in paths {
            assert_eq!(bytes(&text(p)), p, "{p:?} reads back");
        }
    }

    #[test]
    fn quoted_paths_read_back_to_their_bytes() {
        let paths: [&[u8]; 5] = [
            b"ml/train.py",
            b"a\tb\n\x07\x7f.py",
            b"\"",
            b"\\\"x\\",
            b"\xe6\xa8\xa1/\xff.py",
        ];
        for p in paths {
            assert_eq!(bytes(&text(p)), p, "{p:?} reads back");
        }
    }
}
