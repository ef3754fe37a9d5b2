//! The audit trail over the API (auditors only).

use app::audit::{self, AuditView};
use axum::Json;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use domain::{Action, Resource};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{ListBody, PageQuery};
use crate::AppState;
use crate::extract::{ApiQuery, PageParams};
use crate::guard::Caller;
use crate::problem::ApiResult;
use crate::routes::{Perm, Routes, Surface};

/// Registers the audit-trail routes, each with its permission and types.
pub fn add(r: Routes) -> Routes {
    use Method as M;
    use Perm::*;
    use StatusCode as S;
    use Surface::Api;
    r.add(
        M::GET,
        "/api/v1/audit",
        Allow(Resource::Audit, Action::Read),
        Api,
        "The audit trail, newest first",
        list,
    )
    .query::<PageQuery>()
    .query::<Filter>()
    .ok::<ListBody<app::audit::AuditView>>(S::OK)
    .add(
        M::GET,
        "/api/v1/audit/verify",
        Allow(Resource::Audit, Action::Read),
        Api,
        "Verify the audit chain",
        verify,
    )
    .ok::<Verification>(S::OK)
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct Filter {
    pub object_type: Option<String>,
    pub object_id: Option<String>,
}

pub async fn list(
    State(s): State<AppState>,
    caller: Caller,
    page: PageParams,
    ApiQuery(f): ApiQuery<Filter>,
) -> ApiResult<Json<ListBody<AuditView>>> {
    let filter = app::audit::AuditFilter {
        object_type: f.object_type,
        object_id: f.object_id,
        actor_id: None,
    };
    Ok(Json(
        audit::list(
            &s.app,
            &caller.ctx,
            &filter,
            page.limit,
            page.cursor.as_deref(),
        )
        .await?
        .into(),
    ))
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Verification {
    pub ok: bool,
    pub entries: Option<i64>,
    pub first_bad_seq: Option<i64>,
    pub first_bad_id: Option<String>,
    pub reason: Option<String>,
}

pub async fn verify(State(s): State<AppState>, caller: Caller) -> ApiResult<Json<Verification>> {
    caller
        .ctx
        .require(domain::Resource::Audit, domain::Action::Read)?;
    Ok(Json(match audit::verify(&s.app).await? {
        Ok(n) => Verification {
            ok: true,
            entries: Some(n),
            first_bad_seq: None,
            first_bad_id: None,
            reason: None,
        },
        Err(b) => Verification {
            ok: false,
            entries: None,
            first_bad_seq: Some(b.seq),
            first_bad_id: Some(b.id),
            reason: Some(b.reason),
        },
    }))
}
