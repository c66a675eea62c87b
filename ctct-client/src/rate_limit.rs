//! A client-side token bucket.
//!
//! V1 documented no rate limit, so a client has none unless asked ([`RateLimit`] on the
//! builder); V3 allows 4 requests a second. Every attempt, retries included, takes a token;
//! when the bucket is empty the request waits (on the tokio clock, so tests can pause time)
//! instead of failing.

use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;

/// A rate: `per_second` tokens a second, at most `burst` saved up.
/// Built with [`RateLimit::new`] (fields may be added).
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct RateLimit {
    /// Requests a second, sustained.
    pub per_second: f64,
    /// Requests that may go at once after a quiet spell (at least 1).
    pub burst: u32,
}

impl RateLimit {
    /// `per_second` requests a second with a burst of `burst`.
    pub fn new(per_second: f64, burst: u32) -> Self {
        Self { per_second, burst }
    }
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

/// The shared bucket of one client.
#[derive(Debug)]
pub(crate) struct Limiter {
    rate: RateLimit,
    bucket: Mutex<Bucket>,
}

impl Limiter {
    pub(crate) fn new(rate: RateLimit) -> Self {
        let burst = f64::from(rate.burst.max(1));
        Self {
            rate: RateLimit {
                per_second: if rate.per_second.is_finite() && rate.per_second > 0.0 {
                    rate.per_second
                } else {
                    1.0
                },
                burst: rate.burst.max(1),
            },
            bucket: Mutex::new(Bucket {
                tokens: burst,
                last: Instant::now(),
            }),
        }
    }

    /// Waits until a token is free and takes it.
    pub(crate) async fn acquire(&self) {
        // Holding the lock while sleeping queues callers fairly, in arrival order.
        let mut b = self.bucket.lock().await;
        let now = Instant::now();
        let burst = f64::from(self.rate.burst);
        let elapsed = now.saturating_duration_since(b.last).as_secs_f64();
        b.tokens = (b.tokens + elapsed * self.rate.per_second).min(burst);
        b.last = now;
        if b.tokens < 1.0 {
            let wait = Duration::from_secs_f64((1.0 - b.tokens) / self.rate.per_second);
            tokio::time::sleep(wait).await;
            b.tokens = 1.0;
            b.last = Instant::now();
        }
        b.tokens -= 1.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn bucket_lets_a_burst_through_then_paces() {
        let limiter = Limiter::new(RateLimit::new(2.0, 2));
        let start = Instant::now();
        limiter.acquire().await;
        limiter.acquire().await;
        assert_eq!(start.elapsed(), Duration::ZERO, "the burst goes at once");
        limiter.acquire().await;
        assert_eq!(start.elapsed(), Duration::from_millis(500));
        limiter.acquire().await;
        assert_eq!(start.elapsed(), Duration::from_millis(1000));
    }

    #[tokio::test(start_paused = true)]
    async fn tokens_refill_while_idle_up_to_the_burst() {
        let limiter = Limiter::new(RateLimit::new(1.0, 3));
        for _ in 0..3 {
            limiter.acquire().await;
        }
        tokio::time::sleep(Duration::from_secs(100)).await;
        let start = Instant::now();
        for _ in 0..3 {
            limiter.acquire().await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
        limiter.acquire().await;
        assert_eq!(start.elapsed(), Duration::from_secs(1));
    }
}
