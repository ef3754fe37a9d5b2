//! The portal's colleagues page (the enterprise administrator invites, withdraws and removes)
//! and the public page that accepts an invitation from its e-mailed link.

use app::AppError;
use app::enterprises::accounts::colleagues::{self, Acceptance};
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

/// Registers the pages, each with its permission.
pub fn add(r: Routes) -> Routes {
    use Method as M;
    use Surface::Page;
    let read = Perm::Allow(Resource::Colleague, Action::Read);
    let update = Perm::Allow(Resource::Colleague, Action::Update);
    r.add(
        M::GET,
        "/portal/colleagues",
        read,
        Page,
        "My enterprise's colleagues",
        page,
    )
    .add(
        M::POST,
        "/portal/colleagues",
        update,
        Page,
        "Invite, withdraw or remove (the administrator)",
        act,
    )
    .add(
        M::GET,
        "/invitations/{token}",
        Perm::Public,
        Page,
        "An invitation to join an enterprise's account",
        invitation,
    )
    .add(
        M::POST,
        "/invitations/{token}",
        Perm::Public,
        Page,
        "Accept an invitation",
        accept,
    )
}

async fn list_page(
    s: &AppState,
    caller: &Caller,
    status: StatusCode,
    errors: Vec<String>,
) -> Response {
    match colleagues::list(&s.app, &caller.ctx).await {
        Ok(c) => {
            render_status(
                s,
                caller,
                status,
                "measure1/colleagues.html",
                "/portal/colleagues",
                context! { c => ser(&c), errors },
            )
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

pub async fn page(State(s): State<AppState>, caller: Caller) -> Response {
    list_page(&s, &caller, StatusCode::OK, Vec::new()).await
}

#[derive(Debug, Deserialize)]
pub struct ActForm {
    pub action: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub id: String,
}

pub async fn act(State(s): State<AppState>, caller: Caller, Form(f): Form<ActForm>) -> Response {
    let (app, ctx) = (&s.app, &caller.ctx);
    let id = || uuid::Uuid::parse_str(&f.id).map_err(|_| AppError::NotFound);
    let lang = app::notify::Lang::parse(caller.locale.tag()).unwrap_or(app::notify::Lang::ZhCn);
    let done = match f.action.as_str() {
        "invite" => colleagues::invite(app, ctx, &f.email, lang)
            .await
            .map(|_| ()),
        "revoke" => match id() {
            Ok(id) => colleagues::revoke(app, ctx, id).await,
            Err(e) => Err(e),
        },
        "remove" => match id() {
            Ok(id) => colleagues::remove(app, ctx, id).await.map(|_| ()),
            Err(e) => Err(e),
        },
        _ => Err(AppError::invalid(
            "action",
            "invalid_choice",
            "invite, revoke or remove",
        )),
    };
    match done {
        Ok(()) => see_other("/portal/colleagues", &[]),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(..))) => {
            list_page(&s, &caller, StatusCode::UNPROCESSABLE_ENTITY, errors_of(&e)).await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

async fn invitation_page(
    s: &AppState,
    caller: &Caller,
    status: StatusCode,
    token: &str,
    done: bool,
    errors: Vec<String>,
) -> Response {
    render_status(
        s,
        caller,
        status,
        "common/invitation.html",
        "/invitations",
        context! { token, done, errors },
    )
    .await
}

pub async fn invitation(
    State(s): State<AppState>,
    caller: Caller,
    Path(token): Path<String>,
) -> Response {
    invitation_page(&s, &caller, StatusCode::OK, &token, false, Vec::new()).await
}

#[derive(Debug, Deserialize)]
pub struct AcceptForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub password: String,
}

pub async fn accept(
    State(s): State<AppState>,
    caller: Caller,
    Path(token): Path<String>,
    Form(f): Form<AcceptForm>,
) -> Response {
    let a = Acceptance {
        name: f.name,
        password: f.password,
    };
    match colleagues::accept(&s.app, &caller.ctx, &token, &a).await {
        Ok(()) => invitation_page(&s, &caller, StatusCode::OK, &token, true, Vec::new()).await,
        Err(AppError::NotFound) => {
            let msg = crate::i18n::t(caller.locale, "invite-not-found", &[]);
            invitation_page(&s, &caller, StatusCode::NOT_FOUND, &token, false, vec![msg]).await
        }
        Err(e @ AppError::Invalid(_)) => {
            invitation_page(
                &s,
                &caller,
                StatusCode::UNPROCESSABLE_ENTITY,
                &token,
                false,
                errors_of(&e),
            )
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}
