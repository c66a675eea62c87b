//! The account's definitions that contacts refer to: tags, custom fields, segments, and the
//! files finished exports produced. Kept beside the contacts in [`super::store::Store`] (as
//! its `catalog`), in their own type so the contact store stays about contacts.
//!
//! Each collection keeps its records by a sequence number (creation order, which cursor
//! pages follow) with an index from the public id. Segment ids are integers, as on the
//! service; the others are UUIDs.

use std::collections::{BTreeMap, HashMap};

use ctct_models::v3::common::CustomFieldId;
use ctct_models::v3::common::SegmentId;
use ctct_models::v3::common::TagId;
use ctct_models::v3::contact_tags::Tag;
use ctct_models::v3::custom_fields::CustomFieldDefinition;
use ctct_models::v3::segments::SegmentDetail;

/// A segment and whether it was deleted (a deleted segment can still be read by id).
#[derive(Debug, Clone)]
pub(crate) struct SegmentRecord {
    pub detail: SegmentDetail,
    pub deleted: bool,
}

/// Tags, custom fields, segments and export files.
#[derive(Default)]
pub(crate) struct Catalog {
    seq: u64,
    pub tags: BTreeMap<u64, Tag>,
    tag_ids: HashMap<TagId, u64>,
    pub fields: BTreeMap<u64, CustomFieldDefinition>,
    field_ids: HashMap<CustomFieldId, u64>,
    pub segments: BTreeMap<u64, SegmentRecord>,
    /// Export activity id → the CSV written so far (complete once the activity is).
    pub exports: HashMap<String, String>,
}

impl Catalog {
    fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    // ---- tags ----

    pub fn insert_tag(&mut self, tag: Tag) {
        let seq = self.next_seq();
        if let Some(id) = &tag.tag_id {
            self.tag_ids.insert(id.clone(), seq);
        }
        self.tags.insert(seq, tag);
    }

    pub fn tag_seq(&self, id: &str) -> Option<u64> {
        self.tag_ids.get(id).copied()
    }

    /// The tag with this name, compared without case (names are unique that way).
    pub fn tag_by_name(&self, name: &str) -> Option<u64> {
        let name = name.trim().to_lowercase();
        self.tags
            .iter()
            .find(|(_, t)| t.name.as_deref().map(|n| n.trim().to_lowercase()) == Some(name.clone()))
            .map(|(seq, _)| *seq)
    }

    /// Forgets a tag (its taggings are removed from contacts by the caller).
    pub fn remove_tag(&mut self, id: &str) -> Option<Tag> {
        let seq = self.tag_ids.remove(id)?;
        self.tags.remove(&seq)
    }

    // ---- custom fields ----

    pub fn insert_field(&mut self, field: CustomFieldDefinition) {
        let seq = self.next_seq();
        if let Some(id) = &field.custom_field_id {
            self.field_ids.insert(id.clone(), seq);
        }
        self.fields.insert(seq, field);
    }

    pub fn field_seq(&self, id: &str) -> Option<u64> {
        self.field_ids.get(id).copied()
    }

    /// The custom field with this label or name, compared without case.
    pub fn field_by_label(&self, label: &str) -> Option<u64> {
        let label = label.trim().to_lowercase();
        self.fields
            .iter()
            .find(|(_, f)| {
                [&f.label, &f.name]
                    .iter()
                    .any(|v| v.as_deref().map(|n| n.trim().to_lowercase()) == Some(label.clone()))
            })
            .map(|(seq, _)| *seq)
    }

    pub fn remove_field(&mut self, id: &str) -> Option<CustomFieldDefinition> {
        let seq = self.field_ids.remove(id)?;
        self.fields.remove(&seq)
    }

    // ---- segments ----

    /// Stores a new segment, giving it the next integer id; returns that id.
    pub fn insert_segment(&mut self, mut detail: SegmentDetail) -> SegmentId {
        let seq = self.next_seq();
        let id = SegmentId::from(i64::try_from(self.segments.len() + 1).unwrap_or(i64::MAX));
        detail.segment_id = Some(id);
        self.segments.insert(
            seq,
            SegmentRecord {
                detail,
                deleted: false,
            },
        );
        id
    }

    pub fn segment(&self, id: SegmentId) -> Option<&SegmentRecord> {
        self.segments
            .values()
            .find(|s| s.detail.segment_id == Some(id))
    }

    pub fn segment_mut(&mut self, id: SegmentId) -> Option<&mut SegmentRecord> {
        self.segments
            .values_mut()
            .find(|s| s.detail.segment_id == Some(id))
    }

    /// The live segment with this name, other than `except`.
    pub fn segment_named(&self, name: &str, except: Option<SegmentId>) -> bool {
        self.segments.values().any(|s| {
            !s.deleted && s.detail.name.as_deref() == Some(name) && s.detail.segment_id != except
        })
    }
}
