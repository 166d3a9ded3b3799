//! Reading blobs and counting their lines exactly as `git log --numstat` does.

use std::collections::HashMap;

use git2::Oid;

use super::attributes::Attributes;
use super::objects::{Bytes, Objects};
use super::{rename, xdiff};
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

/// A blob as its lines are counted at a path.
pub enum Read<'a> {
    /// Its bytes, as git reads them.
    Raw(&'a [u8]),
    /// A notebook's cells (and its bytes, for a diff against a version that does not parse).
    Cells(notebook::Cells, &'a [u8]),
    /// A notebook that does not parse: its bytes, counted raw.
    Unparsed(&'a [u8]),
}

impl<'a> Read<'a> {
    pub fn new(data: &'a [u8], path: &[u8], notebooks: NotebookLines) -> Self {
        if !notebooks.reads_cells(path) {
            return Read::Raw(data);
        }
        match notebook::cells(data) {
            Some(cells) => Read::Cells(cells, data),
            None => Read::Unparsed(data),
        }
    }

    pub fn text(&self) -> &[u8] {
        match self {
            Read::Raw(d) | Read::Unparsed(d) => d,
            Read::Cells(c, _) => &c.text,
        }
    }

    fn raw(&self) -> &'a [u8] {
        match self {
            Read::Raw(d) | Read::Unparsed(d) | Read::Cells(_, d) => d,
        }
    }

    /// Whether it counts 0 lines: binary by the attributes or by git's NUL rule; a notebook
    /// read as cells never is (its sources are text, however `.gitattributes` marks the JSON).
    pub fn binary(&self, forced: Option<bool>) -> bool {
        match self {
            Read::Cells(..) => false,
            Read::Raw(d) | Read::Unparsed(d) => forced.unwrap_or_else(|| looks_binary(d)),
        }
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
    objects: &'r Objects<'r>,
    attrs: &'r Attributes,
    notebooks: NotebookLines,
    cache: HashMap<Oid, Option<Bytes>>,
    /// Blobs that are not in the repository (each once).
    pub missing: Vec<Oid>,
    /// Notebook blobs that do not parse (each once): counted by their raw lines.
    pub unparsed: Vec<Oid>,
}

impl<'r> BlobReader<'r> {
    pub fn new(objects: &'r Objects<'r>, attrs: &'r Attributes, notebooks: NotebookLines) -> Self {
        Self {
            objects,
            attrs,
            notebooks,
            cache: HashMap::new(),
            missing: Vec::new(),
            unparsed: Vec::new(),
        }
    }

    fn load(&mut self, id: Oid) -> Result<(), git2::Error> {
        if !self.cache.contains_key(&id) {
            let blob = self.objects.blob(id)?;
            if blob.is_none() {
                self.missing.push(id);
            }
            self.cache.insert(id, blob);
        }
        Ok(())
    }

    /// `Some(None)` for an absent side, `None` for a side whose blob could not be read.
    #[allow(clippy::type_complexity)]
    fn loaded<'a>(&'a self, side: Option<(&'a [u8], Oid)>) -> Option<Option<(&'a [u8], &'a [u8])>> {
        match side {
            None => Some(None),
            Some((path, id)) => self.cache[&id].as_ref().map(|b| Some((path, b.as_slice()))),
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
        let (o, n) = (self.read(o), self.read(n));
        let ids = old.iter().chain(new.iter()).map(|(_, id)| *id);
        let unparsed: Vec<Oid> = o
            .iter()
            .chain(n.iter())
            .zip(ids)
            .filter(|((r, _), _)| matches!(r, Read::Unparsed(_)))
            .map(|(_, id)| id)
            .collect();
        let counted = if o.iter().chain(n.iter()).any(|(_, binary)| *binary) {
            Numstat::default()
        } else {
            count(o.map(|s| s.0), n.map(|s| s.0))?
        };
        for id in unparsed {
            if !self.unparsed.contains(&id) {
                self.unparsed.push(id);
            }
        }
        Ok(counted)
    }

    /// A side read as it is counted, and whether it counts as binary.
    fn read<'a>(&self, side: Option<(&'a [u8], &'a [u8])>) -> Option<(Read<'a>, bool)> {
        side.map(|(path, blob)| {
            let read = Read::new(blob, path, self.notebooks);
            let binary = read.binary(self.attrs.binary_override(path));
            (read, binary)
        })
    }
}

fn count(o: Option<Read<'_>>, n: Option<Read<'_>>) -> Result<Numstat, git2::Error> {
    match (o, n) {
        (None, Some(b)) => Ok(Numstat::lines(count_lines(b.text()), 0)),
        (Some(a), None) => Ok(Numstat::lines(0, count_lines(a.text()))),
        (Some(a), Some(b)) => {
            if let (Read::Cells(x, _), Read::Cells(y, _)) = (&a, &b)
                && x.same_cells(y)
            {
                return Ok(Numstat {
                    rerun: true,
                    ..Numstat::default()
                });
            }
            // a notebook that does not parse against one that does: both raw, or fixing a
            // conflict left in would count the whole JSON against the cells
            let mixed = matches!(a, Read::Unparsed(_)) != matches!(b, Read::Unparsed(_));
            let (a, b) = if mixed {
                (a.raw(), b.raw())
            } else {
                (a.text(), b.text())
            };
            let (added, removed) = xdiff::lines(a, b)
                .ok_or_else(|| git2::Error::from_str("xdiff ran out of memory"))?;
            Ok(Numstat::lines(added, removed))
        }
        (None, None) => Ok(Numstat::default()),
    }
}

impl rename::Blobs for BlobReader<'_> {
    fn size(&mut self, id: Oid) -> Option<u64> {
        if let Some(hit) = self.cache.get(&id) {
            return hit.as_ref().map(|b| b.len() as u64);
        }
        self.objects.size(id).or_else(|| {
            self.load(id).ok()?;
            self.cache[&id].as_ref().map(|b| b.len() as u64)
        })
    }

    fn content(&mut self, path: &[u8], id: Oid) -> Option<(&[u8], bool)> {
        self.load(id).ok()?;
        let blob = self.cache[&id].as_ref()?.as_slice();
        let binary = self.binary(path, blob);
        Some((blob, binary))
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

    /// (added, removed, rerun) of `old` → `new` at `nb.ipynb`, under `attributes`.
    fn notebook_change(old: &str, new: &str, attributes: &str) -> (u64, u64, bool) {
        let dir = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init(dir.path()).unwrap();
        let (a, b) = (
            repo.blob(old.as_bytes()).unwrap(),
            repo.blob(new.as_bytes()).unwrap(),
        );
        let files = vec![(b".gitattributes".to_vec(), attributes.as_bytes().to_vec())];
        let attrs = Attributes::from_files(files);
        let store = super::super::objects::Store::open(&repo);
        let objects = Objects::new(&store);
        let mut reader = BlobReader::new(&objects, &attrs, NotebookLines::Cells);
        let path: &[u8] = b"nb.ipynb";
        let n = reader.numstat(Some((path, a)), Some((path, b))).unwrap();
        (n.added, n.removed, n.rerun)
    }

    const RUN_1: &str = "{\"cells\": [{\"cell_type\": \"code\", \"execution_count\": 1,\n \"source\": [\"a = 1\\n\"], \"outputs\": []}]}\n";
    const RUN_2: &str = "{\"cells\": [{\"cell_type\": \"code\", \"execution_count\": 2,\n \"source\": [\"a = 1\\n\"], \"outputs\": [\"x\"]}]}\n";

    #[test]
    fn a_notebook_marked_binary_is_still_read_by_its_cells() {
        assert_eq!(notebook_change(RUN_1, RUN_2, ""), (0, 0, true));
        assert_eq!(
            notebook_change(RUN_1, RUN_2, "*.ipynb binary\n"),
            (0, 0, true)
        );
        let edit = RUN_2.replace("a = 1", "a = 2");
        assert_eq!(
            notebook_change(RUN_1, &edit, "*.ipynb -diff\n"),
            (1, 1, false)
        );
    }

    #[test]
    fn a_notebook_that_does_not_parse_is_diffed_raw_against_the_next() {
        // the fix of a conflict left in, 7 JSON lines to RUN_1's 2: the markers and the other
        // side go (5), where the conflict's raw lines against RUN_1's one cell line would be 1/7
        let conflict = format!("<<<<<<< HEAD\n{RUN_1}=======\n{RUN_2}>>>>>>> other\n");
        assert_eq!(notebook_change(&conflict, RUN_1, ""), (0, 5, false));
    }
}
