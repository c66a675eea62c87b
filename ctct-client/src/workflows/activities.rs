//! Waiting for bulk activities (`docs/v1/activities.md#activity-entries`).
//!
//! `POST /activities` answers at once with an activity that runs later; the only way to learn
//! how it went is to poll `GET /activities/{id}` until its `Status` is final. This module
//! polls with a growing interval (so a long export costs few requests), reports every poll to
//! a progress callback, gives up after a timeout, and turns the end states a caller must not
//! miss into errors: an activity that failed, and one that completed but rejected lines (the
//! error carries the activity, so every rejected line and its number stays readable).
//!
//! Only `COMPLETE` is documented for V1; `ERROR` and the waiting states come from V2 and are
//! UNCERTAIN, so an unknown status keeps the wait going until the timeout.

use std::time::Duration;

use ctct_models::ids::ActivityId;
use ctct_models::v1::activities::{self as api, Activity, ActivityStatus};

use crate::client::Client;
use crate::error::Error;

/// How [`Client::wait_for_activity`] polls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitOptions {
    /// The wait before the first poll after the first one. Default 1 s.
    pub initial_interval: Duration,
    /// The longest wait between polls; each wait is 1.5 times the previous. Default 30 s.
    pub max_interval: Duration,
    /// How long to wait in all before giving up. Default 30 minutes.
    pub timeout: Duration,
}

impl Default for WaitOptions {
    fn default() -> Self {
        Self {
            initial_interval: Duration::from_secs(1),
            max_interval: Duration::from_secs(30),
            timeout: Duration::from_secs(30 * 60),
        }
    }
}

impl WaitOptions {
    /// The wait after `previous`: 1.5 times longer, at most [`WaitOptions::max_interval`].
    pub fn next_interval(&self, previous: Duration) -> Duration {
        previous
            .saturating_add(previous / 2)
            .min(self.max_interval)
            .max(Duration::from_millis(1))
    }
}

/// What one poll saw, as handed to the progress callback.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress<'a> {
    /// The activity being waited for.
    pub id: &'a ActivityId,
    /// The status it reported (`None` when the server sent none).
    pub status: Option<&'a ActivityStatus>,
    /// Rows processed so far (`TransactionCount`).
    pub transactions: Option<i64>,
    /// Lines rejected so far.
    pub errors: usize,
    /// Which poll this was, from 1.
    pub poll: u32,
    /// Time since the wait began.
    pub elapsed: Duration,
}

pub use crate::error::activity::{ActivityFailure, ActivityFailureKind};

/// The number of rejected lines an activity lists.
pub fn error_count(activity: &Activity) -> usize {
    activity.errors.as_ref().map_or(0, |e| e.errors.len())
}

impl Client {
    /// Reads one activity.
    ///
    /// # Errors
    ///
    /// Any request error (404 for an unknown id).
    pub async fn activity(&self, id: &ActivityId) -> Result<Activity, Error> {
        Ok(self.send(api::GetActivity::new(id)).await?.content)
    }

    /// Polls an activity until it is `COMPLETE` with no rejected lines, calling `progress`
    /// after every poll; returns the finished activity.
    ///
    /// The first poll is immediate; then the wait grows from
    /// [`WaitOptions::initial_interval`] by half each time up to
    /// [`WaitOptions::max_interval`]. Each poll is an ordinary GET, retried on transient
    /// failures by the client's [`crate::RetryPolicy`].
    ///
    /// # Errors
    ///
    /// [`Error::Activity`] when the activity completed but rejected lines
    /// ([`ActivityFailureKind::RejectedLines`], the activity with every rejected line is in
    /// the error), ended in `ERROR`, or was not finished within [`WaitOptions::timeout`];
    /// any request error of a poll.
    pub async fn wait_for_activity(
        &self,
        id: &ActivityId,
        options: &WaitOptions,
        mut progress: impl FnMut(&Progress<'_>) + Send,
    ) -> Result<Activity, Error> {
        let started = tokio::time::Instant::now();
        let mut interval = options.initial_interval;
        let mut poll = 0;
        loop {
            poll += 1;
            let activity = self.activity(id).await?;
            let elapsed = started.elapsed();
            progress(&Progress {
                id,
                status: activity.status.as_ref(),
                transactions: activity.transaction_count,
                errors: error_count(&activity),
                poll,
                elapsed,
            });
            let fail = |kind| {
                Err(Error::Activity(Box::new(ActivityFailure {
                    id: id.clone(),
                    kind,
                    activity: Some(activity.clone()),
                })))
            };
            match activity.status {
                Some(ActivityStatus::Complete) => {
                    let rejected = error_count(&activity);
                    if rejected > 0 {
                        return fail(ActivityFailureKind::RejectedLines(rejected));
                    }
                    return Ok(activity);
                }
                Some(ActivityStatus::Error) => return fail(ActivityFailureKind::Failed),
                _ => {}
            }
            if elapsed >= options.timeout {
                return fail(ActivityFailureKind::TimedOut(options.timeout));
            }
            // The last wait ends at the timeout, for one last poll.
            tokio::time::sleep(interval.min(options.timeout - elapsed)).await;
            interval = options.next_interval(interval);
        }
    }
}
