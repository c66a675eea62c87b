//! The contact workflows on the wire (replay transport): upsert by email is one sign-up-form
//! request with the exact body, counts one `GET /contacts/counts`, and each says how many
//! requests it made.

#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use ctct_client::replay::{Expect, ReplayTransport, Reply};
use ctct_client::v3::V3Client;
use ctct_client::v3::oauth::StaticToken;
use ctct_client::{Error, Secret};
use ctct_models::v3::contacts::{ContactCreateOrUpdateInput, SignUpAction};

const BASE: &str = "https://api.example.test/v3";

fn client(replay: &ReplayTransport) -> V3Client {
    V3Client::builder(Arc::new(StaticToken(Secret::new("tok-123"))))
        .base_url(BASE)
        .transport(Arc::new(replay.clone()))
        .rate_limit(None)
        .build()
        .unwrap()
}

fn json(status: u16, body: &str) -> Reply {
    Reply::status(status, body).with_header("content-type", "application/json")
}

#[tokio::test]
async fn upsert_by_email_is_one_sign_up_form_request() {
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::post(format!("{BASE}/contacts/sign_up_form"))
            .header("content-type", "application/json")
            .body(
                br#"{"email_address":"ann@example.com","first_name":"Ann","list_memberships":["l-1"]}"#
                    .to_vec(),
            ),
        json(201, r#"{"contact_id":"c-1","action":"created"}"#),
    );
    replay.expect(
        Expect::post(format!("{BASE}/contacts/sign_up_form")),
        json(200, r#"{"contact_id":"c-1","action":"updated"}"#),
    );
    let c = client(&replay);
    let mut input = ContactCreateOrUpdateInput::new(vec!["l-1".into()]);
    input.email_address = Some("ann@example.com".into());
    input.first_name = Some("Ann".into());
    let first = c.upsert_by_email(input.clone()).await.unwrap();
    assert_eq!(first.requests, 1);
    assert_eq!(first.value.action, Some(SignUpAction::Created));
    let again = c.upsert_by_email(input).await.unwrap();
    assert_eq!(again.value.action, Some(SignUpAction::Updated));
    replay.assert_done();

    let mut no_email = ContactCreateOrUpdateInput::new(vec!["l-1".into()]);
    no_email.first_name = Some("Ann".into());
    let e = c.upsert_by_email(no_email).await.unwrap_err();
    assert!(matches!(e, Error::Invalid(_)), "{e:?}");
    assert!(e.to_string().contains("email_address"), "{e}");
    assert_eq!(replay.requests().len(), 2, "nothing more was sent");
}

#[tokio::test]
async fn counts_are_one_request() {
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::get(format!("{BASE}/contacts/counts?include=new_subscriber")),
        json(
            200,
            r#"{"total":3,"explicit":1,"implicit":1,"pending":0,"unsubscribed":1,"new_subscriber":2}"#,
        ),
    );
    replay.expect(
        Expect::get(format!("{BASE}/contacts/counts")),
        json(200, r#"{"total":3}"#),
    );
    let c = client(&replay);
    let with_new = c.contact_counts(true).await.unwrap();
    assert_eq!(with_new.requests, 1);
    assert_eq!(with_new.value.new_subscriber, Some(2));
    assert_eq!(with_new.value.unsubscribed, Some(1));
    let plain = c.contact_counts(false).await.unwrap();
    assert_eq!(plain.value.total, Some(3));
    assert_eq!(plain.value.new_subscriber, None);
    replay.assert_done();
}
