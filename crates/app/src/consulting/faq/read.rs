//! Reading the FAQ: staff see every entry in any status; anyone sees the published ones in
//! their language, with the fallback shown.

use domain::{Action, Id, Resource};

use crate::{App, AppError, Ctx, Result};

use super::{FaqView, PublicEntry, effective_status, group_texts, public_entry, texts_of, view};

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
pub async fn public_list(
    app: &App,
    lang: &str,
    measure: Option<domain::MeasureNo>,
) -> Result<Vec<PublicEntry>> {
    let mut rd = app.db.read().await?;
    let measure = measure.map(domain::MeasureNo::get);
    let entries = store::faq::list(&mut rd, true, app.now(), measure, 200).await?;
    let ids: Vec<Id> = entries.iter().map(|e| e.id).collect();
    let texts = group_texts(store::faq::current_texts(&mut rd, &ids).await?);
    Ok(entries
        .iter()
        .filter_map(|e| public_entry(e, texts.get(&e.id).map(Vec::as_slice).unwrap_or(&[]), lang))
        .collect())
}
