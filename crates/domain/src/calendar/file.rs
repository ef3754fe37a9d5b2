//! One day of the calendar file (`date,type,name`): a public holiday (`holiday`, 休) or a
//! make-up working day (`workday`, 班). Reading the file, its header and the checks across
//! rows (a date listed twice) belong to the import pipeline; this checks the cells of one row.

use super::{SpecialDay, day_number};
use crate::dates::parse_date;

/// A defect of one cell of a calendar row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayError {
    /// `date` or `type`.
    pub column: &'static str,
    pub reason: &'static str,
}

/// Checks one row: its date (`YYYY-MM-DD`), its type and its name (free text). Returns the
/// day and its day number, or every defect.
pub fn check_day(date: &str, kind: &str, name: &str) -> Result<(SpecialDay, i64), Vec<DayError>> {
    let mut errors = Vec::new();
    let (date, kind) = (date.trim(), kind.trim());
    let day = if date.is_empty() {
        errors.push(DayError {
            column: "date",
            reason: "the date is required",
        });
        None
    } else {
        match parse_date(date).and_then(|d| day_number(&d).map(|n| (d, n))) {
            Ok(found) => Some(found),
            Err(_) => {
                errors.push(DayError {
                    column: "date",
                    reason: "not a valid date: write YYYY-MM-DD, e.g. 2020-01-24",
                });
                None
            }
        }
    };
    let working = match kind.to_lowercase().as_str() {
        "holiday" | "休" => Some(false),
        "workday" | "班" => Some(true),
        "" => {
            errors.push(DayError {
                column: "type",
                reason: "the type is required: holiday (休) or workday (班)",
            });
            None
        }
        _ => {
            errors.push(DayError {
                column: "type",
                reason: "unknown type: write holiday (休) or workday (班)",
            });
            None
        }
    };
    match (day, working) {
        (Some((date, n)), Some(working)) if errors.is_empty() => Ok((
            SpecialDay {
                date,
                working,
                name: name.trim().to_owned(),
            },
            n,
        )),
        _ => Err(errors),
    }
}
