//! Which paths are analysed: the configuration's `include` and `exclude`, the built-in
//! vendored/generated rules, and the repository's `linguist-vendored`/`linguist-generated` marks.

use globset::{Candidate, GlobBuilder, GlobSet, GlobSetBuilder};

use crate::config::{Config, glob_set};
use crate::git::attributes::{Attributes, State};

/// A path's Linguist mark: `Some(true)` marked vendored or generated, `Some(false)` explicitly
/// unmarked (which overrides the built-in excludes), `None` unmarked.
pub fn linguist_mark(attributes: &Attributes, path: &[u8]) -> Option<bool> {
    let flag = |attr| {
        attributes.get(path, attr).map(|s| match s {
            State::Set => true,
            State::Unset => false,
            State::Value(v) => v != "false",
        })
    };
    match (flag("linguist-vendored"), flag("linguist-generated")) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (None, None) => None,
        _ => Some(false),
    }
}

/// Vendored and generated paths, in the spirit of GitHub Linguist, plus ML artefacts that are not
/// code. `default_excludes = false` switches them (and `.gitattributes` marks) off.
pub const DEFAULT_EXCLUDES: &[&str] = &[
    "**/vendor/**",
    "**/vendored/**",
    "**/node_modules/**",
    "**/bower_components/**",
    "**/third_party/**",
    "**/third-party/**",
    "**/3rdparty/**",
    "**/dist/**",
    "**/.ipynb_checkpoints/**",
    "**/__pycache__/**",
    "**/mlruns/**",
    "**/*.min.js",
    "**/*.min.css",
    "**/*.pyc",
    "**/*_pb2.py",
    "**/*_pb2_grpc.py",
    "**/*.pb.go",
    "**/Cargo.lock",
    "**/package-lock.json",
    "**/npm-shrinkwrap.json",
    "**/yarn.lock",
    "**/pnpm-lock.yaml",
    "**/poetry.lock",
    "**/Pipfile.lock",
    "**/uv.lock",
    "**/Gemfile.lock",
    "**/composer.lock",
    "**/go.sum",
    "**/conda-lock.yml",
    // data, models and media: not code anyone "knows"
    "**/*.{csv,tsv,parquet,arrow,feather,avro,orc,h5,hdf5,npy,npz,pkl,pickle,joblib,onnx}",
    "**/*.{pt,pth,ckpt,safetensors,tfrecord,pb}",
    "**/*.{png,jpg,jpeg,gif,bmp,ico,svg,webp,tif,tiff,pdf}",
    "**/*.{zip,gz,tgz,tar,bz2,xz,7z,jar,whl,ttf,otf,woff,woff2,eot}",
    // Docusaurus copies of older docs
    "**/versioned_docs/**",
    "**/versioned_sidebars/**",
];

/// Which paths are analysed: `include`, minus `exclude`, minus vendored/generated paths.
#[derive(Debug, Clone)]
pub struct PathFilter {
    include: GlobSet,
    exclude: GlobSet,
    defaults: Option<GlobSet>,
}

impl PathFilter {
    pub fn new(config: &Config) -> Self {
        let mut defaults = GlobSetBuilder::new();
        for p in DEFAULT_EXCLUDES {
            let glob = GlobBuilder::new(p)
                .literal_separator(true)
                .case_insensitive(true)
                .build()
                .expect("built-in globs are valid");
            defaults.add(glob);
        }
        PathFilter {
            include: glob_set(&config.include).expect("include globs were validated"),
            exclude: glob_set(&config.exclude).expect("exclude globs were validated"),
            defaults: config
                .default_excludes
                .then(|| defaults.build().expect("built-in globs are valid")),
        }
    }

    /// `linguist` is the path's `.gitattributes` mark: `Some(true)` vendored or generated,
    /// `Some(false)` explicitly not (which wins over the built-in rules, not over `exclude`).
    pub fn is_analysed(&self, path: &[u8], linguist: Option<bool>) -> bool {
        let path = Candidate::from_bytes(path);
        if !self.include.is_match_candidate(&path) || self.exclude.is_match_candidate(&path) {
            return false;
        }
        let Some(defaults) = &self.defaults else {
            return true;
        };
        match linguist {
            Some(excluded) => !excluded,
            None => !defaults.is_match_candidate(&path),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn linguist_marks_last_rule_wins() {
        let a = Attributes::from_files(vec![(
            ".gitattributes".into(),
            "gen/** linguist-generated\ngen/keep.py -linguist-generated\nthird/ linguist-vendored=true\nlib/** linguist-vendored=true\n".into(),
        )]);
        assert_eq!(linguist_mark(&a, b"gen/a.py"), Some(true));
        assert_eq!(linguist_mark(&a, b"gen/keep.py"), Some(false));
        // as for git, a pattern ending in `/` matches directories only, so no file
        assert_eq!(linguist_mark(&a, b"third/x/y.js"), None);
        assert_eq!(linguist_mark(&a, b"lib/x/y.js"), Some(true));
        assert_eq!(linguist_mark(&a, b"src/a.py"), None);
    }

    #[test]
    fn default_excludes_and_marks() {
        let c = Config::default();
        let f = PathFilter::new(&c);
        assert!(f.is_analysed(b"src/a.py", None));
        assert!(!f.is_analysed(b"vendor/lib.py", None));
        assert!(!f.is_analysed(b"web/node_modules/x/y.js", None));
        assert!(!f.is_analysed(b"poetry.lock", None));
        assert!(!f.is_analysed(b"demo/data/agaricus.csv", None));
        assert!(
            !f.is_analysed(b"docs/img/arch.PNG", None),
            "extensions ignore case"
        );
        assert!(!f.is_analysed(b"website/versioned_docs/v1/a.md", None));
        assert!(
            f.is_analysed(b"vendor/ours.py", Some(false)),
            "an explicit unmark wins"
        );
        assert!(!f.is_analysed(b"gen/a.py", Some(true)));
        let off = Config::parse(
            "[settings]\ndefault_excludes = false\nexclude = [\"docs/**\"]\n",
            Path::new("c.toml"),
        )
        .unwrap();
        let f = PathFilter::new(&off);
        assert!(f.is_analysed(b"vendor/lib.py", None));
        assert!(f.is_analysed(b"gen/a.py", Some(true)));
        assert!(!f.is_analysed(b"docs/x.md", None));
    }
}
