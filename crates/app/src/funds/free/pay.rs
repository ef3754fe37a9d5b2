//! The one place this module touches the ledger ([`crate::funds::ledger`]): queueing a payment
//! for something it decided, and approving one the enterprise confirmed. Both run inside the
//! caller's transaction; the ledger audits each step.

use domain::funds::PaymentSource;
use domain::{Id, Money, Uscc};
use store::Tx;
use store::funds::ProgrammeRecord;

use crate::funds::ledger::{self, NewPayment};
use crate::{App, AppError, Ctx, Result};

/// What is owed and why.
pub(crate) struct Owed<'a> {
    pub programme: &'a ProgrammeRecord,
    pub uscc: &'a str,
    pub year: i64,
    pub source: PaymentSource,
    pub source_id: Id,
    pub amount: Money,
    pub rule_version: i64,
    pub explanation: serde_json::Value,
}

/// Queues the payment `pending_approval`; returns its id. Queued in the name of the system
/// (`ctx` is the step's own actor for the audit of that step): the approval that follows is a
/// chief's, and no person queued it for four eyes to stop.
pub(crate) async fn queue(tx: &mut Tx, app: &App, o: Owed<'_>) -> Result<String> {
    let uscc = Uscc::parse(o.uscc).map_err(|e| AppError::Unexpected(e.to_string()))?;
    let id = ledger::queue(
        tx,
        app,
        &Ctx::system("fund_free"),
        NewPayment {
            programme_id: o.programme.id,
            uscc,
            year: o.year,
            source: o.source,
            source_id: o.source_id.to_string(),
            amount: o.amount,
            rule_version: o.rule_version,
            explanation: o.explanation,
            applied_at_ms: app.now(),
        },
    )
    .await?;
    Ok(id.to_string())
}

/// Approves a queued payment as `ctx` (budget checked by the ledger).
pub(crate) async fn approve(tx: &mut Tx, app: &App, ctx: &Ctx, payment: &str) -> Result<()> {
    let id: Id = uuid::Uuid::parse_str(payment)
        .map_err(|e| AppError::Unexpected(format!("payment id {payment}: {e}")))?;
    ledger::approve(tx, app, ctx, &id, &[], None).await
}

/// What the ledger holds for an enterprise under a programme and year, net of recoveries.
pub(crate) async fn held_by(tx: &mut Tx, programme: Id, uscc: &str, year: i64) -> Result<Money> {
    let held = store::fund_free::held(tx, programme, year, Some(uscc)).await?;
    Ok(Money::from_fen(held.first().map_or(0, |h| h.net_fen)))
}
