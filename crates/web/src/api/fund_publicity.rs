//! Measure 2 in the open over HTTP: published lists (公示) with their objections, and the
//! public payment speed. Reading a list and filing an objection are public (rate-limited per
//! address); publishing, deciding and ending a period are the division chief's.

use app::funds::publicity::{
    self, NewObjection, ObjectionDecision, ObjectionFiled, ObjectionView, PublicityDays,
    PublicityPublic, PublicityView,
};
use app::funds::speed::{SpeedRow, payment_speed};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use domain::{Action, Resource};

use super::funds::programme_id;
use crate::AppState;
use crate::api::ListBody;
use crate::extract::ApiJson;
use crate::guard::Caller;
use crate::problem::ApiResult;
use crate::routes::{Perm, Routes, Surface};

/// Objections one address may file in [`WINDOW_MS`].
pub const OBJECTION_LIMIT: usize = 5;
pub const WINDOW_MS: i64 = 10 * 60_000;

/// Registers the publicity and payment-speed routes, each with its permission and types.
pub fn add(r: Routes) -> Routes {
    use Perm::Public;
    use StatusCode as S;
    use Surface::Api;
    add_staff(r)
        .add(
        Method::GET,
        "/api/v1/fund-publicities",
        Public,
        Api,
        "Published lists of approved payments (公示), newest first: enterprise, programme, amount",
        public_list,
    )
    .ok::<ListBody<PublicityPublic>>(S::OK)
    .add(
        Method::GET,
        "/api/v1/fund-publicities/{id}",
        Public,
        Api,
        "One published list",
        public_one,
    )
    .ok::<PublicityPublic>(S::OK)
    .add(
        Method::POST,
        "/api/v1/fund-publicities/{id}/objections",
        Public,
        Api,
        "Object to a line of a running list (anyone; rate-limited, spam refused)",
        object,
    )
    .body::<NewObjection>()
    .ok::<ObjectionFiled>(S::CREATED)
    .errors(&[S::CONFLICT, S::TOO_MANY_REQUESTS])
    .add(
        Method::GET,
        "/api/v1/fund-speed",
        Public,
        Api,
        "Per programme: payments made and the median days from application to payment",
        speed,
    )
    .ok::<ListBody<SpeedRow>>(S::OK)
}

/// The division's routes: reviewing, publishing, deciding, ending, the period's length.
fn add_staff(r: Routes) -> Routes {
    use Perm::Allow;
    use StatusCode as S;
    use Surface::Api;
    r.add(
        Method::GET,
        "/api/v1/fund-publicities/{id}/review",
        Allow(Resource::FundPayment, Action::Read),
        Api,
        "A published list with its payments' outcomes and the objections (its division)",
        review,
    )
    .ok::<PublicityView>(S::OK)
    .add(
        Method::GET,
        "/api/v1/fund-programmes/{id}/publicities",
        Allow(Resource::FundPayment, Action::Read),
        Api,
        "A programme's published lists with their objections (its division)",
        of_programme,
    )
    .ok::<ListBody<PublicityView>>(S::OK)
    .add(
        Method::POST,
        "/api/v1/fund-programmes/{id}/publicities",
        Allow(Resource::FundPayment, Action::Update),
        Api,
        "Publish the programme's approved payments for its publicity period (the division's chief)",
        publish,
    )
    .no_body()
    .ok::<PublicityView>(S::CREATED)
    .errors(&[S::CONFLICT])
    .add(
        Method::POST,
        "/api/v1/fund-publicities/{id}/end",
        Allow(Resource::FundPayment, Action::Update),
        Api,
        "End a period that is over now: clear, hold or cancel each line (a job does it at the end)",
        end,
    )
    .no_body()
    .ok::<PublicityView>(S::OK)
    .errors(&[S::CONFLICT])
    .add(
        Method::POST,
        "/api/v1/fund-objections/{id}/decision",
        Allow(Resource::FundPayment, Action::Update),
        Api,
        "Uphold or dismiss an objection with a note (the division's chief)",
        decide,
    )
    .body::<ObjectionDecision>()
    .ok::<ObjectionView>(S::OK)
    .errors(&[S::CONFLICT])
    .add(
        Method::PUT,
        "/api/v1/fund-programmes/{id}/publicity-days",
        Allow(Resource::FundProgramme, Action::Update),
        Api,
        "Set a programme's publicity period in working days, 0 for none (its division)",
        set_days,
    )
    .body::<PublicityDays>()
    .ok::<PublicityDays>(S::OK)
}

fn id_of(s: &str) -> Result<domain::Id, app::AppError> {
    programme_id(s)
}

pub async fn public_list(State(s): State<AppState>) -> ApiResult<Json<ListBody<PublicityPublic>>> {
    Ok(Json(ListBody::whole(publicity::public_list(&s.app).await?)))
}

pub async fn public_one(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<PublicityPublic>> {
    Ok(Json(publicity::public_one(&s.app, id_of(&id)?).await?))
}

/// Files an objection from anyone, at most [`OBJECTION_LIMIT`] per address in ten minutes.
pub async fn file(
    s: &AppState,
    caller: &Caller,
    id: &str,
    n: &NewObjection,
) -> Result<ObjectionFiled, app::AppError> {
    let id = id_of(id)?;
    let key = format!(
        "objection:{}",
        caller.ctx.client_addr.clone().unwrap_or_default()
    );
    if !s
        .public_limits
        .allow_n(&key, s.app.now(), OBJECTION_LIMIT, WINDOW_MS)
    {
        return Err(app::AppError::RateLimited(format!(
            "at most {OBJECTION_LIMIT} objections in ten minutes from one address; please call the hotline"
        )));
    }
    let mut ctx = app::Ctx::system("public_objection");
    ctx.client_addr = caller.ctx.client_addr.clone();
    ctx.request_id = caller.ctx.request_id.clone();
    publicity::file_objection(&s.app, &ctx, id, n).await
}

pub async fn object(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(n): ApiJson<NewObjection>,
) -> ApiResult<(StatusCode, Json<ObjectionFiled>)> {
    Ok((StatusCode::CREATED, Json(file(&s, &caller, &id, &n).await?)))
}

pub async fn review(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<PublicityView>> {
    Ok(Json(
        publicity::publicity(&s.app, &caller.ctx, id_of(&id)?).await?,
    ))
}

pub async fn of_programme(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ListBody<PublicityView>>> {
    Ok(Json(ListBody::whole(
        publicity::list_for_programme(&s.app, &caller.ctx, id_of(&id)?).await?,
    )))
}

pub async fn publish(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<PublicityView>)> {
    let v = publicity::publish(&s.app, &caller.ctx, id_of(&id)?).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

pub async fn end(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<PublicityView>> {
    Ok(Json(
        publicity::end_publicity(&s.app, &caller.ctx, id_of(&id)?).await?,
    ))
}

pub async fn decide(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(d): ApiJson<ObjectionDecision>,
) -> ApiResult<Json<ObjectionView>> {
    Ok(Json(
        publicity::decide_objection(&s.app, &caller.ctx, id_of(&id)?, &d).await?,
    ))
}

pub async fn speed(State(s): State<AppState>) -> ApiResult<Json<ListBody<SpeedRow>>> {
    Ok(Json(ListBody::whole(payment_speed(&s.app).await?)))
}

pub async fn set_days(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(d): ApiJson<PublicityDays>,
) -> ApiResult<Json<PublicityDays>> {
    Ok(Json(
        publicity::set_publicity_days(&s.app, &caller.ctx, id_of(&id)?, &d).await?,
    ))
}
