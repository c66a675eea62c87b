//! Reading and writing the state file of `--state FILE`, atomically.
//!
//! A sandbox killed in the middle of a save must not leave a file that loses the account:
//! the document is written to a temporary file beside the target, flushed to disk, then
//! renamed over it, so a reader sees the old state or the new one, never a mix.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::store::Snapshot;

/// Reads the state file; `None` when it does not exist yet (the first start).
///
/// # Errors
///
/// An unreadable file or one that is not a state document, naming the path.
pub(crate) fn load(path: &Path) -> Result<Option<Snapshot>, String> {
    let text = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    serde_json::from_slice(&text)
        .map(Some)
        .map_err(|e| format!("{} is not a sandbox state file: {e}", path.display()))
}

/// Writes `snapshot` to `path` atomically.
///
/// # Errors
///
/// The temporary file cannot be written or renamed, naming the path.
pub(crate) fn save(path: &Path, snapshot: &Snapshot) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    let json = serde_json::to_vec(snapshot).map_err(|e| format!("cannot encode the state: {e}"))?;
    let tmp = temporary_beside(path);
    let mut file = std::fs::File::create(&tmp).map_err(fail)?;
    let written = file
        .write_all(&json)
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(e));
    }
    Ok(())
}

/// `DIR/.NAME.tmp-PID`: same directory (so the rename stays on one file system).
fn temporary_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "state".to_owned());
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}
