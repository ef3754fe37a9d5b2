//! Measure 2's apply-free entitlements in the enterprise portal: the list of the enterprise's
//! own, one entitlement explained criterion by criterion, and the form that confirms the bank
//! account (the one on file, or a new one). Every portal language.

use std::collections::BTreeMap;

use app::funds::bank::BankAccountInput;
use app::funds::free::{self, Confirmation, Explanation};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::{Action, FieldError, Resource};
use minijinja::{Value, context};

use super::ser;
use crate::AppState;
use crate::guard::Caller;
use crate::pages::{app_error_page, render, render_status, see_other};
use crate::routes::{Perm, Routes, Surface};

/// Registers the portal's entitlement pages.
pub fn add(r: Routes) -> Routes {
    use Perm::Allow;
    use Surface::Page;
    r.add(
        axum::http::Method::GET,
        "/portal/entitlements",
        Allow(Resource::FundEntitlement, Action::Read),
        Page,
        "Portal: my enterprise's apply-free entitlements",
        list,
    )
    .add(
        axum::http::Method::GET,
        "/portal/entitlements/{id}",
        Allow(Resource::FundEntitlement, Action::Read),
        Page,
        "Portal: one entitlement explained, and its confirmation",
        one,
    )
    .add(
        axum::http::Method::POST,
        "/portal/entitlements/{id}/confirm",
        Allow(Resource::FundEntitlement, Action::Update),
        Page,
        "Portal: confirm the bank account of an entitlement",
        confirm,
    )
}

/// Programme names by id, as `[zh, en]`.
async fn programme_names(s: &AppState, caller: &Caller) -> BTreeMap<String, [String; 2]> {
    app::funds::list_programmes(&s.app, &caller.ctx)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|p| (p.id, [p.name_zh, p.name_en]))
        .collect()
}

/// The stored explanation as the decision partial reads it (the decision with its formula).
pub(super) fn explained(e: &Explanation) -> Value {
    let mut d = serde_json::to_value(&e.decision).unwrap_or_default();
    if let Some(o) = d.as_object_mut() {
        o.insert(
            "formula".into(),
            serde_json::to_value(&e.formula).unwrap_or_default(),
        );
    }
    ser(&d)
}

pub async fn list(State(s): State<AppState>, caller: Caller) -> Response {
    match free::my_entitlements(&s.app, &caller.ctx).await {
        Ok(list) => {
            let ctx = context! {
                entitlements => ser(&list),
                names => ser(&programme_names(&s, &caller).await),
            };
            render(
                &s,
                &caller,
                "funds/portal_entitlements.html",
                "/portal/entitlements",
                ctx,
            )
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

async fn show(
    s: &AppState,
    caller: &Caller,
    id: &str,
    status: StatusCode,
    errors: &[FieldError],
) -> Response {
    let loaded = async {
        let eid = uuid::Uuid::parse_str(id).map_err(|_| app::AppError::NotFound)?;
        let e = free::my_entitlement(&s.app, &caller.ctx, eid).await?;
        let account = app::funds::bank::account_of(&s.app, &caller.ctx, &e.enterprise).await?;
        Ok::<_, app::AppError>((e, account))
    };
    let (e, account) = match loaded.await {
        Ok(x) => x,
        Err(err) => return app_error_page(&err, caller.locale),
    };
    let ctx = context! {
        e => ser(&e),
        d => explained(&e.explanation),
        account => ser(&account),
        names => ser(&programme_names(s, caller).await),
        errors => super::rule_form::messages(caller.locale, errors),
        csrf => caller.csrf(),
        district_names => super::rules::district_names(s).await,
    };
    render_status(
        s,
        caller,
        status,
        "funds/portal_entitlement.html",
        &format!("/portal/entitlements/{id}"),
        ctx,
    )
    .await
}

pub async fn one(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Response {
    show(&s, &caller, &id, StatusCode::OK, &[]).await
}

pub async fn confirm(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let field = |k: &str| super::form_field(&pairs, k);
    let new_account = !field("account_number").is_empty();
    let c = Confirmation {
        bank_account: new_account.then(|| BankAccountInput {
            bank_name: field("bank_name"),
            account_name: field("account_name"),
            account_number: field("account_number"),
            confirm_name: field("confirm_name") == "on",
        }),
    };
    let Ok(eid) = uuid::Uuid::parse_str(&id) else {
        return app_error_page(&app::AppError::NotFound, caller.locale);
    };
    match free::confirm(&s.app, &caller.ctx, eid, &c).await {
        Ok(_) => see_other(&format!("/portal/entitlements/{id}"), &[]),
        Err(app::AppError::Invalid(errs)) => {
            show(&s, &caller, &id, StatusCode::UNPROCESSABLE_ENTITY, &errs).await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}
