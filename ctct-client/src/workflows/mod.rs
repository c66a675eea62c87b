//! The documented V1 patterns, as methods on [`crate::Client`].
//!
//! The raw endpoints say what the API accepts; these say how to use it safely:
//!
//! * [`contacts`]: upsert (search by lower-cased email → GET → PUT with the merged list
//!   membership, else POST, and the 409 fallback), add to and remove from lists, remove
//!   (empty `ContactLists`) versus opt out (DELETE), re-opt-in by the contact, and syncing the
//!   contacts changed since an instant;
//! * [`lists`]: create, rename and delete lists, and stream their members.
//!
//! Bulk activities (import, export), campaigns and tracking need models that are not in
//! `ctct-models` yet and will join here when they are.

pub mod contacts;
pub mod lists;
