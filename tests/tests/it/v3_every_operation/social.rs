//! Social (4 operations): the connected profiles, the connections, hashtag groups by
//! numbered page, and new posts; network settings are free-form JSON both ways.

use ctct_models::endpoint::Method;
use ctct_models::v3::social::{
    CreateSocialPost, GetHashtagGroups, GetSocialConnections, GetSocialProfiles, SocialImageInput,
    SocialPostInput, SocialPostProfileInput, SocialPostStatus, SocialProfileInclude,
    SocialProfilePostInput,
};
use serde_json::json;

use super::{Case, bare, decodes, with_json};

fn post() -> SocialPostInput {
    let mut content = SocialProfilePostInput::new(vec![
        SocialPostProfileInput::new("fb-1001".into()),
        SocialPostProfileInput::new("tt-3003".into()),
    ]);
    content.text = Some("Tulips are in!".into());
    content.images = vec![SocialImageInput::new(
        "https://img.example/tulips.jpg".into(),
    )];
    content.settings = Some(json!({"tiktok": {"disable_comment": "true"}}));
    let mut body = SocialPostInput::new(vec![content], SocialPostStatus::Scheduled);
    body.name = Some("Spring tulips".into());
    body.scheduled_time = Some("2026-12-24T09:00:00Z".into());
    body
}

pub fn wire() -> Vec<Case> {
    vec![
        bare(
            GetSocialProfiles::new().include([SocialProfileInclude::Accessible]),
            Method::Get,
            "/social/profiles?include=accessible",
        ),
        bare(
            GetSocialConnections::new(),
            Method::Get,
            "/social/connections",
        ),
        bare(
            GetHashtagGroups::new().limit(5).page(1),
            Method::Get,
            "/social/hashtags/groups?limit=5&page=1",
        ),
        with_json(
            CreateSocialPost::new(post()),
            Method::Post,
            "/social/posts",
            concat!(
                r#"{"name":"Spring tulips","profile_posts":[{"images":[{"url":"https://img.example/tulips.jpg"}],"#,
                r#""profiles":[{"profile_id":"fb-1001"},{"profile_id":"tt-3003"}],"#,
                r#""settings":{"tiktok":{"disable_comment":"true"}},"text":"Tulips are in!"}],"#,
                r#""scheduled_time":"2026-12-24T09:00:00Z","status":"SCHEDULED"}"#
            ),
        ),
    ]
}

pub fn decode() -> Vec<Case> {
    vec![
        decodes::<GetSocialProfiles>(
            200,
            r#"[{"profile_id":"tt-3003","network":"TIKTOK","connected":true,"accessible":false,
                 "name":"Joe's Flowers","handle":"joesflowers_tt",
                 "account_info":{"network":"TIKTOK","username":"joesflowers_tt"},
                 "settings":{"content":{"comment_disabled":false,"max_video_post_duration_sec":600}}},
                {"profile_id":"fb-1001","network":"FACEBOOK","connected":true}]"#,
            |profiles| {
                let items = profiles.items.unwrap();
                assert_eq!(items.len(), 2);
                assert_eq!(items[0].profile_id.as_deref(), Some("tt-3003"));
                assert_eq!(items[0].accessible, Some(false));
                assert_eq!(
                    items[0].account_info.as_ref().unwrap().username.as_deref(),
                    Some("joesflowers_tt")
                );
                let settings = items[0].settings.as_ref().unwrap();
                assert_eq!(settings["content"]["max_video_post_duration_sec"], 600);
                assert_eq!(items[1].settings, None);
            },
        ),
        decodes::<GetSocialConnections>(
            200,
            r#"{"connections":[{"account_info":{"network":"TIKTOK","display_name":"Joe's Flowers"},
                 "connection_status":{"has_token":true,"token_is_valid":false,"status":401,
                 "error":"token expired","rate_limited":false}}]}"#,
            |answer| {
                let connections = answer.connections.unwrap();
                let status = connections[0].connection_status.as_ref().unwrap();
                assert_eq!(status.token_is_valid, Some(false));
                assert_eq!(status.status, Some(401));
                assert_eq!(status.error.as_deref(), Some("token expired"));
            },
        ),
        decodes::<GetHashtagGroups>(
            200,
            r#"{"hashtag_groups":[{"hashtag_group_id":"hg-6","hashtag_group_name":"Plants",
                 "hashtag_names":["houseplants","succulents"]}],
                "page":{"page":1,"size":5,"total_elements":7,"total_pages":2},
                "_links":{"next":{"href":"/v3/social/hashtags/groups?limit=5&page=2"}}}"#,
            |page| {
                use ctct_models::json::CursorPage as _;
                assert_eq!(
                    page.next_href(),
                    Some("/v3/social/hashtags/groups?limit=5&page=2")
                );
                let groups = page.hashtag_groups.as_ref().unwrap();
                assert_eq!(
                    groups[0].hashtag_names.as_deref(),
                    Some(&["houseplants".to_owned(), "succulents".to_owned()][..])
                );
                assert_eq!(page.page.as_ref().unwrap().total_elements, Some(7));
            },
        ),
        decodes::<CreateSocialPost>(
            201,
            r#"{"campaign_id":"9a8b7c6d-0000-4000-8000-000000000001","name":"Spring tulips",
                "status":"SCHEDULED","scheduled_time":"2026-12-24T09:00:00Z",
                "profile_posts":[{"post_content_id":"c1","text":"Tulips are in!",
                  "images":[{"image_id":"i1","url":"https://img.example/tulips.jpg"}],
                  "settings":{"tiktok":{"disable_comment":"true"}},
                  "profiles":[{"profile_id":"fb-1001","network":"FACEBOOK",
                    "campaign_activity_status":"SCHEDULED",
                    "campaign_activity_status_date":"2026-12-01T10:00:00.000Z"}]}]}"#,
            |post| {
                assert_eq!(post.status, Some(SocialPostStatus::Scheduled));
                let content = &post.profile_posts.as_ref().unwrap()[0];
                assert_eq!(content.post_content_id.as_deref(), Some("c1"));
                assert_eq!(
                    content.settings,
                    Some(json!({"tiktok": {"disable_comment": "true"}}))
                );
                let profile = &content.profiles.as_ref().unwrap()[0];
                assert!(profile.campaign_activity_status_date.is_some());
            },
        ),
    ]
}
