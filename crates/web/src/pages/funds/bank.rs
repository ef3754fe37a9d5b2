//! The portal's bank account page: the enterprise's account for fund payments, shown masked,
//! and the form to set it (the account name must be the registered name, or be confirmed).

use std::collections::BTreeMap;

use app::funds::bank::{self, BankAccountInput};
use axum::extract::{Form, State};
use axum::response::Response;
use domain::FieldError;
use minijinja::context;

use super::rule_form::messages;
use super::ser;
use crate::AppState;
use crate::guard::Caller;
use crate::pages::{app_error_page, render, see_other};

async fn page(
    s: &AppState,
    caller: &Caller,
    form: Option<&BTreeMap<String, String>>,
    errors: &[FieldError],
    saved: bool,
) -> Response {
    let Some(uscc) = caller.principal().and_then(|p| p.enterprise.clone()) else {
        return app_error_page(&app::AppError::NotFound, caller.locale);
    };
    let run = async {
        let account = bank::account_of(&s.app, &caller.ctx, uscc.as_str()).await?;
        let firm = app::enterprises::get(&s.app, &caller.ctx, uscc.as_str()).await?;
        Ok::<_, app::AppError>((account, firm))
    };
    match run.await {
        Ok((account, firm)) => {
            let ctx = context! {
                account => ser(&account), registry_name => firm.name, form => form,
                errors => messages(caller.locale, errors), saved => saved,
                layout => "common/layout_portal.html",
            };
            render(
                s,
                caller,
                "funds/portal_bank_account.html",
                "/portal/bank-account",
                ctx,
            )
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

pub async fn show(
    State(s): State<AppState>,
    caller: Caller,
    axum::extract::Query(q): axum::extract::Query<BTreeMap<String, String>>,
) -> Response {
    page(&s, &caller, None, &[], q.contains_key("saved")).await
}

pub async fn save(
    State(s): State<AppState>,
    caller: Caller,
    Form(f): Form<BTreeMap<String, String>>,
) -> Response {
    let Some(uscc) = caller.principal().and_then(|p| p.enterprise.clone()) else {
        return app_error_page(&app::AppError::NotFound, caller.locale);
    };
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    let input = BankAccountInput {
        bank_name: get("bank_name"),
        account_name: get("account_name"),
        account_number: get("account_number"),
        confirm_name: f.contains_key("confirm_name"),
    };
    match bank::set_account(&s.app, &caller.ctx, uscc.as_str(), &input).await {
        Ok(_) => see_other("/portal/bank-account?saved=1", &[]),
        Err(app::AppError::Invalid(errs)) => page(&s, &caller, Some(&f), &errs, false).await,
        Err(e) => app_error_page(&e, caller.locale),
    }
}
