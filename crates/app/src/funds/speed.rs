//! The government's own payment speed, in the open (measure 2): per published programme, how
//! many payments were made and the median time from application (or entitlement) to payment.
//! One read of the paid payments; anyone may see it.

use std::collections::BTreeMap;

use domain::Id;
use domain::funds::publicity::median;
use serde::Serialize;

use crate::{App, Result};

const DAY_MS: i64 = 86_400_000;

/// One programme's speed.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SpeedRow {
    pub programme_id: String,
    pub name_zh: String,
    pub name_en: String,
    /// Payments made (recoveries left out).
    pub paid: i64,
    /// Median days from application to payment, in tenths of a day (125 = 12.5 days); none
    /// when nothing was paid yet.
    pub median_tenths_of_days: Option<i64>,
}

/// Tenths of a day in `ms`, rounded half up.
fn tenths(ms: i64) -> i64 {
    (ms * 10 + DAY_MS / 2).div_euclid(DAY_MS)
}

/// Every published programme's payment speed, in catalogue order.
pub async fn payment_speed(app: &App) -> Result<Vec<SpeedRow>> {
    let mut rd = app.db.read().await?;
    let programmes = store::funds::list(&mut rd, true).await?;
    let mut waits: BTreeMap<Id, Vec<i64>> = BTreeMap::new();
    for (p, applied, paid) in store::fund_publicity::paid_times(&mut rd).await? {
        waits.entry(p).or_default().push((paid - applied).max(0));
    }
    Ok(programmes
        .into_iter()
        .map(|p| {
            let mut w = waits.remove(&p.id).unwrap_or_default();
            SpeedRow {
                programme_id: p.id.to_string(),
                name_zh: p.name_zh,
                name_en: p.name_en,
                paid: w.len() as i64,
                median_tenths_of_days: median(&mut w).map(tenths),
            }
        })
        .collect())
}
