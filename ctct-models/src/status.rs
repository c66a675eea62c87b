//! The documented meaning of every HTTP status the V1 API answers (`v1-wire.md` §13, §1.8).
//!
//! Error bodies are plain text or an HTML error page, never XML, so the status is the only
//! structured signal; [`ApiStatus::from_code`] maps it onto the documented vocabulary the
//! client reports. Written by hand: it is HTTP semantics plus the reference's table, not a
//! resource shape the schema describes.

use std::fmt;

/// An HTTP status with its V1 meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApiStatus {
    /// 200 Success: the request succeeded.
    Success,
    /// 201 Created: the resource was created (`Location` names it, the body holds it).
    Created,
    /// 204 Updated (Success): a PUT or DELETE succeeded; no body.
    Updated,
    /// 400 Invalid Request: usually invalid XML structure or content, or a create the
    /// server refuses (a new contact on no list). Round-trip a GET body into the PUT to debug.
    InvalidRequest,
    /// 401 Unauthorized: missing or wrong API key, username or password, or the URI's
    /// account is not the authenticated one.
    Unauthorized,
    /// 403 Forbidden (observed, not in the official table): scheduling without the
    /// permission, another account's URI, the base URI without its trailing slash, or a
    /// token without the needed scope (`WWW-Authenticate: Bearer error='insufficient_scope'`).
    Forbidden,
    /// 404 URL Not Found: wrong URI (also every list-member `edit` link).
    NotFound,
    /// 409 Conflict: creating something that exists (a contact in any status, a list name,
    /// an email address); update it with PUT instead.
    Conflict,
    /// 415 Unsupported Media Type: wrong `Content-Type` for this action, or a method the
    /// resource does not support.
    UnsupportedMediaType,
    /// 500 Server Error: a server-side failure, also sent for an invalid `OptInSource`.
    ServerError,
    /// Any other status, undocumented for V1.
    Other(u16),
}

impl ApiStatus {
    /// Every documented status, in code order.
    pub const DOCUMENTED: &'static [ApiStatus] = &[
        Self::Success,
        Self::Created,
        Self::Updated,
        Self::InvalidRequest,
        Self::Unauthorized,
        Self::Forbidden,
        Self::NotFound,
        Self::Conflict,
        Self::UnsupportedMediaType,
        Self::ServerError,
    ];

    /// The meaning of a status code.
    pub const fn from_code(code: u16) -> Self {
        match code {
            200 => Self::Success,
            201 => Self::Created,
            204 => Self::Updated,
            400 => Self::InvalidRequest,
            401 => Self::Unauthorized,
            403 => Self::Forbidden,
            404 => Self::NotFound,
            409 => Self::Conflict,
            415 => Self::UnsupportedMediaType,
            500 => Self::ServerError,
            other => Self::Other(other),
        }
    }

    /// The status code.
    pub const fn code(self) -> u16 {
        match self {
            Self::Success => 200,
            Self::Created => 201,
            Self::Updated => 204,
            Self::InvalidRequest => 400,
            Self::Unauthorized => 401,
            Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::Conflict => 409,
            Self::UnsupportedMediaType => 415,
            Self::ServerError => 500,
            Self::Other(code) => code,
        }
    }

    /// The name the documentation gives the status.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Success => "Success",
            Self::Created => "Created",
            Self::Updated => "Updated (Success)",
            Self::InvalidRequest => "Invalid Request",
            Self::Unauthorized => "Unauthorized",
            Self::Forbidden => "Forbidden",
            Self::NotFound => "URL Not Found",
            Self::Conflict => "Conflict",
            Self::UnsupportedMediaType => "Unsupported Media Type",
            Self::ServerError => "Server Error",
            Self::Other(_) => "Undocumented status",
        }
    }

    /// Whether the status means success (2xx).
    pub const fn is_success(self) -> bool {
        matches!(self.code(), 200..=299)
    }

    /// Whether repeating the same request may succeed later (only a server error may;
    /// every documented 4xx needs a changed request).
    pub const fn is_transient(self) -> bool {
        matches!(self.code(), 500..=599)
    }
}

impl fmt::Display for ApiStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code(), self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_code_maps_both_ways() {
        let codes: Vec<u16> = ApiStatus::DOCUMENTED.iter().map(|s| s.code()).collect();
        assert_eq!(codes, [200, 201, 204, 400, 401, 403, 404, 409, 415, 500]);
        for s in ApiStatus::DOCUMENTED {
            assert_eq!(ApiStatus::from_code(s.code()), *s);
        }
        assert_eq!(ApiStatus::from_code(418), ApiStatus::Other(418));
        assert_eq!(ApiStatus::from_code(409).to_string(), "409 Conflict");
        assert!(ApiStatus::Updated.is_success() && !ApiStatus::Conflict.is_success());
        assert!(ApiStatus::ServerError.is_transient() && !ApiStatus::NotFound.is_transient());
    }
}
