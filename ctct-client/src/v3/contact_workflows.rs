//! Contact workflows that take one request each when done right, and say how many they took:
//! upsert by email through the sign-up form (create or update in one call, where a naive
//! client searches, then creates or replaces: two requests), and the account's contact
//! counts by email permission (one call, where counting by paging through every contact
//! takes ⌈N/500⌉).

use ctct_models::v3::contacts::{
    self, ContactCountsInclude, ContactCreateOrUpdateInput, ContactsCounts, SignUpFormResponse,
};
use ctct_models::validate::{Problem, ValidationError};

use super::client::V3Client;
use crate::error::Error;

/// What a workflow produced and how many requests it sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Counted<T> {
    /// The result.
    pub value: T,
    /// Requests the workflow sent, each counted once (resending one after a token refresh
    /// or a failed attempt is the same request).
    pub requests: u32,
}

impl V3Client {
    /// Creates the contact with `input.email_address`, or updates the one that has it,
    /// through `POST /contacts/sign_up_form` (lists and custom fields are appended): one
    /// request. The answer says which it was (`action`: created or updated).
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] when `input` has no email address (nothing is sent), otherwise as
    /// [`V3Client::send`].
    pub async fn upsert_by_email(
        &self,
        input: ContactCreateOrUpdateInput,
    ) -> Result<Counted<SignUpFormResponse>, Error> {
        if input
            .email_address
            .as_deref()
            .is_none_or(|a| a.trim().is_empty())
        {
            return Err(Error::Invalid(
                ValidationError::new(
                    "ContactCreateOrUpdateInput",
                    "email_address",
                    "",
                    Problem::Missing,
                )
                .into(),
            ));
        }
        let value = self
            .send(contacts::CreateOrUpdateContact::new(input))
            .await?;
        Ok(Counted { value, requests: 1 })
    }

    /// The account's contacts counted by email permission (`GET /contacts/counts`), with the
    /// recent sign-ups when `new_subscribers`: one request.
    ///
    /// # Errors
    ///
    /// As [`V3Client::send`].
    pub async fn contact_counts(
        &self,
        new_subscribers: bool,
    ) -> Result<Counted<ContactsCounts>, Error> {
        let mut request = contacts::GetContactCounts::new();
        if new_subscribers {
            request = request.include(ContactCountsInclude::NewSubscriber);
        }
        let value = self.send(request).await?;
        Ok(Counted { value, requests: 1 })
    }
}
