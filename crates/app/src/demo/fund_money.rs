//! Measure 2's money in the demo: bank accounts on file for most enterprises (every fifth one
//! has none, so giving or confirming one can be walked through), a batch of the
//! foreign-investment bonus paid earlier, and cleared payments waiting for a batch (one of them
//! to an enterprise without an account, which the batch page names).

use domain::funds::PaymentSource;
use domain::{Money, Uscc};
use serde_json::json;

use crate::funds::bank::{BankAccountInput, set_account};
use crate::funds::batches::settle::{PaidInput, mark_paid};
use crate::funds::batches::{BatchInput, create_batch};
use crate::funds::ledger::{self, NewPayment};
use crate::{App, AppError, Ctx, Result};

const BANKS: [&str; 4] = [
    "中国工商银行大连中山支行",
    "中国银行大连分行营业部",
    "招商银行大连分行",
    "中国建设银行大连西岗支行",
];

/// Puts `fen` for `uscc` on the ledger under `programme`, approved at once.
async fn owed(app: &App, ctx: &Ctx, programme: &str, uscc: &Uscc, fen: i64) -> Result<String> {
    let mut tx = app.db.begin().await?;
    let p = store::funds::find_by_code(&mut tx, programme)
        .await?
        .ok_or(AppError::NotFound)?;
    let id = ledger::commit(
        &mut tx,
        app,
        ctx,
        NewPayment {
            programme_id: p.id,
            uscc: uscc.clone(),
            year: p.year,
            source: PaymentSource::Application,
            source_id: format!("demo-{programme}-{}", uscc.as_str()),
            amount: Money::from_fen(fen),
            rule_version: 1,
            explanation: json!([{"criterion": "demo", "met": true}]),
            applied_at_ms: app.now() - 30 * 86_400_000,
        },
        &[],
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(id.to_string())
}

pub(super) async fn seed(app: &App, ctx: &Ctx) -> Result<()> {
    let firms = {
        let mut rd = app.db.read().await?;
        store::enterprises::all(&mut rd).await?
    };
    for (i, f) in firms.iter().enumerate() {
        if i % 5 == 4 {
            continue;
        }
        let n = 6_222_020_000_000_000_000_u64 + (i as u64) * 7_919;
        set_account(
            app,
            ctx,
            f.uscc.as_str(),
            &BankAccountInput {
                bank_name: BANKS[i % BANKS.len()].into(),
                account_name: f.name.clone(),
                account_number: n.to_string(),
                confirm_name: false,
            },
        )
        .await?;
    }
    let with_account: Vec<&Uscc> = firms
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 5 != 4)
        .map(|(_, f)| &f.uscc)
        .collect();
    // An earlier batch of the foreign-investment bonus, paid.
    let mut paid = Vec::new();
    for (k, u) in with_account.iter().take(4).enumerate() {
        let fen = 15_000_037 + (k as i64) * 2_500_000;
        paid.push(owed(app, ctx, "foreign_investment_bonus", u, fen).await?);
    }
    let batch = create_batch(app, ctx, &BatchInput { payments: paid }).await?;
    let id = uuid::Uuid::parse_str(&batch.id).map_err(|e| AppError::Unexpected(e.to_string()))?;
    let bank_reference = "ICBC-DL-20200815-0042".to_owned();
    mark_paid(app, ctx, id, &PaidInput { bank_reference }).await?;
    // Waiting for a batch: two more bonuses and one to a firm without an account.
    for (k, u) in with_account.iter().skip(4).take(2).enumerate() {
        owed(
            app,
            ctx,
            "foreign_investment_bonus",
            u,
            8_000_000 + (k as i64) * 125_050,
        )
        .await?;
    }
    if let Some(f) = firms.get(4) {
        owed(app, ctx, "foreign_investment_bonus", &f.uscc, 6_000_000).await?;
    }
    Ok(())
}
