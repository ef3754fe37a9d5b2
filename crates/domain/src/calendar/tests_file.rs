//! A calendar row's tests: what is accepted, and every defect named by its column. (The file
//! itself, its header and duplicate dates are the import pipeline's: `app::cases::calendar`.)

use super::tests::{CAL_2020, days};
use super::*;

fn t(s: &str) -> i64 {
    crate::dates::Zone::default().parse_datetime(s).unwrap()
}

#[test]
fn a_calendar_row_is_a_special_day() {
    let days = days(&CAL_2020);
    assert_eq!(
        days[1],
        SpecialDay {
            date: "2020-01-19".into(),
            working: true,
            name: "春节调休".into()
        }
    );
    assert_eq!(days[9].name, "春节 (extended, 国办发明电〔2020〕1号)");
    assert!(!days[9].working);
    // No name, and days that change nothing (a holiday on a Saturday, a workday on a Monday).
    let (d, n) = check_day(" 2020-03-07 ", "Holiday", "").unwrap();
    assert_eq!(
        (d.name.as_str(), n),
        ("", day_number("2020-03-07").unwrap())
    );
    let (w, _) = check_day("2020-03-09", "WORKDAY", " ").unwrap();
    let cal = Calendar::default().with_special_days(&[d, w]);
    assert_eq!(
        cal.working_minutes_between(t("2020-03-07 00:00"), t("2020-03-10 00:00")),
        420
    );
}

#[test]
fn a_calendar_row_names_each_defect_by_column() {
    let cols = |r: Result<(SpecialDay, i64), Vec<DayError>>| {
        r.unwrap_err()
            .iter()
            .map(|e| (e.column, e.reason))
            .collect::<Vec<_>>()
    };
    let bad_date = cols(check_day("2020-02-30", "holiday", ""));
    assert_eq!(bad_date.len(), 1);
    assert_eq!(bad_date[0].0, "date");
    assert!(bad_date[0].1.contains("YYYY-MM-DD"));
    let bad_type = cols(check_day("2020-01-25", "vacation", ""));
    assert_eq!(bad_type[0].0, "type");
    assert!(bad_type[0].1.contains("unknown type"));
    let both = cols(check_day("20200126", "假", ""));
    assert_eq!(
        both.iter().map(|e| e.0).collect::<Vec<_>>(),
        vec!["date", "type"]
    );
    let missing = cols(check_day("", "", "no date"));
    assert!(missing.iter().all(|e| e.1.contains("required")));
}

#[test]
fn working_hours_and_days_are_read_from_settings() {
    assert_eq!(
        parse_working_hours("09:00-12:00, 13:30-17:30").unwrap(),
        vec![(540, 720), (810, 1050)]
    );
    assert!(
        parse_working_hours("12:00-09:00")
            .unwrap_err()
            .contains("ends before")
    );
    assert!(
        parse_working_hours("09:00-12:00,11:00-13:00")
            .unwrap_err()
            .contains("overlaps")
    );
    assert!(parse_working_hours("9-12").is_err());
    assert_eq!(
        parse_working_days("mon-fri").unwrap(),
        [true, true, true, true, true, false, false]
    );
    assert_eq!(
        parse_working_days("Mon,Wed,sat").unwrap(),
        [true, false, true, false, false, true, false]
    );
    assert!(parse_working_days("funday").is_err());
    assert!(parse_working_days("").is_err());
}
