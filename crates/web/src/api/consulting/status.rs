//! The status of a question asked on `/ask`, by its reference and the asker's contact: public,
//! rate-limited per address, and the same "not found" for a wrong reference or a wrong contact.

use app::consulting::channels::status::{self, Lookup, QuestionStatus};
use axum::Json;
use axum::extract::State;
use axum::http::{Method, StatusCode};

use crate::AppState;
use crate::extract::ApiJson;
use crate::guard::Caller;
use crate::problem::ApiResult;
use crate::routes::{Perm, Routes, Surface};

/// Look-ups per address in [`LOOKUP_WINDOW_MS`]: enough for a person, too few to guess.
pub const LOOKUP_LIMIT: usize = 10;
pub const LOOKUP_WINDOW_MS: i64 = 10 * 60_000;

/// Registers the look-up route.
pub fn add(r: Routes) -> Routes {
    r.add(
        Method::POST,
        "/api/v1/inquiries/status",
        Perm::Public,
        Surface::Api,
        "The status and answers of a question asked on /ask, by its reference and contact (rate-limited)",
        lookup,
    )
    .body::<Lookup>()
    .ok::<QuestionStatus>(StatusCode::OK)
    .errors(&[StatusCode::NOT_FOUND, StatusCode::TOO_MANY_REQUESTS])
}

/// Looks a question up for the page and the API, under the per-address limit.
pub async fn lookup_question(
    s: &AppState,
    caller: &Caller,
    l: &Lookup,
) -> Result<QuestionStatus, app::AppError> {
    let key = format!(
        "lookup:{}",
        caller.ctx.client_addr.clone().unwrap_or_default()
    );
    if !s
        .public_limits
        .allow_n(&key, s.app.now(), LOOKUP_LIMIT, LOOKUP_WINDOW_MS)
    {
        return Err(app::AppError::RateLimited(format!(
            "at most {LOOKUP_LIMIT} look-ups in {} minutes from one address",
            LOOKUP_WINDOW_MS / 60_000
        )));
    }
    status::lookup(&s.app, l).await
}

pub async fn lookup(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<Lookup>,
) -> ApiResult<Json<QuestionStatus>> {
    Ok(Json(lookup_question(&s, &caller, &b).await?))
}
