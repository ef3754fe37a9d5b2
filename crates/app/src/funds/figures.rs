//! The figures the bureau already holds per enterprise and year (measure 2): premiums paid from
//! the insurer, training invoices, revenue from statistics. Rules read them in decisions and
//! simulations; an application's own figures override them.

use std::collections::BTreeMap;

use domain::funds::Figure;
use domain::{Action, FieldError, Resource, Uscc};
use serde::{Deserialize, Serialize};
use store::funds::FigureRecord;

use crate::audit::{self, Change};
use crate::{App, AppError, Ctx, Result};

/// Figures of one enterprise for one year, by figure code (`premiums_paid`: fen).
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HeldFigures {
    pub year: i64,
    /// Where they come from: `insurer`, `training_invoice`, `statistics` ...
    pub source: String,
    pub figures: BTreeMap<String, i64>,
}

/// Records figures the bureau holds for an enterprise (division staff and chiefs).
pub async fn record_figures(
    app: &App,
    ctx: &Ctx,
    uscc: &str,
    held: &HeldFigures,
) -> Result<HeldFigures> {
    ctx.require(Resource::FundRule, Action::Create)?;
    let mut errs = Vec::new();
    let uscc = Uscc::parse(uscc).map_err(|_| AppError::NotFound)?;
    if !(2000..=2100).contains(&held.year) {
        errs.push(FieldError::new(
            "year",
            "out_of_range",
            "a year from 2000 to 2100",
        ));
    }
    if held.source.trim().is_empty() {
        errs.push(FieldError::new(
            "source",
            "required",
            "say where the figures come from",
        ));
    }
    for (code, v) in &held.figures {
        if Figure::parse(code).is_none() {
            errs.push(FieldError::new(
                format!("figures.{code}"),
                "unknown_field",
                "not a figure a rule reads",
            ));
        } else if *v < 0 {
            errs.push(FieldError::new(
                format!("figures.{code}"),
                "negative",
                "a figure is zero or more",
            ));
        } else if *v > domain::funds::MAX_FIGURE {
            errs.push(FieldError::new(
                format!("figures.{code}"),
                "out_of_range",
                "at most 10^15 (¥10 trillion in fen)",
            ));
        }
    }
    if !errs.is_empty() {
        return Err(AppError::Invalid(errs));
    }
    let mut tx = app.db.begin().await?;
    if store::enterprises::get(&mut tx, &uscc).await?.is_none() {
        return Err(AppError::NotFound);
    }
    for (code, v) in &held.figures {
        store::funds::upsert_figure(
            &mut tx,
            &FigureRecord {
                uscc: uscc.clone(),
                year: held.year,
                figure: code.clone(),
                value: *v,
                source: held.source.trim().to_owned(),
                updated_at: app.now(),
            },
        )
        .await?;
    }
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: "fund_figures_recorded",
            object_type: "enterprise",
            object_id: uscc.to_string(),
            before: None,
            after: serde_json::to_value(held).ok(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(held.clone())
}
