//! Measure 2's ledger table: one row per amount owed to (or recovered from) one enterprise,
//! and the programmes' publicity periods. Status moves are checked by the caller
//! (`domain::funds::payments::can_move`); an update here names the status it expects, so that
//! two writers never both move one payment.

use domain::funds::{PaymentSource, PaymentStatus};
use domain::{DivisionCode, Id, Money, Uscc};

use crate::db::{Row, Tx, q};
use crate::{Result, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRecord {
    pub id: Id,
    pub reference: String,
    pub programme_id: Id,
    pub uscc: Uscc,
    pub year: i64,
    pub source: PaymentSource,
    pub source_id: String,
    pub amount: Money,
    pub rule_version: i64,
    /// JSON: the stored decision, criterion by criterion.
    pub explanation: String,
    pub status: PaymentStatus,
    /// Who queued it (none: the command line or a job); four eyes keeps them from approving.
    pub queued_by: Option<Id>,
    pub approved_by: Option<Id>,
    pub approved_at: Option<i64>,
    pub override_reason: Option<String>,
    pub batch_id: Option<Id>,
    pub bank_reference: Option<String>,
    pub paid_at: Option<i64>,
    pub applied_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

pub(crate) const COLS: &str = "id, reference, programme_id, uscc, year, source, source_id, amount_fen, rule_version, explanation, status, queued_by, approved_by, approved_at, override_reason, batch_id, bank_reference, paid_at, applied_at, created_at, updated_at";

pub(crate) fn from_row(r: &Row) -> Result<PaymentRecord> {
    Ok(PaymentRecord {
        id: r.get("id")?,
        reference: r.get("reference")?,
        programme_id: r.get("programme_id")?,
        uscc: r.get("uscc")?,
        year: r.get("year")?,
        source: r.get("source")?,
        source_id: r.get("source_id")?,
        amount: Money::from_fen(r.get("amount_fen")?),
        rule_version: r.get("rule_version")?,
        explanation: r.get("explanation")?,
        status: r.get("status")?,
        queued_by: r.get("queued_by")?,
        approved_by: r.get("approved_by")?,
        approved_at: r.get("approved_at")?,
        override_reason: r.get("override_reason")?,
        batch_id: r.get("batch_id")?,
        bank_reference: r.get("bank_reference")?,
        paid_at: r.get("paid_at")?,
        applied_at: r.get("applied_at")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
    })
}

/// How many payments carry a reference starting with `prefix` (rows are never deleted, so
/// this plus one is the next number; writers are serialised).
pub async fn count_references(tx: &mut Tx, table: &str, prefix: &str) -> Result<i64> {
    let table = match table {
        "fund_payments" | "fund_batches" => table,
        _ => return Err(StoreError::Other(format!("no references in {table}"))),
    };
    tx.fetch_one(
        q(format!(
            "SELECT COUNT(*) AS n FROM {table} WHERE reference LIKE $1"
        ))
        .bind(format!("{prefix}%")),
    )
    .await?
    .get("n")
}

pub async fn insert(tx: &mut Tx, p: &PaymentRecord) -> Result<()> {
    tx.execute(
        q(format!("INSERT INTO fund_payments ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)"))
            .bind(p.id)
            .bind(&p.reference)
            .bind(p.programme_id)
            .bind(&p.uscc)
            .bind(p.year)
            .bind(p.source)
            .bind(&p.source_id)
            .bind(p.amount.fen())
            .bind(p.rule_version)
            .bind(&p.explanation)
            .bind(p.status)
            .bind(p.queued_by)
            .bind(p.approved_by)
            .bind(p.approved_at)
            .bind(p.override_reason.clone())
            .bind(p.batch_id)
            .bind(p.bank_reference.clone())
            .bind(p.paid_at)
            .bind(p.applied_at)
            .bind(p.created_at)
            .bind(p.updated_at),
    )
    .await?;
    Ok(())
}

pub async fn get(tx: &mut Tx, id: Id) -> Result<Option<PaymentRecord>> {
    tx.fetch_optional(q(format!("SELECT {COLS} FROM fund_payments WHERE id = $1")).bind(id))
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub async fn find_by_reference(tx: &mut Tx, reference: &str) -> Result<Option<PaymentRecord>> {
    tx.fetch_optional(
        q(format!(
            "SELECT {COLS} FROM fund_payments WHERE reference = $1"
        ))
        .bind(reference),
    )
    .await?
    .as_ref()
    .map(from_row)
    .transpose()
}

/// The payments made for one source (an application, an entitlement, a top-up ...).
pub async fn find_by_source(
    tx: &mut Tx,
    source: PaymentSource,
    source_id: &str,
) -> Result<Vec<PaymentRecord>> {
    tx.fetch_all(
        q(format!(
            "SELECT {COLS} FROM fund_payments WHERE source = $1 AND source_id = $2 ORDER BY id"
        ))
        .bind(source)
        .bind(source_id),
    )
    .await?
    .iter()
    .map(from_row)
    .collect()
}

/// Writes the moving fields of `p` (status, approval, batch, bank reference, paid_at) if the
/// stored status is still `expected`; false when it was not.
pub async fn update(tx: &mut Tx, p: &PaymentRecord, expected: PaymentStatus) -> Result<bool> {
    let n = tx
        .execute(
            q("UPDATE fund_payments SET status = $2, approved_by = $3, approved_at = $4, override_reason = $5, batch_id = $6, bank_reference = $7, paid_at = $8, updated_at = $9 WHERE id = $1 AND status = $10")
                .bind(p.id)
                .bind(p.status)
                .bind(p.approved_by)
                .bind(p.approved_at)
                .bind(p.override_reason.clone())
                .bind(p.batch_id)
                .bind(p.bank_reference.clone())
                .bind(p.paid_at)
                .bind(p.updated_at)
                .bind(expected),
        )
        .await?;
    Ok(n == 1)
}

/// A programme's publicity period (公示) in working days; 0 = none.
pub async fn publicity_days(tx: &mut Tx, programme: Id) -> Result<i64> {
    tx.fetch_optional(q("SELECT publicity_days FROM fund_programmes WHERE id = $1").bind(programme))
        .await?
        .ok_or(StoreError::NotFound)?
        .get("publicity_days")
}

pub async fn set_publicity_days(tx: &mut Tx, programme: Id, days: i64) -> Result<()> {
    tx.execute(
        q("UPDATE fund_programmes SET publicity_days = $2 WHERE id = $1")
            .bind(programme)
            .bind(days),
    )
    .await?;
    Ok(())
}

/// The sum of a programme's payments per (source is a recovery, status).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusSum {
    pub recovery: bool,
    pub status: PaymentStatus,
    pub count: i64,
    pub amount: Money,
}

pub async fn sums(tx: &mut Tx, programme: Id) -> Result<Vec<StatusSum>> {
    let rows = tx
        .fetch_all(
            q("SELECT source, status, COUNT(*) AS n, CAST(SUM(amount_fen) AS BIGINT) AS total FROM fund_payments WHERE programme_id = $1 GROUP BY source, status")
                .bind(programme),
        )
        .await?;
    let mut out: Vec<StatusSum> = Vec::new();
    for r in &rows {
        let source: PaymentSource = r.get("source")?;
        let recovery = source == PaymentSource::Recovery;
        let status: PaymentStatus = r.get("status")?;
        let count: i64 = r.get("n")?;
        let total = Money::from_fen(r.get("total")?);
        match out
            .iter_mut()
            .find(|s| s.recovery == recovery && s.status == status)
        {
            Some(s) => {
                s.count += count;
                s.amount = s
                    .amount
                    .checked_add(total)
                    .map_err(|e| StoreError::Other(e.to_string()))?;
            }
            None => out.push(StatusSum {
                recovery,
                status,
                count,
                amount: total,
            }),
        }
    }
    Ok(out)
}

/// Which payments a list shows. `division` limits to that division's programmes.
#[derive(Debug, Clone, Default)]
pub struct PaymentFilter {
    pub division: Option<DivisionCode>,
    pub programme: Option<Id>,
    pub status: Option<PaymentStatus>,
    pub uscc: Option<Uscc>,
    /// The payments a batch holds or held (a failed one may have moved on).
    pub batch: Option<Id>,
    pub id: Option<Id>,
}

/// A payment with the names a reader needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRow {
    pub payment: PaymentRecord,
    pub enterprise_name: String,
    pub programme_name_zh: String,
    pub programme_name_en: String,
    pub division: DivisionCode,
}

/// Payments matching `f`, newest first, at most `limit`.
pub async fn list(tx: &mut Tx, f: &PaymentFilter, limit: i64) -> Result<Vec<PaymentRow>> {
    let cols = COLS
        .split(", ")
        .map(|c| format!("p.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut query = q(format!(
        "SELECT {cols}, e.name AS enterprise_name, g.name_zh, g.name_en, g.division FROM fund_payments p JOIN enterprises e ON e.uscc = p.uscc JOIN fund_programmes g ON g.id = p.programme_id WHERE 1 = 1"
    ));
    if let Some(d) = f.division {
        let n = query.next_param();
        query = query.push_sql(&format!(" AND g.division = ${n}")).bind(d);
    }
    if let Some(p) = f.programme {
        let n = query.next_param();
        query = query
            .push_sql(&format!(" AND p.programme_id = ${n}"))
            .bind(p);
    }
    if let Some(s) = f.status {
        let n = query.next_param();
        query = query.push_sql(&format!(" AND p.status = ${n}")).bind(s);
    }
    if let Some(u) = &f.uscc {
        let n = query.next_param();
        query = query.push_sql(&format!(" AND p.uscc = ${n}")).bind(u);
    }
    if let Some(b) = f.batch {
        let n = query.next_param();
        query = query
            .push_sql(&format!(
                " AND p.id IN (SELECT payment_id FROM fund_batch_items WHERE batch_id = ${n})"
            ))
            .bind(b);
    }
    if let Some(id) = f.id {
        let n = query.next_param();
        query = query.push_sql(&format!(" AND p.id = ${n}")).bind(id);
    }
    let n = query.next_param();
    query = query
        .push_sql(&format!(" ORDER BY p.id DESC LIMIT ${n}"))
        .bind(limit);
    tx.fetch_all(query)
        .await?
        .iter()
        .map(|r| {
            Ok(PaymentRow {
                payment: from_row(r)?,
                enterprise_name: r.get("enterprise_name")?,
                programme_name_zh: r.get("name_zh")?,
                programme_name_en: r.get("name_en")?,
                division: r.get("division")?,
            })
        })
        .collect()
}
