//! The scheduled notices: every few minutes [`scan`] looks at the open cases and tells of an
//! SLA clock at risk or breached and of a follow-up (decision) date that has come, once per
//! case and threshold (a mark per notice); once a day [`digest`] sends each official their
//! open, overdue and at-risk counts and the cases due today (opt-out in preferences).

use domain::Role;
use domain::calendar::ClockState;
use store::cases::CaseRecord;

use super::{DigestCounts, Event, SlaClock};
use crate::cases::sla::SlaView;
use crate::{App, Ctx, Result};

async fn open_cases(app: &App) -> Result<Vec<(CaseRecord, SlaView)>> {
    let ctx = Ctx::system("notify_scan");
    crate::cases::sla::clocks_between(app, &ctx, 0, app.now() + 1, true).await
}

/// Tells of SLA clocks at risk or breached and of decisions due; returns how many notices.
pub async fn scan(app: &App) -> Result<usize> {
    let cases = open_cases(app).await?;
    let today = app.today();
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let mut n = 0;
    for (c, v) in &cases {
        for (clock, state) in [
            (SlaClock::FirstResponse, v.first_response.state),
            (SlaClock::Resolution, v.resolution.state),
        ] {
            let event = match state {
                ClockState::AtRisk => Event::SlaAtRisk { case: c.id, clock },
                ClockState::Breached => Event::SlaBreached { case: c.id, clock },
                _ => continue,
            };
            let mark = format!("{}:{}:{}", event.name(), clock.as_str(), c.id);
            if store::notify::mark_once(&mut tx, &mark, now).await? {
                super::emit(&mut tx, app, event).await?;
                n += 1;
            }
        }
        if let Some(due) = c.next_follow_up.filter(|d| *d <= today) {
            let mark = format!("decision_due:{}:{due}", c.id);
            if store::notify::mark_once(&mut tx, &mark, now).await? {
                super::emit(&mut tx, app, Event::DecisionDue { case: c.id, due }).await?;
                n += 1;
            }
        }
    }
    tx.commit().await?;
    Ok(n)
}

/// Sends today's digest to every official with open cases assigned to them (once a day);
/// returns how many were sent.
pub async fn digest(app: &App) -> Result<usize> {
    let cases = open_cases(app).await?;
    let today = app.today();
    let mut per: std::collections::BTreeMap<domain::Id, DigestCounts> = Default::default();
    for (c, v) in &cases {
        let Some(a) = c.assignee_id else { continue };
        let d = per.entry(a).or_default();
        d.open += 1;
        if c.next_follow_up.is_some_and(|f| f < today) {
            d.overdue += 1;
        }
        if [v.first_response.state, v.resolution.state].contains(&ClockState::AtRisk) {
            d.at_risk += 1;
        }
        if c.next_follow_up == Some(today) {
            d.due_today.push(c.subject.clone());
        }
    }
    let mut tx = app.db.begin().await?;
    let mut n = 0;
    for (user, counts) in per {
        let Some(u) = store::users::get(&mut tx, user).await? else {
            continue;
        };
        if u.role == Role::EnterpriseUser {
            continue;
        }
        let mark = format!("digest:{user}:{today}");
        if store::notify::mark_once(&mut tx, &mark, app.now()).await? {
            n += super::emit(&mut tx, app, Event::Digest { user, counts }).await?;
        }
    }
    tx.commit().await?;
    Ok(n)
}

/// Runs [`scan`] every five minutes and [`digest`] from 08:00 local time each day, until
/// `stop` turns true.
pub async fn run(app: App, mut stop: tokio::sync::watch::Receiver<bool>) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(300));
    loop {
        tokio::select! {
            _ = every.tick() => {}
            _ = stop.changed() => return,
        }
        if let Err(e) = scan(&app).await {
            tracing::warn!(error = %e, "the notification scan failed");
        }
        // "YYYY-MM-DD HH:MM" in the bureau's zone.
        let local = app.zone().datetime(app.now());
        let hour = local.get(11..13).and_then(|h| h.parse::<u8>().ok());
        if hour.is_some_and(|h| h >= 8)
            && let Err(e) = digest(&app).await
        {
            tracing::warn!(error = %e, "the daily digest failed");
        }
    }
}
