//! `ctct v3 export --to FILE [--list ID… | --segment ID | --contacts ID,…] [--fields …]`:
//! contacts to a CSV file through one V3 export activity, with a progress bar while it runs.
//!
//! The work is `V3Client::export_to_file`: it starts the activity, polls it, downloads the
//! file and writes it atomically (a temporary file beside FILE, synced, then renamed), so
//! FILE is either the complete export or untouched. What can be checked here is checked
//! before the activity starts, so a bad value costs no request: the segment id is a number
//! and FILE's directory exists.

use std::path::{Path, PathBuf};

use clap::{ArgGroup, Args};
use ctct_client::v3::{PollOptions, V3Client};
use ctct_models::v3::activities::ContactsExportInput;
use serde_json::json;

use super::segments::segment_id;
use crate::failure::Failure;
use crate::output::Output;
use crate::progress;
use crate::v3_session::v3_failure;

/// `ctct v3 export …`
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("source").multiple(false)))]
pub struct V3ExportArgs {
    /// The CSV file to write (replaced only when the export is complete).
    #[arg(long, value_name = "FILE")]
    pub to: PathBuf,
    /// Only the contacts on these lists (repeat or separate with commas; at most 50).
    #[arg(
        long = "list",
        value_name = "ID",
        value_delimiter = ',',
        group = "source"
    )]
    pub lists: Vec<String>,
    /// Only the contacts the segment selects.
    #[arg(long, value_name = "ID", group = "source")]
    pub segment: Option<String>,
    /// Only these contacts (ids separated with commas; at most 500).
    #[arg(long, value_name = "ID,…", value_delimiter = ',', group = "source")]
    pub contacts: Vec<String>,
    /// The columns, e.g. `email_address,first_name,cf:shirt_size` (default: every column).
    #[arg(long, value_name = "FIELD,…", value_delimiter = ',')]
    pub fields: Vec<String>,
}

/// Runs `ctct v3 export`.
pub async fn run(
    client: &V3Client,
    args: V3ExportArgs,
    progress_visible: bool,
) -> Result<Output, Failure> {
    check_destination(&args.to)?;
    let segment = args.segment.as_deref().map(segment_id).transpose()?;
    let input = ContactsExportInput {
        contact_ids: args.contacts.into_iter().map(Into::into).collect(),
        list_ids: args.lists.into_iter().map(Into::into).collect(),
        segment_id: segment.map(Into::into),
        fields: args.fields,
        ..ContactsExportInput::new()
    };
    let bar = progress::bar(progress_visible, Some(100), "exporting");
    let exported = client
        .export_to_file(
            input,
            &args.to,
            PollOptions::default(),
            |a| {
                bar.set_position(a.percent_done.unwrap_or(0).clamp(0, 100).unsigned_abs());
            },
            |_| {},
        )
        .await;
    bar.finish_and_clear();
    let report = exported.map_err(|e| v3_failure(e, "the export"))?;
    let contacts = report
        .activity
        .status
        .as_ref()
        .and_then(|s| s.items_total_count);
    let file = args.to.display().to_string();
    Ok(Output::message(
        format!(
            "exported {} contact(s) to {file} ({} bytes, {} requests)",
            contacts.map_or_else(|| "the".to_owned(), |n| n.to_string()),
            report.bytes,
            report.requests
        ),
        json!({
            "file": file,
            "activity_id": report.activity.activity_id,
            "contacts": contacts,
            "bytes": report.bytes,
            "requests": report.requests,
        }),
    ))
}

/// FILE must be a file path in a directory that exists: found out after the export, the
/// activity would have been for nothing.
fn check_destination(path: &Path) -> Result<(), Failure> {
    if path.is_dir() {
        return Err(Failure::invalid(format!(
            "--to {} is a directory; give a file path",
            path.display()
        )));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(Failure::invalid(format!(
            "--to {}: the directory {} does not exist (nothing was exported)",
            path.display(),
            dir.display()
        )));
    }
    Ok(())
}
