//! The public question form, and the same form for enterprise users in the portal.

use app::AppError;
use app::consulting::channels::{self, Question};
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use minijinja::context;
use serde::Deserialize;

use super::faq_lang_for;
use crate::AppState;
use crate::guard::Caller;
use crate::pages::measure1::{errors_of, ser};
use crate::pages::{app_error_page, render_status};

pub async fn ask_form(State(s): State<AppState>, caller: Caller) -> Response {
    ask_page(&s, &caller, StatusCode::OK, Vec::new(), None, None).await
}

async fn ask_page(
    s: &AppState,
    caller: &Caller,
    status: StatusCode,
    errors: Vec<String>,
    form: Option<&AskForm>,
    received: Option<&channels::Received>,
) -> Response {
    let enterprise = caller
        .principal()
        .is_some_and(|p| p.role == domain::Role::EnterpriseUser);
    render_status(
        s,
        caller,
        status,
        "consulting/ask.html",
        "/ask",
        context! {
            errors => errors, form => form.map(ser), received => received.map(ser),
            enterprise => enterprise, shown_at => s.app.now(),
            faq_lang => faq_lang_for(caller.locale),
        },
    )
    .await
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct AskForm {
    pub question: String,
    #[serde(default)]
    pub contact_name: String,
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub shown_at: Option<i64>,
    #[serde(default, rename = "_csrf", skip_serializing)]
    pub _csrf: String,
}

pub async fn ask_submit(
    State(s): State<AppState>,
    caller: Caller,
    Form(f): Form<AskForm>,
) -> Response {
    let q = Question {
        question: f.question.clone(),
        contact_name: f.contact_name.clone(),
        contact: f.contact.clone(),
        topic: None,
        website: f.website.clone(),
        shown_at: f.shown_at,
    };
    match crate::api::consulting::channels::submit_question(&s, &caller, &q).await {
        Ok(r) => ask_page(&s, &caller, StatusCode::OK, Vec::new(), None, Some(&r)).await,
        Err(e @ (AppError::Invalid(_) | AppError::RateLimited(_))) => {
            let status = if matches!(e, AppError::RateLimited(_)) {
                StatusCode::TOO_MANY_REQUESTS
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            ask_page(&s, &caller, status, errors_of(&e), Some(&f), None).await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
pub struct StatusForm {
    #[serde(default)]
    pub reference: String,
    #[serde(default)]
    pub contact: String,
    #[serde(default, rename = "_csrf", skip_serializing)]
    pub _csrf: String,
}

/// The look-up form; `?reference=` fills in the reference (the link on the thanks page).
pub async fn status_form(
    State(s): State<AppState>,
    caller: Caller,
    axum::extract::Query(f): axum::extract::Query<StatusForm>,
) -> Response {
    status_page(&s, &caller, StatusCode::OK, &f, None, Vec::new()).await
}

/// The question's status and answers, or the same "not found" for any wrong reference or contact.
pub async fn status_submit(
    State(s): State<AppState>,
    caller: Caller,
    Form(f): Form<StatusForm>,
) -> Response {
    let l = channels::status::Lookup {
        reference: f.reference.clone(),
        contact: f.contact.clone(),
    };
    match crate::api::consulting::status::lookup_question(&s, &caller, &l).await {
        Ok(q) => status_page(&s, &caller, StatusCode::OK, &f, Some(&q), Vec::new()).await,
        Err(AppError::NotFound) => {
            let msg = crate::i18n::t(caller.locale, "ask-status-not-found", &[]);
            status_page(&s, &caller, StatusCode::NOT_FOUND, &f, None, vec![msg]).await
        }
        Err(e @ (AppError::Invalid(_) | AppError::RateLimited(_))) => {
            let status = if matches!(e, AppError::RateLimited(_)) {
                StatusCode::TOO_MANY_REQUESTS
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            status_page(&s, &caller, status, &f, None, errors_of(&e)).await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

async fn status_page(
    s: &AppState,
    caller: &Caller,
    status: StatusCode,
    form: &StatusForm,
    found: Option<&channels::status::QuestionStatus>,
    errors: Vec<String>,
) -> Response {
    render_status(
        s,
        caller,
        status,
        "consulting/ask_status.html",
        "/ask/status",
        context! { form => ser(form), found => found.map(ser), errors },
    )
    .await
}
