//! The clock, so that tests can move time (idle timeouts, lockouts) without sleeping.

use std::sync::atomic::{AtomicI64, Ordering};

pub trait Clock: Send + Sync {
    /// Milliseconds since the Unix epoch, UTC.
    fn now_ms(&self) -> i64;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or_default()
    }
}

/// The system clock plus an offset that tests advance.
#[derive(Default)]
pub struct TestClock {
    offset_ms: AtomicI64,
    /// When set (non-zero), the clock stands still at this instant.
    fixed_ms: AtomicI64,
}

impl TestClock {
    pub fn advance_minutes(&self, minutes: i64) {
        self.offset_ms.fetch_add(minutes * 60_000, Ordering::SeqCst);
        if self.fixed_ms.load(Ordering::SeqCst) != 0 {
            self.fixed_ms.fetch_add(minutes * 60_000, Ordering::SeqCst);
        }
    }

    /// Stops the clock at `ms` (until it is set again); `advance_minutes` still moves it.
    pub fn set_ms(&self, ms: i64) {
        self.fixed_ms.store(ms, Ordering::SeqCst);
    }
}

impl Clock for TestClock {
    fn now_ms(&self) -> i64 {
        match self.fixed_ms.load(Ordering::SeqCst) {
            0 => SystemClock.now_ms() + self.offset_ms.load(Ordering::SeqCst),
            fixed => fixed,
        }
    }
}
