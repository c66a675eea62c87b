//! `ctct import FILE --list ID…`: a CSV file into lists, through the bulk import workflow of
//! `ctct-client`, with a progress bar while the activities run and a summary of every row
//! that was not imported, by line number.
//!
//! Rows are refused at two points: the client checks each row before sending (missing or
//! over-long address, wrong number of cells, a stray quote) and the server may reject lines
//! of an activity. Both are reported the same way, with the line of the input file.

use ctct_client::error::chain;
use ctct_client::workflows::import::{
    FormEncoding, ImportError, ImportOptions, ImportReport, describe_lines,
};
use ctct_client::{Error, WorkflowError};
use ctct_models::ids::ListId;
use ctct_models::v1::lists as lists_api;
use serde_json::{Value, json};

use crate::cli::ImportArgs;
use crate::commands::activities::wait;
use crate::context::Context;
use crate::failure::{ExitStatus, Failure};
use crate::ids;
use crate::output::Output;

/// A row that was not imported.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Rejected {
    line: Option<u64>,
    email: Option<String>,
    reason: String,
}

/// Checks that every list exists before anything is sent, so an unknown list is a clear
/// "not found" rather than an activity that fails later.
pub(crate) async fn check_lists(ctx: &Context, lists: &[ListId]) -> Result<(), Failure> {
    for list in lists {
        ctx.client
            .send(lists_api::GetList::new(list))
            .await
            .map_err(|e| Failure::from_client(e, &format!("list {}", list.tail())))?;
    }
    Ok(())
}

/// Runs `ctct import`.
pub async fn run(ctx: &Context, args: ImportArgs) -> Result<(Output, ExitStatus), Failure> {
    let lists: Vec<ListId> = ids::parse_all(&ctx.client, &args.lists)?;
    if !args.file.is_file() {
        return Err(Failure::invalid(format!(
            "cannot read {}: no such file",
            args.file.display()
        )));
    }
    check_lists(ctx, &lists).await?;
    let mut options = ImportOptions::new(lists);
    if args.multipart {
        options.encoding = FormEncoding::Multipart;
    }
    options.from_line = args.from_line;
    let report = match ctx.client.import_csv_file(&args.file, &options).await {
        Ok(report) => report,
        Err(e) if e.report.chunks.is_empty() && unusable_input(&e.error) => {
            // Nothing sent: the file itself is unusable (no header, unknown column, unreadable).
            return Err(Failure::invalid(format!(
                "{}: {} (nothing was imported)",
                args.file.display(),
                chain(&e.error)
            )));
        }
        Err(e) => return Err(stopped(&args, e)),
    };
    let mut rejected: Vec<Rejected> = report
        .rejected
        .iter()
        .map(|r| Rejected {
            line: Some(r.line),
            email: r.email.clone(),
            reason: r.reason.clone(),
        })
        .collect();
    let mut finished = 0u64;
    if !args.no_wait {
        for chunk in &report.chunks {
            let rows = chunk.lines.len() as u64;
            match wait(ctx, &chunk.activity, Some(rows), "importing").await {
                Ok(_) => finished += rows,
                Err(Error::Activity(failure)) if failure.activity.is_some() => {
                    let lines = failure.rejected_lines();
                    if lines.is_empty() {
                        return Err(Failure::from(Error::Activity(failure)));
                    }
                    finished += rows - lines.len() as u64;
                    rejected.extend(lines.into_iter().map(|(line, email, message)| Rejected {
                        line: line.and_then(|n| chunk.source_line(n)),
                        email: email.map(str::to_owned),
                        reason: message.unwrap_or("rejected by the server").to_owned(),
                    }));
                }
                Err(e) => {
                    return Err(Failure::from_client(
                        e,
                        &format!("activity {}", chunk.activity.tail()),
                    ));
                }
            }
        }
    }
    rejected.sort();
    let status = if rejected.is_empty() && report.unread.is_none() {
        ExitStatus::Ok
    } else {
        ExitStatus::Partial
    };
    Ok((summary(&report, &rejected, finished, args.no_wait), status))
}

/// An import that stopped part-way: the error, which input lines went into which activity
/// (they will run), and the command that resumes it; the same as JSON for `--output json`.
/// Whether an import failed on its input (the file, its CSV, a row the server refuses even
/// alone, the options) rather than on the server or the network.
fn unusable_input(error: &Error) -> bool {
    matches!(
        error,
        Error::Csv(_)
            | Error::Workflow(
                WorkflowError::File { .. }
                    | WorkflowError::NotAFilePath { .. }
                    | WorkflowError::FromLineTooSmall { .. }
                    | WorkflowError::ZeroMaxRows
                    | WorkflowError::RowTooLarge { .. }
            )
    )
}

fn stopped(args: &ImportArgs, e: ImportError) -> Failure {
    let report = &e.report;
    let chunks: Vec<Value> = report.chunks.iter().map(chunk_json).collect();
    let resume = e.resume_line.map(|line| {
        let mut command = format!("ctct import {}", shell_word(&args.file.to_string_lossy()));
        for list in &args.lists {
            command.push_str(&format!(" --list {}", shell_word(list)));
        }
        if args.multipart {
            command.push_str(" --multipart");
        }
        command.push_str(&format!(" --from-line {line}"));
        (line, command)
    });
    let json = json!({
        "error": chain(&e.error),
        "activities": chunks,
        "rows_read": report.rows_read,
        "rows_sent": report.rows_sent,
        "rejected": report.rejected.iter().map(|r| json!({
            "line": r.line, "email": r.email, "reason": r.reason,
        })).collect::<Vec<_>>(),
        "resume_from_line": resume.as_ref().map(|(line, _)| *line),
        "resume_command": resume.as_ref().map(|(_, command)| command.clone()),
    });
    let mut hints = Vec::new();
    if !report.chunks.is_empty() {
        let sent: Vec<String> = report
            .chunks
            .iter()
            .map(|c| format!("{} ({})", c.activity.tail(), describe_lines(&c.lines)))
            .collect();
        hints.push(format!(
            "activities created before the failure, which will run: {}",
            sent.join(", ")
        ));
    }
    if let Some((line, command)) = &resume {
        hints.push(format!(
            "nothing from input line {line} on was sent; resume with: {command}"
        ));
    }
    let mut failure = Failure::from(e.error);
    if !hints.is_empty() {
        failure = failure.with_hint(hints.join("\nhint: "));
    }
    failure.with_json(json)
}

/// A word as a POSIX shell reads it back: bare when safe, else in single quotes.
fn shell_word(word: &str) -> String {
    let safe = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c));
    if safe {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// One activity of an import and the input lines it holds, as JSON.
fn chunk_json(c: &ctct_client::workflows::import::ImportedChunk) -> Value {
    json!({
        "id": c.activity.tail(),
        "rows": c.lines.len(),
        "first_line": c.lines.first(),
        "last_line": c.lines.last(),
    })
}

fn summary(report: &ImportReport, rejected: &[Rejected], imported: u64, queued: bool) -> Output {
    let activities: Vec<&str> = report.chunks.iter().map(|c| c.activity.tail()).collect();
    let mut text = if queued {
        format!(
            "Queued {} of {} rows in activit{} {}; follow with `ctct activities wait ID`.",
            report.rows_sent,
            report.rows_read,
            if activities.len() == 1 { "y" } else { "ies" },
            activities.join(", ")
        )
    } else {
        format!(
            "Imported {imported} of {} rows (activit{} {}).",
            report.rows_read,
            if activities.len() == 1 { "y" } else { "ies" },
            activities.join(", ")
        )
    };
    if report.skipped > 0 {
        text.push_str(&format!(
            "\n{} row(s) before the --from-line skipped.",
            report.skipped
        ));
    }
    if let Some(unread) = &report.unread {
        text.push_str(&format!(
            "\n{} line(s) not imported: {}.",
            unread.count(),
            unread.message
        ));
    }
    if !rejected.is_empty() {
        text.push_str(&format!("\n{} row(s) not imported:", rejected.len()));
        for r in rejected {
            let line = r.line.map_or_else(|| "?".to_owned(), |n| n.to_string());
            let email = r
                .email
                .as_deref()
                .map(|e| format!(" ({e})"))
                .unwrap_or_default();
            text.push_str(&format!("\n  line {line}{email}: {}", r.reason));
        }
    }
    let rows: Vec<Value> = rejected
        .iter()
        .map(|r| json!({ "line": r.line, "email": r.email, "reason": r.reason }))
        .collect();
    Output::message(
        text,
        json!({
            "activities": activities,
            "chunks": report.chunks.iter().map(chunk_json).collect::<Vec<_>>(),
            "rows_read": report.rows_read,
            "rows_sent": report.rows_sent,
            "rows_skipped": report.skipped,
            "imported": if queued { Value::Null } else { json!(imported) },
            "rejected": rows,
            "not_read": report.unread.as_ref().map(|u| json!({
                "first_line": u.first,
                "last_line": u.last,
                "lines": u.count(),
                "reason": u.message,
            })),
        }),
    )
}
