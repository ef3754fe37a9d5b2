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

mod file;

pub use file::{DayError, check_day};

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

/// Working periods written as `09:00-12:00,13:30-17:30` (sorted, not overlapping).
pub fn parse_working_hours(s: &str) -> Result<Vec<(u32, u32)>, String> {
    let minute = |t: &str| -> Result<u32, String> {
        let (h, m) = t
            .trim()
            .split_once(':')
            .ok_or_else(|| format!("\"{t}\" is not a time like 09:00"))?;
        let (h, m): (u32, u32) = (
            h.parse()
                .map_err(|_| format!("\"{t}\" is not a time like 09:00"))?,
            m.parse()
                .map_err(|_| format!("\"{t}\" is not a time like 09:00"))?,
        );
        if h > 24 || m > 59 || h * 60 + m > DAY_MINUTES {
            return Err(format!("\"{t}\" is not a time of day"));
        }
        Ok(h * 60 + m)
    };
    let mut periods = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (a, b) = part
            .split_once('-')
            .ok_or_else(|| format!("\"{part}\" is not a period like 09:00-12:00"))?;
        let (a, b) = (minute(a)?, minute(b)?);
        if a >= b {
            return Err(format!("\"{part}\" ends before it starts"));
        }
        if periods.last().is_some_and(|&(_, end)| a < end) {
            return Err(format!(
                "\"{part}\" overlaps or precedes the period before it"
            ));
        }
        periods.push((a, b));
    }
    if periods.is_empty() {
        return Err("give at least one working period, e.g. 09:00-12:00,13:30-17:30".into());
    }
    Ok(periods)
}

/// Working weekdays written as `mon,tue,wed,thu,fri` (or a range such as `mon-fri`).
pub fn parse_working_days(s: &str) -> Result<[bool; 7], String> {
    const NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let index = |d: &str| {
        let d = d.trim().to_lowercase();
        NAMES
            .iter()
            .position(|n| d.starts_with(n))
            .ok_or_else(|| format!("\"{d}\" is not a weekday (mon … sun)"))
    };
    let mut days = [false; 7];
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (index(a)?, index(b)?);
                if a > b {
                    return Err(format!("\"{part}\" runs backwards"));
                }
                for d in &mut days[a..=b] {
                    *d = true;
                }
            }
            None => days[index(part)?] = true,
        }
    }
    if !days.iter().any(|d| *d) {
        return Err("give at least one working weekday, e.g. mon-fri".into());
    }
    Ok(days)
}

/// An SLA clock's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClockState {
    Running,
    AtRisk,
    Breached,
    Met,
    Paused,
}

/// One clock (first response or resolution) of a case.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Clock {
    pub target_minutes: i64,
    /// Working minutes used, counting a begun minute as used (so that `used_minutes >
    /// target_minutes` exactly when the clock ran past `due_at`).
    pub used_minutes: i64,
    /// Epoch ms; `None` while paused.
    pub due_at: Option<i64>,
    pub state: ClockState,
    pub stopped_at: Option<i64>,
}

/// Computes a clock.
///
/// * `start_ms`: when the case arrived.
/// * `stop_ms`: when the clock was satisfied (first response given / case resolved), if it was.
/// * `pauses`: intervals `[from, to)` during which the clock does not run (the case was waiting
///   on the enterprise); `to == None` means still paused. Pauses are clipped to the clock's
///   span (start to stop, or to now) and overlapping pauses are merged.
/// * `now_ms`: now.
///
/// Used time = working time between start and (stop or now) minus working time inside the
/// pauses; `used_minutes` is that rounded *up* to whole minutes.
///
/// State: stopped → `Met` if used <= target, else `Breached`. Not stopped → `Breached` if used >
/// target; `Paused` if now is inside a pause (an open one, or a closed one not yet over);
/// `AtRisk` if used >= 80% of target; else `Running`.
///
/// `due_at` is the instant the target is (or was, or would have been) reached, walking working
/// time from the start and skipping the pauses: for a running clock that is "now plus the
/// remaining working minutes"; for a breached clock, the instant it crossed the target; for a
/// stopped clock, the deadline as extended by the pauses before the stop (it may lie after the
/// stop for a met clock). `None` only in the `Paused` state.
pub fn clock(
    cal: &Calendar,
    target_minutes: i64,
    start_ms: i64,
    stop_ms: Option<i64>,
    pauses: &[(i64, Option<i64>)],
    now_ms: i64,
) -> Clock {
    let plan = Plan::new(cal);
    let end = stop_ms.unwrap_or(now_ms).max(start_ms);

    let mut clipped: Vec<(i64, i64)> = pauses
        .iter()
        .map(|&(from, to)| (from.max(start_ms), to.unwrap_or(end).min(end)))
        .filter(|(from, to)| from < to)
        .collect();
    clipped.sort_unstable();
    let mut merged: Vec<(i64, i64)> = Vec::with_capacity(clipped.len());
    for (from, to) in clipped {
        match merged.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }

    let paused_ms: i128 = merged.iter().map(|&(f, t)| plan.between(f, t)).sum();
    let used_ms = (plan.between(start_ms, end) - paused_ms).max(0);
    let used = used_ms.div_euclid(MINUTE_MS) + i128::from(used_ms.rem_euclid(MINUTE_MS) != 0);
    let target = i128::from(target_minutes);

    let paused_now = stop_ms.is_none()
        && pauses
            .iter()
            .any(|&(from, to)| from <= now_ms && to.is_none_or(|to| now_ms < to));
    let state = if stop_ms.is_some() {
        if used <= target {
            ClockState::Met
        } else {
            ClockState::Breached
        }
    } else if used > target {
        ClockState::Breached
    } else if paused_now {
        ClockState::Paused
    } else if used * 5 >= target * 4 {
        ClockState::AtRisk
    } else {
        ClockState::Running
    };

    let due_at = if state == ClockState::Paused {
        None
    } else {
        // Walk working time from the start, skipping the pauses, until the target is reached.
        let mut remaining = target * MINUTE_MS;
        let mut cursor = start_ms;
        let mut due = None;
        for &(from, to) in &merged {
            let stretch = plan.between(cursor, from);
            if stretch >= remaining {
                due = Some(plan.add(cursor, remaining));
                break;
            }
            remaining -= stretch;
            cursor = to;
        }
        Some(due.unwrap_or_else(|| plan.add(cursor, remaining)))
    };

    Clock {
        target_minutes,
        used_minutes: clamp_i64(used),
        due_at,
        state,
        stopped_at: stop_ms,
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
