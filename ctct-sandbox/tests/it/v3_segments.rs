//! The V3 sandbox's segments over raw HTTP: create (integer ids, 409 on a name in use, 400
//! naming criteria it cannot evaluate), list sorted by name or date, read (deleted ones
//! too), replace, rename, delete, and criteria evaluated by `GET /contacts?segment_id=`.

#![allow(clippy::unwrap_used)] // a test: a failure here is a test failure

use crate::support;

use ctct_models::v3::contacts::Contacts;
use ctct_models::v3::segments::{SegmentDetail, Segments};
use reqwest::Method;
use serde_json::json;
use support::v3::*;

fn criteria(group: serde_json::Value) -> String {
    json!({"version": "1.0.0", "criteria": {"type": "and", "group": group}}).to_string()
}

fn first_name_is(name: &str) -> String {
    criteria(json!([{"source": "contact", "field": "first_name", "op": "eq", "const_value": name}]))
}

async fn create(api: &V3, name: &str, criteria: &str) -> SegmentDetail {
    api.post_json(
        "/segments",
        &json!({"name": name, "segment_criteria": criteria}),
    )
    .await
    .json(201)
}

async fn members(api: &V3, id: i64) -> Vec<String> {
    let page: Contacts = api
        .get(&format!("/contacts?segment_id={id}"))
        .await
        .json(200);
    page.contacts
        .unwrap()
        .into_iter()
        .map(|c| c.first_name.unwrap())
        .collect()
}

#[tokio::test]
async fn create_read_and_evaluate() {
    let api = start().await;
    let s = create(&api, "Adas", &first_name_is("ada")).await;
    assert_eq!(s.segment_id, Some(1.into()));
    assert_eq!(s.name.as_deref(), Some("Adas"));
    assert!(s.created_at.is_some() && s.edited_at.is_some());
    let got: SegmentDetail = api.get("/segments/1").await.json(200);
    assert_eq!(got, s);
    assert_eq!(members(&api, 1).await, vec!["Ada"]);

    // An `or` of list membership and a name prefix.
    let lists: ctct_models::v3::contact_lists::ContactLists =
        api.get("/contact_lists").await.json(200);
    let newsletter = lists.lists.unwrap()[1].list_id.clone().unwrap();
    let text = json!({"version": "1.0.0", "criteria": {"type": "or", "group": [
        {"source": "list_membership", "field": "list_membership", "op": "contains-any",
         "const_value": [newsletter]},
        {"source": "contact", "field": "first_name", "op": "starts-with", "const_value": "J"}]}})
    .to_string();
    let s = create(&api, "Either", &text).await;
    assert_eq!(
        members(&api, s.segment_id.unwrap().get()).await,
        vec!["Joe", "Grace"]
    );

    let e = api
        .post_json(
            "/segments",
            &json!({"name": "adas", "segment_criteria": first_name_is("x")}),
        )
        .await;
    assert_eq!(e.status, 201, "names are compared exactly: {}", e.body);
    let e = api
        .post_json(
            "/segments",
            &json!({"name": "Adas", "segment_criteria": first_name_is("x")}),
        )
        .await
        .error(409);
    assert_eq!(e.key(), Some("segments.api.conflict"));
    assert_eq!(
        api.get("/segments/99").await.error(404).key(),
        Some("segments.api.not_found")
    );
    assert!(
        api.get("/segments/abc")
            .await
            .error(400)
            .message()
            .contains("\"abc\"")
    );
    assert_eq!(api.get("/contacts?segment_id=99").await.status, 404);
}

#[tokio::test]
async fn criteria_the_sandbox_cannot_evaluate_are_refused() {
    let api = start().await;
    let tracking = criteria(json!([{"source": "tracking", "field": "not_opened",
        "op": "contains-any", "const_value": "last-n-campaigns", "param": "5"}]));
    let e = api
        .post_json(
            "/segments",
            &json!({"name": "t", "segment_criteria": tracking}),
        )
        .await
        .error(400);
    assert_eq!(e.key(), Some("segments.api.validation.error"));
    assert!(e.message().contains("tracking"), "{e:?}");
    let e = api
        .post_json(
            "/segments",
            &json!({"name": "t", "segment_criteria": "{not json"}),
        )
        .await
        .error(400);
    assert!(e.message().contains("not JSON"), "{e:?}");
    let e = api
        .post_json("/segments", &json!({"name": "t"}))
        .await
        .error(400);
    assert!(e.message().contains("segment_criteria"), "{e:?}");
    let e = api
        .post_json(
            "/segments",
            &json!({"name": "t", "segment_criteria": criteria(json!([
                {"source": "contact", "field": "first_name", "op": "sounds-like", "const_value": "a"}]))}),
        )
        .await
        .error(400);
    assert!(e.message().contains("sounds-like"), "{e:?}");
}

#[tokio::test]
async fn list_sorts_and_leaves_deleted_out() {
    let api = start().await;
    create(&api, "b", &first_name_is("x")).await;
    create(&api, "a", &first_name_is("x")).await;
    create(&api, "c", &first_name_is("x")).await;
    let names = |s: Segments| -> Vec<String> {
        s.segments
            .unwrap()
            .into_iter()
            .map(|x| x.name.unwrap())
            .collect()
    };
    assert_eq!(
        names(api.get("/segments?sort_by=name").await.json(200)),
        ["a", "b", "c"]
    );
    assert_eq!(
        names(api.get("/segments").await.json(200)),
        ["c", "a", "b"],
        "newest first"
    );
    let page: Segments = api.get("/segments?sort_by=name&limit=2").await.json(200);
    let next = page.links.clone().unwrap().next.unwrap().href.unwrap();
    assert_eq!(names(page), ["a", "b"]);
    assert_eq!(names(api.get(&next).await.json(200)), ["c"]);
    let raw = api.get("/segments").await.body;
    assert!(
        !raw.contains("segment_criteria"),
        "the list has no criteria: {raw}"
    );

    let r = api.delete("/segments/1").await;
    assert_eq!(r.status, 204);
    assert_eq!(
        names(api.get("/segments?sort_by=name").await.json(200)),
        ["a", "c"]
    );
    let deleted: SegmentDetail = api.get("/segments/1").await.json(200);
    assert_eq!(
        deleted.name.as_deref(),
        Some("b"),
        "a deleted segment is still readable"
    );
    assert_eq!(api.delete("/segments/1").await.status, 404);
    assert_eq!(api.get("/contacts?segment_id=1").await.status, 404);
    assert!(
        api.get("/segments?sort_by=size")
            .await
            .error(400)
            .message()
            .contains("size")
    );
}

#[tokio::test]
async fn put_and_rename() {
    let api = start().await;
    create(&api, "one", &first_name_is("ada")).await;
    create(&api, "two", &first_name_is("ada")).await;
    let s: SegmentDetail = api
        .put_json(
            "/segments/1",
            &json!({"name": "Graces", "segment_criteria": first_name_is("grace")}),
        )
        .await
        .json(200);
    assert_eq!(s.name.as_deref(), Some("Graces"));
    assert_eq!(members(&api, 1).await, vec!["Grace"]);
    let e = api
        .put_json(
            "/segments/1",
            &json!({"name": "two", "segment_criteria": first_name_is("a")}),
        )
        .await
        .error(409);
    assert_eq!(e.key(), Some("segments.api.conflict"));
    let r = api
        .send(
            Method::PATCH,
            "/segments/1/name",
            Some("application/json"),
            br#"{"name":"Renamed"}"#.to_vec(),
        )
        .await;
    let s: SegmentDetail = r.json(200);
    assert_eq!(s.name.as_deref(), Some("Renamed"));
    assert!(
        s.segment_criteria.unwrap().contains("grace"),
        "criteria kept"
    );
    let r = api
        .send(
            Method::PATCH,
            "/segments/1/name",
            Some("application/json"),
            br#"{"name":"two"}"#.to_vec(),
        )
        .await;
    assert_eq!(r.error(409).key(), Some("segments.api.conflict"));
    let r = api
        .send(
            Method::PATCH,
            "/segments/9/name",
            Some("application/json"),
            br#"{"name":"x"}"#.to_vec(),
        )
        .await;
    assert_eq!(r.status, 404);
}
