//! A guard against libgit2 hanging on a damaged loose object. libgit2 up to 1.9.7 (libgit2-sys
//! 0.18.8, the newest on crates.io) spins forever in `git_zstream_get_output` when a loose
//! object's zlib stream stops before its end, as a crash leaves a file cut short: inflate answers
//! Z_BUF_ERROR, taken there as "try again", and nothing changes. Any read of the object does it
//! (find_commit, find_tree, find_blob, commit.tree(), peel, revparse); a read of the header does
//! not, nor does a damaged pack. Fixed upstream by libgit2 PR #7346, in no release yet.
//! So every loose object is inflated here first, in Rust, and a damaged one is an error, as in git.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use miniz_oxide::inflate::stream::{InflateState, inflate};
use miniz_oxide::{DataFormat, MZError, MZFlush, MZStatus};
use rayon::prelude::*;

/// Checks every loose object of the repository whose common git directory is `common_dir`
/// (`Repository::commondir()`), and of its alternates; returns how many it checked, or, for the
/// damaged one with the lowest id, `corrupt loose object <id> (<path>): <why>`.
pub fn check_all(common_dir: &Path) -> Result<usize, String> {
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for dir in object_dirs(common_dir) {
        let Ok(fanout) = std::fs::read_dir(&dir) else {
            continue;
        };
        for sub in fanout.flatten() {
            let name = sub.file_name();
            let Some(prefix) = name.to_str().filter(|s| is_hex(s, 2)) else {
                continue;
            };
            let Ok(entries) = std::fs::read_dir(sub.path()) else {
                continue;
            };
            for f in entries.flatten() {
                if let Some(rest) = f.file_name().to_str().filter(|s| is_hex(s, 38)) {
                    files.push((format!("{prefix}{rest}"), f.path()));
                }
            }
        }
    }
    let mut bad: Vec<String> = files
        .par_iter()
        .filter_map(|(id, path)| {
            let why = match std::fs::read(path) {
                Ok(data) => check_data(&data).err()?.to_owned(),
                Err(e) if e.kind() == ErrorKind::NotFound => return None, // packed meanwhile
                Err(e) => e.to_string(),
            };
            Some(format!(
                "corrupt loose object {id} ({}): {why}",
                path.display()
            ))
        })
        .collect();
    bad.sort();
    match bad.into_iter().next() {
        Some(e) => Err(e),
        None => Ok(files.len()),
    }
}

/// The object directories libgit2 reads: `objects`, then its alternates (a relative one is
/// relative to the directory that names it), 5 levels deep as in libgit2.
fn object_dirs(common_dir: &Path) -> Vec<PathBuf> {
    fn add(dir: PathBuf, depth: u32, out: &mut Vec<PathBuf>) {
        if out.contains(&dir) {
            return;
        }
        let alternates = std::fs::read_to_string(dir.join("info/alternates")).unwrap_or_default();
        out.push(dir.clone());
        if depth < 5 {
            for line in alternates.lines().map(str::trim) {
                if !line.is_empty() && !line.starts_with('#') {
                    add(dir.join(line), depth + 1, out);
                }
            }
        }
    }
    let mut out = Vec::new();
    add(common_dir.join("objects"), 0, &mut out);
    out
}

fn is_hex(s: &str, len: usize) -> bool {
    s.len() == len
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A loose object's file: a zlib stream that ends, and inflates to `<type> <size>\0` followed by
/// exactly `size` bytes.
fn check_data(data: &[u8]) -> Result<(), &'static str> {
    let mut state = InflateState::new_boxed(DataFormat::Zlib);
    let mut buf = vec![0u8; 64 * 1024];
    let mut head: Vec<u8> = Vec::new(); // the output up to the header's NUL
    let mut header: Option<(usize, u64)> = None; // (header length, declared size)
    let (mut pos, mut total) = (0usize, 0u64);
    loop {
        let r = inflate(&mut state, &data[pos..], &mut buf, MZFlush::None);
        pos += r.bytes_consumed;
        let out = &buf[..r.bytes_written];
        total += out.len() as u64;
        if header.is_none() {
            head.extend_from_slice(&out[..out.len().min(64 - head.len())]);
            if let Some(nul) = head.iter().position(|&b| b == 0) {
                header = Some((nul + 1, parse_header(&head[..nul]).ok_or("bad header")?));
            } else if head.len() == 64 {
                return Err("bad header");
            }
        }
        match r.status {
            Ok(MZStatus::StreamEnd) => break,
            Ok(_) if r.bytes_consumed > 0 || r.bytes_written > 0 => {}
            Ok(_) | Err(MZError::Buf) if pos >= data.len() => return Err("truncated zlib stream"),
            Ok(_) | Err(MZError::Buf) => return Err("zlib stream makes no progress"),
            Err(_) => return Err("bad zlib stream"),
        }
    }
    let (head_len, size) = header.ok_or("bad header")?;
    if total - head_len as u64 != size {
        return Err("size does not match its header");
    }
    Ok(())
}

/// `<type> <size>` (without the NUL) -> size.
fn parse_header(h: &[u8]) -> Option<u64> {
    let (kind, size) = std::str::from_utf8(h).ok()?.split_once(' ')?;
    let canonical = !size.is_empty()
        && size.bytes().all(|b| b.is_ascii_digit())
        && (size == "0" || !size.starts_with('0'));
    if !matches!(kind, "blob" | "tree" | "commit" | "tag") || !canonical {
        return None;
    }
    size.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use git2::{Oid, Repository};

    fn loose_path(repo: &Repository, id: Oid) -> PathBuf {
        let h = id.to_string();
        repo.path().join("objects").join(&h[..2]).join(&h[2..])
    }

    fn put(path: &Path, bytes: &[u8]) {
        let _ = std::fs::remove_file(path); // written read-only
        std::fs::write(path, bytes).unwrap();
    }

    fn zlib(raw: &[u8]) -> Vec<u8> {
        miniz_oxide::deflate::compress_to_vec_zlib(raw, 6)
    }

    #[test]
    fn every_cut_of_a_loose_object_is_reported() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = Repository::init_bare(tmp.path()).unwrap();
        let small = repo.blob(b"1\n").unwrap();
        let big: Vec<u8> = (0..100_000u32)
            .flat_map(|i| format!("{i}\n").into_bytes())
            .collect();
        let big = repo.blob(&big).unwrap();
        assert_eq!(check_all(repo.commondir()), Ok(2));
        for id in [small, big] {
            let path = loose_path(&repo, id);
            let whole = std::fs::read(&path).unwrap();
            for len in (0..whole.len())
                .step_by(whole.len() / 50 + 1)
                .chain([whole.len() - 1])
            {
                put(&path, &whole[..len]);
                let e = check_all(repo.commondir()).unwrap_err();
                assert!(
                    e.starts_with(&format!("corrupt loose object {id} (")),
                    "{len}: {e}"
                );
            }
            put(&path, &whole);
        }
        assert_eq!(check_all(repo.commondir()), Ok(2));
    }

    #[test]
    fn an_alternate_is_checked_too() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let other = Repository::init_bare(a.path()).unwrap();
        let id = other.blob(b"1\n").unwrap();
        let repo = Repository::init_bare(b.path()).unwrap();
        let alternates = repo.path().join("objects/info/alternates");
        std::fs::write(
            &alternates,
            format!("{}\n", other.path().join("objects").display()),
        )
        .unwrap();
        assert_eq!(check_all(repo.commondir()), Ok(1));
        put(&loose_path(&other, id), &zlib(b"blob 2\0")[..6]);
        assert!(
            check_all(repo.commondir())
                .unwrap_err()
                .ends_with("truncated zlib stream")
        );
    }

    #[test]
    fn other_damage_is_reported() {
        assert_eq!(check_data(&zlib(b"blob 2\x001\n")), Ok(()));
        assert_eq!(check_data(&zlib(b"tree 0\x00")), Ok(()));
        assert_eq!(
            check_data(&zlib(b"blob 3\x001\n")),
            Err("size does not match its header")
        );
        assert_eq!(
            check_data(&zlib(b"blob 1\x001\n")),
            Err("size does not match its header")
        );
        assert_eq!(check_data(&zlib(b"blub 2\x001\n")), Err("bad header"));
        assert_eq!(check_data(&zlib(b"blob 02\x001\n")), Err("bad header"));
        assert_eq!(check_data(&zlib(&[b'x'; 100])), Err("bad header"));
        assert_eq!(check_data(b"not zlib"), Err("bad zlib stream"));
        let mut z = zlib(b"blob 2\x001\n");
        *z.last_mut().unwrap() ^= 1; // the Adler-32 checksum
        assert_eq!(check_data(&z), Err("bad zlib stream"));
    }
}
