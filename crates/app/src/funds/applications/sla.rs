//! The SLA of each step of an application, in working days of the bureau's calendar (the case
//! engine's: `cases::sla::config`, with its holidays and make-up working days): examining 5,
//! verifying 5, the chief's approval 3, a leader's 3; a return for correction gives the
//! enterprise 10. A status that waits on nobody has no due date.

use domain::calendar::Calendar;
use domain::funds::workflow::Status;

use crate::{App, Result};

/// Working days allowed for the step an application in `status` waits for.
pub fn working_days(status: Status) -> Option<i64> {
    match status {
        Status::Submitted | Status::Examined => Some(5),
        Status::Verified | Status::ChiefApproved => Some(3),
        Status::ReturnedForCorrection => Some(10),
        _ => None,
    }
}

/// Working minutes in one working day of the calendar (420 for 09:00-12:00, 13:30-17:30).
fn day_minutes(c: &Calendar) -> i64 {
    c.periods
        .iter()
        .map(|(a, b)| i64::from(b.saturating_sub(*a)))
        .sum::<i64>()
        .max(1)
}

/// When the step an application now in `status` waits for is due, counted from `from_ms`.
pub async fn due(app: &App, status: Status, from_ms: i64) -> Result<Option<i64>> {
    let Some(days) = working_days(status) else {
        return Ok(None);
    };
    let cfg = crate::cases::sla::config(app).await?;
    let cal = &cfg.calendar;
    Ok(Some(
        cal.add_working_minutes(from_ms, days * day_minutes(cal)),
    ))
}
