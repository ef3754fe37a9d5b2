//! Payment batches: a division's cleared payments grouped for one bank payment file, and what
//! each batch held (its lines keep their amount and outcome after a failed payment moves on).

use domain::{DivisionCode, Id, Money};

use crate::db::{Row, Tx, q};
use crate::{Result, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchRecord {
    pub id: Id,
    pub reference: String,
    pub division: DivisionCode,
    /// `open` (payments out at the bank) or `closed` (every line paid or failed).
    pub status: String,
    pub bank_reference: Option<String>,
    pub created_by: String,
    pub created_at: i64,
    pub exported_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub updated_at: i64,
}

const COLS: &str = "id, reference, division, status, bank_reference, created_by, created_at, exported_at, closed_at, updated_at";

fn from_row(r: &Row) -> Result<BatchRecord> {
    Ok(BatchRecord {
        id: r.get("id")?,
        reference: r.get("reference")?,
        division: r.get("division")?,
        status: r.get("status")?,
        bank_reference: r.get("bank_reference")?,
        created_by: r.get("created_by")?,
        created_at: r.get("created_at")?,
        exported_at: r.get("exported_at")?,
        closed_at: r.get("closed_at")?,
        updated_at: r.get("updated_at")?,
    })
}

/// Inserts a batch, or writes its moving fields (status, bank reference, times).
pub async fn upsert(tx: &mut Tx, b: &BatchRecord) -> Result<()> {
    tx.execute(
        q(format!("INSERT INTO fund_batches ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO UPDATE SET status = excluded.status, bank_reference = excluded.bank_reference, exported_at = excluded.exported_at, closed_at = excluded.closed_at, updated_at = excluded.updated_at"))
            .bind(b.id)
            .bind(&b.reference)
            .bind(b.division)
            .bind(&b.status)
            .bind(b.bank_reference.clone())
            .bind(&b.created_by)
            .bind(b.created_at)
            .bind(b.exported_at)
            .bind(b.closed_at)
            .bind(b.updated_at),
    )
    .await?;
    Ok(())
}

pub async fn get(tx: &mut Tx, id: Id) -> Result<Option<BatchRecord>> {
    tx.fetch_optional(q(format!("SELECT {COLS} FROM fund_batches WHERE id = $1")).bind(id))
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// A batch with its count and total (the sum of its lines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchSummary {
    pub batch: BatchRecord,
    pub count: i64,
    pub total: Money,
}

/// Batches, newest first; a division's only when given.
pub async fn list(
    tx: &mut Tx,
    division: Option<DivisionCode>,
    limit: i64,
) -> Result<Vec<BatchSummary>> {
    let cols = COLS
        .split(", ")
        .map(|c| format!("b.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut query = q(format!(
        "SELECT {cols}, COUNT(i.payment_id) AS n, CAST(COALESCE(SUM(i.amount_fen), 0) AS BIGINT) AS total FROM fund_batches b LEFT JOIN fund_batch_items i ON i.batch_id = b.id"
    ));
    if let Some(d) = division {
        query = query.push_sql(" WHERE b.division = $1").bind(d);
    }
    let n = query.next_param();
    query = query
        .push_sql(&format!(" GROUP BY {cols} ORDER BY b.id DESC LIMIT ${n}"))
        .bind(limit);
    tx.fetch_all(query)
        .await?
        .iter()
        .map(|r| {
            Ok(BatchSummary {
                batch: from_row(r)?,
                count: r.get("n")?,
                total: Money::from_fen(r.get("total")?),
            })
        })
        .collect()
}

/// One line of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRecord {
    pub batch_id: Id,
    pub payment_id: Id,
    pub amount: Money,
    /// `in_batch`, `paid` or `failed`.
    pub status: String,
    pub bank_reference: Option<String>,
}

pub async fn insert_item(tx: &mut Tx, i: &ItemRecord) -> Result<()> {
    tx.execute(
        q("INSERT INTO fund_batch_items (batch_id, payment_id, amount_fen, status, bank_reference) VALUES ($1, $2, $3, $4, $5)")
            .bind(i.batch_id)
            .bind(i.payment_id)
            .bind(i.amount.fen())
            .bind(&i.status)
            .bind(i.bank_reference.clone()),
    )
    .await?;
    Ok(())
}

/// Records a line's outcome; false when the line was not waiting (`in_batch`).
pub async fn settle_item(
    tx: &mut Tx,
    batch: Id,
    payment: Id,
    status: &str,
    bank_reference: Option<&str>,
) -> Result<bool> {
    if !matches!(status, "paid" | "failed") {
        return Err(StoreError::Other(format!(
            "a batch line cannot become {status}"
        )));
    }
    let n = tx
        .execute(
            q("UPDATE fund_batch_items SET status = $3, bank_reference = $4 WHERE batch_id = $1 AND payment_id = $2 AND status = 'in_batch'")
                .bind(batch)
                .bind(payment)
                .bind(status)
                .bind(bank_reference),
        )
        .await?;
    Ok(n == 1)
}

pub async fn items(tx: &mut Tx, batch: Id) -> Result<Vec<ItemRecord>> {
    tx.fetch_all(
        q("SELECT batch_id, payment_id, amount_fen, status, bank_reference FROM fund_batch_items WHERE batch_id = $1 ORDER BY payment_id")
            .bind(batch),
    )
    .await?
    .iter()
    .map(|r| {
        Ok(ItemRecord {
            batch_id: r.get("batch_id")?,
            payment_id: r.get("payment_id")?,
            amount: Money::from_fen(r.get("amount_fen")?),
            status: r.get("status")?,
            bank_reference: r.get("bank_reference")?,
        })
    })
    .collect()
}
