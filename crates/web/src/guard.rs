//! The guard every route passes: who is calling (API token or session cookie), CSRF and
//! origin checks for browser writes, the route's permission, and `Idempotency-Key`.

use std::net::SocketAddr;

use app::auth::{SessionInfo, login, tokens};
use app::idempotency::{self, Begin};
use app::{Ctx, Principal};
use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use crate::i18n::{self, LANG_COOKIE, Locale};
use crate::observe::RequestId;
use crate::problem::Problem;
use crate::routes::{Perm, RouteSpec, Surface};
use crate::{AppState, pages};

pub const SESSION_COOKIE: &str = "ll_session";
/// Double-submit token protecting the login form itself (before a session exists).
pub const PRELOGIN_CSRF_COOKIE: &str = "ll_csrf";
pub const CSRF_FIELD: &str = "_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The caller of a request, put there by the guard.
#[derive(Clone)]
pub struct Caller {
    pub ctx: Ctx,
    pub session: Option<SessionInfo>,
    pub locale: Locale,
}

impl Caller {
    pub fn principal(&self) -> Option<&Principal> {
        self.ctx.principal()
    }
    pub fn csrf(&self) -> &str {
        self.session.as_ref().map(|s| s.csrf.as_str()).unwrap_or("")
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        // Only routes added through the route table have a caller; anything else is a bug.
        parts
            .extensions
            .get::<Caller>()
            .cloned()
            .ok_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

fn unauthenticated(surface: Surface, code: &str, uri: &axum::http::Uri) -> Response {
    match surface {
        Surface::Page => {
            let next = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
            Redirect::to(&format!("/login?next={}", pages::url_encode(next))).into_response()
        }
        _ => Problem::new(StatusCode::UNAUTHORIZED, code, "Not signed in")
            .detail("Send Authorization: Bearer <token>, or sign in")
            .into_response(),
    }
}

fn forbidden(surface: Surface, code: &str, locale: Locale) -> Response {
    match surface {
        Surface::Page => pages::error_page(StatusCode::FORBIDDEN, locale),
        _ => Problem::new(StatusCode::FORBIDDEN, code, "Your role may not do this").into_response(),
    }
}

fn is_unsafe(m: &Method) -> bool {
    !matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// A browser write must come from our own pages: `Sec-Fetch-Site` not cross-site, and an
/// `Origin`, when sent, naming this host.
fn same_origin(h: &HeaderMap) -> bool {
    if h.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
        return false;
    }
    let Some(origin) = h.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = h
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    origin.split_once("://").map(|(_, rest)| rest) == Some(host)
}

/// The `_csrf` field of a URL-encoded form (tokens are URL-safe, so no decoding is needed).
fn form_field<'a>(body: &'a [u8], name: &str) -> Option<&'a str> {
    std::str::from_utf8(body)
        .ok()?
        .split('&')
        .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
}

fn is_json(h: &HeaderMap) -> bool {
    h.get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("application/json"))
}

fn is_form(h: &HeaderMap) -> bool {
    h.get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"))
}

/// Checks a CSRF token from the header or the form body; returns the request rebuilt.
pub async fn check_csrf(req: Request, expected: &str, limit: usize) -> Result<Request, ()> {
    if expected.is_empty() {
        return Err(());
    }
    if let Some(v) = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()) {
        return if v == expected { Ok(req) } else { Err(()) };
    }
    // File uploads (multipart forms) carry the token in the form's action URL.
    if let Some(q) = req
        .uri()
        .query()
        .and_then(|q| form_field(q.as_bytes(), CSRF_FIELD))
    {
        return if q == expected { Ok(req) } else { Err(()) };
    }
    if !is_form(req.headers()) {
        return Err(());
    }
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, limit).await.map_err(|_| ())?;
    if form_field(&bytes, CSRF_FIELD) != Some(expected) {
        return Err(());
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

pub async fn guard(
    State((state, spec)): State<(AppState, RouteSpec)>,
    req: Request,
    next: Next,
) -> Response {
    let audience = i18n::Audience::of_path(spec.path);
    let (locale, lang_from_query) = i18n::negotiate(req.headers(), req.uri().query(), audience);
    // Everything answered from here on, problems included, is in the caller's language.
    i18n::scope(locale, async move {
        // Back-pressure before anything else: a refused request has done nothing yet.
        let admission = state.admission.clone();
        let _ticket = match admission.enter(spec.surface, req.method(), locale).await {
            Ok(t) => t,
            Err(refused) => return refused,
        };
        guarded(state, spec, req, next, locale, lang_from_query).await
    })
    .await
}

async fn guarded(
    state: AppState,
    spec: RouteSpec,
    req: Request,
    next: Next,
    locale: Locale,
    lang_from_query: bool,
) -> Response {
    let request_id = req.extensions().get::<RequestId>().map(|r| r.0.clone());
    let req_query = req.uri().query().map(str::to_owned);
    let client_addr = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string());

    // Who is calling.
    let mut principal = None;
    let mut session = None;
    if let Some(auth) = req.headers().get(header::AUTHORIZATION) {
        let token = auth
            .to_str()
            .ok()
            .and_then(|a| a.strip_prefix("Bearer "))
            .map(str::trim);
        match token {
            Some(t) => match tokens::authenticate(&state.app, t).await {
                Ok(Some(p)) => principal = Some(p),
                Ok(None) => return unauthenticated(Surface::Api, "invalid_token", req.uri()),
                Err(e) => return Problem::from_app(&e).into_response(),
            },
            None => return unauthenticated(Surface::Api, "invalid_authorization", req.uri()),
        }
    } else if let Some(cookie) = i18n::cookie_value(req.headers(), SESSION_COOKIE) {
        match login::session(&state.app, cookie).await {
            Ok(Some(s)) => {
                principal = Some(s.principal.clone());
                session = Some(s);
            }
            Ok(None) => {}
            Err(e) => return Problem::from_app(&e).into_response(),
        }
    }

    // Browser writes: same origin and a valid CSRF token.
    let mut req = req;
    if is_unsafe(req.method()) && session.is_some() {
        let expected = session.as_ref().map(|s| s.csrf.clone()).unwrap_or_default();
        if !same_origin(req.headers()) {
            return forbidden(spec.surface, "csrf_failed", locale);
        }
        req = match check_csrf(req, &expected, state.settings.body_limit).await {
            Ok(r) => r,
            Err(()) => return forbidden(spec.surface, "csrf_failed", locale),
        };
    }

    // The route's permission.
    let permitted = match spec.perm {
        Perm::Public => true,
        Perm::SignedIn => principal.is_some(),
        Perm::Allow(r, a) => principal
            .as_ref()
            .is_some_and(|p| domain::allowed(p.role, r, a)),
    };
    if !permitted {
        return if principal.is_none() {
            unauthenticated(spec.surface, "unauthenticated", req.uri())
        } else {
            forbidden(spec.surface, "forbidden", locale)
        };
    }

    let ctx = Ctx {
        actor: principal
            .clone()
            .map(app::Actor::User)
            .unwrap_or(app::Actor::Anonymous),
        request_id,
        client_addr,
    };
    let caller = Caller {
        ctx,
        session,
        locale,
    };
    req.extensions_mut().insert(caller);

    let idem_key = req
        .headers()
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let mut res = match (&principal, idem_key) {
        (Some(p), Some(key))
            if spec.surface == Surface::Api
                && !spec.own_idempotency
                && req.method() == Method::POST
                && is_json(req.headers()) =>
        {
            with_idempotency(&state, &p.id.to_string(), &key, req, next).await
        }
        _ => next.run(req).await,
    };
    // Remember the language asked for, not its stand-in on a staff page: Japanese chosen
    // there still reads Japanese on the public site and the portal.
    if let Some(asked) = i18n::query_lang(req_query.as_deref()).filter(|_| lang_from_query) {
        let cookie = format!(
            "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            asked.tag()
        );
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

/// Runs a creating request once per key; a repeat gets the first response again.
async fn with_idempotency(
    state: &AppState,
    principal: &str,
    key: &str,
    req: Request,
    next: Next,
) -> Response {
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, state.settings.body_limit).await else {
        return Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            "The request body is too large",
        )
        .into_response();
    };
    let path = parts.uri.path().to_owned();
    let hash = idempotency::request_hash(parts.method.as_str(), &path, &bytes);
    match idempotency::begin(
        &state.app,
        principal,
        key,
        parts.method.as_str(),
        &path,
        &hash,
    )
    .await
    {
        Err(e) => Problem::from_app(&e).into_response(),
        Ok(Begin::Replay {
            status,
            content_type,
            body,
        }) => {
            let mut res =
                (StatusCode::from_u16(status).unwrap_or(StatusCode::OK), body).into_response();
            if let Some(ct) = content_type.and_then(|c| HeaderValue::from_str(&c).ok()) {
                res.headers_mut().insert(header::CONTENT_TYPE, ct);
            }
            res.headers_mut()
                .insert("idempotent-replayed", HeaderValue::from_static("true"));
            res
        }
        Ok(Begin::Proceed) => {
            let res = next
                .run(Request::from_parts(parts, Body::from(bytes)))
                .await;
            let (parts, body) = res.into_parts();
            let bytes = to_bytes(body, 16 * 1024 * 1024).await.unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let ct = parts
                .headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok());
            if let Err(e) =
                idempotency::finish(&state.app, principal, key, parts.status.as_u16(), ct, &text)
                    .await
            {
                tracing::error!(request_id = %crate::observe::request_id(), error = %e, "could not remember an idempotent response");
            }
            Response::from_parts(parts, Body::from(bytes))
        }
    }
}
