//! A programme's staff page: its facts, every rule version in words, drafting the next version,
//! publishing a draft (the division's chief), and the simulation of a version over the registry.

use std::collections::BTreeMap;

use app::funds::{self, NewRuleVersion};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::{Action, FieldError, Resource};
use minijinja::{Value, context};

use super::rule_form::{self, RuleForm};
use super::ser;
use crate::AppState;
use crate::guard::Caller;
use crate::pages::{app_error_page, render, render_status, see_other};

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

/// Whether the caller works in the programme's division and may do `action` on its rules.
fn may(caller: &Caller, p: &funds::ProgrammeView, action: Action) -> bool {
    let own = caller
        .principal()
        .is_some_and(|who| who.division.map(|d| d.as_str().to_owned()) == Some(p.division.clone()));
    own && caller.ctx.can(Resource::FundRule, action)
}

async fn show(
    s: &AppState,
    caller: &Caller,
    id: &str,
    form: Option<RuleForm>,
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
    let form = form
        .or_else(|| versions.first().map(|v| RuleForm::from_rule(&v.rule)))
        .unwrap_or_default()
        .with_blank_rows();
    let ctx = context! {
        p => ser(&p),
        versions => ser(&versions),
        district_names => district_names(s).await,
        can_draft => may(caller, &p, Action::Create),
        can_publish => may(caller, &p, Action::Update),
        form => ser(&form),
        errors => rule_form::messages(caller.locale, errors),
        ch => rule_form::choices(s, caller.locale).await,
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        s,
        caller,
        status,
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

/// Saves the typed draft and shows its simulation; `action=refresh` shows the form again with
/// the fields of the kinds chosen, saving nothing.
pub async fn draft(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let f = RuleForm::from_pairs(&pairs);
    if pairs.iter().any(|(k, v)| k == "action" && v == "refresh") {
        return show(&s, &caller, &id, Some(f), &[]).await;
    }
    let rule = match f.to_rule() {
        Ok(r) => r,
        Err(errs) => return show(&s, &caller, &id, Some(f), &errs).await,
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
        Ok(v) => see_other(
            &format!("/staff/funds/{id}/rules/{}/simulation", v.version),
            &[],
        ),
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
        let versions = funds::list_versions(&s.app, &caller.ctx, pid).await?;
        let draft = versions
            .iter()
            .any(|v| v.version == n && v.status == "draft");
        Ok::<_, app::AppError>((p, sim, draft))
    };
    match run.await {
        Ok((p, sim, draft)) => {
            let can_publish = draft && may(&caller, &p, Action::Update);
            let ctx = context! { p => ser(&p), s => ser(&sim), draft, can_publish };
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
