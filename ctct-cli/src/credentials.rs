//! Credentials from the environment, never from flags.
//!
//! A password given as a flag lands in shell history and in every `ps` listing, so `ctct`
//! reads secrets only from `CTCT_API_KEY` + `CTCT_PASSWORD` (HTTP Basic) or
//! `CTCT_ACCESS_TOKEN` (OAuth 2.0 bearer). They go straight into `ctct_client::Auth`, whose
//! `Debug` redacts them; no message of this tool ever contains their values.

use ctct_client::Auth;

use crate::failure::{ExitStatus, Failure};

/// The variable names, in one place for messages and tests.
pub const API_KEY: &str = "CTCT_API_KEY";
/// The account password.
pub const PASSWORD: &str = "CTCT_PASSWORD";
/// An OAuth 2.0 access token.
pub const ACCESS_TOKEN: &str = "CTCT_ACCESS_TOKEN";

/// Reads one variable; unset, empty and non-UTF-8 values count as absent.
fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// The credentials the environment holds: an access token wins over a key and password.
///
/// # Errors
///
/// An authentication failure (exit 3) naming the variables to set when none are, or when
/// only half of a key/password pair is set.
pub fn from_env() -> Result<Auth, Failure> {
    from_lookup(var)
}

fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Auth, Failure> {
    if let Some(token) = lookup(ACCESS_TOKEN) {
        return Ok(Auth::bearer(token));
    }
    match (lookup(API_KEY), lookup(PASSWORD)) {
        (Some(key), Some(password)) => Ok(Auth::basic(key, password)),
        (Some(_), None) => Err(missing(&format!("{API_KEY} is set but {PASSWORD} is not"))),
        (None, Some(_)) => Err(missing(&format!("{PASSWORD} is set but {API_KEY} is not"))),
        (None, None) => Err(missing("no credentials in the environment")),
    }
}

fn missing(what: &str) -> Failure {
    Failure::new(ExitStatus::Auth, what).with_hint(format!(
        "set {API_KEY} and {PASSWORD} (or {ACCESS_TOKEN}) in the environment, \
         or try the tool with --sandbox"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn a_token_wins_over_key_and_password() {
        let auth = from_lookup(env(&[
            (ACCESS_TOKEN, "tok"),
            (API_KEY, "k"),
            (PASSWORD, "p"),
        ]))
        .unwrap();
        assert!(matches!(auth, Auth::Bearer(_)));
    }

    #[test]
    fn key_and_password_make_basic_auth() {
        let auth = from_lookup(env(&[(API_KEY, "k"), (PASSWORD, "p")])).unwrap();
        assert!(matches!(auth, Auth::Basic { .. }));
    }

    #[test]
    fn half_a_pair_names_the_missing_variable_and_exits_3() {
        let err = from_lookup(env(&[(API_KEY, "secret-key")])).unwrap_err();
        assert_eq!(err.status(), ExitStatus::Auth);
        assert_eq!(
            err.to_string(),
            "CTCT_API_KEY is set but CTCT_PASSWORD is not"
        );
        assert!(!format!("{err:?}").contains("secret-key"));
    }

    #[test]
    fn nothing_set_is_an_auth_failure_with_a_hint() {
        let err = from_lookup(env(&[])).unwrap_err();
        assert_eq!(err.status(), ExitStatus::Auth);
        assert!(err.hint().unwrap_or_default().contains("--sandbox"));
    }
}
