//! Responses remembered by `Idempotency-Key`, per principal.

use crate::Result;
use crate::db::{Tx, q};

#[derive(Debug, Clone)]
pub struct Remembered {
    pub method: String,
    pub path: String,
    pub request_hash: String,
    /// `None` while the first request is still running.
    pub status: Option<i64>,
    pub content_type: Option<String>,
    pub body: Option<String>,
    pub created_at: i64,
}

pub async fn get(tx: &mut Tx, principal: &str, key: &str) -> Result<Option<Remembered>> {
    let Some(r) = tx
        .fetch_optional(q("SELECT method, path, request_hash, status, content_type, body, created_at FROM idempotency_keys WHERE principal = $1 AND key = $2").bind(principal).bind(key))
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(Remembered {
        method: r.get("method")?,
        path: r.get("path")?,
        request_hash: r.get("request_hash")?,
        status: r.get("status")?,
        content_type: r.get("content_type")?,
        body: r.get("body")?,
        created_at: r.get("created_at")?,
    }))
}

/// Claims a key; false when another request already holds it. (`ON CONFLICT DO NOTHING`
/// rather than catching the error: on PostgreSQL a failed statement aborts the transaction.)
pub async fn claim(
    tx: &mut Tx,
    principal: &str,
    key: &str,
    method: &str,
    path: &str,
    request_hash: &str,
    now: i64,
) -> Result<bool> {
    let n = tx
        .execute(
            q("INSERT INTO idempotency_keys (principal, key, method, path, request_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (principal, key) DO NOTHING")
                .bind(principal)
                .bind(key)
                .bind(method)
                .bind(path)
                .bind(request_hash)
                .bind(now),
        )
        .await?;
    Ok(n == 1)
}

pub async fn complete(
    tx: &mut Tx,
    principal: &str,
    key: &str,
    status: i64,
    content_type: Option<&str>,
    body: &str,
) -> Result<()> {
    tx.execute(
        q("UPDATE idempotency_keys SET status = $1, content_type = $2, body = $3 WHERE principal = $4 AND key = $5")
            .bind(status)
            .bind(content_type)
            .bind(body)
            .bind(principal)
            .bind(key),
    )
    .await?;
    Ok(())
}

/// Forgets a claim whose request failed on the server, so that a retry runs again.
pub async fn release(tx: &mut Tx, principal: &str, key: &str) -> Result<()> {
    tx.execute(
        q("DELETE FROM idempotency_keys WHERE principal = $1 AND key = $2 AND status IS NULL")
            .bind(principal)
            .bind(key),
    )
    .await?;
    Ok(())
}

/// Takes over a claim whose request never finished (it timed out or the server stopped).
pub async fn retake(
    tx: &mut Tx,
    principal: &str,
    key: &str,
    request_hash: &str,
    stale_before: i64,
    now: i64,
) -> Result<bool> {
    let n = tx
        .execute(
            q("UPDATE idempotency_keys SET created_at = $1, request_hash = $2 WHERE principal = $3 AND key = $4 AND status IS NULL AND created_at < $5")
                .bind(now)
                .bind(request_hash)
                .bind(principal)
                .bind(key)
                .bind(stale_before),
        )
        .await?;
    Ok(n == 1)
}

/// Forgets remembered responses older than `before`.
pub async fn purge_before(tx: &mut Tx, before: i64) -> Result<u64> {
    tx.execute(q("DELETE FROM idempotency_keys WHERE created_at < $1").bind(before))
        .await
}
