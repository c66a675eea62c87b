//! `ctct activities …`: list, read and wait for bulk activities; and the progress-bar wait
//! that `import` and `export` share.

use ctct_client::Client;
use ctct_client::workflows::activities::{Progress, WaitOptions};
use ctct_models::ids::ActivityId;
use ctct_models::v1::activities::{self as api, Activity};

use crate::cli::ActivitiesCommand;
use crate::commands::collect;
use crate::context::Context;
use crate::failure::Failure;
use crate::ids;
use crate::output::Output;
use crate::progress;
use crate::records::{ACTIVITY_COLUMNS, activity_record};

/// Runs one `activities` subcommand.
pub async fn run(ctx: &Context, cmd: ActivitiesCommand) -> Result<Output, Failure> {
    let client = &ctx.client;
    match cmd {
        ActivitiesCommand::List => {
            let items = client.entries(api::ListActivities::new());
            let activities = collect(ctx, items, "activities").await?;
            Ok(Output::table(
                ACTIVITY_COLUMNS.to_vec(),
                activities
                    .iter()
                    .map(|e| activity_record(&e.content, e.id.as_deref()))
                    .collect(),
            ))
        }
        ActivitiesCommand::Get { id } => {
            let id: ActivityId = ids::parse(client, &id)?;
            let entry = client
                .send(api::GetActivity::new(&id))
                .await
                .map_err(|e| Failure::from_client(e, &format!("activity {}", id.tail())))?;
            Ok(Output::detail(activity_record(
                &entry.content,
                entry.id.as_deref(),
            )))
        }
        ActivitiesCommand::Wait { id } => {
            let id: ActivityId = ids::parse(client, &id)?;
            let activity = wait(ctx, &id, None, "waiting")
                .await
                .map_err(|e| Failure::from_client(e, &format!("activity {}", id.tail())))?;
            Ok(Output::detail(activity_record(&activity, Some(&id.uri()))))
        }
    }
}

/// Waits for an activity, drawing a bar of rows processed (out of `rows` when known) for a
/// person watching.
///
/// # Errors
///
/// As [`Client::wait_for_activity`]: rejected lines, `ERROR`, timeout, request errors.
pub async fn wait(
    ctx: &Context,
    id: &ActivityId,
    rows: Option<u64>,
    what: &str,
) -> Result<Activity, ctct_client::Error> {
    let bar = progress::bar(
        ctx.shows_progress(),
        rows,
        &format!("{what} (activity {})", id.tail()),
    );
    let shown = bar.clone();
    let result = wait_quietly(&ctx.client, id, move |p: &Progress<'_>| {
        if let Some(n) = p.transactions.and_then(|n| u64::try_from(n).ok()) {
            shown.set_position(n);
        }
        let status = p.status.map_or("waiting", |s| s.as_str());
        shown.set_message(format!("activity {} {status}", p.id.tail()));
    })
    .await;
    bar.finish_and_clear();
    result
}

async fn wait_quietly(
    client: &Client,
    id: &ActivityId,
    progress: impl FnMut(&Progress<'_>) + Send,
) -> Result<Activity, ctct_client::Error> {
    client
        .wait_for_activity(id, &WaitOptions::default(), progress)
        .await
}
