//! Measure 2's publicity (公示) rules: how long a published list stays up on the bureau's
//! working calendar, what becomes of a listed payment given its objections, and the median
//! payment time the public speed page shows. Pure.

use crate::calendar::Calendar;

/// The last day of a publicity of `days` working days published on `today` (days since
/// 1970-01-01): the `days`-th working day after it. `None` when the calendar has no working
/// day within a year.
pub fn last_day(cal: &Calendar, today: i64, days: i64) -> Option<i64> {
    let mut left = days.max(1);
    (today + 1..=today + 366).find(|d| {
        if cal.is_working_day(*d) {
            left -= 1;
        }
        left == 0
    })
}

/// What a listed payment comes to when its period is over (or an objection is decided after).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// No open or upheld objection: it may be paid.
    Clear,
    /// An objection is still open: it waits.
    Hold,
    /// An objection was upheld: it is not paid.
    Cancel,
}

impl Outcome {
    /// The stored code of the line's outcome.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Clear => "cleared",
            Outcome::Hold => "held",
            Outcome::Cancel => "cancelled",
        }
    }
}

/// The outcome of a payment whose objections stand at `statuses` (`open`, `upheld`,
/// `dismissed`): one upheld objection cancels it, else one open objection holds it.
pub fn outcome<'a>(statuses: impl IntoIterator<Item = &'a str>) -> Outcome {
    let mut out = Outcome::Clear;
    for s in statuses {
        match s {
            "upheld" => return Outcome::Cancel,
            "open" => out = Outcome::Hold,
            _ => {}
        }
    }
    out
}

/// The median of `values` (the mean of the two middle ones, rounded down, for an even count);
/// `None` for none.
pub fn median(values: &mut [i64]) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]).div_euclid(2)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::SpecialDay;
    use crate::dates::day_number;

    #[test]
    fn the_period_counts_working_days_after_publication() {
        let cal = Calendar::default().with_special_days(&[SpecialDay {
            date: "2020-10-01".into(),
            working: false,
            name: "国庆节".into(),
        }]);
        let day = |s: &str| day_number(s).unwrap();
        // Published on Monday 28 September 2020: Tue 29, Wed 30, (Thu 1 Oct a holiday), Fri 2,
        // (weekend), Mon 5 October is the 4th working day.
        assert_eq!(
            last_day(&cal, day("2020-09-28"), 4),
            Some(day("2020-10-05"))
        );
        // Published on a Friday, one working day: the Monday.
        assert_eq!(
            last_day(&cal, day("2020-09-25"), 1),
            Some(day("2020-09-28"))
        );
    }

    #[test]
    fn an_upheld_objection_cancels_and_an_open_one_holds() {
        assert_eq!(outcome([]), Outcome::Clear);
        assert_eq!(outcome(["dismissed"]), Outcome::Clear);
        assert_eq!(outcome(["dismissed", "open"]), Outcome::Hold);
        assert_eq!(outcome(["open", "upheld"]), Outcome::Cancel);
    }

    #[test]
    fn the_median_of_odd_and_even_counts() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [9, 1, 5]), Some(5));
        assert_eq!(median(&mut [10, 2, 4, 30]), Some(7));
    }
}
