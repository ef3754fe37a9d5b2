//! The FAQ over HTTP: public search and entries in four languages, votes; staff editing with
//! versions, diffs, scheduled publication, drafts from answered inquiries, and the vote report.

use app::consulting::faq::{self, FaqInput, FaqView, LangDiff, PublicEntry, VersionView};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use domain::{Action, Id, Resource};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ListBody;
use crate::AppState;
use crate::extract::{ApiJson, ApiQuery};
use crate::guard::Caller;
use crate::problem::{ApiError, ApiResult};
use crate::routes::{Perm, Routes, Surface};

/// Registers the FAQ routes, each with its permission and types.
pub fn add(r: Routes) -> Routes {
    let r = add_public(r);
    add_staff(r)
}

/// The published FAQ, its search and votes: for anyone.
fn add_public(r: Routes) -> Routes {
    use Perm::Public;
    use StatusCode as S;
    use Surface::Api;
    r.add(
        Method::GET,
        "/api/v1/faq",
        Public,
        Api,
        "Published FAQ entries, or a search (?q=) in any of four languages, shown in ?lang=",
        public_list,
    )
    .query::<PublicQuery>()
    .ok::<ListBody<PublicEntry>>(S::OK)
    .add(
        Method::GET,
        "/api/v1/faq/{id}",
        Public,
        Api,
        "A published FAQ entry in ?lang= (falls back to zh-CN, then en)",
        public_get,
    )
    .query::<LangQuery>()
    .ok::<PublicEntry>(S::OK)
    .add(
        Method::POST,
        "/api/v1/faq/{id}/votes",
        Public,
        Api,
        "Was this helpful? One vote per person per entry",
        vote,
    )
    .body::<VoteBody>()
    .ok::<Votes>(S::OK)
}

/// Editing the FAQ, its versions and the report of unhelpful entries: for staff.
fn add_staff(r: Routes) -> Routes {
    use Perm::Allow;
    use Surface::Api;
    let staff_read = Allow(Resource::Faq, Action::Read);
    let edit = Allow(Resource::Faq, Action::Update);
    use StatusCode as S;
    r.add(
        Method::GET,
        "/api/v1/faq-entries",
        staff_read,
        Api,
        "Every FAQ entry, any status",
        list,
    )
    .ok::<ListBody<FaqView>>(S::OK)
    .add(
        Method::POST,
        "/api/v1/faq-entries",
        edit,
        Api,
        "Write a new FAQ entry (a draft)",
        create,
    )
    .body::<FaqInput>()
    .ok::<FaqView>(S::CREATED)
    .add(
        Method::GET,
        "/api/v1/faq-entries/{id}",
        staff_read,
        Api,
        "An FAQ entry, any status",
        get,
    )
    .ok::<FaqView>(S::OK)
    .add(
        Method::PUT,
        "/api/v1/faq-entries/{id}",
        edit,
        Api,
        "Revise an entry: a new version that keeps the old one",
        revise,
    )
    .body::<FaqInput>()
    .ok::<FaqView>(S::OK)
    .errors(&[S::CONFLICT])
    .add(
        Method::POST,
        "/api/v1/faq-entries/{id}/status",
        edit,
        Api,
        "Publish now or at a time, back to draft, or archive",
        set_status,
    )
    .body::<StatusBody>()
    .ok::<FaqView>(S::OK)
    .errors(&[S::CONFLICT])
    .add(
        Method::GET,
        "/api/v1/faq-entries/{id}/versions",
        staff_read,
        Api,
        "Every version: who changed what, and when",
        versions,
    )
    .ok::<ListBody<VersionView>>(S::OK)
    .add(
        Method::GET,
        "/api/v1/faq-entries/{id}/diff",
        staff_read,
        Api,
        "What changed between two versions (?from=&to=)",
        diff,
    )
    .query::<DiffQuery>()
    .ok::<Vec<LangDiff>>(S::OK)
    .add(
        Method::POST,
        "/api/v1/cases/{id}/faq",
        edit,
        Api,
        "A draft FAQ entry from an answered inquiry",
        from_inquiry,
    )
    .no_body()
    .ok::<FaqView>(S::CREATED)
    .errors(&[S::CONFLICT])
    .add(
        Method::GET,
        "/api/v1/reports/faq-unhelpful",
        staff_read,
        Api,
        "Entries with the most unhelpful votes",
        unhelpful,
    )
    .ok::<ListBody<FaqView>>(S::OK)
}

fn entry_id(id: &str) -> Result<Id, app::AppError> {
    uuid::Uuid::parse_str(id).map_err(|_| app::AppError::NotFound)
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicQuery {
    pub q: Option<String>,
    pub lang: Option<String>,
    /// Entries about this measure (1 to 10; another answers 422).
    pub measure: Option<i64>,
}

fn lang_of(lang: Option<&str>, caller: &Caller) -> String {
    match lang {
        Some(l) if faq::LANGS.contains(&l) => l.to_owned(),
        _ => caller.locale.tag().to_owned(),
    }
}

pub async fn public_list(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<PublicQuery>,
) -> ApiResult<Json<ListBody<PublicEntry>>> {
    let lang = lang_of(q.lang.as_deref(), &caller);
    let measure = q
        .measure
        .map(|m| {
            domain::MeasureNo::new(m)
                .map_err(|e| ApiError(app::AppError::invalid("measure", e.code(), e.to_string())))
        })
        .transpose()?;
    let items = match q.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        Some(text) => faq::search(&s.app, text, &lang, 20).await?,
        None => faq::public_list(&s.app, &lang, measure).await?,
    };
    Ok(Json(ListBody::whole(items)))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LangQuery {
    pub lang: Option<String>,
}

pub async fn public_get(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<LangQuery>,
) -> ApiResult<Json<PublicEntry>> {
    let lang = lang_of(q.lang.as_deref(), &caller);
    Ok(Json(faq::public_get(&s.app, entry_id(&id)?, &lang).await?))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VoteBody {
    pub helpful: bool,
}

/// Who is voting: the account when signed in, else a keyed hash of the address (no address is stored).
pub fn voter(s: &AppState, caller: &Caller) -> String {
    match caller.principal() {
        Some(p) => format!("user:{}", p.id),
        None => faq::anonymous_voter(&s.app, caller.ctx.client_addr.as_deref().unwrap_or("")),
    }
}

/// An entry's votes after the caller's.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Votes {
    pub helpful: i64,
    pub unhelpful: i64,
}

pub async fn vote(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<VoteBody>,
) -> ApiResult<Json<Votes>> {
    let who = voter(&s, &caller);
    let (helpful, unhelpful) = faq::vote(&s.app, entry_id(&id)?, &who, b.helpful).await?;
    Ok(Json(Votes { helpful, unhelpful }))
}

pub async fn list(State(s): State<AppState>, caller: Caller) -> ApiResult<Json<ListBody<FaqView>>> {
    Ok(Json(ListBody::whole(faq::list(&s.app, &caller.ctx).await?)))
}

pub async fn create(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<FaqInput>,
) -> ApiResult<(StatusCode, Json<FaqView>)> {
    Ok((
        StatusCode::CREATED,
        Json(faq::save(&s.app, &caller.ctx, None, &b).await?),
    ))
}

pub async fn get(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<FaqView>> {
    Ok(Json(faq::get(&s.app, &caller.ctx, entry_id(&id)?).await?))
}

pub async fn revise(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<FaqInput>,
) -> ApiResult<Json<FaqView>> {
    Ok(Json(
        faq::save(&s.app, &caller.ctx, Some(entry_id(&id)?), &b).await?,
    ))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "FaqStatusChange")]
pub struct StatusBody {
    /// `published`, `draft` or `archived`.
    pub status: String,
    /// Publish at this local time ("YYYY-MM-DD HH:MM", the bureau's zone) instead of now.
    pub at: Option<String>,
}

pub async fn set_status(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<StatusBody>,
) -> ApiResult<Json<FaqView>> {
    let at = match b.at.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        Some(a) => Some(
            s.app
                .zone()
                .parse_datetime(a)
                .map_err(|e| app::AppError::invalid("at", e.code(), e.to_string()))?,
        ),
        None => None,
    };
    Ok(Json(
        faq::set_status(&s.app, &caller.ctx, entry_id(&id)?, &b.status, at).await?,
    ))
}

pub async fn versions(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ListBody<VersionView>>> {
    Ok(Json(ListBody::whole(
        faq::history(&s.app, &caller.ctx, entry_id(&id)?).await?,
    )))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DiffQuery {
    pub from: i64,
    pub to: i64,
}

pub async fn diff(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<DiffQuery>,
) -> ApiResult<Json<Vec<LangDiff>>> {
    Ok(Json(
        faq::diff(&s.app, &caller.ctx, entry_id(&id)?, q.from, q.to).await?,
    ))
}

pub async fn from_inquiry(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<FaqView>)> {
    Ok((
        StatusCode::CREATED,
        Json(faq::from_inquiry(&s.app, &caller.ctx, entry_id(&id)?).await?),
    ))
}

pub async fn unhelpful(
    State(s): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<ListBody<FaqView>>> {
    Ok(Json(ListBody::whole(
        faq::unhelpful_report(&s.app, &caller.ctx).await?,
    )))
}
