//! Who of a division's staff is on duty: its chief puts staff on duty and takes them off. A case
//! routed to the division tells the chief and the staff on duty, or all its staff when nobody
//! is on duty ([`super::recipients::chief_and_on_duty`]). Each change is audited.

use domain::{Action, Id, Resource, Role};
use serde::Serialize;
use serde_json::json;

use crate::audit::{self, Change};
use crate::{App, AppError, Ctx, Result};

/// A staff member of the caller's division and whether they are on duty.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DutyView {
    pub user_id: String,
    pub name: String,
    pub on_duty: bool,
}

fn division_of(ctx: &Ctx) -> Result<domain::DivisionCode> {
    ctx.principal()
        .and_then(|p| p.division)
        .ok_or(AppError::Forbidden)
}

/// The caller's division's staff, with who is on duty.
pub async fn list(app: &App, ctx: &Ctx) -> Result<Vec<DutyView>> {
    ctx.require(Resource::Duty, Action::Read)?;
    let division = division_of(ctx)?;
    let mut rd = app.db.read().await?;
    let staff =
        store::notify::division_users(&mut rd, division, &[Role::DivisionStaff.as_str()]).await?;
    let on = store::notify::on_duty(&mut rd, division).await?;
    Ok(staff
        .into_iter()
        .map(|u| DutyView {
            user_id: u.id.to_string(),
            on_duty: on.contains(&u.id),
            name: u.name,
        })
        .collect())
}

/// Puts a staff member of the chief's own division on duty, or takes them off. Another
/// division's staff member is "not found".
pub async fn set(app: &App, ctx: &Ctx, user: &str, on_duty: bool) -> Result<Vec<DutyView>> {
    ctx.require(Resource::Duty, Action::Update)?;
    let division = division_of(ctx)?;
    let id: Id = uuid::Uuid::parse_str(user).map_err(|_| AppError::NotFound)?;
    let mut tx = app.db.begin().await?;
    let u = store::users::get(&mut tx, id)
        .await?
        .filter(|u| u.division == Some(division) && u.role == Role::DivisionStaff)
        .ok_or(AppError::NotFound)?;
    let (_, actor) = ctx.actor_label();
    store::notify::set_on_duty(&mut tx, u.id, division, on_duty, &actor, app.now()).await?;
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: if on_duty {
                "staff_on_duty"
            } else {
                "staff_off_duty"
            },
            object_type: "user",
            object_id: u.id.to_string(),
            before: None,
            after: Some(json!({"division": division.as_str(), "on_duty": on_duty})),
        },
    )
    .await?;
    tx.commit().await?;
    list(app, ctx).await
}
