//! Reading the ledger (the staff of a programme's division, leaders, auditors) and approving a
//! queued payment on its own (a top-up, a settlement) outside another module's transaction.

use domain::funds::{PaymentSource, PaymentStatus};
use domain::{Action, Id, Resource, Role};
use serde::{Deserialize, Serialize};
use store::fund_payments::{PaymentFilter, PaymentRow};

use super::ledger::{self, require_scope};
use crate::{App, AppError, Ctx, Result};

/// A payment as staff read it. Amounts in fen; times epoch-ms.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PaymentView {
    pub id: String,
    pub reference: String,
    pub programme_id: String,
    pub programme_name_zh: String,
    pub programme_name_en: String,
    pub division: String,
    pub enterprise: String,
    pub enterprise_name: String,
    pub year: i64,
    pub source: PaymentSource,
    pub source_id: String,
    /// Fen.
    pub amount: i64,
    pub rule_version: i64,
    /// The stored decision, criterion by criterion.
    pub explanation: serde_json::Value,
    pub status: PaymentStatus,
    pub approved_at: Option<i64>,
    pub override_reason: Option<String>,
    pub batch_id: Option<String>,
    pub bank_reference: Option<String>,
    pub paid_at: Option<i64>,
    pub applied_at: i64,
    pub created_at: i64,
}

impl From<&PaymentRow> for PaymentView {
    fn from(r: &PaymentRow) -> Self {
        let p = &r.payment;
        PaymentView {
            id: p.id.to_string(),
            reference: p.reference.clone(),
            programme_id: p.programme_id.to_string(),
            programme_name_zh: r.programme_name_zh.clone(),
            programme_name_en: r.programme_name_en.clone(),
            division: r.division.as_str().to_owned(),
            enterprise: p.uscc.as_str().to_owned(),
            enterprise_name: r.enterprise_name.clone(),
            year: p.year,
            source: p.source,
            source_id: p.source_id.clone(),
            amount: p.amount.fen(),
            rule_version: p.rule_version,
            explanation: serde_json::from_str(&p.explanation).unwrap_or_default(),
            status: p.status,
            approved_at: p.approved_at,
            override_reason: p.override_reason.clone(),
            batch_id: p.batch_id.map(|b| b.to_string()),
            bank_reference: p.bank_reference.clone(),
            paid_at: p.paid_at,
            applied_at: p.applied_at,
            created_at: p.created_at,
        }
    }
}

/// Which payments to list.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentQuery {
    pub programme: Option<String>,
    pub status: Option<String>,
    pub enterprise: Option<String>,
}

/// At most this many payments in one list.
pub const LIST_LIMIT: i64 = 500;

/// The division a caller's lists are limited to: a division's staff and chief see their own;
/// leaders and auditors all.
pub(crate) fn own_division(ctx: &Ctx) -> Option<domain::DivisionCode> {
    ctx.principal()
        .filter(|p| matches!(p.role, Role::DivisionChief | Role::DivisionStaff))
        .and_then(|p| p.division)
}

fn parse_filter(q: &PaymentQuery) -> Result<PaymentFilter> {
    let mut f = PaymentFilter::default();
    let mut errs = Vec::new();
    if let Some(p) = q.programme.as_deref().filter(|s| !s.is_empty()) {
        match uuid::Uuid::parse_str(p) {
            Ok(id) => f.programme = Some(id),
            Err(_) => errs.push(domain::FieldError::new(
                "programme",
                "invalid_id",
                "not a programme id",
            )),
        }
    }
    if let Some(s) = q.status.as_deref().filter(|s| !s.is_empty()) {
        match PaymentStatus::parse(s) {
            Some(s) => f.status = Some(s),
            None => errs.push(domain::FieldError::new(
                "status",
                "invalid_choice",
                "pending_approval, approved, cleared, in_batch, paid, failed or cancelled",
            )),
        }
    }
    if let Some(u) = q.enterprise.as_deref().filter(|s| !s.is_empty()) {
        match domain::Uscc::parse(u) {
            Ok(u) => f.uscc = Some(u),
            Err(e) => errs.push(domain::FieldError::new(
                "enterprise",
                e.code(),
                e.to_string(),
            )),
        }
    }
    if errs.is_empty() {
        Ok(f)
    } else {
        Err(AppError::Invalid(errs))
    }
}

/// The ledger within the caller's scope, newest first (at most [`LIST_LIMIT`]).
pub async fn list_payments(app: &App, ctx: &Ctx, q: &PaymentQuery) -> Result<Vec<PaymentView>> {
    ctx.require(Resource::FundPayment, Action::Read)?;
    let mut f = parse_filter(q)?;
    f.division = own_division(ctx);
    let mut rd = app.db.read().await?;
    Ok(store::fund_payments::list(&mut rd, &f, LIST_LIMIT)
        .await?
        .iter()
        .map(PaymentView::from)
        .collect())
}

/// One payment within the caller's scope.
pub async fn payment(app: &App, ctx: &Ctx, id: Id) -> Result<PaymentView> {
    ctx.require(Resource::FundPayment, Action::Read)?;
    let f = PaymentFilter {
        division: own_division(ctx),
        id: Some(id),
        ..PaymentFilter::default()
    };
    let mut rd = app.db.read().await?;
    store::fund_payments::list(&mut rd, &f, 1)
        .await?
        .first()
        .map(PaymentView::from)
        .ok_or(AppError::NotFound)
}

/// How an approval on its own is asked for.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApprovalInput {
    /// A leader's reason for spending over the budget.
    pub override_reason: Option<String>,
}

/// Approves a queued payment (its division's chief, or a leader): the one who queued it may
/// not (four eyes).
pub async fn approve_payment(
    app: &App,
    ctx: &Ctx,
    id: Id,
    input: &ApprovalInput,
) -> Result<PaymentView> {
    ctx.require(Resource::FundPayment, Action::Update)?;
    let mut tx = app.db.begin().await?;
    let p = store::fund_payments::get(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let programme = ledger::programme_in(&mut tx, p.programme_id).await?;
    require_scope(ctx, Resource::FundPayment, Action::Read, programme.division)
        .map_err(|_| AppError::NotFound)?;
    let not_by: Vec<Id> = p.queued_by.into_iter().collect();
    ledger::approve(
        &mut tx,
        app,
        ctx,
        &id,
        &not_by,
        input.override_reason.as_deref(),
    )
    .await?;
    tx.commit().await?;
    payment(app, ctx, id).await
}
