//! `GET /api/v1/me`: the caller.

use axum::Json;

use crate::guard::Caller;
use crate::problem::ApiResult;

pub async fn get(caller: Caller) -> ApiResult<Json<app::Principal>> {
    match caller.principal() {
        Some(p) => Ok(Json(p.clone())),
        None => {
            Err(app::AppError::Unauthenticated("unauthenticated", "sign in first".into()).into())
        }
    }
}
