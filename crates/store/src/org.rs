//! Divisions and measures: the organisation's reference data.

use domain::{DistrictCode, DivisionCode, MeasureNo};

use crate::Result;
use crate::db::{Row, Tx, q};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DivisionRecord {
    pub code: DivisionCode,
    pub name_zh: String,
    pub name_en: String,
    pub sort: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureRecord {
    pub no: MeasureNo,
    pub title_zh: String,
    pub title_en: String,
    pub summary_zh: String,
    pub summary_en: String,
    pub updated_at: i64,
}

pub async fn upsert_division(tx: &mut Tx, d: &DivisionRecord) -> Result<()> {
    tx.execute(
        q("INSERT INTO divisions (code, name_zh, name_en, sort) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en, sort = excluded.sort")
            .bind(d.code)
            .bind(&d.name_zh)
            .bind(&d.name_en)
            .bind(d.sort),
    )
    .await?;
    Ok(())
}

pub async fn list_divisions(tx: &mut Tx) -> Result<Vec<DivisionRecord>> {
    tx.fetch_all(q(
        "SELECT code, name_zh, name_en, sort FROM divisions ORDER BY sort, code",
    ))
    .await?
    .iter()
    .map(|r| {
        Ok(DivisionRecord {
            code: r.get("code")?,
            name_zh: r.get("name_zh")?,
            name_en: r.get("name_en")?,
            sort: r.get("sort")?,
        })
    })
    .collect()
}

fn measure(r: &Row) -> Result<MeasureRecord> {
    Ok(MeasureRecord {
        no: r.get("no")?,
        title_zh: r.get("title_zh")?,
        title_en: r.get("title_en")?,
        summary_zh: r.get("summary_zh")?,
        summary_en: r.get("summary_en")?,
        updated_at: r.get("updated_at")?,
    })
}

pub async fn upsert_measure(tx: &mut Tx, m: &MeasureRecord) -> Result<()> {
    tx.execute(
        q("INSERT INTO measures (no, title_zh, title_en, summary_zh, summary_en, updated_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (no) DO UPDATE SET title_zh = excluded.title_zh, title_en = excluded.title_en, summary_zh = excluded.summary_zh, summary_en = excluded.summary_en, updated_at = excluded.updated_at")
            .bind(m.no)
            .bind(&m.title_zh)
            .bind(&m.title_en)
            .bind(&m.summary_zh)
            .bind(&m.summary_en)
            .bind(m.updated_at),
    )
    .await?;
    Ok(())
}

pub async fn list_measures(tx: &mut Tx) -> Result<Vec<MeasureRecord>> {
    tx.fetch_all(q("SELECT no, title_zh, title_en, summary_zh, summary_en, updated_at FROM measures ORDER BY no")).await?.iter().map(measure).collect()
}

pub async fn get_measure(tx: &mut Tx, no: MeasureNo) -> Result<Option<MeasureRecord>> {
    tx.fetch_optional(q("SELECT no, title_zh, title_en, summary_zh, summary_en, updated_at FROM measures WHERE no = $1").bind(no))
        .await?
        .as_ref()
        .map(measure)
        .transpose()
}

/// Maps a normalised alias (lower-case, single spaces) to a division code.
pub async fn list_aliases(tx: &mut Tx) -> Result<Vec<(String, DivisionCode)>> {
    tx.fetch_all(q(
        "SELECT alias, division FROM division_aliases ORDER BY alias",
    ))
    .await?
    .iter()
    .map(|r| Ok((r.get("alias")?, r.get("division")?)))
    .collect()
}

pub async fn upsert_alias(tx: &mut Tx, alias: &str, division: DivisionCode) -> Result<()> {
    tx.execute(
        q("INSERT INTO division_aliases (alias, division) VALUES ($1, $2) ON CONFLICT (alias) DO UPDATE SET division = excluded.division")
            .bind(alias)
            .bind(division),
    )
    .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistrictRecord {
    pub code: DistrictCode,
    pub name_zh: String,
    pub name_en: String,
    pub kind: String,
}

pub async fn upsert_district(tx: &mut Tx, d: &DistrictRecord) -> Result<()> {
    tx.execute(
        q("INSERT INTO districts (code, name_zh, name_en, kind) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en, kind = excluded.kind")
            .bind(&d.code)
            .bind(&d.name_zh)
            .bind(&d.name_en)
            .bind(&d.kind),
    )
    .await?;
    Ok(())
}

pub async fn list_districts(tx: &mut Tx) -> Result<Vec<DistrictRecord>> {
    tx.fetch_all(q(
        "SELECT code, name_zh, name_en, kind FROM districts ORDER BY code",
    ))
    .await?
    .iter()
    .map(|r| {
        Ok(DistrictRecord {
            code: r.get("code")?,
            name_zh: r.get("name_zh")?,
            name_en: r.get("name_en")?,
            kind: r.get("kind")?,
        })
    })
    .collect()
}
