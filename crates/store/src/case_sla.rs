//! The case engine's SLA settings and what its clocks read: the working calendar's special
//! days, the targets per kind and channel, and the status changes of cases.

use domain::Id;
use domain::cases::Status;
use jiff::civil::Date;

use crate::Result;
use crate::db::{Tx, q};

/// A day that differs from the weekly rule: a public holiday or a make-up working day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarDay {
    pub date: Date,
    pub working: bool,
    pub name: String,
}

pub async fn calendar_days(tx: &mut Tx) -> Result<Vec<CalendarDay>> {
    tx.fetch_all(q(
        "SELECT date, working, name FROM calendar_days ORDER BY date",
    ))
    .await?
    .iter()
    .map(|r| {
        Ok(CalendarDay {
            date: r.get("date")?,
            working: r.get("working")?,
            name: r.get("name")?,
        })
    })
    .collect()
}

/// Adds or replaces a special day; returns the day it replaced, if any.
pub async fn put_calendar_day(
    tx: &mut Tx,
    d: &CalendarDay,
    now: i64,
) -> Result<Option<CalendarDay>> {
    let before = tx
        .fetch_optional(
            q("SELECT date, working, name FROM calendar_days WHERE date = $1").bind(d.date),
        )
        .await?
        .map(|r| -> Result<CalendarDay> {
            Ok(CalendarDay {
                date: r.get("date")?,
                working: r.get("working")?,
                name: r.get("name")?,
            })
        })
        .transpose()?;
    tx.execute(
        q("INSERT INTO calendar_days (date, working, name, updated_at) VALUES ($1, $2, $3, $4) ON CONFLICT (date) DO UPDATE SET working = excluded.working, name = excluded.name, updated_at = excluded.updated_at")
            .bind(d.date)
            .bind(d.working)
            .bind(&d.name)
            .bind(now),
    )
    .await?;
    Ok(before)
}

/// A configured SLA target: `channel` is a channel or `*` for any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaTargetRecord {
    pub kind: String,
    pub channel: String,
    pub fast: bool,
    pub first_response_minutes: i64,
    pub resolution_minutes: i64,
}

pub async fn sla_targets(tx: &mut Tx) -> Result<Vec<SlaTargetRecord>> {
    tx.fetch_all(q("SELECT kind, channel, fast, first_response_minutes, resolution_minutes FROM sla_targets ORDER BY kind, channel, fast"))
        .await?
        .iter()
        .map(|r| {
            Ok(SlaTargetRecord {
                kind: r.get("kind")?,
                channel: r.get("channel")?,
                fast: r.get("fast")?,
                first_response_minutes: r.get("first_response_minutes")?,
                resolution_minutes: r.get("resolution_minutes")?,
            })
        })
        .collect()
}

pub async fn put_sla_target(tx: &mut Tx, t: &SlaTargetRecord) -> Result<()> {
    tx.execute(
        q("INSERT INTO sla_targets (kind, channel, fast, first_response_minutes, resolution_minutes) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (kind, channel, fast) DO UPDATE SET first_response_minutes = excluded.first_response_minutes, resolution_minutes = excluded.resolution_minutes")
            .bind(&t.kind)
            .bind(&t.channel)
            .bind(t.fast)
            .bind(t.first_response_minutes)
            .bind(t.resolution_minutes),
    )
    .await?;
    Ok(())
}

/// Status changes of the given cases, oldest first: (case, from, to, at). The SLA clocks pause
/// while a case waits on the enterprise.
pub async fn status_changes(
    tx: &mut Tx,
    case_ids: &[Id],
) -> Result<Vec<(Id, Option<Status>, Option<Status>, i64)>> {
    let mut out = Vec::new();
    for chunk in case_ids.chunks(500) {
        let params: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let mut query = q(format!(
            "SELECT case_id, from_status, to_status, at FROM case_events WHERE kind = 'status' AND case_id IN ({}) ORDER BY at, id",
            params.join(", ")
        ));
        for id in chunk {
            query = query.bind(*id);
        }
        for r in tx.fetch_all_long(query).await? {
            out.push((
                r.get("case_id")?,
                r.get("from_status")?,
                r.get("to_status")?,
                r.get("at")?,
            ));
        }
    }
    Ok(out)
}
