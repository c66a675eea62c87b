//! The V3 sandbox's contact tags over raw HTTP: create (201, 409 on a name taken without
//! regard to case, 400 naming a bad body), list with cursor pages and `contacts_count`,
//! read, rename, and the asynchronous delete whose activity strips the tag from contacts.

#![allow(clippy::unwrap_used)] // a test: a failure here is a test failure

use crate::support;

use ctct_models::v3::activities::{Activity, ActivityState};
use ctct_models::v3::contact_tags::{Tag, TagDeleteActivity, Tags};
use ctct_models::v3::contacts::{ContactResource, Contacts};
use serde_json::json;
use support::v3::*;

async fn create_tag(api: &V3, name: &str) -> Tag {
    api.post_json("/contact_tags", &json!({"name": name}))
        .await
        .json(201)
}

async fn contact_ids(api: &V3) -> Vec<String> {
    let page: Contacts = api.get("/contacts").await.json(200);
    page.contacts
        .unwrap()
        .into_iter()
        .map(|c| c.contact_id.unwrap().into_string())
        .collect()
}

/// Puts tag `tag` on contact `id` through a full replace, as a client without bulk would.
async fn tag_contact(api: &V3, id: &str, tags: &[&str]) {
    let c: ContactResource = api.get(&format!("/contacts/{id}")).await.json(200);
    let r = api
        .put_json(
            &format!("/contacts/{id}"),
            &json!({
                "email_address": {"address": c.email_address.unwrap().address.unwrap()},
                "first_name": c.first_name,
                "update_source": "Account",
                "taggings": tags,
            }),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
}

#[tokio::test]
async fn create_get_and_conflicts() {
    let api = start().await;
    let r = api
        .post_json(
            "/contact_tags",
            &json!({"name": "VIP", "tag_source": "Import"}),
        )
        .await;
    let tag: Tag = r.json(201);
    let id = tag.tag_id.clone().unwrap();
    assert_eq!(tag.name.as_deref(), Some("VIP"));
    assert_eq!(tag.tag_source.as_deref(), Some("Import"));
    assert!(tag.created_at.is_some());
    assert!(tag.contacts_count.is_none(), "only with include_count");

    let got: Tag = api.get(&format!("/contact_tags/{id}")).await.json(200);
    assert_eq!(got, tag);

    let e = api
        .post_json("/contact_tags", &json!({"name": "vip"}))
        .await
        .error(409);
    assert_eq!(e.key(), Some("contact_tags.api.conflict"));
    assert!(e.message().contains("\"vip\""), "{e:?}");

    let e = api.post_json("/contact_tags", &json!({})).await.error(400);
    assert!(e.message().contains("name"), "{e:?}");
    let e = api
        .post_json("/contact_tags", &json!({"name": "x".repeat(256)}))
        .await
        .error(400);
    assert_eq!(e.key(), Some("contact_tags.api.validation.error"));
    assert!(e.message().contains("name"), "{e:?}");

    let e = api.get("/contact_tags/no-such-tag").await.error(404);
    assert_eq!(e.key(), Some("contact_tags.api.not_found"));
    assert!(e.message().contains("no-such-tag"));
}

#[tokio::test]
async fn list_pages_and_counts_follow_the_contacts() {
    let api = start().await;
    let mut ids = Vec::new();
    for name in ["a", "b", "c"] {
        ids.push(create_tag(&api, name).await.tag_id.unwrap());
    }
    let contacts = contact_ids(&api).await;
    tag_contact(&api, &contacts[1], &[&ids[0], &ids[1]]).await;
    tag_contact(&api, &contacts[2], &[&ids[0]]).await;

    let first: Tags = api
        .get("/contact_tags?limit=2&include_count=true")
        .await
        .json(200);
    let tags = first.tags.unwrap();
    assert_eq!(tags.len(), 2);
    assert_eq!(tags[0].contacts_count, Some(2));
    assert_eq!(tags[1].contacts_count, Some(1));
    let next = first.links.unwrap().next.unwrap().href.unwrap();
    assert!(next.starts_with("/v3/contact_tags?cursor="), "{next}");
    let second: Tags = api.get(&next).await.json(200);
    let rest = second.tags.unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].name.as_deref(), Some("c"));
    assert_eq!(
        rest[0].contacts_count,
        Some(0),
        "the cursor keeps include_count"
    );
    assert!(second.links.is_none());

    // GET /contacts?tags= agrees with the counts.
    let tagged: Contacts = api
        .get(&format!("/contacts?tags={}&include=taggings", ids[0]))
        .await
        .json(200);
    assert_eq!(tagged.contacts.unwrap().len(), 2);

    let e = api.get("/contact_tags?limit=501").await.error(400);
    assert!(e.message().contains("501"));
}

#[tokio::test]
async fn rename() {
    let api = start().await;
    let a = create_tag(&api, "old").await.tag_id.unwrap();
    create_tag(&api, "taken").await;
    let renamed: Tag = api
        .put_json(&format!("/contact_tags/{a}"), &json!({"name": "new"}))
        .await
        .json(200);
    assert_eq!(renamed.name.as_deref(), Some("new"));
    let got: Tag = api.get(&format!("/contact_tags/{a}")).await.json(200);
    assert_eq!(got.name.as_deref(), Some("new"));
    // Renaming to itself is fine, to another tag's name is a conflict.
    assert_eq!(
        api.put_json(&format!("/contact_tags/{a}"), &json!({"name": "NEW"}))
            .await
            .status,
        200
    );
    let e = api
        .put_json(&format!("/contact_tags/{a}"), &json!({"name": "Taken"}))
        .await
        .error(409);
    assert_eq!(e.key(), Some("contact_tags.api.conflict"));
    let e = api
        .put_json("/contact_tags/missing", &json!({"name": "x"}))
        .await
        .error(404);
    assert!(e.message().contains("missing"));
}

#[tokio::test]
async fn delete_is_an_activity_that_untags_contacts() {
    let api = start().await;
    let id = create_tag(&api, "gone").await.tag_id.unwrap();
    let keep = create_tag(&api, "kept").await.tag_id.unwrap();
    let contacts = contact_ids(&api).await;
    tag_contact(&api, &contacts[1], &[&id, &keep]).await;

    let r = api.delete(&format!("/contact_tags/{id}")).await;
    let activity: TagDeleteActivity = r.json(202);
    assert_eq!(activity.state.as_deref(), Some("initialized"));
    assert_eq!(activity.percent_done, Some(0));
    let activity_id = activity.activity_id.unwrap();
    assert!(
        activity
            .links
            .unwrap()
            .self_
            .unwrap()
            .href
            .unwrap()
            .ends_with(activity_id.as_str()),
    );
    // Keys of the contract's shape only.
    let raw: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert!(raw["status"].get("person_count").is_none(), "{}", r.body);

    let done: Activity = api
        .get(&format!("/activities/{activity_id}"))
        .await
        .json(200);
    assert_eq!(done.state, Some(ActivityState::Completed));
    assert_eq!(done.percent_done, Some(100));
    assert_eq!(api.get(&format!("/contact_tags/{id}")).await.status, 404);
    let c: ContactResource = api
        .get(&format!("/contacts/{}?include=taggings", contacts[1]))
        .await
        .json(200);
    assert_eq!(c.taggings.unwrap(), vec![keep]);
    assert_eq!(api.delete(&format!("/contact_tags/{id}")).await.status, 404);
}
