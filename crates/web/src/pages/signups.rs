//! The district official's queue of enterprise sign-ups: approve one of the registry,
//! register one that is not in it (which confirms it), or refuse.

use app::AppError;
use app::enterprises::accounts::{self, queue::Registration};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use domain::{Action, Resource};
use minijinja::context;
use serde::Deserialize;

use super::measure1::{errors_of, ser};
use super::{app_error_page, render_status, see_other};
use crate::AppState;
use crate::guard::Caller;
use crate::routes::{Perm, Routes, Surface};

/// Registers the queue's pages, each with its permission.
pub fn add(r: Routes) -> Routes {
    r.add(
        Method::GET,
        "/staff/signups",
        Perm::Allow(Resource::Signup, Action::Read),
        Surface::Page,
        "Enterprise sign-ups waiting for a decision",
        queue,
    )
    .add(
        Method::POST,
        "/staff/signups/{id}",
        Perm::Allow(Resource::Signup, Action::Update),
        Surface::Page,
        "Approve, register or refuse a sign-up",
        decide,
    )
}

async fn queue_page(
    s: &AppState,
    caller: &Caller,
    status: StatusCode,
    errors: Vec<String>,
) -> Response {
    match accounts::pending(&s.app, &caller.ctx).await {
        Ok(items) => {
            let kinds = domain::enterprise::KINDS;
            render_status(
                s,
                caller,
                status,
                "measure1/signups.html",
                "/staff/signups",
                context! { items => ser(&items), kinds => ser(&kinds), errors },
            )
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

pub async fn queue(State(s): State<AppState>, caller: Caller) -> Response {
    queue_page(&s, &caller, StatusCode::OK, Vec::new()).await
}

#[derive(Debug, Deserialize)]
pub struct DecideForm {
    pub action: String,
    #[serde(default)]
    pub kind: String,
}

pub async fn decide(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Form(f): Form<DecideForm>,
) -> Response {
    let Ok(id) = uuid::Uuid::parse_str(&id) else {
        return app_error_page(&AppError::NotFound, caller.locale);
    };
    let (app, ctx) = (&s.app, &caller.ctx);
    let done = match f.action.as_str() {
        "approve" => accounts::approve(app, ctx, id).await,
        "refuse" => accounts::refuse(app, ctx, id).await,
        "register" => {
            let r = Registration {
                kinds: vec![f.kind.clone()],
                ..Registration::default()
            };
            accounts::register_and_approve(app, ctx, id, &r).await
        }
        _ => Err(AppError::invalid(
            "action",
            "invalid_choice",
            "approve, register or refuse",
        )),
    };
    match done {
        Ok(_) => see_other("/staff/signups?done=1", &[]),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(..))) => {
            queue_page(&s, &caller, StatusCode::UNPROCESSABLE_ENTITY, errors_of(&e)).await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}
