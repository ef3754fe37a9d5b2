//! The staff consulting desk: SLA breaches, messaging groups, the hotline log and FAQ entries.

use app::AppError;
use app::consulting::channels::{self, CallInput};
use app::consulting::faq;
use app::consulting::{self, NewGroup};
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::{Action, Resource};
use minijinja::context;
use serde::Deserialize;

use crate::AppState;
use crate::guard::Caller;
use crate::pages::measure1::{errors_of, ser};
use crate::pages::{app_error_page, render_status, see_other};

#[derive(Debug, Deserialize)]
pub struct DeskQuery {
    pub number: Option<String>,
}

pub async fn desk_page(
    State(s): State<AppState>,
    caller: Caller,
    Query(q): Query<DeskQuery>,
) -> Response {
    desk(
        &s,
        &caller,
        StatusCode::OK,
        Vec::new(),
        q.number.as_deref(),
        None,
    )
    .await
}

async fn desk(
    s: &AppState,
    caller: &Caller,
    status: StatusCode,
    errors: Vec<String>,
    number: Option<&str>,
    secret: Option<(String, String)>,
) -> Response {
    let (app, ctx) = (&s.app, &caller.ctx);
    let now = app.now();
    // The last seven days of the bureau's calendar.
    let (zone, today) = (app.zone(), app.zone().day(now));
    let report = consulting::sla::report(
        app,
        ctx,
        zone.start_of_day(today - 6),
        zone.start_of_day(today + 1),
    )
    .await
    .ok();
    let groups = consulting::list_groups(app, ctx).await.unwrap_or_default();
    let hotlines = channels::hotlines(app, ctx).await.unwrap_or_default();
    let can_contacts = ctx.can(Resource::PersonalContact, Action::Read);
    let calls = if can_contacts {
        match number.map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => channels::calls_of(app, ctx, n).await.unwrap_or_default(),
            None => channels::recent_calls(app, ctx).await.unwrap_or_default(),
        }
    } else {
        Vec::new()
    };
    let entries = faq::list(app, ctx).await.unwrap_or_default();
    let unhelpful = faq::unhelpful_report(app, ctx).await.unwrap_or_default();
    render_status(
        s,
        caller,
        status,
        "consulting/consulting.html",
        "/staff/consulting",
        context! {
            report => report.map(|r| ser(&r)), groups => ser(&groups), hotlines => ser(&hotlines),
            calls => ser(&calls), number => number.unwrap_or(""), entries => ser(&entries),
            unhelpful => ser(&unhelpful), errors => errors,
            new_secret => secret.map(|(id, secret)| context! { id => id, secret => secret }),
            can_groups => ctx.can(Resource::Organisation, Action::Update),
            can_calls => ctx.can(Resource::Case, Action::Update) && can_contacts,
            platforms => ser(&domain::consulting::PLATFORMS),
        },
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct GroupForm {
    pub platform: String,
    pub name: String,
    pub district: String,
    #[serde(default)]
    pub webhook_url: String,
    #[serde(default)]
    pub staff: String,
    #[serde(default, rename = "_csrf")]
    pub _csrf: String,
}

pub async fn desk_group(
    State(s): State<AppState>,
    caller: Caller,
    Form(f): Form<GroupForm>,
) -> Response {
    let n = NewGroup {
        platform: f.platform,
        name: f.name,
        district: f.district,
        webhook_url: Some(f.webhook_url).filter(|u| !u.trim().is_empty()),
        webhook_format: None,
        staff: f
            .staff
            .split([',', ' ', '，'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
    };
    match consulting::create_group(&s.app, &caller.ctx, &n).await {
        Ok(g) => {
            desk(
                &s,
                &caller,
                StatusCode::OK,
                Vec::new(),
                None,
                Some((g.group.id, g.secret)),
            )
            .await
        }
        Err(e @ AppError::Invalid(_)) => {
            desk(
                &s,
                &caller,
                StatusCode::UNPROCESSABLE_ENTITY,
                errors_of(&e),
                None,
                None,
            )
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

#[derive(Debug, Deserialize)]
pub struct CallForm {
    pub hotline: String,
    #[serde(default)]
    pub caller_name: String,
    pub caller_number: String,
    #[serde(default)]
    pub minutes: String,
    pub summary: String,
    #[serde(default)]
    pub case_id: String,
    #[serde(default)]
    pub fast: Option<String>,
    #[serde(default, rename = "_csrf")]
    pub _csrf: String,
}

pub async fn desk_call(
    State(s): State<AppState>,
    caller: Caller,
    Form(f): Form<CallForm>,
) -> Response {
    let minutes: f64 = f.minutes.trim().parse().unwrap_or(-1.0);
    let c = CallInput {
        hotline: f.hotline,
        caller_name: f.caller_name,
        caller_number: f.caller_number.clone(),
        duration_s: (minutes * 60.0).round() as i64,
        summary: f.summary,
        case_id: Some(f.case_id).filter(|c| !c.trim().is_empty()),
        topic: None,
        fast: f.fast.is_some(),
    };
    match channels::log_call(&s.app, &caller.ctx, &c).await {
        Ok(call) => see_other(&format!("/staff/cases/{}", call.case_id), &[]),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(..))) => {
            desk(
                &s,
                &caller,
                StatusCode::UNPROCESSABLE_ENTITY,
                errors_of(&e),
                Some(&f.caller_number),
                None,
            )
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}
