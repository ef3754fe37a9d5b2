//! `GET /api/v1/me`: the caller.

use axum::Json;
use axum::http::{Method, StatusCode};

use crate::guard::Caller;
use crate::problem::ApiResult;
use crate::routes::{Perm, Routes, Surface};

/// Registers the caller's account, each with its permission and types.
pub fn add(r: Routes) -> Routes {
    use Method as M;
    use Perm::*;
    use StatusCode as S;
    use Surface::Api;
    r.add(
        M::GET,
        "/api/v1/me",
        SignedIn,
        Api,
        "The caller's account",
        get,
    )
    .ok::<app::Principal>(S::OK)
}

pub async fn get(caller: Caller) -> ApiResult<Json<app::Principal>> {
    match caller.principal() {
        Some(p) => Ok(Json(p.clone())),
        None => {
            Err(app::AppError::Unauthenticated("unauthenticated", "sign in first".into()).into())
        }
    }
}
