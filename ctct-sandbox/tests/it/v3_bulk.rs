//! The V3 sandbox's bulk activities over raw HTTP: tagging and untagging, list membership
//! changes, bulk deletes of contacts, lists, tags and custom fields, and the export with its
//! CSV download. Each answers 201 with the contract's activity shape and a `Location`,
//! runs in the background (here: done by the next request), and changes what contact
//! queries return.

#![allow(clippy::unwrap_used)] // a test: a failure here is a test failure

use crate::support;

use std::time::Duration;

use ctct_models::v3::activities::{
    Activities, Activity, ActivityDeleteCustomFields, ActivityDeleteListsResponse,
    ActivityDeleteStatus, ActivityExportStatus, ActivityListsMembership, ActivityState,
    ActivityTagging,
};
use ctct_models::v3::contact_lists::ContactLists;
use ctct_models::v3::contact_tags::{Tag, Tags};
use ctct_models::v3::contacts::{ContactResource, Contacts};
use ctct_models::v3::custom_fields::{CustomFieldDefinition, CustomFields};
use ctct_sandbox::V3Config;
use serde_json::json;
use support::v3::*;

struct Seed {
    contacts: Vec<String>,
    lists: Vec<String>,
}

async fn seed(api: &V3) -> Seed {
    let page: Contacts = api.get("/contacts").await.json(200);
    let lists: ContactLists = api.get("/contact_lists").await.json(200);
    Seed {
        contacts: page
            .contacts
            .unwrap()
            .into_iter()
            .map(|c| c.contact_id.unwrap().into_string())
            .collect(),
        lists: lists
            .lists
            .unwrap()
            .into_iter()
            .map(|l| l.list_id.unwrap().into_string())
            .collect(),
    }
}

async fn tag(api: &V3, name: &str) -> String {
    let t: Tag = api
        .post_json("/contact_tags", &json!({"name": name}))
        .await
        .json(201);
    t.tag_id.unwrap().into_string()
}

/// Reads the activity until it is completed (with a zero duration: the next read).
async fn finished(api: &V3, id: &str) -> Activity {
    let a: Activity = api.get(&format!("/activities/{id}")).await.json(200);
    assert_eq!(a.state, Some(ActivityState::Completed), "{a:?}");
    assert_eq!(a.percent_done, Some(100));
    assert!(a.completed_at.is_some());
    a
}

async fn contact(api: &V3, id: &str) -> ContactResource {
    api.get(&format!(
        "/contacts/{id}?include=taggings,list_memberships,custom_fields"
    ))
    .await
    .json(200)
}

#[tokio::test]
async fn add_and_remove_taggings() {
    let api = start().await;
    let s = seed(&api).await;
    let vip = tag(&api, "vip").await;
    let r = api
        .post_json(
            "/activities/contacts_taggings_add",
            &json!({"source": {"list_ids": [s.lists[0]]}, "tag_ids": [vip]}),
        )
        .await;
    let a: ActivityTagging = r.json(201);
    let id = a.activity_id.clone().unwrap();
    assert_eq!(a.state.as_deref(), Some("initialized"));
    assert_eq!(
        a.status.unwrap().items_total_count,
        Some(2),
        "two members of the list"
    );
    assert!(
        r.header("location")
            .unwrap()
            .ends_with(&format!("/v3/activities/{id}"))
    );
    let done = finished(&api, &id).await;
    assert_eq!(done.status.unwrap().items_completed_count, Some(2));

    let tagged: Contacts = api.get(&format!("/contacts?tags={vip}")).await.json(200);
    assert_eq!(tagged.contacts.unwrap().len(), 2);
    let counted: Tag = api
        .get(&format!("/contact_tags/{vip}?include_count=true"))
        .await
        .json(200);
    assert_eq!(counted.contacts_count, Some(2));

    // Remove from everyone carrying it but one excluded contact.
    let a: ActivityTagging = api
        .post_json(
            "/activities/contacts_taggings_remove",
            &json!({"source": {"tag_ids": [vip]}, "exclude": {"contact_ids": [s.contacts[2]]},
                    "tag_ids": [vip]}),
        )
        .await
        .json(201);
    finished(&api, &a.activity_id.unwrap()).await;
    assert_eq!(
        contact(&api, &s.contacts[1]).await.taggings.unwrap(),
        Vec::<String>::new()
    );
    assert_eq!(
        contact(&api, &s.contacts[2]).await.taggings.unwrap(),
        vec![vip.clone()]
    );

    // Refusals name what is wrong.
    let e = api
        .post_json(
            "/activities/contacts_taggings_add",
            &json!({"source": {"list_ids": [s.lists[0]], "all_active_contacts": true}, "tag_ids": [vip]}),
        )
        .await
        .error(400);
    assert!(e.message().contains("mutually exclusive"), "{e:?}");
    let e = api
        .post_json(
            "/activities/contacts_taggings_add",
            &json!({"source": {"contact_ids": [s.contacts[0]]}, "tag_ids": ["nope"]}),
        )
        .await
        .error(404);
    assert!(e.message().contains("nope"));
    let e = api
        .post_json(
            "/activities/contacts_taggings_add",
            &json!({"source": {"contact_ids": ["ghost"]}, "tag_ids": [vip]}),
        )
        .await
        .error(404);
    assert!(e.message().contains("ghost"));
    let e = api
        .post_json(
            "/activities/contacts_taggings_add",
            &json!({"source": {}, "tag_ids": [vip]}),
        )
        .await
        .error(400);
    assert!(e.message().contains("source"), "{e:?}");
}

#[tokio::test]
async fn add_and_remove_list_memberships() {
    let api = start().await;
    let s = seed(&api).await;
    let a: ActivityListsMembership = api
        .post_json(
            "/activities/add_list_memberships",
            &json!({"source": {"all_active_contacts": true}, "list_ids": [s.lists[1]]}),
        )
        .await
        .json(201);
    assert_eq!(a.status.clone().unwrap().list_count, Some(1));
    assert_eq!(a.status.unwrap().items_total_count, Some(3));
    finished(&api, &a.activity_id.unwrap()).await;
    let members: Contacts = api
        .get(&format!("/contacts?lists={}", s.lists[1]))
        .await
        .json(200);
    assert_eq!(members.contacts.unwrap().len(), 3);

    let a: ActivityListsMembership = api
        .post_json(
            "/activities/remove_list_memberships",
            &json!({"source": {"contact_ids": [s.contacts[0], s.contacts[1]]}, "list_ids": [s.lists[1]]}),
        )
        .await
        .json(201);
    finished(&api, &a.activity_id.unwrap()).await;
    let members: Contacts = api
        .get(&format!("/contacts?lists={}", s.lists[1]))
        .await
        .json(200);
    let left: Vec<String> = members
        .contacts
        .unwrap()
        .into_iter()
        .map(|c| c.contact_id.unwrap().into_string())
        .collect();
    assert_eq!(left, vec![s.contacts[2].clone()]);

    let e = api
        .post_json(
            "/activities/add_list_memberships",
            &json!({"source": {"engagement_level": "high"}, "list_ids": [s.lists[1]]}),
        )
        .await
        .error(400);
    assert!(e.message().contains("engagement_level"), "{e:?}");
    let e = api
        .post_json(
            "/activities/add_list_memberships",
            &json!({"source": {"all_active_contacts": true}, "list_ids": ["nolist"]}),
        )
        .await
        .error(404);
    assert!(e.message().contains("nolist"));
    let many: Vec<String> = (0..51).map(|i| format!("l{i}")).collect();
    let e = api
        .post_json(
            "/activities/remove_list_memberships",
            &json!({"source": {"all_active_contacts": true}, "list_ids": many}),
        )
        .await
        .error(400);
    assert!(e.message().contains("list_ids"), "{e:?}");
}

#[tokio::test]
async fn add_list_memberships_from_a_segment() {
    let api = start().await;
    let s = seed(&api).await;
    let criteria = json!({"version": "1.0.0", "criteria": {"type": "and", "group": [
        {"source": "contact", "field": "last_name", "op": "eq", "const_value": "flowers"}]}})
    .to_string();
    let r = api
        .post_json(
            "/segments",
            &json!({"name": "F", "segment_criteria": criteria}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let a: ActivityListsMembership = api
        .post_json(
            "/activities/add_list_memberships",
            &json!({"source": {"segment_id": 1}, "list_ids": [s.lists[0]]}),
        )
        .await
        .json(201);
    finished(&api, &a.activity_id.unwrap()).await;
    assert!(
        contact(&api, &s.contacts[0])
            .await
            .list_memberships
            .unwrap()
            .contains(&s.lists[0].as_str().into())
    );
}

#[tokio::test]
async fn delete_contacts_in_bulk() {
    let api = start().await;
    let s = seed(&api).await;
    let r = api
        .post_json(
            "/activities/contact_delete",
            &json!({"list_ids": [s.lists[1]]}),
        )
        .await;
    let a: ActivityDeleteStatus = r.json(201);
    assert_eq!(a.status.unwrap().items_total_count, Some(1));
    finished(&api, &a.activity_id.unwrap()).await;
    let left: Contacts = api.get("/contacts").await.json(200);
    assert_eq!(left.contacts.unwrap().len(), 2);
    let deleted: Contacts = api.get("/contacts?status=deleted").await.json(200);
    assert_eq!(
        deleted.contacts.unwrap()[0].contact_id.as_deref(),
        Some(s.contacts[2].as_str())
    );

    let a: ActivityDeleteStatus = api
        .post_json(
            "/activities/contact_delete",
            &json!({"contact_ids": [s.contacts[0]]}),
        )
        .await
        .json(201);
    finished(&api, &a.activity_id.unwrap()).await;
    assert!(contact(&api, &s.contacts[0]).await.deleted_at.is_some());

    let e = api
        .post_json("/activities/contact_delete", &json!({}))
        .await
        .error(400);
    assert!(e.message().contains("contact_ids"), "{e:?}");
    let many: Vec<String> = (0..501).map(|i| format!("c{i}")).collect();
    let e = api
        .post_json("/activities/contact_delete", &json!({"contact_ids": many}))
        .await
        .error(400);
    assert!(e.message().contains("contact_ids"), "{e:?}");
}

#[tokio::test]
async fn delete_lists_in_bulk() {
    let api = start().await;
    let s = seed(&api).await;
    let a: ActivityDeleteListsResponse = api
        .post_json("/activities/list_delete", &json!({"list_ids": s.lists}))
        .await
        .json(201);
    assert_eq!(a.status.unwrap().list_count, Some(2));
    finished(&api, &a.activity_id.unwrap()).await;
    let lists: ContactLists = api.get("/contact_lists").await.json(200);
    assert_eq!(lists.lists.unwrap().len(), 0);
    assert_eq!(
        contact(&api, &s.contacts[2])
            .await
            .list_memberships
            .unwrap(),
        Vec::<String>::new()
    );
    let e = api
        .post_json(
            "/activities/list_delete",
            &json!({"list_ids": [s.lists[0]]}),
        )
        .await
        .error(404);
    assert!(e.message().contains(&s.lists[0]));
}

#[tokio::test]
async fn delete_tags_and_custom_fields_in_bulk() {
    let api = start().await;
    let s = seed(&api).await;
    let a = tag(&api, "a").await;
    let b = tag(&api, "b").await;
    let add: ActivityTagging = api
        .post_json(
            "/activities/contacts_taggings_add",
            &json!({"source": {"contact_ids": [s.contacts[1]]}, "tag_ids": [a, b]}),
        )
        .await
        .json(201);
    finished(&api, &add.activity_id.unwrap()).await;
    let del: ActivityTagging = api
        .post_json("/activities/contacts_tags_delete", &json!({"tag_ids": [a]}))
        .await
        .json(201);
    finished(&api, &del.activity_id.unwrap()).await;
    let tags: Tags = api.get("/contact_tags").await.json(200);
    assert_eq!(tags.tags.unwrap().len(), 1);
    assert_eq!(
        contact(&api, &s.contacts[1]).await.taggings.unwrap(),
        vec![b]
    );
    assert_eq!(
        api.post_json("/activities/contacts_tags_delete", &json!({"tag_ids": [a]}))
            .await
            .status,
        404
    );

    let f: CustomFieldDefinition = api
        .post_json("/contact_custom_fields", &json!({"label": "Color"}))
        .await
        .json(201);
    let fid = f.custom_field_id.unwrap();
    let r = api
        .put_json(
            &format!("/contacts/{}", s.contacts[1]),
            &json!({"email_address": {"address": "ada@example.com"}, "update_source": "Account",
                    "custom_fields": [{"custom_field_id": fid, "value": "red"}]}),
        )
        .await;
    assert_eq!(r.status, 200);
    let d: ActivityDeleteCustomFields = api
        .post_json(
            "/activities/custom_fields_delete",
            &json!({"custom_field_ids": [fid]}),
        )
        .await
        .json(201);
    finished(&api, &d.activity_id.unwrap()).await;
    let fields: CustomFields = api.get("/contact_custom_fields").await.json(200);
    assert_eq!(fields.custom_fields.unwrap().len(), 0);
    assert_eq!(
        contact(&api, &s.contacts[1]).await.custom_fields.unwrap(),
        vec![]
    );
    let e = api
        .post_json(
            "/activities/custom_fields_delete",
            &json!({"custom_field_ids": []}),
        )
        .await
        .error(400);
    assert!(e.message().contains("custom_field_ids"), "{e:?}");
}

#[tokio::test]
async fn export_and_download() {
    let api = start().await;
    let s = seed(&api).await;
    let f: CustomFieldDefinition = api
        .post_json("/contact_custom_fields", &json!({"label": "Color"}))
        .await
        .json(201);
    let r = api
        .put_json(
            &format!("/contacts/{}", s.contacts[2]),
            &json!({"email_address": {"address": "grace@example.com"}, "first_name": "Grace, Rear Admiral",
                    "update_source": "Account",
                    "custom_fields": [{"custom_field_id": f.custom_field_id.unwrap(), "value": "navy"}]}),
        )
        .await;
    assert_eq!(r.status, 200);
    let r = api
        .post_json(
            "/activities/contact_exports",
            &json!({"list_ids": [s.lists[0]], "fields": ["email_address", "first_name", "cf:color"]}),
        )
        .await;
    let a: ActivityExportStatus = r.json(201);
    let id = a.activity_id.clone().unwrap();
    let results = a.links.unwrap().results.unwrap().href.unwrap();
    assert_eq!(results, format!("/v3/contact_exports/{id}"));
    let done = finished(&api, &id).await;
    assert_eq!(done.links.unwrap().results.unwrap().href.unwrap(), results);

    let file = api.get(&results).await;
    assert_eq!(file.status, 200, "{}", file.body);
    assert_eq!(file.header("content-type"), Some("text/csv"));
    assert_eq!(
        file.body,
        "email_address,first_name,cf:color\r\n\
         ada@example.com,Ada,\r\n\
         grace@example.com,\"Grace, Rear Admiral\",navy\r\n"
    );

    // Everyone, default columns; a status filter.
    let a: ActivityExportStatus = api
        .post_json("/activities/contact_exports", &json!({}))
        .await
        .json(201);
    let id = a.activity_id.unwrap();
    finished(&api, &id).await;
    let all = api.get(&format!("/contact_exports/{id}")).await.body;
    assert!(
        all.starts_with("contact_id,email_address,first_name,"),
        "{all}"
    );
    assert!(all.lines().next().unwrap().ends_with(",cf:color"), "{all}");
    assert_eq!(all.lines().count(), 4);

    let e = api
        .post_json("/activities/contact_exports", &json!({"fields": ["fax"]}))
        .await
        .error(400);
    assert!(e.message().contains("\"fax\""));
    let e = api
        .post_json("/activities/contact_exports", &json!({"status": "sleepy"}))
        .await
        .error(400);
    assert!(e.message().contains("sleepy"));
    assert_eq!(api.get("/contact_exports/unknown").await.status, 404);
}

#[tokio::test]
async fn an_export_still_running_has_no_file_yet() {
    let mut config = config();
    config.v3 = V3Config {
        activity_duration: Duration::from_secs(3600),
        ..V3Config::default()
    };
    let api = start_with(config).await;
    let a: ActivityExportStatus = api
        .post_json("/activities/contact_exports", &json!({}))
        .await
        .json(201);
    let id = a.activity_id.unwrap();
    let e = api.get(&format!("/contact_exports/{id}")).await.error(404);
    assert!(e.message().contains("not ready"), "{e:?}");
    let running: Activities = api.get("/activities?state=processing").await.json(200);
    let running = running.activities.unwrap();
    assert_eq!(running.len(), 1);
    assert!(running[0].percent_done.unwrap() < 100);
}

#[tokio::test]
async fn a_fail_activity_fault_fails_the_next_activity_and_only_it() {
    let api = start().await;
    let s = seed(&api).await;
    let vip = tag(&api, "vip").await;
    api.sandbox
        .set_faults("fail-activity,times=1".parse().unwrap());
    // Requests that start no activity do not spend the fault.
    let _: Contacts = api.get("/contacts").await.json(200);
    let other = tag(&api, "other").await;
    let tagging = json!({"source": {"list_ids": [s.lists[0]]}, "tag_ids": [vip]});
    let a: ActivityTagging = api
        .post_json("/activities/contacts_taggings_add", &tagging)
        .await
        .json(201);
    assert_eq!(a.state.as_deref(), Some("initialized"), "answered as usual");
    let id = a.activity_id.unwrap();
    let failed: Activity = api.get(&format!("/activities/{id}")).await.json(200);
    assert_eq!(failed.state, Some(ActivityState::Failed), "{failed:?}");
    assert!(failed.completed_at.is_some());
    assert_eq!(
        failed.activity_errors.unwrap(),
        vec![ctct_sandbox::faults::FAILED_ACTIVITY_MESSAGE.to_owned()]
    );
    // None of its work was done, and the listing agrees.
    let tagged: Contacts = api.get(&format!("/contacts?tags={vip}")).await.json(200);
    assert_eq!(tagged.contacts.unwrap_or_default().len(), 0);
    let listed: Activities = api.get("/activities?state=failed").await.json(200);
    assert_eq!(listed.activities.unwrap().len(), 1);

    // The next activity runs: the fault was spent by the one that failed.
    let a: ActivityTagging = api
        .post_json(
            "/activities/contacts_taggings_add",
            &json!({"source": {"list_ids": [s.lists[0]]}, "tag_ids": [other]}),
        )
        .await
        .json(201);
    finished(&api, &a.activity_id.unwrap()).await;
    let tagged: Contacts = api.get(&format!("/contacts?tags={other}")).await.json(200);
    assert_eq!(tagged.contacts.unwrap().len(), 2);

    // A list delete fails the same way.
    api.sandbox
        .set_faults("fail-activity,method=DELETE,times=1".parse().unwrap());
    let started: ctct_models::v3::activities::ListDeleteActivity = api
        .delete(&format!("/contact_lists/{}", s.lists[1]))
        .await
        .json(202);
    let a: Activity = api
        .get(&format!("/activities/{}", started.activity_id.unwrap()))
        .await
        .json(200);
    assert_eq!(a.state, Some(ActivityState::Failed));
    let still = api.get(&format!("/contact_lists/{}", s.lists[1])).await;
    assert_eq!(still.status, 200, "the failed delete deleted nothing");
}
