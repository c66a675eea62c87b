//! The tracking events of a sent email activity, derived from its recipients.
//!
//! The sandbox has no mail to track, so it seeds events deterministically from each
//! recipient's position `i` in the activity's recipient list (send order, then contact order),
//! which makes every report repeatable and lets tests predict it:
//!
//! - recipient `i` bounces when `i % 7 == 6`, with the codes in turn;
//! - any other opens when `i` is even; every fourth (`i % 4 == 0`) opens a second time;
//! - an opener clicks when `i % 4 == 0`: the first link when `i % 8 == 0`, else the second;
//! - an opener forwards when `i % 3 == 0`;
//! - a recipient that did not bounce opts out when `i % 5 == 3`.
//!
//! Did-not-opens are the recipients with no open. Each report lists these events and nothing
//! else, and the summaries and stats count the same lists ([`Tracking`]), so they always agree.

use ctct_models::DateTime;

use super::store::campaigns::Recipient;

/// The tracked links every sent activity has in the sandbox: `(url_id, link_url)`.
pub(crate) const LINKS: [(&str, &str); 2] = [
    ("1000000001", "https://example.com/offer"),
    ("1000000002", "https://example.com/about"),
];

/// Bounce codes, given in turn to the bouncing recipients.
const BOUNCE_CODES: [&str; 7] = ["B", "D", "F", "S", "V", "X", "Z"];

/// Every event of one activity, each list in recipient order.
#[derive(Debug, Default)]
pub(crate) struct Tracking<'r> {
    pub sends: Vec<&'r Recipient>,
    /// Every open, a recipient once or twice.
    pub opens: Vec<(&'r Recipient, DateTime)>,
    /// Each opener's first open.
    pub unique_opens: Vec<(&'r Recipient, DateTime)>,
    pub did_not_opens: Vec<&'r Recipient>,
    /// `(recipient, index into LINKS, when)`.
    pub clicks: Vec<(&'r Recipient, usize, DateTime)>,
    pub forwards: Vec<(&'r Recipient, DateTime)>,
    pub optouts: Vec<(&'r Recipient, DateTime)>,
    /// `(recipient, bounce code, when)`.
    pub bounces: Vec<(&'r Recipient, &'static str, DateTime)>,
}

fn later(at: DateTime, minutes: i64) -> DateTime {
    DateTime::new(at.inner() + time::Duration::minutes(minutes))
}

impl<'r> Tracking<'r> {
    /// The events of an activity sent to `recipients`.
    pub fn of(recipients: &'r [Recipient]) -> Self {
        let mut t = Tracking::default();
        for (i, r) in recipients.iter().enumerate() {
            t.sends.push(r);
            let at = r.sent_at;
            if i % 7 == 6 {
                let code = BOUNCE_CODES[t.bounces.len() % BOUNCE_CODES.len()];
                t.bounces.push((r, code, later(at, 1)));
                t.did_not_opens.push(r);
                continue;
            }
            if i % 5 == 3 {
                t.optouts.push((r, later(at, 30)));
            }
            if i % 2 != 0 {
                t.did_not_opens.push(r);
                continue;
            }
            t.unique_opens.push((r, later(at, 10)));
            t.opens.push((r, later(at, 10)));
            if i % 4 == 0 {
                t.opens.push((r, later(at, 60)));
                let link = usize::from(i % 8 != 0);
                t.clicks.push((r, link, later(at, 12)));
            }
            if i % 3 == 0 {
                t.forwards.push((r, later(at, 20)));
            }
        }
        t
    }

    /// Contacts who clicked link `link` (each clicks at most once here).
    pub fn unique_clicks(&self, link: usize) -> usize {
        self.clicks.iter().filter(|(_, l, _)| *l == link).count()
    }

    /// Bounces with `code`.
    pub fn bounces_with(&self, code: &str) -> usize {
        self.bounces.iter().filter(|(_, c, _)| *c == code).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recipients(n: usize) -> Vec<Recipient> {
        (0..n)
            .map(|i| Recipient {
                contact_id: format!("c{i}").into(),
                email_address: format!("r{i}@example.com"),
                first_name: None,
                last_name: None,
                sent_at: DateTime::now_utc(),
            })
            .collect()
    }

    #[test]
    fn every_kind_has_events_and_did_not_opens_are_sends_minus_opens() {
        let r = recipients(16);
        let t = Tracking::of(&r);
        assert_eq!(t.sends.len(), 16);
        assert_eq!(t.bounces.len(), 2); // 6, 13
        assert_eq!(t.unique_opens.len(), 7); // even, not 6
        assert_eq!(t.opens.len(), 7 + 4); // 0, 4, 8, 12 open twice
        assert_eq!(t.clicks.len(), 4);
        assert_eq!(t.unique_clicks(0) + t.unique_clicks(1), 4);
        assert_eq!(t.forwards.len(), 2); // 0 and 12 (6 bounced)
        assert_eq!(t.did_not_opens.len(), t.sends.len() - t.unique_opens.len());
        assert_eq!(t.optouts.len(), 2); // 3 and 8 (13 bounced)
    }
}
