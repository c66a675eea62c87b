//! The account's social side as the store keeps it: the profiles connected to it (seeded
//! like an account that connected a Facebook page, an Instagram business account and a
//! TikTok account whose token has lapsed), the saved hashtag groups (seven, so the five a page
//! take two pages) and the posts created since the sandbox started. The `/v3/social/…`
//! handlers read and add to them.

use ctct_models::v3::social::{
    HashtagGroup, SocialAccountInfo, SocialConnection, SocialConnectionStatus, SocialPost,
    SocialProfile,
};
use serde_json::json;

/// One connected profile and whether it can be posted to now.
#[derive(Debug, Clone)]
pub(crate) struct ProfileRecord {
    /// The profile as `GET /social/profiles?include=accessible` shows it.
    pub(crate) profile: SocialProfile,
    /// Whether the network token behind it is valid.
    pub(crate) token_valid: bool,
}

/// The social side of the account.
#[derive(Debug, Clone)]
pub(crate) struct SocialState {
    pub(crate) profiles: Vec<ProfileRecord>,
    pub(crate) hashtag_groups: Vec<HashtagGroup>,
    pub(crate) posts: Vec<SocialPost>,
}

fn account(network: &str, id: &str, username: &str, display: &str) -> SocialAccountInfo {
    SocialAccountInfo {
        account_url: Some(format!(
            "https://{}.example/{username}",
            network.to_lowercase()
        )),
        display_name: Some(display.to_owned()),
        image_url: Some(format!(
            "https://{}.example/{username}/picture.png",
            network.to_lowercase()
        )),
        network: Some(network.to_owned()),
        network_account_id: Some(id.to_owned()),
        username: Some(username.to_owned()),
        ..Default::default()
    }
}

fn profile(
    profile_id: &str,
    network: &str,
    (network_id, handle, name): (&str, &str, &str),
    token_valid: bool,
    settings: Option<serde_json::Value>,
) -> ProfileRecord {
    let info = account(network, network_id, handle, name);
    ProfileRecord {
        profile: SocialProfile {
            accessible: Some(token_valid),
            image_url: info.image_url.clone(),
            url: info.account_url.clone(),
            account_info: Some(info),
            connected: Some(true),
            handle: Some(handle.to_owned()),
            name: Some(name.to_owned()),
            network: Some(network.to_owned()),
            network_profile_id: Some(format!("{network_id}-page")),
            network_user_id: Some(network_id.to_owned()),
            profile_id: Some(profile_id.to_owned()),
            settings,
            ..Default::default()
        },
        token_valid,
    }
}

fn group(id: usize, name: &str, tags: &[&str]) -> HashtagGroup {
    HashtagGroup {
        hashtag_group_id: Some(format!("hg-{id}")),
        hashtag_group_name: Some(name.to_owned()),
        hashtag_names: Some(tags.iter().map(|t| (*t).to_owned()).collect()),
        ..Default::default()
    }
}

impl SocialState {
    /// Three profiles (the TikTok one not accessible), seven hashtag groups, no posts.
    pub(crate) fn seeded() -> Self {
        let tiktok_settings = json!({
            "content": {
                "comment_disabled": false,
                "duet_disabled": true,
                "stitch_disabled": false,
                "max_video_post_duration_sec": 600,
            }
        });
        let profiles = vec![
            profile(
                "fb-1001",
                "FACEBOOK",
                ("1001", "joesflowers", "Joe's Flowers"),
                true,
                None,
            ),
            profile(
                "ig-2002",
                "INSTAGRAM",
                ("2002", "joes.flowers", "Joe's Flowers"),
                true,
                None,
            ),
            profile(
                "tt-3003",
                "TIKTOK",
                ("3003", "joesflowers_tt", "Joe's Flowers on TikTok"),
                false,
                Some(tiktok_settings),
            ),
        ];
        let hashtag_groups = vec![
            group(1, "Spring", &["spring", "tulips", "daffodils"]),
            group(2, "Weddings", &["wedding", "bridalbouquet"]),
            group(3, "Sales", &["sale", "flowers_on_sale"]),
            group(4, "Local", &["boston", "shoplocal"]),
            group(5, "Holidays", &["mothersday", "valentines"]),
            group(6, "Plants", &["houseplants", "succulents"]),
            group(7, "Events", &["flowerarranging", "workshop2026"]),
        ];
        Self {
            profiles,
            hashtag_groups,
            posts: Vec::new(),
        }
    }

    /// The profile with `id`, if connected.
    pub(crate) fn profile(&self, id: &str) -> Option<&ProfileRecord> {
        self.profiles
            .iter()
            .find(|p| p.profile.profile_id.as_deref() == Some(id))
    }

    /// One connection per connected profile's network account, with its token's state.
    pub(crate) fn connections(&self) -> Vec<SocialConnection> {
        self.profiles
            .iter()
            .map(|p| SocialConnection {
                account_info: p.profile.account_info.clone(),
                connection_status: Some(SocialConnectionStatus {
                    error: (!p.token_valid)
                        .then(|| "the network token has expired: reconnect the profile".to_owned()),
                    has_token: Some(true),
                    is_active_user: Some(true),
                    rate_limited: Some(false),
                    status: Some(if p.token_valid { 200 } else { 401 }),
                    token_has_scopes: Some(true),
                    token_is_valid: Some(p.token_valid),
                    ..Default::default()
                }),
                ..Default::default()
            })
            .collect()
    }
}
