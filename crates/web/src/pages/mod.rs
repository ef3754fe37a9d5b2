//! Server-rendered pages: the public site, the staff back office and the enterprise portal.
//! Every main action is a plain form post, so it works without JavaScript.

pub mod audit;
pub mod consulting;
pub mod faq;
pub mod jobs;
pub mod login;
pub mod measure1;
pub mod org;
pub mod portal;
pub mod public;
pub mod staff;
pub mod users;

use app::AppError;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use domain::{Action, Resource, allowed};
use minijinja::{Value, context};

use crate::AppState;
use crate::guard::Caller;
use crate::i18n::{self, Locale};
use crate::routes::{Perm, Routes, Surface};

pub fn add(r: Routes) -> Routes {
    use Method as M;
    use Perm::*;
    use Surface::Page;
    r.add(
        M::GET,
        "/",
        Public,
        Page,
        "Public home: the ten measures",
        public::home,
    )
    .add(
        M::GET,
        "/static/app.css",
        Public,
        Page,
        "Style sheet",
        public::stylesheet,
    )
    .add(
        M::GET,
        "/static/suggest.js",
        Public,
        Page,
        "Script: FAQ suggestions while a question is typed",
        public::suggest_script,
    )
    .add(M::GET, "/login", Public, Page, "Sign-in form", login::form)
    .add(M::POST, "/login", Public, Page, "Sign in", login::submit)
    .add(
        M::POST,
        "/logout",
        SignedIn,
        Page,
        "Sign out",
        login::logout,
    )
    .add(
        M::GET,
        "/account",
        SignedIn,
        Page,
        "My account",
        public::account,
    )
    .add(
        M::GET,
        "/staff",
        Allow(Resource::BackOffice, Action::Read),
        Page,
        "Staff home",
        measure1::board,
    )
    .add(
        M::GET,
        "/staff/measures/{n}",
        Allow(Resource::BackOffice, Action::Read),
        Page,
        "A measure's page",
        staff::measure,
    )
    .add(
        M::GET,
        "/staff/users",
        Allow(Resource::User, Action::Read),
        Page,
        "Accounts",
        users::list,
    )
    .add(
        M::POST,
        "/staff/users",
        Allow(Resource::User, Action::Create),
        Page,
        "Create an account",
        users::create,
    )
    .add(
        M::POST,
        "/staff/users/{id}/disable",
        Allow(Resource::User, Action::Update),
        Page,
        "Disable an account",
        users::disable,
    )
    .add(
        M::GET,
        "/staff/audit",
        Allow(Resource::Audit, Action::Read),
        Page,
        "The audit trail",
        audit::list,
    )
    .add(
        M::GET,
        "/staff/jobs",
        Allow(Resource::Job, Action::Read),
        Page,
        "Background jobs: failed and stopped ones",
        jobs::list,
    )
    .add(
        M::POST,
        "/staff/jobs/{id}/retry",
        Allow(Resource::Job, Action::Update),
        Page,
        "Retry a background job now",
        jobs::retry,
    )
    .add(
        M::GET,
        "/portal",
        Allow(Resource::Portal, Action::Read),
        Page,
        "Enterprise portal home",
        portal::portal,
    )
    .add(
        M::GET,
        "/staff/work-distribution",
        Allow(Resource::BackOffice, Action::Read),
        Page,
        "The Table of Work Distribution",
        org::table,
    )
    .add(
        M::GET,
        "/staff/work-distribution/import",
        Allow(Resource::Organisation, Action::Update),
        Page,
        "Import the table: upload",
        org::import_form,
    )
    .add(
        M::POST,
        "/staff/work-distribution/import",
        Allow(Resource::Organisation, Action::Update),
        Page,
        "Import the table: preview",
        org::import_upload,
    )
    .add(
        M::POST,
        "/staff/work-distribution/import/confirm",
        Allow(Resource::Organisation, Action::Update),
        Page,
        "Import the table: confirm",
        org::import_confirm,
    )
    .add(
        M::POST,
        "/staff/work-distribution/import/rejects",
        Allow(Resource::Organisation, Action::Update),
        Page,
        "Import the table: the refused rows as CSV",
        org::import_rejects,
    )
    .add(
        M::GET,
        "/staff/working-group",
        Allow(Resource::BackOffice, Action::Read),
        Page,
        "The working group's chart",
        org::working_group,
    )
    .add(
        M::GET,
        "/staff/directory",
        Allow(Resource::BackOffice, Action::Read),
        Page,
        "The staff directory",
        org::directory,
    )
    .add(
        M::GET,
        "/staff/enterprises",
        Allow(Resource::Enterprise, Action::Read),
        Page,
        "The enterprise registry",
        measure1::enterprise_list,
    )
    .add(
        M::GET,
        "/staff/enterprises/{uscc}",
        Allow(Resource::Enterprise, Action::Read),
        Page,
        "An enterprise's single file",
        measure1::enterprise,
    )
    .add(
        M::POST,
        "/staff/enterprises/{uscc}/liaison",
        Allow(Resource::Designation, Action::Update),
        Page,
        "Designate the official and contact",
        measure1::designate,
    )
    .add(
        M::GET,
        "/staff/cases/{id}",
        Allow(Resource::Case, Action::Read),
        Page,
        "A case and its timeline",
        measure1::case,
    )
    .add(
        M::POST,
        "/staff/cases/{id}",
        Allow(Resource::Case, Action::Read),
        Page,
        "Work on a case (each action checks its own permission)",
        measure1::case_action,
    )
    .add(
        M::GET,
        "/portal/cases/{id}",
        Allow(Resource::Case, Action::Read),
        Page,
        "One of my cases and the replies",
        measure1::case,
    )
    .add(
        M::POST,
        "/portal/difficulties",
        Allow(Resource::Case, Action::Create),
        Page,
        "Register a difficulty from the portal",
        portal::portal_difficulty,
    )
    .add(
        M::POST,
        "/portal/reports",
        Allow(Resource::Enterprise, Action::Read),
        Page,
        "File a resumption report from the portal",
        portal::portal_report,
    )
    .add(
        M::GET,
        "/staff/dashboard",
        Allow(Resource::BackOffice, Action::Read),
        Page,
        "The district dashboard",
        measure1::dashboard,
    )
    .add(
        M::GET,
        "/staff/enterprises/import",
        Allow(Resource::Enterprise, Action::Create),
        Page,
        "Import enterprises: upload",
        org::enterprise_import_form,
    )
    .add(
        M::POST,
        "/staff/enterprises/import",
        Allow(Resource::Enterprise, Action::Create),
        Page,
        "Import enterprises: preview",
        org::enterprise_import_upload,
    )
    .add(
        M::POST,
        "/staff/enterprises/import/confirm",
        Allow(Resource::Enterprise, Action::Create),
        Page,
        "Import enterprises: confirm",
        org::enterprise_import_confirm,
    )
    .add(
        M::POST,
        "/staff/enterprises/import/rejects",
        Allow(Resource::Enterprise, Action::Create),
        Page,
        "Import enterprises: the refused rows as CSV",
        org::enterprise_import_rejects,
    )
}

/// The staff pages' layout; a page in it is offered only in the staff languages.
pub const STAFF_LAYOUT: &str = "common/layout_staff.html";

/// Renders a page with the context every layout needs.
pub async fn render(
    state: &AppState,
    caller: &Caller,
    template: &str,
    path: &str,
    extra: Value,
) -> Response {
    render_status(state, caller, StatusCode::OK, template, path, extra).await
}

pub async fn render_status(
    state: &AppState,
    caller: &Caller,
    status: StatusCode,
    template: &str,
    path: &str,
    extra: Value,
) -> Response {
    let measures = app::org::measures(&state.app).await.unwrap_or_default();
    let role = caller.principal().map(|p| p.role);
    let can = |r, a| role.is_some_and(|role| allowed(role, r, a));
    let in_staff_layout = extra
        .get_attr("layout")
        .is_ok_and(|l| l.as_str() == Some(STAFF_LAYOUT));
    let audience = if in_staff_layout {
        i18n::Audience::Staff
    } else {
        i18n::Audience::of_path(path)
    };
    let base = context! {
        lang => caller.locale.tag(),
        languages => Locale::offered(audience)
            .into_iter()
            .map(|l| (l.tag(), l.name()))
            .collect::<Vec<_>>(),
        me => Value::from(minijinja::value::Serde(caller.principal())),
        csrf => caller.csrf(),
        path => path,
        measures => Value::from(minijinja::value::Serde(&measures)),
        can_users => can(Resource::User, Action::Read),
        can_create_users => can(Resource::User, Action::Create),
        can_audit => can(Resource::Audit, Action::Read),
        can_jobs => can(Resource::Job, Action::Read),
        can_backoffice => can(Resource::BackOffice, Action::Read),
        can_portal => can(Resource::Portal, Action::Read),
    };
    match state.views.render(template, context! { ..extra, ..base }) {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(request_id = %crate::observe::request_id(), error = %e, "template failed");
            error_page(StatusCode::INTERNAL_SERVER_ERROR, caller.locale)
        }
    }
}

/// A small self-contained error page (no database, no layout), in the caller's language.
pub fn error_page(status: StatusCode, locale: Locale) -> Response {
    let key = match status {
        StatusCode::NOT_FOUND => "error-not-found",
        StatusCode::FORBIDDEN => "error-forbidden",
        _ => "error-internal",
    };
    let title = i18n::t(locale, key, &[]);
    let home = i18n::t(locale, "error-home", &[]);
    let html = format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title><link rel=\"stylesheet\" href=\"/static/app.css\"></head><body><main class=\"narrow\"><h1>{} · {title}</h1><p><a href=\"/\">{home}</a></p></main></body></html>",
        locale.tag(),
        status.as_u16()
    );
    (status, Html(html)).into_response()
}

/// An application error on a page.
pub fn app_error_page(e: &AppError, locale: Locale) -> Response {
    match e {
        AppError::NotFound => error_page(StatusCode::NOT_FOUND, locale),
        AppError::Forbidden => error_page(StatusCode::FORBIDDEN, locale),
        other => {
            tracing::error!(request_id = %crate::observe::request_id(), error = %other, "page failed");
            error_page(StatusCode::INTERNAL_SERVER_ERROR, locale)
        }
    }
}

pub async fn not_found(req: axum::extract::Request) -> Response {
    let audience = i18n::Audience::of_path(req.uri().path());
    let (locale, _) = i18n::negotiate(req.headers(), req.uri().query(), audience);
    if req.uri().path().starts_with("/api/") {
        let problem =
            crate::problem::Problem::new(StatusCode::NOT_FOUND, "not_found", "No such endpoint");
        return i18n::scope(locale, async { problem.into_response() }).await;
    }
    error_page(StatusCode::NOT_FOUND, locale)
}

/// Percent-encodes a string for a query parameter.
pub fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A 303 redirect (after a form post) with optional extra cookies.
pub fn see_other(to: &str, cookies: &[String]) -> Response {
    let mut res = (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_owned())]).into_response();
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(c) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

/// A cookie attribute string; `Secure` when served over TLS.
pub fn cookie(state: &AppState, name: &str, value: &str, max_age: Option<i64>) -> String {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(a) = max_age {
        c.push_str(&format!("; Max-Age={a}"));
    }
    if state.settings.secure_cookies {
        c.push_str("; Secure");
    }
    c
}
