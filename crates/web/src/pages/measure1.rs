//! Measure 1's pages: the daily board, the registry, an enterprise's single file, a case with
//! its working forms, and the portal's cases and reports. Every action is a plain form post.

use app::cases::work::{NewDecision, NewRecord};
use app::cases::{self, CaseFilter};
use app::enterprises::{self, EnterpriseFilter};
use app::{AppError, Page};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::{Action, Resource, Role};
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use super::{app_error_page, render, render_status, see_other};
use crate::AppState;
use crate::guard::Caller;

pub(super) fn ser<T: Serialize>(v: &T) -> Value {
    Value::from(minijinja::value::Serde(v))
}

/// A page of a list for a template: `{items, next_cursor, total}`.
pub(super) fn listed<T: Serialize>(p: Page<T>) -> Value {
    ser(&crate::api::ListBody::from(p))
}

/// What went wrong, for the list above a form, in the request's language: "Label: message"
/// where the field has a label in the catalogue, else the message alone (never a raw field
/// name or code).
pub(super) fn errors_of(e: &AppError) -> Vec<String> {
    let l = crate::i18n::current();
    match e {
        AppError::Invalid(errs) => errs
            .iter()
            .map(|f| {
                let message = crate::i18n::field_message(l, f);
                match crate::i18n::field_label(l, &f.field) {
                    Some(label) => crate::i18n::t(
                        l,
                        "form-error-line",
                        &[("label", label.into()), ("message", message.into())],
                    ),
                    None => message,
                }
            })
            .collect(),
        AppError::Conflict(_, m) => vec![m.clone()],
        other => vec![other.to_string()],
    }
}

pub(super) fn empty<T>() -> Page<T> {
    Page {
        items: Vec::new(),
        next_cursor: None,
        total: 0,
    }
}

/// The staff home: the daily board.
pub async fn board(State(s): State<AppState>, caller: Caller) -> Response {
    let ctx = &caller.ctx;
    let today = s.app.today();
    let role = caller.principal().map(|p| p.role);
    let can_cases = ctx.can(Resource::Case, Action::Read);
    let list = |f: CaseFilter| {
        let (s, ctx) = (s.clone(), ctx.clone());
        async move {
            if can_cases {
                cases::list(&s.app, &ctx, &f, 20, None)
                    .await
                    .unwrap_or_else(|_| empty())
            } else {
                empty()
            }
        }
    };
    let due = list(CaseFilter {
        follow_up_before: Some(domain::dates::next_day(&today)),
        ..Default::default()
    })
    .await;
    let new_cases = list(CaseFilter {
        status: Some(domain::cases::Status::New),
        ..Default::default()
    })
    .await;
    let escalations = if matches!(role, Some(Role::DivisionChief | Role::Leader | Role::Admin)) {
        list(CaseFilter {
            awaiting_decision: true,
            open: Some(true),
            ..Default::default()
        })
        .await
    } else {
        empty()
    };
    let mine = if role == Some(Role::DistrictOfficial) {
        enterprises::list(&s.app, ctx, &EnterpriseFilter::default(), 20, None)
            .await
            .unwrap_or_else(|_| empty())
    } else {
        empty()
    };
    let undesignated = if ctx.can(Resource::Designation, Action::Update) {
        enterprises::list(
            &s.app,
            ctx,
            &EnterpriseFilter {
                undesignated: true,
                status: Some("in_difficulty".into()),
                ..Default::default()
            },
            10,
            None,
        )
        .await
        .unwrap_or_else(|_| empty())
    } else {
        empty()
    };
    let divisions = app::org::divisions(&s.app).await.unwrap_or_default();
    // SLA breaches of open cases that arrived in the last 30 days.
    let now = s.app.now();
    let breaches: Vec<_> = if can_cases {
        app::consulting::sla::open_breaches(&s.app, ctx, now - 30 * 86_400_000, now + 1)
            .await
            .map(|b| b.into_iter().take(20).collect())
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    render(
        &s,
        &caller,
        "measure1/staff_home.html",
        "/staff",
        context! { today, due => listed(due), new_cases => listed(new_cases), escalations => listed(escalations), mine => listed(mine), undesignated => listed(undesignated), divisions => ser(&divisions), breaches => ser(&breaches) },
    )
    .await
}

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
    let f = EnterpriseFilter {
        text: q.q.clone(),
        undesignated: q.undesignated.is_some(),
        ..Default::default()
    };
    match enterprises::list(&s.app, &caller.ctx, &f, 50, q.cursor.as_deref()).await {
        Ok(page) => {
            let can_export = caller.ctx.can(Resource::PersonalContact, Action::Read);
            let can_import = caller.ctx.can(Resource::Enterprise, Action::Create);
            let ctx = context! { page => listed(page), q => q.q, undesignated => q.undesignated.is_some(), can_export, can_import, imported => q.imported };
            render(
                &s,
                &caller,
                "measure1/enterprises.html",
                "/staff/enterprises",
                ctx,
            )
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

async fn enterprise_page(
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
        context! { e => ser(&e), reports => ser(&reports), history => ser(&history), cases => ser(&full), can_designate, officials => ser(&officials), contacts => ser(&contacts), errors },
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
    let rows = app::org::distribution::for_measure(&s.app, &ctx, 1)
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

async fn case_page(
    s: &AppState,
    caller: &Caller,
    id: &str,
    status: StatusCode,
    errors: Vec<String>,
) -> Response {
    let Ok(uuid) = uuid::Uuid::parse_str(id) else {
        return app_error_page(&AppError::NotFound, caller.locale);
    };
    match cases::get(&s.app, &caller.ctx, uuid).await {
        Ok(c) => {
            let ctx = &caller.ctx;
            let enterprise = match &c.enterprise {
                Some(u) => enterprises::get(&s.app, ctx, u).await.ok(),
                None => None,
            };
            let can_work = ctx.can(Resource::Case, Action::Update);
            let can_decide = ctx.can(Resource::Decision, Action::Create) && c.significant;
            let divisions: Vec<&str> = domain::DivisionCode::ALL
                .iter()
                .map(|d| d.as_str())
                .collect();
            let (template, path) = if matches!(
                caller.principal().map(|p| p.role),
                Some(Role::EnterpriseUser)
            ) {
                (
                    "measure1/portal_case.html",
                    format!("/portal/cases/{}", c.id),
                )
            } else {
                ("measure1/case.html", format!("/staff/cases/{}", c.id))
            };
            render_status(
                s,
                caller,
                status,
                template,
                &path,
                context! { c => ser(&c), enterprise => ser(&enterprise), can_work, can_decide, record_kinds => ser(&domain::cases::RECORD_KINDS), divisions, errors },
            )
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

pub async fn case(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Response {
    case_page(&s, &caller, &id, StatusCode::OK, Vec::new()).await
}

#[derive(Debug, Deserialize)]
pub struct CaseAction {
    pub action: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub next_follow_up: String,
    /// The checkbox "no further follow-up" (sent only when ticked).
    #[serde(default)]
    pub clear_follow_up: Option<String>,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub division: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub due_date: String,
}

/// One form handler for the case's actions: record, status, escalate, decide, reassign.
pub async fn case_action(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Form(f): Form<CaseAction>,
) -> Response {
    let Ok(uuid) = uuid::Uuid::parse_str(&id) else {
        return app_error_page(&AppError::NotFound, caller.locale);
    };
    let (app, ctx) = (&s.app, &caller.ctx);
    let opt = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
    let result = match f.action.as_str() {
        "record" => cases::work::add_record(
            app,
            ctx,
            uuid,
            &NewRecord {
                kind: f.kind.clone(),
                content: f.content.clone(),
                outcome: opt(&f.outcome),
                next_follow_up: opt(&f.next_follow_up),
                clear_follow_up: f.clear_follow_up.is_some(),
            },
        )
        .await
        .map(|_| ()),
        "status" => {
            cases::work::change_status(app, ctx, uuid, &f.status, opt(&f.content).as_deref())
                .await
                .map(|_| ())
        }
        "escalate" => cases::work::escalate(app, ctx, uuid, &f.reason)
            .await
            .map(|_| ()),
        "decide" => cases::work::decide(
            app,
            ctx,
            uuid,
            &NewDecision {
                decision: f.decision.clone(),
                division: f.division.clone(),
                owner: f.owner.clone(),
                due_date: f.due_date.clone(),
            },
        )
        .await
        .map(|_| ()),
        "reassign" => cases::work::reassign(app, ctx, uuid, &f.division, &f.reason)
            .await
            .map(|_| ()),
        _ => Err(AppError::invalid(
            "action",
            "unknown_action",
            "unknown action",
        )),
    };
    match result {
        Ok(()) if f.action == "reassign" && cases::get(app, ctx, uuid).await.is_err() => {
            see_other(&format!("/staff?moved={uuid}"), &[])
        }
        Ok(()) => see_other(&format!("/staff/cases/{uuid}"), &[]),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(..))) => {
            case_page(
                &s,
                &caller,
                &id,
                StatusCode::UNPROCESSABLE_ENTITY,
                errors_of(&e),
            )
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

/// The district dashboard: resumption by district, difficulties by category, overdue follow-ups.
pub async fn dashboard(State(s): State<AppState>, caller: Caller) -> Response {
    use crate::charts::{Bar, bars};
    let d = match enterprises::dashboard::dashboard(&s.app, &caller.ctx).await {
        Ok(d) => d,
        Err(e) => return app_error_page(&e, caller.locale),
    };
    let zh = caller.locale == crate::i18n::Locale::ZH_CN;
    let t = |k: &str| crate::i18n::t(caller.locale, k, &[]);
    let rate: Vec<Bar> = d
        .districts
        .iter()
        .map(|r| Bar {
            label: if zh {
                r.name_zh.clone()
            } else {
                r.name_en.clone()
            },
            value: r.rate_pct,
            shown: format!("{}%", r.rate_pct),
        })
        .collect();
    let overdue: Vec<Bar> = d
        .districts
        .iter()
        .map(|r| Bar {
            label: if zh {
                r.name_zh.clone()
            } else {
                r.name_en.clone()
            },
            value: r.overdue,
            shown: r.overdue.to_string(),
        })
        .collect();
    let cats: Vec<Bar> = d
        .categories
        .iter()
        .map(|c| Bar {
            label: t(&format!("cat-{}", c.category)),
            value: c.total,
            shown: format!("{} ({} {})", c.total, c.open, t("dash-open")),
        })
        .collect();
    let ctx = context! {
        d => ser(&d),
        rate_svg => Value::from_safe_string(bars(&t("dash-resumption"), &rate, Some(100))),
        overdue_svg => Value::from_safe_string(bars(&t("dash-overdue"), &overdue, None)),
        cat_svg => Value::from_safe_string(bars(&t("dash-categories"), &cats, None)),
    };
    render(
        &s,
        &caller,
        "measure1/dashboard.html",
        "/staff/dashboard",
        ctx,
    )
    .await
}
