//! V3 error bodies, in both shapes the service sends.
//!
//! Most V3 failures answer a JSON array of `{"error_key", "error_message"}` objects; auth
//! failures, reporting and the two 429s answer a single such object (`docs/v3/errors.md`). Both are
//! read here so [`crate::ApiError::message`] can show the server's keys and messages, and so
//! the client can tell the per-second limit (`throttled`: wait and retry) from the daily quota
//! (`quota_exceeded`: retrying before midnight UTC is pointless).

use serde::Deserialize;

/// The 429 key of the per-second limit.
pub const THROTTLED: &str = "throttled";
/// The 429 key of the daily quota.
pub const QUOTA_EXCEEDED: &str = "quota_exceeded";

/// One entry of a V3 error body.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct V3ErrorItem {
    /// The machine-readable key, e.g. `contacts.api.not_found` (empty when absent).
    #[serde(default)]
    pub error_key: String,
    /// The human-readable message (empty when absent).
    #[serde(default)]
    pub error_message: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Shape {
    Many(Vec<V3ErrorItem>),
    One(V3ErrorItem),
}

/// The entries of a V3 error body (array or single object); `None` when the body is neither
/// or names no key and no message.
pub fn parse_error_body(body: &str) -> Option<Vec<V3ErrorItem>> {
    let items = match serde_json::from_str::<Shape>(body.trim()).ok()? {
        Shape::Many(items) => items,
        Shape::One(item) => vec![item],
    };
    let items: Vec<_> = items
        .into_iter()
        .filter(|i| !i.error_key.is_empty() || !i.error_message.is_empty())
        .collect();
    (!items.is_empty()).then_some(items)
}

/// `key: message; key: message`, with a hint after `quota_exceeded`.
pub(crate) fn summary(items: &[V3ErrorItem]) -> String {
    items
        .iter()
        .map(|i| {
            let mut s = match (i.error_key.is_empty(), i.error_message.is_empty()) {
                (false, false) => format!("{}: {}", i.error_key, i.error_message),
                (false, true) => i.error_key.clone(),
                _ => i.error_message.clone(),
            };
            if i.error_key == QUOTA_EXCEEDED {
                s.push_str(" (the daily request quota is used up; it resets at 00:00 UTC)");
            }
            s
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Whether a 429 body is the daily quota's.
pub(crate) fn is_quota_exceeded(body: &str) -> bool {
    parse_error_body(body).is_some_and(|items| items.iter().any(|i| i.error_key == QUOTA_EXCEEDED))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_shapes_are_read() {
        let many = parse_error_body(
            r#"[{"error_key":"contacts.api.not_found","error_message":"contact_id is in an invalid format."},{"error_key":"x.y","error_message":"z"}]"#,
        )
        .unwrap();
        assert_eq!(many.len(), 2);
        assert_eq!(
            summary(&many),
            "contacts.api.not_found: contact_id is in an invalid format.; x.y: z"
        );
        let one =
            parse_error_body(r#"{"error_key":"unauthorized","error_message":"Unauthorized"}"#)
                .unwrap();
        assert_eq!(summary(&one), "unauthorized: Unauthorized");
    }

    #[test]
    fn other_bodies_are_not_v3_errors() {
        for body in [
            "",
            "[]",
            "{}",
            "Error 400: bad",
            "<html/>",
            r#"{"error":"invalid_grant"}"#,
        ] {
            assert_eq!(parse_error_body(body), None, "{body}");
        }
    }

    #[test]
    fn the_two_429s_differ() {
        assert!(is_quota_exceeded(
            r#"{"error_key":"quota_exceeded","error_message":"Limit Exceeded"}"#
        ));
        assert!(!is_quota_exceeded(
            r#"{"error_key":"throttled","error_message":"Too Many Requests"}"#
        ));
        assert!(!is_quota_exceeded("quota_exceeded"));
    }
}
