//! The public home, the style sheet, the account page and the portal home.

use axum::extract::State;
use axum::http::Method;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use minijinja::context;

use super::{STAFF_LAYOUT, render};
use crate::AppState;
use crate::guard::Caller;
use crate::i18n::Audience;
use crate::routes::{Perm, Routes, Surface};

/// Registers the public home page and its static files, each with its permission.
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
        home,
    )
    .add(
        M::GET,
        "/static/app.css",
        Public,
        Page,
        "Style sheet",
        stylesheet,
    )
    .add(
        M::GET,
        "/static/suggest.js",
        Public,
        Page,
        "Script: FAQ suggestions while a question is typed",
        suggest_script,
    )
    .add(M::GET, "/account", SignedIn, Page, "My account", account)
}

pub async fn home(State(s): State<AppState>, caller: Caller) -> Response {
    render(&s, &caller, "common/public_home.html", "/", context! {}).await
}

pub async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/app.css"),
    )
        .into_response()
}

pub async fn suggest_script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/suggest.js"),
    )
        .into_response()
}

pub async fn account(State(s): State<AppState>, mut caller: Caller) -> Response {
    // A staff member's account page sits in the staff layout, so it speaks a staff language.
    let layout = if caller.principal().is_some_and(|p| p.role.is_staff()) {
        caller.locale = caller.locale.for_audience(Audience::Staff);
        STAFF_LAYOUT
    } else {
        "common/layout_portal.html"
    };
    render(
        &s,
        &caller,
        "common/account.html",
        "/account",
        context! {
            layout => layout,
            prefs => app::notify::prefs::get(&s.app, &caller.ctx)
                .await
                .ok()
                .map(|p| minijinja::Value::from(minijinja::value::Serde(p))),
            staff => layout == STAFF_LAYOUT,
            // The chief's duty roster; None for everyone who may not change it.
            duty => if caller.principal().is_some_and(|p| p.role == domain::Role::DivisionChief) {
                app::notify::duty::list(&s.app, &caller.ctx)
                    .await
                    .ok()
                    .map(|d| minijinja::Value::from(minijinja::value::Serde(d)))
            } else {
                None
            },
        },
    )
    .await
}
