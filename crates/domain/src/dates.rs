//! Dates and times in the bureau's time zone: the one place where an instant (epoch
//! milliseconds, UTC, as the store keeps it) becomes a local date or time, and back.
//!
//! The zone is configuration (`time_zone`, default `Asia/Shanghai`), held by a [`Zone`] in the
//! app's settings; nothing else in the code knows an offset. Legal dates (a follow-up date, a
//! report date) are plain `YYYY-MM-DD` in the bureau's calendar. Calendar arithmetic is
//! jiff's; this module only fixes the formats people read and type.

use std::fmt;

use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};
use jiff::{SignedDuration, Timestamp};

/// The default zone: Beijing time, which the bureau keeps.
pub const DEFAULT_ZONE: &str = "Asia/Shanghai";

/// A time zone from the IANA database (compiled in), by its name.
#[derive(Clone, PartialEq, Eq)]
pub struct Zone {
    name: String,
    tz: TimeZone,
}

/// Why a text is not a date, a time or a zone. Each variant has a stable code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("\"{0}\" is not a date: write YYYY-MM-DD, e.g. 2020-02-15")]
    Date(String),
    #[error("\"{0}\" is not a date and time: write YYYY-MM-DD HH:MM, e.g. 2020-02-03 09:30")]
    DateTime(String),
    #[error("\"{0}\" is not a time zone: write an IANA name such as Asia/Shanghai")]
    Zone(String),
}

impl DateError {
    /// A stable snake_case code, also an i18n key.
    pub fn code(&self) -> &'static str {
        match self {
            DateError::Date(_) => "invalid_date",
            DateError::DateTime(_) => "invalid_datetime",
            DateError::Zone(_) => "unknown_time_zone",
        }
    }
}

impl Default for Zone {
    fn default() -> Self {
        // The database is compiled in, so the lookup cannot fail; were it ever missing, Beijing
        // time has had no daylight saving since 1991.
        let tz =
            TimeZone::get(DEFAULT_ZONE).unwrap_or_else(|_| TimeZone::fixed(Offset::constant(8)));
        Zone {
            name: DEFAULT_ZONE.to_owned(),
            tz,
        }
    }
}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Zone({})", self.name)
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// An instant; out-of-range values (a deadline "never", `i64::MAX`) clamp to jiff's range.
fn instant(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(if ms < 0 {
        Timestamp::MIN
    } else {
        Timestamp::MAX
    })
}

const EPOCH: Date = Date::constant(1970, 1, 1);

impl Zone {
    /// A zone by its IANA name, e.g. `Asia/Shanghai` or `Europe/London`.
    pub fn parse(name: &str) -> Result<Zone, DateError> {
        let name = name.trim();
        TimeZone::get(name)
            .map(|tz| Zone {
                name: name.to_owned(),
                tz,
            })
            .map_err(|_| DateError::Zone(name.to_owned()))
    }

    /// The zone's IANA name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The zone's offset from UTC at this instant, in milliseconds.
    pub fn offset_ms(&self, ms: i64) -> i64 {
        i64::from(self.tz.to_offset(instant(ms)).seconds()) * 1000
    }

    fn local(&self, ms: i64) -> DateTime {
        self.tz.to_datetime(instant(ms))
    }

    /// The local date at this instant as `YYYY-MM-DD` ("today" for follow-ups and reports).
    pub fn date(&self, ms: i64) -> String {
        format_date(self.civil_date(ms))
    }

    /// The local calendar date at this instant.
    pub fn civil_date(&self, ms: i64) -> Date {
        self.local(ms).date()
    }

    /// The local date and time at this instant as `YYYY-MM-DD HH:MM`.
    pub fn datetime(&self, ms: i64) -> String {
        let dt = self.local(ms);
        format!(
            "{} {:02}:{:02}",
            format_date(dt.date()),
            dt.hour(),
            dt.minute()
        )
    }

    /// The local date at this instant as days since 1970-01-01.
    pub fn day(&self, ms: i64) -> i64 {
        day_of(self.local(ms).date())
    }

    /// The instant the local day `day` (days since 1970-01-01) begins. Where a midnight does
    /// not exist (a daylight-saving gap), the day begins when the clocks jump.
    pub fn start_of_day(&self, day: i64) -> i64 {
        let date = date_of_day(day);
        self.tz
            .to_ambiguous_timestamp(date.to_datetime(jiff::civil::Time::midnight()))
            .compatible()
            .map(Timestamp::as_millisecond)
            .unwrap_or(if day < 0 { i64::MIN } else { i64::MAX })
    }

    /// Parses a local `YYYY-MM-DD HH:MM` (a `T` between date and time, as an HTML
    /// `datetime-local` input sends it, is accepted) to an instant. A time skipped by a
    /// daylight-saving jump counts from before the jump; a repeated one is the earlier.
    pub fn parse_datetime(&self, s: &str) -> Result<i64, DateError> {
        let s = s.trim();
        let bad = || DateError::DateTime(s.to_owned());
        let (date, time) = s
            .split_once(' ')
            .or_else(|| s.split_once('T'))
            .ok_or_else(bad)?;
        let date = parse_civil(date).map_err(|_| bad())?;
        let (h, m) = time.trim().split_once(':').ok_or_else(bad)?;
        let two_digits = |t: &str| t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit());
        if !two_digits(h) || !two_digits(m) {
            return Err(bad());
        }
        let (h, m): (i8, i8) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        let time = jiff::civil::Time::new(h, m, 0, 0).map_err(|_| bad())?;
        self.tz
            .to_ambiguous_timestamp(date.to_datetime(time))
            .compatible()
            .map(Timestamp::as_millisecond)
            .map_err(|_| bad())
    }
}

fn format_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn day_of(d: Date) -> i64 {
    d.duration_since(EPOCH).as_secs().div_euclid(86_400)
}

/// The date `day` days after 1970-01-01 (clamped to jiff's range of years).
fn date_of_day(day: i64) -> Date {
    let secs = day.saturating_mul(86_400);
    EPOCH
        .checked_add(SignedDuration::from_secs(secs))
        .unwrap_or(if day < 0 { Date::MIN } else { Date::MAX })
}

/// A strict `YYYY-MM-DD` between the years 1900 and 2200.
fn parse_civil(s: &str) -> Result<Date, DateError> {
    let s = s.trim();
    let bad = || DateError::Date(s.to_owned());
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    if parts.len() != 3 || !digits(parts[0], 4) || !digits(parts[1], 2) || !digits(parts[2], 2) {
        return Err(bad());
    }
    let (y, m, d) = match (parts[0].parse(), parts[1].parse(), parts[2].parse()) {
        (Ok(y), Ok(m), Ok(d)) => (y, m, d),
        _ => return Err(bad()),
    };
    if !(1900..=2200).contains(&y) {
        return Err(bad());
    }
    Date::new(y, m, d).map_err(|_| bad())
}

/// A `YYYY-MM-DD` date (checked as [`parse_date`] does) as a calendar date.
pub fn parse_civil_date(s: &str) -> Result<Date, DateError> {
    parse_civil(s)
}

/// A calendar date as `YYYY-MM-DD`, the way it is typed, stored and sent.
pub fn show_date(d: Date) -> String {
    format_date(d)
}

/// Checks a `YYYY-MM-DD` date, including the days of each month; returns it trimmed.
pub fn parse_date(s: &str) -> Result<String, DateError> {
    parse_civil(s).map(format_date)
}

/// Days since 1970-01-01 of a `YYYY-MM-DD`.
pub fn day_number(date: &str) -> Result<i64, DateError> {
    parse_civil(date).map(day_of)
}

/// The `YYYY-MM-DD` of a day number (days since 1970-01-01).
pub fn date_string(day: i64) -> String {
    format_date(date_of_day(day))
}

/// The day after a calendar date (the last representable date stays as it is).
pub fn next_day(date: Date) -> Date {
    date.tomorrow().unwrap_or(date)
}

#[cfg(test)]
mod tests;
