//! `ctct v3 import FILE --list ID…`: a CSV file into lists as one V3 import activity, with a
//! progress bar while it runs and a summary of the counts and of every row the server
//! rejected, which it reports by line number (exit 7 then).

use std::path::Path;

use ctct_client::v3::{PollOptions, V3Client};
use ctct_models::v3::activities::{Activity, ActivityState};
use ctct_models::v3::common::ListId;
use serde_json::json;

use crate::failure::{ExitStatus, Failure};
use crate::output::Output;
use crate::progress;
use crate::v3_session::v3_failure;

/// Runs `ctct v3 import`.
pub async fn run(
    client: &V3Client,
    file: &Path,
    lists: &[String],
    progress_visible: bool,
) -> Result<(Output, ExitStatus), Failure> {
    let csv = tokio::fs::read_to_string(file)
        .await
        .map_err(|e| Failure::invalid(format!("cannot read {}: {e}", file.display())))?;
    let list_ids: Vec<ListId> = lists.iter().map(|l| ListId::from(l.as_str())).collect();
    let started = client
        .import_csv(&csv, &list_ids, None)
        .await
        .map_err(|e| match e {
            ctct_client::Error::Csv(e) => Failure::invalid(format!(
                "{}: {} (nothing was imported)",
                file.display(),
                ctct_client::error::chain(&e)
            )),
            other => v3_failure(other, "the import"),
        })?;
    let activity_id = started.activity_id.ok_or_else(|| {
        Failure::new(
            ExitStatus::Api,
            "the import answered without an activity_id",
        )
    })?;
    let bar = progress::bar(progress_visible, Some(100), "importing");
    let finished = client
        .wait_for_activity(&activity_id, PollOptions::default(), |a| {
            bar.set_position(a.percent_done.unwrap_or(0).clamp(0, 100).unsigned_abs());
        })
        .await;
    bar.finish_and_clear();
    let activity = finished.map_err(|e| v3_failure(e, &format!("activity {activity_id}")))?;
    Ok(summary(&activity_id, &activity))
}

fn summary(activity_id: &str, activity: &Activity) -> (Output, ExitStatus) {
    let status = activity.status.clone().unwrap_or_default();
    let errors: Vec<String> = activity.activity_errors.clone().unwrap_or_default();
    let state = activity.state.as_ref().map_or("unknown", |s| s.as_str());
    let imported = status.person_count.unwrap_or(0);
    // Rows that failed count as rejected whether or not they could be corrected: neither
    // was imported.
    let correctable = status.correctable_count.unwrap_or(0);
    let error_count = status.error_count.unwrap_or(0).saturating_add(correctable);
    let mut text = format!(
        "Import {activity_id} {state}: {imported} contact(s) imported, {error_count} row(s) \
         rejected ({correctable} correctable), {} not added to a list.",
        status.cannot_add_to_list_count.unwrap_or(0)
    );
    if !errors.is_empty() {
        text.push_str(&format!("\n{} error(s):", errors.len()));
        for error in &errors {
            text.push_str(&format!("\n  {error}"));
        }
    }
    let exit = if matches!(
        activity.state,
        Some(ActivityState::Failed | ActivityState::Cancelled | ActivityState::TimedOut)
    ) {
        ExitStatus::Api
    } else if error_count > 0 || !errors.is_empty() {
        ExitStatus::Partial
    } else {
        ExitStatus::Ok
    };
    let out = Output::message(
        text,
        json!({
            "activity_id": activity_id,
            "state": state,
            "imported": imported,
            "rejected": error_count,
            "correctable": correctable,
            "cannot_add_to_list": status.cannot_add_to_list_count,
            "errors": errors,
        }),
    );
    (out, exit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn correctable_rows_count_as_rejected() {
        let activity: Activity = serde_json::from_value(json!({
            "state": "completed",
            "activity_errors": ["line 2: bad email", "line 3: bad email"],
            "status": {"person_count": 1, "error_count": 0, "correctable_count": 2}
        }))
        .unwrap_or_default();
        let (out, exit) = summary("a1", &activity);
        assert_eq!(exit, ExitStatus::Partial);
        let text = format!("{out:?}");
        assert!(text.contains("2 row(s) rejected (2 correctable)"), "{text}");
        assert!(text.contains("\"rejected\": Number(2)"), "{text}");
    }
}
