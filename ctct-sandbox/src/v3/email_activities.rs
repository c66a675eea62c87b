//! `/v3/emails/activities/{id}`: reading (without the `include=` parts unless asked; not a
//! removed activity), replacing (PUT) and previewing a campaign activity.
//!
//! The PUT follows the contract: only a `primary_email` in `DRAFT` or `DONE` may change (400
//! otherwise, naming the status); the four sender and subject fields are required and not
//! empty; senders are confirmed account addresses; recipients are lists or one segment, not
//! both, and must exist (400 naming the id). Plain properties left out are cleared, while the
//! footer address, document properties and HTML are kept when left out.
//!
//! Uncertain, so lenient: the permalink is not updated with its primary email; the preview's
//! HTML is the content with `[[trackingImage]]` taken out, and its text is the HTML without
//! tags (the service renders both from the account owner's details).

use axum::response::Response;
use ctct_models::v3::common::{ListId, SegmentId};
use ctct_models::v3::emails::{
    CampaignActivityInclude, CampaignActivityStatus, DocumentProperties, DocumentPropertiesInput,
    EmailCampaignActivity, EmailCampaignActivityPreview, GetEmailCampaignActivity,
    GetEmailCampaignActivityPreview, PutEmailCampaignActivity,
};
use ctct_models::validate::{Validate, WriteKind};

use super::Ctx;
use super::emails::{confirmed_sender, footer, invalid};
use super::respond::{V3Error, json};
use super::store::campaigns::ActivityRecord;
use super::store::{Store, now};

/// The activity `id` unless it is removed; 404 naming it.
pub(crate) fn live<'s>(store: &'s Store, id: &str) -> Result<&'s ActivityRecord, V3Error> {
    store
        .campaigns
        .activity(id)
        .filter(|r| r.status() != CampaignActivityStatus::Removed)
        .ok_or_else(|| V3Error::not_found("emails.activities", id))
}

/// Like [`live`], and a `primary_email` (400 naming the role otherwise).
pub(crate) fn live_primary<'s>(
    store: &'s Store,
    id: &str,
    what: &str,
) -> Result<&'s ActivityRecord, V3Error> {
    let r = live(store, id)?;
    if !r.is_primary() {
        let role = r.activity.role.as_ref().map_or("none", |r| r.as_str());
        return Err(invalid(format!(
            "campaign activity {id:?} has role {role}; only a primary_email can {what}"
        )));
    }
    Ok(r)
}

/// `GET /emails/activities/{campaign_activity_id}`.
pub(crate) fn get(cx: &mut Ctx<'_>, req: GetEmailCampaignActivity) -> Result<Response, V3Error> {
    let r = live(&cx.store, &req.campaign_activity_id)?;
    let mut a = r.activity.clone();
    let wants = |part: CampaignActivityInclude| req.include.contains(&part);
    if let Some(CampaignActivityInclude::Unknown(v)) = req
        .include
        .iter()
        .find(|i| matches!(i, CampaignActivityInclude::Unknown(_)))
    {
        return Err(invalid(format!(
            "include {v:?} is not one of physical_address_in_footer, permalink_url, html_content, document_properties"
        )));
    }
    if !wants(CampaignActivityInclude::PhysicalAddressInFooter) {
        a.physical_address_in_footer = None;
    }
    if !wants(CampaignActivityInclude::PermalinkUrl) {
        a.permalink_url = None;
    }
    if !wants(CampaignActivityInclude::HtmlContent) {
        a.html_content = None;
    }
    if !wants(CampaignActivityInclude::DocumentProperties) {
        a.document_properties = None;
    }
    Ok(json(200, &a))
}

fn properties(p: DocumentPropertiesInput) -> DocumentProperties {
    DocumentProperties {
        style_content: p.style_content,
        letter_format: Some("HTML".to_owned()),
        greeting_salutation: p.greeting_salutation,
        greeting_name_type: p.greeting_name_type,
        greeting_secondary: p.greeting_secondary,
        subscribe_link_enabled: p.subscribe_link_enabled,
        subscribe_link_name: p.subscribe_link_name,
        text_content: p.text_content,
        permission_reminder_enabled: p.permission_reminder_enabled,
        permission_reminder: p.permission_reminder,
        view_as_webpage_enabled: p.view_as_webpage_enabled,
        view_as_webpage_text: p.view_as_webpage_text,
        view_as_webpage_link_name: p.view_as_webpage_link_name,
        forward_email_link_enabled: p.forward_email_link_enabled,
        forward_email_link_name: p.forward_email_link_name,
        ..Default::default()
    }
}

fn recipients(store: &Store, lists: &[ListId], segments: &[SegmentId]) -> Result<(), V3Error> {
    if !lists.is_empty() && !segments.is_empty() {
        return Err(invalid(
            "contact_list_ids and segment_ids cannot be used together",
        ));
    }
    if segments.len() > 1 {
        return Err(invalid(format!(
            "segment_ids has {} values; an activity takes one segment",
            segments.len()
        )));
    }
    if let Some(l) = lists.iter().find(|l| store.list_seq(l).is_none()) {
        return Err(invalid(format!(
            "contact_list_ids {:?} is not a list of the account",
            l.as_str()
        )));
    }
    if let Some(s) = segments.iter().find(|s| {
        store
            .catalog
            .segment(**s)
            .is_none_or(|record| record.deleted)
    }) {
        return Err(invalid(format!(
            "segment_ids {s} is not a segment of the account"
        )));
    }
    Ok(())
}

/// `PUT /emails/activities/{campaign_activity_id}`.
pub(crate) fn put(cx: &mut Ctx<'_>, req: PutEmailCampaignActivity) -> Result<Response, V3Error> {
    let id = req.campaign_activity_id;
    let body = req.payload;
    let store = &mut cx.store;
    let r = live_primary(store, &id, "be updated")?;
    let status = r.status();
    if !matches!(
        status,
        CampaignActivityStatus::Draft | CampaignActivityStatus::Done
    ) {
        return Err(invalid(format!(
            "campaign activity {:?} is {}; only DRAFT or DONE activities can be updated",
            id.as_str(),
            status.as_str()
        )));
    }
    body.validate(WriteKind::Update)
        .map_err(|e| invalid(e.to_string()))?;
    for (field, value) in [
        ("from_email", &body.from_email),
        ("from_name", &body.from_name),
        ("reply_to_email", &body.reply_to_email),
        ("subject", &body.subject),
    ] {
        if value.trim().is_empty() {
            return Err(invalid(format!("{field} must not be empty")));
        }
    }
    confirmed_sender(store, "from_email", &body.from_email)?;
    confirmed_sender(store, "reply_to_email", &body.reply_to_email)?;
    recipients(store, &body.contact_list_ids, &body.segment_ids)?;
    let at = now();
    let record = store
        .campaigns
        .activity_mut(&id)
        .ok_or_else(|| V3Error::not_found("emails.activities", &id))?;
    let a = &mut record.activity;
    a.contact_list_ids = Some(body.contact_list_ids);
    a.segment_ids = Some(body.segment_ids);
    a.from_email = Some(body.from_email);
    a.from_name = Some(body.from_name);
    a.reply_to_email = Some(body.reply_to_email);
    a.subject = Some(body.subject);
    a.preheader = body.preheader;
    a.document_id = body.document_id;
    // Sub-resources are kept when left out.
    if let Some(html) = body.html_content {
        a.html_content = Some(html);
    }
    if let Some(address) = body.physical_address_in_footer {
        a.physical_address_in_footer = Some(footer(address));
    }
    if let Some(p) = body.document_properties {
        a.document_properties = Some(properties(p));
    }
    let updated: EmailCampaignActivity = a.clone();
    store.campaigns.touch(updated.campaign_id.as_ref(), at);
    Ok(json(200, &updated))
}

/// The text of `html`: tags and `[[…]]` placeholders dropped, whitespace runs made single.
fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for ch in html.replace("[[trackingImage]]", "").chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(ch),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `GET /emails/activities/{campaign_activity_id}/previews`.
pub(crate) fn preview(
    cx: &mut Ctx<'_>,
    req: GetEmailCampaignActivityPreview,
) -> Result<Response, V3Error> {
    let a = &live(&cx.store, &req.campaign_activity_id)?.activity;
    let html = a.html_content.clone().unwrap_or_default();
    Ok(json(
        200,
        &EmailCampaignActivityPreview {
            campaign_activity_id: a.campaign_activity_id.clone(),
            from_email: a.from_email.clone(),
            from_name: a.from_name.clone(),
            preheader: a.preheader.clone(),
            preview_text_content: Some(text_of(&html)),
            preview_html_content: Some(html.replace("[[trackingImage]]", "")),
            reply_to_email: a.reply_to_email.clone(),
            subject: a.subject.clone(),
            ..Default::default()
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::text_of;

    #[test]
    fn text_drops_tags_and_the_tracking_image() {
        assert_eq!(
            text_of("<html><body>[[trackingImage]]<p>Hi  <b>there</b></p></body></html>"),
            "Hi there"
        );
        assert_eq!(text_of("a < b"), "a");
        assert_eq!(text_of(""), "");
    }
}
