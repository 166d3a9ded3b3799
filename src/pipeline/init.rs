//! `mlowners init`: a starter configuration from the layout at HEAD and the roles it gives.

use std::path::{Path, PathBuf};

use super::{Error, How, Progress, build, mine, thread_pool};
use crate::analysis::assemble::analyse;
use crate::analysis::layout::{self, FileAtHead, ProposedArea};
use crate::config::{Config, FILE_NAME, Stages};
use crate::git;
use crate::report::Report;
use crate::report::starter::{self, Starter};

/// What `mlowners init` looks at.
pub struct InitRequest<'a> {
    pub path: &'a Path,
    pub jobs: Option<usize>,
    pub cache: bool,
    pub progress: &'a dyn Progress,
}

/// A starter configuration, and the scans that justify it.
#[derive(Debug)]
pub struct Init {
    /// The file to write; [`Config::parse`] reads it.
    pub text: String,
    pub areas: Vec<ProposedArea>,
    /// The scan with these areas.
    pub report: Report,
    /// The scan with the built-in areas.
    pub builtin: Report,
    pub warnings: Vec<String>,
    pub git_dir: PathBuf,
}

/// A starter `.mlowners.toml` from the files at HEAD and the history: one mining (through the
/// cache) with the built-in settings, the areas [`layout::propose`] finds in the head's files,
/// and the roles a scan with them infers (written as comments). Any configuration the
/// repository already has is not read: the starter describes the repository, not an old file.
pub fn init(req: &InitRequest<'_>) -> Result<Init, Error> {
    let mut warnings = Vec::new();
    let pool = thread_pool(req.jobs, &mut warnings)?;
    pool.install(|| {
        let repo = git::open(req.path)?;
        let builtin_config = Config::default();
        let how = How {
            as_of: None,
            since: None,
            cache: req.cache,
            progress: req.progress,
        };
        let mining = mine(&repo, &builtin_config, None, &how, &mut warnings)?;
        let (model, _) = build(&builtin_config, mining, &[]);
        // paths that are not UTF-8 cannot be written as TOML globs; the catch-alls still take them
        let files: Vec<FileAtHead<'_>> = model
            .files
            .iter()
            .filter_map(|f| {
                Some(FileAtHead {
                    path: std::str::from_utf8(&f.path).ok()?,
                    lines: f.lines,
                })
            })
            .collect();
        let areas = layout::propose(&files);
        let name = Path::new(FILE_NAME);
        let presets = Stages::presets();
        let areas_only = starter::render(&Starter {
            areas: &areas,
            scan: None,
            builtin: None,
            stages: &presets,
        });
        let config = Config::parse(&areas_only, name)?;
        let report = analyse(&model, &config, None);
        let builtin = analyse(&model, &builtin_config, None);
        let text = starter::render(&Starter {
            areas: &areas,
            scan: Some(&report),
            builtin: Some(&builtin),
            stages: &presets,
        });
        // what is written is what the loader reads
        Config::parse(&text, name)?;
        Ok(Init {
            text,
            areas,
            report,
            builtin,
            warnings,
            git_dir: repo.path().to_path_buf(),
        })
    })
}

/// Where the repository at (or above) `path` keeps its `.mlowners.toml`: the root of its work
/// tree; `None` for a bare repository, which has none.
pub fn config_path(path: &Path) -> Result<Option<PathBuf>, Error> {
    let repo = git::open(path)?;
    Ok((!repo.is_bare()).then(|| git::root(&repo).join(FILE_NAME)))
}
