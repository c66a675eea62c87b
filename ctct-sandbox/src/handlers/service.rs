//! AtomPub service documents: the account's (`GET /ws/customers/{username}/`, trailing slash)
//! and the campaign and contact event workspaces (`…/events/`, `docs/v1/service.md`, `docs/v1/tracking.md#collections`).
//!
//! Clients use a 200 on the account document as their credential check. Every document is
//! built as a [`ServiceDocument`] and written by `ctct-models`, so the sandbox never writes
//! XML by hand and the username is escaped.

use axum::http::StatusCode;
use axum::response::Response;
use ctct_models::service::{Collection, ServiceDocument, Workspace};

use crate::respond::{ApiError, with_type};

/// The media type of service documents.
const SERVICE_MEDIA_TYPE: &str = "application/atomsvc+xml";

/// What Atom entry collections accept.
const ENTRY: &str = "application/atom+xml; type=entry";

/// The tracking collections of a campaign's or contact's event workspace.
pub(crate) const EVENT_SEGMENTS: [(&str, &str); 6] = [
    ("sends", "Send Events"),
    ("opens", "Open Events"),
    ("clicks", "Click Events"),
    ("bounces", "Bounce Events"),
    ("forwards", "Forward Events"),
    ("optouts", "Opt-out Events"),
];

fn collection(href: String, title: &str, accept: &[&str]) -> Collection {
    Collection {
        href,
        title: Some(title.to_owned()),
        accept: accept.iter().map(|a| (*a).to_owned()).collect(),
    }
}

fn answer(title: &str, collections: Vec<Collection>) -> Response {
    let doc = ServiceDocument {
        workspaces: vec![Workspace {
            title: Some(title.to_owned()),
            collections,
        }],
    };
    with_type(StatusCode::OK, SERVICE_MEDIA_TYPE, doc.to_xml())
}

/// The account service document; `base` is `/ws/customers/{username}`.
pub(crate) fn account_document(base: &str, method: &str) -> Result<Response, ApiError> {
    if method != "GET" {
        return Err(ApiError::new(
            415,
            format!("{method} is not supported on this resource"),
        ));
    }
    let collections = vec![
        collection(format!("{base}/lists"), "Contact Lists", &[ENTRY]),
        collection(format!("{base}/contacts"), "Contacts", &[ENTRY]),
        collection(
            format!("{base}/activities"),
            "Bulk Activity",
            &[
                ctct_models::endpoint::FORM_MEDIA_TYPE,
                ctct_models::endpoint::MULTIPART_MEDIA_TYPE,
            ],
        ),
    ];
    Ok(answer(
        "Constant Contact Web Services Customer Workspace",
        collections,
    ))
}

/// An event workspace; `events` is the host-relative path of `…/events` (no slash).
pub(crate) fn event_document(events: &str) -> Response {
    let collections = EVENT_SEGMENTS
        .iter()
        .map(|(seg, title)| collection(format!("{events}/{seg}"), title, &[ENTRY]))
        .collect();
    answer("Constant Contact Web Services Event Workspace", collections)
}
