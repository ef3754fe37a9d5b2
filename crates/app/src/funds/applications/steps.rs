//! The steps on an application after submission: examine, verify, approve, return for
//! correction, resubmit, refuse, withdraw. The domain's state machine judges each (who, from
//! which status, four eyes); here each runs in one transaction with its history row, its audit
//! entry and, at final approval, the ledger's commitment. The decision is stored again when it
//! is examined, resubmitted and approved, so what was approved is what was explained.

use std::collections::BTreeMap;

use domain::funds::workflow::{self, Hands, Status, Step, StepInput, WorkflowError};
use domain::{Action, FieldError, Resource};
use serde::Deserialize;
use store::fund_applications::{ApplicationRecord, Move};

use super::checks::{Doc, HistoryEntry, check_documents, decide_for, keep_files, record_step};
use super::submit::DocumentUpload;
use super::view::{StoredDecision, hands_of, parse_id, read, view_of};
use super::{ApplicationView, actor_on, ledger, sla};
use crate::audit::{self, Change};
use crate::notify::{self, Event, FundOutcome};
use crate::{App, AppError, Ctx, Result};

/// What goes with a step (each step reads what it needs; the rest must be absent or empty).
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StepRequest {
    /// A note for the history (a site-check note when verifying).
    #[serde(default)]
    pub note: Option<String>,
    /// For `return`: what is missing, each `documents.<doc>` or `figures.<figure>`.
    #[serde(default)]
    pub missing: Vec<String>,
    /// For `refuse`: why.
    #[serde(default)]
    pub reason: Option<String>,
    /// For `approve` by a leader over the remaining budget: why the overspend is allowed.
    #[serde(default)]
    pub override_reason: Option<String>,
    /// For `resubmit`: corrected figures (they replace the ones given before).
    #[serde(default)]
    pub figures: BTreeMap<String, i64>,
    /// For `resubmit`: the missing documents.
    #[serde(default)]
    pub documents: Vec<DocumentUpload>,
}

fn refusal(e: &WorkflowError) -> AppError {
    match e {
        WorkflowError::NotYours => AppError::Forbidden,
        WorkflowError::MissingItems => AppError::invalid("missing", e.code(), e.to_string()),
        WorkflowError::ReasonRequired => AppError::invalid("reason", e.code(), e.to_string()),
        WorkflowError::FourEyes | WorkflowError::NotNow(..) => {
            AppError::Conflict(e.code(), e.to_string())
        }
    }
}

/// Each missing item names a document of the programme or a figure a rule reads.
fn check_missing(missing: &[String], documents: &[String], errs: &mut Vec<FieldError>) {
    for (i, m) in missing.iter().enumerate() {
        let ok = match m.trim().split_once('.') {
            Some(("documents", d)) => documents.iter().any(|x| x == d),
            Some(("figures", f)) => domain::funds::Figure::parse(f).is_some(),
            _ => false,
        };
        if !ok {
            errs.push(FieldError::new(
                format!("missing[{i}]"),
                "unknown_item",
                "documents.<a document of the programme> or figures.<a figure>",
            ));
        }
    }
}

/// A step checked, ready to be written.
struct Planned {
    a: ApplicationRecord,
    to: Status,
    figures: BTreeMap<String, i64>,
    decision: Option<StoredDecision>,
    amount: domain::Money,
    hands: Hands,
    docs: Vec<Doc>,
    note: String,
    missing: Vec<String>,
}

/// Reads the application in the caller's scope and judges the step (nothing written).
async fn plan(app: &App, ctx: &Ctx, id: &str, step: Step, req: &StepRequest) -> Result<Planned> {
    let a = read(app, ctx, parse_id(id)?).await?;
    let mut rd = app.db.read().await?;
    let p = store::funds::get(&mut rd, a.programme_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let hands = hands_of(&store::fund_application_steps::steps_of(&mut rd, a.id).await?);
    let threshold = store::fund_applications::leader_threshold(&mut rd, a.programme_id).await?;
    let remaining = ledger::remaining(&mut rd, a.programme_id).await?;
    let held: Vec<String> = store::fund_application_steps::files_of(&mut rd, a.id)
        .await?
        .into_iter()
        .map(|f| f.document)
        .collect();
    drop(rd);
    let mut errs = Vec::new();
    let mut figures = a.figures.clone();
    let mut docs = Vec::new();
    match step {
        Step::Return => check_missing(&req.missing, &p.documents, &mut errs),
        Step::Resubmit => {
            figures.extend(req.figures.clone());
            docs = check_documents(app, &p.documents, &held, &req.documents, &mut errs);
        }
        _ => {}
    }
    let decision = if matches!(step, Step::Examine | Step::Resubmit | Step::Approve) {
        decide_for(app, a.programme_id, &a.uscc, &figures, &mut errs).await?
    } else {
        None
    };
    if !errs.is_empty() {
        return Err(AppError::Invalid(errs));
    }
    let amount = decision.as_ref().map_or(a.amount, |d| d.decision.amount);
    let input = StepInput {
        missing: req.missing.iter().map(|m| m.trim().to_owned()).collect(),
        reason: req.reason.clone().unwrap_or_default(),
        // At or above the threshold, or over what remains of the budget (only a leader may
        // override it), the chief's approval waits for a leader's.
        needs_leader: amount >= threshold || amount > remaining,
    };
    let to = workflow::check(a.status, step, &actor_on(ctx, &a), &hands, &input)
        .map_err(|e| refusal(&e))?;
    if step == Step::Approve && decision.as_ref().is_some_and(|d| !d.decision.eligible) {
        return Err(AppError::Conflict(
            "not_eligible",
            "the decision finds the application ineligible: refuse it, or return it for correction"
                .into(),
        ));
    }
    let note = match step {
        Step::Refuse => input.reason.trim().to_owned(),
        _ => req.note.clone().unwrap_or_default().trim().to_owned(),
    };
    let missing = if to == Status::ReturnedForCorrection {
        input.missing
    } else {
        Vec::new()
    };
    Ok(Planned {
        a,
        to,
        figures,
        decision,
        amount,
        hands,
        docs,
        note,
        missing,
    })
}

/// Takes `step` on application `id` as the caller.
pub async fn take_step(
    app: &App,
    ctx: &Ctx,
    id: &str,
    step: Step,
    req: &StepRequest,
) -> Result<ApplicationView> {
    let action = match step {
        Step::Resubmit | Step::Withdraw => Action::Create,
        _ => Action::Update,
    };
    ctx.require(Resource::FundApplication, action)?;
    let mut pl = plan(app, ctx, id, step, req).await?;
    let docs = std::mem::take(&mut pl.docs);
    let a = &pl.a;
    let files = keep_files(app, ctx, pl.a.id, docs).await?;
    let now = app.now();
    let due_at = sla::due(app, pl.to, now).await?;
    let mut tx = app.db.begin().await?;
    let m = Move {
        id: a.id,
        from: a.status,
        to: pl.to,
        missing: pl.missing.clone(),
        due_at,
        at: now,
    };
    if !store::fund_applications::update_status(&mut tx, &m).await? {
        return Err(AppError::Conflict(
            "application_changed",
            "someone else moved this application meanwhile: reload it".into(),
        ));
    }
    if let Some(d) = &pl.decision {
        store::fund_applications::update_decision(
            &mut tx,
            a.id,
            &pl.figures,
            &d.to_json()?,
            d.decision.eligible,
            d.decision.amount,
            d.decision.version,
        )
        .await?;
    }
    for f in &files {
        store::fund_application_steps::insert_file(&mut tx, f).await?;
    }
    if pl.to == Status::Approved {
        let mut approved = a.clone();
        approved.amount = pl.amount;
        let over = req.override_reason.as_deref();
        if let Some(pid) = ledger::commit(&mut tx, app, ctx, &approved, &pl.hands, over).await? {
            store::fund_applications::set_payment(&mut tx, a.id, pid).await?;
        }
    }
    let entry = HistoryEntry {
        application: a.id,
        step,
        from: Some(a.status),
        to: pl.to,
        note: &pl.note,
        missing: &pl.missing,
        due_at,
    };
    record_step(&mut tx, app, ctx, entry).await?;
    tell_enterprise(&mut tx, app, &pl).await?;
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: audit_action(step),
            object_type: "fund_application",
            object_id: a.id.to_string(),
            before: Some(serde_json::json!({"status": a.status, "figures": a.figures,
                "amount": a.amount.fen()})),
            after: Some(serde_json::json!({"status": pl.to, "figures": pl.figures,
                "amount": pl.amount.fen(), "note": pl.note, "missing": pl.missing,
                "documents": files.iter().map(|f| &f.document).collect::<Vec<_>>()})),
        },
    )
    .await?;
    tx.commit().await?;
    let fresh = read(app, &Ctx::system("fund_applications"), a.id).await?;
    view_of(app, ctx, &fresh).await
}

/// Tells the enterprise's users, in the step's transaction, when the application was returned
/// (naming what is missing), approved (the amount) or refused (the reason).
async fn tell_enterprise(tx: &mut store::db::Tx, app: &App, pl: &Planned) -> Result<()> {
    let outcome = match pl.to {
        Status::ReturnedForCorrection => FundOutcome::Returned {
            missing: pl.missing.clone(),
        },
        Status::Approved => FundOutcome::Approved { amount: pl.amount },
        Status::Refused => FundOutcome::Refused {
            reason: pl.note.clone(),
        },
        _ => return Ok(()),
    };
    let event = Event::FundApplication {
        uscc: pl.a.uscc.clone(),
        application: pl.a.id,
        programme: pl.a.programme_id,
        reference: pl.a.reference.clone(),
        outcome,
    };
    notify::emit(tx, app, event).await?;
    Ok(())
}

fn audit_action(step: Step) -> &'static str {
    match step {
        Step::Submit => "fund_application_submitted",
        Step::Examine => "fund_application_examined",
        Step::Verify => "fund_application_verified",
        Step::Approve => "fund_application_approved",
        Step::Return => "fund_application_returned",
        Step::Resubmit => "fund_application_resubmitted",
        Step::Refuse => "fund_application_refused",
        Step::Withdraw => "fund_application_withdrawn",
    }
}
