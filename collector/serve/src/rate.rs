//! How much a caller may make a service work, per caller (an admin, a session, a terminal) and
//! overall: the collector's "Refresh now" and Recompute, and the tills' reports (to central's
//! collector and to a store's agent). "Refresh now" and Recompute are limited per admin and
//! overall, as token buckets, so that neither a script nor a held-down button can run
//! passes back to back or flood the stores. A Recompute costs one token per store it asks (the
//! work is per store): a few stores at a time never wait, a full Recompute of 10,000 stores
//! fits, a loop of them does not. A refused request gets HTTP 429 with `Retry-After` and the
//! wait in words, which the page shows.
//!
//! The limits:
//! - Refresh now: 1 every 5 s per admin, 12 a minute for all admins together;
//! - Recompute: 20,000 stores a minute per admin, 50,000 a minute together.
//!
//! Why not `governor` (its keyed GCRA limiter): three of today's behaviours it does not keep.
//! A request is taken from both buckets or from neither: governor's keyed limiter spends the
//! admin's cell before the overall limiter may refuse, so a refusal for all administrators
//! together would still cost the admin. Its keyed state grows with every admin seen until
//! `retain_recent` is called; here at most [`ADMINS_KEPT`] buckets are kept, full ones dropped
//! first. A cost above a bucket's capacity is governor's `InsufficientCapacity` error; here it is
//! a wait of one whole period, said in the same words as any other. And the time is the caller's
//! (`now`), so the tests run on a time they choose. The arithmetic is one token bucket with
//! floating tokens, refilled evenly; the tests below hold it.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A token bucket: `capacity` tokens, refilled evenly over `period`.
#[derive(Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// One action's limits.
pub struct RateLimit {
    what: &'static str,
    unit: &'static str,
    per_admin: (f64, Duration),
    overall: (f64, Duration),
    buckets: Mutex<(HashMap<String, Bucket>, Option<Bucket>)>,
}

/// The most admins remembered at once (full buckets are forgotten first: no unbounded map).
const ADMINS_KEPT: usize = 10_000;

impl RateLimit {
    /// "Refresh now": 1 every 5 s per admin, 12 a minute overall.
    pub fn refresh() -> Self {
        Self::new("Refresh now", "", (1, Duration::from_secs(5)), (12, Duration::from_secs(60)))
    }

    /// Recompute: 20,000 stores a minute per admin, 50,000 overall.
    pub fn recompute() -> Self {
        Self::new(
            "Recompute",
            " stores",
            (20_000, Duration::from_secs(60)),
            (50_000, Duration::from_secs(60)),
        )
    }

    /// A limit on `what`: `per_admin` and `overall` as (capacity, period to refill it).
    pub fn new(
        what: &'static str,
        unit: &'static str,
        per_admin: (u32, Duration),
        overall: (u32, Duration),
    ) -> Self {
        Self {
            what,
            unit,
            per_admin: (f64::from(per_admin.0), per_admin.1),
            overall: (f64::from(overall.0), overall.1),
            buckets: Mutex::default(),
        }
    }

    /// Takes `cost` tokens for `admin` at `now`, or says how long to wait (seconds, and in
    /// words).
    pub fn take(&self, admin: &str, cost: u32, now: Instant) -> Result<(), (u64, String)> {
        let cost = f64::from(cost.max(1));
        let mut guard = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let (admins, overall) = &mut *guard;
        let mine = admins.get(admin).map_or(self.per_admin.0, |b| refill(b, self.per_admin, now));
        let all = overall.as_ref().map_or(self.overall.0, |b| refill(b, self.overall, now));
        let limit = |what: &str, (capacity, period): (f64, Duration), tokens: f64| {
            let wait = if cost > capacity {
                period.as_secs_f64()
            } else {
                (cost - tokens) / capacity * period.as_secs_f64()
            };
            let wait = wait.ceil().max(1.0) as u64;
            let per = if period.as_secs() == 60 {
                "a minute".to_owned()
            } else {
                format!("every {} s", period.as_secs())
            };
            (
                wait,
                format!(
                    "{} is limited to {capacity}{} {per} {what}: try again in {wait} s",
                    self.what, self.unit
                ),
            )
        };
        if mine < cost {
            return Err(limit(&format!("for {admin}"), self.per_admin, mine));
        }
        if all < cost {
            return Err(limit("for all administrators together", self.overall, all));
        }
        if admins.len() >= ADMINS_KEPT && !admins.contains_key(admin) {
            let per_admin = self.per_admin;
            admins.retain(|_, b| refill(b, per_admin, now) < per_admin.0);
            if admins.len() >= ADMINS_KEPT {
                if let Some(oldest) =
                    admins.iter().min_by_key(|(_, b)| b.at).map(|(k, _)| k.clone())
                {
                    admins.remove(&oldest);
                }
            }
        }
        admins.insert(admin.to_owned(), Bucket { tokens: mine - cost, at: now });
        *overall = Some(Bucket { tokens: all - cost, at: now });
        Ok(())
    }
}

/// A bucket's tokens at `now`.
fn refill(bucket: &Bucket, (capacity, period): (f64, Duration), now: Instant) -> f64 {
    let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
    (bucket.tokens + elapsed / period.as_secs_f64() * capacity).min(capacity)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_per_admin_and_overall() {
        let limit = RateLimit::new(
            "Refresh now",
            "",
            (1, Duration::from_secs(5)),
            (3, Duration::from_secs(60)),
        );
        let t0 = Instant::now();
        assert!(limit.take("ann", 1, t0).is_ok());
        let (wait, words) = limit.take("ann", 1, t0 + Duration::from_secs(2)).unwrap_err();
        assert_eq!(wait, 3);
        assert!(words.contains("limited to 1 every 5 s for ann: try again in 3 s"), "{words}");
        assert!(limit.take("bob", 1, t0 + Duration::from_secs(2)).is_ok());
        assert!(limit.take("ann", 1, t0 + Duration::from_secs(5)).is_ok());
        // Three in the minute: a fourth admin waits for the overall bucket.
        let (wait, words) = limit.take("cid", 1, t0 + Duration::from_secs(6)).unwrap_err();
        assert!((1..=20).contains(&wait), "{wait}");
        assert!(words.contains("for all administrators together"), "{words}");
    }

    #[test]
    fn recompute_costs_a_token_per_store() {
        let limit = RateLimit::recompute();
        let t0 = Instant::now();
        assert!(limit.take("ann", 10_000, t0).is_ok());
        assert!(limit.take("ann", 10_000, t0).is_ok());
        let (wait, words) = limit.take("ann", 10_000, t0).unwrap_err();
        assert_eq!(wait, 30);
        assert!(words.contains("20000 stores a minute for ann"), "{words}");
        // A few stores come back within a second.
        assert!(limit.take("ann", 2, t0 + Duration::from_secs(1)).is_ok());
        // Another admin has their own bucket, within the overall one.
        assert!(limit.take("bob", 10_000, t0).is_ok());
    }

    #[test]
    fn a_refusal_costs_nothing() {
        // Two for each admin, one for everybody: ann's second is refused by the overall bucket,
        // and her own bucket keeps the token that request did not get to spend.
        let limit = RateLimit::new(
            "Refresh now",
            "",
            (2, Duration::from_secs(60)),
            (1, Duration::from_secs(60)),
        );
        let t0 = Instant::now();
        assert!(limit.take("ann", 1, t0).is_ok());
        let (_, words) = limit.take("ann", 1, t0).unwrap_err();
        assert!(words.contains("for all administrators together"), "{words}");
        assert_eq!(limit.buckets.lock().unwrap().0.get("ann").map(|b| b.tokens), Some(1.0));
    }

    #[test]
    fn a_cost_above_the_capacity_waits_a_whole_period() {
        let limit = RateLimit::recompute();
        let (wait, words) = limit.take("ann", 30_000, Instant::now()).unwrap_err();
        assert_eq!(wait, 60);
        assert!(words.contains("20000 stores a minute for ann: try again in 60 s"), "{words}");
    }

    #[test]
    fn many_admins_stay_bounded() {
        let limit = RateLimit::new(
            "Recompute",
            "",
            (1, Duration::from_secs(10)),
            (u32::MAX, Duration::from_secs(1)),
        );
        let t0 = Instant::now();
        for i in 0..(ADMINS_KEPT + 50) {
            assert!(limit.take(&format!("admin{i}"), 1, t0).is_ok());
        }
        assert!(limit.buckets.lock().unwrap().0.len() <= ADMINS_KEPT);
    }
}
