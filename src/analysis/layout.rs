//! A starter set of areas from the files at the reference commit, for `mlowners init`: tests,
//! build/CI/packaging, documentation and examples as unsided areas first (first match wins, so a change to
//! `setup.py` or a test is no crossing), then the directories that hold Python, notebooks and
//! JVM code, each with its side, then one catch-all per language with the built-in globs.
//! Pure: paths in, areas out.

use std::collections::{BTreeMap, BTreeSet};

use globset::GlobSet;

use crate::config::glob_set;

/// A file at the reference commit, as the layout sees it.
#[derive(Debug, Clone, Copy)]
pub struct FileAtHead<'a> {
    pub path: &'a str,
    pub lines: u64,
}

/// One area of the starter configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposedArea {
    /// A bare TOML key.
    pub name: String,
    /// Path globs as the config takes them (directory names escaped).
    pub paths: Vec<String>,
    pub side: Option<&'static str>,
    /// Files at the reference commit that it holds, first match winning as in the config.
    pub files: usize,
    /// What it is, for the comment above it.
    pub note: String,
    /// More comment lines: why some paths are there.
    pub remarks: Vec<String>,
}

/// At most this many sided areas (directories and catch-alls together): more is a map nobody
/// reads, and a language spread wider falls back to its catch-all.
pub const MAX_SIDED_AREAS: usize = 8;

/// A directory becomes an area when it holds at least this many of a language's files, and at
/// least [`MIN_DIRECTORY_SHARE`] of them.
const MIN_DIRECTORY_FILES: usize = 2;
const MIN_DIRECTORY_SHARE: f64 = 0.02;

/// The chosen directories of a language must hold at least this share of its files; otherwise
/// the language is too scattered for directories and gets its catch-all only.
const MIN_COVERED_SHARE: f64 = 0.5;

/// A directory is narrowed to its child that holds at least this share of its files.
const DESCEND_SHARE: f64 = 0.9;

/// Directories no deeper than this (components) are proposed.
const MAX_DEPTH: usize = 4;

/// An `__init__.py` of at most this many lines is packaging (a docstring, imports, `__all__`),
/// not data-science work.
pub const SMALL_INIT_LINES: u64 = 30;

/// Small `__init__.py` files listed one by one at most (when larger ones forbid the glob).
const MAX_LISTED_INITS: usize = 12;

/// The languages with a side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Language {
    Python,
    Notebook,
    Jvm,
}

impl Language {
    const ALL: [Language; 3] = [Language::Python, Language::Notebook, Language::Jvm];

    fn of(path: &str) -> Option<Language> {
        let ext = file_name(path).rsplit_once('.')?.1;
        match ext {
            "py" => Some(Language::Python),
            "ipynb" => Some(Language::Notebook),
            "scala" | "java" | "kt" => Some(Language::Jvm),
            _ => None,
        }
    }

    fn glob(self) -> &'static str {
        match self {
            Language::Python => "*.py",
            Language::Notebook => "*.ipynb",
            Language::Jvm => "*.{scala,java,kt}",
        }
    }

    fn side(self) -> &'static str {
        match self {
            Language::Python | Language::Notebook => "ds",
            Language::Jvm => "se",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Language::Python => "Python",
            Language::Notebook => "notebooks",
            Language::Jvm => "Scala/Java/Kotlin",
        }
    }

    /// The suffix that tells two areas of one directory apart.
    fn short(self) -> &'static str {
        match self {
            Language::Python => "python",
            Language::Notebook => "notebooks",
            Language::Jvm => "jvm",
        }
    }

    /// The catch-all's name: the built-in area's when the language has no directory area.
    fn catch_all(self, alone: bool) -> &'static str {
        match (self, alone) {
            (Language::Python, true) => "training",
            (Language::Notebook, true) => "notebooks",
            (Language::Jvm, true) => "inference",
            (Language::Python, false) => "other_python",
            (Language::Notebook, false) => "other_notebooks",
            (Language::Jvm, false) => "other_jvm",
        }
    }
}

/// Directory names that say how code is laid out, not what it is: an area is never named after
/// one, and a directory is not narrowed into one.
const LAYOUT_NAMES: &[&str] = &[
    "src", "source", "sources", "lib", "libs", "main", "python", "py", "scala", "java", "kotlin",
    "packages", "modules",
];

fn is_layout_name(name: &str) -> bool {
    LAYOUT_NAMES.contains(&name.to_ascii_lowercase().as_str())
}

/// Test files by name, whatever their directory: pytest's, ScalaTest's, JUnit's conventions and
/// test runners. Proposed when some file at the reference commit matches.
const TEST_FILE_GLOBS: &[&str] = &[
    "**/test_*.py",
    "**/*_test.py",
    "**/conftest.py",
    "**/run-*tests.py",
    "**/run_*tests.py",
    "**/*Test.scala",
    "**/*Tests.scala",
    "**/*Spec.scala",
    "**/*Suite.scala",
    "**/*Test.java",
    "**/*Tests.java",
    "**/*Test.kt",
    "**/*Tests.kt",
];

/// A directory of tests (`test/`, `tests/`, `testing/`, `integration_tests/`, `spark-tests/`), not
/// of A/B-test analyses (`ab_tests/`).
fn is_test_dir(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    if matches!(n.as_str(), "test" | "tests" | "testing" | "e2e") {
        return true;
    }
    let ab = n.starts_with("ab_") || n.starts_with("ab-") || n.starts_with("abtest");
    !ab && ["_tests", "-tests", "_test", "-test"]
        .iter()
        .any(|s| n.ends_with(s))
}

/// A directory of examples or demos (`examples/`, `demo/`, `xgboost4j-example/`): code that
/// shows how to use the rest, neither training nor serving code.
fn is_example_dir(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    matches!(n.as_str(), "example" | "examples" | "demo" | "demos")
        || ["-example", "_example", "-examples", "_examples"]
            .iter()
            .any(|s| n.ends_with(s))
}

/// Build, CI and packaging files by name, at any depth.
const BUILD_FILE_GLOBS: &[&str] = &[
    "**/setup.py",
    "**/setup.cfg",
    "**/pyproject.toml",
    "**/requirements*.txt",
    "**/MANIFEST.in",
    "**/tox.ini",
    "**/noxfile.py",
    "**/version.py",
    "**/_version.py",
    "**/build.sbt",
    "**/pom.xml",
    "**/*.gradle",
    "**/*.gradle.kts",
    "**/gradle/**",
    "**/Makefile",
    "**/CMakeLists.txt",
    "**/Dockerfile",
    "**/Dockerfile.*",
    "**/*.Dockerfile",
];

/// CI and operations directories and files at the repository root.
const BUILD_ROOT_GLOBS: &[&str] = &[
    ".github/**",
    ".circleci/**",
    ".buildkite/**",
    ".ci/**",
    "ci/**",
    "ops/**",
    "dev/**",
    ".gitlab-ci.yml",
    ".travis.yml",
    "azure-pipelines.yml",
    "Jenkinsfile",
];

const DOCS_GLOBS: &[&str] = &["**/docs/**", "**/doc/**"];

/// The starter areas for the files at the reference commit (paths relative to the root, `/`
/// separated). Unsided areas come first; then the directories of each language with its side;
/// then a catch-all per language present (`**/*.py`, …), so that code outside the chosen
/// directories, and code added later, keeps its side.
pub fn propose(files: &[FileAtHead<'_>]) -> Vec<ProposedArea> {
    let tests = test_globs(files);
    let (mut build, mut build_remarks) = build_globs(files);
    let docs = present(files, DOCS_GLOBS);
    let examples = dir_globs(files, is_example_dir);

    let unsided =
        glob_set(&[tests.clone(), build.clone(), docs.clone(), examples.clone()].concat())
            .expect("proposed globs are valid");
    let mut by_language: BTreeMap<Language, Vec<&str>> = BTreeMap::new();
    for f in files {
        if let Some(lang) = Language::of(f.path)
            && !unsided.is_match(f.path)
        {
            by_language.entry(lang).or_default().push(f.path);
        }
    }
    for (lang, other, dir) in glue(&by_language) {
        build.push(format!("{}/**/{}", escape_glob(&dir), lang.glob()));
        build_remarks.push(format!(
            "({} among the {} code of {dir}/: its build and glue scripts)",
            lang.label(),
            other.label()
        ));
        if let Some(paths) = by_language.get_mut(&lang) {
            paths.retain(|p| !under(p, &dir));
        }
    }
    by_language.retain(|_, paths| !paths.is_empty());

    let mut areas: Vec<ProposedArea> = Vec::new();
    for (name, paths, note, remarks) in [
        ("tests", tests, "tests", Vec::new()),
        ("build", build, "build, CI and packaging", build_remarks),
        ("docs", docs, "documentation", Vec::new()),
        (
            "examples",
            examples,
            "examples and demos: code that shows how to use the rest",
            Vec::new(),
        ),
    ] {
        if !paths.is_empty() {
            areas.push(ProposedArea {
                name: name.into(),
                paths,
                side: None,
                files: 0,
                note: note.into(),
                remarks,
            });
        }
    }
    let languages: Vec<Language> = Language::ALL
        .into_iter()
        .filter(|l| by_language.contains_key(l))
        .collect();
    let chosen = choose_directories(
        &by_language,
        MAX_SIDED_AREAS.saturating_sub(languages.len()),
    );

    let mut taken: BTreeSet<String> = areas.iter().map(|a| a.name.clone()).collect();
    let catch_alls: Vec<(Language, &str)> = languages
        .iter()
        .map(|&l| (l, l.catch_all(!chosen.iter().any(|(cl, _)| *cl == l))))
        .collect();
    taken.extend(catch_alls.iter().map(|(_, n)| n.to_string()));
    let dir_names = name_directories(&chosen, &mut taken);
    // each language's directories, then its catch-all (languages never share a file)
    for (lang, catch_all) in catch_alls {
        for ((_, dir), name) in chosen
            .iter()
            .zip(&dir_names)
            .filter(|((l, _), _)| *l == lang)
        {
            areas.push(ProposedArea {
                name: name.clone(),
                paths: vec![format!("{}/**/{}", escape_glob(dir), lang.glob())],
                side: Some(lang.side()),
                files: 0,
                note: format!("{} in {dir}/", lang.label()),
                remarks: Vec::new(),
            });
        }
        let alone = catch_all == lang.catch_all(true);
        areas.push(ProposedArea {
            name: catch_all.into(),
            paths: vec![format!("**/{}", lang.glob())],
            side: Some(lang.side()),
            files: 0,
            note: if alone {
                format!(
                    "{} (no directory holds enough of them for its own area)",
                    lang.label()
                )
            } else {
                format!("{} outside the directories above", lang.label())
            },
            remarks: Vec::new(),
        });
    }
    count_files(&mut areas, files);
    areas
}

/// Test directories found in the paths, then the test-file conventions in use.
fn test_globs(files: &[FileAtHead<'_>]) -> Vec<String> {
    let mut globs = dir_globs(files, is_test_dir);
    globs.extend(present(files, TEST_FILE_GLOBS));
    globs
}

/// `**/NAME/**` for each directory name in the paths that `is_kind` accepts, sorted.
fn dir_globs(files: &[FileAtHead<'_>], is_kind: fn(&str) -> bool) -> Vec<String> {
    let mut dirs: BTreeSet<&str> = BTreeSet::new();
    for f in files {
        let (dir, _) = split_dir(f.path);
        dirs.extend(dir.split('/').filter(|c| !c.is_empty() && is_kind(c)));
    }
    dirs.into_iter()
        .map(|d| format!("**/{}/**", escape_glob(d)))
        .collect()
}

/// The build and CI conventions in use; `project/` beside a `build.sbt` (sbt's build definition);
/// `__init__.py` files that only package (all of them by glob when every one is small, else the
/// small ones by path). With the comment lines that explain the last.
fn build_globs(files: &[FileAtHead<'_>]) -> (Vec<String>, Vec<String>) {
    let mut globs = present(files, BUILD_FILE_GLOBS);
    globs.extend(present(files, BUILD_ROOT_GLOBS));
    let sbt_dirs: BTreeSet<&str> = files
        .iter()
        .filter(|f| file_name(f.path) == "build.sbt")
        .map(|f| split_dir(f.path).0)
        .collect();
    for dir in sbt_dirs {
        let project = if dir.is_empty() {
            "project/".to_string()
        } else {
            format!("{dir}/project/")
        };
        if files.iter().any(|f| f.path.starts_with(&project)) {
            globs.push(format!("{}**", escape_glob(&project)));
        }
    }

    let tests = glob_set(&test_globs(files)).expect("test globs are valid");
    let inits: Vec<&FileAtHead<'_>> = files
        .iter()
        .filter(|f| file_name(f.path) == "__init__.py" && !tests.is_match(f.path))
        .collect();
    let small: Vec<&str> = inits
        .iter()
        .filter(|f| f.lines <= SMALL_INIT_LINES)
        .map(|f| f.path)
        .collect();
    let mut remarks = Vec::new();
    if !inits.is_empty() && small.len() == inits.len() {
        globs.push("**/__init__.py".into());
        remarks.push(format!(
            "(`__init__.py` files: all have at most {SMALL_INIT_LINES} lines, imports and exports)"
        ));
    } else if !small.is_empty() && small.len() <= MAX_LISTED_INITS {
        globs.extend(small.into_iter().map(escape_glob));
        remarks.push(format!(
            "(`__init__.py` files of at most {SMALL_INIT_LINES} lines; the larger ones hold code)"
        ));
    }
    (globs, remarks)
}

/// Code of one side's language in a top-level directory that the other side's code dominates
/// (nine to one, at least five files): the scripts that build or glue that code
/// (`jvm-packages/create_jni.py`), not work on the side of their language.
fn glue(by_language: &BTreeMap<Language, Vec<&str>>) -> Vec<(Language, Language, String)> {
    let counts: BTreeMap<Language, BTreeMap<String, usize>> = by_language
        .iter()
        .map(|(&l, paths)| {
            let dirs = buckets(paths)
                .into_iter()
                .map(|(d, inside)| (d, inside.len()))
                .collect();
            (l, dirs)
        })
        .collect();
    let mut out = Vec::new();
    for (&lang, dirs) in &counts {
        for (dir, &n) in dirs {
            let dominant = counts.iter().find(|(other, theirs)| {
                other.side() != lang.side()
                    && theirs.get(dir).is_some_and(|&m| m >= 5 && m >= 9 * n)
            });
            if let Some((&other, _)) = dominant {
                out.push((lang, other, dir.clone()));
            }
        }
    }
    out
}

/// The globs of `candidates` that match some file.
fn present(files: &[FileAtHead<'_>], candidates: &[&str]) -> Vec<String> {
    candidates
        .iter()
        .filter(|g| {
            let set = glob_set(&[g.to_string()]).expect("built-in globs are valid");
            files.iter().any(|f| set.is_match(f.path))
        })
        .map(|g| g.to_string())
        .collect()
}

/// Per language, the directories that become areas, at most `slots` in all: each language's
/// largest first (a small Python package beside a large JVM code base still gets its area), then
/// the largest of the rest. A language whose chosen directories hold less than half of its files
/// gets none (its catch-all takes them all). In language order, largest first.
fn choose_directories(
    by_language: &BTreeMap<Language, Vec<&str>>,
    slots: usize,
) -> Vec<(Language, String)> {
    let mut candidates: Vec<(Language, String, usize)> = Vec::new();
    for (&lang, paths) in by_language {
        let share = (paths.len() as f64 * MIN_DIRECTORY_SHARE).ceil() as usize;
        let min = MIN_DIRECTORY_FILES.max(share);
        let mut dirs: Vec<(String, usize)> = buckets(paths)
            .into_iter()
            .map(|(top, inside)| {
                let dir = narrow(&top, &inside);
                let n = inside.iter().filter(|p| under(p, &dir)).count();
                (dir, n)
            })
            .filter(|(_, n)| *n >= min)
            .collect();
        dirs.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        candidates.extend(dirs.into_iter().map(|(d, n)| (lang, d, n)));
    }
    let mut chosen: Vec<usize> = Vec::new();
    for lang in Language::ALL {
        if chosen.len() < slots
            && let Some(i) = candidates.iter().position(|c| c.0 == lang)
        {
            chosen.push(i);
        }
    }
    let mut rest: Vec<usize> = (0..candidates.len())
        .filter(|i| !chosen.contains(i))
        .collect();
    rest.sort_by(|&a, &b| {
        let (a, b) = (&candidates[a], &candidates[b]);
        b.2.cmp(&a.2).then_with(|| (a.0, &a.1).cmp(&(b.0, &b.1)))
    });
    chosen.extend(rest.into_iter().take(slots.saturating_sub(chosen.len())));
    chosen.sort_unstable();

    let mut result = Vec::new();
    for (&lang, paths) in by_language {
        let mine: Vec<&(Language, String, usize)> = chosen
            .iter()
            .map(|&i| &candidates[i])
            .filter(|c| c.0 == lang)
            .collect();
        let covered: usize = mine.iter().map(|c| c.2).sum();
        if covered as f64 >= paths.len() as f64 * MIN_COVERED_SHARE {
            result.extend(mine.into_iter().map(|(l, d, _)| (*l, d.clone())));
        }
    }
    result
}

/// A language's files grouped by the directory that says what they are: the top-level one, or
/// the first two levels under a layout directory (`src/training`, `python/delta`). Files at the
/// root or directly in a layout directory belong to none (the catch-all takes them).
fn buckets<'p>(paths: &[&'p str]) -> BTreeMap<String, Vec<&'p str>> {
    let mut out: BTreeMap<String, Vec<&'p str>> = BTreeMap::new();
    for &p in paths {
        let (dir, _) = split_dir(p);
        if dir.is_empty() {
            continue;
        }
        let comps: Vec<&str> = dir.split('/').collect();
        let top = if is_layout_name(comps[0]) {
            if comps.len() < 2 {
                continue;
            }
            format!("{}/{}", comps[0], comps[1])
        } else {
            comps[0].to_string()
        };
        out.entry(top).or_default().push(p);
    }
    out
}

/// The deepest directory under `top` that still holds [`DESCEND_SHARE`] of `inside` (its files),
/// never narrowed into a layout directory (`src/`, `main/`, `scala/`: the globs would only get
/// longer and more brittle) and no deeper than [`MAX_DEPTH`].
fn narrow(top: &str, inside: &[&str]) -> String {
    let mut dir = top.to_string();
    let need = (inside.len() as f64 * DESCEND_SHARE).ceil() as usize;
    while dir.split('/').count() < MAX_DEPTH {
        let mut children: BTreeMap<&str, usize> = BTreeMap::new();
        for p in inside.iter().filter(|p| under(p, &dir)) {
            let rest = &p[dir.len() + 1..];
            if let Some((child, _)) = rest.split_once('/') {
                *children.entry(child).or_default() += 1;
            }
        }
        match children.into_iter().max_by_key(|&(_, n)| n) {
            Some((child, n)) if n >= need && !is_layout_name(child) => {
                dir = format!("{dir}/{child}");
            }
            _ => break,
        }
    }
    dir
}

/// Names for the chosen directories: the last component that is not a layout name, sanitised;
/// one taken already (by another area, or the same directory in another language) gets the
/// language (`examples_python`), then a number.
fn name_directories(chosen: &[(Language, String)], taken: &mut BTreeSet<String>) -> Vec<String> {
    let bases: Vec<String> = chosen.iter().map(|(_, d)| key(&name_of(d))).collect();
    let mut names = Vec::new();
    for (i, ((lang, _), base)) in chosen.iter().zip(&bases).enumerate() {
        let shared = bases.iter().enumerate().any(|(j, b)| j != i && b == base);
        let mut name = if shared || taken.contains(base) {
            format!("{base}_{}", lang.short())
        } else {
            base.clone()
        };
        let stem = name.clone();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{stem}_{n}");
            n += 1;
        }
        taken.insert(name.clone());
        names.push(name);
    }
    names
}

fn name_of(dir: &str) -> String {
    dir.rsplit('/')
        .find(|c| !is_layout_name(c))
        .map_or_else(|| dir.replace('/', "_"), str::to_string)
}

/// A bare TOML key: ASCII letters, digits, `_` and `-`; anything else becomes `_`.
pub fn key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let c = c.to_ascii_lowercase();
        let c = if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            c
        } else {
            '_'
        };
        if !(c == '_' && out.ends_with('_')) {
            out.push(c);
        }
    }
    let out = out.trim_matches(|c| c == '_' || c == '-');
    if out.is_empty() {
        "area".into()
    } else {
        out.into()
    }
}

/// How many files each area holds, the first matching area winning.
fn count_files(areas: &mut [ProposedArea], files: &[FileAtHead<'_>]) {
    let sets: Vec<GlobSet> = areas
        .iter()
        .map(|a| glob_set(&a.paths).expect("proposed globs are valid"))
        .collect();
    for f in files {
        if let Some(i) = sets.iter().position(|s| s.is_match(f.path)) {
            areas[i].files += 1;
        }
    }
}

/// A literal path as a glob: the glob metacharacters escaped with a backslash.
pub fn escape_glob(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if matches!(c, '\\' | '*' | '?' | '[' | ']' | '{' | '}') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn under(path: &str, dir: &str) -> bool {
    path.len() > dir.len() && path.starts_with(dir) && path.as_bytes()[dir.len()] == b'/'
}

/// (directory, file name); the directory is empty at the root.
fn split_dir(path: &str) -> (&str, &str) {
    path.rsplit_once('/').unwrap_or(("", path))
}

fn file_name(path: &str) -> &str {
    split_dir(path).1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(paths: &[&str]) -> Vec<ProposedArea> {
        let files: Vec<FileAtHead<'_>> = paths
            .iter()
            .map(|p| FileAtHead { path: p, lines: 10 })
            .collect();
        propose(&files)
    }

    fn area<'a>(areas: &'a [ProposedArea], name: &str) -> &'a ProposedArea {
        areas
            .iter()
            .find(|a| a.name == name)
            .unwrap_or_else(|| panic!("no area {name} in {areas:#?}"))
    }

    fn names(areas: &[ProposedArea]) -> Vec<&str> {
        areas.iter().map(|a| a.name.as_str()).collect()
    }

    /// The area a path falls in, first match winning as in the config.
    fn area_of<'a>(areas: &'a [ProposedArea], path: &str) -> Option<&'a str> {
        areas
            .iter()
            .find(|a| glob_set(&a.paths).unwrap().is_match(path))
            .map(|a| a.name.as_str())
    }

    /// `n` files `dir/f{i}.ext`.
    fn many(dir: &str, ext: &str, n: usize) -> Vec<String> {
        (0..n).map(|i| format!("{dir}/f{i}.{ext}")).collect()
    }

    fn refs(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }

    #[test]
    fn a_mixed_python_and_jvm_repository() {
        let mut paths: Vec<String> = vec![
            "setup.py",
            "python-package/pyproject.toml",
            "python-package/xgboost/__init__.py",
            "python-package/xgboost/core.py",
            "python-package/xgboost/sklearn.py",
            "python-package/xgboost/spark/core.py",
            "python-package/xgboost/version.py",
            "python-package/xgboost/testing/data.py",
            "tests/python/test_basic.py",
            "tests/python/conftest.py",
            "jvm-packages/pom.xml",
            "jvm-packages/create_jni.py",
            "jvm-packages/xgboost4j/src/main/java/ml/Booster.java",
            "jvm-packages/xgboost4j/src/test/java/ml/BoosterImplTest.java",
            "jvm-packages/xgboost4j-spark/src/main/scala/ml/XGBoost.scala",
            "jvm-packages/xgboost4j-spark/src/test/scala/ml/XGBoostSuite.scala",
            "jvm-packages/xgboost4j-example/src/main/scala/ml/Basic.scala",
            "demo/guide-python/basic.py",
            "doc/conf.py",
            ".github/workflows/main.yml",
            "ops/script/lint.py",
            "src/tree/updater.cc",
            "README.md",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        paths.extend(many(
            "jvm-packages/xgboost4j/src/main/java/ml/util",
            "java",
            8,
        ));
        paths.extend(many(
            "jvm-packages/xgboost4j-spark/src/main/scala/ml/params",
            "scala",
            6,
        ));
        let areas = layout(&refs(&paths));
        assert_eq!(
            names(&areas),
            [
                "tests",
                "build",
                "docs",
                "examples",
                "xgboost",
                "other_python",
                "jvm-packages",
                "other_jvm"
            ],
            "{areas:#?}"
        );
        let sides: Vec<Option<&str>> = areas.iter().map(|a| a.side).collect();
        assert_eq!(
            sides,
            [
                None,
                None,
                None,
                None,
                Some("ds"),
                Some("ds"),
                Some("se"),
                Some("se")
            ]
        );
        assert_eq!(
            area(&areas, "xgboost").paths,
            ["python-package/xgboost/**/*.py"],
            "narrowed to the package that holds the Python files"
        );
        assert_eq!(
            area(&areas, "jvm-packages").paths,
            ["jvm-packages/**/*.{scala,java,kt}"],
            "not narrowed: no module holds nine tenths"
        );
        assert_eq!(area(&areas, "other_python").paths, ["**/*.py"]);
        for (path, want) in [
            ("setup.py", "build"),
            ("python-package/xgboost/version.py", "build"),
            ("python-package/xgboost/__init__.py", "build"),
            ("python-package/xgboost/testing/data.py", "tests"),
            ("tests/python/conftest.py", "tests"),
            (
                "jvm-packages/xgboost4j/src/test/java/ml/BoosterImplTest.java",
                "tests",
            ),
            ("jvm-packages/create_jni.py", "build"),
            ("ops/script/lint.py", "build"),
            (".github/workflows/main.yml", "build"),
            ("doc/conf.py", "docs"),
            ("demo/guide-python/basic.py", "examples"),
            (
                "jvm-packages/xgboost4j-example/src/main/scala/ml/Basic.scala",
                "examples",
            ),
            ("python-package/xgboost/spark/core.py", "xgboost"),
            (
                "jvm-packages/xgboost4j-spark/src/main/scala/ml/XGBoost.scala",
                "jvm-packages",
            ),
            ("python-package/new/thing.py", "other_python"),
        ] {
            assert_eq!(area_of(&areas, path), Some(want), "{path}");
        }
        assert_eq!(area_of(&areas, "src/tree/updater.cc"), None);
        assert_eq!(area(&areas, "xgboost").files, 3);
        assert!(
            area(&areas, "build")
                .remarks
                .iter()
                .any(|r| r.contains("jvm-packages/")),
            "the Python among the JVM code is glue: {areas:#?}"
        );
    }

    #[test]
    fn only_the_conventions_in_use_are_proposed() {
        let areas = layout(&[
            "ml/train.py",
            "ml/features.py",
            "serving/Server.scala",
            "serving/Routes.scala",
        ]);
        assert_eq!(
            names(&areas),
            ["ml", "other_python", "serving", "other_jvm"]
        );
        let areas = layout(&["ml/train.py", "ml/features.py", "tests/test_train.py"]);
        assert_eq!(area(&areas, "tests").paths, ["**/tests/**", "**/test_*.py"]);
        assert!(areas.iter().all(|a| a.name != "build"));
    }

    #[test]
    fn scattered_code_falls_back_to_the_built_in_globs() {
        let paths: Vec<String> = (0..30).map(|i| format!("d{i}/x/job.py")).collect();
        let areas = layout(&refs(&paths));
        assert_eq!(names(&areas), ["training"], "{areas:#?}");
        assert_eq!(areas[0].paths, ["**/*.py"]);
        assert_eq!(areas[0].side, Some("ds"));
        assert_eq!(areas[0].files, 30);

        let mut paths = many("ml", "py", 5);
        paths.extend((0..30).map(|i| format!("d{i}/job.py")));
        let areas = layout(&refs(&paths));
        assert_eq!(
            names(&areas),
            ["training"],
            "the one directory holds less than half: no directory area"
        );
    }

    #[test]
    fn sided_areas_are_capped() {
        let mut paths = Vec::new();
        for i in 0..3 {
            paths.extend(many(&format!("big{i}"), "scala", 60 + i));
        }
        for i in 0..9 {
            paths.extend(many(&format!("small{i}"), "scala", 10));
        }
        paths.extend(many("ml", "py", 10));
        paths.extend(many("notebooks", "ipynb", 4));
        let areas = layout(&refs(&paths));
        let sided = areas.iter().filter(|a| a.side.is_some()).count();
        assert_eq!(sided, MAX_SIDED_AREAS, "{areas:#?}");
        // every language keeps its largest directory; the JVM gets the slots left, largest first
        assert_eq!(
            names(&areas),
            [
                "ml",
                "other_python",
                "notebooks",
                "other_notebooks",
                "big2",
                "big1",
                "big0",
                "other_jvm"
            ]
        );
        assert_eq!(area(&areas, "other_jvm").files, 90);
    }

    #[test]
    fn a_language_too_scattered_for_the_cap_keeps_its_catch_all_only() {
        let mut paths = Vec::new();
        for i in 0..12 {
            paths.extend(many(&format!("module{i:02}"), "scala", 20));
        }
        paths.extend(many("ml", "py", 10));
        let areas = layout(&refs(&paths));
        assert_eq!(
            names(&areas),
            ["ml", "other_python", "inference"],
            "{areas:#?}"
        );
        assert_eq!(area(&areas, "inference").paths, ["**/*.{scala,java,kt}"]);
        assert_eq!(area(&areas, "inference").files, 240);
    }

    #[test]
    fn layout_directories_are_looked_through() {
        let mut paths = many("src/training", "py", 4);
        paths.extend(many("src/features", "py", 3));
        paths.extend(many("serving/src/main/scala/com/acme", "scala", 5));
        paths.push("src/cli.py".into());
        let areas = layout(&refs(&paths));
        assert_eq!(
            names(&areas),
            [
                "training",
                "features",
                "other_python",
                "serving",
                "other_jvm"
            ],
            "{areas:#?}"
        );
        assert_eq!(area(&areas, "training").paths, ["src/training/**/*.py"]);
        assert_eq!(
            area(&areas, "serving").paths,
            ["serving/**/*.{scala,java,kt}"],
            "not narrowed into src/main/scala"
        );
        assert_eq!(area_of(&areas, "src/cli.py"), Some("other_python"));
    }

    #[test]
    fn one_directory_with_two_languages_gets_two_names() {
        let mut paths = many("serving", "py", 5);
        paths.extend(many("serving", "scala", 5));
        paths.extend(many("build", "py", 4));
        paths.push("setup.py".into());
        let areas = layout(&refs(&paths));
        assert_eq!(
            names(&areas),
            [
                "build",
                "serving_python",
                "build_python",
                "other_python",
                "serving_jvm",
                "other_jvm"
            ],
            "{areas:#?}"
        );
    }

    #[test]
    fn test_directories_and_files_by_convention() {
        assert!(is_test_dir("tests") && is_test_dir("Test") && is_test_dir("testing"));
        assert!(is_test_dir("integration_tests") && is_test_dir("spark-shared-tests"));
        assert!(!is_test_dir("ab_tests") && !is_test_dir("ab-test") && !is_test_dir("abtests"));
        assert!(!is_test_dir("contest") && !is_test_dir("attestation"));
        let areas = layout(&[
            "ml/train.py",
            "ml/train_test_split.py",
            "ml/test_train.py",
            "ml/ab_tests/uplift.py",
            "ml/conftest.py",
            "run-tests.py",
            "serving/ServerSpec.scala",
            "serving/Server.scala",
        ]);
        let tests = area(&areas, "tests");
        assert_eq!(
            tests.paths,
            [
                "**/test_*.py",
                "**/conftest.py",
                "**/run-*tests.py",
                "**/*Spec.scala"
            ]
        );
        assert_eq!(tests.files, 4);
        assert_eq!(area_of(&areas, "ml/train_test_split.py"), Some("ml"));
        assert_eq!(area_of(&areas, "ml/ab_tests/uplift.py"), Some("ml"));
    }

    #[test]
    fn small_init_files_are_packaging() {
        let small = |path: &'static str| FileAtHead { path, lines: 3 };
        let files = [
            small("pkg/__init__.py"),
            small("pkg/sub/__init__.py"),
            FileAtHead {
                path: "pkg/model.py",
                lines: 300,
            },
            FileAtHead {
                path: "pkg/sub/a.py",
                lines: 300,
            },
        ];
        let areas = propose(&files);
        assert_eq!(area(&areas, "build").paths, ["**/__init__.py"]);
        assert_eq!(area(&areas, "pkg").files, 2);

        let mut files = files.to_vec();
        files.push(FileAtHead {
            path: "pkg/dask/__init__.py",
            lines: 2222,
        });
        let areas = propose(&files);
        assert_eq!(
            area(&areas, "build").paths,
            ["pkg/__init__.py", "pkg/sub/__init__.py"],
            "one holds code: the small ones by path"
        );
        assert_eq!(area_of(&areas, "pkg/dask/__init__.py"), Some("pkg"));
    }

    #[test]
    fn sbt_project_directories_only_beside_build_sbt() {
        let mut paths = vec![
            "build.sbt",
            "project/Build.scala",
            "examples/x/project/p.scala",
        ];
        let s = many("core/src/main/scala", "scala", 3);
        paths.extend(refs(&s));
        let areas = layout(&paths);
        assert_eq!(area_of(&areas, "project/Build.scala"), Some("build"));
        let areas = layout(&["project/train.py", "project/eval.py"]);
        assert_eq!(
            names(&areas),
            ["project", "other_python"],
            "no sbt: a project of code"
        );
    }

    #[test]
    fn names_are_bare_keys_and_paths_literal_globs() {
        assert_eq!(key("jvm-packages"), "jvm-packages");
        assert_eq!(key("My Models!"), "my_models");
        assert_eq!(key("über"), "ber");
        assert_eq!(key("--"), "area");
        assert_eq!(
            escape_glob("a[b]/{c,d}*?\\"),
            "a\\[b\\]/\\{c,d\\}\\*\\?\\\\"
        );
        let mut paths = many("we[ir]d {dir}", "py", 3);
        paths.push("other.py".into());
        let areas = layout(&refs(&paths));
        assert_eq!(areas[0].name, "we_ir_d_dir");
        assert_eq!(areas[0].paths, ["we\\[ir\\]d \\{dir\\}/**/*.py"]);
        assert_eq!(area_of(&areas, "we[ir]d {dir}/f0.py"), Some("we_ir_d_dir"));
        assert_eq!(area_of(&areas, "wei d {dir}/f0.py"), Some("other_python"));
    }

    #[test]
    fn notebooks_beside_python_are_not_glue() {
        let mut paths = many("ml", "py", 20);
        paths.push("ml/eda.ipynb".into());
        let areas = layout(&refs(&paths));
        assert_eq!(area_of(&areas, "ml/eda.ipynb"), Some("notebooks"));
        assert!(areas.iter().all(|a| a.name != "build"), "{areas:#?}");
    }

    #[test]
    fn no_code_no_areas() {
        assert!(layout(&["README.md", "src/main.rs"]).is_empty());
        assert!(layout(&[]).is_empty());
    }
}
