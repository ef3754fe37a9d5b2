//! The inbox pages: staff at `/staff/inbox`, enterprise users at `/portal/inbox`. Each lists
//! the caller's own notifications, newest first, with a form to mark one or all read.

use app::notify::inbox;
use axum::extract::{Path, Query, State};
use axum::http::Method;
use axum::response::Response;
use domain::{Action, Resource};
use minijinja::{Value, context};
use serde::Deserialize;

use super::{app_error_page, render, see_other};
use crate::AppState;
use crate::guard::Caller;
use crate::routes::{Perm, Routes, Surface};

/// Registers the inbox pages, each with its permission.
pub fn add(r: Routes) -> Routes {
    use Method as M;
    use Perm::*;
    use Surface::Page;
    let staff = Allow(Resource::BackOffice, Action::Read);
    let portal = Allow(Resource::Portal, Action::Read);
    r.add(
        M::GET,
        "/staff/inbox",
        staff,
        Page,
        "My notifications",
        staff_page,
    )
    .add(
        M::POST,
        "/staff/inbox/read",
        staff,
        Page,
        "Mark all my notifications read",
        staff_read_all,
    )
    .add(
        M::POST,
        "/staff/inbox/{id}/read",
        staff,
        Page,
        "Mark one of my notifications read",
        staff_read,
    )
    .add(
        M::POST,
        "/account/notifications",
        SignedIn,
        Page,
        "Change my notification preferences",
        save_prefs,
    )
    .add(
        M::POST,
        "/account/duty/{user_id}",
        Allow(Resource::Duty, Action::Update),
        Page,
        "Put a staff member of my division on duty, or take them off",
        set_duty,
    )
    .add(
        M::GET,
        "/portal/inbox",
        portal,
        Page,
        "My notifications",
        portal_page,
    )
    .add(
        M::POST,
        "/portal/inbox/read",
        portal,
        Page,
        "Mark all my notifications read",
        portal_read_all,
    )
    .add(
        M::POST,
        "/portal/inbox/{id}/read",
        portal,
        Page,
        "Mark one of my notifications read",
        portal_read,
    )
}

#[derive(Debug, Deserialize, Default)]
pub struct InboxQuery {
    pub cursor: Option<String>,
    pub unread: Option<String>,
}

async fn page(s: AppState, caller: Caller, q: InboxQuery, base: &str) -> Response {
    let unread = q.unread.as_deref() == Some("1");
    let list = inbox::list(&s.app, &caller.ctx, unread, 50, q.cursor.as_deref()).await;
    let list = match list {
        Ok(l) => l,
        Err(e) => return app_error_page(&e, caller.locale),
    };
    let template = if base == "/portal" {
        "common/inbox_portal.html"
    } else {
        "common/inbox_staff.html"
    };
    render(
        &s,
        &caller,
        template,
        &format!("{base}/inbox"),
        context! {
            base => base,
            items => Value::from(minijinja::value::Serde(&list.items)),
            total => list.total,
            next_cursor => list.next_cursor,
            unread_only => unread,
        },
    )
    .await
}

pub async fn staff_page(
    State(s): State<AppState>,
    caller: Caller,
    Query(q): Query<InboxQuery>,
) -> Response {
    page(s, caller, q, "/staff").await
}

pub async fn portal_page(
    State(s): State<AppState>,
    caller: Caller,
    Query(q): Query<InboxQuery>,
) -> Response {
    page(s, caller, q, "/portal").await
}

async fn read_all(s: AppState, caller: Caller, base: &str) -> Response {
    match inbox::mark_all_read(&s.app, &caller.ctx).await {
        Ok(_) => see_other(&format!("{base}/inbox"), &[]),
        Err(e) => app_error_page(&e, caller.locale),
    }
}

async fn read_one(s: AppState, caller: Caller, id: String, base: &str) -> Response {
    match inbox::mark_read(&s.app, &caller.ctx, &id).await {
        // Marking an entry read opens what it is about.
        Ok(item) => see_other(
            item.link.as_deref().unwrap_or(&format!("{base}/inbox")),
            &[],
        ),
        Err(e) => app_error_page(&e, caller.locale),
    }
}

pub async fn staff_read_all(State(s): State<AppState>, caller: Caller) -> Response {
    read_all(s, caller, "/staff").await
}

pub async fn portal_read_all(State(s): State<AppState>, caller: Caller) -> Response {
    read_all(s, caller, "/portal").await
}

pub async fn staff_read(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Response {
    read_one(s, caller, id, "/staff").await
}

pub async fn portal_read(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Response {
    read_one(s, caller, id, "/portal").await
}

/// The account page's notification form: `lang`, `digest`, and `email_<event>` /
/// `sms_<event>` checkboxes (an unticked box is absent).
pub async fn save_prefs(
    State(s): State<AppState>,
    caller: Caller,
    axum::Form(f): axum::Form<std::collections::HashMap<String, String>>,
) -> Response {
    let lang = f
        .get("lang")
        .and_then(|l| app::notify::Lang::parse(l))
        .unwrap_or(app::notify::Lang::ZhCn);
    let body = app::notify::prefs::PrefsView {
        lang,
        digest: f.contains_key("digest"),
        events: app::notify::USER_EVENTS
            .iter()
            .map(|e| app::notify::prefs::EventChannels {
                event: (*e).to_owned(),
                email: f.contains_key(&format!("email_{e}")),
                sms: f.contains_key(&format!("sms_{e}")),
            })
            .collect(),
    };
    match app::notify::prefs::put(&s.app, &caller.ctx, &body).await {
        Ok(_) => see_other("/account?saved=1", &[]),
        Err(e) => app_error_page(&e, caller.locale),
    }
}

#[derive(Debug, Deserialize)]
pub struct DutyForm {
    /// "1": on duty; anything else: off.
    pub on_duty: String,
}

/// The account page's duty roster (division chiefs): one staff member on or off duty.
pub async fn set_duty(
    State(s): State<AppState>,
    caller: Caller,
    Path(user): Path<String>,
    axum::Form(f): axum::Form<DutyForm>,
) -> Response {
    match app::notify::duty::set(&s.app, &caller.ctx, &user, f.on_duty == "1").await {
        Ok(_) => see_other("/account#duty", &[]),
        Err(e) => app_error_page(&e, caller.locale),
    }
}
