//! The shared case engine's tables: cases, their timeline of events, and decisions.

use domain::cases::Status;
use domain::{DistrictCode, DivisionCode, Id, MeasureNo, Uscc};

use crate::db::{Row, Tx, Value, q};
use crate::{Result, StoreError};

pub use crate::case_counts::{counts_by_category, overdue_by_district};
pub use crate::case_events::{EventRecord, events, get_with_timeline, insert_event};
pub use crate::case_list::{
    CaseFilter, CaseSort, Cursor, SortKey, WorkloadRow, assignable, list, names, workload,
};
pub use crate::case_party::{Party, names as enterprise_names, party};
pub use crate::case_search::{add_terms, created_between, open_of_sender, search};
pub use crate::case_sla::{
    CalendarDay, SlaTargetRecord, calendar_days, put_calendar_day, put_sla_target, sla_targets,
    status_changes,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRecord {
    pub id: Id,
    pub kind: String,
    pub measure: MeasureNo,
    pub enterprise: Option<Uscc>,
    pub subject: String,
    pub body: String,
    pub category: Option<String>,
    pub channel: String,
    pub division: DivisionCode,
    pub assignee_id: Option<Id>,
    pub status: Status,
    pub priority: String,
    pub significant: bool,
    pub next_follow_up: Option<jiff::civil::Date>,
    pub created_by: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub first_response_at: Option<i64>,
    pub resolved_at: Option<i64>,
    /// The measure an inquiry is about (it is routed by it); `None` for other kinds.
    pub topic: Option<MeasureNo>,
    /// Whether the case is on the fast service channel (shorter SLA targets).
    pub fast: bool,
    /// Who asked, for inquiries from people without an account (public form, hotline, group).
    pub contact_name: Option<String>,
    pub contact: Option<String>,
    /// The messaging-group sender (`{group}:{sender}`) whose open inquiry further messages join.
    pub sender_key: Option<String>,
}

pub(crate) const COLS: &str = "id, kind, measure, enterprise, subject, body, category, channel, division, assignee_id, status, priority, significant, next_follow_up, created_by, created_at, updated_at, first_response_at, resolved_at, topic, fast, contact_name, contact, sender_key";

pub(crate) fn from_row(r: &Row) -> Result<CaseRecord> {
    Ok(CaseRecord {
        id: r.get("id")?,
        kind: r.get("kind")?,
        measure: r.get("measure")?,
        enterprise: r.get("enterprise")?,
        subject: r.get("subject")?,
        body: r.get("body")?,
        category: r.get("category")?,
        channel: r.get("channel")?,
        division: r.get("division")?,
        assignee_id: r.get("assignee_id")?,
        status: r.get("status")?,
        priority: r.get("priority")?,
        significant: r.get("significant")?,
        next_follow_up: r.get("next_follow_up")?,
        created_by: r.get("created_by")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
        first_response_at: r.get("first_response_at")?,
        resolved_at: r.get("resolved_at")?,
        topic: r.get("topic")?,
        fast: r.get("fast")?,
        contact_name: r.get("contact_name")?,
        contact: r.get("contact")?,
        sender_key: r.get("sender_key")?,
    })
}

fn binds(c: &CaseRecord) -> Vec<Value> {
    vec![
        c.id.into(),
        c.kind.clone().into(),
        c.measure.into(),
        c.enterprise.clone().into(),
        c.subject.clone().into(),
        c.body.clone().into(),
        c.category.clone().into(),
        c.channel.clone().into(),
        c.division.into(),
        c.assignee_id.into(),
        c.status.into(),
        c.priority.clone().into(),
        c.significant.into(),
        c.next_follow_up.into(),
        c.created_by.clone().into(),
        c.created_at.into(),
        c.updated_at.into(),
        c.first_response_at.into(),
        c.resolved_at.into(),
        c.topic.into(),
        c.fast.into(),
        c.contact_name.clone().into(),
        c.contact.clone().into(),
        c.sender_key.clone().into(),
    ]
}

pub async fn insert(tx: &mut Tx, c: &CaseRecord) -> Result<()> {
    let mut query = q(format!(
        "INSERT INTO cases ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)"
    ));
    for v in binds(c) {
        query = query.bind(v);
    }
    tx.execute(query).await?;
    Ok(())
}

pub async fn update(tx: &mut Tx, c: &CaseRecord) -> Result<()> {
    let mut query = q(
        "UPDATE cases SET kind = $2, measure = $3, enterprise = $4, subject = $5, body = $6, category = $7, channel = $8, division = $9, assignee_id = $10, status = $11, priority = $12, significant = $13, next_follow_up = $14, created_by = $15, created_at = $16, updated_at = $17, first_response_at = $18, resolved_at = $19, topic = $20, fast = $21, contact_name = $22, contact = $23, sender_key = $24 WHERE id = $1",
    );
    for v in binds(c) {
        query = query.bind(v);
    }
    if tx.execute(query).await? == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

/// Which cases a caller may see: the scope predicate, applied inside every query.
#[derive(Debug, Clone)]
pub enum CaseScope {
    All,
    /// Cases routed to this division, and the cases of the measures it shares with other
    /// divisions in the work-distribution table (joint handling, see [`joint_sql`]).
    Division(DivisionCode),
    /// Cases routed to this division only: those it leads, so may move, assign and escalate.
    Routed(DivisionCode),
    /// Cases of the enterprises registered in this district (district officials).
    District(DistrictCode),
    /// Cases of this enterprise.
    Enterprise(Uscc),
    /// Nothing.
    Nothing,
}

/// The cases that division `$n` handles jointly: those about a measure (an inquiry's topic,
/// else the case's measure) for which the work-distribution table names this division for the
/// whole measure (no item) beside at least one other division. Measure 1: IP3 leads, IP2 and
/// IP1 work beside it. A measure split by item is not shared: each item has its division.
/// The table is a few dozen rows, so the subquery is read once per query; the expression index
/// `cases_about_id` serves the outer side.
pub(crate) fn joint_sql(n: usize) -> String {
    format!(
        "COALESCE(c.topic, c.measure) IN (SELECT w.measure FROM work_distribution w WHERE w.division = ${n} AND {SHARED_ROW})"
    )
}

/// A row `w` of the table that names its division for the whole of a measure beside another.
pub(crate) const SHARED_ROW: &str = "w.item = '' AND EXISTS (SELECT 1 FROM work_distribution o WHERE o.measure = w.measure AND o.item = '' AND o.division <> w.division)";

pub(crate) fn scope_sql(scope: &CaseScope, args: &mut Vec<Value>) -> String {
    match scope {
        CaseScope::All => String::new(),
        CaseScope::Division(d) => {
            args.push((*d).into());
            let n = args.len();
            format!(" AND (c.division = ${n} OR {})", joint_sql(n))
        }
        CaseScope::Routed(d) => {
            args.push((*d).into());
            format!(" AND c.division = ${}", args.len())
        }
        CaseScope::District(d) => {
            args.push(d.clone().into());
            format!(
                " AND c.enterprise IN (SELECT e.uscc FROM enterprises e WHERE e.district = ${})",
                args.len()
            )
        }
        CaseScope::Enterprise(u) => {
            args.push(u.clone().into());
            format!(" AND c.enterprise = ${}", args.len())
        }
        CaseScope::Nothing => " AND 1 = 0".into(),
    }
}

pub async fn get(tx: &mut Tx, scope: &CaseScope, id: Id) -> Result<Option<CaseRecord>> {
    let mut args: Vec<Value> = vec![id.into()];
    let sql = format!(
        "SELECT {} FROM cases c WHERE c.id = $1{}",
        COLS.split(", ")
            .map(|c| format!("c.{c}"))
            .collect::<Vec<_>>()
            .join(", "),
        scope_sql(scope, &mut args)
    );
    let mut query = q(sql);
    for a in args {
        query = query.bind(a);
    }
    tx.fetch_optional(query)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRecord {
    pub case_id: Id,
    pub decision: String,
    pub division: DivisionCode,
    pub owner: String,
    pub due_date: jiff::civil::Date,
    pub decided_by: String,
    pub at: i64,
}

pub async fn upsert_decision(tx: &mut Tx, d: &DecisionRecord) -> Result<()> {
    tx.execute(
        q("INSERT INTO decisions (case_id, decision, division, owner, due_date, decided_by, at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (case_id) DO UPDATE SET decision = excluded.decision, division = excluded.division, owner = excluded.owner, due_date = excluded.due_date, decided_by = excluded.decided_by, at = excluded.at")
            .bind(d.case_id)
            .bind(&d.decision)
            .bind(d.division)
            .bind(&d.owner)
            .bind(d.due_date)
            .bind(&d.decided_by)
            .bind(d.at),
    )
    .await?;
    Ok(())
}

pub async fn decision(tx: &mut Tx, case_id: Id) -> Result<Option<DecisionRecord>> {
    tx.fetch_optional(q("SELECT case_id, decision, division, owner, due_date, decided_by, at FROM decisions WHERE case_id = $1").bind(case_id))
        .await?
        .map(|r| {
            Ok(DecisionRecord {
                case_id: r.get("case_id")?,
                decision: r.get("decision")?,
                division: r.get("division")?,
                owner: r.get("owner")?,
                due_date: r.get("due_date")?,
                decided_by: r.get("decided_by")?,
                at: r.get("at")?,
            })
        })
        .transpose()
}
