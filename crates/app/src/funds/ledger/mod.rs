//! Measure 2's ledger: every amount owed to (or recovered from) an enterprise goes through
//! `fund_payments`, whatever made it owed (an application, an apply-free entitlement, a top-up,
//! a settlement). Other fund modules call [`queue`], [`approve`] and [`commit`] INSIDE their own
//! write transaction; these functions audit each step in it and never commit it.
//!
//! Budget rule (issue 12): an approval that would overspend the programme's budget is refused
//! naming `amount` (`budget_exceeded`), unless a leader overrides it with a reason. Four eyes:
//! nobody approves what they examined (`not_by`). This module does not batch or pay.

mod budget;
mod moves;

pub use budget::{Budget, BudgetLine, budget, budget_in};
pub(crate) use moves::transit;
pub use moves::{cancel, clear};

use domain::funds::{PaymentSource, PaymentStatus};
use domain::{Action, FieldError, Id, Money, Resource, Role, Uscc, new_id};
use serde::Serialize;
use store::Tx;
use store::fund_payments::PaymentRecord;
use store::funds::ProgrammeRecord;

use crate::audit::{self, Change};
use crate::{App, AppError, Ctx, Result};

/// A payment's id (UUIDv7).
pub type PaymentId = Id;
/// A user's id (UUIDv7).
pub type UserId = Id;

/// An amount to put on the ledger.
#[derive(Debug, Clone)]
pub struct NewPayment {
    pub programme_id: Id,
    pub uscc: Uscc,
    /// The year the payment concerns (a top-up for 2020 is 2020).
    pub year: i64,
    pub source: PaymentSource,
    /// The application / entitlement / top-up / settlement id.
    pub source_id: String,
    /// More than zero; a recovery is a positive amount coming back.
    pub amount: Money,
    pub rule_version: i64,
    /// The stored decision, criterion by criterion.
    pub explanation: serde_json::Value,
    /// When the enterprise applied or the entitlement was made (the payment-speed page measures
    /// from here to `paid_at`).
    pub applied_at_ms: i64,
}

/// What the audit trail keeps of a payment.
#[derive(Serialize)]
struct Snapshot<'a> {
    reference: &'a str,
    programme_id: String,
    uscc: &'a str,
    year: i64,
    source: PaymentSource,
    source_id: &'a str,
    amount: i64,
    status: PaymentStatus,
    approved_by: Option<String>,
    override_reason: Option<&'a str>,
    batch_id: Option<String>,
    bank_reference: Option<&'a str>,
    paid_at: Option<i64>,
}

pub(crate) fn snapshot(p: &PaymentRecord) -> Option<serde_json::Value> {
    serde_json::to_value(Snapshot {
        reference: &p.reference,
        programme_id: p.programme_id.to_string(),
        uscc: p.uscc.as_str(),
        year: p.year,
        source: p.source,
        source_id: &p.source_id,
        amount: p.amount.fen(),
        status: p.status,
        approved_by: p.approved_by.map(|u| u.to_string()),
        override_reason: p.override_reason.as_deref(),
        batch_id: p.batch_id.map(|b| b.to_string()),
        bank_reference: p.bank_reference.as_deref(),
        paid_at: p.paid_at,
    })
    .ok()
}

/// Writes the audit entry for a payment's move from `before` to `after`.
pub(crate) async fn audit_move(
    app: &App,
    tx: &mut Tx,
    ctx: &Ctx,
    action: &str,
    before: Option<&PaymentRecord>,
    after: &PaymentRecord,
) -> Result<()> {
    audit::record(
        app,
        tx,
        ctx,
        Change {
            action,
            object_type: "fund_payment",
            object_id: after.id.to_string(),
            before: before.and_then(snapshot),
            after: snapshot(after),
        },
    )
    .await
}

/// The next human reference with `prefix` (`P-2026-000123`, `B-2026-0007`) in this year.
pub(crate) async fn next_reference(
    app: &App,
    tx: &mut Tx,
    table: &str,
    prefix: char,
    width: usize,
) -> Result<String> {
    let year = app.today().year();
    let n = store::fund_payments::count_references(tx, table, &format!("{prefix}-{year}-")).await?;
    Ok(domain::funds::payments::reference(
        prefix,
        year,
        n + 1,
        width,
    ))
}

pub(crate) async fn programme_in(tx: &mut Tx, id: Id) -> Result<ProgrammeRecord> {
    store::funds::get(tx, id).await?.ok_or(AppError::NotFound)
}

/// The payment `id` as it stands, once `ctx` may move payments of its programme's division.
pub(crate) async fn payment_to_update(
    tx: &mut Tx,
    ctx: &Ctx,
    id: &PaymentId,
) -> Result<PaymentRecord> {
    let p = store::fund_payments::get(tx, *id)
        .await?
        .ok_or(AppError::NotFound)?;
    let programme = programme_in(tx, p.programme_id).await?;
    let (resource, action) = (Resource::FundPayment, Action::Update);
    require_scope(ctx, resource, action, programme.division)?;
    Ok(p)
}

/// Writes a payment `pending_approval` (not committed against the budget). The caller has
/// authorised the step that owes it (an examination, an apply-free run).
pub async fn queue(tx: &mut Tx, app: &App, ctx: &Ctx, p: NewPayment) -> Result<PaymentId> {
    if p.amount <= Money::ZERO {
        return Err(AppError::invalid(
            "amount",
            "not_positive",
            "a payment is more than ¥0.00",
        ));
    }
    programme_in(tx, p.programme_id).await?;
    let now = app.now();
    let rec = PaymentRecord {
        id: new_id(),
        reference: next_reference(app, tx, "fund_payments", 'P', 6).await?,
        programme_id: p.programme_id,
        uscc: p.uscc,
        year: p.year,
        source: p.source,
        source_id: p.source_id,
        amount: p.amount,
        rule_version: p.rule_version,
        explanation: p.explanation.to_string(),
        status: PaymentStatus::PendingApproval,
        queued_by: ctx.principal().map(|u| u.id),
        approved_by: None,
        approved_at: None,
        override_reason: None,
        batch_id: None,
        bank_reference: None,
        paid_at: None,
        applied_at: p.applied_at_ms,
        created_at: now,
        updated_at: now,
    };
    store::fund_payments::insert(tx, &rec).await?;
    audit_move(app, tx, ctx, "fund_payment_queued", None, &rec).await?;
    Ok(rec.id)
}

/// Whether `ctx` may act on payments of `division` with `action`: the staff (or chief) of that
/// division, leaders and auditors everywhere; the command line always.
pub(crate) fn require_scope(
    ctx: &Ctx,
    resource: Resource,
    action: Action,
    division: domain::DivisionCode,
) -> Result<()> {
    ctx.require(resource, action)?;
    match ctx.principal() {
        Some(p)
            if matches!(p.role, Role::DivisionChief | Role::DivisionStaff)
                && p.division != Some(division) =>
        {
            Err(AppError::Forbidden)
        }
        _ => Ok(()),
    }
}

fn is_leader(ctx: &Ctx) -> bool {
    ctx.principal().is_some_and(|p| p.role == Role::Leader)
}

/// Approves (commits against the budget). Refuses with a problem naming `amount` (code
/// `budget_exceeded`) when remaining < amount, unless `override_reason` is given and the actor
/// is a leader. Four eyes: refuses (`four_eyes`) if the caller is in `not_by`. Moves to
/// `cleared` at once when the programme has no publicity period.
pub async fn approve(
    tx: &mut Tx,
    app: &App,
    ctx: &Ctx,
    id: &PaymentId,
    not_by: &[UserId],
    override_reason: Option<&str>,
) -> Result<()> {
    let before = payment_to_update(tx, ctx, id).await?;
    if before.status != PaymentStatus::PendingApproval {
        return Err(AppError::Conflict(
            "payment_not_pending",
            format!("payment {} is not waiting for approval", before.reference),
        ));
    }
    if ctx.principal().is_some_and(|p| not_by.contains(&p.id)) {
        return Err(AppError::Conflict(
            "four_eyes",
            "you took an earlier step on this payment: someone else approves it".into(),
        ));
    }
    let mut after = before.clone();
    after.override_reason = check_budget(tx, ctx, &before, override_reason).await?;
    let days = store::fund_payments::publicity_days(tx, before.programme_id).await?;
    after.status = if days == 0 {
        PaymentStatus::Cleared
    } else {
        PaymentStatus::Approved
    };
    after.approved_by = ctx.principal().map(|p| p.id);
    after.approved_at = Some(app.now());
    transit(tx, app, ctx, &before, after, "fund_payment_approved").await?;
    Ok(())
}

/// The override reason to store, or the refusal: `Ok(None)` when the budget holds.
async fn check_budget(
    tx: &mut Tx,
    ctx: &Ctx,
    p: &PaymentRecord,
    override_reason: Option<&str>,
) -> Result<Option<String>> {
    // A recovery brings money back: it never overspends.
    if p.source == PaymentSource::Recovery {
        return Ok(None);
    }
    let b = budget_in(tx, p.programme_id).await?;
    if b.remaining >= p.amount {
        return Ok(None);
    }
    let reason = override_reason.map(str::trim).unwrap_or("");
    if is_leader(ctx) && !reason.is_empty() {
        return Ok(Some(reason.to_owned()));
    }
    let mut errs = vec![FieldError::new(
        "amount",
        "budget_exceeded",
        format!(
            "{} is more than the {} remaining in the budget; a leader may override it with a reason",
            p.amount, b.remaining
        ),
    )];
    if is_leader(ctx) && override_reason.is_some() {
        errs.push(FieldError::new(
            "override_reason",
            "required",
            "give the reason for spending over the budget",
        ));
    } else if override_reason.is_some() {
        errs.push(FieldError::new(
            "override_reason",
            "leader_only",
            "only a leader may override the budget",
        ));
    }
    Err(AppError::Invalid(errs))
}

/// [`queue`] and [`approve`] in one (for an application approved by the chief).
pub async fn commit(
    tx: &mut Tx,
    app: &App,
    ctx: &Ctx,
    p: NewPayment,
    not_by: &[UserId],
    override_reason: Option<&str>,
) -> Result<PaymentId> {
    let id = queue(tx, app, ctx, p).await?;
    approve(tx, app, ctx, &id, not_by, override_reason).await?;
    Ok(id)
}
