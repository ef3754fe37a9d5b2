//! The in-app inbox: every user's notifications, newest first, read and unread. A user sees
//! only their own entries: another's entry is "not found", never "forbidden".

use domain::{Id, new_id};
use serde::Serialize;
use store::Tx;
use store::notify::InboxRecord;

use super::Event;
use super::templates::Message;
use crate::{App, AppError, Ctx, Page, Result};

/// Writes one inbox entry (called by [`super::emit`] in the cause's transaction).
pub(super) async fn write(
    tx: &mut Tx,
    user: Id,
    event: &Event,
    msg: &Message,
    link: Option<String>,
    now: i64,
) -> Result<()> {
    store::notify::insert(
        tx,
        &InboxRecord {
            id: new_id(),
            user_id: user,
            event: event.name().to_owned(),
            subject: msg.subject.clone(),
            body: msg.body.clone(),
            case_id: event.case(),
            link,
            created_at: now,
            read_at: None,
        },
    )
    .await?;
    Ok(())
}

/// An inbox entry as its owner sees it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct InboxItem {
    pub id: String,
    /// What happened (case_routed, case_assigned, ...).
    pub event: String,
    pub subject: String,
    pub body: String,
    pub case_id: Option<String>,
    /// Where to go about it.
    pub link: Option<String>,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

fn item(r: &InboxRecord, enterprise: bool) -> InboxItem {
    InboxItem {
        id: r.id.to_string(),
        event: r.event.clone(),
        subject: r.subject.clone(),
        body: r.body.clone(),
        case_id: r.case_id.map(|c| c.to_string()),
        // An enterprise follows its case, or a portal page the notice leads to.
        link: if enterprise {
            r.case_id
                .map(|c| format!("/portal/cases/{c}"))
                .or_else(|| r.link.clone().filter(|l| l.starts_with("/portal/")))
        } else {
            r.link.clone()
        },
        created_at: r.created_at,
        read_at: r.read_at,
    }
}

fn owner(ctx: &Ctx) -> Result<(Id, bool)> {
    let p = ctx.principal().ok_or(AppError::Unauthenticated(
        "unauthenticated",
        "sign in first".into(),
    ))?;
    Ok((p.id, p.enterprise.is_some()))
}

fn parse_id(s: &str) -> Option<Id> {
    uuid::Uuid::parse_str(s).ok()
}

/// The caller's inbox, newest first; `unread` keeps only the unread entries.
pub async fn list(
    app: &App,
    ctx: &Ctx,
    unread: bool,
    limit: i64,
    cursor: Option<&str>,
) -> Result<Page<InboxItem>> {
    let (me, ent) = owner(ctx)?;
    let before = match cursor {
        None | Some("") => None,
        Some(c) => Some(
            parse_id(c)
                .ok_or_else(|| AppError::invalid("cursor", "invalid_cursor", "not a cursor"))?,
        ),
    };
    let mut rd = app.db.read().await?;
    let page = store::notify::list(&mut rd, me, unread, limit.clamp(1, 200), before).await?;
    Ok(Page {
        items: page.items.iter().map(|r| item(r, ent)).collect(),
        next_cursor: page.next_cursor,
        total: page.total,
    })
}

/// How many of the caller's entries are unread (the header's badge).
pub async fn unread_count(app: &App, ctx: &Ctx) -> Result<i64> {
    let (me, _) = owner(ctx)?;
    let mut rd = app.db.read().await?;
    Ok(store::notify::unread_count(&mut rd, me).await?)
}

/// Marks one of the caller's entries read.
pub async fn mark_read(app: &App, ctx: &Ctx, id: &str) -> Result<InboxItem> {
    let (me, ent) = owner(ctx)?;
    let id = parse_id(id).ok_or(AppError::NotFound)?;
    let mut tx = app.db.begin().await?;
    let r = store::notify::mark_read(&mut tx, me, id, app.now())
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(item(&r, ent))
}

/// Marks all of the caller's entries read; returns how many were unread.
pub async fn mark_all_read(app: &App, ctx: &Ctx) -> Result<u64> {
    let (me, _) = owner(ctx)?;
    let mut tx = app.db.begin().await?;
    let n = store::notify::mark_all_read(&mut tx, me, app.now()).await?;
    tx.commit().await?;
    Ok(n)
}
