//! Notifications' tables: the in-app inbox, preferences, staff on duty, and "sent once" marks.
//! Every inbox query is scoped by the owner's user id; this module knows no event or channel.

use domain::{DivisionCode, Id};

use crate::db::{Row, Tx, Value, q};
use crate::list::{ListQuery, paged};
use crate::{Page, Result};

/// One entry of a user's inbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxRecord {
    pub id: Id,
    pub user_id: Id,
    pub event: String,
    pub subject: String,
    pub body: String,
    pub case_id: Option<Id>,
    pub link: Option<String>,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

const COLS: &str = "id, user_id, event, subject, body, case_id, link, created_at, read_at";

fn from_row(r: &Row) -> Result<InboxRecord> {
    Ok(InboxRecord {
        id: r.get("id")?,
        user_id: r.get("user_id")?,
        event: r.get("event")?,
        subject: r.get("subject")?,
        body: r.get("body")?,
        case_id: r.get("case_id")?,
        link: r.get("link")?,
        created_at: r.get("created_at")?,
        read_at: r.get("read_at")?,
    })
}

pub async fn insert(tx: &mut Tx, n: &InboxRecord) -> Result<()> {
    tx.execute(
        q(format!(
            "INSERT INTO notifications ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
        ))
        .bind(n.id)
        .bind(n.user_id)
        .bind(&n.event)
        .bind(&n.subject)
        .bind(&n.body)
        .bind(n.case_id)
        .bind(n.link.clone())
        .bind(n.created_at)
        .bind(n.read_at),
    )
    .await?;
    Ok(())
}

/// A user's inbox, newest first; `unread` keeps only unread entries.
pub async fn list(
    tx: &mut Tx,
    user: Id,
    unread: bool,
    limit: i64,
    before: Option<Id>,
) -> Result<Page<InboxRecord>> {
    let filter = if unread { " AND read_at IS NULL" } else { "" };
    let lq = ListQuery {
        cols: COLS,
        from: "notifications",
        where_: format!(" WHERE user_id = $1{filter}"),
        args: vec![Value::from(user)],
        after: before.map(|b| ("id <", Value::from(b))),
        order: "id DESC",
        limit,
    };
    paged(tx, lq, from_row, |n| n.id.to_string()).await
}

pub async fn unread_count(tx: &mut Tx, user: Id) -> Result<i64> {
    tx.fetch_one(
        q("SELECT count(*) AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL")
            .bind(user),
    )
    .await?
    .get("n")
}

/// Marks one of `user`'s entries read; None when `user` has no such entry.
pub async fn mark_read(tx: &mut Tx, user: Id, id: Id, now: i64) -> Result<Option<InboxRecord>> {
    tx.fetch_optional(
        q(format!(
            "UPDATE notifications SET read_at = coalesce(read_at, $3) WHERE id = $1 AND user_id = $2 RETURNING {COLS}"
        ))
        .bind(id)
        .bind(user)
        .bind(now),
    )
    .await?
    .map(|r| from_row(&r))
    .transpose()
}

/// Marks all of `user`'s entries read; returns how many were unread.
pub async fn mark_all_read(tx: &mut Tx, user: Id, now: i64) -> Result<u64> {
    tx.execute(
        q("UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL")
            .bind(user)
            .bind(now),
    )
    .await
}

/// A user's stored preferences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrefsRecord {
    pub user_id: Id,
    pub lang: String,
    /// JSON object: event code → list of channel codes.
    pub channels: String,
    pub digest: bool,
    pub updated_at: i64,
}

pub async fn get_prefs(tx: &mut Tx, user: Id) -> Result<Option<PrefsRecord>> {
    tx.fetch_optional(
        q("SELECT user_id, lang, channels, digest, updated_at FROM notification_prefs WHERE user_id = $1")
            .bind(user),
    )
    .await?
    .map(|r| {
        Ok(PrefsRecord {
            user_id: r.get("user_id")?,
            lang: r.get("lang")?,
            channels: r.get("channels")?,
            digest: r.get("digest")?,
            updated_at: r.get("updated_at")?,
        })
    })
    .transpose()
}

pub async fn put_prefs(tx: &mut Tx, p: &PrefsRecord) -> Result<()> {
    tx.execute(
        q("INSERT INTO notification_prefs (user_id, lang, channels, digest, updated_at) VALUES ($1, $2, $3, $4, $5) \
           ON CONFLICT (user_id) DO UPDATE SET lang = excluded.lang, channels = excluded.channels, digest = excluded.digest, updated_at = excluded.updated_at")
            .bind(p.user_id)
            .bind(&p.lang)
            .bind(&p.channels)
            .bind(p.digest)
            .bind(p.updated_at),
    )
    .await?;
    Ok(())
}

/// Puts a staff member on duty for their division, or takes them off.
pub async fn set_on_duty(
    tx: &mut Tx,
    user: Id,
    division: DivisionCode,
    on: bool,
    by: &str,
    now: i64,
) -> Result<()> {
    if on {
        tx.execute(
            q("INSERT INTO staff_on_duty (user_id, division, set_by, set_at) VALUES ($1, $2, $3, $4) \
               ON CONFLICT (user_id) DO UPDATE SET division = excluded.division, set_by = excluded.set_by, set_at = excluded.set_at")
                .bind(user)
                .bind(division.as_str())
                .bind(by)
                .bind(now),
        )
        .await?;
    } else {
        tx.execute(q("DELETE FROM staff_on_duty WHERE user_id = $1").bind(user))
            .await?;
    }
    Ok(())
}

/// The ids of a division's staff on duty.
pub async fn on_duty(tx: &mut Tx, division: DivisionCode) -> Result<Vec<Id>> {
    tx.fetch_all(
        q(
            "SELECT d.user_id FROM staff_on_duty d JOIN users u ON u.id = d.user_id \
           WHERE d.division = $1 AND u.division = $1 AND u.disabled = $2 ORDER BY d.user_id",
        )
        .bind(division.as_str())
        .bind(false),
    )
    .await?
    .iter()
    .map(|r| r.get("user_id"))
    .collect()
}

/// Records a mark; false when it was there already (the notice went out before).
pub async fn mark_once(tx: &mut Tx, mark: &str, now: i64) -> Result<bool> {
    let n = tx
        .execute(
            q("INSERT INTO notify_marks (mark, at) VALUES ($1, $2) ON CONFLICT (mark) DO NOTHING")
                .bind(mark)
                .bind(now),
        )
        .await?;
    Ok(n == 1)
}

/// The enabled users of a division with one of `roles` (role codes).
pub async fn division_users(
    tx: &mut Tx,
    division: DivisionCode,
    roles: &[&str],
) -> Result<Vec<crate::users::UserRecord>> {
    let marks: Vec<String> = (0..roles.len()).map(|i| format!("${}", i + 3)).collect();
    let mut query = q(format!(
        "SELECT {} FROM users WHERE division = $1 AND disabled = $2 AND role IN ({}) ORDER BY email",
        crate::users::COLS,
        marks.join(", ")
    ))
    .bind(division.as_str())
    .bind(false);
    for r in roles {
        query = query.bind(*r);
    }
    tx.fetch_all(query)
        .await?
        .iter()
        .map(crate::users::UserRecord::from_row)
        .collect()
}

/// The enabled users of an enterprise.
pub async fn enterprise_users(
    tx: &mut Tx,
    uscc: &domain::Uscc,
) -> Result<Vec<crate::users::UserRecord>> {
    tx.fetch_all(
        q(format!(
            "SELECT {} FROM users WHERE enterprise = $1 AND disabled = $2 ORDER BY email",
            crate::users::COLS
        ))
        .bind(uscc.as_str())
        .bind(false),
    )
    .await?
    .iter()
    .map(crate::users::UserRecord::from_row)
    .collect()
}

/// The first mark that starts with `prefix` (marks that carry a value after their key).
pub async fn mark_with_prefix(tx: &mut Tx, prefix: &str) -> Result<Option<String>> {
    let pattern = format!("{}%", crate::list::like_prefix(prefix));
    tx.fetch_optional(
        q("SELECT mark FROM notify_marks WHERE mark LIKE $1 ESCAPE '\\' ORDER BY mark LIMIT 1")
            .bind(pattern),
    )
    .await?
    .map(|r| r.get("mark"))
    .transpose()
}

/// A division's staff messaging group robot: its webhook URL and body format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RobotRecord {
    pub division: String,
    pub url: String,
    pub format: String,
    pub set_by: String,
    pub set_at: i64,
}

/// The robot of `division`, if it has one.
pub async fn robot(tx: &mut Tx, division: DivisionCode) -> Result<Option<RobotRecord>> {
    tx.fetch_optional(
        q("SELECT division, url, format, set_by, set_at FROM division_robots WHERE division = $1")
            .bind(division.as_str()),
    )
    .await?
    .map(|r| {
        Ok(RobotRecord {
            division: r.get("division")?,
            url: r.get("url")?,
            format: r.get("format")?,
            set_by: r.get("set_by")?,
            set_at: r.get("set_at")?,
        })
    })
    .transpose()
}

/// Sets a division's robot (`Some`) or removes it (`None`).
pub async fn set_robot(
    tx: &mut Tx,
    division: DivisionCode,
    robot: Option<(&str, &str)>,
    by: &str,
    now: i64,
) -> Result<()> {
    match robot {
        Some((url, format)) => {
            tx.execute(
                q("INSERT INTO division_robots (division, url, format, set_by, set_at) VALUES ($1, $2, $3, $4, $5) \
                   ON CONFLICT (division) DO UPDATE SET url = excluded.url, format = excluded.format, \
                   set_by = excluded.set_by, set_at = excluded.set_at")
                .bind(division.as_str())
                .bind(url)
                .bind(format)
                .bind(by)
                .bind(now),
            )
            .await?;
        }
        None => {
            tx.execute(
                q("DELETE FROM division_robots WHERE division = $1").bind(division.as_str()),
            )
            .await?;
        }
    }
    Ok(())
}
