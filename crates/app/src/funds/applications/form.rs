//! What an application form for a programme asks: the figures its rule in effect reads (money
//! in yuan, head counts as numbers) and the documents it requires.

use domain::funds::Figure;
use domain::{Action, Resource};
use serde::Serialize;

use crate::funds::ProgrammeView;
use crate::funds::rules::{in_effect, versions_of};
use crate::{App, AppError, Ctx, Result};

/// One figure the form asks for.
#[derive(Debug, Clone, Serialize)]
pub struct FigureField {
    /// The figure's code (`market_costs`), also its field's name's tail.
    pub code: &'static str,
    /// An amount typed in yuan (else a count).
    pub money: bool,
}

/// The form of a programme.
#[derive(Debug, Clone, Serialize)]
pub struct ApplyForm {
    pub programme: ProgrammeView,
    pub figures: Vec<FigureField>,
    /// The programme takes applications today.
    pub open: bool,
}

/// The form for programme `id`, for a caller who may apply.
pub async fn apply_form(app: &App, ctx: &Ctx, id: &str) -> Result<ApplyForm> {
    ctx.require(Resource::FundApplication, Action::Create)?;
    let pid = uuid::Uuid::parse_str(id).map_err(|_| AppError::NotFound)?;
    let p = crate::funds::programmes::read_one(app, ctx, pid).await?;
    let versions = versions_of(app, pid).await?;
    let today = app.today();
    let figures: Vec<Figure> = in_effect(&versions, today)
        .map(|v| v.rule.figures())
        .unwrap_or_default();
    let open = p.opens_on.is_none_or(|d| d <= today) && p.closes_on.is_none_or(|d| today <= d);
    Ok(ApplyForm {
        programme: ProgrammeView::from(&p),
        figures: figures
            .into_iter()
            .filter(|f| *f != Figure::Employees)
            .map(|f| FigureField {
                code: f.as_str(),
                money: f.is_money(),
            })
            .collect(),
        open,
    })
}
