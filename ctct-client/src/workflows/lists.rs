//! Contact-list workflows (`docs/v1/lists.md`).
//!
//! Lists are created with a name (409 if it exists), renamed by GET → edit → PUT, deleted,
//! and read as streams. The system lists (`active`, `removed`, `do-not-mail`) come first in
//! `GET /lists`, carry no counts and cannot be edited; [`Client::user_lists`] leaves them out.

use ctct_models::atom::Entry;
use ctct_models::ids::ListId;
use ctct_models::v1::lists::{self as api, ContactList, ContactListMember};
use futures_util::StreamExt as _;

use crate::client::Client;
use crate::error::{Error, WorkflowError};
use crate::paging::Items;

const SYSTEM_LISTS: [&str; 3] = ["active", "removed", "do-not-mail"];

/// Whether a list id names one of the system lists.
pub fn is_system_list(id: &ListId) -> bool {
    SYSTEM_LISTS.contains(&id.tail())
}

/// The id of a list entry: the payload's `id`, else the entry's `<id>`, else its edit link.
pub fn list_id_of(entry: &Entry<ContactList>) -> Result<ListId, Error> {
    entry
        .content
        .resource_id()
        .ok()
        .or_else(|| entry.id.as_deref().and_then(|i| ListId::parse(i).ok()))
        .or_else(|| entry.link("edit").and_then(|l| ListId::parse(l).ok()))
        .ok_or_else(|| {
            WorkflowError::EntryWithoutId {
                what: "list",
                entry_id: None,
            }
            .into()
        })
}

impl Client {
    /// Creates a list named `name` (`OptInDefault` false, `SortOrder` 99 as the libraries
    /// did) and returns its id.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] with 409 ([`Error::is_conflict`]) when the name exists; any request error.
    /// When the POST's answer is lost, the lists are read back by name: found, it was
    /// created; not found, [`Error::NotApplied`]; the read failing too,
    /// [`Error::OutcomeUnknown`].
    pub async fn create_list(&self, name: &str) -> Result<ListId, Error> {
        let list = ContactList {
            name: Some(name.to_owned()),
            opt_in_default: Some(false),
            sort_order: Some(99),
            ..ContactList::default()
        };
        let created = match self.send(api::CreateList::new(list.clone())).await {
            Ok(created) => created,
            Err(e) if e.is_outcome_unknown() => {
                // The answer was lost: the list is there if the POST landed.
                let check = self.user_list_named(name).await;
                return super::recover::settle(e, check, || format!("no list is named {name:?}"));
            }
            Err(e) => return Err(e),
        };
        created
            .location
            .as_deref()
            .and_then(|l| ListId::parse(l).ok())
            .or_else(|| created.entry.as_ref().and_then(|e| list_id_of(e).ok()))
            .ok_or_else(|| {
                Error::from(WorkflowError::CreatedWithoutId {
                    what: "list",
                    id: "id",
                })
            })
    }

    /// Renames a list (GET, change `Name`, PUT with read-only fields cleared).
    ///
    /// # Errors
    ///
    /// [`Error::Workflow`] for a system list; any request error.
    pub async fn rename_list(&self, id: &ListId, name: &str) -> Result<(), Error> {
        if is_system_list(id) {
            return Err(WorkflowError::SystemList {
                list: id.tail().to_owned(),
                action: "renamed",
            }
            .into());
        }
        let mut list = self.send(api::GetList::new(id)).await?.content;
        list.clear_read_only();
        list.name = Some(name.to_owned());
        self.send(api::UpdateList::new(id, list.clone()))
            .await
            .map(drop)
    }

    /// Deletes a list (its contacts stay in the account).
    ///
    /// # Errors
    ///
    /// [`Error::Workflow`] for a system list; any request error.
    pub async fn delete_list(&self, id: &ListId) -> Result<(), Error> {
        if is_system_list(id) {
            return Err(WorkflowError::SystemList {
                list: id.tail().to_owned(),
                action: "deleted",
            }
            .into());
        }
        self.send(api::DeleteList::new(id)).await.map(drop)
    }

    /// The id of the account's own list named `name`, if there is one.
    ///
    /// # Errors
    ///
    /// Any request error.
    pub async fn user_list_named(&self, name: &str) -> Result<Option<ListId>, Error> {
        let mut lists = self.user_lists();
        while let Some(entry) = lists.next().await {
            let entry = entry?;
            if entry.content.name.as_deref() == Some(name) {
                return list_id_of(&entry).map(Some);
            }
        }
        Ok(None)
    }

    /// Every list of the account, system lists included, across every page.
    pub fn lists(&self) -> Items<Entry<ContactList>> {
        self.entries(api::ListLists::new())
    }

    /// The account's own lists: [`Client::lists`] without the system lists.
    pub fn user_lists(&self) -> Items<Entry<ContactList>> {
        Items::from_stream(self.lists().filter(|entry| {
            let keep = match entry {
                Ok(e) => !list_id_of(e).is_ok_and(|id| is_system_list(&id)),
                Err(_) => true,
            };
            async move { keep }
        }))
    }

    /// The members of a list, across every page. A member's entry `id` is the contact's URI
    /// (its `edit` link answers 404).
    pub fn list_members(&self, id: &ListId) -> Items<Entry<ContactListMember>> {
        self.entries(api::ListMembers::new(id))
    }
}
