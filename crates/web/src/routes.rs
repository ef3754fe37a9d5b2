//! The route table. A route can only be added with its permission, so no route exists
//! without one; the table is also what the OpenAPI document and the permission tests read.
//!
//! An API route also names its types right after `add()`: the request body, the query, and
//! each success answer with its real status code, e.g.
//! `.add(POST, "/api/v1/users", ..).body::<NewUserBody>().ok::<UserView>(StatusCode::CREATED)`.
//! `api::openapi` turns those types (their `JsonSchema`) into the OpenAPI document, and a
//! test refuses an API route that names none. The table stores only function pointers to
//! the schemas, so building it costs nothing when no one asks for the document.

use axum::Router;
use axum::handler::Handler;
use axum::http::{Method, StatusCode};
use axum::routing::{MethodFilter, on};
use domain::{Action, Resource};
use schemars::{JsonSchema, Schema, SchemaGenerator};

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
    /// What the route takes and answers, for the OpenAPI document (empty for pages).
    pub doc: ApiDoc,
    /// The handler keeps its own `Idempotency-Key` (a fund application's is unique per
    /// enterprise, in its table): the guard's generic replay is skipped.
    pub own_idempotency: bool,
}

impl RouteSpec {
    /// A route described by its summary alone (no request or answer types in the document).
    fn plain(
        method: Method,
        path: &'static str,
        perm: Perm,
        surface: Surface,
        summary: &'static str,
        own_idempotency: bool,
    ) -> Self {
        RouteSpec {
            method,
            path,
            perm,
            surface,
            summary,
            doc: ApiDoc::default(),
            own_idempotency,
        }
    }
}

/// Makes the JSON Schema of a type (a `$ref` to it when it is named).
pub type SchemaFn = fn(&mut SchemaGenerator) -> Schema;

fn schema_of<T: JsonSchema>(g: &mut SchemaGenerator) -> Schema {
    g.subschema_for::<T>()
}

/// A request or response body.
#[derive(Debug, Clone, Copy)]
pub enum Content {
    /// `application/json` (`application/problem+json` never: errors are implied).
    Json(SchemaFn),
    /// `multipart/form-data` whose parts are the fields of the type.
    Multipart(SchemaFn),
    /// Bytes in one of these media types (a CSV upload, a spreadsheet download).
    Raw(&'static [&'static str]),
}

/// The types a route takes and answers. Error answers (401, 403, 404, 422, ...) follow from
/// the permission, the path and the body; `errors` adds the ones only the handler knows.
#[derive(Debug, Clone, Default)]
pub struct ApiDoc {
    pub request: Option<Content>,
    /// Structs whose fields are the query parameters.
    pub query: Vec<SchemaFn>,
    /// Each success status with its body (`None`: no body).
    pub responses: Vec<(StatusCode, Option<Content>)>,
    pub errors: Vec<StatusCode>,
    /// A POST that takes no body (an action on the path's object).
    pub no_body: bool,
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
        self,
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
        self.add_limited(method, path, perm, surface, summary, None, handler)
    }

    /// [`Routes::add`] for an upload whose body may be larger than the general limit: up to
    /// `body_limit` bytes (attachments).
    #[allow(clippy::too_many_arguments)]
    pub fn add_limited<H, T>(
        self,
        method: Method,
        path: &'static str,
        perm: Perm,
        surface: Surface,
        summary: &'static str,
        body_limit: Option<usize>,
        handler: H,
    ) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let spec = RouteSpec::plain(method, path, perm, surface, summary, false);
        self.add_spec(spec, body_limit, handler)
    }

    /// [`Routes::add_limited`] for a creating route whose use case keeps its own
    /// `Idempotency-Key` (the guard's generic replay is skipped for it).
    #[allow(clippy::too_many_arguments)]
    pub fn add_idempotent<H, T>(
        self,
        method: Method,
        path: &'static str,
        perm: Perm,
        surface: Surface,
        summary: &'static str,
        body_limit: Option<usize>,
        handler: H,
    ) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let spec = RouteSpec::plain(method, path, perm, surface, summary, true);
        self.add_spec(spec, body_limit, handler)
    }

    fn add_spec<H, T>(mut self, spec: RouteSpec, body_limit: Option<usize>, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let (method, path) = (spec.method.clone(), spec.path);
        let filter = MethodFilter::try_from(method).unwrap_or(MethodFilter::GET);
        let guarded = on(filter, handler).route_layer(axum::middleware::from_fn_with_state(
            (self.state.clone(), spec.clone()),
            crate::guard::guard,
        ));
        let guarded = match body_limit {
            // Inside the router's general limit, so this one wins for this route.
            Some(n) => guarded.layer(axum::extract::DefaultBodyLimit::max(n)),
            None => guarded,
        };
        self.router = self.router.route(path, guarded);
        self.specs.push(spec);
        self
    }

    /// The last route added, which the methods below describe.
    fn doc(mut self, f: impl FnOnce(&mut ApiDoc)) -> Self {
        if let Some(spec) = self.specs.last_mut() {
            f(&mut spec.doc);
        }
        self
    }

    /// The route takes a JSON body of type `T`.
    pub fn body<T: JsonSchema>(self) -> Self {
        self.doc(|d| d.request = Some(Content::Json(schema_of::<T>)))
    }

    /// The route takes a `multipart/form-data` upload whose parts are `T`'s fields.
    pub fn upload<T: JsonSchema>(self) -> Self {
        self.doc(|d| d.request = Some(Content::Multipart(schema_of::<T>)))
    }

    /// The route takes a body of raw bytes in one of these media types.
    pub fn raw_body(self, media: &'static [&'static str]) -> Self {
        self.doc(|d| d.request = Some(Content::Raw(media)))
    }

    /// The route is a POST (or PUT) that takes no body: the path names all it acts on.
    pub fn no_body(self) -> Self {
        self.doc(|d| d.no_body = true)
    }

    /// The route reads the query parameters named by `Q`'s fields (may be called again).
    pub fn query<Q: JsonSchema>(self) -> Self {
        self.doc(|d| d.query.push(schema_of::<Q>))
    }

    /// The route answers `status` with a JSON body of type `T` (call once per status).
    pub fn ok<T: JsonSchema>(self, status: StatusCode) -> Self {
        self.doc(|d| {
            d.responses
                .push((status, Some(Content::Json(schema_of::<T>))))
        })
    }

    /// The route answers `status` with no body (204 No Content, or 201 with nothing to show).
    pub fn empty(self, status: StatusCode) -> Self {
        self.doc(|d| d.responses.push((status, None)))
    }

    /// The route answers 200 with a file in one of these media types.
    pub fn file(self, media: &'static [&'static str]) -> Self {
        self.doc(|d| {
            d.responses
                .push((StatusCode::OK, Some(Content::Raw(media))))
        })
    }

    /// Error statuses only the handler knows of (409 Conflict, 429, ...).
    pub fn errors(self, statuses: &[StatusCode]) -> Self {
        self.doc(|d| d.errors.extend_from_slice(statuses))
    }

    /// The state the routes are built for (settings that shape a route, such as a body limit).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    pub fn specs(&self) -> &[RouteSpec] {
        &self.specs
    }

    pub fn into_router(self) -> Router {
        self.router.with_state(self.state)
    }
}
