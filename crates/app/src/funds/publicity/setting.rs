//! A programme's publicity period (公示, in working days; 0 for none), set by its division.

use domain::{Action, FieldError, Id, Resource};
use serde::{Deserialize, Serialize};

use super::super::programmes::read_one;
use super::super::rules::require_division;
use crate::audit::{self, Change};
use crate::{App, AppError, Ctx, Result};

/// The publicity period of a programme.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicityDays {
    /// Working days, 0 (none: approved payments clear at once) to 60.
    pub days: i64,
}

/// Sets a programme's publicity period (its division's staff or chief); audited.
pub async fn set_publicity_days(
    app: &App,
    ctx: &Ctx,
    programme: Id,
    d: &PublicityDays,
) -> Result<PublicityDays> {
    let p = read_one(app, ctx, programme).await?;
    ctx.require(Resource::FundProgramme, Action::Update)?;
    require_division(ctx, &p, Action::Create)?;
    if !(0..=60).contains(&d.days) {
        return Err(AppError::Invalid(vec![FieldError::new(
            "days",
            "out_of_range",
            "0 to 60 working days",
        )]));
    }
    let mut tx = app.db.begin().await?;
    let before = store::fund_payments::publicity_days(&mut tx, programme).await?;
    store::fund_payments::set_publicity_days(&mut tx, programme, d.days).await?;
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: "fund_publicity_days_set",
            object_type: "fund_programme",
            object_id: programme.to_string(),
            before: Some(serde_json::json!({ "publicity_days": before })),
            after: Some(serde_json::json!({ "publicity_days": d.days })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(d.clone())
}

/// A programme's publicity period (anyone who may read the programme).
pub async fn publicity_days(app: &App, ctx: &Ctx, programme: Id) -> Result<PublicityDays> {
    read_one(app, ctx, programme).await?;
    let mut rd = app.db.read().await?;
    Ok(PublicityDays {
        days: store::fund_payments::publicity_days(&mut rd, programme).await?,
    })
}
