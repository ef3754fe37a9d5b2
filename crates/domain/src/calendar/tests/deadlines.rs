//! Deadlines across weekends, the Spring Festival, make-up days, lunch and period ends.

use super::*;

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
