//! The calendar file's tests: what is accepted, and every problem named.

use super::tests::CAL_2020;
use super::*;

fn t(s: &str) -> i64 {
    crate::dates::Zone::default().parse_datetime(s).unwrap()
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
