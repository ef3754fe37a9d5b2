//! An enterprise answers on its own case from the portal (measure 1): a public record the staff
//! see on the timeline; a case that was waiting on the enterprise goes back to in progress
//! through the engine's status rules ([`crate::cases::join`]), so its SLA clock runs again.
//!
//! This module writes no case table itself: the engine appends, moves and writes.

use domain::cases::Status;
use domain::{Action, FieldError, Id, Resource};
use serde_json::json;

use crate::audit::{self, Change};
use crate::cases::{self, CaseView, join};
use crate::{App, AppError, Ctx, Result};

/// The record kind of an enterprise's reply on the timeline.
pub const REPLY_KIND: &str = "enterprise_reply";

/// The longest reply, in characters.
pub const MAX_REPLY: usize = 4000;

/// The enterprise user's reply on case `id` of their enterprise; answers with the case.
pub async fn reply(app: &App, ctx: &Ctx, id: Id, text: &str) -> Result<CaseView> {
    ctx.require(Resource::CaseReply, Action::Create)?;
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::Invalid(vec![FieldError::new(
            "content",
            "required",
            "write your reply",
        )]));
    }
    if text.chars().count() > MAX_REPLY {
        return Err(AppError::Invalid(vec![FieldError::new(
            "content",
            "too_long",
            "at most 4,000 characters",
        )]));
    }
    let now = app.now();
    let mut tx = app.db.begin().await?;
    // The enterprise scope: another enterprise's case is "not found".
    let mut case = store::cases::get(&mut tx, &cases::scope_for(ctx), id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !case.status.is_open() {
        return Err(AppError::Conflict(
            "case_not_open",
            "this case is closed; ask a new question or register a new difficulty".into(),
        ));
    }
    let before = case.status;
    let joined = join::Joined {
        record_kind: REPLY_KIND,
        content: text,
        actor: None,
    };
    join::join(&mut tx, ctx, &mut case, &joined, now).await?;
    if case.status == Status::WaitingOnEnterprise {
        join::move_status(app, &mut tx, ctx, &mut case, Status::InProgress, now).await?;
    }
    join::write(&mut tx, &case).await?;
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: "case_enterprise_replied",
            object_type: "case",
            object_id: id.to_string(),
            before: Some(json!({"status": before})),
            after: Some(json!({"status": case.status, "chars": text.chars().count()})),
        },
    )
    .await?;
    crate::notify::emit(
        &mut tx,
        app,
        crate::notify::Event::EnterpriseReplied { case: id },
    )
    .await?;
    tx.commit().await?;
    cases::get(app, ctx, id).await
}
