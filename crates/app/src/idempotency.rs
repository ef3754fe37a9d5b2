//! `Idempotency-Key` on creating requests: a repeated request gets the first response again.

use sha2::{Digest, Sha256};

use crate::{App, AppError, Result};

/// How long a response is remembered.
const KEEP_MS: i64 = 24 * 60 * 60_000;
/// A claim whose request has not finished after this long is taken to have failed.
const STALE_MS: i64 = 2 * 60_000;

pub enum Begin {
    /// First time: run the request, then call [`finish`].
    Proceed,
    /// Seen before with the same request: answer this again.
    Replay {
        status: u16,
        content_type: Option<String>,
        body: String,
    },
}

pub fn request_hash(method: &str, path: &str, body: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(method.as_bytes());
    h.update(b"\n");
    h.update(path.as_bytes());
    h.update(b"\n");
    h.update(body);
    hex::encode(h.finalize())
}

pub async fn begin(
    app: &App,
    principal: &str,
    key: &str,
    method: &str,
    path: &str,
    hash: &str,
) -> Result<Begin> {
    if key.is_empty() || key.len() > 255 {
        return Err(AppError::invalid(
            "Idempotency-Key",
            "invalid_idempotency_key",
            "an Idempotency-Key has 1 to 255 characters",
        ));
    }
    let now = app.now();
    let mut tx = app.db.begin().await?;
    store::idempotency::purge_before(&mut tx, now - KEEP_MS).await?;
    if store::idempotency::claim(&mut tx, principal, key, method, path, hash, now).await?
        || store::idempotency::retake(&mut tx, principal, key, hash, now - STALE_MS, now).await?
    {
        tx.commit().await?;
        return Ok(Begin::Proceed);
    }
    let seen = store::idempotency::get(&mut tx, principal, key)
        .await?
        .ok_or(AppError::NotFound)?;
    if seen.request_hash != hash {
        return Err(AppError::Conflict(
            "idempotency_key_reused",
            "this Idempotency-Key was used for a different request".into(),
        ));
    }
    match (seen.status, seen.body) {
        (Some(status), Some(body)) => Ok(Begin::Replay {
            status: status as u16,
            content_type: seen.content_type,
            body,
        }),
        _ => Err(AppError::Conflict(
            "idempotency_in_progress",
            "a request with this Idempotency-Key is still running".into(),
        )),
    }
}

pub async fn finish(
    app: &App,
    principal: &str,
    key: &str,
    status: u16,
    content_type: Option<&str>,
    body: &str,
) -> Result<()> {
    let mut tx = app.db.begin().await?;
    if status >= 500 {
        store::idempotency::release(&mut tx, principal, key).await?;
    } else {
        store::idempotency::complete(
            &mut tx,
            principal,
            key,
            i64::from(status),
            content_type,
            body,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
