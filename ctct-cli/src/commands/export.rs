//! `ctct export --list ID --out FILE`: a list to a CSV file through the export workflow of
//! `ctct-client`. The file is written to a temporary file beside the target and renamed over
//! it only when complete, so an interrupted export (Ctrl-C, a failure) leaves the target as
//! it was.

use ctct_client::workflows::export::{ExportOptions, write_atomically};
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
    let text = client.download_export(&activity).await.map_err(|e| {
        Failure::from_client(e, &format!("the export file of activity {}", id.tail()))
    })?;
    let path = args.out.clone();
    let bytes = text.len();
    let rows = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count()
        .saturating_sub(1);
    tokio::task::spawn_blocking(move || write_atomically(&path, text.as_bytes()))
        .await
        .map_err(|e| Failure::usage(format!("the file writer failed: {e}")))?
        .map_err(|e| Failure::usage(ctct_client::error::chain(&e)))?;
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
