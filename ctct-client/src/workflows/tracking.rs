//! Reading every tracking event of a campaign (`docs/v1/tracking.md`).
//!
//! A campaign's events live in one feed per kind (`sends`, `opens`, `bounces`, `forwards`,
//! `optouts`), each paged with `next` links and `pageSize` 1 to 200. Clicks are different:
//! they are read per link, from the click-event feed each `Urls/Url` of the (sent) campaign
//! names, so [`Client::campaign_clicks`] reads the campaign first and then pages every link's
//! feed, tagging each click with its link. [`Client::campaign_events`] chains all of them into
//! one stream. Events older than 90 days are gone from the server. Everything is a lazy
//! stream: one page in memory at a time.

use ctct_models::ids::{CampaignId, ContactId};
use ctct_models::v1::campaigns::{Campaign, CampaignUrl};
use ctct_models::v1::tracking::{
    self as api, BounceEvent, ClickEvent, ForwardEvent, OpenEvent, OptoutEvent, ReportsSummary,
    SentEvent,
};
use futures_util::stream::{self, StreamExt as _};

use crate::client::Client;
use crate::error::{Error, WorkflowError};
use crate::paging::Items;

/// A click on one link of a campaign.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkClick {
    /// The link's target (`Urls/Url/Value`).
    pub link: Option<String>,
    /// The link's id: the last segment of its click-feed URI.
    pub link_id: String,
    /// The click.
    pub event: ClickEvent,
}

/// One tracking event of a campaign, of any kind.
#[derive(Debug, Clone, PartialEq)]
pub enum CampaignEvent {
    /// The campaign was sent to a contact.
    Sent(SentEvent),
    /// A contact opened it.
    Open(OpenEvent),
    /// A contact clicked a link.
    Click(LinkClick),
    /// It bounced.
    Bounce(BounceEvent),
    /// A contact forwarded it.
    Forward(ForwardEvent),
    /// A contact opted out through it.
    OptOut(OptoutEvent),
}

/// The link id of a campaign URL: the last path segment of its `id` (the click-feed URI).
pub fn link_id(url: &CampaignUrl) -> Option<&str> {
    let id = url.id.as_deref()?.trim().trim_end_matches('/');
    let last = id.rsplit('/').next()?;
    (!last.is_empty() && id.contains("/events/clicks/")).then_some(last)
}

impl Client {
    /// A contact's tracking summary: one [`ReportsSummary`] per campaign sent to it, with the
    /// contact's sends, opens, clicks, forwards, bounces and opt-outs in that campaign.
    pub fn contact_summary(&self, id: &ContactId) -> Items<ReportsSummary> {
        self.items(api::ListContactSummary::new(id))
    }

    /// Every send event of a campaign; `page_size` 1 to 200 (default 50).
    pub fn campaign_sends(&self, id: &CampaignId, page_size: Option<i64>) -> Items<SentEvent> {
        let mut request = api::ListCampaignSends::new(id);
        request.page_size = page_size;
        self.items(request)
    }

    /// Every open event of a campaign.
    pub fn campaign_opens(&self, id: &CampaignId, page_size: Option<i64>) -> Items<OpenEvent> {
        let mut request = api::ListCampaignOpens::new(id);
        request.page_size = page_size;
        self.items(request)
    }

    /// Every bounce event of a campaign (with `Code`, `Description`, `BounceMessage`).
    pub fn campaign_bounces(&self, id: &CampaignId, page_size: Option<i64>) -> Items<BounceEvent> {
        let mut request = api::ListCampaignBounces::new(id);
        request.page_size = page_size;
        self.items(request)
    }

    /// Every forward event of a campaign.
    pub fn campaign_forwards(
        &self,
        id: &CampaignId,
        page_size: Option<i64>,
    ) -> Items<ForwardEvent> {
        let mut request = api::ListCampaignForwards::new(id);
        request.page_size = page_size;
        self.items(request)
    }

    /// Every opt-out event of a campaign.
    pub fn campaign_optouts(&self, id: &CampaignId, page_size: Option<i64>) -> Items<OptoutEvent> {
        let mut request = api::ListCampaignOptouts::new(id);
        request.page_size = page_size;
        self.items(request)
    }

    /// Every click on one link of a campaign.
    pub fn campaign_link_clicks(
        &self,
        id: &CampaignId,
        url: &CampaignUrl,
        page_size: Option<i64>,
    ) -> Items<LinkClick> {
        let Some(link_id) = link_id(url).map(str::to_owned) else {
            return Items::failed(Error::from(WorkflowError::LinkWithoutClickId {
                campaign: id.tail().to_owned(),
                url: url.value.clone().unwrap_or_default(),
            }));
        };
        let link = url.value.clone();
        let mut request = api::ListCampaignLinkClicks::new(id, link_id.as_str());
        request.page_size = page_size;
        Items::from_stream(self.items(request).map(move |event| {
            event.map(|event| LinkClick {
                link: link.clone(),
                link_id: link_id.clone(),
                event,
            })
        }))
    }

    /// Every click on every link of a campaign: reads the campaign's `Urls`, then pages each
    /// link's click feed in turn.
    pub fn campaign_clicks(&self, id: &CampaignId, page_size: Option<i64>) -> Items<LinkClick> {
        let client = self.clone();
        let id = id.clone();
        let links = async move {
            let campaign: Result<Campaign, Error> = client.campaign(&id).await;
            match campaign {
                Ok(c) => {
                    let urls = c.urls.map(|u| u.urls).unwrap_or_default();
                    stream::iter(urls)
                        .map(move |url| client.campaign_link_clicks(&id, &url, page_size))
                        .flatten()
                        .left_stream()
                }
                Err(e) => stream::once(async move { Err(e) }).right_stream(),
            }
        };
        Items::from_stream(stream::once(links).flatten())
    }

    /// Every tracking event of a campaign: sends, opens, clicks per link, bounces, forwards
    /// and opt-outs, one feed after the other. Ends at the first error.
    pub fn campaign_events(&self, id: &CampaignId, page_size: Option<i64>) -> Items<CampaignEvent> {
        let all = self
            .campaign_sends(id, page_size)
            .map(|e| e.map(CampaignEvent::Sent))
            .chain(
                self.campaign_opens(id, page_size)
                    .map(|e| e.map(CampaignEvent::Open)),
            )
            .chain(
                self.campaign_clicks(id, page_size)
                    .map(|e| e.map(CampaignEvent::Click)),
            )
            .chain(
                self.campaign_bounces(id, page_size)
                    .map(|e| e.map(CampaignEvent::Bounce)),
            )
            .chain(
                self.campaign_forwards(id, page_size)
                    .map(|e| e.map(CampaignEvent::Forward)),
            )
            .chain(
                self.campaign_optouts(id, page_size)
                    .map(|e| e.map(CampaignEvent::OptOut)),
            );
        let mut failed = false;
        Items::from_stream(all.take_while(move |e| {
            let keep = !failed;
            failed |= e.is_err();
            std::future::ready(keep)
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_ids_come_from_the_click_feed_uri() {
        let url = |id: &str| CampaignUrl {
            id: Some(id.to_owned()),
            ..CampaignUrl::default()
        };
        assert_eq!(
            link_id(&url(
                "http://api.constantcontact.com/ws/customers/u/campaigns/1100546096289/events/clicks/7"
            )),
            Some("7")
        );
        assert_eq!(
            link_id(&url("/ws/customers/u/campaigns/1/events/clicks/9/")),
            Some("9")
        );
        assert_eq!(link_id(&url("http://example.com/other/7")), None);
        assert_eq!(link_id(&CampaignUrl::default()), None);
    }
}
