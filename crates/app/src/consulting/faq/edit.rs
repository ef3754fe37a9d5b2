//! Staff edit the FAQ: a new entry or a new version of one (the old texts kept), its
//! publication now or on schedule, and a draft made from an answered inquiry.

use domain::{Action, FieldError, Id, Resource, new_id};
use serde_json::json;
use store::faq::{EntryRecord, VersionRecord};

use crate::audit::{self, Change};
use crate::{App, AppError, Ctx, Result};

use super::search::index_terms;
use super::{FaqInput, FaqView, LANGS, Text, texts_of, view};

/// The entry's measure, once `check` has refused a number that is not one.
fn measure_of(input: &FaqInput) -> Option<domain::MeasureNo> {
    input.measure.and_then(|m| domain::MeasureNo::new(m).ok())
}

fn check(input: &FaqInput) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if let Some(m) = input.measure
        && let Err(msg) = domain::MeasureNo::new(m)
    {
        errs.push(FieldError::new("measure", msg.code(), msg.to_string()));
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

/// The entry's texts after an edit: each language given replaces the old text in that language
/// (trimmed), the others stay; in the order of `LANGS`.
fn merged_texts(old: &[Text], given: &[Text]) -> Vec<Text> {
    let mut texts: Vec<Text> = old.to_vec();
    for t in given {
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
    texts
}

/// The entry record to store: the next version of `before` (its tags unless new ones are
/// given), or a new draft at version 1.
fn next_record(before: Option<&EntryRecord>, input: &FaqInput, now: i64) -> EntryRecord {
    let tags = input
        .tags
        .iter()
        .map(|t| t.trim().replace(',', " "))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(",");
    match before {
        Some(b) => EntryRecord {
            measure: measure_of(input).or(b.measure),
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
            measure: measure_of(input),
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
    }
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
    let texts = merged_texts(&old_texts, &input.texts);
    let rec = next_record(before.as_ref(), input, now);
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
