//! The one place this module touches the ledger ([`crate::funds::ledger`]): queueing a payment
//! for something it decided, and approving one the enterprise confirmed. Both run inside the
//! caller's transaction; the ledger audits each step.

use std::future::Future;

use domain::funds::PaymentSource;
use domain::{Action, Id, Money, Resource, Uscc};
use store::Tx;
use store::fund_adjust::{SettlementRecord, TopUpRecord};
use store::funds::ProgrammeRecord;

use super::programme_for_work;
use crate::audit::{self, Change};
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

/// A decided adjustment (top-up or settlement) whose queued payment a chief approves.
pub(crate) trait Adjustment: Sized {
    /// The audit's object type; the approval is audited as `<OBJECT>_approved`.
    const OBJECT: &'static str;
    const APPROVED: &'static str;
    fn get(tx: &mut Tx, id: Id) -> impl Future<Output = store::Result<Option<Self>>> + Send;
    fn programme_id(&self) -> Id;
    fn payment_status(&self) -> Option<&str>;
}

impl Adjustment for TopUpRecord {
    const OBJECT: &'static str = "fund_top_up";
    const APPROVED: &'static str = "fund_top_up_approved";
    fn get(tx: &mut Tx, id: Id) -> impl Future<Output = store::Result<Option<Self>>> + Send {
        store::fund_adjust::get_top_up(tx, id)
    }
    fn programme_id(&self) -> Id {
        self.programme_id
    }
    fn payment_status(&self) -> Option<&str> {
        self.names.payment_status.as_deref()
    }
}

impl Adjustment for SettlementRecord {
    const OBJECT: &'static str = "fund_settlement";
    const APPROVED: &'static str = "fund_settlement_approved";
    fn get(tx: &mut Tx, id: Id) -> impl Future<Output = store::Result<Option<Self>>> + Send {
        store::fund_adjust::get_settlement(tx, id)
    }
    fn programme_id(&self) -> Id {
        self.programme_id
    }
    fn payment_status(&self) -> Option<&str> {
        self.names.payment_status.as_deref()
    }
}

/// The adjustment `id` as it stands, once `ctx` is known to approve for its programme (the
/// programme's division's chief, or a leader).
pub(crate) async fn for_approval<T: Adjustment>(app: &App, ctx: &Ctx, id: Id) -> Result<T> {
    ctx.require(Resource::FundAdjustment, Action::Update)?;
    let mut rd = app.db.read().await?;
    let found = T::get(&mut rd, id).await?.ok_or(AppError::NotFound)?;
    drop(rd);
    let (resource, action) = (Resource::FundAdjustment, Action::Update);
    programme_for_work(app, ctx, found.programme_id(), resource, action).await?;
    Ok(found)
}

/// Approves the adjustment's `payment` and audits its payment status before and after, in one
/// transaction; returns the adjustment as it now stands.
pub(crate) async fn approve_adjustment<T: Adjustment>(
    app: &App,
    ctx: &Ctx,
    id: Id,
    before: &T,
    payment: &str,
) -> Result<T> {
    let mut tx = app.db.begin().await?;
    approve(&mut tx, app, ctx, payment).await?;
    let after = T::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: T::APPROVED,
            object_type: T::OBJECT,
            object_id: id.to_string(),
            before: Some(serde_json::json!({"payment_status": before.payment_status()})),
            after: Some(serde_json::json!({"payment_status": after.payment_status()})),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}
