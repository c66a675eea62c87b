//! Event Marketing: events, their registrants and guests, attendance and payment status
//! (`docs/v1/events.md`).
//!
//! Much of `docs/v1/events.md` is UNCERTAIN (write bodies, guest shape, payment values), so the sandbox keeps
//! to what the models carry: an event is created `DRAFT` unless the body says otherwise, an
//! update replaces the elements it carries, and attendance changes move the event's
//! `AttendedCount`. Event ids are opaque lower-case strings and registrant ids long opaque
//! mixed-case ones (never lower-case them), as the real service's look.

use std::collections::BTreeMap;

use ctct_models::DateTime;
use ctct_models::v1::events::{
    AttendanceState, Event, EventStatus, Guest, Registrant, RegistrantAttendance,
    RegistrationStatus,
};

use super::{Field, Problem, Record, Store, StoreError};

/// One registrant as stored.
#[derive(Debug, Clone)]
pub(crate) struct RegistrantRec {
    pub id: String,
    /// Everything but attendance, payment and guest count, which are kept below.
    pub fields: Registrant,
    pub attendance: AttendanceState,
    pub attendance_type: Option<String>,
    pub payment: String,
    pub guests: Vec<Guest>,
    pub updated: DateTime,
}

impl RegistrantRec {
    /// The registrant payload with its derived parts.
    pub fn payload(&self) -> Registrant {
        let mut r = self.fields.clone();
        r.attendance_status = Some(RegistrantAttendance {
            status: Some(self.attendance.clone()),
            type_: self.attendance_type.clone(),
        });
        r.guest_count = Some(i64::try_from(self.guests.len()).unwrap_or(i64::MAX));
        r.payment_status = Some(self.payment.clone());
        r
    }
}

/// One event as stored.
#[derive(Debug, Clone)]
pub(crate) struct EventRec {
    pub id: String,
    /// The editable fields as last written (read-only ones cleared).
    pub fields: Event,
    pub created: DateTime,
    pub published: Option<DateTime>,
    pub updated: DateTime,
    /// By registration order.
    pub registrants: BTreeMap<u64, RegistrantRec>,
}

impl EventRec {
    /// The event payload with its counts.
    pub fn payload(&self) -> Event {
        let mut e = self.fields.clone();
        let count = |f: &dyn Fn(&RegistrantRec) -> bool| {
            i64::try_from(self.registrants.values().filter(|r| f(r)).count()).unwrap_or(i64::MAX)
        };
        e.registered = Some(count(&|r| {
            r.fields.registration_status != Some(RegistrationStatus::Cancelled)
        }));
        e.cancelled_count = Some(count(&|r| {
            r.fields.registration_status == Some(RegistrationStatus::Cancelled)
        }));
        e.attended_count = Some(count(&|r| r.attendance == AttendanceState::Attended));
        e.created_date = Some(self.created);
        e.publish_date = self.published;
        e
    }

    /// The registrant with this id.
    pub fn registrant(&self, id: &str) -> Option<&RegistrantRec> {
        self.registrants.values().find(|r| r.id == id)
    }

    fn registrant_mut(&mut self, id: &str) -> Option<&mut RegistrantRec> {
        self.registrants.values_mut().find(|r| r.id == id)
    }
}

/// Deterministic opaque text from a number: `len` characters of `alphabet`.
fn opaque(seed: u64, len: usize, alphabet: &[u8]) -> String {
    let mut z = seed;
    (0..len)
        .map(|_| {
            z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut x = z;
            x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            x ^= x >> 31;
            let i = usize::try_from(x % alphabet.len() as u64).unwrap_or(0);
            char::from(alphabet[i])
        })
        .collect()
}

const LOWER: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
const MIXED: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_";

impl Store {
    /// The event with this id.
    pub fn event_by_id(&self, id: &str) -> Option<(u64, &EventRec)> {
        self.events
            .iter()
            .find(|(_, e)| e.id == id)
            .map(|(k, e)| (*k, e))
    }

    fn event_mut(&mut self, id: &str) -> Result<&mut EventRec, StoreError> {
        self.events
            .values_mut()
            .find(|e| e.id == id)
            .ok_or_else(|| StoreError::not_found(Record::Event, id))
    }

    /// `POST /events`: `DRAFT` unless the body says `ACTIVE`.
    pub fn create_event(&mut self, input: &Event) -> Result<String, StoreError> {
        if input.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
            return Err(StoreError::invalid(
                Field::EventName,
                input.name.as_deref().unwrap_or(""),
                Problem::Missing,
            ));
        }
        let now = self.tick();
        self.next_registrant += 1;
        let key = self.next_registrant;
        let id = format!("a07e{}", opaque(key, 15, LOWER));
        let mut fields = input.clone();
        fields.clear_read_only();
        let status = fields.status.clone().unwrap_or(EventStatus::Draft);
        fields.status = Some(status.clone());
        self.events.insert(
            key,
            EventRec {
                id: id.clone(),
                fields,
                created: now,
                published: (status == EventStatus::Active).then_some(now),
                updated: now,
                registrants: BTreeMap::new(),
            },
        );
        Ok(id)
    }

    /// `PUT /events/{id}`: the elements present replace the stored ones.
    pub fn update_event(&mut self, id: &str, input: &Event) -> Result<(), StoreError> {
        let now = self.tick();
        let e = self.event_mut(id)?;
        let mut input = input.clone();
        input.clear_read_only();
        macro_rules! merge {
            ($($f:ident),*) => {$(if input.$f.is_some() { e.fields.$f = input.$f.take(); })*};
        }
        merge!(
            name,
            description,
            title,
            status,
            event_type,
            event_location,
            registration_url,
            start_date,
            end_date,
            event_fee_required,
            currency_type,
            payment_options,
            registration_types
        );
        if e.fields.status == Some(EventStatus::Active) && e.published.is_none() {
            e.published = Some(now);
        }
        e.updated = now;
        Ok(())
    }

    /// Registers someone for an event (seeding); returns the registrant id.
    pub fn add_registrant(
        &mut self,
        event: &str,
        fields: Registrant,
        guests: Vec<Guest>,
        attended: bool,
        payment: &str,
    ) -> Result<String, StoreError> {
        let now = self.tick();
        self.next_registrant += 1;
        let key = self.next_registrant;
        let id = format!("001{}", opaque(key, 60, MIXED));
        let e = self.event_mut(event)?;
        let mut fields = fields;
        fields.registration_date = Some(now);
        fields.registration_status = Some(RegistrationStatus::Registered);
        e.registrants.insert(
            key,
            RegistrantRec {
                id: id.clone(),
                fields,
                attendance: if attended {
                    AttendanceState::Attended
                } else {
                    AttendanceState::NotAttended
                },
                attendance_type: attended.then(|| "GROUP".to_owned()),
                payment: payment.to_owned(),
                guests,
                updated: now,
            },
        );
        Ok(id)
    }

    /// `PUT …/attendancestatus`.
    pub fn set_attendance(
        &mut self,
        event: &str,
        registrant: &str,
        state: AttendanceState,
        kind: Option<String>,
    ) -> Result<(), StoreError> {
        let now = self.tick();
        let e = self.event_mut(event)?;
        let r = e
            .registrant_mut(registrant)
            .ok_or_else(|| StoreError::not_found(Record::Registrant, registrant))?;
        r.attendance = state;
        r.attendance_type = kind;
        r.updated = now;
        e.updated = now;
        Ok(())
    }

    /// `PUT …/paymentstatus`.
    pub fn set_payment(
        &mut self,
        event: &str,
        registrant: &str,
        status: String,
    ) -> Result<(), StoreError> {
        let now = self.tick();
        let e = self.event_mut(event)?;
        let r = e
            .registrant_mut(registrant)
            .ok_or_else(|| StoreError::not_found(Record::Registrant, registrant))?;
        r.payment = status;
        r.updated = now;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_look_like_the_real_ones() {
        let e = format!("a07e{}", opaque(1, 15, LOWER));
        assert_eq!(e.len(), 19);
        assert!(
            e.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        );
        assert_ne!(opaque(1, 15, LOWER), opaque(2, 15, LOWER));
        assert_eq!(opaque(7, 60, MIXED), opaque(7, 60, MIXED));
        assert!(
            opaque(7, 60, MIXED)
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
        );
    }
}
