//! The checks submission and resubmission share: the documents against the programme's list
//! and the attachment limits, the decision under the rule in effect (which checks the
//! figures), and keeping the files; and the history row every step writes.

use std::collections::{BTreeMap, HashMap};

use base64::Engine;
use domain::funds::workflow::{Status, Step};
use domain::{FieldError, Role, Uscc, new_id};
use store::db::Tx;
use store::fund_application_steps::{FileRecord, StepRecord};

use super::submit::DocumentUpload;
use super::view::StoredDecision;
use crate::cases::attach;
use crate::funds::{DecisionRequest, decide};
use crate::{App, AppError, Ctx, Result};

/// A file checked and decoded, not yet kept.
pub(crate) struct Doc {
    pub document: String,
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Checks the uploads against the programme's documents: each required one present once, each
/// file within the limits and what its name says. With `held`, documents the application
/// already carries count as present (a resubmission).
pub(crate) fn check_documents(
    app: &App,
    required: &[String],
    held: &[String],
    uploads: &[DocumentUpload],
    errs: &mut Vec<FieldError>,
) -> Vec<Doc> {
    let mut docs = Vec::new();
    for u in uploads {
        let field = format!("documents.{}", u.document.trim());
        if !required.iter().any(|d| d == u.document.trim()) {
            errs.push(FieldError::new(
                field,
                "unknown_document",
                "not a document this programme asks for",
            ));
            continue;
        }
        let bytes = match base64::engine::general_purpose::STANDARD.decode(&u.content_base64) {
            Ok(b) => b,
            Err(_) => {
                errs.push(FieldError::new(field, "invalid_base64", "not base64"));
                continue;
            }
        };
        if let Err(AppError::Invalid(es) | AppError::TooLarge(es)) =
            attach::check(&app.settings.attachments, &u.name, &bytes)
        {
            for e in es {
                errs.push(FieldError::new(field.clone(), e.code, e.message));
            }
            continue;
        }
        docs.push(Doc {
            document: u.document.trim().to_owned(),
            name: u.name.clone(),
            bytes,
        });
    }
    for d in required {
        if !docs.iter().any(|x| &x.document == d) && !held.contains(d) {
            errs.push(FieldError::new(
                format!("documents.{d}"),
                "required",
                "this programme requires this document",
            ));
        }
    }
    docs
}

/// Decides under the programme's rule for `uscc` with the application's figures. The
/// application's scope is checked by the caller; the decision reads the registry as the
/// bureau does. Figure problems are added to `errs`.
pub(crate) async fn decide_for(
    app: &App,
    programme: domain::Id,
    uscc: &Uscc,
    figures: &BTreeMap<String, i64>,
    errs: &mut Vec<FieldError>,
) -> Result<Option<StoredDecision>> {
    let req = DecisionRequest {
        enterprise: uscc.to_string(),
        figures: figures
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect::<HashMap<_, _>>(),
        version: None,
        on: None,
    };
    match decide(app, &Ctx::system("fund_applications"), programme, &req).await {
        Ok(d) => Ok(Some(StoredDecision {
            formula: d.formula,
            decision: d.decision,
        })),
        Err(AppError::Invalid(es)) => {
            for e in es {
                if e.field == "version" {
                    errs.push(FieldError::new(
                        "programme",
                        "no_rule_in_effect",
                        "the programme has no rule in effect",
                    ));
                } else {
                    errs.push(e);
                }
            }
            Ok(None)
        }
        Err(AppError::NotFound) => {
            errs.push(FieldError::new(
                "uscc",
                "unknown_enterprise",
                "no enterprise with this USCC in the registry",
            ));
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Keeps the files and writes their rows in `tx`.
pub(crate) async fn keep_files(
    app: &App,
    ctx: &Ctx,
    application: domain::Id,
    docs: Vec<Doc>,
) -> Result<Vec<FileRecord>> {
    let (actor_id, actor) = ctx.actor_label();
    let by_enterprise = ctx
        .principal()
        .is_some_and(|p| p.role == Role::EnterpriseUser);
    let mut out = Vec::new();
    for d in docs {
        let kept = attach::keep(app, &d.name, d.bytes).await?;
        out.push(FileRecord {
            id: new_id(),
            application_id: application,
            document: d.document,
            name: domain::files::sanitise_name(&d.name),
            file_type: kept.file_type.as_str().into(),
            size: kept.size,
            sha256: kept.sha256,
            uploaded_by: actor_id,
            uploader: actor.clone(),
            by_enterprise,
            at: app.now(),
        });
    }
    Ok(out)
}

/// A step of the history.
pub(crate) struct HistoryEntry<'a> {
    pub application: domain::Id,
    pub step: Step,
    pub from: Option<Status>,
    pub to: Status,
    pub note: &'a str,
    pub missing: &'a [String],
    pub due_at: Option<i64>,
}

/// Writes a step of the history, by the caller, now.
pub(crate) async fn record_step(
    tx: &mut Tx,
    app: &App,
    ctx: &Ctx,
    e: HistoryEntry<'_>,
) -> Result<()> {
    let (actor_id, actor) = ctx.actor_label();
    store::fund_application_steps::insert_step(
        tx,
        &StepRecord {
            id: new_id(),
            application_id: e.application,
            step: e.step.as_str().into(),
            from_status: e.from.map(|s| s.as_str().into()),
            to_status: e.to.as_str().into(),
            actor_id,
            actor,
            note: e.note.to_owned(),
            missing: e.missing.to_vec(),
            due_at: e.due_at,
            at: app.now(),
        },
    )
    .await?;
    Ok(())
}
