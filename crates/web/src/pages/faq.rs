//! The staff FAQ pages: write an entry, revise it (a new version, with the diff), publish it
//! now or at a time, archive it, and draft one from an answered inquiry.

use app::AppError;
use app::consulting::faq;
use axum::Form;
use axum::extract::{Path, Query, State};
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

/// The staff FAQ pages: write, revise (a new version), publish now or later, archive, and the
/// history with a diff between versions.
pub fn add(r: Routes) -> Routes {
    use Perm::Allow;
    use Surface::Page;
    let read = Allow(Resource::Faq, Action::Read);
    let edit = Allow(Resource::Faq, Action::Update);
    r.add(
        Method::GET,
        "/staff/faq/new",
        edit,
        Page,
        "Write an FAQ entry",
        faq_new,
    )
    .add(
        Method::POST,
        "/staff/faq",
        edit,
        Page,
        "Save a new FAQ entry",
        faq_create,
    )
    .add(
        Method::GET,
        "/staff/faq/{id}",
        read,
        Page,
        "An FAQ entry: texts, status, history, diff",
        faq_edit,
    )
    .add(
        Method::POST,
        "/staff/faq/{id}",
        edit,
        Page,
        "Save a new version of an FAQ entry",
        faq_revise,
    )
    .add(
        Method::POST,
        "/staff/faq/{id}/status",
        edit,
        Page,
        "Publish, schedule, unpublish or archive",
        faq_status,
    )
    .add(
        Method::POST,
        "/staff/cases/{id}/faq",
        edit,
        Page,
        "An FAQ draft from an answered inquiry",
        faq_from_case,
    )
}

#[derive(Debug, Default, Deserialize)]
pub struct DiffParams {
    pub from: Option<i64>,
    pub to: Option<i64>,
}

async fn faq_page(
    s: &AppState,
    caller: &Caller,
    status: StatusCode,
    id: Option<uuid::Uuid>,
    diff: &DiffParams,
    errors: Vec<String>,
) -> Response {
    let (app, ctx) = (&s.app, &caller.ctx);
    let (entry, history) = match id {
        Some(id) => match (
            faq::get(app, ctx, id).await,
            faq::history(app, ctx, id).await,
        ) {
            (Ok(e), Ok(h)) => (Some(e), h),
            (Err(e), _) | (_, Err(e)) => return app_error_page(&e, caller.locale),
        },
        None => (None, Vec::new()),
    };
    let changes = match (id, diff.from, diff.to) {
        (Some(id), Some(from), Some(to)) => faq::diff(app, ctx, id, from, to).await.ok(),
        _ => None,
    };
    let texts: Vec<_> = faq::LANGS
        .iter()
        .map(|l| {
            let t = entry.as_ref().and_then(|e| e.texts.iter().find(|t| t.lang == *l));
            context! { lang => *l, question => t.map(|t| t.question.clone()), answer => t.map(|t| t.answer.clone()) }
        })
        .collect();
    let path = id.map_or_else(
        || "/staff/faq/new".to_owned(),
        |id| format!("/staff/faq/{id}"),
    );
    render_status(s, caller, status, "faq/faq_edit.html", &path, context! {
        entry => entry.as_ref().map(ser), texts => texts, history => ser(&history),
        changes => changes.as_ref().map(ser), from => diff.from, to => diff.to, errors => errors,
        can_edit => ctx.can(Resource::Faq, Action::Update),
    })
    .await
}

pub async fn faq_new(State(s): State<AppState>, caller: Caller) -> Response {
    faq_page(
        &s,
        &caller,
        StatusCode::OK,
        None,
        &DiffParams::default(),
        Vec::new(),
    )
    .await
}

pub async fn faq_edit(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(d): Query<DiffParams>,
) -> Response {
    match uuid::Uuid::parse_str(&id) {
        Ok(id) => faq_page(&s, &caller, StatusCode::OK, Some(id), &d, Vec::new()).await,
        Err(_) => app_error_page(&AppError::NotFound, caller.locale),
    }
}

/// The form's fields: `q_{lang}`, `a_{lang}` for each language, `measure`, `tags`, `note`.
fn faq_input(form: &std::collections::HashMap<String, String>) -> faq::FaqInput {
    let get = |k: &str| form.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
    faq::FaqInput {
        measure: get("measure").parse().ok(),
        tags: get("tags")
            .split([',', '，'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect(),
        texts: faq::LANGS
            .iter()
            .filter(|l| !get(&format!("q_{l}")).is_empty() || !get(&format!("a_{l}")).is_empty())
            .map(|l| faq::Text {
                lang: (*l).into(),
                question: get(&format!("q_{l}")),
                answer: get(&format!("a_{l}")),
            })
            .collect(),
        note: get("note"),
    }
}

pub async fn faq_create(
    State(s): State<AppState>,
    caller: Caller,
    Form(f): Form<std::collections::HashMap<String, String>>,
) -> Response {
    match faq::save(&s.app, &caller.ctx, None, &faq_input(&f)).await {
        Ok(e) => see_other(&format!("/staff/faq/{}", e.id), &[]),
        Err(e @ AppError::Invalid(_)) => {
            faq_page(
                &s,
                &caller,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                &DiffParams::default(),
                errors_of(&e),
            )
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

pub async fn faq_revise(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Form(f): Form<std::collections::HashMap<String, String>>,
) -> Response {
    let Ok(uuid) = uuid::Uuid::parse_str(&id) else {
        return app_error_page(&AppError::NotFound, caller.locale);
    };
    match faq::save(&s.app, &caller.ctx, Some(uuid), &faq_input(&f)).await {
        Ok(e) => see_other(
            &format!(
                "/staff/faq/{}?from={}&to={}",
                e.id,
                e.version - 1,
                e.version
            ),
            &[],
        ),
        Err(e @ AppError::Invalid(_)) => {
            faq_page(
                &s,
                &caller,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(uuid),
                &DiffParams::default(),
                errors_of(&e),
            )
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

#[derive(Debug, Deserialize)]
pub struct StatusForm {
    pub status: String,
    #[serde(default)]
    pub at: String,
    #[serde(default, rename = "_csrf")]
    pub _csrf: String,
}

pub async fn faq_status(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Form(f): Form<StatusForm>,
) -> Response {
    let Ok(uuid) = uuid::Uuid::parse_str(&id) else {
        return app_error_page(&AppError::NotFound, caller.locale);
    };
    let at = match f.at.trim() {
        "" => Ok(None),
        a => s
            .app
            .zone()
            .parse_datetime(a)
            .map(Some)
            .map_err(|e| AppError::invalid("at", e.code(), e.to_string())),
    };
    let result = match at {
        Ok(at) => faq::set_status(&s.app, &caller.ctx, uuid, &f.status, at).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => see_other(&format!("/staff/faq/{id}"), &[]),
        Err(e @ AppError::Invalid(_)) => {
            faq_page(
                &s,
                &caller,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(uuid),
                &DiffParams::default(),
                errors_of(&e),
            )
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

pub async fn faq_from_case(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Response {
    let Ok(uuid) = uuid::Uuid::parse_str(&id) else {
        return app_error_page(&AppError::NotFound, caller.locale);
    };
    match faq::from_inquiry(&s.app, &caller.ctx, uuid).await {
        Ok(e) => see_other(&format!("/staff/faq/{}", e.id), &[]),
        Err(AppError::Conflict(_, _)) => {
            see_other(&format!("/staff/cases/{id}?faq=unanswered"), &[])
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}
