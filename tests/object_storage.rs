//! Mining unpacks objects itself (delta chains, base cache): the report must not depend on how
//! the objects are stored. The loose layout is the one the other tests check against git; here
//! the same history packed every way git packs it must give the same report, byte for byte.

mod common;

use std::fs;

use common::*;

/// The cold scan's JSON, as text.
fn report(f: &Fixture) -> String {
    let repo = f.repo.to_str().expect("UTF-8 fixture path");
    f.run_stdout(["scan", repo, "--no-cache", "--format", "json"])
}

fn loose_objects(f: &Fixture) -> usize {
    let objects = f.repo.join(".git/objects");
    fs::read_dir(&objects)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|d| d.file_name().len() == 2)
        .map(|d| fs::read_dir(d.path()).unwrap().count())
        .sum()
}

fn packs(f: &Fixture) -> usize {
    fs::read_dir(f.repo.join(".git/objects/pack"))
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "pack"))
                .count()
        })
        .unwrap_or(0)
}

/// Deltas in the repository's packs, from `git verify-pack -v`.
fn deltas(f: &Fixture) -> usize {
    let pack_dir = f.repo.join(".git/objects/pack");
    fs::read_dir(&pack_dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "idx"))
        .map(|idx| {
            let out = f.git_str(&["verify-pack", "-v", idx.to_str().unwrap()]);
            // a delta's line has a depth and a base id after the usual five fields
            out.lines()
                .filter(|l| l.split_whitespace().count() == 7)
                .count()
        })
        .sum()
}

#[test]
fn the_report_is_the_same_however_git_stores_the_objects() {
    let f = build_script("team");
    assert_eq!(packs(&f), 0, "the fixture starts loose");
    let loose = report(&f);
    let (value, _) = f.scan_json(&["--no-cache"]);
    let added: u64 = contributors(&value)
        .iter()
        .map(|c| c["lines_added"].as_u64().unwrap())
        .sum();
    assert!(added > 0, "the fixture has lines to count");

    // one pack, long chains of offset deltas
    f.git(&["repack", "-adfq", "--depth=50", "--window=250"]);
    assert_eq!((packs(&f), loose_objects(&f)), (1, 0));
    assert!(deltas(&f) > 0, "the pack holds deltas");
    assert_eq!(report(&f), loose, "one pack, offset deltas");

    // deltas that name their base by id (what packs without delta-base offsets hold)
    f.git(&["-c", "repack.useDeltaBaseOffset=false", "repack", "-adfq"]);
    assert!(deltas(&f) > 0);
    assert_eq!(report(&f), loose, "one pack, base ids");

    // two packs and loose objects: the older history packed, the newer loose
    let pack_dir = f.repo.join(".git/objects/pack");
    let pack = fs::read_dir(&pack_dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "pack"))
        .unwrap();
    // explode the pack into loose objects, then pack two slices of the history apart
    let moved = f.dir("moved").join("all.pack");
    fs::rename(&pack, &moved).unwrap();
    fs::remove_file(pack.with_extension("idx")).unwrap();
    let _ = fs::remove_file(pack.with_extension("rev"));
    unpack(&f, &moved);
    assert_eq!(packs(&f), 0);
    pack_slice(&f, "HEAD~12", None);
    pack_slice(&f, "HEAD~6", Some("HEAD~12"));
    f.git(&["prune-packed"]);
    assert_eq!(packs(&f), 2);
    assert!(loose_objects(&f) > 0, "the newest commits stay loose");
    assert_eq!(report(&f), loose, "two packs and loose objects");
}

/// `git unpack-objects < PACK`.
fn unpack(f: &Fixture, pack: &std::path::Path) {
    let mut cmd = hermetic("git", &f.home);
    cmd.current_dir(&f.repo)
        .args(["unpack-objects", "-q"])
        .stdin(fs::File::open(pack).unwrap());
    let status = cmd.status().unwrap();
    assert!(status.success(), "git unpack-objects failed");
}

/// Packs the objects reachable from `tip` and not from `not` into a new pack.
fn pack_slice(f: &Fixture, tip: &str, not: Option<&str>) {
    let mut range = vec!["rev-list", "--objects", tip];
    let excluded;
    if let Some(n) = not {
        excluded = format!("^{n}");
        range.push(&excluded);
    }
    let objects = f.git(&range);
    let mut cmd = hermetic("git", &f.home);
    cmd.current_dir(&f.repo)
        .args(["pack-objects", "-q", ".git/objects/pack/pack"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null());
    let mut child = cmd.spawn().unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(&objects).unwrap();
    assert!(child.wait().unwrap().success(), "git pack-objects failed");
}
