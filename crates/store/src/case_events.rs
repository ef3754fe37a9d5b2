//! A case's timeline: its events (opening, records, status changes), read alone or with the
//! case in one query.

use domain::Id;
use domain::cases::Status;

use crate::Result;
use crate::cases::{COLS, CaseRecord, CaseScope, from_row, scope_sql};
use crate::db::{Row, Tx, Value, q};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRecord {
    pub id: Id,
    pub case_id: Id,
    pub kind: String,
    pub record_kind: Option<String>,
    pub content: String,
    pub outcome: Option<String>,
    pub next_follow_up: Option<jiff::civil::Date>,
    /// This record cleared the case's next follow-up date.
    pub follow_up_cleared: bool,
    pub internal: bool,
    pub from_status: Option<Status>,
    pub to_status: Option<Status>,
    pub actor_id: Option<Id>,
    pub actor: String,
    pub at: i64,
}

pub async fn insert_event(tx: &mut Tx, e: &EventRecord) -> Result<()> {
    tx.execute(
        q("INSERT INTO case_events (id, case_id, kind, record_kind, content, outcome, next_follow_up, internal, from_status, to_status, actor_id, actor, at, follow_up_cleared) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)")
            .bind(e.id)
            .bind(e.case_id)
            .bind(&e.kind)
            .bind(e.record_kind.clone())
            .bind(&e.content)
            .bind(e.outcome.clone())
            .bind(e.next_follow_up)
            .bind(e.internal)
            .bind(e.from_status)
            .bind(e.to_status)
            .bind(e.actor_id)
            .bind(&e.actor)
            .bind(e.at)
            .bind(e.follow_up_cleared),
    )
    .await?;
    Ok(())
}

/// The timeline, oldest first. `for_enterprise` keeps only what is addressed to the enterprise:
/// the opening, status changes and replies (filtered in the query).
pub async fn events(tx: &mut Tx, case_id: Id, for_enterprise: bool) -> Result<Vec<EventRecord>> {
    let sql = if for_enterprise {
        "SELECT * FROM case_events WHERE case_id = $1 AND (kind IN ('created', 'status') OR record_kind = 'reply_to_enterprise') ORDER BY at, id"
    } else {
        "SELECT * FROM case_events WHERE case_id = $1 ORDER BY at, id"
    };
    let query = q(sql).bind(case_id);
    tx.fetch_all(query)
        .await?
        .iter()
        .map(|r| event_from_row(r, ""))
        .collect()
}

const EVENT_COLS: [&str; 14] = [
    "id",
    "case_id",
    "kind",
    "record_kind",
    "content",
    "outcome",
    "next_follow_up",
    "internal",
    "from_status",
    "to_status",
    "actor_id",
    "actor",
    "at",
    "follow_up_cleared",
];

/// An event from a row whose event columns are named `{prefix}{column}`.
fn event_from_row(r: &Row, prefix: &str) -> Result<EventRecord> {
    let col = |c: &str| format!("{prefix}{c}");
    Ok(EventRecord {
        id: r.get(&col("id"))?,
        case_id: r.get(&col("case_id"))?,
        kind: r.get(&col("kind"))?,
        record_kind: r.get(&col("record_kind"))?,
        content: r.get(&col("content"))?,
        outcome: r.get(&col("outcome"))?,
        next_follow_up: r.get(&col("next_follow_up"))?,
        follow_up_cleared: r.get(&col("follow_up_cleared"))?,
        internal: r.get(&col("internal"))?,
        from_status: r.get(&col("from_status"))?,
        to_status: r.get(&col("to_status"))?,
        actor_id: r.get(&col("actor_id"))?,
        actor: r.get(&col("actor"))?,
        at: r.get(&col("at"))?,
    })
}

/// A case with its timeline (oldest first) in one query, as [`get`] and [`events`] give them.
pub async fn get_with_timeline(
    tx: &mut Tx,
    scope: &CaseScope,
    id: Id,
    for_enterprise: bool,
) -> Result<Option<(CaseRecord, Vec<EventRecord>)>> {
    let mut args: Vec<Value> = vec![id.into()];
    let case_cols = COLS
        .split(", ")
        .map(|c| format!("c.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let event_cols = EVENT_COLS
        .iter()
        .map(|c| format!("e.{c} AS e_{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let addressed = if for_enterprise {
        " AND (e.kind IN ('created', 'status') OR e.record_kind IN ('reply_to_enterprise', 'enterprise_reply'))"
    } else {
        ""
    };
    let sql = format!(
        "SELECT {case_cols}, {event_cols} FROM cases c LEFT JOIN case_events e ON e.case_id = c.id{addressed} WHERE c.id = $1{} ORDER BY e.at, e.id",
        scope_sql(scope, &mut args)
    );
    let mut query = q(sql);
    for a in args {
        query = query.bind(a);
    }
    let rows = tx.fetch_all(query).await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let mut events = Vec::with_capacity(rows.len());
    for r in &rows {
        if r.get::<Option<Id>>("e_id")?.is_some() {
            events.push(event_from_row(r, "e_")?);
        }
    }
    Ok(Some((from_row(first)?, events)))
}
