//! The V3 sandbox answers as the contract says, seen from a client's side over HTTP: each
//! operation wants the OAuth scopes of its security requirement (403 without them, from the
//! shared `EndpointSpec` table), literal paths are operations rather than ids, a 405 carries
//! `Allow`, and the list-delete 202 and import 201 bodies carry the contract's keys and no
//! others.

#![allow(clippy::unwrap_used)]

use crate::support;

use ctct_models::v3::contact_lists::ContactLists;
use ctct_sandbox::oauth::OAuthConfig;
use ctct_sandbox::{Config, V3Config};
use reqwest::Method;
use serde_json::{Value, json};
use support::v3_sandbox::*;

fn scoped(scopes: &str) -> Config {
    let mut c = config();
    c.v3 = V3Config {
        access_token_scopes: Some(scopes.to_owned()),
        ..c.v3
    };
    c
}

#[tokio::test]
async fn a_token_without_contact_data_is_refused_contacts_with_403() {
    let api = start_with(scoped("campaign_data")).await;
    let r = api.get("/contacts").await;
    let e = r.error(403);
    assert_eq!(e.key(), Some("forbidden"));
    assert!(
        e.message().contains("contact_data") && e.message().contains("get_contacts"),
        "{}",
        r.body
    );
    // Nothing is read or changed: a create is refused before its body is looked at.
    api.post_json("/contact_lists", &json!({"name": "x"}))
        .await
        .error(403);
    // An operation that needs no scope answers any valid token.
    assert_eq!(api.get("/account/user/privileges").await.status, 200);
}

#[tokio::test]
async fn account_scopes_are_read_and_update_apart() {
    let api = start_with(scoped("account_read")).await;
    assert_eq!(api.get("/account/summary").await.status, 200);
    let e = api
        .put_json("/account/summary", &json!({"first_name": "Jo"}))
        .await
        .error(403);
    assert!(e.message().contains("account_update"), "{e:?}");
    api.get("/contacts").await.error(403);
    // The configured token without a scope list has them all.
    let all = start().await;
    assert_eq!(all.get("/contacts").await.status, 200);
    assert_eq!(
        all.put_json("/account/summary", &json!({"first_name": "Jo"}))
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn tokens_from_the_oauth_flow_carry_the_scopes_granted() {
    let sandbox = support::oauth::sandbox(OAuthConfig::default()).await;
    let app = support::oauth::app(&sandbox).scopes(["campaign_data"]);
    let tokens = support::oauth::login(&support::oauth::oauth(app)).await;
    let http = crate::support::sandbox::http_client();
    let get = |path: &str| {
        http.get(format!("{}{path}", sandbox.v3_url()))
            .bearer_auth(tokens.access_token.expose())
            .send()
    };
    assert_eq!(get("/contacts").await.unwrap().status().as_u16(), 403);
    assert_eq!(
        get("/account/user/privileges")
            .await
            .unwrap()
            .status()
            .as_u16(),
        200
    );

    let app = support::oauth::app(&sandbox).scopes(["contact_data", "offline_access"]);
    let tokens = support::oauth::login(&support::oauth::oauth(app)).await;
    let r = http
        .get(format!("{}/contacts", sandbox.v3_url()))
        .bearer_auth(tokens.access_token.expose())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
}

#[tokio::test]
async fn literal_paths_are_operations_and_a_405_says_what_is_allowed() {
    let api = start().await;
    let r = api.get("/contacts/counts").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = api
        .send(Method::DELETE, "/contacts/counts", None, Vec::new())
        .await;
    r.error(405);
    assert_eq!(r.header("allow"), Some("GET"));
    let r = api.send(Method::PATCH, "/contacts", None, Vec::new()).await;
    r.error(405);
    assert_eq!(r.header("allow"), Some("GET, POST"));
    let r = api
        .send(Method::POST, "/contacts/some-id", None, Vec::new())
        .await;
    assert_eq!(r.header("allow"), Some("DELETE, GET, PUT"));
    assert!(r.error(405).message().contains("POST"), "{}", r.body);
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

#[tokio::test]
async fn a_list_delete_answers_the_activity_without_counts() {
    let api = start().await;
    let lists: ContactLists = api.get("/contact_lists").await.json(200);
    let id = lists.lists.unwrap()[0].list_id.clone().unwrap();
    let r = api.delete(&format!("/contact_lists/{id}")).await;
    assert_eq!(r.status, 202, "{}", r.body);
    let body: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(
        keys(&body),
        [
            "_links",
            "activity_errors",
            "activity_id",
            "created_at",
            "percent_done",
            "state",
            "updated_at"
        ]
    );
    assert_eq!(keys(&body["_links"]), ["self"]);
}

#[tokio::test]
async fn an_import_answers_its_file_name_and_only_the_counts_known_at_once() {
    let api = start().await;
    let lists: ContactLists = api.get("/contact_lists").await.json(200);
    let id = lists.lists.unwrap()[0].list_id.clone().unwrap();
    let body = format!(
        "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"spring.csv\"\r\n\r\n\
         email\nann@example.com\n\r\n\
         --B\r\nContent-Disposition: form-data; name=\"list_ids\"\r\n\r\n{id}\r\n--B--\r\n"
    );
    let r = api
        .send(
            Method::POST,
            "/activities/contacts_file_import",
            Some("multipart/form-data; boundary=B"),
            body.into_bytes(),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let v: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["source_file_name"], "spring.csv");
    let status = keys(&v["status"]);
    assert!(!status.contains(&"items_completed_count"), "{status:?}");
    assert!(!status.contains(&"list_count"), "{status:?}");
    assert!(status.contains(&"items_total_count"), "{status:?}");
    assert_eq!(keys(&v["_links"]), ["self"]);
}
