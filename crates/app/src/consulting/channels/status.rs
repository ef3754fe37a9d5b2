//! The status of a question asked on `/ask` (measure 3): the asker gives the reference number
//! they were shown and the contact they gave (an e-mail address or a mobile), and sees the
//! question's status and the answers the bureau sent them.
//!
//! No enumeration: a reference that does not exist, a case that is not a public question and a
//! contact that does not match all answer the same "not found". The caller rate-limits.

use domain::{Email, FieldError};
use serde::{Deserialize, Serialize};
use store::cases::CaseScope;

use super::{parse_reference, phone};
use crate::{App, AppError, Result};

/// What the asker types to look a question up.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lookup {
    /// The reference number shown when the question was sent.
    pub reference: String,
    /// The e-mail address or mobile number given with the question.
    pub contact: String,
}

/// One answer the bureau sent to the asker.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PublishedAnswer {
    pub content: String,
    pub at: i64,
}

/// A question's status as its asker sees it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct QuestionStatus {
    pub reference: String,
    pub question: String,
    /// new, in_progress, waiting_on_enterprise, resolved or closed.
    pub status: String,
    pub asked_at: i64,
    pub answers: Vec<PublishedAnswer>,
}

/// A contact as the question stored it: a phone in E.164, an e-mail in lower case.
fn normalised(app: &App, s: &str) -> Option<String> {
    let s = s.trim();
    if let Ok(e) = Email::parse(s) {
        return Some(e.as_str().to_lowercase());
    }
    phone(app, s).ok().map(|p| p.e164().to_owned())
}

/// The question with reference `l.reference`, if `l.contact` is the contact it was asked with.
pub async fn lookup(app: &App, l: &Lookup) -> Result<QuestionStatus> {
    let mut errs = Vec::new();
    if l.reference.trim().is_empty() {
        errs.push(FieldError::new(
            "reference",
            "required",
            "the reference number",
        ));
    }
    if l.contact.trim().is_empty() {
        errs.push(FieldError::new(
            "contact",
            "required",
            "the e-mail address or mobile number you gave",
        ));
    }
    if !errs.is_empty() {
        return Err(AppError::Invalid(errs));
    }
    let (Some(id), Some(given)) = (
        parse_reference(l.reference.trim()),
        normalised(app, &l.contact),
    ) else {
        return Err(AppError::NotFound);
    };
    let mut rd = app.db.read().await?;
    // What the asker may see is what an enterprise sees of its own case: never internal work.
    let (c, events) = store::cases::get_with_timeline(&mut rd, &CaseScope::All, id, true)
        .await?
        .ok_or(AppError::NotFound)?;
    let stored = c.contact.as_deref().and_then(|s| normalised(app, s));
    if c.kind != crate::consulting::inquiry::KIND || stored.as_deref() != Some(given.as_str()) {
        return Err(AppError::NotFound);
    }
    Ok(QuestionStatus {
        reference: c.id.to_string(),
        question: c.body,
        status: c.status.as_str().to_owned(),
        asked_at: c.created_at,
        answers: events
            .into_iter()
            .filter(|e| e.record_kind.as_deref() == Some("reply_to_enterprise") && !e.internal)
            .map(|e| PublishedAnswer {
                content: e.content,
                at: e.at,
            })
            .collect(),
    })
}
