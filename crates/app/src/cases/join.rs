//! What other modules do to a case inside their own transaction (a channel's message or call
//! joining an inquiry, the answer that resumes it): append to the timeline through the engine,
//! move the status with its audit entry and the kind's hook, and write the case. They never
//! write the engine's tables themselves.

use domain::cases::Status;
use store::Tx;
use store::cases::CaseRecord;

use super::{case_json, event};
use crate::audit::{self, Change};
use crate::{App, Ctx, Result};

/// Moves a case's status inside the caller's transaction (a channel's, when an answer arrives):
/// the timeline entry, the audit entry and the kind's hook. The caller writes `case` afterwards
/// with [`write`].
pub async fn move_status(
    app: &App,
    tx: &mut Tx,
    ctx: &Ctx,
    case: &mut CaseRecord,
    to: Status,
    now: i64,
) -> Result<()> {
    let before = case.clone();
    case.status = to;
    let mut ev = event(case.id, ctx, now, "status");
    ev.from_status = Some(before.status);
    ev.to_status = Some(case.status);
    super::append(tx, &ev).await?;
    let moved = super::kinds::StatusMoved {
        app,
        ctx,
        before: &before,
        after: case,
    };
    app.kinds.hooks(&case.kind).on_status(tx, moved).await?;
    audit::record(
        app,
        tx,
        ctx,
        Change {
            action: "case_status_changed",
            object_type: "case",
            object_id: case.id.to_string(),
            before: Some(case_json(&before)),
            after: Some(case_json(case)),
        },
    )
    .await
}

/// A message or call that joins an open case through a channel, in the channel's transaction:
/// a record the enterprise sees, by `actor` (a sender without an account) or by the caller.
pub struct Joined<'a> {
    pub record_kind: &'a str,
    pub content: &'a str,
    pub actor: Option<&'a str>,
}

/// Appends what joined the case to its timeline and touches the case; the caller writes it
/// with [`write`] when it has done the rest.
pub async fn join(
    tx: &mut Tx,
    ctx: &Ctx,
    case: &mut CaseRecord,
    j: &Joined<'_>,
    now: i64,
) -> Result<()> {
    let mut ev = event(case.id, ctx, now, "record");
    ev.record_kind = Some(j.record_kind.to_owned());
    ev.content = j.content.to_owned();
    if let Some(a) = j.actor {
        ev.actor_id = None;
        ev.actor = a.to_owned();
    }
    super::append(tx, &ev).await?;
    case.updated_at = now;
    Ok(())
}

/// Writes a case a channel changed in its own transaction.
pub async fn write(tx: &mut Tx, case: &CaseRecord) -> Result<()> {
    store::cases::update(tx, case).await?;
    Ok(())
}
