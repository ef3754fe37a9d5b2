//! Operations: request ids, structured request logs, Prometheus metrics, security headers,
//! and the `/healthz`, `/readyz` and `/metrics` routes.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::routes::{Perm, Routes, Surface};

/// The id of a request: taken from `X-Request-Id` when the caller sends a sane one.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

const BUCKETS_MS: [f64; 11] = [
    1.0, 2.5, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1000.0, 5000.0,
];

#[derive(Default)]
struct Series {
    count: u64,
    sum_ms: f64,
    buckets: [u64; BUCKETS_MS.len()],
}

/// Request counts and latency histograms by method, route and status.
#[derive(Default)]
pub struct Metrics {
    series: Mutex<BTreeMap<(String, String, u16), Series>>,
}

impl Metrics {
    fn record(&self, method: &str, route: &str, status: u16, ms: f64) {
        let Ok(mut map) = self.series.lock() else {
            return;
        };
        let s = map
            .entry((method.to_owned(), route.to_owned(), status))
            .or_default();
        s.count += 1;
        s.sum_ms += ms;
        for (i, b) in BUCKETS_MS.iter().enumerate() {
            if ms <= *b {
                s.buckets[i] += 1;
            }
        }
    }

    pub fn render(&self, pools: &[(&'static str, u32, usize)]) -> String {
        let mut out = String::new();
        out.push_str("# HELP lifeline_http_requests_total HTTP requests by method, route and status.\n# TYPE lifeline_http_requests_total counter\n");
        let Ok(map) = self.series.lock() else {
            return out;
        };
        for ((m, r, s), v) in map.iter() {
            let _ = writeln!(
                out,
                "lifeline_http_requests_total{{method=\"{m}\",route=\"{r}\",status=\"{s}\"}} {}",
                v.count
            );
        }
        out.push_str("# HELP lifeline_http_request_duration_seconds Request latency.\n# TYPE lifeline_http_request_duration_seconds histogram\n");
        for ((m, r, s), v) in map.iter() {
            let labels = format!("method=\"{m}\",route=\"{r}\",status=\"{s}\"");
            for (i, b) in BUCKETS_MS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "lifeline_http_request_duration_seconds_bucket{{{labels},le=\"{}\"}} {}",
                    b / 1000.0,
                    v.buckets[i]
                );
            }
            let _ = writeln!(
                out,
                "lifeline_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                v.count
            );
            let _ = writeln!(
                out,
                "lifeline_http_request_duration_seconds_sum{{{labels}}} {}",
                v.sum_ms / 1000.0
            );
            let _ = writeln!(
                out,
                "lifeline_http_request_duration_seconds_count{{{labels}}} {}",
                v.count
            );
        }
        out.push_str("# HELP lifeline_db_pool_connections Open database connections by pool.\n# TYPE lifeline_db_pool_connections gauge\n");
        for (name, size, _) in pools {
            let _ = writeln!(
                out,
                "lifeline_db_pool_connections{{pool=\"{name}\"}} {size}"
            );
        }
        out.push_str("# HELP lifeline_db_pool_idle Idle database connections by pool.\n# TYPE lifeline_db_pool_idle gauge\n");
        for (name, _, idle) in pools {
            let _ = writeln!(out, "lifeline_db_pool_idle{{pool=\"{name}\"}} {idle}");
        }
        out
    }
}

tokio::task_local! {
    static REQUEST_ID: String;
}

/// The id of the request being served, for log lines about it ("" outside a request).
pub fn request_id() -> String {
    REQUEST_ID.try_with(String::clone).unwrap_or_default()
}

/// Outermost middleware: request id, a log line per request, metrics.
pub async fn observe(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".into());
    let path = req.uri().path().to_owned();
    let started = Instant::now();
    // One line per request. The id is also task-local, so that a failure logged while
    // serving names its request. (A tracing span entered on every poll did this before; it
    // cost about a fifth of the CPU time of reading a case.)
    let mut res = REQUEST_ID.scope(id.clone(), next.run(req)).await;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let status = res.status().as_u16();
    tracing::info!(request_id = %id, method = %method, path = %path, status, ms = format!("{ms:.1}"), route = %route, "served");
    state.metrics.record(method.as_str(), &route, status, ms);
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert("x-request-id", v);
    }
    res
}

/// Security headers on every response.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, k: &'static str, v: &'static str| {
        if !h.contains_key(k) {
            h.insert(k, HeaderValue::from_static(v));
        }
    };
    set(
        h,
        "content-security-policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
    );
    set(h, "x-content-type-options", "nosniff");
    set(h, "x-frame-options", "DENY");
    set(h, "referrer-policy", "same-origin");
    set(h, "cross-origin-opener-policy", "same-origin");
    set(
        h,
        "permissions-policy",
        "camera=(), microphone=(), geolocation=()",
    );
    res
}

async fn healthz() -> &'static str {
    "ok\n"
}

async fn readyz(State(state): State<AppState>) -> Response {
    if state.app.db.ping().await {
        (StatusCode::OK, "ready\n").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n").into_response()
    }
}

async fn metrics(State(state): State<AppState>) -> Response {
    let mut body = state.metrics.render(&state.app.db.pool_stats());
    state.admission.render(&mut body);
    job_metrics(&state.app, &mut body).await;
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body).into_response()
}

/// The job queue per kind (from the database, so every instance reports the same), and this
/// instance's worker counters.
async fn job_metrics(app: &app::App, out: &mut String) {
    let reg = &app.jobs;
    let counter = |c: &std::sync::atomic::AtomicU64| c.load(std::sync::atomic::Ordering::Relaxed);
    let _ = write!(
        out,
        "# HELP lifeline_job_claim_batches_total Write transactions that claimed a batch of jobs.\n# TYPE lifeline_job_claim_batches_total counter\nlifeline_job_claim_batches_total {}\n\
         # HELP lifeline_job_outcome_batches_total Write transactions that recorded a batch of outcomes.\n# TYPE lifeline_job_outcome_batches_total counter\nlifeline_job_outcome_batches_total {}\n\
         # HELP lifeline_job_attempts_total Job attempts that ended.\n# TYPE lifeline_job_attempts_total counter\nlifeline_job_attempts_total {}\n",
        counter(&reg.claim_batches),
        counter(&reg.outcome_batches),
        counter(&reg.attempts_finished),
    );
    let gauges = match app::jobs::gauges(app).await {
        Ok(g) => g,
        Err(e) => {
            tracing::warn!(error = %e, "job metrics unavailable");
            return;
        }
    };
    type Series = (
        &'static str,
        &'static str,
        fn(&app::jobs::KindGauges) -> String,
    );
    let series: [Series; 5] = [
        (
            "lifeline_jobs_queued",
            "Jobs waiting to run, by kind.",
            |g| g.queued.to_string(),
        ),
        (
            "lifeline_jobs_running",
            "Jobs leased to a worker, by kind.",
            |g| g.running.to_string(),
        ),
        (
            "lifeline_jobs_failed",
            "Jobs waiting for another attempt after a failure, by kind.",
            |g| g.failed.to_string(),
        ),
        (
            "lifeline_jobs_dead",
            "Jobs that failed their last attempt, by kind.",
            |g| g.dead.to_string(),
        ),
        (
            "lifeline_jobs_oldest_queued_age_seconds",
            "Age of the oldest queued job, by kind.",
            |g| g.oldest_queued_age_s.to_string(),
        ),
    ];
    for (name, help, value) in series {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge");
        for g in &gauges {
            let _ = writeln!(out, "{name}{{kind=\"{}\"}} {}", g.kind, value(g));
        }
    }
}

pub fn add(r: Routes) -> Routes {
    r.add(
        Method::GET,
        "/healthz",
        Perm::Public,
        Surface::Ops,
        "The process is alive",
        healthz,
    )
    .add(
        Method::GET,
        "/readyz",
        Perm::Public,
        Surface::Ops,
        "The database answers",
        readyz,
    )
    .add(
        Method::GET,
        "/metrics",
        Perm::Public,
        Surface::Ops,
        "Prometheus metrics",
        metrics,
    )
}
