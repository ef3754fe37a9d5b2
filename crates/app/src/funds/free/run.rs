//! Apply-free runs (免申即享, measure 2): the programme's published rule in effect for its year
//! is evaluated over the whole registry and the figures the bureau holds (the same reading as
//! the simulation). Each qualifying enterprise without an entitlement for the programme and
//! year gets one, with its explanation, a payment queued in the ledger, and a notice in its
//! language. Running again creates nothing twice. A large registry runs on the job queue
//! (kind `fund_run`), a small one at once.

use std::collections::HashSet;

use domain::funds::{PaymentSource, Rule, evaluate};
use domain::{Action, Id, Money, Resource, new_id};
use serde::Serialize;
use serde_json::json;
use store::Tx;
use store::fund_free::{EntitlementRecord, RunRecord};
use store::funds::{ProgrammeRecord, RegistryFacts};

use super::entitlements::EntitlementView;
use super::pay::{self, Owed};
use super::{Explanation, facts, programme_for_work, rule_in_effect};
use crate::audit::{self, Change};
use crate::jobs::{Backoff, Job, Kind};
use crate::notify::{self, Event};
use crate::{App, AppError, Ctx, Result};

/// The job kind of a large run.
pub const KIND: &str = "fund_run";
/// Above this many enterprises a run goes on the job queue instead of the request.
const INLINE_AT_MOST: usize = 2_000;

/// A run with what came of it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RunView {
    pub id: String,
    pub programme_id: String,
    pub year: i64,
    pub rule_version: i64,
    /// `queued` (on the job queue) or `done`.
    pub status: String,
    /// Enterprises evaluated.
    pub evaluated: i64,
    /// Entitlements this run made.
    pub created: i64,
    /// Qualifying enterprises that already had their entitlement (not made again).
    pub existing: i64,
    /// Fen: the entitlements this run made.
    pub total: i64,
    /// Of this run's entitlements: confirmed by the enterprise, and paid (count and fen).
    pub confirmed: i64,
    pub paid: i64,
    pub paid_total: i64,
    pub started_by: String,
    pub created_at: i64,
    pub finished_at: Option<i64>,
}

/// A run and its entitlements.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RunDetail {
    pub run: RunView,
    pub entitlements: Vec<EntitlementView>,
}

async fn view(tx: &mut Tx, r: &RunRecord) -> Result<RunView> {
    let c = store::fund_free::run_counts(tx, r.id).await?;
    Ok(RunView {
        id: r.id.to_string(),
        programme_id: r.programme_id.to_string(),
        year: r.year,
        rule_version: r.rule_version,
        status: r.status.clone(),
        evaluated: r.evaluated,
        created: r.created,
        existing: r.existing,
        total: r.total_fen,
        confirmed: c.confirmed,
        paid: c.paid,
        paid_total: c.paid_fen,
        started_by: r.started_by.clone(),
        created_at: r.created_at,
        finished_at: r.finished_at,
    })
}

/// Runs a programme's rule over the registry (its division's staff and chief, or a leader).
/// Small registries are done when this returns; large ones are `queued`.
pub async fn start_run(app: &App, ctx: &Ctx, programme: Id) -> Result<RunView> {
    let p = programme_for_work(app, ctx, programme, Resource::FundRun, Action::Create).await?;
    let (version, rule) = rule_in_effect(app, &p).await?;
    let mut rd = app.db.read().await?;
    let registry = store::funds::registry_facts(&mut rd, p.year).await?;
    drop(rd);
    let mut run = RunRecord {
        id: new_id(),
        programme_id: p.id,
        year: p.year,
        rule_version: version,
        status: "queued".into(),
        evaluated: 0,
        created: 0,
        existing: 0,
        total_fen: 0,
        started_by: ctx.actor_label().1,
        created_at: app.now(),
        finished_at: None,
    };
    let mut tx = app.db.begin().await?;
    store::fund_free::insert_run(&mut tx, &run).await?;
    if registry.len() > INLINE_AT_MOST {
        crate::jobs::enqueue(
            app,
            &mut tx,
            KIND,
            Some(run.id.to_string()),
            &json!({"run": run.id}),
        )
        .await?;
    } else {
        make_entitlements(&mut tx, app, &p, &mut run, &rule, &registry).await?;
    }
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: "fund_run_started",
            object_type: "fund_programme",
            object_id: p.id.to_string(),
            before: None,
            after: serde_json::to_value(json!({
                "run": run.id.to_string(), "rule_version": version, "status": run.status,
                "evaluated": run.evaluated, "created": run.created, "existing": run.existing,
                "total": run.total_fen,
            }))
            .ok(),
        },
    )
    .await?;
    let v = view(&mut tx, &run).await?;
    tx.commit().await?;
    Ok(v)
}

/// Evaluates `rule` over `registry` and writes an entitlement, a queued payment and a notice
/// for each qualifying enterprise that has none for the programme and year; marks the run done.
async fn make_entitlements(
    tx: &mut Tx,
    app: &App,
    p: &ProgrammeRecord,
    run: &mut RunRecord,
    rule: &Rule,
    registry: &[RegistryFacts],
) -> Result<()> {
    let entitled: HashSet<String> = store::fund_free::entitled(tx, p.id, p.year)
        .await?
        .into_iter()
        .collect();
    let mut total = Money::ZERO;
    for e in registry {
        let decision = evaluate(rule, run.rule_version, &facts(e));
        if !decision.eligible {
            continue;
        }
        if entitled.contains(&e.uscc) {
            run.existing += 1;
            continue;
        }
        let id = new_id();
        let amount = decision.amount;
        let explanation = Explanation {
            programme_id: p.id.to_string(),
            year: p.year,
            formula: rule.formula.clone(),
            decision,
        };
        let payment_id = pay::queue(
            tx,
            app,
            Owed {
                programme: p,
                uscc: &e.uscc,
                year: p.year,
                source: PaymentSource::Entitlement,
                source_id: id,
                amount,
                rule_version: run.rule_version,
                explanation: explanation.json()?,
            },
        )
        .await?;
        store::fund_free::insert_entitlement(
            tx,
            &EntitlementRecord {
                id,
                run_id: run.id,
                programme_id: p.id,
                uscc: e.uscc.clone(),
                year: p.year,
                amount_fen: amount.fen(),
                rule_version: run.rule_version,
                explanation: explanation.text()?,
                payment_id,
                status: "offered".into(),
                confirmed_by: None,
                confirmed_at: None,
                created_at: app.now(),
                enterprise_name: e.name.clone(),
                payment_status: None,
                payment_reference: None,
            },
        )
        .await?;
        if let Ok(uscc) = domain::Uscc::parse(&e.uscc) {
            notify::emit(
                tx,
                app,
                Event::FundEntitlement {
                    uscc,
                    entitlement: id,
                    programme_zh: p.name_zh.clone(),
                    programme_en: p.name_en.clone(),
                    amount,
                },
            )
            .await?;
        }
        total = total.checked_add(amount).map_err(|_| {
            AppError::Conflict(
                "total_too_large",
                "the run's total does not fit in an amount".into(),
            )
        })?;
        run.created += 1;
    }
    run.evaluated = registry.len() as i64;
    run.total_fen = total.fen();
    run.status = "done".into();
    run.finished_at = Some(app.now());
    Ok(store::fund_free::finish_run(tx, run).await?)
}

/// Carries out a queued run (the job's handler).
async fn carry_out(app: &App, run_id: Id) -> Result<()> {
    let mut rd = app.db.read().await?;
    let Some(mut run) = store::fund_free::get_run(&mut rd, run_id).await? else {
        return Ok(());
    };
    if run.status == "done" {
        return Ok(());
    }
    let p = store::funds::get(&mut rd, run.programme_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let registry = store::funds::registry_facts(&mut rd, p.year).await?;
    drop(rd);
    let versions = crate::funds::rules::versions_of(app, p.id).await?;
    let Some(v) = versions
        .iter()
        .find(|v| v.record.version == run.rule_version)
    else {
        return Err(AppError::NotFound);
    };
    let mut tx = app.db.begin().await?;
    make_entitlements(&mut tx, app, &p, &mut run, &v.rule, &registry).await?;
    Ok(tx.commit().await?)
}

/// Registers the `fund_run` job kind.
pub fn register_jobs(jobs: &crate::jobs::Registry) {
    jobs.register(Kind::new(
        KIND,
        Backoff::Doubling {
            first_ms: 5_000,
            max_ms: 300_000,
        },
        5,
        |app, job: Job| async move {
            let run: Id = serde_json::from_str::<serde_json::Value>(&job.payload)
                .ok()
                .and_then(|v| v["run"].as_str().and_then(|s| s.parse().ok()))
                .ok_or_else(|| "the payload names no run".to_owned())?;
            carry_out(&app, run).await.map_err(|e| e.to_string())
        },
    ));
}

/// A programme's runs, newest first (staff).
pub async fn list_runs(app: &App, ctx: &Ctx, programme: Id) -> Result<Vec<RunView>> {
    ctx.require(Resource::FundRun, Action::Read)?;
    super::super::programmes::read_one(app, ctx, programme).await?;
    let mut rd = app.db.read().await?;
    let runs = store::fund_free::list_runs(&mut rd, Some(programme)).await?;
    let mut out = Vec::with_capacity(runs.len());
    for r in &runs {
        out.push(view(&mut rd, r).await?);
    }
    Ok(out)
}

/// One run with its entitlements (staff).
pub async fn run_detail(app: &App, ctx: &Ctx, run: Id) -> Result<RunDetail> {
    ctx.require(Resource::FundRun, Action::Read)?;
    let mut rd = app.db.read().await?;
    let Some(r) = store::fund_free::get_run(&mut rd, run).await? else {
        return Err(AppError::NotFound);
    };
    let ents =
        store::fund_free::list_entitlements(&mut rd, store::fund_free::EntitlementsOf::Run(r.id))
            .await?;
    let run = view(&mut rd, &r).await?;
    let entitlements = ents
        .iter()
        .map(EntitlementView::from_record)
        .collect::<Result<_>>()?;
    Ok(RunDetail { run, entitlements })
}
