//! Measure 2's ledger over HTTP: payments (the staff of the programme's division, leaders,
//! auditors), approving a queued one (its division's chief or a leader; over budget only a
//! leader, with a reason), and a programme's budget.

use app::funds::ledger::{self, Budget};
use app::funds::payments::{self, ApprovalInput, PaymentQuery, PaymentView};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use domain::{Action, Resource};

use super::funds::programme_id as path_id;
use crate::AppState;
use crate::api::ListBody;
use crate::extract::{ApiJson, ApiQuery};
use crate::guard::Caller;
use crate::problem::ApiResult;
use crate::routes::{Perm, Routes, Surface};

/// Registers the ledger routes, each with its permission and types.
pub fn add(r: Routes) -> Routes {
    use Perm::Allow;
    use StatusCode as S;
    use Surface::Api;
    r.add(
        Method::GET,
        "/api/v1/funds/payments",
        Allow(Resource::FundPayment, Action::Read),
        Api,
        "The ledger of fund payments (filter by programme, status, enterprise), newest first",
        list,
    )
    .query::<PaymentQuery>()
    .ok::<ListBody<PaymentView>>(S::OK)
    .add(
        Method::GET,
        "/api/v1/funds/payments/{id}",
        Allow(Resource::FundPayment, Action::Read),
        Api,
        "One payment, with its explanation",
        get,
    )
    .ok::<PaymentView>(S::OK)
    .add(
        Method::POST,
        "/api/v1/funds/payments/{id}/approve",
        Allow(Resource::FundPayment, Action::Update),
        Api,
        "Approve a queued payment, committing it against the budget (over budget: a leader, with a reason)",
        approve,
    )
    .body::<ApprovalInput>()
    .ok::<PaymentView>(S::OK)
    .errors(&[S::CONFLICT])
    .add(
        Method::GET,
        "/api/v1/funds/programmes/{id}/budget",
        Allow(Resource::FundPayment, Action::Read),
        Api,
        "A programme's budget: allocated, committed, disbursed, remaining, and the lines they sum",
        budget,
    )
    .ok::<Budget>(S::OK)
}

pub async fn list(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<PaymentQuery>,
) -> ApiResult<Json<ListBody<PaymentView>>> {
    Ok(Json(ListBody::whole(
        payments::list_payments(&s.app, &caller.ctx, &q).await?,
    )))
}

pub async fn get(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<PaymentView>> {
    Ok(Json(
        payments::payment(&s.app, &caller.ctx, path_id(&id)?).await?,
    ))
}

pub async fn approve(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ApprovalInput>,
) -> ApiResult<Json<PaymentView>> {
    Ok(Json(
        payments::approve_payment(&s.app, &caller.ctx, path_id(&id)?, &input).await?,
    ))
}

pub async fn budget(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Budget>> {
    Ok(Json(
        ledger::budget(&s.app, &caller.ctx, path_id(&id)?).await?,
    ))
}
