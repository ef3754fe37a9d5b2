//! A case with its working forms: one form post for each action (record, status, escalate,
//! decide, reassign), for staff and for the enterprise in the portal.

use app::AppError;
use app::cases::work::{NewDecision, NewRecord};
use app::cases::{self};
use app::enterprises::{self};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::{Action, Resource, Role};
use minijinja::context;
use serde::Deserialize;

use super::{errors_of, ser};
use crate::AppState;
use crate::guard::Caller;
use crate::pages::{app_error_page, render_status, see_other};

pub(crate) async fn case_page(
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
            let assignees = if can_work {
                cases::assignable(&s.app, ctx, uuid)
                    .await
                    .unwrap_or_default()
            } else {
                Vec::new()
            };
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
            let attachments = if ctx.can(Resource::CaseAttachment, Action::Read) {
                cases::attach::list(&s.app, ctx, uuid)
                    .await
                    .unwrap_or_default()
            } else {
                Vec::new()
            };
            let can_attach = ctx.can(Resource::CaseAttachment, Action::Create);
            let limits = &s.app.settings.attachments;
            let attach_limit = domain::files::human_size(limits.max_bytes);
            render_status(
                s,
                caller,
                status,
                template,
                &path,
                context! { c => ser(&c), enterprise => ser(&enterprise), can_work, can_decide, record_kinds => ser(&domain::cases::RECORD_KINDS), divisions, errors, assignees => ser(&assignees), attachments => ser(&attachments), can_attach, attach_limit },
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
    /// A colleague's id, or empty for nobody.
    #[serde(default)]
    pub assignee: String,
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
        "assign" => match opt(&f.assignee).map(|a| uuid::Uuid::parse_str(&a)) {
            None => cases::assign(app, ctx, uuid, None).await.map(|_| ()),
            Some(Ok(a)) => cases::assign(app, ctx, uuid, Some(a)).await.map(|_| ()),
            Some(Err(_)) => Err(AppError::invalid(
                "assignee",
                "invalid_id",
                "choose a colleague",
            )),
        },
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
