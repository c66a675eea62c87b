//! The account's contacts and lists as a document, so a sandbox can stop and start again
//! with the data it had (`ctct-sandbox --state FILE`).
//!
//! What a local setup builds up by hand is kept: contacts (their profile as the V1 XML the
//! models already read and write, so no second encoding of the Contact fields exists),
//! memberships with their sources and times, opt-in and opt-out, and lists. Campaigns,
//! events, bulk activities and the V3 emulator start afresh (seeded as configured): they
//! hold runs and schedules that do not outlive a process on the real service either.
//!
//! The document carries a version; a restore checks every reference (a membership of an
//! unknown list, a repeated email) and refuses the file as a whole rather than serve an
//! account that is half there.

use std::collections::{BTreeMap, BTreeSet};

use ctct_models::DateTime;
use ctct_models::atom::Entry;
use ctct_models::enums::ClosedEnum as _;
use ctct_models::v1::contacts::{ActionSource, Contact};
use serde::{Deserialize, Serialize};

use super::{ContactRec, ListRec, Membership, Store};

/// The version [`Store::snapshot`] writes and [`Store::restore`] reads.
pub(crate) const VERSION: u32 = 1;

/// The saved account.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Snapshot {
    version: u32,
    username: String,
    next_contact: u64,
    next_list: u64,
    lists: Vec<SavedList>,
    contacts: Vec<SavedContact>,
}

#[derive(Debug, Serialize, Deserialize)]
struct SavedList {
    id: u64,
    name: String,
    opt_in_default: bool,
    sort_order: i64,
    updated: DateTime,
}

#[derive(Debug, Serialize, Deserialize)]
struct SavedContact {
    id: u64,
    email: String,
    /// The editable fields, as a V1 `<entry>` document.
    profile: String,
    lists: Vec<SavedMembership>,
    opt_in: Option<SavedAction>,
    opt_out: Option<SavedAction>,
    inserted: DateTime,
    updated: DateTime,
}

#[derive(Debug, Serialize, Deserialize)]
struct SavedMembership {
    list: u64,
    source: String,
    time: DateTime,
}

#[derive(Debug, Serialize, Deserialize)]
struct SavedAction {
    time: DateTime,
    source: String,
}

impl SavedAction {
    fn of((time, source): &(DateTime, ActionSource)) -> Self {
        Self {
            time: *time,
            source: source.as_str().to_owned(),
        }
    }

    fn back(&self) -> (DateTime, ActionSource) {
        (self.time, ActionSource::from_wire(&self.source))
    }
}

impl Store {
    /// The contacts and lists as a document.
    ///
    /// # Errors
    ///
    /// A profile the XML writer refuses (it never writes a character XML 1.0 cannot carry;
    /// the store never holds one either, so this does not happen in practice).
    pub(crate) fn snapshot(&self) -> Result<Snapshot, String> {
        let lists = self
            .lists
            .iter()
            .map(|(id, l)| SavedList {
                id: *id,
                name: l.name.clone(),
                opt_in_default: l.opt_in_default,
                sort_order: l.sort_order,
                updated: l.updated,
            })
            .collect();
        let mut contacts = Vec::with_capacity(self.contacts.len());
        for (id, c) in &self.contacts {
            let profile = Entry::for_write(c.profile.clone(), None)
                .to_xml()
                .map_err(|e| format!("contact {id}: {e}"))?;
            contacts.push(SavedContact {
                id: *id,
                email: c.email.clone(),
                profile,
                lists: c
                    .lists
                    .iter()
                    .map(|(list, m)| SavedMembership {
                        list: *list,
                        source: m.source.as_str().to_owned(),
                        time: m.time,
                    })
                    .collect(),
                opt_in: c.opt_in.as_ref().map(SavedAction::of),
                opt_out: c.opt_out.as_ref().map(SavedAction::of),
                inserted: c.inserted,
                updated: c.updated,
            });
        }
        Ok(Snapshot {
            version: VERSION,
            username: self.username.clone(),
            next_contact: self.next_contact,
            next_list: self.next_list,
            lists,
            contacts,
        })
    }

    /// Replaces the contacts and lists with `snapshot`'s; on any error the store is left
    /// as it was.
    ///
    /// # Errors
    ///
    /// Another version or account, or a document whose parts do not agree; the message
    /// names the contact or list.
    pub(crate) fn restore(&mut self, snapshot: Snapshot) -> Result<(), String> {
        if snapshot.version != VERSION {
            return Err(format!(
                "version {} (this sandbox reads version {VERSION})",
                snapshot.version
            ));
        }
        if snapshot.username != self.username {
            return Err(format!(
                "it holds account {:?}, this sandbox serves {:?}",
                snapshot.username, self.username
            ));
        }
        let mut lists = BTreeMap::new();
        for l in snapshot.lists {
            if l.id >= snapshot.next_list {
                return Err(format!("list {} is past next_list", l.id));
            }
            let rec = ListRec {
                name: l.name,
                opt_in_default: l.opt_in_default,
                sort_order: l.sort_order,
                members: BTreeSet::new(),
                updated: l.updated,
            };
            if lists.insert(l.id, rec).is_some() {
                return Err(format!("list {} appears twice", l.id));
            }
        }
        let mut contacts = BTreeMap::new();
        let mut emails = std::collections::HashMap::new();
        let mut clock = self.clock;
        for c in snapshot.contacts {
            let id = c.id;
            if id >= snapshot.next_contact {
                return Err(format!("contact {id} is past next_contact"));
            }
            let profile: Contact = Entry::<Contact>::from_xml(&c.profile)
                .map_err(|e| format!("contact {id}: {e}"))?
                .content;
            if emails.insert(c.email.to_lowercase(), id).is_some() {
                return Err(format!("contact {id}: email {:?} appears twice", c.email));
            }
            let mut memberships = BTreeMap::new();
            for m in c.lists {
                let Some(list) = lists.get_mut(&m.list) else {
                    return Err(format!(
                        "contact {id} is on list {}, which is not saved",
                        m.list
                    ));
                };
                list.members.insert(id);
                memberships.insert(
                    m.list,
                    Membership {
                        source: ActionSource::from_wire(&m.source),
                        time: m.time,
                    },
                );
            }
            clock = clock.max(c.updated.inner());
            contacts.insert(
                id,
                ContactRec {
                    email: c.email,
                    profile,
                    lists: memberships,
                    opt_in: c.opt_in.as_ref().map(SavedAction::back),
                    opt_out: c.opt_out.as_ref().map(SavedAction::back),
                    inserted: c.inserted,
                    updated: c.updated,
                },
            );
        }
        self.contacts = contacts;
        self.lists = lists;
        self.emails = emails;
        self.next_contact = snapshot.next_contact;
        self.next_list = snapshot.next_list;
        // Timestamps keep growing across the restart, so `updatedsince` stays exact.
        self.clock = clock;
        Ok(())
    }
}
