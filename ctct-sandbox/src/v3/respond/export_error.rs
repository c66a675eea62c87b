//! The 400 answer to export fields or a status that [`super::super::export`] cannot use, with
//! the key and text the sandbox has always sent (clients show these texts to people).

use super::V3Error;
use crate::v3::export::{ExportError, STANDARD, STATUSES};

/// The `error_key` of every refused export request.
const KEY: &str = "activities.api.validation.error";

impl From<ExportError> for V3Error {
    fn from(e: ExportError) -> Self {
        let message = match e {
            ExportError::UnknownField(f) => format!(
                "fields: {f:?} is not an export field (one of {}, or cf:<custom field name>)",
                STANDARD.join(", ")
            ),
            ExportError::NeedsEmail(f) => {
                format!("fields: {f:?} can be exported only with email_address")
            }
            ExportError::UnknownStatus(s) => {
                format!("status {s:?} is not one of {}", STATUSES.join(", "))
            }
        };
        Self::many(400, KEY, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(e: ExportError) -> V3Error {
        V3Error::from(e)
    }

    #[test]
    fn refused_export_requests_are_400_validation_errors_with_todays_texts() {
        assert_eq!(
            answer(ExportError::UnknownField("fax".to_owned())),
            V3Error::many(
                400,
                "activities.api.validation.error",
                "fields: \"fax\" is not an export field (one of contact_id, email_address, \
                 first_name, last_name, job_title, company_name, birthday_month, birthday_day, \
                 anniversary, phone_number, street, city, state, zip, country, \
                 email_permission_to_send, email_optin_source, email_optin_date, \
                 email_optout_source, email_optout_date, email_optout_reason, list_memberships, \
                 tags, created_at, updated_at, or cf:<custom field name>)"
            )
        );
        assert_eq!(
            answer(ExportError::NeedsEmail("email_optin_date".to_owned())),
            V3Error::many(
                400,
                "activities.api.validation.error",
                "fields: \"email_optin_date\" can be exported only with email_address"
            )
        );
        let e = answer(ExportError::UnknownStatus("gone".to_owned()));
        assert_eq!(e.status, 400);
        assert_eq!(
            String::from_utf8_lossy(&e.body.to_json()),
            "[{\"error_key\":\"activities.api.validation.error\",\"error_message\":\
             \"status \\\"gone\\\" is not one of active, deleted, unsubscribed, explicit, \
             implicit, pending_confirmation, temp_hold, not_set\"}]"
        );
    }
}
