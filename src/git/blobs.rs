//! Reading blobs and counting their lines exactly as `git log --numstat` does.

use std::collections::HashMap;

use git2::{Blob, DiffOptions, ErrorCode, Oid, Patch, Repository};

use super::attributes::Attributes;
use super::rename;

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

/// Blob reads for one commit, remembering what was read so that rename scoring and line
/// counting read each blob once, and noting blobs that are not in the repository.
pub struct BlobReader<'r> {
    repo: &'r Repository,
    attrs: &'r Attributes,
    cache: HashMap<Oid, Option<Blob<'r>>>,
    /// Blobs that are not in the repository (each once).
    pub missing: Vec<Oid>,
}

impl<'r> BlobReader<'r> {
    pub fn new(repo: &'r Repository, attrs: &'r Attributes) -> Self {
        Self {
            repo,
            attrs,
            cache: HashMap::new(),
            missing: Vec::new(),
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

    /// (added, removed) for one side missing (add or delete) or both present.
    pub fn numstat(
        &mut self,
        old: Option<(&[u8], Oid)>,
        new: Option<(&[u8], Oid)>,
    ) -> Result<(u64, u64), git2::Error> {
        if let (Some((_, a)), Some((_, b))) = (old, new)
            && a == b
        {
            return Ok((0, 0));
        }
        for (_, id) in old.iter().chain(new.iter()) {
            self.load(*id)?;
        }
        // A side that cannot be read leaves nothing to count: the change is kept with 0 lines.
        let (Some(o), Some(n)) = (self.loaded(old), self.loaded(new)) else {
            return Ok((0, 0));
        };
        let binary =
            |s: Option<(&[u8], &Blob<'r>)>| s.is_some_and(|(p, b)| self.binary(p, b.content()));
        if binary(o) || binary(n) {
            return Ok((0, 0));
        }
        match (o, n) {
            (None, Some((_, b))) => Ok((count_lines(b.content()), 0)),
            (Some((_, a)), None) => Ok((0, count_lines(a.content()))),
            (Some((_, a)), Some((_, b))) => {
                let mut opts = DiffOptions::new();
                opts.context_lines(0).force_text(true);
                // From blobs, not buffers: libgit2 would hash buffers to give them ids. An empty
                // path, not none: without one libgit2 names the file "file" and reads the work
                // tree's .gitattributes for it on every call.
                let none = Some(std::path::Path::new(""));
                let patch = Patch::from_blobs(a, none, b, none, Some(&mut opts))?;
                let (_, added, removed) = patch.line_stats()?;
                Ok((added as u64, removed as u64))
            }
            (None, None) => Ok((0, 0)),
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
