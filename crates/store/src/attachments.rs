//! Attachments' rows (issue 13): which case a stored file is on, its name, type, size and
//! SHA-256, who brought it and when. The bytes live on disk (the app layer writes them); the
//! case's scope is applied in the query, so a row outside it is not found.

use domain::Id;

use crate::Result;
use crate::cases::{CaseScope, scope_sql};
use crate::db::{Row, Tx, Value, q};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentRecord {
    pub id: Id,
    pub case_id: Id,
    pub name: String,
    /// `pdf`, `jpeg`, `png`, `docx` or `xlsx` ([`domain::files::FileType::as_str`]).
    pub file_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: Option<Id>,
    pub uploader: String,
    /// Brought by the enterprise (its own user), not by the bureau.
    pub by_enterprise: bool,
    pub at: i64,
}

const COLS: &str = "a.id, a.case_id, a.name, a.file_type, a.size, a.sha256, a.uploaded_by, a.uploader, a.by_enterprise, a.at";

fn from_row(r: &Row) -> Result<AttachmentRecord> {
    Ok(AttachmentRecord {
        id: r.get("id")?,
        case_id: r.get("case_id")?,
        name: r.get("name")?,
        file_type: r.get("file_type")?,
        size: r.get("size")?,
        sha256: r.get("sha256")?,
        uploaded_by: r.get("uploaded_by")?,
        uploader: r.get("uploader")?,
        by_enterprise: r.get("by_enterprise")?,
        at: r.get("at")?,
    })
}

pub async fn insert(tx: &mut Tx, a: &AttachmentRecord) -> Result<()> {
    tx.execute(
        q("INSERT INTO case_attachments (id, case_id, name, file_type, size, sha256, uploaded_by, uploader, by_enterprise, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
            .bind(a.id)
            .bind(a.case_id)
            .bind(&a.name)
            .bind(&a.file_type)
            .bind(a.size)
            .bind(&a.sha256)
            .bind(a.uploaded_by)
            .bind(&a.uploader)
            .bind(a.by_enterprise)
            .bind(a.at),
    )
    .await?;
    Ok(())
}

/// The attachments of case `case_id`, oldest first (the caller has checked the case's scope).
pub async fn list_for_case(tx: &mut Tx, case_id: Id) -> Result<Vec<AttachmentRecord>> {
    let sql =
        format!("SELECT {COLS} FROM case_attachments a WHERE a.case_id = $1 ORDER BY a.at, a.id");
    tx.fetch_all(q(sql).bind(case_id))
        .await?
        .iter()
        .map(from_row)
        .collect()
}

/// The attachment `id` if its case is in `scope`.
pub async fn get(tx: &mut Tx, scope: &CaseScope, id: Id) -> Result<Option<AttachmentRecord>> {
    let mut args: Vec<Value> = vec![id.into()];
    let sql = format!(
        "SELECT {COLS} FROM case_attachments a JOIN cases c ON c.id = a.case_id WHERE a.id = $1{}",
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
