//! The V3 (JSON) API: OAuth 2.0 bearer tokens on `https://api.cc.email/v3`.
//!
//! V3 is a different service from V1: JSON instead of Atom, OAuth 2.0 bearer JWTs that expire
//! after a day instead of Basic auth, cursor paging through `_links.next.href`, a limit of
//! 4 requests a second and a daily quota, and error bodies of `{error_key, error_message}`.
//! [`oauth`] gets and keeps the tokens; [`errors`] reads the error bodies.

pub mod errors;
pub mod oauth;
