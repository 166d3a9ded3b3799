//! `.mailmap` with git's own rules (mailmap.c). libgit2's mailmap keeps only the last of two lines
//! that share a key where git merges them, so identities would differ from `git log --use-mailmap`.
//! Keys compare as git's `strcasecmp` does: ASCII letters only (`JOSÉ` and `josé` differ).
//! [`read`] gathers the mailmap from the places git reads it from.

use std::collections::HashMap;
use std::io::ErrorKind;
use std::path::Path;

use git2::{ObjectType, Repository};

#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Info {
    name: Option<String>,
    email: Option<String>,
}

#[derive(Debug, Default, Clone)]
struct Entry {
    simple: Info,
    /// ASCII-lower-cased old name → replacement, for lines that name the old identity's name too.
    by_name: HashMap<String, Info>,
}

/// Mapping from commit identities to canonical ones; keys compare ASCII-case-insensitively, as in git.
#[derive(Debug, Default, Clone)]
pub struct Mailmap {
    by_email: HashMap<String, Entry>,
}

/// git's `parse_name_and_email`: `(name, email, rest after '>')`.
fn parse_name_and_email(s: &str, allow_empty_email: bool) -> Option<(Option<&str>, &str, &str)> {
    let left = s.find('<')?;
    let right = left + 1 + s[left + 1..].find('>')?;
    if !allow_empty_email && right == left + 1 {
        return None;
    }
    let name = s[..left].trim_matches(|c: char| c.is_ascii_whitespace());
    Some((
        (!name.is_empty()).then_some(name),
        &s[left + 1..right],
        &s[right + 1..],
    ))
}

impl Mailmap {
    pub fn parse(text: &str) -> Self {
        let mut map = Mailmap::default();
        for line in text.lines() {
            map.add_line(line);
        }
        map
    }

    fn add_line(&mut self, line: &str) {
        if line.starts_with('#') {
            return;
        }
        let Some((name1, email1, rest)) = parse_name_and_email(line, false) else {
            return;
        };
        // Text after the first identity that holds no second one (a comment) is ignored.
        let (name2, email2) = match parse_name_and_email(rest, true) {
            Some((n, e, _)) => (n, Some(e)),
            None => (None, None),
        };
        let (new_name, mut new_email, old_name, mut old_email) =
            (name1, Some(email1), name2, email2);
        if old_email.is_none() {
            old_email = new_email.take();
        }
        let old_email = old_email.expect("set above").to_ascii_lowercase();
        let entry = self.by_email.entry(old_email).or_default();
        match old_name {
            None => {
                if let Some(n) = new_name {
                    entry.simple.name = Some(n.to_owned());
                }
                if let Some(e) = new_email {
                    entry.simple.email = Some(e.to_owned());
                }
            }
            Some(old) => {
                entry.by_name.insert(
                    old.to_ascii_lowercase(),
                    Info {
                        name: new_name.map(str::to_owned),
                        email: new_email.map(str::to_owned),
                    },
                );
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.by_email.is_empty()
    }

    /// git's `map_user`: the canonical (name, email) of a commit identity.
    pub fn resolve(&self, name: &str, email: &str) -> (String, String) {
        let info = self.by_email.get(&email.to_ascii_lowercase()).map(|e| {
            if e.by_name.is_empty() {
                &e.simple
            } else {
                e.by_name
                    .get(&name.to_ascii_lowercase())
                    .unwrap_or(&e.simple)
            }
        });
        match info {
            Some(i) => (
                i.name.clone().unwrap_or_else(|| name.to_owned()),
                i.email.clone().unwrap_or_else(|| email.to_owned()),
            ),
            None => (name.to_owned(), email.to_owned()),
        }
    }
}

/// The mailmap text `git log --use-mailmap` reads (mailmap.c `read_mailmap`), in git's order
/// (a later line wins): the work tree's `.mailmap` (not in a bare repository; never through a
/// symbolic link), then the blob `mailmap.blob` names (default `HEAD:.mailmap` in a bare
/// repository), then the file `mailmap.file` names (relative to the work tree, or to the git
/// directory of a bare repository). Also returns what git would complain about, as warnings;
/// like git, a source that cannot be read is skipped.
pub fn read(repo: &Repository) -> (Vec<u8>, Vec<String>) {
    let mut text = Vec::new();
    let mut warnings = Vec::new();
    let mut add = |bytes: &[u8]| {
        if !text.is_empty() && !text.ends_with(b"\n") {
            text.push(b'\n');
        }
        text.extend_from_slice(bytes);
    };
    let config = repo.config().ok();
    let setting = |name: &str| config.as_ref().and_then(|c| c.get_string(name).ok());

    if let Some(dir) = repo.workdir() {
        let path = dir.join(".mailmap");
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => warnings.push(
                ".mailmap is a symbolic link: ignored, as git ignores it (\"unable to open \
                 mailmap at .mailmap: Too many levels of symbolic links\")"
                    .to_owned(),
            ),
            Ok(_) => read_file(&path, ".mailmap", &mut add, &mut warnings),
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => warnings.push(format!("cannot read the mailmap .mailmap: {e}; ignored")),
        }
    }
    let blob =
        setting("mailmap.blob").or_else(|| repo.is_bare().then(|| "HEAD:.mailmap".to_owned()));
    if let Some(spec) = blob.filter(|s| !s.is_empty()) {
        // a name that resolves to nothing is no mailmap, silently, as in git
        if let Ok(obj) = repo.revparse_single(&spec) {
            match obj.kind() {
                Some(ObjectType::Blob) => add(obj.as_blob().expect("a blob").content()),
                _ => warnings.push(format!(
                    "mailmap.blob {spec}: not a blob; ignored, as git ignores it"
                )),
            }
        }
    }
    if let Some(file) = config
        .as_ref()
        .and_then(|c| c.get_path("mailmap.file").ok())
        .filter(|p| !p.as_os_str().is_empty())
    {
        let base = repo.workdir().unwrap_or_else(|| repo.path());
        let label = format!("mailmap.file {}", file.display());
        read_file(&base.join(&file), &label, &mut add, &mut warnings);
    }
    (text, warnings)
}

/// A mailmap file, as git's `read_mailmap_file`: a missing file or a directory is no mailmap.
fn read_file(path: &Path, label: &str, add: &mut dyn FnMut(&[u8]), warnings: &mut Vec<String>) {
    match std::fs::read(path) {
        Ok(bytes) => add(&bytes),
        Err(e) if e.kind() == ErrorKind::NotFound || path.is_dir() => {}
        Err(e) => warnings.push(format!("cannot read the mailmap {label}: {e}; ignored")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_and_named_entries() {
        let m = Mailmap::parse(
            "# comment\nAna Sato <ana@ds.example.com> <ana.sato@old.example.org>\n\
             Bob <bob@x.org> Robert <robert@y.org>\n<canon@z.org> <other@z.org>\n",
        );
        assert_eq!(
            m.resolve("A. Sato", "Ana.Sato@OLD.example.org"),
            ("Ana Sato".into(), "ana@ds.example.com".into())
        );
        assert_eq!(
            m.resolve("Robert", "robert@y.org"),
            ("Bob".into(), "bob@x.org".into())
        );
        assert_eq!(
            m.resolve("Someone", "robert@y.org"),
            ("Someone".into(), "robert@y.org".into()),
            "a name-specific line does not map other names"
        );
        assert_eq!(
            m.resolve("O", "other@z.org"),
            ("O".into(), "canon@z.org".into())
        );
    }

    #[test]
    fn lines_sharing_a_key_merge_fields_as_git_does() {
        let m = Mailmap::parse("Proper Name <x@x.org>\n<proper@x.org> <x@x.org>\n");
        assert_eq!(
            m.resolve("n", "x@x.org"),
            ("Proper Name".into(), "proper@x.org".into())
        );
    }

    #[test]
    fn case_folds_ascii_letters_only_as_git_strcasecmp() {
        let m =
            Mailmap::parse("Canon <canon@x.org> <josé@x.org>\nNamed <n@x.org> Élodie <e@x.org>\n");
        assert_eq!(
            m.resolve("j", "JOSÉ@x.org"),
            ("j".into(), "JOSÉ@x.org".into()),
            "É and é are other letters to git"
        );
        assert_eq!(
            m.resolve("j", "josé@X.ORG"),
            ("Canon".into(), "canon@x.org".into())
        );
        assert_eq!(
            m.resolve("élodie", "e@x.org"),
            ("élodie".into(), "e@x.org".into())
        );
        assert_eq!(
            m.resolve("ÉLODIE", "E@x.org"),
            ("Named".into(), "n@x.org".into())
        );
    }

    #[test]
    fn name_only_line_maps_name() {
        let m = Mailmap::parse("Jane Doe <jane@example.com>\n");
        assert_eq!(
            m.resolve("jdoe", "JANE@example.com"),
            ("Jane Doe".into(), "JANE@example.com".into())
        );
    }
}
