//! "Was this helpful?": one vote per voter per published entry, and the report of the least
//! helpful entries.

use domain::{Action, Id, Resource};

use crate::{App, Ctx, Result};

use super::read::public_get;
use super::{FaqView, group_texts, view};

/// A visitor without an account, by a keyed hash of the address (the address is not stored).
pub fn anonymous_voter(app: &App, addr: &str) -> String {
    let h = crate::keys::hmac_sha256(&app.keys.token, &[b"faq vote", addr.as_bytes()]);
    format!("addr:{}", hex::encode(&h[..12]))
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
