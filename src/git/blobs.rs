//! Reading blobs and counting their lines exactly as `git log --numstat` does.

use std::borrow::Cow;
use std::collections::HashMap;

use git2::{Blob, DiffOptions, ErrorCode, Oid, Patch, Repository};

use super::attributes::Attributes;
use super::rename;
use crate::notebook::{self, NotebookLines};

/// git's `buffer_is_binary` looks at this many bytes for a NUL.
const FIRST_FEW_BYTES: usize = 8000;

pub fn looks_binary(data: &[u8]) -> bool {
    data[..data.len().min(FIRST_FEW_BYTES)].contains(&0)
}

/// Lines as git counts an added or deleted file: a last line without a newline still counts.
pub fn count_lines(data: &[u8]) -> u64 {
    let newlines = data.iter().filter(|&&c| c == b'\n').count() as u64;
    newlines + u64::from(data.last().is_some_and(|&c| c != b'\n'))
}

/// The lines a blob counts at `path`: a notebook's cell sources (`None`: it does not parse, and
/// counts raw), else its bytes.
pub fn counted_text<'a>(
    data: &'a [u8],
    path: &[u8],
    notebooks: NotebookLines,
) -> (Cow<'a, [u8]>, bool) {
    if !notebooks.reads_cells(path) {
        return (Cow::Borrowed(data), true);
    }
    match notebook::cell_text(data) {
        Some(text) => (Cow::Owned(text), true),
        None => (Cow::Borrowed(data), false),
    }
}

/// Lines added and removed by one change; a `rerun` changed a notebook's outputs or metadata
/// but none of its cells.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Numstat {
    pub added: u64,
    pub removed: u64,
    pub rerun: bool,
}

impl Numstat {
    fn lines(added: u64, removed: u64) -> Self {
        Numstat {
            added,
            removed,
            rerun: false,
        }
    }
}

/// Blob reads for one commit, remembering what was read so that rename scoring and line
/// counting read each blob once, and noting blobs that are not in the repository.
pub struct BlobReader<'r> {
    repo: &'r Repository,
    attrs: &'r Attributes,
    notebooks: NotebookLines,
    cache: HashMap<Oid, Option<Blob<'r>>>,
    /// Blobs that are not in the repository (each once).
    pub missing: Vec<Oid>,
    /// Notebook blobs that do not parse (each once): counted by their raw lines.
    pub unparsed: Vec<Oid>,
}

impl<'r> BlobReader<'r> {
    pub fn new(repo: &'r Repository, attrs: &'r Attributes, notebooks: NotebookLines) -> Self {
        Self {
            repo,
            attrs,
            notebooks,
            cache: HashMap::new(),
            missing: Vec::new(),
            unparsed: Vec::new(),
        }
    }

    fn load(&mut self, id: Oid) -> Result<(), git2::Error> {
        if !self.cache.contains_key(&id) {
            let blob = match self.repo.find_blob(id) {
                Ok(b) => Some(b),
                Err(e) if e.code() == ErrorCode::NotFound => {
                    self.missing.push(id);
                    None
                }
                Err(e) => return Err(e),
            };
            self.cache.insert(id, blob);
        }
        Ok(())
    }

    /// `Some(None)` for an absent side, `None` for a side whose blob could not be read.
    #[allow(clippy::type_complexity)]
    fn loaded<'a>(
        &'a self,
        side: Option<(&'a [u8], Oid)>,
    ) -> Option<Option<(&'a [u8], &'a Blob<'r>)>> {
        match side {
            None => Some(None),
            Some((path, id)) => self.cache[&id].as_ref().map(|b| Some((path, b))),
        }
    }

    fn binary(&self, path: &[u8], data: &[u8]) -> bool {
        self.attrs
            .binary_override(path)
            .unwrap_or_else(|| looks_binary(data))
    }

    /// Lines added and removed for one side missing (add or delete) or both present.
    pub fn numstat(
        &mut self,
        old: Option<(&[u8], Oid)>,
        new: Option<(&[u8], Oid)>,
    ) -> Result<Numstat, git2::Error> {
        if let (Some((_, a)), Some((_, b))) = (old, new)
            && a == b
        {
            return Ok(Numstat::default());
        }
        for (_, id) in old.iter().chain(new.iter()) {
            self.load(*id)?;
        }
        // A side that cannot be read leaves nothing to count: the change is kept with 0 lines.
        let (Some(o), Some(n)) = (self.loaded(old), self.loaded(new)) else {
            return Ok(Numstat::default());
        };
        let binary =
            |s: Option<(&[u8], &Blob<'r>)>| s.is_some_and(|(p, b)| self.binary(p, b.content()));
        if binary(o) || binary(n) {
            return Ok(Numstat::default());
        }
        let mut unparsed = Vec::new();
        let counted = self.count(o, n, &mut unparsed);
        for id in unparsed {
            if !self.unparsed.contains(&id) {
                self.unparsed.push(id);
            }
        }
        counted
    }

    fn count<'a>(
        &self,
        o: Option<(&'a [u8], &'a Blob<'r>)>,
        n: Option<(&'a [u8], &'a Blob<'r>)>,
        unparsed: &mut Vec<Oid>,
    ) -> Result<Numstat, git2::Error> {
        let mut text = |side: Option<(&'a [u8], &'a Blob<'r>)>| {
            side.map(|(path, blob)| {
                let (text, parsed) = counted_text(blob.content(), path, self.notebooks);
                if !parsed {
                    unparsed.push(blob.id());
                }
                (text, parsed && self.notebooks.reads_cells(path))
            })
        };
        match (text(o), text(n)) {
            (None, Some((b, _))) => Ok(Numstat::lines(count_lines(&b), 0)),
            (Some((a, _)), None) => Ok(Numstat::lines(0, count_lines(&a))),
            (Some((a, cells_a)), Some((b, cells_b))) => {
                if cells_a && cells_b && a == b {
                    return Ok(Numstat {
                        rerun: true,
                        ..Numstat::default()
                    });
                }
                let mut opts = DiffOptions::new();
                opts.context_lines(0).force_text(true);
                // An empty path, not none: without one libgit2 names the file "file" and reads
                // the work tree's .gitattributes for it on every call.
                let none = Some(std::path::Path::new(""));
                let patch = match (o, n, &a, &b) {
                    // from blobs when they are what is counted: libgit2 would hash buffers to
                    // give them ids
                    (Some((_, ob)), Some((_, nb)), Cow::Borrowed(_), Cow::Borrowed(_)) => {
                        Patch::from_blobs(ob, none, nb, none, Some(&mut opts))?
                    }
                    _ => Patch::from_buffers(&a, none, &b, none, Some(&mut opts))?,
                };
                let (_, added, removed) = patch.line_stats()?;
                Ok(Numstat::lines(added as u64, removed as u64))
            }
            (None, None) => Ok(Numstat::default()),
        }
    }
}

impl rename::Blobs for BlobReader<'_> {
    fn size(&mut self, id: Oid) -> Option<u64> {
        if let Some(hit) = self.cache.get(&id) {
            return hit.as_ref().map(|b| b.size() as u64);
        }
        match self.repo.odb().and_then(|odb| odb.read_header(id)) {
            Ok((size, _)) => Some(size as u64),
            Err(_) => {
                self.load(id).ok()?;
                self.cache[&id].as_ref().map(|b| b.size() as u64)
            }
        }
    }

    fn content(&mut self, path: &[u8], id: Oid) -> Option<(&[u8], bool)> {
        self.load(id).ok()?;
        let blob = self.cache[&id].as_ref()?;
        let binary = self.binary(path, blob.content());
        Some((blob.content(), binary))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_as_git_counts_them() {
        assert_eq!(count_lines(b""), 0);
        assert_eq!(count_lines(b"a"), 1);
        assert_eq!(count_lines(b"a\n"), 1);
        assert_eq!(count_lines(b"a\nb"), 2);
        assert_eq!(count_lines(b"\n\n"), 2);
    }

    #[test]
    fn nul_within_first_8000_bytes_is_binary() {
        assert!(looks_binary(b"ab\0c"));
        let mut late = vec![b'a'; 8000];
        late.push(0);
        assert!(!looks_binary(&late));
    }
}
