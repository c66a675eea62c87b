//! A V1 bulk activity that did not end well: failed, rejected lines, or outlived the wait.
//! The error keeps the activity as last read, so every rejected line stays readable.

use std::fmt;
use std::time::Duration;

use ctct_models::ids::ActivityId;
use ctct_models::v1::activities::{Activity, ActivityStatus};

/// Why an activity did not end well.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActivityFailureKind {
    /// It completed but the server rejected some lines (listed in the activity's `Errors`).
    RejectedLines(usize),
    /// Its status is `ERROR`.
    Failed,
    /// It had not finished when the wait's timeout ran out.
    TimedOut(Duration),
}

/// An activity that failed, rejected lines, or did not finish in time; see
/// [`Error::Activity`](super::Error::Activity).
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityFailure {
    /// The activity.
    pub id: ActivityId,
    /// What went wrong.
    pub kind: ActivityFailureKind,
    /// The activity as last read (with its `Errors`), if it was read at all.
    pub activity: Option<Activity>,
}

impl ActivityFailure {
    /// The rejected lines as `(line number, email address, message)`; the line numbers count
    /// the `data` header as line 1, as the server does.
    pub fn rejected_lines(&self) -> Vec<(Option<i64>, Option<&str>, Option<&str>)> {
        self.activity
            .as_ref()
            .and_then(|a| a.errors.as_ref())
            .map(|e| {
                e.errors
                    .iter()
                    .map(|e| {
                        (
                            e.line_number,
                            e.email_address.as_deref(),
                            e.message.as_deref(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// How many rejected lines [`ActivityFailure`]'s `Display` names.
const SHOWN_LINES: usize = 5;

impl fmt::Display for ActivityFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = self.id.tail();
        match &self.kind {
            ActivityFailureKind::TimedOut(after) => {
                let status = self
                    .activity
                    .as_ref()
                    .and_then(|a| a.status.as_ref())
                    .map_or("unknown", ActivityStatus::as_str);
                return write!(
                    f,
                    "activity {id} had not finished after {after:?} (last status {status})"
                );
            }
            ActivityFailureKind::Failed => write!(f, "activity {id} failed (status ERROR)")?,
            ActivityFailureKind::RejectedLines(n) => {
                write!(f, "activity {id} completed but rejected {n} line(s)")?;
            }
        }
        let lines = self.rejected_lines();
        for (i, (line, email, message)) in lines.iter().take(SHOWN_LINES).enumerate() {
            f.write_str(if i == 0 { ": " } else { "; " })?;
            match line {
                Some(n) => write!(f, "line {n}")?,
                None => f.write_str("line ?")?,
            }
            if let Some(email) = email {
                write!(f, " ({email})")?;
            }
            write!(f, ": {}", message.unwrap_or("no message"))?;
        }
        if lines.len() > SHOWN_LINES {
            write!(f, "; and {} more", lines.len() - SHOWN_LINES)?;
        }
        Ok(())
    }
}
