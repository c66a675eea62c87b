//! `ctct v3 segments list|get|create|update|rename|delete`: saved contact queries. The
//! criteria are JSON text, given on the command line or in a file, and checked by
//! [`super::segment_criteria`] before anything is sent. Segment ids are integers on V3; an id
//! that is not one is refused here, naming it.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use ctct_client::v3::V3Client;
use ctct_models::v3::segments::{
    CreateSegment, DeleteSegment, GetSegment, GetSegments, PutSegment, RenameSegment,
    SegmentDataInput, SegmentDetail, SegmentNameInput, SegmentSummary,
};
use futures_util::TryStreamExt as _;
use serde_json::{Map, Value, json};

use super::segment_criteria;
use crate::failure::Failure;
use crate::output::Output;
use crate::v3_session::v3_failure;

/// `ctct v3 segments …`
#[derive(Debug, Subcommand)]
pub enum V3SegmentsCommand {
    /// List the segments (without their criteria).
    List {
        /// The order: newest change first (`date`, the default) or by name.
        #[arg(long, value_enum, default_value = "date")]
        sort_by: SegmentOrder,
    },
    /// Show one segment with its criteria (a deleted one too).
    Get {
        /// The segment's id (an integer).
        id: String,
    },
    /// Create a segment.
    #[command(
        after_help = "Example:\n  ctct v3 segments create --name Bostonians --criteria \
'{\"version\":\"1.0.0\",\"criteria\":{\"type\":\"and\",\"group\":[{\"source\":\"contact\",\
\"field\":\"city\",\"op\":\"eq\",\"const_value\":\"Boston\"}]}}'"
    )]
    Create {
        /// The name (unique in the account).
        #[arg(long)]
        name: String,
        /// The criteria.
        #[command(flatten)]
        criteria: CriteriaArgs,
    },
    /// Replace a segment's criteria (and its name, when given).
    Update {
        /// The segment's id.
        id: String,
        /// The new name (default: the segment keeps its name).
        #[arg(long)]
        name: Option<String>,
        /// The new criteria.
        #[command(flatten)]
        criteria: CriteriaArgs,
    },
    /// Rename a segment.
    Rename {
        /// The segment's id.
        id: String,
        /// The new name.
        #[arg(long)]
        name: String,
    },
    /// Delete a segment (it stays readable by id).
    Delete {
        /// The segment's id.
        id: String,
    },
}

/// The criteria of a segment: JSON text, or a file holding it.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct CriteriaArgs {
    /// The criteria as JSON text.
    #[arg(long, value_name = "JSON")]
    criteria: Option<String>,
    /// A file holding the criteria JSON.
    #[arg(long, value_name = "FILE")]
    criteria_file: Option<PathBuf>,
}

impl CriteriaArgs {
    /// The checked, compact criteria text.
    async fn text(&self) -> Result<String, Failure> {
        match (&self.criteria, &self.criteria_file) {
            (Some(text), _) => segment_criteria::checked(text),
            (None, Some(path)) => {
                let text = tokio::fs::read_to_string(path).await.map_err(|e| {
                    Failure::invalid(format!(
                        "cannot read --criteria-file {}: {e}",
                        path.display()
                    ))
                })?;
                segment_criteria::checked(&text)
                    .map_err(|f| Failure::invalid(format!("{}: {f}", path.display())))
            }
            (None, None) => Err(Failure::usage(
                "give --criteria JSON or --criteria-file FILE",
            )),
        }
    }
}

/// How `segments list` orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SegmentOrder {
    /// Newest change first.
    Date,
    /// By name.
    Name,
}

/// A segment id: V3 numbers segments.
///
/// # Errors
///
/// An invalid-input failure (exit 5) naming the value when it is not an integer.
pub fn segment_id(text: &str) -> Result<i64, Failure> {
    text.trim().parse().map_err(|_| {
        Failure::invalid(format!(
            "segment id {text:?} is not an integer (V3 segment ids are numbers)"
        ))
    })
}

const COLUMNS: [&str; 4] = ["segment_id", "name", "created_at", "edited_at"];

fn summary(s: SegmentSummary) -> Map<String, Value> {
    let mut row = Map::new();
    row.insert("segment_id".into(), json!(s.segment_id));
    row.insert("name".into(), json!(s.name));
    row.insert(
        "created_at".into(),
        json!(s.created_at.map(|t| t.to_string())),
    );
    row.insert(
        "edited_at".into(),
        json!(s.edited_at.map(|t| t.to_string())),
    );
    row
}

fn detail(s: SegmentDetail) -> Map<String, Value> {
    let mut row = summary(SegmentSummary {
        name: s.name,
        segment_id: s.segment_id,
        created_at: s.created_at,
        edited_at: s.edited_at,
        ..SegmentSummary::default()
    });
    row.insert("segment_criteria".into(), json!(s.segment_criteria));
    row
}

/// Runs `ctct v3 segments …`.
pub async fn run(client: &V3Client, cmd: V3SegmentsCommand) -> Result<Output, Failure> {
    match cmd {
        V3SegmentsCommand::List { sort_by } => {
            let order = match sort_by {
                SegmentOrder::Date => "date",
                SegmentOrder::Name => "name",
            };
            let segments: Vec<SegmentSummary> = client
                .items(GetSegments::new().limit(1000).sort_by(order))
                .try_collect()
                .await
                .map_err(|e| v3_failure(e, "segments"))?;
            Ok(Output::table(
                COLUMNS.to_vec(),
                segments.into_iter().map(summary).collect(),
            ))
        }
        V3SegmentsCommand::Get { id } => {
            let n = segment_id(&id)?;
            let s = client
                .send(GetSegment::new(n))
                .await
                .map_err(|e| v3_failure(e, &format!("segment {n}")))?;
            Ok(Output::detail(detail(s)))
        }
        V3SegmentsCommand::Create { name, criteria } => {
            let text = criteria.text().await?;
            let s = client
                .send(CreateSegment::new(SegmentDataInput::new(
                    name.clone(),
                    text,
                )))
                .await
                .map_err(|e| v3_failure(e, &format!("a segment named {name:?}")))?;
            Ok(Output::detail(detail(s)))
        }
        V3SegmentsCommand::Update { id, name, criteria } => {
            let n = segment_id(&id)?;
            let text = criteria.text().await?;
            let name = match name {
                Some(name) => name,
                None => client
                    .send(GetSegment::new(n))
                    .await
                    .map_err(|e| v3_failure(e, &format!("segment {n}")))?
                    .name
                    .unwrap_or_default(),
            };
            let s = client
                .send(PutSegment::new(n, SegmentDataInput::new(name, text)))
                .await
                .map_err(|e| v3_failure(e, &format!("segment {n}")))?;
            Ok(Output::detail(detail(s)))
        }
        V3SegmentsCommand::Rename { id, name } => {
            let n = segment_id(&id)?;
            let s = client
                .send(RenameSegment::new(n, SegmentNameInput::new(name)))
                .await
                .map_err(|e| v3_failure(e, &format!("segment {n}")))?;
            Ok(Output::detail(detail(s)))
        }
        V3SegmentsCommand::Delete { id } => {
            let n = segment_id(&id)?;
            client
                .send(DeleteSegment::new(n))
                .await
                .map_err(|e| v3_failure(e, &format!("segment {n}")))?;
            Ok(Output::message(
                format!("deleted segment {n}"),
                json!({"deleted": n}),
            ))
        }
    }
}
