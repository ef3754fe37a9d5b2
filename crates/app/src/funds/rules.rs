//! A programme's rule as versioned data (measure 2): a version is drafted with its effective
//! period, checked field by field, simulated, then published by the division's chief. Every
//! version is kept forever; the one in effect on a day is the highest-numbered published
//! version whose period covers it.

use domain::dates::{parse_civil_date, show_date};
use domain::funds::Rule;
use domain::{Action, FieldError, Id, Resource};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use store::funds::{ProgrammeRecord, RuleVersionRecord};

use super::programmes::read_one;
use crate::audit::{self, Change};
use crate::{App, AppError, Ctx, Result};

/// A version of a programme's rule.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RuleVersionView {
    pub programme_id: String,
    pub version: i64,
    /// First day the version applies (YYYY-MM-DD).
    pub effective_from: String,
    /// Last day it applies, if it ends.
    pub effective_to: Option<String>,
    pub rule: Rule,
    pub note: String,
    /// `draft` or `published`.
    pub status: String,
    pub created_by: String,
    pub created_at: i64,
    pub published_by: Option<String>,
    pub published_at: Option<i64>,
}

/// A new draft version.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRuleVersion {
    /// YYYY-MM-DD.
    pub effective_from: String,
    /// YYYY-MM-DD, or none for open-ended.
    #[serde(default)]
    pub effective_to: Option<String>,
    pub rule: Rule,
    /// Why this version (the clause changed, a ratio raised ...).
    #[serde(default)]
    pub note: Option<String>,
}

/// A stored version with its rule read back.
pub(crate) struct Version {
    pub record: RuleVersionRecord,
    pub rule: Rule,
}

impl Version {
    fn from_record(r: RuleVersionRecord) -> Result<Version> {
        let rule = serde_json::from_str(&r.rule).map_err(|e| {
            AppError::Unexpected(format!("stored rule of version {}: {e}", r.version))
        })?;
        Ok(Version { record: r, rule })
    }

    pub fn published(&self) -> bool {
        self.record.status == "published"
    }

    /// Whether the version applies on `day`.
    pub fn covers(&self, day: Date) -> bool {
        self.record.effective_from <= day && self.record.effective_to.is_none_or(|to| day <= to)
    }

    pub fn view(&self) -> RuleVersionView {
        let r = &self.record;
        RuleVersionView {
            programme_id: r.programme_id.to_string(),
            version: r.version,
            effective_from: show_date(r.effective_from),
            effective_to: r.effective_to.map(show_date),
            rule: self.rule.clone(),
            note: r.note.clone(),
            status: r.status.clone(),
            created_by: r.created_by.clone(),
            created_at: r.created_at,
            published_by: r.published_by.clone(),
            published_at: r.published_at,
        }
    }
}

/// Every version of a programme, newest first.
pub(crate) async fn versions_of(app: &App, programme: Id) -> Result<Vec<Version>> {
    let mut rd = app.db.read().await?;
    store::funds::versions(&mut rd, programme)
        .await?
        .into_iter()
        .map(Version::from_record)
        .collect()
}

/// The published version in effect on `day`, if any.
pub(crate) fn in_effect(versions: &[Version], day: Date) -> Option<&Version> {
    versions.iter().find(|v| v.published() && v.covers(day))
}

/// Whether the caller works for the programme's division (the command line always does).
pub(crate) fn require_division(ctx: &Ctx, p: &ProgrammeRecord, action: Action) -> Result<()> {
    ctx.require(Resource::FundRule, action)?;
    match ctx.principal() {
        Some(who) if who.division != Some(p.division) => Err(AppError::Forbidden),
        _ => Ok(()),
    }
}

/// A programme's versions (staff).
pub async fn list_versions(app: &App, ctx: &Ctx, programme: Id) -> Result<Vec<RuleVersionView>> {
    ctx.require(Resource::FundRule, Action::Read)?;
    read_one(app, ctx, programme).await?;
    Ok(versions_of(app, programme)
        .await?
        .iter()
        .map(Version::view)
        .collect())
}

fn day(errs: &mut Vec<FieldError>, field: &str, s: &str) -> Option<Date> {
    parse_civil_date(s.trim())
        .map_err(|e| errs.push(FieldError::new(field, "invalid_date", e.to_string())))
        .ok()
}

/// Drafts the next version of a programme's rule (its division's staff or chief). The rule is
/// checked field by field before anything is written.
pub async fn draft_version(
    app: &App,
    ctx: &Ctx,
    programme: Id,
    n: &NewRuleVersion,
) -> Result<RuleVersionView> {
    let p = read_one(app, ctx, programme).await?;
    require_division(ctx, &p, Action::Create)?;
    let mut errs = n.rule.check();
    let from = day(&mut errs, "effective_from", &n.effective_from);
    let to = match n.effective_to.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => day(&mut errs, "effective_to", s),
    };
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        errs.push(FieldError::new(
            "effective_to",
            "before_from",
            "the period ends on or after it starts",
        ));
    }
    let Some(from) = from.filter(|_| errs.is_empty()) else {
        return Err(AppError::Invalid(errs));
    };
    let rule = serde_json::to_string(&n.rule).map_err(|e| AppError::Unexpected(e.to_string()))?;
    let mut tx = app.db.begin().await?;
    let next = store::funds::versions(&mut tx, programme)
        .await?
        .first()
        .map_or(1, |v| v.version + 1);
    let record = RuleVersionRecord {
        programme_id: programme,
        version: next,
        effective_from: from,
        effective_to: to,
        rule,
        note: n.note.as_deref().unwrap_or("").trim().to_owned(),
        status: "draft".into(),
        created_by: ctx.actor_label().1,
        created_at: app.now(),
        published_by: None,
        published_at: None,
    };
    store::funds::insert_version(&mut tx, &record).await?;
    let v = Version {
        record,
        rule: n.rule.clone(),
    };
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: "fund_rule_drafted",
            object_type: "fund_programme",
            object_id: programme.to_string(),
            before: None,
            after: serde_json::to_value(v.view()).ok(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(v.view())
}

/// Publishes a draft (the division's chief): from then on it decides in its period. A version
/// already published is a conflict; versions are never edited or deleted.
pub async fn publish_version(
    app: &App,
    ctx: &Ctx,
    programme: Id,
    version: i64,
) -> Result<RuleVersionView> {
    let p = read_one(app, ctx, programme).await?;
    require_division(ctx, &p, Action::Update)?;
    let found = versions_of(app, programme)
        .await?
        .into_iter()
        .find(|v| v.record.version == version);
    let Some(mut v) = found else {
        return Err(AppError::NotFound);
    };
    let by = ctx.actor_label().1;
    let now = app.now();
    let mut tx = app.db.begin().await?;
    if !store::funds::publish_version(&mut tx, programme, version, &by, now).await? {
        return Err(AppError::Conflict(
            "already_published",
            "this version is already published".into(),
        ));
    }
    v.record.status = "published".into();
    v.record.published_by = Some(by);
    v.record.published_at = Some(now);
    // A version that pays more for a past period owes top-ups on what was already paid.
    super::free::queue_top_ups(&mut tx, app, ctx, &p, version).await?;
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: "fund_rule_published",
            object_type: "fund_programme",
            object_id: programme.to_string(),
            before: None,
            after: serde_json::to_value(v.view()).ok(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(v.view())
}
