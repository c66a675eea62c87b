//! The documented V1 patterns, as methods on [`crate::Client`].
//!
//! The raw endpoints say what the API accepts; these say how to use it safely:
//!
//! * [`contacts`]: upsert (search by lower-cased email → GET → PUT with the merged list
//!   membership, else POST, and the 409 fallback), add to and remove from lists, remove
//!   (empty `ContactLists`) versus opt out (DELETE), re-opt-in by the contact, and syncing the
//!   contacts changed since an instant;
//! * [`lists`]: create, rename and delete lists, and stream their members;
//! * [`import`]: bulk import from a CSV file or an iterator of contacts, streamed, validated
//!   row by row and chunked into activities ([`csv`] reads the file);
//! * [`activities`]: wait for an activity with progress, a timeout and clear failures;
//! * [`export`]: export a list, wait, and download the file (atomically to a path);
//! * [`download`]: stream a download into a file chunk by chunk (the export files of V1 and
//!   V3), in constant memory;
//! * [`campaigns`]: create, schedule and unschedule campaigns;
//! * [`tracking`]: every event feed of a campaign, per-link clicks included;
//! * [`recover`]: after a create whose answer was lost, look for what it made before
//!   answering (found: done; not found: not applied; no answer: outcome unknown).

pub mod activities;
pub mod campaigns;
pub mod contacts;
/// Streaming downloads into files (shared with V3 exports); at [`crate::download`].
pub use crate::download;
/// The streaming CSV reader imports use; it lives in [`ctct_models::csv`], shared with the
/// V3 client and the sandbox.
pub use ctct_models::csv;
pub mod export;
pub mod import;
pub mod import_report;
pub mod lists;
pub mod recover;
pub mod tracking;

/// The id of a created resource: the `Location` header when it parses, else the id in the
/// returned entry (`entry_id` reads it from the payload). Every create workflow asks this.
pub(crate) fn created_id<T, K: ctct_models::ids::IdKind>(
    created: &ctct_models::endpoint::Created<T>,
    entry_id: impl Fn(&T) -> Option<ctct_models::ids::Id<K>>,
) -> Option<ctct_models::ids::Id<K>> {
    created
        .location
        .as_deref()
        .and_then(|l| ctct_models::ids::Id::parse(l).ok())
        .or_else(|| created.entry.as_ref().and_then(|e| entry_id(&e.content)))
}
