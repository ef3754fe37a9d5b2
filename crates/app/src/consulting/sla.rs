//! Measure 3's SLA report: the share of clocks met, the medians and the breaches per division
//! and channel, over the case engine's clocks (`cases::sla`, which owns the calendar, the
//! targets and the clocks themselves; re-exported here for the consulting desk's routes).

use domain::calendar::{Clock, ClockState};
use domain::cases::Status;
use serde::Serialize;

pub use crate::cases::sla::{
    SlaCache, SlaConfig, SlaView, TargetInput, calendar_days, clocks, clocks_between, config,
    pauses, put_target, targets,
};
use crate::{App, Ctx, Result};

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
    let cases = clocks_between(app, ctx, from, to, open_only).await?;
    let mut groups: std::collections::BTreeMap<(String, String), Vec<SlaView>> =
        std::collections::BTreeMap::new();
    let mut breaches = Vec::new();
    for (c, v) in cases {
        for (name, clock) in [
            ("first_response", &v.first_response),
            ("resolution", &v.resolution),
        ] {
            if clock.state == ClockState::Breached {
                breaches.push(Breach {
                    case_id: c.id.to_string(),
                    subject: c.subject.clone(),
                    division: c.division.as_str().to_owned(),
                    channel: c.channel.clone(),
                    clock: name,
                    used_minutes: clock.used_minutes,
                    target_minutes: clock.target_minutes,
                    open: !matches!(c.status, Status::Resolved | Status::Closed),
                });
            }
        }
        groups
            .entry((c.division.as_str().to_owned(), c.channel))
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
