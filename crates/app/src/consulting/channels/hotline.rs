//! The consulting hotlines of each district, and the calls staff log on them: a call opens an
//! inquiry or joins an open one, and a caller's past calls are listed by number.

use domain::{Action, FieldError, Id, Resource, new_id};
use serde::{Deserialize, Serialize};
use serde_json::json;
use store::cases::CaseScope;
use store::consulting::HotlineRecord;

use crate::audit::{self, Change};
use crate::cases::{self, NewCase, scope_for};
use crate::{App, AppError, Ctx, Result};

use super::phone;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HotlineInput {
    pub district: String,
    pub name: String,
    pub number: String,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct HotlineView {
    pub code: String,
    pub district: String,
    pub name: String,
    /// E.164.
    pub number: String,
    /// The number as people write it (`0411-82345678`).
    pub number_display: String,
}

/// Configures a district's consulting hotline.
pub async fn put_hotline(
    app: &App,
    ctx: &Ctx,
    code: &str,
    h: &HotlineInput,
) -> Result<HotlineView> {
    ctx.require(Resource::Organisation, Action::Update)?;
    let mut errs = Vec::new();
    let code = code.trim();
    if code.is_empty()
        || code.len() > 40
        || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        errs.push(FieldError::new(
            "code",
            "invalid_code",
            "letters, digits and hyphens, at most 40",
        ));
    }
    let district = domain::DistrictCode::parse(h.district.trim())
        .map_err(|m| errs.push(FieldError::new("district", m.code(), m.to_string())))
        .ok();
    if h.name.trim().is_empty() {
        errs.push(FieldError::new("name", "required", "name the line"));
    }
    let number = match phone(app, &h.number) {
        Ok(p) => p.e164().to_owned(),
        Err(m) => {
            errs.push(FieldError::new("number", "invalid_phone", m));
            String::new()
        }
    };
    let Some(district) = district.filter(|_| errs.is_empty()) else {
        return Err(AppError::Invalid(errs));
    };
    let rec = HotlineRecord {
        code: code.to_owned(),
        district,
        name: h.name.trim().to_owned(),
        number,
    };
    let mut tx = app.db.begin().await?;
    store::consulting::put_hotline(&mut tx, &rec, app.now()).await?;
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: "hotline_configured",
            object_type: "hotline",
            object_id: rec.code.clone(),
            before: None,
            after: Some(json!({"district": rec.district, "name": rec.name, "number": rec.number})),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(hotline_view(app, &rec))
}

/// A stored number as people write it.
fn shown(app: &App, e164: &str) -> String {
    domain::Phone::from_e164(e164).display(&app.settings.area_code)
}

fn hotline_view(app: &App, h: &HotlineRecord) -> HotlineView {
    HotlineView {
        code: h.code.clone(),
        district: h.district.as_str().to_owned(),
        name: h.name.clone(),
        number: h.number.clone(),
        number_display: shown(app, &h.number),
    }
}

pub async fn hotlines(app: &App, ctx: &Ctx) -> Result<Vec<HotlineView>> {
    ctx.require(Resource::BackOffice, Action::Read)?;
    let mut rd = app.db.read().await?;
    Ok(store::consulting::hotlines(&mut rd)
        .await?
        .iter()
        .map(|h| hotline_view(app, h))
        .collect())
}

/// A call as staff record it. It opens an inquiry, or joins `case_id` (an open one).
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CallInput {
    pub hotline: String,
    #[serde(default)]
    pub caller_name: String,
    pub caller_number: String,
    pub duration_s: i64,
    pub summary: String,
    #[serde(default)]
    pub case_id: Option<String>,
    #[serde(default)]
    pub topic: Option<i64>,
    #[serde(default)]
    pub fast: bool,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CallView {
    pub id: String,
    pub case_id: String,
    pub hotline: String,
    pub caller_name: String,
    /// E.164.
    pub caller_number: String,
    /// The caller's number as people write it (`138 0411 2233`, `+81 3-1234-5678`).
    pub caller_display: String,
    pub duration_s: i64,
    pub summary: String,
    pub staff: String,
    pub at: i64,
}

fn call_view(app: &App, c: &store::consulting::CallRecord) -> CallView {
    CallView {
        id: c.id.to_string(),
        case_id: c.case_id.to_string(),
        hotline: c.hotline.clone(),
        caller_name: c.caller_name.clone(),
        caller_number: c.caller_number.clone(),
        caller_display: shown(app, &c.caller_number),
        duration_s: c.duration_s,
        summary: c.summary.clone(),
        staff: c.staff.clone(),
        at: c.at,
    }
}

/// A call's fields checked: the caller's number in E.164 and the case it continues, if any;
/// or every field in error (number, duration, summary, case number, hotline).
async fn checked_call(app: &App, c: &CallInput) -> Result<(String, Option<Id>)> {
    let mut errs = Vec::new();
    let number = match phone(app, &c.caller_number) {
        Ok(p) => p.e164().to_owned(),
        Err(m) => {
            errs.push(FieldError::new("caller_number", "invalid_phone", m));
            String::new()
        }
    };
    if !(0..=6 * 3600).contains(&c.duration_s) {
        errs.push(FieldError::new(
            "duration_s",
            "out_of_range",
            "the call's length in seconds, at most six hours",
        ));
    }
    if c.summary.trim().is_empty() {
        errs.push(FieldError::new(
            "summary",
            "required",
            "what the caller asked and what was said",
        ));
    }
    let joined = match c
        .case_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(s) => match uuid::Uuid::parse_str(s) {
            Ok(id) => Some(id),
            Err(_) => {
                errs.push(FieldError::new(
                    "case_id",
                    "invalid_id",
                    "not a case number",
                ));
                None
            }
        },
        None => None,
    };
    let line = {
        let mut rd = app.db.read().await?;
        store::consulting::hotlines(&mut rd)
            .await?
            .into_iter()
            .find(|h| h.code == c.hotline)
    };
    if line.is_none() {
        errs.push(FieldError::new(
            "hotline",
            "unknown_hotline",
            format!("no hotline \"{}\" is configured", c.hotline),
        ));
    }
    if !errs.is_empty() {
        return Err(AppError::Invalid(errs));
    }
    Ok((number, joined))
}

/// Logs a hotline call: a new inquiry, or a call record on the open inquiry it continues.
pub async fn log_call(app: &App, ctx: &Ctx, c: &CallInput) -> Result<CallView> {
    ctx.require(Resource::Case, Action::Update)?;
    let (number, joined) = checked_call(app, c).await?;
    let now = app.now();
    let (_, staff) = ctx.actor_label();
    let prepared = match joined {
        Some(_) => None,
        None => {
            let mut p = cases::prepare(
                app,
                ctx,
                &NewCase {
                    kind: crate::consulting::inquiry::KIND.into(),
                    subject: c.summary.trim().chars().take(60).collect(),
                    body: c.summary.trim().to_owned(),
                    channel: "hotline".into(),
                    topic: c.topic,
                    fast: c.fast,
                    contact_name: Some(c.caller_name.trim().to_owned()).filter(|n| !n.is_empty()),
                    contact: Some(number.clone()),
                    ..NewCase::default()
                },
            )
            .await?;
            // Talking to the caller is the first response.
            p.answered_at(now);
            Some(p)
        }
    };
    let mut tx = app.db.begin().await?;
    let case_id = match (joined, &prepared) {
        (Some(id), _) => {
            let mut case = store::cases::get(&mut tx, &scope_for(ctx), id)
                .await?
                .ok_or(AppError::NotFound)?;
            if matches!(case.status.as_str(), "resolved" | "closed") {
                return Err(AppError::Conflict(
                    "case_closed",
                    "that inquiry is settled; log the call as a new one".into(),
                ));
            }
            let joined = cases::join::Joined {
                record_kind: "call",
                content: c.summary.trim(),
                actor: None,
            };
            cases::join::join(&mut tx, ctx, &mut case, &joined, now).await?;
            case.first_response_at.get_or_insert(now);
            // A call about a case that waits on the caller is their answer.
            crate::consulting::inquiry::resume_on_answer(app, &mut tx, ctx, &mut case, now).await?;
            cases::join::write(&mut tx, &case).await?;
            id
        }
        (None, Some(p)) => {
            let (rec, _) = cases::insert_prepared(app, &mut tx, ctx, p).await?;
            rec.id
        }
        (None, None) => return Err(AppError::Unexpected("a call with no case".into())),
    };
    let call = store::consulting::CallRecord {
        id: new_id(),
        case_id,
        hotline: c.hotline.clone(),
        caller_name: c.caller_name.trim().to_owned(),
        caller_number: number,
        duration_s: c.duration_s,
        summary: c.summary.trim().to_owned(),
        staff,
        at: now,
    };
    store::consulting::insert_call(&mut tx, &call).await?;
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: "call_logged",
            object_type: "case",
            object_id: case_id.to_string(),
            before: None,
            after: Some(
                json!({"call": call.id, "hotline": call.hotline, "duration_s": call.duration_s}),
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(call_view(app, &call))
}

/// A caller's past calls, newest first (staff who may see contacts).
pub async fn calls_of(app: &App, ctx: &Ctx, number: &str) -> Result<Vec<CallView>> {
    ctx.require(Resource::PersonalContact, Action::Read)?;
    let number = phone(app, number).map_err(|m| AppError::invalid("number", "invalid_phone", m))?;
    let mut rd = app.db.read().await?;
    let calls = store::consulting::calls_by_number(&mut rd, number.e164(), 50).await?;
    // Only calls on cases the caller may see.
    let scope = scope_for(ctx);
    let mut out = Vec::new();
    for c in &calls {
        if matches!(scope, CaseScope::All)
            || store::cases::get(&mut rd, &scope, c.case_id)
                .await?
                .is_some()
        {
            out.push(call_view(app, c));
        }
    }
    Ok(out)
}

pub async fn recent_calls(app: &App, ctx: &Ctx) -> Result<Vec<CallView>> {
    ctx.require(Resource::PersonalContact, Action::Read)?;
    let mut rd = app.db.read().await?;
    // Only calls on cases the caller may see.
    let scope = scope_for(ctx);
    let mut out = Vec::new();
    for c in store::consulting::recent_calls(&mut rd, 20).await? {
        if matches!(scope, CaseScope::All)
            || store::cases::get(&mut rd, &scope, c.case_id)
                .await?
                .is_some()
        {
            out.push(call_view(app, &c));
        }
    }
    Ok(out)
}
