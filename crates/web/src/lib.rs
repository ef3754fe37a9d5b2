//! The web layer: routers for the public site, the staff back office, the enterprise portal
//! and the JSON API, all built from one route table in which every route states its
//! permission. Handlers are thin: extract, call one use case, render.
//!
//! This layer depends on `app` only, never on the store.

pub mod admission;
pub mod api;
pub mod charts;
/// The catalogues and templates the build found (`build.rs`).
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}
pub mod extract;
pub mod guard;
pub mod i18n;
pub mod imports;
pub mod observe;
pub mod pages;
pub mod problem;
pub mod routes;
pub mod server;
pub mod views;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;

pub use guard::Caller;
pub use routes::{Perm, RouteSpec, Surface};
pub use server::serve;

/// Settings the web layer needs from the configuration.
#[derive(Debug, Clone)]
pub struct WebSettings {
    /// Mark cookies `Secure` (set when Lifeline is served over TLS).
    pub secure_cookies: bool,
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
    /// Longest a request may take before it is answered 408.
    pub request_timeout: Duration,
    /// Longest a client may take to send its request headers (slow-loris defence).
    pub header_timeout: Duration,
    /// The demo's SMTP sink, whose messages the "Outgoing mail" page lists.
    pub mail_sink: Option<app::demo::mail_sink::MailSink>,
    /// Back-pressure: how many requests are served at once and how many wait (`admission`).
    pub admission: admission::Settings,
}

impl Default for WebSettings {
    fn default() -> Self {
        WebSettings {
            secure_cookies: false,
            body_limit: 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            header_timeout: Duration::from_secs(10),
            mail_sink: None,
            admission: admission::Settings::default(),
        }
    }
}

/// Everything a handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub app: app::App,
    pub views: Arc<views::Views>,
    pub metrics: Arc<observe::Metrics>,
    pub settings: Arc<WebSettings>,
    /// Public questions per address (measure 3's web form).
    pub ask_limit: Arc<app::consulting::channels::RateLimit>,
    /// Other public requests per address or key (question look-ups, sign-ups), each with its
    /// own key prefix and limit.
    pub public_limits: Arc<app::consulting::channels::RateLimit>,
    /// The gates every request but the operations routes passes first.
    pub admission: Arc<admission::Admission>,
}

impl AppState {
    pub fn new(app: app::App, settings: WebSettings) -> Result<Self, String> {
        let views = Arc::new(views::Views::load(app.zone().clone())?);
        Ok(AppState {
            app,
            views,
            metrics: Arc::new(observe::Metrics::default()),
            admission: Arc::new(admission::Admission::new(settings.admission)),
            settings: Arc::new(settings),
            ask_limit: Arc::default(),
            public_limits: Arc::default(),
        })
    }
}

/// The whole table of routes, each with its permission.
pub fn route_table(state: &AppState) -> routes::Routes {
    let r = routes::Routes::new(state.clone());
    let r = pages::add(r);
    let r = api::add(r);
    observe::add(r)
}

/// The complete application router with its middleware.
pub fn router(state: AppState) -> Router {
    let table = route_table(&state);
    let settings = state.settings.clone();
    table
        .into_router()
        .fallback(pages::not_found)
        .layer(DefaultBodyLimit::max(settings.body_limit))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            Duration::from_secs(15),
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            settings.request_timeout,
        ))
        .layer(axum::middleware::from_fn(observe::security_headers))
        .layer(axum::middleware::from_fn_with_state(
            state,
            observe::observe,
        ))
}

/// A stand-in for a messaging group's robot: prints each message posted to `/robot` and
/// answers as a WeCom robot does (`lifeline webhook-receiver`, for demos and integration tests).
pub async fn robot_receiver(
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let router = Router::new().route(
        "/robot",
        axum::routing::post(|body: String| async move {
            println!("{body}");
            r#"{"errcode":0,"errmsg":"ok"}"#
        }),
    );
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
}
