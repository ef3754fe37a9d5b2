//! The calendar file: `date,type,name` lines of public holidays (`holiday`, 休) and make-up
//! working days (`workday`, 班), with every problem named by line, column, value and reason.

use std::collections::HashMap;
use std::fmt;

use super::{SpecialDay, day_number};
use crate::dates::parse_date;

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
/// Parses a calendar file (see [`super::Calendar::parse_special_days`]).
pub(super) fn parse(text: &str) -> Result<Vec<SpecialDay>, Vec<CalendarError>> {
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
