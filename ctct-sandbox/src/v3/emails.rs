//! `/v3/emails`: email campaigns (`docs/v3/emails.md`). List (every campaign, removed ones
//! too, newest first, cursor paging, `limit` 1–500, `before_date`/`after_date` on
//! `updated_at`), create (200 with the campaign and its two activities, a `primary_email`
//! and a `permalink`; 409 on a name in use; 400 when the sender is not a confirmed account
//! address), read (removed ones too), rename (PATCH; not a removed one), delete (204; not a
//! scheduled one; the campaign stays readable as `Removed`, its activities `REMOVED`) and the
//! V2 id cross-references.
//!
//! Uncertain, so lenient here: a name is in use only by a campaign that is not removed, and
//! compared exactly; the HTML need not contain `[[trackingImage]]`; the V2 id of a sandbox
//! campaign is its creation number, as V2 ids were numbers. Refusals the contract states
//! without a status (deleting a scheduled campaign, renaming a removed one) answer 400.
//! The activity, sending, resend and A/B test operations are in the `email_*` modules.

use axum::response::Response;
use ctct_models::DateTime;
use ctct_models::v3::common::{CampaignActivityId, CampaignId};
use ctct_models::v3::emails::{
    ActivityReference, CampaignActivityRole, CampaignActivityStatus, CampaignStatus,
    CreateEmailCampaign, CrossReference, CrossReferenceResponse, DeleteEmailCampaign,
    EmailCampaign, EmailCampaignActivity, EmailCampaignSummary, EmailPhysicalAddress,
    EmailPhysicalAddressInput, GetEmailCampaign, GetEmailCampaigns, PagedEmailCampaignResponse,
    RenameEmailCampaign,
};
use ctct_models::validate::{Validate, WriteKind};

use super::Ctx;
use super::paging::{PageQuery, next_links, page};
use super::respond::{V3Error, json, no_content};
use super::store::{Store, now};

/// The error key of a refused email body or state.
pub(crate) const INVALID: &str = "emails.api.validation.error";

/// A 400 in the usual array shape.
pub(crate) fn invalid(message: impl AsRef<str>) -> V3Error {
    V3Error::many(400, INVALID, message)
}

/// `type_code` of a newsletter, what a new campaign is.
pub(crate) const NEWSLETTER: i64 = 10;

/// The largest `limit` of `GET /emails`.
const MAX_LIMIT: usize = 500;

/// The campaign `id`, removed ones included; 404 naming it.
pub(crate) fn campaign<'s>(store: &'s Store, id: &str) -> Result<&'s EmailCampaign, V3Error> {
    store
        .campaigns
        .campaign(id)
        .ok_or_else(|| V3Error::not_found("emails", id))
}

/// A sender address must be one of the account's confirmed addresses.
pub(crate) fn confirmed_sender(store: &Store, field: &str, address: &str) -> Result<(), V3Error> {
    let ok = store.account.emails.iter().any(|e| {
        e.confirm_status.as_deref() == Some("CONFIRMED")
            && e.email_address
                .as_deref()
                .is_some_and(|a| a.eq_ignore_ascii_case(address.trim()))
    });
    if ok {
        Ok(())
    } else {
        Err(invalid(format!(
            "{field} {address:?} is not a confirmed email address of the account"
        )))
    }
}

/// A footer address as read back (the server adds the names of the codes it knows).
pub(crate) fn footer(a: EmailPhysicalAddressInput) -> EmailPhysicalAddress {
    EmailPhysicalAddress {
        country_name: (a.country_code.eq_ignore_ascii_case("US"))
            .then(|| "United States".to_owned()),
        address_line1: Some(a.address_line1),
        address_line2: a.address_line2,
        address_line3: a.address_line3,
        address_optional: a.address_optional,
        city: a.city,
        country_code: Some(a.country_code),
        organization_name: Some(a.organization_name),
        postal_code: a.postal_code,
        state_code: a.state_code,
        state_non_us_name: a.state_non_us_name,
        ..Default::default()
    }
}

/// The account's own address, as a footer (what an activity without one uses).
fn account_footer(store: &Store) -> Option<EmailPhysicalAddress> {
    let a = store.account.address.as_ref()?;
    Some(EmailPhysicalAddress {
        address_line1: a.address_line1.clone(),
        address_line2: a.address_line2.clone(),
        address_line3: a.address_line3.clone(),
        city: a.city.clone(),
        country_code: a.country_code.clone(),
        organization_name: store.account.summary.organization_name.clone(),
        postal_code: a.postal_code.clone(),
        state_code: a.state_code.clone(),
        ..Default::default()
    })
}

fn summary(c: &EmailCampaign) -> EmailCampaignSummary {
    EmailCampaignSummary {
        campaign_id: c.campaign_id.clone(),
        created_at: c.created_at,
        current_status: c.current_status.clone(),
        name: c.name.clone(),
        type_: c.type_.clone(),
        type_code: c.type_code,
        updated_at: c.updated_at,
        ..Default::default()
    }
}

fn date_param(q: &PageQuery, name: &str) -> Result<Option<DateTime>, V3Error> {
    q.get(name)
        .map(|v| {
            DateTime::parse_date_or_date_time(v)
                .map_err(|_| invalid(format!("{name} {v:?} is not an ISO-8601 date-time")))
        })
        .transpose()
}

/// `GET /emails`.
pub(crate) fn list(cx: &mut Ctx<'_>, _first: GetEmailCampaigns) -> Result<Response, V3Error> {
    let q = PageQuery::parse(cx.query.clone())?;
    let limit = q.limit(MAX_LIMIT)?;
    let before = date_param(&q, "before_date")?;
    let after = date_param(&q, "after_date")?;
    // Newest first: the key grows as the sequence falls, so cursors stay put when
    // campaigns are added.
    let items = cx
        .store
        .campaigns
        .campaigns
        .iter()
        .rev()
        .filter(|(_, c)| {
            let at = c.updated_at;
            before.is_none_or(|b| at.is_some_and(|t| t < b))
                && after.is_none_or(|a| at.is_some_and(|t| t > a))
        })
        .map(|(seq, c)| (u64::MAX - seq, summary(c)));
    let (campaigns, next) = page(&q, "emails", items, limit);
    Ok(json(
        200,
        &PagedEmailCampaignResponse {
            links: next_links(next),
            campaigns: Some(campaigns),
            ..Default::default()
        },
    ))
}

/// `POST /emails`: the campaign, its primary email and its permalink.
pub(crate) fn create(cx: &mut Ctx<'_>, req: CreateEmailCampaign) -> Result<Response, V3Error> {
    let body = req.payload;
    body.validate(WriteKind::Create)
        .map_err(|e| invalid(e.to_string()))?;
    let name = body.name.trim().to_owned();
    if name.is_empty() {
        return Err(invalid("name must not be empty"));
    }
    let Some(input) = body.email_campaign_activities.into_iter().next() else {
        return Err(invalid("email_campaign_activities must hold one activity"));
    };
    for (field, value) in [
        ("from_name", &input.from_name),
        ("subject", &input.subject),
        ("html_content", &input.html_content),
    ] {
        if value.trim().is_empty() {
            return Err(invalid(format!("{field} must not be empty")));
        }
    }
    let store = &mut cx.store;
    confirmed_sender(store, "from_email", &input.from_email)?;
    confirmed_sender(store, "reply_to_email", &input.reply_to_email)?;
    if store.campaigns.name_in_use(&name, None) {
        return Err(V3Error::conflict(
            "emails.api.conflict",
            format!("an email campaign named {name:?} already exists"),
        ));
    }
    let at = now();
    let campaign_id: CampaignId = store.uuid();
    let primary_id: CampaignActivityId = store.uuid();
    let permalink_id: CampaignActivityId = store.uuid();
    let address = match input.physical_address_in_footer {
        Some(a) => Some(footer(a)),
        None => account_footer(store),
    };
    let primary = EmailCampaignActivity {
        campaign_activity_id: Some(primary_id.clone()),
        campaign_id: Some(campaign_id.clone()),
        role: Some(CampaignActivityRole::PrimaryEmail),
        contact_list_ids: Some(Vec::new()),
        segment_ids: Some(Vec::new()),
        current_status: Some(CampaignActivityStatus::Draft),
        format_type: Some(input.format_type),
        from_email: Some(input.from_email),
        from_name: Some(input.from_name),
        reply_to_email: Some(input.reply_to_email),
        subject: Some(input.subject),
        html_content: Some(input.html_content),
        preheader: input.preheader,
        physical_address_in_footer: address,
        ..Default::default()
    };
    let permalink = EmailCampaignActivity {
        campaign_activity_id: Some(permalink_id.clone()),
        role: Some(CampaignActivityRole::Permalink),
        ..primary.clone()
    };
    let campaign = EmailCampaign {
        campaign_activities: Some(vec![
            ActivityReference {
                campaign_activity_id: Some(primary_id),
                role: Some(CampaignActivityRole::PrimaryEmail),
                ..Default::default()
            },
            ActivityReference {
                campaign_activity_id: Some(permalink_id),
                role: Some(CampaignActivityRole::Permalink),
                ..Default::default()
            },
        ]),
        campaign_id: Some(campaign_id),
        created_at: Some(at),
        current_status: Some(CampaignStatus::Draft),
        name: Some(name),
        type_: Some("NEWSLETTER".to_owned()),
        type_code: Some(NEWSLETTER),
        updated_at: Some(at),
        ..Default::default()
    };
    store
        .campaigns
        .insert(campaign.clone(), vec![primary, permalink]);
    Ok(json(200, &campaign))
}

/// `GET /emails/{campaign_id}`.
pub(crate) fn get(cx: &mut Ctx<'_>, req: GetEmailCampaign) -> Result<Response, V3Error> {
    let c = campaign(&cx.store, &req.campaign_id)?;
    Ok(json(200, c))
}

/// `PATCH /emails/{campaign_id}`.
pub(crate) fn rename(cx: &mut Ctx<'_>, req: RenameEmailCampaign) -> Result<Response, V3Error> {
    let id = req.campaign_id;
    let store = &mut cx.store;
    let status = campaign(store, &id)?.current_status.clone();
    req.payload
        .validate(WriteKind::Update)
        .map_err(|e| invalid(e.to_string()))?;
    let name = req.payload.name.trim().to_owned();
    if name.is_empty() {
        return Err(invalid("name must not be empty"));
    }
    if status == Some(CampaignStatus::Removed) {
        return Err(invalid(format!(
            "email campaign {:?} is Removed and cannot be renamed",
            id.as_str()
        )));
    }
    if store.campaigns.name_in_use(&name, Some(&id)) {
        return Err(V3Error::conflict(
            "emails.api.conflict",
            format!("an email campaign named {name:?} already exists"),
        ));
    }
    let c = store
        .campaigns
        .campaign_mut(&id)
        .ok_or_else(|| V3Error::not_found("emails", &id))?;
    c.name = Some(name);
    c.updated_at = Some(now());
    let c = c.clone();
    Ok(json(200, &c))
}

/// `DELETE /emails/{campaign_id}`: the campaign and its activities become removed.
pub(crate) fn delete(cx: &mut Ctx<'_>, req: DeleteEmailCampaign) -> Result<Response, V3Error> {
    let id = req.campaign_id;
    let store = &mut cx.store;
    let c = campaign(store, &id)?;
    match c.current_status {
        Some(CampaignStatus::Removed) => return Err(V3Error::not_found("emails", &id)),
        Some(CampaignStatus::Scheduled) => {
            return Err(invalid(format!(
                "email campaign {:?} is Scheduled; unschedule it before deleting it",
                id.as_str()
            )));
        }
        _ => {}
    }
    let activities: Vec<CampaignActivityId> = c
        .campaign_activities
        .iter()
        .flatten()
        .filter_map(|a| a.campaign_activity_id.clone())
        .collect();
    let at = now();
    for a in &activities {
        if let Some(r) = store.campaigns.activity_mut(a) {
            r.activity.current_status = Some(CampaignActivityStatus::Removed);
        }
    }
    if let Some(c) = store.campaigns.campaign_mut(&id) {
        c.current_status = Some(CampaignStatus::Removed);
        c.updated_at = Some(at);
    }
    Ok(no_content())
}

/// `GET /emails/campaign_id_xrefs`: the known ids, in the order asked; unknown ones are left
/// out.
pub(crate) fn xrefs(cx: &mut Ctx<'_>, ids: &[String]) -> Result<Response, V3Error> {
    if ids.is_empty() || ids.len() > 50 {
        return Err(invalid(format!(
            "v2_email_campaign_ids has {} values; 1 to 50 are allowed",
            ids.len()
        )));
    }
    let mut xrefs = Vec::new();
    for text in ids {
        let text = text.trim();
        let seq: u64 = text.parse().map_err(|_| {
            invalid(format!(
                "v2_email_campaign_ids {text:?} is not a V2 campaign id"
            ))
        })?;
        let Some(c) = cx.store.campaigns.campaigns.get(&seq) else {
            continue;
        };
        let primary = c
            .campaign_activities
            .iter()
            .flatten()
            .find(|a| a.role == Some(CampaignActivityRole::PrimaryEmail))
            .and_then(|a| a.campaign_activity_id.clone());
        xrefs.push(CrossReference {
            v2_email_campaign_id: Some(text.to_owned()),
            campaign_id: c.campaign_id.clone(),
            campaign_activity_id: primary,
            ..Default::default()
        });
    }
    Ok(json(
        200,
        &CrossReferenceResponse {
            xrefs: Some(xrefs),
            ..Default::default()
        },
    ))
}
