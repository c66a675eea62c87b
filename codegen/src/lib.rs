//! Code generation for `ctct-models`, from the hand-written spec in `schema/`.
//!
//! The pipeline has one stage per module, each with one job:
//!
//! 1. [`spec`](mod@spec): the serde mirror of the TOML files (`deny_unknown_fields`, nothing resolved);
//! 2. [`ir`](mod@ir): validation and resolution (every type reference resolved, every path template
//!    checked, every problem reported with its file and key, never a panic);
//! 3. [`naming`](mod@naming): every Rust name is decided here, with keyword escaping and collision checks;
//! 4. [`emit`](mod@emit): one function per item kind returning a `TokenStream`;
//! 5. [`render`](mod@render): `syn` + `prettyplease` + the `@generated` header;
//! 6. [`write`](mod@write): write the files, or check that the checked-in files are current.
//!
//! Output is deterministic: schema order is kept, files are visited in sorted order, and no
//! timestamp or version is written. `cargo xtask regenerate [--check]` drives it.

pub mod emit;
pub mod error;
pub mod ir;
pub mod naming;
pub mod render;
pub mod spec;
pub mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use error::SchemaError;
pub use write::{Mode, Outcome};

/// One schema file: its path relative to the workspace root (e.g. `schema/v1/contacts.toml`)
/// and its text.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path relative to the workspace root, used in errors and in the generated header.
    pub path: String,
    /// The TOML text.
    pub text: String,
}

/// Reads every `*.toml` under `schema_dir/v1` (and later API versions), sorted by path.
pub fn read_sources(workspace: &Path) -> Result<Vec<Source>, Vec<SchemaError>> {
    let mut sources = Vec::new();
    let schema = workspace.join("schema");
    let mut dirs = vec![schema.clone()];
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| {
            vec![SchemaError::new(
                dir.display().to_string(),
                "",
                format!("cannot read directory: {e}"),
            )]
        })?;
        for entry in entries {
            let path = entry
                .map_err(|e| {
                    vec![SchemaError::new(
                        dir.display().to_string(),
                        "",
                        e.to_string(),
                    )]
                })?
                .path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "toml") {
                let rel = path.strip_prefix(workspace).unwrap_or(&path);
                let rel = rel.to_string_lossy().replace('\\', "/");
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    vec![SchemaError::new(
                        rel.clone(),
                        "",
                        format!("cannot read: {e}"),
                    )]
                })?;
                sources.push(Source { path: rel, text });
            }
        }
    }
    sources.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(sources)
}

/// Generates every output file from the sources: a map from path (relative to the
/// generated root, e.g. `v1/contacts.rs`) to file text.
pub fn generate(sources: &[Source]) -> Result<BTreeMap<PathBuf, String>, Vec<SchemaError>> {
    let model = ir::build(sources)?;
    render::render(&model)
}

/// Where generated files live, relative to the workspace root.
pub const GENERATED_DIR: &str = "ctct-models/src/generated";

/// Regenerates (or checks) `ctct-models/src/generated` from `schema/`.
pub fn regenerate(workspace: &Path, mode: Mode) -> Result<Outcome, Vec<SchemaError>> {
    let sources = read_sources(workspace)?;
    let files = generate(&sources)?;
    write::apply(&workspace.join(GENERATED_DIR), &files, mode)
        .map_err(|e| vec![SchemaError::new(GENERATED_DIR, "", e.to_string())])
}

/// The validated model, for `cargo xtask regenerate --dump-ir`.
pub fn dump_ir(workspace: &Path) -> Result<String, Vec<SchemaError>> {
    let sources = read_sources(workspace)?;
    let model = ir::build(&sources)?;
    Ok(format!("{model:#?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cargo test` fails when the checked-in generated files are stale.
    #[test]
    fn generated_files_are_current() {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("codegen lives inside the workspace");
        match regenerate(workspace, Mode::Check) {
            Ok(Outcome::UpToDate) => {}
            Ok(Outcome::Stale(files)) => panic!(
                "generated files are stale: {files:?}\nrun `cargo xtask regenerate` and commit the result"
            ),
            Ok(Outcome::Written(_)) => unreachable!("check mode never writes"),
            Err(errors) => panic!("{}", error::join(&errors)),
        }
    }

    /// Generating twice gives the same bytes.
    #[test]
    fn generation_is_deterministic() {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("workspace");
        let sources = read_sources(workspace).expect("schema reads");
        let a = generate(&sources).expect("schema is valid");
        let b = generate(&sources).expect("schema is valid");
        assert_eq!(a, b);
    }
}
