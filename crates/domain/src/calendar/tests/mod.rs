//! The calendar's tests: the 2020 Spring Festival, make-up days and pauses.
use super::*;

mod clocks;
mod deadlines;
mod properties;

fn t(s: &str) -> i64 {
    Zone::default().parse_datetime(s).unwrap()
}

fn local_datetime(ms: i64) -> String {
    Zone::default().datetime(ms)
}

fn day(s: &str) -> i64 {
    day_number(s).unwrap()
}

/// The bureau's 2020 calendar around the Spring Festival: New Year's Day, the festival
/// as extended by the State Council to 2020-02-02, and the make-up Sunday 2020-01-19.
/// (The make-up Saturday 2020-02-01 of the original plan fell inside the extension.)
pub(super) const CAL_2020: [(&str, &str, &str); 12] = [
    ("2020-01-01", "holiday", "元旦"),
    ("2020-01-19", "班", "春节调休"),
    ("2020-01-24", "holiday", "春节"),
    ("2020-01-25", "holiday", "春节"),
    ("2020-01-26", "holiday", "春节"),
    ("2020-01-27", "holiday", "春节"),
    ("2020-01-28", "holiday", "春节"),
    ("2020-01-29", "holiday", "春节"),
    ("2020-01-30", "holiday", "春节"),
    ("2020-01-31", "休", "春节 (extended, 国办发明电〔2020〕1号)"),
    ("2020-02-01", "holiday", "春节 (extended)"),
    ("2020-02-02", "holiday", "春节 (extended)"),
];

pub(super) fn days(rows: &[(&str, &str, &str)]) -> Vec<SpecialDay> {
    rows.iter()
        .map(|(d, k, n)| check_day(d, k, n).unwrap().0)
        .collect()
}

fn cal_2020() -> Calendar {
    Calendar::default().with_special_days(&days(&CAL_2020))
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
    assert!(
        day_number("2020-02-30")
            .unwrap_err()
            .to_string()
            .contains("not a date")
    );
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
        assert!(Zone::default().parse_datetime(bad).is_err(), "{bad}");
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
