//! One module per command group; [`run`] dispatches and prints.
//!
//! A command gets a [`Context`] (client, output format, whether a person is watching) and
//! returns an [`Output`](crate::output::Output) plus the exit status to end with, so printing and exit codes are
//! handled in one place for every command.

mod activities;
mod campaigns;
mod contacts;
mod events;
mod export;
mod import;
mod lists;
mod meta;
pub(crate) mod v3;

use futures_util::{Stream, TryStreamExt as _};

use crate::cli::{Cli, Command};
use crate::context::Context;
use crate::failure::{ExitStatus, Failure};
use crate::options::OutputFormat;
use crate::output;
use crate::progress;

/// Runs the command and prints its output.
///
/// # Errors
///
/// The command's failure, classified for its exit code.
pub async fn run(cli: Cli) -> Result<ExitStatus, Failure> {
    let command = match cli.command {
        Command::V3(args) => return v3::run(&cli.global, args).await,
        Command::Completions { shell } => return meta::completions(shell),
        Command::Manpages { out } => return meta::manpages(&out),
        other => other,
    };
    let ctx = Context::new(&cli.global).await?;
    let (out, status) = match command {
        Command::Contacts(cmd) => (contacts::run(&ctx, cmd).await?, ExitStatus::Ok),
        Command::Lists(cmd) => (lists::run(&ctx, cmd).await?, ExitStatus::Ok),
        Command::Import(args) => import::run(&ctx, args)
            .await
            .map_err(|f| print_partial(f, ctx.output))?,
        Command::Export(args) => (export::run(&ctx, args).await?, ExitStatus::Ok),
        Command::Activities(cmd) => (activities::run(&ctx, cmd).await?, ExitStatus::Ok),
        Command::Campaigns(cmd) => (campaigns::run(&ctx, cmd).await?, ExitStatus::Ok),
        Command::Events(cmd) => (events::run(&ctx, cmd).await?, ExitStatus::Ok),
        Command::V3(_) | Command::Completions { .. } | Command::Manpages { .. } => {
            return Err(Failure::usage("this command is dispatched above"));
        }
    };
    output::print(&out, ctx.output)
        .map_err(|e| Failure::new(ExitStatus::Api, format!("cannot write the output: {e}")))?;
    Ok(status)
}

/// A failure that says what was done before it: with `--output json`, that is printed to
/// stdout (the message still goes to stderr), so a script can resume.
fn print_partial(failure: Failure, format: OutputFormat) -> Failure {
    if let (Some(json), OutputFormat::Json | OutputFormat::Ndjson) = (failure.json(), format) {
        let out = output::Output::message(String::new(), json.clone());
        // The failure itself is what the exit code and stderr report; a stdout that cannot
        // be written (closed) must not replace it.
        let _ = output::print(&out, format);
    }
    failure
}

/// Reads every item of a paged collection, with a counting spinner for a person watching.
/// `what` names the collection for the spinner and for a 404 (`list 9`).
pub(crate) async fn collect<I>(
    ctx: &Context,
    items: impl Stream<Item = Result<I, ctct_client::Error>>,
    what: &str,
) -> Result<Vec<I>, Failure> {
    let spinner = progress::bar(ctx.shows_progress(), None, &format!("reading {what}"));
    let result = items
        .inspect_ok(|_| spinner.inc(1))
        .try_collect::<Vec<_>>()
        .await;
    spinner.finish_and_clear();
    result.map_err(|e| Failure::from_client(e, what))
}

impl Context {
    /// Whether to draw progress: a person at a terminal asked for a table.
    pub fn shows_progress(&self) -> bool {
        self.interactive && self.output == OutputFormat::Table
    }
}
