//! An SLA clock: used working time against a target, with pauses while the case waits on the
//! enterprise, and its state (due, at risk, breached, met).

use super::{Calendar, MINUTE_MS, Plan, clamp_i64};

/// An SLA clock's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClockState {
    Running,
    AtRisk,
    Breached,
    Met,
    Paused,
}

/// One clock (first response or resolution) of a case.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Clock {
    pub target_minutes: i64,
    /// Working minutes used, counting a begun minute as used (so that `used_minutes >
    /// target_minutes` exactly when the clock ran past `due_at`).
    pub used_minutes: i64,
    /// Epoch ms; `None` while paused.
    pub due_at: Option<i64>,
    pub state: ClockState,
    pub stopped_at: Option<i64>,
}

/// Computes a clock.
///
/// * `start_ms`: when the case arrived.
/// * `stop_ms`: when the clock was satisfied (first response given / case resolved), if it was.
/// * `pauses`: intervals `[from, to)` during which the clock does not run (the case was waiting
///   on the enterprise); `to == None` means still paused. Pauses are clipped to the clock's
///   span (start to stop, or to now) and overlapping pauses are merged.
/// * `now_ms`: now.
///
/// Used time = working time between start and (stop or now) minus working time inside the
/// pauses; `used_minutes` is that rounded *up* to whole minutes.
///
/// State: stopped → `Met` if used <= target, else `Breached`. Not stopped → `Breached` if used >
/// target; `Paused` if now is inside a pause (an open one, or a closed one not yet over);
/// `AtRisk` if used >= 80% of target; else `Running`.
///
/// `due_at` is the instant the target is (or was, or would have been) reached, walking working
/// time from the start and skipping the pauses: for a running clock that is "now plus the
/// remaining working minutes"; for a breached clock, the instant it crossed the target; for a
/// stopped clock, the deadline as extended by the pauses before the stop (it may lie after the
/// stop for a met clock). `None` only in the `Paused` state.
pub fn clock(
    cal: &Calendar,
    target_minutes: i64,
    start_ms: i64,
    stop_ms: Option<i64>,
    pauses: &[(i64, Option<i64>)],
    now_ms: i64,
) -> Clock {
    let plan = Plan::new(cal);
    let end = stop_ms.unwrap_or(now_ms).max(start_ms);

    let mut clipped: Vec<(i64, i64)> = pauses
        .iter()
        .map(|&(from, to)| (from.max(start_ms), to.unwrap_or(end).min(end)))
        .filter(|(from, to)| from < to)
        .collect();
    clipped.sort_unstable();
    let mut merged: Vec<(i64, i64)> = Vec::with_capacity(clipped.len());
    for (from, to) in clipped {
        match merged.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }

    let paused_ms: i128 = merged.iter().map(|&(f, t)| plan.between(f, t)).sum();
    let used_ms = (plan.between(start_ms, end) - paused_ms).max(0);
    let used = used_ms.div_euclid(MINUTE_MS) + i128::from(used_ms.rem_euclid(MINUTE_MS) != 0);
    let target = i128::from(target_minutes);

    let paused_now = stop_ms.is_none()
        && pauses
            .iter()
            .any(|&(from, to)| from <= now_ms && to.is_none_or(|to| now_ms < to));
    let state = if stop_ms.is_some() {
        if used <= target {
            ClockState::Met
        } else {
            ClockState::Breached
        }
    } else if used > target {
        ClockState::Breached
    } else if paused_now {
        ClockState::Paused
    } else if used * 5 >= target * 4 {
        ClockState::AtRisk
    } else {
        ClockState::Running
    };

    let due_at = if state == ClockState::Paused {
        None
    } else {
        // Walk working time from the start, skipping the pauses, until the target is reached.
        let mut remaining = target * MINUTE_MS;
        let mut cursor = start_ms;
        let mut due = None;
        for &(from, to) in &merged {
            let stretch = plan.between(cursor, from);
            if stretch >= remaining {
                due = Some(plan.add(cursor, remaining));
                break;
            }
            remaining -= stretch;
            cursor = to;
        }
        Some(due.unwrap_or_else(|| plan.add(cursor, remaining)))
    };

    Clock {
        target_minutes,
        used_minutes: clamp_i64(used),
        due_at,
        state,
        stopped_at: stop_ms,
    }
}
