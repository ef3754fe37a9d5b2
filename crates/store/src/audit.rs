//! The append-only audit trail. The chain's hashing is done by the caller (the app layer
//! holds the key); this module only stores entries and the chain's head.

use domain::Id;

use crate::db::{Row, Tx, q};
use crate::list::{ListQuery, paged};
use crate::{Page, Result};

#[derive(Debug, Clone)]
pub struct AuditRecord {
    pub seq: i64,
    pub id: Id,
    pub at: i64,
    pub actor_id: Option<Id>,
    pub actor: String,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub request_id: Option<String>,
    pub client_addr: Option<String>,
    pub alg: String,
    pub prev_hash: String,
    pub hash: String,
}

const COLS: &str = "seq, id, at, actor_id, actor, action, object_type, object_id, before_json, after_json, request_id, client_addr, alg, prev_hash, hash";

fn from_row(r: &Row) -> Result<AuditRecord> {
    Ok(AuditRecord {
        seq: r.get("seq")?,
        id: r.get("id")?,
        at: r.get("at")?,
        actor_id: r.get("actor_id")?,
        actor: r.get("actor")?,
        action: r.get("action")?,
        object_type: r.get("object_type")?,
        object_id: r.get("object_id")?,
        before_json: r.get("before_json")?,
        after_json: r.get("after_json")?,
        request_id: r.get("request_id")?,
        client_addr: r.get("client_addr")?,
        alg: r.get("alg")?,
        prev_hash: r.get("prev_hash")?,
        hash: r.get("hash")?,
    })
}

/// The next sequence number and the previous hash. Writers are serialised (one writer
/// connection on SQLite, an advisory lock on PostgreSQL), and the head row is locked as well;
/// inserting the entry moves the head (a trigger), so the two stay one step.
pub async fn advance_head(tx: &mut Tx) -> Result<(i64, String)> {
    let lock = match tx.backend() {
        crate::Backend::Postgres => " FOR UPDATE",
        crate::Backend::Sqlite => "",
    };
    let r = tx
        .fetch_one(q(format!(
            "SELECT seq + 1 AS seq, hash FROM audit_head WHERE id = 1{lock}"
        )))
        .await?;
    Ok((r.get("seq")?, r.get("hash")?))
}

pub async fn insert(tx: &mut Tx, e: &AuditRecord) -> Result<()> {
    tx.execute(
        q(format!("INSERT INTO audit_log ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"))
            .bind(e.seq)
            .bind(e.id)
            .bind(e.at)
            .bind(e.actor_id)
            .bind(&e.actor)
            .bind(&e.action)
            .bind(&e.object_type)
            .bind(&e.object_id)
            .bind(e.before_json.clone())
            .bind(e.after_json.clone())
            .bind(e.request_id.clone())
            .bind(e.client_addr.clone())
            .bind(&e.alg)
            .bind(&e.prev_hash)
            .bind(&e.hash),
    )
    .await?;
    Ok(())
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub actor_id: Option<Id>,
}

/// Newest first.
pub async fn list(
    tx: &mut Tx,
    f: &AuditFilter,
    limit: i64,
    before_seq: Option<i64>,
) -> Result<Page<AuditRecord>> {
    let mut where_ = String::from(" WHERE 1 = 1");
    let mut args: Vec<crate::Value> = Vec::new();
    if let Some(t) = &f.object_type {
        args.push(t.into());
        where_.push_str(&format!(" AND object_type = ${}", args.len()));
    }
    if let Some(o) = &f.object_id {
        args.push(o.into());
        where_.push_str(&format!(" AND object_id = ${}", args.len()));
    }
    if let Some(a) = f.actor_id {
        args.push(a.into());
        where_.push_str(&format!(" AND actor_id = ${}", args.len()));
    }
    let lq = ListQuery {
        cols: COLS,
        from: "audit_log",
        where_,
        args,
        after: before_seq.map(|b| ("seq <", b.into())),
        order: "seq DESC",
        limit,
    };
    paged(tx, lq, from_row, |e| e.seq.to_string()).await
}

/// Entries in chain order after `after_seq`, for verification.
pub async fn scan(tx: &mut Tx, after_seq: i64, limit: i64) -> Result<Vec<AuditRecord>> {
    tx.fetch_all(
        q(format!(
            "SELECT {COLS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2"
        ))
        .bind(after_seq)
        .bind(limit),
    )
    .await?
    .iter()
    .map(from_row)
    .collect()
}

/// The head as recorded: (last sequence number, last hash).
pub async fn head(tx: &mut Tx) -> Result<(i64, String)> {
    let r = tx
        .fetch_one(q("SELECT seq, hash FROM audit_head WHERE id = 1"))
        .await?;
    Ok((r.get("seq")?, r.get("hash")?))
}
