//! What the account's store refuses, said in the store's own terms.
//!
//! Why a type of its own: the store knows contacts, lists, campaigns and events, not HTTP. A
//! refused write says which record, field or rule stopped it, so a caller (and a test) can
//! match on it. The one place that turns it into the service's status code and text is
//! `crate::respond` (`From<StoreError> for ApiError`), beside every other wire answer.

use std::fmt;

use ctct_models::v1::campaigns::CampaignStatus;

/// A kind of record the store keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Record {
    Contact,
    List,
    Campaign,
    /// The schedule of a campaign (found by the campaign's id).
    Schedule,
    Event,
    Registrant,
}

impl fmt::Display for Record {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Contact => "contact",
            Self::List => "contact list",
            Self::Campaign => "campaign",
            Self::Schedule => "schedule of campaign",
            Self::Event => "event",
            Self::Registrant => "registrant",
        })
    }
}

/// The field of a write that the store refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    /// A contact's `EmailAddress`.
    ContactEmail,
    /// A contact's `ContactList` references.
    ContactLists,
    /// A contact list's `Name`.
    ListName,
    /// A campaign's `ContactLists`.
    CampaignLists,
    /// A campaign's `FromEmail`.
    CampaignFrom,
    /// A campaign's `ReplyToEmail`.
    CampaignReplyTo,
    /// A schedule's `ScheduledTime`.
    ScheduledTime,
    /// An event's `Name`.
    EventName,
}

impl Field {
    /// The payload element the field is written as.
    pub fn element(self) -> &'static str {
        match self {
            Self::ContactEmail => "EmailAddress",
            Self::ContactLists => "ContactList",
            Self::ListName | Self::EventName => "Name",
            Self::CampaignLists => "ContactLists",
            Self::CampaignFrom => "FromEmail",
            Self::CampaignReplyTo => "ReplyToEmail",
            Self::ScheduledTime => "ScheduledTime",
        }
    }
}

/// What is wrong with a field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Problem {
    /// Absent or empty where the store needs one.
    Missing,
    /// Not an email address.
    Malformed,
    /// Names no record of this account.
    NotOfAccount,
    /// Names an email address of the account that is not verified.
    NotVerified,
    /// A time that has already passed.
    NotInFuture,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Missing => "missing",
            Self::Malformed => "not an email address",
            Self::NotOfAccount => "not of this account",
            Self::NotVerified => "not verified",
            Self::NotInFuture => "not in the future",
        })
    }
}

/// What the account can hold only once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unique {
    /// A contact's address, compared case-insensitively, in any status.
    ContactEmail,
    /// A contact list's name (the system lists' names included), case-insensitively.
    ListName,
    /// A campaign's name, case-insensitively.
    CampaignName,
    /// A campaign's schedule: one per campaign.
    Schedule,
}

impl fmt::Display for Unique {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::ContactEmail => "contact email address",
            Self::ListName => "contact list name",
            Self::CampaignName => "campaign name",
            Self::Schedule => "schedule of campaign",
        })
    }
}

/// What was asked of a campaign whose status does not allow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CampaignAction {
    Update,
    Delete,
    Schedule,
}

impl fmt::Display for CampaignAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Update => "updated",
            Self::Delete => "deleted",
            Self::Schedule => "scheduled",
        })
    }
}

/// Why the store refused a read or write.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub(crate) enum StoreError {
    /// No record of kind `what` has id `id`.
    NotFound { what: Record, id: String },
    /// `value` of `field` cannot be stored, for `problem`.
    Invalid {
        field: Field,
        value: String,
        problem: Problem,
    },
    /// `value` is already held by another record (`what` must be unique).
    Conflict { what: Unique, value: String },
    /// Contact `contact` opted out: only the contact can put itself back on a list.
    OptedOut { contact: u64 },
    /// Campaign `campaign` is `status`, which does not allow `action`.
    WrongStatus {
        campaign: u64,
        status: CampaignStatus,
        action: CampaignAction,
    },
}

impl StoreError {
    /// [`StoreError::NotFound`] for any id that prints.
    pub fn not_found(what: Record, id: impl fmt::Display) -> Self {
        Self::NotFound {
            what,
            id: id.to_string(),
        }
    }

    /// [`StoreError::Invalid`].
    pub fn invalid(field: Field, value: impl Into<String>, problem: Problem) -> Self {
        Self::Invalid {
            field,
            value: value.into(),
            problem,
        }
    }

    /// [`StoreError::Conflict`].
    pub fn conflict(what: Unique, value: impl Into<String>) -> Self {
        Self::Conflict {
            what,
            value: value.into(),
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotFound { what, id } => write!(f, "no {what} {id}"),
            Self::Invalid {
                field,
                value,
                problem,
            } => write!(f, "{}: {value:?} is {problem}", field.element()),
            Self::Conflict { what, value } => write!(f, "the {what} {value:?} is already taken"),
            Self::OptedOut { contact } => write!(
                f,
                "contact {contact} opted out; only the contact can opt back in"
            ),
            Self::WrongStatus {
                campaign,
                status,
                action,
            } => write!(f, "campaign {campaign} is {status} and cannot be {action}"),
        }
    }
}

impl std::error::Error for StoreError {}
