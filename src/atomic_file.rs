//! Files that appear whole or not at all: written to a temporary file beside the target, then
//! renamed over it. A temporary file never survives the process, even when SIGINT, SIGTERM or
//! SIGHUP ends it half-way: the pending ones are removed before the signal takes effect.

use std::fs::Permissions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Temporary files written right now, removed by the signal handler.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Installs the handler that removes pending temporary files on SIGINT, SIGTERM and SIGHUP,
/// then lets the signal end the process as it would have.
pub fn remove_on_signal() -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let mut pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
            for path in pending.drain(..) {
                let _ = std::fs::remove_file(path);
            }
            // The lock stays held: no new temporary file can appear before the process ends.
            let _ = signal_hook::low_level::emulate_default_handler(signal);
            std::process::exit(128 + signal);
        }
    });
    Ok(())
}

/// Writes `data` to `path` atomically. `mode` is the permission the file gets; `None` gives the
/// one a new file normally gets (0666 less the umask), not the 0600 of a temporary file.
pub fn write(path: &Path, data: &[u8], mode: Option<Permissions>) -> std::io::Result<()> {
    place(path, data, mode, true)
}

/// Writes a new file at `path` atomically, and never over anything: if something appears at
/// `path` meanwhile (a file, a link), this fails with `AlreadyExists` and that stays as it was.
/// The file gets the mode a new file normally gets.
pub fn create(path: &Path, data: &[u8]) -> std::io::Result<()> {
    place(path, data, None, false)
}

fn place(
    path: &Path,
    data: &[u8],
    mode: Option<Permissions>,
    replace: bool,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".mlowners-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // open(2) applies the umask to this mode
        builder.permissions(Permissions::from_mode(0o666));
    }
    let tmp = {
        let mut pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
        let tmp = builder.tempfile_in(dir)?;
        pending.push(tmp.path().to_path_buf());
        tmp
    };
    let tmp_path = tmp.path().to_path_buf();
    let result = (|| {
        let mut tmp = tmp;
        tmp.write_all(data)?;
        if let Some(mode) = mode {
            tmp.as_file().set_permissions(mode)?;
        }
        tmp.as_file().sync_all()?;
        if replace {
            tmp.persist(path).map_err(|e| e.error)?;
        } else {
            // a link (or renameat2 with RENAME_NOREPLACE): fails when the name is taken
            tmp.persist_noclobber(path).map_err(|e| e.error)?;
        }
        Ok(())
    })();
    // renamed into place, or removed when it was dropped
    PENDING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|p| p != &tmp_path);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.json");
        write(&path, b"one", None).unwrap();
        write(&path, b"two", None).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
        assert!(
            PENDING
                .lock()
                .unwrap()
                .iter()
                .all(|p| p.parent() != Some(dir.path()))
        );
    }

    #[test]
    fn create_never_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".mlowners.toml");
        create(&path, b"one").unwrap();
        let e = create(&path, b"two").unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file left");
    }

    #[cfg(unix)]
    #[test]
    fn new_files_get_the_umask_mode_and_existing_ones_keep_theirs() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.json");
        write(&path, b"x", None).unwrap();
        let plain = dir.path().join("plain");
        std::fs::File::create(&plain).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode(&path),
            mode(&plain),
            "what File::create gives: 0666 less the umask"
        );
        write(&path, b"y", Some(Permissions::from_mode(0o640))).unwrap();
        assert_eq!(mode(&path), 0o640);
    }
}
