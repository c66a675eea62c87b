//! The account's bulk activities as the store keeps them: each one's record, its export file
//! once written, and the ids it is found by. Running them is [`crate::activity`]'s job.

use std::collections::{BTreeMap, HashMap};

use ctct_models::DateTime;
use ctct_models::v1::activities::{ActivityError, ActivityStatus, ActivityType};
use ctct_models::v1::contacts::ActionSource;

/// The source a bulk add records on new memberships.
pub(crate) const BULK_SOURCE: ActionSource = ActionSource::ActionByCustomer;

/// A finished export file. The body is shared, so serving it copies nothing however large
/// it is (a big list's export is tens of MiB).
#[derive(Debug, Clone)]
pub(crate) struct ExportFile {
    pub content_type: &'static str,
    pub body: bytes::Bytes,
}

/// One activity as stored.
#[derive(Debug, Clone)]
pub(crate) struct ActivityRec {
    pub id: String,
    pub kind: ActivityType,
    pub status: ActivityStatus,
    pub errors: Vec<ActivityError>,
    /// The export file's name (`{id}.csv` or `{id}.txt`); `None` for other types.
    pub file_name: Option<String>,
    pub file: Option<ExportFile>,
    pub count: i64,
    pub inserted: DateTime,
    pub started: Option<DateTime>,
    pub finished: Option<DateTime>,
}

/// The account's activities, keyed by a sequence number that only grows.
#[derive(Debug, Default)]
pub(crate) struct Activities {
    pub recs: BTreeMap<u64, ActivityRec>,
    by_id: HashMap<String, u64>,
    next: u64,
}

impl Activities {
    /// Records a new `PENDING` activity; an export gets its file name now.
    pub fn insert(&mut self, kind: ActivityType, file_ext: Option<&str>, now: DateTime) -> u64 {
        self.next += 1;
        let seq = self.next;
        // Opaque lower-case alphanumerics, as the real ids look (`a07e1ffaxjxffmvj6qd`).
        let scrambled = seq.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 8;
        let id = format!("a07e{:0>12}", crate::paging::base36(scrambled));
        self.by_id.insert(id.clone(), seq);
        self.recs.insert(
            seq,
            ActivityRec {
                file_name: file_ext.map(|ext| format!("{id}.{ext}")),
                id,
                kind,
                status: ActivityStatus::Pending,
                errors: Vec::new(),
                file: None,
                count: 0,
                inserted: now,
                started: None,
                finished: None,
            },
        );
        seq
    }

    /// The sequence number of the activity with this id.
    pub fn seq_of(&self, id: &str) -> Option<u64> {
        self.by_id.get(id).copied()
    }

    /// The activity whose export file is called `name`.
    pub fn by_file(&self, name: &str) -> Option<&ActivityRec> {
        let id = name.split_once('.').map_or(name, |(id, _)| id);
        self.seq_of(id)
            .and_then(|s| self.recs.get(&s))
            .filter(|r| r.file_name.as_deref() == Some(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_opaque_unique_and_findable() {
        let mut a = Activities::default();
        let now = DateTime::now_utc();
        let one = a.insert(ActivityType::SvAdd, None, now);
        let two = a.insert(ActivityType::ExportContacts, Some("csv"), now);
        let (r1, r2) = (&a.recs[&one], &a.recs[&two]);
        assert_ne!(r1.id, r2.id);
        assert!(r1.id.starts_with("a07e") && r1.id.len() == 16, "{}", r1.id);
        assert!(
            r1.id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        );
        assert_eq!(a.seq_of(&r2.id), Some(two));
        let file = r2.file_name.clone().unwrap();
        assert_eq!(file, format!("{}.csv", r2.id));
        assert_eq!(
            a.by_file(&file).map(|r| r.id.as_str()),
            Some(r2.id.as_str())
        );
        assert!(a.by_file(&format!("{}.txt", r2.id)).is_none());
        assert!(a.by_file(&format!("{}.csv", r1.id)).is_none());
    }
}
