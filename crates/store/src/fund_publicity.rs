//! Measure 2's publicity (公示) tables: a published list of approved payments with its period,
//! the lines it showed, and the objections filed against them. Which lines clear, hold or are
//! cancelled when the period ends is decided by the caller (`app::funds::publicity`).

use domain::{Id, Money};
use jiff::civil::Date;

use crate::Result;
use crate::db::{Row, Tx, q};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicityRecord {
    pub id: Id,
    pub programme_id: Id,
    pub starts_on: Date,
    pub ends_on: Date,
    pub ends_at: i64,
    /// `running` or `ended`.
    pub status: String,
    pub published_by: String,
    pub created_at: i64,
    pub ended_at: Option<i64>,
    pub updated_at: i64,
}

const COLS: &str = "id, programme_id, starts_on, ends_on, ends_at, status, published_by, created_at, ended_at, updated_at";

fn from_row(r: &Row) -> Result<PublicityRecord> {
    Ok(PublicityRecord {
        id: r.get("id")?,
        programme_id: r.get("programme_id")?,
        starts_on: r.get("starts_on")?,
        ends_on: r.get("ends_on")?,
        ends_at: r.get("ends_at")?,
        status: r.get("status")?,
        published_by: r.get("published_by")?,
        created_at: r.get("created_at")?,
        ended_at: r.get("ended_at")?,
        updated_at: r.get("updated_at")?,
    })
}

pub async fn insert(tx: &mut Tx, p: &PublicityRecord) -> Result<()> {
    tx.execute(
        q(format!(
            "INSERT INTO fund_publicities ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
        ))
        .bind(p.id)
        .bind(p.programme_id)
        .bind(p.starts_on)
        .bind(p.ends_on)
        .bind(p.ends_at)
        .bind(&p.status)
        .bind(&p.published_by)
        .bind(p.created_at)
        .bind(p.ended_at)
        .bind(p.updated_at),
    )
    .await?;
    Ok(())
}

pub async fn get(tx: &mut Tx, id: Id) -> Result<Option<PublicityRecord>> {
    tx.fetch_optional(q(format!("SELECT {COLS} FROM fund_publicities WHERE id = $1")).bind(id))
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// Publicities, newest first: of one programme, or all.
pub async fn list(tx: &mut Tx, programme: Option<Id>, limit: i64) -> Result<Vec<PublicityRecord>> {
    let query = match programme {
        Some(p) => q(format!(
            "SELECT {COLS} FROM fund_publicities WHERE programme_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2"
        ))
        .bind(p)
        .bind(limit),
        None => q(format!(
            "SELECT {COLS} FROM fund_publicities ORDER BY created_at DESC, id DESC LIMIT $1"
        ))
        .bind(limit),
    };
    tx.fetch_all(query).await?.iter().map(from_row).collect()
}

/// Running publicities whose period is over at `now`.
pub async fn due(tx: &mut Tx, now: i64) -> Result<Vec<Id>> {
    tx.fetch_all(
        q("SELECT id FROM fund_publicities WHERE status = 'running' AND ends_at <= $1 ORDER BY ends_at")
            .bind(now),
    )
    .await?
    .iter()
    .map(|r| r.get("id"))
    .collect()
}

/// Marks a running publicity ended; false when it was not running.
pub async fn end(tx: &mut Tx, id: Id, at: i64) -> Result<bool> {
    let n = tx
        .execute(
            q("UPDATE fund_publicities SET status = 'ended', ended_at = $2, updated_at = $2 WHERE id = $1 AND status = 'running'")
                .bind(id)
                .bind(at),
        )
        .await?;
    Ok(n == 1)
}

/// A line of a published list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRecord {
    pub publicity_id: Id,
    pub payment_id: Id,
    pub line: i64,
    pub enterprise_name: String,
    pub amount: Money,
    /// `listed`, `cleared`, `held` or `cancelled`.
    pub outcome: String,
}

pub async fn insert_item(tx: &mut Tx, i: &ItemRecord) -> Result<()> {
    tx.execute(
        q("INSERT INTO fund_publicity_items (publicity_id, payment_id, line, enterprise_name, amount_fen, outcome) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(i.publicity_id)
            .bind(i.payment_id)
            .bind(i.line)
            .bind(&i.enterprise_name)
            .bind(i.amount.fen())
            .bind(&i.outcome),
    )
    .await?;
    Ok(())
}

fn item_from_row(r: &Row) -> Result<ItemRecord> {
    Ok(ItemRecord {
        publicity_id: r.get("publicity_id")?,
        payment_id: r.get("payment_id")?,
        line: r.get("line")?,
        enterprise_name: r.get("enterprise_name")?,
        amount: Money::from_fen(r.get("amount_fen")?),
        outcome: r.get("outcome")?,
    })
}

const ITEM_COLS: &str = "publicity_id, payment_id, line, enterprise_name, amount_fen, outcome";

pub async fn items(tx: &mut Tx, publicity: Id) -> Result<Vec<ItemRecord>> {
    tx.fetch_all(
        q(format!(
            "SELECT {ITEM_COLS} FROM fund_publicity_items WHERE publicity_id = $1 ORDER BY line"
        ))
        .bind(publicity),
    )
    .await?
    .iter()
    .map(item_from_row)
    .collect()
}

pub async fn item_of_payment(tx: &mut Tx, payment: Id) -> Result<Option<ItemRecord>> {
    tx.fetch_optional(
        q(format!(
            "SELECT {ITEM_COLS} FROM fund_publicity_items WHERE payment_id = $1"
        ))
        .bind(payment),
    )
    .await?
    .as_ref()
    .map(item_from_row)
    .transpose()
}

pub async fn set_outcome(tx: &mut Tx, payment: Id, outcome: &str) -> Result<()> {
    tx.execute(
        q("UPDATE fund_publicity_items SET outcome = $2 WHERE payment_id = $1")
            .bind(payment)
            .bind(outcome),
    )
    .await?;
    Ok(())
}

/// A programme's approved payments not yet on any list, oldest first, with the enterprise's
/// registered name: what the next list publishes.
pub async fn unlisted_approved(tx: &mut Tx, programme: Id) -> Result<Vec<(Id, String, Money)>> {
    tx.fetch_all(
        q("SELECT p.id, e.name, p.amount_fen FROM fund_payments p JOIN enterprises e ON e.uscc = p.uscc WHERE p.programme_id = $1 AND p.status = 'approved' AND NOT EXISTS (SELECT 1 FROM fund_publicity_items i WHERE i.payment_id = p.id) ORDER BY p.approved_at, p.id")
            .bind(programme),
    )
    .await?
    .iter()
    .map(|r| Ok((r.get("id")?, r.get("name")?, Money::from_fen(r.get("amount_fen")?))))
    .collect()
}

/// An objection to a listed payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectionRecord {
    pub id: Id,
    pub reference: String,
    pub publicity_id: Id,
    pub payment_id: Id,
    pub name: String,
    pub contact: String,
    pub text: String,
    /// `open`, `upheld` or `dismissed`.
    pub status: String,
    pub note: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

const OBJ_COLS: &str = "id, reference, publicity_id, payment_id, name, contact, text, status, note, decided_by, decided_at, created_at, updated_at";

fn objection_from_row(r: &Row) -> Result<ObjectionRecord> {
    Ok(ObjectionRecord {
        id: r.get("id")?,
        reference: r.get("reference")?,
        publicity_id: r.get("publicity_id")?,
        payment_id: r.get("payment_id")?,
        name: r.get("name")?,
        contact: r.get("contact")?,
        text: r.get("text")?,
        status: r.get("status")?,
        note: r.get("note")?,
        decided_by: r.get("decided_by")?,
        decided_at: r.get("decided_at")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
    })
}

pub async fn insert_objection(tx: &mut Tx, o: &ObjectionRecord) -> Result<()> {
    tx.execute(
        q(format!("INSERT INTO fund_objections ({OBJ_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"))
            .bind(o.id)
            .bind(&o.reference)
            .bind(o.publicity_id)
            .bind(o.payment_id)
            .bind(&o.name)
            .bind(&o.contact)
            .bind(&o.text)
            .bind(&o.status)
            .bind(&o.note)
            .bind(o.decided_by.clone())
            .bind(o.decided_at)
            .bind(o.created_at)
            .bind(o.updated_at),
    )
    .await?;
    Ok(())
}

pub async fn objection(tx: &mut Tx, id: Id) -> Result<Option<ObjectionRecord>> {
    tx.fetch_optional(
        q(format!(
            "SELECT {OBJ_COLS} FROM fund_objections WHERE id = $1"
        ))
        .bind(id),
    )
    .await?
    .as_ref()
    .map(objection_from_row)
    .transpose()
}

/// The objections of a publicity, oldest first.
pub async fn objections(tx: &mut Tx, publicity: Id) -> Result<Vec<ObjectionRecord>> {
    tx.fetch_all(
        q(format!(
            "SELECT {OBJ_COLS} FROM fund_objections WHERE publicity_id = $1 ORDER BY created_at, id"
        ))
        .bind(publicity),
    )
    .await?
    .iter()
    .map(objection_from_row)
    .collect()
}

/// How many objections there are (for the next reference).
pub async fn count_objections(tx: &mut Tx) -> Result<i64> {
    tx.fetch_one(q("SELECT COUNT(*) AS n FROM fund_objections"))
        .await?
        .get("n")
}

/// Records a decision on an open objection; false when it was no longer open.
pub async fn decide(tx: &mut Tx, o: &ObjectionRecord) -> Result<bool> {
    let n = tx
        .execute(
            q("UPDATE fund_objections SET status = $2, note = $3, decided_by = $4, decided_at = $5, updated_at = $5 WHERE id = $1 AND status = 'open'")
                .bind(o.id)
                .bind(&o.status)
                .bind(&o.note)
                .bind(o.decided_by.clone())
                .bind(o.decided_at),
        )
        .await?;
    Ok(n == 1)
}

/// For the public payment-speed page: each paid payment (recoveries left out) as
/// `(programme, applied_at, paid_at)`.
pub async fn paid_times(tx: &mut Tx) -> Result<Vec<(Id, i64, i64)>> {
    tx.fetch_all(q(
        "SELECT programme_id, applied_at, paid_at FROM fund_payments WHERE status = 'paid' AND source <> 'recovery' AND paid_at IS NOT NULL",
    ))
    .await?
    .iter()
    .map(|r| Ok((r.get("programme_id")?, r.get("applied_at")?, r.get("paid_at")?)))
    .collect()
}
