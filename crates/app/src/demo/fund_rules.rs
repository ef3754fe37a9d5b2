//! Measure 2's demo rules and figures: version 1 of each programme's rule (published, for
//! 2020), a draft version 2 of the SME fund's rule to simulate, and the figures the bureau
//! holds for the demo registry (premiums paid, market costs, training invoices, capital,
//! investment, revenue), made up deterministically from each enterprise's place in it.

use domain::funds::Figure;

use crate::funds::{self, HeldFigures, NewRuleVersion};
use crate::{App, AppError, Ctx, Result};

/// (programme code, rule as JSON). Amounts in fen.
const RULES: [(&str, &str); 9] = [
    (
        "foreign_investment_bonus",
        r#"{"criteria":[{"kind":"enterprise_kind","any_of":["foreign_invested"]},{"kind":"at_least","figure":"paid_in_foreign_capital","min":1000000000}],"formula":{"kind":"percentage","of":"paid_in_foreign_capital","ratio":200,"cap":500000000}}"#,
    ),
    (
        "locating_bonus",
        r#"{"criteria":[{"kind":"enterprise_kind","any_of":["foreign_invested"]},{"kind":"at_least","figure":"paid_in_foreign_capital","min":5000000000}],"formula":{"kind":"fixed","amount":100000000}}"#,
    ),
    (
        "scale_up_bonus",
        r#"{"criteria":[{"kind":"enterprise_kind","any_of":["foreign_invested"]}],"formula":{"kind":"tiers","of":"investment","tiers":[{"from":1000000000,"amount":20000000},{"from":5000000000,"amount":100000000},{"from":10000000000,"amount":300000000}]}}"#,
    ),
    (
        "rd_centre_bonus",
        r#"{"criteria":[{"kind":"enterprise_kind","any_of":["foreign_invested"]},{"kind":"industry","any_of":["electronics","software","chemicals"]},{"kind":"at_least","figure":"employees","min":50}],"formula":{"kind":"fixed","amount":50000000}}"#,
    ),
    (
        "revenue_award",
        r#"{"criteria":[{"kind":"enterprise_kind","any_of":["foreign_invested"]}],"formula":{"kind":"tiers","of":"revenue","tiers":[{"from":10000000000,"amount":10000000},{"from":30000000000,"amount":30000000}]}}"#,
    ),
    (
        "executive_award",
        r#"{"criteria":[{"kind":"enterprise_kind","any_of":["foreign_invested"]},{"kind":"at_least","figure":"employees","min":200},{"kind":"at_least","figure":"revenue","min":20000000000}],"formula":{"kind":"fixed","amount":5000000}}"#,
    ),
    (
        "sme_market_fund",
        r#"{"criteria":[{"kind":"enterprise_kind","any_of":["foreign_trade"]},{"kind":"at_most","figure":"employees","max":500},{"kind":"at_least","figure":"market_costs","min":1000000}],"formula":{"kind":"percentage","of":"market_costs","ratio":5000,"cap":30000000}}"#,
    ),
    (
        "export_insurance_subsidy",
        r#"{"criteria":[{"kind":"enterprise_kind","any_of":["foreign_trade"]},{"kind":"at_least","figure":"premiums_paid","min":1}],"formula":{"kind":"percentage","of":"premiums_paid","ratio":6000,"cap":50000000}}"#,
    ),
    (
        "online_training_charges",
        r#"{"criteria":[{"kind":"at_least","figure":"training_charges","min":1}],"formula":{"kind":"full_coverage","of":"training_charges","cap":2000000}}"#,
    ),
];

/// The SME fund's draft: 70 % of market costs, capped at ¥400,000, from 1 July.
const SME_DRAFT: &str = r#"{"criteria":[{"kind":"enterprise_kind","any_of":["foreign_trade"]},{"kind":"at_most","figure":"employees","max":500},{"kind":"at_least","figure":"market_costs","min":1000000}],"formula":{"kind":"percentage","of":"market_costs","ratio":7000,"cap":40000000}}"#;

fn rule(json: &str) -> Result<domain::funds::Rule> {
    serde_json::from_str(json).map_err(|e| AppError::Unexpected(format!("demo rule: {e}")))
}

/// The Foreign Trade Division's chief (李红 in the table), who publishes the SME fund's rule.
pub const FT_CHIEF: &str = "chief.ft@demo.lifeline.cn";

/// Publishes version 1 of every programme's rule, drafts the SME fund's version 2, records
/// the registry's figures for 2020, and adds FT's chief to publish the draft.
pub(super) async fn seed(app: &App, ctx: &Ctx) -> Result<()> {
    let chief = crate::auth::users::NewUser {
        email: FT_CHIEF.into(),
        name: "李红 Li Hong (FT chief)".into(),
        role: "division_chief".into(),
        division: Some("FT".into()),
        district: None,
        enterprise: None,
        password: super::DEMO_PASSWORD.into(),
    };
    crate::auth::users::create(app, ctx, &chief).await?;
    let programmes = funds::list_programmes(app, ctx).await?;
    for (code, json) in RULES {
        let Some(p) = programmes.iter().find(|p| p.code == code) else {
            continue;
        };
        let id = p.id.parse().map_err(|_| AppError::NotFound)?;
        let version = NewRuleVersion {
            effective_from: "2020-01-01".into(),
            effective_to: Some("2020-12-31".into()),
            rule: rule(json)?,
            note: Some("2020 年度实施细则 Rules for 2020".into()),
        };
        funds::draft_version(app, ctx, id, &version).await?;
        funds::publish_version(app, ctx, id, 1).await?;
        if code == "sme_market_fund" {
            let draft = NewRuleVersion {
                effective_from: "2020-07-01".into(),
                effective_to: Some("2020-12-31".into()),
                rule: rule(SME_DRAFT)?,
                note: Some(
                    "拟提高支持比例至 70%，上限 40 万元 Proposed: 70 %, up to ¥400,000".into(),
                ),
            };
            funds::draft_version(app, ctx, id, &draft).await?;
        }
    }
    record_figures(app, ctx).await
}

/// A deterministic spread from an enterprise's place in the registry.
fn spread(i: usize, salt: usize) -> i64 {
    ((i * 2_654_435_761 + salt * 40_503) % 1000) as i64
}

async fn record_figures(app: &App, ctx: &Ctx) -> Result<()> {
    let mut rd = app.db.read().await?;
    let registry = store::funds::registry_facts(&mut rd, 2020).await?;
    drop(rd);
    for (i, e) in registry.iter().enumerate() {
        let mut figures = std::collections::BTreeMap::new();
        let mut put = |f: Figure, fen: i64| {
            figures.insert(f.as_str().to_owned(), fen);
        };
        if e.kinds.contains("foreign_trade") {
            let exports = (spread(i, 1) + 20) * 10_000_000;
            put(Figure::ExportValue, exports);
            if i % 4 != 0 {
                put(Figure::PremiumsPaid, exports * 3 / 1000 + spread(i, 2));
            }
            if i % 3 != 1 {
                put(
                    Figure::MarketCosts,
                    (spread(i, 3) % 500 + 5) * 100_000 + spread(i, 4),
                );
            }
        }
        if e.kinds.contains("foreign_invested") {
            put(
                Figure::PaidInForeignCapital,
                (spread(i, 5) + 1) * 10_000_000,
            );
            put(Figure::Investment, spread(i, 6) * 15_000_000);
            put(Figure::Revenue, spread(i, 7) * 50_000_000);
        }
        if i % 6 == 0 {
            put(
                Figure::TrainingCharges,
                (spread(i, 8) % 20 + 1) * 100_000 + spread(i, 9),
            );
        }
        if figures.is_empty() {
            continue;
        }
        let held = HeldFigures {
            year: 2020,
            source: "demo".into(),
            figures,
        };
        funds::record_figures(app, ctx, &e.uscc, &held).await?;
    }
    Ok(())
}
