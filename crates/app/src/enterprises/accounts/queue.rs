//! The district official's queue of sign-ups: approving an enterprise in the registry,
//! registering one that is not (which confirms it), refusing. A district official sees and
//! decides only their district's sign-ups; the bureau's admins and leaders see all.

use domain::{Action, DistrictCode, Id, Resource, Role};
use serde::Deserialize;
use store::Tx;
use store::signups::SignupRecord;

use super::{ApplicantView, SignupView, activate, audit_step, load, view};
use crate::enterprises::NewEnterprise;
use crate::{App, AppError, Ctx, Result};

/// The district whose queue the caller works: None for the whole city.
fn district_of(ctx: &Ctx) -> Result<Option<DistrictCode>> {
    match ctx.principal() {
        Some(p) if p.role == Role::DistrictOfficial => {
            p.district.clone().map(Some).ok_or(AppError::Forbidden)
        }
        _ => Ok(None),
    }
}

fn applicant(s: &SignupRecord, registered: bool) -> ApplicantView {
    ApplicantView {
        signup: view(s, Vec::new(), registered),
        mobile: s.mobile.clone(),
        email: s.email.clone(),
    }
}

/// Sign-ups waiting for a decision in the caller's district (or the city), oldest first.
pub async fn pending(app: &App, ctx: &Ctx) -> Result<Vec<ApplicantView>> {
    ctx.require(Resource::Signup, Action::Read)?;
    let district = district_of(ctx)?;
    let mut rd = app.db.read().await?;
    let rows = store::signups::pending(&mut rd, district.as_ref()).await?;
    let mut out = Vec::with_capacity(rows.len());
    for s in &rows {
        let registered = store::enterprises::get(&mut rd, &s.uscc).await?.is_some();
        out.push(applicant(s, registered));
    }
    Ok(out)
}

/// A pending sign-up the caller may decide; another district's is "not found".
async fn decidable(tx: &mut Tx, ctx: &Ctx, id: Id) -> Result<SignupRecord> {
    ctx.require(Resource::Signup, Action::Update)?;
    let s = load(tx, id).await?;
    if district_of(ctx)?.is_some_and(|d| d != s.district) {
        return Err(AppError::NotFound);
    }
    if !matches!(
        s.state.as_str(),
        "awaiting_code" | "awaiting_approval" | "awaiting_registration"
    ) {
        return Err(AppError::Conflict(
            "signup_decided",
            "this sign-up has already been decided".into(),
        ));
    }
    Ok(s)
}

/// Approves a sign-up of an enterprise in the registry: its administrator's account is made.
pub async fn approve(app: &App, ctx: &Ctx, id: Id) -> Result<SignupView> {
    let mut tx = app.db.begin().await?;
    let mut s = decidable(&mut tx, ctx, id).await?;
    if store::enterprises::get(&mut tx, &s.uscc).await?.is_none() {
        return Err(AppError::Conflict(
            "not_registered",
            "register the enterprise first; registering it confirms the sign-up".into(),
        ));
    }
    let by = ctx.principal().map(|p| p.id);
    activate(app, &mut tx, ctx, &mut s, by, "enterprise_signup_approved").await?;
    tx.commit().await?;
    Ok(view(&s, Vec::new(), true))
}

/// Refuses a sign-up (no account is made; the record stays for the audit).
pub async fn refuse(app: &App, ctx: &Ctx, id: Id) -> Result<SignupView> {
    let mut tx = app.db.begin().await?;
    let mut s = decidable(&mut tx, ctx, id).await?;
    let before = s.clone();
    s.state = "refused".into();
    s.code_hash = None;
    s.code_expires_at = None;
    s.decided_by = ctx.principal().map(|p| p.id);
    s.updated_at = app.now();
    store::signups::update(&mut tx, &s).await?;
    audit_step(
        app,
        &mut tx,
        ctx,
        "enterprise_signup_refused",
        Some(&before),
        &s,
    )
    .await?;
    let registered = store::enterprises::get(&mut tx, &s.uscc).await?.is_some();
    tx.commit().await?;
    Ok(view(&s, Vec::new(), registered))
}

/// What the official adds when registering the enterprise of a sign-up; the USCC, name,
/// district and contact come from the sign-up unless given here.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    pub name: Option<String>,
    /// foreign_invested, foreign_trade, overseas_investing, labour_dispatching (one or more).
    #[serde(default)]
    pub kinds: Vec<String>,
    pub investor_country: Option<String>,
    pub industry: Option<String>,
    pub address: Option<String>,
    pub employees: Option<i64>,
}

/// Registers the enterprise of a sign-up in the registry (as the district official does any
/// enterprise), which confirms the sign-up.
pub async fn register_and_approve(
    app: &App,
    ctx: &Ctx,
    id: Id,
    r: &Registration,
) -> Result<SignupView> {
    let s = {
        let mut tx = app.db.begin().await?;
        let s = decidable(&mut tx, ctx, id).await?;
        tx.commit().await?;
        s
    };
    let n = NewEnterprise {
        uscc: s.uscc.as_str().to_owned(),
        name: r.name.clone().unwrap_or_else(|| s.name.clone()),
        district: s.district.as_str().to_owned(),
        kinds: r.kinds.join(","),
        investor_country: r.investor_country.clone().unwrap_or_default(),
        industry: r.industry.clone().unwrap_or_default(),
        address: r.address.clone().unwrap_or_default(),
        contact_name: s.contact_name.clone(),
        contact_mobile: s.mobile.clone(),
        contact_email: s.email.clone(),
        employees: r.employees.map(|e| e.to_string()).unwrap_or_default(),
        ..NewEnterprise::default()
    };
    crate::enterprises::register(app, ctx, &n).await?;
    approve(app, ctx, id).await
}
