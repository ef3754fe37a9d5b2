//! The bureau's working calendar and SLA clocks.
//!
//! Targets are counted in *working minutes*: minutes inside the working periods of a working
//! day. Instants are epoch milliseconds (UTC); local time is the calendar's [`Zone`] (the
//! bureau's configured time zone). A working day is decided by the weekly rule (Monday to Friday by
//! default) unless the calendar lists the date as a special day: a public holiday falling on a
//! weekday, or a make-up working day (调休) falling on a weekend.
//!
//! All arithmetic is done in milliseconds internally, so that `add_working_minutes` and
//! `working_minutes_between` are exact inverses; the public results are whole minutes. Nothing
//! here loops minute by minute or day by day: counting uses whole weeks plus the special days
//! in range, and finding a deadline is a binary search over that count.
//!
//! Local time is wall-clock time: an instant is placed in its local day by the zone's offset
//! at that instant. In a zone with daylight saving the hour a jump skips or repeats (at night)
//! is counted as the wall clock shows it.

use std::collections::BTreeMap;

use crate::dates::Zone;
pub use crate::dates::day_number;

mod clock;
mod file;
mod parse;

pub use clock::{Clock, ClockState, clock};
pub use file::{DayError, check_day};
pub use parse::{parse_working_days, parse_working_hours};

const MINUTE_MS: i128 = 60_000;
const DAY_MS: i128 = 86_400_000;
const DAY_MINUTES: u32 = 1440;

/// A day that differs from the weekly rule.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct SpecialDay {
    /// `YYYY-MM-DD`, the bureau's local date.
    pub date: String,
    /// `false`: a holiday; `true`: a make-up working day.
    pub working: bool,
    pub name: String,
}

/// The bureau's working calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// Working periods of a working day, as (start, end) minutes after local midnight, sorted,
    /// non-overlapping. Default `[(540, 720), (810, 1050)]` = 09:00-12:00 and 13:30-17:30.
    /// (Periods out of order, overlapping, empty or past midnight are tolerated: they are
    /// clipped to the day, sorted and merged before use.)
    pub periods: Vec<(u32, u32)>,
    /// Monday..Sunday, whether the weekday is normally a working day. Default Mon-Fri true.
    pub weekdays: [bool; 7],
    /// Holidays (working=false) and make-up working days (working=true), keyed by days since
    /// epoch.
    pub special: BTreeMap<i64, SpecialDay>,
    /// The bureau's time zone, in which working hours and days are local.
    pub zone: Zone,
}

impl Default for Calendar {
    fn default() -> Self {
        Self {
            periods: vec![(540, 720), (810, 1050)],
            weekdays: [true, true, true, true, true, false, false],
            special: BTreeMap::new(),
            zone: Zone::default(),
        }
    }
}

/// One problem in a calendar file.
fn weekday(day: i64) -> usize {
    (day.rem_euclid(7) as usize + 3) % 7
}

impl Calendar {
    /// Whether the local date `day` (days since 1970-01-01) is a working day.
    pub fn is_working_day(&self, day: i64) -> bool {
        match self.special.get(&day) {
            Some(s) => s.working,
            None => self.weekdays[weekday(day)],
        }
    }

    /// Working minutes in `[from_ms, to_ms)`, rounded down (0 if `to_ms <= from_ms`).
    pub fn working_minutes_between(&self, from_ms: i64, to_ms: i64) -> i64 {
        let ms = Plan::new(self).between(from_ms, to_ms);
        clamp_i64(ms / MINUTE_MS)
    }

    /// The instant (epoch ms) when `minutes` working minutes have elapsed after `from_ms`.
    ///
    /// `minutes <= 0` returns `from_ms` unchanged. If `from_ms` is outside working time,
    /// counting starts at the next working period. A deadline that falls exactly at the end of
    /// a period is that end, not the start of the next period. If the calendar never
    /// accumulates that much working time (no working periods, no working days), the answer
    /// is `i64::MAX`.
    pub fn add_working_minutes(&self, from_ms: i64, minutes: i64) -> i64 {
        if minutes <= 0 {
            return from_ms;
        }
        Plan::new(self).add(from_ms, i128::from(minutes) * MINUTE_MS)
    }

    /// Adds (or replaces) special days. A day whose date is not a valid `YYYY-MM-DD` is
    /// skipped (days from [`check_day`] are always valid).
    pub fn with_special_days(mut self, days: &[SpecialDay]) -> Self {
        for d in days {
            if let Ok(n) = day_number(&d.date) {
                self.special.insert(n, d.clone());
            }
        }
        self
    }
}

fn clamp_i64(v: i128) -> i64 {
    v.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

/// A calendar prepared for counting: periods in milliseconds, cleaned up.
struct Plan<'a> {
    cal: &'a Calendar,
    /// (start, end) milliseconds after local midnight, sorted and merged.
    periods: Vec<(i128, i128)>,
    /// Working milliseconds in a working day.
    day_ms: i128,
    /// Working days in a week by the weekly rule.
    week_days: i128,
}

impl<'a> Plan<'a> {
    fn new(cal: &'a Calendar) -> Self {
        let mut clipped: Vec<(u32, u32)> = cal
            .periods
            .iter()
            .map(|&(s, e)| (s.min(DAY_MINUTES), e.min(DAY_MINUTES)))
            .filter(|(s, e)| s < e)
            .collect();
        clipped.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(clipped.len());
        for (s, e) in clipped {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        let periods: Vec<(i128, i128)> = merged
            .into_iter()
            .map(|(s, e)| (i128::from(s) * MINUTE_MS, i128::from(e) * MINUTE_MS))
            .collect();
        let day_ms = periods.iter().map(|(s, e)| e - s).sum();
        let week_days = cal.weekdays.iter().filter(|w| **w).count() as i128;
        Self {
            cal,
            periods,
            day_ms,
            week_days,
        }
    }

    /// Working milliseconds within one working day between the offsets `a` and `b`.
    fn in_day(&self, a: i128, b: i128) -> i128 {
        self.periods
            .iter()
            .map(|&(s, e)| (e.min(b) - s.max(a)).max(0))
            .sum()
    }

    /// Working days among the days `[a, b)`.
    fn working_days(&self, a: i64, b: i64) -> i128 {
        if b <= a {
            return 0;
        }
        let n = i128::from(b) - i128::from(a);
        let weeks = n / 7;
        let mut count = weeks * self.week_days;
        let rest_start = i128::from(a) + weeks * 7;
        for d in rest_start..i128::from(b) {
            if self.cal.weekdays[weekday(d as i64)] {
                count += 1;
            }
        }
        for (&d, s) in self.cal.special.range(a..b) {
            match (s.working, self.cal.weekdays[weekday(d)]) {
                (true, false) => count += 1,
                (false, true) => count -= 1,
                _ => {}
            }
        }
        count
    }

    /// Working milliseconds in `[from, to)`.
    fn between(&self, from: i64, to: i64) -> i128 {
        if to <= from || self.day_ms == 0 {
            return 0;
        }
        let zone = &self.cal.zone;
        let local_from = i128::from(from) + i128::from(zone.offset_ms(from));
        let local_to = i128::from(to) + i128::from(zone.offset_ms(to));
        let (day_from, off_from) = (
            local_from.div_euclid(DAY_MS) as i64,
            local_from.rem_euclid(DAY_MS),
        );
        let (day_to, off_to) = (
            local_to.div_euclid(DAY_MS) as i64,
            local_to.rem_euclid(DAY_MS),
        );
        let in_day = |day: i64, a: i128, b: i128| {
            if self.cal.is_working_day(day) {
                self.in_day(a, b)
            } else {
                0
            }
        };
        if day_from == day_to {
            return in_day(day_from, off_from, off_to);
        }
        in_day(day_from, off_from, DAY_MS)
            + self.working_days(day_from + 1, day_to) * self.day_ms
            + in_day(day_to, 0, off_to)
    }

    /// The first instant `t` with `ms` working milliseconds in `[from, t)`; `from` if
    /// `ms <= 0`; `i64::MAX` if never.
    ///
    /// The working time in `[from, t)` grows by one millisecond per working millisecond and
    /// stays flat outside working time, so the first instant that reaches `ms` is exactly the
    /// deadline, and a deadline at the end of a period is that end.
    fn add(&self, from: i64, ms: i128) -> i64 {
        if ms <= 0 {
            return from;
        }
        let reached = |t: i64| self.between(from, t) >= ms;
        // Find an upper bound by doubling: the deadline is at least `ms` after `from`.
        let mut step = ms;
        let mut hi = loop {
            let candidate = i128::from(from) + step;
            if candidate >= i128::from(i64::MAX) {
                if reached(i64::MAX) {
                    break i64::MAX;
                }
                return i64::MAX;
            }
            let candidate = candidate as i64;
            if reached(candidate) {
                break candidate;
            }
            step *= 2;
        };
        // Invariant: not reached at `lo`, reached at `hi`.
        let mut lo = from;
        while i128::from(hi) - i128::from(lo) > 1 {
            let mid = ((i128::from(lo) + i128::from(hi)) / 2) as i64;
            if reached(mid) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        hi
    }
}

/// First-response and resolution targets in working minutes, for a case kind on a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct SlaTarget {
    pub first_response_minutes: i64,
    pub resolution_minutes: i64,
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_file;
