//! The incremental cache: the commit graph and each commit's mined rows, stored under the
//! repository's git directory and keyed by commit id and by everything that changes mining
//! (mailmap, bot rules, the attributes that decide binary files, the rename limit, the shallow
//! boundary, grafts). Config that only affects analysis
//! (areas, roles, thresholds, excludes) is not part of the key.
//!
//! File layout: magic, format version, key (20 bytes), payload length, CRC-32 of the payload,
//! then the payload (postcard). Anything that does not check out is reported and rebuilt, never
//! trusted. Writes go through a temporary file and a rename, so concurrent scans never leave a
//! torn file: the last complete one wins.

use std::collections::HashMap;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::walk::{Node, oid, raw};
use crate::atomic_file;
use crate::model::mined::Mined;
use crate::notebook::NotebookLines;

const MAGIC: &[u8; 8] = b"MLOWNRS\0";
/// Bump when `Mined` or the mining rules change.
const VERSION: u32 = 7;
/// Cache files of other keys (another bot list, an older mailmap) kept besides the current one,
/// the most recently written first, so that switching between two configs stays warm.
const KEEP_OTHER_KEYS: usize = 2;
const HEADER: usize = 8 + 4 + 20 + 8 + 4;
const DIR: &str = "mlowners";

/// What the rows depend on besides the commit itself.
pub struct KeyParts<'a> {
    pub mailmap: &'a [u8],
    pub bots: &'a [String],
    pub attributes: &'a [(Vec<u8>, Vec<u8>)],
    pub rename_limit: u64,
    pub notebooks: NotebookLines,
    /// `.git/shallow`: a deepened clone has other parents at its old boundary.
    pub shallow: &'a [u8],
    /// `.git/info/grafts`: parents that replace the recorded ones (libgit2 honours them).
    pub grafts: &'a [u8],
}

pub fn key(parts: &KeyParts<'_>) -> [u8; 20] {
    let mut text = Vec::new();
    text.extend_from_slice(format!("v{VERSION}\nrename_limit {}\n", parts.rename_limit).as_bytes());
    text.extend_from_slice(format!("notebook_lines {}\n", parts.notebooks.as_str()).as_bytes());
    for b in parts.bots {
        text.extend_from_slice(format!("bot {b}\n").as_bytes());
    }
    // how the attribute files are read: rows mined with the glob reader (before git's wildmatch,
    // macros and `!attr`) may have other binary files
    text.extend_from_slice(b"attributes read as git check-attr\n");
    for (path, content) in parts.attributes {
        text.extend_from_slice(format!("attributes {} ", path.len()).as_bytes());
        text.extend_from_slice(path);
        text.extend_from_slice(format!(" {}\n", content.len()).as_bytes());
        text.extend_from_slice(content);
        text.push(b'\n');
    }
    for (name, bytes) in [("shallow", parts.shallow), ("grafts", parts.grafts)] {
        text.extend_from_slice(format!("{name} {}\n", bytes.len()).as_bytes());
        text.extend_from_slice(bytes);
    }
    text.extend_from_slice(format!("mailmap {}\n", parts.mailmap.len()).as_bytes());
    text.extend_from_slice(parts.mailmap);
    let oid = git2::Oid::hash_object(git2::ObjectType::Blob, &text).expect("hashing memory");
    let mut k = [0; 20];
    k.copy_from_slice(oid.as_bytes());
    k
}

/// What is cached: the commit graph and the mined rows, by commit id.
#[derive(Debug, Default)]
pub struct Contents {
    pub graph: HashMap<git2::Oid, Node>,
    pub rows: HashMap<git2::Oid, Mined>,
}

#[derive(Deserialize)]
struct Payload {
    graph: Vec<([u8; 20], Node)>,
    rows: Vec<([u8; 20], Mined)>,
}

/// What [`Payload`] reads back, written from borrowed data so that storing copies nothing.
#[derive(Serialize)]
struct PayloadRef<'a> {
    graph: Vec<([u8; 20], &'a Node)>,
    rows: Vec<([u8; 20], &'a Mined)>,
}

pub fn dir(git_dir: &Path) -> PathBuf {
    git_dir.join(DIR)
}

fn file(git_dir: &Path, key: &[u8; 20]) -> PathBuf {
    let hex: String = key[..8].iter().map(|b| format!("{b:02x}")).collect();
    dir(git_dir).join(format!("commits-{hex}.bin"))
}

/// The contents of the cache file for `key`; empty when there is none. A file that does not
/// check out is reported through `warn` and ignored.
pub fn load(git_dir: &Path, key: &[u8; 20], warn: &mut dyn FnMut(String)) -> Contents {
    let path = file(git_dir, key);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        // Someone else's cache (another user scanned this clone) is theirs: no warning each scan.
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::PermissionDenied) => {
            return Contents::default();
        }
        Err(e) => {
            warn(format!(
                "cache {}: unreadable ({e}); mining every commit",
                path.display()
            ));
            return Contents::default();
        }
    };
    match decode(&bytes, key) {
        Ok(contents) => contents,
        Err(why) => {
            warn(format!(
                "cache {}: {why}; ignoring it and rebuilding it",
                path.display()
            ));
            Contents::default()
        }
    }
}

fn decode(bytes: &[u8], key: &[u8; 20]) -> Result<Contents, String> {
    if bytes.len() < HEADER || &bytes[..8] != MAGIC {
        return Err("not an mlowners cache file".into());
    }
    let version = u32::from_le_bytes(bytes[8..12].try_into().expect("4 bytes"));
    if version != VERSION {
        return Err(format!("written by another version (format {version})"));
    }
    if &bytes[12..32] != key {
        return Err("written for other mining options".into());
    }
    let len = u64::from_le_bytes(bytes[32..40].try_into().expect("8 bytes"));
    let crc = u32::from_le_bytes(bytes[40..44].try_into().expect("4 bytes"));
    let payload = &bytes[HEADER..];
    if payload.len() as u64 != len {
        return Err("truncated".into());
    }
    if crc32fast::hash(payload) != crc {
        return Err("damaged (checksum mismatch)".into());
    }
    let p: Payload = postcard::from_bytes(payload).map_err(|e| format!("damaged ({e})"))?;
    Ok(Contents {
        graph: p.graph.into_iter().map(|(id, n)| (oid(&id), n)).collect(),
        rows: p.rows.into_iter().map(|(id, m)| (oid(&id), m)).collect(),
    })
}

/// Replaces the cache file for `key` with the given graph and rows, atomically.
pub fn store<'a>(
    git_dir: &Path,
    key: &[u8; 20],
    graph: &HashMap<git2::Oid, Node>,
    rows: impl Iterator<Item = (git2::Oid, &'a Mined)>,
) -> std::io::Result<()> {
    // sorted, so that the same history always gives the same bytes
    let mut contents = PayloadRef {
        graph: graph.iter().map(|(id, n)| (raw(*id), n)).collect(),
        rows: rows.map(|(id, m)| (raw(id), m)).collect(),
    };
    contents.graph.sort_unstable_by_key(|(id, _)| *id);
    contents.rows.sort_unstable_by_key(|(id, _)| *id);
    let payload = postcard::to_stdvec(&contents).map_err(std::io::Error::other)?;
    let mut bytes = Vec::with_capacity(HEADER + payload.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&VERSION.to_le_bytes());
    bytes.extend_from_slice(key);
    bytes.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
    bytes.extend_from_slice(&payload);
    let dir = dir(git_dir);
    std::fs::create_dir_all(&dir)?;
    let path = file(git_dir, key);
    atomic_file::write(&path, &bytes, None)?;
    prune(&dir, &path);
    Ok(())
}

/// Whether a failed store is worth telling: a cache directory that belongs to another user
/// is not, or every scan of a shared clone would warn.
pub fn worth_a_warning(e: &std::io::Error) -> bool {
    e.kind() != ErrorKind::PermissionDenied
}

/// Removes the cache files of old keys but the [`KEEP_OTHER_KEYS`] newest.
fn prune(dir: &Path, current: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut others: Vec<(std::time::SystemTime, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p != current)
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("commits-") && n.ends_with(".bin"))
        })
        .filter_map(|p| Some((std::fs::metadata(&p).ok()?.modified().ok()?, p)))
        .collect();
    others.sort_by(|a, b| b.cmp(a));
    for (_, p) in others.into_iter().skip(KEEP_OTHER_KEYS) {
        let _ = std::fs::remove_file(p);
    }
}

/// Removes every cache file of the repository.
pub fn clear(git_dir: &Path) -> std::io::Result<bool> {
    match std::fs::remove_dir_all(dir(git_dir)) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::mined::MinedCommit;

    fn rows() -> Vec<(git2::Oid, Mined)> {
        let id = git2::Oid::from_str("0123456789012345678901234567890123456789").unwrap();
        let c = MinedCommit {
            id: id.to_string(),
            name: "Ana".into(),
            email: "ana@x".into(),
            time: 1,
            co_authors: vec![("Bo".into(), "bo@y".into())],
            changes: vec![],
            missing_blobs: vec![],
            unparsed_notebooks: vec![],
        };
        vec![(id, Mined::Commit(c)), (git2::Oid::ZERO_SHA1, Mined::Merge)]
    }

    #[test]
    fn round_trip_and_damage_is_detected() {
        let dir = tempfile::tempdir().unwrap();
        let key = [7; 20];
        let rows = rows();
        let graph = HashMap::from([(
            rows[0].0,
            Node {
                parents: vec![[1; 20]],
                commit_time: 5,
                author_time: 4,
                problem: None,
            },
        )]);
        store(
            dir.path(),
            &key,
            &graph,
            rows.iter().map(|(id, m)| (*id, m)),
        )
        .unwrap();
        let mut warnings = Vec::new();
        let back = load(dir.path(), &key, &mut |w| warnings.push(w));
        assert_eq!(back.rows.len(), 2);
        assert_eq!(back.graph, graph);
        assert!(warnings.is_empty());

        let path = file(dir.path(), &key);
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        std::fs::write(&path, &bytes).unwrap();
        assert!(
            load(dir.path(), &key, &mut |w| warnings.push(w))
                .rows
                .is_empty()
        );
        assert!(warnings.pop().unwrap().contains("checksum"));

        std::fs::write(&path, &bytes[..HEADER + 3]).unwrap();
        assert!(
            load(dir.path(), &key, &mut |w| warnings.push(w))
                .rows
                .is_empty()
        );
        assert!(warnings.pop().unwrap().contains("truncated"));

        std::fs::write(
            &path,
            b"something else entirely, long enough for a header....",
        )
        .unwrap();
        assert!(
            load(dir.path(), &key, &mut |w| warnings.push(w))
                .rows
                .is_empty()
        );
        assert!(warnings.pop().unwrap().contains("not an mlowners cache"));
    }

    #[test]
    fn key_changes_with_mining_options_only() {
        let base = KeyParts {
            mailmap: b"A <a@x>",
            bots: &["*[bot]*".into()],
            attributes: &[],
            rename_limit: 1000,
            notebooks: NotebookLines::Cells,
            shallow: b"",
            grafts: b"",
        };
        let k = key(&base);
        assert_eq!(k, key(&KeyParts { ..base }));
        let other = KeyParts {
            mailmap: b"B <b@x>",
            bots: &["*[bot]*".into()],
            attributes: &[],
            rename_limit: 1000,
            notebooks: NotebookLines::Cells,
            shallow: b"",
            grafts: b"",
        };
        assert_ne!(k, key(&other));
        let deepened = KeyParts {
            shallow: b"0123\n",
            ..other
        };
        assert_ne!(key(&other), key(&deepened));
        let grafted = KeyParts {
            grafts: b"0123 4567\n",
            ..other
        };
        assert_ne!(key(&other), key(&grafted));
        let raw = KeyParts {
            notebooks: NotebookLines::Raw,
            ..other
        };
        assert_ne!(key(&other), key(&raw));
    }

    #[test]
    fn old_keys_are_pruned_but_the_newest_few() {
        let dir = tempfile::tempdir().unwrap();
        let rows = rows();
        for k in 0..5u8 {
            store(
                dir.path(),
                &[k; 20],
                &HashMap::new(),
                rows.iter().map(|(id, m)| (*id, m)),
            )
            .unwrap();
            // distinct modification times, oldest first
            let f = std::fs::File::options()
                .write(true)
                .open(file(dir.path(), &[k; 20]))
                .unwrap();
            f.set_modified(
                std::time::SystemTime::UNIX_EPOCH
                    + std::time::Duration::from_secs(u64::from(k) * 100),
            )
            .unwrap();
        }
        let mut left: Vec<_> = std::fs::read_dir(super::dir(dir.path()))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        let expect = |k: u8| format!("commits-{}.bin", format!("{k:02x}").repeat(8));
        assert_eq!(left, vec![expect(2), expect(3), expect(4)]);
    }
}
