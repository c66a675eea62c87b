//! The service's answers to what the store refuses: one status code and one text per
//! [`StoreError`], exactly as the sandbox has always sent them (clients and their tests match
//! on these texts, so a change here is a change of the wire).

use super::ApiError;
use crate::store::{CampaignAction, Field, Problem, StoreError, Unique};

/// The message the real service sends for a new contact without a (valid) list, typo included.
pub(crate) const NEED_LIST: &str = "The new contact must contain at least on valid ContactList";

/// The 403 text for putting an opted-out contact back on a list on its owner's behalf.
const OPTED_OUT: &str = "Contact cannot be updated. It belongs to the Do-Not-Mail list; only the \
                         contact can opt back in (OptInSource ACTION_BY_CONTACT)";

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { .. } => Self::not_found(),
            StoreError::Invalid {
                field,
                value,
                problem,
            } => Self::bad_request(invalid(field, &value, problem)),
            StoreError::Conflict { what, value } => Self::new(409, conflict(what, &value)),
            StoreError::OptedOut { .. } => Self::new(403, OPTED_OUT),
            StoreError::WrongStatus { status, action, .. } => Self::new(
                403,
                match action {
                    CampaignAction::Update | CampaignAction::Delete => {
                        format!("Only a Draft campaign can be {action}; this one is {status}")
                    }
                    CampaignAction::Schedule => format!("A {status} campaign cannot be scheduled"),
                },
            ),
        }
    }
}

/// The 400 text for `value` of `field`.
fn invalid(field: Field, value: &str, problem: Problem) -> String {
    let element = field.element();
    match (field, problem) {
        (Field::ContactEmail, _) => format!("Invalid email address {value:?}"),
        (Field::ContactLists, Problem::Missing) => NEED_LIST.to_owned(),
        (Field::ContactLists, _) => format!("ContactList {value:?} is not a list of this account"),
        (Field::ListName, Problem::Missing) => "A contact list must have a Name".to_owned(),
        (Field::CampaignLists, Problem::Missing) => {
            format!("{element}: a campaign needs at least one list to be scheduled")
        }
        (Field::CampaignLists, _) => format!("{element}: {value:?} is not a list of this account"),
        (Field::CampaignFrom, Problem::Missing) => {
            format!("{element}: a campaign needs a From address to be scheduled")
        }
        (Field::CampaignFrom | Field::CampaignReplyTo, Problem::NotVerified) => {
            format!("{element}: the address is not Verified")
        }
        (Field::CampaignFrom | Field::CampaignReplyTo, _) => {
            format!("{element}: {value:?} is not an email address of this account")
        }
        (Field::ScheduledTime, _) => format!("{element}: {value} is not in the future"),
        (Field::EventName, Problem::Missing) => format!("{element}: an event needs a name"),
        // Combinations the store does not produce today: the field, the value and why.
        (Field::ListName | Field::EventName, _) => format!("{element}: {value:?} is {problem}"),
    }
}

/// The 409 text for `value`, which another record already holds.
fn conflict(what: Unique, value: &str) -> String {
    match what {
        Unique::ContactEmail => format!("A contact with the email address {value} already exists"),
        Unique::ListName => format!("A contact list named {value:?} already exists"),
        Unique::CampaignName => format!("A campaign named {value:?} already exists"),
        Unique::Schedule => {
            "The campaign already has a schedule; change it with PUT …/schedules/1".to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Record;
    use ctct_models::v1::campaigns::CampaignStatus;

    fn answer(e: StoreError) -> (u16, String) {
        let a = ApiError::from(e);
        (a.status, a.message)
    }

    fn bad(field: Field, value: &str, problem: Problem) -> (u16, String) {
        answer(StoreError::invalid(field, value, problem))
    }

    fn text(status: u16, message: &str) -> (u16, String) {
        (status, message.to_owned())
    }

    #[test]
    fn every_missing_record_is_a_plain_404() {
        for what in [
            Record::Contact,
            Record::List,
            Record::Campaign,
            Record::Schedule,
            Record::Event,
            Record::Registrant,
        ] {
            assert_eq!(
                answer(StoreError::not_found(what, 7)),
                text(404, "Not Found")
            );
        }
    }

    #[test]
    fn invalid_fields_are_400_with_the_texts_clients_see() {
        assert_eq!(
            bad(Field::ContactEmail, "a b@x", Problem::Malformed),
            text(400, "Invalid email address \"a b@x\"")
        );
        assert_eq!(
            bad(Field::ContactLists, "", Problem::Missing),
            text(
                400,
                "The new contact must contain at least on valid ContactList"
            )
        );
        assert_eq!(
            bad(
                Field::ContactLists,
                "http://x/lists/9",
                Problem::NotOfAccount
            ),
            text(
                400,
                "ContactList \"http://x/lists/9\" is not a list of this account"
            )
        );
        assert_eq!(
            bad(Field::ListName, "", Problem::Missing),
            text(400, "A contact list must have a Name")
        );
        assert_eq!(
            bad(Field::CampaignLists, "9", Problem::NotOfAccount),
            text(400, "ContactLists: \"9\" is not a list of this account")
        );
        assert_eq!(
            bad(Field::CampaignLists, "", Problem::Missing),
            text(
                400,
                "ContactLists: a campaign needs at least one list to be scheduled"
            )
        );
        assert_eq!(
            bad(Field::CampaignFrom, "", Problem::Missing),
            text(
                400,
                "FromEmail: a campaign needs a From address to be scheduled"
            )
        );
        assert_eq!(
            bad(Field::CampaignFrom, "x@y.com", Problem::NotOfAccount),
            text(
                400,
                "FromEmail: \"x@y.com\" is not an email address of this account"
            )
        );
        assert_eq!(
            bad(Field::CampaignReplyTo, "x@y.com", Problem::NotOfAccount),
            text(
                400,
                "ReplyToEmail: \"x@y.com\" is not an email address of this account"
            )
        );
        assert_eq!(
            bad(Field::CampaignReplyTo, "x@y.com", Problem::NotVerified),
            text(400, "ReplyToEmail: the address is not Verified")
        );
        assert_eq!(
            bad(
                Field::ScheduledTime,
                "2020-01-01T00:00:00.000Z",
                Problem::NotInFuture
            ),
            text(
                400,
                "ScheduledTime: 2020-01-01T00:00:00.000Z is not in the future"
            )
        );
        assert_eq!(
            bad(Field::EventName, "", Problem::Missing),
            text(400, "Name: an event needs a name")
        );
    }

    #[test]
    fn conflicts_are_409_naming_the_value() {
        assert_eq!(
            answer(StoreError::conflict(Unique::ContactEmail, "Ann@x.com")),
            text(
                409,
                "A contact with the email address Ann@x.com already exists"
            )
        );
        assert_eq!(
            answer(StoreError::conflict(Unique::ListName, "VIP")),
            text(409, "A contact list named \"VIP\" already exists")
        );
        assert_eq!(
            answer(StoreError::conflict(Unique::CampaignName, "Spring")),
            text(409, "A campaign named \"Spring\" already exists")
        );
        assert_eq!(
            answer(StoreError::conflict(Unique::Schedule, "1100546096289")),
            text(
                409,
                "The campaign already has a schedule; change it with PUT …/schedules/1"
            )
        );
    }

    #[test]
    fn broken_rules_are_403() {
        assert_eq!(
            answer(StoreError::OptedOut { contact: 3 }),
            text(
                403,
                "Contact cannot be updated. It belongs to the Do-Not-Mail list; only the \
                 contact can opt back in (OptInSource ACTION_BY_CONTACT)"
            )
        );
        let status = |action| StoreError::WrongStatus {
            campaign: 1,
            status: CampaignStatus::Sent,
            action,
        };
        assert_eq!(
            answer(status(CampaignAction::Update)),
            text(
                403,
                "Only a Draft campaign can be updated; this one is Sent"
            )
        );
        assert_eq!(
            answer(status(CampaignAction::Delete)),
            text(
                403,
                "Only a Draft campaign can be deleted; this one is Sent"
            )
        );
        assert_eq!(
            answer(status(CampaignAction::Schedule)),
            text(403, "A Sent campaign cannot be scheduled")
        );
    }
}
