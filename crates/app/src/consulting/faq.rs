//! The FAQ and knowledge base: entries with a question and answer per language (zh-CN, en,
//! ja, ko), versions that keep every earlier text, scheduled publication, search in four
//! languages, and "was this helpful?" votes.

use std::collections::{BTreeMap, HashMap};

use domain::search::{query_terms, score, terms};
use domain::{Action, FieldError, Id, Resource, new_id};
use serde::{Deserialize, Serialize};
use serde_json::json;
use store::faq::{EntryRecord, VersionRecord};

use crate::audit::{self, Change};
use crate::{App, AppError, Ctx, Result};

pub use super::faq_history::{DiffPart, LangDiff, VersionView, diff, diff_text, history};

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
        measure: e.measure,
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

fn check(input: &FaqInput) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if let Some(m) = input.measure
        && let Err(msg) = domain::MeasureNo::new(m)
    {
        errs.push(FieldError::new("measure", "invalid_measure", msg));
    }
    let mut seen = Vec::new();
    for (i, t) in input.texts.iter().enumerate() {
        if !LANGS.contains(&t.lang.as_str()) {
            errs.push(FieldError::new(
                format!("texts[{i}].lang"),
                "unknown_language",
                format!("the languages are {}", LANGS.join(", ")),
            ));
        } else if seen.contains(&t.lang) {
            errs.push(FieldError::new(
                format!("texts[{i}].lang"),
                "duplicate_language",
                format!("{} is given twice", t.lang),
            ));
        }
        seen.push(t.lang.clone());
        if t.question.trim().is_empty() {
            errs.push(FieldError::new(
                format!("texts[{i}].question"),
                "required",
                "the question is empty",
            ));
        }
        if t.answer.trim().is_empty() {
            errs.push(FieldError::new(
                format!("texts[{i}].answer"),
                "required",
                "the answer is empty",
            ));
        }
    }
    errs
}

/// The search terms of an entry's texts: (term, lang, count in question, count in answer).
fn index_terms(texts: &[Text]) -> Vec<(String, String, u32, u32)> {
    let mut out = Vec::new();
    for t in texts {
        let mut by_term: BTreeMap<String, (u32, u32)> = BTreeMap::new();
        for (term, n) in terms(&t.question) {
            by_term.entry(term).or_default().0 += n;
        }
        for (term, n) in terms(&t.answer) {
            by_term.entry(term).or_default().1 += n;
        }
        out.extend(
            by_term
                .into_iter()
                .map(|(term, (q, a))| (term, t.lang.clone(), q, a)),
        );
    }
    out
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

/// Creates an entry (a draft, version 1) or adds a version to one, keeping the old texts.
pub async fn save(app: &App, ctx: &Ctx, id: Option<Id>, input: &FaqInput) -> Result<FaqView> {
    ctx.require(Resource::Faq, Action::Update)?;
    let mut errs = check(input);
    if id.is_none() && input.texts.is_empty() {
        errs.push(FieldError::new(
            "texts",
            "required",
            "give the question and answer in at least one language",
        ));
    }
    if !errs.is_empty() {
        return Err(AppError::Invalid(errs));
    }
    let now = app.now();
    let (_, editor) = ctx.actor_label();
    let mut tx = app.db.begin().await?;
    let before = match id {
        Some(id) => Some(
            store::faq::get(&mut tx, id)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    let old_texts = match &before {
        Some(b) => texts_of(&mut tx, b.id).await?,
        None => Vec::new(),
    };
    let mut texts: Vec<Text> = old_texts.clone();
    for t in &input.texts {
        let t = Text {
            lang: t.lang.clone(),
            question: t.question.trim().to_owned(),
            answer: t.answer.trim().to_owned(),
        };
        match texts.iter_mut().find(|o| o.lang == t.lang) {
            Some(o) => *o = t,
            None => texts.push(t),
        }
    }
    texts.sort_by_key(|t| LANGS.iter().position(|l| *l == t.lang));
    let tags = input
        .tags
        .iter()
        .map(|t| t.trim().replace(',', " "))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(",");
    let rec = match &before {
        Some(b) => EntryRecord {
            measure: input.measure.or(b.measure),
            tags: if input.tags.is_empty() {
                b.tags.clone()
            } else {
                tags
            },
            version: b.version + 1,
            updated_at: now,
            ..b.clone()
        },
        None => EntryRecord {
            id: new_id(),
            measure: input.measure,
            tags,
            status: "draft".into(),
            publish_at: None,
            version: 1,
            source_case: None,
            helpful: 0,
            unhelpful: 0,
            created_at: now,
            updated_at: now,
        },
    };
    store::faq::upsert(&mut tx, &rec).await?;
    for t in &texts {
        store::faq::insert_version(
            &mut tx,
            &VersionRecord {
                entry_id: rec.id,
                version: rec.version,
                lang: t.lang.clone(),
                question: t.question.clone(),
                answer: t.answer.clone(),
                editor: editor.clone(),
                note: input.note.trim().to_owned(),
                at: now,
            },
        )
        .await?;
    }
    store::faq::replace_terms(&mut tx, rec.id, &index_terms(&texts)).await?;
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: if before.is_some() {
                "faq_revised"
            } else {
                "faq_created"
            },
            object_type: "faq",
            object_id: rec.id.to_string(),
            before: before
                .as_ref()
                .map(|b| json!({"version": b.version, "texts": old_texts})),
            after: Some(json!({"version": rec.version, "texts": texts, "note": input.note})),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(view(&rec, texts, now))
}

/// Publishes an entry now, or schedules it for `at` (epoch ms) in the future; or archives it.
pub async fn set_status(
    app: &App,
    ctx: &Ctx,
    id: Id,
    status: &str,
    at: Option<i64>,
) -> Result<FaqView> {
    ctx.require(Resource::Faq, Action::Update)?;
    let now = app.now();
    let (status, publish_at) = match (status, at) {
        ("published", Some(t)) if t > now => ("scheduled", Some(t)),
        ("published", _) => ("published", Some(now)),
        ("archived", _) => ("archived", None),
        ("draft", _) => ("draft", None),
        _ => {
            return Err(AppError::invalid(
                "status",
                "unknown_status",
                "publish (now or at a time), draft or archived",
            ));
        }
    };
    let mut tx = app.db.begin().await?;
    let before = store::faq::get(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let after = EntryRecord {
        status: status.into(),
        publish_at: publish_at.or(before
            .publish_at
            .filter(|_| status != "archived" && status != "draft")),
        updated_at: now,
        ..before.clone()
    };
    store::faq::upsert(&mut tx, &after).await?;
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: "faq_status_changed",
            object_type: "faq",
            object_id: id.to_string(),
            before: Some(json!({"status": before.status, "publish_at": before.publish_at})),
            after: Some(json!({"status": after.status, "publish_at": after.publish_at})),
        },
    )
    .await?;
    let texts = texts_of(&mut tx, id).await?;
    tx.commit().await?;
    Ok(view(&after, texts, now))
}

/// A draft entry from an answered inquiry: its question and the bureau's last reply.
pub async fn from_inquiry(app: &App, ctx: &Ctx, case_id: Id) -> Result<FaqView> {
    let c = crate::cases::get(app, ctx, case_id).await?;
    let reply = c
        .timeline
        .iter()
        .flatten()
        .rev()
        .find(|e| e.record_kind.as_deref() == Some("reply_to_enterprise"))
        .map(|e| e.content.clone());
    let Some(answer) = reply else {
        return Err(AppError::Conflict(
            "not_answered",
            "the case has no reply to the enterprise yet; answer it first".into(),
        ));
    };
    let mut v = save(
        app,
        ctx,
        None,
        &FaqInput {
            measure: c.topic.or(Some(c.measure)),
            tags: vec![c.channel.clone()],
            texts: vec![Text {
                lang: "zh-CN".into(),
                question: c.body.clone(),
                answer,
            }],
            note: format!("from inquiry {}", c.id),
        },
    )
    .await?;
    let mut tx = app.db.begin().await?;
    if let Some(mut e) =
        store::faq::get(&mut tx, v.id.parse().map_err(|_| AppError::NotFound)?).await?
    {
        e.source_case = Some(case_id);
        store::faq::upsert(&mut tx, &e).await?;
        v.source_case = Some(case_id.to_string());
    }
    tx.commit().await?;
    Ok(v)
}

/// An entry as staff see it (any status).
pub async fn get(app: &App, ctx: &Ctx, id: Id) -> Result<FaqView> {
    ctx.require(Resource::Faq, Action::Read)?;
    let mut rd = app.db.read().await?;
    let e = store::faq::get(&mut rd, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let texts = texts_of(&mut rd, id).await?;
    Ok(view(&e, texts, app.now()))
}

/// Staff list: every entry, newest first.
pub async fn list(app: &App, ctx: &Ctx) -> Result<Vec<FaqView>> {
    ctx.require(Resource::Faq, Action::Read)?;
    let mut rd = app.db.read().await?;
    let now = app.now();
    let entries = store::faq::list(&mut rd, false, now, None, 500).await?;
    let ids: Vec<Id> = entries.iter().map(|e| e.id).collect();
    let mut texts = group_texts(store::faq::current_texts(&mut rd, &ids).await?);
    Ok(entries
        .iter()
        .map(|e| view(e, texts.remove(&e.id).unwrap_or_default(), now))
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
        measure: e.measure,
        question: t.question.clone(),
        answer: t.answer.clone(),
        lang: t.lang.clone(),
        translation_missing: t.lang != lang,
        helpful: e.helpful,
        unhelpful: e.unhelpful,
        updated_at: e.updated_at,
    })
}

/// A published entry in `lang` (with fallback), for anyone.
pub async fn public_get(app: &App, id: Id, lang: &str) -> Result<PublicEntry> {
    let mut rd = app.db.read().await?;
    let e = store::faq::get(&mut rd, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if effective_status(&e, app.now()) != "published" {
        return Err(AppError::NotFound);
    }
    let texts = texts_of(&mut rd, id).await?;
    public_entry(&e, &texts, lang).ok_or(AppError::NotFound)
}

/// Published entries, newest first, in `lang` with fallback.
pub async fn public_list(app: &App, lang: &str, measure: Option<i64>) -> Result<Vec<PublicEntry>> {
    let mut rd = app.db.read().await?;
    let entries = store::faq::list(&mut rd, true, app.now(), measure, 200).await?;
    let ids: Vec<Id> = entries.iter().map(|e| e.id).collect();
    let texts = group_texts(store::faq::current_texts(&mut rd, &ids).await?);
    Ok(entries
        .iter()
        .filter_map(|e| public_entry(e, texts.get(&e.id).map(Vec::as_slice).unwrap_or(&[]), lang))
        .collect())
}

/// Published entries matching `query` in any language, best first, shown in `lang`.
pub async fn search(app: &App, query: &str, lang: &str, limit: usize) -> Result<Vec<PublicEntry>> {
    let q = query_terms(query);
    if q.is_empty() {
        return Ok(Vec::new());
    }
    let now = app.now();
    let mut rd = app.db.read().await?;
    const PER_TERM: i64 = 300;
    let mut hits = Vec::new();
    let mut doc_freq: HashMap<String, u64> = HashMap::new();
    for term in &q {
        let p = store::faq::postings(&mut rd, term, now, PER_TERM).await?;
        // A short list is the whole list; a long one is counted (and the count kept a while).
        let n = if (p.len() as i64) < PER_TERM {
            p.len() as i64
        } else {
            cached_doc_freq(app, &mut rd, term).await?
        };
        doc_freq.insert(term.clone(), n.max(0) as u64);
        hits.extend(p);
    }
    let total = visible_docs(app, &mut rd, now).await?;
    // Per document (entry × language): the term counts.
    type Tf = (HashMap<String, u32>, HashMap<String, u32>);
    let mut docs: HashMap<(Id, String), Tf> = HashMap::new();
    for (entry, l, term, inq, ina) in hits {
        let d = docs.entry((entry, l)).or_default();
        d.0.insert(term.clone(), inq.max(0) as u32);
        d.1.insert(term, ina.max(0) as u32);
    }
    // An entry scores by its best language.
    let mut best: HashMap<Id, i64> = HashMap::new();
    for ((entry, _), (qtf, atf)) in &docs {
        let s = score(&q, qtf, atf, &doc_freq, total.max(0) as u64);
        let b = best.entry(*entry).or_insert(0);
        *b = (*b).max(s);
    }
    let mut ranked: Vec<(Id, i64)> = best.into_iter().filter(|(_, s)| *s > 0).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.truncate(limit);
    let ids: Vec<Id> = ranked.iter().map(|(id, _)| *id).collect();
    let texts = group_texts(store::faq::current_texts(&mut rd, &ids).await?);
    let entries: HashMap<Id, EntryRecord> = store::faq::get_many(&mut rd, &ids)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    Ok(ids
        .iter()
        .filter_map(|id| {
            let e = entries.get(id)?;
            public_entry(e, texts.get(id).map(Vec::as_slice).unwrap_or(&[]), lang)
        })
        .collect())
}

/// A visitor without an account, by a keyed hash of the address (the address is not stored).
pub fn anonymous_voter(app: &App, addr: &str) -> String {
    let h = crate::keys::hmac_sha256(&app.keys.token, &[b"faq vote", addr.as_bytes()]);
    format!("addr:{}", hex::encode(&h[..12]))
}

/// The number of searchable documents, for the ranking's idf; counted at most every 30 s
/// (a slightly old count only shifts every score alike).
async fn visible_docs(app: &App, rd: &mut store::Tx, now: i64) -> Result<i64> {
    if let Ok(g) = app.faq_docs.lock()
        && let Some((at, n)) = *g
        && at.elapsed() < std::time::Duration::from_secs(30)
    {
        return Ok(n);
    }
    let n = store::faq::visible_docs(rd, now).await?;
    if let Ok(mut g) = app.faq_docs.lock() {
        *g = Some((std::time::Instant::now(), n));
    }
    Ok(n)
}

/// A common word's document frequency, counted at most every 30 s.
async fn cached_doc_freq(app: &App, rd: &mut store::Tx, term: &str) -> Result<i64> {
    if let Ok(g) = app.faq_df.lock()
        && let Some((at, n)) = g.get(term)
        && at.elapsed() < std::time::Duration::from_secs(30)
    {
        return Ok(*n);
    }
    let n = store::faq::doc_freq(rd, term).await?;
    if let Ok(mut g) = app.faq_df.lock() {
        if g.len() > 10_000 {
            g.clear();
        }
        g.insert(term.to_owned(), (std::time::Instant::now(), n));
    }
    Ok(n)
}

/// A vote on a published entry; one per voter per entry (a later vote replaces it).
pub async fn vote(app: &App, id: Id, voter: &str, helpful: bool) -> Result<(i64, i64)> {
    let _ = public_get(app, id, "zh-CN").await?;
    let mut tx = app.db.begin().await?;
    let totals = store::faq::vote(&mut tx, id, voter, helpful, app.now()).await?;
    tx.commit().await?;
    Ok(totals)
}

/// The entries with the most unhelpful votes.
pub async fn unhelpful_report(app: &App, ctx: &Ctx) -> Result<Vec<FaqView>> {
    ctx.require(Resource::Faq, Action::Read)?;
    let mut rd = app.db.read().await?;
    let now = app.now();
    let entries = store::faq::most_unhelpful(&mut rd, 50).await?;
    let ids: Vec<Id> = entries.iter().map(|e| e.id).collect();
    let mut texts = group_texts(store::faq::current_texts(&mut rd, &ids).await?);
    Ok(entries
        .iter()
        .map(|e| view(e, texts.remove(&e.id).unwrap_or_default(), now))
        .collect())
}
