//! `ctct v3 emails list|get|create|activity|schedule|unschedule|test-send|delete`: the
//! everyday jobs of V3 email campaigns. A campaign holds activities; its `primary_email`
//! activity is the one that carries the content and is scheduled and sent, so the commands
//! that act on a send take an activity id (shown by `emails get`). Dates are RFC 3339 or a
//! plain `YYYY-MM-DD` (its midnight UTC). Needs a token granted `campaign_data`.

use std::path::PathBuf;

use clap::Subcommand;
use ctct_client::v3::V3Client;
use ctct_models::DateTime;
use ctct_models::v3::common::{CampaignActivityId, CampaignId, ListId};
use ctct_models::v3::emails::{
    CampaignActivityRole, CreateEmailCampaign, DeleteEmailCampaign, EmailCampaign,
    EmailCampaignActivity, EmailCampaignActivityInput, EmailCampaignComplete, EmailCampaignSummary,
    EmailScheduleInput, EmailTestSendInput, GetEmailCampaign, GetEmailCampaignActivity,
    GetEmailCampaigns, ScheduleEmailCampaignActivity, TestSendEmailCampaignActivity,
    UnscheduleEmailCampaignActivity,
};
use futures_util::TryStreamExt as _;
use serde_json::{Map, Value, json};

use crate::failure::Failure;
use crate::output::Output;
use crate::v3_session::v3_failure;

/// Custom-code HTML, the format the API creates from `html_content`.
const CUSTOM_CODE_FORMAT: i64 = 5;

/// `ctct v3 emails …`
#[derive(Debug, Subcommand)]
pub enum V3EmailsCommand {
    /// List the email campaigns (removed ones too), newest first.
    List {
        /// Only campaigns changed after this date.
        #[arg(long, value_name = "DATE")]
        after: Option<String>,
        /// Only campaigns changed before this date.
        #[arg(long, value_name = "DATE")]
        before: Option<String>,
    },
    /// Show one campaign with the ids of its activities.
    Get {
        /// The campaign's id.
        id: String,
    },
    /// Create a campaign from an HTML file (custom-code format).
    #[command(
        after_help = "The sender addresses must be confirmed addresses of the account (see \
`ctct v3 account`); include [[trackingImage]] in the HTML for opens to be counted.\nExample:\n  \
ctct v3 emails create --name 'May news' --subject 'Fresh tulips' --from-name \"Joe's Flowers\" \
--from-email owner@joesflowers.example --html-file may.html"
    )]
    Create {
        /// The campaign's name (unique in the account, at most 80 characters).
        #[arg(long)]
        name: String,
        /// The subject line.
        #[arg(long)]
        subject: String,
        /// The sender's name.
        #[arg(long)]
        from_name: String,
        /// The sender's address.
        #[arg(long)]
        from_email: String,
        /// Where replies go (default: the sender's address).
        #[arg(long)]
        reply_to: Option<String>,
        /// The HTML content.
        #[arg(long, value_name = "FILE")]
        html_file: PathBuf,
    },
    /// Show one activity: its status, sender, subject, lists and segments.
    Activity {
        /// The activity's id.
        id: String,
    },
    /// Schedule an activity to be sent at a date (to the lists given, or those it has).
    #[command(
        after_help = "Example:\n  ctct v3 emails schedule 9c2e… --at 2026-05-01T09:00:00Z --list 2f8e…"
    )]
    Schedule {
        /// The activity's id (the campaign's primary_email activity).
        id: String,
        /// When to send (a date already past sends at once).
        #[arg(long, value_name = "DATE")]
        at: String,
        /// A contact list to send to (repeat for several): replaces the activity's lists
        /// before it is scheduled. Without it, the activity's own lists or segments are used.
        #[arg(long = "list", value_name = "ID")]
        lists: Vec<String>,
    },
    /// Take an activity's schedule away (it goes back to a draft).
    Unschedule {
        /// The activity's id.
        id: String,
    },
    /// Send a test of an activity to 1 to 5 addresses.
    TestSend {
        /// The activity's id.
        id: String,
        /// An address to send to (repeat, 1 to 5).
        #[arg(long = "to", value_name = "EMAIL", required = true)]
        to: Vec<String>,
        /// A note shown above the email.
        #[arg(long)]
        message: Option<String>,
    },
    /// Delete a campaign (it is kept with the status Removed).
    Delete {
        /// The campaign's id.
        id: String,
    },
}

/// An id as typed: one UUID-like word, or a usage failure naming the value.
fn id_text(what: &str, text: &str) -> Result<String, Failure> {
    let t = text.trim();
    if t.is_empty() || t.contains(['/', '?', '#', ' ']) {
        return Err(Failure::invalid(format!("{what} id {text:?} is not an id")));
    }
    Ok(t.to_owned())
}

const COLUMNS: [&str; 5] = ["campaign_id", "name", "status", "created_at", "updated_at"];

fn time(t: Option<DateTime>) -> Value {
    json!(t.map(|t| t.to_string()))
}

fn summary(c: EmailCampaignSummary) -> Map<String, Value> {
    let mut row = Map::new();
    row.insert("campaign_id".into(), json!(c.campaign_id));
    row.insert("name".into(), json!(c.name));
    row.insert(
        "status".into(),
        json!(c.current_status.as_ref().map(|s| s.as_str().to_owned())),
    );
    row.insert("created_at".into(), time(c.created_at));
    row.insert("updated_at".into(), time(c.updated_at));
    row
}

fn campaign(c: EmailCampaign) -> Map<String, Value> {
    let primary = primary_activity(&c).cloned();
    let activities: Vec<Value> = c
        .campaign_activities
        .unwrap_or_default()
        .into_iter()
        .map(|a| {
            json!({
                "role": a.role.as_ref().map(|r| r.as_str().to_owned()),
                "campaign_activity_id": a.campaign_activity_id,
            })
        })
        .collect();
    let mut row = summary(EmailCampaignSummary {
        campaign_id: c.campaign_id,
        name: c.name,
        current_status: c.current_status,
        created_at: c.created_at,
        updated_at: c.updated_at,
        ..EmailCampaignSummary::default()
    });
    row.insert("primary_activity_id".into(), json!(primary));
    row.insert("activities".into(), Value::Array(activities));
    row
}

fn activity(a: EmailCampaignActivity) -> Map<String, Value> {
    let mut row = Map::new();
    row.insert("campaign_activity_id".into(), json!(a.campaign_activity_id));
    row.insert("campaign_id".into(), json!(a.campaign_id));
    row.insert(
        "role".into(),
        json!(a.role.as_ref().map(|r| r.as_str().to_owned())),
    );
    row.insert(
        "status".into(),
        json!(a.current_status.as_ref().map(|s| s.as_str().to_owned())),
    );
    row.insert("subject".into(), json!(a.subject));
    row.insert("from_name".into(), json!(a.from_name));
    row.insert("from_email".into(), json!(a.from_email));
    row.insert("reply_to_email".into(), json!(a.reply_to_email));
    row.insert(
        "contact_list_ids".into(),
        json!(a.contact_list_ids.unwrap_or_default()),
    );
    row.insert(
        "segment_ids".into(),
        json!(a.segment_ids.unwrap_or_default()),
    );
    row
}

/// Runs `ctct v3 emails …`.
pub async fn run(client: &V3Client, cmd: V3EmailsCommand) -> Result<Output, Failure> {
    match cmd {
        V3EmailsCommand::List { after, before } => {
            let mut query = GetEmailCampaigns::new().limit(500);
            if let Some(after) = after {
                query = query.after_date(crate::dates::parse("--after", &after)?);
            }
            if let Some(before) = before {
                query = query.before_date(crate::dates::parse("--before", &before)?);
            }
            let campaigns: Vec<EmailCampaignSummary> = client
                .items(query)
                .try_collect()
                .await
                .map_err(|e| v3_failure(e, "email campaigns"))?;
            Ok(Output::table(
                COLUMNS.to_vec(),
                campaigns.into_iter().map(summary).collect(),
            ))
        }
        V3EmailsCommand::Get { id } => {
            let id = CampaignId::from(id_text("campaign", &id)?);
            let c = client
                .send(GetEmailCampaign::new(id.clone()))
                .await
                .map_err(|e| v3_failure(e, &format!("campaign {id}")))?;
            Ok(Output::detail(campaign(c)))
        }
        V3EmailsCommand::Create {
            name,
            subject,
            from_name,
            from_email,
            reply_to,
            html_file,
        } => {
            let html = tokio::fs::read_to_string(&html_file).await.map_err(|e| {
                Failure::invalid(format!(
                    "cannot read --html-file {}: {e}",
                    html_file.display()
                ))
            })?;
            let reply_to = reply_to.unwrap_or_else(|| from_email.clone());
            let content = EmailCampaignActivityInput::new(
                CUSTOM_CODE_FORMAT,
                from_name,
                from_email,
                reply_to,
                subject,
                html,
            );
            let c = client
                .send(CreateEmailCampaign::new(EmailCampaignComplete::new(
                    name.clone(),
                    vec![content],
                )))
                .await
                .map_err(|e| v3_failure(e, &format!("a campaign named {name:?}")))?;
            Ok(Output::detail(campaign(c)))
        }
        V3EmailsCommand::Activity { id } => {
            let id = CampaignActivityId::from(id_text("activity", &id)?);
            let a = client
                .send(GetEmailCampaignActivity::new(id.clone()))
                .await
                .map_err(|e| v3_failure(e, &format!("activity {id}")))?;
            Ok(Output::detail(activity(a)))
        }
        V3EmailsCommand::Schedule { id, at, lists } => {
            let id = CampaignActivityId::from(id_text("activity", &id)?);
            let when = crate::dates::parse("--at", &at)?;
            let what = format!("activity {id}");
            if lists.is_empty() {
                client
                    .send(ScheduleEmailCampaignActivity::new(
                        id.clone(),
                        EmailScheduleInput::new(when),
                    ))
                    .await
                    .map_err(|e| v3_failure(e, &what))?;
            } else {
                let lists = lists
                    .iter()
                    .map(|l| id_text("list", l).map(ListId::from))
                    .collect::<Result<Vec<_>, _>>()?;
                client
                    .schedule_email_to(id.clone(), lists, when)
                    .await
                    .map_err(|e| v3_failure(e, &what))?;
            }
            Ok(Output::message(
                format!("activity {id} is scheduled for {when}"),
                json!({"scheduled": id, "scheduled_date": when.to_string()}),
            ))
        }
        V3EmailsCommand::Unschedule { id } => {
            let id = CampaignActivityId::from(id_text("activity", &id)?);
            client
                .send(UnscheduleEmailCampaignActivity::new(id.clone()))
                .await
                .map_err(|e| v3_failure(e, &format!("activity {id}")))?;
            Ok(Output::message(
                format!("activity {id} is no longer scheduled"),
                json!({"unscheduled": id}),
            ))
        }
        V3EmailsCommand::TestSend { id, to, message } => {
            let id = CampaignActivityId::from(id_text("activity", &id)?);
            if to.len() > 5 {
                return Err(Failure::invalid(format!(
                    "--to is given {} times: a test goes to at most 5 addresses",
                    to.len()
                )));
            }
            let mut body = EmailTestSendInput::new(to.clone());
            body.personal_message = message;
            client
                .send(TestSendEmailCampaignActivity::new(id.clone(), body))
                .await
                .map_err(|e| v3_failure(e, &format!("activity {id}")))?;
            Ok(Output::message(
                format!("a test of activity {id} went to {}", to.join(", ")),
                json!({"tested": id, "to": to}),
            ))
        }
        V3EmailsCommand::Delete { id } => {
            let id = CampaignId::from(id_text("campaign", &id)?);
            client
                .send(DeleteEmailCampaign::new(id.clone()))
                .await
                .map_err(|e| v3_failure(e, &format!("campaign {id}")))?;
            Ok(Output::message(
                format!("deleted campaign {id}"),
                json!({"deleted": id}),
            ))
        }
    }
}

/// The id of the activity a campaign sends (its `primary_email`): the one to schedule.
fn primary_activity(c: &EmailCampaign) -> Option<&CampaignActivityId> {
    c.campaign_activities
        .as_deref()?
        .iter()
        .find(|a| a.role == Some(CampaignActivityRole::PrimaryEmail))?
        .campaign_activity_id
        .as_ref()
}
