//! The bureau's working calendar and SLA clocks.
//!
//! Targets are counted in *working minutes*: minutes inside the working periods of a working
//! day. Instants are epoch milliseconds (UTC); the bureau's local time is Beijing time (UTC+8,
//! no daylight saving). A working day is decided by the weekly rule (Monday to Friday by
//! default) unless the calendar lists the date as a special day: a public holiday falling on a
//! weekday, or a make-up working day (调休) falling on a weekend.
//!
//! All arithmetic is done in milliseconds internally, so that `add_working_minutes` and
//! `working_minutes_between` are exact inverses; the public results are whole minutes. Nothing
//! here loops minute by minute or day by day: counting uses whole weeks plus the special days
//! in range, and finding a deadline is a binary search over that count.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use crate::dates::{civil_from_days, parse_date};

const MINUTE_MS: i128 = 60_000;
const DAY_MS: i128 = 86_400_000;
const DAY_MINUTES: u32 = 1440;
/// Beijing is UTC+8 all year.
const OFFSET_MS: i128 = 8 * 3_600_000;

/// A day that differs from the weekly rule.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
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
}

impl Default for Calendar {
    fn default() -> Self {
        Self {
            periods: vec![(540, 720), (810, 1050)],
            weekdays: [true, true, true, true, true, false, false],
            special: BTreeMap::new(),
        }
    }
}

/// One problem in a calendar file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CalendarError {
    /// 1-based line number in the file.
    pub line: usize,
    /// `date`, `type`, `name`, `header` (the header line) or `row` (the line as a whole).
    pub column: String,
    pub value: String,
    pub reason: String,
}

impl CalendarError {
    fn new(line: usize, column: &str, value: &str, reason: impl Into<String>) -> Self {
        Self {
            line,
            column: column.to_owned(),
            value: value.to_owned(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, {} \"{}\": {}",
            self.line, self.column, self.value, self.reason
        )
    }
}

/// Monday = 0 .. Sunday = 6. 1970-01-01 was a Thursday.
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

    /// Parses a calendar file: UTF-8 CSV (a byte-order mark is tolerated) with a header
    /// `date,type,name` (columns in any order; `name` may be left out; 日期/类型/名称 are
    /// accepted too). `type` is `holiday` or `workday`, or 休 / 班. Blank lines and lines
    /// starting with `#` are ignored; fields may be double-quoted (`"a, b"`, `""` for a quote).
    ///
    /// Returns the special days in file order, or every problem found. A duplicate date is an
    /// error on the later line whose reason names the earlier one. A holiday on a weekend or a
    /// workday on a weekday is accepted (it changes nothing).
    pub fn parse_special_days(text: &str) -> Result<Vec<SpecialDay>, Vec<CalendarError>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut errors = Vec::new();
        let mut days = Vec::new();
        let mut seen: HashMap<i64, usize> = HashMap::new();
        let mut header: Option<Header> = None;

        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let fields = match split_csv_line(raw) {
                Ok(fields) => fields,
                Err(reason) => {
                    errors.push(CalendarError::new(line, "row", trimmed, reason));
                    continue;
                }
            };
            let Some(h) = &header else {
                match Header::parse(&fields) {
                    Ok(h) => header = Some(h),
                    Err(reason) => {
                        errors.push(CalendarError::new(line, "header", trimmed, reason));
                        return Err(errors);
                    }
                }
                continue;
            };

            let field = |i: Option<usize>| {
                i.and_then(|i| fields.get(i))
                    .map(|f| f.trim())
                    .unwrap_or_default()
            };
            if let Some(extra) = fields
                .iter()
                .enumerate()
                .find(|(i, f)| *i >= h.width && !f.trim().is_empty())
            {
                errors.push(CalendarError::new(
                    line,
                    "row",
                    extra.1.trim(),
                    format!(
                        "this line has more fields than the header ({}): quote a name that contains a comma",
                        h.width
                    ),
                ));
                continue;
            }

            let date_value = field(Some(h.date));
            let date = if date_value.is_empty() {
                errors.push(CalendarError::new(
                    line,
                    "date",
                    date_value,
                    "the date is required",
                ));
                None
            } else {
                match parse_date(date_value).and_then(|d| day_number(&d).map(|n| (d, n))) {
                    Ok(found) => Some(found),
                    Err(_) => {
                        errors.push(CalendarError::new(
                            line,
                            "date",
                            date_value,
                            "not a valid date: write YYYY-MM-DD, e.g. 2020-01-24",
                        ));
                        None
                    }
                }
            };

            let type_value = field(Some(h.kind));
            let working = match type_value.to_lowercase().as_str() {
                "holiday" | "休" => Some(false),
                "workday" | "班" => Some(true),
                "" => {
                    errors.push(CalendarError::new(
                        line,
                        "type",
                        type_value,
                        "the type is required: holiday (休) or workday (班)",
                    ));
                    None
                }
                _ => {
                    errors.push(CalendarError::new(
                        line,
                        "type",
                        type_value,
                        "unknown type: write holiday (休) or workday (班)",
                    ));
                    None
                }
            };

            if let Some((_, n)) = &date {
                if let Some(first) = seen.get(n) {
                    errors.push(CalendarError::new(
                        line,
                        "date",
                        date_value,
                        format!("duplicate date: already listed on line {first}"),
                    ));
                    continue;
                }
                seen.insert(*n, line);
            }
            if let (Some((date, _)), Some(working)) = (date, working) {
                days.push(SpecialDay {
                    date,
                    working,
                    name: field(h.name).to_owned(),
                });
            }
        }

        if header.is_none() {
            errors.push(CalendarError::new(
                1,
                "header",
                "",
                "the file is empty: expected a header line date,type,name",
            ));
        }
        if errors.is_empty() {
            Ok(days)
        } else {
            Err(errors)
        }
    }

    /// Adds (or replaces) special days. A day whose date is not a valid `YYYY-MM-DD` is
    /// skipped (days from [`Calendar::parse_special_days`] are always valid).
    pub fn with_special_days(mut self, days: &[SpecialDay]) -> Self {
        for d in days {
            if let Ok(n) = day_number(&d.date) {
                self.special.insert(n, d.clone());
            }
        }
        self
    }
}

/// Column positions of a calendar file.
struct Header {
    date: usize,
    kind: usize,
    name: Option<usize>,
    width: usize,
}

impl Header {
    fn parse(fields: &[String]) -> Result<Self, String> {
        let (mut date, mut kind, mut name) = (None, None, None);
        for (i, f) in fields.iter().enumerate() {
            let slot = match f.trim().to_lowercase().as_str() {
                "date" | "日期" => &mut date,
                "type" | "类型" => &mut kind,
                "name" | "名称" => &mut name,
                // An empty header cell (a trailing comma from a spreadsheet) is ignored.
                "" => continue,
                _ => {
                    return Err(format!(
                        "unknown column \"{}\": expected the header date,type,name",
                        f.trim()
                    ));
                }
            };
            if slot.is_some() {
                return Err(format!("column \"{}\" appears twice", f.trim()));
            }
            *slot = Some(i);
        }
        match (date, kind) {
            (Some(date), Some(kind)) => Ok(Self {
                date,
                kind,
                name,
                width: fields.len(),
            }),
            _ => Err("expected the header date,type,name".to_owned()),
        }
    }
}

/// Splits one CSV line into fields, honouring double quotes.
fn split_csv_line(line: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut current = String::new();
    let mut in_quotes = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    current.push('"');
                } else {
                    in_quotes = false;
                }
            } else {
                current.push(c);
            }
        } else {
            match c {
                ',' => fields.push(std::mem::take(&mut current)),
                '"' if current.trim().is_empty() => {
                    current.clear();
                    in_quotes = true;
                }
                _ => current.push(c),
            }
        }
    }
    if in_quotes {
        return Err("a quoted field is not closed".to_owned());
    }
    fields.push(current);
    Ok(fields)
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
        let local_from = i128::from(from) + OFFSET_MS;
        let local_to = i128::from(to) + OFFSET_MS;
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

/// An SLA clock's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockState {
    Running,
    AtRisk,
    Breached,
    Met,
    Paused,
}

/// One clock (first response or resolution) of a case.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
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

/// Formats epoch ms as local `YYYY-MM-DD HH:MM` (UTC+8).
pub fn local_datetime(ms: i64) -> String {
    let local = i128::from(ms) + OFFSET_MS;
    let day = local.div_euclid(DAY_MS) as i64;
    let minute = local.rem_euclid(DAY_MS) / MINUTE_MS;
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", minute / 60, minute % 60)
}

/// Parses local `YYYY-MM-DD HH:MM` (UTC+8) to epoch ms. A `T` between date and time (as sent
/// by an HTML `datetime-local` input) is accepted too.
pub fn parse_local_datetime(s: &str) -> Result<i64, String> {
    let s = s.trim();
    let bad =
        || format!("\"{s}\" is not a date and time: write YYYY-MM-DD HH:MM, e.g. 2020-02-03 09:30");
    let (date, time) = s
        .split_once(' ')
        .or_else(|| s.split_once('T'))
        .ok_or_else(bad)?;
    let day = day_number(date).map_err(|_| bad())?;
    let time = time.trim();
    let (h, m) = time.split_once(':').ok_or_else(bad)?;
    if h.len() != 2 || m.len() != 2 || !(h.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let (h, m): (i64, i64) = match (h.parse(), m.parse()) {
        (Ok(h), Ok(m)) if h < 24 && m < 60 => (h, m),
        _ => return Err(bad()),
    };
    Ok(day * 86_400_000 + (h * 60 + m) * 60_000 - 8 * 3_600_000)
}

/// Days since 1970-01-01 of a `YYYY-MM-DD`.
pub fn day_number(date: &str) -> Result<i64, String> {
    let date = parse_date(date)?;
    let num = |r: std::ops::Range<usize>| date.get(r).and_then(|p| p.parse::<i64>().ok());
    match (num(0..4), num(5..7), num(8..10)) {
        (Some(y), Some(m), Some(d)) => Ok(days_from_civil(y, m, d)),
        _ => Err(format!("\"{date}\" is not a date: write YYYY-MM-DD")),
    }
}

/// (year, month, day) in the proleptic Gregorian calendar to days since 1970-01-01; the
/// inverse of [`civil_from_days`].
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> i64 {
        parse_local_datetime(s).unwrap()
    }

    fn day(s: &str) -> i64 {
        day_number(s).unwrap()
    }

    /// The bureau's 2020 calendar around the Spring Festival: New Year's Day, the festival
    /// as extended by the State Council to 2020-02-02, and the make-up Sunday 2020-01-19.
    /// (The make-up Saturday 2020-02-01 of the original plan fell inside the extension.)
    const CAL_2020: &str = "\u{feff}date,type,name\n\
        # 2020 national holidays (国务院办公厅)\n\
        2020-01-01,holiday,元旦\n\
        \n\
        2020-01-19,班,春节调休\n\
        2020-01-24,holiday,春节\n\
        2020-01-25,holiday,春节\n\
        2020-01-26,holiday,春节\n\
        2020-01-27,holiday,春节\n\
        2020-01-28,holiday,春节\n\
        2020-01-29,holiday,春节\n\
        2020-01-30,holiday,春节\n\
        2020-01-31,休,\"春节 (extended, 国办发明电〔2020〕1号)\"\n\
        2020-02-01,holiday,春节 (extended)\n\
        2020-02-02,holiday,春节 (extended)\r\n";

    fn cal_2020() -> Calendar {
        let days = Calendar::parse_special_days(CAL_2020).unwrap();
        Calendar::default().with_special_days(&days)
    }

    /// Reference implementation: walks minute by minute (for minute-aligned instants).
    fn brute_between(cal: &Calendar, from: i64, to: i64) -> i64 {
        let mut n = 0;
        let mut m = from;
        while m < to {
            let local_min = (m + 8 * 3_600_000).div_euclid(60_000);
            let d = local_min.div_euclid(1440);
            let mod_ = local_min.rem_euclid(1440) as u32;
            if cal.is_working_day(d) && cal.periods.iter().any(|&(s, e)| s <= mod_ && mod_ < e) {
                n += 1;
            }
            m += 60_000;
        }
        n
    }

    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            self.0 >> 33
        }
        fn below(&mut self, n: u64) -> i64 {
            (self.next() % n) as i64
        }
    }

    #[test]
    fn dates_and_local_time() {
        assert_eq!(day("1970-01-01"), 0);
        assert_eq!(day("2020-01-24"), 18_285);
        assert!(day_number("2020-02-30").unwrap_err().contains("not a date"));
        for d in [-800_000, -1, 0, 1, 18_285, 60_000, 100_000] {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
        // 2020-01-31 16:00 UTC is midnight in Beijing.
        assert_eq!(local_datetime(1_580_486_400_000), "2020-02-01 00:00");
        assert_eq!(t("2020-02-01 00:00"), 1_580_486_400_000);
        assert_eq!(t("2020-02-01T08:00"), 1_580_486_400_000 + 8 * 3_600_000);
        assert_eq!(t("2020-02-01 08:00"), 1_580_515_200_000);
        assert_eq!(local_datetime(t("2020-01-23 23:59")), "2020-01-23 23:59");
        assert_eq!(
            local_datetime(t("2020-01-24 00:00") - 1),
            "2020-01-23 23:59"
        );
        assert_eq!(local_datetime(-1), "1970-01-01 07:59");
        for bad in [
            "2020-02-01",
            "2020-02-01 24:00",
            "2020-02-01 12:60",
            "2020-02-01 9:30",
            "2020-02-30 09:30",
            "2020-02-01 +9:30",
            "",
        ] {
            assert!(parse_local_datetime(bad).is_err(), "{bad}");
        }
        // Weekdays: 1970-01-01 was a Thursday; 2020-01-19 a Sunday; 2020-01-24 a Friday.
        assert_eq!(weekday(0), 3);
        assert_eq!(weekday(day("2020-01-19")), 6);
        assert_eq!(weekday(day("2020-01-24")), 4);
        assert_eq!(weekday(-1), 2);
    }

    #[test]
    fn working_days_follow_the_2020_calendar() {
        let cal = cal_2020();
        assert_eq!(cal.special.len(), 12);
        assert!(cal.is_working_day(day("2020-01-23")), "Thursday");
        assert!(
            !cal.is_working_day(day("2020-01-24")),
            "Spring Festival eve"
        );
        assert!(!cal.is_working_day(day("2020-01-31")), "extended holiday");
        assert!(cal.is_working_day(day("2020-01-19")), "make-up Sunday");
        assert!(!cal.is_working_day(day("2020-01-18")), "ordinary Saturday");
        assert!(
            !cal.is_working_day(day("2020-02-01")),
            "Saturday, make-up cancelled"
        );
        assert!(cal.is_working_day(day("2020-02-03")), "back to work");
        assert!(!cal.is_working_day(day("2020-01-01")), "New Year's Day");
        let d = Calendar::default();
        assert!(d.is_working_day(day("2020-01-24")));
        assert!(!d.is_working_day(day("2020-01-19")));
    }

    #[test]
    fn minutes_between() {
        let cal = Calendar::default();
        // A full working day is 420 minutes.
        assert_eq!(
            cal.working_minutes_between(t("2020-03-09 00:00"), t("2020-03-10 00:00")),
            420
        );
        assert_eq!(
            cal.working_minutes_between(t("2020-03-09 08:00"), t("2020-03-09 09:30")),
            30
        );
        assert_eq!(
            cal.working_minutes_between(t("2020-03-09 11:30"), t("2020-03-09 14:00")),
            60
        );
        assert_eq!(
            cal.working_minutes_between(t("2020-03-09 12:00"), t("2020-03-09 13:30")),
            0
        );
        // Mon 09:00 to next Mon 09:00: five working days.
        assert_eq!(
            cal.working_minutes_between(t("2020-03-09 09:00"), t("2020-03-16 09:00")),
            2100
        );
        assert_eq!(
            cal.working_minutes_between(t("2020-03-16 09:00"), t("2020-03-09 09:00")),
            0
        );
        assert_eq!(
            cal.working_minutes_between(t("2020-03-09 10:00"), t("2020-03-09 10:00")),
            0
        );
        // Partial minutes round down.
        assert_eq!(
            cal.working_minutes_between(t("2020-03-09 10:00"), t("2020-03-09 10:01") - 1),
            0
        );
        // January 2020: 23 weekdays; minus New Year's Day and 6 festival weekdays (24, 27-31),
        // plus the make-up Sunday 19th: 17 working days.
        let c = cal_2020();
        assert_eq!(
            c.working_minutes_between(t("2020-01-01 00:00"), t("2020-02-01 00:00")),
            17 * 420
        );
        assert_eq!(
            cal.working_minutes_between(t("2020-01-01 00:00"), t("2020-02-01 00:00")),
            23 * 420
        );
        // A year and more, quickly.
        assert_eq!(
            cal.working_minutes_between(t("2019-12-30 00:00"), t("2020-12-28 00:00")),
            52 * 5 * 420
        );
    }

    #[test]
    fn due_across_a_weekend() {
        let cal = Calendar::default();
        // Friday 17:00 + 60 minutes: 30 on Friday, 30 on Monday.
        assert_eq!(
            local_datetime(cal.add_working_minutes(t("2020-03-06 17:00"), 60)),
            "2020-03-09 09:30"
        );
        // Friday 09:00 + 5 days of work = Thursday 17:30.
        assert_eq!(
            local_datetime(cal.add_working_minutes(t("2020-03-06 09:00"), 5 * 420)),
            "2020-03-12 17:30"
        );
        // Saturday: counting starts Monday 09:00.
        assert_eq!(
            local_datetime(cal.add_working_minutes(t("2020-03-07 10:00"), 30)),
            "2020-03-09 09:30"
        );
    }

    #[test]
    fn due_across_the_spring_festival() {
        let cal = cal_2020();
        // Thursday 2020-01-23 16:00, one working day (420): 90 minutes on the 23rd, then the
        // holiday runs to Sunday 02-02; 330 minutes on Monday 02-03 end at 16:00.
        let from = t("2020-01-23 16:00");
        let due = cal.add_working_minutes(from, 420);
        assert_eq!(local_datetime(due), "2020-02-03 16:00");
        assert_eq!(cal.working_minutes_between(from, due), 420);
        // Without the holidays it would have been Friday the 24th.
        assert_eq!(
            local_datetime(Calendar::default().add_working_minutes(from, 420)),
            "2020-01-24 16:00"
        );
        // New Year's Day: Tuesday 2019-12-31 17:00 + 60 → Thursday 2020-01-02 09:30.
        assert_eq!(
            local_datetime(cal.add_working_minutes(t("2019-12-31 17:00"), 60)),
            "2020-01-02 09:30"
        );
    }

    #[test]
    fn make_up_sunday_counts_as_working() {
        let cal = cal_2020();
        // Friday 2020-01-17 16:00 + 420: 90 on Friday, Saturday off, 330 on the make-up Sunday.
        assert_eq!(
            local_datetime(cal.add_working_minutes(t("2020-01-17 16:00"), 420)),
            "2020-01-19 16:00"
        );
        assert_eq!(
            cal.working_minutes_between(t("2020-01-19 00:00"), t("2020-01-20 00:00")),
            420
        );
        // A make-up Saturday works the same way.
        let sat = Calendar::default().with_special_days(&[SpecialDay {
            date: "2020-03-07".into(),
            working: true,
            name: "test".into(),
        }]);
        assert_eq!(
            local_datetime(sat.add_working_minutes(t("2020-03-06 17:00"), 60)),
            "2020-03-07 09:30"
        );
    }

    #[test]
    fn starting_outside_hours_or_at_lunch() {
        let cal = Calendar::default();
        assert_eq!(
            local_datetime(cal.add_working_minutes(t("2020-03-09 07:00"), 60)),
            "2020-03-09 10:00"
        );
        assert_eq!(
            local_datetime(cal.add_working_minutes(t("2020-03-09 12:15"), 30)),
            "2020-03-09 14:00"
        );
        assert_eq!(
            local_datetime(cal.add_working_minutes(t("2020-03-09 18:00"), 1)),
            "2020-03-10 09:01"
        );
        assert_eq!(
            local_datetime(cal.add_working_minutes(t("2020-03-09 11:50"), 20)),
            "2020-03-09 13:40"
        );
        // Zero (or negative) minutes: unchanged, even at lunch.
        assert_eq!(
            cal.add_working_minutes(t("2020-03-09 12:15"), 0),
            t("2020-03-09 12:15")
        );
        assert_eq!(
            cal.add_working_minutes(t("2020-03-09 12:15"), -5),
            t("2020-03-09 12:15")
        );
    }

    #[test]
    fn deadline_exactly_at_period_end() {
        let cal = Calendar::default();
        assert_eq!(
            local_datetime(cal.add_working_minutes(t("2020-03-09 09:00"), 180)),
            "2020-03-09 12:00"
        );
        assert_eq!(
            local_datetime(cal.add_working_minutes(t("2020-03-09 09:00"), 181)),
            "2020-03-09 13:31"
        );
        assert_eq!(
            local_datetime(cal.add_working_minutes(t("2020-03-09 09:00"), 420)),
            "2020-03-09 17:30"
        );
        // Friday's close, not Monday's opening.
        assert_eq!(
            local_datetime(cal.add_working_minutes(t("2020-03-06 17:00"), 30)),
            "2020-03-06 17:30"
        );
        // Before the festival: Thursday 2020-01-23 17:00 + 30 is that day's close.
        assert_eq!(
            local_datetime(cal_2020().add_working_minutes(t("2020-01-23 17:00"), 30)),
            "2020-01-23 17:30"
        );
    }

    #[test]
    fn pauses_extend_the_deadline_and_stop_the_clock() {
        let cal = Calendar::default();
        let start = t("2020-03-09 09:00"); // Monday
        // No pause: due the same day at 17:30.
        let c = clock(&cal, 420, start, None, &[], t("2020-03-09 11:00"));
        assert_eq!(c.used_minutes, 120);
        assert_eq!(c.state, ClockState::Running);
        assert_eq!(
            c.due_at.map(local_datetime).as_deref(),
            Some("2020-03-09 17:30")
        );
        assert_eq!(c.stopped_at, None);

        // Waiting on the enterprise from Monday 10:00 to Tuesday 10:00 (420 working minutes).
        let pauses = [(t("2020-03-09 10:00"), Some(t("2020-03-10 10:00")))];
        let c = clock(&cal, 420, start, None, &pauses, t("2020-03-10 11:00"));
        assert_eq!(c.used_minutes, 60 + 60);
        assert_eq!(c.state, ClockState::Running);
        assert_eq!(
            c.due_at.map(local_datetime).as_deref(),
            Some("2020-03-10 17:30")
        );
        // Same answer as "now plus what is left".
        assert_eq!(
            c.due_at,
            Some(cal.add_working_minutes(t("2020-03-10 11:00"), 420 - 120))
        );

        // Still waiting (open pause): Paused, no due time, the clock stopped at 10:00.
        let open = [(t("2020-03-09 10:00"), None)];
        let c = clock(&cal, 420, start, None, &open, t("2020-03-10 11:00"));
        assert_eq!(c.state, ClockState::Paused);
        assert_eq!(c.due_at, None);
        assert_eq!(c.used_minutes, 60);
        // Even weeks later it does not breach.
        let c = clock(&cal, 420, start, None, &open, t("2020-04-10 11:00"));
        assert_eq!((c.state, c.used_minutes), (ClockState::Paused, 60));

        // Overlapping pauses are merged, and pauses outside the span are clipped.
        let messy = [
            (t("2020-03-09 10:00"), Some(t("2020-03-09 16:00"))),
            (t("2020-03-09 15:00"), Some(t("2020-03-10 10:00"))),
            (t("2020-03-01 00:00"), Some(t("2020-03-09 09:30"))),
        ];
        let c = clock(&cal, 420, start, None, &messy, t("2020-03-10 11:00"));
        assert_eq!(c.used_minutes, 30 + 60);
        assert_eq!(
            c.due_at.map(local_datetime).as_deref(),
            Some("2020-03-11 09:30")
        );

        // A pause over a weekend costs nothing extra.
        let fri = t("2020-03-06 17:00");
        let weekend = [(t("2020-03-06 18:00"), Some(t("2020-03-09 08:00")))];
        let c = clock(&cal, 60, fri, None, &weekend, t("2020-03-09 09:10"));
        assert_eq!(c.used_minutes, 40);
        assert_eq!(
            c.due_at.map(local_datetime).as_deref(),
            Some("2020-03-09 09:30")
        );
    }

    #[test]
    fn at_risk_threshold() {
        let cal = Calendar::default();
        let start = t("2020-03-09 09:00");
        let at = |now: &str| clock(&cal, 100, start, None, &[], t(now));
        assert_eq!(at("2020-03-09 10:19").state, ClockState::Running);
        assert_eq!(at("2020-03-09 10:20").state, ClockState::AtRisk);
        assert_eq!(at("2020-03-09 10:20").used_minutes, 80);
        assert_eq!(
            at("2020-03-09 10:40").state,
            ClockState::AtRisk,
            "used == target"
        );
        let late = clock(&cal, 100, start, None, &[], t("2020-03-09 10:40") + 1);
        assert_eq!((late.state, late.used_minutes), (ClockState::Breached, 101));
        assert_eq!(late.due_at, Some(t("2020-03-09 10:40")));
        // Breached long ago: due_at is the crossing instant, even through a pause.
        let pauses = [(t("2020-03-09 09:30"), Some(t("2020-03-09 14:00")))];
        let c = clock(&cal, 100, start, None, &pauses, t("2020-03-12 10:00"));
        assert_eq!(c.state, ClockState::Breached);
        assert_eq!(
            c.due_at.map(local_datetime).as_deref(),
            Some("2020-03-09 15:10")
        );
        // A clock breached before an open pause began stays breached, with its crossing time.
        let open = [(t("2020-03-09 11:00"), None)];
        let c = clock(&cal, 100, start, None, &open, t("2020-03-12 10:00"));
        assert_eq!((c.state, c.used_minutes), (ClockState::Breached, 120));
        assert_eq!(
            c.due_at.map(local_datetime).as_deref(),
            Some("2020-03-09 10:40")
        );
        // Not yet started (case registered for later) and target 0.
        assert_eq!(
            clock(&cal, 100, start, None, &[], start - 3_600_000).state,
            ClockState::Running
        );
        assert_eq!(clock(&cal, 0, start, None, &[], start).due_at, Some(start));
    }

    #[test]
    fn met_or_breached_when_stopped() {
        let cal = cal_2020();
        let start = t("2020-01-23 16:00");
        // Resolved on the due minute: met.
        let c = clock(
            &cal,
            420,
            start,
            Some(t("2020-02-03 16:00")),
            &[],
            t("2020-03-01 09:00"),
        );
        assert_eq!((c.state, c.used_minutes), (ClockState::Met, 420));
        assert_eq!(
            c.due_at.map(local_datetime).as_deref(),
            Some("2020-02-03 16:00")
        );
        assert_eq!(c.stopped_at, Some(t("2020-02-03 16:00")));
        // Early: met, and the due time is still the theoretical one.
        let c = clock(
            &cal,
            420,
            start,
            Some(t("2020-01-23 17:00")),
            &[],
            t("2020-03-01 09:00"),
        );
        assert_eq!((c.state, c.used_minutes), (ClockState::Met, 60));
        assert_eq!(
            c.due_at.map(local_datetime).as_deref(),
            Some("2020-02-03 16:00")
        );
        // A second late: breached.
        let c = clock(
            &cal,
            420,
            start,
            Some(t("2020-02-03 16:00") + 1000),
            &[],
            t("2020-03-01 09:00"),
        );
        assert_eq!((c.state, c.used_minutes), (ClockState::Breached, 421));
        // Late, but the enterprise kept us waiting a day: met, and the deadline moved.
        let pauses = [(t("2020-02-03 09:00"), Some(t("2020-02-04 09:00")))];
        let c = clock(
            &cal,
            420,
            start,
            Some(t("2020-02-04 15:00")),
            &pauses,
            t("2020-03-01 09:00"),
        );
        assert_eq!((c.state, c.used_minutes), (ClockState::Met, 90 + 270));
        assert_eq!(
            c.due_at.map(local_datetime).as_deref(),
            Some("2020-02-04 16:00")
        );
        // Stopped while a pause was still open: the pause ends at the stop; stopped wins.
        let open = [(t("2020-02-03 09:00"), None)];
        let c = clock(
            &cal,
            420,
            start,
            Some(t("2020-02-05 09:00")),
            &open,
            t("2020-03-01 09:00"),
        );
        assert_eq!((c.state, c.used_minutes), (ClockState::Met, 90));
        assert_eq!(
            c.due_at.map(local_datetime).as_deref(),
            Some("2020-02-05 16:00")
        );
    }

    #[test]
    fn parse_a_calendar_file() {
        let days = Calendar::parse_special_days(CAL_2020).unwrap();
        assert_eq!(days.len(), 12);
        assert_eq!(
            days[1],
            SpecialDay {
                date: "2020-01-19".into(),
                working: true,
                name: "春节调休".into()
            }
        );
        assert_eq!(days[9].date, "2020-01-31");
        assert_eq!(days[9].name, "春节 (extended, 国办发明电〔2020〕1号)");
        assert!(!days[9].working);
        // Columns in another order, no name, harmless no-ops, trailing empty field.
        let days =
            Calendar::parse_special_days("Type , Date,\nholiday,2020-03-07\nworkday,2020-03-09,\n")
                .unwrap();
        assert_eq!(days.len(), 2);
        assert_eq!(days[0].name, "");
        let cal = Calendar::default().with_special_days(&days);
        assert_eq!(
            cal,
            Calendar {
                special: cal.special.clone(),
                ..Calendar::default()
            }
        );
        assert_eq!(
            cal.working_minutes_between(t("2020-03-07 00:00"), t("2020-03-10 00:00")),
            420
        );
        // Just a header: no special days.
        assert_eq!(
            Calendar::parse_special_days("date,type,name\n").unwrap(),
            vec![]
        );
    }

    #[test]
    fn parse_errors_name_line_column_value_and_reason() {
        let text = "date,type,name\n\
            2020-01-24,holiday,春节\n\
            2020-02-30,holiday,bad date\n\
            # comment\n\
            2020-01-25,vacation,bad type\n\
            2020-01-24,workday,again\n\
            20200126,假,both bad\n\
            ,holiday,no date\n\
            2020-01-27,holiday,\"unclosed\n\
            2020-01-28,holiday,a,b\n";
        let errors = Calendar::parse_special_days(text).unwrap_err();
        let brief: Vec<(usize, &str, &str)> = errors
            .iter()
            .map(|e| (e.line, e.column.as_str(), e.value.as_str()))
            .collect();
        assert_eq!(
            brief,
            vec![
                (3, "date", "2020-02-30"),
                (5, "type", "vacation"),
                (6, "date", "2020-01-24"),
                (7, "date", "20200126"),
                (7, "type", "假"),
                (8, "date", ""),
                (9, "row", "2020-01-27,holiday,\"unclosed"),
                (10, "row", "b"),
            ]
        );
        assert!(errors[0].reason.contains("YYYY-MM-DD"));
        assert!(errors[1].reason.contains("unknown type"));
        assert!(errors[2].reason.contains("duplicate") && errors[2].reason.contains("line 2"));
        assert!(errors[5].reason.contains("required"));
        assert_eq!(
            errors[2].to_string(),
            "line 6, date \"2020-01-24\": duplicate date: already listed on line 2"
        );

        // A missing or wrong header stops at once.
        let e = Calendar::parse_special_days("2020-01-24,holiday,春节\n").unwrap_err();
        assert_eq!((e.len(), e[0].line, e[0].column.as_str()), (1, 1, "header"));
        let e = Calendar::parse_special_days("\n# notes\ndate,kind,name\n").unwrap_err();
        assert_eq!((e[0].line, e[0].value.as_str()), (3, "date,kind,name"));
        assert!(e[0].reason.contains("kind"));
        let e = Calendar::parse_special_days("").unwrap_err();
        assert_eq!(e[0].column, "header");
    }

    #[test]
    fn agrees_with_a_minute_by_minute_walk() {
        let cal = cal_2020();
        let mut rng = Lcg(7);
        let base = t("2020-01-10 00:00");
        for _ in 0..200 {
            let from = base + rng.below(40 * 1440) * 60_000;
            let to = from + rng.below(20 * 1440) * 60_000;
            assert_eq!(
                cal.working_minutes_between(from, to),
                brute_between(&cal, from, to),
                "{} .. {}",
                local_datetime(from),
                local_datetime(to)
            );
        }
    }

    #[test]
    fn add_and_between_are_inverses() {
        let calendars = [
            cal_2020(),
            Calendar::default(),
            Calendar {
                periods: vec![(1200, 1440), (0, 120), (60, 180)], // unsorted, overlapping, night shift
                weekdays: [true, false, true, false, true, false, true],
                special: BTreeMap::new(),
            }
            .with_special_days(&[SpecialDay {
                date: "2020-01-22".into(),
                working: false,
                name: String::new(),
            }]),
        ];
        let mut rng = Lcg(42);
        let base = t("2019-12-01 00:00");
        for cal in &calendars {
            for _ in 0..500 {
                // Millisecond precision, any time of day.
                let from = base + rng.below(120 * 86_400_000);
                let minutes = rng.below(30_000);
                let due = cal.add_working_minutes(from, minutes);
                assert!(due >= from);
                assert_eq!(cal.working_minutes_between(from, due), minutes);
                if minutes > 0 {
                    // Tight: one millisecond earlier is not enough.
                    assert!(cal.working_minutes_between(from, due - 1) < minutes);
                }
                let to = from + rng.below(90 * 86_400_000);
                let m = cal.working_minutes_between(from, to);
                let back = cal.add_working_minutes(from, m);
                assert!(back <= to);
                assert_eq!(cal.working_minutes_between(from, back), m);
            }
        }
    }

    #[test]
    fn edge_inputs_do_not_panic() {
        let cal = cal_2020();
        assert!(cal.working_minutes_between(i64::MIN, i64::MAX) > 0);
        assert_eq!(cal.working_minutes_between(i64::MAX, i64::MIN), 0);
        assert_eq!(cal.add_working_minutes(i64::MAX - 10, 5), i64::MAX);
        let far = cal.add_working_minutes(i64::MIN, 1_000_000);
        assert!(far > i64::MIN);
        let _ = cal.add_working_minutes(0, i64::MAX);
        let _ = local_datetime(i64::MIN);
        let _ = local_datetime(i64::MAX);
        // A calendar with no working time never reaches a deadline.
        let never = Calendar {
            periods: vec![],
            ..Calendar::default()
        };
        assert_eq!(
            never.add_working_minutes(t("2020-03-09 09:00"), 1),
            i64::MAX
        );
        let closed = Calendar {
            weekdays: [false; 7],
            ..Calendar::default()
        };
        assert_eq!(
            closed.add_working_minutes(t("2020-03-09 09:00"), 1),
            i64::MAX
        );
        let one_day = closed.clone().with_special_days(&[SpecialDay {
            date: "2020-03-10".into(),
            working: true,
            name: String::new(),
        }]);
        assert_eq!(
            local_datetime(one_day.add_working_minutes(t("2020-03-09 09:00"), 420)),
            "2020-03-10 17:30"
        );
        assert_eq!(
            one_day.add_working_minutes(t("2020-03-09 09:00"), 421),
            i64::MAX
        );
        let c = clock(
            &never,
            60,
            0,
            None,
            &[(5, Some(1)), (i64::MIN, None)],
            i64::MAX,
        );
        assert_eq!(c.state, ClockState::Paused);
        let c = clock(&cal, i64::MAX, i64::MIN, Some(i64::MAX), &[], 0);
        assert_eq!(c.state, ClockState::Met);
        // Invalid special days are skipped.
        let cal = Calendar::default().with_special_days(&[SpecialDay {
            date: "someday".into(),
            working: true,
            name: String::new(),
        }]);
        assert!(cal.special.is_empty());
    }
}
