//! `Co-authored-by:` trailers as git finds them (`git log --format=%(trailers:key=...)`): the
//! trailer block is the message's last paragraph when all of its lines are trailers, or when at
//! least a quarter are and one is git's own (`Signed-off-by: `, `(cherry picked from commit `).
//! A port of trailer.c (`find_end_of_log_message`, `find_trailer_block_start`,
//! `find_separator`, `trailer_block_get`) and commit.c `ignored_log_message_bytes`, with git's
//! defaults: `:` separates, `#` starts a comment, no trailers configured. As pretty.c does for
//! `%(trailers)`, a `---` line is no divider: PR-squash messages use it between sections.

const GIT_GENERATED: [&[u8]; 2] = [b"Signed-off-by: ", b"(cherry picked from commit "];

/// The (name, e-mail) of each `Co-authored-by` trailer (key case-insensitive), in message
/// order. A value with no `<e-mail>` names nobody and is skipped.
pub fn co_authors(message: &[u8]) -> Vec<(Vec<u8>, Vec<u8>)> {
    trailers(message)
        .into_iter()
        .filter_map(|t| {
            let sep = find_separator(&t)?;
            let key = trim(&t[..sep]);
            if !key.eq_ignore_ascii_case(b"co-authored-by") {
                return None;
            }
            ident(&unfold(trim(&t[sep + 1..])))
        })
        .collect()
}

/// `Name <e-mail>`: the name trimmed, the e-mail between the first `<` and the next `>`.
fn ident(value: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let lt = value.iter().position(|&b| b == b'<')?;
    let gt = lt + 1 + value[lt + 1..].iter().position(|&b| b == b'>')?;
    let email = trim(&value[lt + 1..gt]);
    (!email.is_empty()).then(|| (trim(&value[..lt]).to_vec(), email.to_vec()))
}

/// The trailer lines, continuation lines joined to the trailer they continue.
fn trailers(msg: &[u8]) -> Vec<Vec<u8>> {
    let end = end_of_log_message(msg);
    let start = trailer_block_start(msg, end);
    let mut out: Vec<Vec<u8>> = Vec::new();
    let mut continues = false;
    for line in lines(&msg[start..end]) {
        if continues && line.first().is_some_and(|&b| is_space(b)) {
            out.last_mut()
                .expect("a trailer to continue")
                .extend_from_slice(line);
            continue;
        }
        continues = find_separator(line).is_some();
        out.push(line.to_vec());
    }
    out.retain(|t| !t.starts_with(b"#"));
    out
}

/// Lines with their `\n`.
fn lines(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    text.split_inclusive(|&b| b == b'\n')
}

/// The message without trailing comment or blank lines and an old `Conflicts:` block.
fn end_of_log_message(msg: &[u8]) -> usize {
    msg.len() - ignored_bytes(msg)
}

fn ignored_bytes(buf: &[u8]) -> usize {
    let (mut boc, mut bol, mut in_conflicts) = (0, 0, false);
    for line in lines(buf) {
        if line.starts_with(b"#") || line[0] == b'\n' {
            if boc == 0 {
                boc = bol;
            }
        } else if line == b"Conflicts:\n" {
            in_conflicts = true;
            if boc == 0 {
                boc = bol;
            }
        } else if in_conflicts && line[0] == b'\t' {
        } else if boc != 0 {
            boc = 0;
            in_conflicts = false;
        }
        bol += line.len();
    }
    if boc != 0 { buf.len() - boc } else { 0 }
}

fn trailer_block_start(buf: &[u8], len: usize) -> usize {
    let buf = &buf[..len];
    // the first paragraph is the title and holds no trailers
    let mut end_of_title = 0;
    for line in lines(buf) {
        if !line.starts_with(b"#") && is_blank(line) {
            break;
        }
        end_of_title += line.len();
    }
    let (mut only_spaces, mut recognized) = (true, false);
    let (mut trailer_lines, mut non_trailer_lines, mut continuations) = (0usize, 0usize, 0usize);
    let mut l = last_line(buf, len);
    while let Some(bol) = l.filter(|&l| l >= end_of_title) {
        l = last_line(buf, bol);
        let line = &buf[bol..];
        if line.starts_with(b"#") {
            non_trailer_lines += continuations;
            continuations = 0;
            continue;
        }
        if is_blank(line) {
            if only_spaces {
                continue;
            }
            non_trailer_lines += continuations;
            let next = bol
                + line
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(line.len(), |i| i + 1);
            if (recognized && trailer_lines * 3 >= non_trailer_lines)
                || (trailer_lines > 0 && non_trailer_lines == 0)
            {
                return next;
            }
            return len;
        }
        only_spaces = false;
        if GIT_GENERATED.iter().any(|p| line.starts_with(p)) {
            trailer_lines += 1;
            continuations = 0;
            recognized = true;
        } else if find_separator(line).is_some() && !is_space(line[0]) {
            trailer_lines += 1;
            continuations = 0;
        } else if is_space(line[0]) {
            continuations += 1;
        } else {
            non_trailer_lines += 1 + continuations;
            continuations = 0;
        }
    }
    len
}

/// The start of the line before offset `len` (the last line when `len` is the end).
fn last_line(buf: &[u8], len: usize) -> Option<usize> {
    match len {
        0 => None,
        1 => Some(0),
        _ => Some(
            buf[..len - 1]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1),
        ),
    }
}

/// Where the `:` of a `token:` line is: the token is letters, digits and `-`, then perhaps
/// white space; position 0 (no token) does not count.
fn find_separator(line: &[u8]) -> Option<usize> {
    let mut whitespace = false;
    for (i, &c) in line.iter().enumerate() {
        if c == b':' {
            return (i >= 1).then_some(i);
        }
        if !whitespace && (c.is_ascii_alphanumeric() || c == b'-') {
            continue;
        }
        if i != 0 && (c == b' ' || c == b'\t') {
            whitespace = true;
            continue;
        }
        break;
    }
    None
}

/// A folded value on one line, as `%(trailers:unfold)`: each line break and the white space
/// around it become one space.
fn unfold(value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len());
    for (i, part) in value.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            while out.last().is_some_and(|&b| is_space(b)) {
                out.pop();
            }
            out.push(b' ');
        }
        out.extend_from_slice(if i > 0 { trim(part) } else { part });
    }
    out
}

fn is_blank(line: &[u8]) -> bool {
    line.iter()
        .take_while(|&&b| b != b'\n')
        .all(|&b| is_space(b))
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

fn trim(s: &[u8]) -> &[u8] {
    let start = s.iter().position(|&b| !is_space(b)).unwrap_or(s.len());
    let end = s
        .iter()
        .rposition(|&b| !is_space(b))
        .map_or(start, |i| i + 1);
    &s[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(msg: &str) -> Vec<String> {
        co_authors(msg.as_bytes())
            .into_iter()
            .map(|(n, e)| {
                format!(
                    "{} <{}>",
                    String::from_utf8_lossy(&n),
                    String::from_utf8_lossy(&e)
                )
            })
            .collect()
    }

    #[test]
    fn the_last_paragraph_of_trailers_counts() {
        let msg = "Fix\n\nBody text.\n\nCo-authored-by: Ana Sato <ana@x.org>\nco-authored-by:Bob <bob@y.org>\n";
        assert_eq!(names(msg), ["Ana Sato <ana@x.org>", "Bob <bob@y.org>"]);
    }

    #[test]
    fn a_paragraph_that_is_not_all_trailers_does_not() {
        assert!(names("Fix\n\nCo-authored-by: Ana <a@x>\nthanks to her\n").is_empty());
        assert!(
            names("Co-authored-by: Ana <a@x>\n").is_empty(),
            "a title is no trailer"
        );
        assert!(names("Fix\n\nCo-authored-by: Ana <a@x>\n\nMore text.\n").is_empty());
    }

    #[test]
    fn a_git_trailer_lets_a_quarter_suffice() {
        let msg = "Fix\n\nSigned-off-by: C <c@x>\nCo-authored-by: Ana <a@x>\nnot one\nnor this\n";
        assert_eq!(names(msg), ["Ana <a@x>"]);
    }

    #[test]
    fn dividers_comments_and_folding() {
        let msg = "Fix\n\nBody\n---\n\nCo-authored-by: Ana\n  Sato <a@x>\n# comment\n\n";
        assert_eq!(names(msg), ["Ana Sato <a@x>"]);
        assert!(
            names("Fix\n\nCo-authored-by: nobody\n").is_empty(),
            "no e-mail"
        );
    }
}
