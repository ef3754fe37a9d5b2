//! Each user's notification preferences: the language messages are written in, the outward
//! channels (e-mail, SMS) per event, and the daily digest. The inbox is always on.
//! Defaults: the bureau's zh-CN, e-mail on for every event, SMS off, the digest on.

use std::collections::BTreeMap;

use domain::{FieldError, Role};
use serde::{Deserialize, Serialize};
use store::Tx;
use store::notify::PrefsRecord;
use store::users::UserRecord;

use super::{Channel, Lang, USER_EVENTS};
use crate::{App, AppError, Ctx, Result};

/// A user's preferences, defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prefs {
    pub lang: Lang,
    /// Outward channels per event, for the events that differ from the default.
    pub channels: BTreeMap<String, Vec<Channel>>,
    pub digest: bool,
}

impl Prefs {
    /// The channels an event goes out on to this user: the inbox always, then their choice.
    pub fn channels_for(&self, event: &str) -> Vec<Channel> {
        let mut out = vec![Channel::Inbox];
        if event == "digest" {
            // The digest is one e-mail (its counts are stale by the next morning).
            return vec![Channel::Email];
        }
        match self.channels.get(event) {
            Some(chosen) => out.extend(chosen.iter().filter(|c| **c != Channel::Inbox)),
            None => out.push(Channel::Email),
        }
        out
    }
}

/// Reads a user's preferences (defaults for a user who never changed them).
pub async fn load(tx: &mut Tx, u: &UserRecord) -> Result<Prefs> {
    let rec = store::notify::get_prefs(tx, u.id).await?;
    let staff = u.role != Role::EnterpriseUser;
    let mut p = Prefs {
        lang: Lang::ZhCn,
        channels: BTreeMap::new(),
        digest: true,
    };
    if let Some(r) = rec {
        p.lang = Lang::parse(&r.lang).unwrap_or(Lang::ZhCn);
        p.channels = serde_json::from_str(&r.channels).unwrap_or_default();
        p.digest = r.digest;
    }
    if staff {
        p.lang = p.lang.for_staff();
    }
    Ok(p)
}

/// One event's outward channels, as the API shows and takes them.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EventChannels {
    /// The event: case_routed, case_assigned, case_escalated, decision_due, sla_at_risk,
    /// sla_breached, enterprise_replied, designated.
    pub event: String,
    pub email: bool,
    pub sms: bool,
}

/// The caller's notification preferences.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PrefsView {
    /// The language of messages: zh-CN or en for staff; also zh-Hant, ja, ko for enterprise
    /// users.
    pub lang: Lang,
    /// The daily digest e-mail (officials).
    pub digest: bool,
    /// Every event with its channels (the inbox is always on).
    pub events: Vec<EventChannels>,
}

fn view(p: &Prefs) -> PrefsView {
    PrefsView {
        lang: p.lang,
        digest: p.digest,
        events: USER_EVENTS
            .iter()
            .map(|e| {
                let ch = p.channels_for(e);
                EventChannels {
                    event: (*e).to_owned(),
                    email: ch.contains(&Channel::Email),
                    sms: ch.contains(&Channel::Sms),
                }
            })
            .collect(),
    }
}

async fn me(tx: &mut Tx, ctx: &Ctx) -> Result<UserRecord> {
    let p = ctx.principal().ok_or(AppError::Unauthenticated(
        "unauthenticated",
        "sign in first".into(),
    ))?;
    store::users::get(tx, p.id).await?.ok_or(AppError::NotFound)
}

/// The signed-in user's preferences.
pub async fn get(app: &App, ctx: &Ctx) -> Result<PrefsView> {
    let mut rd = app.db.read().await?;
    let u = me(&mut rd, ctx).await?;
    Ok(view(&load(&mut rd, &u).await?))
}

/// Replaces the signed-in user's preferences. Events not named keep their channels.
pub async fn put(app: &App, ctx: &Ctx, body: &PrefsView) -> Result<PrefsView> {
    let mut tx = app.db.begin().await?;
    let u = me(&mut tx, ctx).await?;
    let mut p = load(&mut tx, &u).await?;
    let mut errs = Vec::new();
    if u.role != Role::EnterpriseUser && body.lang.for_staff() != body.lang {
        errs.push(FieldError::new(
            "lang",
            "invalid_choice",
            "staff messages are written in zh-CN or en",
        ));
    }
    for (i, e) in body.events.iter().enumerate() {
        if !USER_EVENTS.contains(&e.event.as_str()) {
            errs.push(FieldError::new(
                format!("events[{i}].event"),
                "invalid_choice",
                "not an event",
            ));
            continue;
        }
        let mut ch = Vec::new();
        if e.email {
            ch.push(Channel::Email);
        }
        if e.sms {
            ch.push(Channel::Sms);
        }
        p.channels.insert(e.event.clone(), ch);
    }
    if !errs.is_empty() {
        return Err(AppError::Invalid(errs));
    }
    p.lang = body.lang;
    p.digest = body.digest;
    store::notify::put_prefs(
        &mut tx,
        &PrefsRecord {
            user_id: u.id,
            lang: p.lang.tag().to_owned(),
            channels: serde_json::to_string(&p.channels).unwrap_or_else(|_| "{}".into()),
            digest: p.digest,
            updated_at: app.now(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(view(&p))
}
