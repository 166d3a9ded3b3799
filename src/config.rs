//! `.mlowners.toml`: parsing, defaults and validation. Errors name the file, line and key.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;

use crate::notebook::NotebookLines;
mod coupling;
pub use coupling::{Coupling, Pair};
pub mod stages;
pub use stages::{Stage, Stages};

pub const FILE_NAME: &str = ".mlowners.toml";

/// Sides every configuration knows, even with an empty `[roles]` table.
pub const BUILTIN_SIDES: [&str; 2] = ["ds", "se"];

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config {path}: {source} (check the --config path)")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// `--config` names a directory, a FIFO or the like: never opened (a FIFO would block).
    #[error("--config {path}: {what}, not a file (pass the path of a TOML file)")]
    NotAFile { path: PathBuf, what: &'static str },
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
}

/// An area: a named set of path globs, with the role expected to implement it.
#[derive(Debug, Clone)]
pub struct Area {
    pub name: String,
    pub paths: Vec<String>,
    pub side: Option<String>,
    pub matcher: GlobSet,
}

/// Identity patterns: `*` and `?` are wildcards, everything else is literal (so `*[bot]*` means
/// what it says), matched case-insensitively against a whole name or a whole e-mail.
#[derive(Debug, Clone)]
pub struct IdentityPatterns {
    pub patterns: Vec<String>,
    set: GlobSet,
}

impl IdentityPatterns {
    pub fn new(patterns: Vec<String>) -> Result<Self, globset::Error> {
        let mut b = GlobSetBuilder::new();
        for p in &patterns {
            b.add(identity_glob(p)?);
        }
        Ok(Self {
            set: b.build()?,
            patterns,
        })
    }

    pub fn matches(&self, name: &str, email: &str) -> bool {
        self.set.is_match(name) || self.set.is_match(email)
    }
}

/// Every character but `*` and `?` is escaped with a backslash, the backslash included (so
/// `CORP\jdoe` is literal), and backslash escapes are switched on explicitly (globset's default
/// depends on the platform).
fn identity_glob(pattern: &str) -> Result<Glob, globset::Error> {
    let mut escaped = String::with_capacity(pattern.len() * 2);
    for c in pattern.chars() {
        if c != '*' && c != '?' {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    GlobBuilder::new(&escaped)
        .case_insensitive(true)
        .literal_separator(false)
        .backslash_escape(true)
        .build()
}

#[derive(Debug, Clone)]
pub struct Config {
    /// The file it came from; `None` means built-in defaults.
    pub source: Option<PathBuf>,
    pub stale_days: u32,
    pub active_days: u32,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub default_excludes: bool,
    pub merge_same_name: bool,
    pub areas: Vec<Area>,
    /// Role name → identity patterns, in file order.
    pub roles: Vec<(String, IdentityPatterns)>,
    /// An e-mail or name → the e-mail or name it stands for.
    pub aliases: Vec<(String, String)>,
    pub bots: IdentityPatterns,
    /// `[github]`: a contributor's e-mail (lower-cased) → their GitHub login.
    pub github: Vec<(String, String)>,
    /// `[settings] ignore_revs`: commits that carry no knowledge (lower-case hex ids).
    pub ignore_revs: Vec<String>,
    /// `[settings] notebook_lines`: notebooks counted by their cells (the default) or raw.
    pub notebook_lines: NotebookLines,
    /// `[coupling]`: co-change across the DS/SE boundary.
    pub coupling: Coupling,
    /// `[[pairs]]`: declared training ↔ serving twins, in file order.
    pub pairs: Vec<Pair>,
    /// `[stages]`, or the presets when the file has none.
    pub stages: Stages,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    settings: RawSettings,
    #[serde(default)]
    areas: IndexMap<String, RawArea>,
    #[serde(default)]
    roles: IndexMap<String, Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    aliases: IndexMap<String, String>,
    #[serde(default)]
    bots: Option<RawBots>,
    #[serde(default)]
    github: IndexMap<String, Spanned<String>>,
    #[serde(default)]
    coupling: Option<coupling::RawCoupling>,
    #[serde(default)]
    pairs: Vec<coupling::RawPair>,
    stages: Option<IndexMap<Spanned<String>, Vec<Spanned<String>>>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    stale_days: Option<u32>,
    active_days: Option<u32>,
    include: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    default_excludes: Option<bool>,
    merge_same_name: Option<bool>,
    ignore_revs: Option<Vec<Spanned<String>>>,
    notebook_lines: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArea {
    paths: Vec<Spanned<String>>,
    side: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBots {
    patterns: Spanned<Vec<Spanned<String>>>,
}

/// Automation: GitHub's bots and web flow, and the coding assistants that sign commits or
/// `Co-authored-by` trailers (Copilot's agent, Claude, Cursor), and Scala Steward, which has no
/// `[bot]` in its name: nobody a team can ask or lose.
pub fn default_bot_patterns() -> Vec<String> {
    [
        "*[bot]*",
        "noreply@github.com",
        "*+copilot@users.noreply.github.com",
        "noreply@anthropic.com",
        "cursoragent@cursor.com",
        "*@scala-steward.org",
        "Scala Steward",
    ]
    .map(String::from)
    .to_vec()
}

impl Default for Config {
    fn default() -> Self {
        Config::from_raw(RawConfig::default(), None, "").expect("built-in defaults are valid")
    }
}

/// A configuration, and what to warn about how it was found.
#[derive(Debug)]
pub struct Loaded {
    pub config: Config,
    /// One line each.
    pub warnings: Vec<String>,
}

impl Config {
    /// `explicit` is `--config FILE`; otherwise `.mlowners.toml` at `repo_root` if it exists. A
    /// `.mlowners.toml` there that is not a file (a directory, a FIFO, a dangling symlink) is
    /// ignored with a warning; an explicit path that is a directory or a FIFO is an error. Neither
    /// is opened.
    pub fn load(explicit: Option<&Path>, repo_root: Option<&Path>) -> Result<Loaded, ConfigError> {
        let defaults = |warnings| {
            Ok(Loaded {
                config: Self::default(),
                warnings,
            })
        };
        let path = match explicit {
            Some(p) => {
                // A path that cannot be inspected fails below, when it is read.
                if let Some(what) = std::fs::metadata(p).ok().and_then(|m| not_a_file(&m, true)) {
                    return Err(ConfigError::NotAFile {
                        path: p.to_path_buf(),
                        what,
                    });
                }
                p.to_path_buf()
            }
            None => {
                let Some(p) = repo_root.map(|r| r.join(FILE_NAME)) else {
                    return defaults(Vec::new());
                };
                match root_file(&p) {
                    Ok(true) => p,
                    Ok(false) => return defaults(Vec::new()),
                    Err(why) => {
                        return defaults(vec![format!(
                            "{FILE_NAME} at {} {why}: ignored (using the built-in defaults)",
                            p.display()
                        )]);
                    }
                }
            }
        };
        let bytes = std::fs::read(&path).map_err(|source| ConfigError::Read {
            path: path.clone(),
            source,
        })?;
        Ok(Loaded {
            config: Self::parse_bytes(&bytes, &path)?,
            warnings: Vec::new(),
        })
    }

    /// A file's content: UTF-8 (an error names the line and column of the first byte that is not),
    /// then TOML.
    pub fn parse_bytes(bytes: &[u8], path: &Path) -> Result<Self, ConfigError> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Self::parse(text, path),
            Err(e) => {
                let valid = &bytes[..e.valid_up_to()];
                let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
                let column = std::str::from_utf8(&valid[line_start..])
                    .expect("valid up to here")
                    .chars()
                    .count()
                    + 1;
                let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
                Err(ConfigError::Invalid {
                    path: path.to_path_buf(),
                    line: valid.iter().filter(|&&b| b == b'\n').count() + 1,
                    column,
                    message: if utf16 {
                        "not UTF-8 but UTF-16 (save the file as UTF-8)".into()
                    } else {
                        "not UTF-8 (save the file as UTF-8)".into()
                    },
                })
            }
        }
    }

    pub fn parse(text: &str, path: &Path) -> Result<Self, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            let message = match e.span() {
                // toml's message does not say which key (its span does)
                Some(span) if e.message().trim() == "duplicate key" => duplicate(text, span),
                _ => e.message().trim().replace('\n', " "),
            };
            invalid(path, text, at, message)
        })?;
        Self::from_raw(raw, Some(path), text)
    }

    fn from_raw(raw: RawConfig, path: Option<&Path>, text: &str) -> Result<Self, ConfigError> {
        let check = Checker {
            file: path.unwrap_or(Path::new(FILE_NAME)),
            text,
        };
        let s = raw.settings;
        let include = match &s.include {
            Some(g) => check.globs("settings.include", g)?,
            None => vec!["**".into()],
        };
        let exclude = check.globs("settings.exclude", &s.exclude)?;
        let ignore_revs = check.revs("settings.ignore_revs", s.ignore_revs.as_deref())?;
        let mut roles = Vec::new();
        for (name, patterns) in &raw.roles {
            roles.push((
                name.clone(),
                check.patterns(&format!("roles.{name}"), patterns)?,
            ));
        }
        let areas = if raw.areas.is_empty() {
            default_areas()
        } else {
            check.areas(raw.areas, &roles)?
        };
        let bots = match raw.bots {
            None => IdentityPatterns::new(default_bot_patterns())
                .expect("built-in bot patterns are valid"),
            Some(b) => check.patterns("bots.patterns", &b.patterns)?,
        };
        let github = check.github(&raw.github)?;
        let coupling = check.coupling(raw.coupling)?;
        let pairs = check.pairs(&raw.pairs)?;
        let stages = match &raw.stages {
            None => Stages::presets(),
            Some(table) => check.stages(table)?,
        };
        Ok(Config {
            source: path.map(Path::to_path_buf),
            stale_days: s.stale_days.unwrap_or(365),
            active_days: s.active_days.unwrap_or(180),
            include,
            exclude,
            default_excludes: s.default_excludes.unwrap_or(true),
            merge_same_name: s.merge_same_name.unwrap_or(true),
            areas,
            roles,
            aliases: raw.aliases.into_iter().collect(),
            bots,
            github,
            ignore_revs,
            notebook_lines: check.notebook_lines(s.notebook_lines.as_ref())?,
            coupling,
            pairs,
            stages,
        })
    }

    /// The side names areas may use and roles may take.
    pub fn sides(&self) -> Vec<String> {
        let mut sides: Vec<String> = BUILTIN_SIDES.iter().map(|s| s.to_string()).collect();
        for (r, _) in &self.roles {
            if !sides.contains(r) {
                sides.push(r.clone());
            }
        }
        sides
    }
}

/// Whether the repository's `.mlowners.toml` at `path` is there to be read (a regular file, maybe
/// through a symlink), found without opening it. `Err` says what is there instead, e.g. "is a
/// directory, not a file".
fn root_file(path: &Path) -> Result<bool, String> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(format!("cannot be inspected ({e})")),
    };
    let (meta, is) = if meta.file_type().is_symlink() {
        let target = std::fs::read_link(path)
            .map_or_else(|e| format!("? ({e})"), |t| t.display().to_string());
        match std::fs::metadata(path) {
            Ok(m) => (m, format!("is a symlink to {target}, which is")),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(format!("is a symlink to {target}, which does not exist"));
            }
            Err(e) => {
                return Err(format!(
                    "is a symlink to {target} that cannot be followed ({e})"
                ));
            }
        }
    } else {
        (meta, "is".to_string())
    };
    match not_a_file(&meta, false) {
        None => Ok(true),
        Some(what) => Err(format!("{is} {what}, not a file")),
    }
}

/// What `meta` is when it is not a regular file, or `None` for a regular file (and, with
/// `devices`, for a character device, so that `--config /dev/null` means the defaults).
fn not_a_file(meta: &std::fs::Metadata, devices: bool) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_char_device() {
            return (!devices).then_some("a character device");
        }
        if t.is_block_device() {
            return Some("a block device");
        }
    }
    Some("a special file")
}

/// The areas that apply without a config file (DESIGN.md §2).
fn default_areas() -> Vec<Area> {
    [
        ("training", "**/*.py", "ds"),
        ("notebooks", "**/*.ipynb", "ds"),
        ("inference", "**/*.scala", "se"),
    ]
    .into_iter()
    .map(|(name, glob, side)| Area {
        name: name.into(),
        paths: vec![glob.into()],
        side: Some(side.into()),
        matcher: glob_set(&[glob.to_string()]).expect("built-in globs are valid"),
    })
    .collect()
}

/// Validation of one config text: every error names the file, line and key.
struct Checker<'a> {
    file: &'a Path,
    text: &'a str,
}

impl Checker<'_> {
    fn err(&self, at: usize, message: String) -> ConfigError {
        invalid(self.file, self.text, at, message)
    }

    fn revs(
        &self,
        key: &str,
        revs: Option<&[Spanned<String>]>,
    ) -> Result<Vec<String>, ConfigError> {
        revs.unwrap_or_default()
            .iter()
            .map(|r| {
                let id = r.get_ref().trim().to_ascii_lowercase();
                if id.len() >= 4 && id.len() <= 40 && id.bytes().all(|b| b.is_ascii_hexdigit()) {
                    Ok(id)
                } else {
                    Err(self.err(
                        r.span().start,
                        format!(
                            "`{key}`: \"{}\" is not a commit id (give 4 to 40 hexadecimal digits)",
                            r.get_ref()
                        ),
                    ))
                }
            })
            .collect()
    }

    fn notebook_lines(
        &self,
        value: Option<&Spanned<String>>,
    ) -> Result<NotebookLines, ConfigError> {
        match value.map(|v| (v, v.get_ref().as_str())) {
            None => Ok(NotebookLines::default()),
            Some((_, "cells")) => Ok(NotebookLines::Cells),
            Some((_, "raw")) => Ok(NotebookLines::Raw),
            Some((v, other)) => Err(self.err(
                v.span().start,
                format!(
                    "`settings.notebook_lines`: \"{other}\" is no way of counting notebooks (give \"cells\" for their cell sources or \"raw\" for git's JSON lines)"
                ),
            )),
        }
    }

    /// Keys are e-mails; values GitHub logins (a leading `@` is allowed and dropped).
    fn github(
        &self,
        table: &IndexMap<String, Spanned<String>>,
    ) -> Result<Vec<(String, String)>, ConfigError> {
        table
            .iter()
            .map(|(email, login)| {
                let at = login.span().start;
                if !email.contains('@') {
                    return Err(self.err(
                        at,
                        format!(
                            "`github`: key \"{email}\" is not an e-mail (map a contributor's e-mail to a GitHub login)"
                        ),
                    ));
                }
                let name = login.get_ref().trim();
                let name = name.strip_prefix('@').unwrap_or(name);
                if !is_github_login(name) {
                    return Err(self.err(
                        at,
                        format!(
                            "`github.\"{email}\"`: \"{}\" is not a GitHub login (1 to 39 letters, digits, `-` or `_`)",
                            login.get_ref()
                        ),
                    ));
                }
                Ok((email.to_lowercase(), name.to_owned()))
            })
            .collect()
    }

    fn globs(&self, key: &str, globs: &[Spanned<String>]) -> Result<Vec<String>, ConfigError> {
        globs
            .iter()
            .map(|g| {
                path_glob(g.get_ref())
                    .map(|_| g.get_ref().clone())
                    .map_err(|e| {
                        self.err(g.span().start, format!("bad glob in `{key}`: {}", e.kind()))
                    })
            })
            .collect()
    }

    /// Each pattern on its own first, so that an error points at the one at fault.
    fn patterns(
        &self,
        key: &str,
        list: &Spanned<Vec<Spanned<String>>>,
    ) -> Result<IdentityPatterns, ConfigError> {
        for p in list.get_ref() {
            IdentityPatterns::new(vec![p.get_ref().clone()]).map_err(|e| {
                self.err(
                    p.span().start,
                    format!("bad pattern in `{key}`: {}", pattern_error(&e, "it is")),
                )
            })?;
        }
        let all = list.get_ref().iter().map(|p| p.get_ref().clone()).collect();
        IdentityPatterns::new(all).map_err(|e| {
            self.err(
                list.span().start,
                format!(
                    "bad patterns in `{key}`: {}",
                    pattern_error(&e, "together they are")
                ),
            )
        })
    }

    fn areas(
        &self,
        raw: IndexMap<String, RawArea>,
        roles: &[(String, IdentityPatterns)],
    ) -> Result<Vec<Area>, ConfigError> {
        let mut areas = Vec::new();
        for (name, area) in raw {
            let paths = self.globs(&format!("areas.{name}.paths"), &area.paths)?;
            let side = match area.side {
                None => None,
                Some(side) => Some(self.side(&name, side, roles)?),
            };
            let matcher = glob_set(&paths).expect("globs were checked above");
            areas.push(Area {
                name,
                paths,
                side,
                matcher,
            });
        }
        Ok(areas)
    }

    /// Each key a stage, in file order; its value the globs (`[]` declares an empty stage).
    fn stages(
        &self,
        table: &IndexMap<Spanned<String>, Vec<Spanned<String>>>,
    ) -> Result<Stages, ConfigError> {
        let mut stages = Vec::new();
        for (name, globs) in table {
            if name.get_ref().trim().is_empty() {
                return Err(self.err(
                    name.span().start,
                    "`stages`: a stage needs a name (write `name = [\"glob\", …]`)".into(),
                ));
            }
            let paths = self.globs(&format!("stages.{}", name.get_ref()), globs)?;
            stages.push(Stage {
                name: name.get_ref().clone(),
                matcher: glob_set(&paths).expect("globs were checked above"),
                paths,
            });
        }
        Ok(Stages::configured(stages))
    }

    /// A side must be `ds`, `se` or a key of `[roles]`.
    fn side(
        &self,
        area: &str,
        side: Spanned<String>,
        roles: &[(String, IdentityPatterns)],
    ) -> Result<String, ConfigError> {
        let known = BUILTIN_SIDES.contains(&side.get_ref().as_str())
            || roles.iter().any(|(r, _)| r == side.get_ref());
        if known {
            return Ok(side.into_inner());
        }
        let mut names: Vec<&str> = BUILTIN_SIDES.to_vec();
        names.extend(roles.iter().map(|(r, _)| r.as_str()));
        Err(self.err(
            side.span().start,
            format!(
                "`areas.{area}.side` is \"{}\", which names no role; use one of: {}",
                side.get_ref(),
                names.join(", ")
            ),
        ))
    }
}

/// Path globs: `*` stays inside one directory, `**` crosses them, as in .gitignore.
/// Letters, digits, hyphens (not first) and `_` (managed users' `login_shortcode`). Stricter
/// than this would refuse some old accounts, which GitHub let end in or double a hyphen.
pub fn is_github_login(s: &str) -> bool {
    (1..=39).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && !s.starts_with('-')
}

pub fn path_glob(pattern: &str) -> Result<Glob, globset::Error> {
    GlobBuilder::new(pattern)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
}

pub fn glob_set(patterns: &[String]) -> Result<GlobSet, globset::Error> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        b.add(path_glob(p)?);
    }
    b.build()
}

/// The message for a duplicate key at `span` (its second occurrence): a key set twice, or a table
/// header (`[settings]`) that repeats a table.
fn duplicate(text: &str, span: std::ops::Range<usize>) -> String {
    let key = text.get(span.clone()).unwrap_or("").trim();
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let before = text[line_start..span.start].trim_start();
    if before.starts_with('[') {
        let close = if before.starts_with("[[") { "]]" } else { "]" };
        format!("table `{before}{key}{close}` is defined twice (merge the two)")
    } else {
        format!("duplicate key `{key}` (a key may be set only once)")
    }
}

/// Identity patterns escape everything but `*` and `?`, so the one error left is a pattern too
/// large for the matcher.
fn pattern_error(e: &globset::Error, subject: &str) -> String {
    match e.kind() {
        globset::ErrorKind::Regex(_) => format!("{subject} too long to compile (shorten it)"),
        kind => kind.to_string(),
    }
}

fn invalid(path: &Path, text: &str, at: usize, message: String) -> ConfigError {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    ConfigError::Invalid {
        path: path.to_path_buf(),
        line,
        column,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, String> {
        Config::parse(text, Path::new(".mlowners.toml")).map_err(|e| e.to_string())
    }

    #[test]
    fn defaults_without_file() {
        let c = Config::default();
        assert_eq!(c.stale_days, 365);
        assert_eq!(c.active_days, 180);
        let names: Vec<_> = c.areas.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["training", "notebooks", "inference"]);
        assert!(c.bots.matches("dependabot[bot]", "x@y"));
        assert!(c.bots.matches("GitHub", "noreply@github.com"));
        assert!(c.bots.matches("Claude", "noreply@anthropic.com"));
        assert!(
            c.bots
                .matches("Copilot", "198982749+Copilot@users.noreply.github.com")
        );
        assert!(!c.bots.matches("Bob", "bob@users.noreply.github.com"));
        assert!(
            !c.bots.matches("Tobias", "t@x.org"),
            "[bot] is literal, not a class"
        );
    }

    #[test]
    fn identity_patterns_only_star_and_question_mark_are_wildcards() {
        let p = IdentityPatterns::new(vec![
            "CORP\\jdoe".into(),
            "x\\".into(),
            "a\\*z".into(),
            "{ci,cd}@x.org".into(),
            "[!q]?@y.org".into(),
        ])
        .unwrap();
        assert!(p.matches("CORP\\jdoe", "j@corp"));
        assert!(p.matches("corp\\JDOE", "j@corp"), "ignores case");
        assert!(
            !p.matches("CORPjdoe", "j@corp"),
            "the backslash is not an escape"
        );
        assert!(p.matches("x\\", ""));
        assert!(p.matches("a\\bcz", ""));
        assert!(!p.matches("abcz", ""));
        assert!(p.matches("", "{ci,cd}@x.org"));
        assert!(!p.matches("", "ci@x.org"), "braces are literal");
        assert!(p.matches("", "[!q]1@y.org"));
        assert!(!p.matches("", "a1@y.org"), "brackets are literal");
    }

    #[test]
    fn areas_keep_file_order_and_sides() {
        let c =
            parse("[areas.zeta]\npaths=[\"z/**\"]\nside=\"se\"\n[areas.alpha]\npaths=[\"a/**\"]\n")
                .unwrap();
        let names: Vec<_> = c.areas.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["zeta", "alpha"]);
        assert_eq!(c.areas[0].side.as_deref(), Some("se"));
        assert!(c.areas[0].matcher.is_match("z/q/x.scala"));
    }

    #[test]
    fn unknown_key_names_line() {
        let e = parse("[settings]\nstale_days = 3\nstale_dayz = 4\n").unwrap_err();
        assert!(e.starts_with(".mlowners.toml:3:"), "{e}");
        assert!(e.contains("stale_dayz"), "{e}");
    }

    #[test]
    fn duplicate_keys_and_tables_are_named() {
        let e = parse("[settings]\nstale_days = 3\nactive_days = 9\nstale_days = 4\n").unwrap_err();
        assert_eq!(
            e,
            ".mlowners.toml:4:1: duplicate key `stale_days` (a key may be set only once)"
        );
        let e =
            parse("[settings]\nstale_days = 3\n\n[areas.t]\npaths = []\n[settings]\n").unwrap_err();
        assert_eq!(
            e,
            ".mlowners.toml:6:2: table `[settings]` is defined twice (merge the two)"
        );
        let e = parse("[areas.t]\npaths = []\n[ areas . \"t\" ]\n").unwrap_err();
        assert_eq!(
            e,
            ".mlowners.toml:3:11: table `[ areas . \"t\"]` is defined twice (merge the two)"
        );
        let e = parse("[aliases]\n\"a@x.org\" = \"b\"\n'a@x.org' = \"c\"\n").unwrap_err();
        assert_eq!(
            e,
            ".mlowners.toml:3:1: duplicate key `'a@x.org'` (a key may be set only once)"
        );
    }

    #[test]
    fn bad_glob_names_line_and_key() {
        let e = parse("[areas.t]\npaths = [\"ok/**\",\n  \"a/[b\"]\n").unwrap_err();
        assert!(e.starts_with(".mlowners.toml:3:"), "{e}");
        assert!(e.contains("areas.t.paths"), "{e}");
    }

    #[test]
    fn bad_identity_pattern_names_its_own_line_and_key() {
        // After escaping, the only error left is a pattern too large for globset's matcher.
        let huge = "?".repeat(200_000);
        let e = parse(&format!(
            "[settings]\nstale_days = 3\n[bots]\npatterns = [\n  \"ci@x.org\",\n  \"{huge}\",\n]\n"
        ))
        .unwrap_err();
        assert!(e.starts_with(".mlowners.toml:6:3: "), "{e:.200}");
        assert!(e.contains("`bots.patterns`"), "{e:.200}");
        assert!(e.len() < 200 && !e.contains('\n'), "{e:.200}");
        let e = parse(&format!(
            "[roles]\nse = [\"*@se.org\"]\nds = [\n  \"*@ds.org\",\n  \"{huge}\",\n]\n"
        ))
        .unwrap_err();
        assert!(e.starts_with(".mlowners.toml:5:3: "), "{e:.200}");
        assert!(e.contains("`roles.ds`"), "{e:.200}");
    }

    #[test]
    fn github_logins_are_checked_and_keys_lower_cased() {
        let c = parse("[github]\n\"Ana@X.org\" = \"@anasato\"\n").unwrap();
        assert_eq!(c.github, vec![("ana@x.org".into(), "anasato".into())]);
        let e = parse("[github]\n\"ana@x.org\" = \"ana sato\"\n").unwrap_err();
        assert!(e.contains(":2:") && e.contains("not a GitHub login"), "{e}");
        let e = parse("[github]\n\"Ana Sato\" = \"anasato\"\n").unwrap_err();
        assert!(e.contains("not an e-mail"), "{e}");
    }

    #[test]
    fn side_must_name_a_role() {
        let e = parse("[areas.t]\npaths = [\"**\"]\nside = \"ops\"\n").unwrap_err();
        assert!(e.starts_with(".mlowners.toml:3:"), "{e}");
        assert!(e.contains("names no role"), "{e}");
        let ok =
            parse("[roles]\nops = [\"*@ops.org\"]\n[areas.t]\npaths = [\"**\"]\nside = \"ops\"\n");
        assert!(ok.is_ok());
    }

    #[test]
    fn text_that_is_not_utf8_is_located() {
        let p = Path::new("cfg.toml");
        let e = Config::parse_bytes(b"[settings]\nstale_days = 3\n# J\xc3\xbcrg \xff\n", p)
            .unwrap_err()
            .to_string();
        assert_eq!(e, "cfg.toml:3:8: not UTF-8 (save the file as UTF-8)");
        let e = Config::parse_bytes(b"\xff\xfe[\0s\0", p)
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "cfg.toml:1:1: not UTF-8 but UTF-16 (save the file as UTF-8)"
        );
        let e = Config::parse_bytes(b"# \xe2\x82", p)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("cfg.toml:1:3: "), "a truncated sequence: {e}");
        let ok = Config::parse_bytes(b"\xef\xbb\xbf[settings]\nstale_days = 3\n", p);
        assert_eq!(ok.unwrap().stale_days, 3, "a UTF-8 byte-order mark is fine");
    }

    #[test]
    fn stages_keep_file_order_and_presets_apply_without_them() {
        let c = parse(
            "[stages]\nserving = [\"serving/**\"]\nab-test = []\nnotebooks = [\"**/*.ipynb\"]\n",
        )
        .unwrap();
        assert!(c.stages.configured);
        assert_eq!(c.stages.names(), ["serving", "ab-test", "notebooks"]);
        assert_eq!(c.stages.stage_of(b"serving/x.ipynb"), Some(0), "file order");
        assert_eq!(c.stages.stage_of(b"n/x.ipynb"), Some(2));
        assert_eq!(c.stages.stage_of(b"experiments/a.yaml"), None, "no presets");
        let d = Config::default();
        assert!(!d.stages.configured);
        assert_eq!(d.stages.stages.len(), 6);
    }

    #[test]
    fn bad_stage_glob_names_line_and_key() {
        let e = parse("[stages]\nmodelling = [\"models/**\"]\nab-test = [\n  \"ab/[x\"]\n")
            .unwrap_err();
        assert!(e.starts_with(".mlowners.toml:4:3: "), "{e}");
        assert!(e.contains("`stages.ab-test`"), "{e}");
        let e = parse("[stages]\nmodelling = \"models/**\"\n").unwrap_err();
        assert!(e.starts_with(".mlowners.toml:2:"), "{e}");
        let e = parse("[stages]\n\"\" = []\n").unwrap_err();
        assert!(e.contains("needs a name"), "{e}");
    }

    #[test]
    fn invalid_toml_is_located() {
        let e = parse("[settings\n").unwrap_err();
        assert!(e.starts_with(".mlowners.toml:1:"), "{e}");
    }
}
