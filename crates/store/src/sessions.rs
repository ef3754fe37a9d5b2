//! Browser sessions. Only a hash of the session cookie is stored.

use domain::Id;

use crate::Result;
use crate::db::{Tx, q};
use crate::users::UserRecord;

#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub id_hash: String,
    pub user_id: Id,
    pub csrf: String,
    pub created_at: i64,
    pub last_seen_at: i64,
}

pub async fn insert(tx: &mut Tx, s: &SessionRecord, client_addr: Option<&str>) -> Result<()> {
    tx.execute(
        q("INSERT INTO sessions (id_hash, user_id, csrf, created_at, last_seen_at, client_addr) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(&s.id_hash)
            .bind(s.user_id)
            .bind(&s.csrf)
            .bind(s.created_at)
            .bind(s.last_seen_at)
            .bind(client_addr),
    )
    .await?;
    Ok(())
}

/// The session and its user.
pub async fn get(tx: &mut Tx, id_hash: &str) -> Result<Option<(SessionRecord, UserRecord)>> {
    let row = tx
        .fetch_optional(
            q("SELECT s.id_hash, s.csrf, s.created_at AS s_created, s.last_seen_at, u.* FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1")
                .bind(id_hash),
        )
        .await?;
    let Some(r) = row else { return Ok(None) };
    let user = UserRecord::from_row(&r)?;
    Ok(Some((
        SessionRecord {
            id_hash: r.get("id_hash")?,
            user_id: user.id,
            csrf: r.get("csrf")?,
            created_at: r.get("s_created")?,
            last_seen_at: r.get("last_seen_at")?,
        },
        user,
    )))
}

pub async fn touch(tx: &mut Tx, id_hash: &str, now: i64) -> Result<()> {
    tx.execute(
        q("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
            .bind(now)
            .bind(id_hash),
    )
    .await?;
    Ok(())
}

pub async fn delete(tx: &mut Tx, id_hash: &str) -> Result<()> {
    tx.execute(q("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash))
        .await?;
    Ok(())
}

/// Ends every session of a user (logout everywhere, disabling an account).
pub async fn delete_for_user(tx: &mut Tx, user_id: Id) -> Result<u64> {
    tx.execute(q("DELETE FROM sessions WHERE user_id = $1").bind(user_id))
        .await
}

/// Removes sessions idle or older than the limits; returns how many.
pub async fn purge_older_than(
    tx: &mut Tx,
    last_seen_before: i64,
    created_before: i64,
) -> Result<u64> {
    tx.execute(
        q("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2")
            .bind(last_seen_before)
            .bind(created_before),
    )
    .await
}
