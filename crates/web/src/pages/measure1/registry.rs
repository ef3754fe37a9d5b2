//! The registry pages: the list of enterprises, an enterprise's single file, and designating
//! its liaisons.

use app::AppError;
use app::cases::{self, CaseFilter};
use app::enterprises::{self, EnterpriseFilter};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::{Action, Resource, Role};
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::{empty, errors_of, listed, ser};
use crate::AppState;
use crate::guard::Caller;
use crate::pages::{app_error_page, render_status, see_other};

#[derive(Debug, Deserialize, Default)]
pub struct EnterpriseQuery {
    pub imported: Option<String>,
    pub q: Option<String>,
    pub undesignated: Option<String>,
    pub cursor: Option<String>,
}

pub async fn enterprise_list(
    State(s): State<AppState>,
    caller: Caller,
    Query(q): Query<EnterpriseQuery>,
) -> Response {
    registry_page(&s, &caller, q, StatusCode::OK, Vec::new()).await
}

/// The registry, with the register form (and its errors) for those who may register.
pub(super) async fn registry_page(
    s: &AppState,
    caller: &Caller,
    q: EnterpriseQuery,
    status: StatusCode,
    errors: Vec<String>,
) -> Response {
    let f = EnterpriseFilter {
        text: q.q.clone(),
        undesignated: q.undesignated.is_some(),
        ..Default::default()
    };
    match enterprises::list(&s.app, &caller.ctx, &f, 50, q.cursor.as_deref()).await {
        Ok(page) => {
            let can_export = caller.ctx.can(Resource::PersonalContact, Action::Read);
            let can_register = caller.ctx.can(Resource::Enterprise, Action::Create);
            // An import may touch any district's enterprises, so district officials register
            // one at a time (the import refuses them).
            let can_import = can_register
                && caller
                    .principal()
                    .is_none_or(|p| p.role != Role::DistrictOfficial);
            // A district official registers in their own district only.
            let own = caller.principal().and_then(|p| p.district.clone());
            let districts: Vec<_> = app::org::districts::districts(&s.app)
                .await
                .unwrap_or_default()
                .into_iter()
                .filter(|d| own.as_ref().is_none_or(|o| o.as_str() == d.code))
                .collect();
            let ctx = context! { page => listed(page), q => q.q, undesignated => q.undesignated.is_some(), can_export, can_import, can_register, imported => q.imported,
            districts => ser(&districts), kinds => domain::enterprise::KINDS, errors };
            render_status(
                s,
                caller,
                status,
                "measure1/enterprises.html",
                "/staff/enterprises",
                ctx,
            )
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

pub(super) async fn enterprise_page(
    s: &AppState,
    caller: &Caller,
    uscc: &str,
    status: StatusCode,
    errors: Vec<String>,
) -> Response {
    let Ok(typed) = domain::Uscc::parse(uscc) else {
        return app_error_page(&AppError::NotFound, caller.locale);
    };
    let e = match enterprises::get(&s.app, &caller.ctx, uscc).await {
        Ok(e) => e,
        Err(err) => return app_error_page(&err, caller.locale),
    };
    let ctx = &caller.ctx;
    let reports = enterprises::reports::list(&s.app, ctx, uscc)
        .await
        .unwrap_or_default();
    let history = enterprises::designations(&s.app, ctx, uscc)
        .await
        .unwrap_or_default();
    let case_page = cases::list(
        &s.app,
        ctx,
        &CaseFilter {
            enterprise: Some(typed),
            ..Default::default()
        },
        50,
        None,
    )
    .await
    .unwrap_or_else(|_| empty());
    let mut full = Vec::new();
    for c in &case_page.items {
        if let Ok(id) = uuid::Uuid::parse_str(&c.id)
            && let Ok(v) = cases::get(&s.app, ctx, id).await
        {
            full.push(v);
        }
    }
    let can_designate = ctx.can(Resource::Designation, Action::Update);
    let (officials, contacts) = if can_designate {
        designation_choices(s, &e.district).await
    } else {
        (Vec::new(), Vec::new())
    };
    render_status(
        s,
        caller,
        status,
        "measure1/enterprise.html",
        &format!("/staff/enterprises/{}", e.uscc),
        context! { e => ser(&e), reports => ser(&reports), history => ser(&history), cases => ser(&full), can_designate, officials => ser(&officials), contacts => ser(&contacts), errors,
            can_act => ctx.can(Resource::Enterprise, Action::Update), categories => domain::enterprise::DIFFICULTY_CATEGORIES.to_vec(), today => s.app.today().to_string() },
    )
    .await
}

#[derive(Serialize)]
struct Choice {
    id: String,
    label: String,
}

/// District officials of the district, and the people named for measure 1.
async fn designation_choices(s: &AppState, district: &str) -> (Vec<Choice>, Vec<Choice>) {
    let ctx = app::Ctx::system("board");
    let users = app::auth::users::list(&s.app, &ctx, 200, None)
        .await
        .map(|p| p.items)
        .unwrap_or_default();
    let officials = users
        .into_iter()
        .filter(|u| {
            u.role == Role::DistrictOfficial
                && u.district.as_deref() == Some(district)
                && !u.disabled
        })
        .map(|u| Choice {
            id: u.id.to_string(),
            label: format!("{} <{}>", u.name, u.email),
        })
        .collect();
    let rows = app::org::distribution::for_measure(&s.app, &ctx, domain::MeasureNo::ONE)
        .await
        .unwrap_or_default();
    let people = app::org::people::directory(&s.app, &ctx, None, None, 200, None)
        .await
        .map(|p| p.items)
        .unwrap_or_default();
    let mut contacts: Vec<Choice> = Vec::new();
    for r in &rows {
        for c in [&r.chief, &r.contact].into_iter().flatten() {
            if let Some(p) = people.iter().find(|p| p.name == c.name)
                && !contacts.iter().any(|x| x.id == p.id)
            {
                contacts.push(Choice {
                    id: p.id.clone(),
                    label: format!("{} ({})", p.name, r.division.code),
                });
            }
        }
    }
    (officials, contacts)
}

pub async fn enterprise(
    State(s): State<AppState>,
    caller: Caller,
    Path(uscc): Path<String>,
) -> Response {
    enterprise_page(&s, &caller, &uscc, StatusCode::OK, Vec::new()).await
}

#[derive(Debug, Deserialize)]
pub struct LiaisonForm {
    #[serde(default)]
    pub official: String,
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub reason: String,
}

pub async fn designate(
    State(s): State<AppState>,
    caller: Caller,
    Path(uscc): Path<String>,
    Form(f): Form<LiaisonForm>,
) -> Response {
    // An empty choice clears; anything else must be an id (never silently cleared).
    let parse = |field: &str, v: &str| -> Result<Option<uuid::Uuid>, AppError> {
        let v = v.trim();
        if v.is_empty() {
            return Ok(None);
        }
        uuid::Uuid::parse_str(v)
            .map(Some)
            .map_err(|_| AppError::invalid(field, "invalid_id", format!("\"{v}\" is not a choice")))
    };
    let ids =
        parse("official", &f.official).and_then(|o| parse("contact", &f.contact).map(|c| (o, c)));
    let (official, contact) = match ids {
        Ok(ids) => ids,
        Err(e) => {
            return enterprise_page(
                &s,
                &caller,
                &uscc,
                StatusCode::UNPROCESSABLE_ENTITY,
                errors_of(&e),
            )
            .await;
        }
    };
    match enterprises::designate(&s.app, &caller.ctx, &uscc, official, contact, &f.reason).await {
        Ok(e) => see_other(&format!("/staff/enterprises/{}", e.uscc), &[]),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(..))) => {
            enterprise_page(
                &s,
                &caller,
                &uscc,
                StatusCode::UNPROCESSABLE_ENTITY,
                errors_of(&e),
            )
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}
