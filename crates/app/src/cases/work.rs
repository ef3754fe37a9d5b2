//! Working on a case: records, status changes, escalation, the targeted-solution decision,
//! reassignment. Each is one transaction with its timeline event and audit entry.

use domain::cases::{RECORD_KINDS, Status, check_transition};
use domain::dates::{parse_civil_date, show_date};
use domain::{Action, DivisionCode, FieldError, Id, Resource};
use serde_json::json;
use store::Tx;
use store::cases::{CaseRecord, DecisionRecord};

use super::{CaseView, EventView, case_json, event, scope_for};
use crate::audit::{self, Change};
use crate::{App, AppError, Ctx, Result};

pub(super) async fn load(tx: &mut Tx, ctx: &Ctx, id: Id) -> Result<CaseRecord> {
    store::cases::get(tx, &scope_for(ctx), id)
        .await?
        .ok_or(AppError::NotFound)
}

/// A case the caller may manage: one they can see but handle only jointly is forbidden (its
/// leading division moves, assigns, escalates and reassigns it).
pub(super) async fn load_managed(tx: &mut Tx, ctx: &Ctx, id: Id) -> Result<CaseRecord> {
    let c = load(tx, ctx, id).await?;
    if super::may_manage(ctx, &c) {
        Ok(c)
    } else {
        Err(AppError::Forbidden)
    }
}

pub use super::assign::reassign;

pub(super) async fn save(
    app: &App,
    tx: &mut Tx,
    ctx: &Ctx,
    action: &str,
    before: &CaseRecord,
    after: &CaseRecord,
    extra: serde_json::Value,
) -> Result<()> {
    store::cases::update(tx, after).await?;
    let mut a = case_json(after);
    if let (Some(obj), Some(x)) = (a.as_object_mut(), extra.as_object()) {
        obj.extend(x.clone());
    }
    audit::record(
        app,
        tx,
        ctx,
        Change {
            action,
            object_type: "case",
            object_id: after.id.to_string(),
            before: Some(case_json(before)),
            after: Some(a),
        },
    )
    .await
}

/// A working record: a visit, call, meeting, message, coordination, internal note or reply.
#[derive(Debug, Clone, Default)]
pub struct NewRecord {
    pub kind: String,
    pub content: String,
    pub outcome: Option<String>,
    pub next_follow_up: Option<String>,
    /// No further follow-up is planned: the case's next follow-up date is cleared.
    pub clear_follow_up: bool,
}

/// Adds a working record to the case's timeline and answers with the record.
pub async fn add_record(app: &App, ctx: &Ctx, id: Id, r: &NewRecord) -> Result<EventView> {
    ctx.require(Resource::Case, Action::Update)?;
    let mut errs = Vec::new();
    if !RECORD_KINDS.contains(&r.kind.as_str()) {
        errs.push(FieldError::new(
            "kind",
            "unknown_record_kind",
            format!("the record kinds are {}", RECORD_KINDS.join(", ")),
        ));
    }
    if r.content.trim().is_empty() {
        errs.push(FieldError::new(
            "content",
            "required",
            "write what was done or said",
        ));
    }
    let follow = match r
        .next_follow_up
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        Some(d) => parse_civil_date(d)
            .map_err(|m| errs.push(FieldError::new("next_follow_up", m.code(), m.to_string())))
            .ok(),
        None => None,
    };
    if r.clear_follow_up && follow.is_some() {
        errs.push(FieldError::new(
            "clear_follow_up",
            "conflicting_fields",
            "give a next follow-up date or clear it, not both",
        ));
    }
    if !errs.is_empty() {
        return Err(AppError::Invalid(errs));
    }
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let before = load(&mut tx, ctx, id).await?;
    let internal = r.kind == "internal_note";
    let mut after = before.clone();
    after.updated_at = now;
    if follow.is_some() {
        after.next_follow_up = follow;
    } else if r.clear_follow_up {
        after.next_follow_up = None;
    }
    if !internal && after.first_response_at.is_none() {
        after.first_response_at = Some(now);
    }
    let mut ev = event(id, ctx, now, "record");
    ev.record_kind = Some(r.kind.clone());
    ev.content = r.content.trim().to_owned();
    ev.outcome = r
        .outcome
        .clone()
        .map(|o| o.trim().to_owned())
        .filter(|o| !o.is_empty());
    ev.follow_up_cleared = r.clear_follow_up && before.next_follow_up.is_some();
    ev.next_follow_up = follow;
    ev.internal = internal;
    super::append(&mut tx, &ev).await?;
    let recorded = super::kinds::Recorded {
        app,
        ctx,
        case: &after,
        record: &ev,
    };
    app.kinds
        .hooks(&after.kind)
        .on_record(&mut tx, recorded)
        .await?;
    save(
        app,
        &mut tx,
        ctx,
        "case_record_added",
        &before,
        &after,
        json!({"record_kind": r.kind, "internal": internal}),
    )
    .await?;
    tx.commit().await?;
    Ok(super::event_view(&ev))
}

pub async fn change_status(
    app: &App,
    ctx: &Ctx,
    id: Id,
    to: &str,
    note: Option<&str>,
) -> Result<CaseView> {
    ctx.require(Resource::Case, Action::Update)?;
    let Some(to) = Status::parse(to) else {
        let all: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
        return Err(AppError::invalid(
            "status",
            "unknown_status",
            format!("the statuses are {}", all.join(", ")),
        ));
    };
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let before = load_managed(&mut tx, ctx, id).await?;
    let from = before.status;
    let has_decision = store::cases::decision(&mut tx, id).await?.is_some();
    check_transition(from, to, before.significant, has_decision).map_err(|e| {
        let code = match e {
            domain::cases::TransitionError::NeedsDecision => "decision_required",
            domain::cases::TransitionError::NotAllowed(..) => "transition_not_allowed",
        };
        AppError::Conflict(code, e.to_string())
    })?;
    let mut after = before.clone();
    after.status = to;
    after.updated_at = now;
    match to {
        Status::Resolved => after.resolved_at = Some(now),
        Status::InProgress if !from.is_open() => after.resolved_at = None,
        _ => {}
    }
    let mut ev = event(id, ctx, now, "status");
    ev.from_status = Some(from);
    ev.to_status = Some(to);
    ev.content = note.unwrap_or("").trim().to_owned();
    super::append(&mut tx, &ev).await?;
    let moved = super::kinds::StatusMoved {
        app,
        ctx,
        before: &before,
        after: &after,
    };
    app.kinds
        .hooks(&after.kind)
        .on_status(&mut tx, moved)
        .await?;
    save(
        app,
        &mut tx,
        ctx,
        "case_status_changed",
        &before,
        &after,
        json!({}),
    )
    .await?;
    tx.commit().await?;
    super::get(app, ctx, id).await
}

/// Marks a case significant: it goes to the leading division's chief and the working group,
/// and can only be resolved after a targeted-solution decision.
pub async fn escalate(app: &App, ctx: &Ctx, id: Id, reason: &str) -> Result<CaseView> {
    ctx.require(Resource::Case, Action::Update)?;
    if reason.trim().is_empty() {
        return Err(AppError::invalid(
            "reason",
            "required",
            "say why this issue is significant",
        ));
    }
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let before = load_managed(&mut tx, ctx, id).await?;
    if before.significant {
        return Err(AppError::Conflict(
            "already_escalated",
            "this case is already escalated".into(),
        ));
    }
    if !before.status.is_open() {
        return Err(AppError::Conflict(
            "case_not_open",
            "reopen the case before escalating it".into(),
        ));
    }
    let mut after = before.clone();
    after.significant = true;
    after.updated_at = now;
    if after.priority == "normal" {
        after.priority = "high".into();
    }
    let mut ev = event(id, ctx, now, "escalation");
    ev.content = reason.trim().to_owned();
    super::append(&mut tx, &ev).await?;
    save(
        app,
        &mut tx,
        ctx,
        "case_escalated",
        &before,
        &after,
        json!({"reason": reason.trim()}),
    )
    .await?;
    crate::notify::emit(
        &mut tx,
        app,
        crate::notify::Event::CaseEscalated { case: id },
    )
    .await?;
    tx.commit().await?;
    super::get(app, ctx, id).await
}

#[derive(Debug, Clone, Default)]
pub struct NewDecision {
    pub decision: String,
    pub division: String,
    pub owner: String,
    pub due_date: String,
}

/// The targeted-solution decision on an escalated case: what, which division, who, by when.
/// Taken by the chief of the case's division, or a bureau leader.
pub async fn decide(app: &App, ctx: &Ctx, id: Id, d: &NewDecision) -> Result<CaseView> {
    ctx.require(Resource::Decision, Action::Create)?;
    let mut errs = Vec::new();
    if d.decision.trim().is_empty() {
        errs.push(FieldError::new(
            "decision",
            "required",
            "write the decision",
        ));
    }
    let division = DivisionCode::parse(&d.division)
        .map_err(|m| errs.push(FieldError::new("division", m.code(), m.to_string())))
        .ok();
    if d.owner.trim().is_empty() {
        errs.push(FieldError::new(
            "owner",
            "required",
            "name who carries it out",
        ));
    }
    let due = parse_civil_date(&d.due_date)
        .map_err(|m| errs.push(FieldError::new("due_date", m.code(), m.to_string())))
        .ok();
    if !errs.is_empty() {
        return Err(AppError::Invalid(errs));
    }
    let (Some(division), Some(due)) = (division, due) else {
        return Err(AppError::Invalid(errs));
    };
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let before = load_managed(&mut tx, ctx, id).await?;
    if !before.significant {
        return Err(AppError::Conflict(
            "not_escalated",
            "only an escalated case takes a targeted-solution decision".into(),
        ));
    }
    if !before.status.is_open() {
        return Err(AppError::Conflict(
            "case_not_open",
            "a decision is taken while the case is open".into(),
        ));
    }
    let (_, actor) = ctx.actor_label();
    let rec = DecisionRecord {
        case_id: id,
        decision: d.decision.trim().into(),
        division,
        owner: d.owner.trim().into(),
        due_date: due,
        decided_by: actor,
        at: now,
    };
    store::cases::upsert_decision(&mut tx, &rec).await?;
    let mut ev = event(id, ctx, now, "decision");
    ev.content = format!(
        "{} — {} ({}) by {}",
        rec.decision,
        rec.owner,
        rec.division,
        show_date(rec.due_date)
    );
    super::append(&mut tx, &ev).await?;
    let mut after = before.clone();
    after.updated_at = now;
    save(app, &mut tx, ctx, "case_decision_recorded", &before, &after, json!({"decision": rec.decision, "decision_division": rec.division, "owner": rec.owner, "due_date": show_date(rec.due_date)})).await?;
    tx.commit().await?;
    super::get(app, ctx, id).await
}
