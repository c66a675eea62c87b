//! `ctct campaigns …`: read, create and schedule email campaigns and read their tracking
//! events, through the campaign and tracking workflows of `ctct-client`.

use ctct_client::workflows::campaigns::Scheduled;
use ctct_client::workflows::tracking::CampaignEvent;
use ctct_client::{Client, Error, Items, WorkflowError};
use ctct_models::DateTime;
use ctct_models::ids::{CampaignId, EmailAddressId, ListId};
use ctct_models::v1::campaigns::{
    self as api, Campaign, CampaignEmail, CampaignStatusFilter, EmailAddressRef,
    EmailContentFormat, YesNo,
};
use ctct_models::v1::contacts::{ContactLists, ContactMembership};
use ctct_models::v1::settings;
use futures_util::{StreamExt as _, TryStreamExt as _};
use serde_json::json;

use crate::campaign_records::{CAMPAIGN_COLUMNS, EVENT_COLUMNS, campaign_record, event_record};
use crate::cli::{CampaignStatusArg, CampaignsCommand, EventKind};
use crate::commands::{Rows, collect};
use crate::confirm::confirm;
use crate::context::Context;
use crate::failure::{ExitStatus, Failure};
use crate::ids;
use crate::output::Output;

fn name(id: &CampaignId) -> String {
    format!("campaign {}", id.tail())
}

/// Runs one `campaigns` subcommand.
pub async fn run(ctx: &Context, cmd: CampaignsCommand) -> Result<Output, Failure> {
    let client = &ctx.client;
    match cmd {
        CampaignsCommand::List { status } => {
            let items = match status {
                None => client.entries(api::ListCampaigns::new()),
                Some(s) => client.entries(api::ListCampaignsByStatus::new(status_filter(s))),
            };
            let campaigns = collect(ctx, items, "campaigns").await?;
            Ok(Output::table(
                CAMPAIGN_COLUMNS.to_vec(),
                campaigns.iter().map(campaign_record).collect(),
            ))
        }
        CampaignsCommand::Get { id } => {
            let id: CampaignId = ids::parse(client, &id)?;
            let entry = client
                .send(api::GetCampaign::new(&id))
                .await
                .map_err(|e| Failure::from_client(e, &name(&id)))?;
            Ok(Output::detail(campaign_record(&entry)))
        }
        CampaignsCommand::Create {
            name: campaign_name,
            subject,
            from_email,
            from_name,
            html,
            lists,
        } => {
            let lists: Vec<ListId> = ids::parse_all(client, &lists)?;
            let content = std::fs::read_to_string(&html).map_err(|e| {
                Failure::invalid(format!("cannot read the HTML file {}: {e}", html.display()))
            })?;
            let from = sender(ctx, &from_email).await?;
            let from_name =
                from_name.unwrap_or_else(|| client.username().unwrap_or_default().to_owned());
            let campaign = Campaign {
                name: Some(campaign_name.clone()),
                subject: Some(subject.clone()),
                from_name: Some(from_name),
                from_email: Some(from.clone()),
                reply_to_email: Some(from),
                view_as_webpage: Some(YesNo::No),
                permission_reminder: Some(YesNo::No),
                include_forward_email: Some(YesNo::No),
                include_subscribe_link: Some(YesNo::No),
                email_content_format: Some(EmailContentFormat::Html),
                email_content: Some(content),
                email_text_content: Some(format!("<Text>{subject}</Text>")),
                contact_lists: Some(ContactLists {
                    lists: lists
                        .iter()
                        .map(|l| ContactMembership {
                            id: Some(l.uri()),
                            ..ContactMembership::default()
                        })
                        .collect(),
                }),
                ..Campaign::default()
            };
            let id = client.create_campaign(&campaign).await.map_err(|e| {
                Failure::from_client(e, &format!("a campaign named {campaign_name:?}"))
            })?;
            Ok(Output::message(
                format!("Created draft campaign {} ({campaign_name:?}).", id.tail()),
                json!({ "id": id.tail(), "uri": id.uri(), "name": campaign_name }),
            ))
        }
        CampaignsCommand::Schedule { id, at } => {
            let id: CampaignId = ids::parse(client, &id)?;
            let when: DateTime = at.parse().map_err(|_| {
                Failure::invalid(format!(
                    "invalid --at {at:?}: expected RFC 3339 such as 2026-12-01T09:00:00Z"
                ))
            })?;
            let done = client
                .schedule_campaign(&id, when)
                .await
                .map_err(|e| match e {
                    Error::Workflow(
                        e @ (WorkflowError::ScheduleTooSoon { .. }
                        | WorkflowError::CampaignRunning { .. }),
                    ) => Failure::invalid(e.to_string()),
                    other => Failure::from_client(other, &name(&id)),
                })?;
            let verb = match done {
                Scheduled::Created => "Scheduled",
                Scheduled::Moved => "Moved the schedule of",
            };
            let at = when.to_utc();
            Ok(Output::message(
                format!("{verb} campaign {} for {at}.", id.tail()),
                json!({ "id": id.tail(), "scheduled": at.to_string(), "moved": done == Scheduled::Moved }),
            ))
        }
        CampaignsCommand::Unschedule { id } => {
            let id: CampaignId = ids::parse(client, &id)?;
            confirm(
                ctx.consent,
                &format!("unschedule campaign {}", id.tail()),
                "the campaign goes back to Draft and will not be sent",
            )?;
            let had = client
                .unschedule_campaign(&id)
                .await
                .map_err(|e| Failure::from_client(e, &name(&id)))?;
            let text = if had {
                format!("Unscheduled campaign {}.", id.tail())
            } else {
                format!("Campaign {} was not scheduled; nothing changed.", id.tail())
            };
            Ok(Output::message(
                text,
                json!({ "id": id.tail(), "unscheduled": had }),
            ))
        }
        CampaignsCommand::Events { id, kind } => {
            let id: CampaignId = ids::parse(client, &id)?;
            let mut rows = Rows::new(ctx, EVENT_COLUMNS.to_vec());
            rows.read(ctx, events(client, &id, kind), &name(&id), |e| {
                Some(event_record(e))
            })
            .await?;
            Ok(rows.finish())
        }
    }
}

fn status_filter(s: CampaignStatusArg) -> CampaignStatusFilter {
    match s {
        CampaignStatusArg::Draft => CampaignStatusFilter::Draft,
        CampaignStatusArg::Running => CampaignStatusFilter::Running,
        CampaignStatusArg::Sent => CampaignStatusFilter::Sent,
        CampaignStatusArg::Scheduled => CampaignStatusFilter::Scheduled,
    }
}

/// The tracking events of one kind (or all), as one stream of [`CampaignEvent`]s.
fn events(
    client: &Client,
    id: &CampaignId,
    kind: EventKind,
) -> futures_util::stream::BoxStream<'static, Result<CampaignEvent, Error>> {
    fn wrap<T: Send + 'static>(
        items: Items<T>,
        f: fn(T) -> CampaignEvent,
    ) -> futures_util::stream::BoxStream<'static, Result<CampaignEvent, Error>> {
        items.map_ok(f).boxed()
    }
    match kind {
        EventKind::All => client.campaign_events(id, None).boxed(),
        EventKind::Sends => wrap(client.campaign_sends(id, None), CampaignEvent::Sent),
        EventKind::Opens => wrap(client.campaign_opens(id, None), CampaignEvent::Open),
        EventKind::Clicks => wrap(client.campaign_clicks(id, None), CampaignEvent::Click),
        EventKind::Bounces => wrap(client.campaign_bounces(id, None), CampaignEvent::Bounce),
        EventKind::Forwards => wrap(client.campaign_forwards(id, None), CampaignEvent::Forward),
        EventKind::OptOuts => wrap(client.campaign_optouts(id, None), CampaignEvent::OptOut),
    }
}

/// The account address `from` as a campaign's sender, or not found naming the known ones.
async fn sender(ctx: &Context, from: &str) -> Result<CampaignEmail, Failure> {
    let wanted = from.trim().to_lowercase();
    let addresses = collect(
        ctx,
        ctx.client.entries(settings::ListEmailAddresses::new()),
        "the account's email addresses",
    )
    .await?;
    let mut known = Vec::new();
    for entry in &addresses {
        let Some(address) = entry.content.email_address.as_deref() else {
            continue;
        };
        if address.trim().eq_ignore_ascii_case(&wanted) {
            let id = entry.content.resource_id().ok().or_else(|| {
                entry
                    .id
                    .as_deref()
                    .and_then(|i| EmailAddressId::parse(i).ok())
            });
            return Ok(CampaignEmail {
                email: id.map(|id| EmailAddressRef {
                    id: Some(id.uri()),
                    links: Vec::new(),
                }),
                email_address: Some(address.to_owned()),
            });
        }
        known.push(address.to_owned());
    }
    Err(Failure::new(
        ExitStatus::NotFound,
        format!("{from:?} is not one of the account's email addresses"),
    )
    .with_hint(format!("use one of: {}", known.join(", "))))
}
