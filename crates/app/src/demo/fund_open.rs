//! Measure 2 in the open, in the demo: the bonus for locating in the city has a publicity
//! period of five working days, four approved payments on public notice since the demo
//! started, and one objection filed; and the payments of 2020 already made (history the demo
//! makes up, written straight to the ledger as paid) so that the public payment-speed page
//! has numbers. Only programmes that no other part of the demo pays from are used, so that
//! the applications, apply-free runs and top-ups of the demo find the ledger as they expect.

use domain::funds::{PaymentSource, PaymentStatus};
use domain::{Id, Money, Uscc, new_id};
use store::fund_payments::PaymentRecord;

use crate::funds::ledger::{self, NewPayment};
use crate::funds::publicity::{self, NewObjection, PublicityDays};
use crate::{App, AppError, Ctx, Result};

/// The programme on public notice in the demo.
pub const PUBLICISED: &str = "locating_bonus";

/// (programme, days from application to payment of each payment made in 2020).
const HISTORY: [(&str, &[i64]); 5] = [
    ("foreign_investment_bonus", &[12, 18, 9, 25, 15, 11]),
    ("revenue_award", &[30, 41, 28, 35]),
    ("scale_up_bonus", &[21, 17, 26, 19, 23]),
    ("rd_centre_bonus", &[6, 4, 8, 5, 7]),
    ("executive_award", &[33, 29, 45]),
];

const DAY_MS: i64 = 86_400_000;
/// 1 June 2020, 09:00 in Dalian: when the demo's past applications start.
const FIRST_APPLIED: i64 = 1_590_973_200_000;

fn uscc(s: &str) -> Result<Uscc> {
    Uscc::parse(s).map_err(|e| AppError::Unexpected(format!("demo registry: {e:?}")))
}

async fn programme(app: &App, ctx: &Ctx, code: &str) -> Result<Id> {
    let all = crate::funds::list_programmes(app, ctx).await?;
    let p = all
        .iter()
        .find(|p| p.code == code)
        .ok_or_else(|| AppError::Unexpected(format!("no demo programme {code}")))?;
    p.id.parse().map_err(|_| AppError::NotFound)
}

/// Seeds the publicity with its objection and the paid history.
pub(super) async fn seed(app: &App, ctx: &Ctx) -> Result<()> {
    let mut rd = app.db.read().await?;
    let registry = store::funds::registry_facts(&mut rd, 2020).await?;
    drop(rd);
    if registry.len() < 40 {
        return Ok(());
    }
    history(app, ctx, &registry).await?;
    let id = programme(app, ctx, PUBLICISED).await?;
    publicity::set_publicity_days(app, ctx, id, &PublicityDays { days: 5 }).await?;
    for (i, e) in registry.iter().skip(30).take(4).enumerate() {
        let mut tx = app.db.begin().await?;
        let p = NewPayment {
            programme_id: id,
            uscc: uscc(&e.uscc)?,
            year: 2020,
            source: PaymentSource::Application,
            source_id: format!("demo-locating-{i}"),
            amount: Money::from_fen(100_000_000),
            rule_version: 1,
            explanation: serde_json::json!([]),
            applied_at_ms: app.now() - (20 + i as i64) * DAY_MS,
        };
        let pid = ledger::queue(&mut tx, app, ctx, p).await?;
        ledger::approve(&mut tx, app, ctx, &pid, &[], None).await?;
        tx.commit().await?;
    }
    let list = publicity::publish(app, ctx, id).await?;
    let objection = NewObjection {
        line: 2,
        name: "王建国".into(),
        contact: "13904110000".into(),
        text: "据了解，该企业的外资实缴资本尚未到位，请核实后再拨付。".into(),
        website: String::new(),
        shown_at: None,
    };
    let list_id = list.public.id.parse().map_err(|_| AppError::NotFound)?;
    publicity::file_objection(app, ctx, list_id, &objection).await?;
    Ok(())
}

/// Payments made in 2020, each `days` after its application, to enterprises of the registry.
async fn history(app: &App, ctx: &Ctx, registry: &[store::funds::RegistryFacts]) -> Result<()> {
    let mut n = 0;
    for (code, waits) in HISTORY {
        let programme_id = programme(app, ctx, code).await?;
        for days in waits {
            let e = &registry[n % registry.len()];
            let applied = FIRST_APPLIED + (n as i64) * 3 * DAY_MS;
            let mut tx = app.db.begin().await?;
            let rec = PaymentRecord {
                id: new_id(),
                reference: ledger::next_reference(app, &mut tx, "fund_payments", 'P', 6).await?,
                programme_id,
                uscc: uscc(&e.uscc)?,
                year: 2020,
                source: PaymentSource::Application,
                source_id: format!("demo-history-{n}"),
                amount: Money::from_fen(5_000_000 + (n as i64) * 123_400),
                rule_version: 1,
                explanation: "[]".into(),
                status: PaymentStatus::Paid,
                queued_by: None,
                approved_by: None,
                approved_at: Some(applied + DAY_MS),
                override_reason: None,
                batch_id: None,
                bank_reference: Some(format!("DEMO-BANK-{n:04}")),
                paid_at: Some(applied + days * DAY_MS),
                applied_at: applied,
                created_at: applied,
                updated_at: applied + days * DAY_MS,
            };
            store::fund_payments::insert(&mut tx, &rec).await?;
            tx.commit().await?;
            n += 1;
        }
    }
    Ok(())
}
