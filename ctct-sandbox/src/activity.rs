//! Bulk activities that really run in the background (`docs/v1/activities.md`).
//!
//! A created activity is `PENDING`; one step later it is `RUNNING` with a `RunStartTime`, then
//! its rows are applied a chunk per step (so a poller sees `TransactionCount` grow), and it
//! ends `COMPLETE` with a `RunFinishTime`. The pace is [`crate::Config::activity_step`].
//! Each row is applied under one acquisition of the store lock, so an activity and concurrent
//! API writes interleave row by row and never see a half-applied row. Rejected rows land in
//! `Errors` with their line number (the header is line 1), counted rows in `TransactionCount`;
//! an export writes its file under one lock (a consistent snapshot) and then it can be
//! downloaded from `GET /activities/{FileName}`.

use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use ctct_models::v1::activities::{ActivityError, ActivityStatus, ExportSortBy};
use ctct_models::validate::{code_point, first_non_xml_char};
use tokio::sync::watch;

use crate::bulk::{Column, Line, known_region, write_line};
use crate::store::activities::ExportFile;
use crate::store::{Filter, Store, valid_email};

/// Rows applied per step of a running add or remove activity.
pub(crate) const ROWS_PER_STEP: usize = 100;

/// What an export writes.
#[derive(Debug, Clone)]
pub(crate) struct ExportJob {
    pub filter: Filter,
    pub list_name: String,
    /// The columns after `EMAIL ADDRESS`, in the order asked for.
    pub columns: Vec<Column>,
    pub opt_date: bool,
    pub opt_source: bool,
    pub with_list_name: bool,
    pub sort: ExportSortBy,
    /// Tab-separated (`TXT`) rather than comma-separated (`CSV`).
    pub tabs: bool,
}

/// The work of one activity, checked when it was created.
#[derive(Debug, Clone)]
pub(crate) enum Job {
    /// Add or update the contacts of `lines` (cells in `columns` order) on `lists`.
    Add {
        columns: Vec<Column>,
        lines: Vec<Line>,
        lists: Vec<u64>,
    },
    /// Take the contacts of `lines` off `lists`.
    Remove {
        columns: Vec<Column>,
        lines: Vec<Line>,
        lists: Vec<u64>,
    },
    /// Take every contact off `lists`.
    Clear { lists: Vec<u64> },
    /// Write an export file.
    Export(ExportJob),
}

/// Runs activities at the configured pace and knows how many are unfinished.
#[derive(Debug)]
pub(crate) struct Runner {
    step: Duration,
    unfinished: Arc<watch::Sender<usize>>,
}

impl Runner {
    pub fn new(step: Duration) -> Self {
        Self {
            step,
            unfinished: Arc::new(watch::Sender::new(0)),
        }
    }

    /// Starts activity `seq` in the background, on the store it was recorded in. The task
    /// holds the store weakly: it ends when the sandbox is dropped.
    pub fn spawn(&self, store: &Arc<Mutex<Store>>, seq: u64, job: Job) {
        self.unfinished.send_modify(|n| *n += 1);
        let weak = Arc::downgrade(store);
        let step = self.step;
        let unfinished = Arc::clone(&self.unfinished);
        tokio::spawn(async move {
            run(&weak, seq, job, step).await;
            unfinished.send_modify(|n| *n -= 1);
        });
    }

    /// Resolves once no activity is unfinished.
    pub async fn settled(&self) {
        let mut rx = self.unfinished.subscribe();
        let _ = rx.wait_for(|n| *n == 0).await;
    }
}

/// Runs `f` on the store, if the sandbox still exists.
fn with_store<R>(store: &Weak<Mutex<Store>>, f: impl FnOnce(&mut Store) -> R) -> Option<R> {
    let store = store.upgrade()?;
    let mut store = store.lock().unwrap_or_else(|p| p.into_inner());
    Some(f(&mut store))
}

async fn pause(step: Duration) {
    if step.is_zero() {
        tokio::task::yield_now().await;
    } else {
        tokio::time::sleep(step).await;
    }
}

async fn run(app: &Weak<Mutex<Store>>, seq: u64, job: Job, step: Duration) {
    pause(step).await;
    let started = with_store(app, |s| {
        let now = s.tick();
        if let Some(rec) = s.activities.recs.get_mut(&seq) {
            rec.status = ActivityStatus::Running;
            rec.started = Some(now);
        }
    });
    if started.is_none() {
        return;
    }
    match job {
        Job::Add {
            columns,
            lines,
            lists,
        } => {
            rows(app, seq, &columns, &lines, step, |s, email, cells| {
                s.bulk_add(email, cells, &lists)
            })
            .await
        }
        Job::Remove {
            columns,
            lines,
            lists,
        } => {
            rows(app, seq, &columns, &lines, step, |s, email, _| {
                s.bulk_remove(email, &lists)
            })
            .await
        }
        Job::Clear { lists } => {
            for list in lists {
                pause(step).await;
                with_store(app, |s| {
                    let n = s.clear_list(list);
                    if let Some(rec) = s.activities.recs.get_mut(&seq) {
                        rec.count += i64::try_from(n).unwrap_or(i64::MAX);
                    }
                });
            }
        }
        Job::Export(export) => {
            pause(step).await;
            with_store(app, |s| {
                let (body, n) = export_file(s, &export);
                if let Some(rec) = s.activities.recs.get_mut(&seq) {
                    rec.count = i64::try_from(n).unwrap_or(i64::MAX);
                    rec.file = Some(ExportFile {
                        content_type: if export.tabs {
                            "text/plain;charset=utf-8"
                        } else {
                            "text/csv;charset=utf-8"
                        },
                        body: body.into(),
                    });
                }
            });
        }
    }
    pause(step).await;
    with_store(app, |s| {
        let now = s.tick();
        if let Some(rec) = s.activities.recs.get_mut(&seq) {
            rec.status = ActivityStatus::Complete;
            rec.finished = Some(now);
        }
    });
}

/// A checked line: the address and the other cells by column.
type CheckedLine<'a> = (&'a str, Vec<(Column, &'a str)>);

/// Checks a data line before it reaches the store: cell count, characters XML can carry,
/// address, state code.
fn check_line<'a>(columns: &[Column], line: &'a Line) -> Result<CheckedLine<'a>, String> {
    if line.cells.len() != columns.len() {
        return Err(format!(
            "Line has {} values, expected {} (one per column)",
            line.cells.len(),
            columns.len()
        ));
    }
    // A stored NUL (or any character XML 1.0 cannot carry) would make every later document
    // that carries the contact unwritable: refuse the line, whatever its column.
    for (col, cell) in columns.iter().zip(&line.cells) {
        if let Some((position, c)) = first_non_xml_char(cell) {
            return Err(format!(
                "{} holds {} at character {}, which XML cannot carry",
                col.name,
                code_point(c),
                position + 1
            ));
        }
    }
    let mut email = "";
    let mut cells = Vec::new();
    for (col, cell) in columns.iter().zip(&line.cells) {
        let cell = cell.trim();
        if col.is_email() {
            email = cell;
        } else {
            if col.is_state() && !cell.is_empty() && !known_region(cell) {
                return Err(format!("Unknown US/Canadian state/prov \"{cell}\""));
            }
            cells.push((*col, cell));
        }
    }
    if !valid_email(email) {
        return Err(format!("Invalid email address \"{email}\""));
    }
    Ok((email, cells))
}

async fn rows(
    app: &Weak<Mutex<Store>>,
    seq: u64,
    columns: &[Column],
    lines: &[Line],
    step: Duration,
    mut apply: impl FnMut(&mut Store, &str, &[(Column, &str)]) -> Result<(), String>,
) {
    for (i, chunk) in lines.chunks(ROWS_PER_STEP).enumerate() {
        if i > 0 {
            pause(step).await;
        }
        for line in chunk {
            let alive = with_store(app, |s| {
                let checked = check_line(columns, line);
                let email = line
                    .cells
                    .get(columns.iter().position(|c| c.is_email()).unwrap_or(0))
                    .map(|e| e.trim().to_owned());
                let result = checked.and_then(|(email, cells)| apply(s, email, &cells));
                if let Some(rec) = s.activities.recs.get_mut(&seq) {
                    match result {
                        Ok(()) => rec.count += 1,
                        Err(message) => rec.errors.push(ActivityError {
                            line_number: Some(i64::try_from(line.number).unwrap_or(i64::MAX)),
                            email_address: email,
                            message: Some(message),
                        }),
                    }
                }
            });
            if alive.is_none() {
                return;
            }
        }
    }
}

/// The export file text and how many contacts it holds.
fn export_file(s: &Store, job: &ExportJob) -> (String, usize) {
    let sep = if job.tabs { '\t' } else { ',' };
    let mut header: Vec<String> = vec!["EMAIL ADDRESS".to_owned()];
    header.extend(job.columns.iter().map(|c| c.name.to_owned()));
    if job.opt_date {
        header.push("OPT-IN DATE".to_owned());
    }
    if job.opt_source {
        header.push("OPT-IN SOURCE".to_owned());
    }
    if job.with_list_name {
        header.push("LIST NAME".to_owned());
    }
    let mut members = s.contacts_page(None, job.filter, None, usize::MAX);
    match job.sort {
        ExportSortBy::DateDesc => members.sort_by_key(|m| std::cmp::Reverse(m.1.updated)),
        _ => members.sort_by_key(|(_, c)| c.email.to_lowercase()),
    }
    let mut out = String::new();
    write_line(&mut out, &header, sep);
    for (_, c) in &members {
        let mut cells = vec![c.email.clone()];
        cells.extend(job.columns.iter().map(|col| col.get(&c.profile, &c.email)));
        if job.opt_date {
            cells.push(
                c.opt_in
                    .as_ref()
                    .map(|o| o.0.to_string())
                    .unwrap_or_default(),
            );
        }
        if job.opt_source {
            cells.push(
                c.opt_in
                    .as_ref()
                    .map(|o| o.1.to_string())
                    .unwrap_or_default(),
            );
        }
        if job.with_list_name {
            cells.push(job.list_name.clone());
        }
        write_line(&mut out, &cells, sep);
    }
    (out, members.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_checked_before_the_store() {
        let cols: Vec<Column> = ["EMAIL ADDRESS", "STATE"]
            .iter()
            .filter_map(|n| Column::find(n))
            .collect();
        let line = |cells: &[&str]| Line {
            number: 2,
            cells: cells.iter().map(|c| (*c).to_owned()).collect(),
        };
        assert!(check_line(&cols, &line(&["a@example.com", "MA"])).is_ok());
        assert_eq!(
            check_line(&cols, &line(&["a@example.com", "Test2"])).unwrap_err(),
            "Unknown US/Canadian state/prov \"Test2\""
        );
        assert_eq!(
            check_line(&cols, &line(&["not-an-email", ""])).unwrap_err(),
            "Invalid email address \"not-an-email\""
        );
        assert!(check_line(&cols, &line(&["a@example.com"])).is_err());
        assert_eq!(
            check_line(&cols, &line(&["a@example.com", "M\u{0}"])).unwrap_err(),
            "STATE holds U+0000 at character 2, which XML cannot carry"
        );
        assert!(check_line(&cols, &line(&["a\u{FFFE}@example.com", "MA"])).is_err());
    }
}
