//! `.gitattributes` as git reads them: for every file of a fixture that has every case git's
//! attr.c distinguishes, what mlowners decides (through the library's `Attributes::get` and
//! through the binary's report: binary files count 0 lines, vendored/generated ones are not
//! analysed) equals what `git check-attr` says.

mod common;

use std::collections::BTreeMap;
#[cfg(unix)]
use std::ffi::OsStr;
use std::fs;
use std::io::Write;
#[cfg(unix)]
use std::os::unix::ffi::OsStrExt;
use std::process::Stdio;

use common::{Fixture, files, tiny_repo};
use mlowners::config::Config;
use mlowners::git::attributes::{Attributes, INFO_ATTRIBUTES, State};
use mlowners::path_filter::{PathFilter, linguist_mark};

const ROOT: &str = r#"# a comment, then a blank line

[attr]gen linguist-generated -diff
[attr]outer gen
*.bin binary
nobin.bin !binary
*.img -diff
*.txt diff
third/ linguist-vendored
other/ -diff
gen/** linguist-generated
gen/keep.py -linguist-generated
*.js -diff
keep.js !diff
"a b.txt" -diff
"q\"uote.py" linguist-vendored
"oct\141l.py" linguist-vendored
"unterminated.py linguist-vendored
!neg.py linguist-vendored
\!lit.py linguist-vendored
bad.py -diff --x
bad2.py -diff builtin_x
*.gen gen
*.o2 outer
f.m1 diff binary
f.m2 binary diff
-bin.py -binary
/anchored.py linguist-vendored
sub/*.py linguist-generated
**/deep/*.py linguist-vendored
models/**/*.md linguist-generated
a/**/b.py linguist-vendored
data/[ab]*.py linguist-vendored
data/[!ab]x.py linguist-generated
data/[[:digit:]]*.py linguist-vendored
lib?.py linguist-vendored
esc\*.py linguist-vendored
Upper.py linguist-vendored
*.DAT -diff
ven.py linguist-vendored=false
val.py diff=astextplain linguist-generated=true
unset.py linguist-vendored
unset.py !linguist-vendored
   spaced.py linguist-vendored
crlf.py	linguist-vendored-x linguist-generated
sub/deeper/*.py linguist-generated
dir/*/leaf.py linguist-vendored
"caf\351x.py" linguist-generated
"#;

const SUB: &str = "[attr]subgen linguist-generated\n*.py subgen\n*.txt -diff\nx/*.py linguist-vendored\n*.js diff\n/top.py -diff\n";

const DEEPER: &str = "*.txt diff\n*.py !linguist-generated\n*.gen !gen\n";

const INFO: &str = "[attr]outer linguist-vendored\n*.info.py linguist-vendored\nsub/*.txt diff\n";

const FILES: &[&str] = &[
    "plain.py",
    "a.bin",
    "d/a.bin",
    "nobin.bin",
    "pic.img",
    "notes.txt",
    "sub/notes.txt",
    "sub/deeper/notes.txt",
    "sub/deeper/more/notes.txt",
    "third/lib.py",
    "third/x/y.py",
    "other/third/z.py",
    "other/o.py",
    "gen/a.py",
    "gen/keep.py",
    "gen/sub/b.py",
    "app.js",
    "keep.js",
    "sub/app.js",
    "sub/keep.js",
    "a b.txt",
    "d/a b.txt",
    "q\"uote.py",
    "octal.py",
    "\"unterminated.py",
    "neg.py",
    "!neg.py",
    "!lit.py",
    "bad.py",
    "bad2.py",
    "x.gen",
    "sub/x.gen",
    "sub/deeper/x.gen",
    "y.o2",
    "f.m1",
    "f.m2",
    "-bin.py",
    "anchored.py",
    "sub/anchored.py",
    "sub/a.py",
    "sub/x/a.py",
    "sub/top.py",
    "top.py",
    "deep/a.py",
    "p/deep/a.py",
    "p/q/deep/a.py",
    "p/deep/r/a.py",
    "models/m.md",
    "models/a/b/m.md",
    "a/b.py",
    "a/x/y/b.py",
    "data/a1.py",
    "data/b1.py",
    "data/cx.py",
    "data/ax.py",
    "data/9z.py",
    "lib1.py",
    "lib12.py",
    "esc*.py",
    "escX.py",
    "Upper.py",
    "upper.py",
    "sub/Upper.py",
    "X.DAT",
    "x.dat",
    "ven.py",
    "val.py",
    "unset.py",
    "spaced.py",
    "crlf.py",
    "sub/deeper/a.py",
    "a.info.py",
    "dir/one/leaf.py",
    "dir/one/two/leaf.py",
];

const ATTRS: &[&str] = &[
    "diff",
    "linguist-vendored",
    "linguist-generated",
    "merge",
    "text",
    "binary",
    "gen",
    "subgen",
    "outer",
];

fn fixture() -> Fixture {
    let f = tiny_repo();
    let write = |path: &str, text: &str| {
        let p = f.repo.join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    };
    write(".gitattributes", ROOT);
    write("sub/.gitattributes", SUB);
    write("sub/deeper/.gitattributes", DEEPER);
    // a CRLF line
    let mut root = ROOT.to_owned();
    root.push_str("crlf2.py linguist-vendored\r\n");
    write(".gitattributes", &root);
    for path in FILES.iter().chain(&["crlf2.py"]) {
        write(path, "first line\nsecond line\n");
    }
    #[cfg(unix)]
    {
        // paths and patterns that are not UTF-8 (Latin-1 é), raw and C-quoted
        let mut root = root.into_bytes();
        root.extend_from_slice(b"caf\xe9.py linguist-vendored\n");
        fs::write(f.repo.join(".gitattributes"), root).unwrap();
        for name in [&b"caf\xe9.py"[..], b"caf\xe9x.py"] {
            fs::write(f.repo.join(OsStr::from_bytes(name)), "one\ntwo\n").unwrap();
        }
    }
    f.commit_all(
        "Ana <ana@example.com>",
        "2024-05-02T10:00:00+00:00",
        "attributes",
    );
    write(".git/info/attributes", INFO);
    f
}

/// `git check-attr -z --stdin ATTRS` for `paths`: path -> attribute -> git's word (`set`,
/// `unset`, `unspecified` or the value).
fn check_attr(f: &Fixture, paths: &[Vec<u8>]) -> BTreeMap<Vec<u8>, BTreeMap<String, String>> {
    let mut cmd = common::hermetic("git", &f.home);
    cmd.current_dir(&f.repo)
        .args(["check-attr", "-z", "--stdin"])
        .args(ATTRS)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped());
    let mut child = cmd.spawn().expect("git check-attr");
    let mut input = Vec::new();
    for p in paths {
        input.extend_from_slice(p);
        input.push(0);
    }
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "git check-attr failed");
    let fields: Vec<&[u8]> = out.stdout.split(|&c| c == 0).collect();
    let mut by_path: BTreeMap<Vec<u8>, BTreeMap<String, String>> = BTreeMap::new();
    for triple in fields.chunks(3).filter(|c| c.len() == 3) {
        by_path.entry(triple[0].to_vec()).or_default().insert(
            String::from_utf8(triple[1].to_vec()).unwrap(),
            String::from_utf8(triple[2].to_vec()).unwrap(),
        );
    }
    assert_eq!(by_path.len(), paths.len(), "one answer per path");
    by_path
}

fn word(state: Option<&State>) -> String {
    match state {
        None => "unspecified".into(),
        Some(State::Set) => "set".into(),
        Some(State::Unset) => "unset".into(),
        Some(State::Value(v)) => v.clone(),
    }
}

/// git's answer as the library's state.
fn state(word: &str) -> Option<State> {
    match word {
        "unspecified" => None,
        "set" => Some(State::Set),
        "unset" => Some(State::Unset),
        v => Some(State::Value(v.to_owned())),
    }
}

fn tree_files(f: &Fixture) -> Vec<Vec<u8>> {
    f.git(&["ls-tree", "-r", "-z", "--name-only", "HEAD"])
        .split(|&c| c == 0)
        .filter(|p| !p.is_empty())
        .map(<[u8]>::to_vec)
        .collect()
}

#[test]
fn every_file_gets_the_attributes_git_check_attr_gives() {
    let f = fixture();
    let paths = tree_files(&f);
    assert!(paths.len() > FILES.len(), "{} files", paths.len());
    let git = check_attr(&f, &paths);

    let mut sources: Vec<(Vec<u8>, Vec<u8>)> = paths
        .iter()
        .filter(|p| *p == b".gitattributes" || p.ends_with(b"/.gitattributes"))
        .map(|p| {
            let text = fs::read(f.repo.join(String::from_utf8(p.clone()).unwrap())).unwrap();
            (p.clone(), text)
        })
        .collect();
    sources.push((INFO_ATTRIBUTES.into(), INFO.into()));
    let ours = Attributes::from_files(sources);

    let mut differences = Vec::new();
    for (path, attrs) in &git {
        for (attr, expected) in attrs {
            let got = word(ours.get(path, attr));
            if &got != expected {
                differences.push(format!(
                    "{:?} {attr}: git {expected}, mlowners {got}",
                    String::from_utf8_lossy(path)
                ));
            }
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));

    // the fixture exercises what it claims to: each case gives git a mark somewhere
    let marked = |attr: &str, w: &str| git.values().filter(|a| a[attr] == w).count();
    assert!(marked("diff", "unset") >= 10);
    assert!(marked("diff", "set") >= 3);
    assert!(marked("linguist-vendored", "set") >= 10);
    assert!(marked("linguist-generated", "set") >= 5);
    assert_eq!(
        git[&b"third/lib.py"[..]]["linguist-vendored"],
        "unspecified"
    );
    assert_eq!(git[&b"unset.py"[..]]["linguist-vendored"], "unspecified");
    assert_eq!(git[&b"a b.txt"[..]]["diff"], "unset");
    assert_eq!(git[&b"x.gen"[..]]["diff"], "unset");
    #[cfg(unix)]
    {
        assert_eq!(git[&b"caf\xe9.py"[..]]["linguist-vendored"], "set");
        assert_eq!(git[&b"caf\xe9x.py"[..]]["linguist-generated"], "set");
    }
}

#[test]
fn the_report_analyses_and_counts_as_git_reads_the_attributes() {
    let f = fixture();
    let paths = tree_files(&f);
    let git = check_attr(&f, &paths);
    let (report, _) = f.scan_json(&[]);
    let reported: BTreeMap<String, u64> = files(&report)
        .iter()
        .map(|file| {
            (
                file["path"].as_str().unwrap().to_owned(),
                file["lines"].as_u64().unwrap(),
            )
        })
        .collect();

    // git's marks through mlowners' policy (default excludes on)
    let filter = PathFilter::new(&Config::default());
    let mut expected = BTreeMap::new();
    for (path, attrs) in &git {
        let mut marks = String::new();
        for a in ["linguist-vendored", "linguist-generated"] {
            let line = match state(&attrs[a]) {
                None => continue,
                Some(State::Set) => format!("x {a}\n"),
                Some(State::Unset) => format!("x -{a}\n"),
                Some(State::Value(v)) => format!("x {a}={v}\n"),
            };
            marks.push_str(&line);
        }
        let as_git = Attributes::from_files(vec![(".gitattributes".into(), marks.into())]);
        if !filter.is_analysed(path, linguist_mark(&as_git, b"x")) {
            continue;
        }
        let path = String::from_utf8(path.clone()).expect("the fixture marks its non-UTF-8 paths");
        let binary = attrs["diff"] == "unset";
        let lines = if binary {
            0
        } else {
            fs::read(f.repo.join(&path))
                .unwrap()
                .iter()
                .filter(|&&c| c == b'\n')
                .count() as u64
        };
        expected.insert(path, lines);
    }
    assert_eq!(reported, expected);
    assert!(expected.values().filter(|&&l| l == 0).count() >= 5);
}
