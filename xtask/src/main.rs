//! `cargo xtask`: project automation, kept tiny; the work lives in the `codegen` library.
//!
//! * `cargo xtask regenerate` writes `ctct-models/src/generated/` from `schema/`;
//! * `cargo xtask regenerate --check` changes nothing and fails if anything is stale;
//! * `cargo xtask regenerate --dump-ir` prints the validated model, for debugging the schema.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use codegen::{Mode, Outcome};

const USAGE: &str = "usage: cargo xtask regenerate [--check | --dump-ir]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["regenerate"] => run(&workspace, Mode::Write),
        ["regenerate", "--check"] => run(&workspace, Mode::Check),
        ["regenerate", "--dump-ir"] => match codegen::dump_ir(&workspace) {
            Ok(ir) => {
                println!("{ir}");
                ExitCode::SUCCESS
            }
            Err(errors) => fail(&errors),
        },
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run(workspace: &std::path::Path, mode: Mode) -> ExitCode {
    let start = Instant::now();
    match codegen::regenerate(workspace, mode) {
        Ok(Outcome::UpToDate) => {
            eprintln!("generated code is up to date ({:.0?})", start.elapsed());
            ExitCode::SUCCESS
        }
        Ok(Outcome::Written(files)) => {
            for f in &files {
                eprintln!("wrote {}/{}", codegen::GENERATED_DIR, f.display());
            }
            eprintln!(
                "regenerated {} file(s) in {:.0?}",
                files.len(),
                start.elapsed()
            );
            ExitCode::SUCCESS
        }
        Ok(Outcome::Stale(files)) => {
            for f in &files {
                eprintln!("stale: {}/{}", codegen::GENERATED_DIR, f.display());
            }
            eprintln!("generated code is stale; fix it with: cargo xtask regenerate");
            ExitCode::FAILURE
        }
        Err(errors) => fail(&errors),
    }
}

fn fail(errors: &[codegen::SchemaError]) -> ExitCode {
    for e in errors {
        eprintln!("error: {e}");
    }
    eprintln!("{} schema error(s); nothing was written", errors.len());
    ExitCode::FAILURE
}
