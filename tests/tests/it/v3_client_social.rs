//! The social side through the real client against the sandbox: hashtag groups followed
//! page by page through the `next` links of a numbered collection (the same paging stream as
//! the cursor collections), and a post whose network settings travel as free-form JSON both
//! ways.

#![allow(clippy::unwrap_used)]

use futures_util::TryStreamExt as _;

use ctct_client::Error;
use ctct_models::v3::social::{
    CreateSocialPost, GetHashtagGroups, GetSocialProfiles, SocialPostInput, SocialPostProfileInput,
    SocialPostStatus, SocialProfileInclude, SocialProfilePostInput,
};
use serde_json::json;

use crate::support::v3_client::{client, instant, sandbox, session_asking};

/// Social operations need the `campaign_data` scope, which the default login does not ask for.
const SCOPES: [&str; 3] = ["contact_data", "campaign_data", "offline_access"];

#[tokio::test]
async fn every_hashtag_group_is_read_across_numbered_pages() {
    let sb = sandbox(instant()).await;
    let c = client(&sb, session_asking(&sb, &SCOPES).await);
    let groups: Vec<_> = c
        .items(GetHashtagGroups::new().limit(2))
        .try_collect()
        .await
        .unwrap();
    let names: Vec<_> = groups
        .iter()
        .map(|g| g.hashtag_group_name.as_deref().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Spring", "Weddings", "Sales", "Local", "Holidays", "Plants", "Events"
        ]
    );
    // Four pages of two: three `next` links followed, then none.
    let pages: Vec<_> = c
        .pages(GetHashtagGroups::new().limit(2))
        .try_collect()
        .await
        .unwrap();
    let numbers: Vec<_> = pages
        .iter()
        .map(|p| p.page.as_ref().unwrap().page.unwrap())
        .collect();
    assert_eq!(numbers, [0, 1, 2, 3]);
}

#[tokio::test]
async fn a_post_keeps_its_network_settings_and_names_a_bad_profile() {
    let sb = sandbox(instant()).await;
    let c = client(&sb, session_asking(&sb, &SCOPES).await);
    let profiles = c
        .send(GetSocialProfiles::new().include([SocialProfileInclude::Accessible]))
        .await
        .unwrap()
        .items
        .unwrap();
    let open: Vec<String> = profiles
        .iter()
        .filter(|p| p.accessible == Some(true))
        .map(|p| p.profile_id.clone().unwrap())
        .collect();
    assert_eq!(open, ["fb-1001", "ig-2002"]);

    let settings = json!({"facebook": {"link_preview": "false"}});
    let mut content = SocialProfilePostInput::new(
        open.iter()
            .map(|id| SocialPostProfileInput::new(id.clone()))
            .collect(),
    );
    content.text = Some("Open on Sunday".into());
    content.settings = Some(settings.clone());
    let saved = c
        .send(CreateSocialPost::new(SocialPostInput::new(
            vec![content],
            SocialPostStatus::Scheduled,
        )))
        .await
        .unwrap();
    let block = &saved.profile_posts.as_ref().unwrap()[0];
    assert_eq!(block.settings.as_ref(), Some(&settings));
    assert_eq!(block.profiles.as_ref().unwrap().len(), 2);

    let unknown = SocialProfilePostInput::new(vec![SocialPostProfileInput::new("gone-9".into())]);
    let err = c
        .send(CreateSocialPost::new(SocialPostInput::new(
            vec![unknown],
            SocialPostStatus::Draft,
        )))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api(_)), "{err:?}");
    assert_eq!(err.status(), Some(404), "{err:?}");
    assert!(err.to_string().contains("gone-9"), "{err}");
}

#[tokio::test]
async fn without_the_campaign_data_scope_social_is_forbidden() {
    let sb = sandbox(instant()).await;
    let c = client(
        &sb,
        session_asking(&sb, &["contact_data", "offline_access"]).await,
    );
    let err = c.send(GetSocialProfiles::new()).await.unwrap_err();
    assert_eq!(err.status(), Some(403), "{err:?}");
    assert!(err.to_string().contains("campaign_data"), "{err}");
}
