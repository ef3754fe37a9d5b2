//! Measure 2's adjustments to what was paid: the top-ups a newer rule version owes for a past
//! period (one per programme, enterprise, year and version) and the settlements recorded for
//! programmes paid in advance or on settlement (one per programme, enterprise and year). The
//! payments are the ledger's (`fund_payments`); only their ids are kept here.

use domain::Id;

use crate::Result;
use crate::db::{Row, Tx, q};

/// A top-up owed because a newer rule version pays more for a past period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopUpRecord {
    pub id: Id,
    pub programme_id: Id,
    pub uscc: String,
    pub year: i64,
    pub from_version: i64,
    pub to_version: i64,
    /// Fen already paid or committed.
    pub old_amount_fen: i64,
    /// Fen under the new version.
    pub new_amount_fen: i64,
    /// Fen: the difference queued.
    pub amount_fen: i64,
    /// JSON: both decisions, criterion by criterion.
    pub explanation: String,
    pub payment_id: String,
    pub created_at: i64,
    /// Read only: the enterprise's name, the payment's status and reference in the ledger.
    pub names: Joined,
}

/// What a list shows beside a row: the enterprise's name and its payment's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Joined {
    pub enterprise_name: String,
    pub payment_status: Option<String>,
    pub payment_reference: Option<String>,
}

fn joined(r: &Row) -> Result<Joined> {
    Ok(Joined {
        enterprise_name: r.get("enterprise_name")?,
        payment_status: r.get("payment_status")?,
        payment_reference: r.get("payment_reference")?,
    })
}

fn select(table: &str, cols: &str) -> String {
    let cols = cols
        .split(", ")
        .map(|c| format!("t.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "SELECT {cols}, e.name AS enterprise_name, p.status AS payment_status, p.reference AS payment_reference FROM {table} t JOIN enterprises e ON e.uscc = t.uscc LEFT JOIN fund_payments p ON p.id = t.payment_id"
    )
}

const TOP_COLS: &str = "id, programme_id, uscc, year, from_version, to_version, old_amount_fen, new_amount_fen, amount_fen, explanation, payment_id, created_at";

fn top_from_row(r: &Row) -> Result<TopUpRecord> {
    Ok(TopUpRecord {
        id: r.get("id")?,
        programme_id: r.get("programme_id")?,
        uscc: r.get("uscc")?,
        year: r.get("year")?,
        from_version: r.get("from_version")?,
        to_version: r.get("to_version")?,
        old_amount_fen: r.get("old_amount_fen")?,
        new_amount_fen: r.get("new_amount_fen")?,
        amount_fen: r.get("amount_fen")?,
        explanation: r.get("explanation")?,
        payment_id: r.get("payment_id")?,
        created_at: r.get("created_at")?,
        names: joined(r)?,
    })
}

/// Adds a top-up; false (nothing written) when the enterprise already has one for that
/// programme, year and version.
pub async fn insert_top_up(tx: &mut Tx, t: &TopUpRecord) -> Result<bool> {
    let n = tx
        .execute(
            q(format!("INSERT INTO fund_top_ups ({TOP_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (programme_id, uscc, year, to_version) DO NOTHING"))
                .bind(t.id)
                .bind(t.programme_id)
                .bind(&t.uscc)
                .bind(t.year)
                .bind(t.from_version)
                .bind(t.to_version)
                .bind(t.old_amount_fen)
                .bind(t.new_amount_fen)
                .bind(t.amount_fen)
                .bind(&t.explanation)
                .bind(&t.payment_id)
                .bind(t.created_at),
        )
        .await?;
    Ok(n == 1)
}

/// Whether the enterprise has a top-up for that programme, year and version.
pub async fn has_top_up(
    tx: &mut Tx,
    programme: Id,
    uscc: &str,
    year: i64,
    version: i64,
) -> Result<bool> {
    Ok(tx
        .fetch_optional(
            q("SELECT id FROM fund_top_ups WHERE programme_id = $1 AND uscc = $2 AND year = $3 AND to_version = $4")
                .bind(programme)
                .bind(uscc)
                .bind(year)
                .bind(version),
        )
        .await?
        .is_some())
}

/// Top-ups, newest first: a programme's, or every programme's.
pub async fn list_top_ups(tx: &mut Tx, programme: Option<Id>) -> Result<Vec<TopUpRecord>> {
    let query = match programme {
        Some(p) => q(format!(
            "{} WHERE t.programme_id = $1 ORDER BY t.created_at DESC, t.uscc LIMIT 500",
            select("fund_top_ups", TOP_COLS)
        ))
        .bind(p),
        None => q(format!(
            "{} ORDER BY t.created_at DESC, t.uscc LIMIT 500",
            select("fund_top_ups", TOP_COLS)
        )),
    };
    tx.fetch_all(query)
        .await?
        .iter()
        .map(top_from_row)
        .collect()
}

pub async fn get_top_up(tx: &mut Tx, id: Id) -> Result<Option<TopUpRecord>> {
    tx.fetch_optional(
        q(format!(
            "{} WHERE t.id = $1",
            select("fund_top_ups", TOP_COLS)
        ))
        .bind(id),
    )
    .await?
    .as_ref()
    .map(top_from_row)
    .transpose()
}

/// An enterprise's final settlement under a programme for a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettlementRecord {
    pub id: Id,
    pub programme_id: Id,
    pub uscc: String,
    pub year: i64,
    /// JSON: the final figures by code.
    pub figures: String,
    pub rule_version: i64,
    pub settled_fen: i64,
    /// Fen paid or committed before the settlement.
    pub advance_fen: i64,
    /// `top_up`, `recovery`, `award` or `even`.
    pub outcome: String,
    /// Fen queued (0 when even).
    pub amount_fen: i64,
    /// JSON: the decision on the final figures.
    pub explanation: String,
    pub payment_id: Option<String>,
    pub recorded_by: String,
    pub created_at: i64,
    /// Read only (see [`Joined`]).
    pub names: Joined,
}

const SET_COLS: &str = "id, programme_id, uscc, year, figures, rule_version, settled_fen, advance_fen, outcome, amount_fen, explanation, payment_id, recorded_by, created_at";

fn set_from_row(r: &Row) -> Result<SettlementRecord> {
    Ok(SettlementRecord {
        id: r.get("id")?,
        programme_id: r.get("programme_id")?,
        uscc: r.get("uscc")?,
        year: r.get("year")?,
        figures: r.get("figures")?,
        rule_version: r.get("rule_version")?,
        settled_fen: r.get("settled_fen")?,
        advance_fen: r.get("advance_fen")?,
        outcome: r.get("outcome")?,
        amount_fen: r.get("amount_fen")?,
        explanation: r.get("explanation")?,
        payment_id: r.get("payment_id")?,
        recorded_by: r.get("recorded_by")?,
        created_at: r.get("created_at")?,
        names: joined(r)?,
    })
}

/// Adds a settlement; a second one for the same programme, enterprise and year is a conflict.
pub async fn insert_settlement(tx: &mut Tx, s: &SettlementRecord) -> Result<()> {
    tx.execute(
        q(format!("INSERT INTO fund_settlements ({SET_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"))
            .bind(s.id)
            .bind(s.programme_id)
            .bind(&s.uscc)
            .bind(s.year)
            .bind(&s.figures)
            .bind(s.rule_version)
            .bind(s.settled_fen)
            .bind(s.advance_fen)
            .bind(&s.outcome)
            .bind(s.amount_fen)
            .bind(&s.explanation)
            .bind(s.payment_id.clone())
            .bind(&s.recorded_by)
            .bind(s.created_at),
    )
    .await?;
    Ok(())
}

/// Settlements, newest first: a programme's, or every programme's.
pub async fn list_settlements(tx: &mut Tx, programme: Option<Id>) -> Result<Vec<SettlementRecord>> {
    let query = match programme {
        Some(p) => q(format!(
            "{} WHERE t.programme_id = $1 ORDER BY t.created_at DESC, t.uscc LIMIT 500",
            select("fund_settlements", SET_COLS)
        ))
        .bind(p),
        None => q(format!(
            "{} ORDER BY t.created_at DESC, t.uscc LIMIT 500",
            select("fund_settlements", SET_COLS)
        )),
    };
    tx.fetch_all(query)
        .await?
        .iter()
        .map(set_from_row)
        .collect()
}

pub async fn get_settlement(tx: &mut Tx, id: Id) -> Result<Option<SettlementRecord>> {
    tx.fetch_optional(
        q(format!(
            "{} WHERE t.id = $1",
            select("fund_settlements", SET_COLS)
        ))
        .bind(id),
    )
    .await?
    .as_ref()
    .map(set_from_row)
    .transpose()
}
