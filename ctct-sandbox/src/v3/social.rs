//! `/v3/social`: the connected profiles (`include=accessible` adds whether each can be posted
//! to now, and the network's settings), the connections with their token state, the saved
//! hashtag groups a numbered page at a time (`limit` 1–5, default 5; `page` from 0; `_links.next`
//! until the last page), and new posts (201 with the post as saved).
//!
//! What the contract leaves open, and what the sandbox does (`docs/v3/social.md`): a post must
//! go to at least one profile, each named once per content block and connected to the account
//! (404 naming the id otherwise); a `SCHEDULED` post refuses a profile that is not accessible
//! (400), and each of its content blocks needs text or an image; `scheduled_time` must be an
//! RFC 3339 timestamp; a missing name becomes "Social post" and the day, and a given one is trimmed
//! with runs of white space made one space (the service says it cleans names up, not how).

use axum::response::Response;
use ctct_models::DateTime;
use ctct_models::endpoint::Endpoint as _;
use ctct_models::v3::common::{Href, PagingLinks};
use ctct_models::v3::social::{
    GetHashtagGroups, GetSocialProfiles, HashtagGroups, PageMetadata, SocialConnections,
    SocialImage, SocialPost, SocialPostInput, SocialPostProfile, SocialPostStatus,
    SocialProfilePost, SocialProfiles,
};
use ctct_models::validate::{Validate, WriteKind};

use super::Ctx;
use super::respond::{V3Error, json};
use super::store::now;

/// Hashtag groups a page when `limit` is absent (also the most allowed).
const GROUPS_PER_PAGE: i64 = 5;

fn invalid(message: impl AsRef<str>) -> V3Error {
    V3Error::many(400, "social.api.validation.error", message)
}

/// `GET /social/profiles`: `accessible` and `settings` only when asked for.
pub(crate) fn profiles(cx: &Ctx<'_>, request: &GetSocialProfiles) -> Result<Response, V3Error> {
    let with_access = !request.include.is_empty();
    let items = cx
        .store
        .social
        .profiles
        .iter()
        .map(|p| {
            let mut shown = p.profile.clone();
            if !with_access {
                shown.accessible = None;
                shown.settings = None;
            }
            shown
        })
        .collect();
    Ok(json(200, &SocialProfiles { items: Some(items) }))
}

/// `GET /social/connections`.
pub(crate) fn connections(cx: &Ctx<'_>) -> Result<Response, V3Error> {
    let connections = cx.store.social.connections();
    Ok(json(
        200,
        &SocialConnections {
            connections: Some(connections),
            ..Default::default()
        },
    ))
}

/// `GET /social/hashtags/groups`: page `page` of `limit` groups; `limit` outside 1–5 or a
/// negative `page` is a 400 naming it (the checks the client runs before sending).
pub(crate) fn hashtag_groups(
    cx: &Ctx<'_>,
    request: &GetHashtagGroups,
) -> Result<Response, V3Error> {
    request.query_pairs().map_err(|e| invalid(e.to_string()))?;
    let limit = request
        .limit
        .unwrap_or(GROUPS_PER_PAGE)
        .clamp(1, GROUPS_PER_PAGE);
    let page = request.page.unwrap_or(0).max(0);
    let groups = &cx.store.social.hashtag_groups;
    let total = i64::try_from(groups.len()).unwrap_or(i64::MAX);
    let pages = (total + limit - 1) / limit;
    let start = usize::try_from(page.saturating_mul(limit)).unwrap_or(usize::MAX);
    let size = usize::try_from(limit).unwrap_or(usize::MAX);
    let this: Vec<_> = groups.iter().skip(start).take(size).cloned().collect();
    let next = (page + 1 < pages).then(|| Href {
        href: Some(format!(
            "/v3/social/hashtags/groups?limit={limit}&page={}",
            page + 1
        )),
        ..Default::default()
    });
    Ok(json(
        200,
        &HashtagGroups {
            links: Some(PagingLinks {
                next,
                ..Default::default()
            }),
            hashtag_groups: Some(this),
            page: Some(PageMetadata {
                page: Some(page),
                size: Some(limit),
                total_elements: Some(total),
                total_pages: Some(pages),
                ..Default::default()
            }),
            ..Default::default()
        },
    ))
}

/// A name as saved: trimmed, runs of white space one space; a default when none is left.
fn clean_name(name: Option<&str>) -> String {
    let cleaned = name
        .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    if cleaned.is_empty() {
        let day = now().to_string();
        format!("Social post {}", day.get(..10).unwrap_or(&day))
    } else {
        cleaned
    }
}

/// The checks the contract leaves to the service (see the module doc).
fn check_post(cx: &Ctx<'_>, body: &SocialPostInput) -> Result<(), V3Error> {
    body.validate(WriteKind::Create)
        .map_err(|e| invalid(e.to_string()))?;
    if body.profile_posts.is_empty() {
        return Err(invalid("profile_posts must hold at least one entry"));
    }
    let scheduled = body.status == SocialPostStatus::Scheduled;
    if let Some(at) = &body.scheduled_time {
        at.parse::<DateTime>().map_err(|_| {
            invalid(format!(
                "scheduled_time {at:?} is not an ISO 8601 timestamp such as 2026-12-24T09:00:00Z"
            ))
        })?;
    }
    for (i, post) in body.profile_posts.iter().enumerate() {
        if post.profiles.is_empty() {
            return Err(invalid(format!(
                "profile_posts[{i}].profiles must name at least one profile"
            )));
        }
        if scheduled
            && post.text.as_deref().is_none_or(|t| t.trim().is_empty())
            && post.images.is_empty()
        {
            return Err(invalid(format!(
                "profile_posts[{i}] has neither text nor an image: a scheduled post needs one"
            )));
        }
        let mut seen = Vec::new();
        for (j, target) in post.profiles.iter().enumerate() {
            let id = target.profile_id.as_str();
            if seen.contains(&id) {
                return Err(invalid(format!(
                    "profile_posts[{i}].profiles[{j}].profile_id {id:?} is named twice"
                )));
            }
            seen.push(id);
            let record = cx
                .store
                .social
                .profile(id)
                .ok_or_else(|| V3Error::not_found("social profiles", id))?;
            if scheduled && !record.token_valid {
                return Err(invalid(format!(
                    "profile_posts[{i}].profiles[{j}].profile_id {id:?} is not accessible for \
                     publishing (its network token has expired); save the post as DRAFT"
                )));
            }
        }
        for (k, image) in post.images.iter().enumerate() {
            let url = image.url.as_str();
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(invalid(format!(
                    "profile_posts[{i}].images[{k}].url {url:?} is not a public http(s) URL"
                )));
            }
        }
    }
    Ok(())
}

/// `POST /social/posts`: 201 with the post, its content blocks and profiles filled in.
pub(crate) fn create_post(cx: &mut Ctx<'_>, body: SocialPostInput) -> Result<Response, V3Error> {
    check_post(cx, &body)?;
    let status_text = body.status.as_str().to_owned();
    let stamped = now();
    let mut profile_posts = Vec::with_capacity(body.profile_posts.len());
    for post in body.profile_posts {
        let content_id: String = cx.store.uuid();
        let images = post
            .images
            .into_iter()
            .map(|image| {
                let image_id: String = cx.store.uuid();
                SocialImage {
                    image_id: Some(image_id),
                    url: Some(image.url),
                    ..Default::default()
                }
            })
            .collect();
        let mut profiles = Vec::with_capacity(post.profiles.len());
        for target in post.profiles {
            let activity: String = cx.store.uuid();
            let record = cx.store.social.profile(&target.profile_id);
            let shown = record.map(|r| &r.profile);
            profiles.push(SocialPostProfile {
                account_username: shown.and_then(|p| p.handle.clone()),
                campaign_activity_id: Some(activity),
                campaign_activity_status: Some(status_text.clone()),
                campaign_activity_status_date: Some(stamped),
                image_url: shown.and_then(|p| p.image_url.clone()),
                network: shown.and_then(|p| p.network.clone()),
                profile_id: Some(target.profile_id),
                profile_name: shown.and_then(|p| p.name.clone()),
                ..Default::default()
            });
        }
        profile_posts.push(SocialProfilePost {
            images: Some(images),
            post_content_id: Some(content_id),
            profiles: Some(profiles),
            settings: post.settings,
            text: post.text,
            ..Default::default()
        });
    }
    let campaign_id: String = cx.store.uuid();
    let saved = SocialPost {
        campaign_id: Some(campaign_id),
        name: Some(clean_name(body.name.as_deref())),
        profile_posts: Some(profile_posts),
        scheduled_time: body.scheduled_time,
        status: Some(body.status),
        ..Default::default()
    };
    cx.store.social.posts.push(saved.clone());
    Ok(json(201, &saved))
}
