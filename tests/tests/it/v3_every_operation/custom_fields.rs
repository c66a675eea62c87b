//! Contacts Custom Fields (5 operations): read, change, delete, list and create definitions.

use ctct_models::endpoint::{Method, NoContent};
use ctct_models::v3::custom_fields::{
    CreateCustomField, CustomFieldChoicePostInput, CustomFieldChoicePutInput,
    CustomFieldMetadataInput, CustomFieldPostInput, CustomFieldPutInput, DeleteCustomField,
    GetCustomField, GetCustomFields, PutCustomField,
};

use super::{Case, bare, decodes, with_json};

const F1: &str = "1618ae62-4752-11e9-9c8a-fa163e6b0001";

pub fn wire() -> Vec<Case> {
    let mut put = CustomFieldPutInput::new();
    put.label = Some("Favourite colour".into());
    let mut keep = CustomFieldChoicePutInput::new();
    keep.choice_id = Some(1);
    keep.choice_label = Some("Green".into());
    keep.display_order = Some(2);
    put.choices = vec![keep];

    let mut post = CustomFieldPostInput::new();
    post.label = Some("Shoe size".into());
    post.type_ = Some("number".into());
    let mut metadata = CustomFieldMetadataInput::new();
    metadata.allow_negative = Some(false);
    metadata.decimal_places = Some(1);
    metadata.integer = Some(false);
    post.metadata = Some(metadata);
    post.version = Some(2);

    let mut choice = CustomFieldPostInput::new();
    choice.label = Some("Colour".into());
    choice.type_ = Some("single_select".into());
    let mut red = CustomFieldChoicePostInput::new();
    red.choice_label = Some("Red".into());
    red.display_order = Some(1);
    choice.choices = vec![red];
    vec![
        bare(
            GetCustomField::new(F1),
            Method::Get,
            "/contact_custom_fields/1618ae62-4752-11e9-9c8a-fa163e6b0001",
        ),
        with_json(
            PutCustomField::new(F1, put),
            Method::Put,
            "/contact_custom_fields/1618ae62-4752-11e9-9c8a-fa163e6b0001",
            r#"{"label":"Favourite colour","choices":[{"choice_id":1,"choice_label":"Green","display_order":2}]}"#,
        ),
        bare(
            DeleteCustomField::new(F1),
            Method::Delete,
            "/contact_custom_fields/1618ae62-4752-11e9-9c8a-fa163e6b0001",
        ),
        bare(
            GetCustomFields::new().limit(100),
            Method::Get,
            "/contact_custom_fields?limit=100",
        ),
        with_json(
            CreateCustomField::new(post),
            Method::Post,
            "/contact_custom_fields",
            r#"{"label":"Shoe size","type":"number","metadata":{"allow_negative":false,"decimal_places":1,"integer":false},"version":2}"#,
        ),
        with_json(
            CreateCustomField::new(choice),
            Method::Post,
            "/contact_custom_fields",
            r#"{"label":"Colour","type":"single_select","choices":[{"choice_label":"Red","display_order":1}]}"#,
        ),
    ]
}

const DEFINITION: &str = r#"{"custom_field_id":"1618ae62-4752-11e9-9c8a-fa163e6b0001",
    "label":"Colour","name":"colour","type":"single_select",
    "metadata":{"display_type":"dropdown"},"version":2,
    "choices":[{"custom_field_id":"1618ae62-4752-11e9-9c8a-fa163e6b0001","choice_id":1,
       "choice_label":"Red","display_order":1,"created_at":"2026-01-01T00:00:00.000Z",
       "updated_at":"2026-01-01T00:00:00.000Z"},
      {"choice_id":2,"choice_label":"Blue","display_order":2,"deleted_at":"2026-01-04"}],
    "created_at":"2026-01-01T00:00:00.000Z","updated_at":"2026-01-04T00:00:00.000Z"}"#;

pub fn decode() -> Vec<Case> {
    vec![
        decodes::<GetCustomField>(200, DEFINITION, |f| {
            assert_eq!(f.custom_field_id.unwrap(), *F1);
            assert_eq!(f.name.as_deref(), Some("colour"));
            assert_eq!(f.type_.as_deref(), Some("single_select"));
            assert_eq!(
                f.metadata.unwrap().display_type.as_deref(),
                Some("dropdown")
            );
            let choices = f.choices.unwrap();
            assert_eq!(choices[0].choice_label.as_deref(), Some("Red"));
            assert_eq!(
                choices[1].deleted_at.as_ref().unwrap().to_string(),
                "2026-01-04"
            );
        }),
        decodes::<PutCustomField>(200, DEFINITION, |f| {
            assert_eq!(f.version, Some(2));
            assert_eq!(f.choices.unwrap()[1].choice_id, Some(2));
        }),
        decodes::<DeleteCustomField>(204, "", |done: NoContent| assert_eq!(done, NoContent)),
        decodes::<GetCustomFields>(
            200,
            r#"{"custom_fields":[{"custom_field_id":"1618ae62-4752-11e9-9c8a-fa163e6b0001",
                  "label":"Shoe size","name":"shoe_size","type":"number",
                  "metadata":{"allow_negative":false,"decimal_places":1,"currency_code":"USD",
                    "integer":false,"display_format":"0.0"}}],
                "_links":{"next":{"href":"/v3/contact_custom_fields?cursor=bGltaXQ9MQ"}}}"#,
            |page| {
                let fields = page.custom_fields.unwrap();
                let m = fields[0].metadata.as_ref().unwrap();
                assert_eq!(m.decimal_places, Some(1));
                assert_eq!(m.currency_code.as_deref(), Some("USD"));
                assert_eq!(m.display_format.as_deref(), Some("0.0"));
                assert!(page.links.unwrap().next.is_some());
            },
        ),
        decodes::<CreateCustomField>(
            201,
            r#"{"custom_field_id":"1618ae62-4752-11e9-9c8a-fa163e6b0001","label":"Shoe size",
                "name":"shoe_size","type":"number","version":1,
                "created_at":"2026-01-01T00:00:00.000Z","updated_at":"2026-01-01T00:00:00.000Z"}"#,
            |f| {
                assert_eq!(f.label.as_deref(), Some("Shoe size"));
                assert_eq!(f.name.as_deref(), Some("shoe_size"));
            },
        ),
    ]
}
