//! `cargo xtask contract-diff PATH`: compares `schema/v3` with a Swagger 2.0 contract file.
//!
//! The published V3 contract cannot live in this repository (its licence does not allow it),
//! so the maintainer downloads it and this command says where the schema has drifted from it:
//! missing or extra operations, query, path and form parameters, body and response fields,
//! enum values, limits (`maxLength`, `minimum`/`maximum`, `maxItems`/`minItems`), success
//! statuses and required-ness. The schema is read through `codegen`'s validated model, so
//! what is compared is exactly what the generated code does.
//!
//! Deliberate rules, where the two formats cannot say the same thing:
//! * response fields are never required in the schema (responses are read leniently), so
//!   required-ness is compared for request bodies, parameters and form fields only;
//! * a request type has no read-only fields, so the contract's read-only properties are
//!   expected to be absent from request bodies;
//! * an integer parameter's bounds may be written `minLength`/`maxLength` in the contract;
//!   they are read as `minimum`/`maximum`, and `maximum` on a list-valued text parameter
//!   (`lists`, `tags`) is read as a count;
//! * a text parameter whose default is a number (`limit=1000` on segments) may be an integer;
//! * `map` fields (inlined `cf:` keys) have no counterpart and are skipped.

mod compare;
mod yaml;

pub use compare::diff;
pub use yaml::{Contract, load};

/// The tags `schema/v3` covers (the contact side, email campaigns and social), compared when
/// `--tags` is not given.
pub const DEFAULT_TAGS: &[&str] = &[
    "Account Services",
    "Contacts",
    "Contact Lists",
    "Contact Tags",
    "Contacts Custom Fields",
    "Segments",
    "Bulk Activities",
    "Contacts Reporting",
    "Email Campaigns",
    "Email Campaigns AB Tests",
    "Email Scheduling",
    "Social",
    "Email Reporting",
    "SMS Reporting",
    "Landing Pages Reporting",
];

#[cfg(test)]
mod tests;
