//! An enterprise's apply-free entitlements (measure 2): it reads its own (another enterprise's
//! is not found, like a missing one), with the stored explanation criterion by criterion, and
//! confirms the bank account the money goes to: the one on file, or one it enters. Confirming
//! approves the payment in the ledger, budget checked, so that it can be batched and paid.

use domain::{Action, FieldError, Id, Resource, Uscc};
use serde::{Deserialize, Serialize};
use store::fund_free::{EntitlementRecord, EntitlementsOf};

use super::{Explanation, pay};
use crate::audit::{self, Change};
use crate::funds::bank::{self, BankAccountInput};
use crate::{App, AppError, Ctx, Result};

/// An entitlement as the enterprise and staff see it. Amounts in fen.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct EntitlementView {
    pub id: String,
    pub run_id: String,
    pub programme_id: String,
    pub enterprise: String,
    pub enterprise_name: String,
    pub year: i64,
    pub amount: i64,
    pub rule_version: i64,
    /// `offered` (waiting for the enterprise to confirm its account) or `confirmed`.
    pub status: String,
    /// The payment's status in the ledger (`pending_approval`, `cleared`, `paid` ...).
    pub payment_status: Option<String>,
    pub payment_reference: Option<String>,
    pub explanation: Explanation,
    pub created_at: i64,
    pub confirmed_at: Option<i64>,
}

impl EntitlementView {
    pub(crate) fn from_record(e: &EntitlementRecord) -> Result<EntitlementView> {
        Ok(EntitlementView {
            id: e.id.to_string(),
            run_id: e.run_id.to_string(),
            programme_id: e.programme_id.to_string(),
            enterprise: e.uscc.clone(),
            enterprise_name: e.enterprise_name.clone(),
            year: e.year,
            amount: e.amount_fen,
            rule_version: e.rule_version,
            status: e.status.clone(),
            payment_status: e.payment_status.clone(),
            payment_reference: e.payment_reference.clone(),
            explanation: Explanation::parse(&e.explanation)?,
            created_at: e.created_at,
            confirmed_at: e.confirmed_at,
        })
    }
}

/// The confirmation of an entitlement: the account on file (no `bank_account`), or a new one
/// (set on file first, as the bank account page does).
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Confirmation {
    #[serde(default)]
    pub bank_account: Option<BankAccountInput>,
}

/// The caller's own enterprise (an enterprise user).
fn own(ctx: &Ctx, action: Action) -> Result<Uscc> {
    ctx.require(Resource::FundEntitlement, action)?;
    ctx.principal()
        .and_then(|p| p.enterprise.clone())
        .ok_or(AppError::NotFound)
}

/// The caller's enterprise's entitlements, newest first.
pub async fn my_entitlements(app: &App, ctx: &Ctx) -> Result<Vec<EntitlementView>> {
    let uscc = own(ctx, Action::Read)?;
    let mut rd = app.db.read().await?;
    store::fund_free::list_entitlements(&mut rd, EntitlementsOf::Enterprise(uscc.as_str()))
        .await?
        .iter()
        .map(EntitlementView::from_record)
        .collect()
}

/// One of the caller's enterprise's entitlements; another's is not found.
pub async fn my_entitlement(app: &App, ctx: &Ctx, id: Id) -> Result<EntitlementView> {
    let uscc = own(ctx, Action::Read)?;
    let mut rd = app.db.read().await?;
    match store::fund_free::get_entitlement(&mut rd, id, Some(uscc.as_str())).await? {
        Some(e) => EntitlementView::from_record(&e),
        None => Err(AppError::NotFound),
    }
}

/// Confirms an entitlement: the account on file, or the one given (recorded first), and the
/// payment approved in the ledger (budget checked; refused as a whole if it would overspend).
pub async fn confirm(app: &App, ctx: &Ctx, id: Id, c: &Confirmation) -> Result<EntitlementView> {
    let uscc = own(ctx, Action::Update)?;
    let offered = |e: &EntitlementRecord| {
        if e.status == "offered" {
            Ok(())
        } else {
            Err(AppError::Conflict(
                "already_confirmed",
                "this entitlement is already confirmed".into(),
            ))
        }
    };
    if let Some(a) = &c.bank_account {
        // Only for an entitlement of its own that waits: another's is not found.
        let mut rd = app.db.read().await?;
        match store::fund_free::get_entitlement(&mut rd, id, Some(uscc.as_str())).await? {
            Some(e) => offered(&e)?,
            None => return Err(AppError::NotFound),
        }
        drop(rd);
        bank::set_account(app, ctx, uscc.as_str(), a)
            .await
            .map_err(|e| match e {
                AppError::Invalid(errs) => AppError::Invalid(
                    errs.into_iter()
                        .map(|f| {
                            FieldError::new(format!("bank_account.{}", f.field), f.code, f.message)
                        })
                        .collect(),
                ),
                other => other,
            })?;
    }
    let mut tx = app.db.begin().await?;
    let Some(before) = store::fund_free::get_entitlement(&mut tx, id, Some(uscc.as_str())).await?
    else {
        return Err(AppError::NotFound);
    };
    offered(&before)?;
    let account = bank::confirm(&mut tx, app, ctx, &uscc).await?;
    let by = ctx.actor_label().1;
    store::fund_free::confirm_entitlement(&mut tx, id, &by, app.now()).await?;
    // The run decided; the enterprise's confirmation lets the payment go ahead. The ledger
    // approves in the system's name and checks the budget.
    pay::approve(&mut tx, app, &Ctx::system("apply_free"), &before.payment_id).await?;
    let after = store::fund_free::get_entitlement(&mut tx, id, None)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: "fund_entitlement_confirmed",
            object_type: "fund_entitlement",
            object_id: id.to_string(),
            before: Some(serde_json::json!({"status": before.status})),
            after: Some(serde_json::json!({
                "status": after.status, "bank_account": account.account_number_masked,
                "payment_status": after.payment_status,
            })),
        },
    )
    .await?;
    tx.commit().await?;
    EntitlementView::from_record(&after)
}
