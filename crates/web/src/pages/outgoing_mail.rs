//! "Outgoing mail" (admins, `lifeline demo` only): the e-mail the demo's SMTP sink caught,
//! newest first, so a new user sees what Lifeline sent without a mail server. Outside the demo
//! there is no sink and the page says so.

use axum::extract::State;
use axum::http::Method;
use axum::response::Response;
use domain::{Action, Resource};
use minijinja::{Value, context};

use super::render;
use crate::AppState;
use crate::guard::Caller;
use crate::routes::{Perm, Routes, Surface};

/// Registers the page with its permission.
pub fn add(r: Routes) -> Routes {
    r.add(
        Method::GET,
        "/staff/outgoing-mail",
        Perm::Allow(Resource::Job, Action::Read),
        Surface::Page,
        "Outgoing mail caught by the demo's SMTP sink",
        page,
    )
}

pub async fn page(State(s): State<AppState>, caller: Caller) -> Response {
    let (demo, mut mails) = match &s.settings.mail_sink {
        Some(sink) => (true, sink.mails()),
        None => (false, Vec::new()),
    };
    mails.reverse();
    render(
        &s,
        &caller,
        "admin/outgoing_mail.html",
        "/staff/outgoing-mail",
        context! {
            demo => demo,
            mails => Value::from(minijinja::value::Serde(&mails)),
        },
    )
    .await
}
