//! Files attached to a case (issue 13: "attachments on cases with size and type limits"), by
//! its enterprise on the portal and by the staff who may work on it. The engine's own: no case
//! kind is named here.
//!
//! The bytes are kept under the configured folder by their SHA-256
//! (`<dir>/<first two hex digits>/<sha256>`), written and fsynced before the row commits, so a
//! row never names a file that a crash lost; the row, a timeline record and the audit entry are
//! one transaction. Who may see an attachment is who may see its case: the case's scope is in
//! every query, and outside it an attachment is "not found".

use std::io::Write;
use std::path::{Path, PathBuf};

use domain::files::{self, FileType};
use domain::{Action, FieldError, Id, Resource, new_id};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use store::attachments::AttachmentRecord;

use super::{is_enterprise, scope_for};
use crate::audit::{self, Change};
use crate::{App, AppError, Ctx, Result};

/// The timeline's record kind for an attachment.
pub const RECORD_KIND: &str = "attachment";

/// Where attachments are kept and what they may be.
#[derive(Debug, Clone)]
pub struct Limits {
    /// The folder (configuration: `<data_dir>/attachments`).
    pub dir: PathBuf,
    /// The largest file, in bytes (configuration `attachment_max_bytes`, default 10 MB).
    pub max_bytes: u64,
    /// The types accepted (configuration `attachment_types`).
    pub types: Vec<FileType>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            dir: PathBuf::from("lifeline-data").join("attachments"),
            max_bytes: 10 * 1024 * 1024,
            types: FileType::ALL.to_vec(),
        }
    }
}

/// An attachment as lists and pages show it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct AttachmentView {
    pub id: String,
    pub case_id: String,
    /// The file name (made safe: no folders or control characters).
    pub name: String,
    /// `pdf`, `jpeg`, `png`, `docx` or `xlsx`.
    pub file_type: String,
    /// The media type it is downloaded as.
    pub media_type: String,
    /// In bytes.
    pub size: i64,
    /// The size as people write it, e.g. `1.2 MB`.
    pub size_text: String,
    pub sha256: String,
    /// Who attached it: a user's e-mail; `bureau` when an enterprise user reads a file the
    /// bureau's staff attached.
    pub uploaded_by: String,
    /// The enterprise attached it (else the bureau's staff).
    pub by_enterprise: bool,
    /// Epoch milliseconds.
    pub at: i64,
}

fn view(a: &AttachmentRecord, for_enterprise: bool) -> AttachmentView {
    let t = FileType::parse(&a.file_type);
    AttachmentView {
        id: a.id.to_string(),
        case_id: a.case_id.to_string(),
        name: a.name.clone(),
        file_type: a.file_type.clone(),
        media_type: t
            .map_or("application/octet-stream", FileType::media_type)
            .into(),
        size: a.size,
        size_text: files::human_size(u64::try_from(a.size).unwrap_or(0)),
        sha256: a.sha256.clone(),
        uploaded_by: if for_enterprise && !a.by_enterprise {
            "bureau".into()
        } else {
            a.uploader.clone()
        },
        by_enterprise: a.by_enterprise,
        at: a.at,
    }
}

/// Where the file with this SHA-256 is kept.
fn path_of(dir: &Path, sha: &str) -> PathBuf {
    dir.join(&sha[..2]).join(sha)
}

/// Writes the bytes durably: a temporary file in the same folder, fsynced, renamed into place,
/// and the folder fsynced, so the name points at the whole file after a crash. The same
/// content already kept is not written again.
fn store_file(dir: &Path, sha: &str, bytes: &[u8]) -> std::io::Result<()> {
    let target = path_of(dir, sha);
    if target.is_file() {
        return Ok(());
    }
    let folder = target.parent().unwrap_or(dir);
    std::fs::create_dir_all(folder)?;
    let tmp = folder.join(format!(".{sha}.{}.tmp", new_id().simple()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, &target)?;
        std::fs::File::open(folder)?.sync_all()
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Checks an upload against the limits: its size, then its type by name and content.
pub(crate) fn check(limits: &Limits, name: &str, bytes: &[u8]) -> Result<FileType> {
    if bytes.len() as u64 > limits.max_bytes {
        let e = files::FileError::TooLarge(files::human_size(limits.max_bytes));
        return Err(AppError::TooLarge(vec![FieldError::new(
            "file",
            e.code(),
            e.to_string(),
        )]));
    }
    files::classify(name, bytes, &limits.types)
        .map_err(|e| AppError::invalid("file", e.code(), e.to_string()))
}

/// A file kept by the attachment store.
pub(crate) struct Kept {
    pub file_type: FileType,
    pub sha256: String,
    pub size: i64,
}

/// Checks a file against the configured limits (size, then type by name and content; the
/// error names `file`) and keeps it durably by its SHA-256. Other owners of files (a fund
/// application's documents) keep theirs through this too.
pub(crate) async fn keep(app: &App, name: &str, bytes: Vec<u8>) -> Result<Kept> {
    let limits = &app.settings.attachments;
    let file_type = check(limits, name, &bytes)?;
    let sha = hex::encode(Sha256::digest(&bytes));
    let size = i64::try_from(bytes.len()).map_err(|e| AppError::Unexpected(e.to_string()))?;
    let (dir, sha_w) = (limits.dir.clone(), sha.clone());
    tokio::task::spawn_blocking(move || store_file(&dir, &sha_w, &bytes))
        .await
        .map_err(|e| AppError::Unexpected(e.to_string()))?
        .map_err(|e| AppError::Unavailable(format!("keeping the attachment: {e}")))?;
    Ok(Kept {
        file_type,
        sha256: sha,
        size,
    })
}

/// The bytes of a kept file.
pub(crate) async fn read_kept(app: &App, sha: &str) -> Result<Vec<u8>> {
    let path = path_of(&app.settings.attachments.dir, sha);
    tokio::fs::read(&path)
        .await
        .map_err(|e| AppError::Unexpected(format!("reading {}: {e}", path.display())))
}

/// Attaches file `name` with content `bytes` to case `case_id`: its enterprise's users and the
/// staff who may work on it. Answers with the attachment.
pub async fn attach(
    app: &App,
    ctx: &Ctx,
    case_id: Id,
    name: &str,
    bytes: Vec<u8>,
) -> Result<AttachmentView> {
    ctx.require(Resource::CaseAttachment, Action::Create)?;
    check(&app.settings.attachments, name, &bytes)?;
    let scope = scope_for(ctx);
    // The case first, so no file is kept for a case the caller cannot see.
    {
        let mut rd = app.db.read().await?;
        store::cases::get(&mut rd, &scope, case_id)
            .await?
            .ok_or(AppError::NotFound)?;
    }
    let Kept {
        file_type,
        sha256: sha,
        size,
    } = keep(app, name, bytes).await?;
    let now = app.now();
    let (actor_id, actor) = ctx.actor_label();
    let rec = AttachmentRecord {
        id: new_id(),
        case_id,
        name: files::sanitise_name(name),
        file_type: file_type.as_str().into(),
        size,
        sha256: sha,
        uploaded_by: actor_id,
        uploader: actor,
        by_enterprise: is_enterprise(ctx),
        at: now,
    };
    let mut tx = app.db.begin().await?;
    store::cases::get(&mut tx, &scope, case_id)
        .await?
        .ok_or(AppError::NotFound)?;
    store::attachments::insert(&mut tx, &rec).await?;
    let mut ev = super::event(case_id, ctx, now, "record");
    ev.record_kind = Some(RECORD_KIND.into());
    ev.content = rec.name.clone();
    super::append(&mut tx, &ev).await?;
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: "case_attachment_added",
            object_type: "case",
            object_id: case_id.to_string(),
            before: None,
            after: Some(
                json!({"attachment_id": rec.id, "name": rec.name, "file_type": rec.file_type,
                                "size": rec.size, "sha256": rec.sha256}),
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(view(&rec, is_enterprise(ctx)))
}

/// The attachments of a case the caller may see, oldest first.
pub async fn list(app: &App, ctx: &Ctx, case_id: Id) -> Result<Vec<AttachmentView>> {
    ctx.require(Resource::CaseAttachment, Action::Read)?;
    let mut rd = app.db.read().await?;
    store::cases::get(&mut rd, &scope_for(ctx), case_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let for_enterprise = is_enterprise(ctx);
    Ok(store::attachments::list_for_case(&mut rd, case_id)
        .await?
        .iter()
        .map(|a| view(a, for_enterprise))
        .collect())
}

/// An attachment and its bytes, if its case is one the caller may see.
pub async fn download(app: &App, ctx: &Ctx, id: Id) -> Result<(AttachmentView, Vec<u8>)> {
    ctx.require(Resource::CaseAttachment, Action::Read)?;
    let rec = {
        let mut rd = app.db.read().await?;
        store::attachments::get(&mut rd, &scope_for(ctx), id)
            .await?
            .ok_or(AppError::NotFound)?
    };
    let bytes = read_kept(app, &rec.sha256).await?;
    Ok((view(&rec, is_enterprise(ctx)), bytes))
}
