//! An application's history of steps (who, which step, note, missing items, when, the SLA due
//! of the step it led to) and the files it carries (the bytes kept by the attachment store by
//! their SHA-256; this table links them to the application and the programme's document).
//! Callers read them only after reading the application in their scope.

use domain::Id;

use crate::db::{Row, Tx, q};
use crate::{Result, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRecord {
    pub id: Id,
    pub application_id: Id,
    pub step: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub actor_id: Option<Id>,
    /// The actor's e-mail (or `system:<name>`).
    pub actor: String,
    pub note: String,
    pub missing: Vec<String>,
    pub due_at: Option<i64>,
    pub at: i64,
}

fn step_from_row(r: &Row) -> Result<StepRecord> {
    let missing: String = r.get("missing")?;
    Ok(StepRecord {
        id: r.get("id")?,
        application_id: r.get("application_id")?,
        step: r.get("step")?,
        from_status: r.get("from_status")?,
        to_status: r.get("to_status")?,
        actor_id: r.get("actor_id")?,
        actor: r.get("actor")?,
        note: r.get("note")?,
        missing: serde_json::from_str(&missing)
            .map_err(|_| StoreError::Other("fund_application_steps.missing is not valid".into()))?,
        due_at: r.get("due_at")?,
        at: r.get("at")?,
    })
}

pub async fn insert_step(tx: &mut Tx, s: &StepRecord) -> Result<()> {
    let missing =
        serde_json::to_string(&s.missing).map_err(|e| StoreError::Other(e.to_string()))?;
    tx.execute(
        q("INSERT INTO fund_application_steps (id, application_id, step, from_status, to_status, actor_id, actor, note, missing, due_at, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
            .bind(s.id)
            .bind(s.application_id)
            .bind(&s.step)
            .bind(s.from_status.as_deref())
            .bind(&s.to_status)
            .bind(s.actor_id)
            .bind(&s.actor)
            .bind(&s.note)
            .bind(missing)
            .bind(s.due_at)
            .bind(s.at),
    )
    .await?;
    Ok(())
}

/// The steps of one application, oldest first.
pub async fn steps_of(tx: &mut Tx, application: Id) -> Result<Vec<StepRecord>> {
    tx.fetch_all(
        q("SELECT id, application_id, step, from_status, to_status, actor_id, actor, note, missing, due_at, at FROM fund_application_steps WHERE application_id = $1 ORDER BY at, id")
            .bind(application),
    )
    .await?
    .iter()
    .map(step_from_row)
    .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRecord {
    pub id: Id,
    pub application_id: Id,
    /// The programme's document it stands for (`营业执照`).
    pub document: String,
    pub name: String,
    pub file_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: Option<Id>,
    pub uploader: String,
    pub by_enterprise: bool,
    pub at: i64,
}

const FILE_COLS: &str = "id, application_id, document, name, file_type, size, sha256, uploaded_by, uploader, by_enterprise, at";

fn file_from_row(r: &Row) -> Result<FileRecord> {
    Ok(FileRecord {
        id: r.get("id")?,
        application_id: r.get("application_id")?,
        document: r.get("document")?,
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

pub async fn insert_file(tx: &mut Tx, f: &FileRecord) -> Result<()> {
    tx.execute(
        q(format!("INSERT INTO fund_application_files ({FILE_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"))
            .bind(f.id)
            .bind(f.application_id)
            .bind(&f.document)
            .bind(&f.name)
            .bind(&f.file_type)
            .bind(f.size)
            .bind(&f.sha256)
            .bind(f.uploaded_by)
            .bind(&f.uploader)
            .bind(f.by_enterprise)
            .bind(f.at),
    )
    .await?;
    Ok(())
}

/// The files of one application, oldest first.
pub async fn files_of(tx: &mut Tx, application: Id) -> Result<Vec<FileRecord>> {
    tx.fetch_all(
        q(format!(
            "SELECT {FILE_COLS} FROM fund_application_files WHERE application_id = $1 ORDER BY at, id"
        ))
        .bind(application),
    )
    .await?
    .iter()
    .map(file_from_row)
    .collect()
}

/// One file by id (the caller checks the application is in the reader's scope).
pub async fn get_file(tx: &mut Tx, id: Id) -> Result<Option<FileRecord>> {
    tx.fetch_optional(
        q(format!(
            "SELECT {FILE_COLS} FROM fund_application_files WHERE id = $1"
        ))
        .bind(id),
    )
    .await?
    .as_ref()
    .map(file_from_row)
    .transpose()
}
