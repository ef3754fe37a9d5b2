//! Measure 1: the registry of enterprises, and who is designated to each.
//!
//! Identity is the USCC. District officials see the enterprises of their district (and register,
//! file and designate there only), enterprise users their own; bureau staff see all. Each designation change is audited and kept as history.

pub mod accounts;
pub mod dashboard;
mod designation;
pub mod difficulty;
pub mod import;
pub mod liaisons;
pub mod reply;
pub mod reports;

use std::collections::BTreeSet;

pub use designation::{DesignationView, designate, designations};
use domain::enterprise::{parse_country, parse_kinds};
use domain::{Action, DistrictCode, Email, FieldError, Phone, Resource, Role, Uscc};
use serde::Serialize;
use serde_json::json;
pub use store::enterprises::EnterpriseFilter;
use store::enterprises::{EnterpriseRecord, EnterpriseScope};

use crate::audit::{self, Change};
use crate::org::people::PhoneView;
use crate::{App, AppError, Ctx, Page, Result};

/// An enterprise as typed in a form, an API body or a row of an imported file.
#[derive(Debug, Clone, Default)]
pub struct NewEnterprise {
    pub uscc: String,
    pub name: String,
    pub name_en: String,
    pub district: String,
    pub kinds: String,
    pub investor_country: String,
    pub industry: String,
    pub address: String,
    pub contact_name: String,
    pub contact_mobile: String,
    pub contact_email: String,
    pub employees: String,
}

fn opt(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// The city's districts, as `lifeline import districts` loaded them: an enterprise's district
/// must be one of them.
pub(crate) async fn city_districts(tx: &mut store::Tx) -> Result<BTreeSet<DistrictCode>> {
    Ok(store::org::list_districts(tx)
        .await?
        .into_iter()
        .map(|d| d.code)
        .collect())
}

/// A well-formed district code that is not one of the city's districts.
fn unknown_district(d: &DistrictCode, city: &BTreeSet<DistrictCode>) -> FieldError {
    let message = if city.is_empty() {
        format!(
            "\"{d}\" is not one of the city's districts: none are loaded yet (lifeline import districts)"
        )
    } else {
        let codes: Vec<&str> = city.iter().map(DistrictCode::as_str).collect();
        format!(
            "\"{d}\" is not one of the city's districts ({})",
            codes.join(", ")
        )
    };
    FieldError::new("district", "unknown_district", message)
}

/// Checks every field against `city`, the city's districts; returns the record (without
/// times and designation) or every problem.
pub fn validate(
    n: &NewEnterprise,
    city: &BTreeSet<DistrictCode>,
) -> std::result::Result<EnterpriseRecord, Vec<FieldError>> {
    let mut errs = Vec::new();
    let uscc = Uscc::parse(&n.uscc)
        .map_err(|e| errs.push(FieldError::new("uscc", e.code(), e.to_string())))
        .ok();
    if n.name.trim().is_empty() {
        errs.push(FieldError::new(
            "name",
            "required",
            "the enterprise's registered name is required",
        ));
    }
    let district = match DistrictCode::parse(&n.district) {
        Ok(d) if city.contains(&d) => Some(d),
        Ok(d) => {
            errs.push(unknown_district(&d, city));
            None
        }
        Err(m) => {
            errs.push(FieldError::new("district", m.code(), m.to_string()));
            None
        }
    };
    let kinds = parse_kinds(&n.kinds)
        .map_err(|m| errs.push(FieldError::new("kinds", "invalid_kind", m)))
        .ok();
    let investor_country = opt(&n.investor_country).and_then(|c| {
        parse_country(&c)
            .map_err(|m| errs.push(FieldError::new("investor_country", "invalid_country", m)))
            .ok()
    });
    let contact_mobile = opt(&n.contact_mobile).and_then(|m| {
        Phone::mobile(&m)
            .map(|p| p.e164().to_owned())
            .map_err(|e| errs.push(FieldError::new("contact_mobile", e.code(), e.to_string())))
            .ok()
    });
    let contact_email = opt(&n.contact_email).and_then(|m| {
        Email::parse(&m)
            .map(|e| e.as_str().to_owned())
            .map_err(|m| errs.push(FieldError::new("contact_email", "invalid_email", m)))
            .ok()
    });
    let employees = opt(&n.employees).and_then(|e| match e.trim_end_matches(".0").parse::<i64>() {
        Ok(v) if v >= 0 => Some(v),
        _ => {
            errs.push(FieldError::new(
                "employees",
                "invalid_number",
                format!("\"{e}\" is not a number of employees"),
            ));
            None
        }
    });
    match (uscc, district, kinds) {
        (Some(u), Some(d), Some(k)) if errs.is_empty() => Ok(EnterpriseRecord {
            uscc: u,
            name: n.name.trim().to_owned(),
            name_en: opt(&n.name_en),
            kinds: k,
            district: d,
            address: opt(&n.address),
            investor_country,
            industry: opt(&n.industry),
            employees,
            contact_name: opt(&n.contact_name),
            contact_mobile,
            contact_email,
            status: "active".into(),
            official_id: None,
            contact_person_id: None,
            created_at: 0,
            updated_at: 0,
        }),
        _ => Err(errs),
    }
}

/// Which enterprises the caller may see.
pub fn scope_for(ctx: &Ctx) -> EnterpriseScope {
    match ctx.principal() {
        None => EnterpriseScope::All,
        Some(p) => match p.role {
            Role::DistrictOfficial => p
                .district
                .clone()
                .map_or(EnterpriseScope::Nothing, EnterpriseScope::District),
            Role::EnterpriseUser => p
                .enterprise
                .clone()
                .map_or(EnterpriseScope::Nothing, EnterpriseScope::Only),
            _ => EnterpriseScope::All,
        },
    }
}

pub(crate) fn visible(scope: &EnterpriseScope, e: &EnterpriseRecord) -> bool {
    match scope {
        EnterpriseScope::All => true,
        EnterpriseScope::District(d) => &e.district == d,
        EnterpriseScope::Only(u) => &e.uscc == u,
        EnterpriseScope::Nothing => false,
    }
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct EnterpriseView {
    pub uscc: String,
    pub name: String,
    pub name_en: Option<String>,
    pub kinds: Vec<String>,
    pub district: String,
    pub address: Option<String>,
    pub investor_country: Option<String>,
    pub industry: Option<String>,
    pub employees: Option<i64>,
    pub contact_name: Option<String>,
    /// E.164, or masked for callers who may not read personal contacts.
    pub contact_mobile: Option<String>,
    /// The contact's mobile as people write it (`138 1234 5678`, `+81 90-1234-5678`), with
    /// its `tel:` target when the caller may see it.
    pub contact_phone: Option<PhoneView>,
    pub contact_email: Option<String>,
    pub status: String,
    pub official_id: Option<String>,
    pub contact_person_id: Option<String>,
}

fn view(app: &App, ctx: &Ctx, e: &EnterpriseRecord) -> EnterpriseView {
    let own = matches!(scope_for(ctx), EnterpriseScope::Only(_));
    let may_see_mobile = own || ctx.can(Resource::PersonalContact, Action::Read);
    EnterpriseView {
        uscc: e.uscc.to_string(),
        name: e.name.clone(),
        name_en: e.name_en.clone(),
        kinds: e.kinds.split(',').map(str::to_owned).collect(),
        district: e.district.to_string(),
        address: e.address.clone(),
        investor_country: e.investor_country.clone(),
        industry: e.industry.clone(),
        employees: e.employees,
        contact_name: e.contact_name.clone(),
        contact_mobile: e.contact_mobile.as_deref().map(|m| {
            if may_see_mobile {
                m.to_owned()
            } else {
                Phone::from_e164(m).masked()
            }
        }),
        contact_phone: e.contact_mobile.as_deref().map(|m| {
            let p = Phone::from_e164(m);
            if may_see_mobile {
                PhoneView {
                    display: p.display(&app.settings.area_code),
                    tel: Some(p.e164().to_owned()),
                }
            } else {
                PhoneView {
                    display: p.masked(),
                    tel: None,
                }
            }
        }),
        contact_email: e.contact_email.clone(),
        status: e.status.clone(),
        official_id: e.official_id.map(|i| i.to_string()),
        contact_person_id: e.contact_person_id.map(|i| i.to_string()),
    }
}

pub(crate) fn record_json(e: &EnterpriseRecord) -> serde_json::Value {
    json!({"uscc": e.uscc, "name": e.name, "name_en": e.name_en, "kinds": e.kinds, "district": e.district, "address": e.address,
           "investor_country": e.investor_country, "industry": e.industry, "employees": e.employees, "contact_name": e.contact_name,
           "contact_mobile": e.contact_mobile, "contact_email": e.contact_email, "status": e.status,
           "official_id": e.official_id, "contact_person_id": e.contact_person_id})
}

/// Registers a new enterprise.
pub async fn register(app: &App, ctx: &Ctx, n: &NewEnterprise) -> Result<EnterpriseView> {
    ctx.require(Resource::Enterprise, Action::Create)?;
    let city = city_districts(&mut app.db.read().await?).await?;
    let mut rec = validate(n, &city).map_err(AppError::Invalid)?;
    // A district official registers the enterprises of their own district.
    if let EnterpriseScope::District(d) = scope_for(ctx)
        && rec.district != d
    {
        return Err(AppError::Invalid(vec![FieldError::new(
            "district",
            "outside_your_district",
            format!(
                "{} is not your district ({d}); its own officials register it",
                rec.district
            ),
        )]));
    }
    let now = app.now();
    rec.created_at = now;
    rec.updated_at = now;
    let mut tx = app.db.begin().await?;
    if store::enterprises::get(&mut tx, &rec.uscc).await?.is_some() {
        return Err(AppError::Invalid(vec![FieldError::new(
            "uscc",
            "duplicate",
            format!("{} is already registered", rec.uscc),
        )]));
    }
    store::enterprises::insert(&mut tx, &rec).await?;
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: "enterprise_registered",
            object_type: "enterprise",
            object_id: rec.uscc.to_string(),
            before: None,
            after: Some(record_json(&rec)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(view(app, ctx, &rec))
}

/// One enterprise; outside the caller's scope it is "not found".
pub async fn get(app: &App, ctx: &Ctx, uscc: &str) -> Result<EnterpriseView> {
    ctx.require(Resource::Enterprise, Action::Read)?;
    let uscc = Uscc::parse(uscc).map_err(|_| AppError::NotFound)?;
    let mut rd = app.db.read().await?;
    let e = store::enterprises::get(&mut rd, &uscc)
        .await?
        .filter(|e| visible(&scope_for(ctx), e))
        .ok_or(AppError::NotFound)?;
    Ok(view(app, ctx, &e))
}

pub async fn list(
    app: &App,
    ctx: &Ctx,
    f: &EnterpriseFilter,
    limit: i64,
    cursor: Option<&str>,
) -> Result<Page<EnterpriseView>> {
    ctx.require(Resource::Enterprise, Action::Read)?;
    let mut rd = app.db.read().await?;
    let page = store::enterprises::list(&mut rd, &scope_for(ctx), f, limit, cursor).await?;
    Ok(Page {
        items: page.items.iter().map(|e| view(app, ctx, e)).collect(),
        next_cursor: page.next_cursor,
        total: page.total,
    })
}
