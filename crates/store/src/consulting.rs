//! Measure 3's tables: messaging groups and their messages, hotlines and calls.
//! (Replies to groups are jobs: `jobs`; the SLA calendar and targets are the case engine's.)

use domain::{DistrictCode, Id};

use crate::Result;
use crate::db::{Row, Tx, q};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRecord {
    pub id: Id,
    pub platform: String,
    pub name: String,
    pub district: DistrictCode,
    pub webhook_url: Option<String>,
    pub webhook_format: String,
    /// The shared secret that signs inbound messages (HMAC-SHA-256 over the body).
    pub secret: String,
    /// Staff who run the group, as e-mail addresses separated by commas.
    pub staff: String,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

const GROUP_COLS: &str = "id, platform, name, district, webhook_url, webhook_format, secret, staff, active, created_at, updated_at";

fn group_from_row(r: &Row) -> Result<GroupRecord> {
    Ok(GroupRecord {
        id: r.get("id")?,
        platform: r.get("platform")?,
        name: r.get("name")?,
        district: r.get("district")?,
        webhook_url: r.get("webhook_url")?,
        webhook_format: r.get("webhook_format")?,
        secret: r.get("secret")?,
        staff: r.get("staff")?,
        active: r.get("active")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
    })
}

pub async fn upsert_group(tx: &mut Tx, g: &GroupRecord) -> Result<()> {
    tx.execute(
        q(format!("INSERT INTO messaging_groups ({GROUP_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO UPDATE SET platform = excluded.platform, name = excluded.name, district = excluded.district, webhook_url = excluded.webhook_url, webhook_format = excluded.webhook_format, secret = excluded.secret, staff = excluded.staff, active = excluded.active, updated_at = excluded.updated_at"))
            .bind(g.id)
            .bind(&g.platform)
            .bind(&g.name)
            .bind(&g.district)
            .bind(g.webhook_url.clone())
            .bind(&g.webhook_format)
            .bind(&g.secret)
            .bind(&g.staff)
            .bind(g.active)
            .bind(g.created_at)
            .bind(g.updated_at),
    )
    .await?;
    Ok(())
}

pub async fn get_group(tx: &mut Tx, id: Id) -> Result<Option<GroupRecord>> {
    tx.fetch_optional(
        q(format!(
            "SELECT {GROUP_COLS} FROM messaging_groups WHERE id = $1"
        ))
        .bind(id),
    )
    .await?
    .as_ref()
    .map(group_from_row)
    .transpose()
}

pub async fn list_groups(tx: &mut Tx, district: Option<&DistrictCode>) -> Result<Vec<GroupRecord>> {
    let query = match district {
        Some(d) => q(format!(
            "SELECT {GROUP_COLS} FROM messaging_groups WHERE district = $1 ORDER BY district, name"
        ))
        .bind(d),
        None => q(format!(
            "SELECT {GROUP_COLS} FROM messaging_groups ORDER BY district, name"
        )),
    };
    tx.fetch_all(query)
        .await?
        .iter()
        .map(group_from_row)
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupMessage {
    pub group_id: Id,
    pub message_id: String,
    pub sender: String,
    pub sender_name: String,
    pub body: String,
    pub case_id: Id,
    pub received_at: i64,
}

/// Stores a message once: false when the group already has a message with this id.
pub async fn insert_message(tx: &mut Tx, m: &GroupMessage) -> Result<bool> {
    let n = tx
        .execute(
            q("INSERT INTO group_messages (group_id, message_id, sender, sender_name, body, case_id, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (group_id, message_id) DO NOTHING")
                .bind(m.group_id)
                .bind(&m.message_id)
                .bind(&m.sender)
                .bind(&m.sender_name)
                .bind(&m.body)
                .bind(m.case_id)
                .bind(m.received_at),
        )
        .await?;
    Ok(n == 1)
}

/// The case a message was filed under, if the group has already seen it.
pub async fn message_case(tx: &mut Tx, group: Id, message_id: &str) -> Result<Option<Id>> {
    match tx
        .fetch_optional(
            q("SELECT case_id FROM group_messages WHERE group_id = $1 AND message_id = $2")
                .bind(group)
                .bind(message_id),
        )
        .await?
    {
        Some(r) => Ok(Some(r.get("case_id")?)),
        None => Ok(None),
    }
}

/// The open inquiry of a messaging-group sender, if any (newest first).
pub async fn open_case_of_sender(
    tx: &mut Tx,
    sender_key: &str,
) -> Result<Option<crate::cases::CaseRecord>> {
    crate::cases::open_of_sender(tx, sender_key).await
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HotlineRecord {
    pub code: String,
    pub district: DistrictCode,
    pub name: String,
    /// E.164.
    pub number: String,
}

pub async fn put_hotline(tx: &mut Tx, h: &HotlineRecord, now: i64) -> Result<()> {
    tx.execute(
        q("INSERT INTO hotlines (code, district, name, number, updated_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO UPDATE SET district = excluded.district, name = excluded.name, number = excluded.number, updated_at = excluded.updated_at")
            .bind(&h.code)
            .bind(&h.district)
            .bind(&h.name)
            .bind(&h.number)
            .bind(now),
    )
    .await?;
    Ok(())
}

pub async fn hotlines(tx: &mut Tx) -> Result<Vec<HotlineRecord>> {
    tx.fetch_all(q(
        "SELECT code, district, name, number FROM hotlines ORDER BY district, code",
    ))
    .await?
    .iter()
    .map(|r| {
        Ok(HotlineRecord {
            code: r.get("code")?,
            district: r.get("district")?,
            name: r.get("name")?,
            number: r.get("number")?,
        })
    })
    .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRecord {
    pub id: Id,
    pub case_id: Id,
    pub hotline: String,
    pub caller_name: String,
    /// E.164.
    pub caller_number: String,
    pub duration_s: i64,
    pub summary: String,
    pub staff: String,
    pub at: i64,
}

const CALL_COLS: &str =
    "id, case_id, hotline, caller_name, caller_number, duration_s, summary, staff, at";

fn call_from_row(r: &Row) -> Result<CallRecord> {
    Ok(CallRecord {
        id: r.get("id")?,
        case_id: r.get("case_id")?,
        hotline: r.get("hotline")?,
        caller_name: r.get("caller_name")?,
        caller_number: r.get("caller_number")?,
        duration_s: r.get("duration_s")?,
        summary: r.get("summary")?,
        staff: r.get("staff")?,
        at: r.get("at")?,
    })
}

pub async fn insert_call(tx: &mut Tx, c: &CallRecord) -> Result<()> {
    tx.execute(
        q(format!(
            "INSERT INTO calls ({CALL_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
        ))
        .bind(c.id)
        .bind(c.case_id)
        .bind(&c.hotline)
        .bind(&c.caller_name)
        .bind(&c.caller_number)
        .bind(c.duration_s)
        .bind(&c.summary)
        .bind(&c.staff)
        .bind(c.at),
    )
    .await?;
    Ok(())
}

pub async fn calls_by_number(tx: &mut Tx, number: &str, limit: i64) -> Result<Vec<CallRecord>> {
    tx.fetch_all(
        q(format!(
            "SELECT {CALL_COLS} FROM calls WHERE caller_number = $1 ORDER BY at DESC, id LIMIT $2"
        ))
        .bind(number)
        .bind(limit),
    )
    .await?
    .iter()
    .map(call_from_row)
    .collect()
}

pub async fn recent_calls(tx: &mut Tx, limit: i64) -> Result<Vec<CallRecord>> {
    tx.fetch_all(
        q(format!(
            "SELECT {CALL_COLS} FROM calls ORDER BY at DESC, id LIMIT $1"
        ))
        .bind(limit),
    )
    .await?
    .iter()
    .map(call_from_row)
    .collect()
}
