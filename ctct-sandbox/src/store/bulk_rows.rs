//! The store side of bulk activities: one method per row (or per list), each a complete
//! change, so a running activity and concurrent API writes interleave row by row.
//!
//! Errors are the `Message` text of the activity's `Errors` entry for that line.

use std::collections::BTreeMap;

use ctct_models::v1::contacts::Contact;

use super::activities::BULK_SOURCE;
use super::{ContactRec, Store};
use crate::bulk::Column;

impl Store {
    /// Lists of `wanted` that still exist (one may be deleted while an activity runs).
    fn existing(&self, wanted: &[u64]) -> Vec<u64> {
        wanted
            .iter()
            .copied()
            .filter(|l| self.lists.contains_key(l))
            .collect()
    }

    /// Adds the contact `email` to `lists`, creating it or updating the given fields
    /// (empty cells leave a field as it is). A Do Not Mail contact is refused: only the
    /// contact can opt back in.
    pub fn bulk_add(
        &mut self,
        email: &str,
        cells: &[(Column, &str)],
        lists: &[u64],
    ) -> Result<(), String> {
        let lists = self.existing(lists);
        if lists.is_empty() {
            return Err("None of the activity's lists exists any more".to_owned());
        }
        let now = self.tick();
        let id = match self.contact_id_by_email(email) {
            Some(id) => {
                let Some(rec) = self.contacts.get_mut(&id) else {
                    return Err("Contact not found".to_owned());
                };
                if rec.opt_out.is_some() {
                    return Err(format!(
                        "{email} is on the Do Not Mail list; only the contact can opt back in"
                    ));
                }
                for (col, value) in cells {
                    if !value.is_empty() {
                        col.set(&mut rec.profile, value);
                    }
                }
                if rec.lists.is_empty() {
                    rec.opt_in = Some((now, BULK_SOURCE));
                }
                rec.updated = now;
                id
            }
            None => {
                let mut profile = Contact::default();
                for (col, value) in cells {
                    if !value.is_empty() {
                        col.set(&mut profile, value);
                    }
                }
                let id = self.next_contact;
                self.next_contact += 1;
                self.emails.insert(email.to_lowercase(), id);
                self.contacts.insert(
                    id,
                    ContactRec {
                        email: email.to_owned(),
                        profile,
                        lists: BTreeMap::new(),
                        opt_in: Some((now, BULK_SOURCE)),
                        opt_out: None,
                        inserted: now,
                        updated: now,
                    },
                );
                id
            }
        };
        let mut wanted: Vec<_> = self
            .contacts
            .get(&id)
            .map(|c| {
                c.lists
                    .iter()
                    .map(|(l, m)| (*l, m.source.clone()))
                    .collect()
            })
            .unwrap_or_default();
        for l in lists {
            if !wanted.iter().any(|(w, _)| *w == l) {
                wanted.push((l, BULK_SOURCE));
            }
        }
        self.set_lists(id, &wanted, now);
        Ok(())
    }

    /// Takes the contact `email` off `lists` (it becomes Removed when it is on no list).
    pub fn bulk_remove(&mut self, email: &str, lists: &[u64]) -> Result<(), String> {
        let Some(id) = self.contact_id_by_email(email) else {
            return Err(format!("Contact {email} not found"));
        };
        let Some(rec) = self.contacts.get(&id) else {
            return Err(format!("Contact {email} not found"));
        };
        let wanted: Vec<_> = rec
            .lists
            .iter()
            .filter(|(l, _)| !lists.contains(l))
            .map(|(l, m)| (*l, m.source.clone()))
            .collect();
        if wanted.len() != rec.lists.len() {
            let now = self.tick();
            self.set_lists(id, &wanted, now);
            if let Some(rec) = self.contacts.get_mut(&id) {
                rec.updated = now;
            }
        }
        Ok(())
    }

    /// Takes every member off `list`; returns how many there were.
    pub fn clear_list(&mut self, list: u64) -> usize {
        let Some(members) = self.lists.get(&list).map(|l| l.members.clone()) else {
            return 0;
        };
        let now = self.tick();
        for cid in &members {
            let wanted: Vec<_> = self
                .contacts
                .get(cid)
                .map(|c| {
                    c.lists
                        .iter()
                        .filter(|(l, _)| **l != list)
                        .map(|(l, m)| (*l, m.source.clone()))
                        .collect()
                })
                .unwrap_or_default();
            self.set_lists(*cid, &wanted, now);
            if let Some(c) = self.contacts.get_mut(cid) {
                c.updated = now;
            }
        }
        members.len()
    }
}
