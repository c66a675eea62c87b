//! Exact wire requests and the handling of every documented status.

use crate::support;

use ctct_client::replay::ReplayTransport;
use ctct_client::replay::{Expect, Reply};
use ctct_client::{ConfigError, Error};
use ctct_models::endpoint::Created;
use ctct_models::endpoint::Endpoint as _;
use ctct_models::ids::{ContactId, ListId};
use ctct_models::v1::contacts;
use ctct_models::v1::lists::{self, ContactList};
use support::*;

#[tokio::test]
async fn get_sends_the_account_path_accept_and_the_basic_credential_format() {
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::get(format!("{ACCOUNT}/contacts/2"))
            .header("accept", "application/atom+xml")
            .header("authorization", basic_header())
            .no_header("content-type"),
        Reply::atom(contact_entry_xml(contact(2, "jon@example.com", &["1"]))),
    );
    let client = client(&replay);
    let id = ContactId::new("joesflowers", "2");
    let entry = client
        .send(contacts::GetContact::new(&id))
        .await
        .expect("get");
    assert_eq!(
        entry.content.email_address.as_deref(),
        Some("jon@example.com")
    );
    replay.assert_done();
    // The credential is literally base64("KEY%user:pass"), username lower-cased.
    let sent = &replay.requests()[0];
    assert_eq!(
        sent.header("authorization"),
        Some("Basic S0VZLTdmM2Elam9lc2Zsb3dlcnM6cGE1NS13MHJkIQ==")
    );
    assert_eq!(sent.body, None);
}

#[tokio::test]
async fn create_list_posts_the_exact_atom_body_and_reads_201_with_location() {
    let replay = ReplayTransport::new();
    let list = ContactList {
        name: Some("Spring & Summer".into()),
        opt_in_default: Some(false),
        sort_order: Some(99),
        ..ContactList::default()
    };
    let request = lists::CreateList::new(list.clone())
        .to_request()
        .expect("valid");
    // The exact bytes: Atom boilerplate the server requires, the payload in the CTCT
    // namespace, `&` escaped, no read-only fields.
    let expected_body = concat!(
        r#"<entry xmlns="http://www.w3.org/2005/Atom"><id>data:,none</id><title type="text"/>"#,
        r#"<updated>1970-01-01T00:00:00.000Z</updated><author/>"#,
        r#"<content type="application/vnd.ctct+xml">"#,
        r#"<ContactList xmlns="http://ws.constantcontact.com/ns/1.0/" xmlns:atom="http://www.w3.org/2005/Atom">"#,
        r#"<OptInDefault>false</OptInDefault><Name>Spring &amp; Summer</Name><SortOrder>99</SortOrder>"#,
        r#"</ContactList></content></entry>"#,
    );
    replay.expect(
        Expect::post(format!("{ACCOUNT}/lists"))
            .header("content-type", "application/atom+xml")
            .header("accept", "application/atom+xml")
            .header("authorization", basic_header())
            .body(expected_body),
        Reply::status(201, list_entry_xml("7", "Spring & Summer")).with_header(
            "location",
            "https://api.example.test/ws/customers/joesflowers/lists/7",
        ),
    );
    let created: Created<ContactList> = client(&replay)
        .send_request(request)
        .await
        .expect("created");
    assert_eq!(
        created.location.as_deref(),
        Some("https://api.example.test/ws/customers/joesflowers/lists/7")
    );
    assert_eq!(
        created.entry.expect("entry").content.name.as_deref(),
        Some("Spring & Summer")
    );
    replay.assert_done();
}

#[tokio::test]
async fn delete_reads_204_without_a_body() {
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::delete(format!("{ACCOUNT}/lists/7")).no_header("content-type"),
        Reply::status(204, ""),
    );
    client(&replay)
        .send(lists::DeleteList::new(ListId::new("joesflowers", "7")))
        .await
        .expect("204");
    replay.assert_done();
}

#[tokio::test]
async fn query_values_and_trailing_slashes_go_out_verbatim() {
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::get(format!("{ACCOUNT}/contacts?email=jon%2Bx%40example.com")),
        Reply::atom(contacts_feed_xml(vec![], None)),
    );
    replay.expect(
        Expect::get(format!("{BASE}/ws/customers/joesflowers/"))
            .header("accept", "application/atomsvc+xml"),
        Reply::status(200, ""),
    );
    let client = client(&replay);
    let feed = client
        .send(contacts::SearchContactsByEmail::new().emails(["jon+x@example.com"]))
        .await
        .expect("feed");
    assert!(feed.entries.is_empty());
    // The service document needs its trailing slash; the account URL has none of its own.
    assert_eq!(client.account_url().expect("account"), ACCOUNT);
    client
        .send_request(service_document())
        .await
        .expect("service document");
    replay.assert_done();
}

/// A hand-made request for the account service document (`GET /ws/customers/{u}/`, which
/// needs its trailing slash), through the public `Request::new`.
fn service_document() -> ctct_models::endpoint::Request<ctct_models::endpoint::NoContent> {
    use ctct_models::endpoint::{Api, EndpointSpec, Method, Paging, Request, ResponseShape};
    static SERVICE: EndpointSpec = EndpointSpec {
        name: "service_document",
        api: Api::V1,
        method: Method::Get,
        path: "/",
        query: &[],
        request: None,
        response: ResponseShape::Empty,
        success: &[200],
        paging: Paging::None,
        accept: "application/atomsvc+xml",
        content_type: None,
        fixed_form: &[],
        scopes: &[],
        max_body: None,
        reference: "docs/v1/service.md",
    };
    Request::new(&SERVICE, "/".into(), vec![], None)
}

async fn failing(status: u16, content_type: &str, body: &str) -> Error {
    let replay = ReplayTransport::new();
    let c = contact(2, "jon@example.com", &["1"]);
    replay.expect(
        Expect::put(format!("{ACCOUNT}/contacts/2")),
        Reply::status(status, body.to_owned()).with_header("content-type", content_type),
    );
    let err = client(&replay)
        .send(contacts::UpdateContact::new(
            ContactId::new("joesflowers", "2"),
            c.clone(),
        ))
        .await
        .expect_err("must fail");
    replay.assert_done();
    err
}

#[tokio::test]
async fn plain_text_error_bodies_are_kept_and_shown() {
    let body = "Error 400: The new contact must contain at least on valid ContactList";
    let err = failing(400, "text/plain", body).await;
    assert_eq!(err.status(), Some(400));
    assert_eq!(err.api().expect("api").body, body);
    assert_eq!(
        err.to_string(),
        format!("PUT /ws/customers/joesflowers/contacts/2 failed: 400 Bad Request: {body}")
    );
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn html_error_pages_are_reduced_to_their_text() {
    let html = "<html><head><title>JBoss Web/2.1.1.SNAPSHOT - Error report</title></head>\
                <body><h1>HTTP Status 415 - </h1><p>Unsupported Media Type</p></body></html>";
    let err = failing(415, "text/html;charset=utf-8", html).await;
    assert_eq!(err.status(), Some(415));
    let shown = err.to_string();
    assert!(
        shown.ends_with("415 Unsupported Media Type: JBoss Web/2.1.1.SNAPSHOT - Error report HTTP Status 415 - Unsupported Media Type"),
        "{shown}"
    );
    assert_eq!(err.api().expect("api").body, html, "raw body kept");
    assert_eq!(
        err.api().expect("api").content_type.as_deref(),
        Some("text/html;charset=utf-8")
    );
}

#[tokio::test]
async fn status_predicates_match_the_documented_codes() {
    let conflict = failing(409, "text/plain", "Error 409: Conflict").await;
    assert!(conflict.is_conflict() && !conflict.is_not_found());
    let missing = failing(404, "text/plain", "").await;
    assert!(missing.is_not_found() && !missing.is_conflict());
    assert_eq!(
        missing.to_string(),
        "PUT /ws/customers/joesflowers/contacts/2 failed: 404 Not Found"
    );
    let unauthorized = failing(401, "text/plain", "Unauthorized").await;
    assert!(unauthorized.is_unauthorized());
    // 500 on a PUT (V1's answer to a bad OptInSource) is not retried: one request only.
    let server = failing(500, "text/plain", "Error 500").await;
    assert_eq!(server.status(), Some(500));
}

#[tokio::test]
async fn www_authenticate_is_kept_on_403() {
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::get(format!("{ACCOUNT}/lists/1")),
        Reply::status(403, "<html><body>Forbidden</body></html>")
            .with_header("www-authenticate", "Bearer error='insufficient_scope',"),
    );
    let err = client(&replay)
        .send(lists::GetList::new(ListId::new("joesflowers", "1")))
        .await
        .expect_err("403");
    assert!(err.is_forbidden());
    assert_eq!(
        err.api().and_then(|a| a.www_authenticate.as_deref()),
        Some("Bearer error='insufficient_scope',")
    );
}

#[tokio::test]
async fn undecodable_success_bodies_carry_an_excerpt_and_never_panic() {
    let bodies: [&[u8]; 5] = [
        b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>",
        b"not xml at all",
        b"\xff\xfe\x00<<<",
        b"<html><body>Maintenance</body></html>",
        b"",
    ];
    for body in bodies {
        let replay = ReplayTransport::new();
        replay.expect(
            Expect::get(format!("{ACCOUNT}/contacts")),
            Reply::status(200, body.to_vec()),
        );
        let err = client(&replay)
            .send(contacts::ListContacts::new())
            .await
            .expect_err("cannot decode");
        match &err {
            Error::Decode {
                status, excerpt, ..
            } => {
                assert_eq!(*status, 200);
                assert!(excerpt.chars().count() <= 201);
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
    }
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::get(format!("{ACCOUNT}/contacts")),
        Reply::status(200, "<html><body>Maintenance</body></html>"),
    );
    let err = client(&replay)
        .send(contacts::ListContacts::new())
        .await
        .expect_err("html");
    assert!(
        err.to_string()
            .contains("(body starts \"<html><body>Maintenance</body></html>\")"),
        "{err}"
    );
}

#[tokio::test]
async fn validation_errors_name_the_field_and_send_nothing() {
    let replay = ReplayTransport::new();
    let mut c = contact(2, "jon@example.com", &["1"]);
    c.first_name = Some("x".repeat(51));
    let err: Error = contacts::UpdateContact::new(ContactId::new("joesflowers", "2"), c.clone())
        .to_request()
        .map(|_| ())
        .map_err(Error::from)
        .expect_err("too long");
    let v = err.validation().expect("validation error");
    assert_eq!(v.field, "FirstName");
    assert!(err.to_string().contains("Contact.FirstName"), "{err}");
    assert_eq!(replay.request_count(), 0);
}

#[tokio::test]
async fn oversized_responses_are_refused() {
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::get(format!("{ACCOUNT}/contacts")),
        Reply::atom(contacts_feed_xml(vec![contact(2, "a@b.c", &["1"])], None)),
    );
    let client = builder(&replay)
        .max_response_bytes(100)
        .build()
        .expect("client");
    let err = client
        .send(contacts::ListContacts::new())
        .await
        .expect_err("too big");
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(err.to_string().contains("larger than 100 bytes"), "{err}");
    replay.assert_done();
}

#[tokio::test]
async fn a_client_without_a_username_sends_no_account_request() {
    let replay = ReplayTransport::new();
    let client = ctct_client::Client::builder()
        .transport(std::sync::Arc::new(replay.clone()))
        .build()
        .expect("a client for the OAuth flow needs no username");
    let err = client
        .send(contacts::ListContacts::new())
        .await
        .expect_err("no username");
    assert!(
        matches!(err, Error::Config(ConfigError::NoUsername)),
        "{err:?}"
    );
    assert!(err.to_string().contains("username"), "{err}");
    assert_eq!(replay.request_count(), 0);
    let err = ctct_client::Client::builder()
        .username("  ")
        .transport(std::sync::Arc::new(replay.clone()))
        .build()
        .expect_err("empty username");
    assert!(
        matches!(err, Error::Config(ConfigError::EmptyUsername)),
        "{err:?}"
    );
}

/// An id keeps its account: the V1 path carries only its last segment, so a request naming
/// another account's list 3 would act on this account's list 3. The client refuses it,
/// naming both accounts, and sends nothing; the same id of the client's own account (any
/// case) goes out.
#[tokio::test]
async fn an_id_of_another_account_is_refused_before_anything_is_sent() {
    let replay = ReplayTransport::new();
    let client = client(&replay);
    let foreign =
        ListId::parse("http://api.constantcontact.com/ws/customers/someoneelse/lists/3").unwrap();
    let err = client
        .send(lists::DeleteList::new(&foreign))
        .await
        .expect_err("refused");
    assert!(
        matches!(&err, Error::ForeignAccount { id_account, client_account, .. }
            if id_account == "someoneelse" && client_account == "joesflowers"),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(
        text.contains("someoneelse")
            && text.contains("joesflowers")
            && text.contains("nothing was sent"),
        "{text}"
    );
    // Ids in form fields count too: a bulk export of another account's list.
    let export = ctct_models::v1::activities::CreateExportContactsActivity::new(
        ctct_models::v1::activities::ExportFileType::Csv,
        &foreign,
    );
    assert!(matches!(
        client.send(export).await,
        Err(Error::ForeignAccount { .. })
    ));
    assert!(replay.requests().is_empty(), "nothing reached the wire");

    replay.expect(
        Expect::delete(format!("{ACCOUNT}/lists/3")),
        Reply::status(204, ""),
    );
    let own =
        ListId::parse("http://api.constantcontact.com/ws/customers/JoesFlowers/lists/3").unwrap();
    client
        .send(lists::DeleteList::new(&own))
        .await
        .expect("own list");
    replay.assert_done();
}
