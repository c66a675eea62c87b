//! Bulk workflows over the V3 activities: tag and untag many contacts, delete contacts in
//! bulk, create or get a custom field by its label, export contacts to a CSV file, and one
//! [`V3Client::wait`] for any activity.
//!
//! Why these shapes: V3 allows 4 requests a second and 10,000 a day, so a change to many
//! contacts is one activity per [`BATCH`] contacts (the most an activity's `contact_ids`
//! takes), never one request per contact; polling waits [`PollOptions::interval`] between
//! reads; listing uses the largest page. Every workflow says how many requests it made.

use std::path::Path;

use ctct_models::v3::activities::{
    self as api, Activity, ContactsDeleteInput, ContactsExportInput,
    TagAddRemoveContactsSourceInput, TaggingsInput,
};
use ctct_models::v3::common::ActivityId;
use ctct_models::v3::common::ContactId;
use ctct_models::v3::common::TagId;
use ctct_models::v3::custom_fields::{
    CreateCustomField, CustomFieldDefinition, CustomFieldPostInput, GetCustomFields,
};
use ctct_models::validate::{Validate as _, WriteKind};
use futures_util::TryStreamExt as _;

use ctct_models::endpoint::Endpoint;

use super::activities::{PollOptions, is_finished};
use super::client::V3Client;
use crate::download::{self, DownloadProgress};
use crate::error::{Error, WorkflowError};

/// The most contacts one tagging or delete activity names (`contact_ids` holds 500).
pub const BATCH: usize = 500;

/// The largest page of `GET /contact_custom_fields`.
pub const CUSTOM_FIELD_PAGE: i64 = 100;

/// What a bulk workflow did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BulkReport {
    /// Every activity it started, as last read (finished).
    pub activities: Vec<Activity>,
    /// HTTP requests made (activity starts and polls).
    pub requests: u64,
}

impl BulkReport {
    /// The errors every activity reported.
    pub fn errors(&self) -> Vec<&str> {
        self.activities
            .iter()
            .flat_map(|a| a.activity_errors.iter().flatten())
            .map(String::as_str)
            .collect()
    }
}

/// What an export did.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportReport {
    /// The finished export activity.
    pub activity: Activity,
    /// Bytes written to the file.
    pub bytes: u64,
    /// HTTP requests made (start, polls, download).
    pub requests: u64,
}

fn activity_id(a: Option<&ActivityId>, what: &'static str) -> Result<ActivityId, Error> {
    a.cloned()
        .filter(|id| !id.as_str().is_empty())
        .ok_or_else(|| WorkflowError::StartedWithoutActivity { what }.into())
}

impl V3Client {
    /// Waits for any activity (import, export, tagging, delete …): reads
    /// `GET /activities/{activity_id}` every `opts.interval` until it is finished, calling
    /// `progress` with each read. Returns the finished activity and the requests made.
    ///
    /// # Errors
    ///
    /// As [`V3Client::wait_for_activity`].
    pub async fn wait(
        &self,
        activity_id: &ActivityId,
        opts: PollOptions,
        mut progress: impl FnMut(&Activity),
    ) -> Result<(Activity, u64), Error> {
        let mut requests = 0;
        let a = self
            .wait_for_activity(activity_id, opts, |a| {
                requests += 1;
                progress(a);
            })
            .await?;
        Ok((a, requests))
    }

    async fn taggings(
        &self,
        contact_ids: &[ContactId],
        tag_ids: &[TagId],
        add: bool,
        opts: PollOptions,
    ) -> Result<BulkReport, Error> {
        let mut report = BulkReport::default();
        for batch in contact_ids.chunks(BATCH) {
            let source = TagAddRemoveContactsSourceInput {
                contact_ids: batch.to_vec(),
                ..TagAddRemoveContactsSourceInput::new()
            };
            let input = TaggingsInput::new(source, tag_ids.to_vec());
            let started = if add {
                self.send(api::AddTaggings::new(input)).await?
            } else {
                self.send(api::RemoveTaggings::new(input)).await?
            };
            report.requests += 1;
            let id = activity_id(started.activity_id.as_ref(), "tagging")?;
            let (done, polls) = self.wait(&id, opts, |_| {}).await?;
            report.requests += polls;
            report.activities.push(done);
        }
        Ok(report)
    }

    /// Puts the tags `tag_ids` on every contact of `contact_ids`: one
    /// `POST /activities/contacts_taggings_add` per [`BATCH`] contacts, each waited on.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] for more than 50 tags (nothing is sent), otherwise as
    /// [`V3Client::send`] and [`V3Client::wait`].
    pub async fn tag_contacts(
        &self,
        contact_ids: &[ContactId],
        tag_ids: &[TagId],
        opts: PollOptions,
    ) -> Result<BulkReport, Error> {
        self.taggings(contact_ids, tag_ids, true, opts).await
    }

    /// Takes the tags `tag_ids` off every contact of `contact_ids`, as
    /// [`V3Client::tag_contacts`] puts them on.
    ///
    /// # Errors
    ///
    /// As [`V3Client::tag_contacts`].
    pub async fn untag_contacts(
        &self,
        contact_ids: &[ContactId],
        tag_ids: &[TagId],
        opts: PollOptions,
    ) -> Result<BulkReport, Error> {
        self.taggings(contact_ids, tag_ids, false, opts).await
    }

    /// Deletes every contact of `contact_ids`: one `POST /activities/contact_delete` per
    /// [`BATCH`] contacts, each waited on.
    ///
    /// # Errors
    ///
    /// As [`V3Client::send`] and [`V3Client::wait`].
    pub async fn delete_contacts(
        &self,
        contact_ids: &[ContactId],
        opts: PollOptions,
    ) -> Result<BulkReport, Error> {
        let mut report = BulkReport::default();
        for batch in contact_ids.chunks(BATCH) {
            let input = ContactsDeleteInput {
                contact_ids: batch.to_vec(),
                ..ContactsDeleteInput::new()
            };
            let started = self.send(api::DeleteContactsBulk::new(input)).await?;
            report.requests += 1;
            let id = activity_id(started.activity_id.as_ref(), "contact delete")?;
            let (done, polls) = self.wait(&id, opts, |_| {}).await?;
            report.requests += polls;
            report.activities.push(done);
        }
        Ok(report)
    }

    /// The custom field labelled (or named) `label`, compared without case, created with
    /// type `kind` (`string`, `date`, …) when there is none. Returns it and the requests made
    /// (pages of [`CUSTOM_FIELD_PAGE`], plus one create).
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] for a label over 50 characters or a type over 20 (checked first:
    /// nothing is sent, not even the search), otherwise as [`V3Client::send`].
    pub async fn custom_field_by_label(
        &self,
        label: &str,
        kind: &str,
    ) -> Result<(CustomFieldDefinition, u64), Error> {
        let input = CustomFieldPostInput {
            label: Some(label.trim().to_owned()),
            type_: Some(kind.to_owned()),
            ..CustomFieldPostInput::new()
        };
        input.validate(WriteKind::Create).map_err(Error::from)?;
        let wanted = label.trim().to_lowercase();
        let same = |v: &Option<String>| {
            v.as_deref().map(|x| x.trim().to_lowercase()) == Some(wanted.clone())
        };
        let mut requests = 0;
        let mut pages = self.pages(GetCustomFields::new().limit(CUSTOM_FIELD_PAGE));
        while let Some(page) = pages.try_next().await? {
            requests += 1;
            if let Some(found) = page
                .custom_fields
                .into_iter()
                .flatten()
                .find(|f| same(&f.label) || same(&f.name))
            {
                return Ok((found, requests));
            }
        }
        let created = self.send(CreateCustomField::new(input)).await?;
        Ok((created, requests + 1))
    }

    /// Exports the contacts `input` selects (all of them when it is empty, or some lists,
    /// tags, a segment) to a CSV file at `path`: starts the export, waits for it (calling
    /// `progress` with each read), then downloads the file streamed (each chunk written to a
    /// temporary file beside `path` as it arrives, in constant memory and without a size cap,
    /// calling `on_bytes` after each; synced and renamed over `path` when complete).
    ///
    /// # Errors
    ///
    /// [`Error::Workflow`] when the finished activity has no file link or the file cannot be
    /// written; [`Error::Transport`] or [`Error::Timeout`] when the body breaks off or is
    /// shorter than its `Content-Length` (after bytes were written this is never retried);
    /// otherwise as [`V3Client::send`] and [`V3Client::wait`]. On every error `path` is left
    /// as it was and no temporary file remains.
    pub async fn export_to_file(
        &self,
        input: ContactsExportInput,
        path: &Path,
        opts: PollOptions,
        progress: impl FnMut(&Activity),
        mut on_bytes: impl FnMut(DownloadProgress) + Send,
    ) -> Result<ExportReport, Error> {
        let started = self.send(api::ExportContacts::new(input)).await?;
        let id = activity_id(started.activity_id.as_ref(), "export")?;
        let (activity, polls) = self.wait(&id, opts, progress).await?;
        if !is_finished(&activity) || activity.state != Some(api::ActivityState::Completed) {
            return Err(WorkflowError::ExportEndedWithoutFile {
                activity: id.to_string(),
                state: activity
                    .state
                    .as_ref()
                    .map_or("unknown", |s| s.as_str())
                    .to_owned(),
            }
            .into());
        }
        let href = activity
            .links
            .as_ref()
            .and_then(|l| l.results.as_ref())
            .and_then(|r| r.href.as_deref())
            .ok_or_else(|| WorkflowError::ExportWithoutResultsLink {
                activity: id.to_string(),
            })?;
        let file_id = href
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .filter(|s| !s.is_empty())
            .ok_or_else(|| WorkflowError::ResultsLinkWithoutFile {
                activity: id.to_string(),
                href: href.to_owned(),
            })?;
        let request = Endpoint::to_request(&api::DownloadContactsExport::new(file_id))?;
        let prepared = self.prepare(&request)?;
        let mut opens = 0;
        let open = || {
            opens += 1;
            self.fetch_streaming(&prepared)
        };
        let bytes = download::to_file(&self.engine, &prepared, open, path, &mut on_bytes).await?;
        Ok(ExportReport {
            activity,
            bytes,
            requests: 1 + polls + opens,
        })
    }
}
