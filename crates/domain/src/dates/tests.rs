//! Local dates and times in the default zone (Beijing) and in zones with daylight saving.

use super::*;

/// 2020-02-01T00:00:00Z.
const FEB_1_UTC: i64 = 1_580_515_200_000;
const HOUR: i64 = 3_600_000;

#[test]
fn the_default_zone_is_beijing_time() {
    let z = Zone::default();
    assert_eq!(z.name(), "Asia/Shanghai");
    let cases: &[(i64, &str)] = &[
        (FEB_1_UTC, "2020-02-01 08:00"),
        (FEB_1_UTC - 8 * HOUR, "2020-02-01 00:00"),
        (FEB_1_UTC - 8 * HOUR - 60_000, "2020-01-31 23:59"),
        (-1, "1970-01-01 07:59"),
    ];
    for &(ms, shown) in cases {
        assert_eq!(z.datetime(ms), shown, "{ms}");
        assert_eq!(z.date(ms), shown[..10], "{ms}");
        assert_eq!(z.parse_datetime(shown), Ok(ms - ms.rem_euclid(60_000)));
    }
    assert_eq!(z.parse_datetime("2020-02-01T08:00"), Ok(FEB_1_UTC));
    assert_eq!(z.offset_ms(FEB_1_UTC), 8 * HOUR);
    assert_eq!(
        z.start_of_day(day_number("2020-02-01").unwrap()),
        FEB_1_UTC - 8 * HOUR
    );
    assert_eq!(
        z.day(FEB_1_UTC - 8 * HOUR - 1),
        day_number("2020-01-31").unwrap()
    );
}

#[test]
fn another_zone_shows_another_local_date() {
    // 2020-02-01 03:00 UTC is still 31 January in New York, already 1 February in Beijing.
    let ny = Zone::parse("America/New_York").unwrap();
    let at = FEB_1_UTC + 3 * HOUR;
    assert_eq!(ny.date(at), "2020-01-31");
    assert_eq!(Zone::default().date(at), "2020-02-01");
    assert_eq!(ny.datetime(at), "2020-01-31 22:00");
    // Daylight saving: 2020-07-01 12:00 UTC is 08:00 in New York (UTC-4), 13:00 in London.
    let july = 1_593_604_800_000;
    assert_eq!(ny.datetime(july), "2020-07-01 08:00");
    assert_eq!(
        Zone::parse("Europe/London").unwrap().datetime(july),
        "2020-07-01 13:00"
    );
    assert_eq!(ny.offset_ms(july), -4 * HOUR);
    assert_eq!(ny.offset_ms(FEB_1_UTC), -5 * HOUR);
}

#[test]
fn bad_input_is_refused_with_its_code() {
    let z = Zone::default();
    for bad in [
        "2020-02-01",
        "2020-02-01 24:00",
        "2020-02-01 12:60",
        "2020-02-01 9:30",
        "2020-02-30 09:30",
        "2020-02-01 +9:30",
        "",
    ] {
        assert_eq!(
            z.parse_datetime(bad).map_err(|e| e.code()),
            Err("invalid_datetime"),
            "{bad}"
        );
    }
    for bad in [
        "2021-02-29",
        "2020-13-01",
        "15/02/2020",
        "1899-12-31",
        "2020-2-01",
        "",
    ] {
        assert_eq!(
            parse_date(bad).map_err(|e| e.code()),
            Err("invalid_date"),
            "{bad}"
        );
    }
    assert_eq!(
        Zone::parse("Mars/Olympus").map_err(|e| e.code()),
        Err("unknown_time_zone")
    );
}

#[test]
fn day_numbers() {
    assert_eq!(parse_date(" 2020-02-29 "), Ok("2020-02-29".to_owned()));
    assert_eq!(day_number("1970-01-01"), Ok(0));
    assert_eq!(day_number("2020-01-24"), Ok(18_285));
    for d in [-25_000, -1, 0, 1, 18_285, 60_000, 84_000] {
        assert_eq!(day_number(&date_string(d)), Ok(d), "{d}");
    }
    assert_eq!(
        next_day(Date::constant(2020, 2, 28)),
        Date::constant(2020, 2, 29)
    );
    assert_eq!(
        next_day(Date::constant(2020, 2, 29)),
        Date::constant(2020, 3, 1)
    );
    assert_eq!(
        next_day(Date::constant(2020, 12, 31)),
        Date::constant(2021, 1, 1)
    );
    assert_eq!(next_day(Date::MAX), Date::MAX);
}
