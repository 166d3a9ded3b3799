//! Configuration errors and odd configuration files: every error is one line that names the file,
//! the line and what to fix; a repository's `.mlowners.toml` that is not a file is a warning.

mod common;

use std::fs;
use std::path::Path;

use mlowners::config::Config;
use mlowners::path_filter::{DEFAULT_EXCLUDES, PathFilter};

use common::*;

#[test]
fn path_filter_is_its_own_module() {
    assert!(DEFAULT_EXCLUDES.contains(&"**/vendor/**"));
    let c = Config::parse("[settings]\nexclude = [\"docs/**\"]\n", Path::new("c.toml")).unwrap();
    let f = PathFilter::new(&c);
    assert!(f.is_analysed("src/a.py", None));
    assert!(!f.is_analysed("docs/a.md", None));
    assert!(!f.is_analysed("vendor/a.py", None));
}

/// Writes `text` as `<tmp>/cfg/<name>` and returns its path.
fn write_config(f: &Fixture, name: &str, text: impl AsRef<[u8]>) -> String {
    let cfg = f.dir("cfg").join(name);
    fs::write(&cfg, text).unwrap();
    cfg.to_str().unwrap().to_string()
}

#[test]
fn backslash_in_an_identity_pattern_is_literal() {
    let f = tiny_repo();
    fs::write(f.repo.join("train.py"), "print('again')\n").unwrap();
    f.commit_all("CORP\\jdoe <j@corp>", "2024-05-02T10:00:00+00:00", "second");
    // TOML literal strings: one backslash each. `x\` would be a dangling escape for globset.
    let cfg = write_config(&f, "roles.toml", "[roles]\nse = ['CORP\\jdoe', 'x\\']\n");
    let (report, _) = f.scan_json(&["--config", &cfg]);
    let c = contributor(&report, "j@corp");
    assert_eq!(c["name"], "CORP\\jdoe");
    assert_eq!(c["role"], "se", "{c:#}");
    assert_eq!(c["role_source"], "config", "{c:#}");
}
