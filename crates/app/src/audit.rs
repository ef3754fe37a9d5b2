//! The audit trail: who, when, what, before and after, from where; chained with a keyed hash.
//!
//! Each entry's hash is HMAC-SHA-256 over the entry and the previous entry's hash, under a
//! key that is not in the database. The algorithm id is stored with each entry so that SM3
//! (GB/T 32905) can be added later without breaking old entries.

use domain::{Action, Resource, new_id};
use serde::Serialize;
use serde_json::json;
use store::Tx;
pub use store::audit::AuditFilter;
use store::audit::AuditRecord;

use crate::keys::hmac_sha256;
use crate::{App, AppError, Ctx, Page, Result};

pub const ALG_HMAC_SHA256: &str = "hmac-sha256";

/// What changed, for one audit entry.
pub struct Change<'a> {
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

fn entry_hash(key: &[u8], e: &AuditRecord) -> Result<String> {
    if e.alg != ALG_HMAC_SHA256 {
        return Err(AppError::Unexpected(format!(
            "unknown audit algorithm {}",
            e.alg
        )));
    }
    let body = json!([
        e.seq,
        e.id,
        e.at,
        e.actor_id,
        e.actor,
        e.action,
        e.object_type,
        e.object_id,
        e.before_json,
        e.after_json,
        e.request_id,
        e.client_addr,
        e.alg,
        e.prev_hash
    ]);
    Ok(hex::encode(hmac_sha256(
        key,
        &[body.to_string().as_bytes()],
    )))
}

/// Appends an entry inside the caller's transaction.
pub async fn record(app: &App, tx: &mut Tx, ctx: &Ctx, change: Change<'_>) -> Result<()> {
    let (seq, prev_hash) = store::audit::advance_head(tx).await?;
    let (actor_id, actor) = ctx.actor_label();
    let mut e = AuditRecord {
        seq,
        id: new_id(),
        at: app.now(),
        actor_id,
        actor,
        action: change.action.to_owned(),
        object_type: change.object_type.to_owned(),
        object_id: change.object_id,
        before_json: change.before.map(|v| v.to_string()),
        after_json: change.after.map(|v| v.to_string()),
        request_id: ctx.request_id.clone(),
        client_addr: ctx.client_addr.clone(),
        alg: ALG_HMAC_SHA256.to_owned(),
        prev_hash,
        hash: String::new(),
    };
    e.hash = entry_hash(&app.keys.audit, &e)?;
    store::audit::insert(tx, &e).await?;
    Ok(())
}

/// The first entry that does not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadEntry {
    pub seq: i64,
    pub id: String,
    pub reason: String,
}

/// Walks the whole chain. Ok(number of entries) when whole.
pub async fn verify(app: &App) -> Result<Result<i64, BadEntry>> {
    let mut tx = app.db.read().await?;
    // The head first: entries written while we walk lie beyond it and are left for next time.
    let (head_seq, head_hash) = store::audit::head(&mut tx).await?;
    let mut prev_seq = 0;
    let mut prev_hash = String::new();
    'walk: loop {
        let batch = store::audit::scan(&mut tx, prev_seq, 1000).await?;
        if batch.is_empty() {
            break;
        }
        for e in batch {
            if e.seq > head_seq {
                break 'walk;
            }
            let bad = |reason: String| BadEntry {
                seq: e.seq,
                id: e.id.to_string(),
                reason,
            };
            if e.seq != prev_seq + 1 {
                return Ok(Err(bad(format!(
                    "entries {} to {} are missing",
                    prev_seq + 1,
                    e.seq - 1
                ))));
            }
            if e.prev_hash != prev_hash {
                return Ok(Err(bad("does not link to the entry before it".into())));
            }
            let expected = match entry_hash(&app.keys.audit, &e) {
                Ok(h) => h,
                Err(err) => return Ok(Err(bad(err.to_string()))),
            };
            if expected != e.hash {
                return Ok(Err(bad(
                    "its content was changed after it was written".into()
                )));
            }
            prev_seq = e.seq;
            prev_hash = e.hash;
        }
    }
    if head_seq != prev_seq || head_hash != prev_hash {
        return Ok(Err(BadEntry {
            seq: prev_seq + 1,
            id: String::new(),
            reason: format!(
                "the chain ends at entry {prev_seq} but the head records entry {head_seq}: entries were removed"
            ),
        }));
    }
    Ok(Ok(prev_seq))
}

/// An entry as the auditor sees it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct AuditView {
    pub seq: i64,
    pub id: String,
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub request_id: Option<String>,
    pub client_addr: Option<String>,
}

fn parse_json(s: &Option<String>, mask: bool) -> Option<serde_json::Value> {
    let mut v = s.as_deref().and_then(|s| serde_json::from_str(s).ok())?;
    if mask {
        mask_mobiles(&mut v);
    }
    Some(v)
}

/// Hides mobile numbers (personal data) from readers who may not see them, such as the auditor.
fn mask_mobiles(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, x) in map.iter_mut() {
                if k == "mobile" || k.ends_with("_mobile") {
                    if let Some(s) = x.as_str() {
                        *x = serde_json::Value::String(domain::Phone::from_e164(s).masked());
                    }
                } else {
                    mask_mobiles(x);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(mask_mobiles),
        _ => {}
    }
}

/// The trail, newest first (auditor only).
pub async fn list(
    app: &App,
    ctx: &Ctx,
    filter: &AuditFilter,
    limit: i64,
    cursor: Option<&str>,
) -> Result<Page<AuditView>> {
    ctx.require(Resource::Audit, Action::Read)?;
    let before = match cursor {
        Some(c) => Some(c.parse::<i64>().map_err(|_| {
            AppError::invalid("cursor", "invalid_cursor", "this cursor is not valid")
        })?),
        None => None,
    };
    let mask = !ctx.can(Resource::PersonalContact, Action::Read);
    let mut tx = app.db.read().await?;
    let page = store::audit::list(&mut tx, filter, limit, before).await?;
    Ok(Page {
        items: page
            .items
            .into_iter()
            .map(|e| AuditView {
                seq: e.seq,
                id: e.id.to_string(),
                at: e.at,
                before: parse_json(&e.before_json, mask),
                after: parse_json(&e.after_json, mask),
                actor: e.actor,
                action: e.action,
                object_type: e.object_type,
                object_id: e.object_id,
                request_id: e.request_id,
                client_addr: e.client_addr,
            })
            .collect(),
        next_cursor: page.next_cursor,
        total: page.total,
    })
}
