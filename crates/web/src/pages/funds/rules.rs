//! A programme's staff page: its facts, every rule version in words, drafting the next version,
//! publishing a draft (the division's chief), and the simulation of a version over the registry.

use std::collections::BTreeMap;

use app::funds::{self, NewRuleVersion};
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::{Action, FieldError, Resource};
use minijinja::{Value, context};
use serde::Deserialize;

use super::ser;
use crate::AppState;
use crate::guard::Caller;
use crate::pages::{app_error_page, render, see_other};

/// The draft form as typed.
#[derive(Debug, Default, Deserialize, serde::Serialize)]
pub struct DraftForm {
    #[serde(default)]
    pub effective_from: String,
    #[serde(default)]
    pub effective_to: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub rule: String,
    #[serde(default, rename = "_csrf")]
    pub csrf: String,
}

fn parse_id(id: &str) -> Result<domain::Id, app::AppError> {
    crate::api::funds::programme_id(id)
}

/// District names by code, as `[zh, en]`, for criteria in words.
pub(super) async fn district_names(s: &AppState) -> Value {
    let names: BTreeMap<String, [String; 2]> = app::org::districts(&s.app)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|d| (d.code, [d.name_zh, d.name_en]))
        .collect();
    ser(&names)
}

async fn show(
    s: &AppState,
    caller: &Caller,
    id: &str,
    form: Option<DraftForm>,
    errors: &[FieldError],
) -> Response {
    let loaded = async {
        let id = parse_id(id)?;
        let p = funds::programme(&s.app, &caller.ctx, id).await?;
        let versions = funds::list_versions(&s.app, &caller.ctx, id).await?;
        Ok::<_, app::AppError>((p, versions))
    };
    let (p, versions) = match loaded.await {
        Ok(x) => x,
        Err(e) => return app_error_page(&e, caller.locale),
    };
    let own = caller
        .principal()
        .is_some_and(|who| who.division.map(|d| d.as_str().to_owned()) == Some(p.division.clone()));
    let form = form.unwrap_or_else(|| DraftForm {
        rule: versions
            .first()
            .and_then(|v| serde_json::to_string_pretty(&v.rule).ok())
            .unwrap_or_default(),
        ..DraftForm::default()
    });
    let ctx = context! {
        p => ser(&p),
        versions => ser(&versions),
        district_names => district_names(s).await,
        can_draft => own && caller.ctx.can(Resource::FundRule, Action::Create),
        can_publish => own && caller.ctx.can(Resource::FundRule, Action::Update),
        form => ser(&form),
        errors => ser(&errors),
    };
    render(
        s,
        caller,
        "funds/programme.html",
        &format!("/staff/funds/{}", p.id),
        ctx,
    )
    .await
}

pub async fn programme(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Response {
    show(&s, &caller, &id, None, &[]).await
}

pub async fn draft(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Form(f): Form<DraftForm>,
) -> Response {
    let rule = match serde_json::from_str(&f.rule) {
        Ok(r) => r,
        Err(e) => {
            let err = FieldError::new("rule", "invalid", e.to_string());
            return show(&s, &caller, &id, Some(f), &[err]).await;
        }
    };
    let n = NewRuleVersion {
        effective_from: f.effective_from.clone(),
        effective_to: Some(f.effective_to.clone()),
        rule,
        note: Some(f.note.clone()),
    };
    let Ok(pid) = parse_id(&id) else {
        return app_error_page(&app::AppError::NotFound, caller.locale);
    };
    match funds::draft_version(&s.app, &caller.ctx, pid, &n).await {
        Ok(_) => see_other(&format!("/staff/funds/{id}"), &[]),
        Err(app::AppError::Invalid(errs)) => show(&s, &caller, &id, Some(f), &errs).await,
        Err(e) => app_error_page(&e, caller.locale),
    }
}

pub async fn publish(
    State(s): State<AppState>,
    caller: Caller,
    Path((id, n)): Path<(String, String)>,
) -> Response {
    let (Ok(pid), Ok(n)) = (parse_id(&id), n.parse::<i64>()) else {
        return app_error_page(&app::AppError::NotFound, caller.locale);
    };
    match funds::publish_version(&s.app, &caller.ctx, pid, n).await {
        Ok(_) | Err(app::AppError::Conflict(..)) => see_other(&format!("/staff/funds/{id}"), &[]),
        Err(e) => app_error_page(&e, caller.locale),
    }
}

pub async fn simulation(
    State(s): State<AppState>,
    caller: Caller,
    Path((id, n)): Path<(String, String)>,
) -> Response {
    let (Ok(pid), Ok(n)) = (parse_id(&id), n.parse::<i64>()) else {
        return app_error_page(&app::AppError::NotFound, caller.locale);
    };
    let run = async {
        let p = funds::programme(&s.app, &caller.ctx, pid).await?;
        let sim = funds::simulate(&s.app, &caller.ctx, pid, n).await?;
        Ok::<_, app::AppError>((p, sim))
    };
    match run.await {
        Ok((p, sim)) => {
            let ctx = context! { p => ser(&p), s => ser(&sim) };
            render(
                &s,
                &caller,
                "funds/simulation.html",
                &format!("/staff/funds/{id}/rules/{n}/simulation"),
                ctx,
            )
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}
