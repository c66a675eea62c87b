//! `/v3/reports/email_reports/{campaign_activity_id}/…`: the link click counts and the eight
//! tracking pages of one email campaign activity (sends, opens, unique opens, did-not-opens,
//! clicks, forwards, opt-outs, bounces).
//!
//! Every page is computed from the activity's recorded recipients by
//! [`Tracking`](super::email_tracking::Tracking), so it always agrees with the summaries and
//! stats. An unknown (or deleted) activity is a 404 naming it; a never-sent one answers empty
//! pages. The pages are cursor-paged like the other V3 lists, with `limit` 1–500 (500 when
//! absent, as the contract says); the cursor keeps `url_id` and `bounce_code`.

use axum::response::Response;
use ctct_models::DateTime;
use ctct_models::v3::common::{CampaignActivityId, Href};
use ctct_models::v3::email_reports::{
    BouncesTrackingActivitiesPage, BouncesTrackingActivity, ClicksTrackingActivitiesPage,
    ClicksTrackingActivity, DidNotOpensTrackingActivitiesPage, DidNotOpensTrackingActivity,
    EmailLinkClickCount, EmailLinks, ForwardsTrackingActivitiesPage, ForwardsTrackingActivity,
    OpensTrackingActivitiesPage, OpensTrackingActivity, OptoutsTrackingActivitiesPage,
    OptoutsTrackingActivity, SendsTrackingActivitiesPage, SendsTrackingActivity,
};
use ctct_models::v3::reporting::ReportingLinks;

use super::Ctx;
use super::email_activities::live;
use super::email_tracking::{LINKS, Tracking};
use super::paging::{PageQuery, page};
use super::respond::{V3Error, json};
use super::store::campaigns::Recipient;

/// The largest and the default `limit` of a tracking page.
const MAX_LIMIT: usize = 500;

/// The device every sandbox open and click is made on.
const DEVICE: &str = "computer";

/// Which tracking page a request reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Sends,
    Opens,
    UniqueOpens,
    DidNotOpens,
    Clicks,
    Forwards,
    Optouts,
    Bounces,
}

impl Kind {
    /// The last path segment.
    fn segment(self) -> &'static str {
        match self {
            Self::Sends => "sends",
            Self::Opens => "opens",
            Self::UniqueOpens => "unique_opens",
            Self::DidNotOpens => "didnotopens",
            Self::Clicks => "clicks",
            Self::Forwards => "forwards",
            Self::Optouts => "optouts",
            Self::Bounces => "bounces",
        }
    }
}

/// `limit` within 1–500; 500 when absent.
pub(crate) fn limit(q: &PageQuery, max: usize, default: usize) -> Result<usize, V3Error> {
    if q.get("limit").is_none() {
        return Ok(default);
    }
    q.limit(max)
}

/// The `_links` of a report page: `next` when more remain.
pub(crate) fn links(next: Option<String>) -> Option<ReportingLinks> {
    next.map(|href| ReportingLinks {
        next: Some(Href {
            href: Some(href),
            ..Default::default()
        }),
        ..Default::default()
    })
}

/// What every tracking row carries, from its recipient.
struct Row {
    contact_id: ctct_models::v3::common::ContactId,
    email_address: String,
    first_name: Option<String>,
    last_name: Option<String>,
}

fn row(r: &Recipient) -> Row {
    Row {
        contact_id: r.contact_id.clone(),
        email_address: r.email_address.clone(),
        first_name: r.first_name.clone(),
        last_name: r.last_name.clone(),
    }
}

/// Pages `rows` (already in report order) and answers them with `wrap`.
fn answer<T, P: serde::Serialize>(
    q: &PageQuery,
    id: &str,
    kind: Kind,
    rows: Vec<T>,
    wrap: impl FnOnce(Vec<T>, Option<ReportingLinks>) -> P,
) -> Result<Response, V3Error> {
    let limit = limit(q, MAX_LIMIT, MAX_LIMIT)?;
    let collection = format!("reports/email_reports/{id}/tracking/{}", kind.segment());
    let items = rows.into_iter().enumerate().map(|(i, r)| (i as u64 + 1, r));
    let (rows, next) = page(q, &collection, items, limit);
    Ok(json(200, &wrap(rows, links(next))))
}

/// The bounce codes a request keeps (all when none is given); a code outside the contract's
/// list is a 400 naming it.
fn bounce_codes(q: &PageQuery) -> Result<Vec<String>, V3Error> {
    let codes: Vec<String> = q
        .params
        .iter()
        .filter(|(k, _)| k == "bounce_code")
        .flat_map(|(_, v)| v.split(',').map(str::to_owned).collect::<Vec<_>>())
        .collect();
    if let Some(bad) = codes
        .iter()
        .find(|c| !["B", "D", "F", "S", "V", "X", "Z"].contains(&c.as_str()))
    {
        return Err(V3Error::bad_request(format!(
            "bounce_code {bad:?} is not one of B, D, F, S, V, X, Z"
        )));
    }
    Ok(codes)
}

/// `url_id`, when given; not a number is a 400 naming it.
fn url_id(q: &PageQuery) -> Result<Option<String>, V3Error> {
    match q.get("url_id") {
        None => Ok(None),
        Some(v) if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) => Ok(Some(v.to_owned())),
        Some(v) => Err(V3Error::bad_request(format!(
            "url_id {v:?} must be a number"
        ))),
    }
}

/// `GET …/tracking/{kind}`.
pub(crate) fn tracking(cx: &mut Ctx<'_>, kind: Kind) -> Result<Response, V3Error> {
    let id = cx.params[0].clone();
    let q = PageQuery::parse(cx.query.clone())?;
    let record = live(&cx.store, &id)?;
    let t = Tracking::of(&record.recipients);
    let aid: CampaignActivityId = id.as_str().into();
    let ty = |s: &str| Some(s.to_owned());
    match kind {
        Kind::Sends => {
            let rows = t
                .sends
                .iter()
                .map(|r| {
                    let b = row(r);
                    SendsTrackingActivity {
                        contact_id: Some(b.contact_id),
                        campaign_activity_id: Some(aid.clone()),
                        tracking_activity_type: ty("em_sends"),
                        email_address: Some(b.email_address),
                        first_name: b.first_name,
                        last_name: b.last_name,
                        created_time: Some(r.sent_at),
                        ..Default::default()
                    }
                })
                .collect();
            answer(&q, &id, kind, rows, |rows, links| {
                SendsTrackingActivitiesPage {
                    tracking_activities: Some(rows),
                    links,
                    ..Default::default()
                }
            })
        }
        Kind::Opens | Kind::UniqueOpens => {
            let opens = if kind == Kind::Opens {
                &t.opens
            } else {
                &t.unique_opens
            };
            let rows = opens
                .iter()
                .map(|(r, at)| {
                    let b = row(r);
                    OpensTrackingActivity {
                        contact_id: Some(b.contact_id),
                        campaign_activity_id: Some(aid.clone()),
                        tracking_activity_type: ty("em_opens"),
                        email_address: Some(b.email_address),
                        first_name: b.first_name,
                        last_name: b.last_name,
                        device_type: ty(DEVICE),
                        created_time: Some(*at),
                        ..Default::default()
                    }
                })
                .collect();
            answer(&q, &id, kind, rows, |rows, links| {
                OpensTrackingActivitiesPage {
                    tracking_activities: Some(rows),
                    links,
                    ..Default::default()
                }
            })
        }
        Kind::DidNotOpens => {
            let rows = t
                .did_not_opens
                .iter()
                .map(|r| {
                    let b = row(r);
                    DidNotOpensTrackingActivity {
                        contact_id: Some(b.contact_id),
                        campaign_activity_id: Some(aid.clone()),
                        tracking_activity_type: ty("em_not_opened"),
                        email_address: Some(b.email_address),
                        first_name: b.first_name,
                        last_name: b.last_name,
                        created_time: Some(r.sent_at),
                        ..Default::default()
                    }
                })
                .collect();
            answer(&q, &id, kind, rows, |rows, links| {
                DidNotOpensTrackingActivitiesPage {
                    tracking_activities: Some(rows),
                    links,
                    ..Default::default()
                }
            })
        }
        Kind::Clicks => {
            let only = url_id(&q)?;
            let rows = t
                .clicks
                .iter()
                .filter(|(_, l, _)| only.as_deref().is_none_or(|u| LINKS[*l].0 == u))
                .map(|(r, l, at)| {
                    let b = row(r);
                    ClicksTrackingActivity {
                        contact_id: Some(b.contact_id),
                        campaign_activity_id: Some(aid.clone()),
                        tracking_activity_type: ty("em_clicks"),
                        email_address: Some(b.email_address),
                        first_name: b.first_name,
                        last_name: b.last_name,
                        device_type: ty(DEVICE),
                        url_id: ty(LINKS[*l].0),
                        link_url: ty(LINKS[*l].1),
                        created_time: Some(*at),
                        ..Default::default()
                    }
                })
                .collect();
            answer(&q, &id, kind, rows, |rows, links| {
                ClicksTrackingActivitiesPage {
                    tracking_activities: Some(rows),
                    links,
                    ..Default::default()
                }
            })
        }
        Kind::Forwards => {
            let rows = t
                .forwards
                .iter()
                .map(|(r, at)| {
                    let b = row(r);
                    ForwardsTrackingActivity {
                        contact_id: Some(b.contact_id),
                        campaign_activity_id: Some(aid.clone()),
                        tracking_activity_type: ty("em_forwards"),
                        email_address: Some(b.email_address),
                        first_name: b.first_name,
                        last_name: b.last_name,
                        created_time: Some(*at),
                        ..Default::default()
                    }
                })
                .collect();
            answer(&q, &id, kind, rows, |rows, links| {
                ForwardsTrackingActivitiesPage {
                    tracking_activities: Some(rows),
                    links,
                    ..Default::default()
                }
            })
        }
        Kind::Optouts => {
            let rows = t
                .optouts
                .iter()
                .map(|(r, at)| {
                    let b = row(r);
                    OptoutsTrackingActivity {
                        contact_id: Some(b.contact_id),
                        campaign_activity_id: Some(aid.clone()),
                        tracking_activity_type: ty("em_optouts"),
                        email_address: Some(b.email_address),
                        first_name: b.first_name,
                        last_name: b.last_name,
                        opt_out_reason: ty("No longer interested"),
                        created_time: Some(*at),
                        ..Default::default()
                    }
                })
                .collect();
            answer(&q, &id, kind, rows, |rows, links| {
                OptoutsTrackingActivitiesPage {
                    tracking_activities: Some(rows),
                    links,
                    ..Default::default()
                }
            })
        }
        Kind::Bounces => {
            let codes = bounce_codes(&q)?;
            let rows = t
                .bounces
                .iter()
                .filter(|(_, c, _)| codes.is_empty() || codes.iter().any(|k| k == c))
                .map(|(r, code, at)| {
                    let b = row(r);
                    BouncesTrackingActivity {
                        contact_id: Some(b.contact_id),
                        campaign_activity_id: Some(aid.clone()),
                        tracking_activity_type: ty("em_bounces"),
                        email_address: Some(b.email_address),
                        first_name: b.first_name,
                        last_name: b.last_name,
                        bounce_code: Some((*code).into()),
                        created_time: Some(*at),
                        ..Default::default()
                    }
                })
                .collect();
            answer(&q, &id, kind, rows, |rows, links| {
                BouncesTrackingActivitiesPage {
                    tracking_activities: Some(rows),
                    links,
                    ..Default::default()
                }
            })
        }
    }
}

/// `GET …/links`: each sandbox link with its unique clicks; links nobody clicked only with
/// `no_clicks=true`. A never-sent activity has no links to report.
pub(crate) fn link_stats(cx: &mut Ctx<'_>, no_clicks: bool) -> Result<Response, V3Error> {
    let id = cx.params[0].clone();
    let record = live(&cx.store, &id)?;
    let t = Tracking::of(&record.recipients);
    let counts = if record.recipients.is_empty() {
        Vec::new()
    } else {
        LINKS
            .iter()
            .enumerate()
            .map(|(i, (url_id, url))| (t.unique_clicks(i), url_id, url))
            .filter(|(n, ..)| no_clicks || *n > 0)
            .map(|(n, url_id, url)| EmailLinkClickCount {
                link_url: Some((*url).to_owned()),
                url_id: Some((*url_id).to_owned()),
                unique_clicks: Some(i64::try_from(n).unwrap_or(i64::MAX)),
                ..Default::default()
            })
            .collect()
    };
    Ok(json(
        200,
        &EmailLinks {
            campaign_activity_id: Some(id.as_str().into()),
            link_click_counts: Some(counts),
            ..Default::default()
        },
    ))
}

/// When an activity was last sent, if it was.
pub(crate) fn last_sent(recipients: &[Recipient]) -> Option<DateTime> {
    recipients.iter().map(|r| r.sent_at).max()
}
