//! Writing generated files, or checking that the checked-in ones are current.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// Write the files, or only compare them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write changed files and delete generated files no longer produced.
    Write,
    /// Change nothing; report stale files.
    Check,
}

/// What [`apply`] found or did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Every file matched.
    UpToDate,
    /// Check mode: these files differ, are missing, or should not exist.
    Stale(Vec<PathBuf>),
    /// Write mode: these files were written or deleted.
    Written(Vec<PathBuf>),
}

fn existing(root: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if !root.exists() {
        return Ok(out);
    }
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && let Ok(rel) = path.strip_prefix(root)
            {
                out.push(rel.to_path_buf());
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Writes (or checks) `files` under `root`. Files under `root` that are not produced are
/// deleted (or reported), so a removed schema file cannot leave a stale module behind.
pub fn apply(root: &Path, files: &BTreeMap<PathBuf, String>, mode: Mode) -> io::Result<Outcome> {
    let mut changed = Vec::new();
    for (rel, text) in files {
        let path = root.join(rel);
        let current = std::fs::read_to_string(&path).ok();
        if current.as_deref() != Some(text.as_str()) {
            changed.push(rel.clone());
            if mode == Mode::Write {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(&path, text)?;
            }
        }
    }
    for rel in existing(root)? {
        if !files.contains_key(&rel) {
            changed.push(rel.clone());
            if mode == Mode::Write {
                std::fs::remove_file(root.join(&rel))?;
            }
        }
    }
    Ok(match (changed.is_empty(), mode) {
        (true, _) => Outcome::UpToDate,
        (false, Mode::Check) => Outcome::Stale(changed),
        (false, Mode::Write) => Outcome::Written(changed),
    })
}
