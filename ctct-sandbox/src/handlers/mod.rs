//! The request pipeline: account and credential checks, routing, then one handler per
//! resource family (faults come first, in the `inject` middleware).

mod activities;
mod campaigns;
mod contacts;
mod events;
mod lists;
mod service;
mod settings;
mod summary;
mod tracking;
mod v1_service;

use std::sync::{Arc, MutexGuard};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use ctct_models::atom::{Head, Link, Person, Text};
use ctct_models::ids::API_HOST;

use crate::App;
use crate::respond::{ApiError, text_error};
use crate::routing::{parse_query, route};
use crate::store::Store;
use ctct_models::endpoint::EndpointSpec;
use ctct_models::incoming::{Incoming, ParseError, ParseErrorKind};

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
pub(crate) async fn dispatch(State(app): State<Arc<App>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let path = parts.uri.path().to_owned();
    // Bulk activities carry whole import files: they get the larger cap.
    let account_path = split_account(&path).map_or(path.as_str(), |(_, rest)| rest);
    let cap = if parts.method == axum::http::Method::POST && account_path == "/activities" {
        app.max_activity_body_bytes
    } else {
        app.max_body_bytes
    };
    let body = match read_capped(body, cap).await {
        Ok(body) => body,
        Err(BodyError::TooLarge) => {
            return text_error(413, &format!("request body over {cap} bytes"));
        }
        Err(BodyError::TimedOut(e)) => {
            let mut r = text_error(408, &e);
            r.headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            return r;
        }
        Err(BodyError::Failed(e)) => {
            return text_error(400, &format!("the request body could not be read: {e}"));
        }
    };
    let query = parse_query(parts.uri.query());
    handle(
        &app,
        parts.method.as_str(),
        &path,
        query,
        &parts.headers,
        body,
    )
    .unwrap_or_else(axum::response::IntoResponse::into_response)
}

/// Why a body was not read.
enum BodyError {
    /// Longer than the cap.
    TooLarge,
    /// Not finished within the body deadline (`crate::body_timeout`): the message.
    TimedOut(String),
    /// The connection failed while reading it.
    Failed(String),
}

/// Reads at most `cap` bytes of body. Over the cap, the rest is read and thrown away (up
/// to 16 times the cap) so the client gets the 413 instead of a reset connection.
async fn read_capped(body: Body, cap: usize) -> Result<Bytes, BodyError> {
    use futures_util::StreamExt;
    let mut stream = body.into_data_stream();
    let mut buf = Vec::new();
    let mut seen = 0usize;
    while let Some(chunk) = stream.next().await {
        let chunk = match chunk {
            Ok(chunk) => chunk,
            Err(e) if crate::body_timeout::is_timeout(&e) => {
                return Err(BodyError::TimedOut(e.to_string()));
            }
            Err(e) => return Err(BodyError::Failed(e.to_string())),
        };
        seen = seen.saturating_add(chunk.len());
        if seen > cap.saturating_mul(16) {
            return Err(BodyError::TooLarge);
        }
        if seen <= cap {
            buf.extend_from_slice(&chunk);
        }
    }
    if seen <= cap {
        Ok(Bytes::from(buf))
    } else {
        Err(BodyError::TooLarge)
    }
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
    let authorization = headers.get(header::AUTHORIZATION);
    let signed = crate::oauth::Signed {
        method,
        url: crate::oauth::request_url(headers, path),
        query: &query,
        header: authorization,
    };
    let authorized = match app.oauth.oauth1.check(&app.oauth.config.oauth1, &signed) {
        Some(Ok(())) => true,
        Some(Err(problem)) => return Ok(axum::response::IntoResponse::into_response(problem)),
        None => app.creds.accepts(authorization),
    };
    if !authorized || user != app.creds.username {
        let mut r = text_error(401, "Unauthorized");
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"Constant Contact\""),
        );
        return Ok(r);
    }
    if rest.is_empty() {
        // The base URI without its trailing slash is refused with 403, as a Constant Contact
        // engineer reports for the real service (`docs/v1/overview.md#base-url`).
        return Err(ApiError::new(403, "Forbidden"));
    }
    if rest == "/" {
        return service::account_document(&format!("/ws/customers/{user}"), method);
    }
    let matched = route(method, rest, &query)?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let spec = match by_form(matched.spec, content_type, &body) {
        Some(spec) => spec,
        // A bulk-activity body that names no known activity: the handler says what is
        // wrong with it in the service's words.
        None => {
            let call = Call {
                app,
                params: matched.params,
                query,
                headers,
                body,
            };
            return activities::create(&call);
        }
    };
    let params: Vec<String> = matched
        .params
        .iter()
        .map(|p| ctct_models::form_read::percent_decode(p))
        .collect();
    let call = Call {
        app,
        params: matched.params,
        query,
        headers,
        body,
    };
    let incoming = Incoming {
        account: &app.creds.username,
        params: &params,
        query: &call.query,
        content_type,
        body: &call.body,
    };
    ctct_models::v1::dispatch(&mut &call, spec, &incoming)
        .map_err(|e| parse_error(spec, &call.body, e))?
}

/// The bulk activities share `POST /activities`: the one a body is for is the one whose
/// fixed form fields (`activityType`) and media type it carries. Every other endpoint is
/// itself. `None` when no activity fits.
fn by_form(
    spec: &'static EndpointSpec,
    content_type: Option<&str>,
    body: &[u8],
) -> Option<&'static EndpointSpec> {
    if spec.fixed_form.is_empty() {
        return Some(spec);
    }
    let media = content_type
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let text = std::str::from_utf8(body).ok()?;
    let fields = if media == ctct_models::endpoint::MULTIPART_MEDIA_TYPE {
        let boundary = ctct_models::form_read::boundary_of(content_type.unwrap_or(""))?;
        ctct_models::form_read::parse_multipart(text, &boundary).ok()?
    } else {
        ctct_models::form_read::parse_urlencoded(text)
    };
    ctct_models::v1::ENDPOINTS.iter().copied().find(|s| {
        s.method == spec.method
            && s.path == spec.path
            && s.content_type == Some(media.as_str())
            && s.fixed_form
                .iter()
                .all(|(k, v)| fields.iter().any(|(fk, fv)| fk == k && fv == v))
    })
}

/// The answer to a request that does not read: 404 for a path segment, 415 for a body of
/// the wrong media type, 400 otherwise ("Invalid XML" only for an Atom body that is not
/// well-formed; a well-formed one names the payload, the field and the value).
fn parse_error(spec: &EndpointSpec, body: &[u8], e: ParseError) -> ApiError {
    match e.kind {
        ParseErrorKind::MediaType => ApiError::new(415, e.message),
        ParseErrorKind::Body if spec.content_type == Some(ctct_models::ATOM_MEDIA_TYPE) => {
            let text = String::from_utf8_lossy(body);
            ApiError::bad_request(crate::bad_body::describe(
                spec.request.unwrap_or("entry"),
                &text,
                &e.message,
            ))
        }
        ParseErrorKind::Query | ParseErrorKind::Body | ParseErrorKind::PathValue => {
            ApiError::bad_request(e.message)
        }
        _ => ApiError::not_found(),
    }
}
