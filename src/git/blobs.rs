//! Reading blobs and counting their lines exactly as `git log --numstat` does.

use std::collections::HashMap;
use std::sync::Arc;

use git2::{DiffOptions, ErrorCode, Oid, Patch, Repository};

use super::attributes::Attributes;
use super::rename;

/// git's `buffer_is_binary` looks at this many bytes for a NUL.
const FIRST_FEW_BYTES: usize = 8000;

pub fn looks_binary(data: &[u8]) -> bool {
    data[..data.len().min(FIRST_FEW_BYTES)].contains(&0)
}

/// Lines as git counts an added or deleted file: a last line without a newline still counts.
pub fn count_lines(data: &[u8]) -> u64 {
    let newlines = memchr_count(data);
    newlines + u64::from(data.last().is_some_and(|&c| c != b'\n'))
}

fn memchr_count(data: &[u8]) -> u64 {
    data.iter().filter(|&&c| c == b'\n').count() as u64
}

/// Blob reads for one commit, remembering what was read so that rename scoring and line
/// counting read each blob once, and counting blobs that are not in the repository.
pub struct BlobReader<'r> {
    repo: &'r Repository,
    attrs: &'r Attributes,
    cache: HashMap<Oid, Option<Arc<[u8]>>>,
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

    pub fn get(&mut self, id: Oid) -> Result<Option<Arc<[u8]>>, git2::Error> {
        if let Some(hit) = self.cache.get(&id) {
            return Ok(hit.clone());
        }
        let data = match self.repo.find_blob(id) {
            Ok(b) => Some(Arc::<[u8]>::from(b.content())),
            Err(e) if e.code() == ErrorCode::NotFound => {
                self.missing.push(id);
                None
            }
            Err(e) => return Err(e),
        };
        self.cache.insert(id, data.clone());
        Ok(data)
    }

    pub fn binary(&self, path: &str, data: &[u8]) -> bool {
        self.attrs
            .binary_override(path)
            .unwrap_or_else(|| looks_binary(data))
    }

    /// (added, removed) for one side missing (add or delete) or both present.
    pub fn numstat(
        &mut self,
        old: Option<(&str, Oid)>,
        new: Option<(&str, Oid)>,
    ) -> Result<(u64, u64), git2::Error> {
        if let (Some((_, a)), Some((_, b))) = (old, new)
            && a == b
        {
            return Ok((0, 0));
        }
        let read = |me: &mut Self, side: Option<(&str, Oid)>| -> Result<_, git2::Error> {
            Ok(match side {
                None => Some(None),
                Some((path, id)) => me.get(id)?.map(|d| Some((path.to_owned(), d))),
            })
        };
        // A side that cannot be read leaves nothing to count: the change is kept with 0 lines.
        let (Some(o), Some(n)) = (read(self, old)?, read(self, new)?) else {
            return Ok((0, 0));
        };
        let is_bin = |me: &Self, s: &Option<(String, Arc<[u8]>)>| {
            s.as_ref().is_some_and(|(p, d)| me.binary(p, d))
        };
        if is_bin(self, &o) || is_bin(self, &n) {
            return Ok((0, 0));
        }
        match (o, n) {
            (None, Some((_, d))) => Ok((count_lines(&d), 0)),
            (Some((_, d)), None) => Ok((0, count_lines(&d))),
            (Some((_, a)), Some((_, b))) => {
                let mut opts = DiffOptions::new();
                opts.context_lines(0).force_text(true);
                let patch = Patch::from_buffers(&a, None, &b, None, Some(&mut opts))?;
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
            return hit.as_ref().map(|d| d.len() as u64);
        }
        match self.repo.odb().and_then(|odb| odb.read_header(id)) {
            Ok((size, _)) => Some(size as u64),
            Err(_) => self.get(id).ok().flatten().map(|d| d.len() as u64),
        }
    }

    fn data(&mut self, id: Oid) -> Option<Arc<[u8]>> {
        self.get(id).ok().flatten()
    }

    fn is_binary(&self, path: &str, data: &[u8]) -> bool {
        self.binary(path, data)
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
