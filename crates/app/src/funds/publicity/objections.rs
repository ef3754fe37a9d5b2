//! Objections to a published list (公示期间的异议): anyone files one against a listed line
//! while the period runs, with a name, a contact and the grounds (bots refused as on `/ask`;
//! the per-address rate limit is the web layer's). The division's chief upholds or dismisses
//! it with a note, audited; once the period is over the decision moves the payment at once.

use domain::{Action, FieldError, Id, Resource, new_id};
use serde::{Deserialize, Serialize};
use store::fund_publicity::{ItemRecord, ObjectionRecord};

use super::end::{apply, outcome_of};
use super::load;
use crate::audit::{self, Change};
use crate::consulting::channels::forms::spam_in;
use crate::consulting::channels::phone;
use crate::funds::ledger::require_scope;
use crate::{App, AppError, Ctx, Result};

/// An objection as filed on the public page or through the API.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewObjection {
    /// The line of the list objected to.
    pub line: i64,
    pub name: String,
    /// A mobile number or an e-mail address, for the answer.
    pub contact: String,
    /// The grounds.
    pub text: String,
    /// A field people never see; bots fill it in.
    #[serde(default)]
    pub website: String,
    /// When the form was shown (epoch ms); an answer within two seconds is a bot's.
    #[serde(default)]
    pub shown_at: Option<i64>,
}

/// What the objector is told.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ObjectionFiled {
    pub reference: String,
}

/// An objection as the division's staff see it (the contact is never shown to the public).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ObjectionView {
    pub id: String,
    pub reference: String,
    pub line: i64,
    pub enterprise_name: String,
    pub name: String,
    pub contact: String,
    pub text: String,
    /// `open`, `upheld` or `dismissed`.
    pub status: String,
    pub note: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<i64>,
    pub created_at: i64,
}

impl ObjectionView {
    pub(super) fn of(o: &ObjectionRecord, items: &[ItemRecord]) -> ObjectionView {
        let item = items.iter().find(|i| i.payment_id == o.payment_id);
        ObjectionView {
            id: o.id.to_string(),
            reference: o.reference.clone(),
            line: item.map_or(0, |i| i.line),
            enterprise_name: item.map(|i| i.enterprise_name.clone()).unwrap_or_default(),
            name: o.name.clone(),
            contact: o.contact.clone(),
            text: o.text.clone(),
            status: o.status.clone(),
            note: o.note.clone(),
            decided_by: o.decided_by.clone(),
            decided_at: o.decided_at,
            created_at: o.created_at,
        }
    }
}

fn check(app: &App, n: &NewObjection, items: &[ItemRecord]) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if !items.iter().any(|i| i.line == n.line) {
        errs.push(FieldError::new(
            "line",
            "invalid_choice",
            "a line of the list",
        ));
    }
    let name = n.name.trim().chars().count();
    if name == 0 {
        errs.push(FieldError::new("name", "required", "your name"));
    } else if name > 100 {
        errs.push(FieldError::new(
            "name",
            "too_long",
            "at most 100 characters",
        ));
    }
    let contact = n.contact.trim();
    if domain::Email::parse(contact).is_err() && phone(app, contact).is_err() {
        errs.push(FieldError::new(
            "contact",
            "invalid_contact",
            "a mobile number or an e-mail address",
        ));
    }
    let text = n.text.trim().chars().count();
    if text < 5 {
        errs.push(FieldError::new(
            "text",
            "too_short",
            "write the grounds in a sentence or two",
        ));
    } else if text > 4000 {
        errs.push(FieldError::new(
            "text",
            "too_long",
            "at most 4,000 characters",
        ));
    }
    if let Some(reason) = spam_in(&n.website, n.shown_at, &n.text, app.now()) {
        tracing::info!(reason, "an objection was refused as spam");
        errs.push(FieldError::new(
            "text",
            "refused",
            "the objection could not be accepted; please call the hotline",
        ));
    }
    errs
}

/// Files an objection against a line of a running list (anyone).
pub async fn file_objection(
    app: &App,
    ctx: &Ctx,
    publicity: Id,
    n: &NewObjection,
) -> Result<ObjectionFiled> {
    let mut tx = app.db.begin().await?;
    let l = load(&mut tx, publicity).await?;
    if l.record.status != "running" || app.now() >= l.record.ends_at {
        return Err(AppError::Conflict(
            "publicity_ended",
            "the publicity period is over: objections are no longer taken".into(),
        ));
    }
    let errs = check(app, n, &l.items);
    if !errs.is_empty() {
        return Err(AppError::Invalid(errs));
    }
    let Some(item) = l.items.iter().find(|i| i.line == n.line) else {
        return Err(AppError::NotFound);
    };
    let count = store::fund_publicity::count_objections(&mut tx).await?;
    let now = app.now();
    let contact = match phone(app, n.contact.trim()) {
        Ok(p) => p.e164().to_owned(),
        Err(_) => n.contact.trim().to_lowercase(),
    };
    let o = ObjectionRecord {
        id: new_id(),
        reference: format!("O-{}-{:06}", app.today().year(), count + 1),
        publicity_id: publicity,
        payment_id: item.payment_id,
        name: n.name.trim().to_owned(),
        contact,
        text: n.text.trim().to_owned(),
        status: "open".into(),
        note: String::new(),
        decided_by: None,
        decided_at: None,
        created_at: now,
        updated_at: now,
    };
    store::fund_publicity::insert_objection(&mut tx, &o).await?;
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: "fund_objection_filed",
            object_type: "fund_objection",
            object_id: o.id.to_string(),
            before: None,
            after: serde_json::to_value(ObjectionView::of(&o, &l.items)).ok(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(ObjectionFiled {
        reference: o.reference,
    })
}

/// A decision on an objection.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectionDecision {
    /// `upheld` or `dismissed`.
    pub status: String,
    /// Why (kept with the objection and in the audit trail).
    pub note: String,
}

/// Upholds or dismisses an open objection (the division's chief, or a leader). After the
/// period, the payment it held clears or is cancelled at once.
pub async fn decide_objection(
    app: &App,
    ctx: &Ctx,
    id: Id,
    d: &ObjectionDecision,
) -> Result<ObjectionView> {
    let mut errs = Vec::new();
    if !matches!(d.status.as_str(), "upheld" | "dismissed") {
        errs.push(FieldError::new(
            "status",
            "invalid_choice",
            "upheld or dismissed",
        ));
    }
    if d.note.trim().is_empty() {
        errs.push(FieldError::new("note", "required", "say why"));
    }
    let mut tx = app.db.begin().await?;
    let before = store::fund_publicity::objection(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let l = load(&mut tx, before.publicity_id).await?;
    require_scope(
        ctx,
        Resource::FundPayment,
        Action::Update,
        l.programme.division,
    )?;
    if !errs.is_empty() {
        return Err(AppError::Invalid(errs));
    }
    let mut after = before.clone();
    after.status = d.status.clone();
    after.note = d.note.trim().to_owned();
    after.decided_by = Some(ctx.actor_label().1);
    after.decided_at = Some(app.now());
    if !store::fund_publicity::decide(&mut tx, &after).await? {
        return Err(AppError::Conflict(
            "objection_decided",
            "this objection has already been decided".into(),
        ));
    }
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: "fund_objection_decided",
            object_type: "fund_objection",
            object_id: id.to_string(),
            before: serde_json::to_value(ObjectionView::of(&before, &l.items)).ok(),
            after: serde_json::to_value(ObjectionView::of(&after, &l.items)).ok(),
        },
    )
    .await?;
    if l.record.status == "ended" {
        let o = outcome_of(&mut tx, l.record.id, before.payment_id).await?;
        apply(&mut tx, app, ctx, before.payment_id, o).await?;
    }
    tx.commit().await?;
    Ok(ObjectionView::of(&after, &l.items))
}
