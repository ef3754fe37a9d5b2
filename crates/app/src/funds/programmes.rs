//! Measure 2's catalogue of fund programmes: each with its item of the work-distribution table
//! (and so its division), legal basis, the year's budget, payment mode, documents and deadlines.
//!
//! Staff read every programme; the public and the portal read published ones only (an
//! unpublished one is "not found" to them). The staff and chief of the programme's division
//! create and edit it; nobody else does.

use domain::dates::{parse_civil_date, show_date};
use domain::funds::{PaymentMode, parse_programme_code};
use domain::{Action, DivisionCode, FieldError, Id, MeasureNo, Money, Resource, new_id};
use serde::{Deserialize, Serialize};
use store::funds::ProgrammeRecord;

use crate::audit::{self, Change};
use crate::{App, AppError, Ctx, Result};

/// A programme as readers see it. Amounts are integer fen.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ProgrammeView {
    pub id: String,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// Measure 2's item of the work-distribution table.
    pub item: String,
    pub division: String,
    pub legal_document: String,
    pub legal_clause: String,
    pub year: i64,
    /// The year's budget, in fen.
    pub budget: i64,
    pub payment_mode: PaymentMode,
    pub documents: Vec<String>,
    /// First day applications are taken (YYYY-MM-DD), if limited.
    pub opens_on: Option<String>,
    /// Last day applications are taken (YYYY-MM-DD), if limited.
    pub closes_on: Option<String>,
    pub published: bool,
}

impl From<&ProgrammeRecord> for ProgrammeView {
    fn from(p: &ProgrammeRecord) -> Self {
        ProgrammeView {
            id: p.id.to_string(),
            code: p.code.clone(),
            name_zh: p.name_zh.clone(),
            name_en: p.name_en.clone(),
            item: p.item.clone(),
            division: p.division.as_str().to_owned(),
            legal_document: p.legal_document.clone(),
            legal_clause: p.legal_clause.clone(),
            year: p.year,
            budget: p.budget.fen(),
            payment_mode: p.payment_mode,
            documents: p.documents.clone(),
            opens_on: p.opens_on.map(show_date),
            closes_on: p.closes_on.map(show_date),
            published: p.published,
        }
    }
}

/// A new programme (every field but the dates, documents and `published` required), or an
/// edit (only the fields given change; an empty date clears it).
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeInput {
    pub code: Option<String>,
    pub name_zh: Option<String>,
    pub name_en: Option<String>,
    /// One of measure 2's items in the work-distribution table; it decides the division.
    pub item: Option<String>,
    pub legal_document: Option<String>,
    pub legal_clause: Option<String>,
    pub year: Option<i64>,
    /// Fen.
    pub budget: Option<i64>,
    pub payment_mode: Option<String>,
    pub documents: Option<Vec<String>>,
    pub opens_on: Option<String>,
    pub closes_on: Option<String>,
    pub published: Option<bool>,
}

fn measure2() -> MeasureNo {
    MeasureNo::new(2).unwrap_or(MeasureNo::ONE)
}

/// The division the table makes responsible for measure 2's `item`: its leading row, or its
/// only one.
async fn division_of(app: &App, item: &str) -> Result<Option<DivisionCode>> {
    let mut rd = app.db.read().await?;
    let rows = store::distribution::for_measure(&mut rd, measure2()).await?;
    let of_item: Vec<_> = rows.iter().filter(|r| r.item == item).collect();
    Ok(of_item
        .iter()
        .find(|r| r.leading)
        .or(of_item.first())
        .map(|r| r.division))
}

/// Whether the caller may edit a programme of `division`: its own division's staff and chief.
fn require_edit(ctx: &Ctx, division: DivisionCode, action: Action) -> Result<()> {
    ctx.require(Resource::FundProgramme, action)?;
    match ctx.principal() {
        Some(p) if p.division != Some(division) => Err(AppError::Forbidden),
        _ => Ok(()),
    }
}

fn text(errs: &mut Vec<FieldError>, field: &str, v: Option<&String>, into: &mut String) {
    match v.map(|s| s.trim()) {
        Some("") => errs.push(FieldError::new(field, "required", "this field is required")),
        Some(s) => *into = s.to_owned(),
        None if into.is_empty() => {
            errs.push(FieldError::new(field, "required", "this field is required"));
        }
        None => {}
    }
}

fn date(
    errs: &mut Vec<FieldError>,
    field: &str,
    v: Option<&String>,
    into: &mut Option<jiff::civil::Date>,
) {
    match v.map(|s| s.trim()) {
        None => {}
        Some("") => *into = None,
        Some(s) => match parse_civil_date(s) {
            Ok(d) => *into = Some(d),
            Err(e) => errs.push(FieldError::new(field, "invalid_date", e.to_string())),
        },
    }
}

/// Applies every field of `input` but the item over `p`, naming each defect in `errs`.
fn apply_fields(p: &mut ProgrammeRecord, input: &ProgrammeInput, errs: &mut Vec<FieldError>) {
    match input.code.as_deref().map(parse_programme_code) {
        Some(Ok(c)) => p.code = c,
        Some(Err(code)) => errs.push(FieldError::new(
            "code",
            code,
            "2 to 40 lower-case letters, digits, - or _, starting with a letter",
        )),
        None if p.code.is_empty() => errs.push(FieldError::new(
            "code",
            "required",
            "this field is required",
        )),
        None => {}
    }
    text(errs, "name_zh", input.name_zh.as_ref(), &mut p.name_zh);
    text(errs, "name_en", input.name_en.as_ref(), &mut p.name_en);
    text(
        errs,
        "legal_document",
        input.legal_document.as_ref(),
        &mut p.legal_document,
    );
    text(
        errs,
        "legal_clause",
        input.legal_clause.as_ref(),
        &mut p.legal_clause,
    );
    match input.year {
        Some(y) if (2000..=2100).contains(&y) => p.year = y,
        Some(_) => errs.push(FieldError::new(
            "year",
            "out_of_range",
            "a year from 2000 to 2100",
        )),
        None if p.year == 0 => errs.push(FieldError::new(
            "year",
            "required",
            "this field is required",
        )),
        None => {}
    }
    match input.budget {
        Some(b) if (0..=domain::funds::MAX_FIGURE).contains(&b) => p.budget = Money::from_fen(b),
        Some(b) if b > 0 => errs.push(FieldError::new(
            "budget",
            "out_of_range",
            "at most 10^15 (¥10 trillion in fen)",
        )),
        Some(_) => errs.push(FieldError::new(
            "budget",
            "negative",
            "the budget is zero or more (fen)",
        )),
        None => {}
    }
    if let Some(m) = input.payment_mode.as_deref() {
        match PaymentMode::parse(m) {
            Some(m) => p.payment_mode = m,
            None => errs.push(FieldError::new(
                "payment_mode",
                "invalid_choice",
                "in_advance, on_settlement, examined_in_advance or fully_covered",
            )),
        }
    }
    if let Some(docs) = &input.documents {
        for (i, d) in docs.iter().enumerate() {
            if d.trim().is_empty() {
                errs.push(FieldError::new(
                    format!("documents[{i}]"),
                    "required",
                    "name the document",
                ));
            }
        }
        p.documents = docs.iter().map(|d| d.trim().to_owned()).collect();
    }
    date(errs, "opens_on", input.opens_on.as_ref(), &mut p.opens_on);
    date(
        errs,
        "closes_on",
        input.closes_on.as_ref(),
        &mut p.closes_on,
    );
    if let (Some(o), Some(c)) = (p.opens_on, p.closes_on)
        && c < o
    {
        errs.push(FieldError::new(
            "closes_on",
            "before_from",
            "the last day comes on or after the first",
        ));
    }
    if let Some(v) = input.published {
        p.published = v;
    }
}

/// Applies `input` over `p`, naming every defect; the item's division is looked up.
async fn apply(app: &App, p: &mut ProgrammeRecord, input: &ProgrammeInput) -> Result<()> {
    let mut errs = Vec::new();
    if let Some(item) = input.item.as_deref().map(str::trim) {
        match division_of(app, item).await? {
            Some(d) => {
                p.item = item.to_owned();
                p.division = d;
            }
            None => errs.push(FieldError::new(
                "item",
                "unknown_item",
                format!("\"{item}\" is not an item of measure 2 in the work-distribution table"),
            )),
        }
    } else if p.item.is_empty() {
        errs.push(FieldError::new(
            "item",
            "required",
            "this field is required",
        ));
    }
    apply_fields(p, input, &mut errs);
    if errs.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(errs))
    }
}

async fn save(
    app: &App,
    ctx: &Ctx,
    p: &ProgrammeRecord,
    before: Option<&ProgrammeRecord>,
    action: &str,
) -> Result<()> {
    let mut tx = app.db.begin().await?;
    if let Some(other) = store::funds::find_by_code(&mut tx, &p.code).await?
        && other.id != p.id
    {
        return Err(AppError::Invalid(vec![FieldError::new(
            "code",
            "duplicate",
            "another programme has this code",
        )]));
    }
    store::funds::upsert(&mut tx, p).await?;
    let json = |r: &ProgrammeRecord| serde_json::to_value(ProgrammeView::from(r)).ok();
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action,
            object_type: "fund_programme",
            object_id: p.id.to_string(),
            before: before.and_then(json),
            after: json(p),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Adds a programme to the catalogue (staff or chief of the item's division).
pub async fn create_programme(
    app: &App,
    ctx: &Ctx,
    input: &ProgrammeInput,
) -> Result<ProgrammeView> {
    ctx.require(Resource::FundProgramme, Action::Create)?;
    let now = app.now();
    let mut p = ProgrammeRecord {
        id: new_id(),
        code: String::new(),
        name_zh: String::new(),
        name_en: String::new(),
        item: String::new(),
        division: DivisionCode::IP3,
        legal_document: String::new(),
        legal_clause: String::new(),
        year: 0,
        budget: Money::ZERO,
        payment_mode: PaymentMode::InAdvance,
        documents: Vec::new(),
        opens_on: None,
        closes_on: None,
        published: false,
        created_at: now,
        updated_at: now,
    };
    let mut errs = Vec::new();
    if input.budget.is_none() {
        errs.push(FieldError::new(
            "budget",
            "required",
            "this field is required",
        ));
    }
    if input.payment_mode.is_none() {
        errs.push(FieldError::new(
            "payment_mode",
            "required",
            "this field is required",
        ));
    }
    if let Err(AppError::Invalid(more)) = apply(app, &mut p, input).await {
        errs.extend(more);
    }
    if !errs.is_empty() {
        return Err(AppError::Invalid(errs));
    }
    require_edit(ctx, p.division, Action::Create)?;
    save(app, ctx, &p, None, "fund_programme_created").await?;
    Ok(ProgrammeView::from(&p))
}

/// Edits a programme: only the fields given change. Moving it to another division's item
/// takes the edit rights of both.
pub async fn update_programme(
    app: &App,
    ctx: &Ctx,
    id: Id,
    input: &ProgrammeInput,
) -> Result<ProgrammeView> {
    ctx.require(Resource::FundProgramme, Action::Update)?;
    let before = read_one(app, ctx, id).await?;
    require_edit(ctx, before.division, Action::Update)?;
    let mut p = before.clone();
    apply(app, &mut p, input).await?;
    require_edit(ctx, p.division, Action::Update)?;
    p.updated_at = app.now();
    save(app, ctx, &p, Some(&before), "fund_programme_updated").await?;
    Ok(ProgrammeView::from(&p))
}

/// A programme the caller may read: staff any, everyone else a published one.
pub(crate) async fn read_one(app: &App, ctx: &Ctx, id: Id) -> Result<ProgrammeRecord> {
    let mut rd = app.db.read().await?;
    match store::funds::get(&mut rd, id).await? {
        Some(p) if p.published || ctx.can(Resource::FundProgramme, Action::Read) => Ok(p),
        _ => Err(AppError::NotFound),
    }
}

/// The catalogue: staff see every programme, the public and the portal the published ones.
pub async fn list_programmes(app: &App, ctx: &Ctx) -> Result<Vec<ProgrammeView>> {
    let all = ctx.can(Resource::FundProgramme, Action::Read);
    let mut rd = app.db.read().await?;
    Ok(store::funds::list(&mut rd, !all)
        .await?
        .iter()
        .map(ProgrammeView::from)
        .collect())
}

/// One programme (see [`list_programmes`] for who sees which).
pub async fn programme(app: &App, ctx: &Ctx, id: Id) -> Result<ProgrammeView> {
    Ok(ProgrammeView::from(&read_one(app, ctx, id).await?))
}
