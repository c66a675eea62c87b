//! Why a workflow (a call that makes several requests or checks before sending) stopped.
//!
//! The variants are grouped by what a caller does about them: a request refused before
//! sending (change the input), an answer that lacks what the workflow needs (the server
//! misbehaved; nothing more can be done automatically), a write whose result cannot be
//! told apart from another one (look before retrying), a bulk job that timed out or was
//! refused, and a local file or thread that failed. Each variant carries the ids, names and
//! values involved, so a caller can act on them without reading the message.

use std::path::PathBuf;
use std::time::Duration;

use ctct_models::DateTime;
#[cfg(feature = "v3")]
use ctct_models::v3::activities::{Activity, ActivityState};
#[cfg(feature = "v3")]
use ctct_models::v3::common::ActivityId;

use super::Error;
#[cfg(feature = "v1")]
use crate::workflows::import_report::ImportError;

/// A workflow met a state it cannot resolve.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WorkflowError {
    // Refused before sending: the input breaks a rule of the workflow.
    /// A system list (`active`, `removed`, `do-not-mail`) cannot be renamed or deleted.
    #[error("the system list {list:?} cannot be {action}")]
    SystemList {
        /// The list's id (its last segment).
        list: String,
        /// What was refused: `renamed` or `deleted`.
        action: &'static str,
    },
    /// A campaign's `ScheduledTime` is too close to now.
    #[error(
        "ScheduledTime {} is less than {} minutes ahead of now ({})",
        .at.to_utc(),
        .min_lead.as_secs() / 60,
        .now.to_utc()
    )]
    ScheduleTooSoon {
        /// The time asked for.
        at: DateTime,
        /// The time of the check.
        now: DateTime,
        /// The least lead time the API accepts.
        min_lead: Duration,
    },
    /// A campaign that is being sent cannot be scheduled.
    #[error("campaign {campaign} is Running (being sent) and cannot be scheduled")]
    CampaignRunning {
        /// The campaign's id (its last segment).
        campaign: String,
    },
    /// `ImportOptions::max_rows` is 0.
    #[error("ImportOptions::max_rows is 0")]
    ZeroMaxRows,
    /// `ImportOptions::from_line` points at the header or before it.
    #[error("ImportOptions::from_line is {from_line}: line 1 is the header, give 2 or more")]
    FromLineTooSmall {
        /// The value given.
        from_line: u64,
    },

    // The answer lacks what the workflow needs.
    /// A create succeeded but its answer does not say what it created.
    #[error("the {what} was created but the answer names no {id}")]
    CreatedWithoutId {
        /// What was created: `list`, `contact`, `campaign`, `export`, `activity`.
        what: &'static str,
        /// What the answer should have named: `id`, `activity`, `activity id`.
        id: &'static str,
    },
    /// A V3 bulk job was accepted but its answer names no `activity_id`.
    #[error("the {what} answer names no activity_id")]
    StartedWithoutActivity {
        /// The job: `tagging`, `contact delete`, `export`.
        what: &'static str,
    },
    /// An entry of a feed without an id the client can parse.
    #[error("the server sent a {what} entry without a usable id{}", entry_id_suffix(.entry_id.as_deref()))]
    EntryWithoutId {
        /// The kind of entry: `list`, `contact`.
        what: &'static str,
        /// The entry's `<id>` as sent, when the message should show it.
        entry_id: Option<String>,
    },
    /// `POST /contacts` answered 409 (the address exists) but no contact has the address.
    #[error("POST /contacts answered 409 for {email:?} but no contact has that address")]
    ConflictWithoutContact {
        /// The address.
        email: String,
    },
    /// A finished V1 export activity without a `FileName`.
    #[error("activity {activity} names no export file (FileName is empty)")]
    ExportWithoutFileName {
        /// The activity's id (`?` when it has none).
        activity: String,
    },
    /// A V3 export that ended in another state than `completed`.
    #[error("export {activity} ended {state} without a file")]
    ExportEndedWithoutFile {
        /// The activity id.
        activity: String,
        /// The state it ended in (`unknown` when the answer has none).
        state: String,
    },
    /// A V3 email activity read back that cannot be written back as its replacing PUT
    /// (a field the PUT requires is missing from the answer).
    #[error("email activity {activity} cannot be written back: {reason}")]
    EmailActivityIncomplete {
        /// The activity id.
        activity: String,
        /// What the answer lacks, as the reader said it.
        reason: String,
    },
    /// A finished V3 export whose answer has no `_links.results`.
    #[error("export {activity} has no results link")]
    ExportWithoutResultsLink {
        /// The activity id.
        activity: String,
    },
    /// A V3 export results link whose last segment (the file id) is empty.
    #[error("export {activity}: results link {href:?} names no file")]
    ResultsLinkWithoutFile {
        /// The activity id.
        activity: String,
        /// The link as sent.
        href: String,
    },
    /// A campaign link without the id its click feed needs.
    #[error("campaign {campaign} has a link without a click-feed id ({url:?})")]
    LinkWithoutClickId {
        /// The campaign's id (its last segment).
        campaign: String,
        /// The link's URL as sent (empty when it has none).
        url: String,
    },

    // A lost answer could not be matched to one resource: look before retrying.
    /// Several campaigns of the name appeared since the write.
    #[error(
        "{count} campaigns named {name:?} appeared since {}; cannot tell which one is this write's",
        .since.to_utc()
    )]
    AmbiguousCampaign {
        /// How many.
        count: usize,
        /// The campaign name.
        name: String,
        /// When the write was sent.
        since: DateTime,
    },
    /// Several activities of the type appeared since the write.
    #[error(
        "{count} {kind} activities appeared since {}; cannot tell which one is this write's",
        .since.to_utc()
    )]
    AmbiguousActivity {
        /// How many.
        count: usize,
        /// The activity type, e.g. `SV_ADD`.
        kind: String,
        /// When the write was sent.
        since: DateTime,
    },

    // Bulk jobs.
    /// A V3 activity did not finish within the time the caller allowed.
    #[error(
        "activity {activity} did not finish within {after:?}: state {state}, {percent_done}% done"
    )]
    ActivityTimedOut {
        /// The activity id.
        activity: String,
        /// The time allowed.
        after: Duration,
        /// Its last state (`unknown` when the answer had none).
        state: String,
        /// Its last progress, 0–100.
        percent_done: i64,
    },
    /// A V3 activity ended `failed`, `cancelled` or `timed_out` on the server: its work was
    /// not done (or not all of it). `errors` are its `activity_errors`, the server's reasons.
    #[cfg(feature = "v3")]
    #[error("activity {activity} ended {}{}", .state.as_str(), errors_suffix(.errors))]
    ActivityEnded {
        /// The activity id.
        activity: ActivityId,
        /// The state it ended in.
        state: ActivityState,
        /// Its `activity_errors`, as sent (empty when it sent none).
        errors: Vec<String>,
        /// The activity as last read (its counts and links).
        last: Box<Activity>,
    },
    /// The server refuses (413) a single import row as too large, so it cannot be sent.
    #[error(
        "the server refuses the row of input line {line} as too large even alone in an activity ({bytes} request bytes)"
    )]
    RowTooLarge {
        /// The input line of the row.
        line: u64,
        /// The request bytes of the activity with that row alone.
        bytes: usize,
        /// The server's refusal.
        #[source]
        source: Box<Error>,
    },
    /// A bulk import stopped after creating activities; the [`ImportError`] carries the
    /// report (what was created, where to resume) and the cause.
    #[cfg(feature = "v1")]
    #[error(transparent)]
    ImportStopped(Box<ImportError>),

    // Local files and threads.
    /// A local file could not be opened, written or renamed.
    #[error("cannot {action} {}", .path.display())]
    File {
        /// What was attempted: `open`, `create`, `write`, `sync`, `replace`.
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
    },
    /// A path that names no file (e.g. `/` or `..`).
    #[error("{} is not a file path", .path.display())]
    NotAFilePath {
        /// The path given.
        path: PathBuf,
    },
    /// A blocking helper thread (CSV reader, file writer) panicked or was cancelled.
    #[error("the {task} thread failed")]
    ThreadFailed {
        /// The thread's job: `CSV reader`, `file writer`.
        task: &'static str,
        /// The runtime's report.
        #[source]
        source: tokio::task::JoinError,
    },
}

/// How many of an ended activity's errors its message shows.
#[cfg(feature = "v3")]
const SHOWN_ERRORS: usize = 5;

#[cfg(feature = "v3")]
fn errors_suffix(errors: &[String]) -> String {
    let mut out = String::new();
    for (i, e) in errors.iter().take(SHOWN_ERRORS).enumerate() {
        out.push_str(if i == 0 { ": " } else { "; " });
        out.push_str(e);
    }
    if errors.len() > SHOWN_ERRORS {
        out.push_str(&format!("; and {} more", errors.len() - SHOWN_ERRORS));
    }
    out
}

fn entry_id_suffix(entry_id: Option<&str>) -> String {
    entry_id.map_or_else(String::new, |id| format!(" ({id:?})"))
}

/// For `?` in functions returning [`Error`]: the underlying error when nothing was created,
/// else [`WorkflowError::ImportStopped`], which keeps the report (the activities created
/// and the line to resume from) and has the underlying error as its source.
#[cfg(feature = "v1")]
impl From<ImportError> for Error {
    fn from(e: ImportError) -> Self {
        match e.report.chunks.is_empty() {
            true => e.error,
            false => WorkflowError::ImportStopped(Box::new(e)).into(),
        }
    }
}
