//! Measure 2's apply-free demo (done-when 3 and 4): the online-training programme is left for
//! staff to run (about thirty enterprises hold training invoices); the export-credit-insurance
//! premium subsidy has been run for 2020 at 60 % and its payments approved, with a draft
//! version at 80 % for the chief to publish (the top-ups then appear); and a few
//! foreign-investment bonuses were paid in advance and wait for settlement.

use store::fund_free::EntitlementsOf;

use crate::funds::{self, NewRuleVersion, free};
use crate::{App, AppError, Ctx, Result};

/// How many advance-paid bonuses wait for settlement.
const ADVANCES: usize = 5;

async fn programme_id(app: &App, code: &str) -> Result<domain::Id> {
    let mut rd = app.db.read().await?;
    store::funds::find_by_code(&mut rd, code)
        .await?
        .map(|p| p.id)
        .ok_or_else(|| AppError::Unexpected(format!("demo programme {code} is missing")))
}

/// Runs `code` and approves (in the system's name, as if each enterprise had confirmed its
/// account) the first `limit` entitlements whose payment fits the budget.
async fn run_and_pay(app: &App, ctx: &Ctx, code: &str, limit: usize) -> Result<()> {
    let id = programme_id(app, code).await?;
    let run = free::start_run(app, ctx, id).await?;
    let run_id: domain::Id = run
        .id
        .parse()
        .map_err(|_| AppError::Unexpected("run id".into()))?;
    let mut rd = app.db.read().await?;
    let ents = store::fund_free::list_entitlements(&mut rd, EntitlementsOf::Run(run_id)).await?;
    drop(rd);
    for e in ents.iter().take(limit) {
        let mut tx = app.db.begin().await?;
        match free::pay::approve(&mut tx, app, ctx, &e.payment_id).await {
            Ok(()) => {
                store::fund_free::confirm_entitlement(&mut tx, e.id, "demo", app.now()).await?;
                tx.commit().await?;
            }
            // Over the budget: this one waits, like an unconfirmed one.
            Err(AppError::Invalid(_)) => {}
            Err(other) => return Err(other),
        }
    }
    Ok(())
}

/// Seeds the apply-free demo (after the programmes, their rules and the figures held).
pub async fn seed(app: &App, ctx: &Ctx) -> Result<()> {
    run_and_pay(app, ctx, "export_insurance_subsidy", usize::MAX).await?;
    let id = programme_id(app, "export_insurance_subsidy").await?;
    let raised = NewRuleVersion {
        effective_from: "2020-01-01".into(),
        effective_to: Some("2020-12-31".into()),
        rule: serde_json::from_str(RAISED)
            .map_err(|e| AppError::Unexpected(format!("demo rule: {e}")))?,
        note: Some("2020 年保费补贴比例由 60% 提高至 80% Raised from 60 % to 80 % for 2020".into()),
    };
    funds::draft_version(app, ctx, id, &raised).await?;
    run_and_pay(app, ctx, "foreign_investment_bonus", ADVANCES).await
}

/// The export-credit-insurance subsidy at 80 % (version 1 pays 60 %).
const RAISED: &str = r#"{"criteria":[{"kind":"enterprise_kind","any_of":["foreign_trade"]},{"kind":"at_least","figure":"premiums_paid","min":1}],"formula":{"kind":"percentage","of":"premiums_paid","ratio":8000,"cap":50000000}}"#;
