//! Who works a case: assigning it to a named colleague (or to nobody), the colleagues it may
//! go to, and the open cases per person.
//!
//! A case goes only to a case worker who may see it under the scope rules (its division's chief
//! or staff, the enterprise's district official, a leader). Each change is a timeline event and
//! an audit entry naming the old and the new assignee. Moving a case to another division clears
//! its assignee ([`reassign`]).

use domain::{Action, DivisionCode, FieldError, Id, Resource, Role};
use serde::Serialize;
use serde_json::json;
use store::Tx;
use store::cases::CaseRecord;
use store::users::UserRecord;

use super::work::{load_managed, save};
use super::{CaseView, event, manage_scope, scope_for};
use crate::{App, AppError, Ctx, Principal, Result};

/// The roles a case may be given to (the admin keeps accounts, not cases).
const WORKERS: &[Role] = &[
    Role::Leader,
    Role::DivisionChief,
    Role::DivisionStaff,
    Role::DistrictOfficial,
];

/// A colleague a case may be assigned to.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Assignable {
    pub id: String,
    pub name: String,
    pub role: String,
}

/// Open cases of one person within the caller's scope.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Workload {
    /// `null` for the open cases nobody is assigned to.
    pub assignee_id: Option<String>,
    pub assignee_name: Option<String>,
    pub open: i64,
    /// Open cases whose follow-up date has passed.
    pub overdue: i64,
}

/// The names of the cases' assignees, in the cases' order.
pub(super) async fn name_views(tx: &mut Tx, cases: &[CaseRecord]) -> Result<Vec<Option<String>>> {
    let mut ids: Vec<Id> = cases.iter().filter_map(|c| c.assignee_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let names = store::cases::names(tx, &ids).await?;
    Ok(cases
        .iter()
        .map(|c| {
            c.assignee_id.and_then(|a| {
                names
                    .iter()
                    .find(|(id, _)| *id == a)
                    .map(|(_, n)| n.clone())
            })
        })
        .collect())
}

/// The names of the cases' enterprises, in the cases' order.
pub(super) async fn enterprise_names(
    tx: &mut Tx,
    cases: &[CaseRecord],
) -> Result<Vec<Option<String>>> {
    let mut usccs: Vec<&str> = cases
        .iter()
        .filter_map(|c| c.enterprise.as_ref().map(|u| u.as_str()))
        .collect();
    usccs.sort_unstable();
    usccs.dedup();
    let names = store::cases::enterprise_names(tx, &usccs).await?;
    Ok(cases
        .iter()
        .map(|c| {
            let u = c.enterprise.as_ref()?;
            names
                .iter()
                .find(|(x, _)| x == u.as_str())
                .map(|(_, n)| n.clone())
        })
        .collect())
}

fn who(u: Option<&UserRecord>) -> serde_json::Value {
    u.map_or(
        serde_json::Value::Null,
        |u| json!({"id": u.id, "name": u.name}),
    )
}

/// Why `user` may not be given `case`, if they may not.
async fn refusal(tx: &mut Tx, user: &UserRecord, case: &CaseRecord) -> Result<Option<FieldError>> {
    if user.disabled || !WORKERS.contains(&user.role) {
        return Ok(Some(FieldError::new(
            "assignee",
            "assignee_outside_scope",
            format!("{} does not work cases", user.name),
        )));
    }
    let theirs = manage_scope(&Ctx::user(Principal::from(user)));
    if store::cases::get(tx, &theirs, case.id).await?.is_none() {
        return Ok(Some(FieldError::new(
            "assignee",
            "assignee_outside_scope",
            format!(
                "{} may not see this case (it is {}'s)",
                user.name, case.division
            ),
        )));
    }
    Ok(None)
}

/// Gives the case to `assignee` (`None`: to nobody). Only those who may work the case may
/// assign it; the assignee must be a case worker who may see it.
pub async fn assign(app: &App, ctx: &Ctx, id: Id, assignee: Option<Id>) -> Result<CaseView> {
    ctx.require(Resource::Case, Action::Update)?;
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let before = load_managed(&mut tx, ctx, id).await?;
    let new = match assignee {
        None => None,
        Some(uid) => {
            let user = store::users::get(&mut tx, uid).await?.ok_or_else(|| {
                AppError::invalid(
                    "assignee",
                    "unknown_account",
                    "there is no account with this id",
                )
            })?;
            if let Some(e) = refusal(&mut tx, &user, &before).await? {
                return Err(AppError::Invalid(vec![e]));
            }
            Some(user)
        }
    };
    if before.assignee_id == new.as_ref().map(|u| u.id) {
        tx.commit().await?;
        return super::get(app, ctx, id).await;
    }
    let old = match before.assignee_id {
        Some(o) => store::users::get(&mut tx, o).await?,
        None => None,
    };
    let mut after = before.clone();
    after.assignee_id = new.as_ref().map(|u| u.id);
    after.updated_at = now;
    let mut ev = event(id, ctx, now, "assignment");
    let name = |u: Option<&UserRecord>| u.map_or_else(|| "—".to_owned(), |u| u.name.clone());
    ev.content = format!("{} → {}", name(old.as_ref()), name(new.as_ref()));
    super::append(&mut tx, &ev).await?;
    let action = if new.is_some() {
        "case_assigned"
    } else {
        "case_unassigned"
    };
    save(
        app,
        &mut tx,
        ctx,
        action,
        &before,
        &after,
        json!({"assignee_before": who(old.as_ref()), "assignee_after": who(new.as_ref())}),
    )
    .await?;
    // Assigning a case to oneself tells nobody.
    if let Some(u) = new.as_ref().filter(|u| Some(u.id) != ctx.actor_label().0) {
        crate::notify::emit(
            &mut tx,
            app,
            crate::notify::Event::CaseAssigned {
                case: id,
                assignee: u.id,
            },
        )
        .await?;
    }
    tx.commit().await?;
    super::get(app, ctx, id).await
}

/// The colleagues the case may be assigned to, by name.
pub async fn assignable(app: &App, ctx: &Ctx, id: Id) -> Result<Vec<Assignable>> {
    ctx.require(Resource::Case, Action::Update)?;
    let mut rd = app.db.read().await?;
    let case = store::cases::get(&mut rd, &scope_for(ctx), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let people = store::cases::assignable(&mut rd, case.division, case.enterprise.as_ref()).await?;
    Ok(people
        .into_iter()
        .map(|u| Assignable {
            id: u.id.to_string(),
            name: u.name,
            role: u.role.as_str().to_owned(),
        })
        .collect())
}

/// Open cases per assignee within the caller's scope, the busiest first.
pub async fn workload(app: &App, ctx: &Ctx) -> Result<Vec<Workload>> {
    ctx.require(Resource::Case, Action::Update)?;
    let today = app.today();
    let mut rd = app.db.read().await?;
    let rows = store::cases::workload(&mut rd, &scope_for(ctx), today).await?;
    Ok(rows
        .into_iter()
        .map(|r| Workload {
            assignee_id: r.assignee_id.map(|i| i.to_string()),
            assignee_name: r.name,
            open: r.open,
            overdue: r.overdue,
        })
        .collect())
}

/// Moves a case to another division, with the reason in the timeline and the audit trail.
pub async fn reassign(
    app: &App,
    ctx: &Ctx,
    id: Id,
    division: &str,
    reason: &str,
) -> Result<CaseView> {
    ctx.require(Resource::Case, Action::Update)?;
    let mut errs = Vec::new();
    let division = DivisionCode::parse(division)
        .map_err(|m| errs.push(FieldError::new("division", m.code(), m.to_string())))
        .ok();
    if reason.trim().is_empty() {
        errs.push(FieldError::new(
            "reason",
            "required",
            "say why the case moves",
        ));
    }
    let Some(division) = division.filter(|_| errs.is_empty()) else {
        return Err(AppError::Invalid(errs));
    };
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let before = load_managed(&mut tx, ctx, id).await?;
    let mut after = before.clone();
    after.division = division;
    after.assignee_id = None;
    after.updated_at = now;
    let mut ev = event(id, ctx, now, "reassignment");
    ev.content = format!(
        "{} → {}: {}",
        before.division,
        after.division,
        reason.trim()
    );
    super::append(&mut tx, &ev).await?;
    save(
        app,
        &mut tx,
        ctx,
        "case_reassigned",
        &before,
        &after,
        json!({"reason": reason.trim()}),
    )
    .await?;
    crate::notify::emit(
        &mut tx,
        app,
        crate::notify::Event::CaseRouted { case: id, division },
    )
    .await?;
    tx.commit().await?;
    // The caller may no longer see the case after moving it out of their division.
    let mut rd = app.db.read().await?;
    let c = store::cases::get(&mut rd, &store::cases::CaseScope::All, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(super::case_view(&c, None, None))
}
