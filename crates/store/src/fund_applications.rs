//! Measure 2's applications (migration 0017): one row per application with its stored
//! decision, and its references counted per year. The scope (an enterprise's own, a division's
//! programmes, all) is inside every read. Steps and files are in [`crate::fund_application_steps`].
//! This layer does not read the decision's JSON nor judge a transition: the caller has.

use std::collections::BTreeMap;

use domain::funds::workflow::Status;
use domain::{DivisionCode, Id, Money, Uscc};

use crate::db::{Row, Tx, Value, q};
use crate::{Result, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationRecord {
    pub id: Id,
    /// `F-2026-000123`.
    pub reference: String,
    pub programme_id: Id,
    /// The programme's division (kept for scoping queues and lists).
    pub division: DivisionCode,
    pub uscc: Uscc,
    pub year: i64,
    /// Figures by code (`premiums_paid`: fen).
    pub figures: BTreeMap<String, i64>,
    /// Stored status (never `disbursed`: that is derived from the payment).
    pub status: Status,
    /// `portal`, `staff` or `api`.
    pub channel: String,
    pub idempotency_key: Option<String>,
    /// What the enterprise must correct (`documents.<doc>`, `figures.<figure>`).
    pub missing: Vec<String>,
    /// The stored decision (JSON of `domain::funds::Decision`).
    pub decision: String,
    pub eligible: bool,
    pub amount: Money,
    pub rule_version: i64,
    /// The ledger payment made at approval.
    pub payment_id: Option<Id>,
    /// The current step's SLA due instant (epoch ms).
    pub due_at: Option<i64>,
    pub submitted_by: Option<Id>,
    pub submitted_at: i64,
    pub updated_at: i64,
}

/// Which applications a reader sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppScope {
    All,
    /// The programmes of one division.
    Division(DivisionCode),
    /// One enterprise's own.
    Enterprise(Uscc),
    Nothing,
}

const COLS: &str = "a.id, a.reference, a.programme_id, a.division, a.uscc, a.year, a.figures, a.status, a.channel, a.idempotency_key, a.missing, a.decision, a.eligible, a.amount_fen, a.rule_version, a.payment_id, a.due_at, a.submitted_by, a.submitted_at, a.updated_at";

fn bad(col: &str) -> StoreError {
    StoreError::Other(format!(
        "fund_applications.{col} holds a value that is not valid"
    ))
}

fn figures_json(v: &BTreeMap<String, i64>) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Other(e.to_string()))
}

fn json(v: &[String]) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Other(e.to_string()))
}

fn from_row(r: &Row) -> Result<ApplicationRecord> {
    let status: String = r.get("status")?;
    let figures: String = r.get("figures")?;
    let missing: String = r.get("missing")?;
    Ok(ApplicationRecord {
        id: r.get("id")?,
        reference: r.get("reference")?,
        programme_id: r.get("programme_id")?,
        division: r.get("division")?,
        uscc: r.get("uscc")?,
        year: r.get("year")?,
        figures: serde_json::from_str(&figures).map_err(|_| bad("figures"))?,
        status: Status::parse(&status).ok_or_else(|| bad("status"))?,
        channel: r.get("channel")?,
        idempotency_key: r.get("idempotency_key")?,
        missing: serde_json::from_str(&missing).map_err(|_| bad("missing"))?,
        decision: r.get("decision")?,
        eligible: r.get("eligible")?,
        amount: Money::from_fen(r.get("amount_fen")?),
        rule_version: r.get("rule_version")?,
        payment_id: r.get("payment_id")?,
        due_at: r.get("due_at")?,
        submitted_by: r.get("submitted_by")?,
        submitted_at: r.get("submitted_at")?,
        updated_at: r.get("updated_at")?,
    })
}

/// The next reference of `year`: `F-<year>-<six digits>` (more digits past 999,999).
pub async fn next_reference(tx: &mut Tx, year: i64) -> Result<String> {
    let row = tx
        .fetch_one(
            q("INSERT INTO fund_application_counters (year, last) VALUES ($1, 1) ON CONFLICT (year) DO UPDATE SET last = fund_application_counters.last + 1 RETURNING last")
                .bind(year),
        )
        .await?;
    let n: i64 = row.get("last")?;
    Ok(format!("F-{year}-{n:06}"))
}

/// Inserts an application unless its idempotency key was used by its enterprise or it has an
/// open application for the programme and year; answers whether it was written.
pub async fn insert(tx: &mut Tx, a: &ApplicationRecord) -> Result<bool> {
    let n = tx
        .execute(
            q("INSERT INTO fund_applications (id, reference, programme_id, division, uscc, year, figures, status, channel, idempotency_key, missing, decision, eligible, amount_fen, rule_version, payment_id, due_at, submitted_by, submitted_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) ON CONFLICT DO NOTHING")
                .bind(a.id)
                .bind(&a.reference)
                .bind(a.programme_id)
                .bind(a.division)
                .bind(&a.uscc)
                .bind(a.year)
                .bind(figures_json(&a.figures)?)
                .bind(a.status.as_str())
                .bind(&a.channel)
                .bind(a.idempotency_key.as_deref())
                .bind(json(&a.missing)?)
                .bind(&a.decision)
                .bind(a.eligible)
                .bind(a.amount.fen())
                .bind(a.rule_version)
                .bind(a.payment_id)
                .bind(a.due_at)
                .bind(a.submitted_by)
                .bind(a.submitted_at)
                .bind(a.updated_at),
        )
        .await?;
    Ok(n == 1)
}

async fn one(tx: &mut Tx, filter: &str, args: Vec<Value>) -> Result<Option<ApplicationRecord>> {
    let mut query = q(format!(
        "SELECT {COLS} FROM fund_applications a WHERE {filter}"
    ));
    for v in args {
        query = query.bind(v);
    }
    tx.fetch_optional(query)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// The application an enterprise made with this idempotency key.
pub async fn find_by_key(tx: &mut Tx, uscc: &Uscc, key: &str) -> Result<Option<ApplicationRecord>> {
    one(
        tx,
        "a.uscc = $1 AND a.idempotency_key = $2",
        vec![uscc.into(), key.into()],
    )
    .await
}

/// The enterprise's open (not refused or withdrawn) application for a programme and year.
pub async fn find_open(
    tx: &mut Tx,
    programme: Id,
    uscc: &Uscc,
    year: i64,
) -> Result<Option<ApplicationRecord>> {
    one(
        tx,
        "a.programme_id = $1 AND a.uscc = $2 AND a.year = $3 AND a.status NOT IN ('refused', 'withdrawn')",
        vec![programme.into(), uscc.into(), year.into()],
    )
    .await
}

fn scope_sql(scope: &AppScope, args: &mut Vec<Value>) -> String {
    match scope {
        AppScope::All => String::new(),
        AppScope::Division(d) => {
            args.push((*d).into());
            format!(" AND a.division = ${}", args.len())
        }
        AppScope::Enterprise(u) => {
            args.push(u.into());
            format!(" AND a.uscc = ${}", args.len())
        }
        AppScope::Nothing => " AND 1 = 0".into(),
    }
}

/// One application in the reader's scope.
pub async fn get(tx: &mut Tx, scope: &AppScope, id: Id) -> Result<Option<ApplicationRecord>> {
    let mut args = vec![id.into()];
    let filter = format!("a.id = $1{}", scope_sql(scope, &mut args));
    one(tx, &filter, args).await
}

/// What a list is narrowed to.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub programme: Option<Id>,
    pub statuses: Vec<Status>,
    /// Applications submitted before this (epoch ms, id), newest first: the cursor.
    pub before: Option<(i64, Id)>,
    pub limit: i64,
}

/// Applications in the reader's scope, newest first.
pub async fn list(tx: &mut Tx, scope: &AppScope, f: &ListFilter) -> Result<Vec<ApplicationRecord>> {
    let mut args: Vec<Value> = Vec::new();
    let mut sql = format!(
        "SELECT {COLS} FROM fund_applications a WHERE 1 = 1{}",
        scope_sql(scope, &mut args)
    );
    if let Some(p) = f.programme {
        args.push(p.into());
        sql.push_str(&format!(" AND a.programme_id = ${}", args.len()));
    }
    if !f.statuses.is_empty() {
        let mut ns = Vec::new();
        for s in &f.statuses {
            args.push(s.as_str().into());
            ns.push(format!("${}", args.len()));
        }
        sql.push_str(&format!(" AND a.status IN ({})", ns.join(", ")));
    }
    if let Some((at, id)) = f.before {
        args.push(at.into());
        let n = args.len();
        args.push(id.into());
        sql.push_str(&format!(
            " AND (a.submitted_at < ${n} OR (a.submitted_at = ${n} AND a.id < ${}))",
            n + 1
        ));
    }
    sql.push_str(&format!(
        " ORDER BY a.submitted_at DESC, a.id DESC LIMIT {}",
        f.limit.clamp(1, 500)
    ));
    let mut query = q(sql);
    for v in args {
        query = query.bind(v);
    }
    tx.fetch_all(query).await?.iter().map(from_row).collect()
}

/// What a step changes on the application.
#[derive(Debug, Clone)]
pub struct Move {
    pub id: Id,
    pub from: Status,
    pub to: Status,
    pub missing: Vec<String>,
    pub due_at: Option<i64>,
    pub at: i64,
}

/// Moves an application from `from` to `to`; false when it is no longer in `from` (someone
/// else moved it meanwhile).
pub async fn update_status(tx: &mut Tx, m: &Move) -> Result<bool> {
    let n = tx
        .execute(
            q("UPDATE fund_applications SET status = $3, missing = $4, due_at = $5, updated_at = $6 WHERE id = $1 AND status = $2")
                .bind(m.id)
                .bind(m.from.as_str())
                .bind(m.to.as_str())
                .bind(json(&m.missing)?)
                .bind(m.due_at)
                .bind(m.at),
        )
        .await?;
    Ok(n == 1)
}

/// Stores a new decision (examined, approved, resubmitted) and figures.
pub async fn update_decision(
    tx: &mut Tx,
    id: Id,
    figures: &BTreeMap<String, i64>,
    decision: &str,
    eligible: bool,
    amount: Money,
    rule_version: i64,
) -> Result<()> {
    tx.execute(
        q("UPDATE fund_applications SET figures = $2, decision = $3, eligible = $4, amount_fen = $5, rule_version = $6 WHERE id = $1")
            .bind(id)
            .bind(figures_json(figures)?)
            .bind(decision)
            .bind(eligible)
            .bind(amount.fen())
            .bind(rule_version),
    )
    .await?;
    Ok(())
}

/// Links the ledger payment made at approval.
pub async fn set_payment(tx: &mut Tx, id: Id, payment: Id) -> Result<()> {
    tx.execute(
        q("UPDATE fund_applications SET payment_id = $2 WHERE id = $1")
            .bind(id)
            .bind(payment),
    )
    .await?;
    Ok(())
}

/// The programme's leader threshold (migration 0017's column on fund_programmes).
pub async fn leader_threshold(tx: &mut Tx, programme: Id) -> Result<Money> {
    let row = tx
        .fetch_one(
            q("SELECT leader_threshold_fen FROM fund_programmes WHERE id = $1").bind(programme),
        )
        .await?;
    Ok(Money::from_fen(row.get("leader_threshold_fen")?))
}
