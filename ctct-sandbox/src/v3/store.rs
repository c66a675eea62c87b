//! The V3 account: contacts, lists, activities and email campaigns, kept apart from the V1 store.
//!
//! Why separate: V3 ids are UUIDs while V1 ids are small integers in `http://` URIs, V3
//! resources have fields V1 has no place for (sub-resources with their own ids, sources,
//! SMS channels), and the real service does not document that V1 and V3 ids map onto each
//! other (`docs/v3/overview.md#differences-from-v1`). A shared store would invent a mapping the API does not promise.
//!
//! Every record has a sequence number that orders collections and cursor pages. Ids come
//! from a seeded generator, so seeding is deterministic.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use ctct_models::DateTime;
use ctct_models::v3::activities::Activity;
use ctct_models::v3::common::ActivityId;
use ctct_models::v3::common::ContactId;
use ctct_models::v3::common::ListId;
use ctct_models::v3::contact_lists::ContactList;
use ctct_models::v3::contacts::{ContactResource, PermissionToSend};
use time::OffsetDateTime;

use jobs::Job;

pub(crate) mod account;
pub(crate) mod campaigns;
pub(crate) mod jobs;
pub(crate) mod plan;
pub(crate) mod social;

/// The V3 account.
pub(crate) struct Store {
    rng: fastrand::Rng,
    seq: u64,
    pub contacts: BTreeMap<u64, ContactResource>,
    contact_ids: HashMap<ContactId, u64>,
    /// Lower-cased address → contact, so a 40,000-row import is not quadratic.
    emails: HashMap<String, u64>,
    pub lists: BTreeMap<u64, ContactList>,
    list_ids: HashMap<ListId, u64>,
    pub activities: BTreeMap<u64, Job>,
    activity_ids: HashMap<ActivityId, u64>,
    /// How long an import takes from 0 to 100 %.
    pub import_duration: Duration,
    /// The account's own settings: summary, address, sender emails.
    pub account: account::AccountState,
    /// Tags, custom fields, segments and export files.
    pub catalog: super::catalog::Catalog,
    /// Connected social profiles, hashtag groups and posts.
    pub social: social::SocialState,
    /// Email campaigns and their activities.
    pub campaigns: campaigns::Campaigns,
    /// Set while a request hit by a `fail-activity` fault is handled: the next activity
    /// stored fails (`crate::faults`).
    pub fail_next_activity: bool,
}

/// The current instant, truncated to milliseconds as the service writes timestamps.
pub(crate) fn now() -> DateTime {
    let t = OffsetDateTime::now_utc();
    let t = t
        .replace_nanosecond(t.nanosecond() / 1_000_000 * 1_000_000)
        .unwrap_or(t);
    DateTime::new(t)
}

/// Today's date as `YYYY-MM-DD` (a contact's `deleted_at`).
pub(crate) fn today() -> String {
    let d = OffsetDateTime::now_utc().date();
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// The lower-cased address of a contact, the key of the address index.
fn email_of(c: &ContactResource) -> Option<String> {
    let a = c.email_address.as_ref()?.address.as_deref()?;
    Some(a.trim().to_lowercase())
}

impl Store {
    pub fn new(seed: u64, import_duration: Duration) -> Self {
        Self {
            rng: fastrand::Rng::with_seed(seed),
            seq: 0,
            contacts: BTreeMap::new(),
            contact_ids: HashMap::new(),
            emails: HashMap::new(),
            lists: BTreeMap::new(),
            list_ids: HashMap::new(),
            activities: BTreeMap::new(),
            activity_ids: HashMap::new(),
            import_duration,
            account: account::AccountState::seeded(),
            catalog: super::catalog::Catalog::default(),
            social: social::SocialState::seeded(),
            campaigns: campaigns::Campaigns::default(),
            fail_next_activity: false,
        }
    }

    /// A new random (version 4) UUID, as text or as the typed id it becomes.
    pub fn uuid<T: From<String>>(&mut self) -> T {
        let a = self.rng.u64(..);
        let b = self.rng.u64(..);
        let b = (b & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
        let a = (a & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_4000;
        T::from(format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xffff,
            b >> 48,
            b & 0xffff_ffff_ffff
        ))
    }

    fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    // ---- contacts ----

    pub fn insert_contact(&mut self, contact: ContactResource) -> u64 {
        let seq = self.next_seq();
        if let Some(id) = &contact.contact_id {
            self.contact_ids.insert(id.clone(), seq);
        }
        if let Some(address) = email_of(&contact) {
            self.emails.insert(address, seq);
        }
        self.contacts.insert(seq, contact);
        seq
    }

    /// Re-indexes contact `seq` after its address changed from `old`.
    pub fn email_changed(&mut self, seq: u64, old: Option<String>) {
        if let Some(old) = old
            && self.emails.get(&old) == Some(&seq)
        {
            self.emails.remove(&old);
        }
        if let Some(address) = self.contacts.get(&seq).and_then(email_of) {
            self.emails.insert(address, seq);
        }
    }

    pub fn contact_seq(&self, id: &str) -> Option<u64> {
        self.contact_ids.get(id).copied()
    }

    pub fn contact_mut(&mut self, id: &str) -> Option<&mut ContactResource> {
        let seq = self.contact_seq(id)?;
        self.contacts.get_mut(&seq)
    }

    /// The contact with this address (case-insensitive), in any status.
    pub fn contact_by_email(&self, address: &str) -> Option<u64> {
        self.emails.get(&address.trim().to_lowercase()).copied()
    }

    // ---- lists ----

    pub fn insert_list(&mut self, list: ContactList) -> u64 {
        let seq = self.next_seq();
        if let Some(id) = &list.list_id {
            self.list_ids.insert(id.clone(), seq);
        }
        self.lists.insert(seq, list);
        seq
    }

    pub fn list_seq(&self, id: &str) -> Option<u64> {
        self.list_ids
            .get(id)
            .copied()
            .filter(|seq| self.lists.get(seq).is_some_and(|l| l.deleted_at.is_none()))
    }

    pub fn list_by_name(&self, name: &str) -> Option<u64> {
        self.lists
            .iter()
            .find(|(_, l)| l.deleted_at.is_none() && l.name.as_deref() == Some(name))
            .map(|(seq, _)| *seq)
    }

    /// Members of a list (`active`: only contacts that are not deleted or unsubscribed).
    pub fn membership_count(&self, list_id: &str, active: bool) -> i64 {
        let n = self
            .contacts
            .values()
            .filter(|c| {
                c.list_memberships
                    .as_ref()
                    .is_some_and(|l| l.iter().any(|x| x == list_id))
                    && (!active || is_active(c))
            })
            .count();
        i64::try_from(n).unwrap_or(i64::MAX)
    }

    /// Deletes a list and every membership in it.
    pub fn delete_list(&mut self, seq: u64) {
        let now = now();
        let Some(list) = self.lists.get_mut(&seq) else {
            return;
        };
        list.deleted_at = Some(now);
        list.updated_at = Some(now);
        let Some(id) = list.list_id.clone() else {
            return;
        };
        for c in self.contacts.values_mut() {
            if let Some(l) = &mut c.list_memberships
                && l.contains(&id)
            {
                l.retain(|x| *x != id);
                c.updated_at = Some(now);
            }
        }
    }

    // ---- activities ----

    /// Stores `job`; the first one stored while [`Store::fail_next_activity`] is set is
    /// doomed to fail (and the flag cleared).
    pub fn insert_job(&mut self, mut job: Job) -> u64 {
        if std::mem::take(&mut self.fail_next_activity) {
            job.doom(crate::faults::FAILED_ACTIVITY_MESSAGE);
        }
        let seq = self.next_seq();
        if let Some(id) = &job.activity.activity_id {
            self.activity_ids.insert(id.clone(), seq);
        }
        self.activities.insert(seq, job);
        seq
    }

    pub fn activity(&self, id: &str) -> Option<&Activity> {
        let seq = self.activity_ids.get(id)?;
        self.activities.get(seq).map(|j| &j.activity)
    }

    /// Moves every running activity forward to `now`: the rows due by now are applied, so
    /// progress and effects are visible to the next read.
    pub fn advance(&mut self, now: Instant) {
        let seqs: Vec<u64> = self
            .activities
            .iter()
            .filter(|(_, j)| !j.finished())
            .map(|(s, _)| *s)
            .collect();
        for seq in seqs {
            if let Some(mut job) = self.activities.remove(&seq) {
                job.advance(self, now);
                self.activities.insert(seq, job);
            }
        }
    }
}

/// Not deleted and not unsubscribed.
pub(crate) fn is_active(c: &ContactResource) -> bool {
    c.deleted_at.is_none() && permission(c) != Some(&PermissionToSend::Unsubscribed)
}

/// The contact's email permission, if it has an address.
pub(crate) fn permission(c: &ContactResource) -> Option<&PermissionToSend> {
    c.email_address.as_ref()?.permission_to_send.as_ref()
}
