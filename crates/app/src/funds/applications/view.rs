//! Reading applications: one (with its steps, files, stored decision and the steps the reader
//! may take), a page of a list in the reader's scope, and a file's bytes.

use std::collections::BTreeMap;

use domain::funds::workflow::{self, Hands, Status, Step};
use domain::funds::{Decision, Formula};
use domain::{Action, Id, Resource};
use serde::{Deserialize, Serialize};
use store::fund_application_steps::{FileRecord, StepRecord};
use store::fund_applications::{ApplicationRecord, ListFilter};

use super::{actor_on, ledger, scope_for};
use crate::{App, AppError, Ctx, Result};

/// The decision stored with an application: the rule version's formula and its outcome,
/// criterion by criterion.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StoredDecision {
    pub formula: Formula,
    #[serde(flatten)]
    pub decision: Decision,
}

impl StoredDecision {
    pub(crate) fn to_json(&self) -> Result<String> {
        serde_json::to_string(self).map_err(|e| AppError::Unexpected(e.to_string()))
    }

    fn parse(s: &str) -> Result<StoredDecision> {
        serde_json::from_str(s).map_err(|e| AppError::Unexpected(format!("stored decision: {e}")))
    }
}

/// A missing item in words' parts: a document of the programme (by name) or a figure (code).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MissingItem {
    /// `document` or `figure`.
    pub kind: &'static str,
    pub name: String,
}

fn items(missing: &[String]) -> Vec<MissingItem> {
    missing
        .iter()
        .filter_map(|m| match m.split_once('.') {
            Some(("documents", d)) => Some(MissingItem {
                kind: "document",
                name: d.to_owned(),
            }),
            Some(("figures", f)) => Some(MissingItem {
                kind: "figure",
                name: f.to_owned(),
            }),
            _ => None,
        })
        .collect()
}

/// One step of the application's history.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ApplicationStepView {
    pub step: Step,
    pub from_status: Option<Status>,
    pub to_status: Status,
    /// Who took it: a user's e-mail; `bureau` when an enterprise user reads a staff step.
    pub actor: String,
    pub note: String,
    /// For a return: the missing documents and figures (`documents.<doc>`, `figures.<code>`).
    pub missing: Vec<String>,
    /// The same, split for showing.
    pub missing_items: Vec<MissingItem>,
    /// When the step it led to is due (epoch ms), on the bureau's calendar.
    pub due_at: Option<i64>,
    /// Epoch ms.
    pub at: i64,
}

/// A file of the application.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ApplicationFileView {
    pub id: String,
    /// The programme's document it stands for.
    pub document: String,
    pub name: String,
    pub file_type: String,
    pub size: i64,
    pub sha256: String,
    pub at: i64,
}

/// An application as its readers see it. Amounts are integer fen.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ApplicationView {
    pub id: String,
    /// `F-2026-000123`.
    pub reference: String,
    pub programme_id: String,
    pub programme_code: String,
    pub programme_name_zh: String,
    pub programme_name_en: String,
    pub division: String,
    pub uscc: String,
    pub year: i64,
    pub figures: BTreeMap<String, i64>,
    /// `disbursed` once an approved application's payment is paid.
    pub status: Status,
    /// `portal`, `staff` or `api`.
    pub channel: String,
    /// While returned for correction: what to correct.
    pub missing: Vec<String>,
    /// The same, split for showing.
    pub missing_items: Vec<MissingItem>,
    pub eligible: bool,
    /// The amount the stored decision gives, in fen.
    pub amount: i64,
    pub rule_version: i64,
    /// The stored decision, criterion by criterion.
    pub decision: StoredDecision,
    /// When the step it waits for is due (epoch ms), on the bureau's calendar.
    pub due_at: Option<i64>,
    pub submitted_at: i64,
    pub updated_at: i64,
    pub payment_id: Option<String>,
    pub steps: Vec<ApplicationStepView>,
    pub files: Vec<ApplicationFileView>,
    /// The steps the reader may take now.
    pub can: Vec<Step>,
}

fn step_view(s: &StepRecord, for_enterprise: bool) -> ApplicationStepView {
    let staff_step = s.step != Step::Submit.as_str()
        && s.step != Step::Resubmit.as_str()
        && s.step != Step::Withdraw.as_str();
    ApplicationStepView {
        step: Step::parse(&s.step).unwrap_or(Step::Submit),
        from_status: s.from_status.as_deref().and_then(Status::parse),
        to_status: Status::parse(&s.to_status).unwrap_or(Status::Submitted),
        actor: if for_enterprise && staff_step {
            "bureau".into()
        } else {
            s.actor.clone()
        },
        note: s.note.clone(),
        missing: s.missing.clone(),
        missing_items: items(&s.missing),
        due_at: s.due_at,
        at: s.at,
    }
}

fn file_view(f: &FileRecord) -> ApplicationFileView {
    ApplicationFileView {
        id: f.id.to_string(),
        document: f.document.clone(),
        name: f.name.clone(),
        file_type: f.file_type.clone(),
        size: f.size,
        sha256: f.sha256.clone(),
        at: f.at,
    }
}

/// Who has examined, verified and approved (as chief) an application, from its history.
pub(crate) fn hands_of(steps: &[StepRecord]) -> Hands {
    let mut h = Hands::default();
    for s in steps {
        let Some(user) = s.actor_id else { continue };
        match Step::parse(&s.step) {
            Some(Step::Examine) => h.examined_by.push(user),
            Some(Step::Verify) => h.verified_by.push(user),
            Some(Step::Approve) if s.to_status == Status::ChiefApproved.as_str() => {
                h.chief_approved_by = Some(user);
            }
            _ => {}
        }
    }
    h
}

/// The whole view of `a` for the caller (who may read it: the caller checked).
pub(crate) async fn view_of(
    app: &App,
    ctx: &Ctx,
    a: &ApplicationRecord,
) -> Result<ApplicationView> {
    let mut rd = app.db.read().await?;
    let p = store::funds::get(&mut rd, a.programme_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let steps = store::fund_application_steps::steps_of(&mut rd, a.id).await?;
    let files = store::fund_application_steps::files_of(&mut rd, a.id).await?;
    let paid = ledger::paid(&mut rd, a.payment_id).await?;
    let threshold = store::fund_applications::leader_threshold(&mut rd, a.programme_id).await?;
    let remaining = ledger::remaining(&mut rd, a.programme_id).await?;
    drop(rd);
    let for_enterprise = ctx
        .principal()
        .is_some_and(|p| p.role == domain::Role::EnterpriseUser);
    let hands = hands_of(&steps);
    let needs_leader = a.amount >= threshold || a.amount > remaining;
    Ok(ApplicationView {
        id: a.id.to_string(),
        reference: a.reference.clone(),
        programme_id: a.programme_id.to_string(),
        programme_code: p.code,
        programme_name_zh: p.name_zh,
        programme_name_en: p.name_en,
        division: a.division.as_str().to_owned(),
        uscc: a.uscc.to_string(),
        year: a.year,
        figures: a.figures.clone(),
        status: workflow::shown_status(a.status, paid),
        channel: a.channel.clone(),
        missing: a.missing.clone(),
        missing_items: items(&a.missing),
        eligible: a.eligible,
        amount: a.amount.fen(),
        rule_version: a.rule_version,
        decision: StoredDecision::parse(&a.decision)?,
        due_at: a.due_at,
        submitted_at: a.submitted_at,
        updated_at: a.updated_at,
        payment_id: a.payment_id.map(|i| i.to_string()),
        steps: steps.iter().map(|s| step_view(s, for_enterprise)).collect(),
        files: files.iter().map(file_view).collect(),
        can: workflow::steps_open(a.status, &actor_on(ctx, a), &hands, needs_leader),
    })
}

/// Parses an application id; anything else is an application that does not exist.
pub fn parse_id(id: &str) -> Result<Id> {
    uuid::Uuid::parse_str(id).map_err(|_| AppError::NotFound)
}

/// Reads one application in the caller's scope (the record).
pub(crate) async fn read(app: &App, ctx: &Ctx, id: Id) -> Result<ApplicationRecord> {
    ctx.require(Resource::FundApplication, Action::Read)?;
    let mut rd = app.db.read().await?;
    store::fund_applications::get(&mut rd, &scope_for(ctx), id)
        .await?
        .ok_or(AppError::NotFound)
}

/// One application the caller may read.
pub async fn get(app: &App, ctx: &Ctx, id: &str) -> Result<ApplicationView> {
    let a = read(app, ctx, parse_id(id)?).await?;
    view_of(app, ctx, &a).await
}

/// What a list asks for.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
pub struct ApplicationQuery {
    /// Only this programme's.
    pub programme_id: Option<String>,
    /// Only applications in this (stored) status: `submitted`, `examined`, ...
    pub status: Option<String>,
    /// From `next_cursor` of the page before.
    pub cursor: Option<String>,
    /// Up to 500; 50 by default.
    pub limit: Option<i64>,
}

/// One page of applications.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ApplicationList {
    pub items: Vec<ApplicationView>,
    pub next_cursor: Option<String>,
}

fn bad_query(field: &str, code: &str) -> AppError {
    AppError::invalid(field, code, format!("{field} is not valid"))
}

/// A page of the applications in the caller's scope, newest first.
pub async fn list(app: &App, ctx: &Ctx, lq: &ApplicationQuery) -> Result<ApplicationList> {
    ctx.require(Resource::FundApplication, Action::Read)?;
    let limit = lq.limit.unwrap_or(50);
    if !(1..=500).contains(&limit) {
        return Err(bad_query("limit", "out_of_range"));
    }
    let mut f = ListFilter {
        limit: limit + 1,
        ..ListFilter::default()
    };
    if let Some(p) = lq.programme_id.as_deref().filter(|s| !s.is_empty()) {
        f.programme =
            Some(uuid::Uuid::parse_str(p).map_err(|_| bad_query("programme_id", "invalid"))?);
    }
    if let Some(s) = lq.status.as_deref().filter(|s| !s.is_empty()) {
        f.statuses = vec![Status::parse(s).ok_or_else(|| bad_query("status", "unknown_status"))?];
    }
    if let Some(c) = lq.cursor.as_deref().filter(|s| !s.is_empty()) {
        let parsed = c
            .split_once('_')
            .and_then(|(at, id)| Some((at.parse::<i64>().ok()?, uuid::Uuid::parse_str(id).ok()?)));
        f.before = Some(parsed.ok_or_else(|| bad_query("cursor", "invalid_cursor"))?);
    }
    let mut rd = app.db.read().await?;
    let mut rows = store::fund_applications::list(&mut rd, &scope_for(ctx), &f).await?;
    drop(rd);
    let more = rows.len() as i64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(50));
    let next_cursor = rows
        .last()
        .filter(|_| more)
        .map(|a| format!("{}_{}", a.submitted_at, a.id));
    let mut items = Vec::with_capacity(rows.len());
    for a in &rows {
        items.push(view_of(app, ctx, a).await?);
    }
    Ok(ApplicationList { items, next_cursor })
}

/// A file of an application the caller may read, with its bytes.
pub async fn download(app: &App, ctx: &Ctx, file: &str) -> Result<(ApplicationFileView, Vec<u8>)> {
    ctx.require(Resource::FundApplication, Action::Read)?;
    let id = parse_id(file)?;
    let f = {
        let mut rd = app.db.read().await?;
        let f = store::fund_application_steps::get_file(&mut rd, id)
            .await?
            .ok_or(AppError::NotFound)?;
        store::fund_applications::get(&mut rd, &scope_for(ctx), f.application_id)
            .await?
            .ok_or(AppError::NotFound)?;
        f
    };
    let bytes = crate::cases::attach::read_kept(app, &f.sha256).await?;
    Ok((file_view(&f), bytes))
}
