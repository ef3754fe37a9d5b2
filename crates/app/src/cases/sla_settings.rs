//! The engine's SLA settings as the bureau keeps them: the calendar's special days (imported
//! through the shared pipeline, `cases::calendar`) and the targets per kind and channel. Each change is audited
//! and clears the cached configuration at once.

use domain::calendar::SpecialDay;
use domain::{Action, FieldError, Resource};
use serde::Serialize;
use serde_json::json;
use store::cases::SlaTargetRecord;

use super::sla::config;
use crate::audit::{self, Change};
use crate::{App, AppError, Ctx, Result};

/// The special days on record.
pub async fn calendar_days(app: &App, ctx: &Ctx) -> Result<Vec<SpecialDay>> {
    ctx.require(Resource::BackOffice, Action::Read)?;
    let mut rd = app.db.read().await?;
    Ok(store::cases::calendar_days(&mut rd)
        .await?
        .into_iter()
        .map(|d| SpecialDay {
            date: domain::dates::show_date(d.date),
            working: d.working,
            name: d.name,
        })
        .collect())
}

/// A target as configured (or the default when none is).
#[derive(Debug, Clone, serde::Deserialize, Serialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetInput {
    pub kind: String,
    /// A channel, or `*` for every channel without its own row.
    pub channel: String,
    #[serde(default)]
    pub fast: bool,
    pub first_response_minutes: i64,
    pub resolution_minutes: i64,
}

/// The configured targets, then the defaults of each kind that has no `*` row.
pub async fn targets(app: &App, ctx: &Ctx) -> Result<Vec<TargetInput>> {
    ctx.require(Resource::BackOffice, Action::Read)?;
    let cfg = config(app).await?;
    let mut out: Vec<TargetInput> = cfg
        .targets
        .iter()
        .map(|t| TargetInput {
            kind: t.kind.clone(),
            channel: t.channel.clone(),
            fast: t.fast,
            first_response_minutes: t.first_response_minutes,
            resolution_minutes: t.resolution_minutes,
        })
        .collect();
    for k in app.kinds.all() {
        for fast in [false, true] {
            if !out
                .iter()
                .any(|t| t.kind == k.code && t.channel == "*" && t.fast == fast)
            {
                let d = k.sla.get(fast);
                out.push(TargetInput {
                    kind: k.code.into(),
                    channel: "*".into(),
                    fast,
                    first_response_minutes: d.first_response_minutes,
                    resolution_minutes: d.resolution_minutes,
                });
            }
        }
    }
    Ok(out)
}

/// Sets a target for a kind on a channel (or `*`), in working minutes.
pub async fn put_target(app: &App, ctx: &Ctx, t: &TargetInput) -> Result<TargetInput> {
    ctx.require(Resource::Organisation, Action::Update)?;
    let mut errs = Vec::new();
    if app.kinds.get(&t.kind).is_none() {
        errs.push(FieldError::new(
            "kind",
            "unknown_kind",
            "a case kind, e.g. inquiry",
        ));
    }
    if t.channel != "*" && !domain::cases::CHANNELS.contains(&t.channel.as_str()) {
        errs.push(FieldError::new(
            "channel",
            "unknown_channel",
            format!("* or one of {}", domain::cases::CHANNELS.join(", ")),
        ));
    }
    if !(1..=60 * 24 * 365).contains(&t.first_response_minutes) {
        errs.push(FieldError::new(
            "first_response_minutes",
            "out_of_range",
            "working minutes, at least 1",
        ));
    }
    if t.resolution_minutes < t.first_response_minutes {
        errs.push(FieldError::new(
            "resolution_minutes",
            "before_first_response",
            "resolution cannot be due before the first response",
        ));
    }
    if !errs.is_empty() {
        return Err(AppError::Invalid(errs));
    }
    let rec = SlaTargetRecord {
        kind: t.kind.clone(),
        channel: t.channel.clone(),
        fast: t.fast,
        first_response_minutes: t.first_response_minutes,
        resolution_minutes: t.resolution_minutes,
    };
    let mut tx = app.db.begin().await?;
    store::cases::put_sla_target(&mut tx, &rec).await?;
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: "sla_target_set",
            object_type: "sla_target",
            object_id: format!(
                "{}/{}/{}",
                t.kind,
                t.channel,
                if t.fast { "fast" } else { "normal" }
            ),
            before: None,
            after: Some(json!(t)),
        },
    )
    .await?;
    tx.commit().await?;
    app.sla.clear();
    Ok(t.clone())
}
