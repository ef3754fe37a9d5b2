//! Back-off schedules: how long a job of a kind waits after a failed attempt. A kind declares
//! its schedule with its maximum number of attempts; schedules may span days (a payment file
//! the bank's gateway refuses over a holiday). Pure functions, no IO.

const SECOND: i64 = 1_000;
const MINUTE: i64 = 60 * SECOND;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// When to try again after the n-th failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backoff {
    /// `first_ms`, then twice as long after each failure, at most `max_ms`.
    Doubling { first_ms: i64, max_ms: i64 },
    /// Fixed waits, one per failed attempt; the last one repeats.
    Steps(&'static [i64]),
}

impl Backoff {
    /// Minutes to days: 1 min, 10 min, 1 h, 6 h, 1 day, then every 3 days.
    pub const PATIENT: Backoff =
        Backoff::Steps(&[MINUTE, 10 * MINUTE, HOUR, 6 * HOUR, DAY, 3 * DAY]);

    /// Milliseconds to wait after `attempts` attempts (the 1st failed attempt is 1).
    pub fn delay_ms(self, attempts: i64) -> i64 {
        let n = attempts.max(1);
        match self {
            Backoff::Doubling { first_ms, max_ms } => {
                let exp = (n - 1).min(40) as u32;
                first_ms
                    .checked_mul(1_i64 << exp)
                    .map_or(max_ms, |d| d.min(max_ms))
            }
            Backoff::Steps(steps) => {
                let i = usize::try_from(n - 1).unwrap_or(usize::MAX);
                steps.get(i).or(steps.last()).copied().unwrap_or(MINUTE)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubling_stops_at_its_cap() {
        let b = Backoff::Doubling {
            first_ms: 5 * SECOND,
            max_ms: HOUR,
        };
        let waits: Vec<i64> = [1, 2, 3, 4, 30, 200].map(|n| b.delay_ms(n)).to_vec();
        assert_eq!(waits, [5_000, 10_000, 20_000, 40_000, HOUR, HOUR]);
    }

    #[test]
    fn a_patient_schedule_spans_days_and_repeats_its_last_step() {
        let b = Backoff::PATIENT;
        assert_eq!(b.delay_ms(1), MINUTE);
        assert_eq!(b.delay_ms(5), DAY);
        assert_eq!(b.delay_ms(6), 3 * DAY);
        assert_eq!(b.delay_ms(9), 3 * DAY);
        let total: i64 = (1..=8).map(|n| b.delay_ms(n)).sum();
        assert!(
            total > 10 * DAY,
            "eight attempts take more than ten days: {total}"
        );
    }
}
