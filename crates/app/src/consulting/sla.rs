//! SLA clocks on the bureau's working calendar, for every case kind (measure 3 asks for them,
//! the case engine shows them on every case).
//!
//! A clock starts when the case arrives and runs in working minutes of the calendar (working
//! hours, public holidays, make-up working days); it pauses while the case waits on the
//! enterprise. The first-response clock stops at the first reply or working record the
//! enterprise can see; the resolution clock when the case is resolved.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use domain::calendar::{self, Calendar, Clock, ClockState, SpecialDay};
use domain::consulting::{SlaTarget, default_target};
use domain::{Action, FieldError, Resource};
use serde::Serialize;
use serde_json::json;
use store::cases::{CaseRecord, EventRecord};
use store::consulting::{CalendarDay, SlaTargetRecord};

use crate::audit::{self, Change};
use crate::cases::scope_for;
use crate::{App, AppError, Ctx, Result};

/// The calendar and the targets, as configured.
#[derive(Debug, Clone)]
pub struct SlaConfig {
    pub calendar: Calendar,
    pub targets: Vec<SlaTargetRecord>,
}

impl SlaConfig {
    /// The target for a kind on a channel: an exact row, else the kind's `*` row, else the default.
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
            None => default_target(kind, fast),
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

pub async fn config(app: &App) -> Result<Arc<SlaConfig>> {
    if let Some(c) = app.sla.get() {
        return Ok(c);
    }
    let mut rd = app.db.read().await?;
    let days = store::consulting::calendar_days(&mut rd).await?;
    let targets = store::consulting::sla_targets(&mut rd).await?;
    let special: Vec<SpecialDay> = days
        .into_iter()
        .map(|d| SpecialDay {
            date: d.date,
            working: d.working,
            name: d.name,
        })
        .collect();
    let c = Arc::new(SlaConfig {
        calendar: app.settings.calendar.clone().with_special_days(&special),
        targets,
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

/// Intervals during which the clocks stood still, from the case's status changes (oldest
/// first): while it waited on the enterprise, and while it sat resolved or closed before it
/// was reopened. `(from, to)`, with `to == None` while it still stands.
pub fn pauses(changes: &[(Option<String>, Option<String>, i64)]) -> Vec<(i64, Option<i64>)> {
    let stands = |s: &Option<String>| {
        matches!(
            s.as_deref(),
            Some("waiting_on_enterprise" | "resolved" | "closed")
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
pub fn clocks(
    cfg: &SlaConfig,
    c: &CaseRecord,
    changes: &[(Option<String>, Option<String>, i64)],
    now: i64,
) -> SlaView {
    let t = cfg.target(&c.kind, &c.channel, c.fast);
    let paused = pauses(changes);
    let resolved = matches!(c.status.as_str(), "resolved" | "closed")
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
pub fn changes_of(timeline: &[EventRecord]) -> Vec<(Option<String>, Option<String>, i64)> {
    timeline
        .iter()
        .filter(|e| e.kind == "status")
        .map(|e| (e.from_status.clone(), e.to_status.clone(), e.at))
        .collect()
}

/// One row of the SLA report: a division's cases on one channel.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct ReportRow {
    pub division: String,
    pub channel: String,
    pub cases: usize,
    pub first_response: ClockFigures,
    pub resolution: ClockFigures,
}

/// Met and breached clocks (running ones within target are neither yet), the share met, and
/// the median working minutes of the stopped ones.
#[derive(Debug, Clone, Serialize, PartialEq, Default, schemars::JsonSchema)]
pub struct ClockFigures {
    pub met: usize,
    pub breached: usize,
    pub running: usize,
    pub share_met: Option<f64>,
    pub median_minutes: Option<i64>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Breach {
    pub case_id: String,
    pub subject: String,
    pub division: String,
    pub channel: String,
    pub clock: &'static str,
    pub used_minutes: i64,
    pub target_minutes: i64,
    /// Whether the case is still open (the daily board lists those).
    pub open: bool,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SlaReport {
    pub from: i64,
    pub to: i64,
    pub rows: Vec<ReportRow>,
    pub breaches: Vec<Breach>,
}

fn figures(clocks: &[&Clock]) -> ClockFigures {
    let mut f = ClockFigures::default();
    let mut stopped: Vec<i64> = Vec::new();
    for c in clocks {
        match c.state {
            ClockState::Met => f.met += 1,
            ClockState::Breached => f.breached += 1,
            _ => f.running += 1,
        }
        if c.stopped_at.is_some() {
            stopped.push(c.used_minutes);
        }
    }
    if f.met + f.breached > 0 {
        f.share_met = Some(f.met as f64 / (f.met + f.breached) as f64);
    }
    stopped.sort_unstable();
    f.median_minutes = match stopped.len() {
        0 => None,
        n if n % 2 == 1 => Some(stopped[n / 2]),
        n => Some((stopped[n / 2 - 1] + stopped[n / 2]) / 2),
    };
    f
}

/// The SLA report over the cases the caller may see that arrived in `[from, to)`.
pub async fn report(app: &App, ctx: &Ctx, from: i64, to: i64) -> Result<SlaReport> {
    evaluate(app, ctx, from, to, false).await
}

/// The breaches of cases still open that arrived in `[from, to)`, for the daily board (closed
/// cases are not read at all).
pub async fn open_breaches(app: &App, ctx: &Ctx, from: i64, to: i64) -> Result<Vec<Breach>> {
    Ok(evaluate(app, ctx, from, to, true).await?.breaches)
}

async fn evaluate(app: &App, ctx: &Ctx, from: i64, to: i64, open_only: bool) -> Result<SlaReport> {
    ctx.require(Resource::Case, Action::Read)?;
    let cfg = config(app).await?;
    let mut rd = app.db.read().await?;
    let cases =
        store::cases::created_between(&mut rd, &scope_for(ctx), from, to, open_only).await?;
    let ids: Vec<_> = cases.iter().map(|c| c.id).collect();
    let mut by_case: std::collections::HashMap<_, Vec<_>> = std::collections::HashMap::new();
    for (id, f, t, at) in store::consulting::status_changes(&mut rd, &ids).await? {
        by_case.entry(id).or_default().push((f, t, at));
    }
    let now = app.now();
    let mut groups: std::collections::BTreeMap<(String, String), Vec<SlaView>> =
        std::collections::BTreeMap::new();
    let mut breaches = Vec::new();
    for c in &cases {
        let v = clocks(
            &cfg,
            c,
            by_case.get(&c.id).map(Vec::as_slice).unwrap_or(&[]),
            now,
        );
        for (name, clock) in [
            ("first_response", &v.first_response),
            ("resolution", &v.resolution),
        ] {
            if clock.state == ClockState::Breached {
                breaches.push(Breach {
                    case_id: c.id.to_string(),
                    subject: c.subject.clone(),
                    division: c.division.clone(),
                    channel: c.channel.clone(),
                    clock: name,
                    used_minutes: clock.used_minutes,
                    target_minutes: clock.target_minutes,
                    open: !matches!(c.status.as_str(), "resolved" | "closed"),
                });
            }
        }
        groups
            .entry((c.division.clone(), c.channel.clone()))
            .or_default()
            .push(v);
    }
    let rows = groups
        .into_iter()
        .map(|((division, channel), views)| ReportRow {
            division,
            channel,
            cases: views.len(),
            first_response: figures(&views.iter().map(|v| &v.first_response).collect::<Vec<_>>()),
            resolution: figures(&views.iter().map(|v| &v.resolution).collect::<Vec<_>>()),
        })
        .collect();
    Ok(SlaReport {
        from,
        to,
        rows,
        breaches,
    })
}

/// The special days on record.
pub async fn calendar_days(app: &App, ctx: &Ctx) -> Result<Vec<SpecialDay>> {
    ctx.require(Resource::BackOffice, Action::Read)?;
    let mut rd = app.db.read().await?;
    Ok(store::consulting::calendar_days(&mut rd)
        .await?
        .into_iter()
        .map(|d| SpecialDay {
            date: d.date,
            working: d.working,
            name: d.name,
        })
        .collect())
}

/// Imports a calendar file (`date,type,name`); all or nothing. Returns how many days changed.
pub async fn import_calendar(app: &App, ctx: &Ctx, text: &str) -> Result<usize> {
    ctx.require(Resource::Organisation, Action::Update)?;
    let days = Calendar::parse_special_days(text).map_err(|errs| {
        AppError::Invalid(
            errs.into_iter()
                .map(|e| {
                    FieldError::new(
                        format!("line {} {}", e.line, e.column),
                        "invalid_calendar_day",
                        format!(
                            "line {}, {} \"{}\": {}",
                            e.line, e.column, e.value, e.reason
                        ),
                    )
                })
                .collect(),
        )
    })?;
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let mut changed = 0;
    for d in &days {
        let rec = CalendarDay {
            date: d.date.clone(),
            working: d.working,
            name: d.name.clone(),
        };
        let before = store::consulting::put_calendar_day(&mut tx, &rec, now).await?;
        if before.as_ref() != Some(&rec) {
            changed += 1;
            audit::record(
                app,
                &mut tx,
                ctx,
                Change {
                    action: "calendar_day_set",
                    object_type: "calendar_day",
                    object_id: d.date.clone(),
                    before: before.map(|b| json!({"working": b.working, "name": b.name})),
                    after: Some(json!({"working": d.working, "name": d.name})),
                },
            )
            .await?;
        }
    }
    tx.commit().await?;
    app.sla.clear();
    Ok(changed)
}

/// A target as configured (or the default when none is).
#[derive(Debug, Clone, serde::Deserialize, Serialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetInput {
    pub kind: String,
    /// A channel, or `*` for every channel without its own row.
    pub channel: String,
    #[serde(default)]
    pub fast: bool,
    pub first_response_minutes: i64,
    pub resolution_minutes: i64,
}

/// The configured targets, then the defaults of each kind that has no `*` row.
pub async fn targets(app: &App, ctx: &Ctx) -> Result<Vec<TargetInput>> {
    ctx.require(Resource::BackOffice, Action::Read)?;
    let cfg = config(app).await?;
    let mut out: Vec<TargetInput> = cfg
        .targets
        .iter()
        .map(|t| TargetInput {
            kind: t.kind.clone(),
            channel: t.channel.clone(),
            fast: t.fast,
            first_response_minutes: t.first_response_minutes,
            resolution_minutes: t.resolution_minutes,
        })
        .collect();
    for k in app.kinds.all() {
        for fast in [false, true] {
            if !out
                .iter()
                .any(|t| t.kind == k.code && t.channel == "*" && t.fast == fast)
            {
                let d = default_target(k.code, fast);
                out.push(TargetInput {
                    kind: k.code.into(),
                    channel: "*".into(),
                    fast,
                    first_response_minutes: d.first_response_minutes,
                    resolution_minutes: d.resolution_minutes,
                });
            }
        }
    }
    Ok(out)
}

/// Sets a target for a kind on a channel (or `*`), in working minutes.
pub async fn put_target(app: &App, ctx: &Ctx, t: &TargetInput) -> Result<TargetInput> {
    ctx.require(Resource::Organisation, Action::Update)?;
    let mut errs = Vec::new();
    if app.kinds.get(&t.kind).is_none() {
        errs.push(FieldError::new(
            "kind",
            "unknown_kind",
            "a case kind, e.g. inquiry",
        ));
    }
    if t.channel != "*" && !domain::cases::CHANNELS.contains(&t.channel.as_str()) {
        errs.push(FieldError::new(
            "channel",
            "unknown_channel",
            format!("* or one of {}", domain::cases::CHANNELS.join(", ")),
        ));
    }
    if !(1..=60 * 24 * 365).contains(&t.first_response_minutes) {
        errs.push(FieldError::new(
            "first_response_minutes",
            "out_of_range",
            "working minutes, at least 1",
        ));
    }
    if t.resolution_minutes < t.first_response_minutes {
        errs.push(FieldError::new(
            "resolution_minutes",
            "before_first_response",
            "resolution cannot be due before the first response",
        ));
    }
    if !errs.is_empty() {
        return Err(AppError::Invalid(errs));
    }
    let rec = SlaTargetRecord {
        kind: t.kind.clone(),
        channel: t.channel.clone(),
        fast: t.fast,
        first_response_minutes: t.first_response_minutes,
        resolution_minutes: t.resolution_minutes,
    };
    let mut tx = app.db.begin().await?;
    store::consulting::put_sla_target(&mut tx, &rec).await?;
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: "sla_target_set",
            object_type: "sla_target",
            object_id: format!(
                "{}/{}/{}",
                t.kind,
                t.channel,
                if t.fast { "fast" } else { "normal" }
            ),
            before: None,
            after: Some(json!(t)),
        },
    )
    .await?;
    tx.commit().await?;
    app.sla.clear();
    Ok(t.clone())
}

#[cfg(test)]
mod tests {
    use super::pauses;

    fn ch(from: Option<&str>, to: &str, at: i64) -> (Option<String>, Option<String>, i64) {
        (from.map(str::to_owned), Some(to.to_owned()), at)
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
