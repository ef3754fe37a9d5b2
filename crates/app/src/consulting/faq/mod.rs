//! The FAQ and knowledge base: entries with a question and answer per language (zh-CN, en,
//! ja, ko), versions that keep every earlier text, scheduled publication, search in four
//! languages, and "was this helpful?" votes.
//!
//! This file holds the entry's types and views; staff edits, reads, search and votes live in
//! the submodules.

mod edit;
mod read;
mod search;
mod votes;

use std::collections::HashMap;

use domain::Id;
use serde::{Deserialize, Serialize};
use store::faq::{EntryRecord, VersionRecord};

use crate::Result;

pub use super::faq_history::{DiffPart, LangDiff, VersionView, diff, diff_text, history};
pub use edit::{from_inquiry, save, set_status};
pub use read::{get, list, public_get, public_list};
pub use search::search;
pub use votes::{anonymous_voter, unhelpful_report, vote};

pub const LANGS: &[&str] = &["zh-CN", "en", "ja", "ko"];

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub lang: String,
    pub question: String,
    pub answer: String,
}

/// An entry as typed by staff. On an existing entry, languages left out keep their text.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FaqInput {
    #[serde(default)]
    pub measure: Option<i64>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub texts: Vec<Text>,
    /// What changed, for the history.
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct FaqView {
    pub id: String,
    pub measure: Option<i64>,
    pub tags: Vec<String>,
    /// draft, scheduled, published or archived (a scheduled entry whose time has come is published).
    pub status: String,
    pub publish_at: Option<i64>,
    pub version: i64,
    pub source_case: Option<String>,
    pub helpful: i64,
    pub unhelpful: i64,
    pub texts: Vec<Text>,
    pub updated_at: i64,
}

/// One language of a published entry, with the fallback that was used.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PublicEntry {
    pub id: String,
    pub measure: Option<i64>,
    pub question: String,
    pub answer: String,
    /// The language shown; differs from the one asked for when the translation is missing.
    pub lang: String,
    pub translation_missing: bool,
    pub helpful: i64,
    pub unhelpful: i64,
    pub updated_at: i64,
}

fn effective_status(e: &EntryRecord, now: i64) -> String {
    if e.status == "scheduled" && e.publish_at.is_some_and(|at| at <= now) {
        "published".into()
    } else {
        e.status.clone()
    }
}

fn view(e: &EntryRecord, mut texts: Vec<Text>, now: i64) -> FaqView {
    texts.sort_by_key(|t| LANGS.iter().position(|l| *l == t.lang));
    FaqView {
        id: e.id.to_string(),
        measure: e.measure.map(domain::MeasureNo::get),
        tags: e
            .tags
            .split(',')
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect(),
        status: effective_status(e, now),
        publish_at: e.publish_at,
        version: e.version,
        source_case: e.source_case.map(|c| c.to_string()),
        helpful: e.helpful,
        unhelpful: e.unhelpful,
        texts,
        updated_at: e.updated_at,
    }
}

async fn texts_of(tx: &mut store::Tx, id: Id) -> Result<Vec<Text>> {
    Ok(store::faq::current_texts(tx, &[id])
        .await?
        .into_iter()
        .map(|v| Text {
            lang: v.lang,
            question: v.question,
            answer: v.answer,
        })
        .collect())
}

fn group_texts(versions: Vec<VersionRecord>) -> HashMap<Id, Vec<Text>> {
    let mut out: HashMap<Id, Vec<Text>> = HashMap::new();
    for v in versions {
        out.entry(v.entry_id).or_default().push(Text {
            lang: v.lang,
            question: v.question,
            answer: v.answer,
        });
    }
    out
}

/// The language to show: the one asked for, else zh-CN, else en, else any.
fn pick<'a>(texts: &'a [Text], lang: &str) -> Option<&'a Text> {
    texts
        .iter()
        .find(|t| t.lang == lang)
        .or_else(|| texts.iter().find(|t| t.lang == "zh-CN"))
        .or_else(|| texts.iter().find(|t| t.lang == "en"))
        .or_else(|| texts.first())
}

fn public_entry(e: &EntryRecord, texts: &[Text], lang: &str) -> Option<PublicEntry> {
    let t = pick(texts, lang)?;
    Some(PublicEntry {
        id: e.id.to_string(),
        measure: e.measure.map(domain::MeasureNo::get),
        question: t.question.clone(),
        answer: t.answer.clone(),
        lang: t.lang.clone(),
        translation_missing: t.lang != lang,
        helpful: e.helpful,
        unhelpful: e.unhelpful,
        updated_at: e.updated_at,
    })
}
