//! The work-distribution table: measure × item × division, the leading flag, chief and contact.

use domain::{DivisionCode, Id, MeasureNo};

use crate::db::{Row, Tx, q};
use crate::{Result, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowRecord {
    pub id: Id,
    pub measure: MeasureNo,
    /// Empty when the measure has no sub-items.
    pub item: String,
    pub division: DivisionCode,
    pub leading: bool,
    pub chief_id: Option<Id>,
    pub contact_id: Option<Id>,
    pub sort: i64,
    pub updated_at: i64,
}

const COLS: &str =
    "id, measure, item, division, is_leading, chief_id, contact_id, sort, updated_at";

fn from_row(r: &Row) -> Result<RowRecord> {
    Ok(RowRecord {
        id: r.get("id")?,
        measure: r.get("measure")?,
        item: r.get("item")?,
        division: r.get("division")?,
        leading: r.get("is_leading")?,
        chief_id: r.get("chief_id")?,
        contact_id: r.get("contact_id")?,
        sort: r.get("sort")?,
        updated_at: r.get("updated_at")?,
    })
}

/// The whole table in the attachment's order.
pub async fn all(tx: &mut Tx) -> Result<Vec<RowRecord>> {
    tx.fetch_all(q(format!(
        "SELECT {COLS} FROM work_distribution ORDER BY measure, sort, item, division"
    )))
    .await?
    .iter()
    .map(from_row)
    .collect()
}

pub async fn for_measure(tx: &mut Tx, measure: MeasureNo) -> Result<Vec<RowRecord>> {
    tx.fetch_all(
        q(format!(
            "SELECT {COLS} FROM work_distribution WHERE measure = $1 ORDER BY sort, item, division"
        ))
        .bind(measure),
    )
    .await?
    .iter()
    .map(from_row)
    .collect()
}

/// A measure's rows with their divisions, in one query (routing runs on every new case).
pub async fn for_measure_with_divisions(
    tx: &mut Tx,
    measure: MeasureNo,
) -> Result<Vec<(RowRecord, crate::org::DivisionRecord)>> {
    let cols = COLS
        .split(", ")
        .map(|c| format!("w.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    tx.fetch_all(
        q(format!(
            "SELECT {cols}, d.name_zh AS d_name_zh, d.name_en AS d_name_en, d.sort AS d_sort FROM work_distribution w JOIN divisions d ON d.code = w.division WHERE w.measure = $1 ORDER BY w.sort, w.item, w.division"
        ))
        .bind(measure),
    )
    .await?
    .iter()
    .map(|r| {
        let row = from_row(r)?;
        let division = crate::org::DivisionRecord {
            code: row.division,
            name_zh: r.get("d_name_zh")?,
            name_en: r.get("d_name_en")?,
            sort: r.get("d_sort")?,
        };
        Ok((row, division))
    })
    .collect()
}

pub async fn get(tx: &mut Tx, id: Id) -> Result<Option<RowRecord>> {
    tx.fetch_optional(
        q(format!(
            "SELECT {COLS} FROM work_distribution WHERE id = $1"
        ))
        .bind(id),
    )
    .await?
    .as_ref()
    .map(from_row)
    .transpose()
}

pub async fn find(
    tx: &mut Tx,
    measure: MeasureNo,
    item: &str,
    division: DivisionCode,
) -> Result<Option<RowRecord>> {
    tx.fetch_optional(q(format!("SELECT {COLS} FROM work_distribution WHERE measure = $1 AND item = $2 AND division = $3")).bind(measure).bind(item).bind(division))
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub async fn insert(tx: &mut Tx, r: &RowRecord) -> Result<()> {
    tx.execute(
        q(format!(
            "INSERT INTO work_distribution ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
        ))
        .bind(r.id)
        .bind(r.measure)
        .bind(&r.item)
        .bind(r.division)
        .bind(r.leading)
        .bind(r.chief_id)
        .bind(r.contact_id)
        .bind(r.sort)
        .bind(r.updated_at),
    )
    .await?;
    Ok(())
}

pub async fn update(tx: &mut Tx, r: &RowRecord) -> Result<()> {
    let n = tx
        .execute(
            q("UPDATE work_distribution SET measure = $1, item = $2, division = $3, is_leading = $4, chief_id = $5, contact_id = $6, sort = $7, updated_at = $8 WHERE id = $9")
                .bind(r.measure)
                .bind(&r.item)
                .bind(r.division)
                .bind(r.leading)
                .bind(r.chief_id)
                .bind(r.contact_id)
                .bind(r.sort)
                .bind(r.updated_at)
                .bind(r.id),
        )
        .await?;
    if n == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

pub async fn delete(tx: &mut Tx, id: Id) -> Result<()> {
    let n = tx
        .execute(q("DELETE FROM work_distribution WHERE id = $1").bind(id))
        .await?;
    if n == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}
