//! The V1 answers: an Atom [`Entry`] or [`Feed`] of a payload, and [`Created`] (201 with a
//! `Location`). Apart from [`crate::endpoint`] because only the `v1` feature builds them.

use super::{FromResponse, RawResponse};
use crate::atom::{AtomPayload, Entry, Feed};
use crate::codec::{DecodeError, DecodeErrorKind, DecodeOptions};

impl<T: AtomPayload> FromResponse for Entry<T> {
    fn from_response(raw: RawResponse<'_>, opts: &DecodeOptions) -> Result<Self, DecodeError> {
        Entry::from_xml_with(raw.body, opts)
    }
}

impl<T: AtomPayload> FromResponse for Feed<T> {
    fn from_response(raw: RawResponse<'_>, opts: &DecodeOptions) -> Result<Self, DecodeError> {
        Feed::from_xml_with(raw.body, opts)
    }
}

/// The answer to a V1 create: 201, the new resource's `Location`, and the created entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Created<T> {
    /// The `Location` header: the URI of the new resource.
    pub location: Option<String>,
    /// The created entry, when the server sent one.
    pub entry: Option<Entry<T>>,
}

impl<T: AtomPayload> FromResponse for Created<T> {
    fn from_response(raw: RawResponse<'_>, opts: &DecodeOptions) -> Result<Self, DecodeError> {
        let entry = if raw.body.trim().is_empty() {
            None
        } else {
            Some(Entry::from_xml_with(raw.body, opts)?)
        };
        if raw.location.is_none() && entry.is_none() {
            return Err(DecodeError::new(
                DecodeErrorKind::Syntax,
                "created response has neither a Location header nor an entry",
            ));
        }
        Ok(Self {
            location: raw.location.map(str::to_owned),
            entry,
        })
    }
}
