//! `cargo xtask`: project automation, kept tiny; the work lives in the `codegen` library.
//!
//! * `cargo xtask regenerate` writes `ctct-models/src/generated/` from `schema/`;
//! * `cargo xtask regenerate --check` changes nothing and fails if anything is stale;
//! * `cargo xtask regenerate --dump-ir` prints the validated model, for debugging the schema;
//! * `cargo xtask contract-diff PATH [--tags "A,B"]` lists where `schema/v3` differs from a
//!   downloaded V3 contract (exit 1 when it does); see [`contract`];
//! * `cargo xtask man [DIR]` writes the `ctct` man pages (default `target/man/`), generated
//!   by the CLI itself from its clap definition;
//! * `cargo xtask cycles` lists cycles between the modules of any crate (exit 1 when there is
//!   one); see [`cycles`]. A unit test runs the same check, so `cargo test` fails on a cycle;
//! * `cargo xtask msrv` names every locked dependency of a published crate that needs a newer
//!   Rust than the crate's `rust-version` (exit 1 when there is one); see [`msrv`](mod@msrv).

mod contract;
mod cycles;
mod msrv;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use codegen::{Mode, Outcome};

const USAGE: &str = "usage: cargo xtask regenerate [--check | --dump-ir]\n       cargo xtask contract-diff PATH [--tags \"Tag A,Tag B\"]\n       cargo xtask man [DIR]\n       cargo xtask cycles\n       cargo xtask msrv";

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
        ["contract-diff", path] => contract_diff(&workspace, path, None),
        ["contract-diff", path, "--tags", tags] | ["contract-diff", "--tags", tags, path] => {
            contract_diff(&workspace, path, Some(tags))
        }
        ["cycles"] => match cycles::find(&workspace) {
            Ok(found) if found.is_empty() => {
                println!("no module cycles");
                ExitCode::SUCCESS
            }
            Ok(found) => {
                for cycle in &found {
                    eprintln!("{cycle}");
                }
                ExitCode::FAILURE
            }
            Err(error) => {
                eprintln!("{error}");
                ExitCode::from(2)
            }
        },
        ["msrv"] => msrv(&workspace),
        ["man"] => man(&workspace, &workspace.join("target").join("man")),
        ["man", dir] => man(&workspace, &PathBuf::from(dir)),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// Runs the MSRV check and prints what it found.
fn msrv(workspace: &std::path::Path) -> ExitCode {
    match msrv::check(workspace) {
        Ok(report) if report.too_new.is_empty() => {
            let roots: Vec<String> = report
                .roots
                .iter()
                .map(|(name, version)| format!("{name} {version}"))
                .collect();
            println!(
                "{} packages reached from the published crates ({}): none needs a newer Rust",
                report.reached,
                roots.join(", ")
            );
            ExitCode::SUCCESS
        }
        Ok(report) => {
            for too_new in &report.too_new {
                eprintln!("{too_new}");
            }
            eprintln!(
                "{} dependency path(s) need a newer Rust than the declared rust-version: pin \
                 an older version in Cargo.lock (cargo update -p NAME --precise VERSION) or \
                 raise rust-version deliberately",
                report.too_new.len()
            );
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::from(2)
        }
    }
}

/// Runs `ctct manpages DIR` through cargo, so the pages come from the CLI's own definition.
fn man(workspace: &std::path::Path, dir: &std::path::Path) -> ExitCode {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = std::process::Command::new(cargo)
        .current_dir(workspace)
        .args(["run", "--quiet", "-p", "ctct-cli", "--", "manpages"])
        .arg(dir)
        .status();
    match status {
        Ok(s) if s.success() => {
            eprintln!("wrote the man pages into {}", dir.display());
            ExitCode::SUCCESS
        }
        Ok(s) => {
            eprintln!("ctct manpages failed ({s})");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("cannot run cargo: {e}");
            ExitCode::FAILURE
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

fn contract_diff(workspace: &std::path::Path, path: &str, tags: Option<&str>) -> ExitCode {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read contract {path:?}: {e}");
            return ExitCode::from(2);
        }
    };
    let doc = match contract::load(&text) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let model = match codegen::read_sources(workspace).and_then(|s| codegen::ir::build(&s)) {
        Ok(m) => m,
        Err(errors) => return fail(&errors),
    };
    let tags: Vec<String> = match tags {
        Some(t) => t
            .split(',')
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
            .collect(),
        None => contract::DEFAULT_TAGS
            .iter()
            .map(|t| (*t).to_owned())
            .collect(),
    };
    let lines = contract::diff(&doc, &model, &tags);
    for line in &lines {
        println!("{line}");
    }
    if lines.is_empty() {
        eprintln!("schema/v3 agrees with {path} for: {}", tags.join(", "));
        ExitCode::SUCCESS
    } else {
        eprintln!("{} difference(s)", lines.len());
        ExitCode::FAILURE
    }
}
