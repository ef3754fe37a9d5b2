//! The divisions and the ten measures as read models, an admin's edits of a measure's
//! wording, and the other names a division goes by. Routing by the table lives in
//! `distribution`.

use domain::{Action, MeasureNo, Resource};
use serde::Serialize;
use serde_json::json;
use store::org::MeasureRecord;

use super::distribution;
use crate::audit::{self, Change};
use crate::{App, AppError, Ctx, Result};

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DivisionView {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MeasureView {
    pub no: i64,
    pub title_zh: String,
    pub title_en: String,
    pub summary_zh: String,
    pub summary_en: String,
}

fn measure_view(m: MeasureRecord) -> MeasureView {
    MeasureView {
        no: m.no.get(),
        title_zh: m.title_zh,
        title_en: m.title_en,
        summary_zh: m.summary_zh,
        summary_en: m.summary_en,
    }
}

/// The divisions (public reference data: the policy names them).
pub async fn divisions(app: &App) -> Result<Vec<DivisionView>> {
    let mut rd = app.db.read().await?;
    Ok(store::org::list_divisions(&mut rd)
        .await?
        .into_iter()
        .map(|d| DivisionView {
            code: d.code.as_str().to_owned(),
            name_zh: d.name_zh,
            name_en: d.name_en,
        })
        .collect())
}

/// The ten measures (public: the policy is published).
pub async fn measures(app: &App) -> Result<Vec<MeasureView>> {
    let mut rd = app.db.read().await?;
    Ok(store::org::list_measures(&mut rd)
        .await?
        .into_iter()
        .map(measure_view)
        .collect())
}

pub async fn measure(app: &App, no: i64) -> Result<MeasureView> {
    let no = MeasureNo::new(no).map_err(|_| AppError::NotFound)?;
    let mut rd = app.db.read().await?;
    store::org::get_measure(&mut rd, no)
        .await?
        .map(measure_view)
        .ok_or(AppError::NotFound)
}

/// An admin edits a measure's wording.
pub async fn update_measure(
    app: &App,
    ctx: &Ctx,
    no: i64,
    title_zh: &str,
    title_en: &str,
    summary_zh: &str,
    summary_en: &str,
) -> Result<MeasureView> {
    ctx.require(Resource::Organisation, Action::Update)?;
    let no = MeasureNo::new(no).map_err(|m| AppError::invalid("no", m.code(), m.to_string()))?;
    let mut errs = Vec::new();
    for (field, v) in [
        ("title_zh", title_zh),
        ("title_en", title_en),
        ("summary_zh", summary_zh),
        ("summary_en", summary_en),
    ] {
        if v.trim().is_empty() {
            errs.push(domain::FieldError::new(
                field,
                "required",
                format!("{field} is required"),
            ));
        }
    }
    if !errs.is_empty() {
        return Err(AppError::Invalid(errs));
    }
    let mut tx = app.db.begin().await?;
    let before = store::org::get_measure(&mut tx, no)
        .await?
        .ok_or(AppError::NotFound)?;
    let after = MeasureRecord {
        no,
        title_zh: title_zh.trim().into(),
        title_en: title_en.trim().into(),
        summary_zh: summary_zh.trim().into(),
        summary_en: summary_en.trim().into(),
        updated_at: app.now(),
    };
    store::org::upsert_measure(&mut tx, &after).await?;
    let (b, a) = (measure_view(before), measure_view(after));
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: "measure_updated",
            object_type: "measure",
            object_id: no.get().to_string(),
            before: Some(json!(b)),
            after: Some(json!(a)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(a)
}

/// A measure with its rows of the work-distribution table.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MeasureDetail {
    #[serde(flatten)]
    pub measure: MeasureView,
    pub responsibilities: Vec<distribution::Responsibility>,
}

pub async fn measure_detail(app: &App, ctx: &Ctx, no: i64) -> Result<MeasureDetail> {
    let no = MeasureNo::new(no).map_err(|_| AppError::NotFound)?;
    let measure = measure(app, no.get()).await?;
    let responsibilities = distribution::for_measure(app, ctx, no).await?;
    Ok(MeasureDetail {
        measure,
        responsibilities,
    })
}

/// Adds another name for a division (admins), e.g. the name an older table uses.
pub async fn add_alias(app: &App, ctx: &Ctx, code: &str, alias: &str) -> Result<()> {
    ctx.require(Resource::Organisation, Action::Update)?;
    let code = domain::DivisionCode::parse(code)
        .map_err(|m| AppError::invalid("division", m.code(), m.to_string()))?;
    let key = distribution::normalise(alias);
    if key.is_empty() {
        return Err(AppError::invalid(
            "alias",
            "required",
            "an alias is required",
        ));
    }
    let mut tx = app.db.begin().await?;
    let names = distribution::DivisionNames::load(&mut tx).await?;
    if let Some((other, _)) = names.resolve(&key).filter(|(c, _)| *c != code) {
        return Err(AppError::invalid(
            "alias",
            "alias_taken",
            format!("\"{alias}\" already names {other}"),
        ));
    }
    store::org::upsert_alias(&mut tx, &key, code).await?;
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: "division_alias_added",
            object_type: "division",
            object_id: code.as_str().into(),
            before: None,
            after: Some(json!({"alias": alias})),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
