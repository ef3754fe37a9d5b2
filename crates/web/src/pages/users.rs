//! Accounts in the back office: the list, the create form (admins) and disabling.

use app::AppError;
use app::auth::users::{self, NewUser};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::Method;
use axum::http::StatusCode;
use axum::response::Response;
use domain::{Action, Resource};
use minijinja::{Value, context};
use serde::Deserialize;

use super::{app_error_page, render_status, see_other};
use crate::AppState;
use crate::guard::Caller;
use crate::routes::{Perm, Routes, Surface};

/// Registers the account pages, each with its permission.
pub fn add(r: Routes) -> Routes {
    use Method as M;
    use Perm::*;
    use Surface::Page;
    r.add(
        M::GET,
        "/staff/users",
        Allow(Resource::User, Action::Read),
        Page,
        "Accounts",
        list,
    )
    .add(
        M::POST,
        "/staff/users",
        Allow(Resource::User, Action::Create),
        Page,
        "Create an account",
        create,
    )
    .add(
        M::POST,
        "/staff/users/{id}/disable",
        Allow(Resource::User, Action::Update),
        Page,
        "Disable an account",
        disable,
    )
}

#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    pub cursor: Option<String>,
    pub created: Option<String>,
    pub disabled: Option<String>,
}

async fn page(
    s: &AppState,
    caller: &Caller,
    status: StatusCode,
    cursor: Option<&str>,
    extra: Value,
) -> Response {
    match users::list(&s.app, &caller.ctx, 100, cursor).await {
        Ok(p) => {
            let roles: Vec<&str> = domain::Role::ALL.iter().map(|r| r.as_str()).collect();
            let divisions: Vec<&str> = domain::DivisionCode::ALL
                .iter()
                .map(|d| d.as_str())
                .collect();
            render_status(s, caller, status, "admin/users.html", "/staff/users", context! { users => Value::from(minijinja::value::Serde(&p.items)), total => p.total, next_cursor => p.next_cursor, roles => roles, divisions => divisions, ..extra }).await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

pub async fn list(
    State(s): State<AppState>,
    caller: Caller,
    Query(q): Query<ListQuery>,
) -> Response {
    page(
        &s,
        &caller,
        StatusCode::OK,
        q.cursor.as_deref(),
        context! { created => q.created, disabled => q.disabled },
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct NewUserForm {
    pub email: String,
    pub name: String,
    pub role: String,
    #[serde(default)]
    pub division: String,
    #[serde(default)]
    pub district: String,
    #[serde(default)]
    pub enterprise: String,
    pub password: String,
}

pub async fn create(
    State(s): State<AppState>,
    caller: Caller,
    Form(f): Form<NewUserForm>,
) -> Response {
    let n = NewUser {
        email: f.email.clone(),
        name: f.name.clone(),
        role: f.role.clone(),
        division: Some(f.division.clone()),
        district: Some(f.district.clone()),
        enterprise: Some(f.enterprise.clone()),
        password: f.password,
    };
    match users::create(&s.app, &caller.ctx, &n).await {
        Ok(u) => see_other(
            &format!("/staff/users?created={}", super::url_encode(&u.email)),
            &[],
        ),
        Err(AppError::Invalid(errs)) => {
            let errors: std::collections::BTreeMap<String, String> = errs
                .into_iter()
                .map(|e| {
                    let message = crate::i18n::field_message(caller.locale, &e);
                    (e.field, message)
                })
                .collect();
            let form = context! { email => f.email, name => f.name, role => f.role, division => f.division, district => f.district, enterprise => f.enterprise };
            page(
                &s,
                &caller,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                context! { errors => errors, form => form },
            )
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

pub async fn disable(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = uuid::Uuid::parse_str(&id) else {
        return app_error_page(&AppError::NotFound, caller.locale);
    };
    match users::disable(&s.app, &caller.ctx, id).await {
        Ok(u) => see_other(
            &format!("/staff/users?disabled={}", super::url_encode(&u.email)),
            &[],
        ),
        Err(e) => app_error_page(&e, caller.locale),
    }
}
