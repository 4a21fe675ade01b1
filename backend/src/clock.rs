//! The one source of "now" for every expiry decision: sessions (idle and absolute), reset links,
//! the sign-in limits' window and the pruning of rows past it.
//!
//! Production uses [`Clock::system`]. A test makes a [`ManualClock`], hands the server
//! `manual.clock()` through [`crate::config::Config::clock`] and moves time on with
//! [`ManualClock::advance`], so "eight hours later" takes no time. Timestamps that only record when
//! something happened (the audit log, notifications) may read the system time directly.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};

/// Where "now" comes from. Cloning is cheap; clones of a manual clock share its time.
#[derive(Clone, Default)]
pub struct Clock(Source);

#[derive(Clone, Default)]
enum Source {
    #[default]
    System,
    Manual(Arc<Mutex<DateTime<Utc>>>),
}

impl Clock {
    /// The machine's clock.
    pub fn system() -> Clock {
        Clock(Source::System)
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &self.0 {
            Source::System => Utc::now(),
            Source::Manual(t) => *lock(t),
        }
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Source::System => f.write_str("Clock::system"),
            Source::Manual(t) => write!(f, "Clock::manual({})", *lock(t)),
        }
    }
}

/// A clock that stands still until told to move (tests).
#[derive(Clone, Debug)]
pub struct ManualClock(Arc<Mutex<DateTime<Utc>>>);

impl ManualClock {
    pub fn starting_at(start: DateTime<Utc>) -> ManualClock {
        ManualClock(Arc::new(Mutex::new(start)))
    }

    /// The [`Clock`] to give the server; it reads this clock's time.
    pub fn clock(&self) -> Clock {
        Clock(Source::Manual(Arc::clone(&self.0)))
    }

    pub fn now(&self) -> DateTime<Utc> {
        *lock(&self.0)
    }

    /// Moves time on by `by` (for every clone and every [`Clock`] made from this one).
    pub fn advance(&self, by: Duration) {
        let mut t = lock(&self.0);
        *t += by;
    }
}

/// A poisoned lock still holds a valid time (a `DateTime` cannot be left half-written).
fn lock(t: &Mutex<DateTime<Utc>>) -> std::sync::MutexGuard<'_, DateTime<Utc>> {
    match t.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_stands_still_until_advanced_and_its_clocks_follow() {
        let start = Utc::now() - Duration::days(3);
        let manual = ManualClock::starting_at(start);
        let clock = manual.clock();
        let copy = clock.clone();
        assert_eq!(clock.now(), start);
        manual.advance(Duration::hours(8));
        assert_eq!(clock.now(), start + Duration::hours(8));
        assert_eq!(copy.now(), start + Duration::hours(8));
    }

    #[test]
    fn the_system_clock_is_the_default_and_moves() {
        let before = Utc::now();
        let now = Clock::default().now();
        assert!(now >= before && now <= Utc::now());
        assert_eq!(format!("{:?}", Clock::system()), "Clock::system");
    }
}
