//! Measure 3's pages: the public FAQ in four languages with votes, the public question form
//! (with FAQ suggestions as the question is typed), and the staff consulting desk (SLA
//! breaches, messaging groups, the hotline log, FAQ entries).

mod ask;
mod desk;
mod public_faq;

pub use ask::{AskForm, ask_form, ask_submit};
pub use desk::{CallForm, DeskQuery, GroupForm, desk_call, desk_group, desk_page};
pub use public_faq::{FaqQuery, VoteForm, faq_entry, faq_home, faq_list, faq_vote};

use app::consulting::faq;
use axum::http::Method;
use domain::{Action, Resource};

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
        "/ask/status",
        Public,
        Page,
        "Look up a question by its reference and contact",
        ask::status_form,
    )
    .add(
        Method::POST,
        "/ask/status",
        Public,
        Page,
        "The status and answers of a question (rate-limited)",
        ask::status_submit,
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
