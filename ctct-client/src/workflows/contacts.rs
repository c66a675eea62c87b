//! Contact workflows (`docs/v1/contacts.md`).
//!
//! Every change to an existing contact is GET → edit → PUT of the whole contact, because a
//! PUT replaces everything and `ContactLists` is the complete membership (lists left out are
//! left). Read-only fields are cleared before the PUT. Membership changes that change nothing
//! send no PUT.

use ctct_models::DateTime;
use ctct_models::atom::Entry;
use ctct_models::ids::{ContactId, ListId};
use ctct_models::v1::contacts::{
    self as api, ActionSource, Contact, ContactLists, ContactMembership, SystemListType,
};
use ctct_models::validate::{Problem, ValidationError};

use crate::client::Client;
use crate::error::{Error, WorkflowError};
use crate::paging::Items;

/// What [`Client::upsert_contact`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upserted {
    /// The contact's id.
    pub id: ContactId,
    /// `true` when a new contact was created, `false` when an existing one was updated.
    pub created: bool,
}

/// The id of a contact entry: the payload's `id`, else the entry's `<id>`, else its edit link.
pub fn contact_id_of(entry: &Entry<Contact>) -> Result<ContactId, Error> {
    entry
        .content
        .resource_id()
        .ok()
        .or_else(|| entry.id.as_deref().and_then(|i| ContactId::parse(i).ok()))
        .or_else(|| entry.link("edit").and_then(|l| ContactId::parse(l).ok()))
        .ok_or_else(|| {
            Error::from(WorkflowError::EntryWithoutId {
                what: "contact",
                entry_id: Some(entry.id.clone().unwrap_or_default()),
            })
        })
}

fn normalized_email(contact: &Contact) -> Result<String, Error> {
    let email = contact
        .email_address
        .as_deref()
        .map(|e| e.trim().to_lowercase())
        .unwrap_or_default();
    if email.is_empty() {
        return Err(ValidationError::new("Contact", "EmailAddress", "", Problem::Missing).into());
    }
    Ok(email)
}

fn membership(list: &ListId, source: ActionSource) -> ContactMembership {
    ContactMembership {
        id: Some(list.uri()),
        opt_in_source: Some(source),
        ..ContactMembership::default()
    }
}

fn same_list(m: &ContactMembership, list: &ListId) -> bool {
    m.resource_id().is_ok_and(|id| id.tail() == list.tail())
}

/// Adds the memberships of `patch` that `base` lacks; returns whether anything was added.
fn merge_lists(base: &mut Contact, add: &[ContactMembership]) -> bool {
    let lists = &mut base
        .contact_lists
        .get_or_insert_with(ContactLists::default)
        .lists;
    let mut changed = false;
    for m in add {
        let known = match m.resource_id() {
            Ok(id) => lists.iter().any(|l| same_list(l, &id)),
            Err(_) => lists.iter().any(|l| l.id == m.id),
        };
        if !known {
            let mut m = m.clone();
            m.clear_read_only();
            lists.push(m);
            changed = true;
        }
    }
    changed
}

impl Client {
    /// Finds a contact by email address (lower-cased first, as the API matches) and returns
    /// its full entry, or `None` when no contact in any status has that address.
    ///
    /// # Errors
    ///
    /// Any request error; [`Error::Invalid`] for an address over 80 characters.
    pub async fn find_contact_by_email(
        &self,
        email: &str,
    ) -> Result<Option<(ContactId, Entry<Contact>)>, Error> {
        let email = email.trim().to_lowercase();
        let feed = self
            .send(api::SearchContactsByEmail::new().emails([email.as_str()]))
            .await?;
        let Some(summary) = feed.entries.first() else {
            return Ok(None);
        };
        let id = contact_id_of(summary)?;
        let full = self.send(api::GetContact::new(&id)).await?;
        Ok(Some((id, full)))
    }

    /// Gets a contact, lets `edit` change it, and PUTs it back with read-only fields cleared,
    /// unless `edit` returns `false` (nothing to change). Returns whether a PUT was sent.
    ///
    /// # Errors
    ///
    /// Any request error; [`Error::Invalid`] when the edited contact breaks the schema.
    pub async fn modify_contact(
        &self,
        id: &ContactId,
        edit: impl FnOnce(&mut Contact) -> bool,
    ) -> Result<bool, Error> {
        let entry = self.send(api::GetContact::new(id)).await?;
        self.put_edited(id, entry.content, edit).await
    }

    async fn put_edited(
        &self,
        id: &ContactId,
        mut contact: Contact,
        edit: impl FnOnce(&mut Contact) -> bool,
    ) -> Result<bool, Error> {
        if !edit(&mut contact) {
            return Ok(false);
        }
        contact.clear_read_only();
        self.send(api::UpdateContact::new(id, contact.clone()))
            .await?;
        Ok(true)
    }

    /// Creates a contact (`POST /contacts`, the address lower-cased) and returns its id.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] with 409 ([`Error::is_conflict`]) when a contact has the address (in
    /// any status); any request error. When the POST's answer is lost, the contact is looked
    /// up by its address: found, it was created; not found, [`Error::NotApplied`]; the lookup
    /// failing too, [`Error::OutcomeUnknown`].
    pub async fn create_contact(&self, contact: &Contact) -> Result<ContactId, Error> {
        let email = normalized_email(contact)?;
        let mut new = contact.clone();
        new.clear_read_only();
        new.email_address = Some(email.clone());
        match self.send(api::CreateContact::new(new)).await {
            Ok(created) => created
                .location
                .as_deref()
                .and_then(|l| ContactId::parse(l).ok())
                .or_else(|| created.entry.as_ref().and_then(|e| contact_id_of(e).ok()))
                .ok_or_else(|| {
                    Error::from(WorkflowError::CreatedWithoutId {
                        what: "contact",
                        id: "id",
                    })
                }),
            Err(e) if e.is_outcome_unknown() => {
                let check = self
                    .find_contact_by_email(&email)
                    .await
                    .map(|found| found.map(|(id, _)| id));
                super::recover::settle(e, check, || format!("no contact has the address {email:?}"))
            }
            Err(e) => Err(e),
        }
    }

    /// Creates the contact, or updates the one with the same email address.
    ///
    /// The documented upsert (`docs/v1/contacts.md#create`): search by the lower-cased address; if found,
    /// GET it, copy every field `contact` sets, add its `ContactLists` to the existing
    /// membership (nothing is removed) and PUT; otherwise POST it (with the address
    /// lower-cased). A POST answered 409 (the address exists as Removed or Do Not Mail, or
    /// another writer created it meanwhile) falls back to the search → GET → PUT path. A new
    /// contact needs at least one list. A Do Not Mail contact can only come back through
    /// [`Client::reopt_in_by_contact`]; the server refuses the PUT otherwise.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] naming the field (no address, no list on create, a field too long);
    /// any request error; [`Error::Workflow`] when a 409 is not followed by a contact. When
    /// the POST's answer is lost, the contact is looked up by its address: found, it was
    /// created; not found, [`Error::NotApplied`]; the lookup failing too,
    /// [`Error::OutcomeUnknown`].
    pub async fn upsert_contact(&self, contact: &Contact) -> Result<Upserted, Error> {
        let email = normalized_email(contact)?;
        if let Some((id, existing)) = self.find_contact_by_email(&email).await? {
            self.merge_into(&id, existing.content, contact).await?;
            return Ok(Upserted { id, created: false });
        }
        let mut new = contact.clone();
        new.clear_read_only();
        new.email_address = Some(email.clone());
        let request = api::CreateContact::new(new.clone());
        match self.send(request).await {
            Ok(created) => {
                let id = created
                    .location
                    .as_deref()
                    .and_then(|l| ContactId::parse(l).ok())
                    .or_else(|| created.entry.as_ref().and_then(|e| contact_id_of(e).ok()))
                    .ok_or_else(|| {
                        Error::from(WorkflowError::CreatedWithoutId {
                            what: "contact",
                            id: "id",
                        })
                    })?;
                Ok(Upserted { id, created: true })
            }
            Err(e) if e.is_outcome_unknown() => {
                // The answer was lost: the contact is there if the POST landed.
                let check = self
                    .find_contact_by_email(&email)
                    .await
                    .map(|found| found.map(|(id, _)| Upserted { id, created: true }));
                super::recover::settle(e, check, || format!("no contact has the address {email:?}"))
            }
            Err(e) if e.is_conflict() => {
                let Some((id, existing)) = self.find_contact_by_email(&email).await? else {
                    return Err(WorkflowError::ConflictWithoutContact { email }.into());
                };
                self.merge_into(&id, existing.content, contact).await?;
                Ok(Upserted { id, created: false })
            }
            Err(e) => Err(e),
        }
    }

    async fn merge_into(
        &self,
        id: &ContactId,
        existing: Contact,
        patch: &Contact,
    ) -> Result<bool, Error> {
        let add = patch
            .contact_lists
            .as_ref()
            .map(|l| l.lists.clone())
            .unwrap_or_default();
        self.put_edited(id, existing, |c| {
            let before = c.clone();
            c.merge_editable(patch);
            merge_lists(c, &add);
            *c != before
        })
        .await
    }

    /// Adds a contact to lists (as the account owner's action: `ACTION_BY_CUSTOMER`, no
    /// welcome email). Lists it is already on are left as they are. Returns whether a PUT
    /// was needed.
    ///
    /// # Errors
    ///
    /// Any request error.
    pub async fn add_contact_to_lists(
        &self,
        id: &ContactId,
        lists: &[ListId],
    ) -> Result<bool, Error> {
        let add: Vec<_> = lists
            .iter()
            .map(|l| membership(l, ActionSource::ActionByCustomer))
            .collect();
        self.modify_contact(id, |c| merge_lists(c, &add)).await
    }

    /// Takes a contact off lists. Taken off its last list, the contact becomes Removed
    /// (not opted out). Returns whether a PUT was needed.
    ///
    /// # Errors
    ///
    /// Any request error.
    pub async fn remove_contact_from_lists(
        &self,
        id: &ContactId,
        lists: &[ListId],
    ) -> Result<bool, Error> {
        self.modify_contact(id, |c| {
            let Some(current) = c.contact_lists.as_mut() else {
                return false;
            };
            let before = current.lists.len();
            current
                .lists
                .retain(|m| !lists.iter().any(|l| same_list(m, l)));
            current.lists.len() != before
        })
        .await
    }

    /// Removes a contact: PUT with an empty `ContactLists`, so its status becomes Removed.
    /// The account owner can add it back later. This is **not** an opt-out; see
    /// [`Client::opt_out_contact`].
    ///
    /// # Errors
    ///
    /// Any request error.
    pub async fn remove_contact(&self, id: &ContactId) -> Result<(), Error> {
        self.modify_contact(id, |c| {
            c.contact_lists = Some(ContactLists::default());
            true
        })
        .await
        .map(drop)
    }

    /// Opts a contact out: DELETE, which moves it to Do Not Mail and off every list. Use it
    /// only when the contact asked to stop all mail; only the contact can undo it
    /// ([`Client::reopt_in_by_contact`]).
    ///
    /// # Errors
    ///
    /// Any request error.
    pub async fn opt_out_contact(&self, id: &ContactId) -> Result<(), Error> {
        self.send(api::OptOutContact::new(id)).await.map(drop)
    }

    /// Re-opts-in a contact (e.g. one on Do Not Mail) to `lists` **as the contact's own
    /// action**: contact-level and per-list `OptInSource` are `ACTION_BY_CONTACT`, which
    /// sends the welcome email. The Terms of Service allow it only when the contact asked
    /// (a sign-up form); the account owner cannot re-add an opted-out contact.
    ///
    /// # Errors
    ///
    /// Any request error (NET reported 403 for refused re-opt-ins; UNCERTAIN).
    pub async fn reopt_in_by_contact(&self, id: &ContactId, lists: &[ListId]) -> Result<(), Error> {
        self.modify_contact(id, |c| {
            c.opt_in_source = Some(ActionSource::ActionByContact);
            let current = &mut c
                .contact_lists
                .get_or_insert_with(ContactLists::default)
                .lists;
            for list in lists {
                match current.iter_mut().find(|m| same_list(m, list)) {
                    Some(m) => m.opt_in_source = Some(ActionSource::ActionByContact),
                    None => current.push(membership(list, ActionSource::ActionByContact)),
                }
            }
            true
        })
        .await
        .map(drop)
    }

    /// The contacts of a system list type (`active`, `removed`, `do-not-mail`) changed since
    /// `since` (`updatedsince=...&listtype=...`), as summaries, across every page.
    pub fn contacts_updated_since(
        &self,
        since: &DateTime,
        list_type: &SystemListType,
    ) -> Items<Entry<Contact>> {
        self.entries(api::ListContactsUpdatedSince::new(
            *since,
            list_type.clone(),
        ))
    }

    /// The contacts of one list changed since `since` (`updatedsince=...&listid=...`), as
    /// summaries, across every page.
    pub fn contacts_updated_since_on_list(
        &self,
        since: &DateTime,
        list: &ListId,
    ) -> Items<Entry<Contact>> {
        self.entries(api::ListContactsUpdatedSinceOnList::new(*since, list))
    }

    /// Every contact of the account, as summaries, across every page.
    pub fn contacts(&self) -> Items<Entry<Contact>> {
        self.entries(api::ListContacts::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(n: &str) -> ListId {
        ListId::new("joe", n)
    }

    #[test]
    fn merging_lists_adds_only_missing_ones_by_list_tail() {
        let mut c = Contact {
            contact_lists: Some(ContactLists {
                lists: vec![ContactMembership {
                    // Read back in the https form: still the same list.
                    id: Some("https://api.constantcontact.com/ws/customers/joe/lists/1".into()),
                    ..ContactMembership::default()
                }],
            }),
            ..Contact::default()
        };
        let add = [
            membership(&list("1"), ActionSource::ActionByCustomer),
            membership(&list("2"), ActionSource::ActionByCustomer),
        ];
        assert!(merge_lists(&mut c, &add));
        let ids: Vec<_> = c
            .contact_lists
            .as_ref()
            .map(|l| l.lists.iter().filter_map(|m| m.id.clone()).collect())
            .unwrap_or_default();
        assert_eq!(
            ids,
            [
                "https://api.constantcontact.com/ws/customers/joe/lists/1",
                "http://api.constantcontact.com/ws/customers/joe/lists/2"
            ]
        );
        assert!(!merge_lists(&mut c, &add), "second merge changes nothing");
    }

    #[test]
    fn merging_fields_copies_only_what_the_patch_sets() {
        let mut base = Contact {
            first_name: Some("Jon".into()),
            last_name: Some("Smith".into()),
            ..Contact::default()
        };
        let patch = Contact {
            last_name: Some("Smyth".into()),
            ..Contact::default()
        };
        base.merge_editable(&patch);
        assert_eq!(base.first_name.as_deref(), Some("Jon"));
        assert_eq!(base.last_name.as_deref(), Some("Smyth"));
    }
}
