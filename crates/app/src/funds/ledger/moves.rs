//! The ledger's moves that are not approval: clearing a payment once the programme's
//! publicity period is over, and cancelling one. Called inside the caller's transaction.

use domain::funds::PaymentStatus;
use domain::funds::payments::can_move;
use store::Tx;
use store::fund_payments::PaymentRecord;

use super::{PaymentId, audit_move, payment_to_update};
use crate::{App, AppError, Ctx, Result};

/// Moves a payment to `to` if the ledger allows it from where it stands; audited as `action`.
pub(crate) async fn move_to(
    tx: &mut Tx,
    app: &App,
    ctx: &Ctx,
    id: &PaymentId,
    to: PaymentStatus,
    action: &str,
) -> Result<PaymentRecord> {
    let before = payment_to_update(tx, ctx, id).await?;
    let mut after = before.clone();
    after.status = to;
    transit(tx, app, ctx, &before, after, action).await
}

/// Writes `after` over `before` if the ledger allows the move and nobody moved the payment
/// meanwhile; audited as `action`. The caller has checked the permission.
pub(crate) async fn transit(
    tx: &mut Tx,
    app: &App,
    ctx: &Ctx,
    before: &PaymentRecord,
    mut after: PaymentRecord,
    action: &str,
) -> Result<PaymentRecord> {
    if !can_move(before.status, after.status) {
        return Err(AppError::Conflict(
            "payment_status",
            format!(
                "payment {} is {} and cannot become {}",
                before.reference,
                before.status.as_str(),
                after.status.as_str()
            ),
        ));
    }
    after.updated_at = app.now();
    if !store::fund_payments::update(tx, &after, before.status).await? {
        return Err(AppError::Conflict(
            "payment_changed",
            "the payment changed meanwhile; reload".into(),
        ));
    }
    audit_move(app, tx, ctx, action, Some(before), &after).await?;
    Ok(after)
}

/// An approved payment whose publicity period ended with no open objection may now be paid.
pub async fn clear(tx: &mut Tx, app: &App, ctx: &Ctx, id: &PaymentId) -> Result<()> {
    move_to(
        tx,
        app,
        ctx,
        id,
        PaymentStatus::Cleared,
        "fund_payment_cleared",
    )
    .await
    .map(|_| ())
}

/// Cancels a payment not yet in a batch (an upheld objection, a withdrawn application): it no
/// longer counts against the budget.
pub async fn cancel(tx: &mut Tx, app: &App, ctx: &Ctx, id: &PaymentId) -> Result<()> {
    move_to(
        tx,
        app,
        ctx,
        id,
        PaymentStatus::Cancelled,
        "fund_payment_cancelled",
    )
    .await
    .map(|_| ())
}
