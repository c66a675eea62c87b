//! Contact Tags (5 operations): read, rename, delete (an activity), list and create.

use ctct_models::endpoint::Method;
use ctct_models::v3::contact_tags::{
    CreateTag, DeleteTag, GetTag, GetTags, PutTag, TagPostInput, TagPutInput,
};

use super::{Case, bare, decodes, with_json};

const T1: &str = "ff4f3f1e-69b0-11ea-9c4b-fa163e6b01c1";

pub fn wire() -> Vec<Case> {
    let mut post = TagPostInput::new("Trade show 2026".into());
    post.tag_source = Some("Import".into());
    vec![
        bare(
            GetTag::new(T1).include_count(true),
            Method::Get,
            "/contact_tags/ff4f3f1e-69b0-11ea-9c4b-fa163e6b01c1?include_count=true",
        ),
        with_json(
            PutTag::new(T1, TagPutInput::new("Trade show / Boston".into())),
            Method::Put,
            "/contact_tags/ff4f3f1e-69b0-11ea-9c4b-fa163e6b01c1",
            r#"{"name":"Trade show / Boston"}"#,
        ),
        bare(
            DeleteTag::new(T1),
            Method::Delete,
            "/contact_tags/ff4f3f1e-69b0-11ea-9c4b-fa163e6b01c1",
        ),
        bare(
            GetTags::new().limit(500).include_count(false),
            Method::Get,
            "/contact_tags?limit=500&include_count=false",
        ),
        with_json(
            CreateTag::new(post),
            Method::Post,
            "/contact_tags",
            r#"{"name":"Trade show 2026","tag_source":"Import"}"#,
        ),
    ]
}

pub fn decode() -> Vec<Case> {
    vec![
        decodes::<GetTag>(
            200,
            r#"{"tag_id":"ff4f3f1e-69b0-11ea-9c4b-fa163e6b01c1","name":"VIP","contacts_count":7,
                "created_at":"2026-01-05T08:00:00.000Z","updated_at":"2026-01-06T08:00:00.000Z",
                "tag_source":"Contact"}"#,
            |t| {
                assert_eq!(t.tag_id.unwrap(), *T1);
                assert_eq!(t.contacts_count, Some(7));
                assert_eq!(t.tag_source.as_deref(), Some("Contact"));
            },
        ),
        decodes::<PutTag>(
            200,
            r#"{"tag_id":"ff4f3f1e-69b0-11ea-9c4b-fa163e6b01c1","name":"Trade show / Boston",
                "updated_at":"2026-01-07T08:00:00.000Z"}"#,
            |t| assert_eq!(t.name.as_deref(), Some("Trade show / Boston")),
        ),
        decodes::<DeleteTag>(
            202,
            r#"{"activity_id":"04fe9a97-a579-43c5-bb1a-58ed29bf0a6a","state":"processing",
                "created_at":"2026-01-07T08:00:00.000Z","updated_at":"2026-01-07T08:00:01.000Z",
                "percent_done":50,"activity_errors":[{"message":"contact c9 is locked"}],
                "status":{"items_total_count":4,"items_completed_count":2},
                "_links":{"self":{"href":"/v3/activities/04fe9a97-a579-43c5-bb1a-58ed29bf0a6a"}}}"#,
            |a| {
                assert_eq!(a.state.as_deref(), Some("processing"));
                let errors = a.activity_errors.unwrap();
                assert_eq!(errors[0].message.as_deref(), Some("contact c9 is locked"));
                let s = a.status.unwrap();
                assert_eq!(
                    (s.items_total_count, s.items_completed_count),
                    (Some(4), Some(2))
                );
                assert!(a.links.unwrap().self_.unwrap().href.is_some());
            },
        ),
        decodes::<GetTags>(
            200,
            r#"{"tags":[{"tag_id":"ff4f3f1e-69b0-11ea-9c4b-fa163e6b01c1","name":"VIP"},
                        {"tag_id":"t2","name":"Trade show"}],
                "_links":{"next":{"href":"/v3/contact_tags?cursor=bGltaXQ9Mg",
                                  "next":{"href":"/v3/contact_tags?cursor=bGltaXQ9Mg"}}}}"#,
            |page| {
                let tags = page.tags.unwrap();
                assert_eq!(tags[1].name.as_deref(), Some("Trade show"));
                let next = page.links.unwrap().next.unwrap();
                assert_eq!(
                    next.href.as_deref(),
                    Some("/v3/contact_tags?cursor=bGltaXQ9Mg")
                );
            },
        ),
        decodes::<CreateTag>(
            201,
            r#"{"tag_id":"ff4f3f1e-69b0-11ea-9c4b-fa163e6b01c1","name":"Trade show 2026",
                "created_at":"2026-01-05T08:00:00.000Z","tag_source":"Import"}"#,
            |t| {
                assert_eq!(t.name.as_deref(), Some("Trade show 2026"));
                assert!(t.created_at.is_some());
            },
        ),
    ]
}
