//! Properties against a minute-by-minute walk, inverse operations, edge inputs and the zone.

use super::*;

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
