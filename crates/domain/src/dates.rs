//! Legal dates (a follow-up date, a due date): plain `YYYY-MM-DD` in the bureau's calendar.
//! Times are stored in UTC; "today" is the date in Beijing (UTC+8, no daylight saving).

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar.
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// The date in Beijing at this instant (epoch milliseconds).
pub fn bureau_date(now_ms: i64) -> String {
    let days = (now_ms.div_euclid(1000) + 8 * 3600).div_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Checks a `YYYY-MM-DD` date, including the days of each month.
pub fn parse_date(s: &str) -> Result<String, String> {
    let s = s.trim();
    let bad = || format!("\"{s}\" is not a date: write YYYY-MM-DD, e.g. 2020-02-15");
    let parts: Vec<&str> = s.split('-').collect();
    if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
        return Err(bad());
    }
    let (y, m, d): (i64, i64, i64) = match (parts[0].parse(), parts[1].parse(), parts[2].parse()) {
        (Ok(y), Ok(m), Ok(d)) => (y, m, d),
        _ => return Err(bad()),
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if !(1..=days).contains(&d) || !(1900..=2200).contains(&y) {
        return Err(bad());
    }
    Ok(s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            bureau_date(1_580_486_400_000),
            "2020-02-01",
            "midnight UTC is 08:00 in Beijing"
        );
        assert_eq!(
            bureau_date(1_580_486_399_000 - 8 * 3_600_000 + 1000),
            "2020-01-31"
        );
        assert!(parse_date("2020-02-29").is_ok());
        assert!(parse_date("2021-02-29").is_err());
        assert!(parse_date("2020-13-01").is_err());
        assert!(parse_date("15/02/2020").is_err());
    }
}
