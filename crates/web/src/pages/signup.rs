//! The public sign-up of an enterprise account: the form, the page that follows the sign-up
//! (the code form while a code is expected, else where it waits), and confirming the code.

use app::AppError;
use app::enterprises::accounts::{self, NewSignup, SignupView};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::measure1::{errors_of, ser};
use super::{app_error_page, render_status, see_other};
use crate::AppState;
use crate::guard::Caller;
use crate::routes::{Perm, Routes, Surface};

/// Registers the sign-up pages, each with its permission.
pub fn add(r: Routes) -> Routes {
    use Method as M;
    use Perm::Public;
    use Surface::Page;
    r.add(
        M::GET,
        "/signup",
        Public,
        Page,
        "Sign up an enterprise account",
        form,
    )
    .add(
        M::POST,
        "/signup",
        Public,
        Page,
        "Send an enterprise sign-up (rate-limited)",
        submit,
    )
    .add(
        M::GET,
        "/signup/{id}",
        Public,
        Page,
        "A sign-up's state, with the code form",
        follow,
    )
    .add(
        M::POST,
        "/signup/{id}/confirm",
        Public,
        Page,
        "Confirm a sign-up with its code",
        confirm,
    )
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct SignupForm {
    #[serde(default)]
    pub uscc: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub district: String,
    #[serde(default)]
    pub contact_name: String,
    #[serde(default)]
    pub mobile: String,
    #[serde(default)]
    pub email: String,
    #[serde(default, skip_serializing)]
    pub password: String,
    #[serde(default, rename = "_csrf", skip_serializing)]
    pub _csrf: String,
}

async fn form_page(
    s: &AppState,
    caller: &Caller,
    status: StatusCode,
    f: &SignupForm,
    errors: Vec<String>,
) -> Response {
    let districts = app::org::districts(&s.app).await.unwrap_or_default();
    render_status(
        s,
        caller,
        status,
        "common/signup.html",
        "/signup",
        context! { form => ser(f), districts => ser(&districts), errors },
    )
    .await
}

pub async fn form(State(s): State<AppState>, caller: Caller) -> Response {
    form_page(
        &s,
        &caller,
        StatusCode::OK,
        &SignupForm::default(),
        Vec::new(),
    )
    .await
}

pub async fn submit(
    State(s): State<AppState>,
    caller: Caller,
    Form(f): Form<SignupForm>,
) -> Response {
    let n = NewSignup {
        uscc: f.uscc.clone(),
        name: f.name.clone(),
        district: f.district.clone(),
        contact_name: f.contact_name.clone(),
        mobile: f.mobile.clone(),
        email: f.email.clone(),
        password: f.password.clone(),
    };
    match crate::api::accounts::sign_up(&s, &caller, &n).await {
        Ok(v) => see_other(&format!("/signup/{}", v.id), &[]),
        Err(e @ (AppError::Invalid(_) | AppError::RateLimited(_))) => {
            let status = if matches!(e, AppError::RateLimited(_)) {
                StatusCode::TOO_MANY_REQUESTS
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            form_page(&s, &caller, status, &f, errors_of(&e)).await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

async fn follow_page(
    s: &AppState,
    caller: &Caller,
    status: StatusCode,
    v: &SignupView,
    errors: Vec<String>,
) -> Response {
    render_status(
        s,
        caller,
        status,
        "common/signup_status.html",
        &format!("/signup/{}", v.id),
        context! { su => ser(v), errors },
    )
    .await
}

pub async fn follow(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Response {
    let Ok(id) = uuid::Uuid::parse_str(&id) else {
        return app_error_page(&AppError::NotFound, caller.locale);
    };
    match accounts::status(&s.app, id).await {
        Ok(v) => follow_page(&s, &caller, StatusCode::OK, &v, Vec::new()).await,
        Err(e) => app_error_page(&e, caller.locale),
    }
}

#[derive(Debug, Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    pub code: String,
}

pub async fn confirm(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Form(f): Form<CodeForm>,
) -> Response {
    let Ok(uuid) = uuid::Uuid::parse_str(&id) else {
        return app_error_page(&AppError::NotFound, caller.locale);
    };
    match crate::api::accounts::confirm(&s, &caller, uuid, &f.code).await {
        Ok(_) => see_other(&format!("/signup/{id}"), &[]),
        Err(e @ (AppError::Invalid(_) | AppError::RateLimited(_) | AppError::Conflict(..))) => {
            let status = match e {
                AppError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
                AppError::Conflict(..) => StatusCode::CONFLICT,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            match accounts::status(&s.app, uuid).await {
                Ok(v) => follow_page(&s, &caller, status, &v, errors_of(&e)).await,
                Err(e) => app_error_page(&e, caller.locale),
            }
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}
