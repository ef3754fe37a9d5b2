//! Measure 2's tables: fund programmes, their rule versions (kept forever) and the figures the
//! bureau holds per enterprise and year. Rules are stored as the JSON of `domain::funds::Rule`;
//! this layer does not read them.

use domain::funds::PaymentMode;
use domain::{DivisionCode, Id, Money};
use jiff::civil::Date;

use crate::db::{Row, Tx, q};
use crate::{Result, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeRecord {
    pub id: Id,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// The item of measure 2 in the work-distribution table.
    pub item: String,
    pub division: DivisionCode,
    pub legal_document: String,
    pub legal_clause: String,
    pub year: i64,
    pub budget: Money,
    pub payment_mode: PaymentMode,
    pub documents: Vec<String>,
    pub opens_on: Option<Date>,
    pub closes_on: Option<Date>,
    pub published: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLS: &str = "id, code, name_zh, name_en, item, division, legal_document, legal_clause, year, budget_fen, payment_mode, documents, opens_on, closes_on, published, created_at, updated_at";

fn bad(col: &str) -> StoreError {
    StoreError::Other(format!(
        "fund_programmes.{col} holds a value that is not valid"
    ))
}

fn from_row(r: &Row) -> Result<ProgrammeRecord> {
    let mode: String = r.get("payment_mode")?;
    let docs: String = r.get("documents")?;
    Ok(ProgrammeRecord {
        id: r.get("id")?,
        code: r.get("code")?,
        name_zh: r.get("name_zh")?,
        name_en: r.get("name_en")?,
        item: r.get("item")?,
        division: r.get("division")?,
        legal_document: r.get("legal_document")?,
        legal_clause: r.get("legal_clause")?,
        year: r.get("year")?,
        budget: Money::from_fen(r.get("budget_fen")?),
        payment_mode: PaymentMode::parse(&mode).ok_or_else(|| bad("payment_mode"))?,
        documents: serde_json::from_str(&docs).map_err(|_| bad("documents"))?,
        opens_on: r.get("opens_on")?,
        closes_on: r.get("closes_on")?,
        published: r.get("published")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
    })
}

/// Inserts a programme, or replaces every field of the one with its id.
pub async fn upsert(tx: &mut Tx, p: &ProgrammeRecord) -> Result<()> {
    let docs = serde_json::to_string(&p.documents).map_err(|e| StoreError::Other(e.to_string()))?;
    tx.execute(
        q(format!("INSERT INTO fund_programmes ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) ON CONFLICT (id) DO UPDATE SET code = excluded.code, name_zh = excluded.name_zh, name_en = excluded.name_en, item = excluded.item, division = excluded.division, legal_document = excluded.legal_document, legal_clause = excluded.legal_clause, year = excluded.year, budget_fen = excluded.budget_fen, payment_mode = excluded.payment_mode, documents = excluded.documents, opens_on = excluded.opens_on, closes_on = excluded.closes_on, published = excluded.published, updated_at = excluded.updated_at"))
            .bind(p.id)
            .bind(&p.code)
            .bind(&p.name_zh)
            .bind(&p.name_en)
            .bind(&p.item)
            .bind(p.division)
            .bind(&p.legal_document)
            .bind(&p.legal_clause)
            .bind(p.year)
            .bind(p.budget.fen())
            .bind(p.payment_mode.as_str())
            .bind(docs)
            .bind(p.opens_on)
            .bind(p.closes_on)
            .bind(p.published)
            .bind(p.created_at)
            .bind(p.updated_at),
    )
    .await?;
    Ok(())
}

pub async fn get(tx: &mut Tx, id: Id) -> Result<Option<ProgrammeRecord>> {
    tx.fetch_optional(q(format!("SELECT {COLS} FROM fund_programmes WHERE id = $1")).bind(id))
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub async fn find_by_code(tx: &mut Tx, code: &str) -> Result<Option<ProgrammeRecord>> {
    tx.fetch_optional(
        q(format!(
            "SELECT {COLS} FROM fund_programmes WHERE code = $1"
        ))
        .bind(code),
    )
    .await?
    .as_ref()
    .map(from_row)
    .transpose()
}

/// Every programme (a catalogue of tens), published ones only when `published_only`.
pub async fn list(tx: &mut Tx, published_only: bool) -> Result<Vec<ProgrammeRecord>> {
    let filter = if published_only {
        " WHERE published = $1"
    } else {
        ""
    };
    let mut query = q(format!(
        "SELECT {COLS} FROM fund_programmes{filter} ORDER BY year DESC, division, code"
    ));
    if published_only {
        query = query.bind(true);
    }
    tx.fetch_all(query).await?.iter().map(from_row).collect()
}

/// One version of a programme's rule. `rule` is the JSON of `domain::funds::Rule`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleVersionRecord {
    pub programme_id: Id,
    pub version: i64,
    pub effective_from: Date,
    pub effective_to: Option<Date>,
    pub rule: String,
    pub note: String,
    /// `draft` or `published`.
    pub status: String,
    pub created_by: String,
    pub created_at: i64,
    pub published_by: Option<String>,
    pub published_at: Option<i64>,
}

const RULE_COLS: &str = "programme_id, version, effective_from, effective_to, rule, note, status, created_by, created_at, published_by, published_at";

fn rule_from_row(r: &Row) -> Result<RuleVersionRecord> {
    Ok(RuleVersionRecord {
        programme_id: r.get("programme_id")?,
        version: r.get("version")?,
        effective_from: r.get("effective_from")?,
        effective_to: r.get("effective_to")?,
        rule: r.get("rule")?,
        note: r.get("note")?,
        status: r.get("status")?,
        created_by: r.get("created_by")?,
        created_at: r.get("created_at")?,
        published_by: r.get("published_by")?,
        published_at: r.get("published_at")?,
    })
}

/// Adds a version; a version number already taken is a conflict (two drafts at once).
pub async fn insert_version(tx: &mut Tx, v: &RuleVersionRecord) -> Result<()> {
    tx.execute(
        q(format!("INSERT INTO fund_rule_versions ({RULE_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"))
            .bind(v.programme_id)
            .bind(v.version)
            .bind(v.effective_from)
            .bind(v.effective_to)
            .bind(&v.rule)
            .bind(&v.note)
            .bind(&v.status)
            .bind(&v.created_by)
            .bind(v.created_at)
            .bind(v.published_by.clone())
            .bind(v.published_at),
    )
    .await?;
    Ok(())
}

/// Marks a draft published; false when it is not a draft (already published, or none).
pub async fn publish_version(
    tx: &mut Tx,
    programme: Id,
    version: i64,
    by: &str,
    at: i64,
) -> Result<bool> {
    let n = tx
        .execute(
            q("UPDATE fund_rule_versions SET status = 'published', published_by = $3, published_at = $4 WHERE programme_id = $1 AND version = $2 AND status = 'draft'")
                .bind(programme)
                .bind(version)
                .bind(by)
                .bind(at),
        )
        .await?;
    Ok(n == 1)
}

/// A programme's versions, newest first.
pub async fn versions(tx: &mut Tx, programme: Id) -> Result<Vec<RuleVersionRecord>> {
    tx.fetch_all(
        q(format!("SELECT {RULE_COLS} FROM fund_rule_versions WHERE programme_id = $1 ORDER BY version DESC"))
            .bind(programme),
    )
    .await?
    .iter()
    .map(rule_from_row)
    .collect()
}

/// A figure the bureau holds for an enterprise in a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureRecord {
    pub uscc: domain::Uscc,
    pub year: i64,
    /// The code of a `domain::funds::Figure`.
    pub figure: String,
    pub value: i64,
    /// Where it came from: `insurer`, `training_invoice`, `statistics`, `application` ...
    pub source: String,
    pub updated_at: i64,
}

pub async fn upsert_figure(tx: &mut Tx, f: &FigureRecord) -> Result<()> {
    tx.execute(
        q("INSERT INTO fund_figures (uscc, year, figure, value, source, updated_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (year, uscc, figure) DO UPDATE SET value = excluded.value, source = excluded.source, updated_at = excluded.updated_at")
            .bind(&f.uscc)
            .bind(f.year)
            .bind(&f.figure)
            .bind(f.value)
            .bind(&f.source)
            .bind(f.updated_at),
    )
    .await?;
    Ok(())
}

/// One enterprise of the registry with the figures held for it in a year, as the simulation
/// reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryFacts {
    pub uscc: String,
    pub name: String,
    pub kinds: String,
    pub district: String,
    pub industry: Option<String>,
    pub investor_country: Option<String>,
    pub employees: Option<i64>,
    /// (figure code, value).
    pub figures: Vec<(String, i64)>,
}

/// The whole registry (closed enterprises left out) with each one's figures for `year`, read
/// in one statement so the simulation sees one snapshot and never holds the writer.
pub async fn registry_facts(tx: &mut Tx, year: i64) -> Result<Vec<RegistryFacts>> {
    let rows = tx
        .fetch_all(
            q("SELECT e.uscc, e.name, e.kinds, e.district, e.industry, e.investor_country, e.employees, f.figure, f.value FROM enterprises e LEFT JOIN fund_figures f ON f.uscc = e.uscc AND f.year = $1 WHERE e.status <> 'closed' ORDER BY e.uscc")
                .bind(year),
        )
        .await?;
    let mut out: Vec<RegistryFacts> = Vec::new();
    for r in &rows {
        let uscc: String = r.get("uscc")?;
        if out.last().is_none_or(|l| l.uscc != uscc) {
            out.push(RegistryFacts {
                uscc,
                name: r.get("name")?,
                kinds: r.get("kinds")?,
                district: r.get("district")?,
                industry: r.get("industry")?,
                investor_country: r.get("investor_country")?,
                employees: r.get("employees")?,
                figures: Vec::new(),
            });
        }
        let figure: Option<String> = r.get("figure")?;
        let value: Option<i64> = r.get("value")?;
        if let (Some(f), Some(v), Some(last)) = (figure, value, out.last_mut()) {
            last.figures.push((f, v));
        }
    }
    Ok(out)
}

/// The figures held for one enterprise in a year.
pub async fn figures_of(tx: &mut Tx, uscc: &domain::Uscc, year: i64) -> Result<Vec<(String, i64)>> {
    tx.fetch_all(
        q("SELECT figure, value FROM fund_figures WHERE uscc = $1 AND year = $2 ORDER BY figure")
            .bind(uscc)
            .bind(year),
    )
    .await?
    .iter()
    .map(|r| Ok((r.get("figure")?, r.get("value")?)))
    .collect()
}
