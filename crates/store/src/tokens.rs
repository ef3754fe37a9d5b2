//! API tokens. Only a keyed hash of each token is stored.

use domain::Id;

use crate::Result;
use crate::db::{Tx, q};
use crate::users::UserRecord;

#[derive(Debug, Clone)]
pub struct TokenRecord {
    pub id: Id,
    pub user_id: Id,
    pub label: String,
    pub token_hash: String,
    pub created_at: i64,
    pub expires_at: Option<i64>,
}

pub async fn insert(tx: &mut Tx, t: &TokenRecord) -> Result<()> {
    tx.execute(
        q("INSERT INTO api_tokens (id, user_id, label, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(t.id)
            .bind(t.user_id)
            .bind(&t.label)
            .bind(&t.token_hash)
            .bind(t.created_at)
            .bind(t.expires_at),
    )
    .await?;
    Ok(())
}

/// The user of a live (unrevoked, unexpired) token, and when the token expires.
pub async fn find_user(
    tx: &mut Tx,
    token_hash: &str,
    now: i64,
) -> Result<Option<(UserRecord, Option<i64>)>> {
    tx.fetch_optional(
        q("SELECT u.*, t.expires_at AS token_expires_at FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2)")
            .bind(token_hash)
            .bind(now),
    )
    .await?
    .map(|r| Ok((UserRecord::from_row(&r)?, r.get::<Option<i64>>("token_expires_at")?)))
    .transpose()
}

pub async fn revoke_for_user(tx: &mut Tx, user_id: Id, now: i64) -> Result<u64> {
    tx.execute(
        q("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(user_id),
    )
    .await
}
