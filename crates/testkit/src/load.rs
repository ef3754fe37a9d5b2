//! Load on a test app: the router rebuilt with other web settings (admission limits), and
//! requests sent from their own tasks, so that many are in flight at once.

use axum::body::Body;
use axum::http::{Method, Request, header};
use serde_json::Value;
use tokio::task::JoinHandle;

use crate::requests::send_on;
use crate::{Res, TestApp};

impl TestApp {
    /// Rebuilds the state and the router with `settings` (same app, same database).
    pub fn with_web(&mut self, settings: web::WebSettings) {
        self.state =
            web::AppState::new(self.app.clone(), settings).unwrap_or_else(|e| panic!("{e}"));
        self.router = web::router(self.state.clone());
    }

    /// Sends a JSON POST as `token` (with an `Idempotency-Key` when given) from a task of
    /// its own; join the handle for the response.
    pub fn spawn_post(
        &self,
        path: &str,
        token: &str,
        body: &Value,
        idempotency_key: Option<&str>,
    ) -> JoinHandle<Res> {
        let mut b = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(k) = idempotency_key {
            b = b.header("idempotency-key", k);
        }
        let req = b
            .body(Body::from(body.to_string()))
            .unwrap_or_else(|e| panic!("{e}"));
        tokio::spawn(send_on(self.router.clone(), req))
    }
}
