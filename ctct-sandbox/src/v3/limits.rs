//! Emulated V3 rate limits (`docs/v3/limits.md`): 4 requests per second per token, answered 429
//! `throttled`, and a daily quota answered 429 `quota_exceeded` (both single-object error
//! bodies). Both are off unless the [`crate::Config`] turns them on, so ordinary tests never
//! trip them.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

/// Which limit a request broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Limited {
    /// Too many requests in the last second.
    Throttled,
    /// The daily quota is used up.
    QuotaExceeded,
}

#[derive(Default)]
struct Usage {
    recent: VecDeque<Instant>,
    day: i64,
    today: u64,
}

/// Per-token request counts. Keys are token fingerprints, not tokens.
pub(crate) struct Limits {
    per_second: Option<u32>,
    per_day: Option<u64>,
    usage: HashMap<u64, Usage>,
}

impl Limits {
    pub fn new(per_second: Option<u32>, per_day: Option<u64>) -> Self {
        Self {
            per_second,
            per_day,
            usage: HashMap::new(),
        }
    }

    /// Counts one request by `token` at `now` (on UTC day `day`), or says which limit it
    /// breaks; a refused request does not count.
    pub fn admit(&mut self, token: &str, now: Instant, day: i64) -> Result<(), Limited> {
        if self.per_second.is_none() && self.per_day.is_none() {
            return Ok(());
        }
        let usage = self.usage.entry(fingerprint(token)).or_default();
        if usage.day != day {
            usage.day = day;
            usage.today = 0;
        }
        if let Some(max) = self.per_day
            && usage.today >= max
        {
            return Err(Limited::QuotaExceeded);
        }
        if let Some(max) = self.per_second {
            while usage
                .recent
                .front()
                .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1))
            {
                usage.recent.pop_front();
            }
            if usage.recent.len() >= max as usize {
                return Err(Limited::Throttled);
            }
            usage.recent.push_back(now);
        }
        usage.today += 1;
        Ok(())
    }
}

/// A stable, non-reversible key for a token, so the table holds no secrets.
fn fingerprint(token: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    token.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_per_second_then_throttled_then_free_again() {
        let mut l = Limits::new(Some(4), None);
        let t0 = Instant::now();
        for _ in 0..4 {
            assert_eq!(l.admit("a", t0, 1), Ok(()));
        }
        assert_eq!(l.admit("a", t0, 1), Err(Limited::Throttled));
        assert_eq!(l.admit("b", t0, 1), Ok(()), "limits are per token");
        assert_eq!(l.admit("a", t0 + Duration::from_millis(1000), 1), Ok(()));
    }

    #[test]
    fn daily_quota_resets_on_a_new_day() {
        let mut l = Limits::new(None, Some(2));
        let t0 = Instant::now();
        assert_eq!(l.admit("a", t0, 1), Ok(()));
        assert_eq!(l.admit("a", t0, 1), Ok(()));
        assert_eq!(l.admit("a", t0, 1), Err(Limited::QuotaExceeded));
        assert_eq!(l.admit("a", t0, 2), Ok(()));
    }

    #[test]
    fn off_by_default() {
        let mut l = Limits::new(None, None);
        let t0 = Instant::now();
        for _ in 0..100 {
            assert_eq!(l.admit("a", t0, 1), Ok(()));
        }
    }
}
