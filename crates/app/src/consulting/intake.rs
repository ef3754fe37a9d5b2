//! Messages a group's bot posts to `/hooks/messaging/{group}`: the signature over the raw
//! body, the message stored once, and filed as a new inquiry or under the sender's open one.
//! A refused message stores nothing.

use domain::{FieldError, Id};
use serde::{Deserialize, Serialize};
use serde_json::json;
use store::consulting::{GroupMessage, GroupRecord};

use super::inquiry;
use crate::audit::{self, Change};
use crate::cases::{self, NewCase};
use crate::{App, AppError, Ctx};

/// Why an inbound message was refused; nothing is stored for any of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntakeError {
    UnknownGroup,
    BadSignature,
    Malformed(String),
    Invalid(Vec<FieldError>),
    Failed(String),
}

/// What an accepted message did.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct IntakeOutcome {
    pub case_id: String,
    /// `opened` a new inquiry, `appended` to the sender's open one, or `duplicate`.
    pub outcome: &'static str,
    pub division: String,
}

/// A message a group's bot posts to `/hooks/messaging/{group}`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Inbound {
    /// The platform's message id (at most 200 characters); a repeat is filed once.
    message_id: String,
    sender: Sender,
    text: String,
    /// The sender's enterprise (USCC), when the bridge knows it.
    #[serde(default)]
    enterprise: Option<String>,
    /// The fast service channel.
    #[serde(default)]
    fast: bool,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sender {
    id: String,
    #[serde(default)]
    name: String,
}

/// The signature a platform bridge sends: `sha256=` and the hex HMAC-SHA-256 of the body.
pub fn sign(secret: &str, body: &[u8]) -> String {
    format!(
        "sha256={}",
        hex::encode(crate::keys::hmac_sha256(secret.as_bytes(), &[body]))
    )
}

fn signature_ok(secret: &str, body: &[u8], header: Option<&str>) -> bool {
    let Some(given) = header.map(str::trim) else {
        return false;
    };
    let want = sign(secret, body);
    // Constant time over the expected length.
    given.len() == want.len()
        && given
            .bytes()
            .zip(want.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

fn fail(e: AppError) -> IntakeError {
    IntakeError::Failed(format!("{e:?}"))
}

/// The active group the message is posted to, and the message itself once its signature and
/// fields are checked.
async fn accept(
    app: &App,
    group_id: &str,
    body: &[u8],
    signature: Option<&str>,
) -> std::result::Result<(GroupRecord, Inbound), IntakeError> {
    let Ok(gid) = uuid::Uuid::parse_str(group_id) else {
        return Err(IntakeError::UnknownGroup);
    };
    let group = {
        let mut rd = app.db.read().await.map_err(|e| fail(e.into()))?;
        store::consulting::get_group(&mut rd, gid)
            .await
            .map_err(|e| fail(e.into()))?
    };
    let Some(group) = group.filter(|g| g.active) else {
        return Err(IntakeError::UnknownGroup);
    };
    if !signature_ok(&group.secret, body, signature) {
        return Err(IntakeError::BadSignature);
    }
    let msg: Inbound = serde_json::from_slice(body)
        .map_err(|e| IntakeError::Malformed(format!("the body is not a message: {e}")))?;
    let mut errs = Vec::new();
    if msg.message_id.trim().is_empty() || msg.message_id.len() > 200 {
        errs.push(FieldError::new(
            "message_id",
            "required",
            "the platform's message id (at most 200 characters)",
        ));
    }
    if msg.sender.id.trim().is_empty() {
        errs.push(FieldError::new("sender.id", "required", "who sent it"));
    }
    if msg.text.trim().is_empty() {
        errs.push(FieldError::new("text", "required", "the message is empty"));
    }
    if !errs.is_empty() {
        return Err(IntakeError::Invalid(errs));
    }
    Ok((group, msg))
}

/// The inquiry a message opens when its sender has none open.
fn new_inquiry(msg: &Inbound, group_name: &str, sender_name: &str, sender_key: &str) -> NewCase {
    let text = msg.text.trim().to_owned();
    let subject: String = text.chars().take(60).collect();
    NewCase {
        kind: inquiry::KIND.into(),
        enterprise: msg.enterprise.clone().filter(|e| !e.trim().is_empty()),
        subject,
        body: text,
        channel: "messaging_group".into(),
        fast: msg.fast,
        contact_name: Some(format!("{sender_name} ({group_name})")),
        sender_key: Some(sender_key.to_owned()),
        ..NewCase::default()
    }
}

/// Files the message under the sender's open inquiry, which resumes if it waited on them.
async fn append_to_open(
    app: &App,
    tx: &mut store::Tx,
    ctx: &Ctx,
    c: &mut store::cases::CaseRecord,
    text: &str,
    sender_name: &str,
    now: i64,
) -> std::result::Result<(), IntakeError> {
    let joined = cases::join::Joined {
        record_kind: "message",
        content: text,
        actor: Some(sender_name),
    };
    cases::join::join(tx, ctx, c, &joined, now)
        .await
        .map_err(fail)?;
    cases::index_words(tx, c.id, text).await.map_err(fail)?;
    inquiry::resume_on_answer(app, tx, ctx, c, now)
        .await
        .map_err(fail)?;
    cases::join::write(tx, c).await.map_err(fail)?;
    Ok(())
}

/// The audit entry for a received message: its group, its id and what it did.
async fn record_received(
    app: &App,
    tx: &mut store::Tx,
    ctx: &Ctx,
    case_id: Id,
    group_id: Id,
    message_id: &str,
    outcome: &str,
) -> std::result::Result<(), IntakeError> {
    audit::record(
        app,
        tx,
        ctx,
        Change {
            action: "group_message_received",
            object_type: "case",
            object_id: case_id.to_string(),
            before: None,
            after: Some(json!({"group": group_id, "message_id": message_id, "outcome": outcome})),
        },
    )
    .await
    .map_err(fail)
}

/// Takes a message posted by a group's bot: checks the signature over the raw body, stores the
/// message once, and files it as a new inquiry or under the sender's open one.
pub async fn intake(
    app: &App,
    group_id: &str,
    body: &[u8],
    signature: Option<&str>,
) -> std::result::Result<IntakeOutcome, IntakeError> {
    let (group, msg) = accept(app, group_id, body, signature).await?;
    let ctx = Ctx::system("messaging_group");
    let sender_key = format!("{}:{}", group.id, msg.sender.id.trim());
    let sender_name = if msg.sender.name.trim().is_empty() {
        msg.sender.id.trim().to_owned()
    } else {
        msg.sender.name.trim().to_owned()
    };
    let text = msg.text.trim().to_owned();
    // A new inquiry is prepared before the write transaction (it reads the routing table),
    // unless the sender already has an open one (checked again inside the transaction).
    let known_open = {
        let mut rd = app.db.read().await.map_err(|e| fail(e.into()))?;
        store::consulting::open_case_of_sender(&mut rd, &sender_key)
            .await
            .map_err(|e| fail(e.into()))?
            .is_some()
    };
    let new_case = new_inquiry(&msg, &group.name, &sender_name, &sender_key);
    let prepare = |ctx: Ctx| {
        let new_case = new_case.clone();
        async move {
            cases::prepare(app, &ctx, &new_case)
                .await
                .map_err(|e| match e {
                    AppError::Invalid(errs) => IntakeError::Invalid(errs),
                    other => fail(other),
                })
        }
    };
    let prepared = if known_open {
        None
    } else {
        Some(prepare(ctx.clone()).await?)
    };
    let now = app.now();
    let mut tx = app.db.begin().await.map_err(|e| fail(e.into()))?;
    let message = |case_id: Id| GroupMessage {
        group_id: group.id,
        message_id: msg.message_id.clone(),
        sender: msg.sender.id.trim().to_owned(),
        sender_name: sender_name.clone(),
        body: text.clone(),
        case_id,
        received_at: now,
    };
    // The message is stored first in its use case: a repeat is refused by the table's key, and
    // dropping the transaction undoes anything written for it.
    let open = store::consulting::open_case_of_sender(&mut tx, &sender_key)
        .await
        .map_err(|e| fail(e.into()))?;
    let stored = match open {
        Some(mut c) => {
            let id = c.id;
            if !store::consulting::insert_message(&mut tx, &message(id))
                .await
                .map_err(|e| fail(e.into()))?
            {
                drop(tx);
                return duplicate(app, group.id, &msg.message_id).await;
            }
            append_to_open(app, &mut tx, &ctx, &mut c, &text, &sender_name, now).await?;
            (id, c.division, "appended")
        }
        None => {
            // The sender's inquiry was settled meanwhile: a new one (rare; read under the lock).
            let prepared = match prepared {
                Some(p) => p,
                None => prepare(ctx.clone()).await?,
            };
            let (rec, _) = cases::insert_prepared(app, &mut tx, &ctx, &prepared)
                .await
                .map_err(|e| match e {
                    AppError::Invalid(errs) => IntakeError::Invalid(errs),
                    other => fail(other),
                })?;
            if !store::consulting::insert_message(&mut tx, &message(rec.id))
                .await
                .map_err(|e| fail(e.into()))?
            {
                drop(tx);
                return duplicate(app, group.id, &msg.message_id).await;
            }
            (rec.id, rec.division, "opened")
        }
    };
    let (case_id, division, outcome) = stored;
    record_received(
        app,
        &mut tx,
        &ctx,
        case_id,
        group.id,
        &msg.message_id,
        outcome,
    )
    .await?;
    tx.commit().await.map_err(|e| fail(e.into()))?;
    Ok(IntakeOutcome {
        case_id: case_id.to_string(),
        outcome,
        division: division.as_str().to_owned(),
    })
}

/// The answer to a message the group has sent before: the case it was filed under.
///
/// The first copy may sit in a batch that is not yet committed: an empty use case waits for
/// that batch's `COMMIT` first, so that "duplicate" is only said of a message that is kept.
/// If the first copy was rolled back after all, the answer is an error and the platform retries.
async fn duplicate(
    app: &App,
    group: Id,
    message_id: &str,
) -> std::result::Result<IntakeOutcome, IntakeError> {
    let fail = |e: store::StoreError| IntakeError::Failed(format!("{e:?}"));
    app.db
        .begin()
        .await
        .map_err(fail)?
        .commit()
        .await
        .map_err(fail)?;
    let mut rd = app.db.read().await.map_err(fail)?;
    let rd = &mut rd;
    let Some(case_id) = store::consulting::message_case(rd, group, message_id)
        .await
        .map_err(fail)?
    else {
        return Err(IntakeError::Failed(
            "a repeated message without its case".into(),
        ));
    };
    let division = store::cases::get(rd, &store::cases::CaseScope::All, case_id)
        .await
        .map_err(fail)?
        .map(|c| c.division.as_str().to_owned())
        .unwrap_or_default();
    Ok(IntakeOutcome {
        case_id: case_id.to_string(),
        outcome: "duplicate",
        division,
    })
}

/// The group an inquiry came from, by its sender key.
pub(crate) fn group_of(sender_key: &str) -> Option<(Id, &str)> {
    let (g, sender) = sender_key.split_once(':')?;
    Some((uuid::Uuid::parse_str(g).ok()?, sender))
}
