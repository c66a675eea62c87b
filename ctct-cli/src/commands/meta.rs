//! Commands about `ctct` itself: shell completions and man pages, both generated from the
//! clap definition so they can never disagree with the real options.

use std::path::Path;

use clap::CommandFactory as _;

use crate::cli::Cli;
use crate::failure::{ExitStatus, Failure};

/// `ctct completions SHELL`: the completion script on stdout.
///
/// # Errors
///
/// Never in practice; the signature matches the other commands.
pub fn completions(shell: clap_complete::Shell) -> Result<ExitStatus, Failure> {
    let mut command = Cli::command();
    clap_complete::generate(shell, &mut command, "ctct", &mut std::io::stdout());
    Ok(ExitStatus::Ok)
}

/// `ctct manpages DIR`: `ctct.1` and one page per subcommand (`ctct-lists-delete.1`, …).
///
/// # Errors
///
/// A directory that cannot be created or written.
pub fn manpages(out: &Path) -> Result<ExitStatus, Failure> {
    let cannot = |e: std::io::Error| {
        Failure::new(
            ExitStatus::Api,
            format!("cannot write man pages into {}: {e}", out.display()),
        )
    };
    std::fs::create_dir_all(out).map_err(cannot)?;
    clap_mangen::generate_to(Cli::command(), out).map_err(cannot)?;
    Ok(ExitStatus::Ok)
}
