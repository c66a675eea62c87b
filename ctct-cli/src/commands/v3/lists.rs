//! `ctct v3 lists list|get|create|update|delete`: the account's contact lists. A delete is
//! asynchronous on V3 (an activity); the command waits for it, so when it returns the list
//! is gone.

use ctct_client::v3::{PollOptions, V3Client};
use ctct_models::v3::contact_lists::{
    self, ContactList, ListInput, MembershipCountFilter, WrittenList,
};
use futures_util::TryStreamExt as _;
use serde_json::{Map, Value, json};

use crate::cli_v3::V3ListsCommand;
use crate::failure::{ExitStatus, Failure};
use crate::output::Output;
use crate::progress;
use crate::v3_session::v3_failure;

const COLUMNS: [&str; 5] = [
    "list_id",
    "name",
    "membership_count",
    "favorite",
    "updated_at",
];

fn row(
    id: Option<String>,
    name: Option<String>,
    count: Option<i64>,
    favorite: Option<bool>,
    updated: Option<ctct_models::DateTime>,
) -> Map<String, Value> {
    let mut row = Map::new();
    row.insert("list_id".into(), json!(id));
    row.insert("name".into(), json!(name));
    row.insert("membership_count".into(), json!(count));
    row.insert("favorite".into(), json!(favorite));
    row.insert("updated_at".into(), json!(updated.map(|t| t.to_string())));
    row
}

fn shown(l: ContactList) -> Map<String, Value> {
    row(
        l.list_id.map(String::from),
        l.name,
        l.membership_count,
        l.favorite,
        l.updated_at,
    )
}

fn written(l: WrittenList) -> Map<String, Value> {
    row(
        l.list_id.map(String::from),
        l.name,
        None,
        l.favorite,
        l.updated_at,
    )
}

fn input(name: String, description: Option<String>, favorite: bool) -> ListInput {
    let mut body = ListInput::new(name);
    body.description = description;
    body.favorite = Some(favorite);
    body
}

/// Runs `ctct v3 lists …`.
pub async fn run(
    client: &V3Client,
    cmd: V3ListsCommand,
    progress_visible: bool,
) -> Result<Output, Failure> {
    match cmd {
        V3ListsCommand::List => {
            let request = contact_lists::GetLists::new()
                .include_membership_count(MembershipCountFilter::All)
                .limit(1000);
            let spinner = progress::bar(progress_visible, None, "reading lists");
            let items = client
                .items(request)
                .inspect_ok(|_| spinner.inc(1))
                .try_collect::<Vec<_>>()
                .await;
            spinner.finish_and_clear();
            let lists = items.map_err(|e| v3_failure(e, "lists"))?;
            Ok(Output::table(
                COLUMNS.to_vec(),
                lists.into_iter().map(shown).collect(),
            ))
        }
        V3ListsCommand::Get { id } => {
            let l = client
                .send(
                    contact_lists::GetList::new(id.clone())
                        .include_membership_count(MembershipCountFilter::All),
                )
                .await
                .map_err(|e| v3_failure(e, &format!("list {id}")))?;
            Ok(Output::detail(shown(l)))
        }
        V3ListsCommand::Create {
            name,
            description,
            favorite,
        } => {
            let l = client
                .send(contact_lists::CreateList::new(input(
                    name,
                    description,
                    favorite,
                )))
                .await
                .map_err(|e| v3_failure(e, "the list"))?;
            Ok(Output::detail(written(l)))
        }
        V3ListsCommand::Update {
            id,
            name,
            description,
            favorite,
        } => {
            let l = client
                .send(contact_lists::PutList::new(
                    id.clone(),
                    input(name, description, favorite),
                ))
                .await
                .map_err(|e| v3_failure(e, &format!("list {id}")))?;
            Ok(Output::detail(written(l)))
        }
        V3ListsCommand::Delete { id } => {
            let started = client
                .send(contact_lists::DeleteList::new(id.clone()))
                .await
                .map_err(|e| v3_failure(e, &format!("list {id}")))?;
            let Some(activity) = started.activity_id else {
                // The client reports a delete retried after a lost answer that found the
                // list gone as done, without the lost answer's activity: check it is gone.
                let gone = client
                    .send(contact_lists::GetList::new(id.clone()))
                    .await
                    .is_err_and(|e| e.status() == Some(404));
                if gone {
                    return Ok(Output::message(
                        format!("deleted list {id}"),
                        json!({"deleted": id, "activity_id": null}),
                    ));
                }
                return Err(Failure::new(
                    ExitStatus::Api,
                    "the list delete answered without an activity_id",
                ));
            };
            let bar = progress::bar(progress_visible, Some(100), "deleting the list");
            let done = client
                .wait_for_activity(&activity, PollOptions::default(), |a| {
                    bar.set_position(a.percent_done.unwrap_or(0).clamp(0, 100) as u64);
                })
                .await
                .map_err(|e| v3_failure(e, "the list delete"));
            bar.finish_and_clear();
            let done = done?;
            let errors = done.activity_errors.unwrap_or_default();
            if !errors.is_empty() {
                return Err(Failure::new(
                    ExitStatus::Api,
                    format!("the list delete failed: {}", errors.join("; ")),
                ));
            }
            Ok(Output::message(
                format!("deleted list {id}"),
                json!({"deleted": id, "activity_id": activity}),
            ))
        }
    }
}
