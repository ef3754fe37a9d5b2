//! Server-rendered pages: the public site, the staff back office and the enterprise portal.
//! Every main action is a plain form post, so it works without JavaScript.

pub mod audit;
pub mod case_list;
pub mod colleagues;
pub mod consulting;
pub mod faq;
pub mod funds;
pub mod inbox;
pub mod jobs;
pub mod login;
pub mod measure1;
pub mod org;
pub mod outgoing_mail;
pub mod portal;
pub mod public;
pub mod signup;
pub mod signups;
pub mod staff;
pub mod users;

use app::AppError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use domain::{Action, Resource, allowed};
use minijinja::{Value, context};

use crate::AppState;
use crate::guard::Caller;
use crate::i18n::{self, Locale};
use crate::routes::Routes;

/// Registers every page: each area's module adds its own, with its permission.
pub fn add(r: Routes) -> Routes {
    let r = public::add(r);
    let r = login::add(r);
    let r = measure1::add(r);
    let r = case_list::add(r);
    let r = staff::add(r);
    let r = users::add(r);
    let r = audit::add(r);
    let r = inbox::add(r);
    let r = jobs::add(r);
    let r = outgoing_mail::add(r);
    let r = portal::add(r);
    let r = signup::add(r);
    let r = signups::add(r);
    let r = colleagues::add(r);
    let r = org::add(r);
    let r = consulting::add(r);
    let r = funds::add(r);
    let r = funds::money::add(r);
    let r = funds::free::add(r);
    faq::add(r)
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
    // The header's inbox link and its count of unread notifications.
    let inbox = if can(Resource::Portal, Action::Read) {
        Some("/portal/inbox")
    } else if can(Resource::BackOffice, Action::Read) {
        Some("/staff/inbox")
    } else {
        None
    };
    let unread = match inbox {
        Some(_) => app::notify::inbox::unread_count(&state.app, &caller.ctx)
            .await
            .unwrap_or(0),
        None => 0,
    };
    // Staff pages name districts, never show their codes: `district_names[code]`.
    let chinese = matches!(caller.locale.tag(), "zh-CN" | "zh-Hant");
    let district_names: std::collections::BTreeMap<String, String> =
        if in_staff_layout || path.starts_with("/staff") {
            app::org::districts::districts(&state.app)
                .await
                .unwrap_or_default()
                .into_iter()
                .map(|d| (d.code, if chinese { d.name_zh } else { d.name_en }))
                .collect()
        } else {
            std::collections::BTreeMap::new()
        };
    let base = context! {
        district_names => district_names,
        inbox => inbox,
        unread => unread,
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
        // The menu offers only the pages the role may open (reviewers work no cases).
        can_cases => can(Resource::Case, Action::Update),
        can_enterprises => can(Resource::Enterprise, Action::Read),
        can_signups => can(Resource::Signup, Action::Read),
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
        StatusCode::SERVICE_UNAVAILABLE => "error-unavailable",
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
        // Busy (the database, or past capacity): come back shortly, never a 500.
        AppError::Unavailable(m) => {
            tracing::warn!(request_id = %crate::observe::request_id(), error = %m, "page unavailable");
            let mut res = error_page(StatusCode::SERVICE_UNAVAILABLE, locale);
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
            res
        }
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
