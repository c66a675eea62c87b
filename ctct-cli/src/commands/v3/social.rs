//! `ctct v3 social profiles|hashtags|post`: the connected social profiles (with whether each
//! can be posted to now), the saved hashtag groups, and a post to some profiles, scheduled or
//! saved as a draft. Needs a token granted `campaign_data`.

use clap::Subcommand;
use ctct_client::v3::V3Client;
use ctct_models::v3::social::{
    CreateSocialPost, GetHashtagGroups, GetSocialProfiles, HashtagGroup, SocialImageInput,
    SocialPost, SocialPostInput, SocialPostProfileInput, SocialPostStatus, SocialProfile,
    SocialProfileInclude, SocialProfilePostInput,
};
use futures_util::TryStreamExt as _;
use serde_json::{Map, Value, json};

use crate::failure::Failure;
use crate::output::Output;
use crate::v3_session::v3_failure;

/// `ctct v3 social …`
#[derive(Debug, Subcommand)]
pub enum V3SocialCommand {
    /// List the connected profiles and whether each can be posted to now.
    Profiles,
    /// List the saved hashtag groups.
    Hashtags,
    /// Post to one or more profiles: published at `--at` (or at once), or kept as a draft.
    #[command(
        after_help = "Example:\n  ctct v3 social post --to fb-1001 --to ig-2002 \
--text 'Tulips are in!' --image https://img.example/tulips.jpg --at 2026-05-01T09:00:00Z"
    )]
    Post {
        /// A profile id from `social profiles` to post to (repeat for several; `--profile` is
        /// the CLI profile of settings).
        #[arg(long = "to", value_name = "PROFILE_ID", required = true)]
        profiles: Vec<String>,
        /// The post's text.
        #[arg(long)]
        text: Option<String>,
        /// A public image URL (repeat for several).
        #[arg(long = "image", value_name = "URL")]
        images: Vec<String>,
        /// When to publish (RFC 3339); without it, at once.
        #[arg(long, value_name = "DATE", conflicts_with = "draft")]
        at: Option<String>,
        /// Save the post as a draft instead of publishing it.
        #[arg(long)]
        draft: bool,
        /// The post's campaign name (the service makes one up without it).
        #[arg(long)]
        name: Option<String>,
    },
}

const PROFILE_COLUMNS: [&str; 5] = ["profile_id", "network", "name", "handle", "accessible"];
const GROUP_COLUMNS: [&str; 3] = ["hashtag_group_id", "name", "hashtags"];

fn profile(p: SocialProfile) -> Map<String, Value> {
    let mut row = Map::new();
    row.insert("profile_id".into(), json!(p.profile_id));
    row.insert("network".into(), json!(p.network));
    row.insert("name".into(), json!(p.name));
    row.insert("handle".into(), json!(p.handle));
    row.insert("accessible".into(), json!(p.accessible));
    row
}

fn group(g: HashtagGroup) -> Map<String, Value> {
    let tags = g
        .hashtag_names
        .unwrap_or_default()
        .iter()
        .map(|t| format!("#{t}"))
        .collect::<Vec<_>>()
        .join(" ");
    let mut row = Map::new();
    row.insert("hashtag_group_id".into(), json!(g.hashtag_group_id));
    row.insert("name".into(), json!(g.hashtag_group_name));
    row.insert("hashtags".into(), json!(tags));
    row
}

fn post(p: SocialPost) -> Map<String, Value> {
    let profiles: Vec<Value> = p
        .profile_posts
        .unwrap_or_default()
        .into_iter()
        .flat_map(|block| block.profiles.unwrap_or_default())
        .map(|t| {
            json!({
                "profile_id": t.profile_id,
                "network": t.network,
                "status": t.campaign_activity_status,
            })
        })
        .collect();
    let mut row = Map::new();
    row.insert("campaign_id".into(), json!(p.campaign_id));
    row.insert("name".into(), json!(p.name));
    row.insert(
        "status".into(),
        json!(p.status.as_ref().map(|s| s.as_str().to_owned())),
    );
    row.insert("scheduled_time".into(), json!(p.scheduled_time));
    row.insert("profiles".into(), Value::Array(profiles));
    row
}

/// Runs `ctct v3 social …`.
pub async fn run(client: &V3Client, cmd: V3SocialCommand) -> Result<Output, Failure> {
    match cmd {
        V3SocialCommand::Profiles => {
            let profiles = client
                .send(GetSocialProfiles::new().include([SocialProfileInclude::Accessible]))
                .await
                .map_err(|e| v3_failure(e, "social profiles"))?
                .items
                .unwrap_or_default();
            Ok(Output::table(
                PROFILE_COLUMNS.to_vec(),
                profiles.into_iter().map(profile).collect(),
            ))
        }
        V3SocialCommand::Hashtags => {
            let groups: Vec<HashtagGroup> = client
                .items(GetHashtagGroups::new())
                .try_collect()
                .await
                .map_err(|e| v3_failure(e, "hashtag groups"))?;
            Ok(Output::table(
                GROUP_COLUMNS.to_vec(),
                groups.into_iter().map(group).collect(),
            ))
        }
        V3SocialCommand::Post {
            profiles,
            text,
            images,
            at,
            draft,
            name,
        } => {
            let at = at.map(|t| crate::dates::parse("--at", &t)).transpose()?;
            if !draft && text.as_deref().is_none_or(|t| t.trim().is_empty()) && images.is_empty() {
                return Err(Failure::invalid(
                    "a post to publish needs --text or --image (or save it with --draft)",
                ));
            }
            let mut content = SocialProfilePostInput::new(
                profiles
                    .into_iter()
                    .map(SocialPostProfileInput::new)
                    .collect(),
            );
            content.text = text;
            content.images = images.into_iter().map(SocialImageInput::new).collect();
            let status = if draft {
                SocialPostStatus::Draft
            } else {
                SocialPostStatus::Scheduled
            };
            let mut body = SocialPostInput::new(vec![content], status);
            body.name = name;
            body.scheduled_time = at.map(|d| d.to_string());
            let saved = client
                .send(CreateSocialPost::new(body))
                .await
                .map_err(|e| v3_failure(e, "the social post"))?;
            Ok(Output::detail(post(saved)))
        }
    }
}
