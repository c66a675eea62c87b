//! The V3 sandbox's custom field definitions over raw HTTP: create (names from labels,
//! choice types with choices, 409 on a label taken, 400 naming a bad type), paging at most
//! 100 a page, read, change label and choices, and the delete that takes the field's
//! values off every contact.

#![allow(clippy::unwrap_used)] // a test: a failure here is a test failure

use crate::support;

use ctct_models::v3::contacts::{ContactResource, Contacts};
use ctct_models::v3::custom_fields::{CustomFieldDefinition, CustomFields};
use serde_json::json;
use support::v3::*;

async fn create(api: &V3, body: serde_json::Value) -> CustomFieldDefinition {
    api.post_json("/contact_custom_fields", &body)
        .await
        .json(201)
}

#[tokio::test]
async fn create_and_read() {
    let api = start().await;
    let f = create(&api, json!({"label": "Favorite Fruit", "type": "string"})).await;
    assert_eq!(f.label.as_deref(), Some("Favorite Fruit"));
    assert_eq!(f.name.as_deref(), Some("favorite_fruit"));
    assert_eq!(f.type_.as_deref(), Some("string"));
    assert!(f.choices.is_none());
    let id = f.custom_field_id.clone().unwrap();
    let got: CustomFieldDefinition = api
        .get(&format!("/contact_custom_fields/{id}"))
        .await
        .json(200);
    assert_eq!(got, f);

    let select = create(
        &api,
        json!({"label": "Size", "type": "single_select",
               "choices": [{"choice_label": "S"}, {"choice_label": "M", "display_order": 5}]}),
    )
    .await;
    let choices = select.choices.unwrap();
    assert_eq!(choices.len(), 2);
    assert_eq!(choices[0].choice_id, Some(1));
    assert_eq!(choices[1].display_order, Some(5));

    let e = api
        .post_json(
            "/contact_custom_fields",
            &json!({"label": "favorite fruit"}),
        )
        .await
        .error(409);
    assert_eq!(e.key(), Some("contact_custom_fields.api.conflict"));
    let e = api
        .post_json(
            "/contact_custom_fields",
            &json!({"label": "X", "type": "colour"}),
        )
        .await
        .error(400);
    assert!(e.message().contains("\"colour\""), "{e:?}");
    let e = api
        .post_json("/contact_custom_fields", &json!({"type": "string"}))
        .await
        .error(400);
    assert!(e.message().contains("label"), "{e:?}");
    let e = api
        .post_json("/contact_custom_fields", &json!({"label": "L".repeat(51)}))
        .await
        .error(400);
    assert!(e.message().contains("label"), "{e:?}");
    let e = api
        .post_json(
            "/contact_custom_fields",
            &json!({"label": "Pick", "type": "multi_select"}),
        )
        .await
        .error(400);
    assert!(e.message().contains("choices"), "{e:?}");
    assert_eq!(api.get("/contact_custom_fields/nope").await.status, 404);
}

#[tokio::test]
async fn list_pages() {
    let api = start().await;
    for i in 0..3 {
        create(&api, json!({"label": format!("F{i}")})).await;
    }
    let first: CustomFields = api.get("/contact_custom_fields?limit=2").await.json(200);
    assert_eq!(first.custom_fields.unwrap().len(), 2);
    let next = first.links.unwrap().next.unwrap().href.unwrap();
    let second: CustomFields = api.get(&next).await.json(200);
    let rest = second.custom_fields.unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].label.as_deref(), Some("F2"));
    let e = api.get("/contact_custom_fields?limit=101").await.error(400);
    assert!(e.message().contains("101"));
}

#[tokio::test]
async fn put_changes_label_and_choices() {
    let api = start().await;
    let f = create(
        &api,
        json!({"label": "Size", "type": "single_select",
               "choices": [{"choice_label": "S"}, {"choice_label": "M"}]}),
    )
    .await;
    let id = f.custom_field_id.unwrap();
    let updated: CustomFieldDefinition = api
        .put_json(
            &format!("/contact_custom_fields/{id}"),
            &json!({"label": "Shirt Size",
                    "choices": [{"choice_id": 1, "choice_label": "Small"}, {"choice_label": "L"}]}),
        )
        .await
        .json(200);
    assert_eq!(updated.name.as_deref(), Some("shirt_size"));
    let choices = updated.choices.unwrap();
    assert_eq!(choices.len(), 3, "{choices:?}");
    assert_eq!(choices[0].choice_label.as_deref(), Some("Small"));
    assert!(choices[0].deleted_at.is_none());
    assert!(choices[1].deleted_at.is_some(), "M was left out");
    assert_eq!(choices[2].choice_id, Some(3));
    let e = api
        .put_json(
            &format!("/contact_custom_fields/{id}"),
            &json!({"choices": [{"choice_id": 99}]}),
        )
        .await
        .error(400);
    assert!(e.message().contains("99"), "{e:?}");
    let plain = create(&api, json!({"label": "Plain"})).await;
    let e = api
        .put_json(
            &format!("/contact_custom_fields/{}", plain.custom_field_id.unwrap()),
            &json!({"label": "shirt size"}),
        )
        .await
        .error(409);
    assert_eq!(e.key(), Some("contact_custom_fields.api.conflict"));
}

#[tokio::test]
async fn delete_takes_values_off_contacts() {
    let api = start().await;
    let f = create(&api, json!({"label": "Color"})).await;
    let id = f.custom_field_id.unwrap();
    let page: Contacts = api.get("/contacts").await.json(200);
    let contact = page.contacts.unwrap()[1].contact_id.clone().unwrap();
    let r = api
        .put_json(
            &format!("/contacts/{contact}"),
            &json!({"email_address": {"address": "ada@example.com"}, "update_source": "Account",
                    "custom_fields": [{"custom_field_id": id, "value": "blue"}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = api.delete(&format!("/contact_custom_fields/{id}")).await;
    assert_eq!(r.status, 204);
    assert!(r.body.is_empty());
    let c: ContactResource = api
        .get(&format!("/contacts/{contact}?include=custom_fields"))
        .await
        .json(200);
    assert_eq!(c.custom_fields.unwrap(), vec![]);
    assert_eq!(
        api.get(&format!("/contact_custom_fields/{id}"))
            .await
            .status,
        404
    );
    assert_eq!(
        api.delete(&format!("/contact_custom_fields/{id}"))
            .await
            .status,
        404
    );
}
