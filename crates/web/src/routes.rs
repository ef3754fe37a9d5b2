//! The route table. A route can only be added with its permission, so no route exists
//! without one; the table is also what the OpenAPI document and the permission tests read.

use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodFilter, on};
use domain::{Action, Resource};

use crate::AppState;

/// What a route requires of its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Perm {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in user.
    SignedIn,
    /// A signed-in user whose role the permission table allows this.
    Allow(Resource, Action),
}

impl Perm {
    pub fn describe(self) -> String {
        match self {
            Perm::Public => "public".into(),
            Perm::SignedIn => "any signed-in user".into(),
            Perm::Allow(r, a) => format!(
                "{}:{}",
                serde_json::to_value(r)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                serde_json::to_value(a)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            ),
        }
    }
}

/// Who a route is for; decides how a refusal looks (problem JSON or a page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    Api,
    Page,
    Ops,
}

#[derive(Debug, Clone)]
pub struct RouteSpec {
    pub method: Method,
    pub path: &'static str,
    pub perm: Perm,
    pub surface: Surface,
    pub summary: &'static str,
}

pub struct Routes {
    state: AppState,
    router: Router<AppState>,
    specs: Vec<RouteSpec>,
}

impl Routes {
    pub fn new(state: AppState) -> Self {
        Routes {
            state,
            router: Router::new(),
            specs: Vec::new(),
        }
    }

    /// Adds a route with its permission; the guard that enforces it wraps the handler.
    pub fn add<H, T>(
        mut self,
        method: Method,
        path: &'static str,
        perm: Perm,
        surface: Surface,
        summary: &'static str,
        handler: H,
    ) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let spec = RouteSpec {
            method: method.clone(),
            path,
            perm,
            surface,
            summary,
        };
        let filter = MethodFilter::try_from(method).unwrap_or(MethodFilter::GET);
        let guarded = on(filter, handler).route_layer(axum::middleware::from_fn_with_state(
            (self.state.clone(), spec.clone()),
            crate::guard::guard,
        ));
        self.router = self.router.route(path, guarded);
        self.specs.push(spec);
        self
    }

    pub fn specs(&self) -> &[RouteSpec] {
        &self.specs
    }

    pub fn into_router(self) -> Router {
        self.router.with_state(self.state)
    }
}
