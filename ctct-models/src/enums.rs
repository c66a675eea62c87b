//! Support for closed value sets and other text-valued XML elements.
//!
//! Fields such as `Status` and `OptInSource` take a small, case-sensitive set of values.
//! Codegen turns each set into an enum with an `Unknown(String)` variant: reading never fails
//! on a value the server added later, while [`crate::validate`] refuses to *send* anything but
//! the exact documented spellings (the server answers 500 to a wrong-case `OptInSource`).
//!
//! `XmlText` (feature `v1`) is the bridge between such a type and yaserde: a type that can
//! be written as and read from the text of one element. `__xml_text_impls!` derives the
//! yaserde traits from it (a blanket impl is not allowed by the orphan rule). Without `v1`
//! the trait is absent and the XML half of `__closed_enum_impls!` expands to nothing, so a
//! V3-only build of the same generated enums names neither yaserde nor the fast reader.

#[cfg(feature = "v1")]
use std::borrow::Cow;

/// A value carried as the text content of a single XML element.
#[cfg(feature = "v1")]
pub trait XmlText: Sized {
    /// The element text for this value.
    fn to_xml_text(&self) -> Cow<'_, str>;
    /// Parses element text; the error says what was expected.
    fn from_xml_text(text: &str) -> Result<Self, String>;
}

/// A closed set of documented values, with a fallback for values the SDK does not know.
pub trait ClosedEnum: Sized + 'static {
    /// Every documented value, in schema order, spelled exactly as on the wire.
    const ALLOWED: &'static [&'static str];
    /// The wire spelling of this value.
    fn as_str(&self) -> &str;
    /// Maps wire text to a variant; never fails (unknown text becomes `Unknown`).
    fn from_wire(text: &str) -> Self;
    /// Whether this is one of the documented values (not `Unknown`).
    fn is_known(&self) -> bool;
}

/// Implements `YaSerialize` and `YaDeserialize` for a type implementing [`XmlText`].
#[cfg(feature = "v1")]
#[doc(hidden)]
#[macro_export]
macro_rules! __xml_text_impls {
    ($ty:ty) => {
        impl ::yaserde::YaSerialize for $ty {
            fn serialize<W: ::std::io::Write>(
                &self,
                writer: &mut ::yaserde::ser::Serializer<W>,
            ) -> ::std::result::Result<(), ::yaserde::Error> {
                ::yaserde::primitives::serialize_primitives(
                    self,
                    ::std::stringify!($ty),
                    writer,
                    |value| $crate::enums::XmlText::to_xml_text(value).into_owned(),
                )
            }

            fn serialize_attributes(
                &self,
                attributes: ::std::vec::Vec<::xml::attribute::OwnedAttribute>,
                namespace: ::xml::namespace::Namespace,
            ) -> ::std::result::Result<
                (
                    ::std::vec::Vec<::xml::attribute::OwnedAttribute>,
                    ::xml::namespace::Namespace,
                ),
                ::yaserde::Error,
            > {
                ::std::result::Result::Ok((attributes, namespace))
            }
        }

        impl ::yaserde::YaDeserialize for $ty {
            fn deserialize<R: ::std::io::Read>(
                reader: &mut ::yaserde::de::Deserializer<R>,
            ) -> ::std::result::Result<Self, ::yaserde::Error> {
                // yaserde does not name the field when a struct-typed field fails, so the
                // error names the element here.
                let element = match reader.peek()? {
                    ::xml::reader::XmlEvent::StartElement { name, .. } => name.local_name.clone(),
                    _ => ::std::string::String::new(),
                };
                ::yaserde::primitives::deserialize_primitives(reader, |text| {
                    <$ty as $crate::enums::XmlText>::from_xml_text(text)
                        .map_err(|e| ::yaserde::Error::custom(::std::format!("{element}: {e}")))
                })
            }
        }
    };
}

/// Implements `Display`, `From<&str>` and, with feature `v1`, the XML traits (`XmlText`,
/// the fast reader's `FastText`, yaserde's) for a [`ClosedEnum`].
#[doc(hidden)]
#[macro_export]
macro_rules! __closed_enum_impls {
    ($ty:ty) => {
        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str($crate::enums::ClosedEnum::as_str(self))
            }
        }

        impl ::std::convert::From<&str> for $ty {
            fn from(text: &str) -> Self {
                <$ty as $crate::enums::ClosedEnum>::from_wire(text)
            }
        }

        $crate::__closed_enum_xml!($ty);
    };
}

/// The XML half of [`__closed_enum_impls!`]: [`XmlText`], `FastText` and the yaserde traits.
#[cfg(feature = "v1")]
#[doc(hidden)]
#[macro_export]
macro_rules! __closed_enum_xml {
    ($ty:ty) => {
        impl $crate::enums::XmlText for $ty {
            fn to_xml_text(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed($crate::enums::ClosedEnum::as_str(self))
            }
            fn from_xml_text(text: &str) -> ::std::result::Result<Self, ::std::string::String> {
                ::std::result::Result::Ok(<$ty as $crate::enums::ClosedEnum>::from_wire(text))
            }
        }

        impl $crate::fastxml::FastText for $ty {
            fn from_text(
                text: ::std::borrow::Cow<'_, str>,
            ) -> ::std::result::Result<Self, ::std::string::String> {
                ::std::result::Result::Ok(<$ty as $crate::enums::ClosedEnum>::from_wire(&text))
            }
        }

        $crate::__xml_text_impls!($ty);
    };
}

/// Without feature `v1` a closed enum has no XML traits: nothing to implement.
#[cfg(not(feature = "v1"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __closed_enum_xml {
    ($ty:ty) => {};
}

/// Implements serde's `Serialize` and `Deserialize` for a [`ClosedEnum`] carried as a JSON
/// string (V3): any string reads (unknown text becomes `Unknown`), the wire spelling writes.
#[cfg(feature = "v3")]
#[doc(hidden)]
#[macro_export]
macro_rules! __closed_enum_json {
    ($ty:ty) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str($crate::enums::ClosedEnum::as_str(self))
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let text = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(
                    deserializer,
                )?;
                ::std::result::Result::Ok(<$ty as $crate::enums::ClosedEnum>::from_wire(&text))
            }
        }
    };
}
