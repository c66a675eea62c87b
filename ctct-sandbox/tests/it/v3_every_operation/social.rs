//! Social over HTTP: the seeded profiles (with and without `include=accessible`), the
//! connections and their token state, hashtag groups a numbered page at a time to the last
//! page, and posts: a scheduled post to accessible profiles is saved with ids for its content,
//! images and per-profile activities; the refusals name the field and the value.

use ctct_models::endpoint::{Endpoint as _, EndpointSpec};
use ctct_models::json::CursorPage as _;
use ctct_models::v3::social::{
    self, CreateSocialPost, GetHashtagGroups, GetSocialConnections, GetSocialProfiles,
    SocialImageInput, SocialPostInput, SocialPostProfileInput, SocialPostStatus,
    SocialProfileInclude, SocialProfilePostInput,
};
use serde_json::json;

use super::Ops;

pub const OPS: &[&EndpointSpec] = &[
    &social::GET_SOCIAL_PROFILES,
    &social::GET_SOCIAL_CONNECTIONS,
    &social::GET_HASHTAG_GROUPS,
    &social::CREATE_SOCIAL_POST,
];

fn content(profiles: &[&str], text: Option<&str>) -> SocialProfilePostInput {
    let mut c = SocialProfilePostInput::new(
        profiles
            .iter()
            .map(|p| SocialPostProfileInput::new((*p).to_owned()))
            .collect(),
    );
    c.text = text.map(str::to_owned);
    c
}

#[tokio::test]
async fn social() {
    let ops = Ops::start().await;

    // Profiles: `accessible` and `settings` only when asked for.
    let plain = ops.ok(GetSocialProfiles::new(), 200).await.items.unwrap();
    let ids: Vec<_> = plain
        .iter()
        .map(|p| p.profile_id.as_deref().unwrap())
        .collect();
    assert_eq!(ids, ["fb-1001", "ig-2002", "tt-3003"]);
    assert!(
        plain
            .iter()
            .all(|p| p.accessible.is_none() && p.settings.is_none())
    );
    assert!(plain.iter().all(|p| p.connected == Some(true)));
    let full = ops
        .ok(
            GetSocialProfiles::new().include([SocialProfileInclude::Accessible]),
            200,
        )
        .await
        .items
        .unwrap();
    let access: Vec<_> = full.iter().map(|p| p.accessible).collect();
    assert_eq!(access, [Some(true), Some(true), Some(false)]);
    let tiktok = full[2].settings.as_ref().unwrap();
    assert_eq!(tiktok["content"]["duet_disabled"], json!(true));

    // Connections: one per network account, the TikTok token expired.
    let connections = ops
        .ok(GetSocialConnections::new(), 200)
        .await
        .connections
        .unwrap();
    assert_eq!(connections.len(), 3);
    let status = connections[2].connection_status.as_ref().unwrap();
    assert_eq!(status.token_is_valid, Some(false));
    assert!(status.error.as_deref().unwrap().contains("expired"));
    assert_eq!(
        connections[0].connection_status.as_ref().unwrap().error,
        None
    );

    // Hashtag groups: 7 saved, 5 a page by default, `next` until the last page.
    let first = ops.ok(GetHashtagGroups::new(), 200).await;
    assert_eq!(first.hashtag_groups.as_ref().unwrap().len(), 5);
    let meta = first.page.as_ref().unwrap();
    assert_eq!(
        (meta.page, meta.size, meta.total_elements, meta.total_pages),
        (Some(0), Some(5), Some(7), Some(2))
    );
    assert_eq!(
        first.next_href(),
        Some("/v3/social/hashtags/groups?limit=5&page=1")
    );
    let last = ops.ok(GetHashtagGroups::new().limit(5).page(1), 200).await;
    let names: Vec<_> = last
        .hashtag_groups
        .as_ref()
        .unwrap()
        .iter()
        .map(|g| g.hashtag_group_name.as_deref().unwrap())
        .collect();
    assert_eq!(names, ["Plants", "Events"]);
    assert_eq!(last.next_href(), None);
    let past = ops.ok(GetHashtagGroups::new().page(9), 200).await;
    assert_eq!(past.hashtag_groups.as_deref(), Some(&[][..]));
    // Out of range: refused by the client before sending, and by the sandbox when sent.
    let local = GetHashtagGroups::new().limit(6).to_request().unwrap_err();
    assert!(local.to_string().contains("limit"), "{local}");
    for query in ["limit=6", "limit=0", "page=-1"] {
        let path = format!("/social/hashtags/groups?{query}");
        let refused = ops.api.get(&path).await.error(400).message();
        let name = query.split('=').next().unwrap();
        assert!(refused.contains(name), "{query}: {refused}");
    }

    // A scheduled post to two accessible profiles.
    let mut body = content(&["fb-1001", "ig-2002"], Some("Tulips are in!"));
    body.images = vec![SocialImageInput::new("https://img.example/t.jpg".into())];
    body.settings = Some(json!({"instagram": {"share_to_feed": "true"}}));
    let mut post = SocialPostInput::new(vec![body], SocialPostStatus::Scheduled);
    post.name = Some("  Spring \t tulips ".into());
    post.scheduled_time = Some("2026-12-24T09:00:00Z".into());
    let saved = ops.ok(CreateSocialPost::new(post), 201).await;
    assert_eq!(saved.name.as_deref(), Some("Spring tulips"));
    assert_eq!(saved.status, Some(SocialPostStatus::Scheduled));
    assert_eq!(
        saved.scheduled_time.as_deref(),
        Some("2026-12-24T09:00:00Z")
    );
    assert!(saved.campaign_id.is_some());
    let block = &saved.profile_posts.as_ref().unwrap()[0];
    assert!(block.post_content_id.is_some());
    assert_eq!(
        block.settings,
        Some(json!({"instagram": {"share_to_feed": "true"}}))
    );
    assert!(block.images.as_ref().unwrap()[0].image_id.is_some());
    let targets = block.profiles.as_ref().unwrap();
    let networks: Vec<_> = targets
        .iter()
        .map(|t| t.network.as_deref().unwrap())
        .collect();
    assert_eq!(networks, ["FACEBOOK", "INSTAGRAM"]);
    assert!(targets.iter().all(|t| {
        t.campaign_activity_id.is_some()
            && t.campaign_activity_status.as_deref() == Some("SCHEDULED")
            && t.campaign_activity_status_date.is_some()
    }));

    // A draft may go to the profile that cannot publish, without text, and gets a name.
    let draft = SocialPostInput::new(vec![content(&["tt-3003"], None)], SocialPostStatus::Draft);
    let saved = ops.ok(CreateSocialPost::new(draft), 201).await;
    assert!(saved.name.as_deref().unwrap().starts_with("Social post 20"));
    assert_eq!(saved.status, Some(SocialPostStatus::Draft));

    // Refusals name what is wrong.
    let cases: Vec<(SocialPostInput, u16, &str)> = vec![
        (
            SocialPostInput::new(
                vec![content(&["tt-3003"], Some("hi"))],
                SocialPostStatus::Scheduled,
            ),
            400,
            "\"tt-3003\" is not accessible",
        ),
        (
            SocialPostInput::new(
                vec![content(&["nope-1"], Some("hi"))],
                SocialPostStatus::Draft,
            ),
            404,
            "nope-1",
        ),
        (
            SocialPostInput::new(
                vec![content(&["fb-1001"], None)],
                SocialPostStatus::Scheduled,
            ),
            400,
            "neither text nor an image",
        ),
        (
            SocialPostInput::new(
                vec![content(&["fb-1001", "fb-1001"], Some("hi"))],
                SocialPostStatus::Draft,
            ),
            400,
            "named twice",
        ),
        (
            {
                let mut p = SocialPostInput::new(
                    vec![content(&["fb-1001"], Some("hi"))],
                    SocialPostStatus::Scheduled,
                );
                p.scheduled_time = Some("tomorrow".into());
                p
            },
            400,
            "scheduled_time \"tomorrow\"",
        ),
        (
            {
                let mut c = content(&["fb-1001"], Some("hi"));
                c.images = vec![SocialImageInput::new("file:///etc/passwd".into())];
                SocialPostInput::new(vec![c], SocialPostStatus::Draft)
            },
            400,
            "images[0].url \"file:///etc/passwd\"",
        ),
    ];
    for (post, status, says) in cases {
        let refused = ops
            .refused(CreateSocialPost::new(post), status)
            .await
            .message();
        assert!(refused.contains(says), "{says}: {refused}");
    }

    ops.covered(OPS);
}
