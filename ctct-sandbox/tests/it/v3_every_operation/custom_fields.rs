//! Contacts Custom Fields over HTTP: create, read, change, list, and delete, after which the
//! definition is gone and no contact keeps a value for it.

use ctct_models::endpoint::{EndpointSpec, NoContent};
use ctct_models::v3::contacts::{
    ContactPutRequest, CustomFieldInput, EmailAddressPut, PutContact, Source,
};
use ctct_models::v3::custom_fields::{
    self, CreateCustomField, CustomFieldPostInput, CustomFieldPutInput, DeleteCustomField,
    GetCustomField, GetCustomFields, PutCustomField,
};

use super::Ops;

pub const OPS: &[&EndpointSpec] = &[
    &custom_fields::GET_CUSTOM_FIELD,
    &custom_fields::PUT_CUSTOM_FIELD,
    &custom_fields::DELETE_CUSTOM_FIELD,
    &custom_fields::GET_CUSTOM_FIELDS,
    &custom_fields::CREATE_CUSTOM_FIELD,
];

fn field(label: &str) -> CustomFieldPostInput {
    let mut f = CustomFieldPostInput::new();
    f.label = Some(label.into());
    f.type_ = Some("string".into());
    f
}

#[tokio::test]
async fn contacts_custom_fields() {
    let ops = Ops::start().await;
    let color = ops
        .ok(CreateCustomField::new(field("Favorite color")), 201)
        .await;
    let id = color.custom_field_id.clone().unwrap();
    assert_eq!(color.label.as_deref(), Some("Favorite color"));
    assert_eq!(color.type_.as_deref(), Some("string"));
    assert!(color.name.is_some(), "the server names it");
    let size = ops
        .ok(CreateCustomField::new(field("Shoe size")), 201)
        .await
        .custom_field_id
        .unwrap();

    let read = ops.ok(GetCustomField::new(&id), 200).await;
    assert_eq!(read, color);
    let mut change = CustomFieldPutInput::new();
    change.label = Some("Favourite colour".into());
    let put = ops.ok(PutCustomField::new(&id, change), 200).await;
    assert_eq!(put.label.as_deref(), Some("Favourite colour"));
    let read = ops.ok(GetCustomField::new(&id), 200).await;
    assert_eq!(read.label.as_deref(), Some("Favourite colour"));

    let page = ops.ok(GetCustomFields::new().limit(1), 200).await;
    assert_eq!(page.custom_fields.unwrap().len(), 1);
    assert!(page.links.unwrap().next.is_some());
    let all = ops
        .ok(GetCustomFields::new(), 200)
        .await
        .custom_fields
        .unwrap();
    assert_eq!(all.len(), 2);

    // Ada has a value for the colour; deleting the definition takes it off her.
    let ada = ops.contacts().await[1].clone();
    let mut body = ContactPutRequest::new(Source::Account);
    body.email_address = Some(EmailAddressPut::new("ada@example.com".into()));
    body.first_name = ada.first_name.clone();
    let mut value = CustomFieldInput::new(&id);
    value.value = Some("green".into());
    body.custom_fields = vec![value];
    let ada_id = ada.contact_id.unwrap();
    ops.ok(PutContact::new(&ada_id, body), 200).await;
    let fields = ops.contact(&ada_id).await.custom_fields.unwrap();
    assert_eq!(fields.len(), 1);
    assert_eq!(fields[0].value.as_deref(), Some("green"));

    let done: NoContent = ops.ok(DeleteCustomField::new(&id), 204).await;
    assert_eq!(done, NoContent);
    ops.refused(GetCustomField::new(&id), 404).await;
    ops.refused(DeleteCustomField::new(&id), 404).await;
    let left = ops
        .ok(GetCustomFields::new(), 200)
        .await
        .custom_fields
        .unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].custom_field_id.as_ref(), Some(&size));
    assert_eq!(ops.contact(&ada_id).await.custom_fields, Some(vec![]));

    ops.covered(OPS);
}
