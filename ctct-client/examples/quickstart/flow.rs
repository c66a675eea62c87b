//! The steps of Constant Contact's V3 quick start (`docs/v3/overview.md#quick-start`), shared by the example and its test.
//!
//! 1. authorize (authorization code with PKCE; the sandbox consents by itself),
//! 2. list contacts,
//! 3. pick a list (the first one, or create one in an empty account),
//! 4. import the CSV into it,
//! 5. poll the activity until `percent_done` is 100 and `completed_at` is set,
//! 6. report the counts and every error the server found,
//! 7. list contacts with `include=list_memberships` and keep the imported ones.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use ctct_client::transport::{HttpRequest, Method, Transport as _};
use ctct_client::v3::oauth::{MemoryTokenStore, OAuthApp, OAuthClient, OAuthSession};
use ctct_client::v3::{PollOptions, V3Client, csv::read_table};
use ctct_client::{Client, ConfigError};
use ctct_models::v3::activities::Activity;
use ctct_models::v3::common::ListId;
use ctct_models::v3::contact_lists::{self, ContactLists, ListInput};
use ctct_models::v3::contacts::{self, ContactInclude};
use futures_util::TryStreamExt as _;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// What the quick start fails with: a client error, or a message of its own (the
/// authorization server did not redirect, an answer lacks an id).
pub type Failure = Box<dyn std::error::Error + Send + Sync>;

/// What the quick start found.
#[derive(Debug)]
pub struct Report {
    /// How many contacts the account had before the import (first page).
    pub contacts_before: usize,
    /// The list the contacts went into.
    pub list_id: ListId,
    /// The finished import activity: counts and errors.
    pub activity: Activity,
    /// The imported contacts found afterwards: email and list memberships.
    pub imported: Vec<(String, Vec<ListId>)>,
}

/// Logs in to an authorization server that consents by itself (the sandbox): opens the
/// authorization URL like a browser would, reads the redirect, exchanges the code.
pub async fn authorize_automatically(app: OAuthApp) -> Result<Arc<OAuthSession>, Failure> {
    let oauth = OAuthClient::with_http(app, Client::builder().build()?);
    let request = oauth.authorization_request()?;
    let browser = ctct_client::reqwest_transport::ReqwestTransport::new(Duration::from_secs(10))
        .map_err(|source| ConfigError::TransportSetup { source })?;
    let answer = browser
        .send(HttpRequest {
            method: Method::Get,
            url: request.url().to_owned(),
            headers: Vec::new(),
            body: None,
            max_response_bytes: 64 * 1024,
        })
        .await
        .map_err(|e| format!("the authorization page did not answer: {e}"))?;
    let redirect = answer
        .header("location")
        .filter(|_| answer.status == 302 || answer.status == 303)
        .ok_or_else(|| {
            format!(
                "the authorization server answered {} instead of redirecting back: {}",
                answer.status,
                ctct_client::error::excerpt(&String::from_utf8_lossy(&answer.body))
            )
        })?
        .to_owned();
    let tokens = oauth.complete(&request, &redirect).await?;
    let session = OAuthSession::new(oauth, Arc::new(MemoryTokenStore::new()));
    session.set_tokens(tokens).await?;
    Ok(Arc::new(session))
}

/// Runs steps 2 to 7 with `client`, importing `csv` into `list_id` (or the account's first
/// list); `say` gets one line per step.
pub async fn run(
    client: &V3Client,
    csv: &str,
    list_id: Option<&str>,
    say: &mut dyn FnMut(String),
) -> Result<Report, Failure> {
    // Step 2: the contacts already there (a new account has one: its owner).
    let first_page = client.send(contacts::GetContacts::new()).await?;
    let contacts_before = first_page.contacts.unwrap_or_default().len();
    say(format!(
        "GET /contacts: {contacts_before} contact(s) on the first page"
    ));

    // Step 3: a list_id to import into.
    let list_id = match list_id {
        Some(id) => ListId::from(id),
        None => pick_list(client, say).await?,
    };

    // Step 4: the import.
    let table = read_table(csv)?;
    let emails: BTreeSet<String> = table
        .columns
        .iter()
        .position(|c| c.trim().eq_ignore_ascii_case("email"))
        .map(|at| {
            table
                .rows
                .iter()
                .filter_map(|r| r.get(at))
                .map(|e| e.trim().to_lowercase())
                .filter(|e| !e.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let started = client
        .import_csv(csv, std::slice::from_ref(&list_id), None)
        .await?;
    let activity_id = started
        .activity_id
        .clone()
        .ok_or("the import answered without an activity_id")?;
    say(format!(
        "POST /activities/contacts_file_import: {} row(s) sent, activity {activity_id}",
        table.rows.len()
    ));

    // Step 5: poll, with a progress bar on a terminal (nothing is drawn otherwise).
    let bar = ProgressBar::with_draw_target(Some(100), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{spinner} import {bar:30} {pos:>3}% {msg}") {
        bar.set_style(style);
    }
    let activity = client
        .wait_for_activity(&activity_id, PollOptions::default(), |a| {
            bar.set_position(a.percent_done.unwrap_or(0).clamp(0, 100) as u64);
            bar.set_message(a.state.as_ref().map_or("", |s| s.as_str()).to_owned());
        })
        .await;
    bar.finish_and_clear();
    let activity = activity?;

    // Step 6: the counts and the errors, all of them.
    let status = activity.status.clone().unwrap_or_default();
    say(format!(
        "activity {activity_id}: {} ({}% done, completed_at {}): {} contact(s) imported, {} error(s), {} correctable, {} not added to the list",
        activity.state.as_ref().map_or("unknown", |s| s.as_str()),
        activity.percent_done.unwrap_or(0),
        activity
            .completed_at
            .as_ref()
            .map_or_else(|| "unset".to_owned(), |t| t.to_string()),
        status.person_count.unwrap_or(0),
        status.error_count.unwrap_or(0),
        status.correctable_count.unwrap_or(0),
        status.cannot_add_to_list_count.unwrap_or(0),
    ));
    for error in activity.activity_errors.iter().flatten() {
        say(format!("  import error: {error}"));
    }

    // Step 7: every contact with its list memberships; keep the imported ones.
    let request = contacts::GetContacts::new()
        .include([ContactInclude::ListMemberships])
        .limit(500);
    let all: Vec<_> = client.items(request).try_collect().await?;
    let imported: Vec<(String, Vec<ListId>)> = all
        .into_iter()
        .filter_map(|c| {
            let email = c.email_address?.address?;
            emails
                .contains(&email.to_lowercase())
                .then(|| (email, c.list_memberships.unwrap_or_default()))
        })
        .collect();
    say(format!(
        "GET /contacts?include=list_memberships: {} imported contact(s)",
        imported.len()
    ));
    for (email, lists) in &imported {
        let lists: Vec<&str> = lists.iter().map(|l| l.as_str()).collect();
        say(format!("  {email}: lists {}", lists.join(", ")));
    }
    Ok(Report {
        contacts_before,
        list_id,
        activity,
        imported,
    })
}

async fn pick_list(client: &V3Client, say: &mut dyn FnMut(String)) -> Result<ListId, Failure> {
    let lists: ContactLists = client.send(contact_lists::GetLists::new()).await?;
    let first = lists
        .lists
        .unwrap_or_default()
        .into_iter()
        .find_map(|l| Some((l.list_id?, l.name.unwrap_or_default())));
    if let Some((id, name)) = first {
        say(format!("GET /contact_lists: using list {name:?} ({id})"));
        return Ok(id);
    }
    let created = client
        .send(contact_lists::CreateList::new(
            (ListInput::new("ctct-rs quick start".to_owned())).clone(),
        ))
        .await?;
    let id = created.list_id.ok_or("the new list has no list_id")?;
    say(format!("GET /contact_lists: none yet; created list {id}"));
    Ok(id)
}
