//! What a bulk activity does, resolved when it is created: one [`Step`] per contact (or
//! list, tag, field), applied one by one as the activity runs ([`super::jobs::Job`]).
//! The `/v3/activities/…` handlers build plans; the store runs them.

use ctct_models::v3::common::CustomFieldId;
use ctct_models::v3::common::ListId;
use ctct_models::v3::common::TagId;

use super::{Store, now, today};
use crate::v3::export::{self, Column};

/// One unit of work of a bulk activity.
#[derive(Debug, Clone)]
pub(crate) enum Step {
    /// Put the plan's tags on this contact.
    Tag(u64),
    /// Take the plan's tags off this contact.
    Untag(u64),
    /// Add this contact to the plan's lists.
    AddLists(u64),
    /// Remove this contact from the plan's lists.
    RemoveLists(u64),
    /// Mark this contact deleted.
    DeleteContact(u64),
    /// Delete this list (and its memberships).
    DeleteList(u64),
    /// Take this tag off every contact and forget it.
    DeleteTag(TagId),
    /// Remove this custom field's values from every contact and forget it.
    DeleteField(CustomFieldId),
    /// Write this contact's row of the export.
    Export(u64),
}

/// What a bulk activity does: its steps and the targets they share.
#[derive(Debug, Clone, Default)]
pub(crate) struct Plan {
    /// One step per target, in order.
    pub(crate) steps: Vec<Step>,
    /// The tags the steps add or remove.
    pub(crate) tags: Vec<TagId>,
    /// The lists the steps add to or remove from.
    pub(crate) lists: Vec<ListId>,
    /// An export's columns.
    pub(crate) columns: Vec<Column>,
}

impl Plan {
    pub fn new(steps: Vec<Step>) -> Self {
        Self {
            steps,
            ..Default::default()
        }
    }

    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// Applies step `i`; an export's row goes to the file of activity `activity_id`.
    pub fn apply(&self, store: &mut Store, i: usize, activity_id: &str) {
        let Some(step) = self.steps.get(i) else {
            return;
        };
        let at = now();
        let touch = |store: &mut Store, seq: u64, f: &mut dyn FnMut(&mut ctct_models::v3::contacts::ContactResource) -> bool| {
            if let Some(c) = store.contacts.get_mut(&seq)
                && f(c)
            {
                c.updated_at = Some(at);
            }
        };
        match step {
            Step::Tag(seq) => touch(store, *seq, &mut |c| {
                let t = c.taggings.get_or_insert_with(Vec::new);
                let before = t.len();
                for id in &self.tags {
                    if !t.contains(id) {
                        t.push(id.clone());
                    }
                }
                t.len() != before
            }),
            Step::Untag(seq) => touch(store, *seq, &mut |c| {
                remove_all(&mut c.taggings, &self.tags)
            }),
            Step::AddLists(seq) => touch(store, *seq, &mut |c| {
                let l = c.list_memberships.get_or_insert_with(Vec::new);
                let before = l.len();
                for id in &self.lists {
                    if !l.contains(id) {
                        l.push(id.clone());
                    }
                }
                l.len() != before
            }),
            Step::RemoveLists(seq) => touch(store, *seq, &mut |c| {
                remove_all(&mut c.list_memberships, &self.lists)
            }),
            Step::DeleteContact(seq) => touch(store, *seq, &mut |c| {
                if c.deleted_at.is_some() {
                    return false;
                }
                c.deleted_at = Some(today());
                true
            }),
            Step::DeleteList(seq) => store.delete_list(*seq),
            Step::DeleteTag(id) => {
                let ids = [id.clone()];
                for c in store.contacts.values_mut() {
                    if remove_all(&mut c.taggings, &ids) {
                        c.updated_at = Some(at);
                    }
                }
                store.catalog.remove_tag(id);
            }
            Step::DeleteField(id) => {
                for c in store.contacts.values_mut() {
                    if let Some(f) = &mut c.custom_fields {
                        let before = f.len();
                        f.retain(|x| x.custom_field_id.as_ref() != Some(id));
                        if f.len() != before {
                            c.updated_at = Some(at);
                        }
                    }
                }
                store.catalog.remove_field(id);
            }
            Step::Export(seq) => {
                let row = store
                    .contacts
                    .get(seq)
                    .map(|c| export::row(&store.catalog, c, &self.columns));
                if let (Some(row), Some(file)) = (row, store.catalog.exports.get_mut(activity_id)) {
                    file.push_str(&row);
                }
            }
        }
    }
}

/// Removes every one of `ids` from `values`; whether anything was removed.
fn remove_all<T: PartialEq>(values: &mut Option<Vec<T>>, ids: &[T]) -> bool {
    let Some(v) = values else { return false };
    let before = v.len();
    v.retain(|x| !ids.contains(x));
    v.len() != before
}
