//! The public `/ask` form and the portal's question form: bots refused by a hidden field, a
//! time floor and a link count, and a per-address rate limit.

use std::collections::HashMap;
use std::sync::Mutex;

use domain::{FieldError, Id};
use serde::{Deserialize, Serialize};

use crate::cases::{self, NewCase};
use crate::{App, AppError, Ctx, Result};

use super::phone;

/// A question from the public site or the portal.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub question: String,
    #[serde(default)]
    pub contact_name: String,
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub topic: Option<i64>,
    /// A field people never see; bots fill it in.
    #[serde(default)]
    pub website: String,
    /// When the form was shown (epoch ms); an answer within two seconds is a bot's.
    #[serde(default)]
    pub shown_at: Option<i64>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Received {
    pub reference: String,
    pub division: String,
    pub first_response_due: Option<i64>,
}

/// Requests per address in a window, kept in memory (a restart forgets them, which is fine).
#[derive(Default)]
pub struct RateLimit(Mutex<HashMap<String, Vec<i64>>>);

pub const PUBLIC_LIMIT: usize = 5;
pub const PUBLIC_WINDOW_MS: i64 = 10 * 60_000;

impl RateLimit {
    /// Whether `key` may send one more at `now`; records it when so.
    pub fn allow(&self, key: &str, now: i64) -> bool {
        self.allow_n(key, now, PUBLIC_LIMIT, PUBLIC_WINDOW_MS)
    }

    /// Whether `key` may send one more at `now` when `limit` are allowed per `window` ms.
    pub fn allow_n(&self, key: &str, now: i64, limit: usize, window: i64) -> bool {
        let Ok(mut m) = self.0.lock() else {
            return true;
        };
        if m.len() > 10_000 {
            m.retain(|_, v| v.iter().any(|t| now - t < window));
        }
        let v = m.entry(key.to_owned()).or_default();
        v.retain(|t| now - t < window);
        if v.len() >= limit {
            return false;
        }
        v.push(now);
        true
    }
}

/// Why a public question was refused as spam (the reason is logged, not shown in detail).
fn spam_reason(q: &Question, now: i64) -> Option<&'static str> {
    spam_in(&q.website, q.shown_at, &q.question, now)
}

/// Why a public form was refused as a bot's, if it was: the hidden field filled in, an answer
/// within two seconds of the form being shown, or more than two links in the text. Every
/// public form that takes text from anyone (a question, an objection) uses it.
pub(crate) fn spam_in(
    website: &str,
    shown_at: Option<i64>,
    text: &str,
    now: i64,
) -> Option<&'static str> {
    if !website.trim().is_empty() {
        return Some("honeypot");
    }
    if shown_at.is_some_and(|t| now - t < 2_000) {
        return Some("too_fast");
    }
    let text = text.to_lowercase();
    if text.matches("http://").count()
        + text.matches("https://").count()
        + text.matches("www.").count()
        > 2
    {
        return Some("links");
    }
    None
}

/// Files a question from the public site (anyone, with a contact) or the portal (an enterprise
/// user, whose account is the contact).
pub async fn ask(app: &App, ctx: &Ctx, q: &Question, channel: &str) -> Result<Received> {
    let now = app.now();
    let public = channel == "web";
    let mut errs = Vec::new();
    if q.question.trim().chars().count() < 5 {
        errs.push(FieldError::new(
            "question",
            "too_short",
            "write the question in a sentence or two",
        ));
    }
    if q.question.chars().count() > 4000 {
        errs.push(FieldError::new(
            "question",
            "too_long",
            "at most 4,000 characters",
        ));
    }
    if public {
        if q.contact_name.trim().is_empty() {
            errs.push(FieldError::new(
                "contact_name",
                "required",
                "your name, so that we can answer you",
            ));
        }
        let contact = q.contact.trim();
        if domain::Email::parse(contact).is_err() && phone(app, contact).is_err() {
            errs.push(FieldError::new(
                "contact",
                "invalid_contact",
                "a mobile number or an e-mail address",
            ));
        }
    }
    if let Some(reason) = spam_reason(q, now) {
        tracing::info!(reason, "a public question was refused as spam");
        errs.push(FieldError::new(
            "question",
            "refused",
            "the question could not be accepted; please call the hotline",
        ));
    }
    if !errs.is_empty() {
        return Err(AppError::Invalid(errs));
    }
    let contact = match phone(app, q.contact.trim()) {
        Ok(p) => Some(p.e164().to_owned()),
        Err(_) => Some(q.contact.trim().to_owned()).filter(|c| !c.is_empty()),
    };
    let text = q.question.trim();
    let view = cases::open(
        app,
        ctx,
        &NewCase {
            kind: crate::consulting::inquiry::KIND.into(),
            subject: text.chars().take(60).collect(),
            body: text.to_owned(),
            channel: channel.into(),
            topic: q.topic,
            contact_name: Some(q.contact_name.trim().to_owned()).filter(|n| !n.is_empty()),
            contact,
            ..NewCase::default()
        },
    )
    .await?;
    let cfg = crate::cases::sla::config(app).await?;
    let target = cfg.target(crate::consulting::inquiry::KIND, channel, false);
    let due = cfg
        .calendar
        .add_working_minutes(view.created_at, target.first_response_minutes);
    Ok(Received {
        reference: view.id.clone(),
        division: view.division,
        first_response_due: (due != i64::MAX).then_some(due),
    })
}

/// The public inquiry id is the case id; this parses it for the thanks page.
pub fn parse_reference(s: &str) -> Option<Id> {
    uuid::Uuid::parse_str(s).ok()
}
