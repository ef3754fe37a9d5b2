//! The engine's SLA clocks on the bureau's working calendar, for every case kind: a
//! first-response and a resolution target per kind and channel (shorter on the fast channel).
//! A kind supplies its default targets when it registers; the bureau may set others.
//!
//! A clock starts when the case arrives and runs in working minutes of the calendar (working
//! hours, public holidays, make-up working days); it pauses while the case waits on the
//! enterprise and while it sits resolved. The first-response clock stops at the first reply or
//! working record the enterprise can see; the resolution clock when the case is resolved.
//! Reports over the clocks belong to the measures that ask for them (measure 3 has one).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use domain::calendar::{self, Calendar, Clock, SlaTarget, SpecialDay};
use domain::cases::Status;
use domain::{Action, Resource};
use serde::Serialize;
use store::cases::{CaseRecord, EventRecord, SlaTargetRecord};

use super::scope_for;
pub use super::sla_settings::{TargetInput, calendar_days, put_target, targets};
use crate::{App, Ctx, Result};

/// The targets of a kind no module registers any more (its cases still show clocks).
const FALLBACK: KindTargets = KindTargets {
    normal: SlaTarget {
        first_response_minutes: 420,
        resolution_minutes: 10 * 420,
    },
    fast: SlaTarget {
        first_response_minutes: 120,
        resolution_minutes: 3 * 420,
    },
};

/// A kind's default targets, on the normal and on the fast channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindTargets {
    pub normal: SlaTarget,
    pub fast: SlaTarget,
}

impl KindTargets {
    pub fn get(&self, fast: bool) -> SlaTarget {
        if fast { self.fast } else { self.normal }
    }
}

/// The calendar and the targets, as configured.
#[derive(Debug, Clone)]
pub struct SlaConfig {
    pub calendar: Calendar,
    pub targets: Vec<SlaTargetRecord>,
    /// The default targets of each registered kind.
    pub defaults: Vec<(&'static str, KindTargets)>,
}

impl SlaConfig {
    /// The target for a kind on a channel: an exact row, else the kind's `*` row, else the
    /// kind's own default.
    pub fn target(&self, kind: &str, channel: &str, fast: bool) -> SlaTarget {
        let find = |ch: &str| {
            self.targets
                .iter()
                .find(|t| t.kind == kind && t.channel == ch && t.fast == fast)
        };
        match find(channel).or_else(|| find("*")) {
            Some(t) => SlaTarget {
                first_response_minutes: t.first_response_minutes,
                resolution_minutes: t.resolution_minutes,
            },
            None => self
                .defaults
                .iter()
                .find(|(k, _)| *k == kind)
                .map_or(FALLBACK, |(_, t)| *t)
                .get(fast),
        }
    }
}

/// The configuration, cached for a few seconds (a change made through Lifeline clears it at
/// once; one made by another process is seen within the cache's lifetime).
#[derive(Default)]
pub struct SlaCache(Mutex<Option<(Instant, Arc<SlaConfig>)>>);

const CACHE_FOR: Duration = Duration::from_secs(10);

impl SlaCache {
    fn get(&self) -> Option<Arc<SlaConfig>> {
        let g = self.0.lock().ok()?;
        g.as_ref()
            .filter(|(at, _)| at.elapsed() < CACHE_FOR)
            .map(|(_, c)| c.clone())
    }
    fn put(&self, c: Arc<SlaConfig>) {
        if let Ok(mut g) = self.0.lock() {
            *g = Some((Instant::now(), c));
        }
    }
    pub fn clear(&self) {
        if let Ok(mut g) = self.0.lock() {
            *g = None;
        }
    }
}

/// The calendar and targets (cached).
pub async fn config(app: &App) -> Result<Arc<SlaConfig>> {
    if let Some(c) = app.sla.get() {
        return Ok(c);
    }
    let mut rd = app.db.read().await?;
    let days = store::cases::calendar_days(&mut rd).await?;
    let targets = store::cases::sla_targets(&mut rd).await?;
    let special: Vec<SpecialDay> = days
        .into_iter()
        .map(|d| SpecialDay {
            date: domain::dates::show_date(d.date),
            working: d.working,
            name: d.name,
        })
        .collect();
    let c = Arc::new(SlaConfig {
        calendar: app.settings.calendar.clone().with_special_days(&special),
        targets,
        defaults: app.kinds.all().iter().map(|k| (k.code, k.sla)).collect(),
    });
    app.sla.put(c.clone());
    Ok(c)
}

/// A case's two clocks.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SlaView {
    pub fast: bool,
    pub first_response: Clock,
    pub resolution: Clock,
}

/// A status change: from, to, at.
pub type StatusChange = (Option<Status>, Option<Status>, i64);

/// Intervals during which the clocks stood still, from the case's status changes (oldest
/// first): while it waited on the enterprise, and while it sat resolved or closed before it
/// was reopened. `(from, to)`, with `to == None` while it still stands.
pub fn pauses(changes: &[StatusChange]) -> Vec<(i64, Option<i64>)> {
    let stands = |s: &Option<Status>| {
        matches!(
            s,
            Some(Status::WaitingOnEnterprise | Status::Resolved | Status::Closed)
        )
    };
    let mut out: Vec<(i64, Option<i64>)> = Vec::new();
    let mut open: Option<i64> = None;
    for (from, to, at) in changes {
        if stands(to) && !stands(from) && open.is_none() {
            open = Some(*at);
        } else if stands(from)
            && !stands(to)
            && let Some(start) = open.take()
        {
            out.push((start, Some(*at)));
        }
    }
    if let Some(start) = open {
        out.push((start, None));
    }
    out
}

/// The clocks of a case, given its status changes (oldest first), at `now`.
pub fn clocks(cfg: &SlaConfig, c: &CaseRecord, changes: &[StatusChange], now: i64) -> SlaView {
    let t = cfg.target(&c.kind, &c.channel, c.fast);
    let paused = pauses(changes);
    let resolved = matches!(c.status, Status::Resolved | Status::Closed)
        .then_some(c.resolved_at)
        .flatten();
    SlaView {
        fast: c.fast,
        first_response: calendar::clock(
            &cfg.calendar,
            t.first_response_minutes,
            c.created_at,
            c.first_response_at.or(resolved),
            &paused,
            now,
        ),
        resolution: calendar::clock(
            &cfg.calendar,
            t.resolution_minutes,
            c.created_at,
            resolved,
            &paused,
            now,
        ),
    }
}

/// The status changes in a timeline.
pub fn changes_of(timeline: &[EventRecord]) -> Vec<StatusChange> {
    timeline
        .iter()
        .filter(|e| e.kind == "status")
        .map(|e| (e.from_status, e.to_status, e.at))
        .collect()
}

/// The cases the caller may see that arrived in `[from, to)` (open ones only when
/// `open_only`), each with its clocks at `now`, oldest first: what reports count.
pub async fn clocks_between(
    app: &App,
    ctx: &Ctx,
    from: i64,
    to: i64,
    open_only: bool,
) -> Result<Vec<(CaseRecord, SlaView)>> {
    ctx.require(Resource::Case, Action::Read)?;
    let cfg = config(app).await?;
    let mut rd = app.db.read().await?;
    let cases =
        store::cases::created_between(&mut rd, &scope_for(ctx), from, to, open_only).await?;
    let ids: Vec<_> = cases.iter().map(|c| c.id).collect();
    let mut by_case: std::collections::HashMap<_, Vec<_>> = std::collections::HashMap::new();
    for (id, f, t, at) in store::cases::status_changes(&mut rd, &ids).await? {
        by_case.entry(id).or_default().push((f, t, at));
    }
    let now = app.now();
    Ok(cases
        .into_iter()
        .map(|c| {
            let changes = by_case.get(&c.id).map(Vec::as_slice).unwrap_or(&[]);
            let v = clocks(&cfg, &c, changes, now);
            (c, v)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::{StatusChange, pauses};
    use domain::cases::Status;

    fn ch(from: Option<&str>, to: &str, at: i64) -> StatusChange {
        (from.and_then(Status::parse), Status::parse(to), at)
    }

    #[test]
    fn the_clocks_stand_while_waiting_and_while_resolved_before_a_reopen() {
        let changes = [
            ch(None, "new", 0),
            ch(Some("new"), "in_progress", 5),
            ch(Some("in_progress"), "waiting_on_enterprise", 10),
            ch(Some("waiting_on_enterprise"), "resolved", 20),
            ch(Some("resolved"), "in_progress", 50),
            ch(Some("in_progress"), "resolved", 70),
            ch(Some("resolved"), "closed", 80),
        ];
        assert_eq!(pauses(&changes), vec![(10, Some(50)), (70, None)]);
        assert_eq!(pauses(&changes[..3]), vec![(10, None)]);
    }
}
