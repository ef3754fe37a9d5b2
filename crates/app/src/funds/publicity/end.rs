//! The end of a publicity period: each listed payment clears, holds (an objection is still
//! open) or is cancelled (an objection was upheld), through the ledger, in one transaction
//! with the audit entries. Run by a job due at the period's end, by the scan of overdue
//! periods, or on demand by the division's chief; ending an ended period changes nothing.

use domain::funds::PaymentStatus;
use domain::funds::publicity::{Outcome, outcome};
use domain::{Action, Id, Resource};
use store::Tx;

use super::{PublicityView, load, staff_view};
use crate::funds::ledger::{self, require_scope};
use crate::jobs::{Backoff, Kind, Registry};
use crate::{App, AppError, Ctx, Result};

/// The job kind that ends a period when it is over.
pub const JOB: &str = "fund_publicity_end";

/// Registers the job kind that ends a publicity period.
pub fn register_jobs(jobs: &Registry) {
    jobs.register(Kind::new(
        JOB,
        Backoff::PATIENT,
        20,
        |app: App, job| async move {
            let id = serde_json::from_str::<serde_json::Value>(&job.payload)
                .ok()
                .and_then(|v| v["publicity"].as_str().map(str::to_owned))
                .and_then(|s| s.parse::<Id>().ok())
                .ok_or_else(|| "the job names no publicity".to_owned())?;
            end_publicity(&app, &Ctx::system("publicity"), id)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string())
        },
    ));
}

/// Applies `o` to a listed payment: clear it, cancel it, or leave it held.
pub(super) async fn apply(
    tx: &mut Tx,
    app: &App,
    ctx: &Ctx,
    payment: Id,
    o: Outcome,
) -> Result<()> {
    let status = store::fund_payments::get(tx, payment)
        .await?
        .map(|p| p.status);
    // A payment cancelled meanwhile (a withdrawn application) stays as it is.
    if status != Some(PaymentStatus::Approved) {
        return Ok(());
    }
    match o {
        Outcome::Clear => ledger::clear(tx, app, ctx, &payment).await?,
        Outcome::Cancel => ledger::cancel(tx, app, ctx, &payment).await?,
        Outcome::Hold => {}
    }
    store::fund_publicity::set_outcome(tx, payment, o.as_str()).await?;
    Ok(())
}

/// The outcome of a payment from its objections as they stand.
pub(super) async fn outcome_of(tx: &mut Tx, publicity: Id, payment: Id) -> Result<Outcome> {
    let objections = store::fund_publicity::objections(tx, publicity).await?;
    Ok(outcome(
        objections
            .iter()
            .filter(|o| o.payment_id == payment)
            .map(|o| o.status.as_str()),
    ))
}

/// Ends a period that is over (the job, the scan, or the division's chief on demand). A
/// period not yet over is a conflict; one already ended is returned as it is.
pub async fn end_publicity(app: &App, ctx: &Ctx, id: Id) -> Result<PublicityView> {
    let mut tx = app.db.begin().await?;
    let l = load(&mut tx, id).await?;
    require_scope(
        ctx,
        Resource::FundPayment,
        Action::Update,
        l.programme.division,
    )?;
    if l.record.status == "running" {
        if app.now() < l.record.ends_at {
            return Err(AppError::Conflict(
                "publicity_running",
                format!(
                    "the publicity period runs until {} inclusive",
                    domain::dates::show_date(l.record.ends_on)
                ),
            ));
        }
        for item in &l.items {
            let o = outcome_of(&mut tx, id, item.payment_id).await?;
            apply(&mut tx, app, ctx, item.payment_id, o).await?;
        }
        store::fund_publicity::end(&mut tx, id, app.now()).await?;
        crate::audit::record(
            app,
            &mut tx,
            ctx,
            crate::audit::Change {
                action: "fund_publicity_ended",
                object_type: "fund_publicity",
                object_id: id.to_string(),
                before: None,
                after: Some(serde_json::json!({ "status": "ended" })),
            },
        )
        .await?;
    }
    let l = load(&mut tx, id).await?;
    let objections = store::fund_publicity::objections(&mut tx, id).await?;
    tx.commit().await?;
    Ok(staff_view(&l, &objections))
}

/// Ends every running period that is over (a safety net beside the jobs); returns how many.
pub async fn end_due(app: &App) -> Result<usize> {
    let mut rd = app.db.read().await?;
    let due = store::fund_publicity::due(&mut rd, app.now()).await?;
    drop(rd);
    let ctx = Ctx::system("publicity");
    for id in &due {
        end_publicity(app, &ctx, *id).await?;
    }
    Ok(due.len())
}
