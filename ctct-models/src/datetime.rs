//! Timestamps as the V1 API writes them.
//!
//! The API writes UTC instants with milliseconds and `Z` (`2008-07-23T14:21:06.407Z`), while
//! Event Marketing writes local offsets with optional milliseconds
//! (`2010-08-10T15:51:11-04:00`). [`DateTime`] parses any RFC 3339 form (optional fraction,
//! `Z` or an offset) and keeps the offset, so a value read from the server is written back
//! as the same instant in the same offset. UTC output always carries milliseconds, as the
//! server writes it (`.000Z`); offset output carries them only when non-zero, as Event
//! Marketing writes it. Finer precision is kept to the microsecond or nanosecond.
//!
//! Reading is more lenient than RFC 3339, because real documents are: an offset without a
//! colon (`+0000`, as V3 writes in some answers and Java clients send), milliseconds after a
//! colon (`2011-03-04T10:22:33:456Z`, as an official V1 wrapper writes `Date`), and a
//! fraction of any length (digits past nanoseconds are dropped). Writing stays canonical.
//! [`DateTime::parse_date_or_date_time`] also takes a plain date, for query parameters.

use std::fmt;
use std::str::FromStr;

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

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
        parse(s.trim()).map(Self).ok_or_else(|| DateTimeError {
            value: crate::excerpt::clip(s, 64),
        })
    }
}

impl DateTime {
    /// Parses a date-time as [`FromStr`] does, or a plain `YYYY-MM-DD` as midnight UTC (V3
    /// query parameters such as `updated_after` take either).
    ///
    /// # Errors
    ///
    /// [`DateTimeError`] naming the value when it is neither.
    pub fn parse_date_or_date_time(s: &str) -> Result<Self, DateTimeError> {
        let t = s.trim();
        if t.len() == 10 {
            let mut c = Cursor(t.as_bytes());
            if let Some(date) = c.date().filter(|_| c.0.is_empty()) {
                return Ok(Self(date.midnight().assume_utc()));
            }
        }
        t.parse()
    }
}

/// A date-time: `YYYY-MM-DD`, `T` (or `t`, or a space), `hh:mm:ss`, an optional fraction
/// (`.` and any number of digits, or `:` and exactly three digits of milliseconds), then `Z`
/// or an offset `±hh:mm`, `±hhmm` or `±hh`.
fn parse(s: &str) -> Option<OffsetDateTime> {
    let mut c = Cursor(s.as_bytes());
    let date = c.date()?;
    if !c.eat(b'T') && !c.eat(b't') && !c.eat(b' ') {
        return None;
    }
    let hour = c.digits(2)?;
    c.expect(b':')?;
    let minute = c.digits(2)?;
    c.expect(b':')?;
    let second = c.digits(2)?;
    let mut nanos = 0u32;
    if c.eat(b'.') {
        let mut scale = 100_000_000u32;
        let mut any = false;
        while let Some(d) = c.digit() {
            nanos += d * scale;
            scale /= 10;
            any = true;
        }
        if !any {
            return None;
        }
    } else if c.eat(b':') {
        nanos = c.digits(3)? * 1_000_000;
    }
    let offset = c.offset()?;
    if !c.0.is_empty() {
        return None;
    }
    let time = Time::from_hms_nano(
        u8::try_from(hour).ok()?,
        u8::try_from(minute).ok()?,
        u8::try_from(second).ok()?,
        nanos,
    )
    .ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_offset(offset))
}

/// What is left to read.
struct Cursor<'a>(&'a [u8]);

impl Cursor<'_> {
    fn eat(&mut self, b: u8) -> bool {
        match self.0.split_first() {
            Some((first, rest)) if *first == b => {
                self.0 = rest;
                true
            }
            _ => false,
        }
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        self.eat(b).then_some(())
    }

    fn digit(&mut self) -> Option<u32> {
        let (first, rest) = self.0.split_first()?;
        let d = char::from(*first).to_digit(10)?;
        self.0 = rest;
        Some(d)
    }

    /// Exactly `n` digits.
    fn digits(&mut self, n: usize) -> Option<u32> {
        (0..n).try_fold(0u32, |acc, _| Some(acc * 10 + self.digit()?))
    }

    fn date(&mut self) -> Option<Date> {
        let year = self.digits(4)?;
        self.expect(b'-')?;
        let month = self.digits(2)?;
        self.expect(b'-')?;
        let day = self.digits(2)?;
        Date::from_calendar_date(
            i32::try_from(year).ok()?,
            Month::try_from(u8::try_from(month).ok()?).ok()?,
            u8::try_from(day).ok()?,
        )
        .ok()
    }

    fn offset(&mut self) -> Option<UtcOffset> {
        if self.eat(b'Z') || self.eat(b'z') {
            return Some(UtcOffset::UTC);
        }
        let negative = if self.eat(b'-') {
            true
        } else {
            self.expect(b'+')?;
            false
        };
        let hours = self.digits(2)?;
        let minutes = if self.0.is_empty() {
            0
        } else {
            self.eat(b':');
            self.digits(2)?
        };
        if hours > 23 || minutes > 59 {
            return None;
        }
        let (h, m) = (i8::try_from(hours).ok()?, i8::try_from(minutes).ok()?);
        let (h, m) = if negative { (-h, -m) } else { (h, m) };
        UtcOffset::from_hms(h, m, 0).ok()
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

#[cfg(feature = "v1")]
impl crate::enums::XmlText for DateTime {
    fn to_xml_text(&self) -> std::borrow::Cow<'_, str> {
        self.to_string().into()
    }

    fn from_xml_text(text: &str) -> Result<Self, String> {
        text.parse().map_err(|e: DateTimeError| e.to_string())
    }
}

#[cfg(feature = "v1")]
crate::__xml_text_impls!(DateTime);

/// V3 JSON writes the same text as XML (feature `v3`).
#[cfg(feature = "v3")]
impl serde::Serialize for DateTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// V3 JSON reads what the contract calls ISO-8601, as leniently as [`FromStr`] (`+0000`, any
/// fraction length) and also a plain date (its midnight in UTC), which some answers carry
/// where a date-time is declared; anything else is an error naming the value (feature `v3`).
#[cfg(feature = "v3")]
impl<'de> serde::Deserialize<'de> for DateTime {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::parse_date_or_date_time(&text).map_err(serde::de::Error::custom)
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
    fn reads_what_real_documents_write_and_writes_the_canonical_form() {
        for (read, written) in [
            ("2016-01-23T13:48:44.108+0000", "2016-01-23T13:48:44.108Z"),
            (
                "2016-01-23T13:48:44.108-0400",
                "2016-01-23T13:48:44.108-04:00",
            ),
            ("2016-01-23T13:48:44+05", "2016-01-23T13:48:44+05:00"),
            ("2011-03-04T10:22:33:456Z", "2011-03-04T10:22:33.456Z"),
            (
                "2011-03-04T10:22:33:456-05:00",
                "2011-03-04T10:22:33.456-05:00",
            ),
            ("2011-03-04T10:22:33.4Z", "2011-03-04T10:22:33.400Z"),
            (
                "2011-03-04T10:22:33.1234567Z",
                "2011-03-04T10:22:33.123456700Z",
            ),
            (
                "2011-03-04T10:22:33.123456789123Z",
                "2011-03-04T10:22:33.123456789Z",
            ),
            ("2011-03-04 10:22:33Z", "2011-03-04T10:22:33.000Z"),
            ("2011-03-04t10:22:33z", "2011-03-04T10:22:33.000Z"),
        ] {
            let t: DateTime = read.parse().unwrap_or_else(|e| panic!("{read}: {e}"));
            assert_eq!(t.to_string(), written, "{read}");
        }
    }

    #[test]
    fn still_refuses_what_is_not_a_date_time() {
        for bad in [
            "2011-03-04T10:22:33",
            "2011-03-04T10:22:33.Z",
            "2011-03-04T10:22:33:45Z",
            "2011-03-04T10:22:33:4567Z",
            "2011-03-04T10:22Z",
            "2011-02-30T10:22:33Z",
            "2011-03-04T24:00:00Z",
            "2011-03-04T10:22:33+2400",
            "2011-03-04T10:22:33+00:0",
            "2011-03-04T10:22:33Zjunk",
            "2011-3-04T10:22:33Z",
        ] {
            assert!(bad.parse::<DateTime>().is_err(), "{bad}");
        }
    }

    #[test]
    fn query_parameters_also_take_a_plain_date() {
        let d = DateTime::parse_date_or_date_time("2024-02-29").unwrap();
        assert_eq!(d.to_string(), "2024-02-29T00:00:00.000Z");
        let t = DateTime::parse_date_or_date_time("2024-02-29T10:00:00.5+0100").unwrap();
        assert_eq!(t.to_string(), "2024-02-29T10:00:00.500+01:00");
        let e = DateTime::parse_date_or_date_time("2023-02-29").unwrap_err();
        assert_eq!(e.value, "2023-02-29");
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
