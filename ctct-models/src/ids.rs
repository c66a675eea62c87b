//! Typed resource ids.
//!
//! A V1 resource is identified by an absolute `http://` URI
//! (`http://api.constantcontact.com/ws/customers/joesflowers/contacts/2`), which appears in the
//! Atom `<id>`, in the payload's `id` attribute and, in that exact form, in every request body
//! that references another resource. Requests go to the `https://` path of the same resource.
//! [`Id`] holds the canonical form and gives the other two: the request path relative to the
//! account base (`/contacts/2`, percent-encoded so an id can never smuggle `/`, `..` or `?`
//! into a URL) and the last segment (`2`), which queries such as `listid=` take.

use std::fmt;
use std::marker::PhantomData;

/// The host every canonical id names.
pub const API_HOST: &str = "api.constantcontact.com";

/// A kind of resource with its own collection under the account.
pub trait IdKind {
    /// The collection path below the account base, e.g. `contacts`, `lists` or
    /// `settings/emailaddresses` (a collection may span segments).
    const COLLECTION: &'static str;
    /// A human name for errors, e.g. `contact`.
    const NAME: &'static str;
}

/// The typed id of a resource of kind `K`.
pub struct Id<K: IdKind> {
    username: String,
    tail: String,
    _kind: PhantomData<fn() -> K>,
}

/// An id that does not name a resource of the expected kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a {kind} id: expected http://{host}/ws/customers/USER/{collection}/ID or /ws/customers/USER/{collection}/ID", host = API_HOST)]
pub struct IdError {
    /// The text that was given (at most 120 characters of it).
    pub value: String,
    /// The kind expected, e.g. `contact`.
    pub kind: &'static str,
    /// The collection expected, e.g. `contacts`.
    pub collection: &'static str,
}

impl<K: IdKind> Id<K> {
    /// Builds an id from the account username and the id's last segment.
    pub fn new(username: impl Into<String>, tail: impl Into<String>) -> Self {
        Self {
            username: username.into(),
            tail: tail.into(),
            _kind: PhantomData,
        }
    }

    /// Parses the canonical URI (`http://` or `https://`, any host) or a host-relative
    /// path (`/ws/customers/{u}/{collection}/{id}`), as found in `<id>`, `id=` and `rel="edit"`.
    pub fn parse(value: &str) -> Result<Self, IdError> {
        let err = || IdError {
            value: crate::excerpt::clip(value, 120),
            kind: K::NAME,
            collection: K::COLLECTION,
        };
        let path = if let Some(rest) = value
            .strip_prefix("http://")
            .or_else(|| value.strip_prefix("https://"))
        {
            &rest[rest.find('/').ok_or_else(err)?..]
        } else if let Some(rest) = value.strip_prefix("tag:") {
            // Event Marketing: `tag:api.constantcontact.com,2010:/ws/customers/u/events/e`.
            &rest[rest.find(":/").ok_or_else(err)? + 1..]
        } else {
            value
        };
        let rest = path.strip_prefix("/ws/customers/").ok_or_else(err)?;
        let mut parts = rest.split('/');
        let username = parts.next().filter(|s| !s.is_empty()).ok_or_else(err)?;
        // A collection may span segments (`settings/emailaddresses`).
        for expected in K::COLLECTION.split('/') {
            if parts.next() != Some(expected) {
                return Err(err());
            }
        }
        let tail = parts.next().filter(|s| !s.is_empty()).ok_or_else(err)?;
        if parts.next().is_some() || tail.contains(['?', '#']) {
            return Err(err());
        }
        Ok(Self::new(username, tail))
    }

    /// An id as a server reads it from a request: a full id ([`Id::parse`]) keeps its own
    /// account; anything else is the last segment of an id of `account`.
    pub fn parse_or_tail(account: &str, value: &str) -> Self {
        Self::parse(value).unwrap_or_else(|_| Self::new(account, value))
    }

    /// The canonical `http://` URI, the form request bodies use to reference this resource.
    pub fn uri(&self) -> String {
        format!(
            "http://{API_HOST}/ws/customers/{}/{}/{}",
            self.username,
            K::COLLECTION,
            self.tail
        )
    }

    /// The request path relative to the account base, percent-encoded: `/contacts/2`.
    pub fn path(&self) -> String {
        format!("/{}/{}", K::COLLECTION, encode_segment(&self.tail))
    }

    /// The last segment of the id: `2` for a contact, `active` for a system list.
    pub fn tail(&self) -> &str {
        &self.tail
    }

    /// The account username the id belongs to.
    pub fn username(&self) -> &str {
        &self.username
    }
}

impl<K: IdKind> From<&Id<K>> for Id<K> {
    fn from(id: &Id<K>) -> Self {
        id.clone()
    }
}

impl<K: IdKind> Clone for Id<K> {
    fn clone(&self) -> Self {
        Self::new(self.username.clone(), self.tail.clone())
    }
}

impl<K: IdKind> PartialEq for Id<K> {
    fn eq(&self, other: &Self) -> bool {
        self.username == other.username && self.tail == other.tail
    }
}

impl<K: IdKind> Eq for Id<K> {}

impl<K: IdKind> std::hash::Hash for Id<K> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.username.hash(state);
        self.tail.hash(state);
    }
}

impl<K: IdKind> fmt::Debug for Id<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}Id({})", K::NAME, self.uri())
    }
}

impl<K: IdKind> fmt::Display for Id<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.uri())
    }
}

impl<K: IdKind> std::str::FromStr for Id<K> {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// Percent-encodes one path segment (moved to [`crate::endpoint`], which both APIs share;
/// kept here under its old name).
pub use crate::endpoint::encode_segment;

macro_rules! id_kinds {
    ($($(#[$doc:meta])* $alias:ident, $kind:ident, $collection:literal, $name:literal;)*) => {$(
        #[doc = concat!("Marker for ids of ", $name, " resources (`/", $collection, "/{id}`).")]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $kind {}
        impl IdKind for $kind {
            const COLLECTION: &'static str = $collection;
            const NAME: &'static str = $name;
        }
        $(#[$doc])*
        pub type $alias = Id<$kind>;
    )*};
}

id_kinds! {
    /// The id of a contact (`/contacts/{id}`), a small integer.
    ContactId, ContactKind, "contacts", "contact";
    /// The id of a contact list (`/lists/{id}`): a small integer, or `active`, `removed`,
    /// `do-not-mail` for the system lists.
    ListId, ListKind, "lists", "list";
    /// The id of an email campaign (`/campaigns/{id}`), a 13-digit integer.
    CampaignId, CampaignKind, "campaigns", "campaign";
    /// The id of a verified account email address (`/settings/emailaddresses/{id}`), a small
    /// integer; campaigns reference it in `FromEmail` and `ReplyToEmail`.
    EmailAddressId, EmailAddressKind, "settings/emailaddresses", "email address";
    /// The id of a bulk activity (`/activities/{id}`), an opaque lower-case string.
    ActivityId, ActivityKind, "activities", "activity";
    /// The id of an Event Marketing event (`/events/{id}`), an opaque string. Its Atom id is a
    /// tag URI (`tag:api.constantcontact.com,2010:/ws/customers/u/events/{id}`), which
    /// [`Id::parse`] accepts too.
    EventId, EventKind, "events", "event";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_form() {
        for s in [
            "http://api.constantcontact.com/ws/customers/joesflowers/contacts/2",
            "https://api.constantcontact.com/ws/customers/joesflowers/contacts/2",
            "/ws/customers/joesflowers/contacts/2",
        ] {
            let id = ContactId::parse(s).unwrap();
            assert_eq!(id.tail(), "2");
            assert_eq!(id.username(), "joesflowers");
            assert_eq!(id.path(), "/contacts/2");
            assert_eq!(
                id.uri(),
                "http://api.constantcontact.com/ws/customers/joesflowers/contacts/2"
            );
        }
    }

    #[test]
    fn refuses_other_kinds_and_shapes() {
        for s in [
            "http://api.constantcontact.com/ws/customers/joesflowers/lists/2",
            "/ws/customers/joesflowers/contacts/",
            "/ws/customers/joesflowers/contacts/2/events",
            "contacts/2",
            "",
        ] {
            let err = ContactId::parse(s).unwrap_err();
            assert!(err.to_string().contains("not a contact id"), "{err}");
        }
    }

    #[test]
    fn parses_multi_segment_collections_and_tag_uris() {
        let id = EmailAddressId::parse(
            "http://api.constantcontact.com/ws/customers/u/settings/emailaddresses/1",
        )
        .unwrap();
        assert_eq!(id.path(), "/settings/emailaddresses/1");
        assert_eq!(
            id.uri(),
            "http://api.constantcontact.com/ws/customers/u/settings/emailaddresses/1"
        );
        assert!(EmailAddressId::parse("/ws/customers/u/settings/other/1").is_err());
        assert!(EmailAddressId::parse("/ws/customers/u/settings").is_err());
        let event = EventId::parse(
            "tag:api.constantcontact.com,2010:/ws/customers/joesflowers/events/a07e1hoasmu0e644426",
        )
        .unwrap();
        assert_eq!(event.tail(), "a07e1hoasmu0e644426");
        assert_eq!(event.path(), "/events/a07e1hoasmu0e644426");
        assert!(EventId::parse("tag:nothing").is_err());
    }

    #[test]
    fn hostile_tails_are_encoded_not_interpreted() {
        assert_eq!(ListId::new("u", "..").path(), "/lists/%252E%252E");
        assert_eq!(ListId::new("u", ".").path(), "/lists/%252E");
        assert_eq!(ListId::new("u", "...").path(), "/lists/...");
        assert_eq!(ListId::new("u", "a/b?c=d").path(), "/lists/a%2Fb%3Fc%3Dd");
        assert_eq!(ListId::new("u", "do-not-mail").path(), "/lists/do-not-mail");
    }
}
