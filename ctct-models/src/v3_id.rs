//! The shape of a typed V3 id.
//!
//! V3 names a contact, list, tag, custom field or activity by a UUID string and a segment by
//! an integer. Passing a list's id where a contact's belongs compiles fine when both are
//! `String`, and is answered by the service with a 404 on somebody else's resource or, worse,
//! a 200 on a different one of yours. Each kind therefore gets its own type, declared once in
//! `schema/v3` (`[[id]]`) and emitted with one of the two macros below: the wire form stays a
//! plain JSON string or number (`#[serde(transparent)]`), and text converts in with `From`, so
//! `GetContact::new("4f3c…")` still reads naturally while `GetContact::new(list_id)` does not
//! build.

/// Emits a string-backed id type: `From<&str>`/`From<String>`, `Display`, `Deref<Target = str>`, `AsRef<str>`,
/// `Borrow<str>` (so a map keyed by id is searched with a `&str`), equality with `str`,
/// `as_str()` and `into_string()`.
macro_rules! string_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(::std::string::String);

        impl $name {
            /// The id as sent on the wire.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The id's text, by value.
            pub fn into_string(self) -> ::std::string::String {
                self.0
            }
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Debug::fmt(&self.0, f)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                Self(value)
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                Self(::std::borrow::ToOwned::to_owned(value))
            }
        }

        impl ::std::convert::From<&::std::string::String> for $name {
            fn from(value: &::std::string::String) -> Self {
                Self(::std::clone::Clone::clone(value))
            }
        }

        impl ::std::convert::From<&$name> for $name {
            fn from(value: &$name) -> Self {
                ::std::clone::Clone::clone(value)
            }
        }

        impl ::std::convert::From<$name> for ::std::string::String {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(s))
            }
        }

        impl crate::validate::Presence for $name {
            fn is_present(&self) -> bool {
                !self.0.trim().is_empty()
            }
        }

        // An id is text wherever text is expected (`&id` as a `&str`, `id.len()`); only the
        // other direction, text where an id is expected, takes an explicit conversion.
        impl ::std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl ::std::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl ::std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl ::std::cmp::PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl ::std::cmp::PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl ::std::cmp::PartialEq<::std::string::String> for $name {
            fn eq(&self, other: &::std::string::String) -> bool {
                self.0 == *other
            }
        }

        impl ::std::cmp::PartialEq<$name> for ::std::string::String {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl ::std::cmp::PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                self == other.0
            }
        }

        impl ::std::cmp::PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }
    };
}

/// Emits an integer-backed id type: `From<i64>`, `get()`, `Display`, and `FromStr` for ids
/// read from text (a path segment, a command line).
macro_rules! integer_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(i64);

        impl $name {
            /// The id as sent on the wire.
            pub fn get(self) -> i64 {
                self.0
            }
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Debug::fmt(&self.0, f)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }

        impl ::std::convert::From<i64> for $name {
            fn from(value: i64) -> Self {
                Self(value)
            }
        }

        impl ::std::convert::From<&$name> for $name {
            fn from(value: &$name) -> Self {
                *value
            }
        }

        impl ::std::convert::From<$name> for i64 {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::num::ParseIntError;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                s.trim().parse().map(Self)
            }
        }

        impl crate::validate::Presence for $name {
            fn is_present(&self) -> bool {
                true
            }
        }

        impl ::std::cmp::PartialEq<i64> for $name {
            fn eq(&self, other: &i64) -> bool {
                self.0 == *other
            }
        }
    };
}

pub(crate) use {integer_id, string_id};
