//! Measure 3's pages: the public FAQ in four languages with votes, the public question form
//! (with FAQ suggestions as the question is typed), and the staff consulting desk (SLA
//! breaches, messaging groups, the hotline log, FAQ entries).

use app::AppError;
use app::consulting::channels::{self, CallInput, Question};
use app::consulting::faq;
use app::consulting::{self, NewGroup};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use domain::{Action, Resource};
use minijinja::context;
use serde::Deserialize;

use super::measure1::{errors_of, ser};
use super::{app_error_page, render, render_status, see_other};
use crate::AppState;
use crate::guard::Caller;
use crate::i18n::Locale;
use crate::routes::{Perm, Routes, Surface};

pub fn add(r: Routes) -> Routes {
    use Perm::{Allow, Public};
    use Surface::Page;
    let desk = Allow(Resource::BackOffice, Action::Read);
    r.add(
        Method::GET,
        "/faq",
        Public,
        Page,
        "The FAQ, in the reader's language",
        faq_home,
    )
    .add(
        Method::GET,
        "/faq/{lang}",
        Public,
        Page,
        "The FAQ in one language, with search",
        faq_list,
    )
    .add(
        Method::GET,
        "/faq/{lang}/{id}",
        Public,
        Page,
        "One FAQ entry, with a helpful vote",
        faq_entry,
    )
    .add(
        Method::POST,
        "/faq/{lang}/{id}/vote",
        Public,
        Page,
        "Was this helpful?",
        faq_vote,
    )
    .add(
        Method::GET,
        "/ask",
        Public,
        Page,
        "Ask the bureau a question",
        ask_form,
    )
    .add(
        Method::POST,
        "/ask",
        Public,
        Page,
        "Send a question",
        ask_submit,
    )
    .add(
        Method::GET,
        "/staff/consulting",
        desk,
        Page,
        "Consulting desk: SLA, groups, hotline, FAQ",
        desk_page,
    )
    .add(
        Method::POST,
        "/staff/consulting/groups",
        Allow(Resource::Organisation, Action::Update),
        Page,
        "Register a messaging group",
        desk_group,
    )
    .add(
        Method::POST,
        "/staff/consulting/calls",
        Allow(Resource::Case, Action::Update),
        Page,
        "Log a hotline call",
        desk_call,
    )
}

const LANG_NAMES: &[(&str, &str)] = &[
    ("zh-CN", "简体中文"),
    ("en", "English"),
    ("ja", "日本語"),
    ("ko", "한국어"),
];

fn content_lang(lang: &str) -> Option<&'static str> {
    faq::LANGS.iter().copied().find(|l| *l == lang)
}

/// The language of FAQ content nearest to the reader's: the same when the FAQ is written in
/// it, simplified Chinese for a traditional Chinese reader, English for any other.
fn faq_lang_for(l: Locale) -> &'static str {
    content_lang(l.tag()).unwrap_or(if l.tag().starts_with("zh") {
        "zh-CN"
    } else {
        "en"
    })
}

pub async fn faq_home(caller: Caller) -> Response {
    see_other(&format!("/faq/{}", faq_lang_for(caller.locale)), &[])
}

#[derive(Debug, Deserialize)]
pub struct FaqQuery {
    pub q: Option<String>,
    pub voted: Option<String>,
    pub lang: Option<String>,
}

pub async fn faq_list(
    State(s): State<AppState>,
    caller: Caller,
    Path(lang): Path<String>,
    Query(q): Query<FaqQuery>,
) -> Response {
    let Some(lang) = content_lang(&lang) else {
        return app_error_page(&AppError::NotFound, caller.locale);
    };
    let query = q.q.clone().unwrap_or_default();
    let entries = if query.trim().is_empty() {
        faq::public_list(&s.app, lang, None).await
    } else {
        faq::search(&s.app, &query, lang, 20).await
    };
    let entries = match entries {
        Ok(e) => e,
        Err(e) => return app_error_page(&e, caller.locale),
    };
    let path = format!("/faq/{lang}");
    render(
        &s,
        &caller,
        "faq/faq.html",
        &path,
        context! {
            faq_lang => lang, langs => ser(&LANG_NAMES), q => query, entries => ser(&entries),
        },
    )
    .await
}

pub async fn faq_entry(
    State(s): State<AppState>,
    caller: Caller,
    Path((lang, id)): Path<(String, String)>,
    Query(q): Query<FaqQuery>,
) -> Response {
    let (Some(lang), Ok(uuid)) = (content_lang(&lang), uuid::Uuid::parse_str(&id)) else {
        return app_error_page(&AppError::NotFound, caller.locale);
    };
    match faq::public_get(&s.app, uuid, lang).await {
        Ok(e) => {
            let path = format!("/faq/{lang}/{id}");
            render(&s, &caller, "faq/faq_entry.html", &path, context! {
                faq_lang => lang, langs => ser(&LANG_NAMES), e => ser(&e), voted => q.voted.is_some(),
            })
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

#[derive(Debug, Deserialize)]
pub struct VoteForm {
    pub helpful: String,
    #[serde(default, rename = "_csrf")]
    pub _csrf: String,
}

pub async fn faq_vote(
    State(s): State<AppState>,
    caller: Caller,
    Path((lang, id)): Path<(String, String)>,
    Form(f): Form<VoteForm>,
) -> Response {
    let (Some(lang), Ok(uuid)) = (content_lang(&lang), uuid::Uuid::parse_str(&id)) else {
        return app_error_page(&AppError::NotFound, caller.locale);
    };
    let who = crate::api::faq::voter(&s, &caller);
    match faq::vote(&s.app, uuid, &who, f.helpful == "yes").await {
        Ok(_) => see_other(&format!("/faq/{lang}/{id}?voted=1"), &[]),
        Err(e) => app_error_page(&e, caller.locale),
    }
}

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
    match crate::api::consulting::submit_question(&s, &caller, &q).await {
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
