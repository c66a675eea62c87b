//! Exporting a list to a file (`docs/v1/activities.md#form-body`, `docs/v1/activities.md#activity-entries`).
//!
//! An export is three steps: create an `EXPORT_CONTACTS` activity, wait until it is complete,
//! then download the file its `FileName` names (`GET /activities/{file name}`). The file goes
//! to the caller as text or to a path.
//!
//! To a path ([`Client::export_list_to`], [`Client::download_export_to`]) the body is streamed
//! ([`super::download`]): each chunk goes to a temporary file in the same directory as it
//! arrives, in constant memory and without a size cap, and the file is synced and renamed over
//! the target when complete, so a reader never sees half a file and a failed download leaves
//! any earlier file untouched. As text ([`Client::download_export`]) the body is held in
//! memory, up to the client's response cap (32 MiB by default).

use std::io::Write as _;
use std::path::Path;

use ctct_models::ids::{ActivityId, ListId};
use ctct_models::v1::activities::{self as api, Activity, ExportFileType, ExportSortBy};

use crate::client::Client;
use crate::download::{self, DownloadProgress, TempFile, io_error};
use crate::error::{Error, WorkflowError};
use crate::workflows::activities::{Progress, WaitOptions};

/// What to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOptions {
    /// `CSV` or `TXT`. Default CSV.
    pub file_type: ExportFileType,
    /// Columns besides `EMAIL ADDRESS` (always exported), e.g. `FIRST NAME`.
    pub columns: Vec<String>,
    /// Include the opt-in date.
    pub opt_in_date: Option<bool>,
    /// Include the opt-in source.
    pub opt_in_source: Option<bool>,
    /// Include the list name.
    pub list_name: Option<bool>,
    /// The order of the rows.
    pub sort_by: Option<ExportSortBy>,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self {
            file_type: ExportFileType::Csv,
            columns: Vec::new(),
            opt_in_date: None,
            opt_in_source: None,
            list_name: None,
            sort_by: None,
        }
    }
}

/// The name `GET /activities/{file name}` takes: the last path segment of `FileName`.
pub fn export_file_name(activity: &Activity) -> Option<&str> {
    let name = activity.file_name.as_deref()?.trim();
    let name = name.rsplit('/').next().unwrap_or(name);
    (!name.is_empty()).then_some(name)
}

impl Client {
    /// Creates an `EXPORT_CONTACTS` activity for `list` and returns its id.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] for a column or option the schema refuses; any request error.
    /// When the POST's answer is lost, the activities are read back: one new export is
    /// this one; none, [`Error::NotApplied`]; the read failing or several new exports,
    /// [`Error::OutcomeUnknown`].
    pub async fn start_export(
        &self,
        list: &ListId,
        options: &ExportOptions,
    ) -> Result<ActivityId, Error> {
        let mut request = api::CreateExportContactsActivity::new(options.file_type.clone(), list)
            .columns(options.columns.iter().cloned());
        request.export_opt_date = options.opt_in_date;
        request.export_opt_source = options.opt_in_source;
        request.export_list_name = options.list_name;
        request.sort_by.clone_from(&options.sort_by);
        let since = super::recover::check_since();
        let created = match self.send(request).await {
            Ok(created) => created,
            Err(e) if e.is_outcome_unknown() => {
                // The answer was lost: the export exists if the POST landed.
                let check = self
                    .new_activity_since(api::ActivityType::ExportContacts, since, &[])
                    .await;
                return super::recover::settle(e, check, || {
                    format!(
                        "no EXPORT_CONTACTS activity appeared since {}",
                        since.to_utc()
                    )
                });
            }
            Err(e) => return Err(e),
        };
        super::created_id(&created, |a: &Activity| a.resource_id().ok()).ok_or_else(|| {
            Error::from(WorkflowError::CreatedWithoutId {
                what: "export",
                id: "activity",
            })
        })
    }

    /// Downloads the file of a finished export activity, as text.
    ///
    /// # Errors
    ///
    /// [`Error::Workflow`] when the activity names no file; any request error.
    pub async fn download_export(&self, activity: &Activity) -> Result<String, Error> {
        let name = export_file_name(activity).ok_or_else(|| {
            Error::from(WorkflowError::ExportWithoutFileName {
                activity: activity.id.as_deref().unwrap_or("?").to_owned(),
            })
        })?;
        Ok(self.send(api::DownloadExportFile::new(name)).await?.text)
    }

    /// Downloads the file of a finished export activity into `path`, streamed chunk by chunk
    /// (no size cap, constant memory) and renamed over `path` when complete; calls
    /// `on_bytes` after every chunk written. Returns the bytes written.
    ///
    /// # Errors
    ///
    /// As [`Client::download_export`]; [`Error::Transport`] or [`Error::Timeout`] when the
    /// body breaks off or is shorter than its `Content-Length` (after bytes were written this
    /// is never retried); [`Error::Workflow`] when the file cannot be written. On every error
    /// `path` is left as it was and no temporary file remains.
    pub async fn download_export_to(
        &self,
        activity: &Activity,
        path: impl AsRef<Path>,
        mut on_bytes: impl FnMut(DownloadProgress) + Send,
    ) -> Result<u64, Error> {
        let name =
            export_file_name(activity).ok_or_else(|| WorkflowError::ExportWithoutFileName {
                activity: activity.id.clone().unwrap_or_else(|| "?".to_owned()),
            })?;
        let request =
            ctct_models::endpoint::Endpoint::to_request(&api::DownloadExportFile::new(name))?;
        let prepared = self.prepare(&request)?;
        let open = || self.execute_streaming(&prepared);
        download::to_file(self.engine(), &prepared, open, path.as_ref(), &mut on_bytes).await
    }

    /// Exports `list`: creates the activity, waits for it (reporting to `progress`) and
    /// returns the file's text.
    ///
    /// # Errors
    ///
    /// As [`Client::start_export`], [`Client::wait_for_activity`] and
    /// [`Client::download_export`].
    pub async fn export_list(
        &self,
        list: &ListId,
        options: &ExportOptions,
        wait: &WaitOptions,
        progress: impl FnMut(&Progress<'_>) + Send,
    ) -> Result<String, Error> {
        let id = self.start_export(list, options).await?;
        let activity = self.wait_for_activity(&id, wait, progress).await?;
        self.download_export(&activity).await
    }

    /// Exports `list` into the file at `path`: creates the activity, waits for it
    /// (reporting every poll to `progress`), then streams the file into `path` as
    /// [`Client::download_export_to`] does (reporting the bytes to `on_bytes`). Returns the
    /// bytes written.
    ///
    /// # Errors
    ///
    /// As [`Client::start_export`], [`Client::wait_for_activity`] and
    /// [`Client::download_export_to`] (the target is left as it was).
    pub async fn export_list_to(
        &self,
        list: &ListId,
        options: &ExportOptions,
        wait: &WaitOptions,
        progress: impl FnMut(&Progress<'_>) + Send,
        path: impl AsRef<Path>,
        on_bytes: impl FnMut(DownloadProgress) + Send,
    ) -> Result<u64, Error> {
        let id = self.start_export(list, options).await?;
        let activity = self.wait_for_activity(&id, wait, progress).await?;
        self.download_export_to(&activity, path, on_bytes).await
    }
}

/// Writes `bytes` to `path` through a temporary file in the same directory, synced and then
/// renamed over `path`; on failure the temporary file is removed and `path` is untouched.
///
/// # Errors
///
/// [`Error::Workflow`] naming the path and the I/O error.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let mut tmp = TempFile::beside(path)?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp.path)
        .map_err(|e| io_error("create", &tmp.path, e))?;
    file.write_all(bytes)
        .map_err(|e| io_error("write", &tmp.path, e))?;
    file.sync_all()
        .map_err(|e| io_error("sync", &tmp.path, e))?;
    drop(file);
    std::fs::rename(&tmp.path, path).map_err(|e| io_error("replace", path, e))?;
    tmp.renamed = true;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_name_is_the_last_segment() {
        let a = |f: &str| Activity {
            file_name: Some(f.to_owned()),
            ..Activity::default()
        };
        assert_eq!(
            export_file_name(&a("/ws/customers/u/activities/a07e5ke3u5dgy7a11on.csv")),
            Some("a07e5ke3u5dgy7a11on.csv")
        );
        assert_eq!(export_file_name(&a("plain.txt")), Some("plain.txt"));
        assert_eq!(export_file_name(&a(" ")), None);
        assert_eq!(export_file_name(&Activity::default()), None);
    }

    #[test]
    fn atomic_write_replaces_the_file_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("ctct-export-{}", fastrand::u64(..)));
        std::fs::create_dir_all(&dir).unwrap();
        let target = dir.join("out.csv");
        std::fs::write(&target, "old").unwrap();
        write_atomically(&target, b"EMAIL ADDRESS\na@example.com\n").unwrap();
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            "EMAIL ADDRESS\na@example.com\n"
        );
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.csv")]);
        // A target in a missing directory fails, naming the path, and creates nothing.
        let e = write_atomically(&dir.join("missing/out.csv"), b"x").unwrap_err();
        assert!(e.to_string().contains("missing"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
