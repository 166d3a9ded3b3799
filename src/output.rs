//! Where a rendered report goes: standard output, or a file. A regular file is replaced
//! atomically (through a symlink, its target); devices, FIFOs and `/dev/stdout` are written
//! through, never replaced; nothing is written inside the scanned repository's git directory.

use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use crate::atomic_file;

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The reader went away (`| head`): not worth a message.
    #[error("the reader closed the pipe")]
    ClosedPipe,
    #[error("{0}")]
    Failed(String),
    /// [`Target::create`] found something at the path.
    #[error("{} exists: mlowners init never overwrites an existing file (move it away, or pass --output FILE)", .0.display())]
    Exists(PathBuf),
}

/// `--output FILE`; `None` and `-` mean standard output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Stdout,
    File(PathBuf),
}

impl Target {
    pub fn new(output: Option<&Path>) -> Target {
        match output {
            None => Target::Stdout,
            Some(p) if p.as_os_str() == "-" => Target::Stdout,
            Some(p) => Target::File(p.to_path_buf()),
        }
    }

    /// Problems that can be told before any work is done.
    pub fn check(&self) -> Result<(), OutputError> {
        let Target::File(path) = self else {
            return Ok(());
        };
        if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
            return Err(failed(path, "is a directory (name a file)"));
        }
        let resolved = resolve(path);
        let dir = parent(&resolved);
        if !dir.is_dir() {
            return Err(failed(
                path,
                &format!(
                    "directory {} does not exist (create it first)",
                    dir.display()
                ),
            ));
        }
        Ok(())
    }

    pub fn write(&self, data: &[u8], git_dir: &Path) -> Result<(), OutputError> {
        match self {
            Target::Stdout => write_stdout(data),
            Target::File(path) => write_file(path, data, git_dir),
        }
    }

    /// Whether something (a file, a directory, a link, even a dangling one) is at the path.
    pub fn exists(&self) -> bool {
        match self {
            Target::Stdout => false,
            Target::File(path) => std::fs::symlink_metadata(path).is_ok(),
        }
    }

    /// Writes a new file, atomically, and never over anything that is at the path
    /// ([`OutputError::Exists`]), even when it appears while the file is written.
    pub fn create(&self, data: &[u8], git_dir: &Path) -> Result<(), OutputError> {
        let path = match self {
            Target::Stdout => return write_stdout(data),
            Target::File(path) => path,
        };
        if self.exists() {
            return Err(OutputError::Exists(path.clone()));
        }
        let cannot = |why: String| OutputError::Failed(format!("{}: {why}", path.display()));
        if inside(&resolve(path), git_dir) {
            return Err(cannot(
                "is inside the repository's git directory (write it elsewhere)".into(),
            ));
        }
        atomic_file::create(path, data).map_err(|e| match e.kind() {
            ErrorKind::AlreadyExists => OutputError::Exists(path.clone()),
            _ => cannot(format!("cannot write: {e}")),
        })
    }
}

fn failed(path: &Path, why: &str) -> OutputError {
    OutputError::Failed(format!("--output {}: {why}", path.display()))
}

fn write_stdout(data: &[u8]) -> Result<(), OutputError> {
    let mut out = std::io::stdout().lock();
    out.write_all(data)
        .and_then(|_| out.flush())
        .map_err(|e| match e.kind() {
            ErrorKind::BrokenPipe => OutputError::ClosedPipe,
            _ => OutputError::Failed(format!("cannot write the report to standard output: {e}")),
        })
}

fn write_file(path: &Path, data: &[u8], git_dir: &Path) -> Result<(), OutputError> {
    let target = resolve(path);
    if inside(&target, git_dir) {
        return Err(failed(
            path,
            "is inside the repository's git directory (write the report elsewhere)",
        ));
    }
    let cannot = |e: std::io::Error| match e.kind() {
        ErrorKind::BrokenPipe => OutputError::ClosedPipe,
        _ => failed(path, &format!("cannot write: {e}")),
    };
    if is_special_place(path) || is_special_place(&target) {
        return write_through(path, data).map_err(cannot);
    }
    match std::fs::metadata(&target) {
        Ok(m) if m.is_dir() => Err(failed(path, "is a directory (name a file)")),
        // devices, FIFOs, sockets: the reader is on the other side
        Ok(m) if !m.is_file() => write_through(&target, data).map_err(cannot),
        Ok(m) => atomic_file::write(&target, data, Some(m.permissions())).map_err(cannot),
        Err(_) => atomic_file::write(&target, data, None).map_err(cannot),
    }
}

/// Opens what is there (following links, as the kernel does) without replacing or truncating it.
fn write_through(path: &Path, data: &[u8]) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new().write(true).open(path)?;
    f.write_all(data)?;
    f.flush()
}

/// `/dev/…` and `/proc/…` hold file descriptors and devices, never a report to replace:
/// `/dev/stdout` may resolve to the very regular file the shell redirected to.
fn is_special_place(path: &Path) -> bool {
    path.starts_with("/dev") || path.starts_with("/proc")
}

/// The file a write lands in: symlinks followed (a dangling one to where it points).
fn resolve(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    let mut p = path.to_path_buf();
    // a dangling link: follow it by hand (a bounded number of hops, as the kernel does)
    for _ in 0..40 {
        match std::fs::read_link(&p) {
            Ok(next) => p = parent(&p).join(next),
            Err(_) => break,
        }
    }
    match std::fs::canonicalize(parent(&p)) {
        Ok(dir) => dir.join(p.file_name().unwrap_or_default()),
        Err(_) => p,
    }
}

fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn inside(target: &Path, git_dir: &Path) -> bool {
    let git_dir = std::fs::canonicalize(git_dir).unwrap_or_else(|_| git_dir.to_path_buf());
    target.starts_with(git_dir)
}
