//! Sign in and out.

use app::AppError;
use app::auth::login;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::Method;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use minijinja::context;
use serde::Deserialize;

use super::{cookie, render, render_status, see_other};
use crate::AppState;
use crate::guard::{Caller, PRELOGIN_CSRF_COOKIE, SESSION_COOKIE};
use crate::i18n;
use crate::routes::{Perm, Routes, Surface};

/// Registers the sign-in and sign-out pages, each with its permission.
pub fn add(r: Routes) -> Routes {
    use Method as M;
    use Perm::*;
    use Surface::Page;
    r.add(M::GET, "/login", Public, Page, "Sign-in form", form)
        .add(M::POST, "/login", Public, Page, "Sign in", submit)
        .add(M::POST, "/logout", SignedIn, Page, "Sign out", logout)
}

#[derive(Debug, Deserialize)]
pub struct Next {
    pub next: Option<String>,
}

/// Only a local path is followed after sign-in (no open redirect).
fn safe_next(next: Option<&str>) -> Option<String> {
    next.filter(|n| {
        n.starts_with('/')
            && !n[1..].starts_with(['/', '\\'])
            && n.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"/-_.~?=&%".contains(&b))
    })
    .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        for ok in ["/staff", "/staff/users?cursor=abc", "/"] {
            assert_eq!(super::safe_next(Some(ok)).as_deref(), Some(ok));
        }
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "https://evil.example",
            "/%09/x\n",
            "/a b",
        ] {
            assert_eq!(super::safe_next(Some(bad)), None, "{bad:?}");
        }
    }
}

fn home_for(caller_is_staff: bool) -> &'static str {
    if caller_is_staff { "/staff" } else { "/portal" }
}

pub async fn form(
    State(s): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Query(q): Query<Next>,
) -> Response {
    if let Some(p) = caller.principal() {
        return see_other(home_for(p.role.is_staff()), &[]);
    }
    let token = i18n::cookie_value(&headers, PRELOGIN_CSRF_COOKIE)
        .filter(|t| t.len() >= 32)
        .map(str::to_owned)
        .unwrap_or_else(app::random_token);
    let mut res = render(
        &s,
        &caller,
        "common/login.html",
        "/login",
        context! { login_csrf => token.clone(), next => safe_next(q.next.as_deref()) },
    )
    .await;
    if let Ok(v) = cookie(&s, PRELOGIN_CSRF_COOKIE, &token, Some(3600)).parse() {
        res.headers_mut().append(axum::http::header::SET_COOKIE, v);
    }
    res
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    pub email: String,
    pub password: String,
    #[serde(rename = "_csrf")]
    pub csrf: String,
    pub next: Option<String>,
}

pub async fn submit(
    State(s): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Response {
    let expected = i18n::cookie_value(&headers, PRELOGIN_CSRF_COOKIE).unwrap_or("");
    let next = safe_next(f.next.as_deref());
    let again = |code: &str, status| {
        let error = i18n::t(caller.locale, code, &[]);
        let (s, caller, email, next) = (s.clone(), caller.clone(), f.email.clone(), next.clone());
        let token = expected.to_owned();
        async move {
            render_status(&s, &caller, status, "common/login.html", "/login", context! { login_csrf => token.clone(), next => next, error => error, email => email }).await
        }
    };
    if expected.is_empty()
        || f.csrf != expected
        || headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site")
    {
        return again("login-expired", StatusCode::FORBIDDEN).await;
    }
    match login::login(&s.app, &caller.ctx, &f.email, &f.password).await {
        Ok(out) => {
            let to = next
                .clone()
                .unwrap_or_else(|| home_for(out.principal.role.is_staff()).to_owned());
            see_other(
                &to,
                &[
                    cookie(&s, SESSION_COOKIE, &out.session_token, None),
                    cookie(&s, PRELOGIN_CSRF_COOKIE, "", Some(0)),
                ],
            )
        }
        Err(AppError::Unauthenticated("account_locked", _)) => {
            again("login-locked", StatusCode::UNAUTHORIZED).await
        }
        Err(AppError::Unauthenticated(..)) => again("login-failed", StatusCode::UNAUTHORIZED).await,
        Err(e) => super::app_error_page(&e, caller.locale),
    }
}

pub async fn logout(State(s): State<AppState>, caller: Caller) -> Response {
    if let Some(sess) = &caller.session
        && let Err(e) = login::logout(&s.app, &caller.ctx, &sess.id_hash).await
    {
        return super::app_error_page(&e, caller.locale);
    }
    see_other("/login", &[cookie(&s, SESSION_COOKIE, "", Some(0))])
}
