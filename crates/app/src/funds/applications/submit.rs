//! Submitting an application (measure 2): an enterprise user for its own enterprise (portal
//! or API), or the staff of the programme's division on its behalf (naming its `uscc`).
//!
//! Refused, naming the field, with nothing written: a programme not open yet or past its
//! deadline (`programme`), a document the programme requires and the application lacks
//! (`documents.<doc>`), a file over the limits or not what its name says (`documents.<doc>`),
//! a figure negative, too large or unknown (`figures.<figure>`). An application the rule finds
//! **ineligible is accepted**: its stored decision says which criteria are unmet, the examiner
//! refuses it with that reason, and the enterprise sees what would make it eligible. (Refusing
//! it at the door would hide the explanation and leave no record of the request.)
//!
//! An idempotency key is unique per enterprise: the same key again answers the first
//! application (`replayed`), never a second one; and an enterprise has one open application
//! per programme and year (a second is a conflict naming the first's reference).

use std::collections::BTreeMap;

use domain::funds::workflow::{Status, Step};
use domain::{Action, FieldError, Resource, Role, Uscc, new_id};
use serde::Deserialize;
use store::db::Tx;
use store::fund_applications::ApplicationRecord;
use store::funds::ProgrammeRecord;

use super::checks::{Doc, HistoryEntry, check_documents, decide_for, keep_files, record_step};
use super::view::{StoredDecision, view_of};
use super::{ApplicationView, sla};
use crate::audit::{self, Change};
use crate::{App, AppError, Ctx, Result};

/// How the application came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Portal,
    Staff,
    Api,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Portal => "portal",
            Channel::Staff => "staff",
            Channel::Api => "api",
        }
    }
}

/// A document of the application: a file standing for one of the programme's documents.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentUpload {
    /// The programme's document it stands for, as the programme names it (`营业执照`).
    pub document: String,
    /// The file's name (`license.pdf`).
    pub name: String,
    /// The file's bytes, base64 (standard alphabet, padded).
    pub content_base64: String,
}

/// A new application.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewApplication {
    /// The programme's id.
    pub programme_id: String,
    /// The enterprise's USCC: required of staff applying on its behalf; an enterprise user
    /// applies for its own.
    #[serde(default)]
    pub uscc: Option<String>,
    /// The programme's year (by default; no other is taken).
    #[serde(default)]
    pub year: Option<i64>,
    /// Figures by code (`premiums_paid`: fen; `employees`: a count).
    #[serde(default)]
    pub figures: BTreeMap<String, i64>,
    /// The documents the programme requires, one file each.
    #[serde(default)]
    pub documents: Vec<DocumentUpload>,
}

/// The application, and whether it was made by an earlier request with the same key.
#[derive(Debug, Clone)]
pub struct Submitted {
    pub application: ApplicationView,
    pub replayed: bool,
}

/// The enterprise the caller applies for: an enterprise user's own; the programme's division's
/// staff name it.
fn applicant(
    ctx: &Ctx,
    n: &NewApplication,
    division: domain::DivisionCode,
    errs: &mut Vec<FieldError>,
) -> Result<Option<Uscc>> {
    let typed = n.uscc.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let parse = |s: &str, errs: &mut Vec<FieldError>| match Uscc::parse(s) {
        Ok(u) => Some(u),
        Err(e) => {
            errs.push(FieldError::new("uscc", e.code(), e.to_string()));
            None
        }
    };
    match ctx.principal() {
        Some(p) if p.role == Role::EnterpriseUser => {
            let own = p.enterprise.clone().ok_or(AppError::Forbidden)?;
            // Another enterprise's USCC is answered as if it did not exist.
            match typed.map(Uscc::parse) {
                Some(Ok(u)) if u != own => Err(AppError::NotFound),
                _ => Ok(Some(own)),
            }
        }
        Some(p)
            if matches!(p.role, Role::DivisionStaff | Role::DivisionChief)
                && p.division == Some(division) =>
        {
            match typed {
                Some(s) => Ok(parse(s, errs)),
                None => {
                    errs.push(FieldError::new(
                        "uscc",
                        "required",
                        "name the enterprise you apply for",
                    ));
                    Ok(None)
                }
            }
        }
        Some(_) => Err(AppError::Forbidden),
        None => Ok(typed.and_then(|s| parse(s, errs))),
    }
}

/// What a submission turned out to be once checked.
enum Judged {
    /// The same key again: the first application.
    Replay(Box<ApplicationRecord>),
    New(Box<Checked>),
}

struct Checked {
    p: ProgrammeRecord,
    uscc: Uscc,
    docs: Vec<Doc>,
    decision: StoredDecision,
}

fn unknown_programme() -> AppError {
    AppError::invalid("programme_id", "unknown_programme", "no such programme")
}

/// Checks everything before anything is written.
async fn judge(app: &App, ctx: &Ctx, n: &NewApplication, key: Option<&str>) -> Result<Judged> {
    let programme =
        uuid::Uuid::parse_str(n.programme_id.trim()).map_err(|_| unknown_programme())?;
    let p = match crate::funds::programmes::read_one(app, ctx, programme).await {
        Err(AppError::NotFound) => return Err(unknown_programme()),
        other => other?,
    };
    let mut errs = Vec::new();
    let uscc = applicant(ctx, n, p.division, &mut errs)?;
    if let Some(k) = key
        && (k.is_empty() || k.len() > 255)
    {
        errs.push(FieldError::new(
            "Idempotency-Key",
            "invalid_idempotency_key",
            "an Idempotency-Key has 1 to 255 characters",
        ));
    }
    // The same key again: the first application, before anything else is judged.
    if let (Some(u), Some(k)) = (&uscc, key.filter(|_| errs.is_empty())) {
        let mut rd = app.db.read().await?;
        if let Some(first) = store::fund_applications::find_by_key(&mut rd, u, k).await? {
            return Ok(Judged::Replay(Box::new(first)));
        }
    }
    if n.year.is_some_and(|y| y != p.year) {
        errs.push(FieldError::new(
            "year",
            "not_programme_year",
            format!("this programme is for {}", p.year),
        ));
    }
    let today = app.today();
    if p.opens_on.is_some_and(|d| today < d) {
        errs.push(FieldError::new(
            "programme",
            "not_open_yet",
            "the programme does not take applications yet",
        ));
    }
    if p.closes_on.is_some_and(|d| today > d) {
        errs.push(FieldError::new(
            "programme",
            "deadline_passed",
            "the programme's deadline has passed",
        ));
    }
    let docs = check_documents(app, &p.documents, &[], &n.documents, &mut errs);
    let decision = match &uscc {
        Some(u) => decide_for(app, programme, u, &n.figures, &mut errs).await?,
        None => None,
    };
    match (uscc.filter(|_| errs.is_empty()), decision) {
        (Some(uscc), Some(decision)) => Ok(Judged::New(Box::new(Checked {
            p,
            uscc,
            docs,
            decision,
        }))),
        _ => Err(AppError::Invalid(errs)),
    }
}

/// Submits an application; see the module's notes for what is refused.
pub async fn submit(
    app: &App,
    ctx: &Ctx,
    n: &NewApplication,
    channel: Channel,
    key: Option<&str>,
) -> Result<Submitted> {
    ctx.require(Resource::FundApplication, Action::Create)?;
    let key = key.map(str::trim);
    let c = match judge(app, ctx, n, key).await? {
        Judged::Replay(first) => return replay(app, ctx, &first).await,
        Judged::New(c) => *c,
    };
    let id = new_id();
    let files = keep_files(app, ctx, id, c.docs).await?;
    let now = app.now();
    let due_at = sla::due(app, Status::Submitted, now).await?;
    let mut tx = app.db.begin().await?;
    let rec = ApplicationRecord {
        id,
        reference: store::fund_applications::next_reference(&mut tx, c.p.year).await?,
        programme_id: c.p.id,
        division: c.p.division,
        uscc: c.uscc.clone(),
        year: c.p.year,
        figures: n.figures.clone(),
        status: Status::Submitted,
        channel: channel.as_str().into(),
        idempotency_key: key.map(str::to_owned),
        missing: Vec::new(),
        decision: c.decision.to_json()?,
        eligible: c.decision.decision.eligible,
        amount: c.decision.decision.amount,
        rule_version: c.decision.decision.version,
        payment_id: None,
        due_at,
        submitted_by: ctx.principal().map(|p| p.id),
        submitted_at: now,
        updated_at: now,
    };
    if !store::fund_applications::insert(&mut tx, &rec).await? {
        return not_written(app, ctx, tx, &rec, key).await;
    }
    for f in &files {
        store::fund_application_steps::insert_file(&mut tx, f).await?;
    }
    let entry = HistoryEntry {
        application: id,
        step: Step::Submit,
        from: None,
        to: Status::Submitted,
        note: "",
        missing: &[],
        due_at,
    };
    record_step(&mut tx, app, ctx, entry).await?;
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: "fund_application_submitted",
            object_type: "fund_application",
            object_id: id.to_string(),
            before: None,
            after: Some(serde_json::json!({
                "reference": rec.reference, "programme_id": rec.programme_id,
                "uscc": rec.uscc.as_str(), "year": rec.year, "figures": rec.figures,
                "channel": rec.channel,
                "documents": files.iter().map(|f| &f.document).collect::<Vec<_>>(),
                "eligible": rec.eligible, "amount": rec.amount.fen(),
                "rule_version": rec.rule_version,
            })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Submitted {
        application: view_of(app, ctx, &rec).await?,
        replayed: false,
    })
}

async fn replay(app: &App, ctx: &Ctx, first: &ApplicationRecord) -> Result<Submitted> {
    Ok(Submitted {
        application: view_of(app, ctx, first).await?,
        replayed: true,
    })
}

/// The insert wrote nothing: the same key raced in (answer the first), or the enterprise has
/// an open application for the programme and year (a conflict naming it).
async fn not_written(
    app: &App,
    ctx: &Ctx,
    mut tx: Tx,
    rec: &ApplicationRecord,
    key: Option<&str>,
) -> Result<Submitted> {
    if let Some(k) = key
        && let Some(first) = store::fund_applications::find_by_key(&mut tx, &rec.uscc, k).await?
    {
        drop(tx);
        return replay(app, ctx, &first).await;
    }
    let open =
        store::fund_applications::find_open(&mut tx, rec.programme_id, &rec.uscc, rec.year).await?;
    Err(AppError::Conflict(
        "application_open",
        format!(
            "the enterprise already has an open application for this programme and year ({})",
            open.map(|a| a.reference).unwrap_or_default()
        ),
    ))
}
