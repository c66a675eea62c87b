//! `ctct export --list ID --out FILE`: a list to a CSV file through the export workflow of
//! `ctct-client`. The file is streamed to a temporary file beside the target as it arrives
//! (constant memory, whatever the list's size) and renamed over it only when complete, so an
//! interrupted export (Ctrl-C, a failure) leaves the target as it was and no temporary file.

use std::io::BufRead as _;
use std::path::Path;

use ctct_client::workflows::export::ExportOptions;
use ctct_models::ids::ListId;
use serde_json::json;

use crate::cli::ExportArgs;
use crate::commands::activities::wait;
use crate::commands::import::check_lists;
use crate::context::Context;
use crate::failure::Failure;
use crate::ids;
use crate::output::Output;

/// Runs `ctct export`.
pub async fn run(ctx: &Context, args: ExportArgs) -> Result<Output, Failure> {
    let client = &ctx.client;
    check_out_dir(&args.out)?;
    let list: ListId = ids::parse(client, &args.list)?;
    check_lists(ctx, std::slice::from_ref(&list)).await?;
    let options = ExportOptions {
        columns: args.columns.clone(),
        ..ExportOptions::default()
    };
    let what = format!("list {}", list.tail());
    let id = client
        .start_export(&list, &options)
        .await
        .map_err(|e| Failure::from_client(e, &what))?;
    let activity = wait(ctx, &id, None, "exporting")
        .await
        .map_err(|e| Failure::from_client(e, &format!("activity {}", id.tail())))?;
    let bytes = client
        .download_export_to(&activity, &args.out, |_| {})
        .await
        .map_err(|e| {
            Failure::from_client(e, &format!("the export file of activity {}", id.tail()))
        })?;
    let path = args.out.clone();
    let rows = tokio::task::spawn_blocking(move || count_rows(&path))
        .await
        .map_err(|e| Failure::usage(format!("the file reader failed: {e}")))?
        .map_err(|e| Failure::usage(format!("cannot read {}: {e}", args.out.display())))?;
    Ok(Output::message(
        format!(
            "Exported {rows} contacts of list {} to {} ({bytes} bytes).",
            list.tail(),
            args.out.display()
        ),
        json!({
            "list": list.tail(),
            "activity": id.tail(),
            "file": args.out.display().to_string(),
            "contacts": rows,
            "bytes": bytes,
        }),
    ))
}

/// The data rows of the file at `path` (non-blank lines after the header), read line by line.
fn count_rows(path: &Path) -> std::io::Result<usize> {
    let file = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut lines = 0usize;
    for line in file.split(b'\n') {
        if !line?.trim_ascii().is_empty() {
            lines += 1;
        }
    }
    Ok(lines.saturating_sub(1))
}

/// A usage error, before anything is sent, when the directory `out` would go in is missing.
fn check_out_dir(out: &Path) -> Result<(), Failure> {
    let dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if dir.is_dir() {
        Ok(())
    } else {
        Err(Failure::usage(format!(
            "--out {}: the directory {} does not exist",
            out.display(),
            dir.display()
        )))
    }
}
