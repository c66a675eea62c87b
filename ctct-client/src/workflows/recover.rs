//! What a workflow does after a write whose answer was lost ([`Error::OutcomeUnknown`]).
//!
//! V1 has no idempotency keys, so a create whose answer never came cannot simply be sent
//! again: if the first one landed, the second makes a duplicate (or a 409, or a second
//! import). Each create workflow knows how to look for what it made (a contact by its
//! address, a list by its name, an activity or a campaign by its type or name and the time
//! it appeared) and asks here how to answer: found means the write succeeded (traced with
//! `recovered = true`), a check that finds nothing means it was not applied
//! ([`Error::NotApplied`]), and a check that fails itself leaves the outcome unknown.

use std::time::Duration;

use ctct_models::DateTime;
use ctct_models::ids::ActivityId;
use ctct_models::v1::activities::{self as api, Activity, ActivityType};
use futures_util::TryStreamExt as _;

use crate::client::Client;
use crate::error::{Error, WorkflowError};

/// How far before a write a server-stamped time may lie and still be the write's: the
/// server's clock and ours may differ a little.
pub const CLOCK_SLACK: Duration = Duration::from_secs(60);

/// The answer to a write whose outcome was unknown, given the check's result: the found
/// value, [`Error::NotApplied`] naming what was looked for, or the unknown outcome itself
/// when the check failed.
pub(crate) fn settle<T>(
    unknown: Error,
    check: Result<Option<T>, Error>,
    looked_for: impl FnOnce() -> String,
) -> Result<T, Error> {
    match check {
        Ok(Some(found)) => {
            tracing::info!(
                recovered = true,
                error = %unknown,
                "the answer to a write was lost, and reading back found it applied"
            );
            Ok(found)
        }
        Ok(None) => Err(not_applied(unknown, looked_for())),
        Err(check_error) => {
            tracing::warn!(error = %check_error, "the check after a lost answer failed too");
            Err(unknown)
        }
    }
}

/// [`Error::NotApplied`] for `error` (its cause, when it is an unknown outcome).
pub(crate) fn not_applied(error: Error, check: String) -> Error {
    let cause = match error {
        Error::OutcomeUnknown { cause, .. } => cause,
        other => Box::new(other),
    };
    Error::NotApplied { check, cause }
}

/// A moment `CLOCK_SLACK` before now: activities and campaigns stamped after it may be the
/// write's.
pub(crate) fn check_since() -> DateTime {
    DateTime::new(DateTime::now_utc().inner() - CLOCK_SLACK)
}

impl Client {
    /// The one activity of `kind` inserted at or after `since` that is not in `known`:
    /// `Some` when exactly one is, `None` when none is. Two or more cannot be told apart and
    /// fail the check ([`Error::Workflow`]).
    pub(crate) async fn new_activity_since(
        &self,
        kind: ActivityType,
        since: DateTime,
        known: &[ActivityId],
    ) -> Result<Option<ActivityId>, Error> {
        let activities: Vec<Activity> =
            self.items(api::ListActivities::new()).try_collect().await?;
        let mut found: Vec<ActivityId> = activities
            .iter()
            .filter(|a| a.type_.as_ref() == Some(&kind))
            .filter(|a| a.insert_time.is_some_and(|t| t.inner() >= since.inner()))
            .filter_map(|a| a.resource_id().ok())
            .filter(|id| !known.iter().any(|k| k.tail() == id.tail()))
            .collect();
        match found.len() {
            0 => Ok(None),
            1 => Ok(found.pop()),
            count => Err(WorkflowError::AmbiguousActivity {
                count,
                kind: kind.as_str().to_owned(),
                since,
            }
            .into()),
        }
    }
}
