//! Measure 2's payment batches over HTTP (the chief of the payments' division makes, exports,
//! marks paid and reconciles them; its staff, leaders and auditors read them), and enterprises'
//! bank accounts (the enterprise its own, a fund division's staff any; always masked).

use app::funds::bank::{self, BankAccountInput, BankAccountView};
use app::funds::batches::settle::{self, PaidInput};
use app::funds::batches::{self, BatchInput, BatchView};
use app::imports::{ImportReport, Options};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::{Action, Resource};

use super::funds::programme_id as path_id;
use super::{ListBody, SPREADSHEETS, Upload};
use crate::AppState;
use crate::extract::{ApiJson, ApiMultipart, ApiQuery};
use crate::guard::Caller;
use crate::imports::{ExportQuery, file_response, read_upload, report_response};
use crate::problem::ApiResult;
use crate::routes::{Perm, Routes, Surface};

/// Registers the batch and bank-account routes, each with its permission and types.
pub fn add(r: Routes) -> Routes {
    use Perm::Allow;
    use StatusCode as S;
    use Surface::Api;
    r.add(
        Method::GET,
        "/api/v1/funds/batches",
        Allow(Resource::FundBatch, Action::Read),
        Api,
        "Payment batches, newest first, with their counts and totals",
        list,
    )
    .ok::<ListBody<BatchView>>(S::OK)
    .add(
        Method::POST,
        "/api/v1/funds/batches",
        Allow(Resource::FundBatch, Action::Create),
        Api,
        "Group cleared (or failed) payments with bank accounts into a batch (the division's chief)",
        create,
    )
    .body::<BatchInput>()
    .ok::<BatchView>(S::CREATED)
    .add(
        Method::GET,
        "/api/v1/funds/batches/{id}",
        Allow(Resource::FundBatch, Action::Read),
        Api,
        "One batch with its lines (accounts masked)",
        get,
    )
    .ok::<BatchView>(S::OK)
    .add(
        Method::GET,
        "/api/v1/funds/batches/{id}/file",
        Allow(Resource::FundBatch, Action::Update),
        Api,
        "The bank payment file (CSV or XLSX): payee, bank, account, amount in yuan, purpose, reference",
        file,
    )
    .query::<ExportQuery>()
    .file(SPREADSHEETS)
    .add(
        Method::POST,
        "/api/v1/funds/batches/{id}/paid",
        Allow(Resource::FundBatch, Action::Update),
        Api,
        "Mark every waiting payment of the batch paid with the bank's reference",
        paid,
    )
    .body::<PaidInput>()
    .ok::<BatchView>(S::OK)
    .errors(&[S::CONFLICT])
    .add(
        Method::POST,
        "/api/v1/funds/batches/{id}/reconciliation",
        Allow(Resource::FundBatch, Action::Update),
        Api,
        "Reconcile the batch from the bank's returned file (reference, status paid/failed, bank_reference); any bad row applies nothing",
        reconcile,
    )
    .upload::<Upload>()
    .ok::<ImportReport>(S::OK)
    .add(
        Method::GET,
        "/api/v1/enterprises/{uscc}/bank-account",
        Allow(Resource::FundBankAccount, Action::Read),
        Api,
        "The enterprise's bank account for fund payments, masked (null when none is on file)",
        account,
    )
    .ok::<Option<BankAccountView>>(S::OK)
    .add(
        Method::PUT,
        "/api/v1/enterprises/{uscc}/bank-account",
        Allow(Resource::FundBankAccount, Action::Update),
        Api,
        "Set the enterprise's bank account (the enterprise, or a fund division's staff)",
        set_account,
    )
    .body::<BankAccountInput>()
    .ok::<BankAccountView>(S::OK)
}

pub async fn list(
    State(s): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<ListBody<BatchView>>> {
    Ok(Json(ListBody::whole(
        batches::list_batches(&s.app, &caller.ctx).await?,
    )))
}

pub async fn create(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<BatchInput>,
) -> ApiResult<(StatusCode, Json<BatchView>)> {
    Ok((
        StatusCode::CREATED,
        Json(batches::create_batch(&s.app, &caller.ctx, &input).await?),
    ))
}

pub async fn get(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<BatchView>> {
    Ok(Json(
        batches::batch(&s.app, &caller.ctx, path_id(&id)?).await?,
    ))
}

pub async fn file(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<ExportQuery>,
) -> Response {
    bank_file(&s, &caller, &id, &q).await
}

/// The batch's bank payment file in the asked format (the API's and the page's download).
pub(crate) async fn bank_file(
    s: &AppState,
    caller: &Caller,
    id: &str,
    q: &ExportQuery,
) -> Response {
    let format = match q.format() {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let result = match path_id(id) {
        Ok(id) => batches::file::export(&s.app, &caller.ctx, id, format).await,
        Err(e) => Err(e),
    };
    file_response(format, "bank-payment-file", result)
}

pub async fn paid(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<PaidInput>,
) -> ApiResult<Json<BatchView>> {
    Ok(Json(
        settle::mark_paid(&s.app, &caller.ctx, path_id(&id)?, &input).await?,
    ))
}

/// `multipart/form-data` with `file` and `dry_run`; always strict.
pub async fn reconcile(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiMultipart(mp): ApiMultipart,
) -> Response {
    let up = match read_upload(mp).await {
        Ok(u) => u,
        Err(p) => return p.into_response(),
    };
    let opts = Options::new(up.opts.dry_run, false);
    let result = match path_id(&id) {
        Ok(id) => {
            settle::reconcile(
                &s.app,
                &caller.ctx,
                id,
                &up.bytes,
                up.format(),
                opts.dry_run,
            )
            .await
        }
        Err(e) => Err(e),
    };
    report_response(result, opts)
}

pub async fn account(
    State(s): State<AppState>,
    caller: Caller,
    Path(uscc): Path<String>,
) -> ApiResult<Json<Option<BankAccountView>>> {
    Ok(Json(bank::account_of(&s.app, &caller.ctx, &uscc).await?))
}

pub async fn set_account(
    State(s): State<AppState>,
    caller: Caller,
    Path(uscc): Path<String>,
    ApiJson(input): ApiJson<BankAccountInput>,
) -> ApiResult<Json<BankAccountView>> {
    Ok(Json(
        bank::set_account(&s.app, &caller.ctx, &uscc, &input).await?,
    ))
}
