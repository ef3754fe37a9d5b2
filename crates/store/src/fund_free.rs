//! Measure 2's apply-free payout, top-ups and settlements: runs of a programme's rule over the
//! registry, the entitlements they make (one per programme, enterprise and year), the top-ups a
//! newer rule version owes (one per programme, enterprise, year and version) and the recorded
//! settlements. The explanations are stored as JSON; this layer does not read them. The
//! payments themselves are the ledger's (`fund_payments`); only their ids are kept here.

use domain::Id;

use crate::Result;
use crate::db::{Row, Tx, q};

/// A run of a programme's rule over the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunRecord {
    pub id: Id,
    pub programme_id: Id,
    pub year: i64,
    pub rule_version: i64,
    /// `queued` (on the job queue) or `done`.
    pub status: String,
    pub evaluated: i64,
    /// Entitlements this run made.
    pub created: i64,
    /// Qualifying enterprises that already had their entitlement.
    pub existing: i64,
    /// Fen: the sum of the entitlements this run made.
    pub total_fen: i64,
    pub started_by: String,
    pub created_at: i64,
    pub finished_at: Option<i64>,
}

const RUN_COLS: &str = "id, programme_id, year, rule_version, status, evaluated, created, existing, total_fen, started_by, created_at, finished_at";

fn run_from_row(r: &Row) -> Result<RunRecord> {
    Ok(RunRecord {
        id: r.get("id")?,
        programme_id: r.get("programme_id")?,
        year: r.get("year")?,
        rule_version: r.get("rule_version")?,
        status: r.get("status")?,
        evaluated: r.get("evaluated")?,
        created: r.get("created")?,
        existing: r.get("existing")?,
        total_fen: r.get("total_fen")?,
        started_by: r.get("started_by")?,
        created_at: r.get("created_at")?,
        finished_at: r.get("finished_at")?,
    })
}

pub async fn insert_run(tx: &mut Tx, r: &RunRecord) -> Result<()> {
    tx.execute(
        q(format!("INSERT INTO fund_runs ({RUN_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"))
            .bind(r.id)
            .bind(r.programme_id)
            .bind(r.year)
            .bind(r.rule_version)
            .bind(&r.status)
            .bind(r.evaluated)
            .bind(r.created)
            .bind(r.existing)
            .bind(r.total_fen)
            .bind(&r.started_by)
            .bind(r.created_at)
            .bind(r.finished_at),
    )
    .await?;
    Ok(())
}

/// Records a run's outcome.
pub async fn finish_run(tx: &mut Tx, r: &RunRecord) -> Result<()> {
    tx.execute(
        q("UPDATE fund_runs SET status = $2, evaluated = $3, created = $4, existing = $5, total_fen = $6, finished_at = $7 WHERE id = $1")
            .bind(r.id)
            .bind(&r.status)
            .bind(r.evaluated)
            .bind(r.created)
            .bind(r.existing)
            .bind(r.total_fen)
            .bind(r.finished_at),
    )
    .await?;
    Ok(())
}

pub async fn get_run(tx: &mut Tx, id: Id) -> Result<Option<RunRecord>> {
    tx.fetch_optional(q(format!("SELECT {RUN_COLS} FROM fund_runs WHERE id = $1")).bind(id))
        .await?
        .as_ref()
        .map(run_from_row)
        .transpose()
}

/// A programme's runs, newest first (every programme's when `programme` is None).
pub async fn list_runs(tx: &mut Tx, programme: Option<Id>) -> Result<Vec<RunRecord>> {
    let query = match programme {
        Some(p) => q(format!(
            "SELECT {RUN_COLS} FROM fund_runs WHERE programme_id = $1 ORDER BY created_at DESC, id DESC LIMIT 200"
        ))
        .bind(p),
        None => q(format!(
            "SELECT {RUN_COLS} FROM fund_runs ORDER BY created_at DESC, id DESC LIMIT 200"
        )),
    };
    tx.fetch_all(query)
        .await?
        .iter()
        .map(run_from_row)
        .collect()
}

/// An enterprise's entitlement under a programme for a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntitlementRecord {
    pub id: Id,
    pub run_id: Id,
    pub programme_id: Id,
    pub uscc: String,
    pub year: i64,
    pub amount_fen: i64,
    pub rule_version: i64,
    /// JSON of the decision, criterion by criterion.
    pub explanation: String,
    pub payment_id: String,
    /// `offered` or `confirmed`.
    pub status: String,
    pub confirmed_by: Option<String>,
    pub confirmed_at: Option<i64>,
    pub created_at: i64,
    /// Read only: the enterprise's name, and the payment's status and reference in the ledger.
    pub enterprise_name: String,
    pub payment_status: Option<String>,
    pub payment_reference: Option<String>,
}

/// The entitlement's columns with its enterprise's name and its payment's state.
const ENT_SELECT: &str = "SELECT f.id, f.run_id, f.programme_id, f.uscc, f.year, f.amount_fen, f.rule_version, f.explanation, f.payment_id, f.status, f.confirmed_by, f.confirmed_at, f.created_at, e.name AS enterprise_name, p.status AS payment_status, p.reference AS payment_reference FROM fund_entitlements f JOIN enterprises e ON e.uscc = f.uscc LEFT JOIN fund_payments p ON p.id = f.payment_id";

const ENT_COLS: &str = "id, run_id, programme_id, uscc, year, amount_fen, rule_version, explanation, payment_id, status, confirmed_by, confirmed_at, created_at";

fn ent_from_row(r: &Row) -> Result<EntitlementRecord> {
    Ok(EntitlementRecord {
        id: r.get("id")?,
        run_id: r.get("run_id")?,
        programme_id: r.get("programme_id")?,
        uscc: r.get("uscc")?,
        year: r.get("year")?,
        amount_fen: r.get("amount_fen")?,
        rule_version: r.get("rule_version")?,
        explanation: r.get("explanation")?,
        payment_id: r.get("payment_id")?,
        status: r.get("status")?,
        confirmed_by: r.get("confirmed_by")?,
        confirmed_at: r.get("confirmed_at")?,
        created_at: r.get("created_at")?,
        enterprise_name: r.get("enterprise_name")?,
        payment_status: r.get("payment_status")?,
        payment_reference: r.get("payment_reference")?,
    })
}

pub async fn insert_entitlement(tx: &mut Tx, e: &EntitlementRecord) -> Result<()> {
    tx.execute(
        q(format!("INSERT INTO fund_entitlements ({ENT_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"))
            .bind(e.id)
            .bind(e.run_id)
            .bind(e.programme_id)
            .bind(&e.uscc)
            .bind(e.year)
            .bind(e.amount_fen)
            .bind(e.rule_version)
            .bind(&e.explanation)
            .bind(&e.payment_id)
            .bind(&e.status)
            .bind(e.confirmed_by.clone())
            .bind(e.confirmed_at)
            .bind(e.created_at),
    )
    .await?;
    Ok(())
}

/// The enterprises that already hold an entitlement under a programme for a year.
pub async fn entitled(tx: &mut Tx, programme: Id, year: i64) -> Result<Vec<String>> {
    tx.fetch_all(
        q("SELECT uscc FROM fund_entitlements WHERE programme_id = $1 AND year = $2")
            .bind(programme)
            .bind(year),
    )
    .await?
    .iter()
    .map(|r| r.get("uscc"))
    .collect()
}

/// One entitlement; with `uscc`, only if it is that enterprise's.
pub async fn get_entitlement(
    tx: &mut Tx,
    id: Id,
    uscc: Option<&str>,
) -> Result<Option<EntitlementRecord>> {
    let query = match uscc {
        Some(u) => q(format!("{ENT_SELECT} WHERE f.id = $1 AND f.uscc = $2"))
            .bind(id)
            .bind(u),
        None => q(format!("{ENT_SELECT} WHERE f.id = $1")).bind(id),
    };
    tx.fetch_optional(query)
        .await?
        .as_ref()
        .map(ent_from_row)
        .transpose()
}

/// A run's entitlements (by USCC), or an enterprise's (newest first).
pub enum EntitlementsOf<'a> {
    Run(Id),
    Enterprise(&'a str),
}

pub async fn list_entitlements(
    tx: &mut Tx,
    of: EntitlementsOf<'_>,
) -> Result<Vec<EntitlementRecord>> {
    let query = match of {
        EntitlementsOf::Run(id) => {
            q(format!("{ENT_SELECT} WHERE f.run_id = $1 ORDER BY f.uscc")).bind(id)
        }
        EntitlementsOf::Enterprise(u) => q(format!(
            "{ENT_SELECT} WHERE f.uscc = $1 ORDER BY f.created_at DESC, f.id DESC"
        ))
        .bind(u),
    };
    tx.fetch_all(query)
        .await?
        .iter()
        .map(ent_from_row)
        .collect()
}

/// Marks an entitlement confirmed; false when it was not waiting for that.
pub async fn confirm_entitlement(tx: &mut Tx, id: Id, by: &str, at: i64) -> Result<bool> {
    let n = tx
        .execute(
            q("UPDATE fund_entitlements SET status = 'confirmed', confirmed_by = $2, confirmed_at = $3 WHERE id = $1 AND status = 'offered'")
                .bind(id)
                .bind(by)
                .bind(at),
        )
        .await?;
    Ok(n == 1)
}

/// What the ledger already holds for one enterprise under a programme and year: the net of
/// its payments that are not cancelled (recoveries subtracted), the newest rule version among
/// them, and whether any was committed (approved or further).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub uscc: String,
    pub net_fen: i64,
    pub version: i64,
    pub committed: bool,
}

/// [`Held`] per enterprise with payments under a programme and year (one enterprise's with
/// `uscc`). Reads the ledger's table; writes nothing.
pub async fn held(tx: &mut Tx, programme: Id, year: i64, uscc: Option<&str>) -> Result<Vec<Held>> {
    let mut sql = String::from(
        "SELECT uscc, CAST(MAX(rule_version) AS BIGINT) AS version, CAST(SUM(CASE WHEN source = 'recovery' THEN -amount_fen ELSE amount_fen END) AS BIGINT) AS net, CAST(SUM(CASE WHEN status IN ('approved', 'cleared', 'in_batch', 'paid') THEN 1 ELSE 0 END) AS BIGINT) AS committed FROM fund_payments WHERE programme_id = $1 AND year = $2 AND status <> 'cancelled'",
    );
    if uscc.is_some() {
        sql.push_str(" AND uscc = $3");
    }
    sql.push_str(" GROUP BY uscc ORDER BY uscc");
    let mut query = q(sql).bind(programme).bind(year);
    if let Some(u) = uscc {
        query = query.bind(u);
    }
    tx.fetch_all(query)
        .await?
        .iter()
        .map(|r| {
            Ok(Held {
                uscc: r.get("uscc")?,
                net_fen: r.get("net")?,
                version: r.get("version")?,
                committed: r.get::<i64>("committed")? > 0,
            })
        })
        .collect()
}

/// A payment's status and reference in the ledger, by id.
pub async fn payment_state(tx: &mut Tx, id: &str) -> Result<Option<(String, String)>> {
    tx.fetch_optional(q("SELECT status, reference FROM fund_payments WHERE id = $1").bind(id))
        .await?
        .map(|r| Ok((r.get("status")?, r.get("reference")?)))
        .transpose()
}

/// A run's entitlements counted: how many, their sum, how many confirmed, how many paid and
/// the sum paid.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunCounts {
    pub entitlements: i64,
    pub total_fen: i64,
    pub confirmed: i64,
    pub paid: i64,
    pub paid_fen: i64,
}

pub async fn run_counts(tx: &mut Tx, run: Id) -> Result<RunCounts> {
    let r = tx
        .fetch_one(
            q("SELECT CAST(COUNT(*) AS BIGINT) AS n, CAST(COALESCE(SUM(f.amount_fen), 0) AS BIGINT) AS total, CAST(COALESCE(SUM(CASE WHEN f.status = 'confirmed' THEN 1 ELSE 0 END), 0) AS BIGINT) AS confirmed, CAST(COALESCE(SUM(CASE WHEN p.status = 'paid' THEN 1 ELSE 0 END), 0) AS BIGINT) AS paid, CAST(COALESCE(SUM(CASE WHEN p.status = 'paid' THEN f.amount_fen ELSE 0 END), 0) AS BIGINT) AS paid_total FROM fund_entitlements f LEFT JOIN fund_payments p ON p.id = f.payment_id WHERE f.run_id = $1")
                .bind(run),
        )
        .await?;
    Ok(RunCounts {
        entitlements: r.get("n")?,
        total_fen: r.get("total")?,
        confirmed: r.get("confirmed")?,
        paid: r.get("paid")?,
        paid_fen: r.get("paid_total")?,
    })
}
