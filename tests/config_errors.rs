//! Configuration errors and odd configuration files: every error is one line that names the file,
//! the line and what to fix; a repository's `.mlowners.toml` that is not a file is a warning.

mod common;

use std::path::Path;

use mlowners::config::Config;
use mlowners::path_filter::{DEFAULT_EXCLUDES, PathFilter};

#[test]
fn path_filter_is_its_own_module() {
    assert!(DEFAULT_EXCLUDES.contains(&"**/vendor/**"));
    let c = Config::parse("[settings]\nexclude = [\"docs/**\"]\n", Path::new("c.toml")).unwrap();
    let f = PathFilter::new(&c);
    assert!(f.is_analysed("src/a.py", None));
    assert!(!f.is_analysed("docs/a.md", None));
    assert!(!f.is_analysed("vendor/a.py", None));
}
