//! Campaigns, their schedules and tracking events, and the account's email addresses
//! (`docs/v1/campaigns.md`, `docs/v1/tracking.md`, `docs/v1/settings.md`).
//!
//! The status rules: a campaign is created `Draft`; only a `Draft` can be updated or deleted
//! (`docs/v1/campaigns.md` leaves delete Uncertain, so the sandbox keeps to the strict reading);
//! creating its schedule makes it `Scheduled` and deleting the schedule returns it to `Draft`
//! (or `Sent`, if it had been sent before). When the scheduled time has passed, the next
//! request that looks at campaigns sends it: `Sent`, a send event for every active member of
//! its lists, and its links read back in `Urls`. Events never change once written, and their
//! numbers only grow, so keyset paging over them is stable.

use std::collections::BTreeMap;

use ctct_models::DateTime;
use ctct_models::ids::{EmailAddressId, ListId};
use ctct_models::v1::campaigns::{Campaign, CampaignEmail, CampaignStatus};
use ctct_models::v1::settings::EmailAddressStatus;
use ctct_models::v1::tracking::BounceCode;

use super::{CampaignAction, Field, Filter, Problem, Record, Store, StoreError, Unique};

/// The first campaign id: campaign ids are 13-digit integers.
pub(crate) const CAMPAIGN_ID_BASE: u64 = 1_100_546_096_288;

/// What happened to a contact because of a campaign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum EventKind {
    Send,
    Open,
    /// A click on the campaign's link with this index (from 0).
    Click(usize),
    Bounce(BounceCode),
    Forward,
    OptOut,
}

impl EventKind {
    /// The collection segment: `sends`, `opens`, …
    pub fn segment(&self) -> &'static str {
        match self {
            Self::Send => "sends",
            Self::Open => "opens",
            Self::Click(_) => "clicks",
            Self::Bounce(_) => "bounces",
            Self::Forward => "forwards",
            Self::OptOut => "optouts",
        }
    }
}

/// One tracking event.
#[derive(Debug, Clone)]
pub(crate) struct TrackEvent {
    pub seq: u64,
    pub kind: EventKind,
    pub contact: u64,
    pub time: DateTime,
}

/// One campaign as stored.
#[derive(Debug, Clone)]
pub(crate) struct CampaignRec {
    /// The editable fields as last written (read-only ones cleared, `Status` unset).
    pub fields: Campaign,
    pub status: CampaignStatus,
    pub created: DateTime,
    pub last_edit: DateTime,
    pub last_run: Option<DateTime>,
    /// The schedule's time while `Scheduled`.
    pub scheduled: Option<DateTime>,
    /// The links of the content, fixed when it is sent.
    pub links: Vec<String>,
    pub events: Vec<TrackEvent>,
    pub spam_reports: i64,
}

impl CampaignRec {
    /// Events of one collection (`clicks` of every link).
    pub fn events_in<'a>(&'a self, segment: &'a str) -> impl Iterator<Item = &'a TrackEvent> {
        self.events
            .iter()
            .filter(move |e| e.kind.segment() == segment)
    }

    /// How many distinct contacts have an event in `segment`.
    pub fn unique(&self, segment: &str) -> i64 {
        let mut ids: Vec<u64> = self.events_in(segment).map(|e| e.contact).collect();
        ids.sort_unstable();
        ids.dedup();
        i64::try_from(ids.len()).unwrap_or(i64::MAX)
    }

    /// How many events `segment` holds.
    pub fn count(&self, segment: &str) -> i64 {
        i64::try_from(self.events_in(segment).count()).unwrap_or(i64::MAX)
    }
}

/// One account email address.
#[derive(Debug, Clone)]
pub(crate) struct EmailAddressRec {
    pub email: String,
    pub status: EmailAddressStatus,
    pub verified: Option<DateTime>,
    pub updated: DateTime,
}

/// The links (`href="…"`) of escaped or plain HTML content, in order, without repeats.
pub(crate) fn links_of(content: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in content.split("href=").skip(1) {
        let quote = part.chars().next().filter(|c| *c == '"' || *c == '\'');
        let Some(q) = quote else { continue };
        if let Some(link) = part[1..].split(q).next() {
            let link = link.replace("&amp;", "&");
            if !link.is_empty() && !out.contains(&link) {
                out.push(link);
            }
        }
    }
    out
}

macro_rules! merge_fields {
    ($into:expr, $from:expr; $($f:ident),* $(,)?) => {
        $(if $from.$f.is_some() { $into.$f = $from.$f.clone(); })*
    };
}

impl Store {
    /// The id of a verified account address named by a `FromEmail`/`ReplyToEmail`, by its
    /// `Email/@id` or, failing that, its `EmailAddress`.
    fn verified_address(&self, field: Field, e: &CampaignEmail) -> Result<u64, StoreError> {
        let by_id = e
            .email
            .as_ref()
            .and_then(|r| r.id.as_deref())
            .map(|raw| {
                EmailAddressId::parse(raw)
                    .ok()
                    .filter(|id| id.username() == self.username)
                    .and_then(|id| id.tail().parse::<u64>().ok())
                    .filter(|n| self.email_addresses.contains_key(n))
                    .ok_or_else(|| StoreError::invalid(field, raw, Problem::NotOfAccount))
            })
            .transpose()?;
        let id = match by_id {
            Some(id) => id,
            None => {
                let addr = e.email_address.as_deref().unwrap_or("").trim();
                self.email_addresses
                    .iter()
                    .find(|(_, r)| r.email.eq_ignore_ascii_case(addr))
                    .map(|(id, _)| *id)
                    .ok_or_else(|| StoreError::invalid(field, addr, Problem::NotOfAccount))?
            }
        };
        match self.email_addresses.get(&id) {
            Some(r) if r.status == EmailAddressStatus::Verified => Ok(id),
            r => Err(StoreError::invalid(
                field,
                r.map_or("", |r| r.email.as_str()),
                Problem::NotVerified,
            )),
        }
    }

    /// Checks the references of a campaign write: lists and From/Reply-To addresses.
    fn check_campaign_refs(&self, c: &Campaign) -> Result<(), StoreError> {
        for m in c.contact_lists.iter().flat_map(|l| &l.lists) {
            let raw = m.id.as_deref().unwrap_or("");
            let ok = ListId::parse(raw)
                .ok()
                .filter(|id| id.username() == self.username)
                .and_then(|id| id.tail().parse::<u64>().ok())
                .is_some_and(|n| self.lists.contains_key(&n));
            if !ok {
                return Err(StoreError::invalid(
                    Field::CampaignLists,
                    raw,
                    Problem::NotOfAccount,
                ));
            }
        }
        if let Some(e) = &c.from_email {
            self.verified_address(Field::CampaignFrom, e)?;
        }
        if let Some(e) = &c.reply_to_email {
            self.verified_address(Field::CampaignReplyTo, e)?;
        }
        Ok(())
    }

    fn check_campaign_name(&self, name: &str, except: Option<u64>) -> Result<(), StoreError> {
        let taken = self.campaigns.iter().any(|(id, c)| {
            Some(*id) != except
                && c.fields
                    .name
                    .as_deref()
                    .is_some_and(|n| n.trim().eq_ignore_ascii_case(name.trim()))
        });
        if taken {
            return Err(StoreError::conflict(Unique::CampaignName, name));
        }
        Ok(())
    }

    /// `POST /campaigns`: a new `Draft`.
    pub fn create_campaign(&mut self, input: &Campaign) -> Result<u64, StoreError> {
        self.check_campaign_refs(input)?;
        let name = input.name.as_deref().unwrap_or("");
        self.check_campaign_name(name, None)?;
        let now = self.tick();
        self.next_campaign += 1;
        let id = CAMPAIGN_ID_BASE + self.next_campaign;
        let mut fields = input.clone();
        fields.clear_read_only();
        fields.status = None;
        let created = fields.date.unwrap_or(now);
        fields.date = None;
        self.campaigns.insert(
            id,
            CampaignRec {
                fields,
                status: CampaignStatus::Draft,
                created,
                last_edit: now,
                last_run: None,
                scheduled: None,
                links: Vec::new(),
                events: Vec::new(),
                spam_reports: 0,
            },
        );
        Ok(id)
    }

    fn draft(&mut self, id: u64, action: CampaignAction) -> Result<&mut CampaignRec, StoreError> {
        let c = self
            .campaigns
            .get_mut(&id)
            .ok_or_else(|| StoreError::not_found(Record::Campaign, id))?;
        if c.status != CampaignStatus::Draft {
            return Err(StoreError::WrongStatus {
                campaign: id,
                status: c.status.clone(),
                action,
            });
        }
        Ok(c)
    }

    /// `PUT /campaigns/{id}`: only a `Draft`; present elements replace (empty ones erase),
    /// absent ones are left.
    pub fn update_campaign(&mut self, id: u64, input: &Campaign) -> Result<(), StoreError> {
        self.draft(id, CampaignAction::Update)?;
        self.check_campaign_refs(input)?;
        if let Some(name) = input.name.as_deref() {
            self.check_campaign_name(name, Some(id))?;
        }
        let now = self.tick();
        let c = self.draft(id, CampaignAction::Update)?;
        merge_fields!(c.fields, input;
            name, subject, from_name, view_as_webpage, view_as_webpage_link_text,
            view_as_webpage_text, permission_reminder, permission_reminder_text,
            greeting_salutation, greeting_name, greeting_string, organization_name,
            organization_address1, organization_address2, organization_address3,
            organization_city, organization_state, organization_international_state,
            organization_country, organization_postal_code, include_forward_email,
            forward_email_link_text, include_subscribe_link, subscribe_link_text,
            email_content_format, email_content, email_text_content, style_sheet,
            contact_lists, from_email, reply_to_email,
        );
        c.last_edit = now;
        Ok(())
    }

    /// `DELETE /campaigns/{id}`: only a `Draft`.
    pub fn delete_campaign(&mut self, id: u64) -> Result<(), StoreError> {
        self.draft(id, CampaignAction::Delete)?;
        self.campaigns.remove(&id);
        Ok(())
    }

    /// `POST /campaigns/{id}/schedules`: one schedule per campaign, in the future, for a
    /// campaign with recipients and a From address.
    pub fn create_schedule(&mut self, id: u64, at: DateTime) -> Result<(), StoreError> {
        self.send_due_campaigns();
        let c = self
            .campaigns
            .get(&id)
            .ok_or_else(|| StoreError::not_found(Record::Campaign, id))?;
        match c.status {
            CampaignStatus::Draft | CampaignStatus::Sent => {}
            CampaignStatus::Scheduled => {
                return Err(StoreError::conflict(Unique::Schedule, id.to_string()));
            }
            ref other => {
                return Err(StoreError::WrongStatus {
                    campaign: id,
                    status: other.clone(),
                    action: CampaignAction::Schedule,
                });
            }
        }
        if c.fields
            .contact_lists
            .as_ref()
            .is_none_or(|l| l.lists.is_empty())
        {
            return Err(StoreError::invalid(
                Field::CampaignLists,
                "",
                Problem::Missing,
            ));
        }
        if c.fields.from_email.is_none() {
            return Err(StoreError::invalid(
                Field::CampaignFrom,
                "",
                Problem::Missing,
            ));
        }
        self.set_schedule(id, at)
    }

    /// `PUT /campaigns/{id}/schedules/1`: moves an existing schedule.
    pub fn update_schedule(&mut self, id: u64, at: DateTime) -> Result<(), StoreError> {
        self.send_due_campaigns();
        let c = self
            .campaigns
            .get(&id)
            .ok_or_else(|| StoreError::not_found(Record::Campaign, id))?;
        if c.scheduled.is_none() {
            return Err(StoreError::not_found(Record::Schedule, id));
        }
        self.set_schedule(id, at)
    }

    fn set_schedule(&mut self, id: u64, at: DateTime) -> Result<(), StoreError> {
        if at <= DateTime::now_utc() {
            return Err(StoreError::invalid(
                Field::ScheduledTime,
                at.to_string(),
                Problem::NotInFuture,
            ));
        }
        let now = self.tick();
        if let Some(c) = self.campaigns.get_mut(&id) {
            c.status = CampaignStatus::Scheduled;
            c.scheduled = Some(at);
            c.last_edit = now;
        }
        Ok(())
    }

    /// `DELETE /campaigns/{id}/schedules/1`: back to `Draft` (or `Sent` if sent before).
    pub fn delete_schedule(&mut self, id: u64) -> Result<(), StoreError> {
        self.send_due_campaigns();
        let c = self
            .campaigns
            .get_mut(&id)
            .ok_or_else(|| StoreError::not_found(Record::Campaign, id))?;
        if c.scheduled.take().is_none() {
            return Err(StoreError::not_found(Record::Schedule, id));
        }
        c.status = if c.last_run.is_some() {
            CampaignStatus::Sent
        } else {
            CampaignStatus::Draft
        };
        Ok(())
    }

    /// Sends every scheduled campaign whose time has come.
    pub fn send_due_campaigns(&mut self) {
        let now = DateTime::now_utc();
        let due: Vec<(u64, DateTime)> = self
            .campaigns
            .iter()
            .filter_map(|(id, c)| c.scheduled.filter(|t| *t <= now).map(|t| (*id, t)))
            .collect();
        for (id, at) in due {
            self.send_campaign(id, at);
        }
    }

    /// Sends campaign `id` at `at`: a send event per active member of its lists.
    pub fn send_campaign(&mut self, id: u64, at: DateTime) {
        let lists: Vec<u64> = self
            .campaigns
            .get(&id)
            .and_then(|c| c.fields.contact_lists.as_ref())
            .map(|l| {
                l.lists
                    .iter()
                    .filter_map(|m| ListId::parse(m.id.as_deref().unwrap_or("")).ok())
                    .filter_map(|l| l.tail().parse::<u64>().ok())
                    .collect()
            })
            .unwrap_or_default();
        let mut recipients: Vec<u64> = lists
            .iter()
            .flat_map(|l| {
                self.contacts_page(None, Filter::List(*l), None, usize::MAX)
                    .into_iter()
                    .map(|(cid, _)| cid)
            })
            .collect();
        recipients.sort_unstable();
        recipients.dedup();
        for cid in recipients {
            self.add_event(id, EventKind::Send, cid, at);
        }
        if let Some(c) = self.campaigns.get_mut(&id) {
            c.status = CampaignStatus::Sent;
            c.scheduled = None;
            c.last_run = Some(at);
            c.links = links_of(c.fields.email_content.as_deref().unwrap_or(""));
        }
    }

    /// Records one event (seeding and sends).
    pub fn add_event(&mut self, campaign: u64, kind: EventKind, contact: u64, time: DateTime) {
        self.next_event += 1;
        let seq = self.next_event;
        if let Some(c) = self.campaigns.get_mut(&campaign) {
            c.events.push(TrackEvent {
                seq,
                kind,
                contact,
                time,
            });
        }
    }

    /// Adds an account email address (seeding).
    pub fn add_email_address(&mut self, email: &str, verified: bool) -> u64 {
        let now = self.tick();
        self.next_email_address += 1;
        let id = self.next_email_address;
        self.email_addresses.insert(
            id,
            EmailAddressRec {
                email: email.to_owned(),
                status: if verified {
                    EmailAddressStatus::Verified
                } else {
                    EmailAddressStatus::Pending
                },
                verified: verified.then_some(now),
                updated: now,
            },
        );
        id
    }

    /// Every event of contact `cid` in `segment`, across campaigns, by event number.
    pub fn contact_events<'a>(&'a self, cid: u64, segment: &'a str) -> Vec<(u64, &'a TrackEvent)> {
        let mut out: Vec<(u64, &TrackEvent)> = self
            .campaigns
            .iter()
            .flat_map(|(id, c)| c.events_in(segment).map(move |e| (*id, e)))
            .filter(|(_, e)| e.contact == cid)
            .collect();
        out.sort_by_key(|(_, e)| e.seq);
        out
    }
}

/// The campaign map type the store holds.
pub(crate) type CampaignMap = BTreeMap<u64, CampaignRec>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_found_in_escaped_and_plain_content() {
        assert_eq!(
            links_of(
                "&lt;a href=\"https://example.com/a?x=1&amp;y=2\">A&lt;/a> <a href='https://b.example'>B</a> <a href=\"https://example.com/a?x=1&amp;y=2\">again</a>"
            ),
            ["https://example.com/a?x=1&y=2", "https://b.example"]
        );
        assert!(links_of("no links").is_empty());
    }
}
