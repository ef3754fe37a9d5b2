//! Resumption reports: a dated report per enterprise of employees back, capacity, whether it
//! has resumed, and its main difficulties. Filed by the enterprise in the portal, or by an
//! official or bureau staff on its behalf.

use domain::dates::{parse_civil_date, show_date};
use domain::{Action, FieldError, Resource, new_id};
use serde::Serialize;
use serde_json::json;
use store::enterprises::{EnterpriseRecord, ReportRecord};

use crate::audit::{self, Change};
use crate::{App, AppError, Ctx, Result};

#[derive(Debug, Clone, Default)]
pub struct NewReport {
    pub report_date: String,
    pub employees_returned: i64,
    pub employees_total: i64,
    pub capacity_pct: i64,
    pub resumed: bool,
    pub difficulties: String,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ReportView {
    pub id: String,
    pub report_date: String,
    pub employees_returned: i64,
    pub employees_total: i64,
    pub capacity_pct: i64,
    pub resumed: bool,
    pub difficulties: String,
    pub filed_by: String,
    pub at: i64,
}

fn view(r: &ReportRecord) -> ReportView {
    ReportView {
        id: r.id.to_string(),
        report_date: show_date(r.report_date),
        employees_returned: r.employees_returned,
        employees_total: r.employees_total,
        capacity_pct: r.capacity_pct,
        resumed: r.resumed,
        difficulties: r.difficulties.clone(),
        filed_by: r.filed_by.clone(),
        at: r.at,
    }
}

/// The enterprise, if the caller may file for it: its own users, or staff who may update it.
async fn for_filing(
    app: &App,
    ctx: &Ctx,
    tx: &mut store::Tx,
    uscc: &str,
) -> Result<EnterpriseRecord> {
    let uscc = domain::Uscc::parse(uscc).map_err(|_| AppError::NotFound)?;
    let e = store::enterprises::get(tx, &uscc)
        .await?
        .filter(|e| super::visible(&super::scope_for(ctx), e))
        .ok_or(AppError::NotFound)?;
    let own = matches!(
        super::scope_for(ctx),
        store::enterprises::EnterpriseScope::Only(_)
    );
    if !own {
        ctx.require(Resource::Enterprise, Action::Update)?;
    }
    let _ = app;
    Ok(e)
}

pub async fn file(app: &App, ctx: &Ctx, uscc: &str, n: &NewReport) -> Result<ReportView> {
    ctx.require(Resource::Enterprise, Action::Read)?;
    let mut errs = Vec::new();
    let date = parse_civil_date(&n.report_date)
        .map_err(|m| errs.push(FieldError::new("report_date", m.code(), m.to_string())))
        .ok();
    if n.employees_total < 0 || n.employees_returned < 0 {
        errs.push(FieldError::new(
            "employees_returned",
            "negative",
            "employee numbers cannot be negative",
        ));
    } else if n.employees_returned > n.employees_total {
        errs.push(FieldError::new(
            "employees_returned",
            "more_than_total",
            format!(
                "{} returned of {} in total is not possible",
                n.employees_returned, n.employees_total
            ),
        ));
    }
    if !(0..=100).contains(&n.capacity_pct) {
        errs.push(FieldError::new(
            "capacity_pct",
            "out_of_range",
            "capacity is a percentage from 0 to 100",
        ));
    }
    let Some(date) = date.filter(|_| errs.is_empty()) else {
        return Err(AppError::Invalid(errs));
    };
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let e = for_filing(app, ctx, &mut tx, uscc).await?;
    // Filed by an official or bureau staff for the enterprise: the report says who filed it.
    let on_behalf = !matches!(
        super::scope_for(ctx),
        store::enterprises::EnterpriseScope::Only(_)
    );
    let (_, actor) = ctx.actor_label();
    let rec = ReportRecord {
        id: new_id(),
        uscc: e.uscc.clone(),
        report_date: date,
        employees_returned: n.employees_returned,
        employees_total: n.employees_total,
        capacity_pct: n.capacity_pct,
        resumed: n.resumed,
        difficulties: n.difficulties.trim().to_owned(),
        filed_by: actor,
        at: now,
    };
    store::enterprises::insert_report(&mut tx, &rec).await?;
    if n.resumed && e.status != "resumed" {
        let after = EnterpriseRecord {
            status: "resumed".into(),
            updated_at: now,
            ..e.clone()
        };
        store::enterprises::update(&mut tx, &after).await?;
    }
    let change = Change {
        action: "resumption_reported",
        object_type: "enterprise",
        object_id: e.uscc.to_string(),
        before: None,
        after: Some(
            json!({"report_date": show_date(rec.report_date), "employees_returned": rec.employees_returned, "employees_total": rec.employees_total, "capacity_pct": rec.capacity_pct, "resumed": rec.resumed, "filed_by": rec.filed_by, "on_behalf_of_enterprise": on_behalf}),
        ),
    };
    audit::record(app, &mut tx, ctx, change).await?;
    tx.commit().await?;
    Ok(view(&rec))
}

pub async fn list(app: &App, ctx: &Ctx, uscc: &str) -> Result<Vec<ReportView>> {
    let e = super::get(app, ctx, uscc).await?;
    let mut rd = app.db.read().await?;
    let uscc = domain::Uscc::parse(&e.uscc).map_err(|_| AppError::NotFound)?;
    Ok(store::enterprises::reports(&mut rd, &uscc)
        .await?
        .iter()
        .map(view)
        .collect())
}
