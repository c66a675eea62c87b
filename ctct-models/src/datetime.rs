//! Timestamps as the V1 API writes them.
//!
//! The API writes UTC instants with milliseconds and `Z` (`2008-07-23T14:21:06.407Z`), while
//! Event Marketing writes local offsets with optional milliseconds
//! (`2010-08-10T15:51:11-04:00`). [`DateTime`] parses any RFC 3339 form (optional fraction,
//! `Z` or an offset) and keeps the offset, so a value read from the server is written back
//! as the same instant in the same offset. UTC output always carries milliseconds, as the
//! server writes it (`.000Z`); offset output carries them only when non-zero, as Event
//! Marketing writes it. Finer precision is kept to the microsecond or nanosecond.

use std::fmt;
use std::str::FromStr;

use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

/// An RFC 3339 timestamp with its original UTC offset.
///
/// ```
/// use ctct_models::DateTime;
/// let t: DateTime = "2010-08-10T15:51:11-04:00".parse().unwrap();
/// assert_eq!(t.to_string(), "2010-08-10T15:51:11-04:00");
/// let u: DateTime = "2008-07-23T14:21:06.407Z".parse().unwrap();
/// assert_eq!(u.to_string(), "2008-07-23T14:21:06.407Z");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateTime(OffsetDateTime);

/// A timestamp that is not RFC 3339.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid date-time {value:?}: expected RFC 3339 such as 2008-07-23T14:21:06.407Z")]
pub struct DateTimeError {
    /// The text that failed to parse (at most 64 characters of it).
    pub value: String,
}

impl DateTime {
    /// Wraps an [`OffsetDateTime`].
    pub const fn new(inner: OffsetDateTime) -> Self {
        Self(inner)
    }

    /// The current instant in UTC.
    pub fn now_utc() -> Self {
        Self(OffsetDateTime::now_utc())
    }

    /// The Unix epoch, `1970-01-01T00:00:00Z`.
    pub const UNIX_EPOCH: Self = Self(OffsetDateTime::UNIX_EPOCH);

    /// The wrapped value.
    pub const fn inner(&self) -> OffsetDateTime {
        self.0
    }

    /// The same instant in UTC, as the `updatedsince` query parameter requires.
    pub fn to_utc(&self) -> Self {
        Self(self.0.to_offset(UtcOffset::UTC))
    }
}

impl From<OffsetDateTime> for DateTime {
    fn from(value: OffsetDateTime) -> Self {
        Self(value)
    }
}

impl FromStr for DateTime {
    type Err = DateTimeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // The `time` crate also accepts a lower-case `t`/`z`; the server never writes them,
        // and accepting them is harmless leniency.
        OffsetDateTime::parse(s.trim(), &Rfc3339)
            .map(Self)
            .map_err(|_| DateTimeError {
                value: s.chars().take(64).collect(),
            })
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.0;
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        )?;
        let nanos = t.nanosecond();
        if nanos != 0 || t.offset().is_utc() {
            if nanos % 1_000_000 == 0 {
                write!(f, ".{:03}", nanos / 1_000_000)?;
            } else if nanos % 1_000 == 0 {
                write!(f, ".{:06}", nanos / 1_000)?;
            } else {
                write!(f, ".{nanos:09}")?;
            }
        }
        let offset = t.offset();
        if offset.is_utc() {
            f.write_str("Z")
        } else {
            let (h, m, _) = offset.as_hms();
            let sign = if offset.is_negative() { '-' } else { '+' };
            write!(f, "{sign}{:02}:{:02}", h.unsigned_abs(), m.unsigned_abs())
        }
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DateTime({self})")
    }
}

impl crate::enums::XmlText for DateTime {
    fn to_xml_text(&self) -> std::borrow::Cow<'_, str> {
        self.to_string().into()
    }

    fn from_xml_text(text: &str) -> Result<Self, String> {
        text.parse().map_err(|e: DateTimeError| e.to_string())
    }
}

crate::__xml_text_impls!(DateTime);

/// V3 JSON writes the same text as XML.
impl serde::Serialize for DateTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// V3 JSON reads any RFC 3339 text; anything else is an error naming the value.
impl<'de> serde::Deserialize<'de> for DateTime {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_offset_and_precision() {
        for s in [
            "2008-07-23T14:21:06.407Z",
            "2010-08-10T15:30:16.050-04:00",
            "2010-08-10T15:51:11-04:00",
            "2010-08-10T15:51:11+05:30",
            "2010-08-10T15:51:11.123456Z",
            "2009-12-01T10:00:00.000Z",
        ] {
            let t: DateTime = s.parse().unwrap();
            assert_eq!(t.to_string(), s);
        }
    }

    #[test]
    fn rejects_garbage_with_the_value() {
        let err = "yesterday".parse::<DateTime>().unwrap_err();
        assert!(err.to_string().contains("\"yesterday\""), "{err}");
        assert!("2008-07-23".parse::<DateTime>().is_err());
        assert!("".parse::<DateTime>().is_err());
    }

    #[test]
    fn to_utc_is_the_same_instant() {
        let t: DateTime = "2010-08-10T15:51:11-04:00".parse().unwrap();
        assert_eq!(t.to_utc().to_string(), "2010-08-10T19:51:11.000Z");
        assert_eq!(t.to_utc(), t);
    }
}
