//! A loose object cut short (what a crash leaves) is an error naming it, not a hang in libgit2.

use std::time::Duration;

use git2::{Oid, Repository, Signature, Time};

fn commit(repo: &Repository, content: &[u8], parents: &[Oid]) -> (Oid, Oid) {
    let blob = repo.blob(content).unwrap();
    let mut tb = repo.treebuilder(None).unwrap();
    tb.insert("a.py", blob, 0o100644).unwrap();
    let tree = repo.find_tree(tb.write().unwrap()).unwrap();
    let sig = Signature::new("A", "a@x", &Time::new(1_700_000_000, 0)).unwrap();
    let parents: Vec<_> = parents
        .iter()
        .map(|p| repo.find_commit(*p).unwrap())
        .collect();
    let parents: Vec<_> = parents.iter().collect();
    let id = repo
        .commit(Some("HEAD"), &sig, &sig, "c", &tree, &parents)
        .unwrap();
    (id, blob)
}

#[test]
fn a_truncated_loose_object_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = Repository::init(tmp.path().join("repo")).unwrap();
    let (first, blob) = commit(&repo, b"1\n", &[]);
    commit(&repo, b"1\n2\n", &[first]);
    let hex = blob.to_string();
    let path = repo.path().join("objects").join(&hex[..2]).join(&hex[2..]);
    let data = std::fs::read(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    std::fs::write(&path, &data[..10]).unwrap();

    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_mlowners"))
        .args(["scan", "--no-cache"])
        .arg(repo.workdir().unwrap())
        .env("HOME", tmp.path())
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("corrupt loose object {hex} (")),
        "{stderr}"
    );
    assert!(stderr.contains("truncated zlib stream"), "{stderr}");
}
