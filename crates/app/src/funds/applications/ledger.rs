//! The ledger's part in an application (measure 2: "an approval that would overspend is
//! refused, or needs a leader's override with a reason"): at final approval the amount is
//! committed against the programme's budget as a payment of source `application`
//! (`crate::funds::ledger::commit`), inside the approval's own transaction; an approved
//! application shows `disbursed` once that payment is paid. Disbursed is derived from the
//! payment's status when read: this module never writes the ledger's rows but through the
//! ledger's own functions, and the ledger never writes applications.

use domain::funds::PaymentSource;
use domain::funds::payments::PaymentStatus;
use domain::funds::workflow::Hands;
use domain::{Id, Money};
use store::db::Tx;
use store::fund_applications::ApplicationRecord;

use crate::funds::ledger::{self, NewPayment};
use crate::{App, AppError, Ctx, Result};

/// Commits the approved amount of `a` against its programme's budget; answers the payment.
/// The ledger refuses (naming `amount`, code `budget_exceeded`) an overspend unless a leader
/// gives `override_reason`, and anyone among `hands`' examiners, verifiers and approving chief
/// (four eyes).
pub async fn commit(
    tx: &mut Tx,
    app: &App,
    ctx: &Ctx,
    a: &ApplicationRecord,
    hands: &Hands,
    override_reason: Option<&str>,
) -> Result<Option<Id>> {
    let explanation = serde_json::from_str(&a.decision)
        .map_err(|e| AppError::Unexpected(format!("stored decision: {e}")))?;
    let p = NewPayment {
        programme_id: a.programme_id,
        uscc: a.uscc.clone(),
        year: a.year,
        source: PaymentSource::Application,
        source_id: a.id.to_string(),
        amount: a.amount,
        rule_version: a.rule_version,
        explanation,
        applied_at_ms: a.submitted_at,
    };
    let id = ledger::commit(tx, app, ctx, p, &hands.not_by(), override_reason).await?;
    Ok(Some(id))
}

/// Whether the payment made for an application has been paid.
pub async fn paid(tx: &mut Tx, payment: Option<Id>) -> Result<bool> {
    let Some(id) = payment else {
        return Ok(false);
    };
    Ok(store::fund_payments::get(tx, id)
        .await?
        .is_some_and(|p| p.status == PaymentStatus::Paid))
}

/// What remains of the programme's budget: an approval over it needs a leader's override, so
/// the chief's approval then waits for a leader's.
pub async fn remaining(tx: &mut Tx, programme: Id) -> Result<Money> {
    Ok(ledger::budget_in(tx, programme).await?.remaining)
}
