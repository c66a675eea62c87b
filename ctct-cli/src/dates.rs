//! Dates given on the command line, read one way by every command: RFC 3339
//! (`2026-01-31T09:00:00Z`, any offset, kept as UTC) or a plain `YYYY-MM-DD`, its midnight UTC.

use ctct_models::DateTime;

use crate::failure::Failure;

/// `text` as a UTC date-time; `what` names the argument in the error (`DATE`, `--at`).
///
/// # Errors
///
/// An invalid-input failure (exit 5) naming the argument and the value.
pub fn parse(what: &str, text: &str) -> Result<DateTime, Failure> {
    let text = text.trim();
    let full = if text.len() == 10 && !text.contains('T') {
        format!("{text}T00:00:00Z")
    } else {
        text.to_owned()
    };
    full.parse::<DateTime>().map(|d| d.to_utc()).map_err(|_| {
        Failure::invalid(format!(
            "invalid {what} {text:?}: expected RFC 3339 (2026-01-31T09:00:00Z) or YYYY-MM-DD"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn dates_take_rfc3339_or_a_plain_day_at_utc_midnight() {
        let shown = |t: &str| parse("DATE", t).map(|d| d.to_string());
        assert_eq!(shown("2026-01-31").unwrap(), "2026-01-31T00:00:00.000Z");
        assert_eq!(
            shown("2026-01-31T10:00:00+02:00").unwrap(),
            "2026-01-31T08:00:00.000Z"
        );
        let err = parse("--at", "yesterday").unwrap_err().to_string();
        assert!(err.contains("invalid --at \"yesterday\""), "{err}");
    }
}
