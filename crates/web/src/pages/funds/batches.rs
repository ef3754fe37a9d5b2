//! The batch pages: the batches of the caller's division with the payments waiting for one
//! (the chief ticks them into a new batch), and one batch with its lines, its bank file, and
//! the forms to mark it paid or reconcile the bank's returned file.

use std::collections::BTreeMap;

use app::funds::bank;
use app::funds::batches::settle::{self, PaidInput};
use app::funds::batches::{self, BatchInput};
use app::funds::payments::{self, PaymentQuery};
use app::imports::{Format, ImportReport};
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::response::Response;
use domain::{Action, FieldError, Resource, allowed};
use minijinja::context;

use super::rule_form::messages;
use super::ser;
use crate::AppState;
use crate::api::funds::programme_id as path_id;
use crate::guard::Caller;
use crate::imports::{ExportQuery, read_upload};
use crate::pages::{app_error_page, render, see_other};

fn may(caller: &Caller, action: Action) -> bool {
    caller
        .principal()
        .is_some_and(|p| allowed(p.role, Resource::FundBatch, action))
}

/// The batches page, with `errors` from a refused batch.
async fn show_list(s: &AppState, caller: &Caller, errors: &[FieldError]) -> Response {
    let run = async {
        let list = batches::list_batches(&s.app, &caller.ctx).await?;
        let mut waiting = Vec::new();
        for st in ["cleared", "failed"] {
            let q = PaymentQuery {
                status: Some(st.into()),
                ..PaymentQuery::default()
            };
            waiting.extend(payments::list_payments(&s.app, &caller.ctx, &q).await?);
        }
        let mut accounts = BTreeMap::new();
        for p in &waiting {
            if !accounts.contains_key(&p.enterprise) {
                let a = bank::account_of(&s.app, &caller.ctx, &p.enterprise).await?;
                accounts.insert(p.enterprise.clone(), a);
            }
        }
        Ok::<_, app::AppError>((list, waiting, accounts))
    };
    match run.await {
        Ok((list, waiting, accounts)) => {
            let ctx = context! {
                batches => ser(&list), waiting => ser(&waiting), accounts => ser(&accounts),
                can_create => may(caller, Action::Create), errors => messages(caller.locale, errors),
            };
            render(s, caller, "funds/batches.html", "/staff/funds/batches", ctx).await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

pub async fn list(State(s): State<AppState>, caller: Caller) -> Response {
    show_list(&s, &caller, &[]).await
}

pub async fn create(
    State(s): State<AppState>,
    caller: Caller,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let input = BatchInput {
        payments: pairs
            .into_iter()
            .filter(|(k, _)| k == "payment")
            .map(|(_, v)| v)
            .collect(),
    };
    match batches::create_batch(&s.app, &caller.ctx, &input).await {
        Ok(b) => see_other(&format!("/staff/funds/batches/{}", b.id), &[]),
        Err(app::AppError::Invalid(errs)) => show_list(&s, &caller, &errs).await,
        Err(e) => app_error_page(&e, caller.locale),
    }
}

/// One batch, with `errors` from a refused form and the `report` of a reconciliation.
async fn show_one(
    s: &AppState,
    caller: &Caller,
    id: &str,
    errors: &[FieldError],
    report: Option<&ImportReport>,
) -> Response {
    let run = async { batches::batch(&s.app, &caller.ctx, path_id(id)?).await };
    match run.await {
        Ok(b) => {
            let ctx = context! {
                b => ser(&b), can_update => may(caller, Action::Update),
                errors => messages(caller.locale, errors), report => ser(&report),
            };
            render(
                s,
                caller,
                "funds/batch.html",
                &format!("/staff/funds/batches/{id}"),
                ctx,
            )
            .await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

pub async fn one(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Response {
    show_one(&s, &caller, &id, &[], None).await
}

pub async fn file(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<ExportQuery>,
) -> Response {
    crate::api::fund_batches::bank_file(&s, &caller, &id, &q).await
}

pub async fn paid(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Form(input): Form<BTreeMap<String, String>>,
) -> Response {
    let input = PaidInput {
        bank_reference: input.get("bank_reference").cloned().unwrap_or_default(),
    };
    let run = async { settle::mark_paid(&s.app, &caller.ctx, path_id(&id)?, &input).await };
    match run.await {
        Ok(_) => see_other(&format!("/staff/funds/batches/{id}"), &[]),
        Err(app::AppError::Invalid(errs)) => show_one(&s, &caller, &id, &errs, None).await,
        Err(e) => app_error_page(&e, caller.locale),
    }
}

pub async fn reconcile(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    mp: Multipart,
) -> Response {
    let up = match read_upload(mp).await {
        Ok(u) => u,
        Err(_) => {
            let e = FieldError::new("file", "empty_file", "choose the bank's returned file");
            return show_one(&s, &caller, &id, &[e], None).await;
        }
    };
    let format: Format = up.format();
    let run = async {
        settle::reconcile(&s.app, &caller.ctx, path_id(&id)?, &up.bytes, format, false).await
    };
    match run.await {
        Ok(r) if r.written => see_other(&format!("/staff/funds/batches/{id}"), &[]),
        Ok(r) => show_one(&s, &caller, &id, &[], Some(&r)).await,
        Err(app::AppError::Invalid(errs)) => show_one(&s, &caller, &id, &errs, None).await,
        Err(e) => app_error_page(&e, caller.locale),
    }
}
