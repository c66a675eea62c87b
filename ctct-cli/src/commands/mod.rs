//! One module per command group; [`run`] dispatches and prints.
//!
//! A command gets a [`Context`] (client, output format, whether a person is watching) and
//! returns an [`Output`] plus the exit status to end with, so printing and exit codes are
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

use std::pin::pin;

use futures_util::{FutureExt as _, Stream, StreamExt as _, TryStreamExt as _};
use serde_json::{Map, Value};

use crate::cli::{Cli, Command};
use crate::context::Context;
use crate::failure::{ExitStatus, Failure};
use crate::options::OutputFormat;
use crate::output::{self, Output, RowWriter};
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

/// Where the rows of a listing go: with `--output ndjson`, written as each page arrives
/// (memory flat in the number of pages); otherwise collected into one table or JSON
/// document, printed at the end.
pub(crate) struct Rows {
    columns: Vec<&'static str>,
    sink: Sink,
}

enum Sink {
    Stream(RowWriter<std::io::Stdout>),
    Collect(Vec<Map<String, Value>>),
}

fn write_failure(e: std::io::Error) -> Failure {
    Failure::new(ExitStatus::Api, format!("cannot write the output: {e}"))
}

impl Rows {
    /// Rows shown as a table with `columns`, or streamed for `--output ndjson`.
    pub(crate) fn new(ctx: &Context, columns: Vec<&'static str>) -> Self {
        let sink = if ctx.output == OutputFormat::Ndjson {
            Sink::Stream(RowWriter::new(std::io::stdout()))
        } else {
            Sink::Collect(Vec::new())
        };
        Self { columns, sink }
    }

    /// Reads every item of a paged collection, turning each into a row (`None` leaves it
    /// out). Streamed rows are flushed whenever the next item is not ready yet, that is,
    /// whenever the stream waits for a page (it asks for each page while the one before is
    /// read), so the rows in hand reach the reader before the listing waits on the network.
    /// `what` names the collection for the
    /// spinner and for a 404. On a failure, the rows of the pages before it have been
    /// written.
    pub(crate) async fn read<I>(
        &mut self,
        ctx: &Context,
        items: impl Stream<Item = Result<I, ctct_client::Error>>,
        what: &str,
        mut row: impl FnMut(&I) -> Option<Map<String, Value>>,
    ) -> Result<(), Failure> {
        if self.closed() {
            return Ok(());
        }
        let mut items = pin!(items);
        let spinner = progress::bar(ctx.shows_progress(), None, &format!("reading {what}"));
        let result = loop {
            let next = match items.next().now_or_never() {
                Some(next) => next,
                None => {
                    if let Sink::Stream(out) = &mut self.sink {
                        out.flush().map_err(write_failure)?;
                    }
                    items.next().await
                }
            };
            let item = match next {
                None => break Ok(()),
                Some(Err(e)) => break Err(Failure::from_client(e, what)),
                Some(Ok(item)) => item,
            };
            spinner.inc(1);
            let Some(row) = row(&item) else { continue };
            match &mut self.sink {
                Sink::Stream(out) => {
                    if !out.row(&row).map_err(write_failure)? {
                        // The reader has gone: stop fetching.
                        break Ok(());
                    }
                }
                Sink::Collect(rows) => rows.push(row),
            }
        };
        spinner.finish_and_clear();
        if let Sink::Stream(out) = &mut self.sink {
            out.flush().map_err(write_failure)?;
        }
        result
    }

    /// Whether the reader of streamed rows has gone away (nothing more to fetch).
    pub(crate) fn closed(&self) -> bool {
        matches!(&self.sink, Sink::Stream(out) if out.closed())
    }

    /// The listing's output: the collected table, or nothing left to print.
    pub(crate) fn finish(self) -> Output {
        match self.sink {
            Sink::Stream(_) => Output::streamed(),
            Sink::Collect(rows) => Output::table(self.columns, rows),
        }
    }
}

impl Context {
    /// Whether to draw progress: a person at a terminal asked for a table.
    pub fn shows_progress(&self) -> bool {
        self.interactive && self.output == OutputFormat::Table
    }
}
