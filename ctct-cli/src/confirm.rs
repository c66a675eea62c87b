//! Asking before changes that are hard or impossible to undo.
//!
//! Deleting a list, opting a contact out (only the contact can undo that), removing a contact
//! from every list and cancelling a campaign's schedule are asked about first when a person is
//! at the terminal. Off a terminal (a script, a pipe, CI) nobody can answer, so the command
//! refuses unless `--yes` says the caller means it: a script never blocks on a prompt it
//! cannot see, and never destroys data because a prompt was silently skipped.

use std::io::{BufRead as _, IsTerminal as _, Write as _};

use crate::failure::Failure;

/// Whether the change may go ahead, and how that was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Consent {
    /// `--yes` was given.
    Given,
    /// Asked on the terminal and answered.
    Ask,
    /// Nobody can be asked (stdin or stderr is not a terminal) and `--yes` is missing.
    Impossible,
}

impl Consent {
    /// What `--yes` and the terminals allow.
    pub fn from_env(yes: bool) -> Self {
        if yes {
            Self::Given
        } else if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
            Self::Ask
        } else {
            Self::Impossible
        }
    }
}

/// Goes ahead with `action` (e.g. `delete list 3`) only with consent.
///
/// # Errors
///
/// A usage failure (exit 2) naming the action when nobody can be asked without `--yes`, or
/// when the person answers anything but yes; nothing has been sent then.
pub fn confirm(consent: Consent, action: &str, consequence: &str) -> Result<(), Failure> {
    match consent {
        Consent::Given => Ok(()),
        Consent::Impossible => Err(Failure::usage(format!(
            "refusing to {action} without --yes: {consequence}; nothing was sent"
        ))
        .with_hint("run it at a terminal to be asked, or pass --yes")),
        Consent::Ask => {
            let mut err = std::io::stderr().lock();
            // A prompt that cannot be written cannot be answered: treat it as a "no".
            let asked = write!(err, "{consequence}. Really {action}? [y/N] ")
                .and_then(|()| err.flush())
                .is_ok();
            drop(err);
            let mut answer = String::new();
            let read = asked
                && std::io::stdin()
                    .lock()
                    .read_line(&mut answer)
                    .is_ok_and(|n| n > 0);
            if read && is_yes(&answer) {
                Ok(())
            } else {
                Err(Failure::usage(format!(
                    "did not {action}: not confirmed; nothing was sent"
                )))
            }
        }
    }
}

/// `y` or `yes`, any case, surrounding space ignored.
fn is_yes(answer: &str) -> bool {
    matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::failure::ExitStatus;

    #[test]
    fn only_y_or_yes_is_consent() {
        assert!(is_yes("y\n"));
        assert!(is_yes(" YES \n"));
        assert!(!is_yes("\n"));
        assert!(!is_yes("n"));
        assert!(!is_yes("yep"));
    }

    #[test]
    fn without_a_terminal_or_yes_the_action_is_refused_by_name() {
        let err = confirm(Consent::Impossible, "delete list 3", "its contacts stay")
            .expect_err("refused");
        assert_eq!(err.status(), ExitStatus::Usage);
        let text = err.to_string();
        assert!(
            text.contains("delete list 3") && text.contains("--yes"),
            "{text}"
        );
        assert!(confirm(Consent::Given, "delete list 3", "x").is_ok());
    }
}
