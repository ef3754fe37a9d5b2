//! The calendar's tests: the 2020 Spring Festival, make-up days and pauses.
use super::*;

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
            zone: Zone::default(),
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

#[test]
fn working_hours_are_local_to_the_configured_zone() {
    let london = Zone::parse("Europe/London").unwrap();
    let cal = Calendar {
        zone: london.clone(),
        ..Calendar::default()
    };
    let at = |s: &str| london.parse_datetime(s).unwrap();
    // Monday 9 March 2020, 09:00-10:00 in London: an hour of work there, half an hour in
    // Beijing (where it is 17:00-18:00 and the working day ends at 17:30).
    assert_eq!(
        cal.working_minutes_between(at("2020-03-09 09:00"), at("2020-03-09 10:00")),
        60
    );
    assert_eq!(
        Calendar::default().working_minutes_between(at("2020-03-09 09:00"), at("2020-03-09 10:00")),
        30
    );
    // Across the clocks going forward (Sunday 29 March 2020): from the end of Friday, one
    // working hour ends at 10:00 on Monday, London summer time.
    assert_eq!(
        london.datetime(cal.add_working_minutes(at("2020-03-27 17:30"), 60)),
        "2020-03-30 10:00"
    );
}
