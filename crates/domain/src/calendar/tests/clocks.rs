//! SLA clocks: pauses, the at-risk threshold, met or breached.

use super::*;

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
