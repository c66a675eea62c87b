//! Bulk activities: import a CSV and poll the activity until it is done.
//!
//! Imports are asynchronous: the POST answers 201 with the initial activity, and the caller
//! polls `GET /activities/{id}` until `percent_done` is 100 and `completed_at` is set, or the
//! `state` is terminal (`docs/v3/activities.md#activity-status`; the guide says to "watch for when the percent_done field reads
//! 100"). Polling goes through the client's rate limiter like every request. A completed
//! activity is returned as it is: its `status` counts and `activity_errors` are the report,
//! and a caller must read them (a failed row is not an HTTP error). An activity that ended
//! `failed`, `cancelled` or `timed_out` is an error,
//! [`WorkflowError::ActivityEnded`], carrying its id, state and errors.

use std::time::Duration;

use ctct_models::v3::activities::{self, Activity, ActivityImport, ActivityState, SmsPermission};
use ctct_models::v3::common::ActivityId;
use ctct_models::v3::common::ListId;

use ctct_models::endpoint::{BuildError, Endpoint as _};
use ctct_models::form::Table;
use ctct_models::validate::Problem;

use super::client::V3Client;
use super::csv::read_table;
use crate::error::{Error, WorkflowError};

/// How to poll an activity. Built with [`PollOptions::new`] or [`PollOptions::default`]
/// (fields may be added).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct PollOptions {
    /// The wait between polls. Default 1 s.
    pub interval: Duration,
    /// Give up after this long. Default 10 min.
    pub timeout: Duration,
}

impl PollOptions {
    /// Polls every `interval`, giving up after `timeout`.
    pub fn new(interval: Duration, timeout: Duration) -> Self {
        Self { interval, timeout }
    }
}

impl Default for PollOptions {
    fn default() -> Self {
        Self {
            interval: Duration::from_secs(1),
            timeout: Duration::from_secs(600),
        }
    }
}

/// Whether an activity has finished: a terminal `state`, or `percent_done` 100 with
/// `completed_at` set.
pub fn is_finished(activity: &Activity) -> bool {
    let terminal = matches!(
        activity.state,
        Some(
            ActivityState::Completed
                | ActivityState::Cancelled
                | ActivityState::Failed
                | ActivityState::TimedOut
        )
    );
    terminal || (activity.percent_done == Some(100) && activity.completed_at.is_some())
}

/// A finished activity, or [`WorkflowError::ActivityEnded`] when it ended `failed`,
/// `cancelled` or `timed_out`.
fn ended_well(activity_id: &ActivityId, activity: Activity) -> Result<Activity, Error> {
    match &activity.state {
        Some(
            state @ (ActivityState::Failed | ActivityState::Cancelled | ActivityState::TimedOut),
        ) => Err(WorkflowError::ActivityEnded {
            activity: activity
                .activity_id
                .clone()
                .unwrap_or_else(|| activity_id.clone()),
            state: state.clone(),
            errors: activity.activity_errors.clone().unwrap_or_default(),
            last: Box::new(activity),
        }
        .into()),
        _ => Ok(activity),
    }
}

/// The most rows one V3 CSV import takes (a header line plus 39,999 rows).
pub const MAX_IMPORT_ROWS: usize = 39_999;

impl V3Client {
    /// Imports `csv` (a header line of column names such as `email`, `first_name`, then one
    /// contact a line) into the lists `list_ids`: `POST /activities/contacts_file_import`.
    /// `sms_permission` is sent as `sms_permission_to_send` (a file with an `sms_number`
    /// column needs it). Rows are sent as written; the server reports bad ones in the activity.
    ///
    /// # Errors
    ///
    /// [`Error::Csv`] for a CSV that cannot be read, [`Error::Invalid`] for more than
    /// 39,999 rows, no list, or a body over the 4 MB the service reads (nothing is sent),
    /// otherwise as [`V3Client::send`].
    pub async fn import_csv(
        &self,
        csv: &str,
        list_ids: &[ListId],
        sms_permission: Option<SmsPermission>,
    ) -> Result<ActivityImport, Error> {
        let table = read_table(csv)?;
        let mut request =
            activities::ImportContactsCsv::new(&table).list_ids(list_ids.iter().cloned());
        if let Some(permission) = sms_permission {
            request = request.sms_permission_to_send(permission);
        }
        self.send(request).await
    }

    /// [`V3Client::import_csv`] for a file of any length: the rows are split into as few
    /// imports as the service's limits allow (at most [`MAX_IMPORT_ROWS`] rows and a body of
    /// at most 4 MB each; a part over 4 MB is halved until it fits), every part is built and
    /// checked before the first is sent, then they are sent in order. Returns one
    /// [`ActivityImport`] a part, in row order; wait on each with [`V3Client::wait`].
    ///
    /// # Errors
    ///
    /// As [`V3Client::import_csv`]; nothing is sent when the CSV cannot be read (a record over
    /// the reader's 1 MiB cap included) or a part cannot be built. A failure after the first part leaves the parts before it imported (their
    /// activities are listed by `GET /activities`).
    pub async fn import_csv_in_parts(
        &self,
        csv: &str,
        list_ids: &[ListId],
        sms_permission: Option<SmsPermission>,
    ) -> Result<Vec<ActivityImport>, Error> {
        let table = read_table(csv)?;
        let build = |rows: Vec<Vec<String>>| {
            let part = Table {
                columns: table.columns.clone(),
                rows,
            };
            let mut request =
                activities::ImportContactsCsv::new(&part).list_ids(list_ids.iter().cloned());
            if let Some(permission) = sms_permission.clone() {
                request = request.sms_permission_to_send(permission);
            }
            (request, part.rows)
        };
        let mut pending: std::collections::VecDeque<Vec<Vec<String>>> = table
            .rows
            .chunks(MAX_IMPORT_ROWS)
            .map(<[Vec<String>]>::to_vec)
            .collect();
        if pending.is_empty() {
            pending.push_back(Vec::new());
        }
        let mut requests = Vec::new();
        while let Some(rows) = pending.pop_front() {
            let (request, mut rows) = build(rows);
            match request.to_request() {
                Ok(built) => requests.push(built),
                Err(BuildError::Invalid(e))
                    if matches!(e.problem, Problem::TooLarge { .. }) && rows.len() > 1 =>
                {
                    let second = rows.split_off(rows.len() / 2);
                    pending.push_front(second);
                    pending.push_front(rows);
                }
                Err(e) => return Err(e.into()),
            }
        }
        let mut imports = Vec::with_capacity(requests.len());
        for request in requests {
            imports.push(self.send_request(request).await?);
        }
        Ok(imports)
    }

    /// Polls activity `activity_id` until [`is_finished`], calling `progress` with every
    /// answer (for a progress bar), and returns the finished activity.
    ///
    /// # Errors
    ///
    /// [`WorkflowError::ActivityEnded`] when the activity ended `failed`, `cancelled` or
    /// `timed_out` (with its `activity_errors`), [`WorkflowError::ActivityTimedOut`] when
    /// `opts.timeout` passes first (naming the last state and percentage), otherwise as
    /// [`V3Client::send`].
    pub async fn wait_for_activity(
        &self,
        activity_id: &ActivityId,
        opts: PollOptions,
        mut progress: impl FnMut(&Activity),
    ) -> Result<Activity, Error> {
        let deadline = tokio::time::Instant::now() + opts.timeout;
        loop {
            let activity = self.send(activities::GetActivity::new(activity_id)).await?;
            progress(&activity);
            if is_finished(&activity) {
                return ended_well(activity_id, activity);
            }
            if tokio::time::Instant::now() + opts.interval > deadline {
                return Err(WorkflowError::ActivityTimedOut {
                    activity: activity_id.to_string(),
                    after: opts.timeout,
                    state: activity
                        .state
                        .as_ref()
                        .map_or("unknown", |s| s.as_str())
                        .to_owned(),
                    percent_done: activity.percent_done.unwrap_or(0),
                }
                .into());
            }
            tokio::time::sleep(opts.interval).await;
        }
    }
}
