//! The V3 error body, in both of its shapes. Apart from the JSON codec ([`crate::json`]) so
//! that the codec, which generated types call, does not depend on a generated type.

/// A V3 error body: an array of `{error_key, error_message}` objects (the usual shape) or a
/// single object (auth failures and the 429 `throttled` / `quota_exceeded` bodies,
/// `docs/v3/errors.md`). Decoding accepts either; encoding writes the shape it was built with.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum ErrorBody {
    /// `[{"error_key": …, "error_message": …}, …]`
    Many(Vec<crate::v3::common::ApiError>),
    /// `{"error_key": …, "error_message": …}`
    One(crate::v3::common::ApiError),
}

impl ErrorBody {
    /// Reads an error body; `None` when the text is neither shape (an HTML page from a
    /// proxy, an empty body).
    pub fn parse(text: &str) -> Option<Self> {
        serde_json::from_str(text).ok()
    }

    /// One error, as the single-object shape.
    pub fn one(key: &str, message: &str) -> Self {
        Self::One(Self::error(key, message))
    }

    /// One error, in the usual array shape.
    pub fn many(key: &str, message: &str) -> Self {
        Self::Many(vec![Self::error(key, message)])
    }

    fn error(key: &str, message: &str) -> crate::v3::common::ApiError {
        crate::v3::common::ApiError {
            error_key: Some(key.to_owned()),
            error_message: Some(message.to_owned()),
            ..Default::default()
        }
    }

    /// The errors, whichever shape carried them.
    pub fn errors(&self) -> &[crate::v3::common::ApiError] {
        match self {
            Self::Many(errors) => errors,
            Self::One(error) => std::slice::from_ref(error),
        }
    }

    /// The first `error_key` (`throttled`, `quota_exceeded`, `unauthorized`, …).
    pub fn key(&self) -> Option<&str> {
        self.errors().first()?.error_key.as_deref()
    }

    /// Every `error_message`, joined with `; `.
    pub fn message(&self) -> String {
        self.errors()
            .iter()
            .filter_map(|e| e.error_message.as_deref())
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The body bytes.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}
