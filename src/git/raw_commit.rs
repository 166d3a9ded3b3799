//! Commits as git reads them. libgit2 refuses a commit whose author or committer line it cannot
//! parse (a time that is no number or overflows, no `<...>`), and with it the whole history;
//! git reads such commits (`git log` shows them). So the author is read here from the raw header
//! with git's rules (pretty.c takes the last `author` line, ident.c `split_ident_line` splits it,
//! `show_ident_date` reads its time), and a commit libgit2 refuses is parsed here as
//! commit.c `parse_commit_buffer` does: what git refuses (no tree line, bad parent lines) stays
//! an error, naming the commit.

use git2::{ErrorCode, ObjectType, Oid, Repository};

use super::trailers;

/// An identity as git's `split_ident_line` splits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    pub name: Vec<u8>,
    pub email: Vec<u8>,
    /// Seconds since the epoch; 0 where git has no date (none, not a number, or one that
    /// overflows), as `git log` shows it (`Date: 0` with `--date=unix`).
    pub time: i64,
}

impl Ident {
    fn empty() -> Self {
        Ident {
            name: Vec::new(),
            email: Vec::new(),
            time: 0,
        }
    }
}

/// What mining needs of a commit, read as git reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub tree: Oid,
    pub parents: Vec<Oid>,
    pub author: Ident,
    /// The committer's time, seconds since the epoch.
    pub commit_time: i64,
    /// The `Co-authored-by` trailers of the message, as git finds them.
    pub co_authors: Vec<(Vec<u8>, Vec<u8>)>,
    /// Why the commit is not read as libgit2 reads it: libgit2 refuses it, or reads its author
    /// otherwise than git does. The commit is mined as git reads it, with a warning.
    pub problem: Option<&'static str>,
}

/// The warning for a commit with a problem.
pub fn warning(id: &str, problem: &str) -> String {
    format!("commit {id}: {problem}; read as git reads it")
}

/// Reads commit `id` as git does. A missing commit is a `NotFound` error, as from libgit2;
/// a commit git refuses too is an error naming it.
pub fn read(repo: &Repository, id: Oid) -> Result<Commit, git2::Error> {
    match repo.find_commit(id) {
        Ok(c) => {
            let header = c.raw_header_bytes();
            let author = author(header);
            let a = c.author();
            let theirs = (a.name_bytes(), a.email_bytes(), a.when().seconds());
            let problem =
                (theirs != (&author.name[..], &author.email[..], author.time)).then(|| {
                    if header_lines(header)
                        .filter(|l| l.starts_with(b"author "))
                        .count()
                        > 1
                    {
                        "several author lines"
                    } else {
                        "unusual author line"
                    }
                });
            Ok(Commit {
                tree: c.tree_id(),
                parents: c.parent_ids().collect(),
                author,
                commit_time: c.time().seconds(),
                co_authors: trailers::co_authors(c.message_raw_bytes()),
                problem,
            })
        }
        Err(e) if e.code() == ErrorCode::NotFound => Err(e),
        Err(e) => {
            let odb = repo.odb()?;
            let Some(obj) = odb.read(id).ok().filter(|o| o.kind() == ObjectType::Commit) else {
                return Err(e);
            };
            let mut c = parse(obj.data())
                .map_err(|why| git2::Error::from_str(&format!("commit {id}: {why}")))?;
            c.problem = Some(why_libgit2_refuses(header(obj.data())));
            if is_shallow_boundary(repo, id) {
                // as libgit2 and git read a shallow clone's boundary: without its parents
                c.parents.clear();
            }
            Ok(c)
        }
    }
}

fn is_shallow_boundary(repo: &Repository, id: Oid) -> bool {
    let Ok(text) = std::fs::read_to_string(repo.commondir().join("shallow")) else {
        return false;
    };
    let hex = id.to_string();
    text.lines().any(|l| l.trim() == hex)
}

/// The tree of commit `id` (read as git reads it when libgit2 refuses the commit).
pub fn tree_id(repo: &Repository, id: Oid) -> Result<Oid, git2::Error> {
    match repo.find_commit(id) {
        Ok(c) => Ok(c.tree_id()),
        Err(e) if e.code() == ErrorCode::NotFound => Err(e),
        Err(_) => read(repo, id).map(|c| c.tree),
    }
}

/// The commit a revision names when libgit2 cannot resolve it because it cannot parse the
/// commit: a reference name (`main`, `v1.0`, `refs/heads/x`) or a full or abbreviated id,
/// through annotated tags. `None` when it names no commit.
pub fn resolve_unparsed(repo: &Repository, rev: &str) -> Option<Oid> {
    let target = match repo.resolve_reference_from_short_name(rev) {
        Ok(r) => r.resolve().ok()?.target()?,
        Err(_) if rev.len() >= 4 && rev.bytes().all(|b| b.is_ascii_hexdigit()) => {
            let short = Oid::from_str(rev).ok()?;
            repo.odb().ok()?.exists_prefix(short, rev.len()).ok()?
        }
        Err(_) => return None,
    };
    peel_unparsed(repo, target)
}

/// `id` if it is a commit, or the commit an annotated tag (chain) points at.
pub fn peel_unparsed(repo: &Repository, mut id: Oid) -> Option<Oid> {
    let odb = repo.odb().ok()?;
    for _ in 0..64 {
        match odb.read_header(id).ok()?.1 {
            ObjectType::Commit => return Some(id),
            ObjectType::Tag => id = repo.find_tag(id).ok()?.target_id(),
            _ => return None,
        }
    }
    None
}

/// The header of a raw commit: everything before the first empty line.
fn header(data: &[u8]) -> &[u8] {
    let end = data
        .windows(2)
        .position(|w| w == b"\n\n")
        .map_or(data.len(), |i| i + 1);
    &data[..end]
}

fn header_lines(header: &[u8]) -> impl Iterator<Item = &[u8]> {
    header.split(|&b| b == b'\n').take_while(|l| !l.is_empty())
}

/// Commit `id` from its raw bytes, as git reads it, with the parents a walk found for it (which
/// grafts and a shallow boundary decide, not the bytes).
pub fn from_bytes(id: Oid, data: &[u8], parents: Vec<Oid>) -> Result<Commit, git2::Error> {
    let mut c = parse(data).map_err(|why| git2::Error::from_str(&format!("commit {id}: {why}")))?;
    c.parents = parents;
    Ok(c)
}

/// The tree of commit `id` from its raw bytes (the line git requires first).
pub fn tree_from_bytes(id: Oid, data: &[u8]) -> Result<Oid, git2::Error> {
    tree_line(data).map_err(|why| git2::Error::from_str(&format!("commit {id}: {why}")))
}

const TREE: usize = 5 + 40; // "tree " + hex

fn tree_line(data: &[u8]) -> Result<Oid, &'static str> {
    if data.len() <= TREE + 1 || !data.starts_with(b"tree ") || data[TREE] != b'\n' {
        return Err("bogus commit object (git refuses it too)");
    }
    hex_oid(&data[5..TREE]).ok_or("bad tree pointer (git refuses it too)")
}

/// git's `parse_commit_buffer` (SHA-1): the tree line first, then the parent lines. Errors are
/// what git says of the commit.
fn parse(data: &[u8]) -> Result<Commit, &'static str> {
    const PARENT: usize = 7 + 40; // "parent " + hex
    let tree = tree_line(data)?;
    let mut rest = &data[TREE + 1..];
    let mut parents = Vec::new();
    while rest.len() > PARENT && rest.starts_with(b"parent ") {
        let id = hex_oid(&rest[7..PARENT])
            .filter(|_| rest.len() > PARENT + 1 && rest[PARENT] == b'\n')
            .ok_or("bad parents (git refuses them too)")?;
        parents.push(id);
        rest = &rest[PARENT + 1..];
    }
    let header = header(data);
    let committer = last_line(header, b"committer ").map_or_else(Ident::empty, split_ident);
    Ok(Commit {
        tree,
        parents,
        author: author(header),
        commit_time: committer.time,
        co_authors: trailers::co_authors(data.get(header.len() + 1..).unwrap_or_default()),
        problem: None,
    })
}

/// 40 hex digits (either case, as git's `get_oid_hex`).
fn hex_oid(hex: &[u8]) -> Option<Oid> {
    if hex.len() != 40 || !hex.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    Oid::from_str(std::str::from_utf8(hex).ok()?).ok()
}

/// The text after `prefix` of the last header line that starts with it (pretty.c
/// `parse_commit_header`: a later `author` line replaces an earlier one).
fn last_line<'a>(header: &'a [u8], prefix: &[u8]) -> Option<&'a [u8]> {
    header_lines(header)
        .filter_map(|l| l.strip_prefix(prefix))
        .last()
}

/// The author as `git log --format=%an|%ae` and its date (`--date=unix`) read it.
fn author(header: &[u8]) -> Ident {
    last_line(header, b"author ").map_or_else(Ident::empty, split_ident)
}

/// git's `isspace` (sane-ctype: space, tab, newline, carriage return).
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// git's `split_ident_line`, then `show_ident_date`'s reading of the time. A line that is no
/// identity (no `<`, or no `>` after it) has an empty name and e-mail, as `%an` and `%ae` print.
fn split_ident(line: &[u8]) -> Ident {
    let Some(mail_begin) = line
        .iter()
        .take_while(|&&b| b != 0)
        .position(|&b| b == b'<')
        .map(|i| i + 1)
    else {
        return Ident::empty();
    };
    let name_end = line[..mail_begin - 1]
        .iter()
        .rposition(|&b| !is_space(b))
        .map_or(0, |i| i + 1);
    let Some(mail_end) = line[mail_begin..]
        .iter()
        .position(|&b| b == b'>')
        .map(|i| mail_begin + i)
    else {
        return Ident::empty();
    };
    Ident {
        name: line[..name_end].to_vec(),
        email: line[mail_begin..mail_end].to_vec(),
        time: ident_time(line).unwrap_or(0),
    }
}

/// The date after the last `>`: digits, white space, then a sign and digits (the zone), else
/// none. `show_ident_date` reads the digits as an unsigned number and takes one that does not
/// fit a signed 64-bit time as 0.
fn ident_time(line: &[u8]) -> Option<i64> {
    let gt = line.iter().rposition(|&b| b == b'>')?;
    let rest = &line[gt + 1..];
    let rest = &rest[rest.iter().position(|&b| !is_space(b))?..];
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 {
        return None;
    }
    let zone = &rest[digits..];
    let zone = &zone[zone.iter().position(|&b| !is_space(b))?..];
    if !matches!(zone[0], b'+' | b'-') || !zone.get(1).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    // strtoumax saturates at its maximum, which overflows too
    let value = rest[..digits].iter().try_fold(0u64, |n, &d| {
        n.checked_mul(10)?.checked_add(u64::from(d - b'0'))
    });
    Some(value.and_then(|v| i64::try_from(v).ok()).unwrap_or(0))
}

/// libgit2's `git_signature__parse`: the last `<` and the last `>`, and a time that is a
/// number fitting 64 bits when anything follows the `>`.
fn libgit2_reads(line: &[u8]) -> bool {
    let (Some(lt), Some(gt)) = (
        line.iter().rposition(|&b| b == b'<'),
        line.iter().rposition(|&b| b == b'>'),
    ) else {
        return false;
    };
    if gt <= lt {
        return false;
    }
    if gt + 2 >= line.len() {
        return true;
    }
    let time = &line[gt + 2..];
    let time = &time[time
        .iter()
        .position(|&b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c'))
        .unwrap_or(time.len())..];
    let (neg, digits) = match time.first() {
        Some(b'-') => (true, &time[1..]),
        Some(b'+') => (false, &time[1..]),
        _ => (false, time),
    };
    let digits: Vec<u8> = digits
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .copied()
        .collect();
    if digits.is_empty() {
        return false;
    }
    let text = format!(
        "{}{}",
        if neg { "-" } else { "" },
        String::from_utf8_lossy(&digits)
    );
    text.parse::<i64>().is_ok()
}

/// The line of a header libgit2 refuses (it wants the author lines right after the parents and
/// the committer line right after them).
fn why_libgit2_refuses(header: &[u8]) -> &'static str {
    let lines: Vec<&[u8]> = header_lines(header)
        .skip_while(|l| l.starts_with(b"tree ") || l.starts_with(b"parent "))
        .collect();
    let authors: Vec<&[u8]> = lines
        .iter()
        .map_while(|l| l.strip_prefix(b"author "))
        .collect();
    if authors.is_empty() {
        return if lines.iter().any(|l| l.starts_with(b"author ")) {
            "author line out of place"
        } else {
            "no author line"
        };
    }
    if !authors.iter().all(|a| libgit2_reads(a)) {
        return "malformed author line";
    }
    match lines
        .get(authors.len())
        .and_then(|l| l.strip_prefix(b"committer "))
    {
        Some(c) if libgit2_reads(c) => "malformed commit header",
        Some(_) => "malformed committer line",
        None if lines.iter().any(|l| l.starts_with(b"committer ")) => "committer line out of place",
        None => "no committer line",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ident(line: &str) -> (String, String, i64) {
        let i = split_ident(line.as_bytes());
        (
            String::from_utf8(i.name).unwrap(),
            String::from_utf8(i.email).unwrap(),
            i.time,
        )
    }

    fn s(name: &str, email: &str, time: i64) -> (String, String, i64) {
        (name.into(), email.into(), time)
    }

    /// What `git log --format=%an|%ae --date=unix` (and the `Date:` line) print, git 2.47.
    #[test]
    fn identities_split_as_git_splits_them() {
        assert_eq!(ident("A <a@x> 1704153600 +0000"), s("A", "a@x", 1704153600));
        assert_eq!(ident("A <a@x> notanumber +0000"), s("A", "a@x", 0));
        assert_eq!(ident("A a@x 1704153600 +0000"), s("", "", 0));
        assert_eq!(
            ident("A <a@x> 99999999999999999999 +0000"),
            s("A", "a@x", 0)
        );
        assert_eq!(ident("A <a@x> 9223372036854775808 +0000"), s("A", "a@x", 0));
        assert_eq!(ident(" <a@x> 1704153600"), s("", "a@x", 0));
        assert_eq!(ident("A <a@x>"), s("A", "a@x", 0));
        assert_eq!(ident("A <a@x> 123abc +0000"), s("A", "a@x", 0));
        assert_eq!(ident("A <b> <a@x> 5 +0000"), s("A", "b", 5));
        assert_eq!(ident("A <a@x> 1704153600 +9999"), s("A", "a@x", 1704153600));
        assert_eq!(ident("A <a@x> -5 +0000"), s("A", "a@x", 0));
    }

    #[test]
    fn libgit2_refusals_are_named() {
        let h = |s: &str| why_libgit2_refuses(s.as_bytes());
        let tree = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n";
        assert_eq!(
            h(&format!(
                "{tree}author A <a@x> x +0000\ncommitter C <c@x> 1 +0000\n"
            )),
            "malformed author line"
        );
        assert_eq!(
            h(&format!(
                "{tree}author A a@x 1 +0000\ncommitter C <c@x> 1 +0000\n"
            )),
            "malformed author line"
        );
        assert_eq!(
            h(&format!(
                "{tree}author A <a@x> 1 +0000\ncommitter C c@x 1\n"
            )),
            "malformed committer line"
        );
        assert_eq!(
            h(&format!("{tree}committer C <c@x> 1 +0000\n")),
            "no author line"
        );
        assert_eq!(
            h(&format!("{tree}author A <a@x> 1 +0000\n")),
            "no committer line"
        );
    }

    #[test]
    fn git_refuses_what_parse_refuses() {
        assert!(parse(b"tree zzzz\nauthor A <a@x> 1 +0000\n\nm\n").is_err());
        let tree = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n";
        let bad_parent =
            format!("{tree}parent 12\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n\nm\n");
        assert!(parse(bad_parent.as_bytes()).is_err());
        // git looks for parent lines only while a whole one still fits in what is left
        let short = format!("{tree}parent 12\nauthor A <a@x> 1 +0000\n\n");
        assert_eq!(parse(short.as_bytes()).unwrap().parents, vec![]);
        let c = parse(
            format!(
                "{tree}parent 4B825DC642CB6EB9A060E54BF8D69288FBEE4904\n\
                 author A <a@x> 1 +0000\nauthor B <b@x> 2 +0000\ncommitter C <c@x> 7 +0000\n\nm\n"
            )
            .as_bytes(),
        )
        .unwrap();
        assert_eq!(c.parents.len(), 1);
        assert_eq!(
            c.author.name, b"B",
            "the last author line, as git log shows it"
        );
        assert_eq!(c.commit_time, 7);
    }
}
