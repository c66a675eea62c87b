//! `ctct events …`: Event Marketing events and their registrants (read only).

use ctct_models::ids::EventId;
use ctct_models::v1::events as api;

use crate::cli::EventsCommand;
use crate::commands::collect;
use crate::context::Context;
use crate::event_records::{EVENT_COLUMNS, REGISTRANT_COLUMNS, event_record, registrant_record};
use crate::failure::Failure;
use crate::ids;
use crate::output::Output;

/// Runs one `events` subcommand.
pub async fn run(ctx: &Context, cmd: EventsCommand) -> Result<Output, Failure> {
    let client = &ctx.client;
    match cmd {
        EventsCommand::List => {
            let items = client.entries(api::ListEvents::new());
            let events = collect(ctx, items, "events").await?;
            Ok(Output::table(
                EVENT_COLUMNS.to_vec(),
                events.iter().map(event_record).collect(),
            ))
        }
        EventsCommand::Get { id } => {
            let id: EventId = ids::parse(client, &id)?;
            let entry = client
                .send(api::GetEvent::new(&id))
                .await
                .map_err(|e| Failure::from_client(e, &format!("event {}", id.tail())))?;
            Ok(Output::detail(event_record(&entry)))
        }
        EventsCommand::Registrants { id } => {
            let id: EventId = ids::parse(client, &id)?;
            let items = client.entries(api::ListRegistrants::new(&id));
            let registrants = collect(ctx, items, &format!("event {}", id.tail())).await?;
            Ok(Output::table(
                REGISTRANT_COLUMNS.to_vec(),
                registrants.iter().map(registrant_record).collect(),
            ))
        }
    }
}
