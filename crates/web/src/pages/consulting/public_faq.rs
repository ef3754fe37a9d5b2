//! The public FAQ in four languages (with the fallback shown) and its "was this helpful?" votes.

use app::AppError;
use app::consulting::faq;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use minijinja::context;
use serde::Deserialize;

use super::{LANG_NAMES, content_lang, faq_lang_for};
use crate::AppState;
use crate::guard::Caller;
use crate::pages::measure1::ser;
use crate::pages::{app_error_page, render, see_other};

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
