//! A decision for one enterprise under a programme's rule (measure 2): the registry's
//! attributes, the figures the bureau holds for the programme's year, and any figures the
//! caller gives (an application's), evaluated by the version in effect (or, for staff, any
//! version, a draft too). The answer explains itself criterion by criterion and, for a
//! refusal, names what would make the enterprise eligible.

use std::collections::{BTreeMap, HashMap};

use domain::dates::parse_civil_date;
use domain::funds::{Decision, Facts, Figure, MAX_FIGURE, evaluate};
use domain::{Action, FieldError, Resource, Uscc};
use serde::{Deserialize, Serialize};

use super::programmes::read_one;
use super::rules::{in_effect, versions_of};
use crate::{App, AppError, Ctx, Result};

/// What to decide.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    /// The enterprise's USCC (an enterprise user: its own).
    pub enterprise: String,
    /// Figures of the application by code (`premiums_paid`: fen); they override what the
    /// bureau holds.
    #[serde(default)]
    pub figures: HashMap<String, i64>,
    /// The rule version; by default the one in effect on `on`. Staff only for drafts.
    #[serde(default)]
    pub version: Option<i64>,
    /// The day the decision is for (YYYY-MM-DD); by default today, or the last day of the
    /// programme's year when that has passed.
    #[serde(default)]
    pub on: Option<String>,
}

/// The decision with what it was about.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DecisionView {
    pub programme_id: String,
    pub enterprise: String,
    pub enterprise_name: String,
    /// The deciding version's formula, to show how the amount is reached.
    pub formula: domain::funds::Formula,
    #[serde(flatten)]
    pub decision: Decision,
}

/// The registry's facts of an enterprise with `figures` (by code) on top.
pub(crate) fn facts_of(
    kinds: &str,
    district: &str,
    industry: Option<&String>,
    investor_country: Option<&String>,
    employees: Option<i64>,
    figures: impl IntoIterator<Item = (Figure, i64)>,
) -> Facts {
    let mut held: BTreeMap<Figure, i64> = figures.into_iter().collect();
    if let Some(n) = employees {
        held.entry(Figure::Employees).or_insert(n);
    }
    Facts {
        kinds: kinds.split(',').map(str::to_owned).collect(),
        district: district.to_owned(),
        industry: industry.cloned(),
        investor_country: investor_country.cloned(),
        figures: held,
    }
}

fn last_day_of(year: i64) -> Option<jiff::civil::Date> {
    jiff::civil::Date::new(i16::try_from(year).ok()?, 12, 31).ok()
}

/// Decides for one enterprise the caller may read, under a programme the caller may read.
pub async fn decide(
    app: &App,
    ctx: &Ctx,
    programme: domain::Id,
    req: &DecisionRequest,
) -> Result<DecisionView> {
    let p = read_one(app, ctx, programme).await?;
    let mut errs = Vec::new();
    let mut given = Vec::new();
    for (code, v) in &req.figures {
        match Figure::parse(code) {
            Some(_) if *v < 0 => errs.push(FieldError::new(
                format!("figures.{code}"),
                "negative",
                "a figure is zero or more",
            )),
            Some(_) if *v > MAX_FIGURE => errs.push(FieldError::new(
                format!("figures.{code}"),
                "out_of_range",
                "at most 10^15 (¥10 trillion in fen)",
            )),
            Some(f) => given.push((f, *v)),
            None => errs.push(FieldError::new(
                format!("figures.{code}"),
                "unknown_field",
                "not a figure a rule reads",
            )),
        }
    }
    let on = match req.on.as_deref() {
        // A programme of a past year is decided by that year's rule: by default the day is
        // today, or the last day of the programme's year when that is earlier.
        None => Some(last_day_of(p.year).map_or(app.today(), |end| end.min(app.today()))),
        Some(s) => parse_civil_date(s)
            .map_err(|e| errs.push(FieldError::new("on", "invalid_date", e.to_string())))
            .ok(),
    };
    let uscc = Uscc::parse(&req.enterprise)
        .map_err(|e| errs.push(FieldError::new("enterprise", e.code(), e.to_string())))
        .ok();
    let (Some(on), Some(uscc)) = (on.filter(|_| errs.is_empty()), uscc) else {
        return Err(AppError::Invalid(errs));
    };
    // The enterprise as the caller may see it: another enterprise's is not found.
    let e = crate::enterprises::get(app, ctx, uscc.as_str()).await?;
    let versions = versions_of(app, programme).await?;
    let version = match req.version {
        Some(n) => versions.iter().find(|v| {
            v.record.version == n && (v.published() || ctx.can(Resource::FundRule, Action::Read))
        }),
        None => in_effect(&versions, on),
    };
    let Some(version) = version else {
        return Err(AppError::Invalid(vec![FieldError::new(
            "version",
            "unknown_version",
            "no such version in effect for this programme",
        )]));
    };
    let mut rd = app.db.read().await?;
    let held = store::funds::figures_of(&mut rd, &uscc, p.year).await?;
    drop(rd);
    let mut figures: BTreeMap<Figure, i64> = held
        .iter()
        .filter_map(|(c, v)| Figure::parse(c).map(|f| (f, *v)))
        .collect();
    figures.extend(given);
    let facts = facts_of(
        &e.kinds.join(","),
        &e.district,
        e.industry.as_ref(),
        e.investor_country.as_ref(),
        e.employees,
        figures,
    );
    Ok(DecisionView {
        programme_id: programme.to_string(),
        enterprise: e.uscc,
        enterprise_name: e.name,
        formula: version.rule.formula.clone(),
        decision: evaluate(&version.rule, version.record.version, &facts),
    })
}
