//! `ctct v3 activities list|get|wait`: the account's bulk activities (imports, exports,
//! deletes, taggings) of the past days, and waiting for one to finish.
//!
//! `wait` polls through `V3Client::wait` with a progress bar on `percent_done`. How it ends
//! decides the exit code, so a script can chain it: 0 when the activity completed cleanly,
//! 7 when it completed but reported errors (rejected rows), 1 when it failed, was cancelled
//! or timed out on the server. The errors are printed either way.

use std::time::Duration;

use clap::{Subcommand, ValueEnum};
use ctct_client::v3::{PollOptions, V3Client};
use ctct_client::{Error, WorkflowError};
use ctct_models::v3::activities::{
    Activity, ActivityState, ActivityStateFilter, GetActivities, GetActivity,
};
use futures_util::{StreamExt as _, TryStreamExt as _};
use serde_json::{Map, Value, json};

use crate::failure::{ExitStatus, Failure};
use crate::output::Output;
use crate::progress;
use crate::v3_session::v3_failure;

/// `ctct v3 activities …`
#[derive(Debug, Subcommand)]
pub enum V3ActivitiesCommand {
    /// List the activities (the service keeps about ten days of them).
    List {
        /// Only activities in this state.
        #[arg(long, value_enum)]
        state: Option<StateFilter>,
        /// At most this many activities.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
    },
    /// Show one activity: its state, progress, counts and errors.
    Get {
        /// The activity id.
        id: String,
    },
    /// Wait for an activity to finish, with a progress bar.
    #[command(
        after_help = "Exit codes: 0 completed, 7 completed with errors, 1 failed, \
cancelled or timed out (its errors are printed), 4 no such activity.\nExample:\n  ctct v3 \
activities wait 1c2d…"
    )]
    Wait {
        /// The activity id.
        id: String,
        /// Give up after this many seconds (`--timeout` is the limit of one request).
        #[arg(long, value_name = "SECONDS", default_value_t = 600)]
        max_wait: u64,
        /// Seconds between polls (each poll is one request of V3's daily quota).
        #[arg(long, value_name = "SECONDS", default_value_t = 1)]
        interval: u64,
    },
}

/// The states `activities list --state` can filter on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StateFilter {
    /// Running.
    Processing,
    /// Done.
    Completed,
    /// Cancelled.
    Cancelled,
    /// Failed.
    Failed,
    /// Timed out.
    #[value(name = "timed_out")]
    TimedOut,
}

impl StateFilter {
    fn wire(self) -> ActivityStateFilter {
        match self {
            Self::Processing => ActivityStateFilter::Processing,
            Self::Completed => ActivityStateFilter::Completed,
            Self::Cancelled => ActivityStateFilter::Cancelled,
            Self::Failed => ActivityStateFilter::Failed,
            Self::TimedOut => ActivityStateFilter::TimedOut,
        }
    }
}

const COLUMNS: [&str; 6] = [
    "activity_id",
    "state",
    "percent_done",
    "created_at",
    "completed_at",
    "errors",
];

fn state(a: &Activity) -> &str {
    a.state.as_ref().map_or("unknown", |s| s.as_str())
}

fn row(a: &Activity) -> Map<String, Value> {
    let errors = a.activity_errors.clone().unwrap_or_default();
    let mut row = Map::new();
    row.insert("activity_id".into(), json!(a.activity_id));
    row.insert("state".into(), json!(state(a)));
    row.insert("percent_done".into(), json!(a.percent_done));
    row.insert(
        "created_at".into(),
        json!(a.created_at.map(|t| t.to_string())),
    );
    row.insert(
        "completed_at".into(),
        json!(a.completed_at.map(|t| t.to_string())),
    );
    row.insert("errors".into(), json!(errors.len()));
    row
}

fn detail(a: &Activity) -> Map<String, Value> {
    let mut record = row(a);
    let status = a.status.clone().unwrap_or_default();
    record.insert("items_total".into(), json!(status.items_total_count));
    record.insert(
        "items_completed".into(),
        json!(status.items_completed_count),
    );
    record.insert("person_count".into(), json!(status.person_count));
    record.insert("error_count".into(), json!(status.error_count));
    record.insert(
        "activity_errors".into(),
        json!(a.activity_errors.clone().unwrap_or_default()),
    );
    record
}

/// Runs `ctct v3 activities …`.
pub async fn run(
    client: &V3Client,
    cmd: V3ActivitiesCommand,
    progress_visible: bool,
) -> Result<(Output, ExitStatus), Failure> {
    match cmd {
        V3ActivitiesCommand::List { state, limit } => {
            let page = limit.map_or(500, |n| n.clamp(1, 500));
            let mut request = GetActivities::new().limit(i64::try_from(page).unwrap_or(500));
            if let Some(s) = state {
                request = request.state(s.wire());
            }
            let activities: Vec<Activity> = client
                .items(request)
                .take(limit.unwrap_or(usize::MAX))
                .try_collect()
                .await
                .map_err(|e| v3_failure(e, "activities"))?;
            let rows = activities.iter().map(row).collect();
            Ok((Output::table(COLUMNS.to_vec(), rows), ExitStatus::Ok))
        }
        V3ActivitiesCommand::Get { id } => {
            let a = client
                .send(GetActivity::new(id.as_str()))
                .await
                .map_err(|e| v3_failure(e, &format!("activity {id}")))?;
            Ok((Output::detail(detail(&a)), ExitStatus::Ok))
        }
        V3ActivitiesCommand::Wait {
            id,
            max_wait,
            interval,
        } => {
            let opts =
                PollOptions::new(Duration::from_secs(interval), Duration::from_secs(max_wait));
            let bar = progress::bar(progress_visible, Some(100), "waiting");
            let mut polls = 0;
            let waited = client
                .wait(&id.as_str().into(), opts, |a| {
                    polls += 1;
                    bar.set_position(a.percent_done.unwrap_or(0).clamp(0, 100).unsigned_abs());
                })
                .await;
            bar.finish_and_clear();
            match waited {
                Ok((activity, requests)) => Ok(outcome(&id, &activity, requests)),
                // Failed, cancelled or timed out on the server: the same report, exit 1.
                Err(Error::Workflow(WorkflowError::ActivityEnded { last, .. })) => {
                    Ok(outcome(&id, &last, polls))
                }
                Err(e) => Err(v3_failure(e, &format!("activity {id}"))),
            }
        }
    }
}

/// What `wait` prints for a finished activity, and its exit status.
fn outcome(id: &str, a: &Activity, requests: u64) -> (Output, ExitStatus) {
    let errors = a.activity_errors.clone().unwrap_or_default();
    let failed = matches!(
        a.state,
        Some(ActivityState::Failed | ActivityState::Cancelled | ActivityState::TimedOut)
    );
    let exit = if failed {
        ExitStatus::Api
    } else if !errors.is_empty() {
        ExitStatus::Partial
    } else {
        ExitStatus::Ok
    };
    let mut text = format!("activity {id} {} ({} requests)", state(a), requests);
    if !errors.is_empty() {
        text.push_str(&format!("; {} error(s):", errors.len()));
        for e in &errors {
            text.push_str(&format!("\n  {e}"));
        }
    }
    let mut record = detail(a);
    record.insert("requests".into(), json!(requests));
    (Output::message(text, Value::Object(record)), exit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn activity(value: Value) -> Activity {
        serde_json::from_value(value).unwrap_or_default()
    }

    #[test]
    fn a_failed_activity_exits_1_with_its_errors() {
        let a = activity(json!({
            "activity_id": "a1",
            "state": "failed",
            "percent_done": 40,
            "activity_errors": ["the file could not be read"]
        }));
        let (out, exit) = outcome("a1", &a, 3);
        assert_eq!(exit, ExitStatus::Api);
        assert_eq!(
            out.json["activity_errors"],
            json!(["the file could not be read"])
        );
        let text = crate::output::render(&out, crate::options::OutputFormat::Table);
        assert_eq!(
            text,
            "activity a1 failed (3 requests); 1 error(s):\n  the file could not be read\n"
        );
    }

    #[test]
    fn completed_with_errors_is_partial_and_clean_is_ok() {
        let a = activity(json!({"state": "completed", "activity_errors": ["line 2: bad email"]}));
        assert_eq!(outcome("a", &a, 1).1, ExitStatus::Partial);
        let a = activity(json!({"state": "completed", "activity_errors": []}));
        assert_eq!(outcome("a", &a, 1).1, ExitStatus::Ok);
        let a = activity(json!({"state": "cancelled"}));
        assert_eq!(outcome("a", &a, 1).1, ExitStatus::Api);
    }
}
