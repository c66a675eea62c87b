//! The counting reports: `GET /v3/reports/summary_reports/email_campaign_summaries`,
//! `/reports/stats/email_campaigns/{ids}`, `/reports/stats/email_campaign_activities/{ids}`
//! and the SMS summaries.
//!
//! Each count is the length of a list the tracking pages return
//! ([`Tracking`](super::email_tracking::Tracking)), so a summary and the pages never disagree.
//! A campaign's counts add up its activities (primary email and resend). Rates are percentages
//! with one decimal: opens, clicks and opt-outs of the delivered sends (sends less bounces),
//! bounces and did-not-opens of all sends. Every open and click is on a computer.
//!
//! The stats take a comma-joined id list (1–150 campaigns, 1–10 activities; more, or an empty
//! id, is a 400 naming the parameter); an unknown id is not a 404 but an entry of the answer's
//! `errors`, as the contract's shape has a place for it. The sandbox has no SMS campaigns: the
//! SMS summaries are an empty page, with `start_at` required and `end_at` not before it.

use axum::response::Response;
use ctct_models::v3::email_reports::{
    BulkEmailCampaignSummariesPage, BulkEmailCampaignSummariesPercents, BulkEmailCampaignSummary,
    CampaignActivityStatsQueryResultEmail, CampaignActivityStatsResultGenericStatsEmailActivity,
    CampaignStatsQueryResultEmail, CampaignStatsResultGenericStatsEmailPercentsEmail,
    GetSmsCampaignSummaries, PercentsEmail, SmsCampaignSummariesPage, StatsEmail,
    StatsEmailActivity, StatsError, UniqueEmailCounts,
};

use super::Ctx;
use super::email_reports::{last_sent, limit, links};
use super::email_tracking::Tracking;
use super::paging::{DEFAULT_LIMIT, PageQuery, page};
use super::respond::{V3Error, json};
use super::store::campaigns::ActivityRecord;
use super::store::{Store, now};

/// The largest `limit` of a summaries page (the contract gives none; the sandbox takes 500).
const MAX_LIMIT: usize = 500;
/// The most ids of one campaign stats request.
const MAX_CAMPAIGNS: usize = 150;
/// The most ids of one activity stats request.
const MAX_ACTIVITIES: usize = 10;

/// The counts of one or more activities, added up.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Counts {
    pub sends: usize,
    pub opens: usize,
    pub opens_all: usize,
    pub clicks: usize,
    pub clicks_all: usize,
    pub forwards: usize,
    pub optouts: usize,
    pub bounces: usize,
    pub not_opened: usize,
    /// Bounces by code, in `BounceCode` order B, D, F, S, V, X, Z.
    pub by_code: [usize; 7],
}

impl Counts {
    pub fn of(r: &ActivityRecord) -> Self {
        let t = Tracking::of(&r.recipients);
        let mut by_code = [0; 7];
        for (slot, code) in by_code.iter_mut().zip(["B", "D", "F", "S", "V", "X", "Z"]) {
            *slot = t.bounces_with(code);
        }
        Self {
            sends: t.sends.len(),
            opens: t.unique_opens.len(),
            opens_all: t.opens.len(),
            // Each clicker clicks one link once.
            clicks: t.clicks.len(),
            clicks_all: t.clicks.len(),
            forwards: t.forwards.len(),
            optouts: t.optouts.len(),
            bounces: t.bounces.len(),
            not_opened: t.did_not_opens.len(),
            by_code,
        }
    }

    fn add(mut self, o: Self) -> Self {
        self.sends += o.sends;
        self.opens += o.opens;
        self.opens_all += o.opens_all;
        self.clicks += o.clicks;
        self.clicks_all += o.clicks_all;
        self.forwards += o.forwards;
        self.optouts += o.optouts;
        self.bounces += o.bounces;
        self.not_opened += o.not_opened;
        for (a, b) in self.by_code.iter_mut().zip(o.by_code) {
            *a += b;
        }
        self
    }
}

fn n(v: usize) -> Option<i64> {
    Some(i64::try_from(v).unwrap_or(i64::MAX))
}

/// `part` of `whole` in percent, one decimal; 0 of nothing.
fn pct(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        return 0.0;
    }
    (part as f64 * 1000.0 / whole as f64).round() / 10.0
}

fn stats_email(c: Counts) -> StatsEmail {
    StatsEmail {
        em_bounces: n(c.bounces),
        em_clicks: n(c.clicks),
        em_clicks_all: n(c.clicks_all),
        em_clicks_all_computer: n(c.clicks_all),
        em_clicks_all_mobile: n(0),
        em_clicks_all_tablet: n(0),
        em_clicks_all_other: n(0),
        em_clicks_all_none: n(0),
        em_forwards: n(c.forwards),
        em_not_opened: n(c.not_opened),
        em_opens: n(c.opens),
        em_opens_all: n(c.opens_all),
        em_opens_all_computer: n(c.opens_all),
        em_opens_all_mobile: n(0),
        em_opens_all_tablet: n(0),
        em_opens_all_other: n(0),
        em_opens_all_none: n(0),
        em_optouts: n(c.optouts),
        em_sends: n(c.sends),
        ..Default::default()
    }
}

fn stats_activity(c: Counts) -> StatsEmailActivity {
    let s = stats_email(c);
    let [b, d, f, susp, v, x, z] = c.by_code;
    StatsEmailActivity {
        em_bounces: s.em_bounces,
        em_clicks: s.em_clicks,
        em_clicks_all: s.em_clicks_all,
        em_clicks_all_computer: s.em_clicks_all_computer,
        em_clicks_all_mobile: s.em_clicks_all_mobile,
        em_clicks_all_tablet: s.em_clicks_all_tablet,
        em_clicks_all_other: s.em_clicks_all_other,
        em_clicks_all_none: s.em_clicks_all_none,
        em_forwards: s.em_forwards,
        em_not_opened: s.em_not_opened,
        em_opens: s.em_opens,
        em_opens_all: s.em_opens_all,
        em_opens_all_computer: s.em_opens_all_computer,
        em_opens_all_mobile: s.em_opens_all_mobile,
        em_opens_all_tablet: s.em_opens_all_tablet,
        em_opens_all_other: s.em_opens_all_other,
        em_opens_all_none: s.em_opens_all_none,
        em_optouts: s.em_optouts,
        em_sends: s.em_sends,
        em_abuse: n(0),
        em_bounces_nonexistent_address: n(b),
        em_bounces_undeliverable: n(d),
        em_bounces_mailbox_full: n(f),
        em_bounces_suspended: n(susp),
        em_bounces_vacation: n(v),
        em_bounces_other: n(x),
        em_bounces_blocked: n(z),
        ..Default::default()
    }
}

fn percents(c: Counts) -> PercentsEmail {
    let delivered = c.sends - c.bounces.min(c.sends);
    PercentsEmail {
        bounce: Some(pct(c.bounces, c.sends)),
        click: Some(pct(c.clicks, delivered)),
        desktop_click: Some(pct(c.clicks, delivered)),
        desktop_open: Some(pct(c.opens, delivered)),
        did_not_open: Some(pct(c.not_opened, c.sends)),
        mobile_click: Some(0.0),
        mobile_open: Some(0.0),
        open: Some(pct(c.opens, delivered)),
        unsubscribe: Some(pct(c.optouts, delivered)),
        ..Default::default()
    }
}

/// The activities of campaign `id`.
fn activities_of<'s>(store: &'s Store, id: &str) -> impl Iterator<Item = &'s ActivityRecord> {
    store
        .campaigns
        .activities
        .values()
        .filter(move |r| r.activity.campaign_id.as_deref() == Some(id))
}

fn campaign_counts(store: &Store, id: &str) -> Counts {
    activities_of(store, id)
        .map(Counts::of)
        .fold(Counts::default(), Counts::add)
}

/// `GET …/email_campaign_summaries`: every campaign that was sent, in creation order.
pub(crate) fn summaries(cx: &mut Ctx<'_>) -> Result<Response, V3Error> {
    let q = PageQuery::parse(cx.query.clone())?;
    let limit = limit(&q, MAX_LIMIT, DEFAULT_LIMIT)?;
    let store = &cx.store;
    let items = store.campaigns.campaigns.iter().filter_map(|(seq, c)| {
        let id = c.campaign_id.clone()?;
        let sent = activities_of(store, &id)
            .filter_map(|r| last_sent(&r.recipients))
            .max()?;
        Some((*seq, (id, c.type_.clone(), sent)))
    });
    let (rows, next) = page(
        &q,
        "reports/summary_reports/email_campaign_summaries",
        items,
        limit,
    );
    let mut total = Counts::default();
    let summaries = rows
        .into_iter()
        .map(|(id, kind, sent)| {
            let c = campaign_counts(store, &id);
            total = total.add(c);
            BulkEmailCampaignSummary {
                campaign_id: Some(id),
                campaign_type: kind,
                last_sent_date: Some(sent),
                unique_counts: Some(UniqueEmailCounts {
                    sends: n(c.sends),
                    opens: n(c.opens),
                    clicks: n(c.clicks),
                    forwards: n(c.forwards),
                    optouts: n(c.optouts),
                    abuse: n(0),
                    bounces: n(c.bounces),
                    not_opened: n(c.not_opened),
                    ..Default::default()
                }),
                ..Default::default()
            }
        })
        .collect();
    let p = percents(total);
    Ok(json(
        200,
        &BulkEmailCampaignSummariesPage {
            bulk_email_campaign_summaries: Some(summaries),
            aggregate_percents: Some(BulkEmailCampaignSummariesPercents {
                click: p.click,
                open: p.open,
                did_not_open: p.did_not_open,
                bounce: p.bounce,
                unsubscribe: p.unsubscribe,
                ..Default::default()
            }),
            links: links(next),
            ..Default::default()
        },
    ))
}

/// The ids of a comma-joined path segment: 1 to `max`, none empty.
fn ids<'a>(name: &str, joined: &'a str, max: usize) -> Result<Vec<&'a str>, V3Error> {
    let ids: Vec<&str> = joined.split(',').map(str::trim).collect();
    if ids.iter().any(|i| i.is_empty()) {
        return Err(V3Error::bad_request(format!(
            "{name} {joined:?} has an empty id"
        )));
    }
    if ids.len() > max {
        return Err(V3Error::bad_request(format!(
            "{name} has {} ids; at most {max} are allowed",
            ids.len()
        )));
    }
    Ok(ids)
}

fn not_found(what: &str, id: &str) -> StatsError {
    StatsError {
        error_key: Some(format!("{what}.api.not_found")),
        error_message: Some(format!("{what} {id:?} was not found")),
        ..Default::default()
    }
}

/// `GET /reports/stats/email_campaigns/{campaign_ids}`.
pub(crate) fn campaign_stats(cx: &mut Ctx<'_>, joined: &str) -> Result<Response, V3Error> {
    let ids = ids("campaign_ids", joined, MAX_CAMPAIGNS)?;
    let mut out = CampaignStatsQueryResultEmail {
        errors: Some(Vec::new()),
        results: Some(Vec::new()),
        ..Default::default()
    };
    for id in ids {
        let Some(c) = cx.store.campaigns.campaign(id) else {
            out.errors
                .get_or_insert_default()
                .push(not_found("emails", id));
            continue;
        };
        let counts = campaign_counts(&cx.store, id);
        out.results.get_or_insert_default().push(
            CampaignStatsResultGenericStatsEmailPercentsEmail {
                campaign_id: c.campaign_id.clone(),
                stats: Some(stats_email(counts)),
                percents: Some(percents(counts)),
                last_refresh_time: Some(now()),
                ..Default::default()
            },
        );
    }
    Ok(json(200, &out))
}

/// `GET /reports/stats/email_campaign_activities/{campaign_activity_ids}`.
pub(crate) fn activity_stats(cx: &mut Ctx<'_>, joined: &str) -> Result<Response, V3Error> {
    let ids = ids("campaign_activity_ids", joined, MAX_ACTIVITIES)?;
    let mut out = CampaignActivityStatsQueryResultEmail {
        errors: Some(Vec::new()),
        results: Some(Vec::new()),
        ..Default::default()
    };
    for id in ids {
        let Some(r) = cx.store.campaigns.activity(id) else {
            out.errors
                .get_or_insert_default()
                .push(not_found("emails.activities", id));
            continue;
        };
        out.results.get_or_insert_default().push(
            CampaignActivityStatsResultGenericStatsEmailActivity {
                campaign_id: r.activity.campaign_id.clone(),
                campaign_activity_id: Some(id.into()),
                stats: Some(stats_activity(Counts::of(r))),
                last_refresh_time: Some(now().to_string()),
                ..Default::default()
            },
        );
    }
    Ok(json(200, &out))
}

/// `GET /reports/summary_reports/sms_campaign_summaries`: no SMS campaigns, so an empty page.
pub(crate) fn sms_summaries(
    cx: &mut Ctx<'_>,
    request: &GetSmsCampaignSummaries,
) -> Result<Response, V3Error> {
    let q = PageQuery::parse(cx.query.clone())?;
    limit(&q, MAX_LIMIT, DEFAULT_LIMIT)?;
    if let Some(end) = request.end_at
        && end < request.start_at
    {
        return Err(V3Error::bad_request(format!(
            "end_at {end} is before start_at {}",
            request.start_at
        )));
    }
    Ok(json(
        200,
        &SmsCampaignSummariesPage {
            bulk_sms_campaign_summaries: Some(Vec::new()),
            ..Default::default()
        },
    ))
}
