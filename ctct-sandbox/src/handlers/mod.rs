//! The request pipeline: faults, account and credential checks, routing, then one handler
//! per resource family.

mod activities;
mod campaigns;
mod contacts;
mod events;
mod lists;
mod service;
mod settings;
mod summary;
mod tracking;

use std::sync::{Arc, MutexGuard};

use axum::Extension;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use ctct_models::atom::{AtomPayload, Entry, Head, Link, Person, Text};
use ctct_models::ids::API_HOST;

use crate::App;
use crate::faults::Effect;
use crate::respond::{ApiError, text_error};
use crate::routing::{parse_query, route};
use crate::server::ConnKill;
use crate::store::Store;

/// What a handler gets: the matched request and the account.
pub(crate) struct Call<'a> {
    pub app: &'a Arc<App>,
    pub params: Vec<&'a str>,
    pub query: Vec<(String, String)>,
    pub headers: &'a HeaderMap,
    pub body: Bytes,
}

impl Call<'_> {
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.app.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn username(&self) -> &str {
        &self.app.creds.username
    }

    /// All values of query parameter `name`.
    pub fn query_all(&self, name: &str) -> Vec<&str> {
        self.query
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The first value of query parameter `name`.
    pub fn query_one(&self, name: &str) -> Option<&str> {
        self.query_all(name).into_iter().next()
    }

    /// The account base path, `/ws/customers/{username}`.
    pub fn base_path(&self) -> String {
        format!("/ws/customers/{}", self.username())
    }

    /// The canonical `http://` URI of a resource under the account.
    pub fn uri(&self, rest: &str) -> String {
        format!("http://{API_HOST}{}{rest}", self.base_path())
    }

    /// An absolute URL of this sandbox for `Location` headers, at the origin the caller used
    /// (its `Host`, or a proxy's forwarded host and scheme), never the bind address.
    pub fn location(&self, rest: &str) -> String {
        match crate::origin::request_origin(self.headers) {
            Some(origin) => format!("{origin}{}{rest}", self.base_path()),
            None => self.uri(rest),
        }
    }

    /// Decodes the Atom entry body of a write, answering as the server does: 415 for a wrong
    /// `Content-Type`, 400 for malformed XML, 500 for a wrong-case `OptInSource`.
    pub fn entry<T: AtomPayload>(&self) -> Result<Entry<T>, ApiError> {
        let ct = self
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let media = ct.split(';').next().unwrap_or("").trim();
        if !media.eq_ignore_ascii_case(ctct_models::ATOM_MEDIA_TYPE) {
            return Err(ApiError::new(
                415,
                format!(
                    "Unsupported Media Type: expected {}",
                    ctct_models::ATOM_MEDIA_TYPE
                ),
            ));
        }
        let text = std::str::from_utf8(&self.body)
            .map_err(|_| ApiError::bad_request("The request body is not UTF-8"))?;
        Entry::<T>::from_xml(text)
            .map_err(|e| ApiError::bad_request(crate::bad_body::describe(T::ELEMENT, text, &e)))
    }

    /// The feed head every collection carries; `rel` links point at `collection`.
    pub fn head(&self, collection: &str, title: String, next: Option<String>) -> Head {
        let path = format!("{}/{collection}", self.base_path());
        let mut links = vec![
            Link::new(collection, None),
            Link::new(collection, Some("self")),
        ];
        if let Some(n) = next {
            links.push(Link::new(n, Some("next")));
        }
        links.push(Link::new(path.clone(), Some("first")));
        links.push(Link::new(path, Some("current")));
        Head {
            id: Some(self.uri(&format!("/{collection}"))),
            title: Some(Text::plain(title)),
            updated: Some(now_ms().to_string()),
            author: Some(Person {
                name: Some(self.username().to_owned()),
                ..Person::default()
            }),
            links,
        }
    }

    /// The `next` href: this request's path and query with the page token replaced.
    pub fn next_href(&self, rest: &str, token: &str) -> String {
        let mut href = format!("{}{rest}", self.base_path());
        let mut sep = '?';
        for (k, v) in self.query.iter().filter(|(k, _)| k != "next") {
            href.push(sep);
            href.push_str(&ctct_models::endpoint::encode_query_value(k));
            href.push('=');
            href.push_str(&ctct_models::endpoint::encode_query_value(v));
            sep = '&';
        }
        href.push(sep);
        href.push_str("next=");
        href.push_str(token);
        href
    }

    /// The keyset position from `next=`, or 400 for a token this sandbox did not issue.
    pub fn page_after(&self) -> Result<Option<u64>, ApiError> {
        match self.query_one("next") {
            None => Ok(None),
            Some(t) => crate::paging::decode(t)
                .map(Some)
                .ok_or_else(|| ApiError::bad_request("Invalid next token")),
        }
    }
}

/// Now, to the millisecond, as the server writes instants.
pub(crate) fn now_ms() -> ctct_models::DateTime {
    ctct_models::DateTime::new(crate::store::truncate_ms(time::OffsetDateTime::now_utc()))
}

/// The author every server-written entry carries.
pub(crate) fn server_author() -> Person {
    Person {
        name: Some("Constant Contact".to_owned()),
        ..Person::default()
    }
}

/// The account-relative part of `path`, if it is under `/ws/customers/{username}`.
fn split_account(path: &str) -> Option<(&str, &str)> {
    let rest = path.strip_prefix("/ws/customers/")?;
    Some(match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    })
}

/// The single axum handler: everything goes through the pipeline here.
pub(crate) async fn dispatch(
    State(app): State<Arc<App>>,
    kill: Option<Extension<ConnKill>>,
    req: Request,
) -> Response {
    let (parts, body) = req.into_parts();
    let path = parts.uri.path().to_owned();
    let fault_path = split_account(&path).map_or(path.as_str(), |(_, rest)| rest);
    let decision = app.faults.decide(parts.method.as_str(), fault_path);
    if !decision.latency.is_zero() {
        tokio::time::sleep(decision.latency).await;
    }
    let mut truncate = false;
    match decision.action {
        Some(Effect::Drop) => {
            if let Some(Extension(k)) = kill {
                k.kill();
            }
            return std::future::pending().await;
        }
        Some(Effect::Status { code, retry_after }) => {
            let mut r = text_error(code, "injected fault (ctct-sandbox)");
            if let Some(s) = retry_after {
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(s));
            }
            return r;
        }
        Some(Effect::Truncate) => truncate = true,
        Some(Effect::Latency(_)) | None => {}
    }
    let Some(body) = read_capped(body, app.max_body_bytes).await else {
        return text_error(
            413,
            &format!("request body over {} bytes", app.max_body_bytes),
        );
    };
    let query = parse_query(parts.uri.query());
    let response = handle(
        &app,
        parts.method.as_str(),
        &path,
        query,
        &parts.headers,
        body,
    )
    .unwrap_or_else(axum::response::IntoResponse::into_response);
    if truncate {
        truncated(response).await
    } else {
        response
    }
}

/// Reads at most `cap` bytes of body. Over the cap, the rest is read and thrown away (up
/// to 16 times the cap) so the client gets the 413 instead of a reset connection.
async fn read_capped(body: Body, cap: usize) -> Option<Bytes> {
    use futures_util::StreamExt;
    let mut stream = body.into_data_stream();
    let mut buf = Vec::new();
    let mut seen = 0usize;
    while let Some(chunk) = stream.next().await {
        let Ok(chunk) = chunk else { return None };
        seen = seen.saturating_add(chunk.len());
        if seen > cap.saturating_mul(16) {
            return None;
        }
        if seen <= cap {
            buf.extend_from_slice(&chunk);
        }
    }
    (seen <= cap).then(|| Bytes::from(buf))
}

fn handle(
    app: &Arc<App>,
    method: &str,
    path: &str,
    query: Vec<(String, String)>,
    headers: &HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let Some((user, rest)) = split_account(path) else {
        return Err(ApiError::not_found());
    };
    if !app.creds.accepts(headers.get(header::AUTHORIZATION)) || user != app.creds.username {
        let mut r = text_error(401, "Unauthorized");
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"Constant Contact\""),
        );
        return Ok(r);
    }
    if rest.is_empty() {
        // The base URI without its trailing slash (FORUM-403).
        return Err(ApiError::new(403, "Forbidden"));
    }
    if rest == "/" {
        return service::account_document(&format!("/ws/customers/{user}"), method);
    }
    let matched = route(method, rest, &query)?;
    if !implemented(matched.spec.name) {
        return Err(not_implemented(matched.spec, method));
    }
    let call = Call {
        app,
        params: matched.params,
        query,
        headers,
        body,
    };
    match matched.spec.name {
        "list_contacts"
        | "search_contacts_by_email"
        | "list_contacts_updated_since"
        | "list_contacts_updated_since_on_list" => contacts::list(&call, matched.spec.name),
        "create_contact" => contacts::create(&call),
        "get_contact" => contacts::get(&call),
        "update_contact" => contacts::update(&call),
        "opt_out_contact" => contacts::opt_out(&call),
        "list_lists" => lists::list(&call),
        "create_list" => lists::create(&call),
        "get_list" => lists::get(&call),
        "update_list" => lists::update(&call),
        "delete_list" => lists::delete(&call),
        "list_members" => lists::members(&call),
        "list_activities" => activities::list(&call),
        "get_activity" | "download_export_file" => activities::get_or_download(&call),
        name if name.starts_with("create_") && name.contains("_activity") => {
            activities::create(&call)
        }
        "list_campaigns" | "list_campaigns_by_status" => campaigns::list(&call),
        "create_campaign" => campaigns::create(&call),
        "get_campaign" => campaigns::get(&call),
        "update_campaign" => campaigns::update(&call),
        "delete_campaign" => campaigns::delete(&call),
        "list_schedules" => campaigns::schedules(&call),
        "create_schedule" => campaigns::create_schedule(&call),
        "update_schedule" => campaigns::update_schedule(&call),
        "delete_schedule" => campaigns::delete_schedule(&call),
        "list_email_addresses" => settings::list(&call),
        "get_email_address" => settings::get(&call),
        name if TRACKING.contains(&name) => tracking::serve(&call, name),
        "list_contact_summary" => summary::serve(&call),
        name if events::ENDPOINTS.contains(&name) => events::serve(&call, name),
        _ => Err(not_implemented(matched.spec, method)),
    }
}

/// The tracking endpoints (service documents and event feeds).
const TRACKING: &[&str] = &[
    "get_campaign_events",
    "get_contact_events",
    "list_campaign_sends",
    "list_contact_sends",
    "list_campaign_opens",
    "list_contact_opens",
    "list_campaign_clicks",
    "list_contact_clicks",
    "list_campaign_bounces",
    "list_contact_bounces",
    "list_campaign_forwards",
    "list_contact_forwards",
    "list_campaign_optouts",
    "list_contact_optouts",
    "list_campaign_link_clicks",
];

/// The table endpoints this sandbox serves; the rest of `ENDPOINTS` answers 501.
const IMPLEMENTED: &[&str] = &[
    "list_contacts",
    "search_contacts_by_email",
    "list_contacts_updated_since",
    "list_contacts_updated_since_on_list",
    "create_contact",
    "get_contact",
    "update_contact",
    "opt_out_contact",
    "list_lists",
    "create_list",
    "get_list",
    "update_list",
    "delete_list",
    "list_members",
    "list_activities",
    "get_activity",
    "download_export_file",
    "create_sv_add_activity",
    "create_sv_add_activity_multipart",
    "create_add_contacts_activity",
    "create_add_contacts_activity_multipart",
    "create_add_contact_detail_activity",
    "create_add_contact_detail_activity_multipart",
    "create_remove_contacts_from_lists_activity",
    "create_remove_contacts_from_lists_activity_multipart",
    "create_clear_contacts_from_lists_activity",
    "create_clear_contacts_from_lists_activity_multipart",
    "create_export_contacts_activity",
    "create_export_contacts_activity_multipart",
    "list_campaigns",
    "list_campaigns_by_status",
    "create_campaign",
    "get_campaign",
    "update_campaign",
    "delete_campaign",
    "list_schedules",
    "create_schedule",
    "update_schedule",
    "delete_schedule",
    "list_email_addresses",
    "get_email_address",
    "list_contact_summary",
];

fn implemented(name: &str) -> bool {
    IMPLEMENTED.contains(&name) || TRACKING.contains(&name) || events::ENDPOINTS.contains(&name)
}

fn not_implemented(spec: &ctct_models::endpoint::EndpointSpec, method: &str) -> ApiError {
    ApiError::new(
        501,
        format!(
            "{} ({method} {}) is not implemented by ctct-sandbox yet",
            spec.name, spec.path
        ),
    )
}

/// Sends half of the body after a `Content-Length` announcing all of it, then fails the
/// stream so the connection closes mid-body.
async fn truncated(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return Response::from_parts(parts, Body::empty());
    };
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    let half = bytes.slice(..bytes.len() / 2);
    // The pause lets hyper flush the head and the first half before the stream fails;
    // failing at once would abort the connection with nothing sent.
    let fail = futures_util::stream::once(async {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        Err(std::io::Error::other(
            "truncated by ctct-sandbox fault injection",
        ))
    });
    let stream = futures_util::StreamExt::chain(futures_util::stream::iter([Ok(half)]), fail);
    Response::from_parts(parts, Body::from_stream(stream))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_endpoint_is_served() {
        let unserved: Vec<&str> = ctct_models::v1::ENDPOINTS
            .iter()
            .map(|s| s.name)
            .filter(|n| !implemented(n) && *n != "get_account_service_document")
            .collect();
        assert!(unserved.is_empty(), "not served: {unserved:?}");
    }

    #[test]
    fn every_implemented_name_is_in_the_table_and_others_answer_501() {
        for name in IMPLEMENTED.iter().chain(TRACKING).chain(events::ENDPOINTS) {
            assert!(
                ctct_models::v1::ENDPOINTS.iter().any(|s| s.name == *name),
                "{name} is not in ENDPOINTS"
            );
        }
        static WIDGETS: ctct_models::endpoint::EndpointSpec = ctct_models::endpoint::EndpointSpec {
            name: "list_widgets",
            path: "/widgets",
            ..ctct_models::v1::lists::LIST_LISTS
        };
        assert!(!implemented(WIDGETS.name));
        let e = not_implemented(&WIDGETS, "GET");
        assert_eq!(e.status, 501);
        assert_eq!(
            e.message,
            "list_widgets (GET /widgets) is not implemented by ctct-sandbox yet"
        );
    }
}
