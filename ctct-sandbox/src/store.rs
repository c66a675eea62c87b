//! The account's state: contacts, lists and memberships, behind one lock.
//!
//! Every write runs as one method call under the store's mutex, so concurrent writers can
//! never interleave half-applied changes (no write is ever lost): a response is
//! only sent after the change it promises is in the store. Membership is kept on both sides
//! (the contact's lists and each list's member set) and only ever changed here, so the two
//! views agree. Ids grow monotonically and are never reused, which is what makes the keyset
//! page tokens in [`crate::paging`] stay valid while data changes. Timestamps are strictly
//! increasing (one millisecond apart at least), so `updatedsince` can be answered exactly.
//! What a write breaks is a [`StoreError`] naming the record, field or rule; the store knows
//! no HTTP, and `crate::respond` turns the error into the service's status and text.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Bound;

use ctct_models::DateTime;
use ctct_models::ids::ListId;
use ctct_models::v1::contacts::{ActionSource, Contact, ContactStatus, EmailType};
use time::OffsetDateTime;

pub(crate) mod activities;
mod bulk_rows;
mod campaigns;
mod error;
mod events;
mod snapshot;
#[cfg(test)]
mod tests;

pub(crate) use snapshot::Snapshot;

pub(crate) use campaigns::{CampaignRec, EmailAddressRec, EventKind, TrackEvent};
pub(crate) use error::{CampaignAction, Field, Problem, Record, StoreError, Unique};
pub(crate) use events::{EventRec, RegistrantRec};

/// A contact's membership of one list.
#[derive(Debug, Clone)]
pub(crate) struct Membership {
    pub source: ActionSource,
    pub time: DateTime,
}

/// One contact as stored.
#[derive(Debug, Clone)]
pub(crate) struct ContactRec {
    /// The address as given; uniqueness is checked on its lower-case form.
    pub email: String,
    /// The editable fields as last written (read-only and list fields cleared).
    pub profile: Contact,
    pub lists: BTreeMap<u64, Membership>,
    pub opt_in: Option<(DateTime, ActionSource)>,
    pub opt_out: Option<(DateTime, ActionSource)>,
    pub inserted: DateTime,
    pub updated: DateTime,
}

impl ContactRec {
    /// The status the server derives from opt-out and membership.
    pub fn status(&self) -> ContactStatus {
        if self.opt_out.is_some() {
            ContactStatus::DoNotMail
        } else if self.lists.is_empty() {
            ContactStatus::Removed
        } else {
            ContactStatus::Active
        }
    }

    /// The read-only `Name`: first and last name joined, as the server formats it.
    pub fn display_name(&self) -> String {
        let first = self.profile.first_name.as_deref().unwrap_or("").trim();
        let last = self.profile.last_name.as_deref().unwrap_or("").trim();
        format!("{first} {last}").trim().to_owned()
    }
}

/// One user-created list as stored.
#[derive(Debug, Clone)]
pub(crate) struct ListRec {
    pub name: String,
    pub opt_in_default: bool,
    pub sort_order: i64,
    pub members: BTreeSet<u64>,
    pub updated: DateTime,
}

/// A system list: `active`, `do-not-mail`, `removed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SystemList {
    Active,
    DoNotMail,
    Removed,
}

impl SystemList {
    /// In the order `/lists` shows them.
    pub const ALL: [SystemList; 3] = [Self::Active, Self::DoNotMail, Self::Removed];

    pub fn parse(tail: &str) -> Option<Self> {
        match tail {
            "active" => Some(Self::Active),
            "do-not-mail" => Some(Self::DoNotMail),
            "removed" => Some(Self::Removed),
            _ => None,
        }
    }

    pub fn tail(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::DoNotMail => "do-not-mail",
            Self::Removed => "removed",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Active => "Active",
            Self::DoNotMail => "Do Not Mail",
            Self::Removed => "Removed",
        }
    }

    /// Whether a contact belongs to this system list.
    pub fn contains(self, c: &ContactRec) -> bool {
        matches!(
            (self, c.status()),
            (Self::Active, ContactStatus::Active)
                | (Self::DoNotMail, ContactStatus::DoNotMail)
                | (Self::Removed, ContactStatus::Removed)
        )
    }
}

/// Which contacts a collection read selects.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Filter {
    All,
    System(SystemList),
    List(u64),
}

impl Filter {
    fn matches(self, c: &ContactRec) -> bool {
        match self {
            Self::All => true,
            Self::System(s) => s.contains(c),
            Self::List(id) => c.lists.contains_key(&id),
        }
    }
}

/// The account's data.
#[derive(Debug)]
pub(crate) struct Store {
    pub username: String,
    pub contacts: BTreeMap<u64, ContactRec>,
    pub lists: BTreeMap<u64, ListRec>,
    emails: HashMap<String, u64>,
    next_contact: u64,
    next_list: u64,
    clock: OffsetDateTime,
    /// While seeding, timestamps step 1 ms from a fixed instant instead of following the clock.
    pub seeding: bool,
    /// Bulk activities and their export files.
    pub activities: activities::Activities,
    /// Email campaigns with their schedules and tracking events, by 13-digit id.
    pub campaigns: campaigns::CampaignMap,
    /// The account's email addresses (From and Reply-To of campaigns).
    pub email_addresses: BTreeMap<u64, EmailAddressRec>,
    /// Event Marketing events with their registrants, in creation order.
    pub events: BTreeMap<u64, EventRec>,
    next_campaign: u64,
    next_event: u64,
    next_email_address: u64,
    next_registrant: u64,
}

pub(crate) fn truncate_ms(t: OffsetDateTime) -> OffsetDateTime {
    t.replace_nanosecond(t.nanosecond() / 1_000_000 * 1_000_000)
        .unwrap_or(t)
}

/// Whether `email` looks like an address (the server refuses ones that do not).
pub(crate) fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

impl Store {
    pub fn new(username: &str) -> Self {
        Self {
            username: username.to_owned(),
            contacts: BTreeMap::new(),
            lists: BTreeMap::new(),
            emails: HashMap::new(),
            next_contact: 1,
            next_list: 1,
            clock: OffsetDateTime::UNIX_EPOCH,
            seeding: false,
            activities: activities::Activities::default(),
            campaigns: BTreeMap::new(),
            email_addresses: BTreeMap::new(),
            events: BTreeMap::new(),
            next_campaign: 0,
            next_event: 0,
            next_email_address: 0,
            next_registrant: 0,
        }
    }

    /// The next timestamp: now, but always at least 1 ms after the previous one.
    pub fn tick(&mut self) -> DateTime {
        let now = truncate_ms(OffsetDateTime::now_utc());
        self.clock = if now > self.clock && !self.seeding {
            now
        } else {
            self.clock + time::Duration::milliseconds(1)
        };
        DateTime::new(self.clock)
    }

    /// Sets the clock to a fixed instant (seeding uses it for deterministic timestamps).
    pub fn set_clock(&mut self, t: OffsetDateTime) {
        self.clock = t;
    }

    pub fn contact_id_by_email(&self, email: &str) -> Option<u64> {
        self.emails.get(&email.to_lowercase()).copied()
    }

    /// Resolves the `ContactList` references of a write to list ids of this account.
    fn resolve_lists(
        &self,
        input: &Contact,
        default_source: &ActionSource,
    ) -> Result<Option<Vec<(u64, ActionSource)>>, StoreError> {
        let Some(cl) = &input.contact_lists else {
            return Ok(None);
        };
        let mut out = Vec::new();
        for m in &cl.lists {
            let raw = m.id.as_deref().unwrap_or("");
            let id = ListId::parse(raw)
                .ok()
                .filter(|id| id.username() == self.username)
                .and_then(|id| id.tail().parse::<u64>().ok())
                .filter(|n| self.lists.contains_key(n));
            let Some(id) = id else {
                return Err(StoreError::invalid(
                    Field::ContactLists,
                    raw,
                    Problem::NotOfAccount,
                ));
            };
            if !out.iter().any(|(n, _)| *n == id) {
                let source = m
                    .opt_in_source
                    .clone()
                    .unwrap_or_else(|| default_source.clone());
                out.push((id, source));
            }
        }
        Ok(Some(out))
    }

    fn profile_of(input: &Contact) -> Contact {
        let mut p = input.clone();
        p.clear_read_only();
        p.email_address = None;
        p.contact_lists = None;
        p.opt_in_source = None;
        p.opt_out_source = None;
        p
    }

    fn set_lists(&mut self, cid: u64, wanted: &[(u64, ActionSource)], now: DateTime) {
        let Some(rec) = self.contacts.get_mut(&cid) else {
            return;
        };
        let old: Vec<u64> = rec.lists.keys().copied().collect();
        let mut new = BTreeMap::new();
        for (lid, source) in wanted {
            let m = rec.lists.get(lid).cloned().unwrap_or(Membership {
                source: source.clone(),
                time: now,
            });
            new.insert(*lid, m);
        }
        rec.lists = new;
        for lid in old {
            if !rec.lists.contains_key(&lid) {
                if let Some(l) = self.lists.get_mut(&lid) {
                    l.members.remove(&cid);
                }
            }
        }
        for (lid, _) in wanted {
            if let Some(l) = self.lists.get_mut(lid) {
                l.members.insert(cid);
            }
        }
    }

    /// `POST /contacts`: the payload was decoded and validated by the caller.
    pub fn create_contact(&mut self, input: &Contact) -> Result<u64, StoreError> {
        let email = input
            .email_address
            .as_deref()
            .unwrap_or("")
            .trim()
            .to_owned();
        if !valid_email(&email) {
            return Err(StoreError::invalid(
                Field::ContactEmail,
                email,
                Problem::Malformed,
            ));
        }
        let source = input
            .opt_in_source
            .clone()
            .unwrap_or(ActionSource::ActionByCustomer);
        let lists = match self.resolve_lists(input, &source)? {
            Some(l) if !l.is_empty() => l,
            _ => {
                return Err(StoreError::invalid(
                    Field::ContactLists,
                    "",
                    Problem::Missing,
                ));
            }
        };
        if self.contact_id_by_email(&email).is_some() {
            return Err(StoreError::conflict(Unique::ContactEmail, email));
        }
        let now = self.tick();
        let id = self.next_contact;
        self.next_contact += 1;
        self.emails.insert(email.to_lowercase(), id);
        self.contacts.insert(
            id,
            ContactRec {
                email,
                profile: Self::profile_of(input),
                lists: BTreeMap::new(),
                opt_in: Some((now, source)),
                opt_out: None,
                inserted: now,
                updated: now,
            },
        );
        self.set_lists(id, &lists, now);
        Ok(id)
    }

    /// `PUT /contacts/{id}`: a full replace of the editable fields and the membership.
    pub fn update_contact(&mut self, id: u64, input: &Contact) -> Result<(), StoreError> {
        let Some(rec) = self.contacts.get(&id) else {
            return Err(StoreError::not_found(Record::Contact, id));
        };
        let source = input
            .opt_in_source
            .clone()
            .unwrap_or(ActionSource::ActionByCustomer);
        let lists = self.resolve_lists(input, &source)?;
        let email = match input.email_address.as_deref().map(str::trim) {
            Some(e) if !e.is_empty() => e.to_owned(),
            _ => rec.email.clone(),
        };
        if !valid_email(&email) {
            return Err(StoreError::invalid(
                Field::ContactEmail,
                email,
                Problem::Malformed,
            ));
        }
        if let Some(other) = self.contact_id_by_email(&email) {
            if other != id {
                return Err(StoreError::conflict(Unique::ContactEmail, email));
            }
        }
        let opted_out = rec.opt_out.is_some();
        let rejoining = lists.as_ref().is_some_and(|l| !l.is_empty());
        if opted_out && rejoining && source != ActionSource::ActionByContact {
            return Err(StoreError::OptedOut { contact: id });
        }
        let old_email = rec.email.to_lowercase();
        let now = self.tick();
        if let Some(rec) = self.contacts.get_mut(&id) {
            rec.profile = Self::profile_of(input);
            rec.email = email.clone();
            rec.updated = now;
            if opted_out && rejoining {
                rec.opt_out = None;
                rec.opt_in = Some((now, ActionSource::ActionByContact));
            } else if rec.lists.is_empty() && rejoining {
                rec.opt_in = Some((now, source));
            }
        }
        self.emails.remove(&old_email);
        self.emails.insert(email.to_lowercase(), id);
        if let Some(lists) = lists {
            self.set_lists(id, &lists, now);
        }
        Ok(())
    }

    /// `DELETE /contacts/{id}`: opt-out (Do Not Mail, off every list).
    pub fn opt_out_contact(&mut self, id: u64) -> Result<(), StoreError> {
        if !self.contacts.contains_key(&id) {
            return Err(StoreError::not_found(Record::Contact, id));
        }
        let now = self.tick();
        self.set_lists(id, &[], now);
        if let Some(rec) = self.contacts.get_mut(&id) {
            if rec.opt_out.is_none() {
                rec.opt_out = Some((now, ActionSource::ActionByCustomer));
            }
            rec.updated = now;
        }
        Ok(())
    }

    /// Up to `limit` contacts after the keyset position `after` that pass `filter` and
    /// were updated at or after `since`.
    pub fn contacts_page(
        &self,
        after: Option<u64>,
        filter: Filter,
        since: Option<DateTime>,
        limit: usize,
    ) -> Vec<(u64, &ContactRec)> {
        let start = after.map_or(Bound::Unbounded, Bound::Excluded);
        self.contacts
            .range((start, Bound::Unbounded))
            .filter(|(_, c)| filter.matches(c) && since.is_none_or(|s| c.updated >= s))
            .take(limit)
            .map(|(id, c)| (*id, c))
            .collect()
    }

    /// `POST /lists`.
    pub fn create_list(
        &mut self,
        name: &str,
        opt_in_default: bool,
        sort_order: i64,
    ) -> Result<u64, StoreError> {
        self.check_list_name(name, None)?;
        let now = self.tick();
        let id = self.next_list;
        self.next_list += 1;
        self.lists.insert(
            id,
            ListRec {
                name: name.to_owned(),
                opt_in_default,
                sort_order,
                members: BTreeSet::new(),
                updated: now,
            },
        );
        Ok(id)
    }

    fn check_list_name(&self, name: &str, except: Option<u64>) -> Result<(), StoreError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::invalid(Field::ListName, name, Problem::Missing));
        }
        let taken = self
            .lists
            .iter()
            .any(|(id, l)| Some(*id) != except && l.name.trim().eq_ignore_ascii_case(name))
            || SystemList::ALL
                .iter()
                .any(|s| s.name().eq_ignore_ascii_case(name));
        if taken {
            return Err(StoreError::conflict(Unique::ListName, name));
        }
        Ok(())
    }

    /// `PUT /lists/{id}`.
    pub fn update_list(
        &mut self,
        id: u64,
        name: Option<&str>,
        opt_in_default: Option<bool>,
        sort_order: Option<i64>,
    ) -> Result<(), StoreError> {
        if !self.lists.contains_key(&id) {
            return Err(StoreError::not_found(Record::List, id));
        }
        if let Some(n) = name {
            self.check_list_name(n, Some(id))?;
        }
        let now = self.tick();
        if let Some(l) = self.lists.get_mut(&id) {
            if let Some(n) = name {
                l.name = n.to_owned();
            }
            if let Some(d) = opt_in_default {
                l.opt_in_default = d;
            }
            if let Some(s) = sort_order {
                l.sort_order = s;
            }
            l.updated = now;
        }
        Ok(())
    }

    /// `DELETE /lists/{id}`: the list goes, and its members lose that membership (a
    /// membership change, so their `LastUpdateTime` moves).
    pub fn delete_list(&mut self, id: u64) -> Result<(), StoreError> {
        let Some(list) = self.lists.remove(&id) else {
            return Err(StoreError::not_found(Record::List, id));
        };
        let now = self.tick();
        for cid in list.members {
            if let Some(c) = self.contacts.get_mut(&cid) {
                c.lists.remove(&id);
                c.updated = now;
            }
        }
        Ok(())
    }

    /// Inserts a contact directly (seeding); `lists` must exist.
    pub fn insert_seeded(
        &mut self,
        email: String,
        profile: Contact,
        lists: &[u64],
        opted_out: bool,
    ) {
        let now = self.tick();
        let id = self.next_contact;
        self.next_contact += 1;
        self.emails.insert(email.to_lowercase(), id);
        self.contacts.insert(
            id,
            ContactRec {
                email,
                profile,
                lists: BTreeMap::new(),
                opt_in: Some((now, ActionSource::ActionByCustomer)),
                opt_out: opted_out.then_some((now, ActionSource::ActionByContact)),
                inserted: now,
                updated: now,
            },
        );
        let wanted: Vec<_> = lists
            .iter()
            .map(|l| (*l, ActionSource::ActionByCustomer))
            .collect();
        self.set_lists(id, &wanted, now);
    }
}

/// The `EmailType` a contact reads back with (`HTML` unless it chose `Text`).
pub(crate) fn email_type_of(c: &ContactRec) -> EmailType {
    c.profile.email_type.clone().unwrap_or(EmailType::Html)
}
